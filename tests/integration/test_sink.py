"""The sink on the real broker: claims in, alerts out (topic, store, Alertmanager, webhook), and a
sink killed mid-stream and replayed from the start neither loses nor repeats an alert.

Runs ``claimstream sink`` as a child process, a real ``prometheus-alertmanager`` on a free port,
and a small HTTP server as the webhook.
"""

from __future__ import annotations

import asyncio
import shutil
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import Any

import pytest
import yaml
from aiokafka import AIOKafkaConsumer, TopicPartition

from claimstream.broker.embedded import free_port
from claimstream.broker.testing import consume_all, produce_raw, values
from claimstream.contracts import messages, serde
from claimstream.contracts.schemas import validate
from claimstream.ledger import book as ledger_book
from claimstream.ledger.matching import MatchParams
from claimstream.settings import Settings, settings_env
from claimstream.sink.engine import Engine
from claimstream.sink.rules import parse_rules
from claimstream.sink.store import AlertStore, default_path
from ledger_claims import aid_claim

pytestmark = pytest.mark.integration

RULES = """
version: 1
metrics: {donors: [Norway], extra_labels: 2}
rules:
  - {id: large-aid, type: aid_amount, severity: critical, min_amount: 1000000000}
  - {id: vip, type: watched_quote, speakers: [Jane Roe]}
  - {id: new-weapon, type: new_weapon}
  - {id: kw, type: keyword, keywords: [ceasefire]}
  - {id: spike, type: mention_spike, threshold: 3, window: 1h, labels: [ORG]}
"""
V = "test-1"


def _article(n: int, minute: int = 0) -> dict[str, Any]:
    return {
        "id": f"a-sink-{n:05d}",
        "published_at": "2026-11-01T08:00:00Z",
        "ingested_at": f"2026-11-01T09:{minute:02d}:00.000Z",
    }


def _quote(art: dict[str, Any], speaker: str | None, text: str) -> dict[str, Any]:
    return messages.quote_message(
        art,
        {
            "quote": text,
            "kind": "direct",
            "speaker": speaker,
            "speaker_label": "PERSON",
            "cue": "said",
            "start": 10,
            "end": 10 + len(text),
            "confidence": 0.9,
            "evidence": {"start": 0, "end": 20 + len(text), "sentence": f"She said: {text}"},
        },
        V,
    )


def _aid(art: dict[str, Any], amount: float) -> dict[str, Any]:
    return messages.aid_message(
        art,
        {
            "donor": "Norway",
            "recipient": "Ukraine",
            "amount": amount,
            "currency": "USD",
            "approximate": False,
            "aid_type": "humanitarian",
            "items": [],
            "status": "pledged",
            "novelty": "new",
            "evidence": {"start": 0, "end": 30, "sentence": "Norway pledged help."},
            "confidence": 0.8,
        },
        V,
    )


def _entities(art: dict[str, Any], *names: tuple[str, str]) -> dict[str, Any]:
    ents = [
        {
            "canonical": n,
            "label": lab,
            "count": 1,
            "mentions": [{"text": n, "start": 0, "end": len(n)}],
            "evidence": {"start": 0, "end": len(n), "sentence": n},
        }
        for n, lab in names
    ]
    return messages.entities_message(art, ents, V, quotes=0, aid=0)


TOPIC_OF = {
    "claimstream.quote/v1": "claims.quotes",
    "claimstream.aid/v1": "claims.aid",
    "claimstream.entities/v1": "claims.entities",
}


def _produce(settings: Settings, claims: list[dict[str, Any]]) -> None:
    by_topic: dict[str, list[tuple[str, bytes]]] = {}
    for c in claims:
        validate(c)
        by_topic.setdefault(TOPIC_OF[c["schema"]], []).append((c["article_id"], serde.dumps(c)))
    for topic, msgs in by_topic.items():
        asyncio.run(produce_raw(settings, topic, msgs))


def _expected_alert_ids(claims: list[dict[str, Any]]) -> set[str]:
    """What an order-independent rule set must raise, computed by the same engine in-process."""
    engine = Engine(parse_rules(yaml.safe_load(RULES)), AlertStore(":memory:"))
    return {a["alert_id"] for c in claims for a in engine.evaluate(c, 0.0)}


def _wait(cond: Callable[[], bool], timeout: float, what: str, log: Callable[[], str] = str) -> None:
    deadline = time.monotonic() + timeout
    while not cond():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}\n{log()}")
        time.sleep(0.1)


