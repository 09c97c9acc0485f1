"""The one entry point, ``claimstream``: subcommands are registered by the package that owns them.

Each command module exposes ``register(subparsers)``; it adds its parser(s) and sets
``func(args, settings) -> int``. Settings flags are added to every subcommand.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from collections.abc import Sequence

from claimstream import __version__
from claimstream.settings import add_settings_arguments, load_settings

COMMAND_MODULES = (
    "claimstream.broker.commands",  # broker start/stop/status, topics create/list
    "claimstream.ingest.commands",  # ingest
    "claimstream.worker.commands",  # worker
    "claimstream.worker.reprocess",  # reprocess
    "claimstream.sink.commands",  # sink, alerts list
    "claimstream.extract.commands",  # extract (offline)
    "claimstream.ledger.commands",  # ledger run/serve/list
    "claimstream.tools.tail",  # tail
    "claimstream.tools.demo",  # demo
    "claimstream.tools.bench",  # bench
)


class _SettingsSubparsers:
    """Wraps argparse's subparsers so every subcommand gets the shared settings flags."""

    def __init__(self, sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
        self._sub = sub

    def add_parser(self, name: str, **kwargs: object) -> argparse.ArgumentParser:
        parser = self._sub.add_parser(name, **kwargs)  # type: ignore[arg-type]
        add_settings_arguments(parser)
        return parser


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="claimstream",
        description="Turn news articles on Kafka into structured claims: entities, quotes and aid commitments.",
    )
    parser.add_argument("--version", action="version", version=f"claimstream {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    wrapped = _SettingsSubparsers(sub)
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(wrapped)
    return parser


def command_names() -> set[str]:
    """The subcommands the parser knows (used by tests of docker-compose and the README)."""
    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return set(sub.choices)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    settings = load_settings(args)
    logging.basicConfig(
        level=settings.log_level.upper(), stream=sys.stderr, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    try:
        return int(args.func(args, settings) or 0)
    except KeyboardInterrupt:
        return 130
