"""``claimstream broker start|stop|status|fetch`` and ``claimstream topics create|list``."""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from typing import Any

from aiokafka.errors import KafkaError

from claimstream.broker import admin, jars
from claimstream.broker.config import SCRAM_MECHANISM, ScramUser
from claimstream.broker.embedded import BrokerError, EmbeddedBroker
from claimstream.settings import Settings


def register(subparsers: Any) -> None:
    broker = subparsers.add_parser(
        "broker",
        help="the embedded Apache Kafka broker (single node, KRaft)",
        description="Fetch, start, stop or inspect the embedded Kafka broker.",
    )
    broker.add_argument("action", choices=("start", "stop", "status", "fetch"))
    broker.add_argument("--port", type=int, default=None, help="client port (default: the port in --bootstrap-servers)")
    broker.add_argument(
        "--sasl-scram",
        metavar="USER:PASSWORD",
        default=None,
        help="client listener SASL_PLAINTEXT with this SCRAM-SHA-256 user (set at first "
        "format; default: CLAIMSTREAM_SASL_* when sasl_mechanism is SCRAM-SHA-256)",
    )
    broker.add_argument("--timeout", type=float, default=120.0, help="seconds to wait for start/stop")
    broker.set_defaults(func=run_broker)

    topics_parser = subparsers.add_parser("topics", help="create or list claimstream's topics")
    topics_parser.add_argument("action", choices=("create", "list"))
    topics_parser.add_argument("--all", action="store_true", help="list: every topic, not only ours")
    topics_parser.set_defaults(func=run_topics)


def _error(message: str) -> int:
    print(f"claimstream: error: {message}", file=sys.stderr)
    return 1


def _client_port(settings: Settings) -> int:
    first = settings.bootstrap_servers.split(",")[0].strip()
    _, _, port = first.rpartition(":")
    return int(port) if port.isdigit() else 9092


def _scram_user(args: argparse.Namespace, settings: Settings) -> ScramUser | None:
    if args.sasl_scram:
        return ScramUser.parse(args.sasl_scram)
    if settings.sasl_mechanism.upper() == SCRAM_MECHANISM and settings.sasl_username:
        return ScramUser.parse(f"{settings.sasl_username}:{settings.sasl_password.reveal()}")
    return None


def make_broker(args: argparse.Namespace, settings: Settings) -> EmbeddedBroker:
    return EmbeddedBroker(
        settings.data_path,
        port=args.port or _client_port(settings),
        libs=jars.libs_dir(settings),
        scram=_scram_user(args, settings),
    )


def run_broker(args: argparse.Namespace, settings: Settings) -> int:
    try:
        broker = make_broker(args, settings)
        return _BROKER_ACTIONS[args.action](broker, args, settings)
    except (jars.ToolMissing, BrokerError, ValueError, RuntimeError) as exc:
        return _error(str(exc))


def _start(broker: EmbeddedBroker, args: argparse.Namespace, settings: Settings) -> int:
    was = broker.status()
    started = time.monotonic()
    status = broker.start(timeout=args.timeout)
    verb = "already running" if was.running else f"started in {time.monotonic() - started:.1f} s"
    auth = f", SASL_PLAINTEXT/{SCRAM_MECHANISM} user {broker.scram.name}" if broker.scram else ""
    print(
        f"Kafka {jars.kafka_version()} broker {verb}: bootstrap {status.bootstrap} "
        f"(pid {status.pid}{auth}; data {broker.home}; log {broker.log_file})"
    )
    if status.bootstrap and status.bootstrap not in settings.bootstrap_servers.split(","):
        print(f"clients: export CLAIMSTREAM_BOOTSTRAP_SERVERS={status.bootstrap}")
    return 0


def _stop(broker: EmbeddedBroker, args: argparse.Namespace, settings: Settings) -> int:
    print("broker stopped" if broker.stop(timeout=args.timeout) else "broker was not running")
    return 0


def _status(broker: EmbeddedBroker, args: argparse.Namespace, settings: Settings) -> int:
    status = broker.status()
    if status.running:
        print(f"running: pid {status.pid}, port {status.port}, bootstrap {status.bootstrap}, data {broker.home}")
        return 0
    print(f"not running (data {broker.home})")
    return 1


def _fetch(broker: EmbeddedBroker, args: argparse.Namespace, settings: Settings) -> int:
    libs = broker.libs or jars.libs_dir(settings)
    started = time.monotonic()
    already = jars.is_fetched(libs)
    jars.ensure_jars(libs)
    took = "already there" if already else f"fetched in {time.monotonic() - started:.1f} s"
    print(f"Kafka {jars.kafka_version()} jars {took}: {len(list(libs.glob('*.jar')))} jars in {libs}")
    return 0


_BROKER_ACTIONS = {"start": _start, "stop": _stop, "status": _status, "fetch": _fetch}


def run_topics(args: argparse.Namespace, settings: Settings) -> int:
    try:
        if args.action == "create":
            for info in asyncio.run(admin.create_topics(settings)):
                plural = "" if info.partitions == 1 else "s"
                print(f"{info.outcome:8} {info.name} ({info.partitions} partition{plural})")
        else:
            for info in asyncio.run(admin.list_topics(settings, include_all=args.all)):
                print(f"{info.name}\t{info.partitions}")
        return 0
    except admin.TopicAdminError as exc:
        return _error(str(exc))
    except (KafkaError, OSError) as exc:
        return _error(
            f"no Kafka broker answers at {settings.bootstrap_servers} ({exc}); "
            "start one with `claimstream broker start`"
        )
