"""Run every extractor on one parse, and batch articles through ``nlp.pipe``."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from claimstream.contracts import messages
from claimstream.extract.aid import extract_aid
from claimstream.extract.entities import extract_entities
from claimstream.extract.quotes import extract_quotes
from claimstream.extract.version import extractor_version


@dataclass
class Extraction:
    """The claims found in one article, as plain field dicts (no envelope yet)."""

    entities: list[dict[str, Any]] = field(default_factory=list)
    quotes: list[dict[str, Any]] = field(default_factory=list)
    aid: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class ArticleClaims:
    """The wire messages for one article, ready to publish."""

    article: dict[str, Any]
    entities: dict[str, Any]
    quotes: list[dict[str, Any]]
    aid: list[dict[str, Any]]

    def as_offline_record(self) -> dict[str, Any]:
        """The ``claimstream extract`` output line for this article."""
        return {
            "article_id": self.article["id"],
            "entities": self.entities["entities"],
            "quotes": self.quotes,
            "aid_commitments": self.aid,
        }


def extract_doc(doc: Doc) -> Extraction:
    """Every extractor on one already-parsed document."""
    return Extraction(entities=extract_entities(doc), quotes=extract_quotes(doc), aid=extract_aid(doc))


def to_messages(article: dict[str, Any], found: Extraction, version: str) -> ArticleClaims:
    """The wire messages; ``version`` is :func:`extractor_version` of the pipeline that parsed it."""
    v = version
    return ArticleClaims(
        article=article,
        entities=messages.entities_message(article, found.entities, v, quotes=len(found.quotes), aid=len(found.aid)),
        quotes=[messages.quote_message(article, q, v) for q in found.quotes],
        aid=[messages.aid_message(article, a, v) for a in found.aid],
    )


def extract_articles(
    nlp: Language, articles: Iterable[dict[str, Any]], *, batch_size: int = 32
) -> Iterator[ArticleClaims]:
    """Parse validated articles with one ``nlp.pipe`` call and yield their claims in order."""
    batch = list(articles)
    version = extractor_version(nlp)
    docs = nlp.pipe((a["text"] for a in batch), batch_size=batch_size)
    for article, doc in zip(batch, docs, strict=True):
        yield to_messages(article, extract_doc(doc), version)
