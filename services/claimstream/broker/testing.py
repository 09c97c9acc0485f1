"""Client helpers for tests and scripts against a real broker: raw produce, consume until idle,
:class:`TestBroker`, the object the ``kafka_broker`` pytest fixture yields, and
:class:`TestCluster`, the 3-node cluster of the ``kafka_cluster`` fixture.

Nothing here mocks Kafka; every helper talks to a running broker through aiokafka.
"""

from __future__ import annotations

import asyncio
import re
import time
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from aiokafka.admin import AIOKafkaAdminClient
from aiokafka.structs import ConsumerRecord, RecordMetadata, TopicPartition

from claimstream.broker import admin
from claimstream.broker.cluster import LocalCluster
from claimstream.broker.embedded import (
    FAST_START_JVM_OPTS,
    BrokerError,
    BrokerStatus,
    EmbeddedBroker,
    free_port,
    run_sync,
)
from claimstream.broker.proc import free_port_run
from claimstream.contracts import serde, topics
from claimstream.settings import Settings

Message = bytes | tuple[bytes | str | None, bytes]
"""A value, or a (key, value) pair."""


def full_topic(settings: Settings, topic: str) -> str:
    """A logical topic name gets the settings' prefix; any other name is used as given."""
    try:
        return topics.resolve(settings, topic)
    except topics.UnknownTopic:
        return topic


async def produce_raw(
    settings: Settings, topic: str, messages: Iterable[Message], **producer_options: Any
) -> list[RecordMetadata]:
    """Send raw bytes (acks=all) and wait for every acknowledgement; returns their metadata."""
    name = full_topic(settings, topic)
    producer = AIOKafkaProducer(acks="all", **settings.kafka_client_options(), **producer_options)
    await producer.start()
    try:
        futures = []
        for message in messages:
            key, value = message if isinstance(message, tuple) else (None, message)
            key_bytes = key.encode() if isinstance(key, str) else key
            futures.append(await producer.send(name, value, key=key_bytes))
        return list(await asyncio.gather(*futures))
    finally:
        await producer.stop()


async def committed_offsets(settings: Settings, group: str, topic: str = "news.articles") -> dict[int, int]:
    """The consumer group's committed offset per partition of ``topic`` (partitions never committed left out).

    ``group`` is the logical group name; the settings' topic prefix is put in front, as the services do."""
    client = AIOKafkaAdminClient(request_timeout_ms=10000, **settings.kafka_client_options())
    await client.start()
    try:
        offsets = await client.list_consumer_group_offsets(f"{settings.topic_prefix}{group}")
    finally:
        await client.close()
    name = full_topic(settings, topic)
    return {tp.partition: meta.offset for tp, meta in offsets.items() if tp.topic == name and meta.offset >= 0}


async def consume_all(
    settings: Settings,
    topic: str,
    *,
    idle_timeout: float = 3.0,
    min_count: int = 0,
    max_wait: float = 60.0,
    isolation_level: str = "read_committed",
) -> list[ConsumerRecord]:
    """Every record of ``topic`` from the beginning, without a consumer group.

    Returns once nothing new arrived for ``idle_timeout`` seconds *and* at least ``min_count``
    records were read, or when ``max_wait`` seconds have passed (whatever was read by then).
    Use ``min_count`` when waiting for a pipeline's output, so a slow start is not taken for idle.
    """
    name = full_topic(settings, topic)
    consumer = AIOKafkaConsumer(
        enable_auto_commit=False, isolation_level=isolation_level, **settings.kafka_client_options()
    )
    await consumer.start()
    try:
        partitions = await _partitions(settings, name, max_wait)
        consumer.assign(partitions)
        await consumer.seek_to_beginning(*partitions)
        return await _drain(consumer, idle_timeout, min_count, max_wait)
    finally:
        await consumer.stop()


async def _partitions(settings: Settings, name: str, max_wait: float) -> list[TopicPartition]:
    deadline = time.monotonic() + max_wait
    async with admin.admin_client(settings) as client:
        while True:
            found = [t for t in await client.describe_topics([name]) if t["error_code"] == 0]
            if found and found[0]["partitions"]:
                return [TopicPartition(name, p["partition"]) for p in found[0]["partitions"]]
            if time.monotonic() > deadline:
                raise LookupError(f"topic {name!r} does not exist")
            await asyncio.sleep(0.2)


async def _drain(
    consumer: AIOKafkaConsumer, idle_timeout: float, min_count: int, max_wait: float
) -> list[ConsumerRecord]:
    records: list[ConsumerRecord] = []
    started = last = time.monotonic()
    while True:
        batch = await consumer.getmany(timeout_ms=200)
        now = time.monotonic()
        for part in batch.values():
            records.extend(part)
            last = now
        if now - started > max_wait:
            return records
        if now - last >= idle_timeout and len(records) >= min_count:
            return records


def values(records: Iterable[ConsumerRecord]) -> list[Any]:
    """Decode each record's value as JSON."""
    return [serde.loads(r.value) for r in records]


def _sanitize(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "-", text).strip("-")[:40]


