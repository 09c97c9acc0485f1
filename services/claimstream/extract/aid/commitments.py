"""Aid commitments: who commits what aid to whom (AidCommitment v1, AID_GUIDELINES.md).

One pass over the parsed sentences finds *mentions*: a giving verb (``cues.TRIGGERS``) with a named
donor and an aid object, that no request, option, refusal, sale or running total cue overrides. A
sentence without its own giving verb can still add items or the figure to the package just mentioned
("This includes …", "The package will also encompass …"). Mentions of one package merge into one
commitment; a package for several named recipients is split per recipient.
"""

from __future__ import annotations

import bisect
import math
import re
from collections import Counter
from dataclasses import dataclass, field, replace
from typing import Any

from spacy.tokens import Doc, Span, Token

from claimstream.extract.actors import actor_in_tokens, is_state
from claimstream.extract.aid import cues, decision, packages
from claimstream.extract.aid.clause import (
    announcer_of_passive,
    blocked,
    bought_for_other,
    complement_chain,
    from_own_funds,
    governors,
    has_aid_object,
    in_question,
    is_background,
    is_not_aid_word,
    is_total,
    is_trigger,
    object_tokens,
    received_purchase,
    reported_inclusions,
    subject_of,
    without_relative_clauses,
)
from claimstream.extract.aid.context import (
    DocContext,
    aid_type_of,
    equivalents,
    level_clause,
    level_reached,
    local_tokens,
    money_for,
    parts_summed,
    status_of,
)
from claimstream.extract.aid.donors import can_give
from claimstream.extract.aid.items import bulleted_items, items_in
from claimstream.extract.aid.lists import breakdown_runs, list_recipient
from claimstream.extract.aid.nouns import GIVING_NOUNS, noun_acts
from claimstream.extract.aid.parties import (
    gapped_pledges,
    parties,
    per_donor_figures,
    per_recipient_figures,
    recipients_of,
    thanked_for,
)
from claimstream.extract.aid.ranked import ranked_gifts
from claimstream.extract.doctext import doc_text, indices_with_pos
from claimstream.extract.lexicon import words
from claimstream.extract.money import LOCAL_UNITS, Money, find_money, same_figure


@dataclass
class Mention:
    """One statement of a commitment in one sentence (before merging)."""

    donor: str | None
    recipients: list[str]
    money: Money | None
    aid_type: str | None
    items: list[str]
    status: str
    novelty: str
    start: int
    end: int
    confidence: float
    alts: list[Money] = field(default_factory=list)  # the same figure in other currencies
    anaphoric: bool = False  # "announced the package": a re-mention of a package already reported
    signals: dict[str, float] = field(default_factory=dict)  # rule facts for the learned decision
    places: tuple[tuple[int, int], ...] = ()  # further places that state the package (start, end)

    def spans(self) -> list[tuple[int, int]]:
        """Every place that states the package, in text order (the first is ``start``-``end``)."""
        return sorted({(self.start, self.end), *self.places})

    def add_place(self, start: int, end: int) -> None:
        if (start, end) not in self.spans():
            self.places = (*self.places, (start, end))  # rebound, never shared with a copy


def extract_aid(doc: Doc) -> list[dict[str, Any]]:
    """Aid commitments stated in ``doc``, new and background (see AidCommitment v1 in DESIGN.md): the
    rules' candidates that the learned decision (``aid/decision.py``) keeps. While the shipped model
    is not adopted the rules decide alone, and the features (a sixth of the aid rules' time) are not
    computed."""
    if not decision.adopted():
        return [c for c, _ in _rule_commitments(doc)]
    return [c for c, feats in aid_candidates(doc) if decision.keep(feats)]


def aid_candidates(doc: Doc) -> list[tuple[dict[str, Any], dict[str, float]]]:
    """Every candidate commitment the rules find, with its decision features."""
    found = _rule_commitments(doc)
    dicts = [c for c, _ in found]
    return [(c, decision.features(i, dicts, sig, doc)) for i, (c, sig) in enumerate(found)]


def _rule_commitments(doc: Doc) -> list[tuple[dict[str, Any], dict[str, float]]]:
    """The rules' commitments (one per donor and recipient of a package), with their signals."""
    if not len(doc) or not doc.has_annotation("DEP"):
        return []  # the rules need the parser's sentences and dependencies
    ctx = DocContext(doc)
    merged: list[Mention] = []
    aggregate_recipients: list[str] = []
    verbs = indices_with_pos(doc, "VERB", "AUX")  # every giving verb is tagged VB*
    for index, sent in enumerate(ctx.sentences):
        lo, hi = bisect.bisect_left(verbs, sent.start), bisect.bisect_left(verbs, sent.end)
        triggers = [doc[i] for i in verbs[lo:hi] if is_trigger(doc[i])]
        found = [m for trig in triggers for m in _mentions(trig, sent, ctx, index)]
        telling = bool(merged) and any(_elaborates(t) for t in sent)  # the contents of a package told before
        if not any(m.donor for m in found) and not telling:
            found += _noun_mentions(sent, ctx, index)  # no act by a verb: "responded with a $X pledge for R"
            found += _ranked_mentions(sent, ctx, index, {m.donor for m in found})  # "A was the top donor with $X"
        found = _cosigned_terms(found)
        _share_recipients(found)
        aggregate_recipients.extend(r for m in found if m.donor is None for r in m.recipients)
        ctx.recipients_seen.update(r for m in found if m.donor for r in m.recipients)
        ctx.donors_seen.extend(m.donor for m in found if m.donor)
        for m in found:
            if not _delivery_of_earlier(merged, m, sent, ctx):
                _merge_into(merged, m, sent)
        if merged and not any(m.donor for m in found):
            _elaborate(merged, sent, ctx)  # also "The aid, to be delivered by X, will pay for food": no giver
    _add_listed(merged, ctx)
    _expand_short_donors(merged)
    return _claims(doc, ctx, merged, aggregate_recipients)


