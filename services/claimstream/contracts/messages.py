"""Builders for the wire messages (claims, dead letters, alerts) around extractor output.

Extractors return plain field dicts (see ``claimstream.extract``); this module adds the
envelope every claim carries: ``schema``, ``claim_id``, ``article_id``,
``extractor_version`` and the article's timestamps for end-to-end latency.
``claim_id`` is a hash of the article id, the claim kind and the claim's identifying
fields, so re-processing an article yields the same ids and consumers can deduplicate.
"""

from __future__ import annotations

import base64
import hashlib
from typing import Any

import orjson

from claimstream.contracts import topics
from claimstream.contracts.articles import REASONS, now_rfc3339

# Schema ids are declared with their topics (contracts/topics.py).
ENTITIES_SCHEMA = str(topics.ENTITIES.schema)
QUOTE_SCHEMA = str(topics.QUOTES.schema)
AID_SCHEMA = str(topics.AID.schema)
DEADLETTER_SCHEMA = str(topics.DLQ.schema)
ALERT_SCHEMA = str(topics.ALERTS.schema)
LEDGER_SCHEMA = str(topics.LEDGER.schema)

# Every value claimstream publishes must fit a Kafka record of the broker's default size (1 MB);
# a record the broker refuses would fail every retry and crash-loop its producer.
MAX_RECORD_BYTES = 900_000
# A dead letter keeps at most this much of its original; JSON escaping can still grow it sixfold
# (control characters become \u0001), so dead_letter() cuts further until the record fits.
MAX_DEAD_LETTER_ORIGINAL_BYTES = 128 * 1024


_ID_PREFIXES = {"entities": "ent", "quote": "quote", "aid": "aid", "alert": "alert"}


def claim_id(article_id: str, kind: str, *parts: object) -> str:
    """``<kind>-<24 hex>``, a hash of the article id, the kind and the claim's identifying parts."""
    digest = hashlib.sha256("\x1f".join([article_id, kind, *map(str, parts)]).encode("utf-8"))
    return f"{_ID_PREFIXES[kind]}-{digest.hexdigest()[:24]}"


