"""The fold assignment is fixed, balanced and stratified (no ../shared needed)."""

from __future__ import annotations

import folds


def _ids() -> list[str]:
    return [f"aid-0{i:02d}" for i in range(15)] + [f"aid-1{i:02d}" for i in range(31)] + ["seed-001"]


def test_assignment_is_deterministic_and_covers_every_id() -> None:
    first, second = folds.assign(_ids()), folds.assign(list(reversed(_ids())))
    assert first == second and set(first) == set(_ids())
    assert set(first.values()) == set(range(folds.K))


def test_folds_are_balanced_within_each_stratum() -> None:
    fold_of = folds.assign(_ids())
    for stratum in ("first", "aid-1NN"):
        counts = [0] * folds.K
        for article_id, k in fold_of.items():
            if folds.stratum(article_id) == stratum:
                counts[k] += 1
        assert max(counts) - min(counts) <= 1, (stratum, counts)


def test_look_and_held_out_partition_the_folds() -> None:
    assert set(folds.LOOK).isdisjoint(folds.HELD_OUT)
    assert set(folds.LOOK) | set(folds.HELD_OUT) == set(range(folds.K))


def test_select_keeps_only_the_asked_folds() -> None:
    rows = [{"id": i} for i in _ids()]
    held = folds.select(rows, folds.HELD_OUT)
    look = folds.select(rows, folds.LOOK)
    assert len(held) + len(look) == len(rows)
    assert {r["id"] for r in held}.isdisjoint(r["id"] for r in look)
