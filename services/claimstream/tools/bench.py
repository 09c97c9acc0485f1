"""``claimstream bench``: throughput and latency of the whole pipeline beside raw spaCy.

One run: start W worker processes (one consumer group) on the broker, warm them up, then for
each repetition (1) publish N articles at once and time until every article's claims are out
(throughput, and latency under saturation), (2) send lone articles one at a time (latency with
no company to batch with), (3) publish at half the measured throughput (latency under load),
(4) run raw ``nlp.pipe`` with the same model on the same texts with W processes (the reference).
Medians over the repetitions are reported, as a table and optionally as JSON.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import sys
import time
import uuid
from datetime import datetime
from pathlib import Path
from typing import Any

from aiokafka import AIOKafkaConsumer

from claimstream.bus.consumer import topic_partitions
from claimstream.contracts import serde, topics
from claimstream.contracts.articles import parse_article
from claimstream.settings import Settings
from claimstream.tools import bench_measure as measure
from claimstream.tools.runtime import ensure_broker, spawn_service, stop_services

SAMPLES = Path(__file__).resolve().parent.parent / "data" / "samples" / "articles.jsonl"


def register(sub: Any) -> None:
    p = sub.add_parser("bench", help="pipeline throughput and latency beside raw spaCy nlp.pipe")
    p.add_argument("--articles", type=int, default=300, help="articles per repetition (default 300)")
    p.add_argument("--workers", type=int, default=2, help="worker processes, and nlp.pipe processes (default 2)")
    p.add_argument("--repetitions", type=int, default=3, help="repetitions; medians are reported (default 3)")
    p.add_argument("--input", default=str(SAMPLES), help="article JSONL to draw texts from (default: samples)")
    p.add_argument("--lone", type=int, default=10, help="lone articles per repetition for light-load latency")
    p.add_argument("--half-load-seconds", type=float, default=20.0, help="duration of the half-load phase")
    p.add_argument("--json", action="store_true", help="print the result as JSON on stdout")
    p.add_argument("--keep-broker", action="store_true", help="leave a broker the bench started running")
    p.set_defaults(func=run)


def load_texts(path: Path) -> list[dict[str, Any]]:
    rows = [serde.loads(line) for line in path.read_bytes().splitlines() if line.strip()]
    if not rows:
        raise SystemExit(f"claimstream bench: no articles in {path}")
    return rows


def make_articles(base: list[dict[str, Any]], n: int, tag: str) -> list[dict[str, Any]]:
    """n articles cycling through the base texts, each with its own URL (so its own id)."""
    return [
        {**base[i % len(base)], "id": None, "url": f"https://bench.claimstream.invalid/{tag}/{i}"} for i in range(n)
    ]


class ClaimWatcher:
    """Follows claims.entities (one message per article) and records when each article completed."""

    def __init__(self, settings: Settings) -> None:
        self._settings = settings
        self.arrived: dict[str, tuple[float, float]] = {}  # article id -> (arrival unix time, latency s)
        self._task: asyncio.Task[None] | None = None
        self._consumer: AIOKafkaConsumer | None = None

    async def start(self) -> None:
        name = topics.resolve(self._settings, "claims.entities")
        self._consumer = consumer = AIOKafkaConsumer(enable_auto_commit=False, **self._settings.kafka_client_options())
        await consumer.start()
        parts = await topic_partitions(self._settings, name)
        consumer.assign(parts)
        await consumer.seek_to_end(*parts)
        for tp in parts:  # resolve the end offsets now, before anything is published
            await consumer.position(tp)
        self._task = asyncio.create_task(self._run())

    async def _run(self) -> None:
        assert self._consumer is not None
        while True:
            batches = await self._consumer.getmany(timeout_ms=100)
            now = time.time()
            for records in batches.values():
                for r in records:
                    msg = serde.loads(r.value)
                    ingested = datetime.fromisoformat(msg["article_ingested_at"].replace("Z", "+00:00"))
                    self.arrived.setdefault(msg["article_id"], (now, now - ingested.timestamp()))

    async def wait_for(self, ids: list[str], timeout: float = 600.0) -> float:
        """Wait until every id arrived; returns the last arrival time."""
        deadline = time.monotonic() + timeout
        while any(i not in self.arrived for i in ids):
            if self._task is not None and self._task.done():
                self._task.result()
            if time.monotonic() > deadline:
                missing = sum(i not in self.arrived for i in ids)
                raise TimeoutError(f"{missing} of {len(ids)} articles produced no claims in {timeout:.0f} s")
            await asyncio.sleep(0.02)
        return max(self.arrived[i][0] for i in ids)

    async def stop(self) -> None:
        if self._task:
            self._task.cancel()
        if self._consumer is not None:
            await self._consumer.stop()


@dataclasses.dataclass
class Repetition:
    articles_per_s: float
    words_per_s: float
    saturated_p50_s: float | None
    lone_p50_s: float | None
    lone_p99_s: float | None
    half_load_rate: float
    half_load_p50_s: float | None
    half_load_p95_s: float | None
    half_load_p99_s: float | None
    raw_articles_per_s: float

    @property
    def ratio(self) -> float:
        return self.articles_per_s / self.raw_articles_per_s


class Bench:
    def __init__(self, settings: Settings, args: argparse.Namespace, base: list[dict[str, Any]]) -> None:
        from claimstream.bus.producer import Publisher

        self.settings, self.args, self.base = settings, args, base
        self.publisher = Publisher(settings)
        self.watcher = ClaimWatcher(settings)

    async def publish(self, raw: list[dict[str, Any]]) -> list[str]:
        """Stamp and publish; returns the article ids."""
        articles = [parse_article(a, max_text_bytes=self.settings.max_article_bytes) for a in raw]
        await self.publisher.send_many("news.articles", [(a["id"], a) for a in articles])
        return [a["id"] for a in articles]

    def latencies(self, ids: list[str]) -> list[float]:
        return [self.watcher.arrived[i][1] for i in ids]

    async def saturate(self, tag: str) -> tuple[float, float, float | None]:
        raw = make_articles(self.base, self.args.articles, tag)
        words = sum(len(a["text"].split()) for a in raw)
        started = time.time()
        ids = await self.publish(raw)
        elapsed = await self.watcher.wait_for(ids) - started
        return len(ids) / elapsed, words / elapsed, measure.percentile(self.latencies(ids), 50)

    async def lone(self, tag: str) -> list[float]:
        out = []
        for i, article in enumerate(make_articles(self.base, self.args.lone, tag)):
            [aid] = await self.publish([article])
            await self.watcher.wait_for([aid], timeout=60)
            out.append(self.watcher.arrived[aid][1])
            await asyncio.sleep(0.2 if i % 2 else 0.05)
        return out

    async def paced(self, tag: str, rate: float) -> list[float]:
        n = max(1, int(rate * self.args.half_load_seconds))
        ids: list[str] = []
        started = time.monotonic()
        for i, article in enumerate(make_articles(self.base, n, tag)):
            delay = started + i / rate - time.monotonic()
            if delay > 0:
                await asyncio.sleep(delay)
            ids += await self.publish([article])
        await self.watcher.wait_for(ids)
        return self.latencies(ids)

    async def repetition(self, k: int) -> Repetition:
        run = uuid.uuid4().hex[:6]
        per_s, words_per_s, sat_p50 = await self.saturate(f"{run}-sat")
        lone = await self.lone(f"{run}-lone")
        half = await self.paced(f"{run}-half", per_s / 2)
        texts = [a["text"] for a in make_articles(self.base, self.args.articles, "raw")]
        raw = await asyncio.to_thread(measure.raw_spacy_throughput, self.settings.spacy_model, texts, self.args.workers)
        rep = Repetition(
            per_s,
            words_per_s,
            sat_p50,
            measure.percentile(lone, 50),
            measure.percentile(lone, 99),
            per_s / 2,
            measure.percentile(half, 50),
            measure.percentile(half, 95),
            measure.percentile(half, 99),
            raw,
        )
        print(
            f"repetition {k + 1}: {per_s:.1f} articles/s vs raw nlp.pipe {raw:.1f} (ratio {rep.ratio:.2f}); "
            f"lone p50 {rep.lone_p50_s or 0:.3f} s; half-load p99 {rep.half_load_p99_s or 0:.3f} s",
            file=sys.stderr,
        )
        return rep


async def _run(settings: Settings, args: argparse.Namespace, worker_pid: int) -> dict[str, Any]:
    bench = Bench(settings, args, load_texts(Path(args.input)))
    try:
        await bench.publisher.start()
        await bench.watcher.start()
        warm = make_articles(bench.base, 6 * args.workers, "warm-" + uuid.uuid4().hex[:6])
        await bench.watcher.wait_for(await bench.publish(warm), timeout=300)
        await asyncio.sleep(2)
        with measure.RssSampler(worker_pid) as rss:
            reps = [await bench.repetition(k) for k in range(args.repetitions)]
        overhead = await asyncio.to_thread(
            measure.extraction_overhead,
            settings.spacy_model,
            [a["text"] for a in make_articles(bench.base, 100, "cost")],
        )
    finally:
        await bench.watcher.stop()
        await bench.publisher.stop()
    return summarise(args, reps, rss.peak_worker_mb(), overhead)


def summarise(
    args: argparse.Namespace, reps: list[Repetition], peak_mb: float, overhead: dict[str, float]
) -> dict[str, Any]:
    fields = [f.name for f in dataclasses.fields(Repetition)]
    med = {name: measure.median([getattr(r, name) for r in reps]) for name in fields}
    med["ratio"] = measure.median([r.ratio for r in reps])
    return {
        "workers": args.workers,
        "articles_per_repetition": args.articles,
        "repetitions": args.repetitions,
        "median": med,
        "runs": [{**dataclasses.asdict(r), "ratio": r.ratio} for r in reps],
        "peak_worker_rss_mb": peak_mb,
        "extraction_cost": overhead,
    }


def print_table(result: dict[str, Any], out: Any = sys.stdout) -> None:
    m = result["median"]

    def s(v: float | None) -> str:
        return "-" if v is None else f"{v:.3f} s"

    rows = [
        ("pipeline throughput", f"{m['articles_per_s']:.1f} articles/s, {m['words_per_s']:.0f} words/s"),
        (f"raw nlp.pipe ({result['workers']} processes)", f"{m['raw_articles_per_s']:.1f} articles/s"),
        ("ratio pipeline / raw", f"{m['ratio']:.2f}"),
        ("latency, lone article p50 / p99", f"{s(m['lone_p50_s'])} / {s(m['lone_p99_s'])}"),
        (
            f"latency at half load ({m['half_load_rate']:.1f}/s) p50 / p95 / p99",
            f"{s(m['half_load_p50_s'])} / {s(m['half_load_p95_s'])} / {s(m['half_load_p99_s'])}",
        ),
        ("latency saturated p50", s(m["saturated_p50_s"])),
        ("peak worker RSS", f"{result['peak_worker_rss_mb']:.0f} MB"),
        ("extraction beyond spaCy (1 process)", f"{result['extraction_cost']['overhead'] * 100:+.1f}% of nlp.pipe"),
    ]
    width = max(len(r[0]) for r in rows)
    print(
        f"claimstream bench: medians of {result['repetitions']} repetitions, "
        f"{result['articles_per_repetition']} articles each, {result['workers']} workers",
        file=out,
    )
    for name, value in rows:
        print(f"  {name:<{width}}  {value}", file=out)


def run(args: argparse.Namespace, settings: Settings) -> int:
    from claimstream.broker import admin

    # Own topics per run; no /metrics servers, so a bench never collides with services already running.
    settings = dataclasses.replace(
        settings, topic_prefix=f"{settings.topic_prefix}bench-{uuid.uuid4().hex[:8]}.", metrics_port=-1
    )
    broker = ensure_broker(settings)
    workers = None
    try:
        asyncio.run(admin.create_topics(settings))
        log = settings.data_path / "bench" / f"{settings.topic_prefix.rstrip('.')}-worker.log"
        workers = spawn_service(["worker", "--processes", str(args.workers)], settings, log)
        result = asyncio.run(_run(settings, args, workers.pid))
    finally:
        if workers is not None:
            stop_services([workers])
        if broker is not None and not args.keep_broker:
            broker.stop()
    print_table(result, out=sys.stderr if args.json else sys.stdout)
    if args.json:
        sys.stdout.write(serde.dumps(result).decode() + "\n")
    return 0
