"""The ECB rates builder: daily euro rates to monthly means per US dollar."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from claimstream.ledger import fx_build

# Made-up days, in the ECB file's shape: units per euro, N/A where a currency was not quoted.
HISTORY = """Date,USD,JPY,PLN,XYZ,
2030-02-03,1.25,150,4.5,N/A,
2030-02-02,1.00,120,4.0,N/A,
2030-02-01,1.00,120,N/A,7,
2030-01-31,0.80,100,4.0,N/A,
2029-12-29,N/A,110,4.1,N/A,
"""


def test_a_month_is_the_mean_of_its_days_per_dollar(tmp_path: Path) -> None:
    path = tmp_path / "eurofxref-hist.csv"
    path.write_text(HISTORY, encoding="utf-8")
    rows = fx_build.read_rows(path)
    table = fx_build.monthly_per_usd(rows)
    feb = table["2030-02"]
    assert feb["EUR"] == pytest.approx((1 / 1.25 + 1 + 1) / 3)
    assert feb["JPY"] == pytest.approx((150 / 1.25 + 120 + 120) / 3)
    assert feb["PLN"] == pytest.approx((4.5 / 1.25 + 4.0) / 2)  # quoted on two of three days: kept
    assert "XYZ" not in feb  # quoted on one day of three: too few for a monthly mean
    assert table["2030-01"] == {"EUR": 1.25, "JPY": 125.0, "PLN": 5.0}
    assert "2029-12" not in table  # no dollar rate that day, so nothing to convert through


def test_months_before_the_first_are_left_out_and_a_zip_is_read(tmp_path: Path) -> None:
    archive = tmp_path / "eurofxref-hist.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("eurofxref-hist.csv", HISTORY)
    table = fx_build.monthly_per_usd(fx_build.read_rows(archive), first_month="2030-02")
    assert list(table) == ["2030-02"]
