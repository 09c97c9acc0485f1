"""``claimstream demo``: the whole pipeline on the embedded broker with the bundled sample articles.

Starts the broker if none answers, creates the topics, runs a worker, a sink and the aid ledger
as child processes, ingests the samples through ``claimstream ingest``, waits until every
article's claims are out (the Entities message of an article counts its quotes and aid claims),
prints a summary per article, then the ledger's records for the run's aid claims (several
outlets' reports of one package are one record), and exits 0. Everything runs through the same
commands a user would type.
"""

from __future__ import annotations

import argparse
import asyncio
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from claimstream.contracts import serde
from claimstream.contracts.articles import parse_article
from claimstream.settings import Settings, settings_env
from claimstream.tools.runtime import ensure_broker, spawn_service, stop_services

SAMPLES = Path(__file__).resolve().parent.parent / "data" / "samples" / "articles.jsonl"


def register(sub: Any) -> None:
    p = sub.add_parser("demo", help="run everything on the embedded broker with the sample articles")
    p.add_argument("--articles", default=str(SAMPLES), help="article JSONL to ingest (default: the samples)")
    p.add_argument("--timeout", type=float, default=300.0, help="seconds to wait for all claims")
    p.add_argument("--keep-broker", action="store_true", help="leave a broker the demo started running")
    p.set_defaults(func=run)


@dataclass
class ArticleReport:
    title: str
    entities: list[dict[str, Any]] = field(default_factory=list)
    quotes: dict[str, dict[str, Any]] = field(default_factory=dict)
    aid: dict[str, dict[str, Any]] = field(default_factory=dict)
    expected: dict[str, int] | None = None

    @property
    def complete(self) -> bool:
        return (
            self.expected is not None
            and len(self.quotes) >= self.expected["quotes"]
            and len(self.aid) >= self.expected["aid"]
        )


def _load_articles(path: Path, settings: Settings) -> dict[str, ArticleReport]:
    reports: dict[str, ArticleReport] = {}
    for line in path.read_bytes().splitlines():
        if line.strip():
            article = parse_article(serde.loads(line), max_text_bytes=settings.max_article_bytes)
            reports[article["id"]] = ArticleReport(title=article.get("title") or article["text"][:60])
    return reports


async def _collect(settings: Settings, reports: dict[str, ArticleReport], since: str, timeout: float) -> bool:
    """Read the claim topics until every article is complete; claims from earlier runs are skipped."""
    from claimstream.bus.consumer import consume

    async def follow(topic: str) -> None:
        async for rec in consume(settings, topic, from_beginning=True):
            msg = rec.json()
            report = reports.get(msg.get("article_id"))
            if report is None or (msg.get("article_ingested_at") or "") < since:
                continue
            if topic == "claims.entities":
                report.entities, report.expected = msg["entities"], msg["claims"]
            elif topic == "claims.quotes":
                report.quotes[msg["claim_id"]] = msg
            else:
                report.aid[msg["claim_id"]] = msg

    tasks = [asyncio.create_task(follow(t)) for t in ("claims.entities", "claims.quotes", "claims.aid")]
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            if all(r.complete for r in reports.values()):
                return True
            done = [t for t in tasks if t.done()]
            for t in done:
                t.result()  # re-raise a consumer failure
            await asyncio.sleep(0.2)
        return False
    finally:
        for t in tasks:
            t.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)


def _money(aid: dict[str, Any]) -> str:
    if aid.get("amount") is None:
        return "no amount"
    approx = "~" if aid.get("approximate") else ""
    return f"{approx}{aid['amount']:,.0f} {aid.get('currency') or ''}".strip()


