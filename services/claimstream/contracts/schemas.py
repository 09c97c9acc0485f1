"""JSON Schema validation of messages against the files in the repository's ``schemas/``."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import jsonschema

# schemas/ ships inside the package (data/schemas) and at the repository root; prefer the root copy
# while developing so the two cannot silently diverge (a test checks they are equal).
_PACKAGE_DIR = Path(__file__).resolve().parent.parent / "data" / "schemas"
_REPO_DIR = Path(__file__).resolve().parents[3] / "schemas"

SCHEMA_FILES = {
    "claimstream.article/v1": "article.v1.schema.json",
    "claimstream.entities/v1": "entities.v1.schema.json",
    "claimstream.quote/v1": "quote.v1.schema.json",
    "claimstream.aid/v1": "aid.v1.schema.json",
    "claimstream.deadletter/v1": "deadletter.v1.schema.json",
    "claimstream.alert/v1": "alert.v1.schema.json",
}


class SchemaError(ValueError):
    pass


def schema_dir() -> Path:
    return _REPO_DIR if _REPO_DIR.is_dir() else _PACKAGE_DIR


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
