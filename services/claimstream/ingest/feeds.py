"""Articles from RSS and Atom feeds (a URL or a file) with feedparser.

Each entry becomes one article: ``title``, ``url`` (the entry link), ``published_at`` (RFC 3339
from the entry's published or updated time), ``source`` (the feed's title) and ``text``: the
longest of the entry's contents, else its summary, as plain text (feedparser already strips
scripts; :func:`~claimstream.ingest.html_text.html_to_text` drops the rest of the markup).
A document that is not a feed at all is one rejected input with reason ``malformed_feed``.
"""

from __future__ import annotations

import calendar
import time
import urllib.error
import urllib.request
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import feedparser

from claimstream.contracts import serde
from claimstream.contracts.articles import InvalidArticle
from claimstream.ingest.candidates import Candidate
from claimstream.ingest.html_text import html_to_text

FEED_MAX_BYTES = 32 * 1024 * 1024
FETCH_TIMEOUT_S = 30.0


class FeedUnavailable(RuntimeError):
    """The feed could not be fetched or read (network, HTTP status, missing file)."""


def is_url(source: str) -> bool:
    return source.startswith(("http://", "https://"))


def load_feed(source: str, *, timeout: float = FETCH_TIMEOUT_S, max_bytes: int = FEED_MAX_BYTES) -> bytes:
    """The feed document's bytes from a URL or a file; raises :class:`FeedUnavailable`."""
    try:
        if is_url(source):
            request = urllib.request.Request(source, headers={"User-Agent": "claimstream-ingest"})
            with urllib.request.urlopen(request, timeout=timeout) as response:
                data = response.read(max_bytes + 1)
        else:
            with Path(source.removeprefix("file://")).open("rb") as fh:
                data = fh.read(max_bytes + 1)
    except (OSError, ValueError) as exc:  # URLError and HTTPError are OSErrors
        raise FeedUnavailable(f"cannot read feed {source}: {exc}") from exc
    if len(data) > max_bytes:
        raise FeedUnavailable(f"feed {source} is larger than {max_bytes} bytes")
    return data


def _rfc3339(parsed: time.struct_time | None) -> str | None:
    if not parsed:
        return None
    try:
        return datetime.fromtimestamp(calendar.timegm(parsed), UTC).isoformat().replace("+00:00", "Z")
    except (OverflowError, ValueError, OSError):
        return None


def _entry_text(entry: Any) -> str:
    contents = [c.get("value") or "" for c in entry.get("content") or []]
    body = max(contents, key=len) if any(contents) else entry.get("summary") or ""
    return html_to_text(body) if isinstance(body, str) else ""


def entry_article(entry: Any, feed_title: str | None) -> dict[str, Any]:
    """The article dict for one feed entry (validated later by parse_article)."""
    title = entry.get("title")
    return {
        "title": html_to_text(title) if isinstance(title, str) and title.strip() else None,
        "url": entry.get("link") or None,
        "published_at": _rfc3339(entry.get("published_parsed") or entry.get("updated_parsed")),
        "source": feed_title or None,
        "text": _entry_text(entry),
    }


def feed_candidates(raw: bytes, origin: str) -> list[Candidate]:
    """One candidate per entry; a document that is no feed is a single ``malformed_feed`` candidate."""
    try:
        parsed = feedparser.parse(raw)
    except Exception as exc:  # feedparser itself raises on some inputs (e.g. "&#xD800;"): bad input
        error = InvalidArticle("malformed_feed", f"the feed parser failed: {type(exc).__name__}: {exc}")
        return [Candidate(raw, origin, error=error)]
    if not parsed.entries and (parsed.bozo or not parsed.get("version")):
        why = parsed.get("bozo_exception") or "no RSS or Atom elements"
        return [Candidate(raw, origin, error=InvalidArticle("malformed_feed", f"not an RSS/Atom feed: {why}"))]
    feed_title = parsed.feed.get("title") if isinstance(parsed.feed.get("title"), str) else None
    candidates = []
    for i, entry in enumerate(parsed.entries):
        value = entry_article(entry, feed_title)
        candidates.append(Candidate(serde.dumps(value), f"{origin}#{i}", value=value))
    return candidates
