"""JSON Schema validation of messages against the files in the repository's ``schemas/``."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import jsonschema

from claimstream.contracts import topics

# The JSON Schemas live in the repository's schemas/; the package reaches them through the link
# claimstream/data/schemas -> ../../../schemas, which wheel builds turn into a copy.
_SCHEMA_DIR = Path(__file__).resolve().parent.parent / "data" / "schemas"

# Schema ids and their files come from the topic declarations (contracts/topics.py).
SCHEMA_FILES = topics.schemas()


class SchemaError(ValueError):
    pass


def schema_dir() -> Path:
    return _SCHEMA_DIR


@functools.cache
def validator(schema_id: str) -> jsonschema.protocols.Validator:
    import orjson

    try:
        name = SCHEMA_FILES[schema_id]
    except KeyError:
        raise SchemaError(f"unknown schema {schema_id!r}; known: {', '.join(SCHEMA_FILES)}") from None
    schema = orjson.loads((schema_dir() / name).read_bytes())
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def validate(message: dict[str, Any], schema_id: str | None = None) -> None:
    """Raise SchemaError naming the first violation, if any."""
    sid = schema_id or message.get("schema")
    if not isinstance(sid, str):
        raise SchemaError("message has no 'schema' field")
    err = jsonschema.exceptions.best_match(validator(sid).iter_errors(message))
    if err is not None:
        where = "/".join(map(str, err.absolute_path)) or "(root)"
        raise SchemaError(f"{sid}: {where}: {err.message[:300]}")
