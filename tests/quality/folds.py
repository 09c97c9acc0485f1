"""Article folds of the dev sets, fixed once, so figures on folds nobody looked at stay honest.

Every article id goes to one of ``K`` folds: the ids are sorted by a hash of the id (not by
anything in the text) and dealt round-robin, separately within each stratum (the first dev set,
``seed-*`` and ``aid-0NN``, which the early rules were written against; the ``aid-1NN`` articles;
the PolNeAR paragraphs of quotes_dev), so each fold holds a share of every kind.

The working rule for rule writers: per-article output may be read on the ``LOOK`` folds only.
The ``HELD_OUT`` folds are scored, never inspected; a change that helps ``LOOK`` and not
``HELD_OUT`` is tuning, not progress. A learned layer is trained on four folds and scored on the
fifth, for each fold in turn.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

K = 5
LOOK: tuple[int, ...] = (0, 1, 2)
HELD_OUT: tuple[int, ...] = (3, 4)


def stratum(article_id: str) -> str:
    if article_id.startswith("seed-") or article_id.startswith("aid-0"):
        return "first"
    if article_id.startswith("aid-"):
        return "aid-1NN"
    return "other"


def _hash(article_id: str) -> str:
    return hashlib.sha1(article_id.encode("utf-8")).hexdigest()


def assign(ids: Iterable[str], k: int = K) -> dict[str, int]:
    """Fold of every id: hash order within each stratum, dealt round-robin."""
    by_stratum: dict[str, list[str]] = {}
    for article_id in ids:
        by_stratum.setdefault(stratum(article_id), []).append(article_id)
    folds: dict[str, int] = {}
    offset = 0
    for name in sorted(by_stratum):
        members = sorted(by_stratum[name], key=_hash)
        for i, article_id in enumerate(members):
            folds[article_id] = (i + offset) % k
        offset += len(members)
    return folds


def select(rows: list[dict], folds: Iterable[int], k: int = K) -> list[dict]:
    """The rows (dicts with an ``id``) whose article falls in ``folds``."""
    wanted = set(folds)
    fold_of = assign((r["id"] for r in rows), k)
    return [r for r in rows if fold_of[r["id"]] in wanted]
