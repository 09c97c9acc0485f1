"""The aid ledger on the real broker: ``claimstream ledger run`` (faust agents and a table with a
changelog topic) and ``ledger serve``, as child processes.

* Articles of our own through the real worker: three outlets' differently worded reports of one
  package give one record with three sources; a later delivery report moves its status; a
  background mention attaches; a different package stays separate. Then the HTTP API, and the
  page in a real headless Chromium (Debian's ``chromium`` and ``chromedriver``).
* Claims straight onto ``claims.aid`` (no spaCy, cheap): a ledger killed with SIGKILL mid-stream
  and restarted ends with the same records, no duplicate source, nothing lost; invalid claims go
  to ``claims.dlq``.
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from typing import Any

import pytest
from aiokafka.admin.config_resource import ConfigResource, ConfigResourceType

from claimstream.broker import admin
from claimstream.broker.embedded import free_port
from claimstream.broker.testing import consume_all, produce_raw, values
from claimstream.contracts import serde, topics
from claimstream.contracts.schemas import validate
from claimstream.extract.version import installed_model_version
from claimstream.ledger.view import LedgerView, snapshot
from claimstream.settings import Settings, settings_env
from ledger_claims import aid_claim

pytestmark = [pytest.mark.integration, pytest.mark.slow]

WAIT = 150.0


def _article(url: str, outlet: str, published: str, text: str) -> dict[str, Any]:
    return {"url": url, "source": outlet, "published_at": published, "title": text[:40], "text": text}


REPORTS = [
    _article(
        "https://northern-ledger.example.test/canada-aid",
        "Northern Ledger",
        "2026-03-10T09:00:00Z",
        "OTTAWA — Canada will give Ukraine C$500 million in military aid, including armoured vehicles and drones, "
        "Defence Minister Alan Whitcombe announced on Tuesday.\n\n"
        '"Our support will not waver," Whitcombe told reporters.',
    ),
    _article(
        "https://harbour-post.example.test/2026/03/ottawa-package",
        "Harbour Post",
        "2026-03-10T14:30:00Z",
        "Ukraine is to receive a new Canadian military package worth 500 million Canadian dollars. The package, "
        "unveiled in Ottawa on Tuesday, includes armoured vehicles, the defence ministry said.",
    ),
    _article(
        "https://prairie-wire.example.test/news/881",
        "Prairie Wire",
        "2026-03-11T07:15:00Z",
        "Canada has pledged C$500m of military assistance to Ukraine, with drones and armoured vehicles among the "
        "equipment, officials in Ottawa said on Wednesday.",
    ),
]
DELIVERY = _article(
    "https://northern-ledger.example.test/canada-delivery",
    "Northern Ledger",
    "2026-03-28T10:00:00Z",
    "Canada has delivered armoured vehicles worth C$500 million to Ukraine, the Canadian defence ministry said "
    "on Saturday.",
)
BACKGROUND = _article(
    "https://harbour-post.example.test/2026/04/budget",
    "Harbour Post",
    "2026-04-20T08:00:00Z",
    "Members of parliament in Ottawa argued on Monday over the cost of the armed forces and a new tax on fuel. "
    "Finance Minister Ruth Oyelaran said spending would rise next year.\n\nLast month Canada pledged C$500 million "
    "in military aid to Ukraine.",
)
OTHER = _article(
    "https://prairie-wire.example.test/news/902",
    "Prairie Wire",
    "2026-03-12T07:15:00Z",
    "Norway pledged 300 million kroner in humanitarian aid to Moldova on Thursday for winter heating, the foreign "
    "ministry in Oslo said.",
)


async def _produce_articles(settings: Settings, articles: list[dict[str, Any]]) -> None:
    await produce_raw(settings, "news.articles", [serde.dumps(a) for a in articles])


def _wait_ledger(settings: Settings, done: Callable[[LedgerView], bool], what: str, *procs: Any) -> LedgerView:
    """Poll ``ledger.aid`` until ``done``; fails at once when one of ``procs`` (ServiceProcess) died."""
    deadline = time.monotonic() + WAIT
    view = LedgerView()
    while time.monotonic() < deadline:
        for proc in procs:
            assert proc.proc.poll() is None, f"{proc.args} exited:\n{proc.tail_log()}"
        view = asyncio.run(snapshot(settings))
        if done(view):
            return view
        time.sleep(1.0)
    logs = "\n".join(proc.tail_log() for proc in procs)
    records = json.dumps(list(view.records.values()))[:3000]
    raise AssertionError(f"timed out waiting for {what}; {len(view.records)} records: {records}\nlogs:\n{logs}")


def _canada(view: LedgerView) -> list[dict[str, Any]]:
    return [r for r in view.records.values() if r["donor"] == "Canada"]


def _get(url: str) -> tuple[int, Any, str]:
    try:
        with urllib.request.urlopen(url, timeout=30) as resp:
            body = resp.read()
            kind = resp.headers.get("Content-Type", "")
            return resp.status, json.loads(body) if "json" in kind else body.decode(), kind
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read()), exc.headers.get("Content-Type", "")


def _wait_http(url: str) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if _get(url)[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.5)
    raise AssertionError(f"{url} never answered 200")


def test_reports_join_status_moves_background_attaches_api_and_page(
    kafka_settings: Settings, run_service: Callable[..., Any]
) -> None:
    settings = kafka_settings
    worker = run_service("worker", settings)
    ledger = run_service("ledger", settings, "run")
    asyncio.run(_produce_articles(settings, [*REPORTS, OTHER]))

    view = _wait_ledger(
        settings,
        lambda v: len(_canada(v)) == 1 and len(_canada(v)[0]["sources"]) == 3 and len(v.records) == 2,
        "three reports of one package",
        worker,
        ledger,
    )
    (record,) = _canada(view)
    assert {s["source"] for s in record["sources"]} == {"Northern Ledger", "Harbour Post", "Prairie Wire"}
    assert [s["joined_by"] for s in record["sources"]].count("amount") == 2
    assert record["outlets"] == 3 and record["currency"] == "CAD" and record["amount"] == 500_000_000
    assert record["amount_usd"] is not None and record["fx_month"] == "2026-03"
    assert {"armoured vehicles", "drones"} <= set(record["items"])
    assert record["status"] in ("announced", "pledged")
    validate(record)

    asyncio.run(_produce_articles(settings, [DELIVERY, BACKGROUND]))
    view = _wait_ledger(
        settings,
        lambda v: len(_canada(v)) == 1 and len(_canada(v)[0]["sources"]) == 5,
        "the delivery and the background mention",
        worker,
        ledger,
    )
    (record,) = _canada(view)
    assert record["status"] == "delivered"
    assert record["status_history"][-1]["status"] == "delivered"
    assert record["status_history"][-1]["at"] == DELIVERY["published_at"]
    novelties = [s["novelty"] for s in record["sources"]]
    assert novelties.count("background") == 1 and record["known_from"] == "news"
    assert record["last_seen"] == BACKGROUND["published_at"]
    (norway,) = [r for r in view.records.values() if r["donor"] == "Norway"]
    assert norway["recipient"] == "Moldova" and len(norway["sources"]) == 1
    assert worker.proc.poll() is None and ledger.proc.poll() is None

    port = free_port()
    run_service("ledger", settings, "serve", "--port", str(port))
    base = f"http://127.0.0.1:{port}"
    _wait_http(f"{base}/healthz")
    _check_api(base, record, norway)
    _check_page(base, record)


def _check_api(base: str, canada: dict[str, Any], norway: dict[str, Any]) -> None:
    status, body, _ = _get(f"{base}/ledger")
    assert status == 200 and body["count"] == 2
    assert body["totals_by_donor"][0]["donor"] in ("Canada", "Norway")
    status, body, _ = _get(f"{base}/ledger?donor=canada&status=delivered")
    assert status == 200 and [r["commitment_id"] for r in body["records"]] == [canada["commitment_id"]]
    assert _get(f"{base}/ledger?aid_type=humanitarian")[1]["records"][0]["commitment_id"] == norway["commitment_id"]
    assert _get(f"{base}/ledger?since=2026-04-01")[1]["count"] == 1  # only Canada was reported in April
    assert _get(f"{base}/ledger?until=2026-03-10")[1]["count"] == 1  # only Canada was reported by 10 March
    status, text, kind = _get(f"{base}/ledger.csv?recipient=Ukraine")
    assert status == 200 and kind.startswith("text/csv")
    lines = text.strip().splitlines()
    assert lines[0].startswith("commitment_id,donor,recipient") and len(lines) == 2 and "Canada" in lines[1]
    status, one, _ = _get(f"{base}/ledger/{canada['commitment_id']}")
    assert status == 200 and len(one["sources"]) == 5 and all(s["evidence"] for s in one["sources"])
    for bad, code in [
        ("/ledger?status=lost", 400),
        ("/ledger?colour=red", 400),
        ("/ledger?limit=0", 400),
        ("/ledger?since=yesterday", 400),
        ("/ledger?donor=a&donor=b", 400),
        ("/ledger/not-an-id", 400),
        ("/ledger/ldg-" + "0" * 24, 404),
        ("/ledger?donor=" + "x" * 3000, 414),
    ]:
        status, body, _ = _get(base + bad)
        assert status == code and body["error"], bad


def _check_page(base: str, canada: dict[str, Any]) -> None:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    assert shutil.which("chromium") and shutil.which("chromedriver"), "apt-get install chromium chromium-driver"
    os.environ["SE_OFFLINE"] = "true"  # selenium must never fetch a browser or driver of its own
    profile = tempfile.mkdtemp(prefix="ledger-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        f"--user-data-dir={profile}",
    ):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(executable_path="/usr/bin/chromedriver"), options=options)
    try:
        driver.get(base + "/")
        wait = WebDriverWait(driver, 60)
        wait.until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#ledger tbody tr.record")) == 2)
        assert "2 of 2 records" in driver.find_element(By.ID, "count").text
        totals = [r.text for r in driver.find_elements(By.CSS_SELECTOR, "#totals tbody tr")]
        assert len(totals) == 2 and any(t.startswith("Canada") for t in totals)

        driver.find_element(By.ID, "filter").send_keys("moldova")
        wait.until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#ledger tbody tr.record")) == 1)
        assert "Norway" in driver.find_element(By.CSS_SELECTOR, "#ledger tbody tr.record").text
        driver.find_element(By.ID, "filter").clear()
        driver.execute_script("document.getElementById('filter').dispatchEvent(new Event('input'))")
        wait.until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#ledger tbody tr.record")) == 2)

        driver.find_element(By.CSS_SELECTOR, "#ledger th[data-key='donor']").click()
        first = driver.find_elements(By.CSS_SELECTOR, "#ledger tbody tr.record")[0]
        assert first.text.startswith("Canada")  # ascending by donor

        driver.find_element(By.CSS_SELECTOR, f"tr.record[data-id='{canada['commitment_id']}']").click()
        wait.until(lambda d: d.find_element(By.ID, "detail").is_displayed())
        sources = driver.find_elements(By.CSS_SELECTOR, "#sources li.source")
        assert len(sources) == 5
        assert any("Prairie Wire" in s.text for s in sources)
        assert all(s.find_element(By.CSS_SELECTOR, ".evidence").text for s in sources)
        # Everything the page loaded came from the ledger server itself.
        loaded = driver.execute_script("return performance.getEntriesByType('resource').map(e => e.name)")
        assert loaded and all(name.startswith(base) for name in loaded), loaded
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def _claims(n_packages: int, outlets: int = 3) -> list[dict[str, Any]]:
    """``n_packages`` packages of distinct amounts, each reported by ``outlets`` outlets."""
    out = []
    for p in range(n_packages):
        for o in range(outlets):
            out.append(
                aid_claim(
                    f"k{p}-{o}",
                    donor=("Norway", "Denmark", "Japan")[p % 3],
                    amount=10_000_000 * (1.5 ** (p // 3)),
                    currency="USD",
                    source=f"outlet{o}",
                    published=f"2025-03-{10 + o + p % 5:02d}T08:00:00Z",
                )
            )
    return out


def _complete(n: int) -> Callable[[LedgerView], bool]:
    return lambda v: len(v.records) == n and all(len(r["sources"]) == 3 for r in v.records.values())


def test_killed_ledger_restarts_with_the_same_records(
    kafka_settings: Settings, run_service: Callable[..., Any]
) -> None:
    """Killed twice, each restart with claims waiting: the restarted ledger replays its changelog
    and hands over to the streams while those claims are fetched (faust 0.15 could drop some of them
    there and commit past them: bus/faust_recovery.py), so two restarts give that race two chances."""
    settings = kafka_settings
    claims = _claims(60)
    bad = [b"{not json", serde.dumps({"schema": "claimstream.aid/v1", "claim_id": "aid-x"}), b"[1, 2]"]
    third = len(claims) // 3
    send = [(c["article_id"], serde.dumps(c)) for c in claims]
    asyncio.run(produce_raw(settings, "claims.aid", send[:third]))
    ledger = run_service("ledger", settings, "run")
    _wait_ledger(settings, lambda v: len(v.records) >= 5, "the first records", ledger)
    ledger.kill()  # SIGKILL mid-stream: no clean shutdown, offsets and changelog as they were
    asyncio.run(produce_raw(settings, "claims.aid", send[third : 2 * third]))
    ledger.start()
    _wait_ledger(settings, _complete(40), "the first two thirds after the first restart", ledger)
    ledger.kill()
    asyncio.run(produce_raw(settings, "claims.aid", send[2 * third :]))
    asyncio.run(produce_raw(settings, "claims.aid", bad))
    ledger.start()

    view = _wait_ledger(settings, _complete(60), "every claim in the ledger after the second restart", ledger)
    seen = [s["claim_id"] for r in view.records.values() for s in r["sources"]]
    assert sorted(seen) == sorted(c["claim_id"] for c in claims)  # nothing lost, nothing twice
    for r in view.records.values():
        validate(r)
        assert r["outlets"] == 3
    letters = values(asyncio.run(consume_all(settings, "claims.dlq", min_count=3, idle_timeout=2)))
    assert sorted(letter["reason"] for letter in letters) == ["invalid_claim", "malformed_json", "not_an_object"]
    assert all(letter["stage"] == "ledger-validate" for letter in letters)
    assert ledger.proc.poll() is None, ledger.tail_log()

    listed = _cli(settings, "ledger", "list", "--json").splitlines()
    assert sorted(json.loads(line)["commitment_id"] for line in listed) == sorted(view.records)
    text = _cli(settings, "ledger", "list").splitlines()
    assert len(text) == 60 and all("3 source(s) from 3 outlet(s)" in line for line in text)


async def _set_max_message_bytes(settings: Settings, topic: str, value: int) -> None:
    resource = ConfigResource(ConfigResourceType.TOPIC, settings.topic(topic), {"max.message.bytes": str(value)})
    async with admin.admin_client(settings) as client:
        await client.alter_configs([resource])


async def _committed(settings: Settings, topic: str) -> int:
    """The sum of the ledger group's committed offsets on ``topic``."""
    async with admin.admin_client(settings) as client:
        offsets = await client.list_consumer_group_offsets(f"{settings.topic_prefix}{settings.ledger_group}")
    return sum(meta.offset for tp, meta in offsets.items() if tp.topic == settings.topic(topic) and meta.offset > 0)


