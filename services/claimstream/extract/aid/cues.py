"""Cue lexicons for aid commitments: trigger verbs, status, novelty, and what is not a commitment.

The sets follow AID_GUIDELINES sections 2, 3 and 5; they are data, kept apart from the rules in
``aid.py`` so that a new cue is a one-word change.
"""

from __future__ import annotations

import re

from spacy.tokens import Token

from claimstream.extract.lexicon import lexicon, words

# Buying is a sale unless it is done for a third party ("will buy shells for Ukraine"): then it is aid.
PURCHASE_WORDS = words("purchase_words")
# Verbs that open a candidate act: the giving verbs with the status each implies when not past tense
# (data/lexicon/giving_triggers.yaml), and the purchase verbs, kept as aid only when bought for another.
# Debt relief verbs ("will cancel the debts owed by R"): triggers only with a debt as their object.
DEBT_RELIEF_VERBS: dict[str, str] = dict(lexicon("debt_relief_verbs").values)
DEBT_NOUNS = words("debt_nouns")
# Phrasal giving verbs ("set aside"), keyed by the verb's lemma and its particle.
PHRASAL_TRIGGERS: dict[tuple[str, str], str] = {
    (k.split()[0], k.split()[-1]): v for k, v in lexicon("phrasal_giving_verbs").values.items()
}
# Verbs that give only with a "with" phrase ("will support R with €X"), their object the recipient.
WITH_GIVING_VERBS: dict[str, str] = dict(lexicon("with_giving_verbs").values)
# Verbs that give only with a money figure as their object ("added €12 million to its aid").
MONEY_OBJECT_VERBS: dict[str, str] = dict(lexicon("money_object_verbs").values)
TRIGGERS: dict[str, str] = (
    dict(lexicon("giving_triggers").values)
    | DEBT_RELIEF_VERBS
    | WITH_GIVING_VERBS
    | MONEY_OBJECT_VERBS
    | {w: "announced" for w in PURCHASE_WORDS}
)

# Triggers that state an act only with an aid noun as their direct object ("preparing a package").
NEEDS_AID_DOBJ = frozenset({"prepare", "finalize", "finalise"})


# Verbs whose subject is the aid itself ("aid from Egypt arrived in Gaza"): donor from "from X".
ARRIVAL_VERBS = frozenset({"arrive", "land", "reach", "enter"})
# Arrival verbs that also tell of troops and visitors ("troops entered the town"): aid only when what
# arrives carries relief (an aid noun that is not military).
RELIEF_ONLY_ARRIVALS = frozenset({"enter"})
# The act told from the recipient's side: the subject receives, "from X" gives.
RECIPIENT_SIDE_VERBS = frozenset({"receive", "accept", "get", "obtain", "secure", "welcome", "borrow"})
# "took delivery of X", "took possession of X": "take" with one of these objects means "receive".
RECEIPT_NOUNS = words("receipt_nouns")

# Direct objects that are never aid, even with a figure ("raised its defence budget to €6 billion").
NON_AID_DOBJ = words("non_aid_dobj")

# Triggers whose past tense means the aid moved.
DELIVERY_VERBS = words("delivery_verbs")

# A governing verb that fixes the status of the act it reports ("announced that it would provide").
GOVERNING_STATUS: dict[str, str] = dict(lexicon("governing_status").values)

# Nouns that make an object aid. Value: the aid type they suggest (None: neutral).
AID_NOUNS: dict[str, str | None] = {
    "aid": None,
    "assistance": None,
    "support": None,
    "package": None,
    "funding": "financial",
    "fund": None,
    "funds": None,
    "contribution": None,
    "donation": None,
    "grant": "financial",
    "loan": "financial",
    "financing": "financial",
    "tranche": "financial",
    "money": "financial",
    "help": None,
    "relief": "humanitarian",
    "supplies": "humanitarian",
    "supply": None,
    "weapon": "military",
    "weapons": "military",
    "arms": "military",
    "ammunition": "military",
    "munition": "military",
    "equipment": None,
    "system": "military",
    "missile": "military",
    "rocket": "military",
    "tank": "military",
    "jet": "military",
    "aircraft": "military",
    "drone": "military",
    "vehicle": "military",
    "shell": "military",
    "round": "military",
    "howitzer": "military",
    "battery": "military",
    "materiel": "military",
    "team": "humanitarian",
    "rescuer": "humanitarian",
    "ambulance": "humanitarian",
    "doctor": "humanitarian",
    "tent": "humanitarian",
    "food": "humanitarian",
    "medicine": "humanitarian",
    "grain": "humanitarian",
    "wheat": "humanitarian",
    "flour": "humanitarian",
    "rice": "humanitarian",
    "blanket": "humanitarian",
    "plane": None,
    "unit": "military",
    "capability": "military",
    "troop": "military",
    "training": "military",
    "generator": "humanitarian",
    "vaccine": "humanitarian",
    "hospital": "humanitarian",  # "will send two field hospitals"
    "shelter": "humanitarian",
}

