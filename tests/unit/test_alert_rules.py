"""Alert rules: loading and validation errors, and evaluation of each rule type on short claims."""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Any

import pytest
import yaml

from claimstream.contracts import schemas
from claimstream.contracts.messages import claim_id
from claimstream.sink.engine import Engine
from claimstream.sink.rules import DEFAULT_RULES_FILE, RuleConfigError, duration, load_rules, parse_rules
from claimstream.sink.store import AlertStore

T0 = "2026-03-01T12:00:00.000Z"


def _doc(*rules: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"version": 1, "rules": list(rules), **extra}


def _engine(*rules: dict[str, Any]) -> Engine:
    return Engine(parse_rules(_doc(*rules)), AlertStore(":memory:"))


def _envelope(schema: str, article: str, kind: str, ingested: str = T0, *parts: object) -> dict[str, Any]:
    return {
        "schema": schema,
        "claim_id": claim_id(article, kind, *parts),
        "article_id": article,
        "extractor_version": "test",
        "article_ingested_at": ingested,
        "article_published_at": None,
    }


def aid(article: str = "a-1", **fields: Any) -> dict[str, Any]:
    claim = _envelope("claimstream.aid/v1", article, "aid", T0, fields.get("donor"), fields.get("amount"))
    claim.update(
        {
            "donor": "Norway",
            "recipient": "Ukraine",
            "amount": 5e8,
            "currency": "USD",
            "approximate": False,
            "aid_type": "military",
            "items": [],
            "status": "announced",
            "novelty": "new",
            "evidence": {"start": 0, "end": 10, "sentence": "Norway sends aid."},
            "confidence": 0.9,
        }
    )
    claim.update(fields)
    return claim


def quote(
    speaker: str | None, text: str = "We will hold the line.", kind: str = "direct", article: str = "a-1"
) -> dict[str, Any]:
    claim = _envelope("claimstream.quote/v1", article, "quote", T0, text)
    claim.update(
        {
            "quote": text,
            "kind": kind,
            "speaker": speaker,
            "speaker_label": "PERSON",
            "cue": "said",
            "start": 0,
            "end": len(text),
            "confidence": 0.8,
            "evidence": {"start": 0, "end": len(text), "sentence": text},
        }
    )
    return claim


def entities(article: str, *names: tuple[str, str], ingested: str = T0) -> dict[str, Any]:
    claim = _envelope("claimstream.entities/v1", article, "entities", ingested)
    claim["entities"] = [{"canonical": n, "label": label, "count": 1, "mentions": []} for n, label in names]
    return claim


def fired(engine: Engine, claim: dict[str, Any]) -> list[str]:
    with engine.store.transaction():
        alerts = engine.evaluate(claim, record_ts=0.0)
        for a in alerts:
            schemas.validate(a)
            engine.store.add_alert(a)
    return [a["rule"] + (f":{a['subject']}" if a["subject"] else "") for a in alerts]


# --- loading and validation ---


def test_packaged_default_rules_load_and_cover_every_rule_type() -> None:
    ruleset = load_rules()
    assert ruleset.source == str(DEFAULT_RULES_FILE)
    assert {r.type for r in ruleset.rules} == {
        "aid_amount",
        "watched_quote",
        "new_weapon",
        "mention_spike",
        "keyword",
        "ledger_record",
    }
    assert "Volodymyr Zelensky" in ruleset.watch.speakers  # speakers default to the watched people


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        ({"id": "x", "type": "aid_amount"}, "missing required key 'min_amount'"),
        ({"id": "x", "type": "aid_amount", "min_amout": 5}, "did you mean 'min_amount'"),
        ({"id": "x", "type": "aid_amount", "min_amount": -1}, "expected a number > 0"),
        ({"id": "x", "type": "aid_amount", "min_amount": 1, "currency": "dollars"}, "not ISO 4217"),
        ({"id": "x", "type": "aid_amount", "min_amount": 1, "aid_types": ["tanks"]}, "valid: military"),
        ({"id": "x", "type": "tweet"}, "'type' must be one of"),
        ({"id": "Bad Id", "type": "keyword"}, "'id' must match"),
        ({"id": "x", "type": "keyword", "keywords": []}, "non-empty list"),
        ({"id": "x", "type": "keyword", "keywords": ["a"], "severity": "loud"}, "'severity' must be one of"),
        ({"id": "x", "type": "mention_spike", "threshold": 3, "window": "soon"}, "expected a duration"),
        ({"id": "x", "type": "mention_spike", "threshold": 0, "window": "1h"}, "whole number >= 1"),
        ({"id": "x", "type": "mention_spike", "threshold": 2, "window": "1h", "clock": "wall"}, "ingested"),
        ({"id": "x", "type": "watched_quote", "speakers": [{"who": "A"}]}, "bad speaker entry"),
        ("just a string", "expected a map"),
    ],
)
def test_invalid_rules_name_the_rule_and_the_problem(rule: Any, message: str) -> None:
    with pytest.raises(RuleConfigError) as err:
        parse_rules(_doc(rule), "test.yaml")
    assert message in str(err.value)
    assert "rules[0]" in str(err.value) and "test.yaml" in str(err.value)