def test_a_refused_record_stops_the_ledger_before_it_commits(
    kafka_settings: Settings, run_service: Callable[..., Any]
) -> None:
    """The broker refuses every ``ledger.aid`` record: the ledger exits 70 without committing past
    the claims whose records were refused; once the topic takes them, a restarted ledger has them all."""
    settings = kafka_settings
    claims = _claims(5)
    asyncio.run(_set_max_message_bytes(settings, "ledger.aid", 64))
    asyncio.run(produce_raw(settings, "claims.aid", [(c["article_id"], serde.dumps(c)) for c in claims]))
    ledger = run_service("ledger", settings, "run")
    assert ledger.proc is not None and ledger.proc.wait(timeout=300) == 70, ledger.tail_log()
    assert "exiting without committing" in ledger.tail_log(200)
    assert asyncio.run(_committed(settings, "ledger.claims")) == 0

    asyncio.run(_set_max_message_bytes(settings, "ledger.aid", topics.ARTICLE_MAX_MESSAGE_BYTES))
    ledger.start()
    view = _wait_ledger(settings, _complete(5), "every claim after the refused records", ledger)
    assert sorted(s["claim_id"] for r in view.records.values() for s in r["sources"]) == sorted(
        c["claim_id"] for c in claims
    )


def _reprocess(settings: Settings, *args: str) -> str:
    return _cli(settings, "reprocess", *args)


