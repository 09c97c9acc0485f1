"""The mention fields that the article-level stages read and write (``packages.py``,
``restatements.py``); ``commitments.Mention`` has them all."""

from __future__ import annotations

from typing import Protocol, TypeVar

from claimstream.extract.money import Money


class Candidate(Protocol):
    """What the package stages read and write of a mention (``commitments.Mention``)."""

    donor: str | None
    recipients: list[str]
    money: Money | None
    alts: list[Money]
    items: list[str]
    status: str
    aid_type: str | None
    novelty: str
    start: int
    end: int
    signals: dict[str, float]

    def spans(self) -> list[tuple[int, int]]: ...

    def add_place(self, start: int, end: int) -> None: ...


C = TypeVar("C", bound=Candidate)
