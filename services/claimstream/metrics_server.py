"""Serve ``claimstream.metrics.REGISTRY`` on ``/metrics`` for one process.

Port convention (several processes on one host must not collide):

* each service kind has a base port: ingest 9410, worker 9420, sink 9430, ledger 9440;
* ``--metrics-port`` / ``CLAIMSTREAM_METRICS_PORT`` replaces the base port (``-1`` turns the
  server off);
* the process's ``--process-index`` / ``CLAIMSTREAM_PROCESS_INDEX`` (0, 1, 2, ...) is added to
  the base, so worker 0 serves 9420, worker 1 serves 9421, and so on.

A process that finds its port taken fails at start with a message naming the index to use,
rather than silently moving to another port Prometheus would not scrape. Processes on
different hosts use the same ports; Prometheus tells them apart by ``instance``.
Each process keeps its own registry (no multiprocess mode), so counters reset on restart and
every query uses ``rate()``/``increase()``, which handle resets.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from threading import Thread
from wsgiref.simple_server import WSGIServer

from prometheus_client import CollectorRegistry, start_http_server

from claimstream import __version__
from claimstream.metrics import BUILD_INFO, REGISTRY, initialize
from claimstream.settings import Settings

log = logging.getLogger(__name__)

BASE_PORTS = {"ingest": 9410, "worker": 9420, "sink": 9430, "ledger": 9440}


class MetricsPortError(RuntimeError):
    """The /metrics port cannot be bound."""


@dataclass
class MetricsServer:
    server: WSGIServer
    thread: Thread

    @property
    def port(self) -> int:
        return int(self.server.server_port)

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def metrics_port(settings: Settings, service: str, index: int | None = None) -> int:
    """The /metrics port of this process: base (setting or service default) plus the process index.

    Returns -1 when metrics serving is off.
    """
    if service not in BASE_PORTS:
        raise ValueError(f"unknown service {service!r}; known: {', '.join(BASE_PORTS)}")
    if settings.metrics_port < 0:
        return -1
    base = settings.metrics_port or BASE_PORTS[service]
    return base + (settings.process_index if index is None else index)


def start_metrics_server(port: int, addr: str = "127.0.0.1", registry: CollectorRegistry = REGISTRY) -> MetricsServer:
    """Start a daemon-thread HTTP server for ``registry`` on ``addr:port`` (0: an ephemeral port)."""
    try:
        server, thread = start_http_server(port, addr=addr, registry=registry)
    except OSError as exc:
        raise MetricsPortError(
            f"cannot serve /metrics on {addr}:{port} ({exc.strerror}); another process of the same "
            "kind probably holds it: give each process its own --process-index (port = base + index) "
            "or set --metrics-port"
        ) from exc
    return MetricsServer(server, thread)


def serve_for(settings: Settings, service: str, index: int | None = None) -> MetricsServer | None:
    """Start this service's /metrics server per the port convention; None when turned off."""
    BUILD_INFO.labels(version=__version__, service=service).set(1)
    initialize(service)
    port = metrics_port(settings, service, index)
    if port < 0:
        return None
    srv = start_metrics_server(port, settings.metrics_addr)
    log.info("%s metrics on http://%s:%d/metrics", service, settings.metrics_addr, srv.port)
    return srv
