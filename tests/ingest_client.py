"""A client of ``claimstream ingest --serve`` for the fault tests: POST, wait for health, a sender thread.

The sender behaves as a careful client would: one article at a time, every answer recorded, refused
articles (503 or no answer) kept to be sent again, any other status kept as a bug.
"""

from __future__ import annotations

import threading
import time
import urllib.error
import urllib.request
from typing import Any

import orjson


def post(port: int, body: Any, timeout: float = 90) -> tuple[int, Any]:
    """POST ``body`` (an article or a list) to ``/articles``: (status, decoded answer); (0, {}) if no answer."""
    req = urllib.request.Request(
        f"http://127.0.0.1:{port}/articles",
        data=orjson.dumps(body),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            return resp.status, orjson.loads(resp.read())
    except urllib.error.HTTPError as exc:
        return exc.code, orjson.loads(exc.read() or b"{}")
    except (urllib.error.URLError, OSError):
        return 0, {}


def wait_http(port: int, svc: Any, timeout: float = 90) -> None:
    """Wait until ingest answers ``/healthz``; fail with the service's log if it never does."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2):
                return
        except OSError:
            time.sleep(0.3)
    raise AssertionError(f"ingest HTTP did not come up:\n{svc.tail_log()}")


class Sender(threading.Thread):
    """POSTs articles one at a time until stopped (or out of articles); records every answer."""

    def __init__(self, port: int, arts: list[dict[str, Any]], pause: float = 0.1) -> None:
        super().__init__(daemon=True)
        self.port, self.arts, self.pause = port, arts, pause
        self.stopping = threading.Event()
        self.sent = 0
        self.acked: dict[str, tuple[int, int]] = {}  # article id -> (partition, offset) from the 201
        self.ack_times: list[float] = []
        self.refused: list[dict[str, Any]] = []
        self.unexpected: list[int] = []  # a status other than 201, 503 or no answer: a bug

    def run(self) -> None:
        for art in self.arts:
            if self.stopping.is_set():
                return
            status, body = post(self.port, art)
            self.sent += 1
            if status == 201:
                self.acked[body["id"]] = (body["partition"], body["offset"])
                self.ack_times.append(time.monotonic())
            else:
                self.refused.append(art)
                if status not in (0, 503):
                    self.unexpected.append(status)
            time.sleep(self.pause)

    def wait_acks(self, n: int, timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        while len(self.acked) < n:
            assert time.monotonic() < deadline, f"only {len(self.acked)} of {n} articles acknowledged"
            assert self.is_alive(), "the sender ran out of articles"
            time.sleep(0.1)

    def first_ack_after(self, t: float) -> float | None:
        later = [a for a in self.ack_times if a > t]
        return later[0] - t if later else None


def resend(port: int, arts: list[dict[str, Any]], acked: dict[str, tuple[int, int]], timeout: float = 120) -> None:
    """Send each article again until it is accepted (as a client retries); its (partition, offset) into ``acked``."""
    for art in arts:
        deadline = time.monotonic() + timeout
        while (answer := post(port, art))[0] != 201:
            assert time.monotonic() < deadline, f"article refused for {timeout} s: {answer}"
            time.sleep(1)
        acked[answer[1]["id"]] = (answer[1]["partition"], answer[1]["offset"])
