"""Ledger load measurement (opt-in: ``pytest -m soak tests/integration/test_ledger_load.py -s``).

10,000 aid claims of our own (2,500 packages, each reported by four outlets, over 100 donor and
recipient pairs) are put on ``claims.aid``; one ``claimstream ledger run`` process takes them. It
prints the claims per second the ledger handled (from its own ``claimstream_ledger_claims_total``,
first to last claim, so start-up and recovery are not counted) and the process's resident memory
once all 10,000 are in. It asserts the outcome (2,500 records, 7,500 joins), never a speed.
"""

from __future__ import annotations

import asyncio
import re
import time
import urllib.request
from collections.abc import Callable
from typing import Any

import psutil
import pytest

from claimstream.broker.testing import produce_raw
from claimstream.contracts import serde
from claimstream.settings import Settings
from ledger_claims import aid_claim

pytestmark = [pytest.mark.integration, pytest.mark.soak]

DONORS = [f"Donorland {i}" for i in range(20)]
RECIPIENTS = ["Ukraine", "Moldova", "Georgia", "Armenia", "Jordan"]
CLAIMS = 10_000
OUTLETS = 4


def _claims() -> list[dict[str, Any]]:
    out = []
    for p in range(CLAIMS // OUTLETS):
        pair = p % 100
        for o in range(OUTLETS):
            out.append(
                aid_claim(
                    f"load{p}-{o}",
                    donor=DONORS[pair % 20],
                    recipient=RECIPIENTS[pair // 20],
                    amount=1_000_000 * 1.25 ** (p // 100),
                    currency=("USD", "EUR", "GBP", "JPY")[p % 4],
                    source=f"outlet{o}",
                    items=("generators",) if p % 3 == 0 else (),
                    published=f"2025-{1 + p % 12:02d}-{10 + o:02d}T08:00:00Z",
                    status=("announced", "pledged", "approved", "delivered")[o],
                )
            )
    return out


def _processed(port: int) -> float:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=10) as resp:
        text = resp.read().decode()
    found = re.findall(r'^claimstream_ledger_claims_total\{outcome="(opened|joined|duplicate)"\} (\S+)$', text, re.M)
    return sum(float(v) for _, v in found)


def test_ledger_throughput_and_memory(kafka_settings: Settings, run_service: Callable[..., Any]) -> None:
    settings = kafka_settings
    claims = _claims()
    asyncio.run(produce_raw(settings, "claims.aid", [(c["article_id"], serde.dumps(c)) for c in claims]))
    ledger = run_service("ledger", settings, "run")
    port = ledger.settings.metrics_port
    first_at = None
    first_count = 0.0
    deadline = time.monotonic() + 1800
    done = 0.0
    while time.monotonic() < deadline:
        assert ledger.proc.poll() is None, ledger.tail_log()
        try:
            done = _processed(port)
        except OSError:
            done = 0.0
        if done and first_at is None:
            first_at, first_count = time.monotonic(), done
        if done >= CLAIMS:
            break
        time.sleep(0.5)
    last_at = time.monotonic()
    assert done == CLAIMS
    rss = psutil.Process(ledger.proc.pid).memory_info().rss
    rate = (done - first_count) / (last_at - first_at) if first_at and last_at > first_at else float("nan")
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=10) as resp:
        text = resp.read().decode()
    opened = float(re.search(r'^claimstream_ledger_claims_total\{outcome="opened"\} (\S+)$', text, re.M).group(1))
    print(
        f"\nledger: {CLAIMS} claims, {opened:.0f} records opened; {rate:.0f} claims/s (first to last claim, "
        f"0.5 s polling); RSS after all claims {rss / 2**20:.0f} MiB"
    )
    assert opened == CLAIMS // OUTLETS
