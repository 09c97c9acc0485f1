"""FX conversion for the ledger: the shipped monthly rates, and null with a reason when there is none."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from claimstream.ledger import fx

SHARED_CSV = Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "fx" / "monthly_per_usd.csv"


def test_rates_load_and_cover_the_months_shipped() -> None:
    table = fx.rates()
    assert min(table) == "2022-01" and max(table) == "2026-06"
    assert all("EUR" in by for by in table.values())
    assert len(table["2024-05"]) == 22


@pytest.mark.skipif(not SHARED_CSV.exists(), reason="../shared is absent")
def test_shipped_rates_are_the_federal_reserve_figures() -> None:
    with SHARED_CSV.open() as fh:
        rows = [r for r in csv.DictReader(fh) if r["month"] >= "2022-01"]
    assert rows
    for row in rows:
        assert fx.rates()[row["month"]][row["currency"]] == pytest.approx(float(row["units_per_usd"]))


@pytest.mark.parametrize(
    ("amount", "currency", "month", "usd_is_none", "note_starts"),
    [
        (None, None, "2024-05", True, "no_amount"),
        (5.0, None, "2024-05", True, "no_currency"),
        (5.0, "EUR", None, True, "no_date"),
        (5.0, "UAH", "2024-05", True, "no_rate: no UAH rate"),
        (5.0, "EUR", "2026-11", True, "no_rate: no rates for 2026-11"),
        (5.0, "EUR", "2019-01", True, "no_rate: no rates for 2019-01"),
        (5.0, "USD", "2024-05", False, ""),
    ],
)
def test_convert_gives_null_and_a_reason_never_a_guess(
    amount: float | None, currency: str | None, month: str | None, usd_is_none: bool, note_starts: str
) -> None:
    conv = fx.convert(amount, currency, month)
    assert (conv.amount_usd is None) is usd_is_none
    assert (conv.amount_eur is None) is usd_is_none
    if usd_is_none:
        assert conv.note is not None and conv.note.startswith(note_starts)
    else:
        assert conv.note is None


def test_convert_uses_the_month_average() -> None:
    rate = fx.rates()["2024-05"]["EUR"]  # euros per dollar that month
    conv = fx.convert(1_000_000, "EUR", "2024-05")
    assert conv.amount_usd == pytest.approx(1_000_000 / rate, abs=0.01)
    assert conv.amount_eur == pytest.approx(1_000_000, abs=0.02)
    assert conv.fx_month == "2024-05"
    yen = fx.convert(1_000_000_000, "JPY", "2023-02")
    assert yen.amount_usd == pytest.approx(1e9 / fx.rates()["2023-02"]["JPY"], abs=0.01)
    assert fx.convert(10, "USD", "2023-02").amount_usd == 10


@pytest.mark.parametrize(("ts", "month"), [("2025-03-04T08:00:00Z", "2025-03"), (None, None), ("", None), ("x", None)])
def test_month_of(ts: str | None, month: str | None) -> None:
    assert fx.month_of(ts) == month
