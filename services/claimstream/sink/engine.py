"""Evaluate alert rules on claims, with rule memory in the sink's store.

Each rule type is one function ``(rule, claim, ctx) -> hits``. Evaluation is deterministic for
a given claim and store state, and a rule that remembers (new weapon, mention spike) recognises
a claim it has already alerted on, so replaying a claim after a restart yields the same
``alert_id`` and the store drops the repeat. Ledger records (``ledger.aid``) go through the same
engine: a ``ledger_record`` hit's alert id depends only on the commitment, the rule and the step,
so every later version of a record (one more source, a replay) repeats nothing.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from claimstream.contracts import topics
from claimstream.contracts.messages import alert_message, ledger_alert_message
from claimstream.sink.rules import (
    AidAmountRule,
    KeywordRule,
    LedgerRecordRule,
    MentionSpikeRule,
    NewWeaponRule,
    Rule,
    RuleSet,
    WatchedQuoteRule,
    fold,
)
from claimstream.sink.store import AlertStore

# schema id -> record kind: the claim topics' kinds, and ``ledger`` for ledger.aid's records
KINDS = {str(t.schema): t.kind for t in (*topics.CLAIM_TOPICS, topics.LEDGER)}
FIRST_SEEN = "first_seen"
_PRUNE_EVERY = 500


@dataclass(frozen=True)
class Hit:
    summary: str
    subject: str | None = None
    article_id: str | None = None
    """For a ledger record: the article that reported the step."""


@dataclass(frozen=True)
class Context:
    store: AlertStore
    event_ts: dict[str, float]
    """Event time (epoch seconds) per clock: ``ingested``, ``published``."""


def parse_ts(value: Any) -> float | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp()
    except ValueError:
        return None


def event_times(claim: dict[str, Any], record_ts: float) -> dict[str, float]:
    """Per clock, the claim's article time, falling back to the Kafka record time (stable on replay)."""
    ingested = parse_ts(claim.get("article_ingested_at")) or record_ts
    return {"ingested": ingested, "published": parse_ts(claim.get("article_published_at")) or ingested}


def _amount(value: float | None) -> str:
    if value is None:
        return "an unstated amount"
    for div, unit in ((1e9, " billion"), (1e6, " million")):
        if value >= div:
            return f"{value / div:g}{unit}"
    return f"{value:,.0f}"


def _span(seconds: float) -> str:
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds >= size and seconds % size == 0:
            return f"{seconds / size:g}{unit}"
    return f"{seconds:g}s"


def _aid_amount(rule: AidAmountRule, claim: dict[str, Any], ctx: Context) -> Iterator[Hit]:
    amount = claim.get("amount")
    if not isinstance(amount, int | float) or amount < rule.min_amount:
        return
    checks = (
        (rule.currencies, claim.get("currency")),
        (rule.novelty, claim.get("novelty")),
        (rule.aid_types, claim.get("aid_type")),
        (rule.statuses, claim.get("status")),
    )
    if any(allowed and value not in allowed for allowed, value in checks):
        return
    for allowed, name in ((rule.donors, claim.get("donor")), (rule.recipients, claim.get("recipient"))):
        if allowed and fold(name or "") not in allowed:
            return
    words = [
        claim.get("donor"),
        claim.get("status"),
        _amount(amount),
        claim.get("currency"),
        claim.get("aid_type"),
        "aid to",
        claim.get("recipient") or "an unnamed recipient",
    ]
    yield Hit(" ".join(str(w) for w in words if w))


def _watched_quote(rule: WatchedQuoteRule, claim: dict[str, Any], ctx: Context) -> Iterator[Hit]:
    who = rule.speakers.get(fold(claim.get("speaker") or ""))
    if who is not None and claim.get("kind") in rule.kinds:
        text = " ".join(str(claim.get("quote", "")).split())
        yield Hit(f"{who}: \u201c{text[:200]}{'…' if len(text) > 200 else ''}\u201d")


def _entities(claim: dict[str, Any]) -> list[dict[str, Any]]:
    return [e for e in claim.get("entities") or [] if isinstance(e, dict) and e.get("canonical")]


