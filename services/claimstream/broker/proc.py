"""Process and socket helpers for the embedded broker: ports, liveness, readiness, sync bridging."""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import ctypes
import signal
import socket
import time
from collections.abc import Coroutine
from pathlib import Path
from typing import Any, TypeVar

MAIN_CLASS = "kafka.Kafka"
T = TypeVar("T")


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as s:
        s.bind((host, 0))
        return int(s.getsockname()[1])


def port_is_free(port: int, host: str = "127.0.0.1") -> bool:
    with socket.socket() as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((host, port))
        except OSError:
            return False
    return True


def free_port_run(count: int, host: str = "127.0.0.1") -> int:
    """The first of ``count`` adjacent free ports: processes of one service serve /metrics on base + index,
    so a base whose next ports another socket holds fails the second process ("Address already in use")."""
    for _ in range(100):
        base = free_port(host)
        if base + count <= 65536 and all(port_is_free(base + i, host) for i in range(1, count)):
            return base
    raise OSError(f"no {count} adjacent free ports on {host}")


def tcp_open(host: str, port: int) -> bool:
    """True when something accepts TCP connections on host:port (cheap pre-check, no logging)."""
    try:
        with socket.create_connection((host, port), timeout=0.5):
            return True
    except OSError:
        return False


def pid_is_broker(pid: int, properties: Path) -> bool:
    """True when ``pid`` is a live (not zombie) JVM running kafka.Kafka with our properties.

    /proc/PID/cmdline can read empty for a moment (around exec, under load): read it again then.
    """
    for _ in range(5):
        try:
            stat = Path(f"/proc/{pid}/stat").read_text()
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
        except OSError:
            return False
        if stat.rsplit(")", 1)[-1].split()[0] in ("Z", "X"):
            return False
        if cmdline:
            args = cmdline.split(b"\0")
            return MAIN_CLASS.encode() in args and str(properties).encode() in args
        time.sleep(0.05)
    return False


def die_with_parent() -> None:
    """preexec_fn: SIGTERM the broker when the process that started it dies (tests only)."""
    libc = ctypes.CDLL("libc.so.6", use_errno=True)
    libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def run_sync(coro: Coroutine[Any, Any, T]) -> T:
    """Run a coroutine to completion from sync code, even when called inside a running loop
    (an async test calling ``broker.restart()``): then it runs in a thread with its own loop."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coro)
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coro).result()


async def answers(options: dict[str, Any], timeout_ms: int = 3000) -> bool:
    """True when a broker at ``options['bootstrap_servers']`` answers a metadata request."""
    from aiokafka.admin import AIOKafkaAdminClient

    admin = AIOKafkaAdminClient(request_timeout_ms=timeout_ms, **options)
    try:
        await admin.start()
        await admin.list_topics()
        return True
    except Exception:  # any failure means "not yet"
        return False
    finally:
        with contextlib.suppress(Exception):
            await admin.close()
