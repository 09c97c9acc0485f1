"""Ledger matching and records on our own claims: which reports are one commitment, and why."""

from __future__ import annotations

from typing import Any

import pytest

from claimstream.contracts.schemas import validate
from claimstream.ledger import book as ledger_book
from claimstream.ledger import fx
from claimstream.ledger.matching import MatchParams, find_match, pair_key
from claimstream.ledger.record import open_record
from ledger_claims import aid_claim

P = MatchParams()


def _book(*claims: dict[str, Any]) -> tuple[ledger_book.Book, list[ledger_book.Outcome]]:
    book: ledger_book.Book = {}
    outcomes = []
    for claim in claims:
        book, outcome = ledger_book.apply(book, claim, P)
        outcomes.append(outcome)
    for record in book.values():
        validate(record)
    return book, outcomes


# (description, second claim's overrides, joins?, rule)
CASES = [
    ("same amount, other outlet", {"source": "b"}, True, "amount"),
    ("5% apart", {"amount": 126_000_000}, True, "amount"),
    ("20% apart: another part", {"amount": 150_000_000}, False, None),
    ("dollars vs euros, same value", {"amount": "usd", "currency": "USD"}, True, "amount"),
    ("other recipient", {"recipient": "Georgia"}, False, None),
    ("other donor", {"donor": "Denmark"}, False, None),
    ("donor case differs", {"donor": "NORWAY"}, True, "amount"),
    ("two months later", {"published": "2025-05-10T08:00:00Z"}, False, None),
    ("ten days later", {"published": "2025-03-14T08:00:00Z"}, True, "amount"),
    ("delivered four months later", {"published": "2025-07-10T08:00:00Z", "status": "delivered"}, True, "amount"),
    ("delivered two years later", {"published": "2027-04-10T08:00:00Z", "status": "delivered"}, False, None),
    ("other aid type", {"aid_type": "military"}, False, None),
    ("no rate for the currency", {"currency": "UAH", "amount": 5_000_000_000}, False, None),
    ("background a year later", {"novelty": "background", "published": "2026-02-01T08:00:00Z"}, True, "amount"),
]


@pytest.mark.parametrize(("what", "overrides", "joins", "rule"), CASES, ids=[c[0] for c in CASES])
def test_second_report_joins_or_opens(what: str, overrides: dict[str, Any], joins: bool, rule: str | None) -> None:
    first = aid_claim("a1", source="a")
    if overrides.get("amount") == "usd":
        overrides = {**overrides, "amount": 120_000_000 / fx.rates()["2025-03"]["EUR"]}
    second = aid_claim("a2", **{"source": "b", **overrides})
    if pair_key(first) != pair_key(second):
        assert not joins
        return
    book, outcomes = _book(first, second)
    assert outcomes[1].kind == ("joined" if joins else "opened"), what
    assert len(book) == (1 if joins else 2)
    if joins:
        record = next(iter(book.values()))
        assert [s["joined_by"] for s in record["sources"]] == ["opened", rule]
        assert record["sources"][1]["match_detail"]


def test_three_outlets_one_record_rising_confidence_and_status() -> None:
    claims = [
        aid_claim("x1", source="alpha", status="announced", published="2025-03-04T08:00:00Z"),
        aid_claim("x2", source="beta", amount=119_500_000, items=("transformers",), published="2025-03-05T08:00:00Z"),
        aid_claim("x3", source="gamma", status="delivered", published="2025-03-20T08:00:00Z", items=("cables",)),
    ]
    book, outcomes = _book(*claims)
    assert [o.kind for o in outcomes] == ["opened", "joined", "joined"]
    (record,) = book.values()
    assert record["outlets"] == 3 and len(record["sources"]) == 3
    assert record["status"] == "delivered"
    assert [h["status"] for h in record["status_history"]] == ["announced", "pledged", "delivered"]
    assert record["status_history"][-1]["article_id"] == "art-x3"
    assert record["items"] == ["transformers", "cables"]
    assert record["first_seen"] == "2025-03-04T08:00:00Z" and record["last_seen"] == "2025-03-20T08:00:00Z"
    confidences = [open_record(claims[0])["confidence"]]
    partial, _ = _book(*claims[:2])
    confidences.append(next(iter(partial.values()))["confidence"])
    confidences.append(record["confidence"])
    assert confidences == sorted(confidences) and confidences[0] < confidences[2] <= 0.99
    assert record["amount_usd"] == pytest.approx(120_000_000 / fx.rates()["2025-03"]["EUR"], abs=0.01)


def test_one_outlet_reporting_twice_counts_once() -> None:
    book, _ = _book(aid_claim("y1", source="alpha"), aid_claim("y2", source="alpha"))
    (record,) = book.values()
    assert record["outlets"] == 1
    assert record["confidence"] == open_record(aid_claim("y1", source="alpha"))["confidence"]


