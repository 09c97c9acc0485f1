"""The one Kafka publisher: acknowledged, idempotent, retried.

Every service that writes to Kafka (ingest, worker, sink) goes through :class:`Publisher`:

* The producer configuration is :data:`claimstream.bus.producer_config.PRODUCER` (acks=all,
  idempotent, zstd, bounded retries and delivery timeout), the same for every service.
* Retries on retriable errors (connection loss, leader change, not enough in-sync replicas,
  metadata or delivery timeout) with exponential backoff; a producer whose idempotence state the
  broker no longer accepts (out-of-order sequence, unknown producer id, fenced epoch) is rebuilt
  before the retry. A retry after a *timeout* can write a record twice; the guarantee is therefore
  at-least-once, and stable article ids and claim ids let consumers deduplicate.

Values are dicts serialised with :mod:`claimstream.contracts.serde`; topic names are logical
names resolved with :func:`claimstream.contracts.topics.resolve` (the prefix is applied here).
"""

from __future__ import annotations

import asyncio
import itertools
import logging
import time
from collections.abc import Iterable, Sequence
from types import TracebackType
from typing import Any

from aiokafka import AIOKafkaProducer
from aiokafka.errors import (
    InvalidProducerEpoch,
    InvalidProducerIdMapping,
    KafkaError,
    KafkaTimeoutError,
    MessageSizeTooLargeError,
    OutOfOrderSequenceNumber,
    ProducerFenced,
    RecordListTooLargeError,
    UnknownProducerId,
)
from aiokafka.structs import RecordMetadata

from claimstream import metrics
from claimstream.bus.producer_config import PRODUCER
from claimstream.contracts import serde, topics
from claimstream.contracts.messages import dead_letter as dead_letter_message
from claimstream.settings import Settings

log = logging.getLogger(__name__)

Key = str | bytes | None

MAX_REQUEST_BYTES = PRODUCER.max_request_bytes
_TOO_LARGE = (MessageSizeTooLargeError, RecordListTooLargeError)
# The broker no longer accepts this producer's idempotence state: rebuild the producer, then retry.
_RESET = (OutOfOrderSequenceNumber, UnknownProducerId, InvalidProducerEpoch, InvalidProducerIdMapping, ProducerFenced)


class PublishError(RuntimeError):
    """A record the broker did not acknowledge, after every retry (or a non-retriable error)."""

    def __init__(self, message: str, *, too_large: bool = False) -> None:
        super().__init__(message)
        self.too_large = too_large


def _key_bytes(key: Key) -> bytes | None:
    return key.encode("utf-8") if isinstance(key, str) else key


def _retriable(exc: BaseException) -> bool:
    if isinstance(exc, _TOO_LARGE):
        return False
    if isinstance(exc, (asyncio.TimeoutError, KafkaTimeoutError, *_RESET)):
        return True
    return isinstance(exc, KafkaError) and bool(getattr(exc, "retriable", False))


