"""Entity F1 per label, and the names missed or extra per article, on the sets one may read.

    .venv/bin/python tests/quality/entity_misses.py [--label WEAPON] [--set NAME ...]

The sets are the LOOK folds of ``aid_dev`` (never the held-out ones: see ``folds.py``) and the
invented sets in ``data/``. Per article it lists the gold names the extraction missed and the
names it gave that the gold lacks, compared as the shared scorer compares them (canonical names,
its alias table). The held-out folds are scored by ``crossval.py`` only.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import folds  # noqa: E402
from crossval import AID_GOLD, ENTITY_LABELS, read_jsonl  # noqa: E402
from shared_eval import MODEL, SHARED, load_module  # noqa: E402

INVENTED = ("aid_invented", "aid_invented_2", "aid_invented_3", "aid_invented_4", "aid_invented_5")


def readable_sets() -> dict[str, list[dict[str, Any]]]:
    """``look`` (the LOOK folds of aid_dev) and the invented sets, by name."""
    sets = {"look": folds.select(read_jsonl(AID_GOLD), folds.LOOK)}
    for name in INVENTED:
        sets[name] = read_jsonl(HERE / "data" / f"{name}.jsonl")
    return sets


def predicted_entities(nlp: Any, rows: list[dict[str, Any]]) -> dict[str, dict[str, list[str]]]:
    from claimstream.extract.entities import extract_entities

    out: dict[str, dict[str, list[str]]] = {}
    for row, doc in zip(rows, nlp.pipe(r["text"] for r in rows), strict=True):
        names: dict[str, list[str]] = {label: [] for label in ENTITY_LABELS}
        for e in extract_entities(doc):
            if e["label"] in names:
                names[e["label"]].append(e["canonical"])
        out[row["id"]] = names
    return out


def misses(scorer: Any, row: dict[str, Any], pred: dict[str, list[str]], label: str) -> tuple[list[str], list[str]]:
    """(gold names not predicted, predicted names not in the gold), as the scorer folds names."""
    gold = list(dict.fromkeys((row.get("entities") or {}).get(label) or []))
    guess = list(dict.fromkeys(pred.get(label) or []))
    missed = [g for g in gold if not any(_same(scorer, label, g, p) for p in guess)]
    extra = [p for p in guess if not any(_same(scorer, label, g, p) for g in gold)]
    return missed, extra


def _same(scorer: Any, label: str, gold: str, pred: str) -> bool:
    g, p = scorer.ent_name(gold), scorer.ent_name(pred)
    return g == p or (label == "PERSON" and scorer.person_match(g, p))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--label", default="WEAPON", help="the label whose misses are listed")
    ap.add_argument("--set", nargs="*", help="only these sets (look, aid_invented, ...)")
    args = ap.parse_args()
    from claimstream.extract.nlp import load_nlp

    scorer = load_module(SHARED / "eval" / "score_aid.py", "claimstream_misses_score_aid")
    nlp = load_nlp(MODEL)
    for name, rows in readable_sets().items():
        if args.set and name not in args.set:
            continue
        preds = predicted_entities(nlp, rows)
        scores = scorer.score_entities(rows, {k: {"entities": v} for k, v in preds.items()})
        print(f"## {name} ({len(rows)} articles): " + json.dumps({k: v["f1"] for k, v in scores.items()}))
        for row in rows:
            missed, extra = misses(scorer, row, preds[row["id"]], args.label)
            if missed or extra:
                print(f"  {row['id']}: missed {missed} extra {extra}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
