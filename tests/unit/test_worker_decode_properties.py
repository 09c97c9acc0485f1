"""Properties of the worker's decoding: any bytes in, an article or a bounded rejection out, never a crash.

``decode_record`` is the first thing the worker does with a record from news.articles; if it could
raise, one poison record would stop its partition. These tests throw arbitrary bytes, arbitrary JSON
and hand-picked nasties at it (and at ``parse_article``, which every input path shares).
"""

from __future__ import annotations

import json
import string
from typing import Any

import orjson
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from claimstream.contracts import serde
from claimstream.contracts.articles import REASONS, InvalidArticle, parse_article
from claimstream.contracts.messages import dead_letter
from claimstream.contracts.schemas import validate
from claimstream.worker.decode import RawRecord, Rejected, decode_record

LIMIT = 2_000  # a small limit so "over the limit" is cheap to generate
WORKER_REASONS = set(REASONS)
STAGES = {"worker-decode", "worker-validate"}

json_scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=40)
json_values = st.recursive(
    json_scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)
nasty_text = st.text(alphabet=st.characters(codec=None, exclude_categories=()), max_size=300)
quote_marks = st.text(alphabet="\"'\u201c\u201d\u2018\u2019\u00ab\u00bb\u2039\u203a \n.aZ", max_size=80)
control_text = st.text(
    alphabet=st.sampled_from([chr(c) for c in [*range(0, 32), *range(127, 160)]] + ["a", " "]), max_size=60
)
field_values = json_scalars | nasty_text | json_values
article_dicts = st.fixed_dictionaries(
    {},
    optional={
        "text": st.one_of(
            nasty_text,
            quote_marks,
            control_text,
            json_values,
            st.text(alphabet=string.ascii_letters + " ", min_size=LIMIT - 5, max_size=LIMIT + 20),
        ),
        "id": field_values,
        "url": st.one_of(field_values, st.from_regex(r"https?://[a-z\[\]:.]{0,20}/[^\s]{0,20}", fullmatch=True)),
        "title": field_values,
        "source": field_values,
        "published_at": st.one_of(field_values, st.datetimes().map(lambda d: d.isoformat() + "Z")),
        "language": field_values,
        "ingested_at": field_values,
    },
)


def _encode(value: Any, ascii_only: bool = True) -> bytes:
    """stdlib JSON (orjson refuses integers beyond 64 bits, which a producer may still send)."""
    return json.dumps(value, ensure_ascii=ascii_only).encode("utf-8", "surrogatepass")


def _record(value: bytes | None, key: bytes | None = b"k") -> RawRecord:
    return RawRecord(key=key, value=value, topic="news.articles", partition=0, offset=7)


def _check(result: dict[str, Any] | Rejected) -> None:
    if isinstance(result, Rejected):
        assert result.reason in WORKER_REASONS, result
        assert result.stage in STAGES
        assert result.error
        letter = dead_letter(
            result.record.value or b"",
            error=result.error,
            reason=result.reason,
            stage=result.stage,
            key=result.record.key,
        )
        validate(letter)
        serde.dumps(letter)
    else:
        _check_article(result)


def _check_article(article: dict[str, Any]) -> None:
    validate(article)
    text = article["text"]
    assert text.strip()
    assert len(text.encode("utf-8")) <= LIMIT
    assert not any(ord(c) < 32 and c not in "\t\n\r" for c in text)
    assert 0 < len(article["id"]) <= 200
    serde.dumps(article)


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=400))
@example(b"")
@example(b"\xff\xfe\x00")
@example(b'{"text": "caf\xe9"}')
@example(b'{"text": "unterminated')
@example(b'{"text": "\xed\xa0\x80"}')  # a UTF-8-encoded surrogate
def test_any_bytes_decode_or_are_rejected_with_a_bounded_reason(raw: bytes) -> None:
    _check(decode_record(_record(raw), max_text_bytes=LIMIT))


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(json_values, st.booleans())
def test_any_json_value_decodes_or_is_rejected(value: Any, ascii_only: bool) -> None:
    _check(decode_record(_record(_encode(value, ascii_only)), max_text_bytes=LIMIT))


@settings(max_examples=600, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(article_dicts, st.integers(min_value=0, max_value=40), st.booleans())
def test_article_like_objects_decode_or_are_rejected_also_when_truncated(
    raw: dict[str, Any], cut: int, ascii_only: bool
) -> None:
    encoded = _encode(raw, ascii_only)
    _check(decode_record(_record(encoded), max_text_bytes=LIMIT))
    # A truncated record (a producer cut off mid-write) is never accepted as an article unless it is
    # still a whole JSON value, which a strict prefix of an object never is.
    if cut and cut < len(encoded):
        truncated = decode_record(_record(encoded[:-cut]), max_text_bytes=LIMIT)
        assert isinstance(truncated, Rejected) and truncated.reason in ("malformed_json", "bad_encoding")


@settings(max_examples=300)
@given(article_dicts)
def test_parse_article_raises_only_invalid_article(raw: dict[str, Any]) -> None:
    try:
        article = parse_article(dict(raw), max_text_bytes=LIMIT)
    except InvalidArticle as exc:
        assert exc.reason in REASONS and str(exc)
    else:
        _check_article(article)


@settings(max_examples=200)
@given(st.text(min_size=1, max_size=50).filter(str.strip), st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF))
def test_unpaired_surrogates_are_bad_encoding(text: str, surrogate: str) -> None:
    try:
        parse_article({"text": text + surrogate}, max_text_bytes=LIMIT)
    except InvalidArticle as exc:
        assert exc.reason == "bad_encoding"
    else:
        raise AssertionError("a lone surrogate was accepted")


@given(st.integers(min_value=1, max_value=3 * LIMIT))
def test_the_size_limit_is_exact(size: int) -> None:
    result = decode_record(_record(orjson.dumps({"text": "x" * size})), max_text_bytes=LIMIT)
    if size <= LIMIT:
        assert isinstance(result, dict) and result["text"] == "x" * size
    else:
        assert isinstance(result, Rejected) and result.reason == "too_large"


def test_named_nasties_get_the_expected_reasons() -> None:
    cases = {
        b'{"text": "Aid worth $1e308 was promised."}': None,  # absurd numbers are text: accepted
        b'{"text": 1e308}': "wrong_type",
        b'{"text": "<script>alert(1)</script><p>Officials met.</p>"}': None,
        b'{"text": "\\u201cHe said \\"she said \\u2018no\\u2019\\" yesterday"}': None,
        b'{"text": "\\u0000\\u0001\\u0002"}': "empty_text",
        b'{"text": ""}': "empty_text",
        b'{"title": "no text"}': "missing_text",
        b'{"text": null}': "missing_text",
        b'{"text": ["a"]}': "wrong_type",
        b'{"text": "ok", "url": 5}': "wrong_type",
        b'{"text": "ok", "url": "not a url"}': "bad_field",
        b'{"text": "ok", "published_at": "yesterday"}': "bad_field",
        b"[1, 2]": "not_an_object",
        b"1e999": "malformed_json",
        b"": "malformed_json",
        b"\x80abc": "bad_encoding",
    }
    for raw, reason in cases.items():
        result = decode_record(_record(raw), max_text_bytes=LIMIT)
        got = result.reason if isinstance(result, Rejected) else None
        assert got == reason, (raw, result)
