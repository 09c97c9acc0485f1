"""What the embedded broker is told: server.properties, the SCRAM user, the state file.

Pure functions, so they are unit-tested without a JVM. Single node, combined broker+controller
(KRaft) on loopback; internal topics get replication factor 1 and few partitions.
"""

from __future__ import annotations

import base64
import json
import re
import uuid
from dataclasses import asdict, dataclass
from pathlib import Path

from claimstream.settings import Secret

SCRAM_MECHANISM = "SCRAM-SHA-256"
_SCRAM_NAME = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
_SCRAM_PASSWORD_FORBIDDEN = set(',[]"=\n\r')

# Broker settings that make a single node work and start fast (see docs kafka-from-maven.md §2).
SINGLE_NODE = {
    "node.id": "1",
    "num.partitions": "1",
    "offsets.topic.replication.factor": "1",
    "offsets.topic.num.partitions": "1",
    "transaction.state.log.replication.factor": "1",
    "transaction.state.log.min.isr": "1",
    "transaction.state.log.num.partitions": "1",
    "share.coordinator.state.topic.replication.factor": "1",
    "share.coordinator.state.topic.min.isr": "1",
    "group.initial.rebalance.delay.ms": "0",
    # Articles may be large (Settings.max_article_bytes is 2 MB): let the broker take 10 MiB.
    "message.max.bytes": str(10 * 1024 * 1024),
    "socket.request.max.bytes": str(100 * 1024 * 1024),
}


@dataclass(frozen=True)
class ScramUser:
    """A SCRAM-SHA-256 user created when storage is formatted. The password never prints."""

    name: str
    password: Secret

    @classmethod
    def parse(cls, spec: str) -> ScramUser:
        """``USER:PASSWORD`` → ScramUser; ValueError (without the password) when malformed."""
        name, sep, password = spec.partition(":")
        if not sep or not password:
            raise ValueError("expected USER:PASSWORD")
        if not _SCRAM_NAME.match(name):
            raise ValueError(f"SCRAM user name {name!r} must be 1-64 of A-Z a-z 0-9 . _ -")
        if _SCRAM_PASSWORD_FORBIDDEN & set(password):
            raise ValueError('SCRAM password must not contain , [ ] " = or newlines')
        return cls(name, Secret(password))

    def format_argument(self) -> str:
        """The value of ``kafka-storage format --add-scram`` for this user."""
        return f"{SCRAM_MECHANISM}=[name={self.name},password={self.password.reveal()}]"


@dataclass
class BrokerState:
    """What a started broker leaves in ``state.json`` so later commands find it (no secrets)."""

    port: int
    controller_port: int
    internal_port: int = 0
    cluster_id: str = ""
    scram_user: str = ""
    host: str = "127.0.0.1"

    def save(self, path: Path) -> None:
        path.write_text(json.dumps(asdict(self), indent=2) + "\n")

    @classmethod
    def load(cls, path: Path) -> BrokerState | None:
        try:
            return cls(**json.loads(path.read_text()))
        except (OSError, ValueError, TypeError):
            return None


def new_cluster_id() -> str:
    """A Kafka cluster id: 16 random bytes, base64url without padding, not starting with '-'."""
    while True:
        cid = base64.urlsafe_b64encode(uuid.uuid4().bytes).rstrip(b"=").decode()
        if not cid.startswith("-"):
            return cid


def server_properties(state: BrokerState, log_dirs: Path, *, sasl: bool) -> str:
    """server.properties for one combined broker+controller on ``state.host``.

    With ``sasl`` the client listener is SASL_PLAINTEXT with SCRAM-SHA-256; the inter-broker
    listener (needed by a combined node, unused by clients) stays PLAINTEXT on its own port.
    The server side of SCRAM needs no password: credentials live in the cluster metadata.
    """
    h = state.host
    props = {
        "process.roles": "broker,controller",
        "controller.quorum.voters": f"1@{h}:{state.controller_port}",
        "controller.listener.names": "CONTROLLER",
        "log.dirs": str(log_dirs),
        **SINGLE_NODE,
    }
    if sasl:
        props |= {
            "listeners": f"SASL_PLAINTEXT://{h}:{state.port},INTERNAL://{h}:{state.internal_port},"
            f"CONTROLLER://{h}:{state.controller_port}",
            "advertised.listeners": f"SASL_PLAINTEXT://{h}:{state.port},INTERNAL://{h}:{state.internal_port}",
            "inter.broker.listener.name": "INTERNAL",
            "listener.security.protocol.map": "CONTROLLER:PLAINTEXT,INTERNAL:PLAINTEXT,SASL_PLAINTEXT:SASL_PLAINTEXT",
            "sasl.enabled.mechanisms": SCRAM_MECHANISM,
            f"listener.name.sasl_plaintext.{SCRAM_MECHANISM.lower()}.sasl.jaas.config": (
                "org.apache.kafka.common.security.scram.ScramLoginModule required;"
            ),
        }
    else:
        props |= {
            "listeners": f"PLAINTEXT://{h}:{state.port},CONTROLLER://{h}:{state.controller_port}",
            "advertised.listeners": f"PLAINTEXT://{h}:{state.port}",
            "inter.broker.listener.name": "PLAINTEXT",
            "listener.security.protocol.map": "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
        }
    lines = ["# Written by `claimstream broker start`; rewritten on every start.\n"]
    lines += [f"{k}={v}\n" for k, v in props.items()]
    return "".join(lines)
