"""Articles from files, folders and stdin, as :class:`Candidate` items (validated later).

========  ==========================================================================
.jsonl    one article a line (also .ndjson); a bad line is rejected alone
.json     one article, or a list of articles
.txt      title = first line when it is short and more text follows; text = the rest
.html     title and main text (see :mod:`claimstream.ingest.html_text`); also .htm
stdin     JSONL when the first non-blank byte is ``{``, a JSON list when it is ``[``,
          else one plain-text article (as .txt)
========  ==========================================================================

Folders are walked recursively in name order; files with other extensions are skipped and
counted (:func:`expand_paths`). A file named explicitly with another extension is rejected
with reason ``unsupported_format``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, BinaryIO

from claimstream.contracts.articles import InvalidArticle
from claimstream.ingest.candidates import (
    Candidate,
    decode_utf8,
    json_candidates,
    jsonl_candidates,
)
from claimstream.ingest.html_text import parse_html

JSONL = (".jsonl", ".ndjson")
JSON = (".json",)
TEXT = (".txt",)
HTML = (".html", ".htm")
SUPPORTED = JSONL + JSON + TEXT + HTML
TITLE_MAX_CHARS = 200


def expand_paths(paths: Iterable[Path]) -> tuple[list[Path], list[Path]]:
    """Files to read (explicit files as given, folders walked) and files skipped in folders."""
    files: list[Path] = []
    skipped: list[Path] = []
    for path in paths:
        if path.is_dir():
            for child in sorted(p for p in path.rglob("*") if p.is_file()):
                (files if child.suffix.lower() in SUPPORTED else skipped).append(child)
        else:
            files.append(path)
    return files, skipped


def text_article(text: str) -> dict[str, str]:
    """A plain-text article: the first line is the title when short and followed by more text."""
    stripped = text.strip()
    first, _, rest = stripped.partition("\n")
    if rest.strip() and 0 < len(first.strip()) <= TITLE_MAX_CHARS:
        return {"title": first.strip(), "text": rest.strip()}
    return {"text": stripped}


def html_article(html: str) -> dict[str, str | None]:
    page = parse_html(html)
    return {"title": page.title, "text": page.text, "url": page.url, "published_at": page.published_at}


def decoded_candidate(raw: bytes, origin: str, build: Callable[[str], dict[str, Any]]) -> Candidate:
    """Decode UTF-8 and build the article dict with ``build(text)``; errors become the candidate's."""
    try:
        value = build(decode_utf8(raw))
    except InvalidArticle as exc:
        return Candidate(raw, origin, error=exc)
    return Candidate(raw, origin, value=value)


def read_file(path: Path) -> Iterator[Candidate]:
    """The candidates in one file, by its extension."""
    suffix = path.suffix.lower()
    origin = str(path)
    if suffix in JSONL:
        with path.open("rb") as fh:
            yield from jsonl_candidates(fh, origin)
        return
    raw = path.read_bytes()
    if suffix in JSON:
        yield from json_candidates(raw, origin)
    elif suffix in TEXT:
        yield decoded_candidate(raw, origin, text_article)
    elif suffix in HTML:
        yield decoded_candidate(raw, origin, html_article)
    else:
        yield Candidate(
            raw,
            origin,
            error=InvalidArticle(
                "unsupported_format",
                f"cannot read {suffix or 'extension-less'} files; use one of {', '.join(SUPPORTED)}",
            ),
        )


def read_files(files: Iterable[Path]) -> Iterator[Candidate]:
    for path in files:
        yield from read_file(path)


def read_stream(stream: BinaryIO, origin: str = "stdin") -> Iterator[Candidate]:
    """JSONL, a JSON list, or one plain-text article, decided by the first non-blank byte."""
    head: list[bytes] = []
    for line in stream:
        head.append(line)
        if line.strip():
            break
    first = b"".join(head).lstrip().removeprefix(b"\xef\xbb\xbf").lstrip()[:1]
    if first == b"{":
        yield from jsonl_candidates(_chain(head, stream), origin)
    elif first == b"[":
        yield from json_candidates(b"".join(_chain(head, stream)), origin)
    elif first:
        yield decoded_candidate(b"".join(_chain(head, stream)), origin, text_article)


def _chain(head: list[bytes], rest: Iterable[bytes]) -> Iterator[bytes]:
    yield from head
    yield from rest
