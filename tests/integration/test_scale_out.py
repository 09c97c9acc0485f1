"""Two worker processes in one consumer group split the partitions and, together, process every
article exactly once when nothing fails (checked by claim id on the real broker)."""

from __future__ import annotations

import asyncio
import re
import time
import urllib.request

import orjson
import pytest

import synthetic
from claimstream.broker.testing import produce_raw

pytestmark = pytest.mark.integration

_ASSIGNED = re.compile(r"Setting newly assigned partitions \{(.*)\} for group")
_PARTITION = re.compile(r"topic='([^']+)', partition=(\d+)")


def _assigned(log: str, topic: str) -> set[int]:
    """The article partitions of the last assignment the worker logged (aiokafka's coordinator line)."""
    found = _ASSIGNED.findall(log)
    if not found:
        return set()
    return {int(p) for t, p in _PARTITION.findall(found[-1]) if t == topic}


def _extracted(port: int) -> float:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5) as resp:
        text = resp.read().decode()
    match = re.search(r'^claimstream_worker_articles_total\{outcome="extracted"\} (\S+)$', text, re.M)
    return float(match.group(1)) if match else 0.0


def test_two_workers_split_the_partitions_and_process_each_article_once(kafka_settings, run_service):
    settings = kafka_settings
    topic = settings.topic("news.articles")
    workers = [run_service("worker", settings), run_service("worker", settings)]

    deadline = time.monotonic() + 180
    while True:  # both members joined and the partitions are split before anything is produced
        parts = [_assigned(w.log.read_text(errors="replace"), topic) for w in workers]
        if all(parts) and not parts[0] & parts[1] and parts[0] | parts[1] == set(range(settings.partitions)):
            break
        assert time.monotonic() < deadline, f"{parts}\n{workers[0].tail_log()}\n{workers[1].tail_log()}"
        time.sleep(1)

    arts = synthetic.articles(300, "scale")
    ids = [synthetic.article_id(a) for a in arts]
    asyncio.run(produce_raw(settings, "news.articles", [(i, orjson.dumps(a)) for i, a in zip(ids, arts, strict=True)]))
    assert synthetic.wait_for_articles(settings, len(ids), timeout=600) == len(ids)
    acc = synthetic.account(settings, set(ids))

    assert acc.missing_articles == set() and acc.unexpected_articles == set(), acc.summary()
    assert acc.missing_claims == {}, acc.summary()
    assert acc.duplicate_records == 0, acc.summary()  # nothing failed, so nothing was re-processed
    final = [_assigned(w.log.read_text(errors="replace"), topic) for w in workers]
    assert final == parts, "a rebalance happened while articles flowed"
    done = [_extracted(w.settings.metrics_port) for w in workers]
    assert all(n > 0 for n in done) and sum(done) == len(ids), done
    print(
        f"\nscale-out: partitions {sorted(parts[0])} / {sorted(parts[1])}, articles {done[0]:.0f} + "
        f"{done[1]:.0f} = {len(ids)}, duplicates 0"
    )


def test_workers_joining_and_leaving_mid_stream_lose_no_article(kafka_settings, run_service):
    """Rebalances while articles flow: a second worker joins, then a third, then the second leaves.
    Each rebalance hands the partitions over while the running workers' fetchers are busy (the moment
    faust 0.15 could drop fetched messages and commit past them, bus/faust_recovery.py): every
    article must still come out; articles in flight at a hand-over may come out twice."""
    settings = kafka_settings
    arts = synthetic.articles(500, "join")
    ids = [synthetic.article_id(a) for a in arts]
    asyncio.run(produce_raw(settings, "news.articles", [(i, orjson.dumps(a)) for i, a in zip(ids, arts, strict=True)]))
    first = run_service("worker", settings)
    assert synthetic.wait_for_articles(settings, 40, timeout=300) >= 40, first.tail_log()
    second = run_service("worker", settings)
    assert synthetic.wait_for_articles(settings, 160, timeout=300) >= 160, second.tail_log()
    third = run_service("worker", settings)
    assert synthetic.wait_for_articles(settings, 280, timeout=300) >= 280, third.tail_log()
    assert second.stop() is not None, second.tail_log()  # a clean leave: another rebalance
    got = synthetic.wait_for_articles(settings, len(ids), timeout=600)
    acc = synthetic.account(settings, set(ids))
    assert got == len(ids) and acc.missing_articles == set(), acc.summary()
    assert acc.missing_claims == {}, acc.summary()
    assert acc.unexpected_articles == set(), acc.summary()
    print(
        f"\njoin and leave mid-stream: {len(ids)} articles, missing 0, duplicated articles "
        f"{len(acc.duplicated_articles)}, duplicate claim records {acc.duplicate_records}"
    )
