"""``claimstream ingest PATH... | - | --rss URL_OR_FILE | --serve [--host --port]``.

Prints each rejected or failed input on stderr and a summary line on stdout::

    ingest: sent 12, rejected 1, failed 0

Exit codes: 0 every article acknowledged by the broker and nothing rejected; 1 some input was
rejected (each one is on news.articles.dlq with its reason); 3 something was not acknowledged
(broker unreachable, a file or feed unreadable); 2 bad usage.
"""

from __future__ import annotations

import argparse
import asyncio
import ipaddress
import logging
import signal
import sys
from pathlib import Path
from typing import Any, TextIO

from aiohttp import web

from claimstream.bus.producer import Publisher, PublishError
from claimstream.ingest import feeds, readers
from claimstream.ingest.http_limits import EdgeLimits, GuardedSite, SafeAccessLogger, install_log_limits
from claimstream.ingest.http_server import make_app
from claimstream.ingest.submit import Ingestor, Outcome, Tally, article_json_limit
from claimstream.settings import Settings

EXIT_OK, EXIT_REJECTED, EXIT_USAGE, EXIT_FAILED = 0, 1, 2, 3
log = logging.getLogger(__name__)


def register(sub: Any) -> None:
    p = sub.add_parser(
        "ingest", help="publish articles from files, stdin, feeds or HTTP", description=__doc__.split("\n\n")[0]
    )
    p.add_argument(
        "paths", nargs="*", metavar="PATH", help="files or folders (.jsonl .json .txt .html); '-' reads stdin"
    )
    p.add_argument("--rss", action="append", default=[], metavar="URL_OR_FILE", help="an RSS/Atom feed")
    p.add_argument("--serve", action="store_true", help="run the HTTP API: POST /articles")
    p.add_argument("--host", default="127.0.0.1", help="address for --serve (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=8080, help="port for --serve (0: any free port)")
    p.add_argument("--quiet", action="store_true", help="print only the summary")
    p.set_defaults(func=run)


class Reporter:
    """Tallies outcomes and prints the ones a user must see."""

    def __init__(self, err: TextIO, quiet: bool) -> None:
        self.tally = Tally()
        self.err = err
        self.quiet = quiet

    def add(self, outcome: Outcome) -> None:
        self.tally.add([outcome])
        if outcome.status != "accepted" and not self.quiet:
            print(
                f"claimstream ingest: {outcome.status} {outcome.origin}: {outcome.reason or 'error'}: {outcome.error}",
                file=self.err,
            )

    def failure(self, message: str) -> None:
        self.tally.failed += 1
        print(f"claimstream ingest: {message}", file=self.err)


async def _ingest_files(publisher: Publisher, settings: Settings, paths: list[Path], rep: Reporter) -> None:
    walk = readers.expand_paths(paths)
    if walk.skipped and not rep.quiet:
        print(
            f"claimstream ingest: skipped {len(walk.skipped)} file(s) in folders that are not "
            f"{'/'.join(readers.SUPPORTED)}",
            file=rep.err,
        )
    ingestor = Ingestor(publisher, settings, "file")
    for outcome in await ingestor.submit(walk.outside):
        rep.add(outcome)
    for path in walk.files:
        try:
            candidates = readers.read_file(path, settings.ingest_max_request_bytes, article_json_limit(settings))
            async for outcome in ingestor.submit_stream(candidates):
                rep.add(outcome)
        except OSError as exc:
            rep.failure(f"cannot read {path}: {exc.strerror or exc}")


async def _ingest_stdin(publisher: Publisher, settings: Settings, rep: Reporter) -> None:
    ingestor = Ingestor(publisher, settings, "stdin")
    candidates = readers.read_stream(
        sys.stdin.buffer, max_bytes=settings.ingest_max_request_bytes, max_line_bytes=article_json_limit(settings)
    )
    async for outcome in ingestor.submit_stream(candidates):
        rep.add(outcome)


async def _ingest_feed(publisher: Publisher, settings: Settings, source: str, rep: Reporter) -> None:
    try:
        raw = await asyncio.to_thread(feeds.load_feed, source)
    except feeds.FeedUnavailable as exc:
        rep.failure(str(exc))
        return
    for outcome in await Ingestor(publisher, settings, "feed").submit(feeds.feed_candidates(raw, source)):
        rep.add(outcome)


async def ingest(settings: Settings, paths: list[str], rss: list[str], rep: Reporter) -> None:
    """Publish every input named; outcomes go to ``rep``."""
    async with Publisher(settings) as publisher:
        files = [Path(p) for p in paths if p != "-"]
        if files:
            await _ingest_files(publisher, settings, files, rep)
        if "-" in paths:
            await _ingest_stdin(publisher, settings, rep)
        for source in rss:
            await _ingest_feed(publisher, settings, source, rep)


async def serve(settings: Settings, host: str, port: int, out: TextIO = sys.stdout) -> None:
    """Run the HTTP API until SIGINT/SIGTERM; prints the URL it listens on (port 0: a free one)."""
    limits = EdgeLimits.from_settings(settings)
    install_log_limits()
    if not settings.ingest_token and not is_loopback(host):
        log.warning(
            "no CLAIMSTREAM_INGEST_TOKEN is set and the API listens on %s: anyone who reaches it can publish "
            "articles; set a token (or bind to 127.0.0.1)",
            host,
        )
    async with Publisher(settings) as publisher:
        runner = web.AppRunner(
            make_app(settings, publisher), keepalive_timeout=limits.keepalive_timeout, access_log_class=SafeAccessLogger
        )
        await runner.setup()
        site = GuardedSite(runner, host, port, limits)
        await site.start()
        bound = runner.addresses[0][1] if runner.addresses else port
        print(
            f"claimstream ingest: listening on http://{host}:{bound}/articles"
            f"{' (bearer token required)' if settings.ingest_token else ''}",
            file=out,
            flush=True,
        )
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop.set)
        try:
            await stop.wait()
        finally:
            await runner.cleanup()


def is_loopback(host: str) -> bool:
    """Whether ``host`` is reachable from this machine only."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _usage_error(args: argparse.Namespace) -> str | None:
    if not (args.paths or args.rss or args.serve):
        return "nothing to ingest: give PATH..., '-' for stdin, --rss URL_OR_FILE or --serve"
    if args.serve and (args.paths or args.rss):
        return "--serve runs the HTTP API alone; ingest files and feeds in another command"
    missing = [p for p in args.paths if p != "-" and not Path(p).exists()]
    if missing:
        return f"no such file or folder: {', '.join(missing)}"
    return None


def run(args: argparse.Namespace, settings: Settings) -> int:
    problem = _usage_error(args)
    if problem:
        print(f"claimstream ingest: {problem}", file=sys.stderr)
        return EXIT_USAGE
    if args.serve:
        try:
            asyncio.run(serve(settings, args.host, args.port))
        except PublishError as exc:
            print(f"claimstream ingest: {exc}", file=sys.stderr)
            return EXIT_FAILED
        return EXIT_OK
    rep = Reporter(sys.stderr, args.quiet)
    try:
        asyncio.run(ingest(settings, args.paths, args.rss, rep))
    except PublishError as exc:  # the broker could not be reached at all
        rep.failure(f"{exc}; nothing was sent")
    t = rep.tally
    print(f"ingest: sent {t.accepted}, rejected {t.rejected}, failed {t.failed}")
    if t.failed:
        return EXIT_FAILED
    return EXIT_REJECTED if t.rejected else EXIT_OK
