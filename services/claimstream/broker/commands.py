"""``claimstream broker start|stop|status|kill|fetch`` and ``claimstream topics create|list|describe``.

``broker start --nodes N`` lays out a local cluster (:mod:`claimstream.broker.cluster`); later
``broker`` commands on the same data folder act on that cluster (``--node ID`` on one node).
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import json
import sys
import time
from typing import Any

from aiokafka.errors import KafkaError

from claimstream.broker import admin, jars
from claimstream.broker.cluster import LocalCluster
from claimstream.broker.config import SCRAM_MECHANISM, ScramUser
from claimstream.broker.embedded import BrokerError, EmbeddedBroker
from claimstream.contracts import topics
from claimstream.settings import Settings


def register(subparsers: Any) -> None:
    broker = subparsers.add_parser(
        "broker",
        help="the embedded Apache Kafka broker (KRaft; one node, or a local cluster with --nodes)",
        description="Fetch, start, stop, kill or inspect the embedded Kafka broker or local cluster.",
    )
    broker.add_argument("action", choices=("start", "stop", "status", "kill", "fetch"))
    broker.add_argument(
        "--port", type=int, default=None, help="client port (of node 1; default: the port in --bootstrap-servers)"
    )
    broker.add_argument(
        "--nodes", type=int, default=None, help="start: N nodes on ports P..P+N-1, one KRaft quorum (default 1)"
    )
    broker.add_argument("--node", type=int, default=None, help="start/stop/kill only this node of the cluster")
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
    topics_parser.add_argument("action", choices=("create", "list", "describe"))
    topics_parser.add_argument("topic", nargs="?", default=None, help="describe: the topic (logical or full name)")
    topics_parser.add_argument("--all", action="store_true", help="list: every topic, not only ours")
    topics_parser.add_argument("--json", action="store_true", help="describe: one JSON object")
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
        cluster = _cluster(args, settings)
        if cluster is not None:
            return _CLUSTER_ACTIONS[args.action](cluster, args, settings)
        if args.node is not None:
            raise BrokerError("--node needs a cluster; start one with `claimstream broker start --nodes 3`")
        if args.action == "kill":
            raise BrokerError("kill is for one node of a cluster: `claimstream broker kill --node ID`")
        broker = make_broker(args, settings)
        return _BROKER_ACTIONS[args.action](broker, args, settings)
    except (jars.ToolMissing, BrokerError, ValueError, RuntimeError) as exc:
        return _error(str(exc))


def _cluster(args: argparse.Namespace, settings: Settings) -> LocalCluster | None:
    """The cluster these arguments mean: a new one with ``--nodes N`` (N > 1), else the laid-out one."""
    if args.action == "fetch":
        return None
    options: dict[str, Any] = {"libs": jars.libs_dir(settings)}
    wants = args.nodes is not None and args.nodes > 1
    if wants and (args.sasl_scram or _scram_user(args, settings)):
        raise BrokerError("--sasl-scram is for a single node; a local cluster is PLAINTEXT")
    existing = LocalCluster.existing(settings.data_path, **options)
    if wants:
        if existing is not None:
            return LocalCluster(settings.data_path, nodes=args.nodes, **options)  # checks the node count
        return LocalCluster(settings.data_path, nodes=args.nodes, port=args.port or _client_port(settings), **options)
    if args.nodes == 1 and existing is not None and args.action == "start":
        raise BrokerError(f"{existing.home} holds a {len(existing.node_ids)}-node cluster; use another --data-dir")
    return existing


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


def _cluster_start(cluster: LocalCluster, args: argparse.Namespace, settings: Settings) -> int:
    started = time.monotonic()
    if args.node is not None:
        status = cluster.start_node(args.node, timeout=args.timeout)
        print(f"node {args.node} running: pid {status.pid}, bootstrap {status.bootstrap}")
    else:
        was = [i for i, st in cluster.status().items() if st.running]
        cluster.start(timeout=args.timeout)
        verb = "already running" if len(was) == len(cluster.node_ids) else "started"
        print(
            f"Kafka {jars.kafka_version()} cluster of {len(cluster.node_ids)} nodes {verb} in "
            f"{time.monotonic() - started:.1f} s: bootstrap {cluster.bootstrap} (data {cluster.home})"
        )
    if cluster.bootstrap != settings.bootstrap_servers:
        print(f"clients: export CLAIMSTREAM_BOOTSTRAP_SERVERS={cluster.bootstrap}")
    return 0


def _cluster_stop(cluster: LocalCluster, args: argparse.Namespace, settings: Settings) -> int:
    if args.node is not None:
        print(f"node {args.node} " + ("stopped" if cluster.stop_node(args.node, args.timeout) else "was not running"))
        return 0
    stopped = cluster.stop(timeout=args.timeout)
    print(f"stopped nodes {', '.join(map(str, stopped))}" if stopped else "no node was running")
    return 0


def _cluster_kill(cluster: LocalCluster, args: argparse.Namespace, settings: Settings) -> int:
    if args.node is None:
        raise BrokerError("kill needs --node ID (SIGKILL of one node)")
    print(f"node {args.node} " + ("killed (SIGKILL)" if cluster.kill_node(args.node) else "was not running"))
    return 0


def _cluster_status(cluster: LocalCluster, args: argparse.Namespace, settings: Settings) -> int:
    statuses = cluster.status()
    controller = cluster.active_controller()
    for spec in cluster.layout.nodes:
        st = statuses[spec.id]
        state = f"running pid {st.pid}" if st.running else "stopped"
        role = " (active controller)" if controller == spec.id and st.running else ""
        print(f"node {spec.id}: {state}, port {spec.port}, controller port {spec.controller_port}{role}")
    print(f"bootstrap {cluster.bootstrap}")
    return 0 if all(st.running for st in statuses.values()) else 1


_CLUSTER_ACTIONS = {
    "start": _cluster_start,
    "stop": _cluster_stop,
    "status": _cluster_status,
    "kill": _cluster_kill,
}


def _describe(args: argparse.Namespace, settings: Settings) -> int:
    if not args.topic:
        return _error("topics describe needs a TOPIC")
    name = full_topic_name(settings, args.topic)
    partitions = asyncio.run(admin.describe_topic(settings, name))
    if args.json:
        print(json.dumps({"topic": name, "partitions": [dataclasses.asdict(p) for p in partitions]}))
        return 0
    for p in partitions:
        leader = str(p.leader) if p.leader >= 0 else "none"
        print(f"{name}\tpartition {p.partition}\tleader {leader}\treplicas {_ids(p.replicas)}\tisr {_ids(p.isr)}")
    return 0


def _ids(ids: list[int]) -> str:
    return ",".join(map(str, ids)) or "-"


def full_topic_name(settings: Settings, topic: str) -> str:
    """A logical claimstream name gets the prefix; any other name is used as given."""
    try:
        return topics.resolve(settings, topic)
    except topics.UnknownTopic:
        return topic


def run_topics(args: argparse.Namespace, settings: Settings) -> int:
    try:
        if args.action == "create":
            for info in asyncio.run(admin.create_topics(settings)):
                plural = "" if info.partitions == 1 else "s"
                print(
                    f"{info.outcome:8} {info.name} ({info.partitions} partition{plural}, "
                    f"replication {info.replication_factor}, min.insync.replicas {info.min_insync_replicas})"
                )
        elif args.action == "describe":
            return _describe(args, settings)
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
