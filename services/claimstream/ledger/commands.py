"""``claimstream ledger run|serve|list``: keep, serve and print the aid ledger."""

from __future__ import annotations

import argparse
import asyncio
import logging
import signal
import sys
from typing import Any

from claimstream.contracts import serde
from claimstream.settings import Settings

log = logging.getLogger(__name__)


def register(sub: Any) -> None:
    p = sub.add_parser(
        "ledger",
        help="the aid ledger: one record per real-world commitment",
        description="run: keep the ledger (faust agents, table with changelog) from claims.aid into ledger.aid; "
        "serve: the HTTP API and page; list: print the current records.",
    )
    p.add_argument("action", choices=("run", "serve", "list"))
    p.add_argument("--port", type=int, default=None, help="serve: HTTP port (default: CLAIMSTREAM_LEDGER_PORT)")
    p.add_argument("--json", action="store_true", help="list: one JSON record a line")
    p.set_defaults(func=run)


def run(args: argparse.Namespace, settings: Settings) -> int:
    if args.action == "run":
        return run_ledger(settings)
    if args.action == "serve":
        return asyncio.run(_serve(settings, args.port if args.port is not None else settings.ledger_port))
    return asyncio.run(_list(settings, as_json=args.json))


def run_ledger(settings: Settings) -> int:
    """One ledger process: /metrics on the ledger base port + process index, then the faust worker."""
    import faust

    from claimstream.broker.admin import faust_replication
    from claimstream.ledger.app import build_app
    from claimstream.metrics_server import serve_for

    app = build_app(faust_replication(settings))  # its changelog replicated like the other topics
    server = serve_for(settings, "ledger")
    if server is not None:
        log.info("ledger %d: metrics on :%d/metrics", settings.process_index, server.port)
    worker = faust.Worker(
        app, loglevel=settings.log_level.lower(), quiet=True, override_logging=False, redirect_stdouts=False
    )
    worker.execute_from_commandline()  # returns via SystemExit when the worker stops
    return 0


async def _serve(settings: Settings, port: int) -> int:
    from aiohttp import web

    from claimstream import __version__, metrics
    from claimstream.ledger.http_api import make_app
    from claimstream.ledger.view import LedgerView, follow

    metrics.BUILD_INFO.labels(__version__, "ledger-serve").set(1)
    view, stop, ready = LedgerView(), asyncio.Event(), asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    runner = web.AppRunner(make_app(view, ready.is_set), access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, settings.ledger_addr, port)
    await site.start()
    print(f"ledger API on http://{settings.ledger_addr}:{port}/ (GET /ledger, /ledger.csv, /ledger/ID)", flush=True)
    try:
        await follow(settings, view, stop, ready)
    finally:
        await runner.cleanup()
    return 0


async def _list(settings: Settings, *, as_json: bool) -> int:
    from claimstream.ledger.view import Query, snapshot

    try:
        view = await snapshot(settings)
    except RuntimeError as exc:
        print(f"claimstream ledger list: {exc}", file=sys.stderr)
        return 1
    for r in view.select(Query(limit=len(view.records) or 1)):
        if as_json:
            sys.stdout.write(serde.dumps(r).decode("utf-8") + "\n")
        else:
            sys.stdout.write(describe(r) + "\n")
    return 0


def describe(r: dict[str, Any]) -> str:
    """One line for a record: parties, amount (and in USD), type, status, sources."""
    amount = f"{r['amount']:,.0f} {r['currency'] or ''}".strip() if r["amount"] is not None else "no amount"
    usd = f"${r['amount_usd']:,.0f}" if r["amount_usd"] is not None else f"USD n/a: {r['fx_note']}"
    return (
        f"{r['commitment_id']}  {r['donor']} -> {r['recipient']}: {amount} [{usd}] {r['aid_type']}, "
        f"{r['status']}, {len(r['sources'])} source(s) from {r['outlets']} outlet(s), known from {r['known_from']}"
    )
