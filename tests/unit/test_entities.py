"""Entity extraction on short invented articles, one table row per hard case.

Each row: (case, text, expected, absent). ``expected`` lists (canonical, label) pairs that must be
among the entities (with a mention count where given as a third item); ``absent`` lists canonical
names (any label) that must not come out.
"""

from __future__ import annotations

import pytest
from spacy.language import Language

from claimstream.extract.entities import canonical_name, extract_entities
from claimstream.extract.nlp import shared_nlp

MODEL = "en_core_web_sm"

CASES = [
    (
        "a relief society before a speech verb is no person",
        "A spokesperson said the Jordanian Red Crescent said it had sent 40 trucks of flour to Gaza.",
        [("Jordanian Red Crescent", "ORG")],
        [],
    ),
    (
        "short all-caps dateline of a city the text also writes in title case",
        "RIGA — Baltic ministers met on Monday to agree on new border controls. The talks in Riga lasted six hours.",
        [("Riga", "GPE", 2)],
        ["RIGA"],
    ),
    (
        "surname resolves to the full name",
        "Defence minister Karl Obermann visited the shipyard in Gdansk on Monday. Obermann said the first "
        "hull would be ready in spring, and Obermann's deputy agreed.",
        [("Karl Obermann", "PERSON", 3), ("Gdansk", "GPE")],
        ["Obermann"],
    ),
    (
        "possessive and well-known surname",
        "Joe Biden's envoy met officials in Warsaw. Putin did not comment on the meeting.",
        [("Joe Biden", "PERSON"), ("Vladimir Putin", "PERSON"), ("Warsaw", "GPE")],
        ["Biden's", "Putin"],
    ),
    (
        "spelling variants of one person",
        "President Volodymyr Zelenskiy thanked donors. Later Zelenskyy visited the front line.",
        [("Volodymyr Zelensky", "PERSON", 2)],
        ["Zelenskyy", "Volodymyr Zelenskiy"],
    ),
    (
        "country and institution aliases",
        "The U.S. and Britain joined the EU and the UN in condemning the strike. America will send "
        "more generators, and the UK will pay for repairs.",
        [
            ("United States", "GPE", 2),
            ("United Kingdom", "GPE", 2),
            ("European Union", "ORG"),
            ("United Nations", "ORG"),
        ],
        ["U.S.", "Britain", "UK", "America", "EU", "UN"],
    ),
    (
        "old spellings",
        "Aid convoys left Kiev for Odessa, while another reached the Gaza Strip through Türkiye.",
        [("Kyiv", "GPE"), ("Odesa", "GPE"), ("Gaza", "GPE"), ("Turkey", "GPE")],
        ["Kiev", "Gaza Strip"],
    ),
    (
        "metonyms keep their own names",
        "Washington and Berlin agreed on the plan, and Kyiv welcomed it.",
        [("Washington", "GPE"), ("Berlin", "GPE"), ("Kyiv", "GPE")],
        ["United States", "Germany", "Ukraine"],
    ),
    (
        "demonyms stay NORP",
        "Ukrainian engineers and Polish volunteers repaired the bridge in Ukraine.",
        [("Ukrainian", "NORP"), ("Polish", "NORP"), ("Ukraine", "GPE")],
        [],
    ),
    (
        "acronym defined in the article",
        "The Office of Maritime Recovery (OMR) opened a port office. A spokesman said OMR staff would "
        "inspect every vessel.",
        [("Office of Maritime Recovery", "ORG", 2)],
        ["OMR"],
    ),
    (
        "photo credit and byline are not entities",
        "By Tom Rendell\nFarmers in Kherson harvested wheat despite the shelling. (Photo by Anna "
        "Kowalczyk/Getty Images)",
        [("Kherson", "GPE")],
        ["Tom Rendell", "Anna Kowalczyk", "Getty Images", "Anna Kowalczyk/Getty Images"],
    ),
    (
        "name glued to a word",
        "The U.S.-made launchers reached the front within a week, officials in Kyiv said.",
        [("United States", "GPE"), ("Kyiv", "GPE")],
        [],
    ),
    (
        "administration names the person",
        "The Biden administration approved the sale of engines to Norway.",
        [("Joe Biden", "PERSON"), ("Norway", "GPE")],
        ["Biden administration"],
    ),
    (
        "office name split by the parser",
        "Funds will go to the UN Office for the Coordination of Humanitarian Affairs, its director said.",
        [("UN Office for the Coordination of Humanitarian Affairs", "ORG")],
        ["UN Office", "Coordination of Humanitarian Affairs"],
    ),
    (
        "weapons with their canonical names",
        "Norway pledged more NASAMS units and PAC-3 interceptors, plus M1A1 tanks.",
        [("NASAMS", "WEAPON"), ("Patriot", "WEAPON"), ("M1A1 Abrams", "WEAPON"), ("Norway", "GPE")],
        ["PAC-3", "M1A1"],
    ),
    (
        "particle name split by the parser",
        "Ursula von der Leyen opened the summit. Von der Leyen said the fund would grow.",
        [("Ursula von der Leyen", "PERSON", 2)],
        ["Ursula von der", "Leyen"],
    ),
    (
        "office and person in one span",
        "The grant was confirmed by USAID Administrator Melinda Crofts on Tuesday.",
        [("USAID", "ORG"), ("Melinda Crofts", "PERSON")],
        ["USAID Administrator Melinda Crofts"],
    ),
    (
        "continents and seas are not GPEs, datelines are",
        "GENEVA — Ships crossing the Black Sea carried grain to Africa and Europe.",
        [("Geneva", "GPE"), ("Black Sea", "LOC")],
        ["GENEVA"],
    ),
    (
        "agency tag of a dateline is the cited source, wire credits are no entities",
        "LVIV, Ukraine (Reuters) — Power returned to the city. Reporting by Ivan Petrenko; Editing by Sam Holt",
        [("Lviv", "GPE"), ("Ukraine", "GPE"), ("Reuters", "ORG")],
        ["Ivan Petrenko", "Sam Holt"],
    ),
    (
        "entity across a line break, credit mid-line",
        "The talks ended late. Photo: Lena Weiss/AFP\nZelensky's aide said the work would go on.",
        [("Volodymyr Zelensky", "PERSON")],
        ["Lena Weiss", "Lena Weiss/AFP", "AFP"],
    ),
    (
        "title is not part of the name",
        "General Dempsey said the drills would continue next year.",
        [("Dempsey", "PERSON")],
        ["General Dempsey"],
    ),
    (
        "the news agency of a dateline is an ORG under its full name",
        "AMMAN, May 3 (KUNA) -- Jordan opened two new border crossings for aid trucks on Saturday.",
        [("Kuwait News Agency", "ORG"), ("Jordan", "GPE")],
        ["KUNA"],
    ),
    (
        "an organisation cut before its country is joined to it",
        "The Ministry of Foreign Affairs of the Republic of Latvia funded three new shelters in Kharkiv.",
        [("Ministry of Foreign Affairs of the Republic of Latvia", "ORG")],
        ["Ministry of Foreign Affairs of"],
    ),
    (
        "an indefinite article opening a sentence is not part of the name",
        "A Baltic Shipping Consortium will build two ferries. The Baltic Shipping Consortium is new.",
        [("Baltic Shipping Consortium", "ORG")],
        ["A Baltic Shipping Consortium"],
    ),
    (
        "a platform a statement is posted on is no entity and no person",
        "Mayor Olena Marchuk wrote on Telegram that the water supply was restored.",
        [("Olena Marchuk", "PERSON")],
        ["Telegram"],
    ),
    (
        "an amount or a person's title tagged ORG is no organisation",
        "The UN Humanitarian Coordinator thanked Warsaw for PLN 12.5 million in aid to the region.",
        [],
        ["UN Humanitarian Coordinator", "PLN 12.5 million", "PLN"],
    ),
    (
        "a family named only after its variant refers back to the variant",
        "Berlin sent 14 Leopard 2A6 tanks to Kyiv. The Leopards arrived in March and more Leopard tanks will follow.",
        [("Leopard 2A6", "WEAPON")],
        ["Leopard", "Leopard 2"],
    ),
    (
        "a family introduced before its variant is kept",
        "The IRIS-T family includes the IRIS-T SLS, a short-range air defence system.",
        [("IRIS-T", "WEAPON"), ("IRIS-T SLS", "WEAPON")],
        [],
    ),
    (
        "a name hard-wrapped after a connector is one organisation, its undeclared acronym too",
        "OSLO, May 3 The Nordic Bank for\nInvestment and Development said on Monday it would lend to the port.\n"
        "The loan is the largest the NBID has made this year, a spokesman said.",
        [("Nordic Bank for Investment and Development", "ORG", 2)],
        ["Nordic Bank", "Investment and Development", "NBID"],
    ),
    (
        "an organisation's own named body is two organisations, a possessive inside a name is not",
        "The money goes through the World Bank's Coastal Recovery Trust Fund, and the UN Children's Fund "
        "will run the schools.",
        [("World Bank", "ORG"), ("Coastal Recovery Trust Fund", "ORG")],
        ["World Bank's Coastal Recovery Trust Fund", "UN Children", "Fund"],
    ),
    (
        "parties by their short names and group nouns, a party member is no party",
        "Republicans in the assembly blocked the bill on Tuesday, while the FDP and the Greens in Berlin "
        "asked for a vote. A Democrat from Ohio, Mara Quill, disagreed.",
        [("Republican Party", "ORG"), ("Free Democratic Party", "ORG"), ("Greens", "ORG"), ("Mara Quill", "PERSON")],
        ["Democratic Party", "Republicans", "FDP"],
    ),
    (
        "the name word of a written weapon name is that weapon, a person's surname is not",
        "The army received Korsakov 155 howitzers last week. The Korsakov is accurate, Ivan Kestrel said. "
        "Selcuk Bayraktar's firm sold Bayraktar TB2 drones, and Bayraktar said more would follow.",
        [("Korsakov 155", "WEAPON", 2), ("Bayraktar TB2", "WEAPON", 1), ("Selcuk Bayraktar", "PERSON")],
        ["Korsakov"],
    ),
]


