"""The faust app: one agent reads news.articles in micro-batches and hands them to the processor.

The app is built by :func:`build_app` (never at import time). Every worker process started with
the same settings joins one consumer group, so Kafka splits the partitions between them: more
processes, on one machine or many, is how claimstream scales.
"""

from __future__ import annotations

import asyncio
import atexit
import logging
import os
import shutil
import tempfile
from typing import Any

import faust
from faust.types import EventT

from claimstream.bus import faust_recovery
from claimstream.bus.producer import Publisher
from claimstream.bus.producer_config import PRODUCER
from claimstream.contracts import topics
from claimstream.contracts.topics import TopicSpec
from claimstream.settings import Settings
from claimstream.worker.decode import RawRecord

log = logging.getLogger(__name__)

CONSUMER_GROUP = "claimstream-worker"


def _credentials(settings: Settings) -> Any:
    if settings.sasl_mechanism:
        opts = settings.kafka_client_options()
        return faust.SASLCredentials(
            username=settings.sasl_username,
            password=settings.sasl_password.reveal(),
            mechanism=settings.sasl_mechanism,
            ssl_context=opts.get("ssl_context"),
        )
    if settings.security_protocol == "SSL":
        return faust.SSLCredentials(settings.kafka_client_options()["ssl_context"])
    return None


def raw_topic(app: faust.App, settings: Settings, spec: TopicSpec) -> faust.TopicT:
    """A declared topic as faust sees it: raw bytes in and out (claimstream decodes and validates)."""
    return app.topic(
        settings.topic(spec.name),
        key_type=bytes,
        value_type=bytes,
        key_serializer="raw",
        value_serializer="raw",
        partitions=topics.partitions_for(settings, spec),
    )


def faust_options(settings: Settings) -> dict[str, Any]:
    brokers = [f"kafka://{hp.strip()}" for hp in settings.bootstrap_servers.split(",") if hp.strip()]
    return {
        "broker": brokers,
        "broker_credentials": _credentials(settings),
        "store": "memory://",
        "web_enabled": False,
        "topic_partitions": settings.partitions,
        # For faust's own topics (`claimstream topics create` makes ours); `claimstream worker`
        # and `ledger` resolve 0 ("follow the cluster") first (broker.admin.faust_replication).
        "topic_replication_factor": settings.replication_factor or 1,
        "consumer_auto_offset_reset": "earliest",
        **PRODUCER.faust_options(),
        "broker_commit_interval": 1.0,
        # Bounded read-ahead keeps memory flat under load (articles can be 200 KB each).
        "stream_buffer_maxsize": 512,
        "datadir": _scratch_dir(settings),
        "loghandlers": [],
        # faust's hand-over after a rebalance could drop fetched messages and commit past them.
        **faust_recovery.faust_options(),
    }


def _scratch_dir(settings: Settings) -> str:
    """faust wants a data directory even with in-memory tables; one per process, removed at exit."""
    base = settings.data_path / "worker"
    base.mkdir(parents=True, exist_ok=True)
    path = tempfile.mkdtemp(prefix=f"faust-{os.getpid()}-", dir=base)
    atexit.register(shutil.rmtree, path, ignore_errors=True)
    return path


def build_app(settings: Settings, *, group: str = CONSUMER_GROUP) -> faust.App:
    """A faust app with the extraction agent bound to the article topic."""
    app = faust_recovery.install(faust.App(f"{settings.topic_prefix}{group}", **faust_options(settings)))
    articles = raw_topic(app, settings, topics.ARTICLES)
    state: dict[str, Any] = {}
    # Claims and dead letters go out through the one Publisher (its producer configuration and
    # retries, as in ingest and the sink); claims are partitioned by article id.
    publisher = Publisher(settings, client_id=f"{settings.topic_prefix}{group}", by_key=True)

    async def send(spec: TopicSpec, key: bytes | None, value: bytes) -> Any:
        return asyncio.ensure_future(publisher.send_bytes(spec.name, key, value))

    @app.task
    async def load_model() -> None:
        # Imported here: other faust apps (the ledger) share this module's options without spaCy.
        from claimstream.worker.extractor import ExtractorProcess
        from claimstream.worker.processor import BatchProcessor

        await publisher.start()
        # The model loads in the extraction child (a few seconds), once, before the first batch.
        extractor = ExtractorProcess.for_settings(settings)
        await extractor.start()
        state["processor"] = BatchProcessor(extractor, send, max_text_bytes=settings.max_article_bytes)
        log.info("spaCy model %s loaded in the extraction process", settings.spacy_model)

    @app.on_before_shutdown.connect
    async def stop_extractor(sender: Any, /, *args: Any, signal: Any, **kwargs: Any) -> None:
        if "processor" in state:
            state["processor"].close()

    @app.agent(articles, name="extract")
    async def extract(stream: faust.StreamT) -> None:
        window = settings.batch_window_ms / 1000
        # take_events is on faust's Stream, not (yet) on its StreamT protocol.
        async for events in stream.take_events(settings.batch_size, within=window):  # type: ignore[attr-defined]
            # take_events acks the batch when the loop body ends, even when it raised. An extra
            # reference per message means only our explicit ack below, made once every output is
            # acknowledged by the broker, lets faust commit the offsets.
            for event in events:
                event.message.incref()
            await _wait_for(state, "processor")
            try:
                await state["processor"].handle([_raw(e) for e in events])
            except Exception:
                _fail_fast("could not publish the claims of a batch")
            for event in events:
                await stream.ack(event)

    return app


def _fail_fast(why: str) -> None:
    """Exit without committing: the batch's offsets stay uncommitted and are re-read on restart.

    Continuing would let later offsets be fetched while this batch is never retried; a restart
    (by ``claimstream worker --processes``, systemd or the container runtime) is the retry.
    """
    log.critical("%s; exiting so the uncommitted batch is re-read after restart", why, exc_info=True)
    logging.shutdown()
    os._exit(70)


async def _wait_for(state: dict[str, Any], key: str) -> None:
    while key not in state:
        await asyncio.sleep(0.05)


def _raw(event: EventT) -> RawRecord:
    msg = event.message
    return RawRecord(key=msg.key, value=msg.value, topic=msg.topic, partition=msg.partition, offset=msg.offset)
