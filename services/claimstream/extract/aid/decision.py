"""The learned decision on aid candidates: is this candidate a commitment the article states?

The rules of ``commitments.py`` propose candidates (one per donor and recipient of a package); this
layer scores each with a logistic regression or boosted trees over candidate, package and document
features, the rules' own verdicts among them (status, novelty, the recipient found by fallback, the
rule confidence), and keeps those
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

from spacy.tokens import Doc

from claimstream.extract.actors import is_state, lookup
from claimstream.extract.aid import cues
from claimstream.extract.doctext import doc_text
from claimstream.extract.money import find_money

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
_FIRST_PERSON = frozenset({"we", "our", "us", "i", "my"})
_CONDITIONAL = frozenset({"if", "unless", "once", "provided"})
_REPORT_WORDS = frozenset({"reported", "according", "sources", "citing", "familiar", "expected", "reportedly"})
_ACTOR_LABELS = frozenset({"GPE", "ORG", "NORP", "LOC"})


def features(
    index: int, siblings: list[dict[str, Any]], signals: dict[str, float], doc: Doc | None = None
) -> dict[str, float]:
    """The features of candidate ``siblings[index]`` (a commitment dict) among its article's candidates;
    with the parsed ``doc``, also the words of its evidence and the article's mentions of its parties."""
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
        **(_doc_features(cand, doc) if doc is not None else {}),
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
    all_amounts = [c["amount"] for c in siblings if c["amount"] is not None]
    return {
        "pair_share": len(pair) / max(len(siblings), 1),
        "first_of_pair": float(pair[0] is cand),
        "largest_of_pair": float(cand["amount"] is not None and cand["amount"] == max(amounts)),
        "largest_of_article": float(cand["amount"] is not None and cand["amount"] == max(all_amounts)),
        "pair_has_new": float(any(c["novelty"] == "new" for c in pair if c is not cand)),
        "first_donor": float(cand["donor"] == first_donor),
        "same_evidence_share": sum(c["evidence"]["start"] == cand["evidence"]["start"] for c in siblings)
        / len(siblings),
    }


def _doc_features(cand: dict[str, Any], doc: Doc) -> dict[str, float]:
    """The cue words in the candidate's evidence, its figures, and how the article names its parties:
    a recipient never named in the evidence, or named only as an adjective ("the French ministry"), is
    the fallback's guess; a figure stated twice is the article's package."""
    ev = cand["evidence"]
    span = doc.char_span(ev["start"], ev["end"], alignment_mode="expand")
    toks = list(span) if span is not None else []
    lemmas = {t.lemma_.lower() for t in toks}
    lowers = {t.lower_ for t in toks}
    figures = find_money(ev["sentence"])
    in_doc = _figures_of(doc)
    donor_ev, donor_all, _ = _mentions(doc, ev, cand["donor"])
    rec_ev, rec_all, rec_named = _mentions(doc, ev, cand["recipient"])
    return {
        "ev_blocking": float(bool(lemmas & cues.BLOCKING_HEADS)),
        "ev_total": float(
            bool(lowers & cues.TOTAL_CUES) or any(p in ev["sentence"].lower() for p in cues.CLAUSE_TOTAL_PHRASES)
        ),
        "ev_background_word": float(
            bool(lowers & cues.BACKGROUND_WORDS) or bool(cues.EARLIER_ACT.search(ev["sentence"]))
        ),
        "ev_first_person": float(bool(lowers & _FIRST_PERSON)),
        "ev_conditional": float(bool(lowers & _CONDITIONAL)),
        "ev_report": float(bool(lowers & _REPORT_WORDS)),
        "ev_figures": min(len(figures), 4) / 4,
        "figure_repeated": float(cand["amount"] is not None and in_doc.count(cand["amount"]) > 1),
        "donor_in_evidence": float(donor_ev > 0),
        "recipient_in_evidence": float(rec_ev > 0),
        "log_donor_mentions": math.log1p(donor_all),
        "log_recipient_mentions": math.log1p(rec_all),
        "recipient_only_adjective": float(rec_all > 0 and not rec_named),
        "first_paragraph": float("\n" not in doc_text(doc)[: ev["start"]].lstrip()),
    }


