"""Measurements for ``claimstream bench``: the raw spaCy reference, extraction cost, RSS, percentiles."""

from __future__ import annotations

import math
import statistics
import threading
import time
from collections.abc import Sequence
from typing import Any

import psutil


def percentile(values: Sequence[float], q: float) -> float | None:
    """Nearest-rank percentile (q in 0..100); None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, min(len(ordered), math.ceil(q / 100 * len(ordered))))
    return ordered[rank - 1]


def median(values: Sequence[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return statistics.median(present) if present else None


def raw_spacy_throughput(model: str, texts: list[str], processes: int, batch_size: int = 32) -> float:
    """Articles per second of plain ``nlp.pipe`` (the installed model, all its components)."""
    import spacy

    from claimstream.extract.nlp import resolve_model_name

    nlp = spacy.load(resolve_model_name(model))
    nlp.max_length = max(nlp.max_length, max(map(len, texts)) + 1)
    list(nlp.pipe(texts[:4]))  # warm-up, outside the timing
    started = time.perf_counter()
    done = sum(1 for _ in nlp.pipe(texts, batch_size=batch_size, n_process=processes))
    elapsed = time.perf_counter() - started
    if done != len(texts):  # spaCy only warns (W127) when a pipe worker dies; a short count is no figure
        raise RuntimeError(f"raw nlp.pipe returned {done} of {len(texts)} documents")
    return len(texts) / elapsed


def extraction_overhead(model: str, texts: list[str], rounds: int = 5) -> dict[str, float]:
    """Single-process CPU cost of claimstream's own work beside the spaCy parse, on the same texts.

    Each round parses the texts with the plain model (``parse_seconds``), runs the WEAPON component
    on those docs (``weapon_seconds``; it is the last component of claimstream's pipeline, so this is
    the work it adds) and every extractor on them (``extract_seconds``). Each part is timed on its
    own (CPU time, medians of ``rounds``): subtracting two whole-pipeline timings would bury a few
    percent under the machine's noise. The overhead is (weapon + extract) / parse.
    """
    import spacy

    from claimstream.extract.components.weapons import FACTORY
    from claimstream.extract.nlp import load_nlp, resolve_model_name
    from claimstream.extract.pipeline import extract_doc

    raw = spacy.load(resolve_model_name(model))
    weapon = load_nlp(model).get_pipe(FACTORY)
    for doc in raw.pipe(texts[:4]):
        extract_doc(weapon(doc))
    times: dict[str, list[float]] = {"parse": [], "weapon": [], "extract": []}

    def timed(name: str, work: Any) -> Any:
        started = time.process_time()
        out = work()
        times[name].append(time.process_time() - started)
        return out

    for _ in range(rounds):
        docs = timed("parse", lambda: list(raw.pipe(texts, batch_size=32)))
        docs = timed("weapon", lambda d=docs: [weapon(doc) for doc in d])
        timed("extract", lambda d=docs: [extract_doc(doc) for doc in d])
    p, w, e = (statistics.median(times[k]) for k in ("parse", "weapon", "extract"))
    return {
        "parse_seconds": p,
        "weapon_seconds": w,
        "extract_seconds": e,
        "overhead": (w + e) / p,
        "weapon_share": w / p,
        "extract_share": e / p,
    }


class RssSampler:
    """Samples the resident memory of a process tree's workers in a background thread."""

    def __init__(self, root_pid: int, interval: float = 0.25) -> None:
        self._root = psutil.Process(root_pid)
        self._interval = interval
        self.peak: dict[int, int] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> RssSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.wait(self._interval):
            try:
                procs = [self._root, *self._root.children(recursive=True)]
            except psutil.NoSuchProcess:
                return
            for proc in procs:
                try:
                    rss = proc.memory_info().rss
                except psutil.Error:
                    continue
                self.peak[proc.pid] = max(self.peak.get(proc.pid, 0), rss)

    def peak_worker_mb(self) -> float:
        """The largest peak among the processes (each worker process is measured on its own)."""
        return max(self.peak.values(), default=0) / 2**20
