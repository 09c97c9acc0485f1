"""HTTP ingest API: the paths decided before anything is published (token, empty batch, health, metrics).

The publisher here is never started: a request that reached it would come back 503, so these
tests also show that refused requests publish nothing. Paths that publish or dead-letter are in
tests/integration/test_ingest.py, on the real broker.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator

import pytest
from aiohttp.test_utils import TestClient, TestServer

from claimstream.bus.producer import Publisher
from claimstream.ingest.http_limits import Admission, EdgeLimits, Overloaded, RateLimitFilter
from claimstream.ingest.http_server import make_app
from claimstream.settings import Secret, Settings, load_settings

TOKEN = "s3cr3t-token-value"


@pytest.fixture
async def client() -> AsyncIterator[TestClient]:
    settings = Settings(ingest_token=Secret(TOKEN), ingest_max_request_bytes=1000)
    async with TestClient(TestServer(make_app(settings, Publisher(settings)))) as c:
        yield c


@pytest.mark.parametrize("header", [None, "Bearer wrong", f"Basic {TOKEN}", TOKEN, "Bearer", f"Bearer {TOKEN}x"])
async def test_a_missing_or_wrong_token_is_401(
    client: TestClient, header: str | None, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    headers = {"Authorization": header} if header else {}
    resp = await client.post("/articles", data=b'{"text": "A story."}', headers=headers)
    assert resp.status == 401
    assert resp.headers["WWW-Authenticate"] == "Bearer"
    body = await resp.json()
    assert body["reason"] == "unauthorized"
    assert TOKEN not in await resp.text()
    assert TOKEN not in caplog.text


async def test_an_unauthenticated_huge_body_is_refused_without_reading_it(client: TestClient) -> None:
    resp = await client.post("/articles", data=b"x" * 5_000_000)
    assert resp.status == 401


async def test_healthz_and_metrics_need_no_token(client: TestClient) -> None:
    await client.post("/articles", data=b"{}")  # one 401, counted
    resp = await client.get("/healthz")
    assert resp.status == 200
    assert (await resp.json()) == {"status": "ok"}
    metrics = await client.get("/metrics")
    assert metrics.status == 200
    text = await metrics.text()
    assert 'claimstream_ingest_http_requests_total{status="401"}' in text
    assert TOKEN not in text


def test_the_token_is_a_secret_setting_that_never_prints() -> None:
    settings = load_settings(env={"CLAIMSTREAM_INGEST_TOKEN": TOKEN})
    assert settings.ingest_token.reveal() == TOKEN
    assert TOKEN not in repr(settings)
    assert TOKEN not in f"{settings!r}"


def test_the_log_rate_limit_keeps_a_few_lines_per_kind_and_counts_the_rest() -> None:
    limit = RateLimitFilter(burst=2, window=60)

    def record(msg: str) -> logging.LogRecord:
        return logging.LogRecord("aiohttp.server", logging.ERROR, __file__, 1, msg, None, None)

    kept = [limit.filter(record("Error handling request")) for _ in range(500)]
    assert kept.count(True) == 2
    assert limit.filter(record("another kind of line"))  # kinds are limited apart
    limit.window = 0  # the window ends: the next line says how many were held back
    nxt = record("Error handling request")
    assert limit.filter(nxt) and "[498 similar line(s) held back]" in nxt.msg


def test_admission_caps_requests_and_reserved_bytes() -> None:
    limits = EdgeLimits.from_settings(
        Settings(ingest_max_concurrent_requests=2, ingest_max_inflight_bytes=1000, ingest_max_request_bytes=5000)
    )
    gate = Admission(limits)
    with gate.admit(600):
        with pytest.raises(Overloaded, match="body_bytes_limit"), gate.admit(600):
            pass
        with gate.admit(300), pytest.raises(Overloaded, match="request_limit"), gate.admit(1):
            pass
    assert (gate.requests, gate.bytes) == (0, 0)
    with gate.admit(None):  # no Content-Length: the request limit is reserved, admitted when alone
        assert gate.bytes == 5001
