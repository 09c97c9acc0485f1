"""A local Kafka cluster: N KRaft nodes (each a broker and a controller voter) from the same jars.

Node ``i`` (1..N) listens for clients on ``port + i - 1`` and for the quorum on a free port chosen
at first start; both, with the cluster id, are kept in ``<data_dir>/broker/cluster.json`` so a node
started again (``claimstream broker start --node ID``) rejoins with its data. Each node has its own
folder, ``<data_dir>/broker/node-<id>/`` (the layout of :class:`EmbeddedBroker`).
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import json
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from claimstream.broker.config import new_cluster_id, voters_string
from claimstream.broker.embedded import BrokerError, BrokerStatus, EmbeddedBroker
from claimstream.broker.proc import free_port, port_is_free, run_sync

LAYOUT_FILE = "cluster.json"


@dataclass(frozen=True)
class NodeSpec:
    id: int
    port: int
    controller_port: int


@dataclass(frozen=True)
class ClusterLayout:
    """What ``cluster.json`` holds: every node's ports and the cluster id (no secrets)."""

    cluster_id: str
    host: str
    nodes: tuple[NodeSpec, ...]

    @property
    def bootstrap(self) -> str:
        return ",".join(f"{self.host}:{n.port}" for n in self.nodes)

    def save(self, path: Path) -> None:
        data = {"cluster_id": self.cluster_id, "host": self.host, "nodes": [asdict(n) for n in self.nodes]}
        path.write_text(json.dumps(data, indent=2) + "\n")

    @classmethod
    def load(cls, path: Path) -> ClusterLayout | None:
        try:
            data = json.loads(path.read_text())
            nodes = tuple(NodeSpec(**n) for n in data["nodes"])
            return cls(data["cluster_id"], data["host"], nodes)
        except (OSError, ValueError, TypeError, KeyError):
            return None

    @classmethod
    def new(cls, nodes: int, port: int, host: str) -> ClusterLayout:
        """Client ports ``port .. port+nodes-1``; controller ports free ones, distinct from those."""
        clients = {port + i for i in range(nodes)}
        controllers: list[int] = []
        while len(controllers) < nodes:
            candidate = free_port(host)
            if candidate not in clients and candidate not in controllers:
                controllers.append(candidate)
        specs = tuple(NodeSpec(i + 1, port + i, controllers[i]) for i in range(nodes))
        return cls(new_cluster_id(), host, specs)


def layout_path(data_dir: str | Path) -> Path:
    return Path(data_dir).expanduser().resolve() / "broker" / LAYOUT_FILE


