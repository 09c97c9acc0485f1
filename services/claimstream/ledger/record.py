"""The ledger record (``claimstream.ledger/v1``) and how a claim opens or joins one.

Records are plain dicts shaped like ``schemas/ledger.v1.schema.json``. Every field is derived from
the claims themselves (their publication times, never the wall clock), so replaying the same
claims in the same order gives the same records, byte for byte.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from typing import Any

from claimstream.contracts.messages import LEDGER_SCHEMA
from claimstream.ledger import fx

# Lifecycle order: a record's status is the furthest step any of its claims reports.
STATUS_ORDER = ("planned", "announced", "pledged", "approved", "delivered")
_STATUS_RANK = {s: i for i, s in enumerate(STATUS_ORDER)}
# Weight of one outlet's report in the confidence: a background mention recalls, it does not report.
_NOVELTY_WEIGHT = {"new": 1.0, "background": 0.5}
MAX_CONFIDENCE = 0.99


def commitment_id(opening_claim_id: str) -> str:
    """``ldg-<24 hex>``: a hash of the claim that opened the record, so a replay gives the same id."""
    return "ldg-" + hashlib.sha256(f"ledger\x1f{opening_claim_id}".encode()).hexdigest()[:24]


def claim_time(claim: dict[str, Any]) -> str | None:
    """When the claim's article was published (else ingested), in UTC (``...Z``), or None.

    UTC so that times compare as text (first_seen, last_seen, the API's since/until).
    """
    raw = claim.get("article_published_at") or claim.get("article_ingested_at") or None
    if not raw:
        return None
    try:
        parsed = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        return str(raw)
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def outlet(source: dict[str, Any]) -> str:
    """The outlet a source counts for: its ``source`` name, else the url's host, else the article."""
    if source.get("source"):
        return str(source["source"]).strip().lower()
    url = source.get("url") or ""
    if "//" in url:
        return url.split("//", 1)[1].split("/", 1)[0].lower().removeprefix("www.")
    return f"article:{source['article_id']}"


def _source(claim: dict[str, Any], rule: str, detail: str) -> dict[str, Any]:
    return {
        "article_id": claim["article_id"],
        "url": claim.get("article_url"),
        "source": claim.get("article_source"),
        "published_at": claim_time(claim),
        "claim_id": claim["claim_id"],
        "extractor_version": claim["extractor_version"],
        "novelty": claim["novelty"],
        "claim_confidence": claim["confidence"],
        "status": claim["status"],
        "amount": claim["amount"],
        "currency": claim["currency"],
        "items": list(claim["items"]),
        "joined_by": rule,
        "match_detail": detail,
        "evidence": claim["evidence"]["sentence"],
    }


def open_record(claim: dict[str, Any]) -> dict[str, Any]:
    """A new record with ``claim`` as its only source."""
    record: dict[str, Any] = {
        "schema": LEDGER_SCHEMA,
        "commitment_id": commitment_id(claim["claim_id"]),
        "donor": claim["donor"],
        "recipient": claim["recipient"],
        "aid_type": claim["aid_type"],
        "items": [],
        "status": claim["status"],
        "status_history": [],
        "sources": [],
    }
    _take_amount(record, claim)
    _add(record, claim, "opened", "no earlier record matched")
    return record


def join(record: dict[str, Any], claim: dict[str, Any], rule: str, detail: str) -> dict[str, Any]:
    """A copy of ``record`` with ``claim`` added as a source (the caller checked it matches)."""
    new = {**record, "sources": list(record["sources"]), "status_history": list(record["status_history"])}
    if new["amount"] is None and claim["amount"] is not None:
        _take_amount(new, claim)
    elif new["approximate"] and claim["amount"] is not None and not claim["approximate"]:
        _take_amount(new, claim)  # an exact figure replaces "nearly $2 billion"
    if new["aid_type"] != claim["aid_type"]:
        new["aid_type"] = "mixed"
    _add(new, claim, rule, detail)
    return new


def has_claim(record: dict[str, Any], claim_id: str) -> bool:
    return any(s["claim_id"] == claim_id for s in record["sources"])


def _take_amount(record: dict[str, Any], claim: dict[str, Any]) -> None:
    record["amount"], record["currency"] = claim["amount"], claim["currency"]
    record["approximate"] = bool(claim["approximate"]) if claim["amount"] is not None else False
    conv = fx.convert(claim["amount"], claim["currency"], fx.month_of(claim_time(claim)))
    record["amount_usd"], record["amount_eur"] = conv.amount_usd, conv.amount_eur
    record["fx_month"], record["fx_note"] = conv.fx_month, conv.note


def _add(record: dict[str, Any], claim: dict[str, Any], rule: str, detail: str) -> None:
    record["sources"].append(_source(claim, rule, detail))
    record["items"] = _union(record["items"], claim["items"])
    if _STATUS_RANK[claim["status"]] > _STATUS_RANK[record["status"]]:
        record["status"] = claim["status"]
    if claim["status"] not in {h["status"] for h in record["status_history"]}:
        record["status_history"].append(
            {"status": claim["status"], "at": claim_time(claim), "article_id": claim["article_id"]}
        )
        record["status_history"].sort(key=lambda h: (_STATUS_RANK[h["status"]], h["at"] or ""))
    times = [s["published_at"] for s in record["sources"] if s["published_at"]]
    record["first_seen"] = min(times) if times else None
    record["last_seen"] = max(times) if times else None
    record["known_from"] = "news" if any(s["novelty"] == "new" for s in record["sources"]) else "background"
    record["outlets"] = len({outlet(s) for s in record["sources"]})
    record["confidence"] = confidence(record["sources"])


def _union(items: list[str], more: list[str]) -> list[str]:
    seen = {i.lower() for i in items}
    out = list(items)
    for item in more:
        if item.lower() not in seen:
            seen.add(item.lower())
            out.append(item)
    return out


def confidence(sources: list[dict[str, Any]]) -> float:
    """1 - the chance every independent outlet is wrong; several reports by one outlet count once.

    With the extractor's per-claim confidence c for each outlet's best report (halved for a
    background mention), confidence = 1 - prod(1 - c): it rises with every further outlet.
    """
    best: dict[str, float] = {}
    for s in sources:
        weight = _NOVELTY_WEIGHT[s["novelty"]]
        key = outlet(s)
        best[key] = max(best.get(key, 0.0), weight * s["claim_confidence"])
    doubt = 1.0
    for c in best.values():
        doubt *= 1.0 - c
    return round(min(MAX_CONFIDENCE, 1.0 - doubt), 3)
