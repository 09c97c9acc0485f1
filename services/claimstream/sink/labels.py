"""Bounded metric label values for open-ended names (donors, speakers, entities).

A name gets its own label value when it is on the watch-list, or when it is one of the first
``extra`` other names seen (remembered in the store, so a restarted sink keeps the same
labels); every other name is ``other``. The number of series per metric is therefore at most
``len(watch) + extra + 2`` whatever the news says.
"""

from __future__ import annotations

from collections.abc import Sequence

from claimstream.sink.rules import fold
from claimstream.sink.store import AlertStore

OTHER = "other"
CURRENCIES = ("USD", "EUR", "GBP", "CAD", "JPY", "AUD", "CHF")


class LabelBudget:
    def __init__(self, kind: str, watch: Sequence[str], extra: int, store: AlertStore | None = None) -> None:
        self.kind = kind
        self._store = store
        self._labels = {fold(n): n for n in watch}
        self._extra_left = extra
        for name in store.label_slots(kind) if store else ():
            if fold(name) not in self._labels and self._extra_left > 0:
                self._labels[fold(name)] = name
                self._extra_left -= 1

    def label(self, name: str | None, missing: str = "none") -> str:
        """The label value for ``name``: itself when admitted, else ``other`` (``missing`` when empty)."""
        if not name or not name.strip():
            return missing
        key = fold(name)
        found = self._labels.get(key)
        if found is not None:
            return found
        if self._extra_left <= 0:
            return OTHER
        self._extra_left -= 1
        self._labels[key] = name.strip()
        if self._store is not None:
            self._store.add_label_slot(self.kind, name.strip())
        return name.strip()

    @property
    def values(self) -> list[str]:
        return sorted(self._labels.values())


def currency_label(code: str | None) -> str:
    if not code:
        return "none"
    return code if code in CURRENCIES else OTHER
