"""The README's first command: ``claimstream demo`` on a machine with no broker running.

It starts its own embedded broker, creates the topics, runs a worker, a sink and the aid ledger,
ingests the 20 sample articles through ``claimstream ingest``, prints every article's claims and
the ledger's records, stops the broker again and exits 0. Run exactly as a user runs it (a child
process, settings from the environment), on a free port and a data folder of its own.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from claimstream.broker.proc import free_port, tcp_open

SAMPLE_ARTICLES = 20


def _ledger_records(out: str) -> list[tuple[str, int]]:
    """(record line, number of source lines under it) for every record the demo printed."""
    records: list[tuple[str, int]] = []
    for line in out.split("The aid ledger:", 1)[1].splitlines()[1:]:
        if line.startswith("  ldg-"):
            records.append((line, 0))
        elif line.startswith("      ") and records:
            records[-1] = (records[-1][0], records[-1][1] + 1)
    return records


def test_the_demo_starts_its_broker_finds_the_claims_and_folds_the_reports(tmp_path: Path, kafka_libs: Path) -> None:
    port = free_port()
    env = {
        **os.environ,
        "CLAIMSTREAM_BOOTSTRAP_SERVERS": f"127.0.0.1:{port}",
        "CLAIMSTREAM_DATA_DIR": str(tmp_path),
        "CLAIMSTREAM_JARS_DIR": str(kafka_libs),
        "CLAIMSTREAM_METRICS_PORT": "-1",  # three services on one port would collide; the demo reads none
    }
    done = subprocess.run(
        [sys.executable, "-m", "claimstream", "demo", "--timeout", "240"],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-4000:]
    assert "Started the embedded Kafka" in done.stderr
    assert not tcp_open("127.0.0.1", port), "the broker the demo started is still running"

    out = done.stdout
    assert out.count("\n== ") == SAMPLE_ARTICLES
    totals = re.search(r"^(\d+) articles, (\d+) quotes, (\d+) aid commitments", out, re.MULTILINE)
    assert totals is not None, out[-2000:]
    assert int(totals[1]) == SAMPLE_ARTICLES and int(totals[2]) > 0 and int(totals[3]) > 0
    ledger = re.search(r"The aid ledger: (\d+) aid claims are (\d+) commitments", out)
    assert ledger is not None and int(ledger[1]) == int(totals[3])
    records = _ledger_records(out)
    assert len(records) == int(ledger[2]) < int(ledger[1])  # several reports of a package are one record
    folded = [(line, n) for line, n in records if "Germany -> Ukraine" in line and n >= 4]
    assert folded, "the four reports of the German package are not one ledger record"
    assert "4 source(s) from 3 outlet(s)" in folded[0][0]
    assert (tmp_path / "demo" / "worker.log").exists()
