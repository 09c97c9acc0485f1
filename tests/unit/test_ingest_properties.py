"""Property-based: whatever arrives on an input path, ingest gives an article or a clear, bounded reason.

No input may crash a reader or the validation; accepted articles satisfy the Article v1 schema;
the dead letter of any input fits in a Kafka message and satisfies the DeadLetter v1 schema.
(The same inputs through the HTTP API and onto the real broker: tests/integration/test_ingest.py.)
"""

from __future__ import annotations

import io
import re
from typing import Any

import orjson
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from claimstream.contracts import schemas
from claimstream.contracts.articles import REASONS, InvalidArticle
from claimstream.contracts.messages import MAX_DEAD_LETTER_ORIGINAL_BYTES as DLQ_MAX_ORIGINAL_BYTES
from claimstream.contracts.messages import dead_letter, truncate_original
from claimstream.ingest import feeds, readers
from claimstream.ingest.candidates import Candidate, json_candidates, jsonl_candidates
from claimstream.ingest.html_text import parse_html
from claimstream.ingest.submit import validate
from claimstream.settings import Settings

LIMIT = 50_000
SETTINGS = Settings(max_article_bytes=LIMIT)
KAFKA_DEFAULT_MAX_MESSAGE = 1_048_588
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")

QUOTE_MARKS = st.sampled_from(['"', "“", "”", "‘", "’", "«", "»", "„", "'", "‹", "›", "「", "」"])
NASTY_TEXT = st.lists(
    st.one_of(
        st.text(min_size=1, max_size=30),
        QUOTE_MARKS,
        st.sampled_from(["$1e308", "€-0", "NaN", "1e999999", "\x00", "\x07", "\u202e", "\ufeff", "\r\n", "\u0085"]),
        st.characters(codec="utf-8"),
    ),
    max_size=40,
).map("".join)

JSON_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**63), 2**64 - 1),
    st.floats(allow_nan=False, allow_infinity=False),
    NASTY_TEXT,
)
JSON_VALUES = st.recursive(
    JSON_SCALARS,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)),
    max_leaves=12,
)
FIELDS = ("id", "url", "source", "title", "published_at", "language", "text")
URLS = st.tuples(st.sampled_from(["https://", "http://[", "ftp://", "//", "HTTPS://Example.ORG/"]), NASTY_TEXT).map(
    "".join
)
ARTICLE_LIKE = st.fixed_dictionaries({}, optional={name: st.one_of(JSON_VALUES, NASTY_TEXT, URLS) for name in FIELDS})

PROFILE = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def check(cand: Candidate) -> str:
    """Validate one candidate: 'ok' (and the article is schema-valid) or a bounded reason."""
    try:
        article, encoded = validate(cand, SETTINGS)
    except InvalidArticle as exc:
        assert exc.reason in REASONS
        assert str(exc), "every rejection carries a message"
        return exc.reason
    schemas.validate(article, "claimstream.article/v1")
    assert orjson.loads(encoded) == article
    assert article["text"].strip() and not CONTROL.search(article["text"])
    assert len(article["text"].encode()) <= LIMIT
    return "ok"


@PROFILE
@given(ARTICLE_LIKE)
def test_any_article_shaped_object_is_accepted_or_rejected_with_a_reason(value: dict[str, Any]) -> None:
    check(Candidate(orjson.dumps(value), "x", value=value))


@PROFILE
@given(JSON_VALUES)
def test_any_json_value_is_accepted_or_rejected_with_a_reason(value: Any) -> None:
    for cand in json_candidates(orjson.dumps(value), "x"):
        check(cand)


@PROFILE
@given(st.binary(max_size=300))
def test_any_bytes_on_any_reader(data: bytes) -> None:
    for cand in jsonl_candidates(io.BytesIO(data), "jsonl"):
        check(cand)
    for cand in json_candidates(data, "json"):
        check(cand)
    for cand in readers.read_stream(io.BytesIO(data)):
        check(cand)
    for cand in feeds.feed_candidates(data, "feed"):
        check(cand)
    for build in (readers.text_article, readers.html_article):
        check(readers.decoded_candidate(data, "file", build))


