"""The sink's intake: any record on a claim topic is either a valid claim the rules and metrics
handle without raising, or an :class:`InvalidClaim` with a bounded reason; never a crash.

Before the intake, ``"donor": 123`` on claims.aid raised AttributeError in the sink's label code
on every restart. The real engine, metrics and an in-memory store run here; the Kafka path (the
dead letter on claims.dlq, the committed offsets) is tested in tests/integration/test_sink.py.
"""

from __future__ import annotations

import copy
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimstream.contracts import messages, serde, topics
from claimstream.sink.engine import Engine
from claimstream.sink.intake import REASONS, InvalidClaim, check_claim
from claimstream.sink.observe import ClaimMetrics
from claimstream.sink.rules import parse_rules
from claimstream.sink.store import AlertStore

RULES = """
version: 1
metrics: {donors: [Norway], extra_labels: 2}
rules:
  - {id: big, type: aid_amount, min_amount: 1000}
  - {id: vip, type: watched_quote, speakers: [Ann Lee]}
  - {id: weapon, type: new_weapon}
  - {id: kw, type: keyword, keywords: [truce], fields: [quote, aid, entities]}
  - {id: spike, type: mention_spike, threshold: 2, window: 1h}
"""
ARTICLE = {"id": "a-intake-1", "published_at": "2026-05-01T08:00:00Z", "ingested_at": "2026-05-01T09:00:00.000Z"}
EVIDENCE = {"start": 0, "end": 24, "sentence": "Norway pledged a truce fund."}
AID = messages.aid_message(
    ARTICLE,
    {
        "donor": "Norway",
        "recipient": "Chad",
        "amount": 5000.0,
        "currency": "USD",
        "approximate": False,
        "aid_type": "financial",
        "items": ["field kitchens"],
        "status": "pledged",
        "novelty": "new",
        "evidence": EVIDENCE,
        "confidence": 0.8,
    },
    "v-test",
)
QUOTE = messages.quote_message(
    ARTICLE,
    {
        "quote": "A truce holds",
        "kind": "direct",
        "speaker": "Ann Lee",
        "speaker_label": "PERSON",
        "cue": "say",
        "start": 1,
        "end": 14,
        "confidence": 0.9,
        "evidence": EVIDENCE,
    },
    "v-test",
)
ENTITIES = messages.entities_message(
    ARTICLE,
    [
        {
            "canonical": name,
            "label": label,
            "count": 1,
            "mentions": [{"text": name, "start": 0, "end": len(name)}],
            "evidence": {"start": 0, "end": len(name), "sentence": name},
        }
        for name, label in (("Norway", "GPE"), ("Stormbow", "WEAPON"))
    ],
    "v-test",
    quotes=1,
    aid=1,
)
BASES = {topics.AID.schema: AID, topics.QUOTES.schema: QUOTE, topics.ENTITIES.schema: ENTITIES}
INT64 = st.integers(min_value=-(2**63), max_value=2**63 - 1)  # what JSON on the wire (orjson) can carry
ODD_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    INT64,
    st.floats(allow_nan=False),
    st.text(max_size=20),
    st.sampled_from(["", " ", "\x00", "2026-99-99T99:99Z", "truce", "TRUCE"]),
    st.lists(INT64, max_size=2),
    st.dictionaries(st.text(max_size=4), INT64, max_size=2),
)


def _paths(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [path] if path else []
    if isinstance(value, dict):
        for key, item in value.items():
            found += _paths(item, (*path, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            found += _paths(item, (*path, i))
    return found


@st.composite
def mutated_claims(draw: st.DrawFn) -> tuple[str, dict[str, Any]]:
    """A claim of a random kind with one to three of its fields (at any depth) replaced."""
    schema_id = draw(st.sampled_from(sorted(BASES)))
    claim = copy.deepcopy(BASES[schema_id])
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from(_paths(claim)))
        target = claim
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = draw(ODD_VALUES)
    return schema_id, claim


@pytest.fixture(scope="module")
def core() -> tuple[Engine, ClaimMetrics]:
    ruleset = parse_rules(yaml.safe_load(RULES))
    store = AlertStore(":memory:")
    return Engine(ruleset, store), ClaimMetrics(ruleset.watch, store)


def test_the_base_claims_are_valid_and_fire(core: tuple[Engine, ClaimMetrics]) -> None:
    engine, _ = core
    fired = set()
    for schema_id, claim in BASES.items():
        checked = check_claim(serde.dumps(claim), schema_id)
        fired |= {a["rule"] for a in engine.evaluate(checked, 0.0)}
    assert fired >= {"big", "vip", "weapon", "kw"}


@pytest.mark.parametrize(
    ("raw", "schema_id", "reason"),
    [
        (serde.dumps(AID | {"donor": 123}), topics.AID.schema, "invalid_claim"),
        (serde.dumps(AID | {"amount": "lots"}), topics.AID.schema, "invalid_claim"),
        (serde.dumps(QUOTE | {"speaker": ["a"]}), topics.QUOTES.schema, "invalid_claim"),
        (serde.dumps(ENTITIES | {"entities": [{"canonical": 5}]}), topics.ENTITIES.schema, "invalid_claim"),
        (serde.dumps(QUOTE), topics.AID.schema, "wrong_schema"),
        (serde.dumps({k: v for k, v in AID.items() if k != "schema"}), topics.AID.schema, "wrong_schema"),
        (b"{not json", topics.AID.schema, "malformed_json"),
        (b"", topics.AID.schema, "malformed_json"),
        (None, topics.AID.schema, "malformed_json"),
        (b'"a string"', topics.QUOTES.schema, "not_an_object"),
        (b"[1, 2]", topics.ENTITIES.schema, "not_an_object"),
    ],
)
def test_what_is_not_a_valid_claim_is_refused_with_a_bounded_reason(
    raw: bytes | None, schema_id: str, reason: str
) -> None:
    with pytest.raises(InvalidClaim) as err:
        check_claim(raw, schema_id)
    assert err.value.reason == reason and err.value.reason in REASONS
    assert str(err.value)


@settings(max_examples=1000, deadline=None, suppress_health_check=list(HealthCheck), database=None)
@given(mutated_claims())
def test_a_record_is_refused_or_handled_never_a_crash(core: tuple[Engine, ClaimMetrics], case: Any) -> None:
    engine, claim_metrics = core
    schema_id, claim = case
    try:
        checked = check_claim(serde.dumps(claim), schema_id)
    except InvalidClaim as exc:
        assert exc.reason in REASONS
        return
    assert claim_metrics.observe(checked) is not None
    for alert in engine.evaluate(checked, 0.0):
        assert alert["claim_id"] == checked["claim_id"]
