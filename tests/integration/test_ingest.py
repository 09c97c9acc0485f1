"""Ingestion on the real broker: the publisher, files, stdin, feeds and the HTTP API.

Good articles must land on news.articles with stable ids; every bad input on news.articles.dlq
with its reason and stage; exit codes, counts and HTTP statuses must say what happened.
"""

from __future__ import annotations

import asyncio
import os
import re
import subprocess
import sys
from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import orjson
import pytest
from aiohttp import ClientSession, web
from aiohttp.test_utils import TestClient, TestServer
from aiokafka.errors import OutOfOrderSequenceNumber
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimstream import metrics
from claimstream.broker import admin
from claimstream.broker.embedded import free_port
from claimstream.broker.testing import TestBroker, consume_all, values
from claimstream.bus.consumer import consume, read_all
from claimstream.bus.producer import Publisher, PublishError
from claimstream.contracts import schemas, topics
from claimstream.contracts.articles import article_id_for
from claimstream.contracts.messages import MAX_DEAD_LETTER_ORIGINAL_BYTES as DLQ_MAX_ORIGINAL_BYTES
from claimstream.ingest.http_server import make_app
from claimstream.settings import Secret, Settings, settings_env

pytestmark = pytest.mark.integration

ARTICLES, DLQ = topics.ARTICLES.name, topics.DLQ.name
GOOD_LINES = [
    {
        "url": "https://harbour.example/ferries?utm_source=rss",
        "title": "Ferries resume",
        "text": "Ferry services resumed on Tuesday after the storm, the operator said.",
    },
    {"text": "The city council approved a new cycle lane along the river on Monday."},
]


def _cli(
    settings: Settings, *args: str, stdin: bytes | None = None, timeout: float = 120
) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "claimstream", "ingest", *args],
        input=stdin,
        env=settings_env(settings),
        capture_output=True,
        timeout=timeout,
    )


def _summary(proc: subprocess.CompletedProcess) -> tuple[int, int, int]:
    found = re.search(rb"sent (\d+), rejected (\d+), failed (\d+)", proc.stdout)
    assert found, (proc.stdout, proc.stderr)
    sent, rejected, failed = (int(x) for x in found.groups())
    return sent, rejected, failed


def _expected_id(article: dict[str, Any]) -> str:
    return article_id_for(article.get("url"), article["text"])


async def _read(settings: Settings, topic: str, min_count: int = 0) -> list[dict[str, Any]]:
    return values(await consume_all(settings, topic, idle_timeout=1.0, min_count=min_count, max_wait=60))


def _dlq_metric(stage: str, reason: str) -> float:
    return (
        metrics.REGISTRY.get_sample_value("claimstream_dlq_messages_total", {"stage": stage, "reason": reason}) or 0.0
    )


def _rejected_metric(source: str, reason: str) -> float:
    return (
        metrics.REGISTRY.get_sample_value("claimstream_ingest_rejected_total", {"source": source, "reason": reason})
        or 0.0
    )


# -- the publisher ----------------------------------------------------------------------------------


async def test_publisher_returns_acknowledged_metadata_in_order(kafka_settings: Settings) -> None:
    async with Publisher(kafka_settings) as pub:
        one = await pub.send(ARTICLES, "k-one", {"n": 0})
        many = await pub.send_many(ARTICLES, [(f"k{i}", {"n": i}) for i in range(1, 201)])
    assert one.topic == kafka_settings.topic(ARTICLES) and one.offset >= 0
    assert len(many) == 200 and all(m.offset >= 0 for m in many)
    got = await read_all(kafka_settings, ARTICLES, idle_timeout=1.5)
    assert sorted(r.json()["n"] for r in got) == list(range(201))
    by_key = {r.key_text: r.json()["n"] for r in got}
    assert by_key["k-one"] == 0 and by_key["k200"] == 200


async def test_consume_with_a_group_resumes_after_max_messages(kafka_settings: Settings) -> None:
    async with Publisher(kafka_settings) as pub:
        await pub.send_many(topics.ALERTS.name, [(f"r{i}", {"n": i}) for i in range(5)])
    group = f"{kafka_settings.topic_prefix}g"
    first = [
        r.json()["n"]
        async for r in consume(
            kafka_settings, topics.ALERTS.name, from_beginning=True, group=group, max_messages=3, idle_timeout=10
        )
    ]
    rest = [
        r.json()["n"]
        async for r in consume(kafka_settings, topics.ALERTS.name, from_beginning=True, group=group, idle_timeout=2)
    ]
    assert (first, rest) == ([0, 1, 2], [3, 4])