def _new_weapon(rule: NewWeaponRule, claim: dict[str, Any], ctx: Context) -> Iterator[Hit]:
    for ent in _entities(claim):
        name = fold(ent["canonical"])
        if ent.get("label") != "WEAPON" or name in rule.known:
            continue
        first = ctx.store.weapon_first_claim(rule.id, name)
        if first is None:
            ctx.store.remember_weapon(rule.id, name, claim["claim_id"])
        if first is None or first == claim["claim_id"]:
            yield Hit(f"weapon system not seen before: {ent['canonical']}", subject=name)


def densest_window(times: list[float], ts: float, window: float) -> int:
    """The most mentions in any window of length ``window`` that contains ``ts``.

    Looking both ways makes the rule independent of arrival order: articles from different
    partitions arrive interleaved, and the one that completes a spike need not be the latest.
    """
    best = 0
    for i in range(bisect_left(times, ts - window), bisect_right(times, ts)):
        best = max(best, bisect_right(times, times[i] + window) - i)
    return best


def _mention_spike(rule: MentionSpikeRule, claim: dict[str, Any], ctx: Context) -> Iterator[Hit]:
    ts = ctx.event_ts[rule.clock]
    for ent in _entities(claim):
        name = fold(ent["canonical"])
        if ent.get("label") not in rule.labels or (rule.entities and name not in rule.entities):
            continue
        ctx.store.add_mention(rule.id, name, claim["article_id"], ts)
        fired = ctx.store.spike_near(rule.id, name, ts, rule.cooldown)
        if fired is not None:  # cooling down, or a replay of the claim that fired
            if fired == claim["claim_id"]:
                yield Hit(f"mention spike: {ent['canonical']}", subject=name)
            continue
        n = densest_window(ctx.store.mention_times(rule.id, name, ts - rule.window, ts + rule.window), ts, rule.window)
        if n >= rule.threshold:
            ctx.store.record_spike(rule.id, name, ts, claim["claim_id"])
            yield Hit(f"mention spike: {ent['canonical']} in {n} articles within {_span(rule.window)}", subject=name)


def _keyword_texts(rule: KeywordRule, kind: str, claim: dict[str, Any]) -> list[str]:
    if kind == "quote" and "quote" in rule.fields:
        return [str(claim.get("quote") or "")]
    if kind == "aid" and "aid" in rule.fields:
        return [str((claim.get("evidence") or {}).get("sentence") or ""), *map(str, claim.get("items") or [])]
    if kind == "entities" and "entities" in rule.fields:
        return [e["canonical"] for e in _entities(claim)]
    return []


def _keyword(rule: KeywordRule, claim: dict[str, Any], ctx: Context, kind: str) -> Iterator[Hit]:
    texts = _keyword_texts(rule, kind, claim)
    found = {m.group(1).casefold() for text in texts for m in rule.pattern.finditer(text)}
    if found:
        yield Hit(f"keyword {', '.join(sorted(found))} in a {kind} claim")


def _usd(record: dict[str, Any]) -> float | None:
    """The record's value in USD: ``amount_usd``, or a USD amount when no rate covers its month."""
    usd = record.get("amount_usd")
    if usd is None and record.get("currency") == "USD":
        usd = record.get("amount")
    return usd if isinstance(usd, int | float) else None


def _ledger_passes(rule: LedgerRecordRule, record: dict[str, Any]) -> bool:
    usd = _usd(record)
    if rule.min_amount_usd is not None and (usd is None or usd < rule.min_amount_usd):
        return False  # no amount, or no rate for its currency and month: not known to be large enough
    if not rule.include_background and record.get("known_from") == "background":
        return False
    if rule.aid_types and record.get("aid_type") not in rule.aid_types:
        return False
    return not any(
        allowed and fold(name or "") not in allowed
        for allowed, name in ((rule.donors, record.get("donor")), (rule.recipients, record.get("recipient")))
    )