def test_every_problem_is_reported_at_once() -> None:
    doc = _doc(
        {"id": "a", "type": "keyword"},
        {"id": "a", "type": "new_weapon", "knwon": ["x"]},
        version=2,
        metrics={"donor": ["x"]},
    )
    with pytest.raises(RuleConfigError) as err:
        parse_rules(doc)
    text = str(err.value)
    for part in (
        "'version' must be 1",
        "rules[0] (a): missing required key 'keywords'",
        "rules[1] (a): unknown key 'knwon' (did you mean 'known'?)",
        "duplicate rule id 'a'",
        "metrics: unknown key 'donor' (did you mean 'donors'?)",
    ):
        assert part in text


def test_file_errors_are_clear(tmp_path: Path) -> None:
    with pytest.raises(RuleConfigError, match="cannot read"):
        load_rules(tmp_path / "missing.yaml")
    bad = tmp_path / "bad.yaml"
    bad.write_text("rules: [\n")
    with pytest.raises(RuleConfigError, match="not valid YAML"):
        load_rules(bad)


def test_disabled_rules_are_validated_but_not_loaded(tmp_path: Path) -> None:
    path = tmp_path / "r.yaml"
    path.write_text(
        textwrap.dedent("""
        version: 1
        rules:
          - {id: live, type: keyword, keywords: [truce]}
          - {id: idle, type: keyword, keywords: [truce], enabled: false}
    """)
    )
    assert [r.id for r in load_rules(path).rules] == ["live"]
    path.write_text(yaml.safe_dump(_doc({"id": "idle", "type": "keyword", "enabled": False})))
    with pytest.raises(RuleConfigError, match="missing required key"):
        load_rules(path)


@pytest.mark.parametrize(
    ("value", "seconds"),
    [(90, 90.0), ("90s", 90.0), ("15m", 900.0), ("1h", 3600.0), ("2d", 172800.0), ("1.5h", 5400.0)],
)
def test_durations(value: Any, seconds: float) -> None:
    assert duration(value) == seconds


# --- evaluation ---

AID_RULE = {"id": "big", "type": "aid_amount", "min_amount": 1e9, "severity": "critical"}


@pytest.mark.parametrize(
    ("rule_extra", "claim", "fires"),
    [
        ({}, aid(amount=2e9), True),
        ({}, aid(amount=1e9), True),  # at the threshold
        ({}, aid(amount=9.9e8), False),
        ({}, aid(amount=None), False),
        ({}, aid(amount=3e9, novelty="background"), False),  # new only by default
        ({"novelty": ["new", "background"]}, aid(amount=3e9, novelty="background"), True),
        ({"currency": "EUR"}, aid(amount=3e9, currency="USD"), False),
        ({"currency": ["eur", "USD"]}, aid(amount=3e9, currency="USD"), True),
        ({"currency": "USD"}, aid(amount=3e9, currency=None), False),
        ({"donors": ["united states"]}, aid(amount=3e9, donor="United States"), True),
        ({"donors": ["Germany"]}, aid(amount=3e9, donor="United States"), False),
        ({"aid_types": ["humanitarian"]}, aid(amount=3e9), False),
        ({"statuses": ["delivered"]}, aid(amount=3e9, status="delivered"), True),
    ],
)
def test_aid_amount_rule(rule_extra: dict[str, Any], claim: dict[str, Any], fires: bool) -> None:
    assert fired(_engine(AID_RULE | rule_extra), claim) == (["big"] if fires else [])


