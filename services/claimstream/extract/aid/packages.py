"""Packages: the article's aid mentions grouped into one package per real act (AID_GUIDELINES 4).

The sentence pass (``commitments.py``) merges a mention into the package just told; this stage looks
at the whole article at once, after every mention has its parties:

- *restated*: one donor's same figure stated in two places with the recipient named two ways (the
  lead's "the UN refugee agency", the body's "UNHCR") is one package; it keeps the recipient the
  article names most;
- *parts*: figures of one donor and recipient that add up to another of its figures are the parts of
  that total ("€250 million: €150 million for air defence and €100 million for drones"): the total is
  the package, the parts are its evidence;
- *sum of per-recipient figures*: one donor's figures for several recipients and their sum ("€60
  million to A and €20 million to B, €80 million in all") are the per-recipient packages; the sum is
  none;
- *channels*: an agency funded by a donor of the article, that then "provides" aid with no figure of
  its own, passes the donor's aid on: no package of its own, and the state it serves is the donor's
  recipient;
- *restatements* (``restatements.py``): a claim without a figure that tells vaguely a package another
  claim gives with its figure, and a pledge beside its delivery.

Candidates in, packages out: each package keeps the evidence places of the mentions it absorbed.
"""

from __future__ import annotations

import copy
import re
from collections import Counter
from collections.abc import Callable
from itertools import combinations

from spacy.tokens import Doc, Span

from claimstream.extract.actors import is_state, lookup
from claimstream.extract.aid.candidate import C, Candidate
from claimstream.extract.aid.restatements import absorb, merge_restatements
from claimstream.extract.doctext import doc_sentences, doc_text
from claimstream.extract.money import Money, find_money, same_figure

_MAX_PARTS = 4  # parts looked for per total (combinations stay small)


def group(cands: list[C], mentions: Callable[[str], int], doc: Doc | None = None) -> list[C]:
    """The packages among ``cands`` (each with a donor and its recipients set), in text order.
    ``mentions(name)`` is how often the article names an actor; ``doc`` (the parse) lets a package be
    split by the per-recipient parts a later sentence gives."""
    out = _restated(cands, mentions, doc_text(doc) if doc is not None else "")
    out = _parts_of_totals(out)
    out = _sums_of_recipients(out)
    out = _channels(out)
    out = merge_restatements(out, doc_text(doc) if doc is not None else "")
    return [p for c in out for p in _split_by_recipient(c, doc)] if doc is not None else out


# Any name label but NORP ("Sudanese refugees in Chad" is for Chad): the small model tags some small
# states as PERSON or ORG.
_PLACE_LABELS = {"GPE", "LOC", "PERSON", "ORG", "FAC"}
_SPLIT_REACH = 800  # characters after a package's statement where its per-recipient parts may follow


def _split_by_recipient(pkg: C, doc: Doc) -> list[C]:
    """ "$25 million for R1 and R2 … Of the allocation, $19 million will support families in R1 and $6
    million will go to refugees in R2": parts for named recipients that add up to the package are one
    package per recipient (AID_GUIDELINES 4); the sum is none."""
    if pkg.money is None:
        return [pkg]
    for sent in doc_sentences(doc):
        if sent.start_char <= pkg.start or sent.start_char - pkg.end > _SPLIT_REACH:
            continue
        parts = _recipient_parts(sent, pkg)
        if parts:
            return [_part_package(pkg, money, rec, sent) for money, rec in parts]
    return [pkg]


def _recipient_parts(sent: Span, pkg: Candidate) -> list[tuple[Money, str]]:
    """Figures of the sentence, in the package's currency, each followed by a state it is for (the last
    place named before the next figure: "refugees in neighbouring R2"), adding up to the package."""
    assert pkg.money is not None
    figures = [m for m in find_money(sent.text, sent.start_char) if m.currency == pkg.money.currency]
    if len(figures) < 2 or abs(sum(m.amount for m in figures) - pkg.money.amount) > 0.01 * pkg.money.amount:
        return []
    out: list[tuple[Money, str]] = []
    for money, nxt in zip(figures, [*figures[1:], None], strict=True):
        stop = nxt.start if nxt is not None else sent.end_char
        states = [
            name
            for ent in sent.ents
            if ent.label_ in _PLACE_LABELS and money.end <= ent.start_char < stop
            for name in [lookup(ent.text)]
            if name and is_state(name) and name != pkg.donor
        ]
        if not states:
            return []
        out.append((money, states[-1]))
    return out if len({r for _, r in out}) == len(out) else []


def _part_package(pkg: C, money: Money, recipient: str, sent: Span) -> C:
    part = copy.copy(pkg)
    part.money, part.alts, part.recipients = money, [], [recipient]
    part.items, part.signals = list(pkg.items), {**pkg.signals, "split": 1.0}
    part.add_place(sent.start_char, sent.end_char)
    return part


