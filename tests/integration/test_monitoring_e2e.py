"""Monitoring end to end: a real Prometheus scrapes a running pipeline while 1,000 articles flow,
then every Grafana panel's query must return data through Prometheus's HTTP API.

Pipeline: ``claimstream ingest --serve`` (HTTP, /metrics on the same port), ``claimstream worker
--processes 2`` (metrics on base port + process index) and ``claimstream sink``, all on the test
broker. Prometheus (Debian package, /usr/bin/prometheus) runs deploy/prometheus/prometheus.yml
with only the targets and intervals changed, and loads deploy/prometheus/rules.yml.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import math
import shutil
import subprocess
import time
import urllib.parse
import urllib.request
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
import yaml

import ingest_client
from claimstream.broker.embedded import free_port
from claimstream.broker.proc import free_port_run
from claimstream.broker.testing import produce_raw
from claimstream.settings import Settings

pytestmark = [pytest.mark.integration, pytest.mark.slow]

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"
ARTICLES = 1000
RATE_INTERVAL = "10s"
RULES = """
version: 1
metrics: {donors: [United States, Germany], extra_labels: 3}
rules:
  - {id: large-aid, type: aid_amount, severity: critical, min_amount: 1000000000}
  - {id: vip, type: watched_quote, speakers: [Thomas Berg, Maria Lopez]}
  - {id: new-weapon, type: new_weapon}
  - {id: kw, type: keyword, keywords: [ceasefire]}
  - {id: spike, type: mention_spike, threshold: 20, window: 1h, labels: [GPE, PERSON]}
