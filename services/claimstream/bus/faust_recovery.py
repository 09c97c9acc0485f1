"""faust's hand-over from table recovery to the streams, made safe for every faust app here (issue 9).

After a rebalance faust first replays the tables' changelogs (the ledger's; a worker has none, but
goes through the same hand-over). For that it resumes the consumer's flow and starts its fetcher,
with the stream partitions paused. When the changelogs are read, faust 0.15's
``Recovery.on_recovery_completed`` resumes the stream partitions, seeks them to their committed
offsets and then calls ``app.flow_control.resume()``, which empties every stream's queue. The
fetcher is still running all that time, so a message it delivers between the resume and that call
lands in a queue that is then emptied: the agent never sees it (a claim in the ledger, an article in
a worker), and faust later commits past it (its ``Consumer._new_offset`` lets the commit step over
a single missing offset at the head, and a jump in fetched offsets is recorded as a gap it counts as
done). The message is lost for good, without a log line. Seen in the ledger's restart test's faust
logs: a claim delivered right after the seek and never routed, its partition committed to the end.
The fetcher is running at that moment in a process that had changelog records to replay (a
restart, a partition hand-over) and in any rebalance after the first (another worker joining or
leaving), never in a fresh process: hence a flake of the ledger's restart test only.

:class:`SafeRecovery` stops the consumer's flow before faust touches the stream partitions, so
nothing is delivered until faust itself resumes the flow after the seek, with the queues empty.

A second way faust 0.15 loses fetched records in a hand-over hung the ledger (the hand-over test
timed out under load: a changelog partition with "no event received since recovery start", 19
events of another buffered). faust passes aiokafka its live set of active partitions as the
selection for a fetch, and aiokafka reads an empty selection as "every partition". A fetch that was
waiting when the rebalance began waits through it and runs on while faust has every partition
paused. The sequence, from the second process's debug log of the hand-over test (the moment
widened by a probe, not kept, that held aiokafka's fetches from the revoke until the seek):

1. The first process leaves. The second revokes and pauses everything, is assigned all six
   changelog partitions, and aiokafka resets each to its earliest offset and fetches from 0.
2. Recovery seeks them to what the table holds: 77 for partition 2 (active before), 0 for
   partition 3 (a standby before). aiokafka drops the reply from 0 for partition 2, but keeps
   partition 3's, whose offset still matches.
3. The fetch still waiting from before the rebalance takes partition 3's 42 records, since nothing
   is selected, and aiokafka moves the position to the end. faust sees its flow stopped, drops
   them and "seeks back to committed offsets", which a changelog partition does not have.
4. Recovery resumes the changelog partitions: partition 2 delivers its 19 records, partition 3 has
   none left to deliver, and recovery waits for it for good.

When that fetch takes the records before the seek (the same log line, in most runs), the seek
undoes it. :class:`SafeConsumerThread` gives aiokafka a selection that is never empty and follows
the live set, so a paused partition's records stay in aiokafka until faust resumes it.
"""

from __future__ import annotations

import asyncio
from typing import Any

import faust
from faust.tables import TableManager
from faust.tables.recovery import Recovery
from faust.transport.drivers import aiokafka as faust_aiokafka
from faust.types import TP


class SafeRecovery(Recovery):
    async def on_recovery_completed(self, generation_id: int = 0) -> None:
        # faust resumes both (and empties the queues) once the stream partitions are seeked.
        self.app.flow_control.suspend()
        self.app.consumer.stop_flow()
        # A fetch loop iteration already under way sees the stopped flow at its next record.
        await asyncio.sleep(0)
        await super().on_recovery_completed(generation_id)


class SafeTableManager(TableManager):
    """faust's table manager with :class:`SafeRecovery` (the app's ``TableManager`` setting)."""

    @property
    def recovery(self) -> Recovery:
        if self._recovery is None:
            self._recovery = SafeRecovery(self.app, self, beacon=self.beacon, loop=self.loop)
        return self._recovery


class _Selection:
    """faust's live set of active partitions as aiokafka's selection for a fetch: membership follows
    the set while the fetch waits, and an empty set selects nothing (never "every partition")."""

    __slots__ = ("_tps",)

    def __init__(self, tps: set[TP]) -> None:
        self._tps = tps

    def __bool__(self) -> bool:
        return True

    def __contains__(self, tp: object) -> bool:
        return tp in self._tps


class SafeConsumerThread(faust_aiokafka.AIOKafkaConsumerThread):
    async def _fetch_records(
        self,
        consumer: Any,
        active_partitions: set[TP],
        timeout: float | None = None,
        max_records: int | None = None,
    ) -> Any:
        selection = _Selection(active_partitions) if active_partitions is not None else None
        return await super()._fetch_records(consumer, selection, timeout=timeout, max_records=max_records)  # type: ignore[arg-type]


class SafeConsumer(faust_aiokafka.Consumer):
    def _new_consumer_thread(self) -> faust_aiokafka.AIOKafkaConsumerThread:
        return SafeConsumerThread(self, loop=self.loop, beacon=self.beacon)


class SafeTransport(faust_aiokafka.Transport):
    """faust's aiokafka transport with :class:`SafeConsumerThread`."""

    Consumer = SafeConsumer


def install(app: faust.App) -> faust.App:
    """Give ``app`` the safe consumer (call right after creating it, before it starts)."""
    app.transport = SafeTransport(app.conf.broker_consumer, app)
    return app


def faust_options() -> dict[str, Any]:
    """The faust App settings that install the safe hand-over."""
    return {"TableManager": SafeTableManager}
