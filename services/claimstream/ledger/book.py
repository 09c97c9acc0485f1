"""The records of one donor-recipient pair, and what one claim does to them.

The faust table holds one ``Book`` value (``{commitment_id: record}``) per pair key, so applying a
claim reads and writes one table entry. A claim already among a record's sources (a re-delivered
claim after a restart) changes nothing: replays are idempotent.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from claimstream.ledger import record as rec
from claimstream.ledger.matching import MatchParams, find_match

Book = dict[str, dict[str, Any]]


@dataclass(frozen=True)
class Outcome:
    kind: str
    """``opened``, ``joined`` or ``duplicate``."""
    record: dict[str, Any]
    rule: str
    before: dict[str, Any] | None = None
    """The record as it was before the claim joined (None when opened)."""


def apply(book: Book, claim: dict[str, Any], params: MatchParams) -> tuple[Book, Outcome]:
    """The book after ``claim``, and what happened; ``book`` itself is not modified."""
    for record in book.values():
        if rec.has_claim(record, claim["claim_id"]):
            return book, Outcome("duplicate", record, "duplicate")
    match = find_match(book.values(), claim, params)
    if match is None:
        record = rec.open_record(claim)
        return {**book, record["commitment_id"]: record}, Outcome("opened", record, "opened")
    joined = rec.join(match.record, claim, match.rule, match.detail)
    return {**book, joined["commitment_id"]: joined}, Outcome("joined", joined, match.rule, before=match.record)
