"""The HTTP ingest API (``claimstream ingest --serve``), an aiohttp application.

``POST /articles``: one article (a JSON object) or a batch (a JSON list). The body is read as
UTF-8 JSON whatever the Content-Type says (``curl -d`` sends form-urlencoded by default).

=======  ====================================================================================
201      every article acknowledged by the broker; body ``{"id", ...}`` or ``{"results": [...]}``
207      a batch with some articles accepted and others rejected or failed: per-item ``results``
400      malformed JSON or not UTF-8 (``reason`` malformed_json / bad_encoding); an empty batch (empty_batch)
401      a token is configured (``CLAIMSTREAM_INGEST_TOKEN``) and the request lacks it
408      the body did not arrive in full within ``ingest_body_timeout`` (see :mod:`.http_limits`)
413      body over ``ingest_max_request_bytes``, batch over ``ingest_max_batch``, text too large
422      valid JSON but not an acceptable article (missing text, wrong types, ...)
503      the broker acknowledged none of it (``reason`` not_acknowledged, ``error`` Kafka's cause):
         retry (ids are stable, so a retry is recognisable); or the API is at a concurrency
         limit (``reason`` overloaded, ``Retry-After``)
=======  ====================================================================================

Every rejected input (except unauthenticated, timed-out and overloaded requests, whose bodies
are not read in full) goes to the DLQ with stage ``ingest-http``. ``GET /healthz`` and
``GET /metrics`` (Prometheus) need no token. The token is compared in constant time and never
logged, nor is a query string (see :class:`.http_limits.SafeAccessLogger`).
"""

from __future__ import annotations

import asyncio
import hmac
import logging
from typing import Any

import prometheus_client
from aiohttp import web

from claimstream import metrics
from claimstream.bus.producer import Publisher
from claimstream.contracts import serde
from claimstream.contracts.articles import InvalidArticle
from claimstream.ingest.candidates import Candidate, decode_json
from claimstream.ingest.http_limits import RETRY_AFTER_SECONDS, Admission, EdgeLimits, Overloaded, refused
from claimstream.ingest.submit import Ingestor, Outcome
from claimstream.settings import Settings

log = logging.getLogger(__name__)

PUBLISHER: web.AppKey[Publisher] = web.AppKey("publisher", Publisher)
INGESTOR: web.AppKey[Ingestor] = web.AppKey("ingestor", Ingestor)
SETTINGS: web.AppKey[Settings] = web.AppKey("settings", Settings)
ADMISSION: web.AppKey[Admission] = web.AppKey("admission", Admission)
_STATUS_BY_REASON = {"malformed_json": 400, "bad_encoding": 400, "empty_batch": 400, "too_large": 413}


def _reply(status: int, body: dict[str, Any], headers: dict[str, str] | None = None) -> web.Response:
    metrics.INGEST_REQUESTS.labels(status=str(status)).inc()
    return web.json_response(body, status=status, headers=headers, dumps=lambda v: serde.dumps(v).decode("utf-8"))


def _authorized(request: web.Request, token: str) -> bool:
    header = request.headers.get("Authorization", "")
    scheme, _, given = header.partition(" ")
    return scheme.lower() == "bearer" and hmac.compare_digest(given.strip().encode(), token.encode())


async def _read_body(request: web.Request, limit: int) -> tuple[bytes, bool]:
    """At most ``limit + 1`` bytes of the body, and whether it was over the limit."""
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.content.iter_chunked(64 * 1024):
        chunks.append(chunk)
        size += len(chunk)
        if size > limit:
            break
    return b"".join(chunks)[: limit + 1], size > limit


async def _reject_request(request: web.Request, raw: bytes, exc: InvalidArticle, **extra: Any) -> web.Response:
    """The whole request is refused: dead-letter it and answer with the reason."""
    outcome = await request.app[INGESTOR].submit([Candidate(raw, "body", error=exc)])
    return _item_reply(outcome[0], **extra)


