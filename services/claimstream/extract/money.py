"""Money figures in running text: "$2 billion", "€500m", "1.5 bn euros", "4.5 billion Swedish kronor".

Regex based (spaCy's MONEY spans miss many currency words and split "€500m"), so it runs on plain
text and on sentence spans alike. Every figure carries its character span and whether a hedge
("nearly", "up to", "more than") qualifies it.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

# Anything above ten trillion units is not an aid figure (and guards against "1e308"-like input).
MAX_AMOUNT = 1e13

_SCALES = {
    "thousand": 1e3,
    "k": 1e3,
    "million": 1e6,
    "millions": 1e6,
    "mn": 1e6,
    "mln": 1e6,
    "m": 1e6,
    "mio": 1e6,
    "billion": 1e9,
    "billions": 1e9,
    "bn": 1e9,
    "bln": 1e9,
    "b": 1e9,
    "trillion": 1e12,
    "tn": 1e12,
    "trn": 1e12,
    "crore": 1e7,
    "crores": 1e7,
    "lakh": 1e5,
    "lakhs": 1e5,
}

# Symbols written before the figure. Longest first so "US$" wins over "$".
_SYMBOLS = {
    "US$": "USD",
    "U.S.$": "USD",
    "C$": "CAD",
    "CA$": "CAD",
    "A$": "AUD",
    "AU$": "AUD",
    "NZ$": "NZD",
    "HK$": "HKD",
    "S$": "SGD",
    "SG$": "SGD",
    "NT$": "TWD",
    "R$": "BRL",
    "MX$": "MXN",
    "Can$": "CAD",
    "Rs.": "INR",
    "Rs": "INR",
    "$": "USD",
    "€": "EUR",
    "£": "GBP",
    "¥": "JPY",
    "₴": "UAH",
    "₹": "INR",
    "₩": "KRW",
    "₽": "RUB",
    "zł": "PLN",
    "CHF": "CHF",
    "$US": "USD",  # Australian and New Zealand style, "$US5 million"
    "Ksh": "KES",
    "KSh": "KES",
    "Tk": "BDT",
    "Rp": "IDR",
    "Dh": "AED",
    "SR": "SAR",
    "KD": "KWD",
    "QR": "QAR",
    "kr": "SEK",  # a krone of the donor's (actors.LOCAL_UNITS)
    "SDR": "XDR",  # the IMF's special drawing rights (AID_GUIDELINES 9: currency XDR)
    "SDRs": "XDR",
}

# Currency words written after the figure ("500 million Swedish kronor").
_WORDS = {
    "us dollars": "USD",
    "u.s. dollars": "USD",
    "american dollars": "USD",
    "canadian dollars": "CAD",
    "canadian dollar": "CAD",
    "australian dollars": "AUD",
    "australian dollar": "AUD",
    "new zealand dollars": "NZD",
    "hong kong dollars": "HKD",
    "singapore dollars": "SGD",
    "dollars": "USD",
    "dollar": "USD",
    "euros": "EUR",
    "euro": "EUR",
    "pounds sterling": "GBP",
    "pounds": "GBP",
    "pound": "GBP",
    "sterling": "GBP",
    "yen": "JPY",
    "yuan": "CNY",
    "renminbi": "CNY",
    "swedish kronor": "SEK",
    "swedish krona": "SEK",
    "swedish kronas": "SEK",
    "swedish crowns": "SEK",
    "norwegian kroner": "NOK",
    "norwegian krone": "NOK",
    "norwegian kronas": "NOK",
    "norwegian crowns": "NOK",
    "danish kroner": "DKK",
    "danish krone": "DKK",
    "danish crowns": "DKK",
    "czech korunas": "CZK",
    "czech crowns": "CZK",
    "kronor": "SEK",
    "kronas": "SEK",
    "kroner": "NOK",
    "krone": "NOK",
    "crowns": "SEK",
    "danish kronor": "DKK",
    "danish kronas": "DKK",
    "icelandic kronur": "ISK",
    "new taiwan dollars": "TWD",
    "taiwan dollars": "TWD",
    "brazilian reais": "BRL",
    "reais": "BRL",
    "swiss francs": "CHF",
    "swiss franc": "CHF",
    "francs": "CHF",
    "hryvnias": "UAH",
    "hryvnia": "UAH",
    "hryvnas": "UAH",
    "zlotys": "PLN",
    "zloty": "PLN",
    "zlotych": "PLN",
    "roubles": "RUB",
    "rubles": "RUB",
    "rupees": "INR",
    "indian rupees": "INR",
    "pakistani rupees": "PKR",
    "won": "KRW",
    "riyals": "SAR",
    "riyal": "SAR",
    "rials": "SAR",
    "saudi riyals": "SAR",
    "qatari riyals": "QAR",
    "dinars": "KWD",
    "dinar": "KWD",
    "kuwaiti dinars": "KWD",
    "jordanian dinars": "JOD",
    "iraqi dinars": "IQD",
    "pesos": "MXN",
    "mexican pesos": "MXN",
    "dirhams": "AED",
    "lira": "TRY",
    "liras": "TRY",
    "turkish lira": "TRY",
    "forints": "HUF",
    "lei": "RON",
    "naira": "NGN",
    "rand": "ZAR",
    "cfa francs": "XOF",
    "taka": "BDT",
    "rupiah": "IDR",
    "emirati dirhams": "AED",
    "uae dirhams": "AED",
    "kenyan shillings": "KES",
    "birr": "ETB",
    "cedis": "GHS",
    "egyptian pounds": "EGP",
    "afghanis": "AFN",
    "tenge": "KZT",
}
_CODES = {
    "USD",
    "EUR",
    "GBP",
    "JPY",
    "SEK",
    "NOK",
    "DKK",
    "CHF",
    "CAD",
    "AUD",
    "NZD",
    "CNY",
    "UAH",
    "PLN",
    "CZK",
    "HUF",
    "RON",
    "INR",
    "PKR",
    "KRW",
    "SAR",
    "AED",
    "TRY",
    "RUB",
    "SGD",
    "HKD",
    "TWD",
    "BRL",
    "MXN",
    "ISK",
    "QAR",
    "KWD",
    "JOD",
    "IQD",
    "EGP",
    "XDR",
    "NGN",
    "ZAR",
    "XOF",
    "XAF",
    "BDT",
    "IDR",
    "KES",
    "ETB",
    "GHS",
    "AFN",
    "KZT",
}
# Currency words that several states use ("kroner" is Danish or Norwegian, "dinars" Kuwaiti or
# Jordanian): the figure keeps a default code and its family, and the donor decides (actors.LOCAL_UNITS).
_FAMILIES = {
    "$": "dollar",
    "kr": "krone",
    "kronor": "krone",
    "kronas": "krone",
    "kroner": "krone",
    "krone": "krone",
    "crowns": "krone",
    "dinars": "dinar",
    "dinar": "dinar",
    "riyals": "riyal",
    "riyal": "riyal",
    "rials": "riyal",
    "rupees": "rupee",
    "francs": "franc",
    "pesos": "peso",
    "pounds": "pound",
    "pound": "pound",
}

_HEDGES = (
    "about",
    "around",
    "nearly",
    "almost",
    "approximately",
    "approx.",
    "roughly",
    "some",
    "more than",
    "over",
    "up to",
    "at least",
    "close to",
    "an estimated",
    "estimated",
    "upwards of",
    "in excess of",
    "just over",
    "just under",
    "less than",
    "under",
    "as much as",
    "as many as",
    "circa",
    "~",
)

_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_SCALE = r"thousand|millions?|billions?|trillion|crores?|lakhs?|mn|mln|bn|bln|tn|trn|mio|[mbk]"
_SYM = "|".join(re.escape(s) for s in sorted(_SYMBOLS, key=len, reverse=True))
_WORD = "|".join(re.escape(w) for w in sorted(_WORDS, key=len, reverse=True))
_CODE = "|".join(sorted(_CODES))

_PREFIXED = re.compile(
    rf"(?<![\w$])(?P<sym>{_SYM}|(?-i:{_CODE})\s?)\s?(?P<num>{_NUM})(?:[\s-]?(?P<scale>{_SCALE})\b)?(?![\d.,]?\d)(?!\w)",
    re.IGNORECASE,
)
_SUFFIXED = re.compile(
    rf"(?<![\w$€£¥.,])(?P<num>{_NUM})(?:[\s-]?(?P<scale>{_SCALE})\b)?[\s-]?(?P<cur>{_WORD}|(?-i:{_CODE}))\b",
    re.IGNORECASE,  # "100-million-zloty aid": the figure written as an adjective
)
# Numbers written as words before a scale ("one billion euros", "half a billion dollars").
_NUMBER_WORDS = {
    "a": 1.0,
    "one": 1.0,
    "two": 2.0,
    "three": 3.0,
    "four": 4.0,
    "five": 5.0,
    "six": 6.0,
    "seven": 7.0,
    "eight": 8.0,
    "nine": 9.0,
    "ten": 10.0,
    "eleven": 11.0,
    "twelve": 12.0,
    "fifteen": 15.0,
    "twenty": 20.0,
    "thirty": 30.0,
    "forty": 40.0,
    "fifty": 50.0,
    "sixty": 60.0,
    "seventy": 70.0,
    "eighty": 80.0,
    "ninety": 90.0,
    "a hundred": 100.0,
    "one hundred": 100.0,
    "two hundred": 200.0,
    "three hundred": 300.0,
    "five hundred": 500.0,
    "half a": 0.5,
}
_WORD_NUM = "|".join(re.escape(w) for w in sorted(_NUMBER_WORDS, key=len, reverse=True))
_WORDED = re.compile(
    rf"(?<![\w$€£¥])(?P<num>{_WORD_NUM})\s+(?P<scale>thousand|million|billion|trillion)\s+"
    rf"(?:of\s+)?(?P<cur>{_WORD}|(?-i:{_CODE}))\b",
    re.IGNORECASE,
)
# A figure with a scale and no currency ("and 108 million in humanitarian aid", "added 12 million to
# the …"): the currency of the figure just before it in the same text, when nothing but a preposition
# or a clause boundary follows it ("12 million people" is a count, not money).
_BARE = re.compile(
    rf"(?<![\w$€£¥.,])(?P<num>{_NUM}|{_WORD_NUM})\s?(?P<scale>million|billion|trillion|mn|bn)\b"
    r"(?=\s*[,.;)]|\s+(?:in|to|for|from|towards?|as|on|and|of (?:aid|assistance|support|funding))\b)",
    re.IGNORECASE,
)
_UNIT_BEFORE = re.compile(r"\b[A-Z]{2,4}s?\s?$")  # "SDR 1 billion": a unit the reader does not know
_BARE_REACH = 250  # characters back to the figure whose currency a bare figure takes

_HEDGE_BEFORE = re.compile(
    r"(?:" + "|".join(re.escape(h) for h in sorted(set(_HEDGES), key=len, reverse=True)) + r")\s*(?:of\s+)?$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Money:
    """One money figure: amount in units, ISO 4217 currency, hedge flag and its span in the text."""

    amount: float
    currency: str
    approximate: bool
    start: int
    end: int
    family: str = ""  # a bare "$", "kroner", "dinars": the donor's own currency of that family is meant

    @property
    def bare_dollar(self) -> bool:
        return self.family == "dollar"

    @property
    def value(self) -> int | float:
        """The amount as an int when it is whole (2000000000 rather than 2e9)."""
        return int(self.amount) if float(self.amount).is_integer() else self.amount


def _to_amount(num: str, scale: str | None) -> float | None:
    word = _NUMBER_WORDS.get(re.sub(r"\s+", " ", num.lower()))
    try:
        value = word if word is not None else float(num.replace(",", ""))
    except ValueError:
        return None
    if scale:
        value *= _SCALES.get(scale.lower(), 1.0)
    if not math.isfinite(value) or value <= 0 or value > MAX_AMOUNT:
        return None
    return round(value, 2)


_PARTICLE_OVER = re.compile(
    r"\b(?:hand|hands|handed|handing|turn|turns|turned|take|takes|took|sign|signs|"
    r"signed)\s+over\s*$",
    re.IGNORECASE,
)


def _hedged(text: str, start: int) -> bool:
    before = text[max(0, start - 24) : start]
    return bool(_HEDGE_BEFORE.search(before)) and not _PARTICLE_OVER.search(before)


def _currency_of_symbol(sym: str) -> str | None:
    s = sym.strip()
    return _SYMBOLS.get(s) or _SYMBOLS.get(s.upper()) or (s.upper() if s.upper() in _CODES else None)


def find_money(text: str, offset: int = 0) -> list[Money]:
    """Every money figure in ``text``, in order; offsets are shifted by ``offset``."""
    found: list[Money] = []
    taken: list[tuple[int, int]] = []
    for rx in (_PREFIXED, _SUFFIXED, _WORDED):
        for m in rx.finditer(text):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            scale = m.group("scale")
            if rx is _PREFIXED:
                cur = _currency_of_symbol(m.group("sym"))
                family = _FAMILIES.get(m.group("sym").strip(), "")
            else:
                word = re.sub(r"\s+", " ", m.group("cur").lower())
                cur = _WORDS.get(word) or m.group("cur").upper()
                family = _FAMILIES.get(word, "")
            amount = _to_amount(m.group("num"), scale)
            if amount is None or cur is None:
                continue
            taken.append((m.start(), m.end()))
            found.append(Money(amount, cur, _hedged(text, m.start()), m.start() + offset, m.end() + offset, family))
    found.sort(key=lambda x: x.start)
    return _with_bare_figures(text, offset, found, taken)


def _with_bare_figures(text: str, offset: int, found: list[Money], taken: list[tuple[int, int]]) -> list[Money]:
    """Add the bare figures ("and 108 million in aid") that follow a figure with a currency."""
    bare = []
    for m in _BARE.finditer(text):
        if any(m.start() < e and s < m.end() for s, e in taken):
            continue
        before = [f for f in found if f.end - offset <= m.start() and m.start() - (f.end - offset) <= _BARE_REACH]
        amount = _to_amount(m.group("num"), m.group("scale"))
        if not before or amount is None or _UNIT_BEFORE.search(text, max(0, m.start() - 8), m.start()):
            continue
        prev = before[-1]
        start, end = m.start() + offset, m.end() + offset
        bare.append(Money(amount, prev.currency, _hedged(text, m.start()), start, end, prev.family))
    return sorted(found + bare, key=lambda x: x.start) if bare else found


# Rough US-dollar value of one unit, only to tell whether two figures in different currencies can be
# the same package ("almost €400M" in a headline, "4.5 billion kronor" in the body). Not for conversion.
_USD_PER_UNIT = {
    "USD": 1.0,
    "EUR": 1.08,
    "GBP": 1.26,
    "JPY": 0.0068,
    "SEK": 0.095,
    "NOK": 0.094,
    "DKK": 0.145,
    "CHF": 1.12,
    "CAD": 0.73,
    "AUD": 0.66,
    "NZD": 0.6,
    "CNY": 0.14,
    "UAH": 0.025,
    "PLN": 0.25,
    "CZK": 0.043,
    "HUF": 0.0027,
    "RON": 0.22,
    "INR": 0.012,
    "PKR": 0.0036,
    "KRW": 0.00074,
    "SAR": 0.27,
    "AED": 0.27,
    "TRY": 0.03,
    "SGD": 0.74,
    "HKD": 0.13,
    "TWD": 0.031,
    "BRL": 0.18,
    "MXN": 0.055,
    "ISK": 0.0072,
    "QAR": 0.27,
    "KWD": 3.25,
    "JOD": 1.41,
    "IQD": 0.00076,
    "EGP": 0.02,
    "XDR": 1.33,
    "NGN": 0.0007,
    "ZAR": 0.054,
    "XOF": 0.0016,
    "XAF": 0.0016,
    "BDT": 0.0085,
    "IDR": 0.000063,
    "KES": 0.0077,
    "ETB": 0.0085,
    "GHS": 0.065,
    "AFN": 0.014,
    "KZT": 0.0021,
}


def same_figure(a: Money, b: Money, tol: float = 0.05, fx_tol: float = 0.15) -> bool:
    """Whether two figures can state the same amount: within ``tol`` in one currency, or within
    ``fx_tol`` at rough exchange rates across currencies."""
    if a.currency == b.currency:
        return abs(a.amount - b.amount) <= tol * max(a.amount, b.amount)
    ra, rb = _USD_PER_UNIT.get(a.currency), _USD_PER_UNIT.get(b.currency)
    if ra is None or rb is None:
        return False
    x, y = a.amount * ra, b.amount * rb
    return abs(x - y) <= fx_tol * max(x, y)


def parse_money(text: str) -> Money | None:
    """The first money figure in ``text``, or None."""
    found = find_money(text)
    return found[0] if found else None