"""

DONORS = [
    ("The United States", "$2 billion"),
    ("Germany", "500 million euros"),
    ("The United Kingdom", "£300 million"),
    ("Canada", "$150 million"),
    ("Norway", "$1.2 billion"),
]
PEOPLE = ["Thomas Berg", "Maria Lopez", "Jean Moreau", "Peter Hall", "Sofia Rossi", "Lena Dahl"]
CITIES = ["Washington", "Berlin", "London", "Ottawa", "Oslo", "Rennes"]
WEAPONS = ["HIMARS launchers", "Patriot batteries", "IRIS-T systems", "Leopard 2 tanks"]
QUOTES = [
    "We are committed to a ceasefire that holds.",
    "The winter will be hard and our help must arrive now.",
    "We cannot pay more.",
    "This package shows we stand together.",
]


def _article(n: int) -> dict[str, Any]:
    """Varied short articles of our own: aid with a quote, humanitarian pledges, unrelated news."""
    donor, amount = DONORS[n % len(DONORS)]
    person, city = PEOPLE[n % len(PEOPLE)], CITIES[(n // 2) % len(CITIES)]
    quote = QUOTES[n % len(QUOTES)]
    last = person.split()[-1]
    kind = n % 3
    if kind == 0:
        text = (
            f"{donor} will send {amount} in military aid to Ukraine, including {WEAPONS[n % 4]}, "
            f"Defence Minister {person} announced on Tuesday.\n\n\u201c{quote}\u201d {last} told reporters "
            f"in {city}."
        )
    elif kind == 1:
        text = (
            f"{donor} pledged {amount} in humanitarian aid to Ukraine on Monday. \u201c{quote}\u201d said "
            f"Foreign Minister {person} in {city}."
        )
    else:
        text = (
            f"Farmers near {city} protested on Wednesday against new fuel taxes. \u201c{quote}\u201d said "
            f"{person}, who grows apples there. Officials said talks would continue next week."
        )
    return {
        "url": f"https://news.example.test/e2e/{n}",
        "title": f"Report {n}",
        "published_at": "2026-11-20T09:00:00Z",
        "text": text,
    }


class Prometheus:
    def __init__(self, workdir: Path, targets: dict[str, list[str]]) -> None:
        binary = shutil.which("prometheus")
        assert binary, "prometheus is not installed (Debian package prometheus)"
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        config = yaml.safe_load((DEPLOY / "prometheus" / "prometheus.yml").read_text())
        jobs = {job["job_name"] for job in config["scrape_configs"]}
        assert jobs == {"ingest", "worker", "sink", "ledger", "prometheus"}, jobs
        targets = targets | {"prometheus": [f"127.0.0.1:{self.port}"]}
        config["global"].update(scrape_interval="1s", scrape_timeout="1s", evaluation_interval="1s")
        config["rule_files"] = [str(DEPLOY / "prometheus" / "rules.yml")]
        config.pop("alerting", None)
        for job in config["scrape_configs"]:
            job.pop("dns_sd_configs", None)
            job["static_configs"] = [{"targets": targets[job["job_name"]]}]
        (workdir / "prometheus.yml").write_text(yaml.safe_dump(config))
        self.log = workdir / "prometheus.log"
        self.proc = subprocess.Popen(
            [
                binary,
                f"--config.file={workdir / 'prometheus.yml'}",
                f"--storage.tsdb.path={workdir / 'tsdb'}",
                f"--web.listen-address=127.0.0.1:{self.port}",
            ],
            stdout=open(self.log, "wb"),  # noqa: SIM115 - owned by the child
            stderr=subprocess.STDOUT,
        )
        self._wait(lambda: self._get("/-/ready", raw=True) is not None, 60, "prometheus ready")

    def _get(self, path: str, raw: bool = False, **params: str) -> Any:
        url = self.url + path + ("?" + urllib.parse.urlencode(params) if params else "")
        try:
            with urllib.request.urlopen(url, timeout=30) as resp:
                body = resp.read()
        except OSError:
            return None
        return body if raw else json.loads(body)

    def _wait(self, cond: Any, timeout: float, what: str) -> None:
        deadline = time.monotonic() + timeout
        while not cond():
            if time.monotonic() > deadline or self.proc.poll() is not None:
                raise AssertionError(f"timed out waiting for {what}\n{self.log.read_text()[-3000:]}")
            time.sleep(0.5)

    def query(self, expr: str) -> list[dict[str, Any]]:
        out = self._get("/api/v1/query", query=expr)
        assert out and out["status"] == "success", (expr, out)
        return list(out["data"]["result"])

    def query_range(self, expr: str, start: float, end: float) -> list[dict[str, Any]]:
        out = self._get("/api/v1/query_range", query=expr, start=f"{start:.3f}", end=f"{end:.3f}", step="1")
        assert out and out["status"] == "success", (expr, out)
        return list(out["data"]["result"])

    def value(self, expr: str) -> float:
        result = self.query(expr)
        return float(result[0]["value"][1]) if result else 0.0

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=30)


def _panel_targets() -> list[tuple[str, str, dict[str, Any]]]:
    out = []
    for path in sorted((DEPLOY / "grafana" / "dashboards").glob("*.json")):
        for panel in json.loads(path.read_text())["panels"]:
            out.extend((path.stem, panel["title"], t) for t in panel.get("targets", []))
    return out


def _has_finite_value(result: list[dict[str, Any]]) -> bool:
    points = itertools.chain.from_iterable(r.get("values", [r.get("value")]) for r in result)
    return any(p is not None and math.isfinite(float(p[1])) for p in points)


def test_every_dashboard_panel_returns_data_from_a_live_pipeline(
    kafka_settings: Settings, run_service: Any, tmp_path: Path
) -> None:
    settings = replace(kafka_settings, data_dir=str(tmp_path / "data"))
    rules = tmp_path / "rules.yaml"
    rules.write_text(RULES)
    worker_base, sink_port, ingest_port = free_port_run(2), free_port(), free_port()
    ledger_port, ledger_api_port = free_port(), free_port()
    services = [
        run_service("worker", replace(settings, metrics_port=worker_base), "--processes", "2"),
        run_service("sink", replace(settings, metrics_port=sink_port), "--rules", str(rules)),
        run_service("ingest", settings, "--serve", "--port", str(ingest_port)),
        run_service("ledger", replace(settings, metrics_port=ledger_port), "run"),
        run_service("ledger", settings, "serve", "--port", str(ledger_api_port)),
    ]
    prom = Prometheus(
        tmp_path,
        {
            "ingest": [f"127.0.0.1:{ingest_port}"],
            "worker": [f"127.0.0.1:{worker_base}", f"127.0.0.1:{worker_base + 1}"],
            "sink": [f"127.0.0.1:{sink_port}"],
            "ledger": [f"127.0.0.1:{ledger_port}", f"127.0.0.1:{ledger_api_port}"],
        },
    )
    try:
        started = time.time()
        prom._wait(
            lambda: prom.value('count(up{job=~"ingest|worker|sink|ledger"} == 1)') == 6,
            120,
            "all six pipeline targets up\n" + "\n".join(s.tail_log(15) for s in services),
        )
        # Articles flow in batches; some bad input on the way (rejected at ingest, dead-lettered by workers).
        for i in range(0, ARTICLES, 50):
            assert ingest_client.post(ingest_port, [_article(n) for n in range(i, i + 50)], timeout=30)[0] == 201
            if i % 200 == 0:
                assert ingest_client.post(ingest_port, {"title": "no text"}, timeout=30)[0] == 422
                asyncio.run(produce_raw(settings, "news.articles", [(b"junk", b"{not json")]))
            time.sleep(0.5)
        prom._wait(
            lambda: prom.value('sum(claimstream_sink_claims_total{kind="entities"})') >= ARTICLES,
            300,
            "every article's entities at the sink\n" + "\n".join(s.tail_log(15) for s in services),
        )
        prom._wait(
            lambda: prom.value("sum(claimstream_ledger_records)") > 0,
            300,
            "ledger records at ledger serve\n" + "\n".join(s.tail_log(15) for s in services),
        )
        time.sleep(5)  # a few more scrapes after the flow
        end = time.time()

        failures = []
        targets = _panel_targets()
        for board, title, target in targets:
            expr = target["expr"].replace("$__rate_interval", RATE_INTERVAL)
            result = prom.query(expr) if target.get("instant") else prom.query_range(expr, started, end)
            if not _has_finite_value(result):
                failures.append(f"{board} / {title}: {expr}")
        assert not failures, "panels without data:\n" + "\n".join(failures)

        # The pipeline-health rules loaded and evaluate without errors against real series.
        groups = prom._get("/api/v1/rules")["data"]["groups"]
        rules = [r for g in groups for r in g["rules"]]
        assert len(rules) == len(
            yaml.safe_load((DEPLOY / "prometheus" / "rules.yml").read_text())["groups"][0]["rules"]
        )
        assert [r["name"] for r in rules if r["health"] != "ok"] == []

        series = {
            r["metric"]["job"]: int(float(r["value"][1]))
            for r in prom.query('count by (job) ({job=~"ingest|worker|sink", __name__=~"claimstream_.*"})')
        }
        total = int(prom.value('count({job=~"ingest|worker|sink"})'))
        print(
            f"\n{ARTICLES} articles, {len(targets)} panel queries with data; claimstream_* series by job: "
            f"{series}; all series from pipeline targets: {total}"
        )
    finally:
        prom.stop()
        for svc in services:
            svc.stop()
