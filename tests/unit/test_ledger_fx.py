"""FX conversion for the ledger: the shipped monthly rates, and null with a reason when there is none."""

from __future__ import annotations

import csv
from importlib import resources
from pathlib import Path

import orjson
import pytest

from claimstream.ledger import fx

SHARED_CSV = Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "fx" / "monthly_per_usd.csv"


def test_rates_load_and_cover_the_months_shipped() -> None:
    table = fx.rates()
    assert min(table) == "2022-01" and max(table) == "2026-10"
    assert all("EUR" in by for by in table.values())
    assert len(fx.load_table(fx.RATES_FILE)["2024-05"]) == 22
    assert {"PLN", "CZK", "HUF", "TRY", "ILS"} <= set(table["2024-05"]) and len(table["2024-05"]) >= 30
    assert {"EUR", "GBP", "JPY", "PLN"} <= set(table["2026-10"])  # after the Federal Reserve table ends


def test_the_federal_reserve_figure_wins_where_both_tables_have_one() -> None:
    fed = fx.load_table(fx.RATES_FILE)
    for month, by in fed.items():
        for code, value in by.items():
            assert fx.rates()[month][code] == value, (month, code)


def test_the_two_sources_agree_wherever_both_quote_a_currency() -> None:
    """The ECB table is built independently (daily euro rates over the dollar's, averaged per month),
    so agreement with the Federal Reserve's monthly averages checks the build and both labels."""
    fed, ecb = fx.load_table(fx.RATES_FILE), fx.load_table(fx.ECB_RATES_FILE)
    shared = [(m, c) for m, by in fed.items() for c in by if c in ecb.get(m, {})]
    assert len(shared) > 1000
    assert all(by["BGN"] / by["EUR"] == pytest.approx(1.95583, rel=1e-4) for by in ecb.values() if "BGN" in by)
    for month, code in shared:
        assert ecb[month][code] == pytest.approx(fed[month][code], rel=0.005), (month, code)


@pytest.mark.skipif(not SHARED_CSV.exists(), reason="../shared is absent")
def test_shipped_rates_are_the_federal_reserve_figures() -> None:
    with SHARED_CSV.open() as fh:
        rows = [r for r in csv.DictReader(fh) if r["month"] >= "2022-01"]
    assert rows
    quoted = set(_raw_file()["quoted_usd_per_unit_at_source"])
    assert quoted == {"AUD", "EUR", "GBP", "NZD"}
    for row in rows:
        source = float(row["units_per_usd"])
        expected = 1 / source if row["currency"] in quoted else source
        assert fx.rates()[row["month"]][row["currency"]] == pytest.approx(expected, rel=1e-5), row


def _raw_file() -> dict:
    return orjson.loads((resources.files("claimstream") / "data" / "fx" / fx.RATES_FILE).read_bytes())


def test_every_rate_is_units_per_dollar_checked_against_two_currency_pegs() -> None:
    """Facts independent of the table's labels: the Danish krone is held at its ERM II central rate of
    7.46038 per euro (band 2.25 %), the Hong Kong dollar at 7.75-7.85 per US dollar. A euro rate quoted
    the wrong way round (dollars per euro) breaks the first check by a factor of about 1.2."""
    for month, by in fx.rates().items():
        assert by["DKK"] / by["EUR"] == pytest.approx(7.46038, rel=0.0225), month
        assert 7.75 * 0.999 <= by["HKD"] <= 7.85 * 1.001, month
        assert by["GBP"] < by["EUR"] < by["CHF"] * 1.2, month  # a pound is worth more than a euro
        if "BGN" in by:  # the lev's currency board, 1.95583 per euro (the euro rate may be the Fed's)
            assert by["BGN"] / by["EUR"] == pytest.approx(1.95583, rel=0.005), month


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
        (5.0, "PLN", "2024-05", False, ""),
        (5.0, "EUR", "2026-09", False, ""),
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
    rate = fx.rates()["2024-05"]["EUR"]  # euros per dollar that month (about 0.92)
    conv = fx.convert(1_000_000, "EUR", "2024-05")
    assert conv.amount_usd == pytest.approx(1_000_000 / rate, abs=0.01)
    assert conv.amount_eur == pytest.approx(1_000_000, abs=0.02)
    assert conv.fx_month == "2024-05"
    assert 1.05e6 < conv.amount_usd < 1.11e6  # a euro cost about 1.08 dollars in May 2024
    nok = fx.convert(500_000_000, "NOK", "2025-03")  # about 10.9 kroner per dollar, 11.7 per euro
    assert 41e6 < nok.amount_eur < 45e6 and 44e6 < nok.amount_usd < 49e6
    yen = fx.convert(1_000_000_000, "JPY", "2023-02")
    assert yen.amount_usd == pytest.approx(1e9 / fx.rates()["2023-02"]["JPY"], abs=0.01)
    assert fx.convert(10, "USD", "2023-02").amount_usd == 10


@pytest.mark.parametrize(("ts", "month"), [("2025-03-04T08:00:00Z", "2025-03"), (None, None), ("", None), ("x", None)])
def test_month_of(ts: str | None, month: str | None) -> None:
    assert fx.month_of(ts) == month
