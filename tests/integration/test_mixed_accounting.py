"""A few thousand good and bad records straight onto news.articles: every one is accounted for.

Good records (some with control characters, unbalanced or nested quote marks, "$1e308", HTML with
scripts) must each yield an entities message; bad ones (malformed or truncated JSON, wrong types,
missing or empty text, texts over the limit and of 1 MB, non-UTF-8, non-objects, a 300 kB run of raw
control bytes, a valid article whose claims would not fit a claim topic) must each yield one dead letter
with the right reason. The worker stays up throughout:
a bad record never blocks the good ones behind it on its partition.
"""

from __future__ import annotations

import asyncio
import random
import re
import urllib.request
from collections import Counter
from collections.abc import Callable

import orjson
import pytest

import synthetic
from claimstream.broker.testing import consume_all, produce_raw, values
from claimstream.contracts.schemas import validate

pytestmark = pytest.mark.integration

GOOD_COUNT = 1200
BAD_COUNT = 1300
ONE_MB = 1024 * 1024


def _good_variant(i: int, run: str) -> dict:
    """A valid article; some carry the nasties that must still be accepted."""
    art = synthetic.article(i, run)
    extra = (
        None,
        "Aid worth $1e308 was mentioned as a joke.",
        "<script>alert('x')</script><p>The statement was posted online.</p>",
        "He said \u201cwe will come back and then left the room.",  # unbalanced
        "\u201cShe told us \u2018never again\u2019 and walked out,\u201d he said.",  # nested
        "The bell\u0007 rang\u0000 twice\u001b[0m.",  # control characters
        "A \"stray quote and a 'single one.",
    )[i % 7]
    if extra:
        art["text"] += " " + extra
    return art


