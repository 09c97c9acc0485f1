"""Measurements for ``claimstream bench``: the raw spaCy reference, extraction cost, RSS, percentiles."""

from __future__ import annotations

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
    rank = max(1, min(len(ordered), round(q / 100 * len(ordered) + 0.5)))
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
    for _ in nlp.pipe(texts, batch_size=batch_size, n_process=processes):
        pass
    return len(texts) / (time.perf_counter() - started)


def extraction_overhead(model: str, texts: list[str]) -> dict[str, float]:
    """Single-process cost of claimstream's own work beside the spaCy parse, on the same texts.

    ``parse_seconds`` is plain ``nlp.pipe`` with the installed model; ``pipeline_parse_seconds``
    the claimstream pipeline (its components, the WEAPON ruler); ``extract_seconds`` every
    extractor on the parsed docs. The overhead is (pipeline parse + extract) / parse - 1.
    """
    import spacy

    from claimstream.extract.nlp import load_nlp, resolve_model_name
    from claimstream.extract.pipeline import extract_doc

    raw = spacy.load(resolve_model_name(model))
    ours = load_nlp(model)
    for nlp in (raw, ours):
        list(nlp.pipe(texts[:4]))
    started = time.perf_counter()
    list(raw.pipe(texts, batch_size=32))
    parse = time.perf_counter() - started
    started = time.perf_counter()
    docs = list(ours.pipe(texts, batch_size=32))
    ours_parse = time.perf_counter() - started
    started = time.perf_counter()
    for doc in docs:
        extract_doc(doc)
    extract = time.perf_counter() - started
    return {"parse_seconds": parse, "pipeline_parse_seconds": ours_parse, "extract_seconds": extract,
            "overhead": (ours_parse + extract) / parse - 1, "extract_share": extract / parse}


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
