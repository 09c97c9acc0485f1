"""The training script's export: the pure-Python scorer of decision.py must give scikit-learn's
probabilities for both model kinds (skipped without the ``[train]`` extra)."""

from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest

pytest.importorskip("sklearn")
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "quality"))

import train_aid_decisions as trainer

from claimstream.extract.aid import decision

NAMES = ["has_amount", "background", "rule_confidence"]


def _samples(n: int = 120) -> list[tuple]:
    """Candidates whose label follows their features, with noise; one background-only match."""
    rng = random.Random(7)
    out = []
    for _ in range(n):
        f = {"has_amount": float(rng.random() < 0.6), "background": float(rng.random() < 0.3)}
        f["rule_confidence"] = round(rng.random(), 2)
        good = f["has_amount"] + f["rule_confidence"] - 2 * f["background"] + rng.gauss(0, 0.4) > 0.5
        out.append(({}, f, int(good), None))
    out.append(({}, {"background": 1.0}, trainer.BACKGROUND, None))
    return out


def test_boosted_trees_export_scores_as_scikit_learn() -> None:
    samples = _samples()
    model = trainer.fit(samples, NAMES, {"kind": "trees", "n": 20, "depth": 2, "rate": 0.1, "threshold": 0.5})
    decision.check(model)  # fit itself compares every training row with predict_proba
    assert model["kind"] == "trees" and len(model["trees"]) == 20
    assert decision.probability({"has_amount": 1.0, "rule_confidence": 0.9}, model) > 0.5
    assert decision.probability({"background": 1.0, "rule_confidence": 0.1}, model) < 0.5


def test_logistic_export_scores_as_scikit_learn() -> None:
    from sklearn.linear_model import LogisticRegression

    samples = [s for s in _samples() if s[2] != trainer.BACKGROUND]
    model = trainer.fit(samples, NAMES, {"kind": "logistic", "C": 1.0, "threshold": 0.5})
    x = [[s[1].get(n, 0.0) for n in NAMES] for s in samples]
    ref = LogisticRegression(C=1.0, max_iter=5000).fit(x, [s[2] for s in samples]).predict_proba(x)[:, 1]
    for row, p in zip(x, ref, strict=True):
        assert decision.probability(dict(zip(NAMES, row, strict=True)), model) == pytest.approx(p, abs=1e-3)


def test_rules_config_and_compact_features() -> None:
    samples = _samples()
    rules = trainer.fit(samples, NAMES, {"kind": "rules"})
    assert rules["adopted"] is False and decision.keep({"background": 1.0}, rules)
    compact = trainer.fit(samples, NAMES, {"kind": "logistic", "C": 1.0, "threshold": 0.5, "features": "compact"})
    assert set(compact["weights"]) == {n for n in NAMES if n in trainer.COMPACT}
