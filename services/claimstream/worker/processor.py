"""Process one micro-batch of article records: decode, parse once with ``nlp.pipe``, extract, publish.

Delivery is at-least-once: :meth:`BatchProcessor.handle` returns only after the broker has
acknowledged every claim and dead letter of the batch, and the caller acks the records
(commits offsets) only after that. A record that fails anywhere goes to the dead-letter
topic with its reason; it never blocks its partition.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from typing import Any

from spacy.language import Language

from claimstream import metrics
from claimstream.contracts import messages, serde, topics
from claimstream.contracts.topics import TopicSpec
from claimstream.extract.pipeline import ArticleClaims, extract_doc, to_messages
from claimstream.extract.version import extractor_version
from claimstream.worker.decode import RawRecord, Rejected, decode_record

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
    """Owns the spaCy pipeline and one NLP thread; stateless across batches otherwise."""

    def __init__(self, nlp: Language, send: Send, *, max_text_bytes: int, nlp_batch_size: int = 32) -> None:
        self.nlp = nlp
        self.nlp.max_length = max(self.nlp.max_length, max_text_bytes + 1)
        self._send = send
        self._max_text_bytes = max_text_bytes
        self._nlp_batch_size = nlp_batch_size
        # One thread: spaCy holds the GIL for most of its work, so more threads would not help;
        # the thread keeps the event loop free to fetch and publish while a batch is parsed.
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="nlp")

    def close(self) -> None:
        self._executor.shutdown(wait=True)

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
            loop = asyncio.get_running_loop()
            results = await loop.run_in_executor(self._executor, self._extract_all, articles)
            for record, result in zip(sources, results, strict=True):
                pending.extend(await self._emit(record, result))
        if pending:
            await asyncio.gather(*pending)
        metrics.LAST_PROCESSED.labels("worker").set_to_current_time()

    async def _emit(self, record: RawRecord, result: ArticleClaims | Exception) -> list[Awaitable[Any]]:
        """Send one article's claims, or its dead letter when extraction failed or the claims cannot fit."""
        if isinstance(result, Exception):
            why = f"{type(result).__name__}: {result}"
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

    def _extract_all(self, articles: list[dict[str, Any]]) -> list[ArticleClaims | Exception]:
        """Runs in the NLP thread: one ``nlp.pipe`` over the batch, then every extractor per doc."""
        started = time.perf_counter()
        texts = [a["text"] for a in articles]
        try:
            docs: list[Any] = list(self.nlp.pipe(texts, batch_size=self._nlp_batch_size))
        except Exception:  # a poison text fails the whole pipe: isolate it by parsing one at a time
            log.exception("nlp.pipe failed on a batch of %d; parsing one by one", len(texts))
            docs = [self._parse_one(t) for t in texts]
        out: list[ArticleClaims | Exception] = []
        version = extractor_version(self.nlp)
        for article, doc in zip(articles, docs, strict=True):
            if isinstance(doc, Exception):
                out.append(doc)
                continue
            try:
                out.append(to_messages(article, extract_doc(doc), version))
            except Exception as exc:  # one bad article must not sink the batch
                log.exception("extraction failed for article %s", article["id"])
                metrics.WORKER_ERRORS.labels("extract").inc()
                out.append(exc)
        per_article = (time.perf_counter() - started) / len(articles)
        for _ in articles:
            metrics.EXTRACT_SECONDS.observe(per_article)
        return out

    def _parse_one(self, text: str) -> Any:
        try:
            return self.nlp(text)
        except Exception as exc:
            metrics.WORKER_ERRORS.labels("parse").inc()
            return exc

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