async def test_dead_letter_keeps_the_original_counts_and_truncates_huge_inputs(kafka_settings: Settings) -> None:
    before = _dlq_metric("ingest-file", "too_large")
    huge = b"\x01" * (3 * 1024 * 1024)  # control characters: 6 bytes each once JSON-escaped
    async with Publisher(kafka_settings) as pub:
        await pub.dead_letter(b"caf\xe9", error="not UTF-8", reason="bad_encoding", stage="ingest-file", key="k1")
        await pub.dead_letter(huge, error="text is too large", reason="too_large", stage="ingest-file")
    small, big = await _read(kafka_settings, DLQ, min_count=2)
    for message in (small, big):
        schemas.validate(message, "claimstream.deadletter/v1")
    assert (small["original"], small["original_encoding"], small["original_key"]) == ("Y2Fm6Q==", "base64", "k1")
    assert big["original_truncated"] is True and big["original_bytes"] == len(huge)
    assert len(big["original"]) == DLQ_MAX_ORIGINAL_BYTES
    assert f"first {DLQ_MAX_ORIGINAL_BYTES} of {len(huge)} bytes kept" in big["error"]
    assert _dlq_metric("ingest-file", "too_large") == before + 1


async def test_records_over_the_size_limits_fail_as_too_large(kafka_broker: TestBroker) -> None:
    settings = kafka_broker.settings()
    small = replace(topics.QUOTES, config=(("max.message.bytes", "100000"),))
    await admin.create_topics(settings, [small, topics.ARTICLES])
    async with Publisher(settings, attempts=3) as pub:
        with pytest.raises(PublishError) as by_broker:
            # random bytes do not compress, so the batch stays over the topic's limit
            await pub.send_bytes(topics.QUOTES.name, "k", os.urandom(200_000))
        with pytest.raises(PublishError) as by_client:
            await pub.send_bytes(topics.ARTICLES.name, "k", os.urandom(topics.ARTICLE_MAX_MESSAGE_BYTES + 1))
        fine = await pub.send_bytes(topics.ARTICLES.name, "k", os.urandom(2_000_000))
    assert by_broker.value.too_large and by_client.value.too_large
    assert fine.offset == 0


async def test_a_rebuilt_producer_keeps_sending(kafka_settings: Settings) -> None:
    """The path taken after OutOfOrderSequenceNumber / UnknownProducerId: a fresh idempotent producer.

    Sent to the one-partition dead-letter topic: articles are spread round-robin over partitions,
    and the order of the two records is what this test checks.
    """
    single = topics.DLQ.name
    async with Publisher(kafka_settings) as pub:
        before = await pub.send(single, "same-key", {"n": 1})
        generation = pub._generation
        old = pub._producer
        await asyncio.gather(
            pub._reset(generation, OutOfOrderSequenceNumber()), pub._reset(generation, OutOfOrderSequenceNumber())
        )  # one rebuild for both
        assert pub._generation == generation + 1 and pub._producer is not old
        after = await pub.send(single, "same-key", {"n": 2})
    assert after.partition == before.partition and after.offset > before.offset


async def test_publisher_without_a_broker_fails_clearly() -> None:
    settings = Settings(bootstrap_servers=f"127.0.0.1:{free_port()}")
    with pytest.raises(PublishError, match="cannot reach Kafka"):
        await Publisher(settings, attempts=2, backoff_s=0.05).start()


async def test_every_send_is_acknowledged_across_a_broker_restart(broker_factory: Any) -> None:
    broker: TestBroker = broker_factory()
    settings = broker.settings(partitions=2)
    broker.create_topics(settings)
    async with Publisher(settings, attempts=8, backoff_s=0.5, delivery_timeout_s=20) as pub:
        first = await pub.send_many(ARTICLES, [(f"k{i}", {"n": i}) for i in range(50)])
        sender = asyncio.create_task(_send_one_by_one(pub, range(50, 150)))
        await asyncio.sleep(0.2)
        await asyncio.to_thread(broker.restart)
        rest = await sender
    assert len(first) + len(rest) == 150
    got = [r.json()["n"] for r in await read_all(settings, ARTICLES, idle_timeout=2)]
    assert set(got) == set(range(150)), "an acknowledged record is missing"