class LocalCluster:
    """N embedded nodes forming one KRaft quorum on one host.

    >>> cluster = LocalCluster("/tmp/cs", nodes=3, port=29092)  # doctest: +SKIP
    >>> cluster.start(); cluster.kill_node(2); cluster.start_node(2); cluster.stop()  # doctest: +SKIP
    """

    def __init__(
        self,
        data_dir: str | Path,
        *,
        nodes: int = 3,
        port: int = 9092,
        host: str = "127.0.0.1",
        **broker_options: Any,
    ) -> None:
        if nodes < 1:
            raise ValueError("a cluster needs at least one node")
        self.data_dir = Path(data_dir).expanduser().resolve()
        self.home = self.data_dir / "broker"
        self.broker_options = broker_options
        existing = ClusterLayout.load(self.home / LAYOUT_FILE)
        if existing is not None and len(existing.nodes) != nodes:
            raise BrokerError(
                f"{self.home} holds a {len(existing.nodes)}-node cluster; use --nodes {len(existing.nodes)} "
                "or another --data-dir"
            )
        self.layout = existing or ClusterLayout.new(nodes, port, host)

    @classmethod
    def existing(cls, data_dir: str | Path, **broker_options: Any) -> LocalCluster | None:
        """The cluster laid out in ``data_dir``, or None when there is none."""
        layout = ClusterLayout.load(layout_path(data_dir))
        if layout is None:
            return None
        return cls(data_dir, nodes=len(layout.nodes), host=layout.host, **broker_options)

    @property
    def bootstrap(self) -> str:
        return self.layout.bootstrap

    @property
    def node_ids(self) -> list[int]:
        return [n.id for n in self.layout.nodes]

    def node(self, node_id: int) -> EmbeddedBroker:
        spec = self._spec(node_id)
        return EmbeddedBroker(
            self.data_dir,
            port=spec.port,
            host=self.layout.host,
            home=self.home / f"node-{spec.id}",
            node_id=spec.id,
            controller_port=spec.controller_port,
            voters=voters_string(self.layout.host, {n.id: n.controller_port for n in self.layout.nodes}),
            nodes=len(self.layout.nodes),
            cluster_id=self.layout.cluster_id,
            **self.broker_options,
        )

    def _spec(self, node_id: int) -> NodeSpec:
        for spec in self.layout.nodes:
            if spec.id == node_id:
                return spec
        raise BrokerError(f"no node {node_id}; the cluster has nodes {', '.join(map(str, self.node_ids))}")

    # -- lifecycle ---------------------------------------------------------------------------
    def start(self, timeout: float = 180.0) -> list[BrokerStatus]:
        """Start every node (in parallel: formatting is a JVM each) and wait until all answer."""
        nodes = [self.node(i) for i in self.node_ids]
        self._check_ports(nodes)
        self.home.mkdir(parents=True, exist_ok=True)
        self.layout.save(self.home / LAYOUT_FILE)
        with concurrent.futures.ThreadPoolExecutor(len(nodes)) as pool:
            launched = list(pool.map(EmbeddedBroker.launch, nodes))
        try:
            self.wait_ready(timeout, nodes=[n for n, new in zip(nodes, launched, strict=True) if new])
        except BrokerError:
            self.stop()
            raise
        return [n.status() for n in nodes]

    def _check_ports(self, nodes: list[EmbeddedBroker]) -> None:
        for node in nodes:
            if not node.status().running and not port_is_free(node.port, node.host):
                raise BrokerError(
                    f"port {node.port} on {node.host} (node {node.node_id}) is in use by another process; "
                    "choose another base port with --port"
                )

    def start_node(self, node_id: int, timeout: float = 120.0) -> BrokerStatus:
        """Bring one node back with its data (the others must hold a quorum for it to answer)."""
        node = self.node(node_id)
        if node.launch():
            self.wait_ready(timeout, nodes=[node])
        return node.status()

    def wait_ready(self, timeout: float, nodes: list[EmbeddedBroker] | None = None) -> None:
        """Until each of ``nodes`` (default: all) answers and reports every running broker."""
        waiting = nodes if nodes is not None else [self.node(i) for i in self.node_ids]
        deadline = time.monotonic() + timeout
        for node in waiting:
            node.wait_until_answering(max(1.0, deadline - time.monotonic()))
        expected = {n.node_id for n in (self.node(i) for i in self.node_ids) if n.status().running}
        while time.monotonic() < deadline:
            if all(run_sync(_brokers_seen(n.client_options())) >= expected for n in waiting):
                return
            time.sleep(0.3)
        raise BrokerError(f"the cluster's brokers did not all register within {timeout:.0f} s")

    def stop(self, timeout: float = 30.0) -> list[int]:
        """Stop every running node cleanly (in parallel); the ids of those that were running."""
        nodes = [self.node(i) for i in self.node_ids]
        with concurrent.futures.ThreadPoolExecutor(len(nodes)) as pool:
            stopped = list(pool.map(lambda n: n.stop(timeout), nodes))
        return [n.node_id for n, was in zip(nodes, stopped, strict=True) if was]

    def stop_node(self, node_id: int, timeout: float = 30.0) -> bool:
        return self.node(node_id).stop(timeout)

    def kill_node(self, node_id: int) -> bool:
        """SIGKILL one node (no clean shutdown). False when it was not running."""
        node = self.node(node_id)
        if node.pid() is None:
            return False
        node.kill()
        return True

    def status(self) -> dict[int, BrokerStatus]:
        return {i: self.node(i).status() for i in self.node_ids}

    def active_controller(self) -> int | None:
        """The KRaft quorum leader, from the newest ``quorum-state`` file of a running node."""
        best: tuple[int, int] | None = None
        for node_id, st in self.status().items():
            if not st.running:
                continue
            quorum = self.home / f"node-{node_id}" / "data" / "__cluster_metadata-0" / "quorum-state"
            try:
                data = json.loads(quorum.read_text())
            except (OSError, ValueError):
                continue
            leader, epoch = int(data.get("leaderId", -1)), int(data.get("leaderEpoch", -1))
            if leader >= 0 and (best is None or epoch > best[1]):
                best = (leader, epoch)
        return best[0] if best else None


async def _brokers_seen(options: dict[str, Any]) -> set[int]:
    """The broker ids a node's metadata lists (empty when it does not answer)."""
    from aiokafka.admin import AIOKafkaAdminClient

    admin = AIOKafkaAdminClient(request_timeout_ms=3000, **options)
    try:
        await admin.start()
        described = await admin.describe_cluster()
        return {int(b["node_id"]) for b in described["brokers"]}
    except Exception:  # not yet
        return set()
    finally:
        with contextlib.suppress(Exception):  # closing a half-open client
            await admin.close()
