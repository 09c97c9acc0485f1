"""The read side: the current ledger, folded from the compacted ``ledger.aid`` topic.

``ledger.aid`` carries every version of every record, keyed by ``commitment_id``; the latest
version per key is the ledger. :func:`snapshot` reads it once to the end (``ledger list``);
:func:`follow` keeps reading (``ledger serve``). Queries, CSV and the metrics gauges work on a
:class:`LedgerView`.
"""

from __future__ import annotations

import asyncio
import csv
import io
import logging
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from aiokafka import AIOKafkaConsumer, TopicPartition

from claimstream import metrics
from claimstream.bus.consumer import topic_partitions
from claimstream.contracts import serde, topics
from claimstream.contracts.messages import LEDGER_SCHEMA
from claimstream.ledger.record import STATUS_ORDER
from claimstream.settings import Settings

log = logging.getLogger(__name__)

AID_TYPES = ("military", "financial", "humanitarian", "mixed")
FILTERS = ("donor", "recipient", "aid_type", "status", "since", "until", "limit")
MAX_FILTER_CHARS = 200
MAX_LIMIT = 10_000
DEFAULT_LIMIT = 1_000
# Donors with the largest USD totals that get a label of their own on the committed-amount gauge.
TOP_DONORS = 8
CSV_COLUMNS = (
    "commitment_id",
    "donor",
    "recipient",
    "amount",
    "currency",
    "approximate",
    "amount_usd",
    "amount_eur",
    "fx_month",
    "fx_note",
    "aid_type",
    "items",
    "status",
    "first_seen",
    "last_seen",
    "known_from",
    "outlets",
    "sources",
    "confidence",
    "urls",
)


class BadQuery(ValueError):
    """A filter the API cannot apply; the message says which and why (HTTP 400)."""


@dataclass(frozen=True)
class Query:
    donor: str | None = None
    recipient: str | None = None
    aid_type: str | None = None
    status: str | None = None
    since: str | None = None
    until: str | None = None
    limit: int = DEFAULT_LIMIT


