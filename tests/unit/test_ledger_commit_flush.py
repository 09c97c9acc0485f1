"""The ledger's table writes reach the Kafka producer before faust commits the offsets, and a record
the broker did not take stops the ledger before a commit (``ledger/delivery.py``).

faust queues a table's changelog writes in its ``ProducerBuffer`` and flushes it before every
offset commit; faust 0.15's own flush gives up after 0.1 s without a sent message and skips the
message being sent, so a slow send (metadata wait after a leader change) let offsets be committed
while changelog writes were still only in memory, and a SIGKILL lost them (records with fewer
sources after the restart). No Kafka here: the sends are slowed stand-ins.
"""

from __future__ import annotations

import asyncio
from types import SimpleNamespace
from typing import Any

from claimstream.ledger.app import build_app
from claimstream.ledger.delivery import Deliveries
from claimstream.settings import Settings


def _slow_message(sent: list[int], n: int, delay: float) -> Any:
    async def publish_message(fut: Any, wait: bool = False) -> None:
        await asyncio.sleep(delay)  # e.g. aiokafka waiting for metadata of a partition
        sent.append(n)

    return SimpleNamespace(message=SimpleNamespace(channel=SimpleNamespace(publish_message=publish_message)))


def test_flush_before_commit_waits_for_every_buffered_table_write(tmp_path: Any) -> None:
    async def scenario() -> list[int]:
        buffer = build_app(Settings(data_dir=str(tmp_path))).producer.buffer  # on this loop
        sent: list[int] = []
        await buffer.start()
        try:
            for n in range(3):
                buffer.put(_slow_message(sent, n, 0.3))
            # what faust's consumer awaits (via producer.flush) before it commits
            await asyncio.wait_for(buffer.flush(), timeout=10)
            return list(sent)
        finally:
            await buffer.stop()

    assert asyncio.run(scenario()) == [0, 1, 2]


def test_flush_with_nothing_buffered_returns_at_once(tmp_path: Any) -> None:
    async def scenario() -> None:
        buffer = build_app(Settings(data_dir=str(tmp_path))).producer.buffer
        await buffer.start()
        try:
            await asyncio.wait_for(buffer.flush(), timeout=1.0)
        finally:
            await buffer.stop()

    asyncio.run(scenario())


def test_a_failed_delivery_stops_before_the_commit_and_settle_waits_for_the_rest() -> None:
    async def scenario() -> tuple[list[str], bool]:
        failures: list[str] = []
        deliveries = Deliveries(on_failure=failures.append)
        loop = asyncio.get_running_loop()
        ok, refused, slow = loop.create_future(), loop.create_future(), loop.create_future()
        for fut in (ok, refused, slow):
            deliveries.track(fut)
        ok.set_result("metadata")
        refused.set_exception(RuntimeError("MessageSizeTooLargeError"))
        loop.call_later(0.3, slow.set_result, "metadata")
        await asyncio.sleep(0)  # done callbacks run
        settled_before_slow = not slow.done()
        await asyncio.wait_for(deliveries.settle(), timeout=10)
        return failures, settled_before_slow and slow.done() and len(deliveries) == 0

    failures, waited = asyncio.run(scenario())
    assert len(failures) == 1 and "MessageSizeTooLargeError" in failures[0]
    assert waited
