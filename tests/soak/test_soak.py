"""Soak: continuous ingestion over HTTP and from files while a worker runs; memory flat, lag bounded.

Opt-in (``make soak`` or ``pytest -m soak tests/soak``). Runs for ``CLAIMSTREAM_SOAK_SECONDS``
(default 300) on the test broker, loopback only. Every few seconds it samples the worker's RSS
(psutil, the process and its children) and the worker group's lag on news.articles, and prints them.

Asserts: every POST and every file ingest was acknowledged; the worker never died and logged no
error after warm-up; the RSS peak of the last minute stays within +15% of the peak in the minute
after warm-up; lag never exceeds a bound and drains to zero once ingestion stops; every article
came out.
"""

from __future__ import annotations

import asyncio
import os
import signal
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import orjson
import psutil
import pytest
from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient
from aiokafka.errors import KafkaError

import synthetic
from claimstream.broker.embedded import free_port
from claimstream.settings import Settings, settings_env
from claimstream.worker.app import CONSUMER_GROUP

pytestmark = [pytest.mark.soak, pytest.mark.integration]

DURATION = float(os.environ.get("CLAIMSTREAM_SOAK_SECONDS", "300"))
WARMUP = min(60.0, DURATION / 4)
SAMPLE_EVERY = 5.0
HTTP_BATCH, HTTP_EVERY = 20, 1.0  # 20 articles a second over HTTP
FILE_BATCH, FILE_EVERY = 100, 10.0  # and a 100-article JSONL file every 10 s
MAX_LAG = 1500  # articles; several minutes of input at the offered rate would be ~3000
MEMORY_GROWTH = 1.15


class Service:
    """A ``claimstream`` subcommand as a child process in its own session, logging to a file."""

    def __init__(self, args: list[str], settings: Settings, log: Path) -> None:
        self.log = log
        with open(log, "ab") as out:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "claimstream", *args],
                env=settings_env(settings),
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def rss(self) -> int:
        proc = psutil.Process(self.proc.pid)
        return sum(p.memory_info().rss for p in (proc, *proc.children(recursive=True)))

    def stop(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=40)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=10)


@pytest.fixture
def services(tmp_path: Path) -> Iterator[list[Service]]:
    started: list[Service] = []
    yield started
    for svc in started:
        svc.stop()


async def _lag(settings: Settings) -> int:
    topic = settings.topic("news.articles")
    parts = [TopicPartition(topic, p) for p in range(settings.partitions)]
    admin = AIOKafkaAdminClient(**settings.kafka_client_options())
    consumer = AIOKafkaConsumer(**settings.kafka_client_options())
    await admin.start()
    await consumer.start()
    try:
        try:
            committed = await admin.list_consumer_group_offsets(f"{settings.topic_prefix}{CONSUMER_GROUP}")
        except KafkaError:  # the group does not exist yet (worker starting): nothing committed
            committed = {}
        ends = await consumer.end_offsets(parts)
        starts = await consumer.beginning_offsets(parts)
        return sum(ends[tp] - max(committed[tp].offset if tp in committed else -1, starts[tp]) for tp in parts)
    finally:
        await consumer.stop()
        await admin.close()