def _bad_makers(limit: int, run: str) -> list[tuple[str, Callable[[int], bytes]]]:
    """(expected reason, i -> raw record value)."""

    def truncated(i: int) -> bytes:
        raw = orjson.dumps(synthetic.article(10_000 + i, run))
        return raw[: 10 + i % (len(raw) - 20)]

    return [
        ("malformed_json", lambda i: b'{"text": "an unterminated string ' + str(i).encode()),
        ("malformed_json", truncated),
        ("malformed_json", lambda i: b"{'text': 'single quotes are not JSON', 'n': %d}" % i),
        ("malformed_json", lambda i: b"1e999"),
        ("malformed_json", lambda i: b"\x01" * 300_000 + str(i).encode()),  # raw control bytes, not JSON
        ("wrong_type", lambda i: orjson.dumps({"text": i})),
        ("wrong_type", lambda i: orjson.dumps({"text": ["a", "list", i]})),
        ("wrong_type", lambda i: orjson.dumps({"text": "fine", "url": i})),
        ("wrong_type", lambda i: b'{"text": 1e308, "i": %d}' % i),
        ("missing_text", lambda i: orjson.dumps({"title": f"no text {i}"})),
        ("missing_text", lambda i: orjson.dumps({"text": None, "i": i})),
        ("empty_text", lambda i: orjson.dumps({"text": " " * (i % 5), "i": i})),
        ("empty_text", lambda i: orjson.dumps({"text": "\u0000\u0001\u0007", "i": i})),
        ("too_large", lambda i: orjson.dumps({"text": "x" * (limit + 1 + i)})),
        ("too_large", lambda i: orjson.dumps({"text": ("Long text. " * (ONE_MB // 11 + 1)) + str(i)})),
        ("bad_encoding", lambda i: b'{"text": "caf\xe9 %d"}' % i),
        ("bad_encoding", lambda i: b"\xff\xfe" + str(i).encode()),
        ("not_an_object", lambda i: orjson.dumps([i, "text"])),
        ("not_an_object", lambda i: orjson.dumps(f"just a string {i}")),
        ("bad_field", lambda i: orjson.dumps({"text": f"ok {i}", "published_at": "last week"})),
    ]


def _messages(limit: int, run: str) -> tuple[list[tuple[bytes, bytes]], dict[bytes, str], dict[str, bytes]]:
    rng = random.Random(20261126)
    makers = _bad_makers(limit, run)
    good = {synthetic.article_id(_good_variant(i, run)): f"good-{i}".encode() for i in range(GOOD_COUNT)}
    good_msgs = [(f"good-{i}".encode(), orjson.dumps(_good_variant(i, run))) for i in range(GOOD_COUNT)]
    # The big records (300 kB of control bytes, over the limit, 1 MB) only in the first ten rounds.
    heavy = {4, 13, 14}
    bad_reason: dict[bytes, str] = {}
    bad_msgs = []
    for i in range(BAD_COUNT):
        kind = i % len(makers)
        reason, make = makers[0] if kind in heavy and i >= 10 * len(makers) else makers[kind]
        key = f"bad-{i}-{reason}".encode()
        bad_reason[key] = reason
        bad_msgs.append((key, make(i)))
    # Valid input whose entities message (about 1.1 MB) would not fit a claim topic: dead-lettered
    # at the extract stage instead of failing every publish (which would crash-loop the worker).
    key = b"bad-oversized-claims-too_large"
    bad_reason[key] = "too_large"
    bad_msgs.append((key, orjson.dumps({"text": "Kyiv and Lviv. " * 13_000})))
    msgs = good_msgs + bad_msgs
    rng.shuffle(msgs)
    return msgs, bad_reason, good


def _dlq_metric(port: int) -> dict[str, int]:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5) as resp:
        text = resp.read().decode()
    found: Counter[str] = Counter()
    pattern = r'^claimstream_dlq_messages_total\{[^}]*reason="([^"]+)"[^}]*\} (\S+)$'
    for reason, value in re.findall(pattern, text, re.M):
        found[reason] += int(float(value))
    return {k: v for k, v in found.items() if v}


def test_every_record_is_accounted_for(kafka_settings, run_service):
    settings = kafka_settings
    msgs, bad_reason, good = _messages(settings.max_article_bytes, "mixed")
    assert len(msgs) == GOOD_COUNT + BAD_COUNT + 1
    asyncio.run(produce_raw(settings, "news.articles", msgs, max_request_size=8 * ONE_MB))
    worker = run_service("worker", settings)

    seen = synthetic.wait_for_articles(settings, GOOD_COUNT, timeout=900)
    assert seen == GOOD_COUNT, worker.tail_log()
    dlq = values(asyncio.run(consume_all(settings, "news.articles.dlq", min_count=len(bad_reason), max_wait=300)))
    acc = synthetic.account(settings, set(good))

    assert worker.proc is not None and worker.proc.poll() is None, worker.tail_log()
    assert "exiting so the uncommitted batch" not in worker.log.read_text(errors="replace")

    # Good: every one has its entities message and all the claims it announces; none was dead-lettered.
    assert acc.missing_articles == set() and acc.unexpected_articles == set(), acc.summary()
    assert acc.missing_claims == {}, acc.summary()
    # Bad: one dead letter each, with the expected reason, schema-valid, pointing at the source record.
    by_key: dict[str, list[dict]] = {}
    for letter in dlq:
        validate(letter)
        by_key.setdefault(letter["original_key"], []).append(letter)
    expected_keys = {k.decode() for k in bad_reason}
    assert set(by_key) == expected_keys, sorted(set(by_key) ^ expected_keys)[:10]
    wrong = {
        k: [d["reason"] for d in v] for k, v in by_key.items() if {d["reason"] for d in v} != {bad_reason[k.encode()]}
    }
    assert wrong == {}, list(wrong.items())[:10]
    assert all(d["stage"] in ("worker-decode", "worker-validate") for d in dlq if "oversized" not in d["original_key"])
    [oversized] = by_key["bad-oversized-claims-too_large"]
    assert oversized["stage"] == "worker-extract" and "entities message" in oversized["error"]
    assert all(d["source_offset"] is not None for d in dlq)
    big = [d for d in dlq if d["original_bytes"] >= 300_000]
    assert big and all(d["original_truncated"] for d in big)

    reasons = Counter(d["reason"] for d in dlq)
    # ... and counted, by reason, in the worker's metrics.
    counted = _dlq_metric(worker.settings.metrics_port)
    assert counted == dict(reasons), counted
    print(
        f"\nmixed: pushed {len(msgs)} ({GOOD_COUNT} good, {len(bad_reason)} bad); "
        f"emitted entities for {len(acc.entities)} articles ({sum(acc.entities.values())} messages), "
        f"{len(acc.claim_records) - len(acc.entities)} quote/aid claims; DLQ'd {len(dlq)} "
        f"({dict(sorted(reasons.items()))}); duplicates {acc.duplicate_records}; lost 0"
    )
