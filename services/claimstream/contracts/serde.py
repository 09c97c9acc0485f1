"""JSON on the wire: orjson everywhere, one place to change it."""

from __future__ import annotations

from typing import Any

import orjson


class DecodeError(ValueError):
    """Raised when bytes are not one JSON object."""


def dumps(value: Any) -> bytes:
    return orjson.dumps(value)


def loads(data: bytes | str) -> Any:
    try:
        return orjson.loads(data)
    except orjson.JSONDecodeError as exc:
        raise DecodeError(f"malformed JSON: {exc}") from exc


def loads_object(data: bytes | str) -> dict[str, Any]:
    value = loads(data)
    if not isinstance(value, dict):
        raise DecodeError(f"expected a JSON object, got {type(value).__name__}")
    return value
