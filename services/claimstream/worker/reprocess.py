"""``claimstream reprocess``: apply the current extractor to the history of ``news.articles``.

Reads ``news.articles`` from the beginning (or from ``--since TIME``, by broker timestamps) in a
consumer group of its own, runs the same :class:`~claimstream.worker.processor.BatchProcessor`
as the worker and republishes every claim with the current ``extractor_version``; it stops at
the end offsets it found when it started and prints what it did. Claim ids do not depend on the
version: a claim the new extractor finds unchanged has the id it had, so consumers that
deduplicate on ``claim_id`` (the ledger among them) see nothing new for it.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import time
from datetime import datetime
from typing import Any

from aiokafka import AIOKafkaConsumer, TopicPartition

from claimstream.bus.consumer import topic_partitions
from claimstream.bus.producer import Publisher
from claimstream.contracts import topics
from claimstream.contracts.topics import TopicSpec
from claimstream.extract.version import installed_model_version
from claimstream.settings import Settings
from claimstream.worker.decode import RawRecord

log = logging.getLogger(__name__)


def register(sub: Any) -> None:
    p = sub.add_parser(
        "reprocess",
        help="re-extract the article history with the current extractor and republish the claims",
        description="Re-read news.articles in a new consumer group with the current extractor "
        "and republish its claims (with its extractor_version); stops at the end offsets found at start.",
    )
    where = p.add_mutually_exclusive_group()
    where.add_argument("--from-beginning", action="store_true", help="from the oldest article (the default)")
    where.add_argument("--since", metavar="TIME", help="from articles written to the topic at or after TIME (RFC 3339)")
    p.add_argument("--group", default=None, help="consumer group (default: claimstream-reprocess-<version>-<time>)")
    p.set_defaults(func=run)


def _since_ms(value: str) -> int:
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise SystemExit(f"claimstream reprocess: --since {value!r} is not an RFC 3339 time") from None
    if parsed.tzinfo is None:
        raise SystemExit("claimstream reprocess: --since needs a time zone (e.g. 2026-03-01T00:00:00Z)")
    return int(parsed.timestamp() * 1000)


def run(args: argparse.Namespace, settings: Settings) -> int:
    version = installed_model_version(settings.spacy_model)
    since = _since_ms(args.since) if args.since else None
    group = args.group or f"claimstream-reprocess-{version}-{int(time.time())}"
    done = asyncio.run(reprocess(settings, settings.topic_prefix + group, since_ms=since))
    print(f"reprocessed {done} article record(s) with extractor {version} (group {group})", flush=True)
    return 0


async def _start_positions(consumer: AIOKafkaConsumer, tps: list[TopicPartition], since_ms: int | None) -> None:
    if since_ms is None:
        await consumer.seek_to_beginning(*tps)
        return
    found = await consumer.offsets_for_times({tp: since_ms for tp in tps})
    end = await consumer.end_offsets(tps)
    for tp in tps:
        consumer.seek(tp, found[tp].offset if found.get(tp) is not None else end[tp])


async def _behind(consumer: AIOKafkaConsumer, end: dict[TopicPartition, int]) -> bool:
    """True while some partition has not reached the end offset it had at the start."""
    for tp, offset in end.items():
        if await consumer.position(tp) < offset:
            return True
    return False


async def reprocess(settings: Settings, group: str, *, since_ms: int | None = None, batch: int = 0) -> int:
    """Re-extract ``news.articles`` up to its current end; returns how many records were read."""
    from claimstream.worker.extractor import ExtractorProcess
    from claimstream.worker.processor import BatchProcessor

    name = settings.topic(topics.ARTICLES.name)
    consumer = AIOKafkaConsumer(group_id=group, enable_auto_commit=False, **settings.kafka_client_options())
    publisher = Publisher(settings, client_id="claimstream-reprocess")
    await consumer.start()
    await publisher.start()

    async def send(spec: TopicSpec, key: bytes | None, value: bytes) -> Any:
        return asyncio.ensure_future(publisher.send_bytes(spec.name, key, value))

    # The worker's extraction child, with the same time budget: a poison article is dead-lettered here too.
    extractor = ExtractorProcess.for_settings(settings)
    await extractor.start()
    processor = BatchProcessor(extractor, send, max_text_bytes=settings.max_article_bytes)
    read = 0
    try:
        tps = await topic_partitions(settings, name, max_wait=10.0)
        consumer.assign(tps)
        end = await consumer.end_offsets(tps)
        await _start_positions(consumer, tps, since_ms)
        while await _behind(consumer, end):
            got = await consumer.getmany(*tps, timeout_ms=1000, max_records=batch or settings.batch_size)
            records = [
                RawRecord(key=r.key, value=r.value, topic=r.topic, partition=r.partition, offset=r.offset)
                for part in got.values()
                for r in part
                if r.offset < end[TopicPartition(r.topic, r.partition)]
            ]
            if records:
                await processor.handle(records)  # returns once every claim is acknowledged
                await consumer.commit()
                read += len(records)
    finally:
        processor.close()
        await consumer.stop()
        await publisher.stop()
    return read
