"""Shared fixtures: the real embedded Kafka broker, started once per test session.

- ``kafka_broker`` (session): a :class:`claimstream.broker.testing.TestBroker` on a free port,
  data in a temporary folder, jars from the shared cache (``CLAIMSTREAM_JARS_DIR``, else
  ``<CLAIMSTREAM_DATA_DIR or ~/.claimstream>/kafka/<version>/libs``, fetched once with mvn).
  ``.bootstrap``, ``.settings(topic_prefix=None, **overrides)`` (unique prefix per call),
  ``.create_topics(settings)``, ``.restart()``, ``.kill()`` + ``.start()``.
- ``kafka_settings`` (function): Settings with a prefix unique to the test, topics created.
- ``broker_factory`` (function): start extra brokers of your own (e.g. ``scram=ScramUser(...)``,
  or to restart/kill without disturbing the session broker); stopped after the test.
- ``kafka_cluster`` (session): a :class:`claimstream.broker.testing.TestCluster`, three KRaft
  nodes on free consecutive ports, started on first use and shared by the ``cluster`` tests.

Client helpers (raw produce, consume until idle, JSON decode) are in
``claimstream.broker.testing``. A missing java or mvn makes the fixture error, never skip.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from claimstream.broker import jars
from claimstream.broker.testing import TestBroker, TestCluster, start_test_broker, start_test_cluster
from claimstream.settings import Settings, load_settings


@pytest.fixture(scope="session")
def kafka_libs() -> Path:
    """The shared jar cache, fetched on first use (honours CLAIMSTREAM_JARS_DIR / _DATA_DIR)."""
    return jars.ensure_jars(jars.libs_dir(load_settings(env=dict(os.environ))))


@pytest.fixture(scope="session")
def kafka_broker(tmp_path_factory: pytest.TempPathFactory, kafka_libs: Path) -> Iterator[TestBroker]:
    data_dir = tmp_path_factory.mktemp("kafka")
    broker = start_test_broker(data_dir, kafka_libs, Settings(data_dir=str(data_dir)))
    try:
        yield broker
    finally:
        broker.stop()


@pytest.fixture
def kafka_settings(kafka_broker: TestBroker, request: pytest.FixtureRequest) -> Settings:
    """Settings with a topic prefix unique to this test; every claimstream topic exists."""
    settings = kafka_broker.unique_settings(request.node.name)
    kafka_broker.create_topics(settings)
    return settings


@pytest.fixture
def broker_factory(tmp_path: Path, kafka_libs: Path) -> Iterator[Callable[..., TestBroker]]:
    """``broker_factory(**EmbeddedBroker options) -> TestBroker``: brokers owned by one test."""
    started: list[TestBroker] = []

    def make(**options: Any) -> TestBroker:
        data_dir = tmp_path / f"kafka-{len(started)}"
        broker = start_test_broker(data_dir, kafka_libs, Settings(data_dir=str(data_dir)), **options)
        started.append(broker)
        return broker

    try:
        yield make
    finally:
        for broker in started:
            broker.stop()


@pytest.fixture(scope="session")
def kafka_cluster(tmp_path_factory: pytest.TempPathFactory, kafka_libs: Path) -> Iterator[TestCluster]:
    data_dir = tmp_path_factory.mktemp("cluster")
    cluster = start_test_cluster(data_dir, kafka_libs, Settings(data_dir=str(data_dir)))
    try:
        yield cluster
    finally:
        cluster.cluster.stop()
