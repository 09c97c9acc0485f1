"""The canonical-name tables in data/entity_names.yaml: loaded once, checked, and read as the guidelines say."""

from __future__ import annotations

import pytest

from claimstream.extract import names


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("U.S.", ("United States", "GPE")),
        ("the Gaza Strip", ("Gaza", "GPE")),
        ("Türkiye", ("Turkey", "GPE")),
        ("KYIV", ("Kyiv", "GPE")),  # a dateline in capitals
        ("Washington", ("Washington", "GPE")),  # a metonym keeps its own name
        ("E.U.", ("European Union", "ORG")),
        ("Nato", ("NATO", "ORG")),
        ("Europe", None),  # a continent is no GPE
    ],
)
def test_place_or_org_reads_the_tables(text: str, expected: tuple[str, str] | None) -> None:
    assert names.place_or_org(text) == expected


def test_regions_demonyms_and_people() -> None:
    assert "black sea" in names.NOT_GPE and names.place_or_org("Black Sea") is None
    assert names.is_demonym("Ukrainians") and not names.is_demonym("Ukraine")
    assert names.known_person("Zelenskiy") == "Volodymyr Zelensky"
    assert names.known_person("Joe Biden") == "Joe Biden" and names.known_person("Hunter Biden") is None
    assert frozenset({"dpa"}) == names.LOWERCASE_NAMES


def test_a_place_is_never_also_a_region_or_a_demonym() -> None:
    assert not names.KNOWN_GPE & names.NOT_GPE
    assert not names.KNOWN_GPE & names.DEMONYMS


def _tables(**changes: object) -> dict:
    base: dict = {section: [] for section in names._SECTIONS}
    base |= {"gpe_variants": {}, "org_variants": {}, "known_people": {"putin": "Vladimir Putin"}}
    base |= {"surname_variants": {}}
    return base | changes


@pytest.mark.parametrize(
    ("changes", "error"),
    [
        ({"known_people": {"Vladimir Putin": "Vladimir Putin"}}, "one folded surname"),
        ({"surname_variants": {"putinn": "puttin"}}, "unknown people"),
    ],
)
def test_a_bad_name_table_is_a_load_error(changes: dict, error: str) -> None:
    names.check_names(_tables())
    with pytest.raises(names.NameTableError, match=error):
        names.check_names(_tables(**changes))
    broken = _tables()
    del broken["demonyms"]
    with pytest.raises(names.NameTableError, match="missing sections"):
        names.check_names(broken)
