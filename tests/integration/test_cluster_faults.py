"""Faults on a real 3-node KRaft cluster (replication 3, min.insync.replicas 2) under load.

Articles are POSTed one at a time to ``claimstream ingest --serve`` while a real ``claimstream
worker`` consumes; the faults are SIGKILL or clean restarts of the nodes' JVMs. Every test checks:
every article answered 201 is on ``news.articles`` (never a 2xx for an article the cluster did not
store) and comes out on ``claims.entities`` with all its claims (lost: 0). Refused articles (503 or
no answer) are sent again, as a client would. Each test prints sent, acknowledged, lost,
duplicated and the time to recover. The cluster is shared by the session (``kafka_cluster``).
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from typing import Any

import pytest

import ingest_client
import synthetic
from claimstream.broker import admin
from claimstream.broker.embedded import free_port
from claimstream.broker.testing import TestCluster, committed_offsets, consume_all, values
from claimstream.settings import Settings, settings_env
from claimstream.worker.app import CONSUMER_GROUP

pytestmark = [pytest.mark.integration, pytest.mark.cluster, pytest.mark.timeout(420)]

PARTITIONS = 2
ALL_TOPICS = ("news.articles", "news.articles.dlq", "claims.entities", "claims.quotes", "claims.aid")


@dataclass
class Pipeline:
    cluster: TestCluster
    settings: Settings
    port: int
    ingest: Any
    worker: Any

    def keep_worker_running(self) -> int:
        """Restart the worker if it exited (code 70: it could not publish): what a supervisor does."""
        proc = self.worker.proc
        if proc is not None and proc.poll() is not None:
            assert proc.returncode == 70, self.worker.tail_log()
            self.worker.start()
            return 1
        return 0


@pytest.fixture
def pipeline(kafka_cluster: TestCluster, run_service: Any, request: pytest.FixtureRequest) -> Pipeline:
    kafka_cluster.ensure_all_running()
    settings = kafka_cluster.settings(request.node.name[5:30], partitions=PARTITIONS)
    infos = kafka_cluster.create_topics(settings)
    assert {(i.replication_factor, i.min_insync_replicas) for i in infos} == {(3, 2)}
    port = free_port()
    ingest = run_service("ingest", settings, "--serve", "--port", str(port))
    worker = run_service("worker", settings)
    ingest_client.wait_http(port, ingest)
    return Pipeline(kafka_cluster, settings, port, ingest, worker)


def _under_load(p: Pipeline, sender: ingest_client.Sender) -> None:
    """Faults come once articles flow end to end (the worker is consuming and publishing)."""
    sender.wait_acks(10)
    assert synthetic.wait_for_articles(p.settings, 5, timeout=180) >= 5, p.worker.tail_log()


def _resend(p: Pipeline, refused: list[dict[str, Any]], acked: dict[str, tuple[int, int]]) -> None:
    ingest_client.resend(p.port, refused, acked)


def _account(
    p: Pipeline, sender: ingest_client.Sender, expected: set[str], label: str, recovered: str
) -> synthetic.Accounting:
    """The checks every fault test makes, then one line of figures."""
    assert sender.unexpected == [], sender.unexpected  # never a 4xx/5xx other than 503 for a good article
    on_topic = {r["id"] for r in values(asyncio.run(consume_all(p.settings, "news.articles", idle_timeout=3)))}
    lost_at_ingest = set(sender.acked) - on_topic
    assert not lost_at_ingest, f"{len(lost_at_ingest)} acknowledged articles are not on news.articles"
    refused, acknowledged = len(sender.refused), len(sender.acked)
    _resend(p, sender.refused, sender.acked)
    deadline = time.monotonic() + 300
    while (got := synthetic.wait_for_articles(p.settings, len(expected), timeout=20)) < len(expected):
        p.keep_worker_running()
        assert time.monotonic() < deadline, f"{got}/{len(expected)}\n{p.worker.tail_log()}"
    acc = synthetic.account(p.settings, expected)
    assert acc.missing_articles == set() and acc.unexpected_articles == set(), acc.summary()
    assert acc.missing_claims == {}, acc.summary()
    print(
        f"\n{label}: sent {sender.sent}, acknowledged {acknowledged} (+{refused} refused "
        f"and re-sent), lost 0, duplicated articles {len(acc.duplicated_articles)}, duplicate claim "
        f"records {acc.duplicate_records}; {recovered}"
    )
    return acc


def test_partition_leader_killed_and_restarted_loses_nothing(pipeline: Pipeline) -> None:
    p = pipeline
    sender = ingest_client.Sender(p.port, synthetic.articles(400, "leader"), pause=0.1)
    sender.start()
    _under_load(p, sender)
    victim = p.cluster.leader(p.settings, "news.articles", 0)
    killed_at = time.monotonic()
    p.cluster.kill_node(victim)
    sender.wait_acks(len(sender.acked) + 10)  # articles keep being acknowledged without it
    moved = p.cluster.leader(p.settings, "news.articles", 0)
    assert moved not in (victim, -1)
    # A plain consumer (`claimstream tail`) given all three addresses, one of them dead, reads on.
    tail = subprocess.run(
        [sys.executable, "-m", "claimstream", "tail", "claims.entities", "--from-beginning", "--max-messages", "5"],
        env=settings_env(p.settings),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert tail.returncode == 0, tail.stderr[-2000:]
    assert len([json.loads(line)["article_id"] for line in tail.stdout.splitlines()]) == 5
    restarted_at = time.monotonic()
    p.cluster.start_node(victim)
    in_sync_s = p.cluster.wait_in_sync(p.settings, ALL_TOPICS) + (time.monotonic() - restarted_at)
    sender.wait_acks(len(sender.acked) + 5)
    sender.stopping.set()
    sender.join(timeout=120)
    assert p.worker.proc.poll() is None, p.worker.tail_log()  # the worker rode through the failover
    gap = sender.first_ack_after(killed_at)
    _account(
        p,
        sender,
        {synthetic.article_id(a) for a in sender.arts[: sender.sent]},
        f"leader of news.articles[0] (node {victim}) SIGKILLed",
        f"first 201 {gap:.1f} s after the kill, new leader node {moved}, node back in sync "
        f"{in_sync_s:.1f} s after its restart",
    )


def test_active_controller_killed_under_load_the_pipeline_carries_on(pipeline: Pipeline) -> None:
    p = pipeline
    sender = ingest_client.Sender(p.port, synthetic.articles(400, "controller"), pause=0.1)
    sender.start()
    _under_load(p, sender)
    controller = p.cluster.active_controller()
    assert controller is not None
    killed_at = time.monotonic()
    p.cluster.kill_node(controller)
    before = len(sender.acked)
    sender.wait_acks(before + 15)  # ingest carries on while the quorum elects a new controller
    deadline = time.monotonic() + 60
    while (elected := p.cluster.active_controller()) in (controller, None):
        assert time.monotonic() < deadline, "no new controller"
        time.sleep(0.3)
    p.cluster.start_node(controller)
    sender.wait_acks(len(sender.acked) + 5)
    sender.stopping.set()
    sender.join(timeout=120)
    assert p.worker.proc.poll() is None, p.worker.tail_log()
    gap = sender.first_ack_after(killed_at)
    _account(
        p,
        sender,
        {synthetic.article_id(a) for a in sender.arts[: sender.sent]},
        f"active controller (node {controller}) SIGKILLed",
        f"first 201 {gap:.1f} s after the kill, node {elected} elected controller",
    )


def test_rolling_restart_of_all_three_nodes_loses_nothing(pipeline: Pipeline) -> None:
    p = pipeline
    sender = ingest_client.Sender(p.port, synthetic.articles(600, "rolling"), pause=0.1)
    sender.start()
    _under_load(p, sender)
    started = time.monotonic()
    for node in p.cluster.cluster.node_ids:
        p.cluster.stop_node(node)
        seen = len(sender.acked)
        sender.wait_acks(seen + 3)  # acknowledged while this node is down
        p.cluster.start_node(node)
        p.cluster.wait_in_sync(p.settings, ALL_TOPICS)
    took = time.monotonic() - started
    sender.wait_acks(len(sender.acked) + 5)
    sender.stopping.set()
    sender.join(timeout=120)
    assert p.worker.proc.poll() is None, p.worker.tail_log()
    _account(
        p,
        sender,
        {synthetic.article_id(a) for a in sender.arts[: sender.sent]},
        "rolling restart of nodes 1, 2, 3",
        f"the whole roll (each node stopped, restarted and back in sync) took {took:.1f} s",
    )


def test_two_nodes_down_ingest_refuses_and_the_worker_commits_nothing_it_did_not_publish(
    pipeline: Pipeline,
) -> None:
    """Two of three nodes SIGKILLed: no quorum, no partition can reach min ISR 2. The worker holds
    a backlog when it happens (it is paused with SIGSTOP while the backlog is ingested, then let
    go): it cannot publish, so it must exit (70) rather than commit; ingest answers 503."""
    p = pipeline
    assert synthetic.wait_for_articles(p.settings, 0, timeout=1) == 0
    arts = synthetic.articles(14, "twodown")
    acked: dict[str, tuple[int, int]] = {}
    _resend(p, arts[:1], acked)
    assert synthetic.wait_for_articles(p.settings, 1, timeout=180) == 1, p.worker.tail_log()  # consuming
    os.killpg(p.worker.proc.pid, signal.SIGSTOP)
    for art in arts[1:12]:
        status, body = ingest_client.post(p.port, art)
        assert status == 201, body
        acked[body["id"]] = (body["partition"], body["offset"])
    survivor, *down = p.cluster.running()
    for node in down:
        p.cluster.kill_node(node)
    os.killpg(p.worker.proc.pid, signal.SIGCONT)
    asked = time.monotonic()
    status, body = ingest_client.post(p.port, arts[12])
    refused_after = time.monotonic() - asked
    assert status == 503, body
    assert body["reason"] == "not_acknowledged" and "Kafka" in body["error"], body
    try:
        code = p.worker.proc.wait(timeout=90)  # its publish budget runs out
    except subprocess.TimeoutExpired:
        code = None  # still waiting on the broker: it has committed nothing either
    assert code in (70, None), p.worker.tail_log()

    back_at = time.monotonic()
    p.cluster.start_node(down[0])
    # Read before the claims: a commit only ever follows the publishing of its batch.
    committed = asyncio.run(admin.retrying(lambda: committed_offsets(p.settings, CONSUMER_GROUP), attempts=20))
    if code is not None:
        p.worker.start()
    _resend(p, arts[12:], acked)
    expected = set(acked)
    deadline = time.monotonic() + 300
    while (got := synthetic.wait_for_articles(p.settings, len(expected), timeout=20)) < len(expected):
        p.keep_worker_running()
        assert time.monotonic() < deadline, f"{got}/{len(expected)}\n{p.worker.tail_log()}"
    flowing_s = time.monotonic() - back_at
    acc = synthetic.account(p.settings, expected)
    assert acc.missing_articles == set() and acc.missing_claims == {}, acc.summary()
    # Never committed past what was published: every article below a committed offset has its claims.
    below = {a for a, (part, off) in acked.items() if off < committed.get(part, 0)}
    assert below <= set(acc.entities), below - set(acc.entities)
    p.cluster.start_node(down[1])
    p.cluster.wait_in_sync(p.settings, ALL_TOPICS)
    print(
        f"\ntwo nodes down ({', '.join(map(str, down))}; node {survivor} alone): sent {len(arts)}, acknowledged "
        f"{len(acked)} (1 refused with 503 after {refused_after:.1f} s, then re-sent), lost 0, duplicated "
        f"articles {len(acc.duplicated_articles)}, duplicate claim records {acc.duplicate_records}; worker "
        f"{'exited 70' if code == 70 else 'kept waiting'} with a backlog of 11, offsets committed when a node "
        f"came back: {sum(committed.values())} (1 article published before the fault); everything out "
        f"{flowing_s:.1f} s after node {down[0]} was started again"
    )