# Objects that make the act something other than aid ("announced fresh sanctions").
NOT_AID_OBJECTS = words("not_aid_objects")
SCENE_MARKS = words("scene_marks")  # "as export earnings fall": a clause that only sets the scene

# Words that set the aid type anywhere near the commitment.
TYPE_CUES: dict[str, str] = dict(lexicon("aid_type_cues").values)

# Type cues that name the situation the aid answers, not what it consists of ("after the earthquake").
SETTING_CUES = frozenset(
    {
        "earthquake",
        "quake",
        "flood",
        "famine",
        "refugee",
        "cyclone",
        "hurricane",
        "typhoon",
        "disaster",
        "drought",
        "wildfire",
        "tsunami",
        "epidemic",
    }
)
# Financial cues that name only the form of the money ("grant aid"), not its purpose.
INSTRUMENT_CUES = frozenset(
    {
        "grant",
        "funding",
        "money",
        "fund",
        "financing",
        "contribution",
        "donation",
        "tranche",
        "package",
        "support",
        "assistance",
        "aid",
    }
)

# Type cues that only lean one way (weight 1 against 2): "an emergency loan" is still financial.
WEAK_TYPE_CUES = {"emergency": 1}

# Lemmas on the trigger or above it that make the act something other than a commitment
# (data/lexicon/blocking_cues.yaml); buying governs an act as a sale unless done for another.
BLOCKING_HEADS = words("blocking_cues")

# Words in the commitment's own clause that make its figure a total or a running sum.
TOTAL_CUES = words("total_cues")
VALUE_WORDS = words("value_words")  # "worth a combined €X": the act's own goods, summed
CLAUSE_TOTAL_PHRASES = ("so far", "to date", "in total", "in all", "up to now", "until now", "thus far")
# "since the start of the war", "since 2022", "since February", "since the end of 2019", "since Country A's
# invasion": a running sum up to now.
SINCE_TOTAL = re.compile(
    r"\bsince (?:the )?(?:start|beginning|end|outbreak|onset|war|invasion|full-scale|"
    r"\d{4}|january|february|march|april|may|june|july|august|september|october|"
    r"november|december|autumn|fall|spring|summer|winter|last|"
    r"(?:[\w-]+(?: ?['’]s)? ){1,3}(?:invasion|war|full-scale|attack))\b"  # "since Russia's invasion"
)
# "over the past five years", "in the last decade", "during the past two years": a sum over a stretch of
# years up to now, not one act (a week or a day may still be the news: "sent 40 tonnes in the past day").
PAST_SPAN_TOTAL = re.compile(
    r"\b(?:over|in|during|across|within) the (?:past|last|previous) (?:[\w-]+ )?(?:years|decades?)\b"
)

# Nouns whose money figure is not the aid itself.
NON_AID_FIGURES = words("non_aid_figures")
# What a signed deal is called ("signed a €X loan agreement", "an exchange of notes"): pledged, not approved.
SIGNED_DEALS = words("signed_deals")
# A spender's own money ("of its own funds", "in its own budget"): with no recipient, no aid.
OWN_FUNDS_NOUNS = words("own_funds_nouns")

