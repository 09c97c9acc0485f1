"""``claimstream sink`` (alerts and metrics) and ``claimstream alerts list``."""

from __future__ import annotations

import argparse
import asyncio
import signal
import sys
from dataclasses import fields
from typing import Any

from claimstream.contracts import serde
from claimstream.settings import Settings


def register(sub: Any) -> None:
    p = sub.add_parser(
        "sink",
        help="consume claims: alerts (topic, store, Alertmanager, webhook), metrics",
        description="Consume claims.*, evaluate alert rules, publish alerts, serve /metrics.",
    )
    p.add_argument(
        "--rules",
        default=None,
        metavar="FILE",
        help="alert rules YAML (default: CLAIMSTREAM_ALERT_RULES, else the packaged rules)",
    )
    p.add_argument("--check", action="store_true", help="validate the rules file and exit")
    p.set_defaults(func=run_sink)

    alerts = sub.add_parser("alerts", help="inspect the sink's alert store")
    alerts_sub = alerts.add_subparsers(dest="alerts_command", metavar="ACTION", required=True)
    ls = alerts_sub.add_parser("list", help="recent alerts, newest first")
    ls.add_argument("--limit", type=int, default=20, help="how many (default 20)")
    ls.add_argument("--rule", default=None, help="only this rule id")
    ls.add_argument("--json", action="store_true", help="one Alert v1 JSON a line")
    _settings_flags(ls)
    ls.set_defaults(func=run_list)


def _settings_flags(parser: argparse.ArgumentParser) -> None:
    """The settings flags on a nested subcommand too (cli adds them to top-level commands only).

    Defaults are suppressed so a flag given before the nested command is not reset to None.
    """
    group = parser.add_argument_group("settings (also CLAIMSTREAM_* environment variables)")
    for f in fields(Settings):
        group.add_argument(
            "--" + f.name.replace("_", "-"),
            dest=f"setting_{f.name}",
            default=argparse.SUPPRESS,
            help=f.metadata["help"],
        )


def _load(args: argparse.Namespace, settings: Settings) -> Any:
    from claimstream.sink.rules import RuleConfigError, load_rules

    try:
        return load_rules(args.rules or settings.alert_rules or None)
    except RuleConfigError as exc:
        print(f"claimstream sink: {exc}", file=sys.stderr)
        return None


def run_sink(args: argparse.Namespace, settings: Settings) -> int:
    ruleset = _load(args, settings)
    if ruleset is None:
        return 2
    if args.check:
        print(f"{ruleset.source}: {len(ruleset.rules)} rule(s) OK: {', '.join(r.id for r in ruleset.rules)}")
        return 0
    from claimstream.metrics_server import serve_for
    from claimstream.sink.app import Sink
    from claimstream.sink.store import AlertStore, default_path

    server = serve_for(settings, "sink")
    store = AlertStore(default_path(settings.data_path))
    try:
        asyncio.run(_serve(Sink(settings, ruleset, store)))
    finally:
        store.close()
        if server is not None:
            server.close()
    return 0


async def _serve(sink: Any) -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    await sink.run(stop)


def run_list(args: argparse.Namespace, settings: Settings) -> int:
    from claimstream.sink.store import AlertStore, default_path

    path = default_path(settings.data_path)
    if not path.exists():
        print(f"no alert store at {path} (has the sink run with this --data-dir?)", file=sys.stderr)
        return 1
    store = AlertStore(path)
    try:
        alerts = store.recent(max(1, args.limit), rule=args.rule)
    finally:
        store.close()
    for a in alerts:
        if args.json:
            sys.stdout.write(serde.dumps(a).decode() + "\n")
        else:
            print(f"{a['at']}  {a['severity']:<8}  {a['rule']:<20}  {a['summary']}")
    return 0