def _ledger_text(record: dict[str, Any]) -> str:
    """``Norway -> Ukraine, 50 million EUR (54.2 million USD), humanitarian, pledged, 2 sources, first URL``."""
    usd, currency = record.get("amount_usd"), record.get("currency") or "(no currency)"
    if record.get("amount") is None:
        money = "no amount"
    elif currency == "USD":
        money = f"{_amount(record['amount'])} USD"
    else:
        in_usd = f"{_amount(float(f'{usd:.3g}'))} USD" if usd is not None else f"in USD: {record.get('fx_note')}"
        money = f"{_amount(record['amount'])} {currency} ({in_usd})"
    n = len(record["sources"])
    first = record["sources"][0].get("url") or f"article {record['sources'][0]['article_id']}"
    parties = f"{record['donor']} -> {record.get('recipient') or 'an unnamed recipient'}"
    return f"{parties}, {money}, {record['aid_type']}, {record['status']}, {n} source{'s' * (n != 1)}, first {first}"


def _ledger_record(rule: LedgerRecordRule, record: dict[str, Any], ctx: Context) -> Iterator[Hit]:
    """Once when the record first passes the filters, once when its status first becomes a watched step.

    A record opened by a report of a watched step is covered by its ``first_seen`` alert (whose
    text says the status) when the rule has one, so one event does not alert twice.
    """
    if not _ledger_passes(rule, record):
        return
    opener = record["sources"][0]["article_id"]
    if rule.first_seen:
        yield Hit(f"new ledger record: {_ledger_text(record)}", FIRST_SEEN, opener)
    status = record["status"]
    if status in rule.statuses:
        reported = next((h["article_id"] for h in record["status_history"] if h["status"] == status), opener)
        if not (rule.first_seen and reported == opener):
            yield Hit(f"ledger record now {status}: {_ledger_text(record)}", status, reported)


_BY_TYPE: dict[type[Rule], tuple[str, Callable[..., Iterator[Hit]]]] = {
    AidAmountRule: ("aid", _aid_amount),
    WatchedQuoteRule: ("quote", _watched_quote),
    NewWeaponRule: ("entities", _new_weapon),
    MentionSpikeRule: ("entities", _mention_spike),
    LedgerRecordRule: ("ledger", _ledger_record),
}


class Engine:
    """Turns one claim into its Alert v1 messages; rule memory is written to ``store``.

    Call inside ``store.transaction()`` together with storing the alerts.
    """

    def __init__(self, ruleset: RuleSet, store: AlertStore) -> None:
        self.ruleset = ruleset
        self.store = store
        self._seen = 0
        self._latest: dict[str, float] = {}

    def evaluate(self, claim: dict[str, Any], record_ts: float) -> list[dict[str, Any]]:
        kind = KINDS.get(str(claim.get("schema")))
        if kind is None:
            return []
        ctx = Context(self.store, event_times(claim, record_ts))
        alerts: list[dict[str, Any]] = []
        for rule in self.ruleset.rules:
            if isinstance(rule, KeywordRule):
                hits: Iterator[Hit] = _keyword(rule, claim, ctx, kind)
            else:
                wanted, fn = _BY_TYPE[type(rule)]
                hits = fn(rule, claim, ctx) if kind == wanted else iter(())
            alerts.extend(self._alert(rule, kind, h, claim) for h in hits)
        if kind != "ledger":  # a record has no article time: its Kafka time must not age the mention memory
            self._note_time(ctx.event_ts)
        return alerts

    @staticmethod
    def _alert(rule: Rule, kind: str, hit: Hit, claim: dict[str, Any]) -> dict[str, Any]:
        if kind == "ledger":
            return ledger_alert_message(rule.id, rule.severity, hit.summary, claim, hit.subject or "", hit.article_id)
        return alert_message(rule.id, rule.severity, hit.summary, claim, hit.subject)

    def _note_time(self, ts: dict[str, float]) -> None:
        """Every few hundred claims, forget mentions too old for any spike window."""
        for clock, value in ts.items():
            self._latest[clock] = max(value, self._latest.get(clock, value))
        self._seen += 1
        if self._seen % _PRUNE_EVERY:
            return
        for rule in self.ruleset.rules:
            if isinstance(rule, MentionSpikeRule):
                self.store.prune_mentions(rule.id, self._latest[rule.clock] - rule.window - rule.cooldown)
