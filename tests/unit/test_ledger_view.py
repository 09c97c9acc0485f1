"""The ledger's read side and intake without Kafka: query parsing, filters, CSV, totals, bad claims."""

from __future__ import annotations

import csv
import io

import pytest

from claimstream import metrics
from claimstream.contracts import serde
from claimstream.ledger import book as ledger_book
from claimstream.ledger.intake import Refused, decode_claim
from claimstream.ledger.matching import MatchParams
from claimstream.ledger.page import page_html
from claimstream.ledger.view import BadQuery, LedgerView, Query, parse_query, to_csv
from ledger_claims import aid_claim


def _view() -> LedgerView:
    book: ledger_book.Book = {}
    for claim in (
        aid_claim("v1", donor="Norway", published="2025-03-04T08:00:00Z"),
        aid_claim("v2", donor="Norway", source="other", published="2025-03-09T08:00:00Z", status="delivered"),
        aid_claim("v3", donor="Japan", recipient="Ukraine", amount=2e9, currency="JPY", aid_type="humanitarian"),
        aid_claim("v4", donor="Finland", amount=None, currency=None, published="2025-05-01T08:00:00Z"),
    ):
        book, _ = ledger_book.apply(book, claim, MatchParams())
    view = LedgerView()
    for record in book.values():
        assert view.add(serde.dumps(record))
    return view


@pytest.mark.parametrize(
    ("params", "donors"),
    [
        ({}, ["Finland", "Japan", "Norway"]),
        ({"donor": "norway"}, ["Norway"]),
        ({"recipient": "UKRAINE"}, ["Japan"]),
        ({"status": "delivered"}, ["Norway"]),
        ({"aid_type": "humanitarian"}, ["Japan"]),
        ({"since": "2025-04-01"}, ["Finland"]),
        ({"until": "2025-03-04"}, ["Japan", "Norway"]),
        ({"until": "2025-03-04T07:00:00Z"}, []),
        ({"since": "2025-03-05T00:00:00+01:00", "until": "2025-03-31"}, ["Norway"]),
    ],
)
def test_filters(params: dict[str, str], donors: list[str]) -> None:
    assert sorted(r["donor"] for r in _view().select(parse_query(params))) == donors


@pytest.mark.parametrize(
    "params",
    [
        {"colour": "red"},
        {"status": "lost"},
        {"aid_type": "cheese"},
        {"since": "last week"},
        {"limit": "0"},
        {"limit": "100000"},
        {"limit": "ten"},
        {"donor": "x" * 201},
    ],
)
def test_bad_queries_say_why(params: dict[str, str]) -> None:
    with pytest.raises(BadQuery) as err:
        parse_query(params)
    assert str(err.value)


def test_limit_and_order() -> None:
    records = _view().select(Query(limit=2))
    assert len(records) == 2 and records[0]["first_seen"] >= records[1]["first_seen"]


def test_csv_has_one_row_per_record_and_defuses_formulas() -> None:
    view = _view()
    record = next(iter(view.records.values()))
    view.records[record["commitment_id"]] = {**record, "items": ["=HYPERLINK(1)"]}
    rows = list(csv.DictReader(io.StringIO(to_csv(view.select(Query())))))
    assert len(rows) == 3
    assert {r["donor"] for r in rows} == {"Norway", "Japan", "Finland"}
    assert any(r["items"] == "'=HYPERLINK(1)" for r in rows)
    norway = next(r for r in rows if r["donor"] == "Norway")
    assert norway["sources"] == "2" and norway["status"] == "delivered" and "example.test" in norway["urls"]


def test_totals_and_gauges_in_usd() -> None:
    view = _view()
    totals = view.totals_by_donor()
    assert [t["donor"] for t in totals][-1] == "Finland" and totals[-1]["amount_usd"] == 0
    view.export_metrics()
    assert metrics.REGISTRY.get_sample_value("claimstream_ledger_records", {"status": "delivered"}) == 1
    assert metrics.REGISTRY.get_sample_value("claimstream_ledger_records", {"status": "pledged"}) == 2
    japan = metrics.REGISTRY.get_sample_value("claimstream_ledger_committed_usd", {"donor": "Japan"})
    assert japan == next(t["amount_usd"] for t in totals if t["donor"] == "Japan") > 0


def test_view_keeps_the_latest_version_and_ignores_junk() -> None:
    view = _view()
    record = next(iter(view.records.values()))
    assert view.add(serde.dumps({**record, "status": "approved"}))
    assert view.records[record["commitment_id"]]["status"] == "approved"
    assert not view.add(b"{oops") and not view.add(serde.dumps({"schema": "x"})) and len(view.records) == 3


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (b"{not json", "malformed_json"),
        (b"[1]", "not_an_object"),
        (serde.dumps({"schema": "claimstream.aid/v1"}), "invalid_claim"),
        (serde.dumps({**aid_claim("q1"), "amount": -5}), "invalid_claim"),
        (serde.dumps({**aid_claim("q1"), "status": "rumoured"}), "invalid_claim"),
    ],
)
def test_intake_refuses_bad_claims_with_a_reason(raw: bytes, reason: str) -> None:
    refused = decode_claim(raw)
    assert isinstance(refused, Refused) and refused.reason == reason and refused.error


def test_intake_takes_a_valid_claim() -> None:
    claim = aid_claim("q2")
    assert decode_claim(serde.dumps(claim)) == claim


def test_page_is_self_contained() -> None:
    html = page_html()
    assert "<script>" in html and "<style>" in html and 'id="ledger"' in html and "src=" not in html
