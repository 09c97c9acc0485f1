"""What the demo and the benchmark share: a broker to talk to, and child ``claimstream`` services."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from claimstream.settings import Settings, settings_env


def ensure_broker(settings: Settings) -> Any:
    """Start the embedded broker unless one already answers; returns it only when started here."""
    from claimstream.broker import jars
    from claimstream.broker.embedded import EmbeddedBroker, tcp_open

    host, _, port = settings.bootstrap_servers.split(",")[0].strip().rpartition(":")
    if tcp_open(host or "127.0.0.1", int(port)):
        print(f"Using the Kafka broker at {settings.bootstrap_servers}", file=sys.stderr)
        return None
    broker = EmbeddedBroker(settings.data_path, port=int(port), libs=jars.libs_dir(settings))
    started = time.monotonic()
    broker.start()
    print(
        f"Started the embedded Kafka {jars.kafka_version()} broker at {broker.bootstrap} "
        f"in {time.monotonic() - started:.1f} s",
        file=sys.stderr,
    )
    return broker


def spawn_service(args: list[str], settings: Settings, log: Path) -> subprocess.Popen[bytes]:
    """Run ``claimstream ARGS`` as a child in its own session, output appended to ``log``."""
    log.parent.mkdir(parents=True, exist_ok=True)
    out = open(log, "ab")  # noqa: SIM115 - handed to the child, closed with it
    return subprocess.Popen(
        [sys.executable, "-m", "claimstream", *args],
        env=settings_env(settings),
        stdout=out,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def stop_services(children: list[subprocess.Popen[bytes]], timeout: float = 30.0) -> None:
    for child in children:
        if child.poll() is None:
            child.terminate()
    for child in children:
        try:
            child.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait(timeout=10)
