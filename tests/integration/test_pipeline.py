"""The pipeline end to end on the real broker: articles in, schema-valid claims out, bad input dead-lettered."""

from __future__ import annotations

import asyncio
import re

import pytest

from claimstream import __version__
from claimstream.broker.testing import consume_all, produce_raw, values
from claimstream.contracts import serde
from claimstream.contracts.articles import article_id_for
from claimstream.contracts.schemas import validate

pytestmark = pytest.mark.integration

AID_ARTICLE = {
    "url": "https://news.example.org/2026/11/germany-air-defence",
    "title": "Germany sends air defence to Ukraine",
    "published_at": "2026-11-20T09:00:00Z",
    "text": (
        "Germany will deliver €400 million in military aid to Ukraine, including two IRIS-T SLM air "
        "defence systems, Defence Minister Anna Keller announced on Monday.\n\n"
        "\u201cThese systems will protect Ukrainian cities this winter,\u201d Keller told reporters in Berlin. "
        "She said that a further package was being prepared."
    ),
}
QUOTE_ARTICLE = {
    "url": "https://news.example.org/2026/11/port-strike",
    "title": "Dock workers end strike",
    "text": (
        "Dock workers in Rotterdam returned to work on Thursday after a four-day strike. "
        '"We got what we came for," said union leader Pieter de Vries. "The members voted and the '
        'answer was clear." Port director Maria Jansen said the backlog would take a week to clear.'
    ),
}
REQUEST_ARTICLE = {
    "text": (
        "Moldova's president asked European partners for more help with energy costs on Friday. "
        '"We need support before the winter," President Elena Rusu said in Chisinau.'
    ),
}
GOOD = (AID_ARTICLE, QUOTE_ARTICLE, REQUEST_ARTICLE)
BAD = (
    (b"bad-json", b'{"text": "unterminated'),
    (b"bad-type", b'{"text": 42}'),
    (b"bad-bytes", b'{"text": "caf\xe9 \xff"}'),
    (b"empty", b'{"text": "   "}'),
)


def _ids() -> list[str]:
    return [article_id_for(a.get("url"), a["text"]) for a in GOOD]


def _by_article(records: list[dict]) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for r in records:
        out.setdefault(r["article_id"], []).append(r)
    return out


def test_articles_become_schema_valid_claims_and_bad_input_is_dead_lettered(kafka_settings, run_service):
    settings = kafka_settings
    messages = [
        (None, serde.dumps(GOOD[0])),
        *BAD[:2],
        (None, serde.dumps(GOOD[1])),
        *BAD[2:],
        (None, serde.dumps(GOOD[2])),
    ]
    asyncio.run(produce_raw(settings, "news.articles", messages))
    worker = run_service("worker", settings)

    entities = values(asyncio.run(consume_all(settings, "claims.entities", min_count=3, max_wait=180)))
    assert len(entities) >= 3, worker.tail_log()
    quotes = values(asyncio.run(consume_all(settings, "claims.quotes", idle_timeout=2)))
    aid = values(asyncio.run(consume_all(settings, "claims.aid", idle_timeout=2)))
    dlq = values(asyncio.run(consume_all(settings, "news.articles.dlq", min_count=4, max_wait=60)))

    for message in [*entities, *quotes, *aid, *dlq]:
        validate(message)
    # every claim names the extractor that made it: package version + hash of code, lists and model
    versions = {m["extractor_version"] for m in [*entities, *quotes, *aid]}
    assert len(versions) == 1 and re.fullmatch(rf"{re.escape(__version__)}\+[0-9a-f]{{12}}", versions.pop())

    aid_id, quote_id, request_id = _ids()
    ents = {e["article_id"]: e for e in entities}
    assert set(ents) == {aid_id, quote_id, request_id}
    found = {(e["canonical"], e["label"]) for e in ents[aid_id]["entities"]}
    assert {("Germany", "GPE"), ("Ukraine", "GPE"), ("Anna Keller", "PERSON"), ("IRIS-T SLM", "WEAPON")} <= found

    by_article = _by_article(quotes)
    keller = [q for q in by_article[aid_id] if q["kind"] == "direct"]
    assert [q["speaker"] for q in keller] == ["Anna Keller"]
    text = AID_ARTICLE["text"]
    assert text[keller[0]["start"] : keller[0]["end"]] == keller[0]["quote"]
    dock = {q["quote"].strip(" ,."): q["speaker"] for q in by_article[quote_id] if q["kind"] == "direct"}
    assert dock == {
        "We got what we came for": "Pieter de Vries",
        "The members voted and the answer was clear": "Pieter de Vries",
    }

    commitments = _by_article(aid)
    assert request_id not in commitments and quote_id not in commitments
    [germany] = commitments[aid_id]
    assert (germany["donor"], germany["recipient"], germany["amount"], germany["currency"]) == (
        "Germany",
        "Ukraine",
        400_000_000,
        "EUR",
    )
    assert germany["aid_type"] == "military" and germany["novelty"] == "new"
    assert "IRIS-T SLM" in germany["items"]
    assert text[germany["evidence"]["start"] : germany["evidence"]["end"]].startswith("Germany will deliver")

    # Each entities message counts its article's other claims, so consumers know when they hold all.
    for article_id, e in ents.items():
        assert e["claims"] == {
            "quotes": len(by_article.get(article_id, [])),
            "aid": len(commitments.get(article_id, [])),
        }

    reasons = {d["original_key"]: d["reason"] for d in dlq}
    assert reasons == {
        "bad-json": "malformed_json",
        "bad-type": "wrong_type",
        "bad-bytes": "bad_encoding",
        "empty": "empty_text",
    }
    assert all(d["stage"].startswith("worker-") for d in dlq)
    raw_bad_bytes = next(d for d in dlq if d["original_key"] == "bad-bytes")
    assert raw_bad_bytes["original_encoding"] == "base64"


def test_claim_ids_are_deterministic_across_reprocessing(kafka_settings, run_service):
    """The same article sent twice yields the same claim ids: consumers can deduplicate."""
    settings = kafka_settings
    payload = serde.dumps(AID_ARTICLE)
    asyncio.run(produce_raw(settings, "news.articles", [(b"x", payload), (b"x", payload)]))
    run_service("worker", settings)
    entities = values(asyncio.run(consume_all(settings, "claims.entities", min_count=2, max_wait=180)))
    quotes = values(asyncio.run(consume_all(settings, "claims.quotes", idle_timeout=2)))
    assert len(entities) == 2 and entities[0]["claim_id"] == entities[1]["claim_id"]
    ids = [q["claim_id"] for q in quotes]
    assert len(ids) == 2 * len(set(ids)) and len(set(ids)) >= 1