def _self_funding(m: Mention, recipients: Counter[str]) -> bool:
    """An act with no recipient of its own that spends the giver's own money: the article's recipient
    adding to the project it is given for ("The government of B will add $X to the project"), or any
    spender's own funds ("set aside X in its own budget"). A government budget, no aid (AID_GUIDELINES
    2, rule 3); the fallback would give it a made-up recipient."""
    return m.donor in recipients or bool(m.signals.get("own_funds"))


def _claims(
    doc: Doc, ctx: DocContext, merged: list[Mention], aggregate_recipients: list[str]
) -> list[tuple[dict[str, Any], dict[str, float]]]:
    """The merged mentions with their recipients (found by fallback where the clause named none),
    grouped into the article's packages (``aid/packages.py``), one claim per donor and recipient."""
    named = Counter(r for m in merged if m.donor for r in m.recipients)
    for rec in aggregate_recipients + ctx.total_recipients:  # "donors pledged X for R": whom the aid is for
        named.setdefault(rec, 0)
    merged = [m for m in merged if m.donor is not None and (m.recipients or not _self_funding(m, named))]
    donors = {
        m.donor for m in merged if m.donor is not None
    }  # the recipient spending its own money is still the recipient
    stated = []
    for m in merged:
        if not m.recipients:
            m.recipients = ctx.fallback_recipient(donors, named, (m.start, m.end))
            m.confidence = round(max(0.3, m.confidence - 0.1), 2)
            m.signals["recipient_fallback"] = 1.0
        stated.append(m)
    out = []
    hedged = _hedged_figures(doc) if any(m.money for m in stated) else []
    for m in packages.group(stated, ctx.times_named, doc):
        if m.donor is None or not m.recipients:
            continue  # no recipient anywhere in the article: not an aid commitment we can state
        m.signals["position"] = round(m.start / max(len(doc_text(doc)), 1), 3)
        m.signals["log_mentions"] = round(math.log1p(m.signals.get("mentions", 1.0)), 3)
        recipients = [r for r in m.recipients if can_give(m.donor, r, doc_text(doc))]
        if m.money is not None:
            recipients = recipients[:1]  # one sum for several recipients, no split: the first (AID_GUIDELINES 9)
        if m.money is not None and not m.money.approximate and any(_same_amount(m.money, h) for h in hedged):
            m.money = replace(m.money, approximate=True)
        for rec in recipients:
            out.append((_as_dict(doc, m, rec), dict(m.signals)))
    return out


def _hedged_figures(doc: Doc) -> list[Money]:
    """The article's hedged figures: "Country A will give R €3 million … The roughly €3 million will buy
    tents" makes the package approximate, wherever the hedge stands (AID_GUIDELINES 5). Only the same
    figure in the same currency counts: a hedge on a converted figure in brackets does not."""
    return [f for f in find_money(doc_text(doc)) if f.approximate]


def _same_amount(a: Money, b: Money) -> bool:
    return a.currency == b.currency and abs(a.amount - b.amount) <= 0.001 * a.amount


def _add_listed(merged: list[Mention], ctx: DocContext) -> None:
    """Packages of breakdown lists ("A: $X." per line) under a lead-in with a giving verb."""
    for intro, pkgs in breakdown_runs(ctx.doc):
        trig = next((t for t in intro if is_trigger(t) and not blocked(t, governors(t))), None)
        noun = _pledging_noun(intro) if trig is None else None
        if trig is None and noun is None:
            continue
        trig = trig or noun
        status = status_of(trig, complement_chain(trig), trig.sent) if noun is None else GIVING_NOUNS[noun.lemma_]
        rec = list_recipient(intro, {p.donor for p in pkgs})
        novelty = "background" if ctx.in_block(trig.sent) else "new"
        aid_type = aid_type_of(list(intro), trig.sent, ctx)
        for p in pkgs:
            if any(m.donor == p.donor and m.money and same_figure(m.money, p.money) for m in merged):
                continue  # the same package told in the body
            signals = {"listed": 1.0, "recipient_side": 0.0, "lead": 0.0}
            m = Mention(p.donor, [rec] if rec else [], p.money, aid_type, [], status, novelty, p.start, p.end, 0.7)
            m.alts, m.signals = p.alts, signals
            merged.append(m)


def _pledging_noun(intro: Span) -> Token | None:
    """ "Other pledges made at the meeting:", "Contributions announced on Monday:": a lead-in that names
    the listed acts with a plural giving noun instead of a giving verb (the noun gives the status)."""
    for tok in intro:
        denied = any(c.dep_ == "neg" or c.lower_ == "no" for c in tok.children)  # "No pledges came from:"
        if tok.tag_ == "NNS" and tok.lemma_ in GIVING_NOUNS and not denied:
            return tok
    return None


def _expand_short_donors(merged: list[Mention]) -> None:
    """ "the Bank approved …" after "the World Bank": a one-word donor that ends a donor's full name. A
    state stays itself: "Chile will send $X … the Red Cross Society of Chile gave $Y" are two donors."""
    full = [m.donor for m in merged if m.donor and " " in m.donor]
    for m in merged:
        if m.donor and " " not in m.donor and not is_state(m.donor):
            longer = {f for f in full if f.endswith(" " + m.donor)}
            if len(longer) == 1:
                m.donor = longer.pop()


# ---------------------------------------------------------------- triggers and mentions


def _split_part(proto: Mention, donor: str | None, recipients: list[str], money: Money) -> Mention:
    """One part of a sentence's act split by figure (per giver, per recipient, "respectively")."""
    return replace(
        proto,
        donor=donor,
        recipients=recipients,
        money=money,
        confidence=0.8,
        items=list(proto.items),
        alts=[],
        signals={**proto.signals, "split": 1.0},
    )


