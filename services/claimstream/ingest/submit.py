"""Validate candidates, publish the good ones, dead-letter the rest, and account for every one.

Each candidate ends in exactly one :class:`Outcome`:

* ``accepted``: a valid article, acknowledged by the broker on news.articles (``id`` set);
* ``rejected``: invalid input, with a bounded ``reason``; it is on news.articles.dlq;
* ``failed``: not acknowledged by the broker (nor, for a rejected input, its dead letter):
  the caller must treat it as not delivered (exit code, HTTP 503).

Counted in ``claimstream_ingest_articles_total{source}``, ``claimstream_ingest_rejected_total
{source,reason}`` and (by the publisher) ``claimstream_dlq_messages_total{stage,reason}``.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Iterable
from dataclasses import dataclass
from typing import Any, Literal

import orjson

from claimstream import metrics
from claimstream.bus.producer import Publisher, PublishError
from claimstream.contracts import topics
from claimstream.contracts.articles import InvalidArticle, parse_article
from claimstream.ingest.candidates import Candidate
from claimstream.settings import Settings

log = logging.getLogger(__name__)

Status = Literal["accepted", "rejected", "failed"]
STAGES = {"http": "ingest-http", "file": "ingest-file", "stdin": "ingest-stdin", "feed": "ingest-feed"}
# Fields other than the text are bounded too: the serialised article may exceed the text limit by this.
FIELDS_ALLOWANCE_BYTES = 64 * 1024


@dataclass
class Outcome:
    origin: str
    status: Status
    id: str | None = None
    reason: str | None = None
    error: str | None = None
    partition: int | None = None
    offset: int | None = None

    def as_dict(self) -> dict[str, Any]:
        return {k: v for k, v in vars(self).items() if v is not None}


@dataclass
class Tally:
    accepted: int = 0
    rejected: int = 0
    failed: int = 0

    def add(self, outcomes: Iterable[Outcome]) -> None:
        for o in outcomes:
            setattr(self, o.status, getattr(self, o.status) + 1)

    @property
    def ok(self) -> bool:
        return self.rejected == 0 and self.failed == 0


def article_json_limit(settings: Settings) -> int:
    """Largest serialised article (text at its limit, escaped, plus the bounded fields); also the
    longest JSONL line ingest reads."""
    return 2 * settings.max_article_bytes + FIELDS_ALLOWANCE_BYTES


def validate(candidate: Candidate, settings: Settings) -> tuple[dict[str, Any], bytes]:
    """The Article v1 dict and its serialised bytes; raises :class:`InvalidArticle`."""
    if candidate.error is not None:
        raise candidate.error
    value = candidate.value
    if isinstance(value, dict) and "ingested_at" in value:  # ingest owns this clock: a client's value is dropped
        value = {k: v for k, v in value.items() if k != "ingested_at"}
    article = parse_article(value, max_text_bytes=settings.max_article_bytes)
    try:
        encoded = orjson.dumps(article)
    except orjson.JSONEncodeError as exc:  # e.g. unpaired surrogates in a field built in Python
        raise InvalidArticle("bad_encoding", f"article cannot be encoded as UTF-8 JSON: {exc}") from None
    limit = article_json_limit(settings)
    if len(encoded) > limit:
        raise InvalidArticle("too_large", f"article is {len(encoded)} bytes as JSON, the limit is {limit}")
    return article, encoded


class Ingestor:
    """Publishes candidates from one kind of source (``http``, ``file``, ``stdin``, ``feed``)."""

    def __init__(self, publisher: Publisher, settings: Settings, source: str) -> None:
        self.publisher = publisher
        self.settings = settings
        self.source = source
        self.stage = STAGES[source]

    async def submit(self, candidates: Iterable[Candidate]) -> list[Outcome]:
        """Handle one batch; returns one outcome per candidate, in order."""
        items = list(candidates)
        outcomes: list[Outcome | None] = [None] * len(items)
        good: list[tuple[int, dict[str, Any], bytes]] = []
        bad: list[tuple[int, InvalidArticle]] = []
        for i, cand in enumerate(items):
            try:
                article, encoded = validate(cand, self.settings)
                good.append((i, article, encoded))
            except InvalidArticle as exc:
                bad.append((i, exc))
        if good:
            results = await self.publisher.send_many_bytes(
                topics.ARTICLES.name, [(a["id"], enc) for _, a, enc in good], return_exceptions=True
            )
            for (i, article, _), result in zip(good, results, strict=True):
                if isinstance(result, PublishError) and result.too_large:
                    bad.append((i, InvalidArticle("too_large", f"the broker refused the article: {result}")))
                elif isinstance(result, BaseException):
                    outcomes[i] = Outcome(items[i].origin, "failed", id=article["id"], error=str(result))
                else:
                    metrics.ARTICLES_INGESTED.labels(source=self.source).inc()
                    outcomes[i] = Outcome(
                        items[i].origin, "accepted", id=article["id"], partition=result.partition, offset=result.offset
                    )
        rejected = await asyncio.gather(*(self._reject(items[i], exc) for i, exc in bad))
        for (i, _), outcome in zip(bad, rejected, strict=True):
            outcomes[i] = outcome
        return [o for o in outcomes if o is not None]

    async def _reject(self, cand: Candidate, exc: InvalidArticle) -> Outcome:
        metrics.ARTICLES_REJECTED.labels(source=self.source, reason=exc.reason).inc()
        log.debug("rejected %s: %s: %s", cand.origin, exc.reason, str(exc)[:300])
        try:
            await self.publisher.dead_letter(
                cand.raw, error=str(exc) or exc.reason, reason=exc.reason, stage=self.stage
            )
        except PublishError as dlq_error:
            return Outcome(
                cand.origin,
                "failed",
                reason=exc.reason,
                error=f"rejected ({exc}) but its dead letter was not acknowledged: {dlq_error}",
            )
        return Outcome(cand.origin, "rejected", reason=exc.reason, error=str(exc))

    async def submit_stream(self, candidates: Iterable[Candidate], chunk: int = 500) -> AsyncIterator[Outcome]:
        """Handle a long stream in chunks (bounded memory), yielding outcomes as they settle."""
        batch: list[Candidate] = []
        for cand in candidates:
            batch.append(cand)
            if len(batch) >= chunk:
                for outcome in await self.submit(batch):
                    yield outcome
                batch = []
        if batch:
            for outcome in await self.submit(batch):
                yield outcome
