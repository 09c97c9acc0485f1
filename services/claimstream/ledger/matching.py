"""Does an aid claim report a commitment the ledger already holds? Which one, and by what rule.

A claim joins a record when donor and recipient are the same (canonical names, case folded),
the aid types are compatible (equal, or one is ``mixed``), its article was published within the
time window around the record's sources (``window_days`` either side; up to ``background_days``
after them for a background mention or a later lifecycle step, such as a delivery months after
the pledge), and one rule holds, tried in this order:

* ``amount``: both have an amount and they agree within the tolerance after conversion to USD at
  each one's publication month (same currency: compared as written; no rate for one: no match);
* ``items``: they share an item ("HIMARS", "generators"), when at most one has an amount;
* ``wording``: neither has an amount or items and their evidence sentences share enough content
  words;
* ``sole_record``: a background mention with no amount and no items ("the package announced last
  month") attaches to the only record of that donor and recipient in its look-back window.

A claim never joins a record that already has a source from its own article: the extractor merges
an article's sentences about one package, so two claims of one article are two commitments.
Different amounts (several parts, several recipients) therefore stay separate records. Among
several matching records the closest wins (rule order, then amount difference, then earliest).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from importlib import resources
from typing import Any

import orjson

from claimstream.ledger import fx
from claimstream.ledger.record import STATUS_ORDER, claim_time

RULES = ("amount", "items", "wording", "sole_record")
_RULE_RANK = {r: i for i, r in enumerate(RULES)}
_STATUS_RANK = {s: i for i, s in enumerate(STATUS_ORDER)}
_WORD = re.compile(r"[^\W\d_]{4,}")


@functools.cache
def common_words() -> frozenset[str]:
    """Words the wording rule ignores (``data/ledger_words.json``), loaded and checked once."""
    raw = orjson.loads((resources.files("claimstream") / "data" / WORDS_FILE).read_bytes())
    words = raw.get("common_words")
    if not isinstance(words, list) or not all(isinstance(w, str) and w == w.lower() and len(w) >= 4 for w in words):
        raise ValueError(f"{WORDS_FILE}: common_words must be lower-case words of four letters or more")
    return frozenset(words)


MIN_WORDING_OVERLAP = 0.3
WORDS_FILE = "ledger_words.json"


@dataclass(frozen=True)
class MatchParams:
    window_days: float = 30.0
    """How far (days) a report may be from the record's first and last sources."""
    background_days: float = 400.0
    """How far back a background mention may recall a record."""
    amount_tolerance: float = 0.1
    """Largest relative difference of two amounts (in USD) that still means one commitment."""


@dataclass(frozen=True)
class Match:
    record: dict[str, Any]
    rule: str
    detail: str
    distance: float


def fold(name: str | None) -> str:
    return " ".join((name or "").casefold().split())


def pair_key(claim: dict[str, Any]) -> str:
    """The key that sends every claim that could join a record to the same partition."""
    return f"{fold(claim['donor'])}\x1f{fold(claim.get('recipient'))}"


def find_match(records: Iterable[dict[str, Any]], claim: dict[str, Any], params: MatchParams) -> Match | None:
    """The record ``claim`` reports, or None when it is a commitment of its own."""
    same_pair = [
        r
        for r in records
        if _same_parties(r, claim) and _types_agree(r["aid_type"], claim["aid_type"]) and not _same_article(r, claim)
    ]
    in_window = [r for r in same_pair if _in_window(r, claim, params)]
    found = [m for r in in_window if (m := _rule_for(r, claim, params)) is not None]
    if not found and _is_bare_background(claim) and len(in_window) == 1:
        found = [Match(in_window[0], "sole_record", "the only record of these parties in the look-back window", 0.0)]
    if not found:
        return None
    return min(found, key=lambda m: (_RULE_RANK[m.rule], m.distance, m.record.get("first_seen") or ""))


def _same_article(record: dict[str, Any], claim: dict[str, Any]) -> bool:
    """The extractor already merges one article's sentences about one package: two claims of one
    article are two commitments (e.g. the news and an earlier delivery it recalls)."""
    return any(s["article_id"] == claim["article_id"] for s in record["sources"])


