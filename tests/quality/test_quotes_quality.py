"""Quote extraction scored on the public dev sets in ../shared (skipped when ../shared is absent).

The whole-set figures of ``score_quotes.py --direct-only`` are printed (run with ``-s``); the bars
are on the held-out folds, in ``test_crossval_quality.py``. Here every dev set must have gold
quotes and matched ones, and the seed article's quotes all belong to its one speaker.
"""

from __future__ import annotations

import json
from pathlib import Path
from types import ModuleType

import pytest
from shared_eval import MODEL, SHARED, load_module

pytestmark = pytest.mark.quality

HERE = Path(__file__).resolve().parent


def _load_helper() -> ModuleType:
    return load_module(HERE / "quotes_dev.py", "claimstream_quotes_dev")


@pytest.fixture(scope="session")
def dev_nlp():
    if not (SHARED / "eval" / "score_quotes.py").exists() or not (SHARED / "data" / "dev").is_dir():
        pytest.skip("../shared (dev sets and scorers) is absent")
    from claimstream.extract.nlp import shared_nlp

    return shared_nlp(MODEL)


@pytest.mark.parametrize("dev_set", ["quotes_dev", "aid_dev"])
def test_quote_figures_are_printed_for_each_dev_set(dev_nlp, dev_set: str) -> None:
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
    assert res["counts"]["matched_quotes"] > 0, res


def test_seed_article_quotes_all_attributed_to_stoltenberg(dev_nlp) -> None:
    helper = _load_helper()
    seed = next(r for r in helper.load_gold("aid_dev") if r["id"] == "seed-001")
    from claimstream.extract.quotes import extract_quotes

    direct = [q for q in extract_quotes(dev_nlp(seed["text"])) if q["kind"] == "direct"]
    assert len(direct) == len(seed["quotes"])
    assert {q["speaker"] for q in direct} == {"Jens Stoltenberg"}