def test_aid_alert_summary_and_severity() -> None:
    engine = _engine(AID_RULE)
    (alert,) = engine.evaluate(aid(amount=2.5e9, donor="Canada"), 0.0)
    assert alert["severity"] == "critical"
    assert alert["summary"] == "Canada announced 2.5 billion USD military aid to Ukraine"


@pytest.mark.parametrize(
    ("speaker", "kind", "fires"),
    [
        ("Maria Example", "direct", True),
        ("maria  EXAMPLE", "indirect", True),  # case and spacing do not matter
        ("Example", "direct", True),  # alias
        ("Mario Example", "direct", False),
        (None, "direct", False),
    ],
)
def test_watched_quote_rule(speaker: str | None, kind: str, fires: bool) -> None:
    engine = _engine(
        {
            "id": "vip",
            "type": "watched_quote",
            "speakers": [{"name": "Maria Example", "aliases": ["Example"]}, "John Other"],
        }
    )
    assert fired(engine, quote(speaker, kind=kind)) == (["vip"] if fires else [])


def test_watched_quote_kinds_filter() -> None:
    engine = _engine({"id": "vip", "type": "watched_quote", "speakers": ["John Other"], "kinds": ["direct"]})
    assert fired(engine, quote("John Other", kind="indirect")) == []
    assert fired(engine, quote("John Other", kind="direct")) == ["vip"]


def test_new_weapon_fires_once_per_weapon_and_again_on_replay_of_the_same_claim() -> None:
    engine = _engine({"id": "nw", "type": "new_weapon", "known": ["Old Rifle"]})
    first = entities("a-1", ("Skyguard", "WEAPON"), ("Old Rifle", "WEAPON"), ("Oslo", "GPE"))
    assert fired(engine, first) == ["nw:skyguard"]
    assert fired(engine, entities("a-2", ("SKYGUARD", "WEAPON"))) == []
    assert fired(engine, entities("a-3", ("Skyguard", "WEAPON"), ("Lancer", "WEAPON"))) == ["nw:lancer"]
    # A replayed claim finds the memory it wrote itself and yields the same alert id.
    again = engine.evaluate(first, 0.0)
    assert [a["subject"] for a in again] == ["skyguard"]
    assert engine.store.add_alert(again[0]) is False


def test_new_weapon_memory_survives_a_restart(tmp_path: Path) -> None:
    rules = parse_rules(_doc({"id": "nw", "type": "new_weapon"}))
    store = AlertStore(tmp_path / "s.sqlite")
    assert fired(Engine(rules, store), entities("a-1", ("Skyguard", "WEAPON"))) == ["nw:skyguard"]
    store.close()
    reopened = Engine(rules, AlertStore(tmp_path / "s.sqlite"))
    assert fired(reopened, entities("a-2", ("Skyguard", "WEAPON"))) == []


def _at(minute: int) -> str:
    return f"2026-03-01T12:{minute:02d}:00.000Z"


def test_mention_spike_counts_articles_within_the_window_and_cools_down() -> None:
    engine = _engine(
        {"id": "spike", "type": "mention_spike", "threshold": 3, "window": "10m", "cooldown": "30m", "labels": ["ORG"]}
    )
    hits = []
    for i, minute in enumerate([0, 12, 14, 16, 17, 18, 50, 52, 54]):
        claim = entities(f"a-{i}", ("Acme Corp", "ORG"), ("Oslo", "GPE"), ingested=_at(minute))
        hits.append(fired(engine, claim))
    # 12, 14 and 16 make three within ten minutes (0 is out of the window); 17 and 18 are in
    # the cool-down; 50..54 make a second spike after it.
    assert hits == [[], [], [], ["spike:acme corp"], [], [], [], [], ["spike:acme corp"]]


