"""A fetch never takes the records of a partition faust has paused (``bus/faust_recovery.py``).

faust 0.15 hands aiokafka its live set of active partitions as the selection for a fetch, and
aiokafka reads an empty selection as "every partition". A fetch that waited through a rebalance
then took a paused changelog partition's records while faust's flow was stopped; faust dropped
them, and the partition's recovery waited for them for good (the hand-over test's hang). These
tests run aiokafka's own ``Fetcher.fetched_records`` on records buffered in memory (no broker).
"""

from __future__ import annotations

import asyncio
import types
from collections.abc import Iterator
from typing import Any

import pytest
from aiokafka.consumer.fetcher import Fetcher, FetchResult
from aiokafka.consumer.subscription_state import SubscriptionState
from faust.transport.drivers.aiokafka import AIOKafkaConsumerThread
from faust.types import TP

from claimstream.bus import faust_recovery
from claimstream.bus.faust_recovery import SafeConsumerThread, SafeTransport
from claimstream.ledger.app import build_app
from claimstream.settings import Settings

CHANGELOG = TP("ledger-changelog", 3)
STREAM = TP("ledger.claims", 3)


class _Records:
    """What aiokafka buffered for one partition: ``count`` records from offset ``start``."""

    def __init__(self, start: int, count: int) -> None:
        self.next_fetch_offset = start
        self._end = start + count

    def __iter__(self) -> Iterator[int]:
        while self.next_fetch_offset < self._end:
            self.next_fetch_offset += 1
            yield self.next_fetch_offset - 1


def _fetcher(buffered: dict[TP, int]) -> tuple[Any, SubscriptionState]:
    """A stand-in for aiokafka's fetcher holding ``buffered`` (partition -> record count, from 0)."""
    subscriptions = SubscriptionState()
    subscriptions.assign_from_user(set(buffered))
    assignment = subscriptions.subscription.assignment
    records = {}
    for tp, count in buffered.items():
        assignment.state_value(tp).seek(0)
        records[tp] = FetchResult(tp, assignment=assignment, partition_records=_Records(0, count), backoff=0)
    fetcher = types.SimpleNamespace(
        _closed=False, _subscriptions=subscriptions, _records=records, _wait_consume_future=None, _notify=lambda f: None
    )
    fetcher.fetched_records = types.MethodType(Fetcher.fetched_records, fetcher)
    return fetcher, subscriptions


def _fetch(thread_class: type, active: set[TP], buffered: dict[TP, int]) -> tuple[dict[TP, list[int]], dict[TP, int]]:
    """One fetch as faust's fetcher makes it: what it returned, and each partition's position after."""

    async def fetch() -> tuple[dict[TP, list[int]], dict[TP, int]]:
        fetcher, subscriptions = _fetcher(buffered)  # aiokafka's objects want a running loop
        thread = thread_class.__new__(thread_class)
        thread.consumer = types.SimpleNamespace(flow_active=True)
        consumer = types.SimpleNamespace(_closed=False, _fetcher=fetcher)
        got = await thread._fetch_records(consumer, active, timeout=0)
        assignment = subscriptions.subscription.assignment
        return got, {tp: assignment.state_value(tp).position for tp in buffered}

    return asyncio.run(fetch())


@pytest.mark.parametrize(
    ("active", "expected", "positions"),
    [
        # everything paused (a rebalance, recovery not yet resumed): nothing is taken
        (set(), {}, {CHANGELOG: 0, STREAM: 0}),
        # recovery resumed the changelog partition only: its records, the stream's stay
        ({CHANGELOG}, {CHANGELOG: [0, 1, 2]}, {CHANGELOG: 3, STREAM: 0}),
        ({CHANGELOG, STREAM}, {CHANGELOG: [0, 1, 2], STREAM: [0, 1]}, {CHANGELOG: 3, STREAM: 2}),
    ],
)
def test_a_fetch_takes_only_the_partitions_faust_has_active(
    active: set[TP], expected: dict[TP, list[int]], positions: dict[TP, int]
) -> None:
    got, after = _fetch(SafeConsumerThread, active, {CHANGELOG: 3, STREAM: 2})
    assert got == expected
    assert after == positions


def test_faust_own_fetch_takes_every_partition_when_none_is_active() -> None:
    """The defect the override exists for: with faust's thread the paused changelog partition's
    records are taken and its position moves to the end, though faust delivers none of them."""
    got, after = _fetch(AIOKafkaConsumerThread, set(), {CHANGELOG: 3})
    assert got == {CHANGELOG: [0, 1, 2]} and after == {CHANGELOG: 3}


def test_the_selection_follows_the_live_set_and_is_never_empty() -> None:
    active: set[TP] = set()
    selection = faust_recovery._Selection(active)
    assert bool(selection) and CHANGELOG not in selection
    active.add(CHANGELOG)  # faust resumed it while the fetch waits
    assert CHANGELOG in selection and STREAM not in selection


def test_the_ledger_app_uses_the_safe_consumer(tmp_path: Any) -> None:
    async def consumer_thread() -> Any:
        app = build_app(Settings(data_dir=str(tmp_path)))
        assert type(app.transport) is SafeTransport
        return app.consumer._thread

    assert type(asyncio.run(consumer_thread())) is SafeConsumerThread
