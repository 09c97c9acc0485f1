"""Limits of the HTTP ingest edge, so that no client can hold it open, fill its memory or its log.

=======================  ==========================================================================
connections              at most ``ingest_max_connections`` open; one more is answered 503 with
                         ``Retry-After`` and closed at once (the process never reaches its
                         file-descriptor limit)
request head             a new connection must send a complete request head within
                         ``ingest_header_timeout`` seconds, else it is closed; later requests on a
                         kept-alive connection get ``ingest_keepalive_timeout`` (aiohttp's timer)
keep-alive               an idle connection is closed after ``ingest_keepalive_timeout`` seconds
body                     must arrive in full within ``ingest_body_timeout`` seconds (a body shorter
                         than its Content-Length times out): 408, connection closed
concurrency              at most ``ingest_max_concurrent_requests`` POSTs in progress and
                         ``ingest_max_inflight_bytes`` of bodies held at once (a request reserves
                         its Content-Length, or the request limit when it has none, before its body
                         is read); beyond either: 503 with ``Retry-After``, the body left unread
logging                  every line the process writes (access log, aiohttp, asyncio, claimstream)
                         goes through :class:`RateLimitFilter`: a few lines per kind per window,
                         then a count of what was held back. The access log never shows a query
                         string (where a token could be).
=======================  ==========================================================================

Refusals are counted in ``claimstream_ingest_http_refused_total{reason}``. They are not
dead-lettered: nothing complete was received (the articles of a 503 are to be sent again).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from aiohttp import web
from aiohttp.abc import AbstractAccessLogger

from claimstream import metrics
from claimstream.contracts import serde
from claimstream.settings import Settings

log = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 1
# Bounded: metric label values.
REFUSALS = ("connection_limit", "header_timeout", "body_timeout", "request_limit", "body_bytes_limit")


@dataclass(frozen=True)
class EdgeLimits:
    max_connections: int
    header_timeout: float
    keepalive_timeout: float
    body_timeout: float
    max_requests: int
    max_inflight_bytes: int
    max_request_bytes: int

    @classmethod
    def from_settings(cls, settings: Settings) -> EdgeLimits:
        return cls(
            max_connections=settings.ingest_max_connections,
            header_timeout=settings.ingest_header_timeout,
            keepalive_timeout=settings.ingest_keepalive_timeout,
            body_timeout=settings.ingest_body_timeout,
            max_requests=settings.ingest_max_concurrent_requests,
            max_inflight_bytes=settings.ingest_max_inflight_bytes,
            max_request_bytes=settings.ingest_max_request_bytes,
        )


def refused(reason: str) -> None:
    """Count one refusal (``reason`` in :data:`REFUSALS`) and log it, rate-limited by kind."""
    metrics.INGEST_HTTP_REFUSED.labels(reason=reason).inc()
    log.warning("HTTP ingest refused a request or connection: %s", reason, extra={"kind": f"refused {reason}"})


# -- logging -------------------------------------------------------------------------------------


class RateLimitFilter(logging.Filter):
    """At most ``burst`` lines per kind per ``window`` seconds; the first line after a held-back
    stretch says how many were held back. A record's kind is its ``kind`` extra, else its logger
    and message template (so one traceback repeated 20,000 times is one kind)."""

    def __init__(self, burst: int = 3, window: float = 10.0) -> None:
        super().__init__()
        self.burst, self.window = burst, window
        self._seen: dict[Any, tuple[float, int, int]] = {}  # kind -> (window start, lines, held back)

    def filter(self, record: logging.LogRecord) -> bool:
        kind = getattr(record, "kind", None) or (record.name, str(record.msg)[:200])
        now = time.monotonic()
        start, lines, held = self._seen.get(kind, (now, 0, 0))
        if now - start >= self.window:
            start, lines = now, 0
        if lines >= self.burst:
            self._seen[kind] = (start, lines, held + 1)
            return False
        if held:
            record.msg = f"{record.msg} [{held} similar line(s) held back]"
        if len(self._seen) > 10_000:  # kinds are bounded in practice; never let the table grow without end
            self._seen.clear()
        self._seen[kind] = (start, lines + 1, 0)
        return True


def install_log_limits(rate_filter: RateLimitFilter | None = None) -> RateLimitFilter:
    """Put one :class:`RateLimitFilter` on every handler of the root logger (once each), so it
    sees every line the process writes: aiohttp's, asyncio's and claimstream's."""
    rate_filter = rate_filter or RateLimitFilter()
    for handler in logging.getLogger().handlers:
        if not any(isinstance(f, RateLimitFilter) for f in handler.filters):
            handler.addFilter(rate_filter)
    return rate_filter


