"""Consumer lag per topic and group: log end offsets minus the group's committed offsets.

The sink exports lag for its own group and for the groups in ``--lag-groups`` (by default the
worker group on news.articles), so one process watches the whole pipeline. A partition the
group never committed counts from the log start. Groups are prefixed like topics.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass

from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient

from claimstream import metrics as m
from claimstream.contracts import topics
from claimstream.settings import Settings

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Watch:
    group: str
    topics: tuple[str, ...]
    """Full topic names; empty: whatever the group has committed offsets for."""


def parse_lag_groups(settings: Settings, spec: str) -> list[Watch]:
    """``group[@topic+topic],...`` with logical names → prefixed groups and topic names."""
    watches = []
    for item in filter(None, (s.strip() for s in spec.split(","))):
        group, _, names = item.partition("@")
        full = tuple(topics.resolve(settings, t) for t in names.split("+") if t.strip())
        watches.append(Watch(settings.topic_prefix + group.strip(), full))
    return watches


async def _partitions(admin: AIOKafkaAdminClient, names: tuple[str, ...]) -> list[TopicPartition]:
    if not names:
        return []
    described = await admin.describe_topics(list(names))
    return [
        TopicPartition(t.get("topic") or t.get("name"), p["partition"])
        for t in described
        if not t.get("error_code")
        for p in t.get("partitions", ())
    ]


async def group_lag(admin: AIOKafkaAdminClient, consumer: AIOKafkaConsumer, watch: Watch) -> dict[str, int]:
    """Messages behind, summed per topic, for one group."""
    tps = await _partitions(admin, watch.topics)
    committed = await admin.list_consumer_group_offsets(watch.group, partitions=tps or None)
    if not tps:
        tps = list(committed)
    if not tps:
        return {}
    ends = await consumer.end_offsets(tps)
    starts = await consumer.beginning_offsets(tps)
    lag: dict[str, int] = defaultdict(int)
    for tp in tps:
        done = committed[tp].offset if tp in committed and committed[tp].offset >= 0 else starts[tp]
        lag[tp.topic] += max(0, ends[tp] - done)
    return dict(lag)


async def export_lag(admin: AIOKafkaAdminClient, consumer: AIOKafkaConsumer, watches: list[Watch]) -> None:
    """Set ``claimstream_consumer_lag_messages`` for every watched group (errors are logged)."""
    for watch in watches:
        try:
            for topic, lag in (await group_lag(admin, consumer, watch)).items():
                m.CONSUMER_LAG.labels(topic=topic, group=watch.group).set(lag)
        except Exception as exc:
            log.warning("lag of group %s not measured: %s", watch.group, exc)
