"""Poison articles on the real broker (issue 11, point 1): no article can stall the worker group.

* The issue's reproduction, ``x`` and 30,000 ``!`` (and ``x`` and 60,000 ``!``) among 60 good
  articles with two workers: every article comes out, soon (before the fix 31 of 60 did, then nothing).
* An article whose parse overruns its time budget is dead-lettered as ``extraction_timeout`` with
  its source offset, and the articles after it, on its own partition too, come out.
* A worker whose extraction process is busy keeps answering ``/metrics`` and stops promptly on
  SIGTERM, taking its extraction process with it.
* Property: whatever hostile texts (punctuation runs, giant tokens, nested quote marks, mixed
  scripts) arrive, the good articles beside them come out within a bound.
"""

from __future__ import annotations

import asyncio
import re
import signal
import time
import urllib.request
from dataclasses import replace
from typing import Any

import orjson
import psutil
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import synthetic
from claimstream.broker.testing import committed_offsets, consume_all, values
from claimstream.contracts.articles import parse_article
from claimstream.settings import Settings
from claimstream.worker.app import CONSUMER_GROUP

pytestmark = pytest.mark.integration

POISON = "x" + "!" * 30_000  # the issue's reproduction: minutes in spaCy's tokenizer before the fix
BIG_POISON = "x" + "!" * 60_000  # about four times as long again


def _produce(settings: Settings, arts: list[dict[str, Any]], partition: int | None = None) -> list[Any]:
    """Publish articles keyed by id; all on ``partition`` when given. Returns their metadata."""
    ids = [_id(a) for a in arts]
    name = settings.topic("news.articles")

    async def send() -> list[Any]:
        from aiokafka import AIOKafkaProducer

        producer = AIOKafkaProducer(acks="all", max_request_size=4 * 2**20, **settings.kafka_client_options())
        await producer.start()
        try:
            futures = [
                await producer.send(name, orjson.dumps(a), key=i.encode(), partition=partition)
                for i, a in zip(ids, arts, strict=True)
            ]
            return list(await asyncio.gather(*futures))
        finally:
            await producer.stop()

    return asyncio.run(send())


def _id(raw: dict[str, Any]) -> str:
    return parse_article(dict(raw), max_text_bytes=2**24, stamp_ingested=False)["id"]


def _prose(size: int, run: str) -> str:
    """Ordinary sentences (the synthetic articles') up to ``size`` characters: slow only by its length."""
    parts: list[str] = []
    total, i = 0, 0
    while total < size:
        parts.append(synthetic.article(i, run)["text"])
        total += len(parts[-1]) + 2
        i += 1
    return "\n\n".join(parts)[:size]


def _dead_letters(settings: Settings) -> list[dict[str, Any]]:
    return values(asyncio.run(consume_all(settings, "news.articles.dlq", idle_timeout=2)))


def _metrics(port: int, timeout: float = 5.0) -> str:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=timeout) as resp:
        return resp.read().decode()


def test_the_issues_poison_article_does_not_stall_two_workers(kafka_settings, run_service):
    settings = kafka_settings
    good = synthetic.articles(60, "poison")
    poisons = [{"url": f"https://news.example.test/bang/{i}", "text": t} for i, t in enumerate((POISON, BIG_POISON))]
    _produce(settings, [*good[:30], *poisons, *good[30:]])
    worker = run_service("worker", settings, "--processes", "2")
    # Generous for 62 short articles on a loaded machine; the poisons alone took far longer before.
    assert synthetic.wait_for_articles(settings, 62, timeout=180) == 62, worker.tail_log()
    acc = synthetic.account(settings, {synthetic.article_id(a) for a in [*good, *poisons]})
    assert not acc.missing_articles and not acc.missing_claims, acc.summary()
    assert _dead_letters(settings) == []


def test_an_article_over_its_budget_is_dead_lettered_and_its_partition_flows(kafka_settings, run_service):
    # A tight budget and a 900 kB article of ordinary prose: its parse takes several times the budget.
    settings = replace(
        kafka_settings,
        article_timeout_s=3.0,
        article_timeout_per_kb_s=0.005,
        max_article_bytes=1_000_000,
        batch_size=8,
    )
    before = synthetic.articles(6, "budget")
    big = {"url": "https://news.example.test/budget/long", "text": _prose(900_000, "long")}
    after = synthetic.articles(10, "budget", start=6)
    metas = _produce(settings, [*before, big, *after], partition=2)
    big_offset = metas[len(before)].offset
    worker = run_service("worker", settings)
    expected = {synthetic.article_id(a) for a in [*before, *after]}
    assert synthetic.wait_for_articles(settings, len(expected), timeout=300) >= len(expected), worker.tail_log()
    acc = synthetic.account(settings, expected)
    assert not acc.missing_articles and not acc.missing_claims, acc.summary()
    assert _id(big) not in acc.entities
    deadline = time.monotonic() + 60
    while not (letters := _dead_letters(settings)) and time.monotonic() < deadline:
        time.sleep(1)
    assert [(d["reason"], d["stage"], d["source_partition"], d["source_offset"]) for d in letters] == [
        ("extraction_timeout", "worker-extract", 2, big_offset)
    ], letters
    assert "budget" in letters[0]["error"] and letters[0]["original_truncated"]
    deadline = time.monotonic() + 60  # the group's offset moved past the article: no re-read after a rebalance
    while asyncio.run(committed_offsets(settings, CONSUMER_GROUP)).get(2, -1) <= big_offset:
        assert time.monotonic() < deadline, worker.tail_log()
        time.sleep(1)
    exported = _metrics(worker.settings.metrics_port)
    restarts = re.search(
        r'^claimstream_worker_extractor_restarts_total\{reason="extraction_timeout"\} (\S+)$',
        exported,
        re.M,
    )
    assert restarts and float(restarts.group(1)) >= 1, exported
    assert 'claimstream_dlq_messages_total{reason="extraction_timeout",stage="worker-extract"}' in exported