def _figures_of(doc: Doc) -> list[int | float]:
    """Every money figure's value in the article (computed once per Doc)."""
    found = doc.user_data.get(_FIGURES_KEY)
    if found is None:
        found = doc.user_data[_FIGURES_KEY] = [m.value for m in find_money(doc_text(doc))]
    return found


_FIGURES_KEY = "claimstream.aid.decision.figures"


def _mentions(doc: Doc, ev: dict[str, Any], actor: str | None) -> tuple[int, int, bool]:
    """How often ``actor`` is named in the evidence and in the article (its name written out, or an
    entity that resolves to it: "Kyiv", "the Pentagon"), and whether it is ever named as a noun, not
    only as an adjective (a NORP entity: "the French ministry")."""
    if not actor:
        return 0, 0, False
    text = doc_text(doc)
    written = {m.start() for m in re.finditer(r"\b" + re.escape(actor) + r"\b", text)}
    ents = [e for e in doc.ents if e.label_ in _ACTOR_LABELS and lookup(e.text) == actor]
    places = written | {e.start_char for e in ents}
    inside = sum(ev["start"] <= p < ev["end"] for p in places)
    return inside, len(places), bool(written) or any(e.label_ != "NORP" for e in ents)


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
    check(raw)
    return raw


def check(m: dict[str, Any]) -> None:
    """A model file whose parts do not fit is a load error, not a silent zero."""
    if m.get("kind", "logistic") == "logistic":
        if set(m["weights"]) != set(m["features"]):
            raise ValueError(f"{DECISION_FILE}: weights and features differ")
        return
    width = len(m["features"])
    for tree in m["trees"]:
        if not all(len(tree[k]) == len(tree["value"]) for k in ("feature", "threshold", "left", "right")):
            raise ValueError(f"{DECISION_FILE}: a tree's node arrays differ in length")
        if any(f >= width for f in tree["feature"]):
            raise ValueError(f"{DECISION_FILE}: a tree splits on a feature the file does not list")


def probability(feats: dict[str, float], weights: dict[str, Any] | None = None) -> float:
    """P(commitment) under the shipped model: a logistic regression (``weights``, ``bias``) or boosted
    trees (``trees``: scikit-learn's node arrays, a leaf has ``left == -1``; raw score ``init`` plus
    ``rate`` times the leaves reached). Features absent from the model are ignored, absent from the
    candidate are 0."""
    m = weights or model()
    if m.get("kind", "logistic") == "logistic":
        z = m["bias"] + sum(w * feats.get(name, 0.0) for name, w in m["weights"].items())
    else:
        row = [feats.get(name, 0.0) for name in m["features"]]
        z = m["init"] + m["rate"] * sum(_leaf(tree, row) for tree in m["trees"])
    return 1.0 / (1.0 + math.exp(-max(min(z, 50.0), -50.0)))


def _leaf(tree: dict[str, list], row: list[float]) -> float:
    node = 0
    while tree["left"][node] != -1:
        go_left = row[tree["feature"][node]] <= tree["threshold"][node]
        node = tree["left"][node] if go_left else tree["right"][node]
    return tree["value"][node]


def adopted(weights: dict[str, Any] | None = None) -> bool:
    """Whether the shipped model decides (the training script adopted it); if not, the rules do."""
    return bool((weights or model()).get("adopted", True))


def keep(feats: dict[str, float], weights: dict[str, Any] | None = None) -> bool:
    """Whether the candidate is emitted. A model the training script did not adopt (its cross-validated
    aid F1 did not beat the rules alone) keeps every rule candidate: the rules decide."""
    m = weights or model()
    return not adopted(m) or probability(feats, m) >= m["threshold"]
