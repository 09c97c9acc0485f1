"""Process one micro-batch of article records: decode, extract in the child process, publish.

Delivery is at-least-once: :meth:`BatchProcessor.handle` returns only after the broker has
acknowledged every claim and dead letter of the batch, and the caller acks the records
(commits offsets) only after that. A record that fails anywhere goes to the dead-letter
topic with its reason; it never blocks its partition: an article whose parse or extraction
overruns its time budget is dead-lettered as ``extraction_timeout`` (see ``worker.extractor``).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable, Sequence
from datetime import datetime
from typing import Any

from claimstream import metrics
from claimstream.contracts import messages, serde, topics
from claimstream.contracts.topics import TopicSpec
from claimstream.extract.pipeline import ArticleClaims, Failure
from claimstream.worker.decode import RawRecord, Rejected, decode_record
from claimstream.worker.extractor import ExtractorProcess, Stall

log = logging.getLogger(__name__)

# send(topic, key, value) -> awaitable that resolves once the broker acknowledged the record.
Send = Callable[[TopicSpec, bytes | None, bytes], Awaitable[Awaitable[Any]]]

MAX_DLQ_KEY_BYTES = 1024


def _seconds_since(rfc3339: str | None) -> float | None:
    if not rfc3339:
        return None
    try:
        return time.time() - datetime.fromisoformat(rfc3339.replace("Z", "+00:00")).timestamp()
    except ValueError:
        return None


class BatchProcessor:
    """Decodes, hands articles to the extraction child process, publishes; stateless across batches."""

    def __init__(self, extractor: ExtractorProcess, send: Send, *, max_text_bytes: int) -> None:
        self._extractor = extractor
        self._send = send
        self._max_text_bytes = max_text_bytes

    def close(self) -> None:
        self._extractor.close()

    async def handle(self, records: Sequence[RawRecord]) -> None:
        """Process a batch; returns once every output is acknowledged by the broker."""
        metrics.BATCH_SIZE.observe(len(records))
        articles: list[dict[str, Any]] = []
        sources: list[RawRecord] = []
        pending: list[Awaitable[Any]] = []
        for record in records:
            decoded = self._decode(record)
            if isinstance(decoded, Rejected):
                pending.append(await self._dead_letter(decoded))
            else:
                articles.append(decoded)
                sources.append(record)
        if articles:
            started = time.perf_counter()
            results = await self._extract_all(articles)
            per_article = (time.perf_counter() - started) / len(articles)
            for record, result in zip(sources, results, strict=True):
                metrics.EXTRACT_SECONDS.observe(per_article)
                pending.extend(await self._emit(record, result))
        if pending:
            await asyncio.gather(*pending)
        metrics.LAST_PROCESSED.labels("worker").set_to_current_time()

    async def _extract_all(self, articles: list[dict[str, Any]]) -> list[ArticleClaims | Failure | Stall]:
        """Every article's claims, failure or stall, whatever its neighbours do.

        A stall on a known article (tokenising or extracting it) fails that article alone; a stall
        in the parse of several articles, where the culprit is unknown, sends the rest one at a time.
        """
        results: list[ArticleClaims | Failure | Stall | None] = [None] * len(articles)
        pending, solo = list(range(len(articles))), False
        while pending:
            chunk = pending[:1] if solo else pending
            run = await self._extractor.run([articles[i] for i in chunk])
            for local, result in run.results.items():
                results[chunk[local]] = result
            if run.stall is not None:
                metrics.EXTRACTOR_RESTARTS.labels(run.stall.reason).inc()
                culprit = run.stall.index if run.stall.index is not None or len(chunk) > 1 else 0
                if culprit is None:
                    log.warning("the parse of %d articles stalled; extracting them one at a time", len(chunk))
                    solo = True
                else:
                    results[chunk[culprit]] = run.stall
            pending = [i for i in pending if results[i] is None]
        return [r for r in results if r is not None]

    async def _emit(self, record: RawRecord, result: ArticleClaims | Failure | Stall) -> list[Awaitable[Any]]:
        """Send one article's claims, or its dead letter when extraction failed or the claims cannot fit."""
        if isinstance(result, Stall):
            return [await self._dead_letter(Rejected(record, result.reason, result.error, "worker-extract"))]
        if isinstance(result, Failure):
            metrics.WORKER_ERRORS.labels(result.stage).inc()
            why = f"{result.stage}: {result.error}"
            return [await self._dead_letter(Rejected(record, "extraction_failed", why, "worker-extract"))]
        encoded = encode_claims(result)
        too_large = _oversized(encoded)
        if too_large is not None:
            return [await self._dead_letter(Rejected(record, "too_large", too_large, "worker-extract"))]
        return await self._publish(result, encoded)

    def _decode(self, record: RawRecord) -> dict[str, Any] | Rejected:
        try:
            return decode_record(record, max_text_bytes=self._max_text_bytes)
        except Exception as exc:  # decode_record should never raise; if it does, the record must not block
            log.exception("decoding %s[%d]@%d raised", record.topic, record.partition, record.offset)
            return Rejected(record, "decode_failed", f"{type(exc).__name__}: {exc}", "worker-decode")

    async def _publish(self, claims: ArticleClaims, encoded: list[tuple[TopicSpec, bytes]]) -> list[Awaitable[Any]]:
        key = claims.article["id"].encode("utf-8")
        futures = [await self._send(spec, key, value) for spec, value in encoded]
        metrics.WORKER_ARTICLES.labels("extracted").inc()
        metrics.CLAIMS_EMITTED.labels("entities").inc()
        metrics.CLAIMS_EMITTED.labels("quote").inc(len(claims.quotes))
        metrics.CLAIMS_EMITTED.labels("aid").inc(len(claims.aid))
        lag = _seconds_since(claims.article.get("ingested_at"))
        if lag is not None and lag >= 0:
            metrics.INGEST_TO_CLAIM_SECONDS.observe(lag)
        return futures

    async def _dead_letter(self, rejected: Rejected) -> Awaitable[Any]:
        rec = rejected.record
        key = rec.key[:MAX_DLQ_KEY_BYTES] if rec.key is not None else None
        letter = serde.dumps(
            messages.dead_letter(
                rec.value or b"",
                error=rejected.error,
                reason=rejected.reason,
                stage=rejected.stage,
                key=key,
                topic=rec.topic,
                partition=rec.partition,
                offset=rec.offset,
            )
        )
        metrics.DLQ_MESSAGES.labels(rejected.stage, rejected.reason).inc()
        metrics.WORKER_ARTICLES.labels("dead_lettered").inc()
        log.warning(
            "dead-lettered %s[%d]@%d: %s (%s)",
            rec.topic,
            rec.partition,
            rec.offset,
            rejected.reason,
            rejected.error[:200],
        )
        return await self._send(topics.DLQ, key, letter)


def encode_claims(claims: ArticleClaims) -> list[tuple[TopicSpec, bytes]]:
    """Every message of one article, serialised once, with its topic."""
    return [
        (topics.ENTITIES, serde.dumps(claims.entities)),
        *((topics.QUOTES, serde.dumps(q)) for q in claims.quotes),
        *((topics.AID, serde.dumps(a)) for a in claims.aid),
    ]


def _oversized(encoded: list[tuple[TopicSpec, bytes]]) -> str | None:
    """Why the article's claims cannot be published, or None.

    Claim topics keep Kafka's default record size; a record over it would fail every retry and
    fail-fast would turn it into a crash loop on its partition, so the article is dead-lettered.
    """
    for spec, value in encoded:
        if len(value) > messages.MAX_RECORD_BYTES:
            return (
                f"a {spec.name} message would be {len(value)} bytes, over the "
                f"{messages.MAX_RECORD_BYTES}-byte record limit"
            )
    return None
