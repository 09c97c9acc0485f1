"""Money figures in running text: "$2 billion", "€500m", "1.5 bn euros", "4.5 billion Swedish kronor".

Regex based (spaCy's MONEY spans miss many currency words and split "€500m"), so it runs on plain
text and on sentence spans alike. Every figure carries its character span and whether a hedge
("nearly", "up to", "more than") qualifies it.
"""

from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass
from importlib import resources
from typing import Any

import yaml

# Anything above ten trillion units is not an aid figure (and guards against "1e308"-like input).
MAX_AMOUNT = 1e13

CURRENCIES_FILE = "currencies.yaml"


class CurrencyTableError(ValueError):
    """``data/currencies.yaml`` is malformed: a symbol or word names a code the file does not list,
    or a family has no local units."""


def check_tables(raw: dict[str, Any]) -> dict[str, Any]:
    """The parsed currency file, or CurrencyTableError naming what is wrong."""
    codes = raw["currencies"]
    for section in ("symbols", "words"):
        unknown = sorted({c for c in raw[section].values() if c not in codes})
        if unknown:
            raise CurrencyTableError(f"{CURRENCIES_FILE}: {section} name unknown codes {unknown}")
    unsettled = sorted(set(raw["families"].values()) - set(raw["local_units"]))
    if unsettled:
        raise CurrencyTableError(f"{CURRENCIES_FILE}: families without local_units: {unsettled}")
    for section in ("words", "families", "scales", "number_words"):
        upper = sorted(k for k in raw[section] if k != k.lower())
        if upper:
            raise CurrencyTableError(f"{CURRENCIES_FILE}: {section} keys must be lowercase: {upper}")
    return raw


_TABLES = check_tables(
    yaml.safe_load((resources.files("claimstream") / "data" / CURRENCIES_FILE).read_text(encoding="utf-8"))
)
_CODES: frozenset[str] = frozenset(_TABLES["currencies"])
# Rough US-dollar value of one unit, only to tell whether two figures in different currencies can be
# the same package; never for conversion (the ledger's data/fx tables convert).
_USD_PER_UNIT: dict[str, float] = {c: float(r) for c, r in _TABLES["currencies"].items() if r is not None}
_SYMBOLS: dict[str, str] = _TABLES["symbols"]
_WORDS: dict[str, str] = _TABLES["words"]
_FAMILIES: dict[str, str] = _TABLES["families"]
_SCALES: dict[str, float] = {w: float(v) for w, v in _TABLES["scales"].items()}
_NUMBER_WORDS: dict[str, float] = {w: float(v) for w, v in _TABLES["number_words"].items()}
_HEDGES: tuple[str, ...] = tuple(_TABLES["hedges"])
LOCAL_UNITS: dict[str, dict[str, str]] = _TABLES["local_units"]
"""family -> state -> ISO code: the currency a bare "$" or "kroner" means in that state's statement."""

_SCALE = "|".join(re.escape(w) for w in sorted(_SCALES, key=len, reverse=True))
# "1,2 milliards", "€2,5 million": a decimal comma, read only before a scale ("1,200" stays a thousand).
_DECIMAL_COMMA = r"\d{1,3},\d{1,2}(?=[\s-]?(?:" + _SCALE + r")\b)"
_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|" + _DECIMAL_COMMA + r"|\d+(?:\.\d+)?"
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


def is_currency_unit(text: str) -> bool:
    """ "SDR", "CHF", "Ksh": a currency's code or symbol, which the small model sometimes tags ORG."""
    return text in _CODES or text in _SYMBOLS


def _to_amount(num: str, scale: str | None) -> float | None:
    word = _NUMBER_WORDS.get(re.sub(r"\s+", " ", num.lower()))
    digits = num.replace(",", ".") if re.fullmatch(r"\d+,\d{1,2}", num) else num.replace(",", "")
    try:
        value = word if word is not None else float(digits)
    except ValueError:
        return None
    if scale:
        value *= _SCALES.get(scale.lower(), 1.0)
    if not math.isfinite(value) or value <= 0 or value > MAX_AMOUNT:
        return None
    return round(value, 2)


_PARTICLE_OVER = re.compile(
    r"\b(?:hand|hands|handed|handing|turn|turns|turned|take|takes|took|sign|signs|"
    r"signed|roll|rolls|rolled|rolling)\s+over\s*$",  # "will roll over $X of R's debt": no hedge
    re.IGNORECASE,
)


def _hedged(text: str, start: int) -> bool:
    before = text[max(0, start - 24) : start]
    return bool(_HEDGE_BEFORE.search(before)) and not _PARTICLE_OVER.search(before)


def _currency_of_symbol(sym: str) -> str | None:
    s = sym.strip()
    return _SYMBOLS.get(s) or _SYMBOLS.get(s.upper()) or (s.upper() if s.upper() in _CODES else None)


_CACHED_TEXT_CHARS = 4000  # a sentence or a paragraph; a whole article is read once and not kept


def find_money(text: str, offset: int = 0) -> list[Money]:
    """Every money figure in ``text``, in order; offsets are shifted by ``offset``.

    The aid stages read the figures of one sentence several times (its parties, its lists, its
    per-recipient figures), so the figures of short texts are kept for the article being extracted
    (see :func:`forget_figures`); the list returned is the caller's own."""
    if len(text) <= _CACHED_TEXT_CHARS:
        return list(_cached_figures(text, offset))
    return _figures(text, offset)


@functools.lru_cache(maxsize=1024)
def _cached_figures(text: str, offset: int) -> tuple[Money, ...]:
    return tuple(_figures(text, offset))


def forget_figures() -> None:
    """Drop the figures kept so far: called before each article, so the memo serves one article's
    repeated reads only (and a benchmark over the same texts measures just that)."""
    _cached_figures.cache_clear()


def _figures(text: str, offset: int) -> list[Money]:
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
