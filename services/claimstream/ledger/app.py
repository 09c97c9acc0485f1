"""The ledger's faust app: two agents and one table with a changelog topic.

* ``route`` reads ``claims.aid`` (the ledger's own consumer group), validates each claim and
  forwards it to ``ledger.claims`` keyed by donor and recipient (a bad one goes to ``claims.dlq``).
  Every claim that could join a record thereby reaches the partition that holds the record.
* ``keep`` reads ``ledger.claims``, applies each claim to its pair's records in the table
  ``ledger`` (key: the pair, value: ``{commitment_id: record}``) and publishes the changed record
  to the compacted ``ledger.aid``, keyed by ``commitment_id``.

The table's changelog (``<app id>-ledger-changelog``, compacted, created by faust) holds the state:
a restarted process, or one that takes over partitions, rebuilds the table from it. Offsets are
committed only once the broker acknowledged everything sent for the claims before them (changelog
and outputs, ``delivery.py``; a failed send ends the process without committing), so a process
killed at any point re-reads only claims whose effects may already be in the changelog; a claim
already among a record's sources changes nothing, and its record is published again in case that
send was lost. ``bus/faust_recovery.py`` (in the shared faust options) keeps faust from dropping claims
when it hands over from table recovery to the streams.
"""

from __future__ import annotations

import logging

import faust

from claimstream import metrics
from claimstream.bus import faust_recovery
from claimstream.contracts import serde, topics
from claimstream.contracts.topics import TopicSpec
from claimstream.ledger import book as ledger_book
from claimstream.ledger import delivery
from claimstream.ledger.delivery import Deliveries
from claimstream.ledger.intake import APPLY_STAGE, Refused, decode_claim, refusal_letter
from claimstream.ledger.matching import MatchParams, pair_key
from claimstream.settings import Settings
from claimstream.worker.app import faust_options, raw_topic

log = logging.getLogger(__name__)

TABLE = "ledger"


def match_params(settings: Settings) -> MatchParams:
    return MatchParams(
        window_days=settings.ledger_window_days,
        background_days=settings.ledger_background_days,
        amount_tolerance=settings.ledger_amount_tolerance,
    )


def build_app(settings: Settings) -> faust.App:
    """The ledger app; every process started with the same settings joins one consumer group."""
    options = faust_options(settings)
    # A process killed with SIGKILL holds its partitions until its session expires; the restarted
    # one waits that long in the rebalance before it can recover the table (faust's default is 60 s).
    options.update(broker_session_timeout=15.0, broker_heartbeat_interval=3.0)
    # A pair's records are one table value and a record holds all its sources: allow large values.
    options.update(producer_max_request_size=topics.ARTICLE_MAX_MESSAGE_BYTES)
    app = faust_recovery.install(faust.App(f"{settings.topic_prefix}{settings.ledger_group}", **options))
    deliveries = Deliveries()
    delivery.guard_commits(app, deliveries)
    params = match_params(settings)
    version = settings.ledger_extractor_version

    def faust_topic(spec: TopicSpec) -> faust.TopicT:
        return raw_topic(app, settings, spec)

    claims, routed = faust_topic(topics.AID), faust_topic(topics.LEDGER_CLAIMS)
    ledger, dlq = faust_topic(topics.LEDGER), faust_topic(topics.CLAIMS_DLQ)
    table = app.Table(
        TABLE,
        default=None,
        partitions=topics.partitions_for(settings, topics.LEDGER_CLAIMS),
        # Keys are the pair keys as text and values plain dicts, both JSON in the changelog: faust's
        # recovery decodes changelog keys with the table's key serializer, which raw bytes would fail.
        schema=faust.Schema(key_type=str, key_serializer="json", value_serializer="json"),
        help="donor-recipient pair -> {commitment_id: ledger record}",
        extra_topic_configs={"max.message.bytes": str(topics.ARTICLE_MAX_MESSAGE_BYTES)},
    )

    @app.agent(claims, name="route")
    async def route(stream: faust.StreamT) -> None:
        async for event in stream.events():
            msg = event.message
            decoded = decode_claim(msg.value)
            if isinstance(decoded, Refused):
                letter = refusal_letter(
                    decoded, msg.value, key=msg.key, topic=msg.topic, partition=msg.partition, offset=msg.offset
                )
                deliveries.track(await dlq.send(key=msg.key, value=serde.dumps(letter)))
            elif version and decoded["extractor_version"] != version:
                metrics.LEDGER_CLAIMS.labels("other_version").inc()
            else:
                deliveries.track(await routed.send(key=pair_key(decoded).encode("utf-8"), value=msg.value))

    @app.agent(routed, name="keep")
    async def keep(stream: faust.StreamT) -> None:
        async for event in stream.events():
            msg = event.message
            try:
                key = msg.key.decode("utf-8")
                claim = serde.loads_object(msg.value)  # validated by route
                book, outcome = ledger_book.apply(table.get(key) or {}, claim, params)
            except Exception as exc:  # a claim the ledger cannot apply must not stop the others
                log.exception("cannot apply the claim at %s[%d]@%d", msg.topic, msg.partition, msg.offset)
                refused = Refused("ledger_failed", f"{type(exc).__name__}: {exc}")
                letter = refusal_letter(
                    refused,
                    msg.value,
                    key=msg.key,
                    topic=msg.topic,
                    partition=msg.partition,
                    offset=msg.offset,
                    stage=APPLY_STAGE,
                )
                deliveries.track(await dlq.send(key=msg.key, value=serde.dumps(letter)))
                continue
            if outcome.kind != "duplicate":
                table[key] = book
            _count(outcome)
            record = outcome.record
            deliveries.track(await ledger.send(key=record["commitment_id"].encode("utf-8"), value=serde.dumps(record)))

    return app


def _count(outcome: ledger_book.Outcome) -> None:
    metrics.LEDGER_CLAIMS.labels(outcome.kind).inc()
    if outcome.kind == "opened":
        metrics.LEDGER_RECORDS_OPENED.labels(outcome.record["known_from"]).inc()
    elif outcome.kind == "joined":
        metrics.LEDGER_JOINS.labels(outcome.rule).inc()
    metrics.LAST_PROCESSED.labels("ledger").set_to_current_time()
