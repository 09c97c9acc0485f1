"""Score the extractors per fold of the dev sets with the shared scorers (gold stays in ../shared).

    .venv/bin/python tests/quality/crossval.py [--json] [--show-look]

Prints, per fold and pooled over the ``LOOK`` and ``HELD_OUT`` folds (see ``folds.py``): aid
commitment F1, amount accuracy, item recall, status accuracy, false positives on articles without
a commitment, entity F1 by label, and quote end-to-end F1 (``score_quotes.py --direct-only
--description-fallback``) on the quotes of aid_dev and on quotes_dev. ``--show-look`` also lists
the aid misses of the LOOK folds' articles (never of the held-out ones).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import folds  # noqa: E402
from shared_eval import MODEL, SHARED, load_module  # noqa: E402

DEV = SHARED / "data" / "dev"
AID_GOLD = DEV / "aid_dev.jsonl"
QUOTES_GOLD = DEV / "quotes_dev.jsonl"
ENTITY_LABELS = ("PERSON", "ORG", "GPE", "WEAPON")


def available() -> bool:
    return AID_GOLD.exists() and QUOTES_GOLD.exists() and (SHARED / "eval" / "score_aid.py").exists()


def scorers() -> tuple[ModuleType, ModuleType]:
    aid = load_module(SHARED / "eval" / "score_aid.py", "claimstream_cv_score_aid")
    quotes = load_module(SHARED / "eval" / "score_quotes.py", "claimstream_cv_score_quotes")
    return aid, quotes


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def predict(nlp: Any, rows: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """The offline extraction (the worker's code path) for every row, keyed by id."""
    from claimstream.extract.pipeline import extract_doc

    out: dict[str, dict[str, Any]] = {}
    for row, doc in zip(rows, nlp.pipe(r["text"] for r in rows), strict=True):
        found = extract_doc(doc)
        ents = [
            {"text": e["mentions"][0]["text"], "label": e["label"], "canonical": e["canonical"]} for e in found.entities
        ]
        out[row["id"]] = {"id": row["id"], "aid_commitments": found.aid, "entities": ents, "quotes": found.quotes}
    return out


def score_group(
    aid_rows: list[dict[str, Any]],
    quote_rows: list[dict[str, Any]],
    preds: dict[str, dict[str, Any]],
    score_aid: ModuleType,
    score_quotes: ModuleType,
) -> dict[str, Any]:
    """Every figure for one group of articles (a fold, or several pooled)."""
    aid, _ = score_aid.score_commitments(aid_rows, preds)
    ents = score_aid.score_entities(aid_rows, preds)

    def quotes_e2e(rows: list[dict[str, Any]]) -> float:
        gold = [{"id": r["id"], "text": r["text"], "quotes": r.get("quotes") or []} for r in rows]
        pred_rows = [preds[r["id"]] for r in rows]
        res = score_quotes.score(gold, pred_rows, direct_only=True, description_fallback=True)
        return res["end_to_end_f1"]

    return {
        "articles": len(aid_rows),
        "aid_f1": aid["f1"],
        "aid_precision": aid["precision"],
        "aid_recall": aid["recall"],
        "amount_accuracy": aid["amount_accuracy"],
        "item_recall": aid["item_recall_micro"],
        "status_accuracy": aid["status_accuracy"],
        "fp_on_no_commitment": aid["false_positives_on_no_commitment_articles"],
        **{f"{label}_f1": ents[label]["f1"] for label in ENTITY_LABELS},
        "aid_quotes_e2e_f1": quotes_e2e([r for r in aid_rows if r.get("quotes")]) if aid_rows else None,
        "quotes_dev_paragraphs": len(quote_rows),
        "quotes_dev_e2e_f1": quotes_e2e(quote_rows) if quote_rows else None,
    }


def evaluate(nlp: Any) -> dict[str, Any]:
    """Per-fold and pooled figures; predictions are made once for all folds."""
    score_aid, score_quotes = scorers()
    aid_rows, quote_rows = read_jsonl(AID_GOLD), read_jsonl(QUOTES_GOLD)
    preds = predict(nlp, aid_rows) | predict(nlp, quote_rows)
    per_fold = {
        k: score_group(folds.select(aid_rows, [k]), folds.select(quote_rows, [k]), preds, score_aid, score_quotes)
        for k in range(folds.K)
    }
    pooled = {
        name: score_group(folds.select(aid_rows, ks), folds.select(quote_rows, ks), preds, score_aid, score_quotes)
        for name, ks in (("look", folds.LOOK), ("held_out", folds.HELD_OUT), ("all", range(folds.K)))
    }
    return {"per_fold": per_fold, "pooled": pooled, "preds": preds, "aid_rows": aid_rows}


def spread(per_fold: dict[int, dict[str, Any]], key: str) -> tuple[float, float]:
    values = [f[key] for f in per_fold.values() if f[key] is not None]
    return statistics.mean(values), statistics.pstdev(values)


def print_report(res: dict[str, Any]) -> None:
    keys = [k for k in res["pooled"]["all"] if k not in ("articles", "quotes_dev_paragraphs")]
    header = ["fold", "n", *keys]
    print("\t".join(header))
    for k, row in res["per_fold"].items():
        tag = "look" if k in folds.LOOK else "held"
        print("\t".join([f"{k}:{tag}", str(row["articles"])] + [_fmt(row[key]) for key in keys]))
    for name, row in res["pooled"].items():
        print("\t".join([name, str(row["articles"])] + [_fmt(row[key]) for key in keys]))
    print("mean±sd over the 5 folds:")
    for key in keys:
        m, s = spread(res["per_fold"], key)
        print(f"  {key}: {m:.3f} ± {s:.3f}")


def _fmt(v: Any) -> str:
    return "-" if v is None else (f"{v:.3f}" if isinstance(v, float) else str(v))


_SHOWN = ("donor", "recipient", "amount", "currency", "status")


def show_look_misses(res: dict[str, Any]) -> None:
    """Aid predictions beside the gold, for the LOOK folds' articles only."""
    for row in folds.select(res["aid_rows"], folds.LOOK):
        pred = res["preds"][row["id"]]["aid_commitments"]
        print(f"== {row['id']}: gold {len(row.get('aid_commitments') or [])}, predicted {len(pred)}")
        for g in row.get("aid_commitments") or []:
            print("   gold:", json.dumps({k: g.get(k) for k in _SHOWN}))
        for p in pred:
            print("   pred:", json.dumps({k: p.get(k) for k in (*_SHOWN, "novelty")}))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    ap.add_argument("--show-look", action="store_true", help="list aid output on the LOOK folds' articles")
    args = ap.parse_args()
    if not available():
        print("../shared (dev sets and scorers) is absent", file=sys.stderr)
        return 2
    from claimstream.extract.nlp import load_nlp

    res = evaluate(load_nlp(MODEL))
    if args.json:
        print(json.dumps({"per_fold": res["per_fold"], "pooled": res["pooled"]}, indent=1))
    else:
        print_report(res)
    if args.show_look:
        show_look_misses(res)
    return 0


if __name__ == "__main__":
    sys.exit(main())