class SafeAccessLogger(AbstractAccessLogger):
    """One access line per request, with the path only: a query string (which may carry a token)
    is never written."""

    def log(self, request: web.BaseRequest, response: web.StreamResponse, time: float) -> None:
        self.logger.info(
            '%s "%s %s" %d %.3fs',
            request.remote,
            request.method,
            request.path,
            response.status,
            time,
            extra={"kind": f"access {response.status}"},
        )


# -- connections ---------------------------------------------------------------------------------

_BUSY_BODY = serde.dumps({"error": "too many connections; retry", "reason": "overloaded"})
_BUSY = (
    b"HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\n"
    + f"Retry-After: {RETRY_AFTER_SECONDS}\r\nConnection: close\r\nContent-Length: {len(_BUSY_BODY)}\r\n\r\n".encode()
    + _BUSY_BODY
)


class _Refuse(asyncio.Protocol):
    """A connection over the cap: answered 503 and closed without reading anything."""

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.WriteTransport)
        transport.write(_BUSY)
        transport.close()


class _Guarded(asyncio.Protocol):
    """aiohttp's handler for one connection, counted, and closed when the head of its first
    request has not arrived in time (aiohttp's own keep-alive timer covers the later ones)."""

    def __init__(self, inner: asyncio.Protocol, guard: ConnectionGuard) -> None:
        self._inner, self._guard = inner, guard
        self._transport: asyncio.BaseTransport | None = None
        self._timer: asyncio.TimerHandle | None = None
        self._tail = b""

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self._transport = transport
        self._timer = asyncio.get_running_loop().call_later(self._guard.limits.header_timeout, self._head_too_slow)
        self._inner.connection_made(transport)

    def data_received(self, data: bytes) -> None:
        if self._timer is not None:
            seen = self._tail + data
            if b"\n\r\n" in seen or b"\n\n" in seen:  # the blank line that ends a request head
                self._timer.cancel()
                self._timer = None
            self._tail = seen[-2:]
        self._inner.data_received(data)

    def eof_received(self) -> bool | None:
        return self._inner.eof_received()

    def connection_lost(self, exc: Exception | None) -> None:
        if self._timer is not None:
            self._timer.cancel()
        self._guard.open -= 1
        self._inner.connection_lost(exc)

    def pause_writing(self) -> None:
        self._inner.pause_writing()

    def resume_writing(self) -> None:
        self._inner.resume_writing()

    def _head_too_slow(self) -> None:
        self._timer = None
        refused("header_timeout")
        if self._transport is not None:
            self._transport.close()


class ConnectionGuard:
    """The protocol factory the listening socket uses around aiohttp's :class:`web.Server`."""

    def __init__(self, server: web.Server, limits: EdgeLimits) -> None:
        self.server, self.limits = server, limits
        self.open = 0

    def __call__(self) -> asyncio.Protocol:
        if self.open >= self.limits.max_connections:
            refused("connection_limit")
            return _Refuse()
        self.open += 1
        return _Guarded(self.server(), self)


class GuardedSite(web.TCPSite):
    """A TCP site whose connections go through a :class:`ConnectionGuard`."""

    def __init__(self, runner: web.BaseRunner, host: str, port: int, limits: EdgeLimits) -> None:
        super().__init__(runner, host, port, backlog=min(1024, limits.max_connections))
        self.limits = limits

    async def start(self) -> None:
        await web.BaseSite.start(self)
        assert self._runner.server is not None
        self._server = await asyncio.get_running_loop().create_server(
            ConnectionGuard(self._runner.server, self.limits), self._host, self._port, backlog=self._backlog
        )


# -- requests ------------------------------------------------------------------------------------


class Overloaded(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class Admission:
    """Concurrent POSTs and the body bytes they may hold, reserved before a body is read."""

    def __init__(self, limits: EdgeLimits) -> None:
        self.limits = limits
        self.requests = 0
        self.bytes = 0

    @contextlib.contextmanager
    def admit(self, content_length: int | None) -> Iterator[None]:
        """Reserve room for one request; raises :class:`Overloaded` when there is none.

        A request with no Content-Length reserves the request limit; one is always admitted
        when nothing else is held, so a budget below the request limit cannot stall the edge.
        """
        limit = self.limits.max_request_bytes
        size = min(limit if content_length is None else content_length, limit) + 1
        if self.requests >= self.limits.max_requests:
            raise Overloaded("request_limit")
        if self.bytes and self.bytes + size > self.limits.max_inflight_bytes:
            raise Overloaded("body_bytes_limit")
        self.requests += 1
        self.bytes += size
        try:
            yield
        finally:
            self.requests -= 1
            self.bytes -= size
