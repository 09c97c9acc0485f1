"""Delivery guarantees on the real broker: at-least-once, deduplicable by claim id.

* A worker killed with SIGKILL mid-stream and restarted: every article has its claims afterwards,
  and only articles after the committed offset (batches in flight at the kill) are duplicated.
* The broker refusing the worker's output: the worker exits (code 70) without committing, and a
  restarted worker re-reads the batch.
* The broker restarted cleanly, then killed with SIGKILL and started again, while the worker consumes
  and ``claimstream ingest --serve`` accepts articles: nothing the ingest API acknowledged (201) is
  lost, every article ends with its claims, and the worker survives.
"""

from __future__ import annotations

import asyncio
import time
from typing import Any

import orjson
import pytest
from aiokafka.admin import AIOKafkaAdminClient
from aiokafka.admin.config_resource import ConfigResource, ConfigResourceType

import ingest_client
import synthetic
from claimstream.broker.embedded import free_port
from claimstream.broker.testing import committed_offsets, consume_all, produce_raw, values
from claimstream.settings import Settings
from claimstream.worker.app import CONSUMER_GROUP

pytestmark = pytest.mark.integration


def _produce(settings: Settings, arts: list[dict[str, Any]]) -> dict[str, tuple[int, int]]:
    """Publish articles keyed by id (as ingest does); returns id -> (partition, offset)."""
    ids = [synthetic.article_id(a) for a in arts]
    metas = asyncio.run(
        produce_raw(settings, "news.articles", [(i, orjson.dumps(a)) for i, a in zip(ids, arts, strict=True)])
    )
    return {i: (m.partition, m.offset) for i, m in zip(ids, metas, strict=True)}


def test_worker_killed_mid_stream_loses_nothing_and_duplicates_only_uncommitted(kafka_settings, run_service):
    settings = kafka_settings
    first, second = synthetic.articles(250, "kill"), synthetic.articles(150, "kill", start=250)
    where = _produce(settings, first)
    worker = run_service("worker", settings)
    done_before = synthetic.wait_for_articles(settings, 80, timeout=300)
    assert done_before >= 80, worker.tail_log()
    deadline = time.monotonic() + 120
    # Kill after a first commit, mid-stream.
    while not sum(asyncio.run(committed_offsets(settings, CONSUMER_GROUP)).values()):
        assert time.monotonic() < deadline, worker.tail_log()
        time.sleep(0.5)
    where |= _produce(settings, second)  # more arriving while the worker runs
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:  # aim the kill at output published but not yet committed
        done = synthetic.wait_for_articles(settings, len(where), timeout=1)
        if done > sum(asyncio.run(committed_offsets(settings, CONSUMER_GROUP)).values()):
            break
    worker.kill()
    committed = asyncio.run(committed_offsets(settings, CONSUMER_GROUP))
    processed_at_kill = synthetic.wait_for_articles(settings, len(where), timeout=3)
    assert processed_at_kill < len(where), "the kill came too late to be mid-stream"

    worker.start()
    assert synthetic.wait_for_articles(settings, len(where), timeout=600) == len(where), worker.tail_log()
    acc = synthetic.account(settings, set(where))

    assert acc.missing_articles == set() and acc.unexpected_articles == set(), acc.summary()
    assert acc.missing_claims == {}, acc.summary()
    # At-least-once: only articles at or after their partition's committed offset may come out twice.
    reprocessed_ok = {a for a, (p, off) in where.items() if off >= committed.get(p, 0)}
    assert acc.duplicated_articles <= reprocessed_ok, acc.summary()
    print(
        f"\nworker SIGKILL: {len(where)} articles, {processed_at_kill} done at the kill, committed "
        f"{sum(committed.values())}; lost: 0, duplicated articles: {len(acc.duplicated_articles)}, "
        f"duplicate claim records: {acc.duplicate_records} (allowed: {len(reprocessed_ok)} uncommitted)"
    )


async def _set_max_message_bytes(settings: Settings, topic: str, value: int) -> None:
    admin = AIOKafkaAdminClient(**settings.kafka_client_options())
    await admin.start()
    try:
        await admin.alter_configs(
            [ConfigResource(ConfigResourceType.TOPIC, settings.topic(topic), {"max.message.bytes": str(value)})]
        )
    finally:
        await admin.close()


