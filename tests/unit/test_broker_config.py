"""The embedded broker's configuration, checked without a JVM: properties, SCRAM user, state."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimstream.broker import jars
from claimstream.broker.config import BrokerState, ScramUser, new_cluster_id, server_properties
from claimstream.settings import Settings


def _props(text: str) -> dict[str, str]:
    lines = [ln for ln in text.splitlines() if ln and not ln.startswith("#")]
    return dict(ln.split("=", 1) for ln in lines)


STATE = BrokerState(port=19092, controller_port=19093, internal_port=19094, cluster_id="abc")


def test_plaintext_single_node_properties() -> None:
    props = _props(server_properties(STATE, Path("/data/k"), sasl=False))
    assert props["process.roles"] == "broker,controller"
    assert props["controller.quorum.voters"] == "1@127.0.0.1:19093"
    assert props["listeners"] == "PLAINTEXT://127.0.0.1:19092,CONTROLLER://127.0.0.1:19093"
    assert props["advertised.listeners"] == "PLAINTEXT://127.0.0.1:19092"
    assert props["log.dirs"] == "/data/k"
    for key in (
        "offsets.topic.replication.factor",
        "transaction.state.log.replication.factor",
        "transaction.state.log.min.isr",
    ):
        assert props[key] == "1", key
    assert props["group.initial.rebalance.delay.ms"] == "0"
    assert "sasl.enabled.mechanisms" not in props


def test_sasl_properties_put_scram_on_the_client_listener_only() -> None:
    props = _props(server_properties(STATE, Path("/d"), sasl=True))
    assert props["advertised.listeners"].startswith("SASL_PLAINTEXT://127.0.0.1:19092,")
    assert props["inter.broker.listener.name"] == "INTERNAL"
    assert "SASL_PLAINTEXT:SASL_PLAINTEXT" in props["listener.security.protocol.map"]
    assert props["sasl.enabled.mechanisms"] == "SCRAM-SHA-256"
    jaas = props["listener.name.sasl_plaintext.scram-sha-256.sasl.jaas.config"]
    assert "ScramLoginModule required" in jaas and "password" not in jaas


def test_scram_user_parses_and_hides_its_password() -> None:
    user = ScramUser.parse("alice:s3cret-pw")
    assert user.name == "alice"
    assert "s3cret-pw" not in repr(user)
    assert user.format_argument() == "SCRAM-SHA-256=[name=alice,password=s3cret-pw]"


@pytest.mark.parametrize("spec", ["alice", "alice:", ":pw", "al ice:pw", "alice:p,w", "alice:p]w"])
def test_malformed_scram_specs_are_rejected_without_echoing_the_password(spec: str) -> None:
    with pytest.raises(ValueError) as info:
        ScramUser.parse(spec)
    secret = spec.partition(":")[2]
    assert not secret or secret not in str(info.value)


def test_cluster_ids_are_kafka_shaped_and_random() -> None:
    ids = {new_cluster_id() for _ in range(50)}
    assert len(ids) == 50
    assert all(len(i) == 22 and not i.startswith("-") for i in ids)


def test_state_round_trips(tmp_path: Path) -> None:
    STATE.save(tmp_path / "state.json")
    assert BrokerState.load(tmp_path / "state.json") == STATE
    assert BrokerState.load(tmp_path / "missing.json") is None


def test_pom_pins_kafka_and_the_cache_is_keyed_on_it(tmp_path: Path) -> None:
    assert jars.kafka_version() == "4.1.1"
    assert "log4j-slf4j-impl" in jars.POM.read_text()
    assert jars.LOG4J_CONFIG.is_file()
    assert jars.libs_dir(Settings(data_dir=str(tmp_path))) == tmp_path / "kafka" / "4.1.1" / "libs"
    assert jars.libs_dir(Settings(jars_dir="/opt/libs")) == Path("/opt/libs")


def test_missing_tool_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", "/nonexistent")
    with pytest.raises(jars.ToolMissing, match=r"install .*openjdk"):
        jars.require_tool("java")
    with pytest.raises(jars.ToolMissing, match="apt-get install maven"):
        jars.require_tool("mvn")
