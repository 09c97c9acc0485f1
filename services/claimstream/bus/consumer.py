"""Consuming one topic for scripts, ``claimstream tail`` and tests.

:func:`consume` yields records until ``max_messages`` arrived or nothing arrived for
``idle_timeout`` seconds (both optional), so a script can read "everything there is" and stop.
Without a group the consumer reads every partition and commits nothing; with a group it joins
it and commits as it goes (the worker's own consumption is faust's, not this).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient

from claimstream.contracts import serde, topics
from claimstream.settings import Settings


@dataclass(frozen=True)
class Received:
    """One record as read from Kafka."""

    topic: str
    partition: int
    offset: int
    key: bytes | None
    value: bytes
    timestamp_ms: int

    def json(self) -> Any:
        """The value decoded as JSON (raises ``serde.DecodeError`` when it is not)."""
        return serde.loads(self.value)

    @property
    def key_text(self) -> str | None:
        return self.key.decode("utf-8", "replace") if self.key is not None else None


def make_consumer(
    settings: Settings, topic: str, *, from_beginning: bool = False, group: str | None = None
) -> AIOKafkaConsumer:
    """An unstarted consumer subscribed to ``topic`` (logical or prefixed name)."""
    return AIOKafkaConsumer(
        topics.resolve(settings, topic),
        **settings.kafka_client_options(),
        group_id=group,
        auto_offset_reset="earliest" if from_beginning else "latest",
        enable_auto_commit=group is not None,
        client_id="claimstream-tail",
    )


async def consume(
    settings: Settings,
    topic: str,
    *,
    from_beginning: bool = False,
    group: str | None = None,
    idle_timeout: float | None = None,
    max_messages: int | None = None,
    poll_ms: int = 200,
) -> AsyncIterator[Received]:
    """Yield records of ``topic`` until ``max_messages`` or ``idle_timeout`` seconds without any."""
    consumer = make_consumer(settings, topic, from_beginning=from_beginning, group=group)
    await consumer.start()
    seen = 0
    last = time.monotonic()
    try:
        while max_messages is None or seen < max_messages:
            # max_records: a group must not commit past what was handed out.
            remaining = None if max_messages is None else max_messages - seen
            batches = await consumer.getmany(timeout_ms=poll_ms, max_records=remaining)
            records = sorted((r for rs in batches.values() for r in rs), key=lambda r: (r.timestamp, r.offset))
            if not records:
                if idle_timeout is not None and time.monotonic() - last >= idle_timeout:
                    return
                continue
            last = time.monotonic()
            for r in records:
                yield Received(r.topic, r.partition, r.offset, r.key, r.value or b"", r.timestamp)
                seen += 1
                if max_messages is not None and seen >= max_messages:
                    return
    finally:
        await consumer.stop()


async def read_all(
    settings: Settings, topic: str, *, idle_timeout: float = 3.0, max_messages: int | None = None
) -> list[Received]:
    """Everything on ``topic`` from the beginning, stopping after ``idle_timeout`` quiet seconds."""
    return [
        r
        async for r in consume(
            settings, topic, from_beginning=True, idle_timeout=idle_timeout, max_messages=max_messages
        )
    ]


async def topic_partitions(settings: Settings, name: str, max_wait: float = 30.0) -> list[TopicPartition]:
    """The partitions of ``name`` (full topic name), waiting for a just-created topic's metadata.

    Asked of the admin API: a consumer's own metadata does not learn of topics created after it
    started until its next periodic refresh.
    """
    admin = AIOKafkaAdminClient(**settings.kafka_client_options())
    await admin.start()
    deadline = time.monotonic() + max_wait
    try:
        while True:
            [described] = await admin.describe_topics([name])
            if described["error_code"] == 0 and described["partitions"]:
                return [
                    TopicPartition(name, p["partition"])
                    for p in sorted(described["partitions"], key=lambda p: p["partition"])
                ]
            if time.monotonic() > deadline:
                raise LookupError(f"topic {name!r} does not exist (run `claimstream topics create`)")
            await asyncio.sleep(0.2)
    finally:
        await admin.close()