def _item_reply(outcome: Outcome, **extra: Any) -> web.Response:
    if outcome.status != "accepted":
        log.info("POST /articles: %s (%s)", outcome.status, outcome.reason or outcome.error)
    if outcome.status == "accepted":
        return _reply(201, outcome.as_dict() | extra)
    if outcome.status == "failed":
        # The reason says what to do (retry: ids are stable); the error says why Kafka refused.
        why = {"reason": "not_acknowledged", "error": f"not acknowledged by Kafka; retry ({outcome.error})"}
        return _reply(503, outcome.as_dict() | why | extra)
    return _reply(_STATUS_BY_REASON.get(outcome.reason or "", 422), outcome.as_dict() | extra)


def _batch_reply(outcomes: list[Outcome]) -> web.Response:
    counts = {s: sum(o.status == s for o in outcomes) for s in ("accepted", "rejected", "failed")}
    body = counts | {"results": [{"index": i} | o.as_dict() for i, o in enumerate(outcomes)]}
    if counts["rejected"] or counts["failed"]:
        log.info("POST /articles batch: %(accepted)d accepted, %(rejected)d rejected, %(failed)d failed", counts)
    if counts["failed"]:
        status = 503 if not counts["accepted"] else 207
    elif counts["rejected"]:
        status = 207 if counts["accepted"] else 422
    else:
        status = 201
    return _reply(status, body)


async def post_articles(request: web.Request) -> web.Response:
    settings = request.app[SETTINGS]
    token = settings.ingest_token.reveal()
    if token and not _authorized(request, token):
        return _reply(
            401,
            {"error": "a valid bearer token is required (Authorization: Bearer ...)", "reason": "unauthorized"},
            headers={"WWW-Authenticate": "Bearer"},
        )
    try:
        with request.app[ADMISSION].admit(request.content_length):
            return await _post_admitted(request, settings)
    except Overloaded as exc:
        refused(exc.reason)
        resp = _reply(
            503,
            {"error": f"the ingest API is at its limit ({exc.reason}); retry", "reason": "overloaded"},
            headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
        )
        resp.force_close()  # the body is not read: do not keep the connection for it
        return resp


async def _post_admitted(request: web.Request, settings: Settings) -> web.Response:
    try:
        async with asyncio.timeout(settings.ingest_body_timeout):
            raw, too_big = await _read_body(request, settings.ingest_max_request_bytes)
    except TimeoutError:
        refused("body_timeout")
        resp = _reply(
            408,
            {"error": f"the body did not arrive within {settings.ingest_body_timeout:g} s", "reason": "body_timeout"},
        )
        resp.force_close()
        return resp
    if too_big:
        return await _reject_request(
            request,
            raw,
            InvalidArticle("too_large", f"request body is over the limit of {settings.ingest_max_request_bytes} bytes"),
        )
    try:
        value = decode_json(raw)
    except InvalidArticle as exc:
        return await _reject_request(request, raw, exc)
    if not isinstance(value, list):
        outcomes = await request.app[INGESTOR].submit([Candidate(raw, "body", value=value)])
        return _item_reply(outcomes[0])
    if not value:
        return await _reject_request(request, raw, InvalidArticle("empty_batch", "the batch is empty: no article"))
    if len(value) > settings.ingest_max_batch:
        return await _reject_request(
            request,
            raw,
            InvalidArticle("too_large", f"batch has {len(value)} articles, the limit is {settings.ingest_max_batch}"),
        )
    candidates = [Candidate(serde.dumps(item), f"[{i}]", value=item) for i, item in enumerate(value)]
    return _batch_reply(await request.app[INGESTOR].submit(candidates))


async def healthz(request: web.Request) -> web.Response:
    return web.json_response({"status": "ok"})


async def metrics_endpoint(request: web.Request) -> web.Response:
    return web.Response(
        body=prometheus_client.generate_latest(metrics.REGISTRY),
        headers={"Content-Type": prometheus_client.CONTENT_TYPE_LATEST},
    )


def make_app(settings: Settings, publisher: Publisher) -> web.Application:
    """The application around a started (or to-be-started by the caller) :class:`Publisher`."""
    app = web.Application(client_max_size=settings.ingest_max_request_bytes + 1)
    app[SETTINGS] = settings
    app[PUBLISHER] = publisher
    app[INGESTOR] = Ingestor(publisher, settings, "http")
    app[ADMISSION] = Admission(EdgeLimits.from_settings(settings))
    app.router.add_post("/articles", post_articles)
    app.router.add_get("/healthz", healthz)
    app.router.add_get("/metrics", metrics_endpoint)
    return app
