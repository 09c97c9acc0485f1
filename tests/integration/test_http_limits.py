"""The HTTP ingest edge under hostile clients, on the real broker with the real ``ingest --serve``.

Silent connections, half request heads, bodies shorter than their Content-Length, too many
connections, too many bytes in flight: each must be closed or refused within its limit, counted,
and logged a bounded number of times. Raw sockets, because well-behaved clients cannot misbehave.
"""

from __future__ import annotations

import socket
import time
import urllib.request
from dataclasses import replace
from typing import Any

import pytest

from claimstream.broker.embedded import free_port
from claimstream.settings import Secret, Settings

pytestmark = pytest.mark.integration

TOKEN = "edge-test-token"
ARTICLE = b'{"text": "The ferry timetable changes next week."}'


def _serve(run_service: Any, settings: Settings, host: str = "127.0.0.1") -> tuple[Any, int]:
    port = free_port()
    svc = run_service("ingest", settings, "--serve", "--host", host, "--port", str(port))
    deadline = time.monotonic() + 90
    while True:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2).read()
            return svc, port
        except OSError:
            if time.monotonic() > deadline or svc.proc.poll() is not None:
                raise AssertionError("ingest --serve did not start:\n" + svc.tail_log()) from None
            time.sleep(0.3)


def _connect(port: int) -> socket.socket:
    sock = socket.create_connection(("127.0.0.1", port), timeout=5)
    return sock


def _closed_within(sock: socket.socket, seconds: float) -> tuple[bool, bytes]:
    """Whether the server closed ``sock`` within ``seconds``, and what it sent before."""
    sock.settimeout(seconds)
    got = b""
    try:
        while chunk := sock.recv(65536):
            got += chunk
    except TimeoutError:
        return False, got
    except ConnectionResetError:
        pass
    return True, got


def _refused(port: int, reason: str) -> float:
    text = urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5).read().decode()
    for line in text.splitlines():
        if line.startswith(f'claimstream_ingest_http_refused_total{{reason="{reason}"}}'):
            return float(line.split()[-1])
    return 0.0


def _post_head(length: int, path: str = "/articles") -> bytes:
    return (
        f"POST {path} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {TOKEN}\r\n"
        f"Content-Type: application/json\r\nContent-Length: {length}\r\n\r\n"
    ).encode()


@pytest.fixture
def edge_settings(kafka_settings: Settings) -> Settings:
    return replace(
        kafka_settings,
        ingest_token=Secret(TOKEN),
        ingest_header_timeout=1.0,
        ingest_body_timeout=2.0,
        ingest_keepalive_timeout=2.0,
        ingest_max_connections=8,
        log_level="INFO",
    )


def test_silent_connections_and_half_heads_are_closed_counted_and_logged_boundedly(
    edge_settings: Settings, run_service: Any
) -> None:
    svc, port = _serve(run_service, edge_settings)
    silent = [_connect(port) for _ in range(6)]
    half = _connect(port)
    half.sendall(b"POST /articles HTTP/1.1\r\nHost: x\r\nContent-Len")
    for sock in [*silent, half]:
        closed, _ = _closed_within(sock, 30)  # 1 s limit; generous for a loaded machine
        assert closed, "a connection that never finished its request head stayed open"
        sock.close()
    assert _refused(port, "header_timeout") == 7
    time.sleep(0.5)
    lines = [line for line in svc.log.read_text().splitlines() if "header_timeout" in line]
    assert 1 <= len(lines) <= 3, lines  # the rate limit: a few lines per kind, not one per connection


def test_a_body_shorter_than_its_content_length_times_out_with_408(edge_settings: Settings, run_service: Any) -> None:
    _, port = _serve(run_service, edge_settings)
    sock = _connect(port)
    sock.sendall(_post_head(len(ARTICLE) + 100) + ARTICLE)
    closed, answer = _closed_within(sock, 30)
    sock.close()
    assert closed and answer.startswith(b"HTTP/1.1 408"), answer
    assert b'"reason":"body_timeout"' in answer
    assert _refused(port, "body_timeout") == 1