def test_a_busy_worker_answers_metrics_and_stops_promptly_on_sigterm(kafka_settings, run_service):
    settings = replace(kafka_settings, max_article_bytes=1_000_000)
    poison = {"url": "https://news.example.test/busy/bang", "text": POISON}
    big = {"url": "https://news.example.test/busy/long", "text": _prose(900_000, "busy")}
    _produce(settings, [poison], partition=0)
    worker = run_service("worker", settings)
    port = worker.settings.metrics_port
    deadline = time.monotonic() + 120
    while "claimstream_worker_batch_articles_count" not in _metrics_or_empty(port):
        assert time.monotonic() < deadline and worker.proc.poll() is None, worker.tail_log()
        time.sleep(0.5)
    assert synthetic.wait_for_articles(settings, 1, timeout=180) == 1, worker.tail_log()  # the poison, extracted
    # The big article alone in the next batch (sent once the worker is idle, so it never shares a batch
    # with the poison): tens of seconds of parsing, during which the checks below run.
    _produce(settings, [big], partition=0)
    time.sleep(3)
    children = psutil.Process(worker.proc.pid).children(recursive=True)
    assert children, "the worker has no extraction process"
    for _ in range(5):  # the big article is being parsed now: /metrics still answers, promptly
        assert "claimstream_worker_articles_total" in _metrics(port, timeout=5)
        time.sleep(0.5)
    assert synthetic.wait_for_articles(settings, 2, timeout=1) == 1, "the big article finished too soon to test"
    # stop() sends SIGTERM, waits 40 s, then SIGKILLs. A worker that waited for the parse would either be
    # killed or would have written the big article's output before exiting.
    code = worker.stop()
    assert code is not None and code != -signal.SIGKILL, worker.tail_log()
    assert synthetic.wait_for_articles(settings, 2, timeout=1) == 1, "the worker finished the parse before exiting"
    _, alive = psutil.wait_procs(children, timeout=10)
    assert not alive, f"extraction processes left behind: {alive}"


def _metrics_or_empty(port: int) -> str:
    try:
        return _metrics(port, timeout=2)
    except OSError:
        return ""


_HOSTILE = st.one_of(
    st.builds(
        lambda c, n: c * n, st.sampled_from(list("!?.\"'()-_*#/\u201c\u201d\u00ab\u2026")), st.integers(200, 20_000)
    ),
    st.builds(
        lambda w, n: w * n,
        st.text(alphabet="ab\u00e9\u4e2d\u0416\u0627!\"'", min_size=1, max_size=5),
        st.integers(100, 4_000),
    ),
    st.builds(
        "".join,
        st.lists(st.sampled_from(["\u201c", "\u2018", '"', "'", "\u00ab", "x", " "]), min_size=50, max_size=3000),
    ),
)


@pytest.fixture
def across_examples() -> dict[str, Any]:
    """Function-scoped fixtures live for all of a hypothesis test's examples: one worker for them all."""
    return {"examples": 0}


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(_HOSTILE, min_size=1, max_size=3))
def test_good_articles_beside_generated_hostile_ones_come_out_within_a_bound(
    kafka_settings, run_service, across_examples, texts: list[str]
):
    settings = kafka_settings
    if "worker" not in across_examples:
        across_examples["worker"] = run_service("worker", settings)
    k = across_examples["examples"] = across_examples["examples"] + 1
    good = synthetic.articles(4, f"hostile-{k}")
    hostile = [{"url": f"https://news.example.test/hostile/{k}/{j}", "text": t} for j, t in enumerate(texts)]
    _produce(settings, [good[0], *hostile, *good[1:]], partition=k % 6)
    wanted = {synthetic.article_id(a) for a in good}
    deadline = time.monotonic() + 120
    while not wanted <= (seen := set(_entities(settings))):
        assert time.monotonic() < deadline, f"missing {wanted - seen}: {across_examples['worker'].tail_log()}"
        time.sleep(0.5)


def _entities(settings: Settings) -> list[str]:
    return [e["article_id"] for e in values(asyncio.run(consume_all(settings, "claims.entities", idle_timeout=1)))]
