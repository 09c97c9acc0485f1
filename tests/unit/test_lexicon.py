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
