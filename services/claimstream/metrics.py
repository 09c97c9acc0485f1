"""Every Prometheus metric claimstream exports, declared once.

Naming: ``claimstream_<subsystem>_<name>_<unit>``; counters end in ``_total``; times in
seconds. Labels are bounded: reasons, stages, kinds, rules and topics come from fixed sets;
donors are mapped onto a watch-list plus ``other`` before use as a label.
"""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, disable_created_metrics

# No ``*_created`` series: they double the series count and no query here uses them.
disable_created_metrics()
REGISTRY = CollectorRegistry(auto_describe=True)

_LATENCY_BUCKETS = (0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 300)
_EXTRACT_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5)

# ingest
ARTICLES_INGESTED = Counter(
    "claimstream_ingest_articles_total", "Articles acknowledged by the broker", ["source"], registry=REGISTRY
)
ARTICLES_REJECTED = Counter(
    "claimstream_ingest_rejected_total", "Inputs rejected at ingest, by reason", ["source", "reason"], registry=REGISTRY
)
INGEST_REQUESTS = Counter(
    "claimstream_ingest_http_requests_total", "HTTP requests to the ingest API", ["status"], registry=REGISTRY
)
INGEST_HTTP_REFUSED = Counter(
    "claimstream_ingest_http_refused_total",
    "Connections and requests the ingest API refused at its limits, by reason",
    ["reason"],
    registry=REGISTRY,
)

# worker
WORKER_ARTICLES = Counter(
    "claimstream_worker_articles_total", "Articles taken off news.articles, by outcome", ["outcome"], registry=REGISTRY
)
CLAIMS_EMITTED = Counter("claimstream_worker_claims_total", "Claims published, by kind", ["kind"], registry=REGISTRY)
EXTRACT_SECONDS = Histogram(
    "claimstream_worker_extract_seconds",
    "Extraction time per article (parse + rules)",
    buckets=_EXTRACT_BUCKETS,
    registry=REGISTRY,
)
BATCH_SIZE = Histogram(
    "claimstream_worker_batch_articles",
    "Articles per nlp.pipe micro-batch",
    buckets=(1, 2, 4, 8, 16, 32, 64, 128),
    registry=REGISTRY,
)
WORKER_ERRORS = Counter(
    "claimstream_worker_errors_total", "Extraction failures, by stage", ["stage"], registry=REGISTRY
)
EXTRACTOR_RESTARTS = Counter(
    "claimstream_worker_extractor_restarts_total",
    "Extraction child processes killed and replaced: a stage overran its budget, or the child died",
    ["reason"],
    registry=REGISTRY,
)
INGEST_TO_CLAIM_SECONDS = Histogram(
    "claimstream_worker_ingest_to_claim_seconds",
    "Article ingest time to its claims published",
    buckets=_LATENCY_BUCKETS,
    registry=REGISTRY,
)

# dead-letter queue (every stage)
DLQ_MESSAGES = Counter(
    "claimstream_dlq_messages_total", "Messages sent to news.articles.dlq", ["stage", "reason"], registry=REGISTRY
)

