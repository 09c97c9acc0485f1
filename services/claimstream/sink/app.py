"""The sink: consume claims, count them, evaluate alert rules, store and deliver alerts.

At-least-once, no repeats: a batch of claims is evaluated and its alerts stored in one sqlite
transaction (keyed by the deterministic ``alert_id``); the alerts are then published to the
``alerts`` topic and only then are the batch's offsets committed. A sink killed anywhere in
between re-reads the batch, finds its alerts already stored, and publishes whatever the outbox
still holds. Alertmanager and the webhook are drained from the same outbox in the background.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import aiohttp
from aiokafka import AIOKafkaConsumer, ConsumerRecord, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient
from aiokafka.errors import KafkaError

from claimstream import metrics as m
from claimstream.bus.producer import Publisher, PublishError
from claimstream.contracts import topics
from claimstream.contracts.messages import dead_letter
from claimstream.contracts.topics import TopicSpec
from claimstream.settings import Settings
from claimstream.sink.engine import Engine
from claimstream.sink.intake import REASONS, STAGE, InvalidClaim, check_claim
from claimstream.sink.lag import Watch, export_lag, parse_lag_groups
from claimstream.sink.notify import AlertmanagerTarget, Target, TopicTarget, WebhookTarget, deliver_due
from claimstream.sink.observe import ClaimMetrics
from claimstream.sink.rules import RuleSet
from claimstream.sink.store import AlertStore

log = logging.getLogger(__name__)

LAG_INTERVAL = 5.0
DELIVERY_INTERVAL = 1.0
# Every topic the sink reads, with its kind (a metric label): the claim topics and the aid ledger.
_KIND_OF = {topics.ENTITIES: "entities", topics.QUOTES: "quote", topics.AID: "aid", topics.LEDGER: "ledger"}


@dataclass
class Refused:
    """A record that is not a valid claim, waiting for its dead letter on claims.dlq."""

    record: ConsumerRecord[bytes, bytes]
    reason: str
    error: str


@dataclass
class BatchResult:
    claims: int = 0
    invalid: int = 0
    alerts: list[dict[str, Any]] = field(default_factory=list)
    refused: list[Refused] = field(default_factory=list)


class ClaimProcessor:
    """The Kafka-free core: records in, metrics counted, new alerts stored (one transaction)."""

    def __init__(self, ruleset: RuleSet, store: AlertStore, targets: list[str], specs: dict[str, TopicSpec]) -> None:
        self.engine = Engine(ruleset, store)
        self.metrics = ClaimMetrics(ruleset.watch, store)
        self.store = store
        self.targets = targets
        self.specs = specs
        """Full topic name → its spec (the value schema every record must match)."""
        for kind in _KIND_OF.values():  # at zero from the start, so rate() sees the first one
            for reason in REASONS:
                m.SINK_INVALID.labels(kind=kind, reason=reason)

    def process(self, records: list[ConsumerRecord[bytes, bytes]]) -> BatchResult:
        result = BatchResult()
        with self.store.transaction():
            for rec in records:
                spec = self.specs[rec.topic]
                if rec.value is None and spec is topics.LEDGER:  # a tombstone: a record deleted, nothing to alert on
                    log.info("ledger record %r deleted (tombstone at offset %d)", rec.key, rec.offset)
                    continue
                try:
                    claim = check_claim(rec.value, spec.schema or "")
                except InvalidClaim as exc:
                    result.refused.append(self._refuse(rec, _KIND_OF[spec], exc))
                    result.invalid += 1
                    continue
                self.metrics.observe(claim)
                result.claims += 1
                for alert in self.engine.evaluate(claim, rec.timestamp / 1000.0):
                    if self.store.add_alert(alert, self.targets):
                        result.alerts.append(alert)
        for alert in result.alerts:
            m.ALERTS_FIRED.labels(rule=alert["rule"], severity=alert["severity"]).inc()
        return result

    @staticmethod
    def _refuse(rec: ConsumerRecord[bytes, bytes], kind: str, exc: InvalidClaim) -> Refused:
        where = f"{rec.topic}[{rec.partition}]@{rec.offset}"
        log.warning("invalid claim at %s: %s: %s", where, exc.reason, str(exc)[:300])
        m.SINK_INVALID.labels(kind=kind, reason=exc.reason).inc()
        return Refused(rec, exc.reason, str(exc))


class Sink:
    def __init__(self, settings: Settings, ruleset: RuleSet, store: AlertStore) -> None:
        self.settings = settings
        self.ruleset = ruleset
        self.store = store
        self.group = settings.topic_prefix + settings.sink_group
        self.claim_topics = {settings.topic(t.name): t for t in _KIND_OF}
        self.lag_watches = [
            Watch(self.group, tuple(self.claim_topics)),
            *parse_lag_groups(settings, settings.lag_groups),
        ]
        self.http_targets = [
            n
            for n, url in (("alertmanager", settings.alertmanager_url), ("webhook", settings.alert_webhook_url))
            if url
        ]
        self.processor = ClaimProcessor(ruleset, store, ["topic", *self.http_targets], self.claim_topics)
        self._uncommitted = False
        self._refused: list[Refused] = []
        """Invalid claims whose dead letter is not acknowledged yet: offsets wait for them."""

    async def run(self, stop: asyncio.Event) -> None:
        opts = self.settings.kafka_client_options()
        consumer = AIOKafkaConsumer(
            *self.claim_topics, group_id=self.group, enable_auto_commit=False, auto_offset_reset="earliest", **opts
        )
        publisher = Publisher(self.settings, client_id="claimstream-sink")
        admin = AIOKafkaAdminClient(**opts)
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=10)) as session:
            topic_target = TopicTarget(publisher)
            http = self._http_targets(session)
            await publisher.start()
            await admin.start()
            await consumer.start()
            background = [
                asyncio.create_task(_every(LAG_INTERVAL, stop, export_lag, admin, consumer, self.lag_watches)),
                *(asyncio.create_task(_every(DELIVERY_INTERVAL, stop, deliver_due, self.store, t)) for t in http),
            ]
            try:
                await self._drain(topic_target)  # leftovers from before a restart
                log.info("sink consuming %s as group %s", ", ".join(self.claim_topics), self.group)
                while not stop.is_set():
                    await self._step(consumer, topic_target)
            finally:
                stop.set()
                for task in background:
                    task.cancel()
                await asyncio.gather(*background, return_exceptions=True)
                await consumer.stop()
                await admin.close()
                await publisher.stop()

    def _http_targets(self, session: aiohttp.ClientSession) -> list[Target]:
        out: list[Target] = []
        if self.settings.alertmanager_url:
            out.append(AlertmanagerTarget(session, self.settings.alertmanager_url))
        if self.settings.alert_webhook_url:
            out.append(WebhookTarget(session, self.settings.alert_webhook_url))
        return out

    async def _step(self, consumer: AIOKafkaConsumer, topic_target: TopicTarget) -> None:
        batch: dict[TopicPartition, list[ConsumerRecord[bytes, bytes]]] = await consumer.getmany(
            timeout_ms=500, max_records=500
        )
        if batch:
            result = self.processor.process([r for recs in batch.values() for r in recs])
            self._uncommitted = True
            self._refused.extend(result.refused)
            if result.alerts:
                rules = ", ".join(sorted({a["rule"] for a in result.alerts}))
                log.info("%d new alert(s): %s", len(result.alerts), rules)
        # Commit only once every stored alert is on the topic; while it is not, keep retrying the
        # topic (even with no new claims) and keep the offsets uncommitted.
        if self._uncommitted and await self._dead_letter(topic_target.publisher) and await self._drain(topic_target):
            try:
                await consumer.commit()
            except KafkaError as exc:  # e.g. a rebalance took the partitions: they are re-read, deduplicated
                log.warning("offset commit failed (%s); the batch will be re-read", exc)
            self._uncommitted = False

    async def _dead_letter(self, publisher: Publisher) -> bool:
        """Publish the pending invalid claims to claims.dlq; True when none is left."""
        while self._refused:
            bad = self._refused[0]
            rec = bad.record
            try:
                letter = dead_letter(
                    rec.value or b"",
                    error=bad.error,
                    reason=bad.reason,
                    stage=STAGE,
                    key=rec.key,
                    topic=rec.topic,
                    partition=rec.partition,
                    offset=rec.offset,
                )
                await publisher.send(topics.CLAIMS_DLQ.name, rec.key, letter)
            except PublishError as exc:  # broker away: keep the offsets, try again next step
                log.warning(
                    "dead letter for %s[%d]@%d not acknowledged (%s); will retry",
                    rec.topic,
                    rec.partition,
                    rec.offset,
                    exc,
                )
                return False
            self._refused.pop(0)
        return True

    async def _drain(self, target: TopicTarget) -> bool:
        """Publish every pending alert to the topic; True when none is left."""
        while await deliver_due(self.store, target, limit=500):
            pass
        return self.store.pending_count(target.name) == 0


async def _every(interval: float, stop: asyncio.Event, fn: Callable[..., Awaitable[Any]], *args: Any) -> None:
    while not stop.is_set():
        try:
            await fn(*args)
        except Exception:
            log.exception("background task %s failed", getattr(fn, "__name__", fn))
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), interval)
