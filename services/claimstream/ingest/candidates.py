"""One unit of input on its way to validation: raw bytes, the decoded value or why it failed."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from claimstream.contracts import serde
from claimstream.contracts.articles import InvalidArticle

BOM = b"\xef\xbb\xbf"


@dataclass
class Candidate:
    """An input item. ``raw`` is kept for the dead-letter queue; ``origin`` says where it came from."""

    raw: bytes
    origin: str
    value: Any = None
    error: InvalidArticle | None = None


def decode_utf8(raw: bytes) -> str:
    """The bytes as text (a leading BOM dropped); ``InvalidArticle("bad_encoding")`` when not UTF-8."""
    try:
        return raw.removeprefix(BOM).decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InvalidArticle(
            "bad_encoding", f"input is not UTF-8 (byte {exc.start}: {raw[exc.start : exc.start + 1]!r})"
        ) from None


def decode_json(raw: bytes) -> Any:
    """Decode UTF-8 JSON; raises ``InvalidArticle`` with ``bad_encoding`` or ``malformed_json``."""
    text = decode_utf8(raw)
    if not text.strip():
        raise InvalidArticle("malformed_json", "empty input: expected a JSON object")
    try:
        return serde.loads(text)
    except serde.DecodeError as exc:
        raise InvalidArticle("malformed_json", str(exc)) from None


def json_candidate(raw: bytes, origin: str) -> Candidate:
    """A candidate from bytes holding one JSON value (decoded now, validated later)."""
    try:
        return Candidate(raw, origin, value=decode_json(raw))
    except InvalidArticle as exc:
        return Candidate(raw, origin, error=exc)


def json_candidates(raw: bytes, origin: str) -> list[Candidate]:
    """A JSON document holding one article or a list of them: one candidate per article."""
    try:
        value = decode_json(raw)
    except InvalidArticle as exc:
        return [Candidate(raw, origin, error=exc)]
    if isinstance(value, list):
        return [Candidate(serde.dumps(item), f"{origin}[{i}]", value=item) for i, item in enumerate(value)]
    return [Candidate(raw, origin, value=value)]


@dataclass
class LongLine:
    """A line over the reader's limit: only its head is kept (for the dead letter) and its size."""

    head: bytes
    size: int
    limit: int


def jsonl_candidates(lines: Iterable[bytes | LongLine], origin: str) -> Iterator[Candidate]:
    """One candidate per non-blank line of an iterable of byte lines (a bad line stays alone)."""
    for number, line in enumerate(lines, start=1):
        if isinstance(line, LongLine):
            message = f"line is {line.size} bytes, the limit is {line.limit}"
            yield Candidate(line.head, f"{origin}:{number}", error=InvalidArticle("too_large", message))
            continue
        if number == 1:
            line = line.removeprefix(BOM)
        stripped = line.strip()
        if stripped:
            yield json_candidate(stripped, f"{origin}:{number}")
