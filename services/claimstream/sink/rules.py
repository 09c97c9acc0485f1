"""Alert rules: the YAML file format, loaded and validated once at start.

A rules file has ``version: 1``, a list ``rules`` and an optional ``metrics`` section::

    version: 1
    metrics:                       # bounded label values for the sink's metrics
      donors: [United States, Germany]
      speakers: [Jane Roe]         # default: every speaker of every watched_quote rule
      entities: [NATO]
      extra_labels: 5              # first-seen names admitted per list beyond these, then "other"
    rules:
      - id: large-aid              # unique, [a-z0-9_-]; the Alert's ``rule`` and a metric label
        type: aid_amount           # aid_amount | watched_quote | new_weapon | mention_spike | keyword
                                   # | ledger_record
        severity: critical         # info | warning (default) | critical
        min_amount: 1000000000

Per type (``[]`` = optional list, case-insensitive matching throughout):

* ``aid_amount``: ``min_amount`` (required, > 0), ``currency`` [], ``novelty`` [] (default
  ``[new]``), ``donors`` [], ``recipients`` [], ``aid_types`` [], ``statuses`` [].
* ``watched_quote``: ``speakers`` (required): names or ``{name, aliases: []}``; ``kinds`` [].
* ``new_weapon``: fires the first time a WEAPON entity is seen (state survives restarts);
  ``known`` [] names never alerted on.
* ``mention_spike``: ``threshold`` articles mentioning one entity within ``window``
  (seconds or ``30m``/``1h``/``2d``) of event time; ``labels`` [] (default PERSON, ORG, GPE,
  NORP, WEAPON), ``entities`` [], ``cooldown`` (default: the window), ``clock``
  (``ingested`` default, or ``published``).
* ``keyword``: ``keywords`` (required), ``fields`` [] of ``quote`` | ``aid`` | ``entities``
  (default quote and aid); whole words, case-insensitive.
* ``ledger_record`` (records on ``ledger.aid``, one per real-world commitment): fires once per
  record when it is first seen (``first_seen``, default true) and once when its status first
  becomes one of ``statuses`` []; filters ``min_amount_usd``, ``donors`` [], ``recipients`` [],
  ``aid_types`` [], ``include_background`` (default false: records known only from background
  mentions never alert). A rule with ``first_seen: false`` needs ``statuses``.

Every mistake is reported at once, each with its place (``rules[2] (large-aid): ...``), and
unknown keys get a "did you mean" hint.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

DEFAULT_RULES_FILE = Path(__file__).resolve().parent.parent / "data" / "alert_rules.yaml"
SEVERITIES = ("info", "warning", "critical")
AID_TYPES = ("military", "financial", "humanitarian", "mixed")
STATUSES = ("announced", "pledged", "approved", "delivered", "planned")
NOVELTIES = ("new", "background")
QUOTE_KINDS = ("direct", "indirect")
KEYWORD_FIELDS = ("quote", "aid", "entities")
CLOCKS = ("ingested", "published")
DEFAULT_SPIKE_LABELS = ("PERSON", "ORG", "GPE", "NORP", "WEAPON")
_ID = re.compile(r"^[a-z0-9][a-z0-9_-]{0,62}$")
_DURATION = re.compile(r"^(\d+(?:\.\d+)?)\s*([smhd]?)$")
_SPEAKER_KEYS = {"name", "aliases"}
_UNIT_SECONDS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}


class RuleConfigError(ValueError):
    """The rules file is invalid; the message lists every problem found."""


def fold(name: str) -> str:
    """The case- and space-insensitive form names are compared in."""
    return " ".join(name.casefold().split())


@dataclass(frozen=True)
class Rule:
    id: str
    type: str
    severity: str


@dataclass(frozen=True)
class AidAmountRule(Rule):
    min_amount: float
    currencies: frozenset[str] = frozenset()
    novelty: frozenset[str] = frozenset({"new"})
    donors: frozenset[str] = frozenset()
    recipients: frozenset[str] = frozenset()
    aid_types: frozenset[str] = frozenset()
    statuses: frozenset[str] = frozenset()


@dataclass(frozen=True)
class WatchedQuoteRule(Rule):
    speakers: dict[str, str]
    """Folded name or alias → the watched person's display name."""
    kinds: frozenset[str] = frozenset(QUOTE_KINDS)


