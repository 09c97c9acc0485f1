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

from claimstream.contracts.articles import now_rfc3339

ENTITIES_SCHEMA = "claimstream.entities/v1"
QUOTE_SCHEMA = "claimstream.quote/v1"
AID_SCHEMA = "claimstream.aid/v1"
DEADLETTER_SCHEMA = "claimstream.deadletter/v1"
ALERT_SCHEMA = "claimstream.alert/v1"

# A dead letter must itself fit in a Kafka record (1 MB by default): longer originals are cut.
MAX_DEAD_LETTER_ORIGINAL_BYTES = 256 * 1024


def claim_id(article_id: str, kind: str, *parts: object) -> str:
    digest = hashlib.sha256("\x1f".join([article_id, kind, *map(str, parts)]).encode("utf-8"))
    return f"{kind[0]}-{digest.hexdigest()[:24]}"


def _envelope(schema: str, kind: str, article: dict[str, Any], version: str, *id_parts: object) -> dict[str, Any]:
    return {
        "schema": schema,
        "claim_id": claim_id(article["id"], kind, *id_parts),
        "article_id": article["id"],
        "extractor_version": version,
        "article_published_at": article.get("published_at"),
        "article_ingested_at": article.get("ingested_at"),
    }


def entities_message(article: dict[str, Any], entities: list[dict[str, Any]], version: str, *,
                     quotes: int, aid: int) -> dict[str, Any]:
    """One message per article with all its entities grouped by canonical name.

    ``claims`` counts the quote and aid messages published for the same article, so a consumer
    knows when it holds all of an article's claims (the worker publishes them in one batch).
    """
    msg = _envelope(ENTITIES_SCHEMA, "entities", article, version)
    msg["entities"] = entities
    msg["claims"] = {"quotes": quotes, "aid": aid}
    return msg


def quote_message(article: dict[str, Any], quote: dict[str, Any], version: str) -> dict[str, Any]:
    msg = _envelope(QUOTE_SCHEMA, "quote", article, version, quote["start"], quote["end"], quote["kind"])
    msg.update(quote)
    return msg


def aid_message(article: dict[str, Any], aid: dict[str, Any], version: str) -> dict[str, Any]:
    ev = aid["evidence"]
    msg = _envelope(AID_SCHEMA, "aid", article, version, ev["start"], ev["end"], aid.get("donor"),
                    aid.get("recipient"), aid.get("amount"))
    msg.update(aid)
    return msg


def dead_letter(raw: bytes, *, error: str, reason: str, stage: str, key: bytes | None = None,
                topic: str | None = None, partition: int | None = None,
                offset: int | None = None) -> dict[str, Any]:
    """DeadLetter v1: the original bytes (text when they decode, else base64) with why and where.

    Originals over :data:`MAX_DEAD_LETTER_ORIGINAL_BYTES` keep their first bytes only;
    ``original_truncated`` and ``original_bytes`` say so.
    """
    size = len(raw)
    kept = raw[:MAX_DEAD_LETTER_ORIGINAL_BYTES]
    try:
        payload, encoding = kept.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        if size > len(kept) and exc.start >= len(kept) - 3:  # the cut split a character
            payload, encoding = kept[: exc.start].decode("utf-8", "replace"), "utf-8"
        else:
            payload, encoding = base64.b64encode(kept).decode("ascii"), "base64"
    return {
        "schema": DEADLETTER_SCHEMA,
        "original": payload,
        "original_encoding": encoding,
        "original_bytes": size,
        "original_truncated": size > len(kept),
        "original_key": key.decode("utf-8", "replace") if key is not None else None,
        "error": error[:2000],
        "reason": reason,
        "stage": stage,
        "source_topic": topic,
        "source_partition": partition,
        "source_offset": offset,
        "at": now_rfc3339(),
    }


def alert_message(rule: str, severity: str, summary: str, claim: dict[str, Any],
                  subject: str | None = None) -> dict[str, Any]:
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
