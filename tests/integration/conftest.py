"""Fixtures for pipeline tests: real ``claimstream worker`` / ``sink`` processes on the test broker."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from claimstream.broker.proc import free_port_run
from claimstream.settings import Settings, settings_env


class ServiceProcess:
    """A ``claimstream`` subcommand running as a child process, with its log kept for failures."""

    def __init__(self, args: list[str], settings: Settings, log: Path) -> None:
        self.args, self.settings, self.log = args, settings, log
        self.proc: subprocess.Popen[bytes] | None = None
        self.start()

    def start(self) -> None:
        out = open(self.log, "ab")  # noqa: SIM115 - owned by the child
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "claimstream", *self.args],
            env=settings_env(self.settings),
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def kill(self) -> None:
        """SIGKILL, no clean shutdown: what a crash or OOM kill looks like."""
        assert self.proc is not None
        os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait(timeout=30)

    def stop(self) -> int | None:
        if self.proc is None or self.proc.poll() is not None:
            return self.proc.returncode if self.proc else None
        os.killpg(self.proc.pid, signal.SIGTERM)
        try:
            return self.proc.wait(timeout=40)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            return self.proc.wait(timeout=10)

    def tail_log(self, lines: int = 40) -> str:
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])


def _metrics_ports(extra: tuple[str, ...]) -> int:
    """How many adjacent /metrics ports a command serves on: ``--processes N`` takes base..base+N-1 and
    ``--process-index K`` takes base+K."""
    args = list(extra)
    for flag, span in (("--processes", lambda n: n), ("--process-index", lambda k: k + 1)):
        if flag in args:
            return span(int(args[args.index(flag) + 1]))
    return 1


@pytest.fixture
def run_service(tmp_path: Path) -> Iterator[Callable[..., ServiceProcess]]:
    """``run_service("worker", settings, "--processes", "2")``: started now, stopped after the test."""
    started: list[ServiceProcess] = []

    def start(command: str, settings: Settings, *extra: str) -> ServiceProcess:
        settings = replace(settings, metrics_port=settings.metrics_port or free_port_run(_metrics_ports(extra)))
        svc = ServiceProcess([command, *extra], settings, tmp_path / f"{command}-{len(started)}.log")
        started.append(svc)
        return svc

    yield start
    for svc in started:
        svc.stop()