@dataclass(frozen=True)
class NewWeaponRule(Rule):
    known: frozenset[str] = frozenset()


@dataclass(frozen=True)
class MentionSpikeRule(Rule):
    threshold: int
    window: float
    cooldown: float
    labels: frozenset[str] = frozenset(DEFAULT_SPIKE_LABELS)
    entities: frozenset[str] = frozenset()
    clock: str = "ingested"


@dataclass(frozen=True)
class KeywordRule(Rule):
    keywords: tuple[str, ...]
    fields: frozenset[str] = frozenset({"quote", "aid"})
    pattern: re.Pattern[str] = field(default=re.compile("(?!)"), compare=False)


@dataclass(frozen=True)
class LedgerRecordRule(Rule):
    first_seen: bool = True
    statuses: frozenset[str] = frozenset()
    min_amount_usd: float | None = None
    donors: frozenset[str] = frozenset()
    recipients: frozenset[str] = frozenset()
    aid_types: frozenset[str] = frozenset()
    include_background: bool = False


@dataclass(frozen=True)
class WatchLists:
    """Metric label budgets (see claimstream.sink.labels)."""

    donors: tuple[str, ...] = ()
    speakers: tuple[str, ...] = ()
    entities: tuple[str, ...] = ()
    extra_labels: int = 5


@dataclass(frozen=True)
class RuleSet:
    rules: tuple[Rule, ...]
    watch: WatchLists = WatchLists()
    source: str = "<memory>"

    def by_id(self, rule_id: str) -> Rule:
        for r in self.rules:
            if r.id == rule_id:
                return r
        raise KeyError(rule_id)


# --- field parsers: each returns the parsed value or raises ValueError with a readable reason ---


def _str_list(value: Any, choices: tuple[str, ...] | None = None, upper: bool = False) -> list[str]:
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not items or not all(isinstance(v, str) and v.strip() for v in items):
        raise ValueError("expected a non-empty list of names (or one name)")
    out = [v.strip().upper() if upper else v.strip() for v in items]
    if choices is not None:
        bad = [v for v in out if v not in choices]
        if bad:
            raise ValueError(f"unknown value(s) {', '.join(map(repr, bad))}; valid: {', '.join(choices)}")
    return out


def _folded(value: Any) -> frozenset[str]:
    return frozenset(fold(v) for v in _str_list(value))


def _choices(choices: tuple[str, ...]) -> Callable[[Any], frozenset[str]]:
    return lambda v: frozenset(_str_list(v, choices))


