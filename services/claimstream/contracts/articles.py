"""Article v1: validation and normalisation of raw input, with stable ids.

Every input path (HTTP, files, stdin, feeds, the topic itself) funnels through
:func:`parse_article`, so the same input is accepted or rejected the same way everywhere,
with a bounded ``reason`` code usable as a metric label.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from claimstream.contracts import topics

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
)

_STRING_FIELDS = ("id", "url", "source", "title", "published_at", "language", "ingested_at")
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


def _check_published_at(value: str) -> str:
    try:
        datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise InvalidArticle("bad_field", f"published_at is not RFC 3339: {value[:40]!r}") from None
    return value


def parse_article(
    raw: Any, *, max_text_bytes: int = DEFAULT_MAX_TEXT_BYTES, stamp_ingested: bool = True
) -> dict[str, Any]:
    """Validate a decoded JSON value and return a normalised Article v1 dict.

    Raises :class:`InvalidArticle` with a bounded reason for anything unacceptable.
    """
    if not isinstance(raw, dict):
        raise InvalidArticle("not_an_object", f"an article is a JSON object, got {type(raw).__name__}")
    if "text" not in raw or raw["text"] is None:
        raise InvalidArticle("missing_text", "the article has no 'text' field")
    if not isinstance(raw["text"], str):
        raise InvalidArticle("wrong_type", f"'text' must be a string, got {type(raw['text']).__name__}")
    for name in _STRING_FIELDS:
        if raw.get(name) is not None and not isinstance(raw[name], str):
            raise InvalidArticle("wrong_type", f"'{name}' must be a string, got {type(raw[name]).__name__}")
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
        _check_published_at(published_at)
    article: dict[str, Any] = {
        "schema": SCHEMA,
        "id": (raw.get("id") or "").strip() or article_id_for(url, text),
        "url": url,
        "source": raw.get("source") or None,
        "title": clean_text(raw["title"]) if raw.get("title") else None,
        "published_at": published_at or None,
        "language": raw.get("language") or "en",
        "text": text,
        "ingested_at": raw.get("ingested_at") or (now_rfc3339() if stamp_ingested else None),
    }
    if len(article["id"]) > 200:
        raise InvalidArticle("bad_field", "id is longer than 200 characters")
    return article