@dataclass
class TestBroker:
    """A running embedded broker for tests: settings per test, topics, restart.

    ``settings()`` gives a Settings whose topic prefix is unique, so tests sharing the session
    broker never see each other's messages.
    """

    __test__ = False  # not a pytest test class

    broker: EmbeddedBroker
    base: Settings
    _counter: int = field(default=0, repr=False)

    @property
    def bootstrap(self) -> str:
        return self.broker.bootstrap

    def settings(self, topic_prefix: str | None = None, **overrides: Any) -> Settings:
        """Settings for this broker; a fresh unique topic prefix unless one is given."""
        if topic_prefix is None:
            self._counter += 1
            topic_prefix = f"t{self._counter}-{uuid.uuid4().hex[:8]}."
        return replace(self.base, bootstrap_servers=self.bootstrap, topic_prefix=topic_prefix, **overrides)

    def unique_settings(self, label: str, **overrides: Any) -> Settings:
        """Settings with a readable unique prefix, e.g. from a test's name."""
        return self.settings(f"{_sanitize(label)}-{uuid.uuid4().hex[:6]}.", **overrides)

    def create_topics(self, settings: Settings) -> list[admin.TopicInfo]:
        """Create every claimstream topic for ``settings``' prefix (sync; safe inside a loop)."""
        return run_sync(admin.create_topics(settings))

    def restart(self) -> BrokerStatus:
        """Stop cleanly and start again on the same port with the same data."""
        return self.broker.restart()

    def stop(self) -> bool:
        return self.broker.stop()

    def start(self) -> BrokerStatus:
        return self.broker.start()

    def kill(self) -> None:
        """SIGKILL the broker (no clean shutdown); call start() to bring it back."""
        self.broker.kill()


def start_test_broker(data_dir: Path, libs: Path, base: Settings, **broker_options: Any) -> TestBroker:
    """Start a broker on a free port, tied to this process (it dies if the test run dies),
    with the fast-starting JIT setting (tests start many brokers; none measures broker throughput).

    Another process may grab the free port before the JVM binds it (parallel test sessions):
    then start again on a new port, up to three times.
    """
    options = {"tie_to_parent": True, "jvm_opts": FAST_START_JVM_OPTS, **broker_options}
    for attempt in range(3):
        broker = EmbeddedBroker(data_dir, port=free_port(), libs=libs, **options)
        try:
            broker.start()
            break
        except BrokerError as exc:
            if attempt == 2 or "in use" not in str(exc).lower():
                raise
    settings = replace(base, data_dir=str(data_dir), jars_dir=str(libs), bootstrap_servers=broker.bootstrap)
    if broker.scram is not None:
        settings = replace(
            settings,
            security_protocol="SASL_PLAINTEXT",
            sasl_mechanism="SCRAM-SHA-256",
            sasl_username=broker.scram.name,
            sasl_password=broker.scram.password,
        )
    return TestBroker(broker, settings)


@dataclass
class TestCluster:
    """A running local cluster for tests: per-test settings (unique prefix), node faults, leaders.

    Nothing is simulated: kill_node is SIGKILL of the node's JVM, stop_node a clean shutdown.
    """

    __test__ = False

    cluster: LocalCluster
    base: Settings
    _counter: int = field(default=0, repr=False)

    @property
    def bootstrap(self) -> str:
        return self.cluster.bootstrap

    def settings(self, label: str = "c", **overrides: Any) -> Settings:
        self._counter += 1
        prefix = f"{_sanitize(label)}-{self._counter}-{uuid.uuid4().hex[:6]}."
        return replace(self.base, topic_prefix=prefix, **overrides)

    def create_topics(self, settings: Settings) -> list[admin.TopicInfo]:
        return run_sync(admin.create_topics(settings))

    def kill_node(self, node_id: int) -> None:
        self.cluster.kill_node(node_id)

    def stop_node(self, node_id: int) -> None:
        self.cluster.stop_node(node_id)

    def start_node(self, node_id: int) -> BrokerStatus:
        return self.cluster.start_node(node_id)

    def running(self) -> list[int]:
        return [i for i, st in self.cluster.status().items() if st.running]

    def ensure_all_running(self) -> None:
        """Bring back any node a failed test left down, so the next test starts whole."""
        for node_id in self.cluster.node_ids:
            if node_id not in self.running():
                self.start_node(node_id)

    def active_controller(self) -> int | None:
        return self.cluster.active_controller()

    def describe(self, settings: Settings, topic: str) -> list[admin.PartitionInfo]:
        return run_sync(admin.describe_topic(settings, full_topic(settings, topic)))

    def leader(self, settings: Settings, topic: str, partition: int = 0) -> int:
        return next(p.leader for p in self.describe(settings, topic) if p.partition == partition)

    def wait_in_sync(self, settings: Settings, topics_: Iterable[str], timeout: float = 120.0) -> float:
        """Until every partition of these topics has all replicas in sync; returns the seconds taken."""
        started = time.monotonic()
        while True:
            try:
                parts = [p for t in topics_ for p in self.describe(settings, t)]
                if parts and all(p.leader >= 0 and sorted(p.isr) == sorted(p.replicas) for p in parts):
                    return time.monotonic() - started
            except Exception:  # a node that just came back may not answer yet
                pass
            if time.monotonic() - started > timeout:
                raise TimeoutError(f"replicas not back in sync within {timeout:.0f} s")
            time.sleep(0.5)


def start_test_cluster(data_dir: Path, libs: Path, base: Settings, nodes: int = 3) -> TestCluster:
    """A cluster on free consecutive ports, tied to this process, fast-starting JIT, small heaps."""
    for attempt in range(3):
        port = free_port_run(nodes)
        cluster = LocalCluster(
            data_dir / f"try-{attempt}",
            nodes=nodes,
            port=port,
            libs=libs,
            heap="384m",
            tie_to_parent=True,
            jvm_opts=FAST_START_JVM_OPTS,
        )
        try:
            cluster.start()
            break
        except BrokerError as exc:
            if attempt == 2 or "in use" not in str(exc).lower():
                raise
    settings = replace(base, data_dir=str(cluster.data_dir), jars_dir=str(libs), bootstrap_servers=cluster.bootstrap)
    return TestCluster(cluster, settings)