def _mentions(trig: Token, sent: Span, ctx: DocContext, index: int) -> list[Mention]:
    """The commitments one giving verb states (none when a cue says it is no commitment)."""
    lemma = cues.act_lemma(trig)
    chain = governors(trig)
    if blocked(trig, chain) or in_question(trig, sent) or level_clause(trig):
        return []
    subj = subject_of(trig) or announcer_of_passive(trig)
    objs = object_tokens(trig, subj, sent) if lemma != "thank" else thanked_for(trig)
    if lemma == "thank" and not objs:
        return []
    carried = list(subj.subtree) if subj is not None and lemma in cues.ARRIVAL_VERBS else objs
    money = money_for(objs, sent, trig) or (money_for(carried, sent, trig) if carried is not objs else None)
    level = level_reached(trig, sent)
    money = parts_summed(money, level, objs, sent) if money is not None else level
    passive = _passive_figure(trig, sent) if subj is None else None  # "€X will be disbursed for R"
    money = money or passive
    if (money is None and not has_aid_object(carried, lemma) and not _bare_pledge(trig, ctx, index)) or _not_aid(
        trig, objs
    ):
        return []
    local = local_tokens(trig, _chain_to_own_figure(chain, objs) if money is not None else chain)
    if is_total(local, objs, trig):
        ctx.total_recipients.extend(recipients_of(objs, []))  # no act, but it says whom the article's aid is for
        return []  # a running total
    if money is None and any(g.lemma_ in {"continue", "keep"} for g in chain):
        return []  # a general statement ("will continue to provide weapons")
    named, recipients = parties(trig, subj, objs, carried, chain, sent, ctx)
    the_country = None
    if passive is not None and not named:  # "A is stepping up its aid. €X will go to B and €Y to C."
        named, the_country = _passive_giver(trig, objs, sent, ctx, recipients)
    if lemma in cues.PURCHASE_WORDS and not bought_for_other(trig):
        return []  # buying for oneself is a sale seen from the other side
    if lemma in cues.RECIPIENT_SIDE_VERBS and received_purchase(objs):
        return []  # "took delivery of jets it bought from A": a sale seen from the buyer's side
    if lemma == "pay" and not (bought_for_other(trig) or _paid_to_state(trig)):
        return []  # "will pay $X for gas imports": a purchase; "pay for tanks for Ukraine" is aid
    if lemma in {"lend", "deposit"} and money is None:
        return []  # "lend support to the bid": only a sum lent is a loan
    if lemma == "raise" and money is None and not _own_aid_raised(trig):
        return []  # "a conference to raise aid for R" collects from others; "raised its aid to R" gives
    if money is None and not recipients and index != ctx.lead_index and _habitual(trig):
        return []  # "France supplies a nearly identical missile": a maker or a description, no act
    novelty = (
        "background" if ctx.in_block(sent) or is_background(trig, chain, local, index == ctx.lead_index) else "new"
    )
    start, end = _stating_span(sent, trig)
    items = items_in(without_relative_clauses(carried) + reported_inclusions(trig))
    items += [i for i in bulleted_items(sent) if i.lower() not in {x.lower() for x in items}]
    proto = Mention(
        None,
        [],
        money,
        aid_type_of(carried, sent, ctx),
        items,
        _status(trig, sent, ctx, index),
        novelty,
        start,
        end,
        0.0,
        equivalents(money, sent) if money else [],
        anaphoric=money is None and not items and _definite_aid(trig),
        signals={
            "lead": float(index == ctx.lead_index),
            "recipient_side": float(lemma in cues.RECIPIENT_SIDE_VERBS),
            "own_funds": float(from_own_funds(trig)),
            "cosigned": float(lemma == "sign" and len(named) >= 2),
            "also": float(any(c.dep_ == "advmod" and c.lower_ in {"also", "additionally"} for c in trig.children)),
        },
    )
    if money is None and not items and _bare_pledge(trig, ctx, index):
        proto.status = "pledged"  # "D said it would contribute", among the pledges of a list or an event
    splits = per_recipient_figures(objs, sent, named, the_country) if lemma not in cues.RECIPIENT_SIDE_VERBS else []
    if not splits and money is not None and len(named) == 1:  # "$X and $Y to A and B respectively"
        recs = [r for r in recipients if r not in named]
        splits = [(fig, rec) for rec, fig in _respective_figures(sent, recs, objs).items()]
    givers = per_donor_figures(sent, recipients) if lemma in cues.RECIPIENT_SIDE_VERBS and recipients else []
    if givers:  # "R secured $X: $Y from A and $Z from B": one package per giver, the sum is none
        return [_split_part(proto, d, list(recipients), part) for part, d in givers]
    out: list[Mention] = []
    donors: list[str | None] = list(named) or [None]  # no named donor: merge-only, it may add to a package
    respective = _respective_figures(sent, named, objs) if money is not None else {}
    for donor in donors:
        if donor in respective:
            out.append(_split_part(proto, donor, [r for r in recipients if r != donor], respective[donor]))
            continue
        if splits:
            out.extend(_split_part(proto, donor, [rec], part) for part, rec in splits)
            continue
        recs = [r for r in recipients if r != donor]
        conf = 0.45 + 0.15 * bool(named) + 0.15 * bool(recs) + 0.1 * (money is not None)
        conf += 0.1 * (proto.status in {"pledged", "approved", "delivered"})
        out.append(
            replace(
                proto,
                donor=donor,
                recipients=recs,
                confidence=round(min(conf, 0.95), 2),
                items=list(proto.items),
                signals=dict(proto.signals),
            )
        )
    if money is not None and named:
        out.extend(
            replace(
                proto,
                donor=donor,
                recipients=list(recipients),
                money=extra,
                items=[],
                confidence=0.7,
                alts=[],
                signals={**proto.signals, "gapped": 1.0},
            )
            for donor, extra in gapped_pledges(sent, money, named, recipients)
        )
    return out


_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")


def _stating_span(sent: Span, trig: Token) -> tuple[int, int]:
    """The parsed sentence around the giving verb, within its paragraph: from the last line break before
    the verb (not a quote glued on before it) to the first blank line after it (the parser sometimes
    runs a sentence on into the next paragraph)."""
    text = doc_text(sent.doc)
    start = max(sent.start_char, text.rfind("\n", sent.start_char, trig.idx) + 1)
    brk = _PARAGRAPH_BREAK.search(text, trig.idx, sent.end_char)
    return start, brk.start() if brk else sent.end_char


