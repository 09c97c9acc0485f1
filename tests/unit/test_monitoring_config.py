"""Static checks of the monitoring files and the metrics module: names, labels, dashboards, ports."""

from __future__ import annotations

import json
import re
import urllib.request
from pathlib import Path

import pytest
import yaml
from faust.sensors.prometheus import FaustMetrics
from prometheus_client import Counter

from claimstream import metrics
from claimstream.metrics_server import MetricsPortError, metrics_port, start_metrics_server
from claimstream.settings import Settings
from claimstream.sink.lag import Watch, parse_lag_groups

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"
DASHBOARDS = sorted((DEPLOY / "grafana" / "dashboards").glob("*.json"))
_NAME = re.compile(r"\bclaimstream_[a-z0-9_]+")


def _exported_names() -> set[str]:
    names = {s.name for fam in metrics.REGISTRY.collect() for s in fam.samples}
    for fam in metrics.REGISTRY.collect():  # families with no child yet export no samples
        suffixes = {"counter": ("_total",), "histogram": ("_bucket", "_sum", "_count"), "gauge": ("",)}
        names.update(fam.name + s for s in suffixes.get(fam.type, ("",)))
    faust = metrics.fresh_registry()
    FaustMetrics.create(faust, "claimstream_faust")
    for fam in faust.collect():
        names.update({fam.name, fam.name + "_total", fam.name + "_bucket"})
    return names


def _panel_exprs() -> list[tuple[str, str, str]]:
    out = []
    for path in DASHBOARDS:
        for panel in json.loads(path.read_text())["panels"]:
            if panel["type"] != "row":
                out.extend((path.name, panel["title"], t.get("expr", "")) for t in panel.get("targets", []))
    return out


def test_dashboards_exist_with_unique_uids_and_use_the_provisioned_datasource() -> None:
    assert {p.name for p in DASHBOARDS} == {"pipeline-health.json", "claims.json", "ledger.json"}
    ds = yaml.safe_load((DEPLOY / "grafana/provisioning/datasources/prometheus.yml").read_text())
    uid = ds["datasources"][0]["uid"]
    boards = [json.loads(p.read_text()) for p in DASHBOARDS]
    assert len({b["uid"] for b in boards}) == len(boards)
    for board in boards:
        panels = [p for p in board["panels"] if p["type"] != "row"]
        assert panels
        assert len({p["id"] for p in board["panels"]}) == len(board["panels"])
        for panel in panels:
            assert panel["targets"], panel["title"]
            assert all(t["datasource"]["uid"] == uid and t["expr"].strip() for t in panel["targets"])


@pytest.mark.parametrize("source", ["dashboards", "rules"])
def test_every_metric_named_in_queries_is_exported(source: str) -> None:
    if source == "dashboards":
        text = " ".join(e for _, _, e in _panel_exprs())
    else:
        text = (DEPLOY / "prometheus" / "rules.yml").read_text()
    used = set(_NAME.findall(text))
    assert used
    assert used - _exported_names() == set()


def test_metric_names_follow_the_conventions() -> None:
    for fam in metrics.REGISTRY.collect():
        assert fam.name.startswith("claimstream_"), fam.name
        assert fam.documentation, fam.name
        if fam.type == "histogram":
            assert fam.name.endswith(("_seconds", "_articles")), fam.name
    counters = [c for c in vars(metrics).values() if isinstance(c, Counter)]
    assert counters and all(c._name.startswith("claimstream_") for c in counters)


def test_labels_are_from_the_bounded_set() -> None:
    allowed = {
        "source",
        "reason",
        "status",
        "outcome",
        "kind",
        "stage",
        "rule",
        "severity",
        "topic",
        "group",
        "service",
        "donor",
        "aid_type",
        "novelty",
        "currency",
        "speaker",
        "entity",
        "label",
        "target",
        "version",
    }
    for fam in metrics.REGISTRY.collect():
        for sample in fam.samples:
            assert set(sample.labels) - {"le"} <= allowed, (fam.name, sample.labels)


def test_port_convention() -> None:
    assert metrics_port(Settings(), "ingest") == 9410
    assert metrics_port(Settings(), "sink") == 9430
    assert [metrics_port(Settings(process_index=i), "worker") for i in range(3)] == [9420, 9421, 9422]
    assert metrics_port(Settings(metrics_port=19000), "worker", index=2) == 19002
    assert metrics_port(Settings(metrics_port=-1), "sink") == -1
    with pytest.raises(ValueError, match="unknown service"):
        metrics_port(Settings(), "bogus")


def test_metrics_server_serves_the_registry_and_a_taken_port_fails_clearly() -> None:
    registry = metrics.fresh_registry()
    Counter("claimstream_test_things_total", "things", registry=registry).inc(3)
    server = start_metrics_server(0, registry=registry)
    try:
        body = urllib.request.urlopen(f"http://127.0.0.1:{server.port}/metrics", timeout=5).read().decode()
        assert "claimstream_test_things_total 3.0" in body
        with pytest.raises(MetricsPortError, match="process-index"):
            start_metrics_server(server.port, registry=registry)
    finally:
        server.close()


def test_lag_groups_spec() -> None:
    settings = Settings(topic_prefix="p.")
    assert parse_lag_groups(settings, Settings().lag_groups) == [Watch("p.claimstream-worker", ("p.news.articles",))]
    assert parse_lag_groups(settings, " g1 , g2@claims.aid+claims.quotes,") == [
        Watch("p.g1", ()),
        Watch("p.g2", ("p.claims.aid", "p.claims.quotes")),
    ]
    with pytest.raises(KeyError, match="unknown topic"):
        parse_lag_groups(settings, "g@claims.typo")