def print_summary(reports: dict[str, ArticleReport], out: Any = sys.stdout) -> None:
    for article_id, r in reports.items():
        print(f"\n== {r.title}  [{article_id}]", file=out)
        top = sorted(r.entities, key=lambda e: -e["count"])
        names = [f"{e['canonical']} ({e['label']})" for e in top if e["label"] in ("PERSON", "ORG", "GPE", "WEAPON")][
            :10
        ]
        print(f"   entities: {', '.join(names) or '-'}", file=out)
        for q in sorted(r.quotes.values(), key=lambda q: q["start"]):
            text = q["quote"] if len(q["quote"]) <= 110 else q["quote"][:107] + "..."
            print(f'   quote ({q["kind"]}): {q.get("speaker") or "unattributed"}: "{text}"', file=out)
        for a in sorted(r.aid.values(), key=lambda a: a["evidence"]["start"]):
            items = f"; items: {', '.join(a['items'])}" if a.get("items") else ""
            print(
                f"   aid ({a['novelty']}, {a['status']}): {a['donor']} -> {a.get('recipient') or '?'}: "
                f"{_money(a)}, {a['aid_type']}{items}",
                file=out,
            )
        if not r.quotes and not r.aid:
            print("   (no quotes, no aid commitments)", file=out)


def print_ledger(settings: Settings, claim_ids: set[str], timeout: float, out: Any = sys.stdout) -> bool:
    """Wait until the ledger holds every aid claim of this run, then print its records for them."""
    from claimstream.ledger.commands import describe
    from claimstream.ledger.view import snapshot

    deadline = time.monotonic() + timeout
    while True:
        view = asyncio.run(snapshot(settings))
        records = [r for r in view.records.values() if any(s["claim_id"] in claim_ids for s in r["sources"])]
        held = {s["claim_id"] for r in records for s in r["sources"]}
        if claim_ids <= held or time.monotonic() > deadline:
            break
        time.sleep(1.0)
    print(f"\nThe aid ledger: {len(claim_ids)} aid claims are {len(records)} commitments", file=out)
    for r in sorted(records, key=lambda r: (-(r["amount_usd"] or 0), r["donor"])):
        print(f"  {describe(r)}", file=out)
        for src in r["sources"]:
            print(
                f"      {src['source'] or src['article_id']} {src['published_at'] or ''}: {src['novelty']}, "
                f"{src['status']}, joined by {src['joined_by']}",
                file=out,
            )
    if not claim_ids <= held:
        print(f"claimstream demo: the ledger did not take every aid claim within {timeout:.0f} s", file=sys.stderr)
        return False
    return True


def run(args: argparse.Namespace, settings: Settings) -> int:
    from claimstream.broker import admin
    from claimstream.contracts.articles import now_rfc3339

    path = Path(args.articles)
    reports = _load_articles(path, settings)
    broker = ensure_broker(settings)
    logs = settings.data_path / "demo"
    logs.mkdir(parents=True, exist_ok=True)
    children: list[subprocess.Popen[bytes]] = []
    try:
        asyncio.run(admin.create_topics(settings))
        children.append(spawn_service(["worker"], settings, logs / "worker.log"))
        children.append(spawn_service(["sink"], settings, logs / "sink.log"))
        children.append(spawn_service(["ledger", "run"], settings, logs / "ledger.log"))
        since = now_rfc3339()
        ingest = subprocess.run([sys.executable, "-m", "claimstream", "ingest", str(path)], env=settings_env(settings))
        if ingest.returncode != 0:
            print("claimstream demo: ingest failed", file=sys.stderr)
            return 1
        started = time.monotonic()
        ok = asyncio.run(_collect(settings, reports, since, args.timeout))
        print_summary(reports)
        n_quotes = sum(len(r.quotes) for r in reports.values())
        n_aid = sum(len(r.aid) for r in reports.values())
        print(
            f"\n{len(reports)} articles, {n_quotes} quotes, {n_aid} aid commitments; "
            f"claims complete {time.monotonic() - started:.1f} s after ingest. Logs: {logs}"
        )
        if not ok:
            print(f"claimstream demo: not every article's claims arrived within {args.timeout:.0f} s", file=sys.stderr)
            return 1
        claim_ids = {cid for r in reports.values() for cid in r.aid}
        return 0 if print_ledger(settings, claim_ids, args.timeout) else 1
    finally:
        stop_services(children)
        if broker is not None and not args.keep_broker:
            broker.stop()