def test_redelivered_claim_is_a_duplicate_and_changes_nothing() -> None:
    claim = aid_claim("z1")
    book, outcomes = _book(claim, claim)
    assert [o.kind for o in outcomes] == ["opened", "duplicate"]
    assert len(next(iter(book.values()))["sources"]) == 1


def test_replay_gives_the_same_records() -> None:
    claims = [aid_claim(f"r{i}", source=f"s{i % 3}", amount=100_000_000 + i * 1_000_000) for i in range(6)]
    assert _book(*claims)[0] == _book(*claims)[0]


def test_items_join_reports_without_amount() -> None:
    kw = {"amount": None, "currency": None, "aid_type": "military", "recipient": "Ukraine"}
    first = aid_claim("i1", items=("HIMARS", "artillery shells"), **kw)
    same = aid_claim("i2", items=("himars",), **kw)
    other = aid_claim("i3", items=("generators",), **kw)
    _, outcomes = _book(first, same, other)
    assert [(o.kind, o.rule) for o in outcomes] == [("opened", "opened"), ("joined", "items"), ("opened", "opened")]
    assert "himars" in outcomes[1].record["sources"][1]["match_detail"]


def test_wording_joins_when_neither_has_amount_or_items() -> None:
    kw = {"amount": None, "currency": None}
    first = aid_claim("w1", sentence="Norway promised Moldova money to rebuild hospitals damaged by flooding.", **kw)
    close = aid_claim("w2", sentence="Norway will fund Moldova's repair of flooding damaged hospitals.", **kw)
    unlike = aid_claim("w3", sentence="Norway agreed to pay Moldova's school teachers during the strike.", **kw)
    _, outcomes = _book(first, close, unlike)
    assert [o.rule for o in outcomes] == ["opened", "wording", "opened"]


def test_background_mention_attaches_or_opens_a_background_record() -> None:
    news = aid_claim("b1", source="alpha")
    bare = aid_claim("b2", amount=None, currency=None, novelty="background", published="2025-06-01T08:00:00Z")
    book, outcomes = _book(news, bare)
    assert outcomes[1].rule == "sole_record" and len(book) == 1
    assert next(iter(book.values()))["known_from"] == "news"
    lone, _ = _book(aid_claim("b3", novelty="background", donor="Finland"))
    assert next(iter(lone.values()))["known_from"] == "background"


def test_an_exact_figure_replaces_an_approximate_one() -> None:
    book, _ = _book(aid_claim("e1", amount=118_000_000, approximate=True), aid_claim("e2", amount=121_500_000))
    (record,) = book.values()
    assert record["amount"] == 121_500_000 and record["approximate"] is False


def test_record_without_rate_says_why() -> None:
    record = open_record(aid_claim("n1", currency="UAH", amount=3_000_000_000))
    assert record["amount_usd"] is None and record["amount_eur"] is None
    assert record["fx_note"] == "no_rate: no UAH rate in the table"
    late = open_record(aid_claim("n2", published="2026-11-02T08:00:00Z"))
    assert late["amount_usd"] is None and late["fx_note"].startswith("no_rate: no rates for 2026-11")


def test_find_match_prefers_the_closest_amount() -> None:
    a, _ = _book(aid_claim("c1", amount=100_000_000), aid_claim("c2", amount=108_000_000 * 1.05))
    probe = aid_claim("c3", amount=109_000_000)
    match = find_match(a.values(), probe, P)
    assert match is not None and match.record["sources"][0]["article_id"] == "art-c2"


def test_common_words_load() -> None:
    from claimstream.ledger.matching import common_words

    assert "package" in common_words() and "hospitals" not in common_words()


def test_two_claims_of_one_article_are_two_commitments() -> None:
    news = aid_claim("s1", items=("generators",), status="pledged")
    recalled = aid_claim("s1", items=("generators",), status="delivered", novelty="background", start=200)
    book, outcomes = _book(news, recalled)
    assert [o.kind for o in outcomes] == ["opened", "opened"] and len(book) == 2
    assert {r["status"] for r in book.values()} == {"pledged", "delivered"}


def test_times_are_kept_in_utc() -> None:
    early = aid_claim("t1", published="2025-03-04T23:30:00-05:00")  # 04:30Z on the 5th
    late = aid_claim("t2", source="b", published="2025-03-05T02:00:00Z")
    book, _ = _book(early, late)
    (record,) = book.values()
    assert record["first_seen"] == "2025-03-05T02:00:00Z" and record["last_seen"] == "2025-03-05T04:30:00Z"
    assert record["sources"][0]["published_at"] == "2025-03-05T04:30:00Z"