def _cli(settings: Settings, *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "claimstream", *args],
        env=settings_env(settings),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def test_reprocess_republishes_history_and_the_ledger_rebuilds(
    kafka_settings: Settings, run_service: Callable[..., Any]
) -> None:
    settings = kafka_settings
    asyncio.run(_produce_articles(settings, REPORTS))
    assert "reprocessed 3 article record(s)" in _reprocess(settings, "--from-beginning")
    assert "reprocessed 0 article record(s)" in _reprocess(settings, "--since", "2099-01-01T00:00:00Z")
    first = values(asyncio.run(consume_all(settings, "claims.aid", min_count=3, idle_timeout=2)))
    version = installed_model_version(settings.spacy_model)
    assert len(first) == 3 and {c["extractor_version"] for c in first} == {version}
    _reprocess(settings)  # again, in another new group: the same claims, with the same ids
    again = values(asyncio.run(consume_all(settings, "claims.aid", min_count=6, idle_timeout=2)))
    assert sorted(c["claim_id"] for c in again) == sorted(c["claim_id"] for c in first * 2)

    ledger = run_service("ledger", settings, "run")
    view = _wait_ledger(
        settings,
        lambda v: len(v.records) == 1 and len(next(iter(v.records.values()))["sources"]) == 3,
        "rebuild",
        ledger,
    )
    (record,) = view.records.values()
    assert {s["extractor_version"] for s in record["sources"]} == {version}
    time.sleep(3)  # the duplicates of the second run change nothing
    assert len(next(iter(asyncio.run(snapshot(settings)).records.values()))["sources"]) == 3