def _respective_figures(sent: Span, named: list[str], objs: list[Token]) -> dict[str, Money]:
    """ "A and B pledged €100 million and €50 million respectively": the k-th donor gives the k-th figure
    (figures in brackets after another are its equivalents, not figures of their own); with the
    recipients as ``named``, "A gives $X and $Y to B and C respectively" gives the k-th to the k-th."""
    if len(named) < 2 or "respectively" not in sent.text.lower():
        return {}
    inside = {t.i for t in objs}
    text = doc_text(sent.doc)
    figures: list[Money] = []
    for money in find_money(sent.text, sent.start_char):
        span = sent.doc.char_span(money.start, money.end, alignment_mode="expand")
        if span is None or span.start not in inside:
            continue
        if figures and "(" in text[figures[-1].end : money.start] and money.start - figures[-1].end < 6:
            continue
        figures.append(money)
    figures = _without_stated_total(figures, len(named))
    return dict(zip(named, figures, strict=True)) if len(figures) == len(named) else {}


def _without_stated_total(figures: list[Money], parts: int) -> list[Money]:
    """ "€9 million to A and B, €6 million and €3 million respectively": a first figure that is the sum of
    the ``parts`` after it, in the same currency, is their total, not a share of its own."""
    if len(figures) != parts + 1 or any(f.currency != figures[0].currency for f in figures):
        return figures
    total, rest = figures[0], figures[1:]
    return rest if abs(total.amount - sum(f.amount for f in rest)) <= 0.01 * total.amount else figures


def _chain_to_own_figure(chain: list[Token], objs: list[Token]) -> list[Token]:
    """The governors up to the first one with a figure of its own: "A pledged €50 million; its support so
    far totals €2 billion" (parsed with "pledged" under "totals"): "so far" governs the €2 billion, not
    the pledge, whose figure is in its own clause."""
    inside = {t.i for t in objs}
    for k, gov in enumerate(chain):
        if gov.tag_.startswith("VB") and any(
            c.ent_type_ == "MONEY" and c.dep_ in {"dobj", "attr", "npadvmod"} and c.i not in inside
            for c in gov.children
        ):
            return chain[:k]
    return chain


def _noun_mentions(sent: Span, ctx: DocContext, index: int) -> list[Mention]:
    """Commitments a giving noun states in a sentence whose verbs state none (``aid/nouns.py``)."""
    out = []
    for act in noun_acts(sent, ctx):
        anchor = act.noun.head if act.noun.dep_ in {"pobj", "dobj"} else act.noun
        chain = governors(anchor)
        background = ctx.in_block(sent) or is_background(
            anchor, chain, local_tokens(anchor, chain), index == ctx.lead_index
        )
        start, end = _stating_span(sent, act.noun)
        phrase = list(act.noun.subtree)
        for donor in act.donors:
            out.append(
                Mention(
                    donor,
                    list(act.recipients),
                    act.money,
                    aid_type_of(phrase, sent, ctx),
                    list(act.items),
                    act.status,
                    "background" if background else "new",
                    start,
                    end,
                    0.6,
                    equivalents(act.money, sent) if act.money else [],
                    signals={"lead": float(index == ctx.lead_index), "noun_trigger": 1.0},
                )
            )
    return out


def _ranked_mentions(sent: Span, ctx: DocContext, index: int, known: set[str | None]) -> list[Mention]:
    """ "A was the largest donor with £X, followed by B with €Y" (``aid/ranked.py``): one mention per
    ranked giver, pledged at a donors' conference, for the article's recipient (found later)."""
    gifts = ranked_gifts(sent)
    if not gifts:
        return []
    lead = ctx.sentences[ctx.lead_index] if ctx.sentences else sent  # "Donors pledged $X … A was the top donor"
    status = "pledged" if ctx.at_pledging_event(index) or any(t.lemma_ == "pledge" for t in lead) else "announced"
    verb = sent.root
    earlier = is_background(verb, governors(verb), list(sent), index == ctx.lead_index)  # "… last year with $X"
    novelty = "background" if ctx.in_block(sent) or earlier else "new"
    start, end = sent.start_char, sent.end_char
    signals = {"lead": float(index == ctx.lead_index), "noun_trigger": 1.0}
    return [
        Mention(donor, [], money, None, [], status, novelty, start, end, 0.6, equivalents(money, sent), signals=signals)
        for donor, money in gifts
        if donor not in known
    ]


def _own_aid_raised(trig: Token) -> bool:
    """ "raised its aid", "raises their contribution": the donor's own aid goes up."""
    return any(c.dep_ == "dobj" and any(d.dep_ == "poss" for d in c.children) for c in trig.children)


def _passive_figure(trig: Token, sent: Span) -> Money | None:
    """ "€1 billion will be disbursed for …" with no agent: the figure is the passive subject."""
    given = next((c for c in trig.children if c.dep_ == "nsubjpass"), None)
    if given is None or not (
        given.ent_type_ == "MONEY" or given.lemma_.lower() in cues.AID_NOUNS or _opens_with_figure(given)
    ):
        return None  # "The rest, which amounts to $X, is earmarked for …": a share, not the package
    return money_for(list(given.subtree), sent, trig)


def _status(trig: Token, sent: Span, ctx: DocContext, index: int) -> str:
    """The act's status; a plain giving verb at a donors' conference is a pledge ("will contribute
    €X", "is giving $Y" there: AID_GUIDELINES 9), unless a governing verb says otherwise ("announced
    that it would give …" stays announced)."""
    chain = complement_chain(trig)
    status = status_of(trig, chain, sent)
    plain = status == "announced" and not any(g.lemma_.lower() in cues.GOVERNING_STATUS for g in chain)
    return "pledged" if plain and ctx.at_pledging_event(index) else status


def _opens_with_figure(np: Token) -> bool:
    """ "SEK 40 million in aid", "Two billion euros": a figure the NER missed opens the phrase."""
    figures = find_money(np.doc[np.left_edge.i : np.right_edge.i + 1].text)
    return bool(figures) and figures[0].start == 0


