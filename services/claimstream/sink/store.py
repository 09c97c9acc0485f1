"""The sink's durable local state: alerts, their delivery outbox, and rule memory (sqlite).

Alerts are keyed by their deterministic ``alert_id``, so evaluating the same claim again after
a restart (at-least-once consumption) finds the alert already stored and repeats nothing.
Rule memory (weapons seen, mentions per entity, spikes fired) lives in the same database and is
written in the same transaction as the alerts it produced, so the two never disagree.
Deliveries (the alerts topic, Alertmanager, a webhook) are an outbox: a row per pending
(alert, target), deleted once delivered, retried with back-off otherwise.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from claimstream.contracts import serde

_SCHEMA = """
CREATE TABLE IF NOT EXISTS alerts (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    alert_id TEXT NOT NULL UNIQUE,
    rule TEXT NOT NULL,
    severity TEXT NOT NULL,
    summary TEXT NOT NULL,
    article_id TEXT,
    at TEXT NOT NULL,
    payload BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS alerts_rule ON alerts (rule, seq);
CREATE TABLE IF NOT EXISTS outbox (
    alert_id TEXT NOT NULL,
    target TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_at REAL NOT NULL DEFAULT 0,
    last_error TEXT,
    PRIMARY KEY (alert_id, target)
);
CREATE TABLE IF NOT EXISTS weapons_seen (
    rule TEXT NOT NULL, name TEXT NOT NULL, claim_id TEXT NOT NULL, PRIMARY KEY (rule, name)
);
CREATE TABLE IF NOT EXISTS mentions (
    rule TEXT NOT NULL, entity TEXT NOT NULL, article_id TEXT NOT NULL, ts REAL NOT NULL,
    PRIMARY KEY (rule, entity, article_id)
);
CREATE INDEX IF NOT EXISTS mentions_ts ON mentions (rule, entity, ts);
CREATE TABLE IF NOT EXISTS spikes (
    rule TEXT NOT NULL, entity TEXT NOT NULL, ts REAL NOT NULL, claim_id TEXT NOT NULL,
    PRIMARY KEY (rule, entity, claim_id)
);
CREATE TABLE IF NOT EXISTS label_slots (
    kind TEXT NOT NULL, name TEXT NOT NULL, PRIMARY KEY (kind, name)
);
"""


def default_path(data_dir: Path) -> Path:
    return data_dir / "sink" / "alerts.sqlite"


class AlertStore:
    """Alerts and rule memory in one sqlite file (``:memory:`` for a throw-away store)."""

    def __init__(self, path: str | Path) -> None:
        if str(path) != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        self.path = str(path)
        self._db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        self._db.execute("PRAGMA journal_mode=WAL")
        # FULL: an alert is on disk before the sink commits the Kafka offset that produced it.
        self._db.execute("PRAGMA synchronous=FULL")
        self._db.execute("PRAGMA busy_timeout=5000")
        self._db.executescript(_SCHEMA)
        self._depth = 0

    def close(self) -> None:
        self._db.close()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One atomic unit (nestable: only the outermost commits)."""
        if self._depth:
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
            return
        self._db.execute("BEGIN IMMEDIATE")
        self._depth = 1
        try:
            yield
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        else:
            self._db.execute("COMMIT")
        finally:
            self._depth = 0

    # --- alerts and their outbox ---

    def add_alert(self, alert: dict[str, Any], targets: Sequence[str] = ()) -> bool:
        """Store an alert and queue its deliveries; False (and nothing queued) if already stored."""
        with self.transaction():
            cur = self._db.execute(
                "INSERT OR IGNORE INTO alerts (alert_id, rule, severity, summary, article_id, at, payload) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    alert["alert_id"],
                    alert["rule"],
                    alert["severity"],
                    alert["summary"],
                    alert.get("article_id"),
                    alert["at"],
                    serde.dumps(alert),
                ),
            )
            if cur.rowcount == 0:
                return False
            self._db.executemany(
                "INSERT OR IGNORE INTO outbox (alert_id, target) VALUES (?, ?)",
                [(alert["alert_id"], t) for t in targets],
            )
            return True

    def get(self, alert_id: str) -> dict[str, Any] | None:
        row = self._db.execute("SELECT payload FROM alerts WHERE alert_id = ?", (alert_id,)).fetchone()
        return serde.loads_object(row[0]) if row else None

    def recent(self, limit: int = 20, rule: str | None = None) -> list[dict[str, Any]]:
        """The newest alerts first."""
        sql, args = "SELECT payload FROM alerts", []
        if rule:
            sql, args = sql + " WHERE rule = ?", [rule]
        rows = self._db.execute(sql + " ORDER BY seq DESC LIMIT ?", [*args, limit]).fetchall()
        return [serde.loads_object(r[0]) for r in rows]

    def count(self) -> int:
        return int(self._db.execute("SELECT COUNT(*) FROM alerts").fetchone()[0])

    def alert_ids(self) -> list[str]:
        return [r[0] for r in self._db.execute("SELECT alert_id FROM alerts ORDER BY seq")]

    def due(self, target: str, now: float | None = None, limit: int = 100) -> list[dict[str, Any]]:
        """Alerts whose delivery to ``target`` is pending and due (oldest first)."""
        now = time.time() if now is None else now
        rows = self._db.execute(
            "SELECT a.payload, o.attempts FROM outbox o JOIN alerts a USING (alert_id) "
            "WHERE o.target = ? AND o.next_at <= ? ORDER BY a.seq LIMIT ?",
            (target, now, limit),
        ).fetchall()
        return [serde.loads_object(r[0]) | {"_attempts": r[1]} for r in rows]

    def pending_count(self, target: str) -> int:
        return int(self._db.execute("SELECT COUNT(*) FROM outbox WHERE target = ?", (target,)).fetchone()[0])

    def delivered(self, alert_ids: Sequence[str], target: str) -> None:
        with self.transaction():
            self._db.executemany(
                "DELETE FROM outbox WHERE alert_id = ? AND target = ?", [(a, target) for a in alert_ids]
            )

    def retry_later(self, alert_id: str, target: str, delay: float, error: str) -> int:
        """Push a failed delivery back by ``delay`` seconds; returns the attempts so far."""
        with self.transaction():
            self._db.execute(
                "UPDATE outbox SET attempts = attempts + 1, next_at = ?, last_error = ? "
                "WHERE alert_id = ? AND target = ?",
                (time.time() + delay, error[:500], alert_id, target),
            )
            row = self._db.execute(
                "SELECT attempts FROM outbox WHERE alert_id = ? AND target = ?", (alert_id, target)
            ).fetchone()
        return int(row[0]) if row else 0

    # --- rule memory ---

    def weapon_first_claim(self, rule: str, name: str) -> str | None:
        row = self._db.execute("SELECT claim_id FROM weapons_seen WHERE rule = ? AND name = ?", (rule, name)).fetchone()
        return row[0] if row else None

    def remember_weapon(self, rule: str, name: str, claim_id: str) -> None:
        self._db.execute("INSERT OR IGNORE INTO weapons_seen VALUES (?, ?, ?)", (rule, name, claim_id))

    def add_mention(self, rule: str, entity: str, article_id: str, ts: float) -> None:
        self._db.execute("INSERT OR IGNORE INTO mentions VALUES (?, ?, ?, ?)", (rule, entity, article_id, ts))

    def mention_times(self, rule: str, entity: str, since: float, until: float) -> list[float]:
        """Event times of the articles mentioning ``entity`` in [since, until], ascending."""
        return [
            r[0]
            for r in self._db.execute(
                "SELECT ts FROM mentions WHERE rule = ? AND entity = ? AND ts >= ? AND ts <= ? ORDER BY ts",
                (rule, entity, since, until),
            )
        ]

    def spike_near(self, rule: str, entity: str, ts: float, cooldown: float) -> str | None:
        """The claim id of a spike already fired for this entity within ``cooldown`` of ``ts``."""
        row = self._db.execute(
            "SELECT claim_id FROM spikes WHERE rule = ? AND entity = ? AND ts > ? AND ts < ? ORDER BY ts LIMIT 1",
            (rule, entity, ts - cooldown, ts + cooldown),
        ).fetchone()
        return row[0] if row else None

    def record_spike(self, rule: str, entity: str, ts: float, claim_id: str) -> None:
        self._db.execute("INSERT OR IGNORE INTO spikes VALUES (?, ?, ?, ?)", (rule, entity, ts, claim_id))

    def prune_mentions(self, rule: str, before: float) -> int:
        with self.transaction():
            return self._db.execute("DELETE FROM mentions WHERE rule = ? AND ts < ?", (rule, before)).rowcount

    def label_slots(self, kind: str) -> list[str]:
        return [r[0] for r in self._db.execute("SELECT name FROM label_slots WHERE kind = ? ORDER BY rowid", (kind,))]

    def add_label_slot(self, kind: str, name: str) -> None:
        self._db.execute("INSERT OR IGNORE INTO label_slots VALUES (?, ?)", (kind, name))
