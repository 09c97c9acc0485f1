"""Canonical-name tables: countries, places, institutions, demonyms and well-known people.

Lookups go through :func:`fold` (case, accents, dots in abbreviations, a leading "the" and a trailing
possessive do not matter). Metonyms keep their own names: "Kyiv", "Berlin" and "Washington" stay GPEs
named as written; only spelling variants ("Kiev") and abbreviations ("U.S.") are rewritten.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from importlib import resources
from typing import Any

import yaml

from claimstream.extract.lexicon import lexicon


@functools.lru_cache(maxsize=16384)
def fold(text: str) -> str:
    """A lookup key: lowercase, no accents, "U.S." -> "us", no leading "the", no trailing 's."""
    s = unicodedata.normalize("NFKD", text)
    s = "".join(ch for ch in s if not unicodedata.combining(ch)).lower()
    s = s.replace("’", "'").replace("‘", "'").replace("&", " and ")
    s = re.sub(r"(?<=\w)\.(?=\w)", "", s)
    s = re.sub(r"[.,;:!?\"“”()\[\]]", " ", s)
    s = re.sub(r"\s+", " ", s).strip()
    s = re.sub(r"^the ", "", s)
    return re.sub(r"'s?$", "", s).strip()


def _table(groups: dict[str, list[str]]) -> dict[str, str]:
    out: dict[str, str] = {}
    for canonical, aliases in groups.items():
        for name in (canonical, *aliases):
            out[fold(name)] = canonical
    return out


NAMES_FILE = "entity_names.yaml"


class NameTableError(ValueError):
    """``data/entity_names.yaml`` is malformed."""


def check_names(raw: dict[str, Any]) -> dict[str, Any]:
    """The parsed name tables, or NameTableError: every section present, known people keyed by a
    lowercase surname, every spelling variant pointing at a known person's key."""
    missing = sorted(set(_SECTIONS) - set(raw))
    if missing:
        raise NameTableError(f"{NAMES_FILE}: missing sections {missing}")
    people = raw["known_people"]
    bad_keys = sorted(k for k in people if k != fold(k) or " " in k)
    if bad_keys:
        raise NameTableError(f"{NAMES_FILE}: known_people keys must be one folded surname: {bad_keys}")
    unknown = sorted(v for v in raw["surname_variants"].values() if v not in people)
    if unknown:
        raise NameTableError(f"{NAMES_FILE}: surname_variants point at unknown people {unknown}")
    return raw


_SECTIONS: tuple[str, ...] = ("gpe_variants", "places", "regions", "org_variants", "organisations")
_SECTIONS += ("lowercase_names", "demonyms", "known_people", "surname_variants")
_NAMES = check_names(yaml.safe_load((resources.files("claimstream") / "data" / NAMES_FILE).read_text(encoding="utf-8")))

GPE_ALIAS = _table(_NAMES["gpe_variants"])
# Countries and other places spaCy sometimes labels PERSON/ORG/PRODUCT or misses ("Kyiv").
KNOWN_GPE = frozenset(fold(n) for n in _NAMES["places"])
# Continents, seas and other regions: LOC, never GPE (the guidelines leave them out).
NOT_GPE = frozenset(fold(n) for n in _NAMES["regions"])
ORG_ALIAS = _table(_NAMES["org_variants"]) | {fold(k): v for k, v in lexicon("political_parties").values.items()}
# Organisations spaCy tends to miss or mislabel; lower-case entries keep their case ("dpa").
KNOWN_ORG = frozenset(fold(n) for n in _NAMES["organisations"])
LOWERCASE_NAMES = frozenset(_NAMES["lowercase_names"])
# Demonyms and nationality words: NORP, never GPE.
DEMONYMS = frozenset(fold(n) for n in _NAMES["demonyms"])
DEMONYM_LIST: tuple[str, ...] = tuple(_NAMES["demonyms"])  # as written, adjectives before the plurals
# Well-known people: surname (folded, spelling variants included) -> canonical full name.
KNOWN_PEOPLE: dict[str, str] = _NAMES["known_people"]
# Spelling variants of surnames, so "Zelenskyy" and "Zelensky" are one person within an article.
SURNAME_VARIANTS: dict[str, str] = _NAMES["surname_variants"]


def surname_key(token: str) -> str:
    t = fold(token)
    return SURNAME_VARIANTS.get(t, t)


def place_or_org(text: str) -> tuple[str, str] | None:
    """(canonical, label) for a known country, place or institution name, else None."""
    key = fold(text)
    if key in GPE_ALIAS:
        return GPE_ALIAS[key], "GPE"
    if key in ORG_ALIAS:
        return ORG_ALIAS[key], "ORG"
    if key in KNOWN_GPE:
        return None if key in KNOWN_ORG else (_dateline_case(strip_name(text)), "GPE")
    if key in KNOWN_ORG:
        return strip_name(text), "ORG"
    return None


def _dateline_case(name: str) -> str:
    """'GENEVA', 'OSLO' (datelines of known places) -> 'Geneva', 'Oslo'; abbreviations are in the
    alias tables, looked up before this."""
    return name.title() if name.isupper() and len(name) > 3 else name


def strip_name(text: str) -> str:
    """A name without a leading "the" (except "The Hague"), a possessive or edge punctuation."""
    t = re.sub(r"(['’‘]s|(?<=s)['’])$", "", text.strip()).strip(" &").strip(" \t\n,;:!?\"“”'‘’()[]-–—")
    if t.lower() in ("the", "a", "an"):
        return ""
    t = re.sub(r"\s+(?:of|for|and|the|of the|for the)$", "", t, flags=re.I)  # a span cut off before its end
    if re.match(r"[Aa]n? [A-Z]", t):
        t = t.split(" ", 1)[1]  # "A Dutch Defense Cluster" at a sentence start
    return t[4:] if t[:4].lower() == "the " and t.lower() != "the hague" else t


def known_person(name: str) -> str | None:
    """The full name of a well-known person from a short or variant form ("Zelenskiy", "Tayyip Erdogan").

    A longer form must agree with the known one: every word but the surname appears in it, or
    differs by one or two letters (a typo)."""
    parts = name.split()
    if not parts:
        return None
    full = KNOWN_PEOPLE.get(surname_key(parts[-1]))
    if full is None or len(parts) == 1:
        return full
    known = [fold(p) for p in full.split()[:-1]]
    return full if all(any(_close(fold(p), k) for k in known) for p in parts[:-1]) else None


def _close(a: str, b: str) -> bool:
    if a == b or (len(a) <= 2 and b.startswith(a.rstrip("."))):
        return True
    if abs(len(a) - len(b)) > 1 or min(len(a), len(b)) < 4:
        return False
    return sum(x != y for x, y in zip(a, b, strict=False)) + abs(len(a) - len(b)) <= 2


def is_demonym(text: str) -> bool:
    return fold(text) in DEMONYMS


# First words of every name the tables know: a cheap pre-check before trying multi-word lookups.
FIRST_WORDS = frozenset(
    key.split()[0] for table in (GPE_ALIAS, ORG_ALIAS, KNOWN_GPE, KNOWN_ORG) for key in table if key
)


def could_start_name(word: str) -> bool:
    return word.lower().replace(".", "").replace("’", "'") in FIRST_WORDS
