"""``claimstream worker``: run the extraction agent in one or several processes."""

from __future__ import annotations

import argparse
import logging
import signal
import subprocess
import sys
import time
from typing import Any

from claimstream.settings import Settings

log = logging.getLogger(__name__)


def register(sub: Any) -> None:
    p = sub.add_parser(
        "worker",
        help="run the extraction processors (faust agents)",
        description="Consume news.articles and publish entities, quotes and aid claims.",
    )
    p.add_argument(
        "--processes", type=int, default=1, help="worker processes on this host, one consumer group (default 1)"
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace, settings: Settings) -> int:
    if args.processes > 1:
        return _supervise(args.processes, first_index=settings.process_index)
    return run_one(settings)


def run_one(settings: Settings) -> int:
    """One worker process: /metrics on base port + process index, then the faust worker."""
    import faust
    from faust.sensors.prometheus import setup_prometheus_sensors

    from claimstream import metrics
    from claimstream.broker.admin import faust_replication
    from claimstream.metrics_server import serve_for
    from claimstream.worker.app import build_app

    app = build_app(faust_replication(settings))
    setup_prometheus_sensors(app, registry=metrics.REGISTRY, name_prefix="claimstream_faust")
    server = serve_for(settings, "worker")
    if server is not None:
        log.info("worker %d: metrics on :%d/metrics", settings.process_index, server.port)
    worker = faust.Worker(
        app, loglevel=settings.log_level.lower(), quiet=True, override_logging=False, redirect_stdouts=False
    )
    worker.execute_from_commandline()  # returns via SystemExit when the worker stops
    return 0


def _without_flag(argv: list[str], flag: str) -> list[str]:
    """argv minus ``flag VALUE`` and ``flag=VALUE``."""
    out: list[str] = []
    skip = False
    for arg in argv:
        if skip:
            skip = False
        elif arg == flag:
            skip = True
        elif not arg.startswith(flag + "="):
            out.append(arg)
    return out


def _supervise(n: int, *, first_index: int = 0) -> int:
    """Start n single-process workers (process indexes first_index..); restart any that dies."""
    argv = _without_flag(_without_flag(sys.argv[1:], "--processes"), "--process-index")
    stopping = False
    children: dict[int, subprocess.Popen[bytes]] = {}

    def spawn(i: int) -> None:
        cmd = [sys.executable, "-m", "claimstream", *argv, "--process-index", str(first_index + i)]
        children[i] = subprocess.Popen(cmd)
        log.info("worker %d started (pid %d)", i, children[i].pid)

    def stop(signum: int, _frame: Any) -> None:
        nonlocal stopping
        stopping = True
        for child in children.values():
            if child.poll() is None:
                child.send_signal(signal.SIGTERM)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    for i in range(n):
        spawn(i)
    while True:
        time.sleep(0.5)
        if stopping:
            for child in children.values():
                try:
                    child.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    child.kill()
            return 0
        for i, child in list(children.items()):
            if child.poll() is not None:
                log.warning("worker %d exited with %s; restarting in 1 s", i, child.returncode)
                time.sleep(1)
                spawn(i)
