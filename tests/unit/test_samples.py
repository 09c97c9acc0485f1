"""The project's sample articles (demo, bench, README) are valid input and match EXPECTED.md."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from claimstream.contracts import schemas
from claimstream.contracts.articles import parse_article

SAMPLES = Path(__file__).resolve().parents[2] / "services" / "claimstream" / "data" / "samples"


@pytest.fixture(scope="module")
def articles() -> list[dict[str, Any]]:
    lines = (SAMPLES / "articles.jsonl").read_text(encoding="utf-8").splitlines()
    return [parse_article(json.loads(line)) for line in lines if line.strip()]


def test_every_sample_is_a_valid_article_of_news_length(articles: list[dict[str, Any]]) -> None:
    assert len(articles) >= 14
    for article in articles:
        schemas.validate(article)
        assert article["url"] and article["source"] and article["title"] and article["published_at"]
        assert 250 <= len(article["text"].split()) <= 700, article["title"]
    assert len({a["id"] for a in articles}) == len(articles), "two samples share an id"


def test_expected_md_covers_every_sample_and_its_table_is_well_formed(articles: list[dict[str, Any]]) -> None:
    expected = (SAMPLES / "EXPECTED.md").read_text(encoding="utf-8")
    listed = re.findall(r"^### (\d+) · (a-[0-9a-f]{24}) ·", expected, flags=re.M)
    assert [aid for _, aid in listed] == [a["id"] for a in articles], "EXPECTED.md is out of date"
    rows = re.findall(
        r"^\| (\d+) \| [^|]+ \| [^|]+ \| (\d+|null) \| ([A-Z]{3}|–) \| (yes|no) \| "
        r"(military|financial|humanitarian|mixed) \|",
        expected,
        flags=re.M,
    )
    assert len(rows) >= 12
    assert {int(n) for n, *_ in rows} <= set(range(1, len(articles) + 1))
