"""The embedded broker and topic admin, against the real Kafka process."""

from __future__ import annotations

import subprocess
import sys

import pytest

from claimstream.broker import admin
from claimstream.broker.embedded import tcp_open
from claimstream.broker.testing import TestBroker, consume_all, produce_raw
from claimstream.contracts import topics
from claimstream.settings import Settings

pytestmark = pytest.mark.integration


async def test_create_topics_makes_every_topic_with_its_partitions(kafka_broker: TestBroker) -> None:
    settings = kafka_broker.settings(partitions=3)
    created = await admin.create_topics(settings)
    assert {t.name for t in created} == {settings.topic(s.name) for s in topics.ALL}
    assert {t.outcome for t in created} == {"created"}
    by_name = {t.name: t.partitions for t in await admin.list_topics(settings)}
    for spec in topics.ALL:
        assert by_name[settings.topic(spec.name)] == (3 if spec.scaled else 1)


async def test_create_topics_is_idempotent(kafka_broker: TestBroker) -> None:
    settings = kafka_broker.settings(partitions=2)
    await admin.create_topics(settings)
    again = await admin.create_topics(settings)
    assert {t.outcome for t in again} == {"exists"}


async def test_topic_config_from_the_spec_is_applied(kafka_broker: TestBroker) -> None:
    from aiokafka.admin.config_resource import ConfigResource, ConfigResourceType

    settings = kafka_broker.settings(partitions=1)
    await admin.create_topics(settings, [topics.ARTICLES])
    async with admin.admin_client(settings) as client:
        response = await client.describe_configs(
            [ConfigResource(ConfigResourceType.TOPIC, settings.topic(topics.ARTICLES.name))]
        )
    entries = {e[0]: e[1] for r in response for res in r.resources for e in res[4]}
    assert entries["retention.ms"] == dict(topics.ARTICLES.config)["retention.ms"]


async def test_bad_replication_factor_is_reported(kafka_broker: TestBroker) -> None:
    settings = kafka_broker.settings(replication_factor=3)
    with pytest.raises(admin.TopicAdminError, match="replication"):
        await admin.create_topics(settings, [topics.ALERTS])


async def test_produce_and_consume_round_trip(kafka_settings: Settings) -> None:
    sent = [(f"k{i}", f"value {i}".encode()) for i in range(20)]
    await produce_raw(kafka_settings, topics.ARTICLES.name, sent)
    records = await consume_all(kafka_settings, topics.ARTICLES.name, idle_timeout=1.0, min_count=20)
    assert sorted((r.key.decode(), r.value) for r in records) == sorted(sent)


async def test_restart_and_crash_keep_port_and_messages(broker_factory) -> None:  # type: ignore[no-untyped-def]
    broker = broker_factory()
    settings = broker.settings(partitions=2)
    await admin.create_topics(settings, [topics.ALERTS])
    await produce_raw(settings, topics.ALERTS.name, [b"before"])
    port = broker.broker.port
    broker.restart()
    assert broker.broker.port == port
    await produce_raw(settings, topics.ALERTS.name, [b"after"])
    records = await consume_all(settings, topics.ALERTS.name, idle_timeout=1.0, min_count=2)
    assert [r.value for r in records] == [b"before", b"after"]

    broker.kill()  # a crash: acknowledged (acks=all) messages are still there afterwards
    assert not broker.broker.status().running
    broker.start()
    records = await consume_all(settings, topics.ALERTS.name, idle_timeout=1.0, min_count=2)
    assert [r.value for r in records] == [b"before", b"after"]

    assert broker.broker.status().running
    assert broker.stop() is True
    assert not broker.broker.status().running
    assert not tcp_open(broker.broker.host, port)
    assert broker.stop() is False


def test_cli_start_status_stop(tmp_path, kafka_libs) -> None:  # type: ignore[no-untyped-def]
    """The command line: start (twice: the second is a no-op), status, topics, stop, status."""
    from claimstream.broker.embedded import free_port

    port = free_port()
    env_flags = ["--data-dir", str(tmp_path), "--jars-dir", str(kafka_libs), "--bootstrap-servers", f"127.0.0.1:{port}"]

    def cli(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "claimstream", *args, *env_flags],
            capture_output=True,
            text=True,
            timeout=180,
            stdin=subprocess.DEVNULL,
        )

    try:
        started = cli("broker", "start")
        assert started.returncode == 0, started.stderr
        assert f"127.0.0.1:{port}" in started.stdout
        assert cli("broker", "start").returncode == 0
        status = cli("broker", "status")
        assert status.returncode == 0 and "running" in status.stdout
        made = cli("topics", "create", "--topic-prefix", "cli.")
        assert made.returncode == 0, made.stderr
        listed = cli("topics", "list", "--topic-prefix", "cli.")
        assert "cli.news.articles" in listed.stdout
    finally:
        stopped = cli("broker", "stop")
    assert stopped.returncode == 0, stopped.stderr
    assert cli("broker", "status").returncode == 1
