"""Contracts shared by every service: article validation and ids, claim envelopes, dead letters, schemas."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest

from claimstream.contracts import articles, messages, schemas, topics
from claimstream.contracts.articles import REASONS, InvalidArticle, article_id_for, canonical_url, parse_article
from claimstream.settings import Settings

SCHEMA_DIR = Path(__file__).resolve().parents[2] / "schemas"


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ([1, 2], "not_an_object"),
        ("text", "not_an_object"),
        ({}, "missing_text"),
        ({"text": None}, "missing_text"),
        ({"text": 42}, "wrong_type"),
        ({"text": "ok", "title": ["x"]}, "wrong_type"),
        ({"text": " \n\t "}, "empty_text"),
        ({"text": "\x00\x01\x02"}, "empty_text"),
        ({"text": "x" * 300}, "too_large"),
        ({"text": "bad \ud800 surrogate"}, "bad_encoding"),
        ({"text": "ok", "url": "not a url"}, "bad_field"),
        ({"text": "ok", "published_at": "yesterday"}, "bad_field"),
        ({"text": "ok", "id": "a-1\x00b"}, "bad_field"),
        ({"text": "ok", "id": "line\nbreak"}, "bad_field"),
        ({"text": "ok", "id": "bell\x07"}, "bad_field"),
        ({"text": "ok", "id": "zero\u200bwidth"}, "bad_field"),
        ({"text": "ok", "id": "i" * 201}, "too_large"),
        ({"text": "ok", "url": "https://example.org/" + "p" * 2100}, "too_large"),
        ({"text": "ok", "url": "https://example.org/a\x1bb"}, "bad_field"),
        ({"text": "ok", "title": "t" * 1001}, "too_large"),
        ({"text": "ok", "source": "s" * 301}, "too_large"),
        ({"text": "ok", "language": "en" * 18}, "too_large"),
        ({"text": "ok", "published_at": "2026-01-01T00:00:00Z" + " " * 60}, "too_large"),
        ({"text": "ok", "ingested_at": "2026-01-01T00:00:00Z" + "0" * 400_000}, "too_large"),
        ({"text": "ok", "ingested_at": "last week"}, "bad_field"),
    ],
)
def test_invalid_articles_get_a_bounded_reason(raw, reason):
    with pytest.raises(InvalidArticle) as err:
        parse_article(raw, max_text_bytes=200)
    assert err.value.reason == reason
    assert err.value.reason in REASONS
    assert str(err.value)


def test_article_is_normalised_and_stamped():
    article = parse_article(
        {"text": "Caf\u0065\u0301 owners\x07 met.", "url": "HTTPS://Example.ORG/a/?utm_source=x#top"}
    )
    assert article["text"] == "Café owners met."
    assert article["id"] == article_id_for("https://example.org/a", "anything")
    assert article["language"] == "en" and article["ingested_at"].endswith("Z")
    schemas.validate(article)


def test_every_string_field_has_a_limit_and_the_schema_states_it():
    limits = articles.field_limits()
    schema = json.loads((SCHEMA_DIR / "article.v1.schema.json").read_text())
    for name, limit in limits.items():
        assert schema["properties"][name]["maxLength"] == limit
        at_limit = {"text": "ok", name: "2026-01-01T00:00:00Z" if "_at" in name else "x" * limit}
        if name == "url":
            at_limit["url"] = "https://e.org/" + "p" * (limit - len("https://e.org/"))
        article = parse_article(at_limit)
        schemas.validate(article)
    assert set(limits) == {"id", "url", "source", "title", "published_at", "language", "ingested_at"}


def test_a_printable_id_is_kept_and_the_schema_refuses_a_control_character():
    assert parse_article({"text": "ok", "id": "wire-2026/04 #7"})["id"] == "wire-2026/04 #7"
    article = parse_article({"text": "ok"}) | {"id": "a-1\x01"}
    with pytest.raises(schemas.SchemaError):
        schemas.validate(article)


def test_source_and_title_lose_their_control_characters():
    article = parse_article({"text": "ok", "source": "Wire\x1b[31m Desk", "title": "\x00\x07"})
    assert (article["source"], article["title"]) == ("Wire[31m Desk", None)


def test_an_ingested_at_already_on_the_record_is_checked_and_kept():
    article = parse_article({"text": "ok", "ingested_at": "2026-03-01T10:00:00.000Z"})
    assert article["ingested_at"] == "2026-03-01T10:00:00.000Z"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("https://example.org/story?id=3&utm_medium=rss", "https://EXAMPLE.org/story/?id=3#comments"),
        ("http://x.test/p?b=2&a=1", "http://x.test/p?a=1&b=2"),
    ],
)
def test_the_same_story_has_one_id(a, b):
    assert canonical_url(a) == canonical_url(b)
    assert article_id_for(a, "one text") == article_id_for(b, "another text")


def test_without_url_the_id_follows_the_text_modulo_whitespace():
    assert article_id_for(None, "Two  words\n") == article_id_for(None, "Two words")
    assert article_id_for(None, "Two words") != article_id_for(None, "Three words")


def test_the_entities_id_follows_the_article_text():
    first = {"id": "a-9", "text": "The mayor opened the bridge.", "published_at": None, "ingested_at": None}
    corrected = first | {"text": "The deputy mayor opened the bridge."}
    ents: list[dict] = []
    one = messages.entities_message(first, ents, "v1", quotes=0, aid=0)["claim_id"]
    again = messages.entities_message(dict(first), ents, "v1", quotes=0, aid=0)["claim_id"]
    other = messages.entities_message(corrected, ents, "v1", quotes=0, aid=0)["claim_id"]
    assert one == again
    assert other != one
    assert one.startswith("ent-") and other.startswith("ent-")


def test_claim_ids_are_deterministic_and_kind_prefixed():
    article = {"id": "a-1", "published_at": None, "ingested_at": None}
    quote = {
        "quote": "We will",
        "kind": "direct",
        "speaker": None,
        "speaker_label": None,
        "cue": "say",
        "start": 3,
        "end": 10,
        "confidence": 0.9,
        "evidence": {"start": 0, "end": 20, "sentence": "s"},
    }
    first = messages.quote_message(article, quote, "1")
    again = messages.quote_message(article, dict(quote), "1")
    moved = messages.quote_message(article, {**quote, "start": 4}, "1")
    assert first["claim_id"] == again["claim_id"] != moved["claim_id"]
    assert first["claim_id"].startswith("quote-")
    schemas.validate(first)


def test_dead_letters_keep_the_original_and_cut_huge_ones():
    letter = messages.dead_letter(b"\xff\xfe", error="not UTF-8", reason="bad_encoding", stage="worker-decode")
    assert letter["original_encoding"] == "base64" and base64.b64decode(letter["original"]) == b"\xff\xfe"
    schemas.validate(letter)
    huge = "é".encode() * (messages.MAX_DEAD_LETTER_ORIGINAL_BYTES // 2 + 10)
    cut = messages.dead_letter(huge, error="too big", reason="too_large", stage="worker-validate")
    assert cut["original_truncated"] and cut["original_bytes"] == len(huge)
    assert cut["original_encoding"] == "utf-8" and len(cut["original"].encode()) <= len(huge)


def test_every_schema_is_valid_json_schema_and_registered():
    files = {p.name for p in SCHEMA_DIR.glob("*.schema.json")}
    assert files == set(schemas.SCHEMA_FILES.values())
    for schema_id in schemas.SCHEMA_FILES:
        schemas.validator(schema_id)  # check_schema raises on an invalid schema
        assert json.loads((SCHEMA_DIR / schemas.SCHEMA_FILES[schema_id]).read_text())["title"]


def test_schema_violations_name_the_field():
    with pytest.raises(schemas.SchemaError, match="kind"):
        schemas.validate(
            {
                "schema": "claimstream.quote/v1",
                "claim_id": "quote-" + "0" * 24,
                "article_id": "a",
                "extractor_version": "1",
                "quote": "x",
                "kind": "shouted",
                "speaker": None,
                "cue": None,
                "start": 0,
                "end": 1,
                "confidence": 1,
                "evidence": {"start": 0, "end": 1, "sentence": "x"},
            }
        )


def test_topics_resolve_with_prefix_and_reject_unknown_names():
    settings = Settings(topic_prefix="dev.")
    assert topics.resolve(settings, "claims.quotes") == "dev.claims.quotes"
    assert topics.resolve(settings, "dev.claims.quotes") == "dev.claims.quotes"
    with pytest.raises(topics.UnknownTopic, match="valid: alerts"):
        topics.resolve(settings, "claims.quote")
    assert topics.partitions_for(Settings(partitions=6), topics.QUOTES) == 6
    assert topics.partitions_for(Settings(partitions=6), topics.ALERTS) == 1


def test_the_package_reaches_the_repository_schemas_so_wheels_carry_them():
    packaged = Path(schemas.__file__).resolve().parent.parent / "data" / "schemas"
    assert packaged.is_symlink() and packaged.resolve() == SCHEMA_DIR.resolve()
    assert schemas.schema_dir() == packaged
