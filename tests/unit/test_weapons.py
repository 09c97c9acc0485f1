"""The WEAPON component and its gazetteer, on short invented sentences.

Each row: (case, text, weapons expected as canonical names, names that must not be WEAPON).
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import pytest
from spacy.language import Language

from claimstream.extract.components.weapons import (
    FACTORY,
    add_weapon_ruler,
    designator_canonical,
    designator_match,
    designator_patterns,
    is_variant_of,
    load_gazetteer,
    weapon_canonical,
    written_name,
)
from claimstream.extract.nlp import shared_nlp

MODEL = "en_core_web_sm"

CASES = [
    (
        "system spaCy calls PERSON or ORG",
        "Berlin will send a second Patriot battery and more Iris-T SLM launchers to Kyiv.",
        {"Patriot", "IRIS-T SLM"},
        set(),
    ),
    (
        "plurals and designators",
        "The brigade lost two Leopard 2A6 tanks, but its F-16s and HIMARS kept firing.",
        {"Leopard 2A6", "F-16", "HIMARS"},
        set(),
    ),
    (
        "aliases map to the canonical name",
        "Officials confirmed the MIM-104 interceptors and the M142 launchers arrived with SCALP missiles.",
        {"Patriot", "HIMARS", "Storm Shadow"},
        set(),
    ),
    (
        "variant keeps its own name next to the family",
        "The IRIS-T family includes the IRIS-T SLS, a short-range air defence system.",
        {"IRIS-T", "IRIS-T SLS"},
        set(),
    ),
    (
        "a number before an ambiguous name",
        "The minister said the country needs 12 Patriots to protect its cities.",
        {"Patriot"},
        set(),
    ),
    (
        "an article about weapons accepts a bare ambiguous name",
        "Kyiv received NASAMS and IRIS-T systems last week. Officials thanked Berlin for the Gepard.",
        {"NASAMS", "IRIS-T", "Gepard"},
        set(),
    ),
    ("surname is not a tank", "Stacey Abrams spoke at the rally about voting rights.", set(), {"Abrams"}),
    (
        "law name is not a missile",
        "Congress renewed the Patriot Act after a long debate about surveillance.",
        set(),
        {"Patriot"},
    ),
    ("speaker is not a vehicle", "Bradley said the committee would meet again in March.", set(), {"Bradley"}),
    ("common word in lower case", "Each patriot in the village helped to rebuild the school.", set(), {"patriot"}),
    (
        "abbreviations that are also words match only in capitals",
        "The drivers tried to do no harm, and a tow truck cleared the road; the jets fired HARM missiles.",
        {"HARM"},
        {"harm", "tow"},
    ),
    (
        "surname of a person is not a drone",
        "Selcuk Bayraktar opened the new factory near Istanbul.",
        set(),
        {"Bayraktar"},
    ),
    ("page number is not a jet", "The report appeared on page A10 of the Sunday paper.", set(), {"A10", "A-10"}),
    (
        "name spaCy runs into the next words",
        "The shipment adds Javelin anti-tank weapons and Gepard guns for the army.",
        {"Javelin", "Gepard"},
        set(),
    ),
    (
        "coordinated ambiguous names",
        "The Hawk and Avenger systems promised last year will arrive in May.",
        {"Hawk", "Avenger"},
        set(),
    ),
    (
        "a one-word name before a weapon noun",
        "The factory will assemble Lynx vehicles and repair Marder units.",
        {"Lynx", "Marder"},
        set(),
    ),
    (
        "unknown designator before a weapon noun",
        "Pilots flew Zx-41 bombers over the border, and an Mi-8 helicopter landed.",
        {"Zx-41", "Mi-8"},
        set(),
    ),
    (
        "designators without a hyphen and name-number models before a weapon noun",
        "Berlin sent QX310 launchers and Type 10 tanks to the front, and the Vulkan 155 howitzers fired.",
        {"QX310", "Type 10", "Vulkan 155"},
        set(),
    ),
    (
        "dates, roads and summits before a noun are no models",
        "In May 2024 drones hit the port. Route 66 vehicles were stuck. The G20 leaders met on page A10. "
        "The allies said NATO 100 jets were ready.",
        set(),
        {"May 2024", "Route 66", "G20", "A10", "NATO 100"},
    ),
    (
        "a variant code after a listed family is the variant, not the family",
        "The army will get Leopard 2A8 tanks next year.",
        {"Leopard 2A8"},
        {"Leopard"},
    ),
    (
        "a designator listed beside a weapon needs no weapon noun",
        "Kyiv asked for more HIMARS, QX310 and Caesar systems, and it bought Patriots and K239s last year.",
        {"HIMARS", "QX310", "CAESAR", "K239", "Patriot"},
        set(),
    ),
    (
        "no designator beside a weapon, no weapon",
        "Leaders of the G7 and NATO met in Rome; the A4 and the M25 were closed.",
        set(),
        {"G7", "A4", "M25"},
    ),
    (
        "article before a number is no designator",
        "The bloc offered a 50 billion euro package, and an A-50 radar plane was lost.",
        {"A-50"},
        {"a 50"},
    ),
    (
        "a designator before modifiers and a specific weapon noun",
        "The army fired four Kx-59 cruise missiles, and the navy ordered six Zr-12 anti-submarine helicopters.",
        {"Kx-59", "Zr-12"},
        set(),
    ),
    (
        "a name and model number before a hyphenated modifier",
        "Kyiv hopes to receive Type 88 tanks and Zmey 2000 self-propelled howitzers this winter.",
        {"Type 88", "Zmey 2000"},
        set(),
    ),
    (
        "an unlisted variant of a listed designator, no noun needed",
        "Drone footage showed a burnt-out T-64BM2 near the bridge, the army said.",
        {"T-64BM2"},
        {"T-64"},
    ),
    (
        "a ship class before one ship noun is the class",
        "The yard in Mykolaiv will launch two more Vostok-class frigates for the navy next year.",
        {"Vostok-class"},
        set(),
    ),
    (
        "translated and transliterated names map to the canonical name",
        "Madrid delivered Leopardo 2 tanks, and Neptun missiles struck a landing ship in the bay.",
        {"Leopard 2", "Neptune"},
        set(),
    ),
    (
        "widely reported systems from every category",
        "Seoul sold K9 Thunder howitzers and FA-50 jets; Ankara flew Bayraktar Akinci drones; Moscow fired Kh-69 "
        "missiles and deployed Tornado-S launchers; Kyiv used Vilkha rockets and its Sky Sabre battery.",
        {"K9 Thunder", "FA-50", "Bayraktar Akinci", "Kh-69", "Tornado-S", "Vilkha", "Sky Sabre"},
        set(),
    ),
    (
        "civilian codes before a jet, a plane or a system are no weapons",
        "The airline grounded its A320 jets after the attack; relatives of the flight MH17 victims and the "
        "flight PS101 plane crew met as missile strikes hit the COVID-19 vaccination system.",
        set(),
        {"A320", "MH17", "PS101", "COVID-19"},
    ),
    (
        "roads, phones and models before a generic noun after modifiers are no weapons",
        "After the missile strike the A-14 motorway traffic system was closed, and Galaxy S30 smart phones and "
        "Windows 12 operating systems were sold out.",
        set(),
        {"A-14", "Galaxy S30", "S30", "Windows 12"},
    ),
    (
        "ambiguous new names need military context",
        "Jackal Lane is a quiet street. The Scimitar restaurant opened in spring, and Rapier wit won the prize.",
        set(),
        {"Jackal", "Scimitar", "Rapier"},
    ),
    (
        "a surname that is also a vehicle is no weapon outside military sentences",
        "Fuchs told the conference that interest rates would stay high.",
        set(),
        {"Fuchs"},
    ),
    (
        "a capital code glued to a listed name by a hyphen is the variant",
        "The battery fires AMRAAM-ER interceptors, and the brigade's HIMARS-launched rockets hit the depot.",
        {"AMRAAM-ER", "HIMARS"},
        {"AMRAAM"},
    ),
    (
        "a platform named by its designator goes by the designator",
        "An air force C-17 landed on the island with tents and water, and an E-3 circled over the coast.",
        {"C-17", "E-3"},
        set(),
    ),
    ("a visa code is no aircraft", "She applied for an E-2 visa to open a bakery in Ohio.", set(), {"E-2"}),
    (
        "an ambiguous name modifying a noun that is no weapon word names something else",
        "The Harpoon Brewery sent beer to soldiers at the front. Tornado warnings kept the army indoors. "
        "The minister visited the Leopard Club, which supports army veterans. The Avengers film opened as "
        "the army paraded. The Mirage hotel hosted the defence fair.",
        set(),
        {"Harpoon", "Tornado", "Leopard", "Avenger", "Avengers", "Mirage"},
    ),
    (
        "an ambiguous name modifying a weapon or military noun keeps its weapon",
        "The army moved its Patriot air defence systems and the Kub and Buk batteries, and it repaired Leopard tanks. "
        "Finland gave its Leopard 2R mine-clearing vehicles.",
        {"Patriot", "Kub", "Buk", "Leopard", "Leopard 2R"},
        set(),
    ),
    (
        "a variant code glued to a listed designator is that variant, named as written",
        "The battery fired its M777A2 guns while the CV9040C crews waited, and the K9A1 stayed back.",
        {"M777A2", "CV9040C", "K9 Thunder"},
        {"M777", "CV90"},
    ),
    (
        "an unlisted glued designator with a variant code before a weapon noun",
        "The brigade will get QX310A2 launchers and RB12C2 rockets next spring.",
        {"QX310A2", "RB12C2"},
        set(),
    ),
    (
        "one letter and one digit before a weapon noun, named by the gazetteer when it opens a name",
        "Seoul shipped K9 self-propelled guns and K2 tanks to the army, and the Q7 drones flew over them.",
        {"K9 Thunder", "K2 Black Panther", "Q7"},
        set(),
    ),
    (
        "one letter and one digit without a weapon noun is no weapon",
        "Police sent K9 units and K9 dogs to the G7 summit; the A4 road and the B1 train line were shut, and "
        "K9 officers searched the army depot.",
        set(),
        {"K9", "G7", "A4", "B1"},
    ),
    (
        "a designator before a listed name is one weapon with it",
        "The jets carry AIM-120D AMRAAM missiles and AGM-88E HARM rounds, and a MIM-104 Patriot battery guards "
        "the base.",
        {"AIM-120D AMRAAM", "AGM-88E HARM", "Patriot"},
        {"AMRAAM", "HARM", "AIM-120D", "AGM-88E"},
    ),
    (
        "a hyphen the gazetteer does not write, and a name after a coded variant",
        "The army's M-142 launchers fired, and MQ-9B SkyGuardian drones watched the coast.",
        {"HIMARS", "MQ-9B SkyGuardian"},
        {"MQ-9B"},
    ),
    (
        "a code letter the tokenizer cuts off stays with the code and the name",
        "The jets carry AIM-9M Sidewinder missiles.",
        {"AIM-9M Sidewinder"},
        {"AIM-9", "Sidewinder"},
    ),
    (
        "a name written after an unlisted designator belongs to it",
        "The air force flew Zx-41 Frostwing bombers, and the army fired Qr-7 Tundrax howitzers.",
        {"Zx-41 Frostwing", "Qr-7 Tundrax"},
        {"Zx-41", "Qr-7"},
    ),
    (
        "touching names of one system are one mention, not cut",
        "Kyiv got a Patriot PAC-3 MSE battery and a NASAMS 3 launcher.",
        {"Patriot", "NASAMS"},
        {"Patriot PAC-3", "PAC-3 MSE"},
    ),
    (
        "a mark after a listed name is the variant",
        "The army fielded Caesar Mk II howitzers last spring.",
        {"Caesar Mk II"},
        {"Caesar"},
    ),
    (
        "an ambiguous name in a maker's or a firm's name is no weapon",
        "Czech maker Excalibur Army will sell howitzers, and Patriot Group Holdings builds barracks for the army.",
        set(),
        {"Excalibur", "Patriot"},
    ),
    (
        "an ambiguous name before a capitalised weapon noun keeps its weapon",
        "Canberra will send Bushmaster Protected Mobility Vehicles to the army.",
        {"Bushmaster"},
        set(),
    ),
    (
        "a ship class keeps the words that say what kind of ship",
        "Canberra handed over a Guardian-class patrol boat, and an Arleigh Burke-class destroyer visited.",
        {"Guardian-class patrol boat", "Arleigh Burke"},
        {"Arleigh Burke-class destroyer"},
    ),
    (
        "bombs and torpedoes are weapon nouns",
        "The jets dropped Qz-84 bombs, and the submarine fired Vx-9 torpedoes.",
        {"Qz-84", "Vx-9"},
        set(),
    ),
    (
        "a navy prefix and a ship's name are a named platform, not a person or an organisation",
        "The carrier USS Harbor Point sailed on Monday, and HMS Steadfast and TCG Marmaris Kalesi joined it.",
        {"USS Harbor Point", "HMS Steadfast", "TCG Marmaris Kalesi"},
        {"Monday"},
    ),
    (
        "a maker's name before an ambiguous name and a weapon noun",
        "The army ordered Nexter Caesar howitzers and Rheinmetall Lynx vehicles, and the navy bought Naval "
        "Group Gowind corvettes.",
        {"CAESAR", "Lynx", "Gowind"},
        set(),
    ),
    (
        "a known place before a weapon noun is no system",
        "The Kherson drones and the Odesa missiles were shown to the army.",
        set(),
        {"Kherson", "Odesa"},
    ),
    (
        "a navy prefix alone is no ship",
        "An official of the INS said the HMS. Later ORP",
        set(),
        {"INS", "HMS", "ORP"},
    ),
    (
        "summits, races and flu strains are no weapons",
        "COP28 delegates met F1 teams while the H3N2 virus spread, and army doctors gave H1N1 jabs to the "
        "missile crews.",
        set(),
        {"COP28", "F1", "H3N2", "H1N1"},
    ),
    (
        "airliners of old are no weapons",
        "The DC-3 plane is on show at the museum, and two MD-11 jets carried the army's tents.",
        set(),
        {"DC-3", "MD-11"},
    ),
    (
        "systems added to the gazetteer, each from its maker or armed force",
        "Vilnius ordered Vilkas vehicles; Ankara supplied T-155 Firtina howitzers; Warsaw bought Pilica+ "
        "batteries; Madrid flew C-295 aircraft; Canberra sent Redback vehicles.",
        {"Vilkas", "T-155 Firtina", "Pilica+", "C-295", "Redback"},
        set(),
    ),
    (
        "one or two capitalised words after a count and before a weapon noun name a system",
        "The ministry will ship 30 Vexa Stormhound armoured vehicles, 16 ZEPHR fighter jets and six Tarn "
        "armoured personnel carriers to the army.",
        {"Vexa Stormhound", "ZEPHR", "Tarn"},
        set(),
    ),
    (
        "a counted name before a noun for people is no system, before a noun for jets it is",
        "Some 40 Harrak fighters crossed the border, and the air force ordered 12 ZEPHR fighter jets.",
        {"ZEPHR"},
        {"Harrak"},
    ),
    (
        "a calibre after a counted name is part of it",
        "The old corvette kept its two Brannock 57mm guns and four Ostra 30 mm cannons for the navy.",
        {"Brannock 57mm", "Ostra 30 mm"},
        set(),
    ),
    (
        "a counted place, people, institution or civil maker before a noun is no system",
        "The agency lent ten Toyota vehicles, 12 German armoured vehicles reached Kharkiv, and two Coast Guard "
        "ships and two Air Self-Defense Force planes joined 40 Kharkiv armoured vehicles for the army.",
        set(),
        {"Toyota", "German", "Coast Guard", "Air Self", "Kharkiv"},
    ),
    (
        "a name and model number before a patrol aircraft",
        "The navy received a Kestrel 410 maritime patrol aircraft on Monday.",
        {"Kestrel 410"},
        set(),
    ),
    (
        "a designator, a title word and a listed name are one weapon; a Roman numeral after a name is its mark",
        "A C-130J Super Hercules landed first for the army, and a C-17A Globemaster III brought its tents.",
        {"C-130", "C-17A Globemaster III"},
        {"Hercules", "C-130J"},
    ),
    (
        "a river, a team and a first name that are also weapons stay what they are",
        "Troops crossed the Pilica near the town. The Ravens beat the army team. Dita Novak, the defence "
        "minister, said the howitzers had arrived.",
        set(),
        {"Pilica", "Ravens", "Dita"},
    ),
]


@pytest.fixture(scope="module")
def nlp() -> Language:
    return shared_nlp(MODEL)


@pytest.mark.parametrize(("case", "text", "weapons", "not_weapons"), CASES, ids=[c[0] for c in CASES])
def test_weapon_cases(nlp, case, text, weapons, not_weapons) -> None:
    doc = nlp(text)
    found = {ent.kb_id_ for ent in doc.ents if ent.label_ == "WEAPON"}
    assert found == weapons, case
    tagged = {ent.text for ent in doc.ents if ent.label_ == "WEAPON"}
    assert not tagged & not_weapons, case


def test_component_runs_after_ner_once(nlp) -> None:
    assert nlp.pipe_names.index(FACTORY) == nlp.pipe_names.index("ner") + 1
    add_weapon_ruler(nlp)
    assert nlp.pipe_names.count(FACTORY) == 1


def test_factory_config_is_json(nlp) -> None:
    config = nlp.get_pipe_meta(FACTORY).default_config
    assert json.loads(json.dumps(config)) == {"gazetteer": None, "designators": True}


def test_gazetteer_is_consistent() -> None:
    systems = load_gazetteer()
    assert len(systems) >= 100
    canon = [s.canonical for s in systems]
    assert len(canon) == len(set(canon))
    categories = {s.category for s in systems}
    assert {
        "air defence",
        "artillery",
        "rocket system",
        "tank",
        "aircraft",
        "drone",
        "missile",
        "armoured vehicle",
        "ship",
    } <= categories
    for s in systems:
        assert s.parent is None or s.parent in canon, s.canonical
    owners: dict[str, str] = {}
    for s in systems:
        for name in (s.canonical, *s.aliases, *s.ambiguous, *s.exact):
            key = name.lower()
            assert owners.setdefault(key, s.canonical) == s.canonical, f"{name} listed twice"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("PAC-3", "Patriot"),
        ("Patriots", "Patriot"),
        ("the M1A1 Abrams", "M1A1 Abrams"),
        ("M1A2", "M1A2 Abrams"),
        ("Aster-30", "Aster 30"),
        ("Storm Shadow/SCALP", "Storm Shadow"),
        ("iris-t sls", "IRIS-T SLS"),
        ("F16s", "F-16"),
        ("Leopard 2A6's", "Leopard 2A6"),
        ("Geran-2", "Shahed-136"),
        ("SCALP", "Storm Shadow"),
        ("tractor", None),
    ],
)
def test_weapon_canonical(text, expected) -> None:
    assert weapon_canonical(text) == expected


@pytest.mark.parametrize(
    ("texts", "canonical", "expected"),
    [
        (["Panzerhaubitze 2000", "PzH 2000"], "PzH 2000", "PzH 2000"),
        (["Panzerhaubitze 2000"], "PzH 2000", "Panzerhaubitze 2000"),
        (["Wedgetails", "Wedgetail"], "E-7 Wedgetail", "Wedgetail"),
        (["the Patriots"], "Patriot", "Patriot"),
        (["SCALP"], "Storm Shadow", "Storm Shadow"),
        (["PAC-3", "MIM-104"], "Patriot", "Patriot"),
        (["MIM-104 Patriots"], "Patriot", "MIM-104 Patriot"),
        (["M142 HIMARS"], "HIMARS", "HIMARS"),
        (["Flakpanzer Gepard"], "Gepard", "Gepard"),
        (["Storm Shadow/SCALP"], "Storm Shadow", "Storm Shadow"),
        (["Iskander-M"], "Iskander", "Iskander-M"),
        (["Grad rockets"], "BM-21 Grad", "Grad"),
        (["Sandown-class minehunters"], "Sandown-class minehunter", "Sandown-class"),
        (["Island-class patrol boat"], "Island-class patrol boat", "Island-class patrol boat"),
        (["F-16 Fighting Falcon"], "F-16", "F-16 Fighting Falcon"),
        (["Patriot PAC-3 MSE"], "Patriot", "Patriot"),
        (["C-17 Globemaster"], "C-17", "C-17 Globemaster"),
        (["C-130J Super Hercules"], "C-130", "C-130J Super Hercules"),
        (["Patriot", "MIM-104 Patriot"], "Patriot", "Patriot"),
        (["Kirpi"], "BMC Kirpi", "BMC Kirpi"),
        (["Advanced Light Helicopter Dhruv"], "HAL Dhruv", "HAL Dhruv"),
        (["Wedgetail"], "E-7 Wedgetail", "Wedgetail"),
        (["Leopard 2A8"], "Leopard 2A8", "Leopard 2A8"),
        (["2K12 Kub"], "Kub", "2K12 Kub"),  # a numeric index and a short name
        (["4K7 Tarn launchers"], "Tarn", "4K7 Tarn"),
        (["2K12"], "Kub", "Kub"),  # an index alone names no variant
        (["Zq-7B"], "Zq-7", "Zq-7B"),  # a variant code glued to the listed designator
        (["Zq-7Bs", "Zq-7"], "Zq-7", "Zq-7"),  # the family written too: its own name
        (["Zq-7Bs"], "Zq-7", "Zq-7B"),
        (["UH-1Y"], "UH-1", "UH-1Y"),
        (["Zq-70"], "Zq-7", "Zq-7"),  # a longer number is another model, no variant
        (["M142"], "HIMARS", "HIMARS"),
    ],
)
def test_a_weapon_goes_by_a_name_the_article_writes(texts, canonical, expected) -> None:
    assert written_name(canonical, texts) == expected


@pytest.mark.parametrize(
    ("variant", "family", "expected"),
    [
        ("T-64BM2", "T-64", True),
        ("AMRAAM-ER", "AMRAAM", True),
        ("Leopard 2A8", "Leopard 2", True),
        ("Leopard 2A6", "Leopard", True),
        ("T-640", "T-64", False),
        ("Su-34", "Su-3", False),
        ("HIMARS", "HIMARS", False),
        ("AIM-120D AMRAAM", "AMRAAM", True),
        ("Zx-41 Frostwing", "Frostwing", True),
        ("Type 99 tank", "tank", False),
    ],
)
def test_is_variant_of(variant: str, family: str, expected: bool) -> None:
    assert is_variant_of(variant, family) is expected


def test_the_family_named_after_an_unlisted_variant_is_that_variant(nlp) -> None:
    from claimstream.extract.entities import extract_entities

    text = "Soldiers captured a T-64BM2 near the river. Such T-64s are rare, and the AMRAAM-ER and AMRAAM both fly."
    found = {e["canonical"] for e in extract_entities(nlp(text)) if e["label"] == "WEAPON"}
    assert found == {"T-64BM2", "AMRAAM-ER"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The army got FGM-148 Javelin missiles and two Zq-7 Skyrunners fighters.",
            {"FGM-148 Javelin", "Zq-7 Skyrunner"},
        ),
        ("A C-130J Super Hercules flew the army's tents in.", {"C-130J Super Hercules"}),
        ("Ankara sent eight Vuran armoured vehicles to the army.", {"BMC Vuran"}),
        ("The navy bought an Advanced Light Helicopter Dhruv for the coast.", {"HAL Dhruv"}),
        (
            "The coast guard took three UH-1H helicopters and one Ground Master 200 radar.",
            {"UH-1H", "Ground Master 200"},
        ),
        ("Its reserve brigade fields a 2K12 Kub battery and six M577 command vehicles.", {"2K12 Kub", "M577"}),
        (
            "Two Pohjola-class corvettes and a Lumo-class guided-missile frigate sailed.",
            {"Pohjola-class", "Lumo-class guided-missile frigate"},
        ),
    ],
)
def test_an_article_names_a_weapon_as_written_with_its_code_or_by_its_maker(nlp, text, expected) -> None:
    from claimstream.extract.entities import extract_entities

    found = {e["canonical"] for e in extract_entities(nlp(text)) if e["label"] == "WEAPON"}
    assert found == expected


def test_a_listed_name_before_a_company_word_is_the_maker(nlp) -> None:
    doc = nlp("The deal with Rafale Systems covers spare parts, and the air force flies Rafale jets.")
    tagged = [(ent.text, ent.start) for ent in doc.ents if ent.label_ == "WEAPON"]
    assert tagged == [("Rafale", 14)]  # the jets, not the firm at token 3


def test_a_ship_class_is_one_weapon_named_as_first_written(nlp) -> None:
    from claimstream.extract.entities import extract_entities

    text = "The navy handed over a Guardian-class patrol boat. It has given nine Guardian-class boats since 2019."
    found = {e["canonical"] for e in extract_entities(nlp(text)) if e["label"] == "WEAPON"}
    assert found == {"Guardian-class patrol boat"}


def test_a_family_named_after_a_code_before_its_name_is_that_variant(nlp) -> None:
    from claimstream.extract.entities import extract_entities

    text = "The package holds AIM-120D AMRAAM missiles. The AMRAAMs will arrive in May."
    found = {e["canonical"] for e in extract_entities(nlp(text)) if e["label"] == "WEAPON"}
    assert found == {"AIM-120D AMRAAM"}


def test_designator_patterns_are_data_and_match_their_examples() -> None:
    raw = json.loads((Path(str(resources.files("claimstream"))) / "data" / "weapons.json").read_text("utf-8"))
    patterns = designator_patterns()
    for key in ("hyphenated", "glued", "short", "index"):
        for example in raw["designator_patterns"][f"{key}_examples"]:
            assert patterns[key].match(example), (key, example)
    for word in ("2024", "Article", "iPhone15", "5G", "T-shirt", "covid-19"):
        assert designator_match(word) is None, word
    assert designator_canonical("K9") == "K9 Thunder" and designator_canonical("M142") == "HIMARS"
    assert designator_canonical("Qx-1") is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Berlin sent 14 Leopard 2A6 tanks. The Leopards arrived in March.", {"Leopard 2A6"}),
        (
            "Berlin will send four IRIS-T SLM systems. It has delivered seven IRIS-T systems so far.",
            {"IRIS-T SLM", "IRIS-T"},
        ),
        ("The army lost a Leopard 2A4 tank, and 12 more Leopards were hit.", {"Leopard 2A4", "Leopard"}),
    ],
)
def test_a_family_counted_on_its_own_after_a_variant_is_kept(nlp, text, expected) -> None:
    from claimstream.extract.entities import extract_entities

    found = {e["canonical"] for e in extract_entities(nlp(text)) if e["label"] == "WEAPON"}
    assert found == expected