def test_two_ledger_processes_share_the_table_and_hand_it_over(
    kafka_settings: Settings, run_service: Callable[..., Any]
) -> None:
    """A second process takes over partitions (and their table state) mid-stream; then the first one
    stops and the second takes over the rest: the ledger still holds every claim exactly once."""
    settings = kafka_settings
    claims = _claims(60)
    third = len(claims) // 3
    send = [(c["article_id"], serde.dumps(c)) for c in claims]
    asyncio.run(produce_raw(settings, "claims.aid", send[:third]))
    first = run_service("ledger", settings, "run")
    _wait_ledger(settings, lambda v: len(v.records) >= 5, "the first records", first)
    second = run_service("ledger", settings, "run", "--process-index", "1")
    asyncio.run(produce_raw(settings, "claims.aid", send[third : 2 * third]))
    time.sleep(20)  # a rebalance hands some partitions, and their table state, to the second process
    first.stop()
    asyncio.run(produce_raw(settings, "claims.aid", send[2 * third :]))
    view = _wait_ledger(
        settings,
        lambda v: len(v.records) == 60 and all(len(r["sources"]) == 3 for r in v.records.values()),
        "every claim after the hand-over",
        second,
    )
    seen = [s["claim_id"] for r in view.records.values() for s in r["sources"]]
    assert sorted(seen) == sorted(c["claim_id"] for c in claims)
