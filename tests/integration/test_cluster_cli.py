"""``claimstream broker start --nodes 3`` and friends, and ``topics describe``, as a user runs them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from claimstream.broker.proc import free_port_run

pytestmark = [pytest.mark.integration, pytest.mark.cluster, pytest.mark.timeout(400)]


def _cli(env: dict[str, str], *args: str, timeout: float = 240) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "claimstream", *args], env=env, capture_output=True, text=True, timeout=timeout
    )


def test_broker_cluster_commands(tmp_path: Path, kafka_libs: Path) -> None:
    port = free_port_run(3)
    env = dict(os.environ, CLAIMSTREAM_DATA_DIR=str(tmp_path), CLAIMSTREAM_JARS_DIR=str(kafka_libs))
    bootstrap = ",".join(f"127.0.0.1:{port + i}" for i in range(3))
    started = time.monotonic()
    start = _cli(env, "broker", "start", "--nodes", "3", "--port", str(port))
    took = time.monotonic() - started
    try:
        assert start.returncode == 0, start.stdout + start.stderr
        assert f"bootstrap {bootstrap}" in start.stdout
        env["CLAIMSTREAM_BOOTSTRAP_SERVERS"] = bootstrap
        status = _cli(env, "broker", "status")
        assert status.returncode == 0 and status.stdout.count("running pid") == 3, status.stdout
        assert status.stdout.count("(active controller)") == 1, status.stdout

        create = _cli(env, "topics", "create", "--partitions", "2")
        assert create.returncode == 0, create.stderr
        assert "replication 3, min.insync.replicas 2" in create.stdout
        described = json.loads(_cli(env, "topics", "describe", "news.articles", "--json").stdout)
        assert described["topic"] == "news.articles"
        assert [p["partition"] for p in described["partitions"]] == [0, 1]
        for part in described["partitions"]:
            assert sorted(part["replicas"]) == [1, 2, 3] and part["isr"] == [1, 2, 3]
            assert part["leader"] in part["replicas"]

        killed = _cli(env, "broker", "kill", "--node", "2")
        assert killed.returncode == 0 and "killed" in killed.stdout, killed.stderr
        down = _cli(env, "broker", "status")
        assert down.returncode == 1 and "node 2: stopped" in down.stdout, down.stdout
        deadline = time.monotonic() + 60
        while True:  # the ISR drops the killed node once the controller notices it
            text = _cli(env, "topics", "describe", "news.articles").stdout
            isrs = [line.rsplit("isr ", 1)[1] for line in text.splitlines() if "isr " in line]
            if isrs and all("2" not in isr.split(",") for isr in isrs) and "leader none" not in text:
                break
            assert time.monotonic() < deadline, text
            time.sleep(1)

        back = _cli(env, "broker", "start", "--node", "2")
        assert back.returncode == 0, back.stdout + back.stderr
        assert _cli(env, "broker", "status").returncode == 0
    finally:
        stop = _cli(env, "broker", "stop")
    assert stop.returncode == 0 and "stopped nodes 1, 2, 3" in stop.stdout, stop.stdout + stop.stderr
    assert _cli(env, "broker", "status").returncode == 1
    print(f"\nclaimstream broker start --nodes 3 (fresh data, formats included): {took:.1f} s")
