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
with reason ``unsupported_format``. Inside a folder, a link whose target resolves outside that
folder is refused (reason ``outside_folder``, its path dead-lettered, the target never read).

Memory stays bounded whatever the input: a whole-file format (.json, .txt, .html, stdin as JSON
or text) larger than ``max_bytes`` is refused as ``too_large`` from its size, before it is read;
JSONL (files and stdin) is read one line at a time, and a line longer than ``max_line_bytes`` is
refused alone, read in pieces and never held whole.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from claimstream.contracts.articles import DEFAULT_MAX_TEXT_BYTES, InvalidArticle
from claimstream.contracts.messages import MAX_DEAD_LETTER_ORIGINAL_BYTES
from claimstream.ingest.candidates import (
    Candidate,
    LongLine,
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
DEFAULT_MAX_FILE_BYTES = 8 * 1024 * 1024
DEFAULT_MAX_LINE_BYTES = 2 * DEFAULT_MAX_TEXT_BYTES + 64 * 1024


@dataclass
class Walk:
    """What :func:`expand_paths` found: files to read, files skipped, links refused."""

    files: list[Path] = field(default_factory=list)
    skipped: list[Path] = field(default_factory=list)
    outside: list[Candidate] = field(default_factory=list)
    """Links in a folder whose target is outside it, as rejected candidates (path as the raw)."""


def expand_paths(paths: Iterable[Path]) -> Walk:
    """Explicit files as given; folders walked, their links resolved and kept inside the folder."""
    walk = Walk()
    for path in paths:
        if not path.is_dir():
            walk.files.append(path)
            continue
        root = path.resolve()
        for child in sorted(p for p in path.rglob("*") if p.is_file()):
            target = child.resolve()
            if not target.is_relative_to(root):
                error = InvalidArticle("outside_folder", f"{child} links to {target}, outside the folder {path}")
                walk.outside.append(Candidate(str(child).encode("utf-8", "surrogateescape"), str(child), error=error))
            elif child.suffix.lower() in SUPPORTED:
                walk.files.append(child)
            else:
                walk.skipped.append(child)
    return walk


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


def read_file(
    path: Path, max_bytes: int = DEFAULT_MAX_FILE_BYTES, max_line_bytes: int = DEFAULT_MAX_LINE_BYTES
) -> Iterator[Candidate]:
    """The candidates in one file, by its extension; sizes are checked before anything is read."""
    suffix = path.suffix.lower()
    origin = str(path)
    with path.open("rb") as fh:
        if suffix in JSONL:
            yield from jsonl_candidates(bounded_lines(fh, max_line_bytes), origin)
            return
        size = os.fstat(fh.fileno()).st_size
        if size > max_bytes:
            head = fh.read(MAX_DEAD_LETTER_ORIGINAL_BYTES)
            yield Candidate(head, origin, error=InvalidArticle("too_large", _too_large(size, max_bytes)))
            return
        raw = fh.read(max_bytes + 1)  # a file growing as it is read is still cut at the limit
    if len(raw) > max_bytes:
        yield Candidate(
            raw[:MAX_DEAD_LETTER_ORIGINAL_BYTES],
            origin,
            error=InvalidArticle("too_large", _too_large(len(raw), max_bytes)),
        )
    elif suffix in JSON:
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


def _too_large(size: int, limit: int) -> str:
    return f"input is {size} bytes or more, the limit is {limit}; nothing of it was parsed"


def bounded_lines(stream: BinaryIO, limit: int) -> Iterator[bytes | LongLine]:
    """The lines of ``stream``; one longer than ``limit`` bytes comes as a :class:`LongLine`
    (its head and size), read in pieces of at most ``limit`` bytes so it is never held whole."""
    while True:
        line = stream.readline(limit + 1)
        if not line:
            return
        if len(line) <= limit or line.endswith(b"\n"):
            yield line
            continue
        head, size = line[:MAX_DEAD_LETTER_ORIGINAL_BYTES], len(line)
        while not line.endswith(b"\n"):
            line = stream.readline(limit + 1)
            if not line:
                break
            size += len(line)
        yield LongLine(head, size, limit)


def read_files(files: Iterable[Path], max_bytes: int = DEFAULT_MAX_FILE_BYTES) -> Iterator[Candidate]:
    for path in files:
        yield from read_file(path, max_bytes)


def read_stream(
    stream: BinaryIO,
    origin: str = "stdin",
    max_bytes: int = DEFAULT_MAX_FILE_BYTES,
    max_line_bytes: int = DEFAULT_MAX_LINE_BYTES,
) -> Iterator[Candidate]:
    """JSONL, a JSON list, or one plain-text article, decided by the first non-blank byte."""
    head: list[bytes | LongLine] = []
    lines = bounded_lines(stream, max_line_bytes)
    for line in lines:
        head.append(line)
        if isinstance(line, LongLine) or line.strip():
            break
    first_line = head[-1] if head else b""
    first = first_line.head if isinstance(first_line, LongLine) else first_line
    first = first.lstrip().removeprefix(b"\xef\xbb\xbf").lstrip()[:1]
    if first == b"{":
        yield from jsonl_candidates(_chain(head, lines), origin)
    elif first:
        raw, size = _read_whole(_chain(head, lines), max_bytes)
        if size > max_bytes:
            yield Candidate(
                raw[:MAX_DEAD_LETTER_ORIGINAL_BYTES],
                origin,
                error=InvalidArticle("too_large", _too_large(size, max_bytes)),
            )
        elif first == b"[":
            yield from json_candidates(raw, origin)
        else:
            yield decoded_candidate(raw, origin, text_article)


def _read_whole(lines: Iterable[bytes | LongLine], max_bytes: int) -> tuple[bytes, int]:
    """The bytes of ``lines`` up to ``max_bytes`` (and a little more), and how many were seen."""
    parts: list[bytes] = []
    size = 0
    for line in lines:
        part = line.head if isinstance(line, LongLine) else line
        size += line.size if isinstance(line, LongLine) else len(line)
        if size > max_bytes:
            parts.append(part[:MAX_DEAD_LETTER_ORIGINAL_BYTES])
            return b"".join(parts), size
        parts.append(part)
    return b"".join(parts), size


def _chain(head: list[bytes | LongLine], rest: Iterable[bytes | LongLine]) -> Iterator[bytes | LongLine]:
    yield from head
    yield from rest
