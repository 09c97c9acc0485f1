"""Donor and recipient names: map a mention to the state or body that acts (AID_GUIDELINES 5).

A state's government, ministries, legislature, capital used as government and demonym adjectives
all count as the state ("the Pentagon", "Berlin", "the Japanese government"). EU institutions are
"European Union"; Gaza and other Palestinian areas are "Palestinian territories".
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

from spacy.tokens import Span, Token

from claimstream.extract import names
from claimstream.extract.lexicon import lexicon, words

# The actor tables are data (data/lexicon, alias -> canonical name): states (capitals, demonyms and
# government bodies among their aliases), a state's own agencies (which stand for the state) and
# international bodies (actors of their own, no state).
_STATE_ALIASES = lexicon("states").values
STATES = frozenset(_STATE_ALIASES.values())
_GOV_SUFFIXES = tuple(sorted(words("government_suffixes"), key=lambda w: (-len(w), w)))
_UNNAMED = words("unnamed_actors")


@functools.lru_cache(maxsize=65536)
def _key(text: str) -> str:
    """The table key of a mention: lowercase, no article, no possessive, single spaces (kept per text:
    the same few names are asked thousands of times an article)."""
    t = text.lower().replace("’", "'").strip()
    t = re.sub(r"'s$", "", t)
    t = re.sub(r"^(the|a|an)\s+", "", t)
    return re.sub(r"\s+", " ", t)


_TABLE: dict[str, str] = {}
for _list in ("states", "state_agencies", "institutions"):
    for _a, _canon in lexicon(_list).values.items():
        if _list == "state_agencies" and _canon not in STATES:
            raise ValueError(f"lexicon {_list}: {_a!r} maps to {_canon!r}, which is no known state")
        _TABLE[_key(_a)] = _canon


# First words of the actor names longer than five words, the only places worth longer windows.
_LONG_NAME_STARTS = frozenset(k.split()[0] for k in _TABLE if len(k.split()) > 5)
_LONGEST_NAMES = tuple(range(max(len(k.split()) for k in _TABLE), 5, -1))  # words of the longest name, down to 6


@functools.cache
def _city_states() -> dict[str, str]:
    """Folded city name -> state (data/lexicon/city_states.yaml), read on first use: its builder
    imports this module before the file exists."""
    return {names.fold(city): state for city, state in lexicon("city_states").values.items()}


def city_state_of(name: str) -> str | None:
    """The state of a city of the city table named by ``name`` ("Pikine" -> Senegal), else None."""
    return _city_states().get(names.fold(name.replace("ı", "i")))


def city_state(tokens: Iterable[Token]) -> str | None:
    """The state of a large city named among ``tokens`` by capitalised proper nouns ("reached Aleppo",
    "landed in Port Sudan"): the recipient is the state (AID_GUIDELINES 5). Only a whole run of
    proper nouns counts, so "Van" the city is read, "a van" or "Van Dyke" is not."""
    toks = sorted(tokens, key=lambda t: t.i)
    runs: list[list[Token]] = []
    for tok in toks:
        if tok.pos_ == "PROPN" and tok.text[:1].isupper():
            if runs and runs[-1][-1].i == tok.i - 1:
                runs[-1].append(tok)
            else:
                runs.append([tok])
        elif runs and tok.text == "-" and runs[-1][-1].i == tok.i - 1:
            runs[-1].append(tok)
    for run in runs:
        state = city_state_of("".join(t.text_with_ws for t in run).strip())
        if state:
            return state
    return None


@functools.lru_cache(maxsize=65536)
def lookup(text: str) -> str | None:
    """The canonical actor for a whole mention ("the U.S.", "Japanese government"), or None."""
    k = _key(text)
    if k in _TABLE:
        return _TABLE[k]
    k2 = re.sub(r"^(government|ministry|parliament) of (the )?", "", k)
    if k2 in _TABLE:
        return _TABLE[k2]
    for suffix in _GOV_SUFFIXES:
        if k.endswith(" " + suffix) and k[: -len(suffix) - 1] in _TABLE:
            return _TABLE[k[: -len(suffix) - 1]]
    return None


def is_state(name: str | None) -> bool:
    return name in STATES


def actor_in_tokens(tokens: Iterable[Token], *, orgs: bool = True) -> str | None:
    """The first actor named inside ``tokens`` (longest n-gram first), else an ORG entity's name."""
    toks = [t for t in tokens if not t.is_punct or t.text in {".", "-", "'s"}]
    if not toks:
        return None
    by_index = sorted(toks, key=lambda t: t.i)
    for i, tok in enumerate(by_index):
        longest = _LONGEST_NAMES if tok.lower_ in _LONG_NAME_STARTS else ()  # "United Nations High Commissioner
        for n in (*longest, 5, 4, 3, 2, 1):  # for Refugees" is UNHCR, not the UN
            window = by_index[i : i + n]
            if len(window) < n or window[-1].i - window[0].i != n - 1:
                continue
            text = "".join(t.text_with_ws for t in window).strip()
            hit = _TABLE.get(_key(text))
            if hit and tok.text[:1].isupper():
                return _abbreviated(window[-1]) or hit
    if orgs:
        for tok in by_index:
            if tok.ent_type_ == "ORG" and tok.ent_iob_ == "B":
                ent = _entity_at(tok)
                if ent is not None:
                    return _clean_org(ent.text)
    return None