async def test_a_send_to_a_dead_broker_fails_and_the_publisher_still_closes(broker_factory: Any) -> None:
    broker: TestBroker = broker_factory()
    settings = broker.settings(partitions=1)
    broker.create_topics(settings)
    pub = Publisher(settings, attempts=2, backoff_s=0.1, delivery_timeout_s=3, request_timeout_ms=2000)
    await pub.start()
    await pub.send(ARTICLES, "before", {"n": 0})
    broker.kill()
    with pytest.raises(PublishError, match="not acknowledged"):
        await pub.send(ARTICLES, "after", {"n": 1})
    await asyncio.wait_for(pub.stop(), timeout=30)


async def _send_one_by_one(pub: Publisher, numbers: range) -> list[Any]:
    out = []
    for n in numbers:
        out.append(await pub.send(ARTICLES, f"k{n}", {"n": n}))
        await asyncio.sleep(0.01)
    return out


# -- files and stdin through the command line ----------------------------------------------------


def _write_inputs(folder: Path) -> None:
    (folder / "sub").mkdir(parents=True)
    lines = [orjson.dumps(a) for a in GOOD_LINES] + [b'{"text": "unterminated', b'{"title": "no text here"}']
    (folder / "a.jsonl").write_bytes(b"\n".join(lines) + b"\n")
    (folder / "sub" / "b.txt").write_text("Bridge closes for repairs\nThe old bridge will close for a month.\n")
    (folder / "sub" / "c.html").write_text(
        "<html><head><title>Market day</title><script>track()</script></head>"
        "<body><p>Stalls opened early on Saturday.</p></body></html>"
    )
    (folder / "sub" / "d.txt").write_bytes(b"Caf\xe9 opens\nnot UTF-8 at all \xff\n")
    (folder / "notes.pdf").write_bytes(b"%PDF-1.4 skipped in folders")


async def test_ingest_files_publishes_good_and_dead_letters_bad(kafka_settings: Settings, tmp_path: Path) -> None:
    _write_inputs(tmp_path)
    proc = await asyncio.to_thread(_cli, kafka_settings, str(tmp_path))
    assert proc.returncode == 1, proc.stderr
    assert _summary(proc) == (4, 3, 0)
    assert b"malformed_json" in proc.stderr and b"bad_encoding" in proc.stderr
    articles = await _read(kafka_settings, ARTICLES, min_count=4)
    for article in articles:
        schemas.validate(article, "claimstream.article/v1")
    by_title = {a["title"]: a for a in articles}
    assert by_title["Ferries resume"]["id"] == _expected_id(GOOD_LINES[0])
    assert by_title["Bridge closes for repairs"]["text"] == "The old bridge will close for a month."
    assert by_title["Market day"]["text"] == "Stalls opened early on Saturday."
    dlq = await _read(kafka_settings, DLQ, min_count=3)
    assert sorted(d["reason"] for d in dlq) == ["bad_encoding", "malformed_json", "missing_text"]
    assert {d["stage"] for d in dlq} == {"ingest-file"}
    encoded = next(d for d in dlq if d["reason"] == "bad_encoding")
    assert encoded["original_encoding"] == "base64"

    again = await asyncio.to_thread(_cli, kafka_settings, str(tmp_path / "a.jsonl"))
    assert _summary(again) == (2, 2, 0)
    ids = [a["id"] for a in await _read(kafka_settings, ARTICLES, min_count=6)]
    assert sorted({i for i in ids if ids.count(i) == 2}) == sorted(_expected_id(a) for a in GOOD_LINES)


async def test_ingest_a_folder_refuses_links_out_of_it_and_big_files(kafka_settings: Settings, tmp_path: Path) -> None:
    outside = tmp_path / "private" / "diary.txt"
    outside.parent.mkdir()
    outside.write_text("Private diary\nNothing here may be published.\n")
    folder = tmp_path / "inbox"
    folder.mkdir()
    (folder / "ok.txt").write_text("Harbour news\nThe harbour reopened on Monday.\n")
    (folder / "diary.txt").symlink_to(outside)
    (folder / "huge.txt").write_bytes(b"many words " * 30_000)  # 330 KB over a 200 KB file limit
    settings = replace(kafka_settings, ingest_max_request_bytes=200_000)
    proc = await asyncio.to_thread(_cli, settings, str(folder))
    assert proc.returncode == 1, proc.stderr
    assert _summary(proc) == (1, 2, 0)
    (article,) = await _read(settings, ARTICLES, min_count=1)
    assert article["title"] == "Harbour news"
    dlq = await _read(settings, DLQ, min_count=2)
    by_reason = {d["reason"]: d for d in dlq}
    assert sorted(by_reason) == ["outside_folder", "too_large"]
    assert by_reason["outside_folder"]["original"] == str(folder / "diary.txt")
    assert "Nothing here" not in orjson.dumps(dlq).decode()
    assert by_reason["too_large"]["original_bytes"] <= 128 * 1024  # the head only: never read whole
    assert "330000 bytes" in by_reason["too_large"]["error"]