@pytest.fixture(scope="module")
def nlp() -> Language:
    return shared_nlp(MODEL)


@pytest.mark.parametrize(("case", "text", "expected", "absent"), CASES, ids=[c[0] for c in CASES])
def test_entity_cases(nlp, case, text, expected, absent) -> None:
    doc = nlp(text)
    ents = extract_entities(doc)
    found = {(e["canonical"], e["label"]): e for e in ents}
    for item in expected:
        canonical, label = item[0], item[1]
        assert (canonical, label) in found, f"{case}: {canonical}/{label} not in {sorted(found)}"
        if len(item) == 3:
            assert found[(canonical, label)]["count"] == item[2], case
    names = {e["canonical"] for e in ents}
    assert not names & set(absent), f"{case}: {sorted(names & set(absent))}"


@pytest.mark.parametrize("text", [c[1] for c in CASES])
def test_shape_offsets_and_one_label(nlp, text) -> None:
    doc = nlp(text)
    ents = extract_entities(doc)
    seen: set[str] = set()
    for e in ents:
        assert set(e) == {"canonical", "label", "count", "mentions", "evidence"}
        assert e["count"] == len(e["mentions"]) >= 1
        key = e["canonical"].lower()
        assert key not in seen, f"{e['canonical']} has two labels"
        seen.add(key)
        for m in e["mentions"]:
            assert doc.text[m["start"] : m["end"]] == m["text"]
        first = e["mentions"][0]
        assert (e["evidence"]["start"], e["evidence"]["end"]) == (first["start"], first["end"])
        assert first["text"] in e["evidence"]["sentence"]
        if e["label"] in ("PERSON", "ORG", "GPE", "NORP", "WEAPON"):
            assert e["canonical"] != e["canonical"].lower() or e["canonical"] == "dpa"


