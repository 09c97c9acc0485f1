"""Aid claims of our own for the ledger tests, built with the same envelope the worker uses."""

from __future__ import annotations

from typing import Any

from claimstream.contracts import messages

VERSION = "test-ledger-1"


def aid_claim(
    article: str,
    *,
    donor: str = "Norway",
    recipient: str | None = "Moldova",
    amount: float | None = 120_000_000,
    currency: str | None = "EUR",
    items: tuple[str, ...] = (),
    status: str = "pledged",
    novelty: str = "new",
    aid_type: str = "financial",
    published: str | None = "2025-03-04T08:00:00Z",
    source: str | None = None,
    sentence: str = "Norway pledged 120 million euros to Moldova for its power grid.",
    approximate: bool = False,
    confidence: float = 0.8,
    start: int = 0,
) -> dict[str, Any]:
    """One valid ``claimstream.aid/v1`` message; ``article`` names the article (and its url)."""
    art = {
        "id": f"art-{article}",
        "url": f"https://{source or article}.example.test/{article}",
        "source": source,
        "published_at": published,
        "ingested_at": published,
    }
    fields = {
        "donor": donor,
        "recipient": recipient,
        "amount": amount,
        "currency": currency,
        "approximate": approximate,
        "aid_type": aid_type,
        "items": list(items),
        "status": status,
        "novelty": novelty,
        "evidence": {"start": start, "end": start + len(sentence), "sentence": sentence},
        "confidence": confidence,
    }
    return messages.aid_message(art, fields, VERSION)
