"""Quote extraction scored on the public dev sets in ../shared (skipped when ../shared is absent).

Bars (issue 6): ``score_quotes.py --direct-only`` end-to-end F1 >= 0.80 on quotes_dev.jsonl and
on the quotes of aid_dev.jsonl. The figures are printed (run with ``-s`` to see them).
"""

from __future__ import annotations

import json
from pathlib import Path
from types import ModuleType

import pytest
from shared_eval import MODEL, SHARED, load_module

pytestmark = pytest.mark.quality

HERE = Path(__file__).resolve().parent
E2E_BAR = 0.80


def _load_helper() -> ModuleType:
    return load_module(HERE / "quotes_dev.py", "claimstream_quotes_dev")


@pytest.fixture(scope="session")
def dev_nlp():
    if not (SHARED / "eval" / "score_quotes.py").exists() or not (SHARED / "data" / "dev").is_dir():
        pytest.skip("../shared (dev sets and scorers) is absent")
    from claimstream.extract.nlp import shared_nlp

    return shared_nlp(MODEL)


@pytest.mark.parametrize("dev_set", ["quotes_dev", "aid_dev"])
def test_quote_end_to_end_f1_meets_the_bar(dev_nlp, dev_set: str) -> None:
    helper = _load_helper()
    res = helper.evaluate(dev_nlp, dev_set)
    timing = res.pop("timing")
    print(f"\n{dev_set}: " + json.dumps({k: v for k, v in res.items() if k != "counts"}))
    print(f"{dev_set} counts: " + json.dumps(res["counts"]))
    print(
        f"{dev_set} extract_quotes time = {100 * timing['extract_s'] / timing['nlp_pipe_s']:.1f}% "
        f"of nlp.pipe ({1000 * timing['extract_s'] / timing['articles']:.2f} ms/article)"
    )
    assert res["counts"]["gold_quotes"] > 0
    assert res["end_to_end_f1"] >= E2E_BAR, res


def test_seed_article_quotes_all_attributed_to_stoltenberg(dev_nlp) -> None:
    helper = _load_helper()
    seed = next(r for r in helper.load_gold("aid_dev") if r["id"] == "seed-001")
    from claimstream.extract.quotes import extract_quotes

    direct = [q for q in extract_quotes(dev_nlp(seed["text"])) if q["kind"] == "direct"]
    assert len(direct) == len(seed["quotes"])
    assert {q["speaker"] for q in direct} == {"Jens Stoltenberg"}