def _store_ids(settings: Settings) -> list[str]:
    path = default_path(settings.data_path)
    if not path.exists():
        return []
    store = AlertStore(path)
    try:
        return store.alert_ids()
    finally:
        store.close()


def _scrape(port: int) -> str:
    return urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5).read().decode()


@pytest.fixture
def alertmanager(tmp_path: Path) -> Iterator[str]:
    binary = shutil.which("prometheus-alertmanager")
    assert binary, "prometheus-alertmanager is not installed (Debian package prometheus-alertmanager)"
    conf = tmp_path / "am.yml"
    conf.write_text("route: {receiver: none}\nreceivers: [{name: none}]\n")
    port = free_port()
    log = open(tmp_path / "alertmanager.log", "wb")  # noqa: SIM115 - owned by the child
    proc = subprocess.Popen(
        [
            binary,
            f"--config.file={conf}",
            f"--storage.path={tmp_path / 'am-data'}",
            f"--web.listen-address=127.0.0.1:{port}",
            "--cluster.listen-address=",
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"

    def ready() -> bool:
        try:
            return urllib.request.urlopen(url + "/-/ready", timeout=1).status == 200
        except OSError:
            return False

    try:
        _wait(ready, 30, "alertmanager to start", lambda: (tmp_path / "alertmanager.log").read_text())
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        log.close()


class _Hook(BaseHTTPRequestHandler):
    bodies: list[dict[str, Any]]

    def do_POST(self) -> None:
        self.bodies.append(serde.loads_object(self.rfile.read(int(self.headers["Content-Length"]))))
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def webhook() -> Iterator[tuple[str, list[dict[str, Any]]]]:
    bodies: list[dict[str, Any]] = []
    server = HTTPServer(("127.0.0.1", 0), type("Hook", (_Hook,), {"bodies": bodies}))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/alerts", bodies
    finally:
        server.shutdown()


def test_claims_in_alerts_out_everywhere(
    kafka_settings: Settings,
    run_service: Any,
    tmp_path: Path,
    alertmanager: str,
    webhook: tuple[str, list[dict[str, Any]]],
) -> None:
    hook_url, hook_bodies = webhook
    settings = replace(
        kafka_settings,
        data_dir=str(tmp_path / "sink"),
        metrics_port=free_port(),
        alertmanager_url=alertmanager,
        alert_webhook_url=hook_url,
    )
    rules = tmp_path / "rules.yaml"
    rules.write_text(RULES)
    a1, a2, a3 = _article(1, 0), _article(2, 10), _article(3, 20)
    _produce(
        settings,
        [
            _aid(a1, 2e9),
            _aid(a1, 5e8),
            _quote(a2, "Jane Roe", "We back the ceasefire."),
            _quote(a3, "John Doe", "Nothing to add."),
            _entities(a1, ("Acme Corp", "ORG"), ("Skyguard", "WEAPON")),
            _entities(a2, ("Acme Corp", "ORG")),
            _entities(a3, ("Acme Corp", "ORG"), ("Skyguard", "WEAPON"), ("Oslo", "GPE")),
        ],
    )
    asyncio.run(produce_raw(settings, "news.articles", [b'{"text": "one"}', b'{"text": "two"}', b"three"]))
    sink = run_service("sink", settings, "--rules", str(rules))

    _wait(lambda: len(_store_ids(settings)) >= 5, 60, "5 alerts in the store", sink.tail_log)
    records = asyncio.run(consume_all(settings, "alerts", min_count=5, max_wait=60, idle_timeout=2))
    alerts = values(records)
    assert sorted(a["rule"] for a in alerts) == ["kw", "large-aid", "new-weapon", "spike", "vip"]
    assert [r.key.decode() for r in records] == [a["rule"] for a in alerts]  # keyed by rule id
    for a in alerts:
        validate(a)
    by_rule = {a["rule"]: a for a in alerts}
    assert by_rule["large-aid"]["severity"] == "critical"
    assert by_rule["vip"]["claim"]["speaker"] == "Jane Roe"
    assert by_rule["new-weapon"]["subject"] == "skyguard"
    assert by_rule["spike"]["subject"] == "acme corp"
    assert sorted(_store_ids(settings)) == sorted(a["alert_id"] for a in alerts)

    def in_alertmanager() -> set[str]:
        url = alertmanager + "/api/v2/alerts?filter=source%3D%22claimstream-sink%22"
        return {x["labels"]["alert_id"] for x in serde.loads(urllib.request.urlopen(url, timeout=5).read())}

    _wait(
        lambda: in_alertmanager() == set(by_rule[r]["alert_id"] for r in by_rule),
        30,
        "the alerts in Alertmanager",
        sink.tail_log,
    )
    _wait(lambda: sum(len(b["alerts"]) for b in hook_bodies) == 5, 30, "5 alerts at the webhook", sink.tail_log)

    text = _scrape(settings.metrics_port)
    for line in (
        'claimstream_sink_claims_total{kind="quote"} 2.0',
        'claimstream_sink_claims_total{kind="aid"} 2.0',
        'claimstream_sink_claims_total{kind="entities"} 3.0',
        'claimstream_alerts_fired_total{rule="large-aid",severity="critical"} 1.0',
        'claimstream_sink_speaker_quotes_total{speaker="Jane Roe"} 1.0',
        'claimstream_sink_aid_amount_committed_total{aid_type="humanitarian",currency="USD",donor="Norway"} 2.5e+09',
        'claimstream_sink_alert_deliveries_total{outcome="ok",target="alertmanager"} 5.0',
    ):
        assert line in text, line
    # Lag from end offsets minus committed offsets: the sink's own group has caught up; the worker
    # group (no worker runs here) is behind by the three articles waiting on news.articles.
    lag = 'claimstream_consumer_lag_messages{{group="{}",topic="{}"}} {}'
    wanted = [
        lag.format(settings.topic_prefix + "claimstream-sink", settings.topic(t), "0.0")
        for t in ("claims.quotes", "claims.aid", "claims.entities")
    ]
    wanted.append(lag.format(settings.topic_prefix + "claimstream-worker", settings.topic("news.articles"), "3.0"))
    _wait(
        lambda: all(w in _scrape(settings.metrics_port) for w in wanted),
        30,
        f"lag lines {wanted}",
        lambda: _scrape(settings.metrics_port),
    )

    out = subprocess.run(
        [sys.executable, "-m", "claimstream", "alerts", "list", "--limit", "3"],
        env=settings_env(settings),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode == 0, out.stderr
    assert len(out.stdout.strip().splitlines()) == 3


def test_a_killed_and_replayed_sink_neither_loses_nor_repeats_alerts(
    kafka_settings: Settings, run_service: Any, tmp_path: Path
) -> None:
    settings = replace(kafka_settings, data_dir=str(tmp_path / "sink"), metrics_port=free_port())
    rules = tmp_path / "rules.yaml"
    rules.write_text(RULES)
    claims = []
    for n in range(400):
        art = _article(n, n % 60)
        text = "Talks on a ceasefire resumed." if n % 3 == 0 else "Nothing to add."
        claims.append(_quote(art, "Jane Roe" if n % 5 == 0 else "John Doe", text))
        if n % 7 == 0:
            claims.append(_aid(art, 1.5e9))
    expected = _expected_alert_ids(claims)
    assert len(expected) > 150

    rounds = [claims[i : i + 20] for i in range(0, len(claims), 20)]
    producer = threading.Thread(target=lambda: [(_produce(settings, r), time.sleep(0.25)) for r in rounds])
    producer.start()
    sink = run_service("sink", settings, "--rules", str(rules))
    _wait(lambda: len(_store_ids(settings)) >= 10, 60, "the first alerts", sink.tail_log)
    sink.kill()  # mid-stream: the producer is still sending
    assert producer.is_alive() and len(_store_ids(settings)) < len(expected)
    _rewind(settings, settings.topic_prefix + "claimstream-sink")  # worst case: replay everything

    sink.start()
    producer.join()
    _wait(lambda: len(_store_ids(settings)) >= len(expected), 120, "every alert", sink.tail_log)
    time.sleep(2)  # anything extra would show up now
    stored = _store_ids(settings)
    assert len(stored) == len(set(stored)) == len(expected)
    assert set(stored) == expected
    on_topic = [
        a["alert_id"]
        for a in values(
            asyncio.run(consume_all(settings, "alerts", min_count=len(expected), max_wait=60, idle_timeout=2))
        )
    ]
    assert set(on_topic) == expected
    # The restarted sink re-read every claim (the offsets were rewound), yet raised nothing twice.
    seen = _scrape(settings.metrics_port)
    replayed = sum(
        float(line.split()[-1]) for line in seen.splitlines() if line.startswith("claimstream_sink_claims_total{")
    )
    assert replayed == len(claims)
    print(
        f"alerts: {len(expected)} expected, {len(stored)} stored, {len(on_topic)} on the topic "
        f"({len(on_topic) - len(set(on_topic))} republished after the kill)"
    )


def _rewind(settings: Settings, group: str, names: Iterable[str] = TOPIC_OF.values()) -> None:
    """Commit offset 0 for every partition of ``names`` (the claim topics) once the killed member has left."""

    async def go() -> None:
        consumer = AIOKafkaConsumer(group_id=group, enable_auto_commit=False, **settings.kafka_client_options())
        await consumer.start()
        try:
            tps = [
                TopicPartition(settings.topic(t), p)
                for t in names
                for p in consumer.partitions_for_topic(settings.topic(t)) or range(settings.partitions)
            ]
            consumer.assign(tps)
            deadline = time.monotonic() + 90
            while True:
                try:
                    await consumer.commit(dict.fromkeys(tps, 0))
                    return
                except Exception:  # the dead member still holds the group until its session expires
                    if time.monotonic() > deadline:
                        raise
                    await asyncio.sleep(1)
        finally:
            await consumer.stop()

    asyncio.run(go())


def test_the_sink_rides_out_a_broker_crash(broker_factory: Any, run_service: Any, tmp_path: Path) -> None:
    """Broker killed and restarted while the sink runs: every alert still reaches the store and topic."""
    broker = broker_factory()
    settings = broker.settings(data_dir=str(tmp_path / "sink"), metrics_port=free_port())
    broker.create_topics(settings)
    rules = tmp_path / "rules.yaml"
    rules.write_text(RULES)
    before = [_quote(_article(n), "Jane Roe", "No ceasefire today.") for n in range(30)]
    after = [_quote(_article(n), "John Doe", "A ceasefire, maybe.") for n in range(30, 60)]
    expected = _expected_alert_ids(before + after)
    _produce(settings, before)
    sink = run_service("sink", settings, "--rules", str(rules))
    _wait(lambda: len(_store_ids(settings)) == 60, 60, "the first 60 alerts", sink.tail_log)

    broker.kill()
    time.sleep(3)  # the sink now sees a dead broker
    broker.start()
    _produce(settings, after)
    _wait(lambda: set(_store_ids(settings)) == expected, 120, "every alert after the restart", sink.tail_log)
    on_topic = values(
        asyncio.run(consume_all(settings, "alerts", min_count=len(expected), max_wait=90, idle_timeout=2))
    )
    assert {a["alert_id"] for a in on_topic} == expected
    assert sink.proc is not None and sink.proc.poll() is None, "the sink died:\n" + sink.tail_log()


def test_malformed_claims_are_dead_lettered_and_the_sink_keeps_alerting(
    kafka_settings: Settings, run_service: Any, tmp_path: Path
) -> None:
    """A claim with ``"donor": 123`` crashed the sink on every restart; now it goes to claims.dlq."""
    settings = replace(kafka_settings, data_dir=str(tmp_path / "sink"), metrics_port=free_port())
    rules = tmp_path / "rules.yaml"
    rules.write_text(RULES)
    art = _article(7)
    numeric_donor = _aid(art, 3e9) | {"donor": 123}
    quote_on_aid = _quote(art, "Jane Roe", "We back the ceasefire.")
    bad = [
        (b"a-bad-1", serde.dumps(numeric_donor), "invalid_claim"),
        (b"a-bad-2", b"{not json", "malformed_json"),
        (b"a-bad-3", serde.dumps(quote_on_aid), "wrong_schema"),
        (b"a-bad-4", b"[1, 2]", "not_an_object"),
    ]
    asyncio.run(produce_raw(settings, "claims.aid", [(k, v) for k, v, _ in bad]))
    good = _aid(_article(8), 2e9)
    _produce(settings, [good])

    sink = run_service("sink", settings, "--rules", str(rules))
    _wait(lambda: len(_store_ids(settings)) >= 1, 60, "the large-aid alert after the bad claims", sink.tail_log)
    letters = asyncio.run(consume_all(settings, "claims.dlq", min_count=len(bad), max_wait=60, idle_timeout=2))
    assert len(letters) == len(bad), sink.tail_log()
    by_key = {r.key: serde.loads(r.value) for r in letters}
    for key, raw, reason in bad:
        letter = by_key[key]
        validate(letter)
        assert (letter["stage"], letter["reason"]) == ("sink", reason)
        assert letter["original"].encode() == raw
        assert letter["source_topic"] == settings.topic("claims.aid")
        assert isinstance(letter["source_offset"], int)
    assert "donor" in by_key[b"a-bad-1"]["error"]
    text = _scrape(settings.metrics_port)
    for _, _, reason in bad:
        assert f'claimstream_sink_invalid_messages_total{{kind="aid",reason="{reason}"}} 1.0' in text, reason
    assert 'claimstream_sink_claims_total{kind="aid"} 1.0' in text
    assert sink.proc is not None and sink.proc.poll() is None, "the sink died:\n" + sink.tail_log()

    # Restarted, it does not read the bad claims again: their offsets were committed after the letters.
    assert sink.stop() == 0
    sink.start()
    _wait(lambda: "sink consuming" in sink.tail_log(), 60, "the restarted sink", sink.tail_log)
    time.sleep(3)
    again = asyncio.run(consume_all(settings, "claims.dlq", max_wait=10, idle_timeout=2))
    assert len(again) == len(bad)
    assert sink.proc is not None and sink.proc.poll() is None, "the restarted sink died:\n" + sink.tail_log()


LEDGER_RULES = """
version: 1
rules:
  - {id: ledger, type: ledger_record, severity: warning, min_amount_usd: 1000000, statuses: [delivered]}
"""


def _ledger_versions(*claims: dict[str, Any]) -> list[dict[str, Any]]:
    """The versions of the records the ledger publishes as ``claims`` arrive, built by its own code."""
    book: ledger_book.Book = {}
    out = []
    for claim in claims:
        book, outcome = ledger_book.apply(book, claim, MatchParams())
        out.append(outcome.record)
    return out


def _publish_records(settings: Settings, records: list[dict[str, Any] | bytes]) -> None:
    msgs = [(r["commitment_id"], serde.dumps(r)) if isinstance(r, dict) else ("ldg-bad", r) for r in records]
    asyncio.run(produce_raw(settings, "ledger.aid", msgs))


def test_ledger_records_alert_once_per_record_and_step_across_a_restart(
    kafka_settings: Settings, run_service: Any, tmp_path: Path
) -> None:
    """First seen, the same record with more sources, then delivered: two alerts, also after a replay."""
    settings = replace(kafka_settings, data_dir=str(tmp_path / "sink"), metrics_port=free_port())
    rules = tmp_path / "rules.yaml"
    rules.write_text(LEDGER_RULES)
    first, more, delivered, small, recalled = _ledger_versions(
        aid_claim("s1", source="north", status="announced"),
        aid_claim("s2", source="south", status="announced", sentence="Oslo will give Moldova 120 million euros."),
        aid_claim("s3", source="east", status="delivered", published="2025-04-20T08:00:00Z"),
        aid_claim("s4", donor="Iceland", amount=40_000, sentence="Iceland gave Moldova 40,000 euros."),
        aid_claim("s5", donor="Finland", novelty="background", sentence="Finland gave Moldova 120 million euros."),
    )
    assert first["commitment_id"] == more["commitment_id"] == delivered["commitment_id"]
    assert len(more["sources"]) == 2 and delivered["status"] == "delivered"
    invalid = serde.dumps({**first, "donor": 7})
    _publish_records(settings, [first, more, small, recalled, invalid])

    sink = run_service("sink", settings, "--rules", str(rules))
    _wait(lambda: len(_store_ids(settings)) >= 1, 60, "the first-seen alert", sink.tail_log)
    letters = asyncio.run(consume_all(settings, "claims.dlq", min_count=1, max_wait=60, idle_timeout=2))
    (letter,) = values(letters)
    validate(letter)
    assert (letter["reason"], letter["stage"], letter["source_topic"]) == (
        "invalid_claim",
        "sink",
        settings.topic("ledger.aid"),
    )
    time.sleep(3)  # anything extra (the second version, the small or background-only record) would be out now
    (seen,) = values(asyncio.run(consume_all(settings, "alerts", min_count=1, max_wait=60, idle_timeout=2)))
    validate(seen)
    assert (seen["rule"], seen["subject"], seen["claim_id"]) == ("ledger", "first_seen", first["commitment_id"])
    assert seen["summary"].startswith("new ledger record: Norway -> Moldova, 120 million EUR (")
    assert "announced, 1 source, first https://north.example.test/s1" in seen["summary"]
    digest = seen["claim"]
    assert (digest["amount"], digest["currency"], digest["amount_usd"]) == (120e6, "EUR", first["amount_usd"])
    assert (digest["source_count"], digest["first_source"]["url"]) == (1, "https://north.example.test/s1")
    text = _scrape(settings.metrics_port)
    for line in (
        'claimstream_sink_claims_total{kind="ledger"} 4.0',
        'claimstream_sink_invalid_messages_total{kind="ledger",reason="invalid_claim"} 1.0',
        'claimstream_alerts_fired_total{rule="ledger",severity="warning"} 1.0',
    ):
        assert line in text, line

    # Restarted and made to replay ledger.aid from the start (the worst case), while the ledger
    # republishes the second version and then the delivery: only the delivery is new.
    assert sink.stop() == 0
    _rewind(settings, settings.topic_prefix + "claimstream-sink", ["ledger.aid"])
    _publish_records(settings, [more, delivered])
    sink.start()
    _wait(lambda: len(_store_ids(settings)) >= 2, 60, "the delivery alert", sink.tail_log)
    time.sleep(3)
    alerts = values(asyncio.run(consume_all(settings, "alerts", min_count=2, max_wait=60, idle_timeout=2)))
    assert [(a["subject"], a["claim_id"]) for a in alerts] == [
        ("first_seen", first["commitment_id"]),
        ("delivered", first["commitment_id"]),
    ]
    assert sorted(_store_ids(settings)) == sorted(a["alert_id"] for a in alerts)
    now_delivered = alerts[1]
    validate(now_delivered)
    assert now_delivered["article_id"] == "art-s3"
    assert "delivered, 3 sources, first https://north.example.test/s1" in now_delivered["summary"]
    text = _scrape(settings.metrics_port)
    assert 'claimstream_sink_claims_total{kind="ledger"} 6.0' in text  # the replay and the two new versions
    assert 'claimstream_alerts_fired_total{rule="ledger",severity="warning"} 1.0' in text
    assert sink.proc is not None and sink.proc.poll() is None, "the sink died:\n" + sink.tail_log()


def test_the_real_ledger_feeds_ledger_alerts(kafka_settings: Settings, run_service: Any, tmp_path: Path) -> None:
    """claims.aid -> ``claimstream ledger run`` -> ledger.aid -> sink: one package told by two outlets
    and later delivered is one record, with one first-seen alert and one delivery alert."""
    sink_settings = replace(kafka_settings, data_dir=str(tmp_path / "sink"), metrics_port=free_port())
    rules = tmp_path / "rules.yaml"
    rules.write_text(LEDGER_RULES)
    claims = [
        aid_claim("r1", source="north", status="announced"),
        aid_claim("r2", source="south", status="announced", sentence="Oslo will give Moldova 120 million euros."),
        aid_claim("r3", source="east", status="delivered", published="2025-04-20T08:00:00Z"),
    ]
    ledger = run_service("ledger", replace(kafka_settings, data_dir=str(tmp_path / "ledger")), "run")
    sink = run_service("sink", sink_settings, "--rules", str(rules))
    for n, claim in enumerate(claims, 1):  # in order: each claim once the ledger published the last one's version
        asyncio.run(produce_raw(kafka_settings, "claims.aid", [(claim["article_id"], serde.dumps(claim))]))
        out = asyncio.run(consume_all(kafka_settings, "ledger.aid", min_count=n, max_wait=180, idle_timeout=1))
        assert len(out) >= n, ledger.tail_log()
    logs = lambda: ledger.tail_log() + "\n" + sink.tail_log()  # noqa: E731
    _wait(lambda: len(_store_ids(sink_settings)) >= 2, 180, "two ledger alerts", logs)
    time.sleep(3)
    alerts = values(asyncio.run(consume_all(sink_settings, "alerts", min_count=2, max_wait=60, idle_timeout=2)))
    assert sorted(a["subject"] for a in alerts) == ["delivered", "first_seen"]
    assert len({a["claim_id"] for a in alerts}) == 1
    versions = values(asyncio.run(consume_all(kafka_settings, "ledger.aid", min_count=1, idle_timeout=2)))
    assert {v["commitment_id"] for v in versions} == {alerts[0]["claim_id"]}
    delivered = next(a for a in alerts if a["subject"] == "delivered")
    assert "delivered, 3 sources, first https://north.example.test/r1" in delivered["summary"]
    print(f"ledger.aid held {len(versions)} version(s) of the record; {len(alerts)} alerts")
