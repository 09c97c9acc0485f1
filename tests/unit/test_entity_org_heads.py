"""The organisation head of a name (``entities/claims.py``): read from the ``organisation_heads`` and
``org_name_heads`` lexicons, one list for the donor check and the entity labels; and a person's
title tagged ORG before the name, which is no organisation unless it carries a body's head.

Each row: (case, name, whether it ends in an organisation's head word).
"""

from __future__ import annotations

import pytest
from spacy.language import Language

from claimstream.extract.entities import claims, extract_entities
from claimstream.extract.lexicon import words
from claimstream.extract.nlp import shared_nlp

MODEL = "en_core_web_sm"

HEADS = [
    ("a donor head", "Harbour Relief Fund", True),
    ("a donor head after a hyphen", "Kelmor-Dorvan Bank", True),
    ("a name head that is no donor word", "Northland Coastal Railways", True),
    ("the singular of a name head", "Dorvan Railway", True),
    ("a newspaper's last word", "Kelmor Evening Times", True),
    ("a court", "Dorvan Supreme Court", True),
    ("a head in the middle of the name", "Ministry of Ports", False),
    ("a head word's longer neighbour", "Anna Bankers", False),
    ("a lower-case head is no name's", "the regional fund", False),
    ("a person", "Tom Reddy", False),
]


@pytest.mark.parametrize(("case", "name", "is_org"), HEADS, ids=[c[0] for c in HEADS])
def test_a_name_ending_in_a_head_word(case: str, name: str, is_org: bool) -> None:
    assert bool(claims._ORG_HEAD.search(name)) is is_org, case


@pytest.mark.parametrize("word", sorted(words("organisation_heads") | words("org_name_heads")))
def test_every_head_word_of_both_lists_heads_a_name(word: str) -> None:
    assert claims._ORG_HEAD.search(f"Kelmor {word.capitalize()}")


@pytest.fixture(scope="module")
def nlp() -> Language:
    return shared_nlp(MODEL)


LABELS = [
    (
        "a head word keeps a name after a place word an ORG",
        "Supplies reached Dorvan Bureau, officials said.",
        "Dorvan Bureau",
        "ORG",
    ),
    ("a name head after 'in' is no place", "The plan was drafted in Kelmor Office last week.", "Kelmor Office", "ORG"),
]


@pytest.mark.parametrize(("case", "text", "name", "label"), LABELS, ids=[c[0] for c in LABELS])
def test_labels_that_read_the_head(nlp: Language, case: str, text: str, name: str, label: str) -> None:
    found = {e["canonical"]: e["label"] for e in extract_entities(nlp(text))}
    assert found.get(name) == label, (case, found)


TITLES_BEFORE_NAMES = [
    (
        "a rank tagged ORG before a name",
        "The ships were handed over to Rear Admiral Oskar Lind at the base.",
        "Oskar Lind",
        [],
    ),
    (
        "the same rank after 'by'",
        "The boats were received by Rear Admiral Tomas Vell, the commander.",
        "Tomas Vell",
        [],
    ),
    ("a rank spaCy keeps apart", "Brigadier General Tomas Vell inspected the trucks.", "Tomas Vell", []),
    ("a deputy's office", "Deputy Prime Minister Oskar Lind signed the note.", "Oskar Lind", []),
    (
        "a body before the title keeps its name",
        "The Kelmor Council President Lena Brandt opened it.",
        "Lena Brandt",
        ["Kelmor Council"],
    ),
    (
        "a fund before the title",
        "The Harbour Relief Fund Director Lena Brandt spoke.",
        "Lena Brandt",
        ["Harbour Relief Fund"],
    ),
]


@pytest.mark.parametrize(
    ("case", "text", "person", "orgs"), TITLES_BEFORE_NAMES, ids=[c[0] for c in TITLES_BEFORE_NAMES]
)
def test_a_title_before_a_name_is_no_organisation(nlp: Language, case: str, text: str, person: str, orgs: list) -> None:
    found = {(e["canonical"], e["label"]) for e in extract_entities(nlp(text))}
    assert (person, "PERSON") in found, (case, found)
    assert sorted(c for c, label in found if label == "ORG") == sorted(orgs), (case, found)
