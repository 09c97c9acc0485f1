"""Extraction: one spaCy parse per article, shared by the entity, quote and aid extractors.

Public surface:
- :func:`claimstream.extract.nlp.load_nlp` builds the spaCy pipeline (model + our components);
- :func:`claimstream.extract.pipeline.extract_doc` runs every extractor on one parsed ``Doc``;
- :func:`claimstream.extract.pipeline.extract_articles` parses a batch with ``nlp.pipe`` and
  returns the wire messages per article (the worker and ``claimstream extract`` both call it).

Extractors are pure functions of a ``Doc`` and return plain dicts; offsets are character
offsets into the article text (the ``Doc`` is built from exactly that text).
"""
