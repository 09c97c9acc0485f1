"""Organisation names spaCy cuts at their "and", gives to the wrong body or misses after a noun for
a kind of organisation (``entities/mentions.py``, ``entities/claims.py``).

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
        "a body's second portfolio after 'and', outside every entity",
        "The Office of Ports and Harbours signed the contract on Friday.",
        [("Office of Ports and Harbours", "ORG", 1)],
        ["Office of Ports"],
    ),
    (
        "a body's second portfolio after 'and', tagged PERSON",
        "The Ministry of Roads and Bridges said the repairs would take a year.",
        [("Ministry of Roads and Bridges", "ORG", 1)],
        ["Ministry of Roads", "Bridges"],
    ),
    (
        "a second body after 'and' stays apart",
        "The Ministry of Health and Oxfam opened a clinic.",
        [("Ministry of Health", "ORG", 1)],
        ["Ministry of Health and Oxfam"],
    ),
    (
        "a person's surname after 'and' stays apart",
        "Tom Bridges spoke on Monday. The Ministry of Roads and Bridges signed.",
        [("Tom Bridges", "PERSON", 2)],
        ["Ministry of Roads and Bridges"],
    ),
    (
        "a title after 'and' is no part of the body",
        "The Ministry of Roads and Foreign Minister Ana Roe signed the deal.",
        [("Ministry of Roads", "ORG", 1), ("Ana Roe", "PERSON", 1)],
        ["Ministry of Roads and Foreign Minister"],
    ),
    (
        "the words before 'and' of a centre spaCy found alone",
        "The Kelmor Humanitarian Aid and Relief Centre delivered tents to the camp.",
        [("Kelmor Humanitarian Aid and Relief Centre", "ORG", 1)],
        ["Relief Centre"],
    ),
    (
        "two parts of a state agency's name the tables know",
        "Tents from the King Salman Humanitarian Aid and Relief Centre reached the camp on Sunday.",
        [("King Salman Humanitarian Aid and Relief Centre", "ORG", 1)],
        ["Relief Centre"],
    ),
    (
        "a known body's executive board is the body",
        "The grant was approved by the IMF Executive Board on Friday.",
        [("International Monetary Fund", "ORG", 1)],
        ["IMF Executive Board"],
    ),
    (
        "a known body's board of directors is the body",
        "The World Bank's Board of Directors approved the loan.",
        [("World Bank", "ORG", 1)],
        [],
    ),
    (
        "a state's navy is an organisation",
        "The new cutter joined the Republic of Palau Navy in a ceremony on Monday.",
        [("Republic of Palau Navy", "ORG", 1)],
        [],
    ),
    (
        "a charity's name tagged PERSON",
        "The charity Helping Hands gave blankets to 300 families.",
        [("Helping Hands", "ORG", 1)],
        [],
    ),
    (
        "a charity's name tagged PERSON, also as a speaker",
        "The charity Kelmor Relief said it had sent food.",
        [("Kelmor Relief", "ORG", 1)],
        [],
    ),
    (
        "a conglomerate's name spaCy missed",
        "The trucks, built by the defence conglomerate ARDEN, could be flown in next month.",
        [("ARDEN", "ORG", 1)],
        [],
    ),
    (
        "a name after a head word of the organisation table, spaCy missed",
        "The foundation Open Fields paid for the new wells.",
        [("Open Fields", "ORG", 1)],
        [],
    ),
    (
        "a date after an organisation noun is no name",
        "The company Monday said it would help.",
        [("Monday", "DATE", 1)],
        [],
    ),
    (
        "a bare Treasury in a story about another state is no US body",
        "The Kelmor government will pay 2 billion shillings. Treasury Cabinet Secretary Ana Roe welcomed it.",
        [("Ana Roe", "PERSON", 1)],
        ["US Treasury", "Treasury"],
    ),
    (
        "a bare Treasury after the state's National Treasury is that treasury",
        "The National Treasury said on Friday the loan was approved. The Treasury added that it would arrive in May.",
        [("National Treasury", "ORG", 2)],
        ["US Treasury"],
    ),
    (
        "a bare Treasury in a story naming the United States is the US Treasury",
        "The United States will send grain, and the Treasury said sanctions would stay.",
        [("US Treasury", "ORG", 1), ("United States", "GPE", 1)],
        [],
    ),
    (
        "a donor run into the currency code of its figure",
        "Norway pledged NOK 250 million and Iceland ISK 400 million for the fund.",
        [("Norway", "GPE", 1), ("Iceland", "GPE", 1)],
        ["Iceland ISK"],
    ),
    (
        "the code of a second pledge in a list",
        "Sweden gave SEK 90 million and Denmark DKK 120 million to the appeal.",
        [("Denmark", "GPE", 1)],
        ["Denmark DKK"],
    ),
    (
        "a fund's name before a franc figure",
        "The Kelmor Relief Fund CHF 2 million grant was approved on Monday.",
        [("Kelmor Relief Fund", "ORG", 1)],
        ["Kelmor Relief Fund CHF"],
    ),
]


@pytest.fixture(scope="module")
def nlp() -> Language:
    return shared_nlp(MODEL)


@pytest.mark.parametrize(("case", "text", "expected", "absent"), CASES, ids=[c[0] for c in CASES])
def test_org_name_cases(nlp, case, text, expected, absent) -> None:
    found = {(e["canonical"], e["label"]): e["count"] for e in extract_entities(nlp(text))}
    for canonical, label, count in expected:
        assert found.get((canonical, label)) == count, f"{case}: {canonical}/{label}x{count} not in {found}"
    names = {c for c, _ in found}
    assert not names & set(absent), f"{case}: {sorted(names & set(absent))} came out"
