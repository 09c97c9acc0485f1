"""Domain metrics for each claim the sink sees (claims by kind, latency, aid, quotes, entities)."""

from __future__ import annotations

import time
from typing import Any

from claimstream import metrics as m
from claimstream.sink.engine import KINDS, parse_ts
from claimstream.sink.labels import LabelBudget, currency_label
from claimstream.sink.rules import WatchLists
from claimstream.sink.store import AlertStore

ENTITY_LABELS = frozenset(
    (
        "PERSON",
        "NORP",
        "FAC",
        "ORG",
        "GPE",
        "LOC",
        "PRODUCT",
        "EVENT",
        "WORK_OF_ART",
        "LAW",
        "LANGUAGE",
        "DATE",
        "TIME",
        "PERCENT",
        "MONEY",
        "QUANTITY",
        "ORDINAL",
        "CARDINAL",
        "WEAPON",
    )
)
_AID_TYPES = frozenset(("military", "financial", "humanitarian", "mixed"))


class ClaimMetrics:
    """Records one claim in ``claimstream.metrics`` with bounded labels."""

    def __init__(self, watch: WatchLists, store: AlertStore | None = None) -> None:
        self.donors = LabelBudget("donor", watch.donors, watch.extra_labels, store)
        self.speakers = LabelBudget("speaker", watch.speakers, watch.extra_labels, store)
        self.entities = LabelBudget("entity", watch.entities, watch.extra_labels, store)

    def observe(self, claim: dict[str, Any], now: float | None = None) -> str | None:
        """Count ``claim``; returns its kind (None when it is not a claim)."""
        kind = KINDS.get(str(claim.get("schema")))
        if kind is None:
            return None
        now = time.time() if now is None else now
        m.SINK_CLAIMS.labels(kind=kind).inc()
        ingested = parse_ts(claim.get("article_ingested_at"))
        if ingested is not None:
            m.END_TO_END_SECONDS.labels(kind=kind).observe(max(0.0, now - ingested))
        published = parse_ts(claim.get("article_published_at"))
        if published is not None and kind == "entities":  # once per article
            m.PUBLISHED_TO_CLAIM_SECONDS.observe(max(0.0, now - published))
        getattr(self, f"_{kind}")(claim)
        m.LAST_PROCESSED.labels(service="sink").set(now)
        return kind

    def _aid(self, claim: dict[str, Any]) -> None:
        donor = self.donors.label(claim.get("donor"))
        aid_type = claim.get("aid_type") if claim.get("aid_type") in _AID_TYPES else "other"
        novelty = "new" if claim.get("novelty") == "new" else "background"
        m.AID_COMMITMENTS.labels(donor=donor, aid_type=aid_type, novelty=novelty).inc()
        amount = claim.get("amount")
        if novelty == "new" and isinstance(amount, int | float) and amount > 0:
            m.AID_AMOUNT.labels(donor=donor, aid_type=aid_type, currency=currency_label(claim.get("currency"))).inc(
                amount
            )

    def _ledger(self, record: dict[str, Any]) -> None:
        """A ledger record is counted in ``claimstream_sink_claims_total{kind="ledger"}`` only: its
        claims were already counted by kind and donor when they came by on ``claims.aid``."""

    def _quote(self, claim: dict[str, Any]) -> None:
        speaker = self.speakers.label(claim.get("speaker"), missing="unattributed")
        m.QUOTES_BY_SPEAKER.labels(speaker=speaker).inc()

    def _entities(self, claim: dict[str, Any]) -> None:
        for ent in claim.get("entities") or []:
            if not isinstance(ent, dict):
                continue
            label = ent.get("label")
            m.ENTITIES_BY_LABEL.labels(label=label if label in ENTITY_LABELS else "other").inc()
            if ent.get("label") in ("PERSON", "ORG", "GPE", "NORP", "WEAPON"):
                m.ENTITY_ARTICLES.labels(entity=self.entities.label(ent.get("canonical"))).inc()
