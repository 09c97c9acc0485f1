"""Run a real Apache Kafka node (KRaft, broker and controller) from the fetched jars, on loopback.

One node alone by default; :mod:`claimstream.broker.cluster` runs several as one cluster, each
with its own folder. Layout under ``<data_dir>/broker`` (a cluster node: ``broker/node-<id>``):
``server.properties``, ``data/`` (log.dirs), ``broker.pid``,
``broker.log`` (the JVM's output), ``state.json`` (ports, cluster id; no secrets).
Storage is formatted once; later starts reuse it, so a restart keeps every topic and offset.
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from claimstream.broker import jars
from claimstream.broker.config import BrokerState, ScramUser, new_cluster_id, server_properties
from claimstream.broker.proc import (  # re-exported: tests and tools import them from here
    MAIN_CLASS,
    answers,
    die_with_parent,
    free_port,
    pid_is_broker,
    port_is_free,
    run_sync,
    tcp_open,
)

__all__ = ["BrokerError", "BrokerStatus", "EmbeddedBroker", "answers", "free_port", "run_sync", "tcp_open"]

log = logging.getLogger(__name__)

JVM_OPTS = [
    "-server",
    "-XX:+UseG1GC",
    "-XX:MaxGCPauseMillis=20",
    "-XX:InitiatingHeapOccupancyPercent=35",
    "-XX:+ExplicitGCInvokesConcurrent",
    "-Djava.awt.headless=true",
]
TOOL_JVM_OPTS = ["-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Djava.awt.headless=true"]
# C1-only JIT: measured 4.9 s instead of 11.5 s to a warm start on the loaded 2-core test machine.
# Peak throughput is lower, so only test brokers use it (see broker.testing).
FAST_START_JVM_OPTS = ("-XX:TieredStopAtLevel=1",)


class BrokerError(RuntimeError):
    """The broker could not be fetched, formatted, started or stopped; the message says why."""


@dataclass(frozen=True)
class BrokerStatus:
    running: bool
    pid: int | None
    port: int | None
    bootstrap: str | None


class EmbeddedBroker:
    """One broker process for one data folder (alone, or one node of a :class:`LocalCluster`).

    ``node_id``, ``controller_port``, ``voters``, ``nodes`` and ``cluster_id`` are set by the cluster;
    a node alone picks its controller port and cluster id itself (kept in ``state.json``).

    >>> broker = EmbeddedBroker("/tmp/cs", port=19092)   # doctest: +SKIP
    >>> broker.start(); broker.restart(); broker.stop()  # doctest: +SKIP
    """

    def __init__(
        self,
        data_dir: str | Path,
        port: int = 9092,
        *,
        libs: Path | None = None,
        scram: ScramUser | None = None,
        heap: str = "512m",
        host: str = "127.0.0.1",
        tie_to_parent: bool = False,
        jvm_opts: tuple[str, ...] = (),
        home: Path | None = None,
        node_id: int = 1,
        controller_port: int = 0,
        voters: str = "",
        nodes: int = 1,
        cluster_id: str = "",
    ) -> None:
        self.home = Path(home or Path(data_dir).expanduser() / "broker").resolve()
        self.node_id = node_id
        self.controller_port = controller_port
        self.voters = voters
        self.nodes = nodes
        self.cluster_id = cluster_id
        self.port = port
        self.host = host
        self.libs = libs
        self.scram = scram
        self.heap = heap
        self.tie_to_parent = tie_to_parent
        self.jvm_opts = jvm_opts
        self._proc: subprocess.Popen[bytes] | None = None

    # -- paths -------------------------------------------------------------------------------
    @property
    def properties(self) -> Path:
        return self.home / "server.properties"

    @property
    def log_dirs(self) -> Path:
        return self.home / "data"

    @property
    def pid_file(self) -> Path:
        return self.home / "broker.pid"

    @property
    def log_file(self) -> Path:
        return self.home / "broker.log"

    @property
    def state_file(self) -> Path:
        return self.home / "state.json"

    @property
    def bootstrap(self) -> str:
        return f"{self.host}:{self.port}"

    def client_options(self) -> dict[str, Any]:
        """aiokafka keyword arguments that reach this broker (with SCRAM credentials if any)."""
        opts: dict[str, Any] = {"bootstrap_servers": self.bootstrap}
        if self.scram:
            opts |= {
                "security_protocol": "SASL_PLAINTEXT",
                "sasl_mechanism": "SCRAM-SHA-256",
                "sasl_plain_username": self.scram.name,
                "sasl_plain_password": self.scram.password.reveal(),
            }
        return opts

    # -- status ------------------------------------------------------------------------------
    def pid(self) -> int | None:
        """The running broker's pid, or None (stale pid files are ignored)."""
        try:
            pid = int(self.pid_file.read_text().strip())
        except (OSError, ValueError):
            return None
        return pid if pid_is_broker(pid, self.properties) else None

    def status(self) -> BrokerStatus:
        pid = self.pid()
        state = BrokerState.load(self.state_file)
        if pid is None or state is None:
            return BrokerStatus(False, None, None, None)
        return BrokerStatus(True, pid, state.port, f"{state.host}:{state.port}")

    # -- start -------------------------------------------------------------------------------
    def start(self, timeout: float = 120.0) -> BrokerStatus:
        """Start (fetching jars and formatting storage the first time) and wait until it answers.

        A no-op when this data folder's broker already runs (its port wins over ``self.port``).
        """
        if self.launch():
            self.wait_until_answering(timeout)
        return self.status()

    def launch(self) -> bool:
        """Format if needed and spawn the JVM without waiting; False when it already runs.

        A cluster launches every node first: no node answers before a majority of voters runs.
        """
        current = self.status()
        if current.running:
            self.port = current.port or self.port
            return False
        java = jars.require_tool("java")
        libs = jars.ensure_jars((self.libs or self._default_libs()).expanduser().resolve())
        if not port_is_free(self.port, self.host):
            raise BrokerError(
                f"port {self.port} on {self.host} is in use by another process; choose another with --port"
            )
        self.home.mkdir(parents=True, exist_ok=True)
        state = self._prepare_state()
        self.properties.write_text(server_properties(state, self.log_dirs, sasl=self.scram is not None))
        if not (self.log_dirs / "meta.properties").is_file():
            self._format(java, libs, state)
        self._spawn(java, libs)
        return True

    def _default_libs(self) -> Path:
        return self.home.parent / "kafka" / jars.kafka_version() / "libs"

    def _prepare_state(self) -> BrokerState:
        """Ports and cluster id: reuse the previous ones (same controller port when free)."""
        old = BrokerState.load(self.state_file)
        formatted = (self.log_dirs / "meta.properties").is_file()
        if formatted and old is not None and (old.scram_user or None) != (self.scram and self.scram.name):
            raise BrokerError(
                f"{self.home} was formatted with SCRAM user {old.scram_user or '(none)'}; "
                "use another data folder for a different security set-up"
            )

        def reuse(port: int) -> int:
            if port and port != self.port and port_is_free(port, self.host):
                return port
            return free_port(self.host)

        state = BrokerState(
            port=self.port,
            controller_port=self.controller_port or reuse(old.controller_port if old else 0),
            internal_port=reuse(old.internal_port if old else 0) if self.scram else 0,
            cluster_id=self.cluster_id or (old.cluster_id if old and formatted else new_cluster_id()),
            scram_user=self.scram.name if self.scram else "",
            host=self.host,
            node_id=self.node_id,
            voters=self.voters,
            nodes=self.nodes,
        )
        state.save(self.state_file)
        return state

    def _java_base(self, java: str, libs: Path, opts: list[str]) -> list[str]:
        return [
            java,
            *opts,
            f"-Dlog4j2.configurationFile={jars.LOG4J_CONFIG}",
            f"-Dkafka.logs.dir={self.home / 'logs'}",
            "-cp",
            f"{libs}/*",
        ]

    def _format(self, java: str, libs: Path, state: BrokerState) -> None:
        cmd = [
            *self._java_base(java, libs, TOOL_JVM_OPTS),
            "kafka.tools.StorageTool",
            "format",
            "--cluster-id",
            state.cluster_id,
            "--config",
            str(self.properties),
        ]
        if self.scram:
            cmd += ["--add-scram", self.scram.format_argument()]
        log.info("formatting KRaft storage in %s", self.log_dirs)
        done = subprocess.run(cmd, stdin=subprocess.DEVNULL, capture_output=True, text=True)
        if done.returncode != 0:
            out = (done.stdout + done.stderr).strip()
            if self.scram:
                out = out.replace(self.scram.password.reveal(), "********")
            raise BrokerError(f"formatting Kafka storage failed (exit {done.returncode}): {out[-2000:]}")

    def _spawn(self, java: str, libs: Path) -> None:
        cmd = [
            *self._java_base(java, libs, [f"-Xmx{self.heap}", f"-Xms{self.heap}", *JVM_OPTS, *self.jvm_opts]),
            MAIN_CLASS,
            str(self.properties),
        ]
        # PDEATHSIG follows the spawning *thread*: only tie from the main thread.
        tie = self.tie_to_parent and threading.current_thread() is threading.main_thread()
        with open(self.log_file, "ab") as out:
            self._proc = subprocess.Popen(
                cmd,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                cwd=self.home,
                start_new_session=True,
                preexec_fn=die_with_parent if tie else None,
            )
        self.pid_file.write_text(f"{self._proc.pid}\n")
        log.info("started Kafka broker pid %d on %s", self._proc.pid, self.bootstrap)

    def wait_until_answering(self, timeout: float) -> None:
        """Wait until the broker answers a metadata request; stop it and raise after ``timeout``."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            # Our own child: ask the Popen handle (/proc/PID/cmdline is briefly empty around exec).
            if self._proc is not None and self._proc.poll() is not None:
                raise BrokerError(f"the broker exited during start-up; see {self.log_file}:\n{self.log_tail()}")
            if tcp_open(self.host, self.port) and run_sync(answers(self.client_options())):
                return
            time.sleep(0.2)
        self.stop()
        raise BrokerError(f"the broker did not answer within {timeout:.0f} s; see {self.log_file}")

    def log_tail(self, lines: int = 20) -> str:
        try:
            return "\n".join(self.log_file.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    # -- stop --------------------------------------------------------------------------------
    def stop(self, timeout: float = 30.0) -> bool:
        """SIGTERM, wait up to ``timeout`` for a clean shutdown, then SIGKILL. False if not running."""
        pid = self.pid()
        if pid is None:
            self.pid_file.unlink(missing_ok=True)
            return False
        os.kill(pid, signal.SIGTERM)
        if not self._wait_gone(pid, timeout):
            log.warning("broker pid %d ignored SIGTERM for %.0f s; killing it", pid, timeout)
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
            self._wait_gone(pid, 10)
        self.pid_file.unlink(missing_ok=True)
        return True

    def kill(self) -> None:
        """SIGKILL without a clean shutdown (for crash tests)."""
        pid = self.pid()
        if pid is not None:
            os.kill(pid, signal.SIGKILL)
            self._wait_gone(pid, 10)

    def _wait_gone(self, pid: int, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._proc is not None and self._proc.pid == pid:
                with contextlib.suppress(subprocess.TimeoutExpired):
                    self._proc.wait(timeout=0.1)
            if not pid_is_broker(pid, self.properties):
                return True
            time.sleep(0.1)
        return False

    def restart(self, timeout: float = 120.0) -> BrokerStatus:
        """Stop cleanly, then start on the same port with the same data."""
        self.stop()
        return self.start(timeout)
