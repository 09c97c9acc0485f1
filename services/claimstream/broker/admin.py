"""Create and list claimstream's topics with aiokafka's admin client.

aiokafka 0.14 negotiates the CreateTopics version per connection (v2/v3 against Kafka 4.x, which
dropped v0/v1) and sends it to the controller the metadata names. It does not raise per-topic
errors: the response carries ``topic_errors`` as ``(topic, error_code, error_message)`` tuples,
so they are checked here (36 = TopicAlreadyExists is fine: creation is idempotent).
Topic creation is asynchronous in KRaft, so :func:`create_topics` then waits until every
partition of every topic has a leader.

Replication follows the cluster: replication factor min(3, brokers) and ``min.insync.replicas``
2 once there are 3 brokers, so with ``acks=all`` an acknowledged record is on at least two
brokers; ``Settings.replication_factor`` / ``min_insync_replicas`` (when not 0) override.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable
from dataclasses import dataclass
from typing import Any, TypeVar

from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import KafkaError, for_code

from claimstream.contracts import topics
from claimstream.contracts.topics import TopicSpec
from claimstream.settings import Settings

TOPIC_ALREADY_EXISTS = 36
log = logging.getLogger(__name__)
T = TypeVar("T")


class TopicAdminError(RuntimeError):
    """A topic could not be created; the message names the topic and Kafka's error."""


@dataclass(frozen=True)
class TopicInfo:
    name: str
    partitions: int
    outcome: str = ""
    """``created`` or ``exists`` after create_topics; empty from list_topics."""
    replication_factor: int = 0
    min_insync_replicas: int = 0
    """What create_topics asked for (an existing topic keeps its own)."""


@contextlib.asynccontextmanager
async def admin_client(settings: Settings, timeout_ms: int = 30000) -> AsyncIterator[AIOKafkaAdminClient]:
    admin = AIOKafkaAdminClient(request_timeout_ms=timeout_ms, **settings.kafka_client_options())
    await admin.start()
    try:
        yield admin
    finally:
        await admin.close()


@dataclass(frozen=True)
class Replication:
    factor: int
    min_insync: int


def replication_for(settings: Settings, brokers: int) -> Replication:
    """Replication of new topics on a cluster of ``brokers``; non-zero settings win."""
    factor = settings.replication_factor or min(3, max(1, brokers))
    min_insync = settings.min_insync_replicas or (2 if brokers >= 3 and factor >= 3 else 1)
    return Replication(factor, min_insync)


async def retrying(call: Callable[[], Awaitable[T]], attempts: int = 6, backoff_s: float = 0.5) -> T:
    """Run an admin request again when it fails: aiokafka's admin client sends most requests to
    a random broker of its metadata, which on a cluster may be the one that just went down."""
    for attempt in range(attempts):
        try:
            return await call()
        except (KafkaError, OSError):
            if attempt == attempts - 1:
                raise
            await asyncio.sleep(backoff_s * (attempt + 1))
    raise AssertionError("unreachable")


def new_topic(settings: Settings, spec: TopicSpec, replication: Replication) -> NewTopic:
    """The NewTopic for a spec: full (prefixed) name, explicit partitions, replication, the spec's config."""
    config = {**dict(spec.config), "min.insync.replicas": str(replication.min_insync)}
    return NewTopic(
        settings.topic(spec.name),
        topics.partitions_for(settings, spec),
        replication.factor,
        topic_configs=config,
    )


async def cluster_replication(settings: Settings) -> Replication:
    """The replication new topics get on the cluster ``settings`` point at."""
    async with admin_client(settings, timeout_ms=10000) as admin:
        return replication_for(settings, await broker_count(admin))


def faust_replication(settings: Settings) -> Settings:
    """Settings whose replication factor 0 ("follow the cluster") is resolved, for a faust app:
    faust creates topics of its own (the worker's leader-assignor topic, the ledger's changelog)
    with ``topic_replication_factor``, which must then be a number."""
    if settings.replication_factor:
        return settings
    from claimstream.broker.proc import run_sync

    try:
        factor = run_sync(cluster_replication(settings)).factor
    except (KafkaError, OSError) as exc:
        log.warning("cannot count the brokers (%s); faust's own topics get replication factor 1", exc)
        factor = 1
    return dataclasses.replace(settings, replication_factor=factor)


