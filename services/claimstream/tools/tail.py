"""``claimstream tail TOPIC``: subscribe to a topic and print one JSON value a line.

Without ``--group`` it reads as an anonymous consumer (no offsets committed); with ``--group``
it joins that consumer group and commits, so a later run resumes where this one stopped.
``--max-messages`` and ``--idle-timeout`` make it usable from scripts: it exits 0 when either
is reached.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import sys
from typing import Any

from claimstream.bus.consumer import consume
from claimstream.contracts import serde, topics
from claimstream.settings import Settings


def register(sub: Any) -> None:
    p = sub.add_parser("tail", help="print a topic's messages, one JSON a line")
    p.add_argument("topic", help=f"logical topic name ({', '.join(t.name for t in topics.ALL)})")
    p.add_argument("--from-beginning", action="store_true", help="start at the oldest message")
    p.add_argument("--group", help="consumer group (commits offsets); default: none")
    p.add_argument("--max-messages", type=int, default=0, help="exit after N messages")
    p.add_argument("--idle-timeout", type=float, default=0.0, help="exit 0 once nothing arrived for this many seconds")
    p.set_defaults(func=run)


def render(value: bytes | None) -> bytes:
    """The value itself when it is JSON, else a JSON wrapper holding it in base64."""
    if value is None:
        return b"null"
    try:
        serde.loads(value)
        return value
    except serde.DecodeError:
        return serde.dumps({"undecodable_value_base64": base64.b64encode(value).decode("ascii")})


async def tail(
    settings: Settings,
    topic: str,
    *,
    from_beginning: bool,
    group: str | None,
    max_messages: int,
    idle_timeout: float,
    out: Any = None,
) -> int:
    out = out or sys.stdout.buffer
    async for record in consume(
        settings,
        topic,
        from_beginning=from_beginning,
        group=group,
        idle_timeout=idle_timeout or None,
        max_messages=max_messages or None,
    ):
        out.write(render(record.value) + b"\n")
        out.flush()
    return 0


def run(args: argparse.Namespace, settings: Settings) -> int:
    try:
        topics.spec(args.topic.removeprefix(settings.topic_prefix))
    except topics.UnknownTopic as exc:
        print(f"claimstream tail: {exc.args[0]}", file=sys.stderr)
        return 2
    return asyncio.run(
        tail(
            settings,
            args.topic,
            from_beginning=args.from_beginning,
            group=args.group,
            max_messages=args.max_messages,
            idle_timeout=args.idle_timeout,
        )
    )
