"""Entities scored on ../shared/data/dev/aid_dev.jsonl with ../shared/eval/score_aid.py.

Whole-set F1 by label is printed, not asserted (the held-out floors are in
``test_crossval_quality.py``); the seed article has "Patriot" as WEAPON. Skipped when ../shared is
absent; figures and the time the entity extraction (WEAPON component + extract_entities) adds to
nlp.pipe are printed (run with ``-s``).
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
    return load_module(SCORER, "claimstream_score_aid_entities")


def _as_pred(entities: list[dict[str, Any]]) -> list[dict[str, str]]:
    return [{"text": e["mentions"][0]["text"], "label": e["label"], "canonical": e["canonical"]} for e in entities]


@pytest.fixture(scope="session")
def entity_run() -> dict[str, Any]:
    if not GOLD.exists() or not SCORER.exists():
        pytest.skip("../shared (aid dev set and scorer) is absent")
    from claimstream.extract.components.weapons import FACTORY
    from claimstream.extract.entities import extract_entities
    from claimstream.extract.nlp import shared_nlp

    nlp = shared_nlp(MODEL)
    gold = [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]
    texts = [g["text"] for g in gold]
    t0 = time.perf_counter()
    docs = list(nlp.pipe(texts))
    t_nlp = time.perf_counter() - t0
    with nlp.select_pipes(disable=[FACTORY]):
        plain = list(nlp.pipe(texts))
    ruler = nlp.get_pipe(FACTORY)
    t0 = time.perf_counter()
    for doc in plain:
        ruler(doc)
    t_ruler = time.perf_counter() - t0
    t0 = time.perf_counter()
    preds = {g["id"]: {"entities": _as_pred(extract_entities(d))} for g, d in zip(gold, docs, strict=True)}
    t_ent = time.perf_counter() - t0
    scores = _scorer().score_entities(gold, preds)
    print("\naid_dev entities:", json.dumps(scores))
    base = t_nlp - t_ruler
    print(
        f"entities: WEAPON component {t_ruler * 1000:.1f} ms + extract_entities {t_ent * 1000:.1f} ms "
        f"vs spaCy {base * 1000:.1f} ms ({100 * (t_ruler + t_ent) / base:.1f}% added)"
    )
    return {"scores": scores, "preds": preds}


def test_seed_patriot_is_weapon(entity_run) -> None:
    seed = entity_run["preds"]["seed-001"]["entities"]
    assert {"canonical": "Patriot", "label": "WEAPON"}.items() <= next(
        e for e in seed if e["canonical"] == "Patriot"
    ).items()
    assert not any(e["canonical"] == "Patriot" and e["label"] != "WEAPON" for e in seed)