def text_digest(text: str) -> str:
    """A short hash of an article's text, for ids that must change when the text is corrected."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:24]


def _envelope(schema: str, kind: str, article: dict[str, Any], version: str, *id_parts: object) -> dict[str, Any]:
    return {
        "schema": schema,
        "claim_id": claim_id(article["id"], kind, *id_parts),
        "article_id": article["id"],
        "extractor_version": version,
        "article_published_at": article.get("published_at"),
        "article_ingested_at": article.get("ingested_at"),
        # Where the claim was read (the ledger's sources and its count of independent outlets).
        "article_url": article.get("url"),
        "article_source": article.get("source"),
    }


def entities_message(
    article: dict[str, Any], entities: list[dict[str, Any]], version: str, *, quotes: int, aid: int
) -> dict[str, Any]:
    """One message per article with all its entities grouped by canonical name.

    Its ``claim_id`` hashes the article's text as well as its id: a corrected article (same URL,
    so the same article id) gets a new entities id, while a re-processed one keeps its id.

    ``claims`` counts the quote and aid messages published for the same article, so a consumer
    knows when it holds all of an article's claims (the worker publishes them in one batch).
    """
    msg = _envelope(ENTITIES_SCHEMA, "entities", article, version, text_digest(article.get("text") or ""))
    msg["entities"] = entities
    msg["claims"] = {"quotes": quotes, "aid": aid}
    return msg


def quote_message(article: dict[str, Any], quote: dict[str, Any], version: str) -> dict[str, Any]:
    msg = _envelope(QUOTE_SCHEMA, "quote", article, version, quote["start"], quote["end"], quote["kind"])
    msg.update(quote)
    return msg


def aid_message(article: dict[str, Any], aid: dict[str, Any], version: str) -> dict[str, Any]:
    ev = aid["evidence"]
    msg = _envelope(
        AID_SCHEMA,
        "aid",
        article,
        version,
        ev["start"],
        ev["end"],
        aid.get("donor"),
        aid.get("recipient"),
        aid.get("amount"),
    )
    msg.update(aid)
    return msg


def truncate_original(raw: bytes, limit: int = MAX_DEAD_LETTER_ORIGINAL_BYTES) -> tuple[bytes, bool]:
    """At most ``limit`` bytes of ``raw``; valid UTF-8 is cut on a character boundary so it stays text."""
    if len(raw) <= limit:
        return raw, False
    head = raw[:limit]
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return head, True
    return head.decode("utf-8", "ignore").encode("utf-8"), True


# Every reason a dead letter can carry (a metric label): article validation, then the worker's own.
WORKER_REASONS = (
    "decode_failed",  # the worker's decoder raised (a bug; the record must not block its partition)
    "extraction_failed",  # the parse or an extractor raised, or the extraction process died
    "extraction_timeout",  # a stage of the article's extraction overran its time budget
)
DEAD_LETTER_REASONS = (*REASONS, *WORKER_REASONS)


def dead_letter(
    raw: bytes,
    *,
    error: str,
    reason: str,
    stage: str,
    key: bytes | None = None,
    topic: str | None = None,
    partition: int | None = None,
    offset: int | None = None,
) -> dict[str, Any]:
    """DeadLetter v1: the original bytes (text when they decode, else base64) with why and where.

    The original is kept whole up to :data:`MAX_DEAD_LETTER_ORIGINAL_BYTES`, and cut further until
    the serialised letter fits :data:`MAX_RECORD_BYTES`; ``original_truncated``, ``original_bytes``
    and the error say so.
    """
    limit = MAX_DEAD_LETTER_ORIGINAL_BYTES
    while True:
        kept, _ = truncate_original(raw, limit)
        letter = _dead_letter(
            kept,
            len(raw),
            error=error,
            reason=reason,
            stage=stage,
            key=key,
            topic=topic,
            partition=partition,
            offset=offset,
        )
        size = len(orjson.dumps(letter))
        if size <= MAX_RECORD_BYTES or limit == 0:
            return letter
        limit = min(limit, len(kept)) * MAX_RECORD_BYTES // size * 9 // 10


def _dead_letter(
    kept: bytes,
    size: int,
    *,
    error: str,
    reason: str,
    stage: str,
    key: bytes | None,
    topic: str | None,
    partition: int | None,
    offset: int | None,
) -> dict[str, Any]:
    try:
        payload, encoding = kept.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        payload, encoding = base64.b64encode(kept).decode("ascii"), "base64"
    if len(kept) < size:
        error = f"{error[:1800]} [original truncated: first {len(kept)} of {size} bytes kept]"
    return {
        "schema": DEADLETTER_SCHEMA,
        "original": payload,
        "original_encoding": encoding,
        "original_bytes": size,
        "original_truncated": len(kept) < size,
        "original_key": key[:1024].decode("utf-8", "replace") if key is not None else None,
        "error": error[:2000],
        "reason": reason,
        "stage": stage,
        "source_topic": topic,
        "source_partition": partition,
        "source_offset": offset,
        "at": now_rfc3339(),
    }


def alert_message(
    rule: str, severity: str, summary: str, claim: dict[str, Any], subject: str | None = None
) -> dict[str, Any]:
    """Alert v1; ``alert_id`` is deterministic per (rule, claim[, subject]) so a re-run repeats no alert.

    ``subject`` names what the alert is about when one claim can fire a rule several times
    (e.g. each new weapon in one article's entities); it joins the id and the message.
    """
    parts = (rule,) if subject is None else (rule, subject)
    return {
        "schema": ALERT_SCHEMA,
        "alert_id": claim_id(claim.get("claim_id", ""), "alert", *parts),
        "subject": subject,
        "rule": rule,
        "severity": severity,
        "summary": summary,
        "article_id": claim.get("article_id"),
        "claim_id": claim.get("claim_id"),
        "claim": claim,
        "at": now_rfc3339(),
    }


def ledger_digest(record: dict[str, Any]) -> dict[str, Any]:
    """A ledger record as an alert carries it: every field but ``sources``, plus their count and the first.

    A record keeps every source (up to 8 MiB on ``ledger.aid``); an alert must stay small.
    """
    first = record["sources"][0]
    digest = {k: v for k, v in record.items() if k != "sources"}
    digest["source_count"] = len(record["sources"])
    digest["first_source"] = {k: first.get(k) for k in ("article_id", "url", "source", "published_at")}
    return digest


def ledger_alert_message(
    rule: str, severity: str, summary: str, record: dict[str, Any], step: str, article_id: str | None
) -> dict[str, Any]:
    """Alert v1 on a ledger record; ``alert_id`` is deterministic per (commitment, rule, step).

    ``step`` is ``first_seen`` or the status the record reached, so a later version of the record
    (one more source) or a replay after a restart yields the same id and the store drops it.
    """
    return {
        "schema": ALERT_SCHEMA,
        "alert_id": claim_id(record["commitment_id"], "alert", rule, step),
        "subject": step,
        "rule": rule,
        "severity": severity,
        "summary": summary,
        "article_id": article_id,
        "claim_id": record["commitment_id"],
        "claim": ledger_digest(record),
        "at": now_rfc3339(),
    }
