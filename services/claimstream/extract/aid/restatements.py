"""Claims without a figure that restate a package the article gives with more detail (AID_GUIDELINES 2-4).

A document-level step of ``packages.group``, run once every mention has its donor, recipients,
status and novelty:

- *summary without figure*: "A will send R emergency aid" in the lead, "A has decided to give R €4
  million for it" in the body: the claim without a figure is the same package told vaguely, and joins
  the claim of the same donor, recipient and aid type that has the figure;
- *pledge and its delivery*: "A pledged R 30 tanks worth $90 million … The tanks have arrived": when
  the article's news is the delivery, the pledge of the same items is the earlier act (background);
  a pledge of those items with no figure is the same package and joins the delivery.

Kept apart, whatever they share: a delivery beside a pledge with a figure (the delivery is news of its
own), a claim of another aid type ("A gives R €4 million; A's army sends tents"), items the other claim
does not have, a claim that says it is another act ("also", "separately", "more", "further"), and an
act the text dates before the news ("Last year A gave R €4 million").
"""

from __future__ import annotations

import re

from claimstream.extract.aid import cues
from claimstream.extract.aid.candidate import C, Candidate

# "A will also send blankets", "Separately, A gives …", "ten more tanks": a second act of its own.
_OTHER_ACT = re.compile(
    r"\b(?:also|separately|as well|in addition|additional|another|more|further|second)\b", re.IGNORECASE
)


def merge_restatements(cands: list[C], text: str) -> list[C]:
    """``cands`` without the claims that restate another claim's package (absorbed into it)."""
    gone: set[int] = set()
    for c in cands:
        if c.money is not None or c.donor is None or _says_other_act(c, text):
            continue
        host = _delivery_of(c, cands, gone, text) or _figured_twin(c, cands, gone, text)
        if host is not None:
            absorb(host, c)
            gone.add(id(c))
    _pledges_delivered(cands, gone, text)
    return [c for c in cands if id(c) not in gone]


def _same_parties(a: Candidate, b: Candidate) -> bool:
    return a is not b and a.donor == b.donor and bool(set(a.recipients) & set(b.recipients))


def _same_type(a: Candidate, b: Candidate) -> bool:
    return a.aid_type is None or b.aid_type is None or a.aid_type == b.aid_type


def _items_within(small: Candidate, big: Candidate) -> bool:
    """Every item of ``small`` is one of ``big``'s, by name containment ("IRIS-T" and "IRIS-T SLM"); a
    claim that names items the other does not ("two patrol boats" beside "€2 million in budget
    support") may be an item-only package of its own."""
    theirs = [i.lower() for i in big.items]
    return all(any(m.lower() in t or t in m.lower() for t in theirs) for m in small.items)


def _shares_items(a: Candidate, b: Candidate) -> bool:
    return bool(a.items and b.items) and any(
        x.lower() in y.lower() or y.lower() in x.lower() for x in a.items for y in b.items
    )


def _sentences(c: Candidate, text: str) -> str:
    return " ".join(text[s:e] for s, e in c.spans())


def _dated(text: str) -> bool:
    """A date before the news ("last year", "in March", "previously"); "already" alone is none: "has
    already decided to give €4 million" details the lead's plan."""
    return any(m.group(0).lower() != "already" for m in cues.EARLIER_ACT.finditer(text))


def _says_other_act(c: Candidate, text: str) -> bool:
    return bool(_OTHER_ACT.search(text[c.start : c.end]))


def _figured_twin(c: C, cands: list[C], gone: set[int], text: str) -> C | None:
    """The nearest claim with a figure of ``c``'s donor, recipient and aid type that states the same
    package: neither is a delivery (a delivery is an act of its own), ``c`` adds no item of its own, and
    across novelty the figured claim is not dated before the news."""
    if c.status == "delivered":
        return None
    twins = [
        o
        for o in cands
        if id(o) not in gone
        and o.money is not None
        and o.status != "delivered"
        and _same_parties(c, o)
        and _same_type(c, o)
        and _items_within(c, o)
        and (o.novelty == c.novelty or not _dated(_sentences(o, text)))
    ]
    return min(twins, key=lambda o: abs(o.start - c.start), default=None)


def _delivery_of(c: C, cands: list[C], gone: set[int], text: str) -> C | None:
    """The article's new delivery of the items that the pledge ``c`` (no figure, not dated) promised."""
    if c.status == "delivered" or not c.items or _dated(text[c.start : c.end]):
        return None
    return next(
        (
            d
            for d in cands
            if id(d) not in gone
            and d.status == "delivered"
            and d.novelty == "new"
            and _same_parties(c, d)
            and _shares_items(c, d)
        ),
        None,
    )


def _pledges_delivered(cands: list[C], gone: set[int], text: str) -> None:
    """A pledge with a figure whose items the article's news delivers is the earlier act: background
    ("pledged 30 tanks worth $90 million … the tanks have arrived", AID_GUIDELINES 9)."""
    deliveries = [d for d in cands if id(d) not in gone and d.status == "delivered" and d.novelty == "new"]
    for p in cands:
        if p.money is None or p.status == "delivered" or p.novelty != "new" or _says_other_act(p, text):
            continue
        if any(_same_parties(p, d) and d.money is None and _shares_items(p, d) for d in deliveries):
            p.novelty = "background"


def absorb(keep: Candidate, gone: Candidate) -> None:
    """``keep`` takes ``gone``'s places and items: one package told in both."""
    for start, end in gone.spans():
        keep.add_place(start, end)
    for item in gone.items:
        if item.lower() not in {i.lower() for i in keep.items}:
            keep.items.append(item)
    keep.signals["mentions"] = keep.signals.get("mentions", 1.0) + gone.signals.get("mentions", 1.0)