def test_a_refused_publish_stops_the_worker_without_committing(kafka_settings, run_service):
    """The broker refuses every entities message: the worker exits 70 and commits nothing; once the
    topic accepts them again, a restarted worker re-reads the same records and nothing is lost."""
    settings = kafka_settings
    asyncio.run(_set_max_message_bytes(settings, "claims.entities", 64))
    where = _produce(settings, synthetic.articles(60, "refused"))
    worker = run_service("worker", settings)
    assert worker.proc is not None and worker.proc.wait(timeout=300) == 70, worker.tail_log()
    assert sum(asyncio.run(committed_offsets(settings, CONSUMER_GROUP)).values()) == 0
    assert "exiting so the uncommitted batch is re-read" in worker.tail_log(200)

    asyncio.run(_set_max_message_bytes(settings, "claims.entities", 1_048_588))
    worker.start()
    assert synthetic.wait_for_articles(settings, len(where), timeout=300) == len(where), worker.tail_log()
    acc = synthetic.account(settings, set(where))
    assert acc.missing_articles == set() and acc.missing_claims == {}, acc.summary()
    print(
        f"\nrefused publish: worker exited 70 with nothing committed; after restart lost: 0, "
        f"duplicate claim records: {acc.duplicate_records} (quotes/aid of the refused batch)"
    )


# -- broker restarts ----------------------------------------------------------------------------------


def test_broker_restart_and_kill_lose_nothing(broker_factory, run_service):
    broker = broker_factory()
    settings = broker.settings()
    broker.create_topics(settings)
    port = free_port()
    ingest = run_service("ingest", settings, "--serve", "--port", str(port))
    worker = run_service("worker", settings)
    ingest_client.wait_http(port, ingest)

    arts = synthetic.articles(480, "restart")
    # A backlog, so the worker is busy at the faults.
    assert ingest_client.post(port, arts[:300])[0] == 201, ingest.tail_log()
    assert synthetic.wait_for_articles(settings, 30, timeout=300) >= 30, worker.tail_log()

    sender = ingest_client.Sender(port, arts[300:], pause=0.15)
    sender.start()
    time.sleep(1)
    assert sender.is_alive()
    before = synthetic.wait_for_articles(settings, len(arts), timeout=2)
    broker.restart()  # clean shutdown and start, same port and data
    time.sleep(6)
    assert sender.is_alive(), "the sender finished before the second fault"
    broker.kill()  # SIGKILL: no flush, no controlled shutdown
    time.sleep(2)
    broker.start()
    sender.join(timeout=600)
    assert not sender.is_alive()
    assert sender.unexpected == [], sender.unexpected  # never a 4xx for a good article

    # What the API acknowledged is on the topic, whatever the broker went through.
    on_topic = {r["id"] for r in values(asyncio.run(consume_all(settings, "news.articles", idle_timeout=3)))}
    assert set(sender.acked) <= on_topic, len(set(sender.acked) - on_topic)
    # A client retries what was refused (503 or no answer); then every article must come out.
    refused, acknowledged = len(sender.refused), len(sender.acked)
    ingest_client.resend(port, sender.refused, sender.acked)

    expected = {synthetic.article_id(a) for a in arts}
    got = synthetic.wait_for_articles(settings, len(expected), timeout=600)
    assert got == len(expected), f"{got}/{len(expected)}\n{worker.tail_log()}"
    acc = synthetic.account(settings, expected)
    assert acc.missing_articles == set() and acc.unexpected_articles == set(), acc.summary()
    assert acc.missing_claims == {}, acc.summary()
    assert worker.proc is not None and worker.proc.poll() is None, worker.tail_log()
    assert before < len(arts), "the worker had finished before the faults"
    print(
        f"\nbroker restart + kill -9: {len(expected)} articles ({before} done at the first fault), "
        f"{acknowledged} acknowledged during "
        f"the faults, {refused} refused and re-sent; lost: 0, duplicated articles: "
        f"{len(acc.duplicated_articles)}, duplicate claim records: {acc.duplicate_records}"
    )