TAG_SOUP = st.lists(
    st.one_of(
        st.sampled_from(list("<>/='\" &;!-ab\n")),
        st.sampled_from(
            [
                "<script>",
                "</script>",
                "<style>",
                "<p>",
                "</p>",
                "<!--",
                "-->",
                "<![CDATA[",
                "&amp;",
                "&#0;",
                "&#xD800;",
                "<br/>",
                "<article>",
                "<nav>",
                "<title>",
                "<meta property='og:title' content='",
            ]
        ),
    ),
    max_size=60,
).map("".join)


@PROFILE
@given(TAG_SOUP)
def test_any_tag_soup_is_accepted_or_rejected_with_a_reason(html: str) -> None:
    check(readers.decoded_candidate(html.encode(), "page.html", readers.html_article))
    check(
        feeds.feed_candidates(
            f"<rss version='2.0'><channel><item><description>{html}</description></item></channel></rss>".encode(),
            "feed",
        )[0]
    )


@PROFILE
@given(NASTY_TEXT, st.data())
def test_truncated_json_is_malformed_or_still_valid(text: str, data: st.DataObject) -> None:
    doc = orjson.dumps({"title": "Quarterly port figures", "text": text})
    cut = data.draw(st.integers(min_value=0, max_value=len(doc) - 1))
    (cand,) = json_candidates(doc[:cut], "cut")
    assert check(cand) in ("malformed_json", "bad_encoding")  # a cut inside a character is not UTF-8


@PROFILE
@given(st.binary(min_size=1, max_size=200), st.integers(min_value=0, max_value=50))
def test_invalid_utf8_is_bad_encoding(prefix: bytes, pos: int) -> None:
    data = bytearray(b'{"text": "Some report text."}')
    data[min(pos, len(data)) : min(pos, len(data))] = b"\xff" + prefix
    (cand,) = json_candidates(bytes(data), "x")
    assert check(cand) == "bad_encoding"


@PROFILE
@given(NASTY_TEXT, st.text(alphabet="ABCDEFGHIJ", min_size=8, max_size=8))
def test_scripts_and_styles_never_reach_the_text(text: str, marker: str) -> None:
    assume(marker not in text)
    html = (
        f"<html><head><style>.{marker} {{}}</style><script>var x = '{marker}';</script></head>"
        f"<body><p>{text.replace('<', ' ')}</p><script type='module'>{marker}()</script>"
        f"<noscript>{marker}</noscript></body></html>"
    )
    page = parse_html(html)
    assert marker not in page.text
    cand = Candidate(html.encode(), "page", value={"title": page.title, "text": page.text})
    check(cand)


@PROFILE
@given(st.integers(min_value=0, max_value=3_000_000), st.sampled_from([b"a", b"\x01", b'"', b"\xff", "é".encode()]))
def test_dead_letters_of_any_size_fit_a_kafka_message(size: int, unit: bytes) -> None:
    raw = (unit * (size // len(unit) + 1))[:size]
    kept, truncated = truncate_original(raw)
    assert truncated == (size > DLQ_MAX_ORIGINAL_BYTES)
    message = dead_letter(kept, error="x" * 5000, reason="too_large", stage="ingest-http")
    schemas.validate(message, "claimstream.deadletter/v1")
    assert len(orjson.dumps(message)) < KAFKA_DEFAULT_MAX_MESSAGE


def test_texts_of_one_megabyte_pass_under_a_two_megabyte_limit_and_fail_beyond() -> None:
    big = Settings(max_article_bytes=2_000_000)
    one_mb = "Talks continued through the night. " * 30_000  # about 1 MB
    _, encoded = validate(Candidate(b"", "x", value={"text": one_mb}), big)
    assert len(encoded) > 1_000_000
    too_big = Candidate(b"", "x", value={"text": one_mb * 3})
    try:
        validate(too_big, big)
    except InvalidArticle as exc:
        assert exc.reason == "too_large"
        assert "limit is 2000000" in str(exc)
    else:
        raise AssertionError("a 3 MB text passed a 2 MB limit")