def _passive_giver(
    trig: Token, objs: list[Token], sent: Span, ctx: DocContext, recipients: list[str]
) -> tuple[list[str], str | None]:
    """ "A is stepping up its support. €X will be disbursed for B and €Y to C": an agentless passive
    split by recipient, as the sentence's own statement, takes its giver from the sentence before (never
    one of its recipients); a lone passive figure without a giver stays a note. Also the state "the
    country" means there ("€X for rebuilding the country"), named in the sentence before."""
    if trig.dep_ != "ROOT" or any(c.dep_ == "agent" for c in trig.children):
        return [], None
    giver = ctx.previous_subject_actor(sent)
    the_country = ctx.previous_state(sent, giver)
    if not per_recipient_figures(objs, sent, giver, the_country):
        return [], the_country
    return [n for n in giver if n not in recipients][:1], the_country


def _definite_aid(trig: Token) -> bool:
    """The act's object is a definite aid noun ("announced the package", "approved this funding")."""
    return any(
        c.dep_ in {"dobj", "nsubjpass"}
        and c.lemma_.lower() in cues.AID_NOUNS
        and any(d.dep_ == "det" and d.lower_ in {"the", "this", "that", "these"} for d in c.children)
        for c in trig.children
    )


def _paid_to_state(trig: Token) -> bool:
    """ "pay €X to Moldova", "paying SEK X to UNHCR": the payment goes to a state or a known agency."""
    return any(
        c.dep_ in {"prep", "dative"}
        and c.lower_ == "to"
        and any(actor_in_tokens(p.subtree, orgs=False) is not None for p in c.children if p.dep_ == "pobj")
        for c in trig.children
    )


def _habitual(trig: Token) -> bool:
    """A bare simple present ("supplies", "makes"): what a donor or maker generally does, not an act."""
    return trig.tag_ in {"VBZ", "VBP"} and not any(c.dep_ in {"aux", "auxpass"} for c in trig.children)


def _bare_pledge(trig: Token, ctx: DocContext, index: int) -> bool:
    """ "Kuwait said it would contribute but gave no figure", at a donors' conference or right after a
    list of pledges: a pledge without an object is still a named donor's pledge there (AID_GUIDELINES
    2: Saudi Arabia's promise with no amount); elsewhere "will contribute" needs what it gives."""
    bare = not any(c.dep_ in {"dobj", "dative", "prep", "xcomp", "ccomp"} for c in trig.children)
    if not bare or trig.lemma_.lower() not in _BARE_PLEDGE_VERBS:
        return False
    before = ctx.sentences[index - 1] if index > 0 else None  # "B pledged £X and C €Y. D said it would contribute"
    return ctx.at_pledging_event(index) or (before is not None and any(t.lemma_ == "pledge" for t in before))


_BARE_PLEDGE_VERBS = {"contribute", "donate", "pledge"}


def _not_aid(trig: Token, objs: list[Token]) -> bool:
    """Sanctions, sales, guarantees, or a non-aid object ("raised its defence budget"). A subordinate
    clause with its own subject only sets the scene ("to help R pay pensions as export earnings fall")."""
    scene = {d.i for t in objs if _scene_clause(t) for d in t.subtree}
    return any(is_not_aid_word(t) for t in objs if t.i not in scene) or any(
        c.dep_ == "dobj" and c.lemma_.lower() in cues.NON_AID_DOBJ for c in trig.children
    )


def _scene_clause(tok: Token) -> bool:
    """ "as export revenues fall", "while sanctions bite": an adverbial clause with a subject of its own,
    opened by a mark of time or cause, that tells the circumstances of the act."""
    return (
        (
            tok.dep_ == "advcl"
            and any(c.dep_ == "mark" and c.lower_ in cues.SCENE_MARKS for c in tok.children)
            and any(c.dep_ in {"nsubj", "nsubjpass"} for c in tok.children)
        )
        or _scene_misparsed(tok)
        or _described_by_agent(tok)
    )


def _described_by_agent(tok: Token) -> bool:
    """ "signed a $X loan with the bank, backed by a guarantee from A": a passive participle with its
    "by" agent that describes the act's terms; the guarantee is A's, not the act (AID_GUIDELINES 2)."""
    return (
        tok.tag_ == "VBN"
        and tok.dep_ in {"acl", "advcl"}
        and tok.lemma_.lower() not in cues.TRIGGERS
        and any(c.dep_ == "agent" for c in tok.children)
    )


def _scene_misparsed(tok: Token) -> bool:
    """The same clause read as a preposition: "a loan to pay wages as fuel import bills rise" parsed as
    "as [fuel import bills]" with "rise" hung elsewhere. The mark's noun phrase is the clause's subject
    when a finite verb follows it right away, or the verb itself was read as the phrase's head noun after
    a plural ("as [export earnings fall]")."""
    if tok.dep_ != "prep" or tok.lower_ not in cues.SCENE_MARKS:
        return False
    after = tok.right_edge.i + 1
    if after < len(tok.doc) and tok.doc[after].tag_ in {"VBP", "VBZ", "VBD"}:
        return True
    heads = [c for c in tok.children if c.dep_ == "pobj"]
    return any(h.i > 0 and h.doc[h.i - 1].tag_ == "NNS" and h.doc[h.i - 1].head == h for h in heads)


def _cosigned_terms(found: list[Mention]) -> list[Mention]:
    """ "A and B signed an exchange of notes under which A will provide $X": the signing names both parties
    as its subject, the terms name the giver; the other signatory is the terms' recipient, and the
    signing itself is no second act. Without terms in the sentence the signing stays as it was."""
    signatories = [m.donor for m in found if m.signals.get("cosigned") and m.donor]
    terms = [
        m
        for m in found
        if not m.signals.get("cosigned") and m.donor in signatories and set(m.recipients) <= set(signatories)
    ]
    if not terms:
        return found
    pledged = any(m.signals.get("cosigned") and m.status == "pledged" for m in found)
    for m in terms:
        m.recipients = m.recipients or [d for d in signatories if d != m.donor]
        m.status = "pledged" if pledged else m.status  # the terms of a signed deal (AID_GUIDELINES 9)
    return [m for m in found if not m.signals.get("cosigned")]


