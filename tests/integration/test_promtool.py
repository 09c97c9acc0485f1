"""The Prometheus and Alertmanager files under deploy/, checked by the real promtool and amtool.

Uses the Debian ``prometheus`` and ``prometheus-alertmanager`` packages (/usr/bin); a missing
binary fails the test, it is part of the set-up.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

pytestmark = pytest.mark.integration

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"
PROM = DEPLOY / "prometheus"


def _run(*cmd: str, cwd: Path = PROM) -> str:
    tool = shutil.which(cmd[0])
    assert tool, f"{cmd[0]} is not installed (Debian packages prometheus, prometheus-alertmanager)"
    proc = subprocess.run([tool, *cmd[1:]], cwd=cwd, capture_output=True, text=True, timeout=120)
    out = proc.stdout + proc.stderr
    assert proc.returncode == 0, out
    return out


def _rule_names() -> list[str]:
    groups = yaml.safe_load((PROM / "rules.yml").read_text())["groups"]
    return [r["alert"] for g in groups for r in g["rules"] if "alert" in r]


def test_promtool_check_config() -> None:
    out = _run("promtool", "check", "config", "prometheus.yml")
    assert "SUCCESS" in out


def test_promtool_check_rules() -> None:
    out = _run("promtool", "check", "rules", "rules.yml")
    assert f"SUCCESS: {len(_rule_names())} rules found" in out


def test_promtool_test_rules() -> None:
    out = _run("promtool", "test", "rules", "rules_test.yml")
    assert "SUCCESS" in out


def test_every_rule_has_a_firing_and_a_quiet_unit_test() -> None:
    tests = yaml.safe_load((PROM / "rules_test.yml").read_text())["tests"]
    firing: set[str] = set()
    quiet: set[str] = set()
    for t in tests:
        for case in t.get("alert_rule_test", []):
            (firing if case.get("exp_alerts") else quiet).add(case["alertname"])
    names = set(_rule_names())
    assert names, "no alerting rules found"
    assert names - firing == set(), "rules never tested firing"
    assert names - quiet == set(), "rules never tested staying quiet"
    assert (firing | quiet) - names == set(), "tests for rules that do not exist"


def test_a_broken_rule_fails_its_unit_test(tmp_path: Path) -> None:
    """The unit tests can fail: loosen one threshold and promtool must notice."""
    rules = (PROM / "rules.yml").read_text().replace("> 1000 and deriv", "> 100000 and deriv")
    (tmp_path / "rules.yml").write_text(rules)
    shutil.copy(PROM / "rules_test.yml", tmp_path / "rules_test.yml")
    proc = subprocess.run(
        ["promtool", "test", "rules", "rules_test.yml"], cwd=tmp_path, capture_output=True, text=True, timeout=120
    )
    assert proc.returncode != 0
    assert "ClaimstreamConsumerLagGrowing" in proc.stdout + proc.stderr


def test_amtool_check_config() -> None:
    out = _run("amtool", "check-config", "alertmanager.yml", cwd=DEPLOY / "alertmanager")
    assert "SUCCESS" in out