async def test_ingest_stdin_jsonl_all_good_exits_zero(kafka_settings: Settings) -> None:
    data = b"".join(orjson.dumps(a) + b"\n" for a in GOOD_LINES)
    proc = await asyncio.to_thread(_cli, kafka_settings, "-", stdin=data)
    assert proc.returncode == 0, proc.stderr
    assert _summary(proc) == (2, 0, 0)
    ids = sorted(a["id"] for a in await _read(kafka_settings, ARTICLES, min_count=2))
    assert ids == sorted(_expected_id(a) for a in GOOD_LINES)
    assert await _read(kafka_settings, DLQ) == []


async def test_ingest_stdin_plain_text_and_bad_bytes(kafka_settings: Settings) -> None:
    ok = await asyncio.to_thread(_cli, kafka_settings, "-", stdin=b"Storm warning\nWinds of 90 km/h tonight.\n")
    assert (ok.returncode, _summary(ok)) == (0, (1, 0, 0))
    bad = await asyncio.to_thread(_cli, kafka_settings, "-", stdin=b"\xff\xfe\x00broken")
    assert (bad.returncode, _summary(bad)) == (1, (0, 1, 0))
    (dead,) = await _read(kafka_settings, DLQ, min_count=1)
    assert (dead["reason"], dead["stage"], dead["original_encoding"]) == ("bad_encoding", "ingest-stdin", "base64")


