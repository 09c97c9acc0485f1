"""Commitments stated by a noun, with no giving verb: "Greece responded with a $30 million pledge for
Libya", "Romania's donation of 50 tonnes of medical supplies for Moldova arrived on Tuesday".

The noun's owner is its possessor or demonym ("Romania's pledge", "a Greek donation"), else the
subject of the verb it completes ("responded with", "made", "came forward with"). The verb still
blocks it like a giving verb (requests, options, refusals), and the noun needs a figure or items.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span, Token

from claimstream.extract.actors import actor_in_tokens, is_state, lookup
from claimstream.extract.aid.clause import blocked, governors, in_question, subject_of
from claimstream.extract.aid.context import DocContext, money_for
from claimstream.extract.aid.cues import SIGNED_DEALS
from claimstream.extract.aid.items import items_in
from claimstream.extract.aid.parties import (
    actors_of,
    after_dateline,
    currency_state,
    linear_recipients,
    recipients_of,
)
from claimstream.extract.datelines import in_dateline
from claimstream.extract.doctext import doc_text
from claimstream.extract.lexicon import lexicon, words
from claimstream.extract.money import Money, find_money

GIVING_NOUNS = lexicon("giving_nouns").values
RELEASED_MONEY_NOUNS = words("released_money_nouns")
ENABLING_VERBS = words("enabling_verbs")
_AGENCY_NAMES = frozenset(name.lower() for name in lexicon("state_agencies").values)
# "responded with a pledge", "made a donation", "ordered the dispatch of aid"
_CARRIER_VERBS = {"respond", "come", "make", "step", "follow", "weigh", "chip", "order"}


@dataclass
class NounAct:
    """One commitment a giving noun states (the fields the caller turns into a mention)."""

    noun: Token
    donors: list[str]
    recipients: list[str]
    money: Money | None
    items: list[str]
    status: str


def noun_acts(sent: Span, ctx: DocContext) -> list[NounAct]:
    """The commitments stated by giving nouns in ``sent``."""
    out = []
    for noun in sent:
        if noun.pos_ != "NOUN":
            continue
        lemma = noun.lemma_.lower()
        notified = lemma in _NOTIFIED_NOUNS and _carrier(noun) is not None
        act = _act(noun, sent, ctx) if lemma in GIVING_NOUNS or notified else None
        act = act or (_enabled_payout(noun, sent, ctx) if lemma in RELEASED_MONEY_NOUNS else None)
        act = act or (_signed_deal(noun, sent, ctx) if lemma in SIGNED_DEALS else None)
        if act is not None:
            out.append(act)
    return out


def _signed_deal(noun: Token, sent: Span, ctx: DocContext) -> NounAct | None:
    """ "A 200 million Danish crown agreement signed on Tuesday will pay for …", "A 20 billion yen loan
    agreement between A and R was signed": a deal told only as a noun, with its worth before it. The
    parties are named "between A and R" on the noun or on the deal the next sentence recalls ("Under the
    deal between A and R, …"); the one whose currency or demonym the deal carries gives (pledged)."""
    if not _signed(noun):
        return None
    doc = sent.doc
    lead = doc[noun.left_edge.i : noun.i + 1]
    money = next(iter(find_money(lead.text, lead.start_char)), None)
    if money is None:
        return None
    after = next((s for s in ctx.sentences if s.start >= sent.end), None)
    parties = _between(noun, ctx) or (_deal_parties(after, ctx) if after is not None else [])
    if len(parties) != 2:
        return None
    giver = currency_state(list(lead)) or actor_in_tokens([t for t in lead if t.ent_type_ == "NORP"], orgs=False)
    if giver not in parties:
        giver = _funding_party(noun)
    if giver not in parties:
        return None
    return NounAct(noun, [giver], [p for p in parties if p != giver], money, [], "pledged")


def _signed(noun: Token) -> bool:
    """ "an agreement signed on Monday", "the agreement was signed"; also "an agreement between A and R,
    signed on Monday", where the parse hangs the participle on the last party."""
    if noun.dep_ == "nsubjpass" and noun.head.lemma_.lower() == "sign":
        return True
    between = [t for p in noun.children if p.dep_ == "prep" and p.lower_ == "between" for t in p.subtree]
    return any(c.dep_ == "acl" and c.lemma_.lower() == "sign" for t in (noun, *between) for c in t.children)


def _funding_party(noun: Token) -> str | None:
    """ "a €X agreement between the Coastal Development Agency and R": of a deal's two parties, the one
    named as a state's aid agency or as an institution (a lender) funds a party that is a state."""
    named = [p for prep in noun.children if prep.dep_ == "prep" and prep.lower_ == "between" for p in prep.children]
    names = [noun.doc[n.left_edge.i : n.i + 1].text for p in named if p.dep_ == "pobj" for n in (p, *p.conjuncts)]
    funders = [n for n in names if _funder_name(n)]
    if len(funders) != 1 or len(names) != 2:
        return None
    other = lookup(next(n for n in names if n != funders[0]))
    return lookup(funders[0]) if is_state(other) else None


def _funder_name(text: str) -> bool:
    """A state aid agency's name ("the Japan International Cooperation Agency") or an institution's."""
    name = text.lower().removeprefix("the ").strip()
    canon = lookup(text)
    return name in _AGENCY_NAMES or (canon is not None and not is_state(canon))


def _deal_parties(sent: Span, ctx: DocContext) -> list[str]:
    """The parties the sentence after a deal gives to the deal it recalls ("Under the deal between A and
    R, …")."""
    for tok in sent:
        if tok.lemma_.lower() in SIGNED_DEALS and tok.pos_ == "NOUN":
            return _between(tok, ctx)
    return []


def _between(noun: Token, ctx: DocContext) -> list[str]:
    for prep in noun.children:
        if prep.dep_ == "prep" and prep.lower_ == "between":
            return [a for p in prep.children if p.dep_ == "pobj" for a in actors_of(p, ctx)]
    return []


def _enabled_payout(noun: Token, sent: Span, ctx: DocContext) -> NounAct | None:
    """ "The board completed its review, allowing the immediate release of $X to R": a payout that a
    decision lets flow. Read by position (an enabling verb at most three words before the noun, the
    figure right after "of"), since the parser often breaks such a phrase; the giver is the subject of
    the enabling verb's clause."""
    doc = sent.doc
    verb = next(
        (t for t in reversed(doc[max(sent.start, noun.i - 3) : noun.i]) if t.lemma_.lower() in ENABLING_VERBS), None
    )
    if verb is None or verb.pos_ != "VERB" or blocked(verb, governors(verb)) or in_question(verb, sent):
        return None
    if any(t.pos_ in {"VERB", "AUX", "PUNCT"} for t in doc[verb.i + 1 : noun.i]):
        return None  # "allowing it to ask for the release": not the payout itself
    text = doc_text(doc)
    after = noun.idx + len(noun.text)
    money = next(iter(find_money(text[after : min(sent.end_char, after + 40)], after)), None)
    if money is None or not text[after : money.start].strip().lower().startswith("of"):
        return None
    subj = subject_of(verb)
    donors = (after_dateline(subj, verb) if in_dateline(subj) else actors_of(subj, ctx)) if subj is not None else []
    if not donors:
        return None
    end = doc.char_span(money.end, money.end, alignment_mode="expand")
    rest = list(doc[end.end if end is not None else noun.i + 1 : min(sent.end, noun.i + 16)])
    recipients = [r for r in linear_recipients(rest, donors) if r not in donors]
    return NounAct(noun, donors, recipients, money, [], "approved")


def _act(noun: Token, sent: Span, ctx: DocContext) -> NounAct | None:
    verb = _carrier(noun)
    anchor = verb if verb is not None else noun
    if blocked(anchor, governors(anchor)) or in_question(anchor, sent):
        return None
    phrase = list(noun.subtree)
    if verb is not None and verb.lemma_.lower() == "order" and any(t.lower_ == "from" for t in phrase):
        return None  # "ordered the shipment of 20 tanks from A": a purchase order, not a gift
    money = money_for(phrase, sent, noun)
    items = items_in(phrase)
    if money is None and not items:
        return None  # "thanked Japan for its generous pledge": no figure, nothing listed
    donors = _owner(noun, verb, ctx)
    if not donors:
        return None
    recipients = [r for r in recipients_of(phrase, donors) if r not in donors]
    return NounAct(noun, donors, recipients, money, items, GIVING_NOUNS.get(noun.lemma_.lower(), "announced"))


# "notified Congress of a $X package for R": a package told to a legislature is announced
_NOTIFIED_NOUNS = {"package", "tranche", "drawdown"}


def _carrier(noun: Token) -> Token | None:
    """The verb a pledge completes: "responded with a pledge", "made a donation", "notified Congress of
    a package"."""
    head = noun.head
    if noun.dep_ == "pobj" and head.lower_ == "with" and head.head.lemma_.lower() in _CARRIER_VERBS:
        return head.head
    if noun.dep_ == "pobj" and head.lower_ == "of" and head.head.lemma_.lower() == "notify":
        return head.head
    if noun.dep_ == "dobj" and head.lemma_.lower() in _CARRIER_VERBS:
        return head
    return None


def _owner(noun: Token, verb: Token | None, ctx: DocContext) -> list[str]:
    # "Romania's pledge" (the possessor's phrase), "a Greek donation" (the modifier itself; not "donations
    # worth 700 million Swedish kronor", whose demonym names a currency)
    mods = [t for c in noun.children if c.dep_ == "poss" for t in c.subtree]
    mods += [c for c in noun.children if c.dep_ in {"amod", "compound", "nmod"} and c.ent_type_ != "MONEY"]
    name = actor_in_tokens(mods, orgs=False) if mods else None
    if name:
        return [name]
    if verb is None:
        return []
    subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    return actors_of(subj, ctx) if subj is not None else []