def test_mention_spike_does_not_depend_on_arrival_order() -> None:
    rule = {"id": "spike", "type": "mention_spike", "threshold": 3, "window": "10m"}
    minutes = [14, 30, 12, 16, 1]  # 12, 14, 16 are within ten minutes, but 16 is not the last to arrive
    engine = _engine(rule)
    hits = [fired(engine, entities(f"a-{m}", ("Acme Corp", "ORG"), ingested=_at(m))) for m in minutes]
    assert hits == [[], [], [], ["spike:acme corp"], []]
    (alert,) = engine.store.recent(1)
    assert alert["summary"] == "mention spike: Acme Corp in 3 articles within 10m"
    reverse = _engine(rule)
    assert (
        sum(bool(fired(reverse, entities(f"a-{m}", ("Acme Corp", "ORG"), ingested=_at(m)))) for m in reversed(minutes))
        == 1
    )


def test_mention_spike_counts_an_article_once() -> None:
    engine = _engine({"id": "spike", "type": "mention_spike", "threshold": 2, "window": "1h"})
    claim = entities("a-1", ("Acme Corp", "ORG"))
    assert fired(engine, claim) == []
    assert fired(engine, claim) == []  # the same article again is not a second article
    assert fired(engine, entities("a-2", ("Acme Corp", "ORG"))) == ["spike:acme corp"]


def test_mention_spike_entity_filter() -> None:
    engine = _engine({"id": "spike", "type": "mention_spike", "threshold": 1, "window": "1h", "entities": ["Oslo"]})
    assert fired(engine, entities("a-1", ("Acme Corp", "ORG"), ("Oslo", "GPE"))) == ["spike:oslo"]


@pytest.mark.parametrize(
    ("claim", "fires"),
    [
        (quote("A", "There is no ceasefire yet."), True),
        (quote("A", "Ceasefire!"), True),
        (quote("A", "The ceasefires held."), False),  # whole words only
        (quote("A", "Talks on peace   talks."), False),
        (quote("A", "They opened peace talks."), True),  # phrases
        (aid(evidence={"start": 0, "end": 5, "sentence": "A ceasefire fund was set up."}), True),
        (entities("a-1", ("Ceasefire Council", "ORG")), False),  # entities not in the default fields
    ],
)
def test_keyword_rule(claim: dict[str, Any], fires: bool) -> None:
    engine = _engine({"id": "kw", "type": "keyword", "keywords": ["ceasefire", "peace talks"]})
    assert fired(engine, claim) == (["kw"] if fires else [])


def test_keyword_rule_on_entities_when_asked() -> None:
    engine = _engine({"id": "kw", "type": "keyword", "keywords": ["ceasefire"], "fields": ["entities"]})
    assert fired(engine, entities("a-1", ("Ceasefire Council", "ORG"))) == ["kw"]
    assert fired(engine, quote("A", "ceasefire")) == []


def test_alert_ids_are_deterministic_per_rule_and_claim() -> None:
    rules = [AID_RULE, {"id": "kw", "type": "keyword", "keywords": ["aid"]}]
    claim = aid(amount=2e9)
    first = _engine(*rules).evaluate(claim, 0.0)
    second = _engine(*rules).evaluate(claim, 0.0)
    assert [a["alert_id"] for a in first] == [a["alert_id"] for a in second]
    assert len({a["alert_id"] for a in first}) == 2


def test_a_message_that_is_not_a_claim_fires_nothing() -> None:
    engine = _engine({"id": "kw", "type": "keyword", "keywords": ["x"]})
    assert engine.evaluate({"schema": "claimstream.article/v1", "text": "x"}, 0.0) == []


def test_sink_check_command_reports_errors_and_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from claimstream.cli import main

    bad = tmp_path / "bad.yaml"
    bad.write_text(yaml.safe_dump(_doc({"id": "x", "type": "aid_amount", "min_amout": 5})))
    assert main(["sink", "--rules", str(bad), "--check"]) == 2
    assert "did you mean 'min_amount'" in capsys.readouterr().err
    assert main(["sink", "--check"]) == 0
    assert "7 rule(s) OK" in capsys.readouterr().out
