"""Article v1: validation and normalisation of raw input, with stable ids.

Every input path (HTTP, files, stdin, feeds, the topic itself) funnels through
:func:`parse_article`, so the same input is accepted or rejected the same way everywhere,
with a bounded ``reason`` code usable as a metric label.
"""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import orjson

from claimstream.contracts import topics
from claimstream.contracts.schemas import schema_dir

SCHEMA = str(topics.ARTICLES.schema)  # declared with the topic
DEFAULT_MAX_TEXT_BYTES = 200_000

# Bounded reasons: they are metric label values, keep the set small and fixed.
REASONS = (
    "malformed_json",
    "bad_encoding",
    "not_an_object",
    "missing_text",
    "empty_text",
    "wrong_type",
    "too_large",
    "bad_field",
    "unsupported_format",  # ingest: a file or content type it cannot read as articles
    "malformed_feed",  # ingest: an RSS/Atom document that does not parse
    "empty_batch",  # ingest: a JSON list with no article in it (HTTP POST /articles)
    "outside_folder",  # ingest: a link in a folder whose target is outside that folder
)

_STRING_FIELDS = ("id", "url", "source", "title", "published_at", "language", "ingested_at")
# Fields that must be printable as given (str.isprintable): refused, not repaired, when they are not,
# since an id or a URL changed behind the sender's back would no longer be the sender's.
_PRINTABLE_FIELDS = ("id", "url", "published_at", "language", "ingested_at")
_TRACKING_PARAMS = re.compile(r"^(utm_|fbclid$|gclid$|mc_cid$|mc_eid$|ref$|cmpid$)")
# C0/C1 controls other than tab, newline, carriage return: stripped from text.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


class InvalidArticle(ValueError):
    """Input that is not an acceptable article; ``reason`` is one of :data:`REASONS`."""

    def __init__(self, reason: str, message: str) -> None:
        assert reason in REASONS, reason
        super().__init__(message)
        self.reason = reason


def canonical_url(url: str) -> str:
    """Lower-case scheme and host, no fragment, no tracking parameters, no trailing slash."""
    parts = urlsplit(url.strip())
    query = urlencode(
        sorted(
            (k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _TRACKING_PARAMS.match(k.lower())
        )
    )
    path = parts.path.rstrip("/") or "/"
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), path, query, ""))


def article_id_for(url: str | None, text: str) -> str:
    """Stable id: from the canonical URL when there is one, else from the normalised text."""
    if url:
        basis = "url:" + canonical_url(url)
    else:
        basis = "text:" + " ".join(unicodedata.normalize("NFC", text).split())
    return "a-" + hashlib.sha256(basis.encode("utf-8")).hexdigest()[:24]


def clean_text(text: str) -> str:
    """NFC-normalise and drop control characters; offsets are computed on the result."""
    return _CONTROL.sub("", unicodedata.normalize("NFC", text))


def now_rfc3339() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


@functools.cache
def field_limits() -> dict[str, int]:
    """Longest value, in characters, of each string field but ``text``: the ``maxLength`` of
    ``schemas/article.v1.schema.json``, so the schema and the validator cannot disagree.
    (``text`` is bounded in UTF-8 bytes by ``CLAIMSTREAM_MAX_ARTICLE_BYTES`` instead.)"""
    schema = orjson.loads((schema_dir() / "article.v1.schema.json").read_bytes())
    return {name: schema["properties"][name]["maxLength"] for name in _STRING_FIELDS}


def _check_timestamp(name: str, value: str) -> str:
    try:
        datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise InvalidArticle("bad_field", f"{name} is not RFC 3339: {value[:40]!r}") from None
    return value


def _check_fields(raw: dict[str, Any]) -> None:
    """Types, lengths and printability of the optional string fields."""
    limits = field_limits()
    for name in _STRING_FIELDS:
        value = raw.get(name)
        if value is None:
            continue
        if not isinstance(value, str):
            raise InvalidArticle("wrong_type", f"'{name}' must be a string, got {type(value).__name__}")
        if len(value) > limits[name]:
            raise InvalidArticle("too_large", f"{name} is {len(value)} characters long, the limit is {limits[name]}")
        if name in _PRINTABLE_FIELDS and not value.isprintable():
            raise InvalidArticle("bad_field", f"{name} contains control or other non-printable characters")


def parse_article(
    raw: Any, *, max_text_bytes: int = DEFAULT_MAX_TEXT_BYTES, stamp_ingested: bool = True
) -> dict[str, Any]:
    """Validate a decoded JSON value and return a normalised Article v1 dict.

    Every string field is bounded (:func:`field_limits`); ``id``, ``url``, ``published_at``,
    ``language`` and ``ingested_at`` must be printable. An ``ingested_at`` already on the value
    (the worker reading what ingest stamped) is kept once checked; ingest itself drops any
    client-sent one before calling this, so the stamp is always its own clock. Raises
    :class:`InvalidArticle` with a bounded reason for anything unacceptable.
    """
    if not isinstance(raw, dict):
        raise InvalidArticle("not_an_object", f"an article is a JSON object, got {type(raw).__name__}")
    if "text" not in raw or raw["text"] is None:
        raise InvalidArticle("missing_text", "the article has no 'text' field")
    if not isinstance(raw["text"], str):
        raise InvalidArticle("wrong_type", f"'text' must be a string, got {type(raw['text']).__name__}")
    _check_fields(raw)
    size = len(raw["text"].encode("utf-8", "surrogatepass"))
    if size > max_text_bytes:
        raise InvalidArticle("too_large", f"text is {size} bytes, the limit is {max_text_bytes}")
    try:
        raw["text"].encode("utf-8")
    except UnicodeEncodeError:
        raise InvalidArticle("bad_encoding", "text contains unpaired surrogates (not valid Unicode)") from None
    text = clean_text(raw["text"])
    if not text.strip():
        raise InvalidArticle("empty_text", "the article text is empty")
    url = (raw.get("url") or "").strip() or None
    if url and not re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*://", url):
        raise InvalidArticle("bad_field", f"url is not absolute: {url[:80]!r}")
    if url:
        try:
            urlsplit(url)
        except ValueError as exc:  # e.g. an unbalanced IPv6 bracket
            raise InvalidArticle("bad_field", f"url cannot be parsed ({exc}): {url[:80]!r}") from None
    published_at = raw.get("published_at")
    if published_at:
        _check_timestamp("published_at", published_at)
    if raw.get("ingested_at"):
        _check_timestamp("ingested_at", raw["ingested_at"])
    article: dict[str, Any] = {
        "schema": SCHEMA,
        "id": (raw.get("id") or "").strip() or article_id_for(url, text),
        "url": url,
        "source": clean_text(raw.get("source") or "") or None,
        "title": clean_text(raw.get("title") or "") or None,
        "published_at": published_at or None,
        "language": raw.get("language") or "en",
        "text": text,
        "ingested_at": raw.get("ingested_at") or (now_rfc3339() if stamp_ingested else None),
    }
    return article
