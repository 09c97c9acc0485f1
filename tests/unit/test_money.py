"""Money figures: amounts in units, ISO currency, hedges, and absurd input that must not crash."""

from __future__ import annotations

import pytest

from claimstream.extract.money import MAX_AMOUNT, find_money, parse_money

CASES = [
    ("$2 billion", 2_000_000_000, "USD", False),
    ("nearly $2 billion", 2_000_000_000, "USD", True),
    ("€500m", 500_000_000, "EUR", False),
    ("1.5 bn euros", 1_500_000_000, "EUR", False),
    ("£8.5 million", 8_500_000, "GBP", False),
    ("¥12 billion", 12_000_000_000, "JPY", False),
    ("4.5 billion Swedish kronor", 4_500_000_000, "SEK", False),
    ("700 million Swedish Kronas", 700_000_000, "SEK", False),
    ("a 300 million Norwegian crown grant", 300_000_000, "NOK", False),  # the singular, as a modifier
    ("a 20 million Danish crown deal", 20_000_000, "DKK", False),
    ("EUR 40 million", 40_000_000, "EUR", False),
    ("80 million EUR", 80_000_000, "EUR", False),
    ("US$5m", 5_000_000, "USD", False),
    ("C$500 million", 500_000_000, "CAD", False),
    ("3.2bn euros", 3_200_000_000, "EUR", False),
    ("1,250,000 dollars", 1_250_000, "USD", False),
    ("up to $90 million", 90_000_000, "USD", True),
    ("more than £6 million", 6_000_000, "GBP", True),
    ("about 300 million Norwegian kroner", 300_000_000, "NOK", True),
    ("at least €1.2bn", 1_200_000_000, "EUR", True),
    ("2 billion hryvnias", 2_000_000_000, "UAH", False),
    ("NZ$3.5 million", 3_500_000, "NZD", False),
    ("A$245 million", 245_000_000, "AUD", False),
    ("HK$12m", 12_000_000, "HKD", False),
    ("S$2 million", 2_000_000, "SGD", False),
    ("NT$1.5 billion", 1_500_000_000, "TWD", False),
    ("about 1.1 billion Danish kroner", 1_100_000_000, "DKK", True),
    ("DKK 900 million", 900_000_000, "DKK", False),
    ("3 million Kuwaiti dinars", 3_000_000, "KWD", False),
    ("50 million Qatari riyals", 50_000_000, "QAR", False),
    ("one billion euros", 1_000_000_000, "EUR", False),
    ("Two million dollars", 2_000_000, "USD", False),
    ("half a billion dollars", 500_000_000, "USD", False),
    ("about fifty million pounds", 50_000_000, "GBP", True),
    ("SDR 760 million", 760_000_000, "XDR", False),
    ("$1.5-billion", 1_500_000_000, "USD", False),  # Canadian style
    ("C$500-million", 500_000_000, "CAD", False),
    ("$US5 million", 5_000_000, "USD", False),
    ("50 million naira", 50_000_000, "NGN", False),
    ("10 million rand", 10_000_000, "ZAR", False),
    ("1 billion CFA francs", 1_000_000_000, "XOF", False),
    ("Ksh 2 billion", 2_000_000_000, "KES", False),
    ("Tk 50 crore", 500_000_000, "BDT", False),
    ("Dh50 million", 50_000_000, "AED", False),
    ("QR 20 million", 20_000_000, "QAR", False),
    ("a 100-million-zloty", 100_000_000, "PLN", False),  # the figure as an adjective
    ("5-million-euro", 5_000_000, "EUR", False),
    ("1,2 milliards euros", 1_200_000_000, "EUR", False),  # a decimal comma before a scale
    ("€2,5 million", 2_500_000, "EUR", False),
    ("3 milliard dollars", 3_000_000_000, "USD", False),
    ("1,200 million euros", 1_200_000_000, "EUR", False),  # a thousands comma stays one
    ("RMB 1 billion", 1_000_000_000, "CNY", False),
    ("₦2 billion", 2_000_000_000, "NGN", False),
    ("TL 500 million", 500_000_000, "TRY", False),
    ("LE 1 billion", 1_000_000_000, "EGP", False),
    ("SFr 10 million", 10_000_000, "CHF", False),
]


@pytest.mark.parametrize(("text", "amount", "currency", "approximate"), CASES)
def test_parse(text: str, amount: int, currency: str, approximate: bool) -> None:
    money = parse_money(f"The ministry set aside {text} for the programme.")
    assert money is not None
    assert money.value == amount
    assert money.currency == currency
    assert money.approximate is approximate


@pytest.mark.parametrize(
    "text",
    [
        "$1e308",
        "$99999999999999999999 billion",
        "€inf",
        "$nan million",
        "in 2023",
        "six F-16 jets",
        "500km range",
        "try 5 times",
        "",
        "$",
        "€,",
    ],
)
def test_no_figure(text: str) -> None:
    assert find_money(text) == []