def _same_parties(record: dict[str, Any], claim: dict[str, Any]) -> bool:
    return fold(record["donor"]) == fold(claim["donor"]) and fold(record["recipient"]) == fold(claim.get("recipient"))


def _types_agree(a: str, b: str) -> bool:
    return a == b or "mixed" in (a, b)


def _parse(ts: str | None) -> datetime | None:
    if not ts:
        return None
    try:
        return datetime.fromisoformat(ts.replace("Z", "+00:00"))
    except ValueError:
        return None


def _in_window(record: dict[str, Any], claim: dict[str, Any], params: MatchParams) -> bool:
    at, first, last = _parse(claim_time(claim)), _parse(record.get("first_seen")), _parse(record.get("last_seen"))
    if at is None or first is None or last is None:
        return True  # undated reports cannot be placed in time; the amount or items still must agree
    window = timedelta(days=params.window_days)
    # A background mention, or a later step (a delivery months after the pledge), recalls a known
    # commitment: it may come long after the record's last report.
    recalls = claim["novelty"] == "background" or _STATUS_RANK[claim["status"]] > _STATUS_RANK[record["status"]]
    after = timedelta(days=params.background_days if recalls else params.window_days)
    return first - window <= at <= last + after


def _is_bare_background(claim: dict[str, Any]) -> bool:
    return claim["novelty"] == "background" and claim["amount"] is None and not claim["items"]


def _rule_for(record: dict[str, Any], claim: dict[str, Any], params: MatchParams) -> Match | None:
    if record["amount"] is not None and claim["amount"] is not None:
        return _amount_rule(record, claim, params)
    shared = _shared_items(record["items"], claim["items"])
    if shared:
        return Match(record, "items", "shared items: " + ", ".join(shared), 1.0 - len(shared) / len(claim["items"]))
    if record["amount"] is None and claim["amount"] is None and not record["items"] and not claim["items"]:
        overlap = _wording_overlap(record, claim)
        if overlap >= MIN_WORDING_OVERLAP:
            return Match(
                record, "wording", f"evidence sentences share {overlap:.0%} of their content words", 1 - overlap
            )
    return None


def _amount_rule(record: dict[str, Any], claim: dict[str, Any], params: MatchParams) -> Match | None:
    a, b = _comparable(record, claim)
    if a is None or b is None:
        return None
    diff = abs(a - b) / max(a, b) if max(a, b) > 0 else 0.0
    if diff > params.amount_tolerance:
        return None
    unit = "USD" if record["currency"] != claim["currency"] else record["currency"]
    return Match(
        record, "amount", f"amounts {diff:.1%} apart in {unit} (tolerance {params.amount_tolerance:.0%})", diff
    )


def _comparable(record: dict[str, Any], claim: dict[str, Any]) -> tuple[float | None, float | None]:
    """Both amounts in one unit: as written when the currencies agree, else USD at their months."""
    if record["currency"] == claim["currency"]:
        return float(record["amount"]), float(claim["amount"])
    if not record["currency"] or not claim["currency"]:
        return None, None
    claim_usd = fx.to_usd(claim["amount"], claim["currency"], fx.month_of(claim_time(claim)) or "")
    return record["amount_usd"], claim_usd


def _shared_items(a: list[str], b: list[str]) -> list[str]:
    folded = {i.casefold() for i in a}
    return [i for i in b if i.casefold() in folded]


def _content_words(text: str, skip: set[str]) -> set[str]:
    return {w for w in (m.casefold() for m in _WORD.findall(text)) if w not in common_words() and w not in skip}


def _wording_overlap(record: dict[str, Any], claim: dict[str, Any]) -> float:
    skip = set(fold(record["donor"]).split()) | set(fold(record["recipient"]).split())
    ours = _content_words(claim["evidence"]["sentence"], skip)
    best = 0.0
    for source in record["sources"]:
        theirs = _content_words(source["evidence"], skip)
        if theirs and ours:
            best = max(best, len(theirs & ours) / len(theirs | ours))
    return best
