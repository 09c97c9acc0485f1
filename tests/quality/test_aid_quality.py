"""Aid commitments scored on ../shared/data/dev/aid_dev.jsonl with ../shared/eval/score_aid.py.

The whole-set figures are printed (run with ``-s``), not asserted: the rules were written against
part of this set, so its bars live in ``test_crossval_quality.py`` on the held-out folds. Asserted
here: the seed article gives no new commitment and its recalled US package (nearly $2 billion,
Patriot) comes out as background. Skipped when ../shared is absent.
"""

from __future__ import annotations

import json
import time
from types import ModuleType
from typing import Any

import pytest
from shared_eval import MODEL, SHARED, load_module

pytestmark = pytest.mark.quality

GOLD = SHARED / "data" / "dev" / "aid_dev.jsonl"
SCORER = SHARED / "eval" / "score_aid.py"


def _scorer() -> ModuleType:
    return load_module(SCORER, "claimstream_score_aid")


@pytest.fixture(scope="session")
def aid_run() -> dict[str, Any]:
    if not GOLD.exists() or not SCORER.exists():
        pytest.skip("../shared (aid dev set and scorer) is absent")
    from claimstream.extract.aid import extract_aid
    from claimstream.extract.nlp import shared_nlp

    nlp = shared_nlp(MODEL)
    gold = [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]
    t0 = time.perf_counter()
    docs = list(nlp.pipe([g["text"] for g in gold]))
    t_nlp = time.perf_counter() - t0
    t0 = time.perf_counter()
    preds = {g["id"]: {"aid_commitments": extract_aid(d)} for g, d in zip(gold, docs, strict=True)}
    t_aid = time.perf_counter() - t0
    scores, per_article = _scorer().score_commitments(gold, preds)
    print("\naid_dev commitments:", json.dumps(scores))
    for row in per_article:
        if row["tp"] < row["gold"] or row["pred"] > row["tp"] + row["background_matched"]:
            print("  off:", json.dumps(row))
    print(
        f"aid extraction {t_aid * 1000:.1f} ms vs nlp.pipe {t_nlp * 1000:.1f} ms "
        f"({100 * t_aid / t_nlp:.1f}% of spaCy time)"
    )
    return {"scores": scores, "preds": preds, "per_article": per_article}


def test_seed_article(aid_run) -> None:
    seed = aid_run["preds"]["seed-001"]["aid_commitments"]
    assert [c for c in seed if c["novelty"] == "new"] == []
    recalled = [c for c in seed if c["donor"] == "United States" and c["recipient"] == "Ukraine"]
    assert len(recalled) == 1
    c = recalled[0]
    assert c["novelty"] == "background" and c["approximate"] is True
    assert abs(c["amount"] - 2_000_000_000) <= 0.05 * 2_000_000_000 and c["currency"] == "USD"
    assert any("patriot" in item.lower() for item in c["items"])
