"""``claimstream ledger serve``: the HTTP API and page over the current ledger.

``GET /ledger`` (JSON; filters donor, recipient, aid_type, status, since, until, limit),
``GET /ledger.csv`` (the same rows as CSV), ``GET /ledger/{commitment_id}`` (one record with its
sources and evidence), ``GET /`` (the page), ``GET /healthz``, ``GET /metrics``. Every input is
bounded; a bad one gets a 4xx with the reason as JSON.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from typing import Any

import prometheus_client
from aiohttp import web

from claimstream import metrics
from claimstream.contracts import serde
from claimstream.ledger.page import page_html
from claimstream.ledger.view import BadQuery, LedgerView, parse_query, to_csv

MAX_QUERY_CHARS = 2048
_COMMITMENT_ID = re.compile(r"^ldg-[0-9a-f]{24}$")
VIEW: web.AppKey[LedgerView] = web.AppKey("view", LedgerView)
READY: web.AppKey[Callable[[], bool]] = web.AppKey("ready", Callable)  # type: ignore[arg-type]


def _json(status: int, body: Any) -> web.Response:
    return web.Response(status=status, body=serde.dumps(body), content_type="application/json")


def _error(status: int, message: str) -> web.Response:
    return _json(status, {"error": message})


@web.middleware
async def _bounded(request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]) -> Any:
    """Refuse over-long query strings, count every reply by status."""
    if len(request.query_string) > MAX_QUERY_CHARS:
        response: web.StreamResponse = _error(414, f"query string longer than {MAX_QUERY_CHARS} characters")
    else:
        try:
            response = await handler(request)
        except web.HTTPException as exc:
            response = _error(exc.status, exc.reason)
    metrics.LEDGER_HTTP_REQUESTS.labels(str(response.status)).inc()
    return response


def _query(request: web.Request) -> tuple[LedgerView, list[dict[str, Any]]] | web.Response:
    params = request.query
    repeated = sorted({k for k in params if len(params.getall(k)) > 1})
    if repeated:
        return _error(400, f"parameter(s) given more than once: {', '.join(repeated)}")
    try:
        query = parse_query(dict(params))
    except BadQuery as exc:
        return _error(400, str(exc))
    view = request.app[VIEW]
    return view, view.select(query)


async def list_records(request: web.Request) -> web.Response:
    found = _query(request)
    if isinstance(found, web.Response):
        return found
    view, records = found
    return _json(
        200,
        {
            "count": len(records),
            "ready": request.app[READY](),
            "totals_by_donor": view.totals_by_donor(records),
            "records": records,
        },
    )


async def list_csv(request: web.Request) -> web.Response:
    found = _query(request)
    if isinstance(found, web.Response):
        return found
    return web.Response(
        text=to_csv(found[1]),
        content_type="text/csv",
        headers={"Content-Disposition": 'attachment; filename="ledger.csv"'},
    )


async def one_record(request: web.Request) -> web.Response:
    cid = request.match_info["commitment_id"]
    if not _COMMITMENT_ID.match(cid):
        return _error(400, "a commitment_id is ldg- and 24 hex digits")
    record = request.app[VIEW].records.get(cid)
    if record is None:
        return _error(404, f"no record {cid}")
    return _json(200, record)


async def page(request: web.Request) -> web.Response:
    return web.Response(
        text=page_html(),
        content_type="text/html",
        headers={
            "Content-Security-Policy": "default-src 'none'; script-src 'unsafe-inline'; "
            "style-src 'unsafe-inline'; connect-src 'self'"
        },
    )


async def healthz(request: web.Request) -> web.Response:
    ready = request.app[READY]()
    return _json(200 if ready else 503, {"ready": ready, "records": len(request.app[VIEW].records)})


async def metrics_endpoint(request: web.Request) -> web.Response:
    return web.Response(body=prometheus_client.generate_latest(metrics.REGISTRY), content_type="text/plain")


def make_app(view: LedgerView, ready: Callable[[], bool]) -> web.Application:
    app = web.Application(middlewares=[_bounded], client_max_size=1024)
    app[VIEW] = view
    app[READY] = ready
    app.router.add_get("/", page)
    app.router.add_get("/ledger", list_records)
    app.router.add_get("/ledger.csv", list_csv)
    app.router.add_get("/ledger/{commitment_id}", one_record)
    app.router.add_get("/healthz", healthz)
    app.router.add_get("/metrics", metrics_endpoint)
    return app
