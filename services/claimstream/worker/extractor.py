"""The extraction child process: parse and extract where the worker can put a deadline on it.

A worker process runs its spaCy pipeline in one child process (a fresh interpreter, so it
shares no threads or sockets with faust; a socket pair carries pickled messages). The child
runs :func:`claimstream.extract.pipeline.extract_articles`, the code ``claimstream extract``
runs, and reports each stage as it starts (tokenising article i, the batch's parse, extracting
article i) and each article's claims as plain picklable objects.
The parent gives every stage a time budget, :class:`Budget`: a base plus an allowance per KB
of text (of the article, or of the whole batch for the parse). A stage over its budget, or a
child that dies, ends the run: the parent kills the child, learns which article it was on, and
starts a new child. The worker's event loop never waits on spaCy, so ``/metrics`` keeps
answering and SIGTERM stops the worker while a child is busy.
"""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import logging
import signal
import socket
import subprocess
import sys
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from typing import Any

from claimstream.extract.pipeline import ArticleClaims, Failure
from claimstream.settings import Settings

log = logging.getLogger(__name__)

_PR_SET_PDEATHSIG = 1


@dataclass(frozen=True)
class Budget:
    """Time allowed for one stage: ``base_s`` plus ``per_kb_s`` per 1,000 bytes of text."""

    base_s: float
    per_kb_s: float

    def for_bytes(self, size: int) -> float:
        return self.base_s + self.per_kb_s * size / 1000


@dataclass(frozen=True)
class Stall:
    """A run that did not finish: the stage it was in, the article (None: the batch's parse) and why."""

    stage: str
    index: int | None
    reason: str  # extraction_timeout, or extraction_failed when the child died
    error: str


@dataclass
class Run:
    """What a run produced: results by article index, and the stall that ended it early, if any."""

    results: dict[int, ArticleClaims | Failure] = field(default_factory=dict)
    stall: Stall | None = None


class ExtractorProcess:
    """One extraction child; :meth:`run` sends it a batch and watches every stage's deadline."""

    def __init__(
        self, model: str, *, max_text_bytes: int, batch_size: int, budget: Budget, start_timeout_s: float = 300.0
    ) -> None:
        self._args = (model, max_text_bytes, batch_size)
        self._budget = budget
        self._start_timeout_s = start_timeout_s
        self._proc: subprocess.Popen[bytes] | None = None
        self._conn: Connection | None = None

    @classmethod
    def for_settings(cls, settings: Settings) -> ExtractorProcess:
        """The child a worker (or ``claimstream reprocess``) runs, with the settings' model and budget."""
        return cls(
            settings.spacy_model,
            max_text_bytes=settings.max_article_bytes,
            batch_size=settings.batch_size,
            budget=Budget(settings.article_timeout_s, settings.article_timeout_per_kb_s),
        )

    async def start(self) -> None:
        """Start a child and wait until its model is loaded."""
        ours, theirs = socket.socketpair()
        model, max_text_bytes, batch_size = self._args
        code = "from claimstream.worker.extractor import main; main()"
        argv = [sys.executable, "-c", code, str(theirs.fileno()), model, str(max_text_bytes), str(batch_size)]
        self._proc = subprocess.Popen(argv, pass_fds=[theirs.fileno()])
        theirs.close()
        self._conn = Connection(ours.detach())
        try:
            msg = await self._recv(self._start_timeout_s)
        except (TimeoutError, EOFError) as exc:
            self.close()
            raise RuntimeError(f"the extraction process did not start ({type(exc).__name__})") from exc
        assert msg == ("ready",), msg
        log.info("extraction process %d ready", self._proc.pid)

    def alive(self) -> bool:
        return self._proc is not None and self._proc.poll() is None

    async def restart(self) -> None:
        self.close()
        await self.start()

    def close(self) -> None:
        """Kill the child now: its state is unknown or no longer needed."""
        if self._proc is not None:
            self._proc.kill()
            self._proc.wait(5)
            self._proc = None
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    async def run(self, articles: list[dict[str, Any]]) -> Run:
        """Extract a batch; returns early, with a :class:`Stall`, when a stage overruns or the child dies."""
        if not self.alive():
            await self.restart()
        assert self._conn is not None
        sizes = [len(a["text"].encode("utf-8")) for a in articles]
        run = Run()
        stage, index, allowed = "tokenize", 0, self._budget.for_bytes(sizes[0])
        try:
            self._conn.send(articles)
            while True:
                msg = await self._recv(allowed)
                if msg[0] == "stage":
                    stage, index = msg[1], msg[2]
                    allowed = self._budget.for_bytes(sum(sizes) if index is None else sizes[index])
                elif msg[0] == "done":
                    run.results[msg[1]] = msg[2]
                else:
                    return run
        except TimeoutError:
            why = f"{stage} took longer than its {allowed:.1f} s budget"
            run.stall = Stall(stage, index, "extraction_timeout", why)
        except (EOFError, OSError) as exc:
            code = self._proc.poll() if self._proc is not None else None
            why = f"the extraction process died during {stage} (exit code {code}, {type(exc).__name__})"
            run.stall = Stall(stage, index, "extraction_failed", why)
        except BaseException:  # cancelled (shutdown): the child is mid-batch, its next answers are stale
            self.close()
            raise
        self.close()
        return run

    async def _recv(self, timeout: float) -> Any:
        """The child's next message, waiting on the pipe's file descriptor in the event loop."""
        assert self._conn is not None
        if not self._conn.poll():
            loop = asyncio.get_running_loop()
            readable = loop.create_future()
            fd = self._conn.fileno()
            loop.add_reader(fd, _resolve, readable)
            try:
                await asyncio.wait_for(readable, timeout)
            finally:
                loop.remove_reader(fd)
        return self._conn.recv()


def _resolve(future: asyncio.Future[None]) -> None:
    if not future.done():
        future.set_result(None)


def main() -> None:
    """The child's entry point: ``python -c … FD MODEL MAX_TEXT_BYTES BATCH_SIZE``."""
    fd, model, max_text_bytes, batch_size = sys.argv[1:5]
    serve(Connection(int(fd)), model, int(max_text_bytes), int(batch_size))


def serve(conn: Connection, model: str, max_text_bytes: int, batch_size: int) -> None:
    """The child's loop: load the model, then extract each batch the parent sends until the pipe closes."""
    _die_with_parent()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the whole group; the parent decides
    from claimstream.extract.nlp import load_nlp
    from claimstream.extract.pipeline import extract_articles

    nlp = load_nlp(model)
    nlp.max_length = max(nlp.max_length, max_text_bytes + 1)
    conn.send(("ready",))

    def progress(stage: str, index: int | None) -> None:
        conn.send(("stage", stage, index))

    while True:
        try:
            articles = conn.recv()
        except EOFError:
            return
        for i, result in enumerate(extract_articles(nlp, articles, batch_size=batch_size, progress=progress)):
            conn.send(("done", i, result))
        conn.send(("end",))


def _die_with_parent() -> None:
    """Linux: SIGKILL this child when its parent dies, even mid-parse (prctl PR_SET_PDEATHSIG)."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
