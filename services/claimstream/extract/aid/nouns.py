"""Commitments stated by a noun, with no giving verb: "Greece responded with a $30 million pledge for
Libya", "Romania's donation of 50 tonnes of medical supplies for Moldova arrived on Tuesday".

The noun's owner is its possessor or demonym ("Romania's pledge", "a Greek donation"), else the
subject of the verb it completes ("responded with", "made", "came forward with"). The verb still
blocks it like a giving verb (requests, options, refusals), and the noun needs a figure or items.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span, Token

from claimstream.extract.actors import actor_in_tokens
from claimstream.extract.aid.clause import blocked, governors, in_question
from claimstream.extract.aid.context import DocContext, money_for
from claimstream.extract.aid.items import items_in
from claimstream.extract.aid.parties import actors_of, recipients_of
from claimstream.extract.lexicon import lexicon
from claimstream.extract.money import Money

GIVING_NOUNS = lexicon("giving_nouns").values
_CARRIER_VERBS = {"respond", "come", "make", "step", "follow", "weigh", "chip"}  # "responded with a pledge"


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
        if noun.pos_ != "NOUN" or noun.lemma_.lower() not in GIVING_NOUNS:
            continue
        act = _act(noun, sent, ctx)
        if act is not None:
            out.append(act)
    return out


def _act(noun: Token, sent: Span, ctx: DocContext) -> NounAct | None:
    verb = _carrier(noun)
    anchor = verb if verb is not None else noun
    if blocked(anchor, governors(anchor)) or in_question(anchor, sent):
        return None
    phrase = list(noun.subtree)
    money = money_for(phrase, sent, noun)
    items = items_in(phrase)
    if money is None and not items:
        return None  # "thanked Japan for its generous pledge": no figure, nothing listed
    donors = _owner(noun, verb, ctx)
    if not donors:
        return None
    recipients = [r for r in recipients_of(phrase, donors) if r not in donors]
    return NounAct(noun, donors, recipients, money, items, GIVING_NOUNS[noun.lemma_.lower()])


def _carrier(noun: Token) -> Token | None:
    """The verb a pledge completes: "responded with a pledge", "made a donation"."""
    head = noun.head
    if noun.dep_ == "pobj" and head.lower_ == "with" and head.head.lemma_.lower() in _CARRIER_VERBS:
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
