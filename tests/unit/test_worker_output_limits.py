"""The worker never builds a record its output topics would refuse (a refused record would crash-loop it)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from claimstream.contracts import serde
from claimstream.contracts.messages import MAX_RECORD_BYTES, dead_letter
from claimstream.contracts.schemas import validate
from claimstream.extract.pipeline import ArticleClaims
from claimstream.worker.processor import _oversized, encode_claims

NASTY_ORIGINALS = {
    "raw control bytes (6x when JSON-escaped)": b"\x01" * 400_000,
    "quotes and backslashes (2x)": b'"\\' * 600_000,
    "not UTF-8 (base64)": b"\xff\xfe" * 600_000,
    "emoji": "\U0001f600".encode() * 300_000,
    "one megabyte of text": b"a" * 1_100_000,
}


def _dead_letter(raw: bytes, key: bytes | None = b"k") -> bytes:
    return serde.dumps(
        dead_letter(
            raw,
            error="malformed JSON: x",
            reason="malformed_json",
            stage="worker-decode",
            key=key,
            topic="news.articles",
            partition=3,
            offset=9,
        )
    )


@pytest.mark.parametrize("name", sorted(NASTY_ORIGINALS))
def test_dead_letters_fit_the_topic_whatever_the_original(name: str) -> None:
    raw = NASTY_ORIGINALS[name]
    encoded = _dead_letter(raw)
    assert len(encoded) <= MAX_RECORD_BYTES
    letter = serde.loads(encoded)
    validate(letter)
    assert letter["original_bytes"] == len(raw) and letter["original_truncated"]
    assert letter["original"]


@given(st.binary(max_size=2000), st.none() | st.binary(max_size=50))
def test_small_dead_letters_keep_the_whole_original(raw: bytes, key: bytes | None) -> None:
    letter = serde.loads(_dead_letter(raw, key))
    validate(letter)
    assert not letter["original_truncated"] and letter["original_bytes"] == len(raw)


def _claims(mentions: int) -> ArticleClaims:
    entity = {
        "canonical": "Kyiv",
        "label": "GPE",
        "count": mentions,
        "mentions": [{"text": "Kyiv", "start": 6 * i, "end": 6 * i + 4} for i in range(mentions)],
    }
    return ArticleClaims(
        article={"id": "a-1"}, entities={"schema": "claimstream.entities/v1", "entities": [entity]}, quotes=[], aid=[]
    )


def test_claims_over_the_limit_are_flagged_and_normal_ones_are_not() -> None:
    assert _oversized(encode_claims(_claims(100))) is None
    why = _oversized(encode_claims(_claims(40_000)))  # about 1.6 MB: a 200 kB article naming one city 40 000 times
    assert why is not None and "claims.entities" in why