async def test_ingest_without_a_broker_exits_3(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    path.write_bytes(orjson.dumps(GOOD_LINES[1]) + b"\n")
    settings = Settings(bootstrap_servers=f"127.0.0.1:{free_port()}")
    proc = await asyncio.to_thread(_cli, settings, str(path))
    assert proc.returncode == 3
    assert _summary(proc) == (0, 0, 1)
    assert b"cannot reach Kafka" in proc.stderr


def test_ingest_usage_errors_exit_2(tmp_path: Path) -> None:
    settings = Settings(bootstrap_servers=f"127.0.0.1:{free_port()}")
    assert _cli(settings).returncode == 2
    missing = _cli(settings, str(tmp_path / "nope.jsonl"))
    assert missing.returncode == 2 and b"no such file" in missing.stderr


# -- feeds ---------------------------------------------------------------------------------------

FEED = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>Valley News</title>
<item><title>Dam inspection</title><link>https://valley.example/dam</link>
<pubDate>Wed, 08 Jan 2025 09:00:00 GMT</pubDate>
<description>Engineers inspected the dam on Wednesday.</description></item>
<item><title>Empty entry</title><link>https://valley.example/empty</link></item>
</channel></rss>"""


async def test_ingest_rss_from_a_url_and_a_file(kafka_settings: Settings, tmp_path: Path) -> None:
    app = web.Application()

    async def feed(_: web.Request) -> web.Response:
        return web.Response(body=FEED, content_type="application/rss+xml")

    app.router.add_get("/feed.xml", feed)
    runner = web.AppRunner(app)
    await runner.setup()
    port = free_port()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    try:
        by_url = await asyncio.to_thread(_cli, kafka_settings, "--rss", f"http://127.0.0.1:{port}/feed.xml")
    finally:
        await runner.cleanup()
    assert (by_url.returncode, _summary(by_url)) == (1, (1, 1, 0))
    (tmp_path / "feed.xml").write_bytes(FEED)
    (tmp_path / "broken.xml").write_bytes(b"<<< not a feed")
    by_file = await asyncio.to_thread(
        _cli, kafka_settings, "--rss", str(tmp_path / "feed.xml"), "--rss", str(tmp_path / "broken.xml")
    )
    assert _summary(by_file) == (1, 2, 0)
    articles = await _read(kafka_settings, ARTICLES, min_count=2)
    assert {a["id"] for a in articles} == {article_id_for("https://valley.example/dam", "")}
    assert articles[0]["published_at"] == "2025-01-08T09:00:00Z" and articles[0]["source"] == "Valley News"
    dlq = await _read(kafka_settings, DLQ, min_count=3)
    assert sorted(d["reason"] for d in dlq) == ["empty_text", "empty_text", "malformed_feed"]
    assert {d["stage"] for d in dlq} == {"ingest-feed"}


async def test_ingest_an_unreachable_feed_is_a_failure(kafka_settings: Settings) -> None:
    proc = await asyncio.to_thread(_cli, kafka_settings, "--rss", f"http://127.0.0.1:{free_port()}/none.xml")
    assert (proc.returncode, _summary(proc)) == (3, (0, 0, 1))
    assert b"cannot read feed" in proc.stderr


# -- the HTTP API ----------------------------------------------------------------------------------

TOKEN = "http-test-token"


@pytest.fixture
async def http(kafka_settings: Settings) -> AsyncIterator[TestClient]:
    settings = replace(
        kafka_settings,
        ingest_token=Secret(TOKEN),
        ingest_max_request_bytes=200_000,
        ingest_max_batch=5,
        max_article_bytes=20_000,
    )
    async with Publisher(settings) as pub, TestClient(TestServer(make_app(settings, pub))) as client:
        client.session.headers["Authorization"] = f"Bearer {TOKEN}"
        yield client


async def test_http_single_article_returns_its_stable_id(http: TestClient, kafka_settings: Settings) -> None:
    resp = await http.post("/articles", json=GOOD_LINES[0])
    body = await resp.json()
    assert resp.status == 201, body
    assert body["id"] == _expected_id(GOOD_LINES[0]) and body["status"] == "accepted"
    (article,) = await _read(kafka_settings, ARTICLES, min_count=1)
    assert article["id"] == body["id"] and article["title"] == "Ferries resume"


async def test_http_batch_gives_per_item_results(http: TestClient, kafka_settings: Settings) -> None:
    batch = [GOOD_LINES[1], {"text": 12}, "not an object", {"text": "  "}, {"text": "Second good one here."}]
    before = _rejected_metric("http", "wrong_type")
    resp = await http.post("/articles", json=batch)
    body = await resp.json()
    assert resp.status == 207, body
    assert (body["accepted"], body["rejected"], body["failed"]) == (2, 3, 0)
    assert [r["status"] for r in body["results"]] == ["accepted", "rejected", "rejected", "rejected", "accepted"]
    assert [r.get("reason") for r in body["results"]] == [None, "wrong_type", "not_an_object", "empty_text", None]
    assert body["results"][0]["id"] == _expected_id(GOOD_LINES[1])
    assert len(await _read(kafka_settings, ARTICLES, min_count=2)) == 2
    dlq = await _read(kafka_settings, DLQ, min_count=3)
    assert sorted(d["reason"] for d in dlq) == ["empty_text", "not_an_object", "wrong_type"]
    assert {d["stage"] for d in dlq} == {"ingest-http"}
    assert orjson.loads(next(d for d in dlq if d["reason"] == "wrong_type")["original"]) == {"text": 12}
    assert _rejected_metric("http", "wrong_type") == before + 1


@pytest.mark.parametrize(
    ("body", "status", "reason"),
    [
        (b'{"text": "unterminated', 400, "malformed_json"),
        (b'{"text": "caf\xe9"}', 400, "bad_encoding"),
        (b'{"title": "no text"}', 422, "missing_text"),
        (b'{"text": "' + b"w" * 30_000 + b'"}', 413, "too_large"),
        (b"x" * 300_000, 413, "too_large"),
        (orjson.dumps([{"text": f"item {i}"} for i in range(6)]), 413, "too_large"),
        (b"[]", 400, "empty_batch"),
        (b'{"text": "ok", "id": "a-1\\u0000x"}', 422, "bad_field"),
        (b'{"text": "ok", "title": "' + b"t" * 1001 + b'"}', 413, "too_large"),
    ],
)
async def test_http_bad_input_is_4xx_with_a_reason_and_dead_lettered(
    http: TestClient, kafka_settings: Settings, body: bytes, status: int, reason: str
) -> None:
    resp = await http.post("/articles", data=body, headers={"Content-Type": "application/json"})
    answer = await resp.json()
    assert (resp.status, answer["reason"]) == (status, reason), answer
    assert answer["error"]
    (dead,) = await _read(kafka_settings, DLQ, min_count=1)
    assert (dead["reason"], dead["stage"]) == (reason, "ingest-http")
    assert dead["original_bytes"] == min(len(body), 200_001)
    assert await _read(kafka_settings, ARTICLES) == []


async def test_http_ingest_stamps_its_own_clock(http: TestClient, kafka_settings: Settings) -> None:
    """A client's ``ingested_at`` (forged, or 150 KB long) is dropped: ingest stamps its own clock."""
    before = datetime.now(UTC)
    forged = [
        {"text": "The ferry ran late again on Friday.", "ingested_at": "1999-01-01T00:00:00Z"},
        {"text": "The bridge reopened after repairs.", "ingested_at": "2026-01-01T00:00:00Z" + "9" * 150_000},
    ]
    resp = await http.post("/articles", json=forged)
    assert resp.status == 201, await resp.json()
    got = await _read(kafka_settings, ARTICLES, min_count=2)
    assert len(got) == 2
    for article in got:
        stamped = datetime.fromisoformat(article["ingested_at"].replace("Z", "+00:00"))
        assert before - timedelta(seconds=1) <= stamped <= datetime.now(UTC)
        assert len(orjson.dumps(article)) < 1000
        schemas.validate(article)


async def test_http_with_the_token_only(kafka_settings: Settings) -> None:
    settings = replace(kafka_settings, ingest_token=Secret(TOKEN))
    async with Publisher(settings) as pub, TestClient(TestServer(make_app(settings, pub))) as client:
        denied = await client.post("/articles", json=GOOD_LINES[1])
        allowed = await client.post("/articles", json=GOOD_LINES[1], headers={"Authorization": f"Bearer {TOKEN}"})
    assert (denied.status, allowed.status) == (401, 201)
    assert len(await _read(kafka_settings, ARTICLES, min_count=1)) == 1
    assert await _read(kafka_settings, DLQ) == [], "unauthenticated requests are not stored"


HTTP_BODIES = st.one_of(
    st.binary(max_size=200),
    st.recursive(
        st.one_of(st.none(), st.booleans(), st.integers(-(2**63), 2**63), st.text(max_size=40)),
        lambda inner: st.one_of(
            st.lists(inner, max_size=3),
            st.dictionaries(st.sampled_from(["text", "title", "url", "id", "x"]), inner, max_size=4),
        ),
        max_leaves=10,
    ).map(orjson.dumps),
)


async def test_http_any_body_is_answered_and_accounted_for(http: TestClient, kafka_settings: Settings) -> None:
    tallies = {"accepted": 0, "dead": 0}
    statuses: set[int] = set()

    async def post(body: bytes) -> None:
        resp = await http.post("/articles", data=body)
        answer = await resp.json()
        statuses.add(resp.status)
        assert resp.status in (201, 207, 400, 413, 422), (resp.status, answer, body)
        if isinstance(answer.get("results"), list):
            tallies["accepted"] += answer["accepted"]
            tallies["dead"] += answer["rejected"]
        else:
            tallies["accepted" if resp.status == 201 else "dead"] += 1

    loop = asyncio.get_running_loop()
    examples: list[bytes] = []

    @settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    @given(HTTP_BODIES)
    def collect(body: bytes) -> None:
        examples.append(body)

    await loop.run_in_executor(None, collect)
    for body in examples:
        await post(body)
    articles = await _read(kafka_settings, ARTICLES, min_count=tallies["accepted"])
    dlq = await _read(kafka_settings, DLQ, min_count=tallies["dead"])
    assert (len(articles), len(dlq)) == (tallies["accepted"], tallies["dead"])
    assert 500 not in statuses


async def test_http_server_command_serves_until_sigterm(kafka_settings: Settings) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "claimstream", "ingest", "--serve", "--port", "0"],
        env=settings_env(kafka_settings),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        line = await asyncio.wait_for(asyncio.to_thread(proc.stdout.readline), timeout=60)  # type: ignore[union-attr]
        url = re.search(rb"http://\S+/articles", line)
        assert url, line
        async with ClientSession() as session:
            async with session.post(url.group().decode(), json=GOOD_LINES[0]) as resp:
                assert resp.status == 201
            async with session.get(url.group().decode().replace("/articles", "/metrics")) as resp:
                assert 'claimstream_ingest_articles_total{source="http"} 1.0' in await resp.text()
    finally:
        proc.terminate()
        assert proc.wait(timeout=30) == 0
    (article,) = await _read(kafka_settings, ARTICLES, min_count=1)
    assert article["id"] == _expected_id(GOOD_LINES[0])
