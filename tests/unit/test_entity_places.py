"""Cities the small model tags as people or organisations become places where the text uses them as
places, and a name before "province" or "state" is a region of a state (``entities/places.py``); a
person who shares a city's name stays a person.

Each row: (case, text, expected (canonical, label, count) triples, canonical names that must not come out).
"""

from __future__ import annotations

import pytest
from spacy.language import Language

from claimstream.extract.entities import extract_entities
from claimstream.extract.entities.places import is_city
from claimstream.extract.nlp import shared_nlp

MODEL = "en_core_web_sm"

CASES = [
    (
        "an upper-case dateline city of the city table",
        "TAMALE, May 4 – Farmers in northern Ghana received seed and fertiliser from a regional programme.",
        [("Tamale", "GPE", 1)],
        ["TAMALE"],
    ),
    (
        "an upper-case dateline capital the actor tables know",
        "BAMAKO, June 2 – Mali's health ministry opened two new cholera wards, a spokesman said.",
        [("Bamako", "GPE", 1), ("Mali", "GPE", 1)],
        ["BAMAKO"],
    ),
    (
        "a city coordinated with a place just found, then named again alone",
        "Volunteers handed out blankets in Mwanza and Dodoma on Friday. Dodoma has three shelters.",
        [("Mwanza", "GPE", 1), ("Dodoma", "GPE", 2)],
        [],
    ),
    (
        "a city after 'to', and its possessive later",
        "The ministry sent doctors to Kano, where the outbreak began. Kano's hospitals are short of beds.",
        [("Kano", "GPE", 2)],
        [],
    ),
    (
        "a person whose surname is a city stays a person",
        "Health Minister Grace Austin toured the clinic. Austin said more nurses were needed.",
        [("Grace Austin", "PERSON", 2)],
        ["Austin"],
    ),
    (
        "a state's office the actor tables read as the state is no place",
        "The Foreign Office said on Tuesday that talks would resume in London.",
        [("Foreign Office", "ORG", 1), ("London", "GPE", 1)],
        [],
    ),
    (
        "a name before 'province' is a region of a state, named without the word",
        "Floods have cut off villages in Pakistan's Thatta province since Monday.",
        [("Thatta", "GPE", 1), ("Pakistan", "GPE", 1)],
        ["Thatta province"],
    ),
    (
        "a name tagged PERSON before 'state' is a region of a state",
        "Aid reached Myanmar's Chin state on Thursday, officials said.",
        [("Chin", "GPE", 1)],
        [],
    ),
    (
        "a name before 'district' is a region of a state",
        "Rain fell across the Kelmor district for a week.",
        [("Kelmor", "GPE", 1)],
        [],
    ),
    (
        "'state' that modifies a noun after it makes no region",
        "Officials at Petrovia state energy company Voltra said the plant would reopen.",
        [("Petrovia", "ORG", 1)],
        [],
    ),
    (
        "a region spaCy calls LOC stays wider than a state",
        "Ministers from the Gulf region met in Doha.",
        [("Gulf", "LOC", 1), ("Doha", "GPE", 1)],
        [],
    ),
    (
        "a city inside a person's full name is part of the name",
        "Minister Jackson Mwanza said the money would go to schools.",
        [("Jackson Mwanza", "PERSON", 1)],
        ["Mwanza"],
    ),
    (
        "an unknown name coordinated with a place, or before a plural region word, is a place",
        "Floods hit the Vellmar and Ostrana districts. Raids damaged schools in Hebron and Tarvessa last week.",
        [("Vellmar", "GPE", 1), ("Ostrana", "GPE", 1), ("Tarvessa", "GPE", 1)],
        [],
    ),
    (
        "a UN member state spaCy calls ORG",
        "The United Nations and the government of Tuvalu asked donors for help after the storm.",
        [("Tuvalu", "GPE", 1)],
        [],
    ),
    (
        "a UN member state spaCy calls LOC",
        "Aid workers fled fighting in the Central African Republic last week.",
        [("Central African Republic", "GPE", 1)],
        [],
    ),
    (
        "a state's first-name use stays the person's",
        "Chad Morrel, a logistics officer, said the convoy was late. Morrel said Chad would need more trucks.",
        [("Chad Morrel", "PERSON", 3)],
        [],
    ),
    (
        "a small state's capital spaCy calls PERSON",
        "Officials in Honiara said the seedlings would arrive by boat on Friday.",
        [("Honiara", "GPE", 1)],
        [],
    ),
    (
        "a capital spaCy calls GPE, also as the subject of a speech verb",
        "The aid will be flown to Apia as soon as Apia asks for it.",
        [("Apia", "GPE", 2)],
        [],
    ),
    (
        "the town of an unknown name",
        "The tents were unloaded in the town of Ossigar before dawn.",
        [("Ossigar", "GPE", 1)],
        [],
    ),
    (
        "the island of an unknown name tagged ORG",
        "Supplies reached the island of Tavessa by ferry.",
        [("Tavessa", "GPE", 1)],
        [],
    ),
    (
        "an unknown name before a lowercase base",
        "The last foreign troops left the Amadou base in March.",
        [("Amadou", "GPE", 1)],
        [],
    ),
    (
        "an unknown name before a lowercase port",
        "Aid reached Ambeto, a village near the Ossara port.",
        [("Ossara", "GPE", 1)],
        [],
    ),
    (
        "an organisation before base stays the organisation",
        "The Kelmor Navy base was closed in May, the minister said.",
        [("Kelmor Navy", "ORG", 1)],
        [],
    ),
    (
        "a person's surname coordinated with a place stays the person",
        "Marek Tolsen arrived on Monday. Tolsen and Poland signed the deal.",
        [("Marek Tolsen", "PERSON", 2), ("Poland", "GPE", 1)],
        ["Tolsen"],
    ),
    (
        "two names after a plural settlement noun",
        "Houses collapsed in the villages of Tarsk Miro and Belan Ut after the storm.",
        [("Tarsk Miro", "GPE", 1)],
        ["Tarsk Miro and Belan Ut"],
    ),
    (
        "two two-word names after a plural settlement noun",
        "Mud houses fell in the villages of Orsk Tamar and Velli Dun on Sunday.",
        [("Orsk Tamar", "GPE", 1), ("Velli Dun", "GPE", 1)],
        [],
    ),
    (
        "a one-word and a two-word name after 'the towns of'",
        "Tents went to the towns of Kessik and Marrow Bay.",
        [("Kessik", "GPE", 1), ("Marrow Bay", "GPE", 1)],
        [],
    ),
    (
        "a person after the place's 'and' stays a person",
        "Aid reached the towns of Ossigar and Mirela Kostan thanked the donors. Mirela Kostan is the mayor.",
        [("Ossigar", "GPE", 1), ("Mirela Kostan", "PERSON", 2)],
        [],
    ),
    (
        "a first name after the 'and' of a plural noun's list",
        "Tents reached the villages of Ossigar and Daniel Weber, the governor, visited them.",
        [("Ossigar", "GPE", 1), ("Daniel Weber", "PERSON", 1)],
        [],
    ),
    (
        "after a singular noun the 'and' starts no list",
        "Food reached the town of Ossigar and Peter Lang, its mayor, said more was needed.",
        [("Ossigar", "GPE", 1), ("Peter Lang", "PERSON", 1)],
        [],
    ),
]


@pytest.fixture(scope="module")
def nlp() -> Language:
    return shared_nlp(MODEL)


@pytest.mark.parametrize(("case", "text", "expected", "absent"), CASES, ids=[c[0] for c in CASES])
def test_city_cases(nlp, case, text, expected, absent) -> None:
    found = {(e["canonical"], e["label"]): e["count"] for e in extract_entities(nlp(text))}
    for canonical, label, count in expected:
        assert found.get((canonical, label)) == count, f"{case}: {canonical}/{label}x{count} not in {found}"
    names = {c for c, _ in found}
    assert not names & set(absent), f"{case}: {sorted(names & set(absent))} came out"


@pytest.mark.parametrize(
    ("text", "city"),
    [
        ("Pikeville", False),  # in no table
        ("Kano", True),  # the city table
        ("KANO", True),
        ("Bamako", True),  # a capital of the actor tables
        ("Mali", False),  # the state itself
        ("Port Vila", True),  # a UN member state's capital added to the state table
        ("Nuku'alofa", True),
        ("Ukrainian", False),  # a demonym of the name tables
        ("Foreign Office", False),
        ("Kremlin", False),
        ("the suburbs", False),
    ],
)
def test_is_city(text, city) -> None:
    assert is_city(text) is city
