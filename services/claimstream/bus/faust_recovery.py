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
"""

from __future__ import annotations

import asyncio
from typing import Any

from faust.tables import TableManager
from faust.tables.recovery import Recovery


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


def faust_options() -> dict[str, Any]:
    """The faust App settings that install the safe hand-over."""
    return {"TableManager": SafeTableManager}
