"""Ingestion: read articles from files, stdin, feeds and HTTP, validate, publish to news.articles.

Every input becomes a :class:`~claimstream.ingest.candidates.Candidate` (raw bytes plus the decoded
value or the decoding error); :class:`~claimstream.ingest.submit.Ingestor` validates each with
``contracts.articles.parse_article`` and publishes the good ones and dead-letters the rest.
"""
