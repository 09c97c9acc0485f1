"""faust's hand-over from table recovery to the streams, made safe for the ledger (issue 9).

After a rebalance faust first replays the table's changelog. For that it resumes the consumer's
flow and starts its fetcher, with the stream partitions (``claims.aid``, ``ledger.claims``) paused.
When the changelog is read, faust 0.15's ``Recovery.on_recovery_completed`` resumes the stream
partitions, seeks them to their committed offsets and then calls ``app.flow_control.resume()``,
which empties every stream's queue. The fetcher is still running all that time, so a claim it
delivers between the resume and that call lands in a queue that is then emptied: the agent never
sees it, and faust later commits past it (its ``Consumer._new_offset`` lets the commit step over a
single missing offset at the head, and a jump in fetched offsets is recorded as a gap it counts as
done). The claim is lost for good, without a log line. Seen in the restart test's faust logs: a
message delivered right after the seek and never routed, its partition committed to the end.
The fetcher is running at that moment in a process that had changelog records to replay (a
restart, a partition hand-over) and in any rebalance after the first, never in a fresh process:
hence a flake of the restart test only.

:class:`LedgerRecovery` stops the consumer's flow before faust touches the stream partitions, so
nothing is delivered until faust itself resumes the flow after the seek, with the queues empty.
"""

from __future__ import annotations

import asyncio
from typing import Any

from faust.tables import TableManager
from faust.tables.recovery import Recovery


class LedgerRecovery(Recovery):
    async def on_recovery_completed(self, generation_id: int = 0) -> None:
        # faust resumes both (and empties the queues) once the stream partitions are seeked.
        self.app.flow_control.suspend()
        self.app.consumer.stop_flow()
        # A fetch loop iteration already under way sees the stopped flow at its next record.
        await asyncio.sleep(0)
        await super().on_recovery_completed(generation_id)


class LedgerTableManager(TableManager):
    """faust's table manager with :class:`LedgerRecovery` (the app's ``TableManager`` setting)."""

    @property
    def recovery(self) -> Recovery:
        if self._recovery is None:
            self._recovery = LedgerRecovery(self.app, self, beacon=self.beacon, loop=self.loop)
        return self._recovery


def faust_options() -> dict[str, Any]:
    """The faust App settings that install the safe hand-over."""
    return {"TableManager": LedgerTableManager}
