"""The lexicon loader: the packaged lists load and pass their checks; malformed lists fail loudly."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimstream.extract import lexicon
from claimstream.extract.lexicon import LexiconError, load_all


def _write(folder: Path, name: str, body: str) -> None:
    (folder / f"{name}.yaml").write_text(body, encoding="utf-8")


def test_packaged_lists_load_with_their_checks() -> None:
    lists = load_all()
    assert "reporting_verbs" in lists
    for lex in lists.values():
        assert lex.words and lex.match in lexicon.MATCH_KINDS and lex.description


def test_reporting_verbs_are_lemmas() -> None:
    verbs = lexicon.lexicon("reporting_verbs")
    assert verbs.match == "lemma"
    assert {"say", "tell", "add"} <= verbs.words
    assert "said" not in verbs


def test_unknown_list_names_the_known_ones() -> None:
    with pytest.raises(LexiconError, match="reporting_verbs"):
        lexicon.lexicon("no_such_list")


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("match: stem\nwords: [a]\n", "match must be"),
        ("match: lemma\n", "exactly one of"),
        ("match: lemma\nwords: [a]\nvalues: {a: b}\n", "exactly one of"),
        ("match: lemma\nwords: [a, a]\n", "repeated"),
        ("match: lower\nwords: [Kyiv]\n", "lowercase"),
        ("match: lemma\nvalues: {a: 1}\n", "map words to strings"),
        ("- a\n- b\n", "not a mapping"),
    ],
)
def test_malformed_lists_are_load_errors(tmp_path: Path, body: str, message: str) -> None:
    _write(tmp_path, "bad", body)
    with pytest.raises(LexiconError, match=message):
        load_all(tmp_path)


def test_a_word_in_two_disjoint_lists_is_a_load_error(tmp_path: Path) -> None:
    _write(tmp_path, "giving", "match: lemma\nwords: [give, buy]\n")
    _write(tmp_path, "selling", "match: lemma\nwords: [sell, buy]\n")
    (tmp_path / "_disjoint.yaml").write_text("roles: [giving, selling]\n", encoding="utf-8")
    with pytest.raises(LexiconError, match=r"giving and selling share \['buy'\]"):
        load_all(tmp_path)


def test_values_lists_keep_their_values(tmp_path: Path) -> None:
    _write(tmp_path, "status", "match: lemma\nvalues: {pledge: pledged, approve: approved}\n")
    lex = load_all(tmp_path)["status"]
    assert lex.values["pledge"] == "pledged" and "approve" in lex


@pytest.mark.parametrize(
    "narrower", ["reported_speech_verbs", "name_speech_verbs", "reporting_verbs_other_senses", "outlet_reporting_verbs"]
)
def test_narrower_speech_lists_are_part_of_the_one_reporting_verb_list(narrower: str) -> None:
    extra = lexicon.words(narrower) - lexicon.words("reporting_verbs")
    assert not extra, f"{narrower} has verbs that are not reporting verbs: {sorted(extra)}"
    assert lexicon.lexicon(narrower).match == "lemma"


def test_state_agencies_map_to_states_and_institutions_are_no_states() -> None:
    from claimstream.extract.actors import is_state, lookup

    for agency, state in lexicon.lexicon("state_agencies").values.items():
        assert is_state(state) and lookup(agency) == state, agency
    for alias, canonical in lexicon.lexicon("institutions").values.items():
        assert lookup(alias) == canonical and not is_state(canonical), alias


def test_aid_word_lists_have_one_role_each() -> None:
    import yaml

    triggers = lexicon.lexicon("giving_triggers")
    assert set(triggers.values.values()) <= {"announced", "pledged", "approved", "delivered", "planned"}
    groups = yaml.safe_load((lexicon.lexicon_dir() / "_disjoint.yaml").read_text(encoding="utf-8"))
    assert set(groups["aid_roles"]) == {"giving_triggers", "blocking_cues", "purchase_words"}
    assert "ready" in lexicon.words("blocking_cues") and "ready" not in triggers  # readiness is no act
    assert "buy" in lexicon.words("purchase_words") and "buy" not in lexicon.words("blocking_cues")


def test_attribution_verbs_are_reporting_verbs() -> None:
    assert lexicon.words("attribution_verbs") <= lexicon.words("reporting_verbs")


def test_every_actor_alias_resolves_to_its_own_kind() -> None:
    """States resolve to states, a state's agencies to their state, international bodies to no state;
    the three tables never claim the same name (_disjoint.yaml)."""
    from claimstream.extract.actors import is_state, lookup

    for alias, state in lexicon.lexicon("states").values.items():
        assert is_state(state) and lookup(alias) == state, alias
    for alias, state in lexicon.lexicon("state_agencies").values.items():
        assert is_state(state) and lookup(alias) == state, alias
    for alias, body in lexicon.lexicon("institutions").values.items():
        assert not is_state(body) and lookup(alias) == body, alias
    assert {"United States", "Germany", "Japan", "Ukraine", "Andorra"} <= set(lexicon.lexicon("states").values.values())
    assert lookup("the Japanese government") == "Japan" and lookup("European Commission") == "European Union"


def test_split_titles_are_person_titles() -> None:
    assert lexicon.words("split_titles") <= lexicon.words("person_titles")
    assert "board" not in lexicon.words("split_titles")  # "Executive Board" stays one organisation
