"""Currency conversion with the monthly rates shipped in ``data/fx``.

A record is converted at the average rate of its publication month. The Federal Reserve's H.10
averages come first; the ECB's reference rates (``fx_build``) fill the currencies and months the
Federal Reserve table lacks (PLN, CZK, TRY, ... and the months after it ends). The two agree within
0.5 % wherever both have a figure (tested). A currency or month neither has gives no figure and a
reason (``fx_note``), never a neighbouring month's rate.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib import resources
from typing import Any

import orjson

RATES_FILE = "monthly_per_usd.json"
ECB_RATES_FILE = "monthly_per_usd_ecb.json"


@dataclass(frozen=True)
class Conversion:
    amount_usd: float | None
    amount_eur: float | None
    fx_month: str | None
    note: str | None
    """Why there is no figure (``no_amount``, ``no_currency``, ``no_date``, ``no_rate: ...``), else None."""


class RatesError(ValueError):
    """The shipped rates file is malformed."""


@functools.cache
def rates() -> dict[str, dict[str, float]]:
    """month (YYYY-MM) -> currency -> units per USD; the Federal Reserve's figure where it has one."""
    merged: dict[str, dict[str, float]] = {}
    for name in (ECB_RATES_FILE, RATES_FILE):  # the later file wins a cell both have
        for month, by_currency in load_table(name).items():
            merged.setdefault(month, {}).update(by_currency)
    return dict(sorted(merged.items()))


def load_table(name: str) -> dict[str, dict[str, float]]:
    """One shipped rates file's table, checked: YYYY-MM months, each with EUR; positive rates."""
    raw: dict[str, Any] = orjson.loads((resources.files("claimstream") / "data" / "fx" / name).read_bytes())
    table = raw.get("rates")
    if raw.get("units") != "units_per_usd" or not isinstance(table, dict) or not table:
        raise RatesError(f"{name}: expected units 'units_per_usd' and a non-empty 'rates' object")
    for month, by_currency in table.items():
        if len(month) != 7 or month[4] != "-" or "EUR" not in by_currency:
            raise RatesError(f"{name}: month {month!r} is not YYYY-MM or has no EUR rate")
        for code, value in by_currency.items():
            if len(code) != 3 or not code.isupper() or not isinstance(value, (int, float)) or value <= 0:
                raise RatesError(f"{name}: {month} {code}: bad rate {value!r}")
    return table


def month_of(timestamp: str | None) -> str | None:
    """``YYYY-MM`` of an RFC 3339 timestamp, or None."""
    if not timestamp or len(timestamp) < 7 or timestamp[4] != "-":
        return None
    return timestamp[:7]


def units_per_usd(currency: str, month: str) -> float | None:
    if currency == "USD":
        return 1.0 if month in rates() else None
    return rates().get(month, {}).get(currency)


def to_usd(amount: float, currency: str, month: str) -> float | None:
    rate = units_per_usd(currency, month)
    return None if rate is None else amount / rate


def convert(amount: float | None, currency: str | None, month: str | None) -> Conversion:
    """``amount`` of ``currency`` in USD and EUR at ``month``'s average rate, or None and why."""
    if amount is None:
        return Conversion(None, None, month, "no_amount")
    if not currency:
        return Conversion(None, None, month, "no_currency")
    if not month:
        return Conversion(None, None, None, "no_date")
    usd = to_usd(amount, currency, month)
    if usd is None:
        known = sorted(rates())
        if month not in rates():
            why = f"no_rate: no rates for {month} (table covers {known[0]} to {known[-1]})"
        else:
            why = f"no_rate: no {currency} rate in the table"
        return Conversion(None, None, month, why)
    eur = usd * rates()[month]["EUR"]
    return Conversion(round(usd, 2), round(eur, 2), month, None)