def _describe(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__


class RoundRobinPartitioner:
    """Spreads records evenly over a topic's partitions, whatever their key.

    Extraction is CPU-bound: hashing article ids puts, say, 160 articles on one worker's
    partitions and 140 on the other's, and the whole batch waits for the busier worker. Records
    keep their key (the article id, for consumers and compaction); only the partition choice
    ignores it. The cost: a re-sent article may land on another partition than its first copy,
    which at-least-once processing with deterministic claim ids already covers.
    """

    def __init__(self) -> None:
        self._next = itertools.count()

    def __call__(self, key: bytes | None, all_partitions: list[int], available: list[int]) -> int:
        partitions = available or all_partitions
        return partitions[next(self._next) % len(partitions)]


class Publisher:
    """An async context manager around one ``AIOKafkaProducer``; see the module docstring."""

    def __init__(
        self,
        settings: Settings,
        *,
        attempts: int = PRODUCER.attempts,
        backoff_s: float = PRODUCER.backoff_s,
        delivery_timeout_s: float = PRODUCER.delivery_timeout_s,
        request_timeout_ms: int = PRODUCER.request_timeout_ms,
        client_id: str = "claimstream",
        by_key: bool = False,
    ) -> None:
        """Tests shorten the retry bounds; ``by_key`` partitions by key hash instead of round robin."""
        self.settings = settings
        self.attempts = max(1, attempts)
        self.backoff_s = backoff_s
        self.delivery_timeout_s = delivery_timeout_s
        self._options: dict[str, Any] = {
            **settings.kafka_client_options(),
            **PRODUCER.aiokafka_options(),
            "request_timeout_ms": request_timeout_ms,
            "client_id": client_id,
        }
        if not by_key:
            self._options["partitioner"] = RoundRobinPartitioner()
        self._producer: AIOKafkaProducer | None = None
        self._generation = 0
        self._reset_lock = asyncio.Lock()

    # -- lifecycle ------------------------------------------------------------------------------

    async def start(self) -> Publisher:
        """Connect, retrying with backoff; raises :class:`PublishError` when Kafka cannot be reached."""
        self._producer = await self._connect()
        return self

    async def _connect(self) -> AIOKafkaProducer:
        last: BaseException | None = None
        for attempt in range(self.attempts):
            producer = AIOKafkaProducer(**self._options)
            try:
                await producer.start()
                return producer
            except (KafkaError, OSError) as exc:
                last = exc
                await producer.stop()
                log.warning(
                    "kafka producer: cannot connect to %s (%s), attempt %d/%d",
                    self.settings.bootstrap_servers,
                    _describe(exc),
                    attempt + 1,
                    self.attempts,
                )
                await asyncio.sleep(self.backoff_s * 2**attempt)
        raise PublishError(
            f"cannot reach Kafka at {self.settings.bootstrap_servers}: {_describe(last) if last else 'no attempt'}"
        )

    async def stop(self) -> None:
        """Wait for pending acks (up to the delivery timeout), then close."""
        producer, self._producer = self._producer, None
        if producer is not None:
            await self._close(producer, self.delivery_timeout_s)

    @staticmethod
    async def _close(producer: AIOKafkaProducer, timeout: float) -> None:
        """Close even when the broker is gone.

        An idempotent producer never expires its batches, so ``AIOKafkaProducer.stop()`` alone would
        wait for them forever. After ``timeout`` the sender task is cancelled (aiokafka has no public
        "close now"); the records' senders already got a timeout from :meth:`_await_ack`, so nothing
        unacknowledged is ever reported as delivered.
        """
        try:
            await asyncio.wait_for(asyncio.shield(producer.flush()), timeout=timeout)
        except TimeoutError:
            log.warning("kafka producer: closing with records still unacknowledged after %.0fs", timeout)
            task = producer._sender.sender_task
            if task is not None:
                task.cancel()
        try:
            await asyncio.wait_for(producer.stop(), timeout=timeout)
        except TimeoutError:
            log.warning("kafka producer: did not close within %.0fs; abandoning it", timeout)

    async def __aenter__(self) -> Publisher:
        return await self.start()

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.stop()

    def _running(self) -> AIOKafkaProducer:
        if self._producer is None:
            raise PublishError("publisher is not started (use 'async with Publisher(settings)')")
        return self._producer

    async def _reset(self, generation: int, why: BaseException) -> None:
        """Replace the producer once per failure generation (concurrent senders share the reset)."""
        async with self._reset_lock:
            if generation != self._generation or self._producer is None:
                return
            log.warning("kafka producer: rebuilding after %s", _describe(why))
            fresh = await self._connect()  # the old one stays in place meanwhile: senders just retry
            old, self._producer = self._producer, fresh
            self._generation += 1
            try:
                await self._close(old, timeout=5)
            except (KafkaError, OSError):
                log.warning("kafka producer: old producer did not close cleanly")

    # -- sending --------------------------------------------------------------------------------

    def topic(self, name: str) -> str:
        """The full topic name for a logical (or already prefixed) name."""
        return topics.resolve(self.settings, name)

    async def _enqueue(self, topic: str, key: bytes | None, value: bytes) -> asyncio.Future[RecordMetadata]:
        return await self._running().send(topic, value, key=key)

    async def _await_ack(self, fut: asyncio.Future[RecordMetadata], deadline: float) -> RecordMetadata:
        # shield: a delivery timeout must not cancel the batch, which aiokafka keeps retrying.
        remaining = max(0.0, deadline - time.monotonic())
        return await asyncio.wait_for(asyncio.shield(fut), timeout=remaining)

    def _deadline(self) -> float:
        """A record's whole delivery (every attempt and backoff) is bounded by delivery_timeout_s."""
        return time.monotonic() + self.delivery_timeout_s

    async def _deliver(
        self,
        topic: str,
        key: bytes | None,
        value: bytes,
        first_error: BaseException | None = None,
        deadline: float | None = None,
    ) -> RecordMetadata:
        """Send one record until acknowledged, retrying retriable errors with backoff, within the deadline."""
        deadline = self._deadline() if deadline is None else deadline
        error = first_error
        start = 0 if first_error is None else 1
        for attempt in range(start, self.attempts):
            if error is not None:
                if time.monotonic() >= deadline:
                    break
                await self._after_failure(error, attempt)
            generation = self._generation
            try:
                return await self._await_ack(await self._enqueue(topic, key, value), deadline)
            except (KafkaError, TimeoutError) as exc:
                if not _retriable(exc):
                    raise self._final(topic, exc) from exc
                error = exc
                if isinstance(exc, _RESET):
                    await self._reset(generation, exc)
        assert error is not None
        raise self._final(topic, error, retried=True) from error

    async def _after_failure(self, error: BaseException, attempt: int) -> None:
        delay = self.backoff_s * 2 ** (attempt - 1)
        log.warning("kafka producer: %s; retry %d/%d in %.2fs", _describe(error), attempt, self.attempts - 1, delay)
        await asyncio.sleep(delay)

    def _final(self, topic: str, exc: BaseException, *, retried: bool = False) -> PublishError:
        tail = f" after retries for up to {self.delivery_timeout_s:.0f} s" if retried else ""
        return PublishError(
            f"not acknowledged by Kafka ({topic}){tail}: {_describe(exc)}", too_large=isinstance(exc, _TOO_LARGE)
        )

    async def send_bytes(self, topic: str, key: Key, value: bytes) -> RecordMetadata:
        """Publish already-serialised bytes; returns once the broker acknowledged them."""
        return await self._deliver(self.topic(topic), _key_bytes(key), value)

    async def send(self, topic: str, key: Key, value: dict[str, Any]) -> RecordMetadata:
        """Serialise ``value`` (orjson) and publish it; returns once the broker acknowledged it."""
        return await self.send_bytes(topic, key, serde.dumps(value))

    async def send_many(
        self, topic: str, items: Iterable[tuple[Key, dict[str, Any]]], *, return_exceptions: bool = False
    ) -> list[Any]:
        """Publish many records at once (batched by the producer) and wait for every ack.

        Returns one ``RecordMetadata`` per item, in order. A record that fails is retried on its
        own; with ``return_exceptions`` its slot holds the :class:`PublishError`, otherwise the first
        failure is raised once every record has been settled.
        """
        encoded = [(_key_bytes(k), serde.dumps(v)) for k, v in items]
        return await self.send_many_bytes(topic, encoded, return_exceptions=return_exceptions)

    async def send_many_bytes(
        self, topic: str, items: Sequence[tuple[Key, bytes]], *, return_exceptions: bool = False
    ) -> list[Any]:
        """:meth:`send_many` for values already serialised."""
        full = self.topic(topic)
        records = [(_key_bytes(k), v) for k, v in items]
        futures: list[asyncio.Future[RecordMetadata] | BaseException] = []
        for key, value in records:
            try:
                futures.append(await self._enqueue(full, key, value))
            except (KafkaError, TimeoutError) as exc:
                futures.append(exc)
        results = await asyncio.gather(
            *(self._settle(full, rec, f) for rec, f in zip(records, futures, strict=True)), return_exceptions=True
        )
        if not return_exceptions:
            for result in results:
                if isinstance(result, BaseException):
                    raise result
        return results

    async def _settle(
        self, topic: str, record: tuple[bytes | None, bytes], fut: asyncio.Future[RecordMetadata] | BaseException
    ) -> RecordMetadata:
        """Await one enqueued record's ack; hand a failure to :meth:`_deliver`'s retry loop."""
        deadline = self._deadline()
        if isinstance(fut, BaseException):
            error: BaseException = fut
        else:
            generation = self._generation
            try:
                return await self._await_ack(fut, deadline)
            except (KafkaError, TimeoutError) as exc:
                error = exc
            if isinstance(error, _RESET):
                await self._reset(generation, error)
        if not _retriable(error):
            raise self._final(topic, error) from error
        return await self._deliver(topic, record[0], record[1], first_error=error, deadline=deadline)

    async def flush(self) -> None:
        await self._running().flush()

    # -- dead letters ---------------------------------------------------------------------------

    async def dead_letter(
        self,
        raw: bytes,
        *,
        error: str,
        reason: str,
        stage: str,
        key: Key = None,
        source_topic: str | None = None,
        source_partition: int | None = None,
        source_offset: int | None = None,
    ) -> RecordMetadata:
        """Publish a DeadLetter v1 for rejected input and count it in ``claimstream_dlq_messages_total``.

        Huge originals are cut so the letter fits a Kafka record (see ``messages.dead_letter``).
        """
        message = dead_letter_message(
            raw,
            error=error,
            reason=reason,
            stage=stage,
            key=_key_bytes(key),
            topic=source_topic,
            partition=source_partition,
            offset=source_offset,
        )
        meta = await self.send(topics.DLQ.name, key, message)
        metrics.DLQ_MESSAGES.labels(stage=stage, reason=reason).inc()
        return meta
