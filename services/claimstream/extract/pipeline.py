"""Run every extractor on one parse, and batch articles through ``nlp.pipe``.

The worker (in its extraction child process) and ``claimstream extract`` both run
:func:`extract_articles`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from claimstream.contracts import messages
from claimstream.extract import money
from claimstream.extract.aid import extract_aid
from claimstream.extract.entities import extract_entities
from claimstream.extract.quotes import extract_quotes
from claimstream.extract.screen import make_doc
from claimstream.extract.version import extractor_version

log = logging.getLogger(__name__)


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
    money.forget_figures()
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


@dataclass(frozen=True)
class Failure:
    """Why one article yielded no claims: the stage that raised and the error (plain, picklable)."""

    stage: str
    error: str


# progress(stage, index): called as each stage starts; index is the article's, None for the batch parse.
Progress = Callable[[str, int | None], None]


def _ignore(_stage: str, _index: int | None) -> None:
    pass


def extract_articles(
    nlp: Language, articles: Iterable[dict[str, Any]], *, batch_size: int = 32, progress: Progress = _ignore
) -> Iterator[ArticleClaims | Failure]:
    """Claims of validated articles, in order: screened tokenisation, one ``nlp.pipe``, every extractor.

    A failing article yields a :class:`Failure` and never takes its neighbours with it.
    ``progress`` lets a supervisor put a deadline on each stage (see ``worker.extractor``).
    """
    batch = list(articles)
    version = extractor_version(nlp)
    docs: list[Doc | Failure] = []
    for i, article in enumerate(batch):
        progress("tokenize", i)
        docs.append(_guarded("tokenize", partial(make_doc, nlp, article["text"])))
    progress("parse", None)
    parsed = _parse(nlp, docs, batch_size)
    for i, (article, doc) in enumerate(zip(batch, parsed, strict=True)):
        progress("extract", i)
        if isinstance(doc, Failure):
            yield doc
        else:
            yield _guarded("extract", partial(_claims, article, doc, version))


def _parse(nlp: Language, docs: list[Doc | Failure], batch_size: int) -> list[Doc | Failure]:
    """Run the pipeline over the tokenised docs at once; one at a time when the batch raises."""
    good = [d for d in docs if isinstance(d, Doc)]
    try:
        done = iter(list(nlp.pipe(good, batch_size=batch_size)))
        return [d if isinstance(d, Failure) else next(done) for d in docs]
    except Exception:
        log.exception("nlp.pipe failed on a batch of %d; parsing one by one", len(good))
        return [d if isinstance(d, Failure) else _guarded("parse", partial(nlp, d)) for d in docs]


def _claims(article: dict[str, Any], doc: Doc, version: str) -> ArticleClaims:
    return to_messages(article, extract_doc(doc), version)


def _guarded(stage: str, work: Callable[[], Any]) -> Any:
    try:
        return work()
    except Exception as exc:
        log.exception("%s failed", stage)
        return Failure(stage, f"{type(exc).__name__}: {exc}")
