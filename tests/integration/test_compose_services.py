"""The claimstream services of docker-compose.yml, run as written, against the real broker.

Docker is not available here, so each claimstream service's own ``command`` and ``environment``
from docker-compose.yml run as local processes. Only what cannot carry over is replaced: the
broker address (the session broker), the topic prefix (unique to this test), the data folder,
fixed ports (free ones instead) and the Alertmanager URL (no Alertmanager here). Each
service's compose healthcheck command is then run as written (with the port swapped) and must
pass, and an article posted to the ingest API must come out as claims and alerts.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import shlex
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

import pytest
import yaml

from claimstream.broker.embedded import free_port
from claimstream.broker.testing import TestBroker, consume_all, values

pytestmark = [pytest.mark.integration, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
SAMPLES = ROOT / "services" / "claimstream" / "data" / "samples" / "articles.jsonl"
_INTERPOLATION = re.compile(r"\$\{(\w+)(?::?-([^}]*)|:?\?[^}]*)?\}")  # ${V}, ${V:-default}, ${V:?required}


def _resolve(value: Any) -> str:
    return _INTERPOLATION.sub(lambda m: m.group(2) or "", str(value))


def _command(svc: dict[str, Any]) -> list[str]:
    cmd = svc["command"]
    return shlex.split(cmd) if isinstance(cmd, str) else [str(c) for c in cmd]


def _swap_port(args: list[str], old: int, new: int) -> list[str]:
    return [re.sub(rf"(?<![0-9]){old}(?![0-9])", str(new), a) for a in args]


class Service:
    """One compose service as a local process, with its compose healthcheck adapted to its ports."""

    def __init__(self, name: str, svc: dict[str, Any], env: dict[str, str], logs: Path) -> None:
        self.name = name
        self.cmd = _command(svc)
        self.env = env
        self.health = [str(x) for x in svc.get("healthcheck", {}).get("test", [])][1:]  # drop "CMD"
        self.log = logs / f"{name}.log"
        self.proc: subprocess.Popen[bytes] | None = None

        self.ports: dict[int, int] = {}  # compose port -> the free local port used instead

    def use_port(self, old: int, new: int) -> None:
        self.ports[old] = new
        self.cmd = _swap_port(self.cmd, old, new)
        self.health = _swap_port(self.health, old, new)

    def argv(self) -> list[str]:
        assert self.cmd[0] == "claimstream"
        return [str(BIN / "claimstream"), *self.cmd[1:]]

    def start(self) -> None:
        with self.log.open("wb") as out:
            self.proc = subprocess.Popen(self.argv(), env=self.env, stdout=out, stderr=subprocess.STDOUT)

    def healthy(self) -> bool:
        argv = [sys.executable if self.health[0] == "python" else self.health[0], *self.health[1:]]
        return subprocess.run(argv, capture_output=True, timeout=10).returncode == 0

    def wait_healthy(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.proc is not None and self.proc.poll() is None, f"{self.name} exited:\n{self.tail()}"
            if self.healthy():
                return
            time.sleep(1)
        pytest.fail(f"{self.name} not healthy after {timeout:.0f}s:\n{self.tail()}")

    def stop(self) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()

    def tail(self) -> str:
        return self.log.read_text(errors="replace")[-3000:] if self.log.exists() else ""


def _env(svc: dict[str, Any], overrides: dict[str, str]) -> dict[str, str]:
    env = dict(os.environ)
    env.update({k: _resolve(v) for k, v in (svc.get("environment") or {}).items()})
    env.update(overrides)
    return env


def _scrape_ports(service: str) -> set[int]:
    """The ports deploy/prometheus/prometheus.yml scrapes ``service`` on (static or DNS targets)."""
    config = yaml.safe_load((ROOT / "deploy" / "prometheus" / "prometheus.yml").read_text(encoding="utf-8"))
    ports: set[int] = set()
    for job in config["scrape_configs"]:
        for static in job.get("static_configs", []):
            ports |= {int(t.rpartition(":")[2]) for t in static["targets"] if t.rpartition(":")[0] == service}
        for dns in job.get("dns_sd_configs", []):
            ports |= {int(dns["port"])} if service in dns.get("names", []) else set()
    return ports


def _metrics_text(port: int) -> str:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=10) as resp:
        return resp.read().decode()


TOKEN = "compose-test-token"


def _post(url: str, article: dict[str, Any]) -> dict[str, Any]:
    headers = {"content-type": "application/json", "Authorization": f"Bearer {TOKEN}"}
    req = urllib.request.Request(url, data=json.dumps(article).encode(), method="POST", headers=headers)
    with urllib.request.urlopen(req, timeout=30) as resp:
        assert resp.status == 201
        return json.loads(resp.read())


def test_compose_services_run_as_written(kafka_broker: TestBroker, tmp_path: Path) -> None:
    services = yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))["services"]
    settings = kafka_broker.unique_settings("compose")  # topics are created by topic-init below
    common = {
        "CLAIMSTREAM_BOOTSTRAP_SERVERS": kafka_broker.bootstrap,
        "CLAIMSTREAM_TOPIC_PREFIX": settings.topic_prefix,
        "CLAIMSTREAM_ALERTMANAGER_URL": "",
        "CLAIMSTREAM_INGEST_TOKEN": TOKEN,  # compose requires one (${CLAIMSTREAM_INGEST_TOKEN:?...})
    }

    init = subprocess.run(
        [str(BIN / "claimstream"), *_command(services["topic-init"])[1:]],
        env=_env(services["topic-init"], {**common, "CLAIMSTREAM_DATA_DIR": str(tmp_path)}),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert init.returncode == 0, init.stdout + init.stderr

    running: list[Service] = []
    try:
        for name in ("worker", "sink", "ingest", "ledger", "ledger-api"):
            port = free_port()
            svc = Service(
                name,
                services[name],
                _env(
                    services[name],
                    {
                        **common,
                        "CLAIMSTREAM_DATA_DIR": str(tmp_path / name),
                        "CLAIMSTREAM_METRICS_ADDR": "127.0.0.1",
                        "CLAIMSTREAM_METRICS_PORT": str(port),
                    },
                ),
                tmp_path,
            )
            svc.use_port({"worker": 9420, "sink": 9430, "ledger": 9440, "ledger-api": 9450}.get(name, 9410), port)
            if name == "ingest":
                api = free_port()
                svc.use_port(8080, api)
            svc.start()
            running.append(svc)
        for svc in running:
            svc.wait_healthy(timeout=120)
        for svc in running:  # Prometheus in compose scrapes these ports: each must serve metrics
            scraped = _scrape_ports(svc.name)
            assert scraped, f"prometheus.yml does not scrape {svc.name}"
            for port in scraped:
                assert port in svc.ports, f"{svc.name}: prometheus.yml scrapes port {port}, never opened"
                assert "claimstream_" in _metrics_text(svc.ports[port]), f"{svc.name}:{port}"

        article = json.loads(SAMPLES.read_text(encoding="utf-8").splitlines()[0])  # Germany, €1.3bn
        article_id = _post(f"http://127.0.0.1:{api}/articles", article)["id"]

        aid = [
            m
            for m in values(asyncio.run(consume_all(settings, "claims.aid", min_count=1, max_wait=120)))
            if m["article_id"] == article_id
        ]
        assert any(m["donor"] == "Germany" and m["currency"] == "EUR" and m["amount"] == 1_300_000_000 for m in aid), (
            aid
        )
        alerts = values(asyncio.run(consume_all(settings, "alerts", min_count=1, max_wait=60)))
        assert any(a["rule"] == "large-aid" and a["article_id"] == article_id for a in alerts), alerts
        ledger_api = next(svc for svc in running if svc.name == "ledger-api").ports[9450]
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            with urllib.request.urlopen(f"http://127.0.0.1:{ledger_api}/ledger?donor=Germany", timeout=10) as resp:
                records = json.loads(resp.read())["records"]
            if records:
                break
            time.sleep(1)
        assert [s["article_id"] for s in records[0]["sources"]] == [article_id], records
    finally:
        for svc in reversed(running):
            svc.stop()


def test_topic_init_of_the_cluster_profile_replicates_on_three_brokers(kafka_cluster: Any, tmp_path: Path) -> None:
    """topic-init with deploy/compose/cluster.env, against the real 3-node cluster (its addresses
    instead of the containers' names): every topic gets 3 replicas, all in sync, min ISR 2."""
    from aiokafka.admin.config_resource import ConfigResource, ConfigResourceType

    from claimstream.broker import admin
    from claimstream.contracts import topics

    services = yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))["services"]
    lines = (ROOT / "deploy" / "compose" / "cluster.env").read_text(encoding="utf-8").splitlines()
    cluster_env = dict(ln.split("=", 1) for ln in lines if ln.strip() and not ln.startswith("#"))
    assert len(cluster_env["CLAIMSTREAM_BOOTSTRAP_SERVERS"].split(",")) == len(kafka_cluster.bootstrap.split(","))
    settings = kafka_cluster.settings("compose-cluster")
    init_env = _env(
        services["topic-init"],
        {
            **{k: v for k, v in cluster_env.items() if k.startswith("CLAIMSTREAM_")},
            "CLAIMSTREAM_BOOTSTRAP_SERVERS": kafka_cluster.bootstrap,
            "CLAIMSTREAM_TOPIC_PREFIX": settings.topic_prefix,
            "CLAIMSTREAM_DATA_DIR": str(tmp_path),
        },
    )
    init = subprocess.run(
        [str(BIN / "claimstream"), *_command(services["topic-init"])[1:]],
        env=init_env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert init.returncode == 0, init.stdout + init.stderr
    for spec in topics.ALL:
        parts = kafka_cluster.describe(settings, spec.name)
        assert parts and all(len(p.replicas) == 3 and sorted(p.isr) == [1, 2, 3] for p in parts), (spec.name, parts)

    async def min_isr() -> set[str]:
        async with admin.admin_client(settings) as client:
            response = await client.describe_configs(
                [ConfigResource(ConfigResourceType.TOPIC, settings.topic(s.name)) for s in topics.ALL]
            )
        return {e[1] for r in response for res in r.resources for e in res[4] if e[0] == "min.insync.replicas"}

    assert asyncio.run(min_isr()) == {"2"}
