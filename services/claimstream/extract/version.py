"""``extractor_version``: which code, word lists and model made a claim.

Consumers tell claims of different extractors apart by this string, so it must change whenever
anything that decides the output changes, not only when someone remembers to bump a number:
``<package version>+<hash>``, the hash (12 hex digits) over the extractor source files
(``extract/**/*.py``), the data files they read (``data/lexicon/*.yaml``, ``data/currencies.yaml``,
``data/entity_names.yaml``, ``data/weapons.json``, ``data/aid_decision.json``) and the spaCy model's
name and version. The files are hashed once, at import.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Iterable
from importlib import resources
from pathlib import Path
from typing import Any

from claimstream import __version__

_DIGITS = 12


def _package_root() -> Path:
    return Path(str(resources.files("claimstream")))


def extractor_files(root: Path | None = None) -> list[Path]:
    """The files whose content decides the extraction, in a stable order."""
    root = root or _package_root()
    patterns = (
        "extract/**/*.py",
        "data/lexicon/*.yaml",
        "data/currencies.yaml",
        "data/entity_names.yaml",
        "data/weapons.json",
        "data/aid_decision.json",
    )
    return sorted({p for pattern in patterns for p in root.glob(pattern) if p.is_file()})


def files_digest(paths: Iterable[Path], root: Path) -> str:
    """sha256 over each file's path relative to ``root`` and its bytes."""
    h = hashlib.sha256()
    for p in paths:
        h.update(p.relative_to(root).as_posix().encode() + b"\0")
        h.update(p.read_bytes() + b"\0")
    return h.hexdigest()


def compute_version(code_digest: str, model: str, model_version: str, package: str = __version__) -> str:
    h = hashlib.sha256(f"{code_digest}\0{model}\0{model_version}".encode()).hexdigest()
    return f"{package}+{h[:_DIGITS]}"


CODE_DIGEST = files_digest(extractor_files(), _package_root())
"""The digest of the extractor's source and data files, computed once at import."""


@functools.cache
def _for_model(model: str, model_version: str) -> str:
    return compute_version(CODE_DIGEST, model, model_version)


def installed_model_version(package: str) -> str:
    """The version claims made with the installed spaCy model package ``package`` carry, read from
    the package's ``meta.json`` without loading spaCy (same string as :func:`extractor_version`)."""
    import json

    meta = json.loads((resources.files(package) / "meta.json").read_text(encoding="utf-8"))
    return _for_model(f"{meta.get('lang', '')}_{meta.get('name', '')}", str(meta.get("version", "")))


def extractor_version(nlp: Any) -> str:
    """The version string for claims made with the spaCy pipeline ``nlp`` (its ``meta`` names
    the model: ``{"lang": "en", "name": "core_web_sm", "version": "3.8.0"}``)."""
    meta = getattr(nlp, "meta", None) or {}
    model = f"{meta.get('lang', '')}_{meta.get('name', '')}"
    return _for_model(model, str(meta.get("version", "")))
