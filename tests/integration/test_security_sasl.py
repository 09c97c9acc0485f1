"""SASL/SCRAM-SHA-256 on the embedded broker: no credentials, no entry; the right ones work.

The broker is formatted with one SCRAM user; clients get the credentials only through
Settings (security_protocol / sasl_* pass-through), as every claimstream service does.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import os
import secrets
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from aiokafka import AIOKafkaProducer
from aiokafka.errors import KafkaError

from claimstream.broker import admin
from claimstream.broker.config import ScramUser
from claimstream.broker.testing import TestBroker, consume_all, produce_raw, start_test_broker, values
from claimstream.contracts import topics
from claimstream.settings import Secret, Settings, settings_env

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def password() -> str:
    return secrets.token_urlsafe(18)


@pytest.fixture(scope="module")
def scram_broker(tmp_path_factory: pytest.TempPathFactory, kafka_libs: Path, password: str) -> Iterator[TestBroker]:
    """One SCRAM-protected broker for this module (its own data folder and port)."""
    data_dir = tmp_path_factory.mktemp("kafka-scram")
    broker = start_test_broker(
        data_dir, kafka_libs, Settings(data_dir=str(data_dir)), scram=ScramUser("claimstream-app", Secret(password))
    )
    try:
        yield broker
    finally:
        broker.stop()


async def _producer_starts(**options: object) -> None:
    producer = AIOKafkaProducer(request_timeout_ms=5000, **options)  # type: ignore[arg-type]
    try:
        await producer.start()
    finally:
        await producer.stop()


async def test_client_without_credentials_is_refused(scram_broker: TestBroker) -> None:
    with pytest.raises(KafkaError):
        await _producer_starts(bootstrap_servers=scram_broker.bootstrap)


async def test_client_with_a_wrong_password_is_refused(scram_broker: TestBroker) -> None:
    wrong = dataclasses.replace(scram_broker.settings(), sasl_password=Secret("not-the-password"))
    with pytest.raises(KafkaError):
        await _producer_starts(**wrong.kafka_client_options())


async def test_client_with_credentials_produces_and_consumes(scram_broker: TestBroker) -> None:
    settings = scram_broker.settings(partitions=2)
    assert settings.security_protocol == "SASL_PLAINTEXT" and settings.sasl_mechanism == "SCRAM-SHA-256"
    created = await admin.create_topics(settings, [topics.ARTICLES])
    assert [t.outcome for t in created] == ["created"]
    sent = [(f"a{i}", f"secured article {i}".encode()) for i in range(5)]
    await produce_raw(settings, topics.ARTICLES.name, sent)
    records = await consume_all(settings, topics.ARTICLES.name, idle_timeout=1.0, min_count=5)
    assert sorted((r.key.decode(), r.value) for r in records) == sorted(sent)


async def test_the_password_is_never_written_or_logged(
    scram_broker: TestBroker, password: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    settings = scram_broker.settings()
    await admin.create_topics(settings, [topics.ALERTS])
    home = scram_broker.broker.home
    for path in (home / "broker.log", home / "server.properties", home / "state.json"):
        assert password not in path.read_text(errors="replace"), path
    assert password not in caplog.text
    assert password not in repr(settings) and password not in str(scram_broker.broker.scram)


def _cli(settings: Settings, *args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "claimstream", *args],
        input=stdin,
        env=settings_env(settings, base=_env_without_claimstream()),
        capture_output=True,
        timeout=180,
    )


def _env_without_claimstream() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith("CLAIMSTREAM_")}


async def test_commands_use_the_credentials_from_the_environment(scram_broker: TestBroker, password: str) -> None:
    """`topics create` and `ingest` through CLAIMSTREAM_SASL_* only; without them, refused."""
    settings = scram_broker.unique_settings("cli-sasl")
    made = await asyncio.to_thread(_cli, settings, "topics", "create")
    assert made.returncode == 0, made.stderr
    article = b'{"title": "Guarded feed", "text": "The committee met behind closed doors on Friday."}\n'
    sent = await asyncio.to_thread(_cli, settings, "ingest", "-", stdin=article)
    assert sent.returncode == 0, sent.stderr
    records = await consume_all(settings, topics.ARTICLES.name, idle_timeout=1.0, min_count=1)
    assert [v["title"] for v in values(records)] == ["Guarded feed"]

    anonymous = dataclasses.replace(
        settings, security_protocol="PLAINTEXT", sasl_mechanism="", sasl_username="", sasl_password=Secret("")
    )
    refused = await asyncio.to_thread(_cli, anonymous, "topics", "list")
    assert refused.returncode != 0
    for proc in (made, sent, refused):
        assert password.encode() not in proc.stdout + proc.stderr


def test_the_pipeline_runs_over_sasl_scram(scram_broker: TestBroker, password: str, run_service) -> None:
    """ingest -> worker (faust with SASL credentials) -> sink, all authenticated with SCRAM."""
    settings = scram_broker.unique_settings("pipeline-sasl")
    scram_broker.create_topics(settings)
    article = (
        b'{"title": "Guarded aid", "text": "Norway will give Ukraine 50 million euros for demining, '
        b'Foreign Minister Ola Berg said on Monday."}\n'
    )
    worker = run_service("worker", settings)
    sink = run_service("sink", settings)
    sent = _cli(settings, "ingest", "-", stdin=article)
    assert sent.returncode == 0, sent.stderr
    entities = values(asyncio.run(consume_all(settings, topics.ENTITIES.name, min_count=1, max_wait=180)))
    assert [e["claims"]["aid"] for e in entities] == [1], worker.tail_log()
    [aid] = values(asyncio.run(consume_all(settings, topics.AID.name, min_count=1, max_wait=30)))
    assert (aid["donor"], aid["recipient"], aid["amount"], aid["currency"]) == ("Norway", "Ukraine", 50e6, "EUR")
    for svc in (worker, sink):
        assert password not in svc.log.read_text(errors="replace")
