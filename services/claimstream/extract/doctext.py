"""The text of a ``Doc``, computed once.

spaCy's ``Doc.text`` joins every token on each access; the extractors look at the article text
from many small helpers, so they share one copy kept in ``doc.user_data``.
"""

from __future__ import annotations

from spacy.tokens import Doc

_KEY = "claimstream.text"


def doc_text(doc: Doc) -> str:
    """``doc.text``, cached on the document."""
    text = doc.user_data.get(_KEY)
    if text is None:
        text = doc.user_data[_KEY] = doc.text
    return text