def _timestamp(name: str, value: str) -> str:
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise BadQuery(f"{name} must be a date or RFC 3339 time (2025-03-04 or 2025-03-04T08:00:00Z)") from None
    if "T" not in value:
        return value[:10]  # a day: compared as a prefix of the records' timestamps
    return (parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_query(params: Mapping[str, str]) -> Query:
    """A :class:`Query` from URL parameters; unknown, repeated-meaning or out-of-range ones raise BadQuery."""
    unknown = sorted(set(params) - set(FILTERS))
    if unknown:
        raise BadQuery(f"unknown parameter(s) {', '.join(unknown)}; known: {', '.join(FILTERS)}")
    for name, value in params.items():
        if len(value) > MAX_FILTER_CHARS:
            raise BadQuery(f"{name} is longer than {MAX_FILTER_CHARS} characters")
    if params.get("aid_type") and params["aid_type"] not in AID_TYPES:
        raise BadQuery(f"aid_type must be one of {', '.join(AID_TYPES)}")
    if params.get("status") and params["status"] not in STATUS_ORDER:
        raise BadQuery(f"status must be one of {', '.join(STATUS_ORDER)}")
    limit = DEFAULT_LIMIT
    if params.get("limit"):
        try:
            limit = int(params["limit"])
        except ValueError:
            raise BadQuery("limit must be an integer") from None
        if not 1 <= limit <= MAX_LIMIT:
            raise BadQuery(f"limit must be between 1 and {MAX_LIMIT}")
    return Query(
        donor=params.get("donor") or None,
        recipient=params.get("recipient") or None,
        aid_type=params.get("aid_type") or None,
        status=params.get("status") or None,
        since=_timestamp("since", params["since"]) if params.get("since") else None,
        until=_timestamp("until", params["until"]) if params.get("until") else None,
        limit=limit,
    )


def _same(a: str | None, b: str | None) -> bool:
    return " ".join((a or "").casefold().split()) == " ".join((b or "").casefold().split())


class LedgerView:
    """The latest version of every record, by ``commitment_id``."""

    def __init__(self) -> None:
        self.records: dict[str, dict[str, Any]] = {}

    def add(self, value: bytes | None) -> bool:
        """Take one ``ledger.aid`` value; False (and a warning) when it is not a ledger record."""
        try:
            record = serde.loads_object(value or b"")
        except serde.DecodeError as exc:
            log.warning("undecodable ledger record: %s", exc)
            return False
        cid = record.get("commitment_id")
        if record.get("schema") != LEDGER_SCHEMA or not isinstance(cid, str):
            log.warning("not a ledger record: %.200s", value)
            return False
        self.records[cid] = record
        return True

    def select(self, query: Query) -> list[dict[str, Any]]:
        """Records matching every filter, newest first (by first report), at most ``query.limit``."""
        out = [r for r in self.records.values() if _matches(r, query)]
        out.sort(key=lambda r: (r.get("first_seen") or "", r["commitment_id"]), reverse=True)
        return out[: query.limit]

    def totals_by_donor(self, records: list[dict[str, Any]] | None = None) -> list[dict[str, Any]]:
        """USD committed per donor (records with a USD figure), largest first."""
        sums: dict[str, float] = defaultdict(float)
        counts: dict[str, int] = defaultdict(int)
        for r in self.records.values() if records is None else records:
            counts[r["donor"]] += 1
            sums[r["donor"]] += r["amount_usd"] or 0.0
        rows = [{"donor": d, "amount_usd": round(sums[d], 2), "records": counts[d]} for d in sums]
        return sorted(rows, key=lambda row: (-row["amount_usd"], row["donor"]))

    def export_metrics(self) -> None:
        by_status = {s: 0 for s in STATUS_ORDER}
        for r in self.records.values():
            by_status[r["status"]] += 1
        for status, n in by_status.items():
            metrics.LEDGER_RECORDS.labels(status).set(n)
        totals = self.totals_by_donor()
        metrics.LEDGER_COMMITTED_USD.clear()
        for row in totals[:TOP_DONORS]:
            metrics.LEDGER_COMMITTED_USD.labels(row["donor"]).set(row["amount_usd"])
        metrics.LEDGER_COMMITTED_USD.labels("other").set(sum(row["amount_usd"] for row in totals[TOP_DONORS:]))


def _matches(r: dict[str, Any], q: Query) -> bool:
    return (
        (q.donor is None or _same(r["donor"], q.donor))
        and (q.recipient is None or _same(r["recipient"], q.recipient))
        and (q.aid_type is None or r["aid_type"] == q.aid_type)
        and (q.status is None or r["status"] == q.status)
        and (q.since is None or (r.get("last_seen") or "") >= q.since)
        and (q.until is None or (r.get("first_seen") or "") <= q.until + ("" if "T" in q.until else "T23:59:59Z"))
    )


def _cell(value: Any) -> str:
    text = "" if value is None else str(value)
    # A spreadsheet runs a cell that starts with = + - @ as a formula; news text must not.
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def to_csv(records: list[dict[str, Any]]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for r in records:
        row = {
            **r,
            "items": "; ".join(r["items"]),
            "sources": len(r["sources"]),
            "urls": " ".join(s["url"] for s in r["sources"] if s.get("url")),
        }
        writer.writerow([_cell(row.get(c)) for c in CSV_COLUMNS])
    return buf.getvalue()


def _consumer(settings: Settings) -> AIOKafkaConsumer:
    return AIOKafkaConsumer(enable_auto_commit=False, **settings.kafka_client_options())


async def _assign_all(consumer: AIOKafkaConsumer, settings: Settings, topic: str) -> list[TopicPartition]:
    try:
        tps = await topic_partitions(settings, topic, max_wait=10.0)
    except LookupError as exc:
        raise RuntimeError(str(exc)) from None
    consumer.assign(tps)
    await consumer.seek_to_beginning(*tps)
    return tps


async def follow(settings: Settings, view: LedgerView, stop: asyncio.Event, ready: asyncio.Event) -> None:
    """Fold ``ledger.aid`` into ``view`` until ``stop``; ``ready`` is set once the start's end is reached."""
    topic = settings.topic(topics.LEDGER.name)
    consumer = _consumer(settings)
    await consumer.start()
    try:
        tps = await _assign_all(consumer, settings, topic)
        end = await consumer.end_offsets(tps)
        while not stop.is_set():
            batch = await consumer.getmany(timeout_ms=500, max_records=2000)
            for records in batch.values():
                for rec in records:
                    view.add(rec.value)
            if batch:
                view.export_metrics()
            if not ready.is_set() and await _caught_up(consumer, end):
                view.export_metrics()
                ready.set()
    finally:
        await consumer.stop()


async def _caught_up(consumer: AIOKafkaConsumer, end: dict[TopicPartition, int]) -> bool:
    for tp, offset in end.items():
        if await consumer.position(tp) < offset:
            return False
    return True


async def snapshot(settings: Settings) -> LedgerView:
    """The ledger as ``ledger.aid`` holds it now (read from the start to the current end)."""
    view, stop, ready = LedgerView(), asyncio.Event(), asyncio.Event()
    task = asyncio.create_task(follow(settings, view, stop, ready))
    waiter = asyncio.create_task(ready.wait())
    await asyncio.wait({task, waiter}, return_when=asyncio.FIRST_COMPLETED)
    stop.set()
    waiter.cancel()
    await task
    return view
