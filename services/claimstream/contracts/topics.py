"""Every topic claimstream uses, declared once: logical name, key, value schema, partitioning.

Agents, producers and the admin command import from here; an unknown name fails loudly
and lists the valid ones. The schema ids (``claimstream.<kind>/v<n>``) are written here only:
message builders, the schema validator and the sink read them, and the record kind and the
JSON Schema file name from them.
"""

from __future__ import annotations

from dataclasses import dataclass

from claimstream.settings import Settings


@dataclass(frozen=True)
class TopicSpec:
    name: str
    key: str
    schema: str | None
    """The ``schema`` id of the values (None for the dead-letter topic's mixed payloads)."""
    scaled: bool
    """Scaled topics get ``Settings.partitions`` partitions; the rest get one."""
    config: tuple[tuple[str, str], ...] = ()

    @property
    def kind(self) -> str:
        """The record kind named by the schema id: ``claimstream.quote/v1`` -> ``quote``."""
        return _schema_parts(self.schema)[0]

    @property
    def schema_file(self) -> str:
        """The JSON Schema file in ``schemas/``: ``quote.v1.schema.json``."""
        kind, version = _schema_parts(self.schema)
        return f"{kind}.{version}.schema.json"


def _schema_parts(schema: str | None) -> tuple[str, str]:
    if not schema or not schema.startswith("claimstream.") or "/" not in schema:
        raise ValueError(f"schema id {schema!r} is not claimstream.<kind>/<version>")
    kind, _, version = schema.removeprefix("claimstream.").partition("/")
    return kind, version


# Articles may carry up to Settings.max_article_bytes (2 MB) of text, above Kafka's 1 MB default.
ARTICLE_MAX_MESSAGE_BYTES = 8 * 1024 * 1024

ARTICLES = TopicSpec(
    "news.articles",
    "article id",
    "claimstream.article/v1",
    True,
    (
        ("retention.ms", str(7 * 24 * 3600 * 1000)),
        ("compression.type", "producer"),
        ("max.message.bytes", str(ARTICLE_MAX_MESSAGE_BYTES)),
    ),
)
DLQ = TopicSpec(
    "news.articles.dlq",
    "original key",
    "claimstream.deadletter/v1",
    False,
    (("retention.ms", str(30 * 24 * 3600 * 1000)),),
)
CLAIMS_DLQ = TopicSpec(
    "claims.dlq",
    "original key",
    "claimstream.deadletter/v1",
    False,
    (("retention.ms", str(30 * 24 * 3600 * 1000)),),
)
"""Claims a consumer (the sink) refused: undecodable, or not valid against their topic's schema."""
ENTITIES = TopicSpec("claims.entities", "article id", "claimstream.entities/v1", True)
QUOTES = TopicSpec("claims.quotes", "article id", "claimstream.quote/v1", True)
AID = TopicSpec("claims.aid", "article id", "claimstream.aid/v1", True)
ALERTS = TopicSpec("alerts", "rule id", "claimstream.alert/v1", False)
# The ledger's internal topic: valid aid claims re-keyed by donor and recipient, so every claim that
# could join a record reaches the partition (and faust table shard) that holds the record.
LEDGER_CLAIMS = TopicSpec("ledger.claims", "donor and recipient", "claimstream.aid/v1", True)
# One record per real-world commitment, the latest version of each: compacted, keyed by commitment_id.
LEDGER = TopicSpec(
    "ledger.aid",
    "commitment id",
    "claimstream.ledger/v1",
    True,
    (
        ("cleanup.policy", "compact"),
        ("min.compaction.lag.ms", "0"),
        ("segment.ms", str(3600 * 1000)),
        # A record holds every source: one reported by hundreds of outlets outgrows Kafka's 1 MB default.
        ("max.message.bytes", str(ARTICLE_MAX_MESSAGE_BYTES)),
    ),
)

ALL: tuple[TopicSpec, ...] = (ARTICLES, DLQ, ENTITIES, QUOTES, AID, ALERTS, CLAIMS_DLQ, LEDGER_CLAIMS, LEDGER)
CLAIM_TOPICS: tuple[TopicSpec, ...] = (ENTITIES, QUOTES, AID)
_BY_NAME = {t.name: t for t in ALL}
_BY_SCHEMA: dict[str, TopicSpec] = {}
for _t in ALL:  # several topics may share a schema (dead letters): the first declared answers
    if _t.schema:
        _BY_SCHEMA.setdefault(_t.schema, _t)


class UnknownTopic(KeyError):
    pass


def spec(name: str) -> TopicSpec:
    """The spec for a logical topic name (without prefix)."""
    try:
        return _BY_NAME[name]
    except KeyError:
        raise UnknownTopic(f"unknown topic {name!r}; valid: {', '.join(sorted(_BY_NAME))}") from None


def by_schema(schema: str) -> TopicSpec:
    """The topic whose values carry this schema id; UnknownTopic when none does."""
    try:
        return _BY_SCHEMA[schema]
    except KeyError:
        raise UnknownTopic(f"no topic carries schema {schema!r}; known: {', '.join(sorted(_BY_SCHEMA))}") from None


def schemas() -> dict[str, str]:
    """Every schema id with its JSON Schema file name."""
    return {t.schema: t.schema_file for t in ALL if t.schema}


def resolve(settings: Settings, name: str) -> str:
    """Full topic name; accepts a logical name or an already prefixed one."""
    if settings.topic_prefix and name.startswith(settings.topic_prefix):
        spec(name[len(settings.topic_prefix) :])
        return name
    return settings.topic(spec(name).name)


def partitions_for(settings: Settings, topic: TopicSpec) -> int:
    return settings.partitions if topic.scaled else 1