async def broker_count(admin: AIOKafkaAdminClient) -> int:
    return len((await retrying(admin.describe_cluster))["brokers"])


async def create_topics(
    settings: Settings, specs: Iterable[TopicSpec] = topics.ALL, wait_s: float = 30.0
) -> list[TopicInfo]:
    """Create every topic (existing ones are reported as ``exists``), then wait for leaders."""
    async with admin_client(settings) as admin:
        replication = replication_for(settings, await broker_count(admin))
        wanted = [new_topic(settings, s, replication) for s in specs]
        response = await retrying(lambda: admin.create_topics(wanted, timeout_ms=int(wait_s * 1000)))
        outcome = _check_errors(response.topic_errors)
        partitions = await _wait_for_leaders(admin, [t.name for t in wanted], wait_s)
    return [
        TopicInfo(t.name, partitions[t.name], outcome[t.name], replication.factor, replication.min_insync)
        for t in wanted
    ]


def _check_errors(topic_errors: Iterable[tuple[Any, ...]]) -> dict[str, str]:
    outcome: dict[str, str] = {}
    failures = []
    for topic, code, *rest in topic_errors:
        if code == 0:
            outcome[topic] = "created"
        elif code == TOPIC_ALREADY_EXISTS:
            outcome[topic] = "exists"
        else:
            message = (rest[0] if rest else None) or for_code(code).__name__
            failures.append(f"{topic}: {message} (error {code})")
    if failures:
        raise TopicAdminError("could not create topics: " + "; ".join(failures))
    return outcome


async def _wait_for_leaders(admin: AIOKafkaAdminClient, names: list[str], wait_s: float) -> dict[str, int]:
    """Poll metadata until each topic exists and every partition has a leader; partition counts."""
    deadline = time.monotonic() + wait_s
    while True:
        described = {t["topic"]: t for t in await retrying(lambda: admin.describe_topics(names))}
        ready = {
            n: len(t["partitions"])
            for n, t in described.items()
            if t["error_code"] == 0 and t["partitions"] and all(p["leader"] >= 0 for p in t["partitions"])
        }
        if len(ready) == len(names):
            return ready
        if time.monotonic() > deadline:
            missing = sorted(set(names) - set(ready))
            raise TopicAdminError(f"topics without leaders after {wait_s:.0f} s: {', '.join(missing)}")
        await asyncio.sleep(0.1)


async def list_topics(settings: Settings, include_all: bool = False) -> list[TopicInfo]:
    """Topics on the cluster: claimstream's (with the settings' prefix) or, with include_all, every one."""
    ours = {settings.topic(s.name) for s in topics.ALL}
    async with admin_client(settings) as admin:
        described = await retrying(admin.describe_topics)
    infos = [
        TopicInfo(t["topic"], len(t["partitions"]))
        for t in described
        if t["error_code"] == 0 and (include_all or t["topic"] in ours)
    ]
    return sorted(infos, key=lambda i: i.name)


@dataclass(frozen=True)
class PartitionInfo:
    partition: int
    leader: int
    """-1 while the partition has no leader."""
    replicas: list[int]
    """In Kafka's order: the first is the preferred leader."""
    isr: list[int]


async def describe_topic(settings: Settings, name: str) -> list[PartitionInfo]:
    """Leader, replicas and in-sync replicas of each partition; TopicAdminError if it does not exist."""
    async with admin_client(settings, timeout_ms=10000) as admin:
        described = await retrying(lambda: admin.describe_topics([name]))
    found = [t for t in described if t["topic"] == name]
    if not found or found[0]["error_code"] != 0:
        code = found[0]["error_code"] if found else -1
        raise TopicAdminError(f"cannot describe topic {name}: {for_code(code).__name__} (error {code})")
    return sorted(
        (
            PartitionInfo(p["partition"], p["leader"], list(p["replicas"]), sorted(p["isr"]))
            for p in found[0]["partitions"]
        ),
        key=lambda p: p.partition,
    )
