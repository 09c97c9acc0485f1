"""Generated articles and output accounting for the delivery, scale-out, mixed-input and soak tests.

The texts are written here from templates (invented people, real country names), numbered so every article
has its own URL and therefore its own stable id. :func:`account` reads the claim topics back and
checks, per article, that the entities message is there and that the quote and aid claims it
announces (``claims`` counts) are all present by claim id.
"""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from aiokafka import AIOKafkaConsumer

from claimstream.broker.testing import consume_all, full_topic, values
from claimstream.contracts import serde
from claimstream.contracts.articles import parse_article
from claimstream.settings import Settings

PEOPLE = ("Marta Lindqvist", "Tomas Adeyemi", "Ilse Varga", "Jonah Petrakis", "Sofia Okonkwo", "Hana Brandt")
ROLES = ("Foreign Minister", "Defence Minister", "Finance Minister", "Prime Minister")
PLACES = ("Norway", "Canada", "Japan", "Poland", "Moldova", "Ukraine")
CITIES = ("Brennick", "Lumeport", "Caldera Bay", "Ostrov", "Havelin")
TOPICS = ("grain exports", "the border crossings", "winter fuel", "bridge repairs", "the water supply")


def article(i: int, run: str) -> dict[str, Any]:
    """A short, valid, numbered article; every third one announces aid, every other one has a quote."""
    who, role = PEOPLE[i % len(PEOPLE)], ROLES[i % len(ROLES)]
    donor, recipient = PLACES[i % len(PLACES)], PLACES[(i + 2) % len(PLACES)]
    city, topic = CITIES[i % len(CITIES)], TOPICS[i % len(TOPICS)]
    parts = [f"{role} {who} of {donor} met officials from {recipient} in {city} on Tuesday to discuss {topic}."]
    if i % 3 == 0:
        parts.append(
            f"The government of {donor} will send {10 + i % 90} million euros in humanitarian aid "
            f"to {recipient}, {who} announced."
        )
    if i % 2 == 0:
        parts.append(f"\u201cWe will keep working on {topic} until the job is done,\u201d {who.split()[-1]} said.")
    parts.append(f"Talks are expected to resume after meeting number {i}.")
    return {
        "url": f"https://news.example.test/{run}/{i}",
        "title": f"Talks on {topic} in {city} ({i})",
        "published_at": "2026-11-20T09:00:00Z",
        "text": " ".join(parts),
    }


def articles(n: int, run: str, start: int = 0) -> list[dict[str, Any]]:
    return [article(i, run) for i in range(start, start + n)]


def article_id(raw: dict[str, Any]) -> str:
    return parse_article(dict(raw), stamp_ingested=False)["id"]


@dataclass
class Accounting:
    """What came out on the claim topics, by article and by claim id."""

    expected: set[str]
    entities: Counter[str] = field(default_factory=Counter)  # article id -> entities messages
    claim_records: Counter[str] = field(default_factory=Counter)  # claim id -> records (all claim topics)
    announced: dict[str, tuple[int, int]] = field(default_factory=dict)  # article id -> (quotes, aid)
    found: dict[str, tuple[set[str], set[str]]] = field(default_factory=dict)  # article -> (quote ids, aid ids)

    @property
    def missing_articles(self) -> set[str]:
        return self.expected - set(self.entities)

    @property
    def unexpected_articles(self) -> set[str]:
        return set(self.entities) - self.expected

    @property
    def missing_claims(self) -> dict[str, str]:
        """Articles whose quote or aid claims are fewer (by distinct claim id) than their entities message says."""
        out = {}
        for aid_, (quotes, aid) in self.announced.items():
            got_q, got_a = self.found.get(aid_, (set(), set()))
            if len(got_q) != quotes or len(got_a) != aid:
                out[aid_] = f"announced {quotes} quotes/{aid} aid, found {len(got_q)}/{len(got_a)}"
        return out

    @property
    def duplicate_records(self) -> int:
        """Records beyond the first for each claim id (entities, quotes and aid together)."""
        return sum(n - 1 for n in self.claim_records.values())

    @property
    def duplicated_articles(self) -> set[str]:
        return {a for a, n in self.entities.items() if n > 1}

    def summary(self) -> str:
        return (
            f"articles expected {len(self.expected)}, with entities {len(self.entities)}, "
            f"missing {len(self.missing_articles)}, claims missing {len(self.missing_claims)}, "
            f"claim ids {len(self.claim_records)}, duplicate records {self.duplicate_records}, "
            f"duplicated articles {len(self.duplicated_articles)}"
        )


def account(settings: Settings, expected: set[str], *, idle_timeout: float = 3.0) -> Accounting:
    """Read every claim topic from the beginning and tally it against the expected article ids."""
    acc = Accounting(expected=set(expected))
    entities = values(asyncio.run(consume_all(settings, "claims.entities", idle_timeout=idle_timeout)))
    quotes = values(asyncio.run(consume_all(settings, "claims.quotes", idle_timeout=idle_timeout)))
    aid = values(asyncio.run(consume_all(settings, "claims.aid", idle_timeout=idle_timeout)))
    for e in entities:
        acc.entities[e["article_id"]] += 1
        acc.claim_records[e["claim_id"]] += 1
        acc.announced[e["article_id"]] = (e["claims"]["quotes"], e["claims"]["aid"])
    for kind, records in ((0, quotes), (1, aid)):
        for r in records:
            acc.claim_records[r["claim_id"]] += 1
            acc.found.setdefault(r["article_id"], (set(), set()))[kind].add(r["claim_id"])
    return acc


async def _count_distinct(
    settings: Settings,
    topic: str,
    field_name: str,
    target: int,
    timeout: float,
) -> set[str]:
    # No group: the consumer takes every partition, from the beginning.
    consumer = AIOKafkaConsumer(
        full_topic(settings, topic),
        enable_auto_commit=False,
        auto_offset_reset="earliest",
        **settings.kafka_client_options(),
    )
    await consumer.start()
    seen: set[str] = set()
    try:
        deadline = time.monotonic() + timeout
        while len(seen) < target and time.monotonic() < deadline:
            batch = await consumer.getmany(timeout_ms=300)
            for records in batch.values():
                seen.update(serde.loads(r.value)[field_name] for r in records)
        return seen
    finally:
        await consumer.stop()


def wait_for_articles(
    settings: Settings,
    target: int,
    timeout: float = 300.0,
    topic: str = "claims.entities",
) -> int:
    """Block until ``target`` distinct articles have an entities message (or timeout); returns the count."""
    return len(asyncio.run(_count_distinct(settings, topic, "article_id", target, timeout)))
