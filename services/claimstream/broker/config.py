"""What the embedded broker is told: server.properties, the SCRAM user, the state file.

Pure functions, so they are unit-tested without a JVM. Every node is a combined broker+controller
(KRaft) on loopback: one node alone, or one of the N voters of a local cluster. Internal topics
get replication factor min(3, N) and few partitions.
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

# Broker settings that make a small cluster (or one node) work and start fast (see docs
# kafka-from-maven.md §2); internal topics' replication comes from internal_replication().
COMMON = {
    "num.partitions": "1",
    "offsets.topic.num.partitions": "1",
    "transaction.state.log.num.partitions": "1",
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
    node_id: int = 1
    voters: str = ""
    """``controller.quorum.voters`` of a cluster (``1@host:port,2@...``); empty: this node alone."""
    nodes: int = 1
    """How many nodes the cluster has (1 for a single broker)."""

    @property
    def quorum_voters(self) -> str:
        return self.voters or f"{self.node_id}@{self.host}:{self.controller_port}"

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


# Nodes of a local cluster notice a SIGKILLed peer after 3 s instead of Kafka's 9 s, so its
# partitions get new leaders sooner (loopback: heartbeats are cheap and never late).
FAILOVER = {
    "broker.heartbeat.interval.ms": "500",
    "broker.session.timeout.ms": "3000",
}


def internal_replication(nodes: int) -> dict[str, str]:
    """Replication of Kafka's internal topics: min(3, nodes) copies, min ISR 2 once there are 3."""
    rf = str(min(3, max(1, nodes)))
    isr = "2" if nodes >= 3 else "1"
    return {
        "offsets.topic.replication.factor": rf,
        "transaction.state.log.replication.factor": rf,
        "transaction.state.log.min.isr": isr,
        "share.coordinator.state.topic.replication.factor": rf,
        "share.coordinator.state.topic.min.isr": isr,
    }


def voters_string(host: str, controller_ports: dict[int, int]) -> str:
    """``controller.quorum.voters`` for nodes ``{node_id: controller_port}`` on one host."""
    return ",".join(f"{node}@{host}:{port}" for node, port in sorted(controller_ports.items()))


def server_properties(state: BrokerState, log_dirs: Path, *, sasl: bool) -> str:
    """server.properties for one combined broker+controller on ``state.host``.

    With ``sasl`` the client listener is SASL_PLAINTEXT with SCRAM-SHA-256; the inter-broker
    listener (needed by a combined node, unused by clients) stays PLAINTEXT on its own port.
    The server side of SCRAM needs no password: credentials live in the cluster metadata.
    """
    h = state.host
    props = {
        "process.roles": "broker,controller",
        "node.id": str(state.node_id),
        "controller.quorum.voters": state.quorum_voters,
        "controller.listener.names": "CONTROLLER",
        "log.dirs": str(log_dirs),
        **COMMON,
        **internal_replication(state.nodes),
        **(FAILOVER if state.nodes > 1 else {}),
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
