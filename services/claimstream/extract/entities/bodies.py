"""Ministries named with their country ("the Ostran Finance Ministry", "Vasta's Ministry of Roads").

The country is part of a ministry's name where the text writes it there: a people's word before it
("the Ostran finance ministry" -> "Ostran Finance Ministry", "the Ostran Ministry of Roads") or the
state's possessive ("Vasta's Finance Ministry" -> "Vastan Finance Ministry", "Vasta's Ministry of
Roads" -> "Ministry of Roads of Vasta"). A bare ministry elsewhere in the article ("the Roads
Ministry said", "the country's Ministry of Roads") is the one ministry of that portfolio so named.
"""

from __future__ import annotations

import functools
import re

from spacy.tokens import Doc

from claimstream.extract import actors, names
from claimstream.extract.doctext import doc_text
from claimstream.extract.entities.mentions import Mention, Sentences

# "Finance Ministry", "Ministry of Foreign Affairs": a ministry's name with no country in it
_HEAD_LAST = re.compile(r"^(?P<portfolio>(?:[A-Z][a-z]+ ){1,2})Ministry$")
_HEAD_FIRST = re.compile(r"^Ministry (?:of|for) (?P<portfolio>[A-Z][\w ]+?)(?: of (?P<state>[A-Z][\w ]+))?$")
# "the Ostran finance ministry", "Vasta's foreign ministry": spaCy leaves the lowercase form untagged
_LOWER_MINISTRY = re.compile(r"\b(?P<owner>[A-Z][a-z]+)(?P<poss>['’]s)? (?P<portfolio>[a-z]+) ministry\b")
_MINOR = frozenset({"of", "for", "and", "the"})


@functools.lru_cache(maxsize=1)
def _demonyms() -> dict[str, str]:
    """State -> its people's word, the first the name tables list ("Ukraine" -> "Ukrainian")."""
    out: dict[str, str] = {}
    for word in names.DEMONYM_LIST:
        state = actors.lookup(word)
        if state is not None and actors.is_state(state):
            out.setdefault(state, word)
    return out


def _state(word: str) -> str | None:
    """The state a place's name stands for ("Vasta", "U.S."; a capital for its state), else None."""
    state = actors.lookup(word)
    known = names.place_or_org(word)
    return state if state is not None and actors.is_state(state) and known and known[1] == "GPE" else None


def _state_people_word(word: str) -> str | None:
    """ "Ostran" as written, when it is a demonym whose state the actor tables know (stricter than
    ``mentions._people_word``, which also takes any alias of a state)."""
    state = actors.lookup(word)
    return word if names.is_demonym(word) and state is not None and actors.is_state(state) else None


def lowercase_ministries(doc: Doc, found: list[Mention]) -> list[Mention]:
    """ "the Ostran finance ministry said" (untagged): an ORG named with its country, title-cased."""
    out: list[Mention] = []
    sents: Sentences | None = None
    for m in _LOWER_MINISTRY.finditer(doc_text(doc)):
        word = m.group("owner")
        state = _state(word) if m.group("poss") else None
        owner = _demonyms().get(state) if state else _state_people_word(word)
        a, b = m.start("portfolio"), m.end()
        span = doc.char_span(a, b)
        if owner is None or span is None or any(f.start < b and a < f.end for f in found if f.label == "ORG"):
            continue
        sents = sents or Sentences(doc)
        name = f"{owner} {m.group('portfolio').title()} Ministry"
        out.append(Mention(span.text, a, b, "ORG", sents.at(a), name, span.start, span.end, fixed=True))
    return out


def owned_ministries(doc: Doc, mentions: list[Mention]) -> None:
    """Put the country into a ministry's name where the text writes it just before, then give each
    bare ministry the one name of its portfolio with a country in it (see the module's docstring)."""
    for m in mentions:
        key, has_owner = _portfolio(m.canonical)
        if m.label == "ORG" and not m.fixed and key and not has_owner:
            m.canonical = _with_owner(doc, m)
    owned: dict[str, set[str]] = {}
    for m in mentions:
        key, has_owner = _portfolio(m.canonical)
        if m.label == "ORG" and key and has_owner:
            owned.setdefault(key, set()).add(m.canonical)
    for m in mentions:
        key, has_owner = _portfolio(m.canonical)
        if m.label == "ORG" and key and not has_owner and len(owned.get(key, ())) == 1:
            m.canonical = next(iter(owned[key]))


@functools.lru_cache(maxsize=4096)
def _portfolio(name: str) -> tuple[str | None, bool]:
    """ "Finance Ministry", "Ministry of Finance" -> ("finance", False); "Ostran Finance Ministry",
    "Ministry of Finance of Vasta" -> ("finance", True): the portfolio and whether a country is named.
    Every ORG of an article is asked three times, so the answer is kept per name."""
    if "Ministry" not in name:
        return None, False
    first, _, rest = name.partition(" ")
    owned = bool(rest) and _state_people_word(first) is not None
    name = rest if owned else name
    hit = _HEAD_LAST.match(name) or _HEAD_FIRST.match(name)
    if hit is None:
        return None, False
    state = hit.groupdict().get("state")
    if state and _state(state) is None:
        return None, False  # "Ministry of Roads of the Interior": no country
    key = " ".join(w for w in hit.group("portfolio").lower().split() if w not in _MINOR)
    return key, owned or bool(state)


def _with_owner(doc: Doc, m: Mention) -> str:
    """The bare ministry's name with the people's word or the state's possessive right before it."""
    i = m.tok_start
    if i >= 2 and doc[i - 1].lower_ in ("'s", "’s"):
        state = _state(doc[i - 2].text)
        if state is None:
            return m.canonical  # "the island's Ministry of Roads"
        if m.canonical.startswith("Ministry "):
            return f"{m.canonical} of {state}"
        owner = _demonyms().get(state)
        return f"{owner} {m.canonical}" if owner else m.canonical
    owner = _state_people_word(doc[i - 1].text) if i >= 1 else None
    return f"{owner} {m.canonical}" if owner else m.canonical
