"""The ledger commits a claim's offset only once the broker has everything sent for it.

faust commits offsets after ``app.producer.flush()``. In faust 0.15 that is not enough:

* The table's changelog writes (``table[key] = ...`` cannot await, so faust queues them in its
  ``ProducerBuffer``) may still be in the buffer: its ``flush`` returns as soon as 0.1 s pass
  without a message sent, and never waits for the message being sent (already off the queue,
  e.g. waiting for metadata after a leader change). A SIGKILL then loses those writes.
* A send the broker refused, or that timed out, is only logged (``Topic._on_published``); the
  offsets are committed all the same, and the claim's forwarded copy, its ``ledger.aid`` record
  or its changelog write is lost for good.

:func:`guard_commits` makes the buffer's ``flush`` wait for every buffered message, and the
producer's ``flush`` wait for the delivery of every record the ledger sent (changelog, forwarded
claims, records, dead letters: :meth:`Deliveries.track`). A failed delivery ends the process at
once, without committing (exit 70, as the worker does): the restarted process re-reads the claims
after the last commit, and applying a claim twice changes nothing.
"""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import Callable
from typing import Any

log = logging.getLogger(__name__)

EXIT_CODE = 70  # EX_SOFTWARE, as the worker's


def exit_without_commit(why: str) -> None:
    log.critical("%s; exiting without committing, the claims after the last commit are re-read", why)
    logging.shutdown()
    os._exit(EXIT_CODE)


class Deliveries:
    """The records sent and not yet acknowledged by the broker; a failed one calls ``on_failure``."""

    def __init__(self, on_failure: Callable[[str], None] = exit_without_commit) -> None:
        self._pending: set[asyncio.Future[Any]] = set()
        self._on_failure = on_failure

    def track(self, delivery: Any) -> None:
        """``delivery``: the future a faust ``send`` returns (resolved when the broker acknowledges)."""
        if isinstance(delivery, asyncio.Future):
            self._pending.add(delivery)
            delivery.add_done_callback(self._done)

    def _done(self, delivery: asyncio.Future[Any]) -> None:
        self._pending.discard(delivery)
        error = "cancelled" if delivery.cancelled() else delivery.exception()
        if error is not None:
            self._on_failure(f"a record the ledger sent was not delivered: {error!r}")

    async def settle(self) -> None:
        """Wait until every record tracked so far is acknowledged (or failed)."""
        if self._pending:
            await asyncio.wait(list(self._pending))

    def __len__(self) -> int:
        return len(self._pending)


def guard_commits(app: Any, deliveries: Deliveries) -> None:
    """Wrap ``app.producer``'s flush (what faust awaits before it commits offsets) as described above."""
    producer = app.producer
    drain_buffer(producer.buffer, deliveries)
    flush = producer.flush

    async def flush_and_settle() -> None:
        await flush()
        await deliveries.settle()

    producer.flush = flush_and_settle


def drain_buffer(buffer: Any, deliveries: Deliveries) -> None:
    """Make ``buffer.flush()`` (faust's ``ProducerBuffer``) wait until every buffered message is
    with the Kafka producer, and track each message's delivery."""
    unsent = 0
    idle = asyncio.Event()
    idle.set()
    put, send_pending = buffer.put, buffer._send_pending

    def counted_put(fut: Any) -> None:
        nonlocal unsent
        unsent += 1
        idle.clear()
        deliveries.track(fut)  # faust resolves it (or sets the error) when the broker answers
        put(fut)

    async def counted_send(fut: Any) -> None:
        nonlocal unsent
        try:
            await send_pending(fut)
        finally:
            unsent -= 1
            if unsent <= 0:
                unsent = 0
                idle.set()

    async def flush() -> None:
        while not idle.is_set():
            if buffer.state != "running":  # as faust's own flush: nothing will send them now
                raise RuntimeError("Cannot flush: Producer not Running")
            try:
                await asyncio.wait_for(idle.wait(), timeout=0.1)
            except TimeoutError:
                continue

    buffer.put, buffer._send_pending, buffer.flush = counted_put, counted_send, flush
