"""Ministries named with their country, news outlets named beside their noun, and organisation names
spaCy cuts in two (``entities/bodies.py``, ``entities/mentions.py``).

Each row: (case, text, expected (canonical, label, count) triples, canonical names that must not come out).
"""

from __future__ import annotations

import pytest
from spacy.language import Language

from claimstream.extract.entities import extract_entities
from claimstream.extract.nlp import shared_nlp

MODEL = "en_core_web_sm"

CASES = [
    (
        "a lowercase ministry after a people's word",
        "Grants will not rise, the Indian finance ministry said on Friday.",
        [("Indian Finance Ministry", "ORG", 1)],
        [],
    ),
    (
        "a lowercase ministry after a state's possessive",
        "Mexico's foreign ministry said the talks would go on.",
        [("Mexican Foreign Ministry", "ORG", 1), ("Mexico", "GPE", 1)],
        [],
    ),
    (
        "a 'X Ministry' after a state's possessive",
        "Ukraine's Finance Ministry said the grant would pay for pensions.",
        [("Ukrainian Finance Ministry", "ORG", 1)],
        ["Finance Ministry"],
    ),
    (
        "a 'Ministry of X' after a state's possessive",
        "Kenya's Ministry of Health said the clinics would open in May.",
        [("Ministry of Health of Kenya", "ORG", 1)],
        ["Ministry of Health"],
    ),
    (
        "a bare ministry of the same portfolio later on",
        "The Finnish Ministry of Defense sent rifles. The Defense Ministry said more would follow.",
        [("Finnish Ministry of Defense", "ORG", 2)],
        ["Defense Ministry"],
    ),
    (
        "a ministry with no country stays as written",
        "The Ministry of Roads said the bridge would reopen.",
        [("Ministry of Roads", "ORG", 1)],
        [],
    ),
    (
        "an outlet before 'television'",
        "“We gave what we could,” he told Polsat television on Monday.",
        [("Polsat", "ORG", 1)],
        [],
    ),
    (
        "an outlet before a modifier and 'daily'",
        "Aid will rise next year, the Nikkei business daily reported.",
        [("Nikkei", "ORG", 1)],
        [],
    ),
    (
        "a verb between a person and an outlet's noun",
        "“Soon,” Kjeldsen told broadcaster DR on Monday.",
        [],
        ["Kjeldsen"],
    ),
    (
        "a UN body's name spaCy cut after 'the United Nations'",
        "Sweden gave SEK 10 million to the United Nations High Commissioner for Refugees (UNHCR).",
        [("UNHCR", "ORG", 2)],
        ["United Nations"],
    ),
    (
        "an air force cut into two ORGs",
        "Tents came on a Royal New Zealand Air Force C-130J Hercules.",
        [("Royal New Zealand Air Force", "ORG", 1)],
        ["Royal New Zealand", "Air Force"],
    ),
    (
        "a possessive body before a fund stays apart",
        "Aid came from the United Nations' Central Emergency Response Fund.",
        [("Central Emergency Response Fund", "ORG", 1)],
        ["United Nations' Central Emergency Response Fund"],
    ),
]


@pytest.fixture(scope="module")
def nlp() -> Language:
    return shared_nlp(MODEL)


@pytest.mark.parametrize(("case", "text", "expected", "absent"), CASES, ids=[c[0] for c in CASES])
def test_body_cases(nlp, case, text, expected, absent) -> None:
    found = {(e["canonical"], e["label"]): e["count"] for e in extract_entities(nlp(text))}
    for canonical, label, count in expected:
        assert found.get((canonical, label)) == count, f"{case}: {canonical}/{label}x{count} not in {found}"
    names = {c for c, label in found if label == "ORG"}
    assert not names & set(absent), f"{case}: {sorted(names & set(absent))} came out as ORG"
