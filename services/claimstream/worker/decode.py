"""Turn a raw Kafka record from news.articles into a validated article, or a reason to reject it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from claimstream.contracts import serde
from claimstream.contracts.articles import InvalidArticle, parse_article
from claimstream.contracts.messages import DEAD_LETTER_REASONS


@dataclass(frozen=True)
class RawRecord:
    """What the worker needs of one consumed record (decoupled from faust's Event type)."""

    key: bytes | None
    value: bytes | None
    topic: str
    partition: int
    offset: int


@dataclass(frozen=True)
class Rejected:
    record: RawRecord
    reason: str
    error: str
    stage: str

    def __post_init__(self) -> None:
        assert self.reason in DEAD_LETTER_REASONS, self.reason


def decode_record(record: RawRecord, *, max_text_bytes: int) -> dict[str, Any] | Rejected:
    """Decode and validate one record; never raises for bad input."""
    raw = record.value or b""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return Rejected(record, "bad_encoding", f"value is not UTF-8: {exc}", "worker-decode")
    try:
        value = serde.loads(text)
    except serde.DecodeError as exc:
        return Rejected(record, "malformed_json", str(exc), "worker-decode")
    try:
        # The ingest stamp is kept when present; records produced by third parties get one here.
        return parse_article(value, max_text_bytes=max_text_bytes)
    except InvalidArticle as exc:
        return Rejected(record, exc.reason, str(exc), "worker-validate")
