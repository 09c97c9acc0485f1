"""The learned decision on aid candidates: is this candidate a commitment the article states?

The rules of ``aid.py`` propose candidates (one per donor and recipient of a package); this layer
scores each with a logistic regression over candidate and package features, the rules' own verdicts
among them (status, novelty, the recipient found by fallback, the rule confidence), and keeps those
scored at or above the threshold, if the training script adopted the model: it is adopted only when
its 5-fold cross-validated aid F1 (mean over the folds and pooled) beats the rules alone; otherwise the
file says ``"adopted": false`` and every rule candidate is kept. The weights are data:
``data/aid_decision.json``, written by ``tests/quality/train_aid_decisions.py`` (scikit-learn,
training only) from the dev set and the project's invented articles, and read here once by a
pure-Python scorer, so the worker needs no scikit-learn. The file records its version, the features
in order and the cross-validated figures of the rules and of the learned decision.
"""

from __future__ import annotations

import json
import math
import re
from functools import cache
from importlib import resources
from typing import Any

from claimstream.extract.actors import is_state, lookup

DECISION_FILE = "aid_decision.json"
STATUSES = ("announced", "pledged", "approved", "delivered", "planned")
AID_TYPES = ("military", "financial", "humanitarian")

# A figure told as a running total or a period's sum ("since 2022", "so far", "more than … in all").
_TOTAL_CUE = re.compile(
    r"\b(?:since|so far|to date|in total|in all|altogether|cumulative|overall|bringing|brings|total)\b", re.I
)
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_FUTURE = re.compile(r"\b(?:will|would|plans?|intends?|to provide|to send|to give)\b", re.I)
_QUOTE_MARKS = re.compile(r"[\"“”]")


def features(index: int, siblings: list[dict[str, Any]], signals: dict[str, float]) -> dict[str, float]:
    """The features of candidate ``siblings[index]`` (a commitment dict) among its article's candidates."""
    cand = siblings[index]
    sentence = cand["evidence"]["sentence"]
    key = (cand["donor"], cand["recipient"], cand["amount"])
    earlier = siblings[:index]
    n = max(len(siblings), 1)
    f: dict[str, float] = {
        "has_amount": float(cand["amount"] is not None),
        "approximate": float(cand["approximate"]),
        "background": float(cand["novelty"] == "background"),
        "has_items": float(bool(cand["items"])),
        "rule_confidence": float(cand["confidence"]),
        "donor_state": float(is_state(cand["donor"])),
        "recipient_state": float(is_state(cand["recipient"])),
        "donor_known": float(lookup(cand["donor"] or "") is not None),  # not an ORG the tables do not know
        "recipient_known": float(lookup(cand["recipient"] or "") is not None),
        "duplicate_of_earlier": float(any((c["donor"], c["recipient"], c["amount"]) == key for c in earlier)),
        "same_pair_with_amount": float(
            cand["amount"] is None
            and any(c["amount"] is not None and (c["donor"], c["recipient"]) == key[:2] for c in siblings)
        ),
        "donor_is_a_recipient": float(any(c["recipient"] == cand["donor"] for c in siblings)),
        "donor_share": sum(c["donor"] == cand["donor"] for c in siblings) / n,
        "recipient_share": sum(c["recipient"] == cand["recipient"] for c in siblings) / n,
        "log_candidates": math.log1p(len(siblings)),
        "total_cue": float(bool(_TOTAL_CUE.search(sentence))),
        "year_cue": float(bool(_YEAR.search(sentence))),
        "future_cue": float(bool(_FUTURE.search(sentence))),
        "in_quote": float(bool(_QUOTE_MARKS.search(sentence))),
        "long_evidence": float(len(sentence) > 400),
        **_package_features(index, siblings),
    }
    f.update({f"status_{s}": float(cand["status"] == s) for s in STATUSES})
    f.update({f"type_{t}": float(cand["aid_type"] == t) for t in AID_TYPES})
    f.update({name: float(signals.get(name, 0.0)) for name in SIGNALS})
    return f


def _package_features(index: int, siblings: list[dict[str, Any]]) -> dict[str, float]:
    """Document-level features: the candidate among the others of its donor and recipient (one package
    stated several times, or a package beside earlier acts and totals of the same pair)."""
    cand = siblings[index]
    pair = [c for c in siblings if (c["donor"], c["recipient"]) == (cand["donor"], cand["recipient"])]
    amounts = [c["amount"] for c in pair if c["amount"] is not None]
    first_donor = siblings[0]["donor"] if siblings else None
    return {
        "pair_share": len(pair) / max(len(siblings), 1),
        "first_of_pair": float(pair[0] is cand),
        "largest_of_pair": float(cand["amount"] is not None and cand["amount"] == max(amounts)),
        "pair_has_new": float(any(c["novelty"] == "new" for c in pair if c is not cand)),
        "first_donor": float(cand["donor"] == first_donor),
    }


# The rule signals every candidate carries (set in aid.py); listed so that a missing one is a zero.
SIGNALS = (
    "lead",
    "position",
    "log_mentions",
    "recipient_fallback",
    "gapped",
    "split",
    "recipient_side",
    "listed",
    "noun_trigger",
)


@cache
def model() -> dict[str, Any]:
    """The shipped weights (loaded once)."""
    path = resources.files("claimstream") / "data" / DECISION_FILE
    raw = json.loads(path.read_text(encoding="utf-8"))
    if set(raw["weights"]) != set(raw["features"]):
        raise ValueError(f"{DECISION_FILE}: weights and features differ")
    return raw


def probability(feats: dict[str, float], weights: dict[str, Any] | None = None) -> float:
    """P(commitment) under the logistic model; features absent from the model are ignored."""
    m = weights or model()
    z = m["bias"] + sum(w * feats.get(name, 0.0) for name, w in m["weights"].items())
    return 1.0 / (1.0 + math.exp(-max(min(z, 50.0), -50.0)))


def keep(feats: dict[str, float], weights: dict[str, Any] | None = None) -> bool:
    """Whether the candidate is emitted. A model the training script did not adopt (its cross-validated
    aid F1 did not beat the rules alone) keeps every rule candidate: the rules decide."""
    m = weights or model()
    return not m.get("adopted", True) or probability(feats, m) >= m["threshold"]
