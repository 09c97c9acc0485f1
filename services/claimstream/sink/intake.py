"""The sink's front door: every record on a claim topic is checked before any rule or metric sees it.

A record is a claim only when it is one JSON object valid against its topic's JSON Schema (the
schema id comes from ``contracts.topics``, not from the record, so a quote on ``claims.aid`` is
refused too). Anything else raises :class:`InvalidClaim` with a bounded reason; the sink counts
it in ``claimstream_sink_invalid_messages_total{kind,reason}``, dead-letters the raw bytes to
``claims.dlq`` (stage ``sink``) and goes on. Before this check, ``"donor": 123`` on claims.aid
crashed the sink's label code on every restart.
"""

from __future__ import annotations

from typing import Any

from claimstream.contracts import serde
from claimstream.contracts.schemas import SchemaError, validate

STAGE = "sink"
# Bounded: they are metric label values and DeadLetter v1 reasons.
REASONS = ("malformed_json", "not_an_object", "wrong_schema", "invalid_claim")


class InvalidClaim(ValueError):
    """A record on a claim topic that is not a valid claim; ``reason`` is one of :data:`REASONS`."""

    def __init__(self, reason: str, message: str) -> None:
        assert reason in REASONS, reason
        super().__init__(message)
        self.reason = reason


def check_claim(raw: bytes | None, schema_id: str) -> dict[str, Any]:
    """The claim in ``raw`` when it is valid against ``schema_id``; raises :class:`InvalidClaim`."""
    try:
        value = serde.loads(raw or b"")
    except serde.DecodeError as exc:
        raise InvalidClaim("malformed_json", str(exc)) from None
    if not isinstance(value, dict):
        raise InvalidClaim("not_an_object", f"a claim is a JSON object, got {type(value).__name__}")
    if value.get("schema") != schema_id:
        found = str(value.get("schema"))[:80]
        raise InvalidClaim("wrong_schema", f"expected schema {schema_id!r} on this topic, got {found!r}")
    try:
        validate(value, schema_id)
    except SchemaError as exc:
        raise InvalidClaim("invalid_claim", str(exc)) from None
    return value