@pytest.mark.parametrize(
    ("text", "label", "expected"),
    [
        ("U.S.", "GPE", "United States"),
        ("the United Kingdom", "GPE", "United Kingdom"),
        ("E.U.", "ORG", "European Union"),
        ("the Pentagon", "ORG", "Department of Defense"),
        ("Kiev", "GPE", "Kyiv"),
        ("OSLO", "GPE", "Oslo"),
        ("Berlin", "GPE", "Berlin"),
        ("Turkiye", "GPE", "Turkey"),
        ("Biden's", "PERSON", "Joe Biden"),
        ("Zelenskiy", "PERSON", "Volodymyr Zelensky"),
        ("Recap Tayyip Erdogan", "PERSON", "Recep Tayyip Erdogan"),
        ("Hunter Biden", "PERSON", "Hunter Biden"),
        ("PAC-3", "WEAPON", "Patriot"),
        ("the Leopard 2A6", "WEAPON", "Leopard 2A6"),
        ("Ukrainians", "NORP", "Ukrainians"),
    ],
)
def test_canonical_name(text, label, expected) -> None:
    assert canonical_name(text, label) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        " \n\n ",
        "(",
        "“",
        "The the THE",
        "U.S.-",
        "-- Photo: --",
        "By\n",
        "Zelensky's",
        "F-16s F-16s F-16s",
        "(Photo by Getty Images)",
        "\u00a0Kyiv\u00a0",
        "ÜBER KYIV (AP) —",
        "Von der",
        "Leyen von",
    ],
)
def test_odd_inputs_do_not_break(nlp, text) -> None:
    doc = nlp(text)
    for e in extract_entities(doc):
        assert e["canonical"].strip()
        for m in e["mentions"]:
            assert doc.text[m["start"] : m["end"]] == m["text"]
