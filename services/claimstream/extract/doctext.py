"""The text of a ``Doc``, computed once.

spaCy's ``Doc.text`` joins every token on each access; the extractors look at the article text
from many small helpers, so they share one copy kept in ``doc.user_data``.
"""

from __future__ import annotations

from spacy.parts_of_speech import IDS
from spacy.tokens import Doc, Span

_KEY = "claimstream.text"
_SENTS_KEY = "claimstream.sents"


def doc_text(doc: Doc) -> str:
    """``doc.text``, cached on the document."""
    text = doc.user_data.get(_KEY)
    if text is None:
        text = doc.user_data[_KEY] = doc.text
    return text


def doc_sentences(doc: Doc) -> list[Span]:
    """``list(doc.sents)``, computed once per document (each ``Doc.sents`` walks every token again);
    without a parser (a bare pipeline) the whole document counts as one sentence."""
    sents = doc.user_data.get(_SENTS_KEY)
    if sents is None:
        sents = doc.user_data[_SENTS_KEY] = list(doc.sents) if doc.has_annotation("SENT_START") else [doc[:]]
    return sents


def indices_with_pos(doc: Doc, *pos: str) -> list[int]:
    """Indices of the tokens with one of the coarse tags ``pos``, computed once per document.

    The extractors look for verbs and proper nouns among hundreds of tokens; reading the tag array
    once is much cheaper than creating a ``Token`` for every position on every pass.
    """
    key = "claimstream.pos." + "+".join(sorted(pos))
    found = doc.user_data.get(key)
    if found is None:
        wanted = {IDS[p] for p in pos}
        found = doc.user_data[key] = [i for i, v in enumerate(doc.to_array("POS").tolist()) if v in wanted]
    return found