def _share_recipients(found: list[Mention]) -> None:
    """In a list of pledges ("A pledged X, B promised Y and C offered Z for R") all go to the named R."""
    named = next((m.recipients for m in found if m.recipients), None)
    if named:
        for m in found:
            if not m.recipients and m.donor not in named:
                m.recipients = list(named)


def _compatible(a: Mention, b: Mention) -> bool:
    if a.donor is not None and b.donor is not None and a.donor != b.donor:
        return False
    if a.recipients and b.recipients and not set(a.recipients) & set(b.recipients) and not _channel_restated(a, b):
        return False
    if a.money and b.money:
        return any(same_figure(x, y) for x in [a.money, *a.alts] for y in [b.money, *b.alts])
    if _separate_acts(a, b):
        return False
    return a.novelty == b.novelty or a.anaphoric or b.anaphoric


def _channel_restated(a: Mention, b: Mention) -> bool:
    """ "A will give $X to the WFP's work in R. … The WFP welcomed the A grant": a bare re-mention (no
    figure, no items) whose recipient is only the agency the package goes through, beside a package
    for a state: the same package, the agency its channel (AID_GUIDELINES 5, recipients)."""
    return any(
        bare.money is None
        and not bare.items
        and bool(full.recipients)
        and all(is_state(r) for r in full.recipients)
        and not any(is_state(r) for r in bare.recipients)
        for full, bare in ((a, b), (b, a))
    )


def _separate_acts(a: Mention, b: Mention) -> bool:
    """A delivery and a pledge of different things are two acts ("has delivered missiles …, as the
    minister pledged £X for drones"): the delivery is news of its own (AID_GUIDELINES 2, rule 2)."""
    if _added_figure(a, b):
        return True
    if (a.status == "delivered") == (b.status == "delivered") or a.donor is None or b.donor is None:
        return False
    if not (a.items or a.money) or not (b.items or b.money):
        return False  # one side adds nothing of its own: the same package told twice
    shared = {i.lower() for i in a.items} & {i.lower() for i in b.items}
    return not shared


def _added_figure(old: Mention, m: Mention) -> bool:
    """ "A flew a field hospital to R. A also pledged $X for rebuilding": a figure that a later act
    "also" gives, beside an earlier act of another status with no figure, is a package of its own."""
    return bool(m.signals.get("also")) and old.money is None and m.money is not None and old.status != m.status


def _delivery_of_earlier(merged: list[Mention], m: Mention, sent: Span, ctx: DocContext) -> bool:
    """ "A pledged R 49 tanks … The tanks have been delivered": a giverless delivery of what an earlier
    package of the article promised is that package's delivery, an act of its own (AID_GUIDELINES 9:
    the delivery is the commitment, without the pledge's figure; its perfect tense is the news, not an
    earlier act). Added to ``merged``; True if so."""
    if m.donor is not None or m.status != "delivered" or m.money is not None:
        return False
    if m.novelty != "new" and (
        ctx.in_block(sent) or any(t.lower_ in cues.BACKGROUND_WORDS for t in sent) or cues.EARLIER_ACT.search(sent.text)
    ):
        return False
    heads = _definite_subject_nouns(sent, m)
    for pkg in reversed(merged):
        if pkg.donor is None or pkg.status == "delivered":
            continue
        stated = sent.doc.char_span(pkg.start, pkg.end, alignment_mode="expand")
        words = {t.lemma_.lower() for t in stated} if stated is not None else set()
        if heads & (words | {i.lower() for i in pkg.items}):
            items = list(pkg.items) or list(m.items)
            recs = m.recipients or list(pkg.recipients)
            merged.append(
                replace(m, donor=pkg.donor, recipients=recs, items=items, novelty="new", confidence=0.6, places=())
            )
            return True
    return False


def _definite_subject_nouns(sent: Span, m: Mention) -> set[str]:
    """Lemmas of the plural nouns "the"/"these" names as the subject of the mention's verb ("the tanks",
    "a majority of the jets")."""
    doc = sent.doc
    verb = next((t for t in doc[sent.start : sent.end] if t.idx >= m.start and t.tag_.startswith("VB")), None)
    out: set[str] = set()
    for tok in doc[sent.start : sent.end]:
        verb = tok.head
        if tok.dep_ not in {"nsubj", "nsubjpass"} or verb.lemma_.lower() not in cues.DELIVERY_VERBS:
            continue
        if not _done(verb) or not (verb.dep_ in {"ROOT", "conj"} or (verb.dep_ == "ccomp" and verb.head.tag_ != "VBG")):
            continue  # "would be handed over", "saying the systems were sent": not the article's statement
        for t in tok.subtree:
            if t.tag_ == "NNS" and any(c.dep_ == "det" and c.lower_ in {"the", "these", "those"} for c in t.children):
                out.add(t.lemma_.lower())
    return out if verb is not None else set()


def _done(verb: Token) -> bool:
    """A past or present perfect act with no modal: "were delivered", "have arrived", "arrived"."""
    auxes = [c for c in verb.children if c.dep_ in {"aux", "auxpass"}]
    if any(a.tag_ == "MD" or a.lower_ == "to" for a in auxes):
        return False
    return verb.tag_ == "VBD" or (verb.tag_ == "VBN" and any(a.tag_ in {"VBZ", "VBP", "VBD"} for a in auxes))


def _merge_into(merged: list[Mention], m: Mention, sent: Span) -> None:
    for old in reversed(merged):
        if (_compatible(old, m) or _is_part(old, m, sent)) and (m.donor is None or old.donor == m.donor):
            _absorb(old, m)
            return
    if m.donor is not None:
        merged.append(m)


