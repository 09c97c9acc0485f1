"""The sink's sqlite store: idempotent alerts, the delivery outbox, durability across reopen."""

from __future__ import annotations

import asyncio
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import Any, ClassVar

import aiohttp
import pytest

from claimstream import metrics as m
from claimstream.contracts import serde
from claimstream.contracts.messages import alert_message
from claimstream.sink.labels import OTHER, LabelBudget, currency_label
from claimstream.sink.notify import WebhookTarget, alertmanager_payload, backoff, deliver_due
from claimstream.sink.store import AlertStore


def _alert(n: int, rule: str = "kw") -> dict[str, Any]:
    return alert_message(rule, "warning", f"summary {n}", {"claim_id": f"q-{n:024x}", "article_id": f"a-{n}"})


def test_an_alert_is_stored_once_and_queued_once(tmp_path: Path) -> None:
    store = AlertStore(tmp_path / "alerts.sqlite")
    alert = _alert(1)
    assert store.add_alert(alert, ["topic", "webhook"]) is True
    assert store.add_alert(dict(alert, at="later"), ["topic", "webhook"]) is False
    assert store.count() == 1
    assert store.get(alert["alert_id"]) == alert
    assert store.pending_count("topic") == 1 and store.pending_count("webhook") == 1


def test_alerts_and_outbox_survive_reopening(tmp_path: Path) -> None:
    path = tmp_path / "alerts.sqlite"
    store = AlertStore(path)
    for n in range(5):
        store.add_alert(_alert(n), ["topic"])
    store.delivered([_alert(0)["alert_id"], _alert(1)["alert_id"]], "topic")
    store.close()
    again = AlertStore(path)
    assert again.count() == 5
    assert [a["summary"] for a in again.due("topic")] == ["summary 2", "summary 3", "summary 4"]
    assert again.add_alert(_alert(3), ["topic"]) is False


def test_recent_is_newest_first_and_filters_by_rule() -> None:
    store = AlertStore(":memory:")
    for n in range(6):
        store.add_alert(_alert(n, rule="kw" if n % 2 else "big"))
    assert [a["summary"] for a in store.recent(3)] == ["summary 5", "summary 4", "summary 3"]
    assert [a["summary"] for a in store.recent(10, rule="big")] == ["summary 4", "summary 2", "summary 0"]


def test_a_failed_transaction_leaves_nothing_behind() -> None:
    store = AlertStore(":memory:")
    with pytest.raises(RuntimeError), store.transaction():
        store.add_alert(_alert(1), ["topic"])
        store.remember_weapon("nw", "skyguard", "e-1")
        raise RuntimeError("crash between evaluation and commit")
    assert store.count() == 0 and store.pending_count("topic") == 0
    assert store.weapon_first_claim("nw", "skyguard") is None


def test_retry_later_backs_off_and_due_respects_it() -> None:
    store = AlertStore(":memory:")
    alert = _alert(1)
    store.add_alert(alert, ["webhook"])
    assert store.retry_later(alert["alert_id"], "webhook", delay=60, error="boom") == 1
    assert store.due("webhook") == []
    assert [a["alert_id"] for a in store.due("webhook", now=10**12)] == [alert["alert_id"]]
    assert [backoff(n) for n in (1, 2, 3, 20)] == [1.0, 2.0, 4.0, 300.0]


def test_label_budget_is_bounded_and_remembered(tmp_path: Path) -> None:
    store = AlertStore(tmp_path / "s.sqlite")
    budget = LabelBudget("donor", ["United States"], extra=2, store=store)
    assert budget.label("united  states") == "United States"
    assert [budget.label(n) for n in ("Chile", "Peru", "Togo", "Chile")] == ["Chile", "Peru", OTHER, "Chile"]
    assert budget.label(None) == "none" and budget.label("", missing="unattributed") == "unattributed"
    again = LabelBudget("donor", ["United States"], extra=2, store=store)
    assert again.label("Togo") == OTHER and again.label("Peru") == "Peru"
    assert [currency_label(c) for c in ("USD", "XAF", None)] == ["USD", OTHER, "none"]


def test_alertmanager_payload_resolves_after_an_hour() -> None:
    alert = _alert(1) | {"at": "2026-03-01T12:00:00.000Z"}
    payload = alertmanager_payload(alert)
    assert payload["labels"] == {
        "alertname": "kw",
        "severity": "warning",
        "source": "claimstream-sink",
        "alert_id": alert["alert_id"],
    }
    assert payload["startsAt"].startswith("2026-03-01T12:00:00")
    assert payload["endsAt"].startswith("2026-03-01T13:00:00")


class _Hook(BaseHTTPRequestHandler):
    fail_first = 0
    received: ClassVar[list[dict[str, Any]]] = []

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        if _Hook.fail_first > 0:
            _Hook.fail_first -= 1
            self.send_response(503)
        else:
            _Hook.received.append(serde.loads_object(body))
            self.send_response(204)
        self.end_headers()

    def log_message(self, *args: Any) -> None:
        pass


def test_webhook_delivery_retries_after_a_failure_then_drains_the_outbox() -> None:
    server = HTTPServer(("127.0.0.1", 0), _Hook)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    _Hook.fail_first, _Hook.received = 1, []
    store = AlertStore(":memory:")
    for n in range(3):
        store.add_alert(_alert(n), ["webhook"])
    before = m.ALERT_DELIVERIES.labels(target="webhook", outcome="retry")._value.get()

    async def go() -> tuple[int, int]:
        async with aiohttp.ClientSession() as session:
            target = WebhookTarget(session, f"http://127.0.0.1:{server.server_port}/hook")
            failed = await deliver_due(store, target)
            for a in store.due("webhook", now=10**12):  # make the retry due now
                store.retry_later(a["alert_id"], "webhook", delay=-1, error="")
            return failed, await deliver_due(store, target)

    try:
        assert asyncio.run(go()) == (0, 3)
    finally:
        server.shutdown()
    assert m.ALERT_DELIVERIES.labels(target="webhook", outcome="retry")._value.get() - before == 3
    assert [a["summary"] for a in _Hook.received[0]["alerts"]] == ["summary 0", "summary 1", "summary 2"]
    assert store.pending_count("webhook") == 0


def test_http_targets_give_up_after_max_attempts() -> None:
    store = AlertStore(":memory:")
    store.add_alert(_alert(1), ["webhook"])

    async def go() -> None:
        async with aiohttp.ClientSession() as session:
            target = WebhookTarget(session, "http://127.0.0.1:9/closed", max_attempts=2)
            for _ in range(2):
                await deliver_due(store, target)
                for a in store.due("webhook", now=10**12):
                    store.retry_later(a["alert_id"], "webhook", delay=-1, error="")

    asyncio.run(go())
    assert store.pending_count("webhook") == 0
    assert store.count() == 1  # the alert itself stays in the store
