"""``claimstream extract``: offline extraction, article JSONL in, one JSON line per article out.

It runs exactly the code the worker runs (validation, one ``nlp.pipe`` parse, every extractor,
the wire messages), without Kafka. Invalid lines are reported on stderr with their line number
and the command exits 1 when any was rejected.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from typing import IO, Any

from claimstream.contracts import serde
from claimstream.contracts.articles import InvalidArticle, parse_article
from claimstream.settings import Settings


def register(sub: Any) -> None:
    p = sub.add_parser("extract", help="offline: article JSONL on stdin or --input, claims JSONL out")
    p.add_argument("--input", "-i", default="-", help="article JSONL file (default: stdin)")
    p.add_argument("--output", "-o", default="-", help="output JSONL file (default: stdout)")
    p.set_defaults(func=run)


def _articles(stream: IO[bytes], settings: Settings, errors: list[str]) -> Iterator[dict[str, Any]]:
    for lineno, line in enumerate(stream, 1):
        if not line.strip():
            continue
        try:
            yield parse_article(serde.loads(line), max_text_bytes=settings.max_article_bytes, stamp_ingested=False)
        except (serde.DecodeError, InvalidArticle) as exc:
            errors.append(f"line {lineno}: {exc}")


def _batches(items: Iterator[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    batch: list[dict[str, Any]] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def run(args: argparse.Namespace, settings: Settings) -> int:
    from claimstream.extract.nlp import load_nlp
    from claimstream.extract.pipeline import Failure, extract_articles

    nlp = load_nlp(settings.spacy_model)
    errors: list[str] = []
    src = sys.stdin.buffer if args.input == "-" else open(args.input, "rb")  # noqa: SIM115
    dst = sys.stdout.buffer if args.output == "-" else open(args.output, "wb")  # noqa: SIM115
    n = 0
    try:
        for batch in _batches(_articles(src, settings, errors), settings.batch_size):
            found = extract_articles(nlp, batch, batch_size=settings.batch_size)
            for article, claims in zip(batch, found, strict=True):
                if isinstance(claims, Failure):
                    errors.append(f"article {article['id']}: extraction failed at {claims.stage}: {claims.error}")
                    continue
                dst.write(serde.dumps(claims.as_offline_record()) + b"\n")
                n += 1
    finally:
        dst.flush()
        if src is not sys.stdin.buffer:
            src.close()
        if dst is not sys.stdout.buffer:
            dst.close()
    for err in errors:
        print(f"claimstream extract: rejected {err}", file=sys.stderr)
    print(f"claimstream extract: {n} articles extracted, {len(errors)} rejected", file=sys.stderr)
    return 1 if errors else 0