def test_an_idle_keep_alive_connection_is_closed(edge_settings: Settings, run_service: Any) -> None:
    _, port = _serve(run_service, edge_settings)
    sock = _connect(port)
    sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
    closed, answer = _closed_within(sock, 30)  # keep-alive 2 s after the answer
    sock.close()
    assert closed and answer.startswith(b"HTTP/1.1 200"), answer


def test_connections_over_the_cap_get_503_and_the_first_ones_still_work(
    edge_settings: Settings, run_service: Any
) -> None:
    settings = replace(edge_settings, ingest_max_connections=4, ingest_header_timeout=60.0)
    _, port = _serve(run_service, settings)
    held = [_connect(port) for _ in range(4)]
    time.sleep(0.5)
    extra = _connect(port)
    closed, answer = _closed_within(extra, 30)
    assert closed and answer.startswith(b"HTTP/1.1 503"), answer
    assert b"Retry-After: 1" in answer
    held[0].sendall(_post_head(len(ARTICLE)) + ARTICLE)
    _, reply = _closed_within(held[0], 5)  # kept alive after the answer: read what came
    assert reply.startswith(b"HTTP/1.1 201"), reply
    for sock in [extra, *held]:
        sock.close()
    deadline = time.monotonic() + 30
    while _refused(port, "connection_limit") < 1:
        assert time.monotonic() < deadline
        time.sleep(0.2)


def test_bodies_beyond_the_bytes_in_flight_get_503_with_retry_after(edge_settings: Settings, run_service: Any) -> None:
    settings = replace(edge_settings, ingest_max_inflight_bytes=10_000, ingest_body_timeout=60.0)
    _, port = _serve(run_service, settings)
    slow = _connect(port)
    slow.sendall(_post_head(8_000) + b'{"text": "')  # holds an 8 KB reservation while it trickles
    time.sleep(1.0)
    second = _connect(port)
    second.sendall(_post_head(5_000))
    closed, answer = _closed_within(second, 30)
    assert closed and answer.startswith(b"HTTP/1.1 503"), answer
    assert b"Retry-After: 1" in answer and b'"reason":"overloaded"' in answer
    small = _connect(port)  # fits beside the slow one
    small.sendall(_post_head(len(ARTICLE)) + ARTICLE)
    _, reply = _closed_within(small, 5)
    assert reply.startswith(b"HTTP/1.1 201"), reply
    for sock in (slow, second, small):
        sock.close()
    assert _refused(port, "body_bytes_limit") == 1


def test_a_token_in_the_query_string_is_never_logged(edge_settings: Settings, run_service: Any) -> None:
    svc, port = _serve(run_service, edge_settings)
    leaked = "query-token-value-0042"
    req = urllib.request.Request(
        f"http://127.0.0.1:{port}/articles?token={leaked}&access_token={leaked}",
        data=ARTICLE,
        headers={"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"},
    )
    assert urllib.request.urlopen(req, timeout=30).status == 201
    time.sleep(0.5)
    log = svc.log.read_text()
    assert '"POST /articles"' in log, log[-2000:]  # the access line is there, without its query
    assert leaked not in log and TOKEN not in log


def test_no_token_on_a_public_address_is_warned_about(kafka_settings: Settings, run_service: Any) -> None:
    svc, _ = _serve(run_service, replace(kafka_settings, log_level="INFO"), host="0.0.0.0")
    assert "no CLAIMSTREAM_INGEST_TOKEN is set" in svc.log.read_text()
    quiet, _ = _serve(run_service, replace(kafka_settings, log_level="INFO"), host="127.0.0.1")
    assert "no CLAIMSTREAM_INGEST_TOKEN is set" not in quiet.log.read_text()