def test_offsets_and_order() -> None:
    text = "It gave ¥1 billion ($7 million) and later €3m."
    found = find_money(text, offset=100)
    assert [m.currency for m in found] == ["JPY", "USD", "EUR"]
    assert [text[m.start - 100 : m.end - 100] for m in found] == ["¥1 billion", "$7 million", "€3m"]


def test_bare_dollar_flag() -> None:
    assert parse_money("$4 million").bare_dollar is True
    assert parse_money("US$4 million").bare_dollar is False


@pytest.mark.parametrize(
    ("text", "family"),
    [
        ("600 million kroner", "krone"),
        ("300 million crowns", "krone"),
        ("a 300 million crown grant", "krone"),
        ("3 million dinars", "dinar"),
        ("$5m", "dollar"),
        ("NZ$5m", ""),
        ("5 million Danish kroner", ""),
    ],
)
def test_currency_family_left_to_the_donor(text: str, family: str) -> None:
    money = parse_money(text)
    assert money is not None and money.family == family


def test_amounts_stay_finite_and_bounded() -> None:
    for text in ["$9" * 400, "9" * 400 + " trillion dollars", "€" + "1" * 30 + "bn"]:
        for money in find_money(text):
            assert 0 < money.amount <= MAX_AMOUNT


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("€400 million", "€390 million", True),
        ("€400 million", "€300 million", False),
        ("4.5 billion Swedish kronor", "€393 million", True),
        ("4.5 billion Swedish kronor", "€900 million", False),
        ("¥12 billion", "$80 million", True),
        ("£10 million", "10 million hryvnias", False),
    ],
)
def test_same_figure(a: str, b: str, same: bool) -> None:
    from claimstream.extract.money import same_figure

    ma, mb = parse_money(a), parse_money(b)
    assert ma is not None and mb is not None
    assert same_figure(ma, mb) is same


def test_handed_over_is_not_a_hedge() -> None:
    assert parse_money("Berlin handed over €50 million").approximate is False
    assert parse_money("it gave over €50 million").approximate is True
    assert parse_money("Kuwait will roll over $2 billion of debt").approximate is False


# (text, the figures found as (value, currency)): a bare figure with a scale takes the currency of the
# figure just before it, unless a noun makes it a count or an unknown unit stands before it.
BARE = [
    ("It gave €40 million to A and 12 million to B.", [(40_000_000, "EUR"), (12_000_000, "EUR")]),
    ("Two billion euros are set aside for A, and 75 million for B.", [(2_000_000_000, "EUR"), (75_000_000, "EUR")]),
    ("After $5 million was sent, two million people still need food.", [(5_000_000, "USD")]),
    ("roughly USD 2.7 billion (SDR 2 billion).", [(2_700_000_000, "USD"), (2_000_000_000, "XDR")]),
    ("It gave $5 million, ABC 3 million to others.", [(5_000_000, "USD")]),
    ("Some 3 million to the fund.", []),
    ("a million refugees", []),
]


@pytest.mark.parametrize(("text", "expected"), BARE)
def test_bare_figures_take_the_currency_before_them(text: str, expected: list[tuple]) -> None:
    assert [(m.value, m.currency) for m in find_money(text)] == expected


def test_the_currency_table_is_consistent() -> None:
    """``data/currencies.yaml``: codes are ISO-shaped, every family is one the donor can settle
    (LOCAL_UNITS), and each rough dollar value lies in the range the ledger's monthly rates
    spanned since 2022 (with a 20 % margin), so the equivalence check cannot drift from the real rates."""
    from claimstream.extract import money
    from claimstream.ledger import fx

    assert all(len(code) == 3 and code.isalpha() and code.isupper() for code in money._CODES)
    assert set(money._FAMILIES.values()) <= set(money.LOCAL_UNITS)
    assert all(len(c) == 3 and c.isupper() for by in money.LOCAL_UNITS.values() for c in by.values())
    checked = 0
    for code, usd in money._USD_PER_UNIT.items():
        monthly = [1 / by[code] for by in fx.rates().values() if code in by]
        if monthly:
            checked += 1
            assert 0.8 * min(monthly) <= usd <= 1.2 * max(monthly), code
    assert checked >= 25


@pytest.mark.parametrize(
    ("section", "entry", "error"),
    [
        ("symbols", {"Q$": "QQQ"}, "unknown codes"),
        ("words", {"Quatloos": "USD"}, "lowercase"),
        ("families", {"lats": "lat"}, "without local_units"),
    ],
)
def test_a_bad_currency_table_is_a_load_error(section: str, entry: dict[str, str], error: str) -> None:
    from claimstream.extract import money

    table: dict = {"currencies": {"USD": 1.0}, "symbols": {"$": "USD"}, "words": {"dollars": "USD"}}
    table |= {"families": {"$": "dollar"}, "local_units": {"dollar": {"Canada": "CAD"}}}
    table |= {"scales": {}, "number_words": {}, "hedges": []}
    money.check_tables(table)
    table[section] = {**table[section], **entry}
    with pytest.raises(money.CurrencyTableError, match=error):
        money.check_tables(table)