# Words that mark the act as earlier than the article's news.
BACKGROUND_WORDS = frozenset({"previously", "earlier", "already", "recently", "formerly", "before", "ago", "prior"})
_MONTH_NAMES = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
MONTHS = frozenset({*_MONTH_NAMES, "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"})
BACKGROUND_PERIODS = frozenset({"week", "month", "year", "autumn", "fall", "spring", "summer", "winter", *_MONTH_NAMES})
# A sentence that dates what it describes before the news ("announced in August", "last month").
# A donors' event where what is given is a pledge, whatever the verb (AID_GUIDELINES 9): "a pledging
# conference in Oslo", "the donors' summit", "a conference of donors".
PLEDGING_EVENT = re.compile(
    r"\b(?:pledging|donors?['’]?) (?:conference|summit|event|meeting)s?\b|\bconference of donors\b", re.IGNORECASE
)

# A lead that reports the event itself: "Donors pledged $X for R at a conference in Geneva on Monday"
# (a decimal point is no sentence end: "pledged $2.4 billion for R at a conference").
DONORS_AT_EVENT = re.compile(
    r"\bdonors (?:pledged|promised|committed)\b(?:[^.;]|(?<=\d)\.(?=\d)){0,80}"
    r"\bat an? (?:[\w-]+ )?(?:conference|summit|meeting)\b",
    re.IGNORECASE,
)

EARLIER_ACT = re.compile(
    r"\b(?:previously|earlier|already|last (?:week|month|year|autumn|spring|summer|winter)|"
    r"(?:in|since) (?:early |mid-?|late )?(?:january|february|march|april|may|june|july|"
    r"august|september|october|november|december|\d{4})\b)",
    re.IGNORECASE,
)
BLOCK_LABELS = ("read also", "read more", "background:", "reminder", "see also", "related:", "also read")

# Unofficial sourcing: the status is "planned".
PLANNED_CUES = (
    "reportedly",
    "people familiar",
    "sources said",
    "source said",
    "sources say",
    "according to sources",
    "according to officials",
    "according to a report",
    "according to media",
    "according to documents",
    "on condition of anonymity",
    "expected to announce",
    "set to announce",
    "is to announce",
    "are to announce",
    "will announce",
    "plans to announce",
    "planning to announce",
    "expected to unveil",  # the other announcing verbs, about to be used: "is expected to unveil a package"
    "set to unveil",
    "will unveil",
    "expected to present",
    "set to present",
    "set to approve",  # "the EU is set to approve €X for R, diplomats said": the decision still to come
    "expected to approve",
    "draft",
)

# Modal auxiliaries that leave the act an option ("may send", "could provide").
HEDGING_MODALS = frozenset({"may", "might", "could", "should", "must", "can"})

EXTRA_PRONOUNS = frozenset({"it", "they", "we", "he", "she", "i", "this", "which", "who"})


# A proposal or bill that a body approved or passed is no longer pending ("approved a bill granting …").
PROPOSAL_NOUNS = frozenset({"bill", "proposal", "draft", "law", "decree", "resolution", "motion"})
PASSING_VERBS = frozenset({"approve", "pass", "adopt", "sign", "enact", "ratify", "endorse"})


def passed_proposal(node: Token) -> bool:
    """``node`` is a bill or proposal that its governing verb approves ("parliament approved a bill")."""
    return (
        node.lemma_.lower() in PROPOSAL_NOUNS
        and node.dep_ in {"dobj", "nsubjpass"}
        and node.head.lemma_.lower() in PASSING_VERBS
        and not any(c.dep_ == "neg" or (c.tag_ == "MD" and c.lower_ in HEDGING_MODALS) for c in node.head.children)
    )


def says_running_total(text: str) -> bool:
    """The text states a sum up to now ("so far", "to date", "since 2022"); ``text`` in lower case."""
    return any(p in text for p in CLAUSE_TOTAL_PHRASES) or bool(SINCE_TOTAL.search(text))


def act_lemma(verb: Token) -> str:
    """The lemma that names the verb's act: "receive" for "take" with a noun of receipt as its object
    ("the coast guard took delivery of three boats"), else the verb's own lemma (lowercase)."""
    lemma = verb.lemma_.lower()
    if lemma == "take" and any(c.dep_ == "dobj" and c.lemma_.lower() in RECEIPT_NOUNS for c in verb.children):
        return "receive"
    return lemma