def _channels(cands: list[C]) -> list[C]:
    """An agency that receives a donor's money and then "provides" aid without a figure of its own is
    the channel, not a donor ("WFP welcomed $X from Japan to provide food to refugees in R"): its act is
    the donor's; when it names a state the aid is for, that state is the donor's recipient
    (AID_GUIDELINES 5 and 9)."""
    funded = {r for c in cands if c.money is not None for r in c.recipients if not is_state(r)}
    out = []
    for c in cands:
        if c.donor in funded and c.money is None and not is_state(c.donor):
            states = [r for r in c.recipients if is_state(r)]
            for giver in cands:
                if states and c.donor in giver.recipients and giver.money is not None:
                    giver.recipients = [states[0] if r == c.donor else r for r in giver.recipients]
            continue
        out.append(c)
    return out


def _figures(c: Candidate) -> list[Money]:
    return [c.money, *c.alts] if c.money is not None else []


def _same_money(a: Candidate, b: Candidate) -> bool:
    return any(same_figure(x, y) for x in _figures(a) for y in _figures(b))


# "Japan will also give $5 million to the WFP": a second act, whatever its figure.
_ANOTHER_ACT = re.compile(r"\b(?:also|separately|as well|in addition)\b", re.IGNORECASE)


def _restated(cands: list[C], mentions: Callable[[str], int], text: str) -> list[C]:
    """One donor's same figure, in separate sentences, to recipients named differently: one package."""
    out: list[C] = []
    for c in cands:
        if _ANOTHER_ACT.search(text[c.start : c.end]):
            out.append(c)
            continue
        twin = next(
            (
                o
                for o in out
                if o.donor == c.donor
                and o.novelty == c.novelty
                and o.money is not None
                and c.money is not None
                and not (o.signals.get("split") or c.signals.get("split"))
                and not set(o.recipients) & set(c.recipients)
                and not _two_states(o, c)
                and (o.start, o.end) != (c.start, c.end)
                and _same_money(o, c)
            ),
            None,
        )
        if twin is None:
            out.append(c)
            continue
        named = Counter({r: mentions(r) for r in [*twin.recipients, *c.recipients]})
        best = named.most_common(1)[0][0]
        if best not in twin.recipients:
            twin.recipients = list(c.recipients)
        absorb(twin, c)
    return out


def _two_states(a: Candidate, b: Candidate) -> bool:
    """The two name different recipients of their own, not two names of one: "£30 million to Kenya …
    £30 million to Somalia", "$5 million to UNICEF … $5 million to Chad" are two packages; a recipient
    found by fallback, or two agencies ("the UN refugee agency", "UNHCR"), may be one named twice."""
    if a.signals.get("recipient_fallback") or b.signals.get("recipient_fallback"):
        return False
    return any(is_state(r) for r in [*a.recipients, *b.recipients])


def _smaller_figures(total: C, money: Money, cands: list[C], gone: set[int]) -> list[C]:
    """The other candidates still standing of ``total``'s donor and novelty with a figure smaller than
    its ``money``, in the same currency: what could be its parts."""
    return [
        c
        for c in cands
        if c is not total
        and id(c) not in gone
        and c.donor == total.donor
        and c.novelty == total.novelty
        and c.money is not None
        and c.money.currency == money.currency
        and c.money.amount < money.amount
    ]


def _parts_of_totals(cands: list[C]) -> list[C]:
    """Figures of one donor and recipient that sum to another of its figures are that total's parts."""
    gone: set[int] = set()
    for total in cands:
        if total.money is None or id(total) in gone:
            continue
        smaller = _smaller_figures(total, total.money, cands, gone)
        same = [c for c in smaller if set(c.recipients) & set(total.recipients)]
        parts = _summing_to(total.money, same)
        for part in parts:
            absorb(total, part)
            gone.add(id(part))
    return [c for c in cands if id(c) not in gone]


def _sums_of_recipients(cands: list[C]) -> list[C]:
    """A donor's figure that is the sum of its figures for two or more recipients is no package (its own
    recipient, often found by fallback for "the two countries", may be one of them)."""
    gone: set[int] = set()
    for total in cands:
        if total.money is None:
            continue
        others = _smaller_figures(total, total.money, cands, gone)
        parts = _summing_to(total.money, others)
        covered = {r for p in parts for r in p.recipients}
        own = not total.signals.get("recipient_fallback") and not set(total.recipients) <= covered
        if len(covered) >= 2 and not own:  # "$10 million to Sudan" of its own is a package, whatever it sums
            gone.add(id(total))
    return [c for c in cands if id(c) not in gone]


def _summing_to(total: Money, cands: list[C]) -> list[C]:
    """Two or more of ``cands`` whose figures add up to ``total`` (within 1%), the fewest first."""
    pool = cands[:8]
    for n in range(2, min(_MAX_PARTS, len(pool)) + 1):
        for combo in combinations(pool, n):
            s = sum(c.money.amount for c in combo if c.money is not None)
            if abs(s - total.amount) <= 0.01 * total.amount:
                return list(combo)
    return []