_NAME_LINKS = {"of", "for", "and", "on", "'s", "the", "-"}


def _abbreviated(last: Token) -> str | None:
    """The actor of the abbreviation that closes a longer name beginning with a known one: "United
    Nations Relief and Works Agency (UNRWA)" is UNRWA, not the UN; "the UN (United Nations)" stays."""
    doc = last.doc
    k = last.i + 1
    while k < len(doc) and k - last.i <= 8 and (doc[k].text[:1].isupper() or doc[k].lower_ in _NAME_LINKS):
        k += 1
    if k == last.i + 1 or k + 2 >= len(doc) or doc[k].text != "(" or doc[k + 2].text != ")":
        return None
    return _TABLE.get(_key(doc[k + 1].text))


def _entity_at(tok: Token) -> Span | None:
    for ent in tok.doc.ents:
        if ent.start == tok.i:
            return ent
    return None


def _clean_org(text: str) -> str:
    t = re.sub(r"^(the)\s+", "", text.strip(), flags=re.IGNORECASE)
    return re.sub(r"['’]s$", "", t)


def is_unnamed(tok: Token) -> bool:
    """True for aggregate or unnamed actors ("several other countries", "donors", "the West")."""
    if tok.ent_type_ in {"GPE", "ORG", "NORP", "LOC"}:
        return False
    return tok.lemma_.lower() in _UNNAMED or tok.lower_ in _UNNAMED


_GOV_WORDS = words("government_words")
_ORG_NOUNS = words("organisation_heads")
# News agencies and outlets cited as sources: an ORG they name is no donor ("Reuters reported").
_MEDIA = frozenset(
    name.lower()
    for name in (*lexicon("news_agencies").values, *lexicon("news_agencies").values.values(), *words("media_outlets"))
)


def is_actor_head(tok: Token) -> bool:
    """The head of a phrase that names an actor itself ("Egypt", "the German army", "the Qatar
    Charity foundation"), not a thing an actor owns or makes ("Russian central bank assets")."""
    if tok.pos_ == "PROPN" or tok.ent_type_ in {"GPE", "ORG", "NORP"} or lookup(tok.text):
        return True
    return (
        tok.lower_ in _GOV_WORDS
        or tok.lower_ in _ORG_NOUNS
        or tok.lemma_.lower() in {"government", "people", "authority", "bank", "ministry", "donor"}
    )


def org_entity(head: Token) -> str | None:
    """The non-governmental organisation whose ORG entity contains the phrase's head ("Turkish Red
    Crescent"), else None. Government bodies ("German Defense Ministry") and news agencies are left
    to ``actor_in_tokens``, which maps the former to their state.
    """
    doc = head.doc
    if head.ent_type_ != "ORG" and head.lower_ in _ORG_NOUNS and head.i > 0 and doc[head.i - 1].ent_type_ == "ORG":
        head = doc[head.i - 1]  # "the Qatar Charity foundation"
    if head.ent_type_ != "ORG":
        return None
    ent = next((e for e in doc.ents if e.start <= head.i < e.end), None)
    if ent is None or lookup(ent.text) or any(t.lower_ in _GOV_WORDS for t in ent):
        return None
    name = _clean_org(ent.text)
    return None if name.lower() in _MEDIA else name
