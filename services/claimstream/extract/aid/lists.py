"""Breakdown lists: one line per donor and figure under a sentence that says what they give.

    Donors pledged the following to Country R at the conference:
    Country A: $40 million.
    Agency B - €12 million ($13 million).

A run of two or more lines that each start with a named actor, a colon or dash, and a figure, is a
list of packages; the last sentence before the run gives the act (a giving verb, its status and
novelty) and the recipient. Lines without an introducing giving verb are no commitments (a table of
budgets, of needs, of losses).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc, Span

from claimstream.extract.actors import is_state, lookup
from claimstream.extract.datelines import in_dateline
from claimstream.extract.doctext import doc_text
from claimstream.extract.money import Money, find_money

# "Country A: $40 million", "- Agency B – €12 million", "• Country C — 5 million kroner"
_LINE = re.compile(
    r"^[ \t]*(?:[-•*▪·][ \t]+)?(?P<actor>[A-Z][^:\n–—]{1,60}?)[ \t]*(?::|[-–—][ \t])[ \t]*(?P<rest>.+)$", re.M
)
_MIN_RUN = 2


@dataclass
class ListedPackage:
    """One line of a breakdown list."""

    donor: str
    money: Money
    alts: list[Money]
    start: int
    end: int


def _line_package(text: str, start: int, end: int) -> tuple[bool, ListedPackage | None]:
    """Whether the line is shaped like a list entry of a named actor, and its package if a figure opens
    its value ("A: $X"; not "A: talks on $X", and not a figure the money reader does not know)."""
    m = _LINE.match(text, start, end)
    donor = lookup(m.group("actor")) if m and not _dateline(m) else None
    if m is None or donor is None:
        return False, None
    figures = find_money(text[m.start("rest") : end], m.start("rest"))
    if not figures or figures[0].start - m.start("rest") > 3:
        return True, None
    first, *others = figures
    alts = [f for f in others if "(" in text[first.end : f.start]]
    return True, ListedPackage(donor, first, alts, start, end)


def _dateline(m: re.Match[str]) -> bool:
    """ "PRAGUE — Countries … announced:": a place line in capitals before a dash opens a sentence, not a
    list entry (the sentence may be the lead-in of the list that follows)."""
    actor = m.group("actor").strip()
    return actor.isupper() and len(actor) > 3 and m.string[m.end("actor") : m.start("rest")].strip() != ":"


def breakdown_runs(doc: Doc) -> list[tuple[Span, list[ListedPackage]]]:
    """Each run of listed packages with the sentence that introduces it (the one just before)."""
    text = doc_text(doc)
    runs: list[tuple[tuple[int, int] | None, list[ListedPackage]]] = []
    current: list[ListedPackage] = []
    previous: tuple[int, int] | None = None  # the last line that lists nothing
    lead_in: tuple[int, int] | None = None
    pos = 0
    for line in text.split("\n"):
        end = pos + len(line)
        listed, pkg = _line_package(text, pos, end) if line.strip() else (False, None)
        if listed:
            if not current:
                lead_in = previous
            if pkg is not None:
                current.append(pkg)
        elif line.strip():
            if len(current) >= _MIN_RUN:
                runs.append((lead_in, current))
            current, previous = [], (pos, end)
        pos = end + 1
    if len(current) >= _MIN_RUN:
        runs.append((lead_in, current))
    out = []
    for lead, pkgs in runs:
        intro = _last_sentence(doc, *lead) if lead else None
        if intro is not None:
            out.append((intro, pkgs))
    return out


def _last_sentence(doc: Doc, start: int, end: int) -> Span | None:
    """The lead-in line's last sentence, clipped to the line (the parser may run it into the list)."""
    span = doc.char_span(start, end, alignment_mode="contract")
    if span is None or not len(span):
        return None
    sent = span[-1].sent
    lo = max(sent.start, span.start)
    return doc[lo : span.end]


def list_recipient(intro: Span, donors: set[str]) -> str | None:
    """A state named in the lead-in that gives nothing in the list ("… to provide to Country R:")."""
    for ent in intro.ents:
        hyphenated = ent.end < len(intro.doc) and intro.doc[ent.end].text == "-"
        if in_dateline(ent[0]) or hyphenated:
            continue  # "PRAGUE —" says where, "the Czech-led initiative" or "US-made shells" whose
        name = lookup(ent.text)
        if name and is_state(name) and name not in donors:
            return name
    return None