def _post(port: int, body: object) -> int:
    req = urllib.request.Request(
        f"http://127.0.0.1:{port}/articles",
        data=orjson.dumps(body),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(req, timeout=60) as resp:
            return resp.status
    except urllib.error.HTTPError as exc:
        return exc.code
    except OSError:
        return 0


def _wait_http(port: int, svc: Service, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2):
                return
        except OSError:
            time.sleep(0.3)
    raise AssertionError(svc.log.read_text(errors="replace")[-3000:])


def _errors_after(log: Path, offset: int) -> list[str]:
    with open(log, "rb") as f:
        f.seek(offset)
        lines = f.read().decode(errors="replace").splitlines()
    return [ln for ln in lines if " ERROR " in ln or " CRITICAL " in ln or "Traceback" in ln]


def test_soak(
    kafka_settings: Settings, services: list[Service], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    settings = replace(kafka_settings, metrics_port=free_port())
    port = free_port()
    worker = Service(["worker"], settings, tmp_path / "worker.log")
    services.append(worker)
    ingest = Service(
        ["ingest", "--serve", "--port", str(port)], replace(settings, metrics_port=free_port()), tmp_path / "ingest.log"
    )
    services.append(ingest)
    _wait_http(port, ingest)

    ids: set[str] = set()
    samples: list[tuple[float, int, int]] = []  # (seconds since start, worker RSS bytes, lag)
    bad_posts: list[int] = []
    bad_files: list[str] = []
    n = 0
    started = time.monotonic()
    next_http = next_file = next_sample = started
    warm_log_offset = None
    while (now := time.monotonic()) - started < DURATION:
        if now >= next_http:
            batch = synthetic.articles(HTTP_BATCH, "soak-http", start=n)
            n += HTTP_BATCH
            status = _post(port, batch)
            if status == 201:
                ids.update(synthetic.article_id(a) for a in batch)
            else:
                bad_posts.append(status)
            next_http += HTTP_EVERY
        if now >= next_file:
            batch = synthetic.articles(FILE_BATCH, "soak-file", start=n)
            n += FILE_BATCH
            path = tmp_path / f"batch-{n}.jsonl"
            path.write_bytes(b"\n".join(orjson.dumps(a) for a in batch) + b"\n")
            run = subprocess.run(
                [sys.executable, "-m", "claimstream", "ingest", str(path), "--quiet"],
                env=settings_env(replace(settings, metrics_port=-1)),
                capture_output=True,
                timeout=120,
            )
            if run.returncode == 0:
                ids.update(synthetic.article_id(a) for a in batch)
            else:
                bad_files.append(run.stderr.decode(errors="replace")[-300:])
            next_file += FILE_EVERY
        if now >= next_sample:
            assert worker.proc.poll() is None, worker.log.read_text(errors="replace")[-3000:]
            samples.append((now - started, worker.rss(), asyncio.run(_lag(settings))))
            if warm_log_offset is None and now - started >= WARMUP:
                warm_log_offset = worker.log.stat().st_size
            next_sample += SAMPLE_EVERY
        time.sleep(max(0.0, min(next_http, next_file, next_sample) - time.monotonic()))
    ingest_end = time.monotonic()

    drain_deadline = time.monotonic() + 300
    while (lag := asyncio.run(_lag(settings))) > 0 and time.monotonic() < drain_deadline:
        time.sleep(2)
    drained_in = time.monotonic() - ingest_end
    got = synthetic.wait_for_articles(settings, len(ids), timeout=120)

    post = [s for s in samples if s[0] >= WARMUP]
    # RSS swings with each micro-batch, so compare peaks: the minute after warm-up against the last minute.
    baseline = max(s[1] for s in post if s[0] < WARMUP + 60)
    last_minute = [s for s in samples if s[0] >= DURATION - 60]
    peak_last = max(s[1] for s in last_minute)
    max_lag = max(s[2] for s in post)
    mb = 1024 * 1024
    report = [
        f"soak: {DURATION:.0f} s, {len(ids)} articles ingested ({n} offered; HTTP {HTTP_BATCH}/s, "
        f"files {FILE_BATCH}/{FILE_EVERY:.0f}s), {got} with claims",
        f"soak: worker RSS peak in the minute after warm-up {baseline / mb:.1f} MB, "
        f"last-minute peak {peak_last / mb:.1f} MB "
        f"({peak_last / baseline - 1:+.1%}), run peak {max(s[1] for s in samples) / mb:.1f} MB",
        f"soak: lag after warm-up max {max_lag}, median {statistics.median(s[2] for s in post):.0f}, "
        f"last-minute max {max(s[2] for s in last_minute)}; drained to {lag} in {drained_in:.1f} s",
        "soak: samples (s, RSS MB, lag): " + ", ".join(f"({t:.0f}, {r / mb:.0f}, {g})" for t, r, g in samples),
    ]
    with capsys.disabled():  # the figures are the point of the run: show them even when output is captured
        print("\n" + "\n".join(report))
    assert bad_posts == [] and bad_files == [], (bad_posts[:5], bad_files[:2])
    assert worker.proc.poll() is None
    assert warm_log_offset is not None and _errors_after(worker.log, warm_log_offset) == []
    assert peak_last <= MEMORY_GROWTH * baseline
    assert max_lag <= MAX_LAG and lag == 0
    assert got == len(ids)
