"""Deliver stored alerts: the ``alerts`` topic, Alertmanager's HTTP API, a generic webhook.

Every target drains the store's outbox: a failed delivery stays queued and is retried with
exponential back-off (1 s, 2 s, 4 s ... at most 5 min; 5 s for the topic), across restarts. HTTP targets give up
after ``max_attempts`` and count the alert as ``dropped``; the topic never gives up.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any, Protocol

import aiohttp

from claimstream import metrics as m
from claimstream.bus.producer import Publisher
from claimstream.contracts import serde, topics
from claimstream.sink.store import AlertStore

log = logging.getLogger(__name__)
MAX_BACKOFF = 300.0


class Target(Protocol):
    name: str
    max_attempts: int | None
    max_backoff: float

    async def send(self, alerts: list[dict[str, Any]]) -> None: ...


class TopicTarget:
    """Alert v1 on the alerts topic, keyed by rule id."""

    name = "topic"
    max_attempts: int | None = None
    max_backoff = 5.0  # the consumer does not commit until the topic has every alert

    def __init__(self, publisher: Publisher) -> None:
        self.publisher = publisher

    async def send(self, alerts: list[dict[str, Any]]) -> None:
        await self.publisher.send_many(topics.ALERTS.name, [(a["rule"], a) for a in alerts])


def alertmanager_payload(alert: dict[str, Any], resolve_after: float = 3600.0) -> dict[str, Any]:
    """One Alertmanager v2 alert: a claim alert is an event, so it resolves by itself after an hour."""
    starts = datetime.fromisoformat(alert["at"].replace("Z", "+00:00"))
    ends = starts + timedelta(seconds=resolve_after)
    return {
        "labels": {
            "alertname": alert["rule"],
            "severity": alert["severity"],
            "source": "claimstream-sink",
            "alert_id": alert["alert_id"],
        },
        "annotations": {
            "summary": alert["summary"],
            "article_id": str(alert.get("article_id") or ""),
            "claim_id": str(alert.get("claim_id") or ""),
        },
        "startsAt": starts.isoformat(),
        "endsAt": ends.isoformat(),
    }


class AlertmanagerTarget:
    name = "alertmanager"
    max_backoff = MAX_BACKOFF

    def __init__(self, session: aiohttp.ClientSession, base_url: str, max_attempts: int = 12) -> None:
        self.session = session
        self.url = base_url.rstrip("/") + "/api/v2/alerts"
        self.max_attempts: int | None = max_attempts

    async def send(self, alerts: list[dict[str, Any]]) -> None:
        async with self.session.post(self.url, json=[alertmanager_payload(a) for a in alerts]) as resp:
            if resp.status >= 300:
                raise RuntimeError(f"Alertmanager answered {resp.status}: {(await resp.text())[:200]}")


class WebhookTarget:
    """POSTs ``{"alerts": [Alert v1, ...]}``; any 2xx answer is a delivery."""

    name = "webhook"
    max_backoff = MAX_BACKOFF

    def __init__(self, session: aiohttp.ClientSession, url: str, max_attempts: int = 12) -> None:
        self.session = session
        self.url = url
        self.max_attempts: int | None = max_attempts

    async def send(self, alerts: list[dict[str, Any]]) -> None:
        async with self.session.post(
            self.url, data=serde.dumps({"alerts": alerts}), headers={"Content-Type": "application/json"}
        ) as resp:
            if resp.status >= 300:
                raise RuntimeError(f"webhook answered {resp.status}")


def backoff(attempts: int, cap: float = MAX_BACKOFF) -> float:
    """1, 2, 4, ... seconds after the 1st, 2nd, 3rd ... failure, at most ``cap``."""
    return min(cap, 2.0 ** max(0, attempts - 1))


async def deliver_due(store: AlertStore, target: Target, limit: int = 100) -> int:
    """Send the due alerts for ``target`` once; returns how many were delivered."""
    due = store.due(target.name, limit=limit)
    delivered = 0
    if due:
        attempts = {a["alert_id"]: a.pop("_attempts") for a in due}
        try:
            await target.send(due)
        except Exception as exc:  # any failure: keep them queued and back off
            log.warning("delivery to %s failed (%d alerts): %s", target.name, len(due), exc)
            _defer(store, target, attempts, repr(exc))
        else:
            store.delivered(list(attempts), target.name)
            m.ALERT_DELIVERIES.labels(target=target.name, outcome="ok").inc(len(due))
            delivered = len(due)
    m.ALERTS_PENDING.labels(target=target.name).set(store.pending_count(target.name))
    return delivered


def _defer(store: AlertStore, target: Target, attempts: dict[str, int], error: str) -> None:
    dropped = []
    for alert_id, n in attempts.items():
        if target.max_attempts is not None and n + 1 >= target.max_attempts:
            dropped.append(alert_id)
        else:
            store.retry_later(alert_id, target.name, backoff(n + 1, target.max_backoff), error)
    store.delivered(dropped, target.name)
    m.ALERT_DELIVERIES.labels(target=target.name, outcome="retry").inc(len(attempts) - len(dropped))
    m.ALERT_DELIVERIES.labels(target=target.name, outcome="dropped").inc(len(dropped))
