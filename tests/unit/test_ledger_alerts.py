"""The ``ledger_record`` alert rule on ledger records of our own, built by the ledger's own code.

A record fires once when first seen and once per watched status step, never again for the same
record and step: not for a version with one more source, not after a restart of the sink.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from aiokafka import ConsumerRecord

from claimstream import metrics as m
from claimstream.contracts import schemas, serde, topics
from claimstream.ledger import book as ledger_book
from claimstream.ledger.matching import MatchParams
from claimstream.sink.app import ClaimProcessor
from claimstream.sink.engine import Engine
from claimstream.sink.rules import LedgerRecordRule, RuleConfigError, load_rules, parse_rules
from claimstream.sink.store import AlertStore
from ledger_claims import aid_claim

RULE = {"id": "ledger", "type": "ledger_record", "statuses": ["delivered"]}


def _engine(rule: dict[str, Any] = RULE, store: AlertStore | None = None) -> Engine:
    return Engine(parse_rules({"version": 1, "rules": [rule]}), store or AlertStore(":memory:"))


def versions(*claims: dict[str, Any]) -> list[dict[str, Any]]:
    """The versions of one record the ledger publishes as ``claims`` arrive (they must all join it)."""
    book: ledger_book.Book = {}
    out = []
    for claim in claims:
        book, _ = ledger_book.apply(book, claim, MatchParams())
        (record,) = book.values()
        schemas.validate(record)
        out.append(record)
    return out


def stored(engine: Engine, record: dict[str, Any]) -> list[str]:
    """Evaluate one record version as the sink does; the steps of the alerts the store kept as new."""
    with engine.store.transaction():
        alerts = engine.evaluate(record, record_ts=0.0)
        new = []
        for a in alerts:
            schemas.validate(a)
            if engine.store.add_alert(a):
                new.append(a["subject"])
    return new


ANNOUNCED = aid_claim("p1", source="north", status="announced")
SECOND = aid_claim("p2", source="south", status="announced", sentence="Oslo will give Moldova 120 million euros.")
DELIVERED = aid_claim(
    "p3",
    source="east",
    status="delivered",
    published="2025-04-20T08:00:00Z",
    sentence="The 120 million euros from Norway reached Moldova.",
)


# --- the rules file ---


def test_the_default_rules_file_has_a_ledger_rule() -> None:
    (rule,) = [r for r in load_rules().rules if isinstance(r, LedgerRecordRule)]
    assert rule.first_seen and rule.statuses == {"delivered"} and rule.include_background is False
    assert rule.min_amount_usd is None  # USD values stop where the FX table does: no threshold by default


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"min_amount": 5}, "unknown key 'min_amount' (did you mean 'min_amount_usd'?)"),
        ({"min_amount_usd": 0}, "min_amount_usd: expected a number > 0"),
        ({"statuses": ["shipped"]}, "statuses: unknown value(s) 'shipped'; valid: announced"),
        ({"first_seen": "yes"}, "first_seen: expected true or false"),
        ({"include_background": 1}, "include_background: expected true or false"),
        ({"aid_types": ["loans"]}, "aid_types: unknown value(s) 'loans'; valid: military"),
        ({"donors": []}, "donors: expected a non-empty list"),
        ({"first_seen": False, "statuses": None}, "with 'first_seen: false' the rule needs 'statuses'"),
    ],
)
def test_rule_errors_name_the_rule_and_the_problem(extra: dict[str, Any], message: str) -> None:
    rule = {"id": "lr", "type": "ledger_record", **extra}
    rule = {k: v for k, v in rule.items() if v is not None}
    with pytest.raises(RuleConfigError) as err:
        parse_rules({"version": 1, "rules": [rule]}, "r.yaml")
    assert f"rules[0] (lr): {message}" in str(err.value)


# --- evaluation ---


def test_first_seen_then_more_sources_then_delivered_fire_exactly_twice() -> None:
    v1, v2, v3 = versions(ANNOUNCED, SECOND, DELIVERED)
    assert len(v2["sources"]) == 2 and v3["status"] == "delivered"
    engine = _engine()
    assert stored(engine, v1) == ["first_seen"]
    assert stored(engine, v2) == []  # one more source: the same record, no new alert
    assert stored(engine, v1) == []  # a republished older version
    assert stored(engine, v3) == ["delivered"]
    assert stored(engine, v3) == []
    assert engine.store.count() == 2


def test_the_alert_says_what_the_record_is() -> None:
    crowns = {"amount": 500e6, "currency": "NOK"}
    _, v2 = versions(aid_claim("k1", source="north", **crowns), aid_claim("k2", source="south", **crowns))
    (alert,) = _engine().evaluate(v2, 0.0)
    # 10.6782 crowns to the dollar, the Federal Reserve's average of March 2025
    assert alert["summary"] == (
        "new ledger record: Norway -> Moldova, 500 million NOK (46.8 million USD), financial, "
        "pledged, 2 sources, first https://north.example.test/k1"
    )
    digest = alert["claim"]
    assert (digest["donor"], digest["recipient"], digest["amount"], digest["currency"]) == (
        "Norway",
        "Moldova",
        500e6,
        "NOK",
    )
    assert (digest["amount_usd"], digest["status"], digest["source_count"]) == (v2["amount_usd"], "pledged", 2)
    assert digest["first_source"]["url"] == "https://north.example.test/k1"
    assert "sources" not in digest  # a record may hold thousands; the alert stays small
    assert (alert["claim_id"], alert["article_id"], alert["subject"]) == (v2["commitment_id"], "art-k1", "first_seen")


@pytest.mark.parametrize(
    ("claim", "money"),
    [
        (aid_claim("u1", amount=2e9, currency="USD"), "2 billion USD, "),
        (aid_claim("u1", amount=3e9, currency="UAH"), "3 billion UAH (in USD: no_rate: no UAH rate in the table), "),
        (aid_claim("u1", amount=None, currency=None), "no amount, "),
    ],
)
def test_the_amount_in_the_alert(claim: dict[str, Any], money: str) -> None:
    (record,) = versions(claim)
    (alert,) = _engine().evaluate(record, 0.0)
    assert f"Norway -> Moldova, {money}financial" in alert["summary"]


def test_the_delivery_alert_names_the_delivery_article() -> None:
    *_, v3 = versions(ANNOUNCED, DELIVERED)
    alerts = _engine().evaluate(v3, 0.0)
    delivered = next(a for a in alerts if a["subject"] == "delivered")
    assert delivered["article_id"] == "art-p3"
    assert delivered["summary"].startswith("ledger record now delivered: Norway -> Moldova, 120 million EUR")
    assert "delivered, 2 sources, first https://north.example.test/p1" in delivered["summary"]


def test_alert_ids_depend_on_commitment_rule_and_step_only() -> None:
    v1, v2 = versions(ANNOUNCED, SECOND)
    ids = [a["alert_id"] for v in (v1, v2) for a in _engine().evaluate(v, 0.0)]
    assert len(ids) == 2 and ids[0] == ids[1]
    other_rule = _engine(RULE | {"id": "ledger-2"}).evaluate(v1, 0.0)
    assert other_rule[0]["alert_id"] != ids[0]


def test_no_repeat_after_a_restart(tmp_path: Path) -> None:
    v1, v2, v3 = versions(ANNOUNCED, SECOND, DELIVERED)
    store = AlertStore(tmp_path / "alerts.sqlite")
    assert stored(_engine(store=store), v1) == ["first_seen"]
    store.close()
    store = AlertStore(tmp_path / "alerts.sqlite")
    engine = _engine(store=store)
    assert stored(engine, v2) == []
    assert stored(engine, v3) == ["delivered"]
    assert store.count() == 2


def test_a_record_opened_by_a_delivery_alerts_once() -> None:
    (born_delivered,) = versions(DELIVERED)
    assert stored(_engine(), born_delivered) == ["first_seen"]  # its text says delivered
    steps_only = _engine(RULE | {"first_seen": False})
    assert stored(steps_only, born_delivered) == ["delivered"]


def test_a_step_reached_past_a_watched_one_does_not_fire_the_skipped_one() -> None:
    engine = _engine(RULE | {"statuses": ["approved", "delivered"]})
    v1, v2 = versions(ANNOUNCED, DELIVERED)
    assert stored(engine, v1) == ["first_seen"]
    assert stored(engine, v2) == ["delivered"]  # announced -> delivered: "approved" never was the status


@pytest.mark.parametrize(
    ("extra", "claim", "fires"),
    [
        ({"min_amount_usd": 100e6}, aid_claim("f1"), True),  # 120 million euros
        ({"min_amount_usd": 200e6}, aid_claim("f1"), False),
        ({"min_amount_usd": 1}, aid_claim("f1", amount=None, currency=None), False),  # no amount
        ({"min_amount_usd": 1}, aid_claim("f1", currency="UAH"), False),  # no rate: not known to be large
        ({"min_amount_usd": 1}, aid_claim("f1", published="2030-01-02T08:00:00Z"), False),  # month not in the table
        ({"min_amount_usd": 1e8}, aid_claim("f1", currency="USD", published="2030-01-02T08:00:00Z"), True),
        ({"min_amount_usd": 2e8}, aid_claim("f1", currency="USD", published="2030-01-02T08:00:00Z"), False),
        ({}, aid_claim("f1", amount=None, currency=None), True),
        ({"donors": ["NORWAY"]}, aid_claim("f1"), True),
        ({"donors": ["Denmark"]}, aid_claim("f1"), False),
        ({"recipients": ["moldova"]}, aid_claim("f1"), True),
        ({"recipients": ["Chad"]}, aid_claim("f1", recipient=None), False),
        ({"aid_types": ["military"]}, aid_claim("f1"), False),
        ({}, aid_claim("f1", novelty="background"), False),  # known only from background: not by default
        ({"include_background": True}, aid_claim("f1", novelty="background"), True),
    ],
)
def test_filters(extra: dict[str, Any], claim: dict[str, Any], fires: bool) -> None:
    (record,) = versions(claim)
    assert stored(_engine(RULE | extra), record) == (["first_seen"] if fires else [])


def test_a_background_record_alerts_when_the_news_reports_it() -> None:
    recalled = aid_claim("b1", source="north", novelty="background")
    reported = aid_claim("b2", source="south", published="2025-03-06T08:00:00Z")
    v1, v2 = versions(recalled, reported)
    engine = _engine()
    assert stored(engine, v1) == []
    assert stored(engine, v2) == ["first_seen"]


def test_claims_and_records_fire_only_their_own_rules() -> None:
    rules = parse_rules(
        {
            "version": 1,
            "rules": [
                RULE,
                {"id": "big", "type": "aid_amount", "min_amount": 1},
                {"id": "kw", "type": "keyword", "keywords": ["Moldova"]},
            ],
        }
    )
    engine = Engine(rules, AlertStore(":memory:"))
    (record,) = versions(ANNOUNCED)
    assert [a["rule"] for a in engine.evaluate(record, 0.0)] == ["ledger"]
    assert sorted(a["rule"] for a in engine.evaluate(ANNOUNCED, 0.0)) == ["big", "kw"]


# --- the sink's processor: records off ledger.aid ---


def _record(value: bytes | None, offset: int) -> ConsumerRecord[bytes, bytes]:
    return ConsumerRecord("ledger.aid", 0, offset, 0, 0, b"ldg-key", value, None, 7, len(value or b""), ())


def test_the_processor_alerts_on_valid_records_and_refuses_invalid_ones() -> None:
    v1, v2 = versions(ANNOUNCED, SECOND)
    rules = parse_rules({"version": 1, "rules": [RULE]})
    processor = ClaimProcessor(rules, AlertStore(":memory:"), ["topic"], {"ledger.aid": topics.LEDGER})
    invalid = serde.dumps({**v1, "sources": []})  # a record has at least one source
    before = m.SINK_INVALID.labels(kind="ledger", reason="invalid_claim")._value.get()
    result = processor.process(
        [_record(serde.dumps(v1), 0), _record(invalid, 1), _record(None, 2), _record(serde.dumps(v2), 3)]
    )
    assert (result.claims, result.invalid) == (2, 1)  # the tombstone (a deleted record) is neither
    assert [a["subject"] for a in result.alerts] == ["first_seen"]
    (refused,) = result.refused
    assert (refused.record.offset, refused.reason) == (1, "invalid_claim")
    assert "sources" in refused.error
    assert m.SINK_INVALID.labels(kind="ledger", reason="invalid_claim")._value.get() == before + 1


def test_the_alert_schema_checks_the_ledger_digest() -> None:
    (record,) = versions(ANNOUNCED)
    (alert,) = _engine().evaluate(record, 0.0)
    schemas.validate(alert)
    for broken in ({**alert["claim"], "sources": record["sources"]}, {**alert["claim"], "source_count": 0}):
        with pytest.raises(schemas.SchemaError):
            schemas.validate({**alert, "claim": broken})