# sink
SINK_CLAIMS = Counter(
    "claimstream_sink_claims_total",
    "Claims consumed by the sink, by kind (ledger: versions of aid-ledger records)",
    ["kind"],
    registry=REGISTRY,
)
END_TO_END_SECONDS = Histogram(
    "claimstream_sink_end_to_end_seconds",
    "Article ingest to claim seen by the sink",
    ["kind"],
    buckets=_LATENCY_BUCKETS,
    registry=REGISTRY,
)
PUBLISHED_TO_CLAIM_SECONDS = Histogram(
    "claimstream_sink_published_to_claim_seconds",
    "Article published_at to claim seen by the sink",
    buckets=(60, 300, 900, 3600, 4 * 3600, 24 * 3600, 7 * 24 * 3600),
    registry=REGISTRY,
)
ALERTS_FIRED = Counter(
    "claimstream_alerts_fired_total", "Alerts raised, by rule", ["rule", "severity"], registry=REGISTRY
)
SINK_INVALID = Counter(
    "claimstream_sink_invalid_messages_total",
    "Messages on claim topics or ledger.aid that are not a valid claim or record (dead-lettered to claims.dlq), "
    "by topic kind and reason",
    ["kind", "reason"],
    registry=REGISTRY,
)
# Bounded labels: donor/speaker/entity come from a watch-list plus a few first-seen names, else "other"
# (see claimstream.sink.labels); currency is ISO 4217 from a short list, else "other" or "none".
AID_COMMITMENTS = Counter(
    "claimstream_sink_aid_commitments_total",
    "Aid commitments seen, by donor and type",
    ["donor", "aid_type", "novelty"],
    registry=REGISTRY,
)
AID_AMOUNT = Counter(
    "claimstream_sink_aid_amount_committed_total",
    "Sum of amounts of new aid commitments (in currency units; never sum across currency)",
    ["donor", "aid_type", "currency"],
    registry=REGISTRY,
)
QUOTES_BY_SPEAKER = Counter(
    "claimstream_sink_speaker_quotes_total",
    "Quotes by speaker (watched speakers, other, unattributed)",
    ["speaker"],
    registry=REGISTRY,
)
ENTITY_ARTICLES = Counter(
    "claimstream_sink_entity_articles_total",
    "Articles mentioning an entity (watched or first-seen names, else other)",
    ["entity"],
    registry=REGISTRY,
)
ENTITIES_BY_LABEL = Counter(
    "claimstream_sink_entities_total", "Distinct entities per article, by label", ["label"], registry=REGISTRY
)
ALERT_DELIVERIES = Counter(
    "claimstream_sink_alert_deliveries_total",
    "Alert deliveries by target (topic, alertmanager, webhook) and outcome",
    ["target", "outcome"],
    registry=REGISTRY,
)
ALERTS_PENDING = Gauge(
    "claimstream_sink_alerts_pending", "Stored alerts not yet delivered, by target", ["target"], registry=REGISTRY
)
# ledger (``claimstream ledger run`` counts claims; ``ledger serve`` holds the whole ledger and sets the gauges)
LEDGER_CLAIMS = Counter(
    "claimstream_ledger_claims_total",
    "Aid claims taken by the ledger, by outcome (opened a record, joined one, duplicate, invalid, other_version)",
    ["outcome"],
    registry=REGISTRY,
)
LEDGER_JOINS = Counter(
    "claimstream_ledger_joins_total",
    "Claims joined to an existing record, by matching rule",
    ["rule"],
    registry=REGISTRY,
)
LEDGER_RECORDS_OPENED = Counter(
    "claimstream_ledger_records_opened_total",
    "New ledger records, by what they are known from (news or background)",
    ["known_from"],
    registry=REGISTRY,
)
LEDGER_RECORDS = Gauge("claimstream_ledger_records", "Current ledger records, by status", ["status"], registry=REGISTRY)
# Bounded: the donors with the largest totals get a label each (see ledger.view.TOP_DONORS), the rest "other".
LEDGER_COMMITTED_USD = Gauge(
    "claimstream_ledger_committed_usd",
    "Sum of amount_usd over current ledger records, by donor (records without a USD figure are not in it)",
    ["donor"],
    registry=REGISTRY,
)
LEDGER_HTTP_REQUESTS = Counter(
    "claimstream_ledger_http_requests_total",
    "HTTP requests to the ledger API, by status",
    ["status"],
    registry=REGISTRY,
)
CONSUMER_LAG = Gauge(
    "claimstream_consumer_lag_messages",
    "Messages behind the log end, by topic and group",
    ["topic", "group"],
    registry=REGISTRY,
)
LAST_PROCESSED = Gauge(
    "claimstream_last_processed_timestamp_seconds",
    "Unix time the service last processed a message",
    ["service"],
    registry=REGISTRY,
)
BUILD_INFO = Gauge(
    "claimstream_build_info", "Always 1; the running version and service", ["version", "service"], registry=REGISTRY
)


# Label values known in advance, created at zero when a service starts (so a dashboard shows 0,
# not "no data", for errors that have not happened yet, and rate() sees the first increment).
_CLAIM_KINDS = ("entities", "quote", "aid")
_KNOWN_CHILDREN: dict[str, tuple[tuple[Counter, tuple[str, ...]], ...]] = {
    "worker": (
        (WORKER_ARTICLES, ("extracted", "dead_lettered")),
        (CLAIMS_EMITTED, _CLAIM_KINDS),
        (WORKER_ERRORS, ("extract", "parse")),
        (EXTRACTOR_RESTARTS, ("extraction_timeout", "extraction_failed")),
    ),
    "sink": ((SINK_CLAIMS, (*_CLAIM_KINDS, "ledger")),),
    "ledger": (
        (LEDGER_CLAIMS, ("opened", "joined", "duplicate", "invalid", "other_version")),
        (LEDGER_JOINS, ("amount", "items", "wording", "sole_record")),
        (LEDGER_RECORDS_OPENED, ("news", "background")),
    ),
}


def initialize(service: str) -> None:
    """Create the known label values of ``service``'s single-label counters at zero."""
    for metric, values in _KNOWN_CHILDREN.get(service, ()):
        for value in values:
            metric.labels(value)


def fresh_registry() -> CollectorRegistry:
    """A new empty registry, for tests that need isolated counters."""
    return CollectorRegistry(auto_describe=True)
