"""Datelines: the place line that opens a wire report ("WASHINGTON —", "MANILA, Oct 3 –").

A dateline names where the report was filed, never a party to what it reports; aid reads it to skip
the city as an actor, entities to know the city is a place.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Token

DASHES = frozenset({"—", "–", "-", "--"})  # the dashes that close a place line


def dateline_end(tok: Token) -> int:
    """Index of the dash that closes a dateline starting the token's paragraph, or -1."""
    doc = tok.doc
    start = tok.i
    while start > 0 and "\n" not in doc[start - 1].text and tok.i - start < 4:
        start -= 1
    for t in doc[start : min(start + 8, len(doc))]:
        if t.text in DASHES:
            if all(_dateline_word(x) or _bracketed(x, start) for x in doc[start : t.i]):
                return t.i
            break
    return _with_region(doc, tok.i)


def _bracketed(tok: Token, start: int) -> bool:
    """A word of the outlet in brackets after the city: "OSLO (Fjord Wire) —"."""
    opened = next((t.i for t in tok.doc[start : tok.i] if t.text == "("), None)
    return opened is not None and opened > start and ")" not in tok.doc[opened : tok.i].text


def _with_region(doc: Doc, at: int) -> int:
    """A place line that names the city's country or state after a comma ("PORTLAND, Maine —", "KOROR,
    Palau, May 2 —"), at the start of its paragraph: the dash's index, or -1."""
    start = at
    while start > 0 and "\n" not in doc[start - 1].text and at - start < 8:
        start -= 1
    if not (start == 0 or "\n" in doc[start - 1].text) or not doc[start].is_upper:
        return -1
    seen_comma = False
    for t in doc[start : min(start + 10, len(doc))]:
        if t.text in DASHES:
            return t.i if seen_comma and t.i > start + 2 else -1
        seen_comma = seen_comma or t.text == ","
        if not (_dateline_word(t) or (seen_comma and t.is_title and t.is_alpha)):
            return -1
    return -1


def _dateline_word(tok: Token) -> bool:
    """A word of a place line: "WASHINGTON", "MANILA, Oct 3" (the model does not always tag the date)."""
    return tok.is_upper or tok.is_punct or tok.is_space or tok.ent_type_ == "DATE" or tok.like_num or _month(tok)


def _month(tok: Token) -> bool:
    """ "Nov" or "Sept." right before a day number."""
    nxt = tok.doc[tok.i + 1] if tok.i + 1 < len(tok.doc) else None
    return bool(_MONTH_SHAPE.match(tok.text)) and nxt is not None and nxt.like_num


_MONTH_SHAPE = re.compile(r"^[A-Z][a-z]{2,8}\.?$")


def in_dateline(tok: Token) -> bool:
    """ "WASHINGTON" or "Nov" in "WASHINGTON, Nov 20 — The United States …": a place line, never the
    actor (the parse often makes the city or the date the subject of the lead's verb)."""
    if tok.is_punct or tok.is_space or not _dateline_word(tok) or (len(tok.text) == 1 and not tok.like_num):
        return False  # checked first: most tokens are no dateline word, and dateline_end looks around
    return dateline_end(tok) > tok.i
