"""The extractors' word lists, loaded once from ``data/lexicon/*.yaml`` and checked on load.

Each file is one list:

```yaml
description: verbs that introduce what someone said   # why the list exists
match: lemma          # lemma | lower (lowercased surface form) | text (as written)
words: [say, tell]    # a set of words or phrases
# or, for a list whose entries carry a value:
values: {pledge: pledged, approve: approved}
```

``data/lexicon/_disjoint.yaml`` names groups of lists that must not share a word (a verb cannot
be both a giving cue and a blocking cue); a shared word is a load error naming both lists.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

MATCH_KINDS = frozenset({"lemma", "lower", "text"})
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present: the city table is 11,000 lines
DISJOINT_FILE = "_disjoint.yaml"


class LexiconError(ValueError):
    """A lexicon file is malformed, or two lists that must be disjoint share a word."""


@dataclass(frozen=True)
class Lexicon:
    name: str
    match: str
    words: frozenset[str]
    values: dict[str, str] = field(default_factory=dict)
    description: str = ""

    def __contains__(self, word: object) -> bool:
        return word in self.words


def lexicon_dir() -> Path:
    return Path(str(resources.files("claimstream") / "data" / "lexicon"))


def _parse(name: str, raw: Any) -> Lexicon:
    if not isinstance(raw, dict):
        raise LexiconError(f"lexicon {name}: not a mapping")
    match = raw.get("match")
    if match not in MATCH_KINDS:
        raise LexiconError(f"lexicon {name}: match must be one of {sorted(MATCH_KINDS)}, not {match!r}")
    words, values = raw.get("words"), raw.get("values")
    if (words is None) == (values is None):
        raise LexiconError(f"lexicon {name}: give exactly one of words or values")
    if values is not None:
        if not isinstance(values, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in values.items()
        ):
            raise LexiconError(f"lexicon {name}: values must map words to strings")
        words = list(values)
    if not isinstance(words, list) or not all(isinstance(w, str) and w.strip() for w in words):
        raise LexiconError(f"lexicon {name}: words must be a list of non-empty strings")
    if len(set(words)) != len(words):
        dupes = sorted({w for w in words if words.count(w) > 1})
        raise LexiconError(f"lexicon {name}: repeated words {dupes}")
    if match == "lower" and any(w != w.lower() for w in words):
        raise LexiconError(f"lexicon {name}: match lower needs lowercase words")
    return Lexicon(name, match, frozenset(words), dict(values or {}), str(raw.get("description", "")))


def load_all(folder: Path | None = None) -> dict[str, Lexicon]:
    """Every list in ``folder`` (default: the packaged one), with the disjointness checks applied."""
    folder = folder or lexicon_dir()
    lexicons = {
        p.stem: _parse(p.stem, yaml.load(p.read_text(encoding="utf-8"), Loader=_LOADER))
        for p in sorted(folder.glob("*.yaml"))
        if p.name != DISJOINT_FILE
    }
    disjoint = folder / DISJOINT_FILE
    groups = yaml.safe_load(disjoint.read_text(encoding="utf-8")) if disjoint.exists() else {}
    for group_name, names in (groups or {}).items():
        _check_disjoint(group_name, names, lexicons)
    return lexicons


def _check_disjoint(group_name: str, names: list[str], lexicons: dict[str, Lexicon]) -> None:
    for i, a in enumerate(names):
        for b in names[i + 1 :]:
            if a not in lexicons or b not in lexicons:
                raise LexiconError(f"disjoint group {group_name}: unknown list {a if a not in lexicons else b}")
            shared = lexicons[a].words & lexicons[b].words
            if shared:
                raise LexiconError(f"disjoint group {group_name}: {a} and {b} share {sorted(shared)}")


@cache
def _packaged() -> dict[str, Lexicon]:
    return load_all()


def lexicon(name: str) -> Lexicon:
    """One packaged list by file name (without ``.yaml``); an unknown name fails loudly."""
    lists = _packaged()
    try:
        return lists[name]
    except KeyError:
        raise LexiconError(f"no lexicon {name!r}; known: {', '.join(sorted(lists))}") from None


def words(name: str) -> frozenset[str]:
    return lexicon(name).words