def _positive(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
        raise ValueError(f"expected a number > 0, got {value!r}")
    return float(value)


def _positive_int(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(f"expected a whole number >= 1, got {value!r}")
    return value


def duration(value: Any) -> float:
    """Seconds from a number or a string like ``90s``, ``15m``, ``1h``, ``2d``."""
    if isinstance(value, int | float) and not isinstance(value, bool) and value > 0:
        return float(value)
    m = _DURATION.match(str(value).strip()) if isinstance(value, str) else None
    if not m or float(m.group(1)) <= 0:
        raise ValueError(f"expected a duration like 600, '10m', '1h' or '2d', got {value!r}")
    return float(m.group(1)) * _UNIT_SECONDS[m.group(2)]


def _speakers(value: Any) -> dict[str, str]:
    if not isinstance(value, list) or not value:
        raise ValueError("expected a non-empty list of names or {name, aliases} maps")
    out: dict[str, str] = {}
    for item in value:
        if isinstance(item, str) and item.strip():
            name, aliases = item.strip(), []
        elif isinstance(item, dict) and isinstance(item.get("name"), str) and set(item) <= _SPEAKER_KEYS:
            name, aliases = item["name"].strip(), _str_list(item.get("aliases") or [name])
        else:
            raise ValueError(f"bad speaker entry {item!r}: a name, or a map with 'name' and 'aliases'")
        for form in (name, *aliases):
            out[fold(form)] = name
    return out


def _currency(value: Any) -> frozenset[str]:
    codes = _str_list(value, upper=True)
    bad = [c for c in codes if not re.fullmatch(r"[A-Z]{3}", c)]
    if bad:
        raise ValueError(f"not ISO 4217 codes: {', '.join(bad)}")
    return frozenset(codes)


def _bool(value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValueError(f"expected true or false, got {value!r}")
    return value


def _clock(value: Any) -> str:
    if value not in CLOCKS:
        raise ValueError(f"expected one of {', '.join(CLOCKS)}, got {value!r}")
    return str(value)


# type name → (class, {key: (parser, required)})
_TYPES: dict[str, tuple[type[Rule], dict[str, tuple[Callable[[Any], Any], bool]]]] = {
    "aid_amount": (
        AidAmountRule,
        {
            "min_amount": (_positive, True),
            "currency": (_currency, False),
            "novelty": (_choices(NOVELTIES), False),
            "donors": (_folded, False),
            "recipients": (_folded, False),
            "aid_types": (_choices(AID_TYPES), False),
            "statuses": (_choices(STATUSES), False),
        },
    ),
    "watched_quote": (WatchedQuoteRule, {"speakers": (_speakers, True), "kinds": (_choices(QUOTE_KINDS), False)}),
    "new_weapon": (NewWeaponRule, {"known": (_folded, False)}),
    "mention_spike": (
        MentionSpikeRule,
        {
            "threshold": (_positive_int, True),
            "window": (duration, True),
            "cooldown": (duration, False),
            "labels": (lambda v: frozenset(_str_list(v, upper=True)), False),
            "entities": (_folded, False),
            "clock": (_clock, False),
        },
    ),
    "keyword": (KeywordRule, {"keywords": (_str_list, True), "fields": (_choices(KEYWORD_FIELDS), False)}),
    "ledger_record": (
        LedgerRecordRule,
        {
            "first_seen": (_bool, False),
            "statuses": (_choices(STATUSES), False),
            "min_amount_usd": (_positive, False),
            "donors": (_folded, False),
            "recipients": (_folded, False),
            "aid_types": (_choices(AID_TYPES), False),
            "include_background": (_bool, False),
        },
    ),
}
_RENAMED = {"currency": "currencies"}
_COMMON = ("id", "type", "severity", "enabled", "description")


def _unknown_key(key: str, valid: list[str]) -> str:
    hint = difflib.get_close_matches(key, valid, n=1)
    tail = f" (did you mean {hint[0]!r}?)" if hint else f"; valid: {', '.join(valid)}"
    return f"unknown key {key!r}{tail}"


def _parse_rule(raw: Any, where: str, errors: list[str]) -> Rule | None:
    if not isinstance(raw, dict):
        errors.append(f"{where}: expected a map with id and type, got {type(raw).__name__}")
        return None
    rid = raw.get("id")
    if not isinstance(rid, str) or not _ID.match(rid):
        errors.append(f"{where}: 'id' must match [a-z0-9][a-z0-9_-]* (got {rid!r})")
        return None
    where = f"{where} ({rid})"
    rtype = raw.get("type")
    if rtype not in _TYPES:
        errors.append(f"{where}: 'type' must be one of {', '.join(_TYPES)} (got {rtype!r})")
        return None
    cls, spec = _TYPES[rtype]
    severity = raw.get("severity", "warning")
    if severity not in SEVERITIES:
        errors.append(f"{where}: 'severity' must be one of {', '.join(SEVERITIES)} (got {severity!r})")
    if not isinstance(raw.get("enabled", True), bool):
        errors.append(f"{where}: 'enabled' must be true or false")
    kwargs: dict[str, Any] = {}
    for key, value in raw.items():
        if key in _COMMON:
            continue
        if key not in spec:
            errors.append(f"{where}: {_unknown_key(str(key), [*_COMMON, *spec])}")
            continue
        try:
            kwargs[_RENAMED.get(str(key), str(key))] = spec[key][0](value)
        except ValueError as exc:
            errors.append(f"{where}: {key}: {exc}")
    errors.extend(f"{where}: missing required key {k!r}" for k, (_, req) in spec.items() if req and k not in raw)
    if cls is LedgerRecordRule and kwargs.get("first_seen") is False and not kwargs.get("statuses"):
        errors.append(f"{where}: with 'first_seen: false' the rule needs 'statuses', else it never fires")
    if len(errors) or raw.get("enabled", True) is False:
        return None
    return _finish(cls, rid, rtype, severity, kwargs)


def _finish(cls: type[Rule], rid: str, rtype: str, severity: str, kwargs: dict[str, Any]) -> Rule:
    if cls is MentionSpikeRule:
        kwargs.setdefault("cooldown", kwargs["window"])
    if cls is KeywordRule:
        words = sorted({w.strip() for w in kwargs["keywords"]}, key=len, reverse=True)
        kwargs["keywords"] = tuple(words)
        alternatives = "|".join(map(re.escape, words))
        kwargs["pattern"] = re.compile(rf"(?<!\w)({alternatives})(?!\w)", re.IGNORECASE)
    return cls(id=rid, type=rtype, severity=severity, **kwargs)


def _parse_watch(raw: Any, rules: list[Rule], errors: list[str]) -> WatchLists:
    raw = raw or {}
    if not isinstance(raw, dict):
        errors.append("metrics: expected a map")
        return WatchLists()
    valid = ["donors", "speakers", "entities", "extra_labels"]
    errors.extend(f"metrics: {_unknown_key(str(k), valid)}" for k in raw if k not in valid)
    lists: dict[str, tuple[str, ...]] = {}
    for key in valid[:3]:
        try:
            lists[key] = tuple(_str_list(raw[key])) if key in raw else ()
        except ValueError as exc:
            errors.append(f"metrics: {key}: {exc}")
            lists[key] = ()
    if not lists["speakers"]:
        names = {n for r in rules if isinstance(r, WatchedQuoteRule) for n in r.speakers.values()}
        lists["speakers"] = tuple(sorted(names))
    extra = raw.get("extra_labels", 5)
    if isinstance(extra, bool) or not isinstance(extra, int) or not 0 <= extra <= 50:
        errors.append(f"metrics: extra_labels must be a whole number from 0 to 50 (got {extra!r})")
        extra = 5
    return WatchLists(
        donors=lists["donors"], speakers=lists["speakers"], entities=lists["entities"], extra_labels=extra
    )


def parse_rules(data: Any, source: str = "<memory>") -> RuleSet:
    """Validate a loaded rules document; raise RuleConfigError listing every problem."""
    errors: list[str] = []
    if not isinstance(data, dict):
        raise RuleConfigError(f"{source}: expected a map with 'version' and 'rules'")
    errors.extend(
        f"{_unknown_key(str(k), ['version', 'metrics', 'rules'])}"
        for k in data
        if k not in ("version", "metrics", "rules")
    )
    if data.get("version") != 1:
        errors.append(f"'version' must be 1 (got {data.get('version')!r})")
    raw_rules = data.get("rules")
    if not isinstance(raw_rules, list):
        errors.append("'rules' must be a list")
        raw_rules = []
    rules: list[Rule] = []
    for i, raw in enumerate(raw_rules):
        rule_errors: list[str] = []
        rule = _parse_rule(raw, f"rules[{i}]", rule_errors)
        errors.extend(rule_errors)
        if rule is not None:
            rules.append(rule)
    ids = [str(r.get("id")) for r in raw_rules if isinstance(r, dict)]
    errors.extend(f"duplicate rule id {d!r}" for d in sorted({i for i in ids if ids.count(i) > 1}))
    watch = _parse_watch(data.get("metrics"), rules, errors)
    if errors:
        raise RuleConfigError(f"invalid alert rules in {source}:\n  - " + "\n  - ".join(errors))
    return RuleSet(rules=tuple(rules), watch=watch, source=source)


def load_rules(path: str | Path | None = None) -> RuleSet:
    """Load and validate a rules file (the packaged default when ``path`` is empty)."""
    p = Path(path).expanduser() if path else DEFAULT_RULES_FILE
    try:
        text = p.read_text(encoding="utf-8")
    except OSError as exc:
        raise RuleConfigError(f"cannot read alert rules file {p}: {exc.strerror}") from exc
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise RuleConfigError(f"alert rules file {p} is not valid YAML: {exc}") from exc
    return parse_rules(data, str(p))