# Cues that present a figure as a share of a package: before the figure ("of which €X", "including €X"),
# or anywhere in its sentence ("€X of the package will go to …").
_PART_BEFORE = re.compile(
    r"\b(?:of which|of this|of that|part of|another|the rest|remaining|out of|includes|"
    r"including)\b"
)
_PART_ANYWHERE = re.compile(r"\b(?:of the total|will go to|goes to|of the package|of the money|of the sum)\b")
# Cues that present a second, separate package ("Separately, …", "a second package").
_SEPARATE = re.compile(
    r"\b(?:separately|in a separate|a separate (?:package|tranche|announcement)|"
    r"(?:second|another|new|smaller|further) (?:package|tranche))\b",
    re.IGNORECASE,
)


def _is_part(old: Mention, m: Mention, sent: Span) -> bool:
    """A smaller figure for the same donor and recipient, presented as a share of the package."""
    if old.donor != m.donor or old.novelty != m.novelty or not (old.money and m.money):
        return False
    if old.recipients and m.recipients and not set(old.recipients) & set(m.recipients):
        return False
    if m.money.currency != old.money.currency or m.money.amount >= old.money.amount or _SEPARATE.search(sent.text):
        return False
    if {old.aid_type, m.aid_type} <= {"military", "financial", "humanitarian"} and old.aid_type != m.aid_type:
        return False  # humanitarian money beside an arms package is a package of its own
    low = sent.text.lower()
    before = doc_text(sent.doc)[sent.start_char : m.money.start].lower()
    return bool(_PART_BEFORE.search(before) or _PART_ANYWHERE.search(low))


def _absorb(old: Mention, m: Mention) -> None:
    if old.money is None and m.money is not None and old.novelty == m.novelty:
        old.money, old.alts = m.money, list(m.alts)
    elif old.money and m.money and m.money.approximate and same_figure(old.money, m.money):
        old.money = replace(old.money, approximate=True)  # a hedge anywhere in the text counts
    if m.novelty == "new" and old.novelty == "background" and old.money and m.money:
        old.novelty = "new"
    for it in m.items:
        if it.lower() not in {x.lower() for x in old.items}:
            old.items.append(it)
    if m.status == "approved" and old.status == "announced":
        old.status = "approved"
    old.aid_type = old.aid_type or m.aid_type
    for start, end in m.spans():
        old.add_place(start, end)
    old.confidence = max(old.confidence, m.confidence)
    old.signals["mentions"] = old.signals.get("mentions", 1.0) + 1


_ELABORATION = {"include", "comprise", "consist", "encompass", "contain", "cover", "feature", "involve"}


def _elaborates(tok: Token) -> bool:
    """ "The package includes …": the sentence tells a package's contents; but "including" as a
    preposition inside a noun phrase ("made a $X pledge, including support for …") tells no package."""
    return tok.lemma_.lower() in _ELABORATION and tok.dep_ != "prep"


def _elaborate(merged: list[Mention], sent: Span, ctx: DocContext) -> None:
    """A sentence that only details the package just reported adds its items (and figure if missing)."""
    last = _detailed_package(merged, sent)
    if sent.start_char - last.spans()[-1][1] > 600 or ctx.in_block(sent):
        return
    if _authorises_the_aid(sent) and last.novelty == "new" and last.status == "announced":
        last.status = "approved"  # "A will send … A decree published on Tuesday authorised the spending."
        last.add_place(sent.start_char, sent.end_char)
        return
    spending = {t.i for t in sent if _spends_the_aid(t)}
    telling = [
        t
        for t in sent
        if t.lemma_.lower() in _ELABORATION or t.lower_ in {"valued", "worth"} or _sizes_the_aid(t) or _lists_among(t)
    ]
    if not spending and not telling and not bulleted_items(sent):
        return  # nor a bulleted list under a lead-in ("It contains:" and one line per item)
    if any(
        t.pos_ in {"VERB", "ADJ"}
        and (t.lemma_.lower() in cues.BLOCKING_HEADS or t.lemma_.lower() in cues.PURCHASE_WORDS)
        and not _expects_content(t)
        and t.i not in spending
        and not _other_clause(t, telling)
        and not _aside(t, [sent.doc[i] for i in spending] + telling)
        for t in sent
    ):
        return
    if any(m.group(0).lower() != "already" for m in cues.EARLIER_ACT.finditer(sent.text)):
        return  # "part of a package announced in August": items of an earlier package ("radars already in
        # service" is no earlier act)
    if _running_total(sent):
        return  # "A has sent aid worth €X so far": the sum of every package, not this one's figure
    for item in items_in(sent) + bulleted_items(sent):
        if item.lower() not in {x.lower() for x in last.items}:
            last.items.append(item)
    if last.money is None:
        root = next((t for t in sent if t.dep_ == "ROOT"), sent[0])
        last.money = money_for(list(sent), sent, root)
    last.add_place(sent.start_char, sent.end_char)


_CONTENT_NOUNS = words("package_content_nouns")


def _lists_among(tok: Token) -> bool:
    """ "Among the items are tents and radars": an inverted list of the package's contents."""
    return tok.lemma_ == "be" and any(
        c.dep_ == "prep"
        and c.lower_ == "among"
        and any(o.dep_ == "pobj" and o.lemma_.lower() in _CONTENT_NOUNS for o in c.children)
        for c in tok.children
    )


def _aside(tok: Token, tellers: list[Token]) -> bool:
    """A blocking word that says nothing of the package: part of a hyphenated word ("so-called"), or in a
    relative clause on the subject of the verb that tells the contents ("The package, which ministers are
    expected to sign, will pay for tents"); "tents that R requested" still blocks."""
    doc = tok.doc
    if tok.i > 0 and doc[tok.i - 1].text in {"-", "–"} and not doc[tok.i - 1].whitespace_:
        return True
    clause = next((a for a in (tok, *tok.ancestors) if a.dep_ == "relcl"), None)
    return clause is not None and clause.head.dep_ in {"nsubj", "nsubjpass"} and clause.head.head in tellers


def _other_clause(tok: Token, telling: list[Token]) -> bool:
    """ "The aid will include rice and tents, and the first shipment was expected within a week": a cue
    in a clause of its own (a conjunct with its own subject), apart from the one telling the contents."""
    if not telling or tok.dep_ != "conj" or not any(c.dep_ in {"nsubj", "nsubjpass"} for c in tok.children):
        return False
    return not any(t in tok.subtree for t in telling)


