"""Train the learned aid decision (``extract/aid/decision.py``) and say whether it beats the rules.

    .venv/bin/pip install -e '.[train]'     # scikit-learn, for training only
    .venv/bin/python tests/quality/train_aid_decisions.py [--write] [--cache DIR]

Every candidate the rules propose (``aid.aid_candidates``) is labelled by the shared scorer's
matching rule: 1 when it matches a gold commitment or background commitment of its article (donor,
recipient, amount; one-to-one), else 0. A logistic regression is trained on four article folds plus
the project's invented articles and scored on the fifth, for each fold in turn; the figures of the
rules alone and of rules + learned decision are printed per fold (pooled only, never per article),
with their mean ± sd. ``--write`` refits on every dev and invented article and writes
``services/claimstream/data/aid_decision.json`` with the cross-validated figures inside, and with
``"adopted": true`` only when the learned decision beats the rules (``beats_rules``); a model not
adopted is shipped for the record and the rules decide.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import crossval  # noqa: E402
import folds  # noqa: E402
from shared_eval import MODEL, REPO  # noqa: E402

INVENTED = HERE / "data" / "aid_invented.jsonl"
OUT = REPO / "services" / "claimstream" / "data" / "aid_decision.json"
VERSION = 1
C = 1.0  # L2 strength: about a hundred labelled candidates, so a strong prior towards zero weights
THRESHOLD = 0.5
FIGURES = ("aid_f1", "aid_precision", "aid_recall", "amount_accuracy", "item_recall", "status_accuracy")


def parse(nlp: Any, rows: list[dict[str, Any]], cache: Path | None, name: str) -> list[Any]:
    from spacy.tokens import DocBin

    path = cache / f"{name}.spacy" if cache else None
    if path and path.exists():
        docs = list(DocBin().from_disk(path).get_docs(nlp.vocab))
        if len(docs) == len(rows):
            return docs
    docs = list(nlp.pipe(r["text"] for r in rows))
    if path:
        path.parent.mkdir(parents=True, exist_ok=True)
        db = DocBin(store_user_data=True)
        for d in docs:
            db.add(d)
        db.to_disk(path)
    return docs


def labelled(rows: list[dict[str, Any]], docs: list[Any], score_aid: Any) -> dict[str, list[tuple]]:
    """Per article: (candidate, features, label) for every rule candidate."""
    from claimstream.extract.aid import aid_candidates

    out: dict[str, list[tuple]] = {}
    for row, doc in zip(rows, docs, strict=True):
        cands = aid_candidates(doc)
        preds = [c for c, _ in cands]
        hits = {j for _, j in score_aid.full_matches(row.get("aid_commitments") or [], preds, range(len(preds)))}
        left = [j for j in range(len(preds)) if j not in hits]
        hits |= {j for _, j in score_aid.full_matches(row.get("background_commitments") or [], preds, left)}
        out[row["id"]] = [(c, f, int(j in hits)) for j, (c, f) in enumerate(cands)]
    return out


def fit(samples: list[tuple], names: list[str]) -> dict[str, Any]:
    from sklearn.linear_model import LogisticRegression

    x = [[f.get(n, 0.0) for n in names] for _, f, _ in samples]
    y = [lab for _, _, lab in samples]
    clf = LogisticRegression(C=C, max_iter=2000).fit(x, y)
    return {
        "weights": {n: round(float(w), 5) for n, w in zip(names, clf.coef_[0], strict=True)},
        "bias": round(float(clf.intercept_[0]), 5),
        "threshold": THRESHOLD,
    }


def figures(rows: list[dict[str, Any]], preds: dict[str, list[dict]], score_aid: Any) -> dict[str, float]:
    res, _ = score_aid.score_commitments(rows, {k: {"aid_commitments": v} for k, v in preds.items()})
    keys = {"aid_f1": "f1", "aid_precision": "precision", "aid_recall": "recall", "item_recall": "item_recall_micro"}
    return {fig: res[keys.get(fig, fig)] for fig in FIGURES}


def cross_validate(rows, data, invented, names, score_aid) -> dict[str, Any]:
    """Rules alone vs rules + decision trained without the scored fold, per fold and pooled."""
    from claimstream.extract.aid import decision as aid_decision

    fold_of = folds.assign(r["id"] for r in rows)
    rules = {rid: [c for c, _, _ in cs] for rid, cs in data.items()}
    learned: dict[str, list[dict]] = {}
    for k in range(folds.K):
        train = [s for rid, cs in data.items() if fold_of[rid] != k for s in cs] + invented
        model = fit(train, names)
        for rid, cs in data.items():
            if fold_of[rid] == k:
                learned[rid] = [c for c, f, _ in cs if aid_decision.keep(f, model)]
    report: dict[str, Any] = {"per_fold": {}, "pooled": {}}
    for name, preds in (("rules", rules), ("learned", learned)):
        per = {k: figures([r for r in rows if fold_of[r["id"]] == k], preds, score_aid) for k in range(folds.K)}
        report["per_fold"][name] = per
        for group, ks in (("look", folds.LOOK), ("held_out", folds.HELD_OUT), ("all", range(folds.K))):
            report["pooled"].setdefault(name, {})[group] = figures(
                [r for r in rows if fold_of[r["id"]] in ks], preds, score_aid
            )
        values = {fig: [p[fig] for p in per.values()] for fig in FIGURES}
        report["pooled"][name]["mean_sd"] = {
            fig: [round(statistics.mean(v), 4), round(statistics.pstdev(v), 4)] for fig, v in values.items()
        }
    return report


def beats_rules(rep: dict[str, Any]) -> bool:
    """Adopt the learned decision only if its cross-validated aid F1 beats the rules alone, both as the
    mean over the five test folds and pooled over all of them."""
    pooled = rep["pooled"]
    return (
        pooled["learned"]["mean_sd"]["aid_f1"][0] > pooled["rules"]["mean_sd"]["aid_f1"][0]
        and pooled["learned"]["all"]["aid_f1"] > pooled["rules"]["all"]["aid_f1"]
    )


def print_report(rep: dict[str, Any]) -> None:
    for name in ("rules", "learned"):
        print(f"== {name}")
        print("\t".join(["group", *FIGURES]))
        for k, row in rep["per_fold"][name].items():
            tag = "look" if k in folds.LOOK else "held"
            print("\t".join([f"{k}:{tag}", *(f"{row[f]:.3f}" for f in FIGURES)]))
        for group in ("look", "held_out", "all"):
            row = rep["pooled"][name][group]
            print("\t".join([group, *(f"{row[f]:.3f}" for f in FIGURES)]))
        ms = rep["pooled"][name]["mean_sd"]
        print("\t".join(["mean±sd", *(f"{ms[f][0]:.3f}±{ms[f][1]:.3f}" for f in FIGURES)]))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--write", action="store_true", help=f"refit on everything and write {OUT.name}")
    ap.add_argument("--cache", type=Path, help="folder for parsed Docs (DocBin), reused between runs")
    args = ap.parse_args()
    if not crossval.available():
        print("../shared (dev sets and scorers) is absent", file=sys.stderr)
        return 2
    from claimstream.extract.aid import decision as aid_decision
    from claimstream.extract.nlp import load_nlp

    nlp = load_nlp(MODEL)
    score_aid, _ = crossval.scorers()
    rows, inv_rows = crossval.read_jsonl(crossval.AID_GOLD), crossval.read_jsonl(INVENTED)
    data = labelled(rows, parse(nlp, rows, args.cache, "aid_dev"), score_aid)
    inv = labelled(inv_rows, parse(nlp, inv_rows, args.cache, "aid_invented"), score_aid)
    invented = [s for cs in inv.values() for s in cs]
    names = sorted({n for cs in data.values() for _, f, _ in cs for n in f})
    n_dev = sum(len(cs) for cs in data.values())
    print(
        f"candidates: {n_dev} dev ({sum(s[2] for cs in data.values() for s in cs)} right), "
        f"{len(invented)} invented ({sum(s[2] for s in invented)} right); {len(names)} features"
    )
    rep = cross_validate(rows, data, invented, names, score_aid)
    print_report(rep)
    if args.write:
        model = fit([s for cs in data.values() for s in cs] + invented, names)
        learned, rules = rep["pooled"]["learned"]["mean_sd"], rep["pooled"]["rules"]["mean_sd"]
        adopted = beats_rules(rep)
        out = {
            "version": VERSION,
            "adopted": adopted,
            "trained": dt.date.today().isoformat(),
            "model": f"logistic regression, L2, C={C}",
            "trained_on": {
                "dev_articles": len(rows),
                "invented_articles": len(inv_rows),
                "candidates": n_dev + len(invented),
            },
            "cv_5fold_mean_sd": {"rules": rules, "learned": learned},
            "features": names,
            **model,
        }
        OUT.write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")
        aid_decision.model.cache_clear()
        print(f"wrote {OUT} (adopted: {adopted})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
