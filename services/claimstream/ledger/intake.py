"""Decode and validate one consumed aid claim; a bad one becomes a dead letter, never a crash."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from claimstream import metrics
from claimstream.contracts import messages, serde
from claimstream.contracts.schemas import SchemaError, validate

log = logging.getLogger(__name__)

STAGE = "ledger-validate"
APPLY_STAGE = "ledger-apply"


@dataclass(frozen=True)
class Refused:
    reason: str
    """``malformed_json``, ``not_an_object``, ``invalid_claim`` (route) or ``ledger_failed`` (keep)."""
    error: str


def decode_claim(raw: bytes | None) -> dict[str, Any] | Refused:
    """The claim in ``raw`` when it is a valid ``claimstream.aid/v1`` message, else why not."""
    try:
        claim = serde.loads(raw or b"")
    except serde.DecodeError as exc:
        return Refused("malformed_json", str(exc))
    if not isinstance(claim, dict):
        return Refused("not_an_object", f"expected a JSON object, got {type(claim).__name__}")
    try:
        validate(claim, messages.AID_SCHEMA)
    except SchemaError as exc:
        return Refused("invalid_claim", str(exc))
    return claim


def refusal_letter(
    refused: Refused,
    raw: bytes | None,
    *,
    key: bytes | None,
    topic: str,
    partition: int,
    offset: int,
    stage: str = STAGE,
) -> dict[str, Any]:
    """The dead letter for a refused claim; counted and logged here, once."""
    log.warning("refused claim at %s[%d]@%d: %s: %s", topic, partition, offset, refused.reason, refused.error)
    metrics.LEDGER_CLAIMS.labels("invalid").inc()
    metrics.DLQ_MESSAGES.labels(stage, refused.reason).inc()
    return messages.dead_letter(
        raw or b"",
        error=refused.error,
        reason=refused.reason,
        stage=stage,
        key=key,
        topic=topic,
        partition=partition,
        offset=offset,
    )