_AUTHORISING = {"approve", "authorise", "authorize", "ratify", "endorse", "sanction"}
_AUTHORISING_STEMS = ("approv", "authori", "ratif", "endors", "sanction")
_SPENDING_NOUNS = {"spending", "expenditure", "allocation", "transfer"}


def _authorises_the_aid(sent: Span) -> bool:
    """A decision taken on the package just told, with no act of its own: "A decree published on Tuesday
    authorised the spending", "The cabinet approved the package the same day" (AID_GUIDELINES 9,
    approved); not "parliament must still approve the funds" nor an earlier decision."""
    low = doc_text(sent.doc)[sent.start_char : sent.end_char].lower()
    if not any(stem in low for stem in _AUTHORISING_STEMS):
        return False  # most sentences: no such verb, and no token is read
    for verb in sent:
        if verb.pos_ != "VERB" or verb.lemma_.lower() not in _AUTHORISING or blocked(verb, governors(verb)):
            continue
        if any(_definite_aid_object(obj) for obj in verb.children):
            return not cues.EARLIER_ACT.search(low)
    return False


def _definite_aid_object(obj: Token) -> bool:
    """ "the spending", "this package": the aid already told, as a verb's object."""
    noun = obj.lemma_.lower()
    return (
        obj.dep_ == "dobj"
        and (noun in cues.AID_NOUNS or noun in _SPENDING_NOUNS)
        and any(c.dep_ == "det" and c.lower_ in {"the", "this"} for c in obj.children)
    )


_SIZING = {"total", "amount"}  # "The aid totals $X", "The assistance amounts to €X"


def _sizes_the_aid(tok: Token) -> bool:
    """ "The aid totals $X", "This assistance amounts to €X": the size of the package just told, not a
    running sum ("Total aid to R amounts to $X", "Its aid this year totals $X" keep a total word or a
    period on the subject)."""
    if tok.pos_ != "VERB" or tok.lemma_.lower() not in _SIZING:
        return False
    subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
    if subj is None or subj.lemma_.lower() not in cues.AID_NOUNS:
        return False
    mods = list(subj.subtree)
    definite = any(c.dep_ == "det" and c.lower_ in {"the", "this"} for c in subj.children)
    return definite and not any(t.lower_ in cues.TOTAL_CUES or t.ent_type_ == "DATE" for t in mods)


def _running_total(sent: Span) -> bool:
    """The sentence states a sum up to now ("so far", "to date", "since 2022")."""
    return cues.says_running_total(sent.text.lower())


_THIS_PACKAGE = {"new", "latest", "fresh", "additional", "this"}


def _detailed_package(merged: list[Mention], sent: Span) -> Mention:
    """The package a detailing sentence is about: the last one told, but "the new package includes …"
    after an earlier act recalled in between ("Last year A gave R $Y.") details the article's news."""
    last = merged[-1]
    if last.novelty == "new" or not any(
        t.lower_ in _THIS_PACKAGE and t.head.lemma_.lower() in cues.AID_NOUNS for t in sent
    ):
        return last
    return next((m for m in reversed(merged) if m.novelty == "new"), last)


_SPENDING = {"buy", "pay", "fund", "finance", "purchase", "procure", "go"}  # "half of the money will go to X"
_AID_ITSELF = frozenset(cues.AID_NOUNS) | _SPENDING_NOUNS | {"money", "rest", "half", "sum"}  # "half of the money"


def _spends_the_aid(tok: Token) -> bool:
    """ "Half of the money will buy missiles", "The aid will pay for food", "The €4 million will pay for
    tents", "The grant will pay salaries and buy books": what the package pays for."""
    if tok.pos_ != "VERB" or tok.lemma_.lower() not in _SPENDING:
        return False
    head = tok.head if tok.dep_ == "xcomp" and tok.head.lemma_ == "use" else tok  # "will be used to buy"
    subj = _subject(head) or (_subject(head.head) if head.dep_ == "conj" else None)  # "will pay X and buy Y"
    if subj is None:
        return False
    return subj.ent_type_ == "MONEY" or any(t.lemma_.lower() in _AID_ITSELF for t in subj.subtree)


def _subject(verb: Token) -> Token | None:
    return next((c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}), None)


def _expects_content(tok: Token) -> bool:
    """ "The package is expected to include …": a forecast of the contents, not a request or an option."""
    return tok.lemma_.lower() in {"expect", "set"} and any(
        c.dep_ == "xcomp" and c.lemma_.lower() in _ELABORATION for c in tok.children
    )


def _as_dict(doc: Doc, m: Mention, recipient: str | None) -> dict[str, Any]:
    text = doc_text(doc)
    places = [_evidence(text, start, end) for start, end in m.spans()]
    money = m.money
    currency = money.currency if money else None
    if money is not None and money.family and m.donor in LOCAL_UNITS.get(money.family, {}):
        currency = LOCAL_UNITS[money.family][m.donor]  # "$" from Canada, "kroner" from Denmark
    return {
        "donor": m.donor,
        "recipient": recipient,
        "amount": money.value if money else None,
        "currency": currency,
        "approximate": bool(money and money.approximate),
        "aid_type": m.aid_type or "financial",
        "items": m.items,
        "status": m.status,
        "novelty": m.novelty,
        "evidence": places[0],
        "evidence_places": places,
        "confidence": m.confidence,
    }


_STRAY_CLOSING_QUOTE = re.compile(r"\s*[\"”’]?\s+|\s+")


def _evidence(text: str, start: int, end: int) -> dict[str, Any]:
    """Offsets trimmed of surrounding whitespace, so that ``text[start:end] == sentence``."""
    raw = text[start:end]
    lead = _STRAY_CLOSING_QUOTE.match(raw)  # a previous quote's closing mark parsed into this sentence
    start += lead.end() if lead else len(raw) - len(raw.lstrip())
    end -= len(raw) - len(raw.rstrip())
    return {"start": start, "end": end, "sentence": text[start:end]}
