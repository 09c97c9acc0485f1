"""A local cluster's configuration, topic replication and schema ids, checked without a JVM."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from claimstream.broker.admin import new_topic, replication_for
from claimstream.broker.cluster import ClusterLayout, LocalCluster
from claimstream.broker.config import BrokerState, server_properties, voters_string
from claimstream.contracts import messages, schemas, topics
from claimstream.settings import Settings

SERVICES = Path(__file__).resolve().parents[2] / "services" / "claimstream"


def _props(text: str) -> dict[str, str]:
    lines = [ln for ln in text.splitlines() if ln and not ln.startswith("#")]
    return dict(ln.split("=", 1) for ln in lines)


def test_a_cluster_node_names_every_voter_and_replicates_internal_topics() -> None:
    voters = voters_string("127.0.0.1", {2: 40002, 1: 40001, 3: 40003})
    assert voters == "1@127.0.0.1:40001,2@127.0.0.1:40002,3@127.0.0.1:40003"
    state = BrokerState(port=29093, controller_port=40002, cluster_id="c", node_id=2, voters=voters, nodes=3)
    props = _props(server_properties(state, Path("/d"), sasl=False))
    assert props["node.id"] == "2"
    assert props["controller.quorum.voters"] == voters
    assert props["listeners"] == "PLAINTEXT://127.0.0.1:29093,CONTROLLER://127.0.0.1:40002"
    assert props["offsets.topic.replication.factor"] == "3"
    assert props["transaction.state.log.min.isr"] == "2"
    assert int(props["broker.session.timeout.ms"]) < 9000  # a killed node is noticed sooner than Kafka's default


def test_a_node_alone_keeps_single_node_settings() -> None:
    props = _props(server_properties(BrokerState(port=1, controller_port=2), Path("/d"), sasl=False))
    assert props["controller.quorum.voters"] == "1@127.0.0.1:2"
    assert props["offsets.topic.replication.factor"] == "1"
    assert "broker.session.timeout.ms" not in props


def test_layout_gives_consecutive_client_ports_and_distinct_controller_ports(tmp_path: Path) -> None:
    layout = ClusterLayout.new(3, 29092, "127.0.0.1")
    assert [n.port for n in layout.nodes] == [29092, 29093, 29094]
    assert [n.id for n in layout.nodes] == [1, 2, 3]
    controllers = {n.controller_port for n in layout.nodes}
    assert len(controllers) == 3 and not controllers & {29092, 29093, 29094}
    assert layout.bootstrap == "127.0.0.1:29092,127.0.0.1:29093,127.0.0.1:29094"
    path = tmp_path / "cluster.json"
    layout.save(path)
    assert ClusterLayout.load(path) == layout


def test_a_laid_out_cluster_keeps_its_ports_and_refuses_another_size(tmp_path: Path) -> None:
    first = LocalCluster(tmp_path, nodes=3, port=29192)
    first.home.mkdir(parents=True)
    first.layout.save(first.home / "cluster.json")
    again = LocalCluster.existing(tmp_path)
    assert again is not None and again.layout == first.layout
    node = again.node(3)
    assert (node.port, node.node_id, node.nodes) == (29194, 3, 3)
    assert node.home == first.home / "node-3"
    with pytest.raises(RuntimeError, match="3-node cluster"):
        LocalCluster(tmp_path, nodes=5)
    with pytest.raises(RuntimeError, match="no node 4"):
        again.node(4)


@pytest.mark.parametrize(
    ("brokers", "factor", "min_isr"),
    [(1, 1, 1), (2, 2, 1), (3, 3, 2), (5, 3, 2)],
)
def test_replication_follows_the_number_of_brokers(brokers: int, factor: int, min_isr: int) -> None:
    replication = replication_for(Settings(), brokers)
    assert (replication.factor, replication.min_insync) == (factor, min_isr)


def test_replication_settings_override_the_cluster_default() -> None:
    replication = replication_for(Settings(replication_factor=2, min_insync_replicas=1), brokers=3)
    assert (replication.factor, replication.min_insync) == (2, 1)
    topic = new_topic(Settings(topic_prefix="p."), topics.ARTICLES, replication)
    assert topic.name == "p.news.articles"
    assert topic.replication_factor == 2
    assert topic.topic_configs["min.insync.replicas"] == "1"
    assert topic.topic_configs["retention.ms"] == dict(topics.ARTICLES.config)["retention.ms"]


def test_each_topic_names_its_record_kind_and_schema_file() -> None:
    assert topics.QUOTES.kind == "quote"
    assert topics.QUOTES.schema_file == "quote.v1.schema.json"
    assert topics.by_schema("claimstream.aid/v1") is topics.AID
    with pytest.raises(topics.UnknownTopic):
        topics.by_schema("claimstream.nothing/v1")
    for spec in topics.ALL:
        assert spec.schema and (schemas.schema_dir() / spec.schema_file).is_file(), spec.name
    assert {s.schema: s.schema_file for s in topics.ALL} == schemas.SCHEMA_FILES
    assert topics.QUOTES.schema == messages.QUOTE_SCHEMA


def test_schema_ids_are_written_only_in_the_topic_declarations() -> None:
    literal = re.compile(r"[\"']claimstream\.[a-z_]+/v\d+[\"']")
    writers = sorted(
        str(p.relative_to(SERVICES)) for p in SERVICES.rglob("*.py") if literal.search(p.read_text(encoding="utf-8"))
    )
    assert writers == ["contracts/topics.py"]
