"""The per-article memo of money figures: the same answers as a fresh read, a list of the caller's own."""

from __future__ import annotations

from claimstream.extract import money


def test_a_memoised_read_equals_a_fresh_one_and_is_the_callers_own_list() -> None:
    text = "Freedonia pledged $40 million and Sylvania €12m to the fund."
    money.forget_figures()
    first = money.find_money(text, 100)
    first.append(money.Money(1.0, "USD", False, 0, 1))  # a caller's change stays its own
    second = money.find_money(text, 100)
    expected = [(40_000_000, "USD", 100 + text.index("$")), (12_000_000, "EUR", 100 + text.index("€"))]
    assert [(m.amount, m.currency, m.start) for m in second] == expected
    assert len(second) == 2


def test_offsets_are_part_of_the_key() -> None:
    text = "It gave $5 million."
    assert money.find_money(text, 0)[0].start == 8
    assert money.find_money(text, 50)[0].start == 58


def test_long_texts_are_read_and_not_kept() -> None:
    money.forget_figures()
    text = "A sentence without figures. " * 400 + "Then $3 million arrived."
    assert money.find_money(text)[0].amount == 3_000_000
    assert money._cached_figures.cache_info().currsize == 0
