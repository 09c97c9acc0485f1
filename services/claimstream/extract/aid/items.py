"""Items of an aid package: named weapon systems (WEAPON entities) and explicitly listed equipment."""

from __future__ import annotations

import re
from collections.abc import Iterable

from spacy.tokens import Doc, Span, Token

from claimstream.extract.doctext import doc_text
from claimstream.extract.lexicon import words

# Head nouns of generic equipment that counts as an item when listed (data/lexicon/equipment_heads.yaml).
EQUIPMENT_HEADS = words("equipment_heads")
# A "system"/"capabilities" head needs a modifier to be an item ("air defense systems").
_NEEDS_MODIFIER = frozenset(
    {
        "system",
        "systems",
        "capabilities",
        "equipment",
        "supplies",
        "kit",
        "kits",
        "unit",
        "units",
        "water",
        "food",
        "fuel",
        "parts",
        "products",
        "materials",
        "sets",
        "bags",
    }
)
_DROP_MODIFIERS = frozenset(
    {
        "more",
        "additional",
        "new",
        "further",
        "other",
        "extra",
        "several",
        "many",
        "some",
        "various",
        "latest",
        "modern",
        "critical",
        "essential",
        "such",
        "much",
        "highly",
        "vital",
        "urgent",
        "needed",
        "necessary",
        "much-needed",
        "small",
        "large",
        "major",
        "key",
        "another",
        "its",
        "their",
        "our",
        "his",
        "her",
        "the",
        "a",
        "an",
        "these",
        "those",
        "this",
        "that",
        "all",
        "first",
        "second",
        "old",
        "modernized",
        "advanced",
        "well-proven",
    }
)
_KEEP_BARE = frozenset(
    {
        "ammunition",
        "tents",
        "drones",
        "tanks",
        "missiles",
        "rockets",
        "shells",
        "medicine",
        "medicines",
        "helicopters",
        "jets",
        "vehicles",
        "howitzers",
        "generators",
        "blankets",
        "ambulances",
        "mines",
        "grenades",
        "munitions",
        "rifles",
        "mortars",
    }
)


def _dropped(tok: Token) -> bool:
    return (
        tok.lower_ in _DROP_MODIFIERS
        or tok.like_num
        or tok.is_punct
        or tok.is_space
        or tok.pos_ == "ADV"
        or tok.ent_type_ in {"CARDINAL", "QUANTITY", "GPE", "NORP", "MONEY"}
    )


def _partitive(doc: Doc, i: int) -> bool:
    """The "of" of a share told by numbers: "the first 25 of 50 armoured vehicles"."""
    return doc[i].lower_ == "of" and i > 0 and doc[i - 1].like_num


def _hyphen_tail(doc: Doc, i: int) -> bool:
    """The second half of a hyphenated word whose first half was dropped: "funded" in
    "Norwegian-funded launchers" is no part of the item's name."""
    return i > 0 and doc[i - 1].text in {"-", "–"} and not doc[i - 1].whitespace_


def _phrase(head: Token, covered: set[int]) -> str | None:
    """The head noun with its contiguous modifiers, minus quantities and words like "more" or "new";
    None when a weapon name modifies it ("IRIS-T SLM air defence systems" is the IRIS-T SLM)."""
    mods = [t for c in head.lefts if c.dep_ in {"compound", "amod", "nmod"} for t in c.subtree]
    start = min((t.i for t in mods), default=head.i)
    doc = head.doc
    joints = [i for i in range(start, head.i) if doc[i].lower_ in {"and", "or", ","}]
    if joints and any(doc[i].lower_ in EQUIPMENT_HEADS for i in range(start, joints[-1])):
        start = joints[-1] + 1  # a misparsed list hung on its last head ("50 X missiles and air defence
        # radars"), not modifiers in coordination ("armoured and mine-protected vehicles")
    if any(start <= i < head.i for i in covered) or head.i - 1 in covered:
        return None
    start = max(start, head.i - 5)
    while start < head.i and (_dropped(doc[start]) or _hyphen_tail(doc, start) or _partitive(doc, start)):
        start += 1
    if start == head.i and head.lower_ in _NEEDS_MODIFIER:
        return None
    return " ".join(doc[start : head.i + 1].text.split())


_CARRYING_VERBS = words("carrying_verbs")


_ON_BOARD = {"on", "aboard", "by", "via"}


def _carriers(toks: list[Token]) -> set[int]:
    """Tokens of the vehicles that carry the aid ("an air force C-17 transport aircraft carrying tents",
    "trucks loaded with food"): the head noun with a carrying clause, and its compounds and modifiers;
    and the vehicles the act goes on ("sent tents aboard a navy ship", "flew them in on two planes")."""
    out: set[int] = set()
    for tok in toks:
        if tok.dep_ == "pobj" and tok.head.lower_ in _ON_BOARD and tok.head.head.pos_ == "VERB":
            out.update(t.i for t in tok.subtree)  # "flew tents to R on two C-130 aircraft": the transport
            continue
        if tok.pos_ in {"NOUN", "PROPN"} and any(
            c.dep_ in {"acl", "relcl"} and c.lemma_.lower() in _CARRYING_VERBS for c in tok.children
        ):
            out.add(tok.i)
            out.update(t.i for c in tok.lefts if c.dep_ in {"compound", "amod", "nmod"} for t in c.subtree)
    return out


def items_in(tokens: Iterable[Token]) -> list[str]:
    """Item names among ``tokens``: WEAPON entities first, then listed generic equipment; the vehicle
    that carries the aid is none."""
    toks = sorted(tokens, key=lambda t: t.i)
    seen: list[str] = []
    covered: set[int] = _carriers(toks)
    idx = {t.i for t in toks}
    for tok in toks:
        if tok.i in covered:
            continue
        if tok.ent_type_ == "WEAPON" and tok.ent_iob_ == "B":
            ent = next((e for e in tok.doc.ents if e.start == tok.i), None)
            if ent is not None:
                surface = " ".join(ent.text.split())
                canon = _weapon_name(surface)
                _add(seen, canon)
                if surface.lower() not in canon.lower():
                    _add(seen, surface)  # the text's own name too ("Strv 122" beside its canonical name)
                covered.update(range(ent.start, ent.end))
    for tok in toks:
        if tok.i in covered or tok.lower_ not in EQUIPMENT_HEADS or tok.pos_ not in {"NOUN", "PROPN"}:
            continue
        if tok.dep_ == "compound" and tok.head.i in idx:
            continue
        name = _phrase(tok, covered)
        if name and tok.i not in covered:
            _add(seen, name)
    return seen


def _weapon_name(text: str) -> str:
    try:
        from claimstream.extract.entities import canonical_name
    except ImportError:  # pragma: no cover - entities module is optional for aid
        return text
    return canonical_name(text, "WEAPON") or text


def _add(seen: list[str], name: str) -> None:
    if _item_key(name) not in {_item_key(s) for s in seen}:
        seen.append(name)


def _item_key(name: str) -> str:
    """One key for the singular and the plural of a name: "F-16s" is "F-16", "launchers" "launcher";
    a capital S stays ("IRIS-T SLS" is not "IRIS-T SL")."""
    if len(name) > 3 and name.endswith("s") and (name[-2].isdigit() or name[-2].islower()):
        name = name[:-1]
    return name.lower()


# A bulleted line: "- NASAMS launchers", "• 20 field hospitals", "* tents".
_BULLET = re.compile(r"^[ \t]*[-•*–—▪◦][ \t]+(.+?)[ \t]*[;,.]?[ \t]*$", re.M)
_QUANTITY = re.compile(
    r"^(?:\d[\d,.]*|one|two|three|four|five|six|seven|eight|nine|ten|dozens of|hundreds of)\s+", re.I
)


def bulleted_items(sent: Span) -> list[str]:
    """Items on the bulleted lines of ``sent`` that follow a lead-in ending in ":" ("It contains:" and
    one line per item), read from the layout, since the parser mangles lines without verbs: a line is
    an item when its last word is an equipment head or it names a WEAPON."""
    text = doc_text(sent.doc)
    seen: list[str] = []
    for m in _BULLET.finditer(text, sent.start_char, sent.end_char):
        if not _after_lead_in(text, m.start()):
            continue
        line = _QUANTITY.sub("", m.group(1).strip())
        toks = [t for t in sent if m.start(1) <= t.idx < m.end(1)]
        named = items_in(t for t in toks if t.ent_type_ == "WEAPON")
        words_ = line.split()
        for name in named:
            _add(seen, name)
        if not named and words_ and words_[-1].lower() in EQUIPMENT_HEADS and len(words_) <= 4:
            _add(seen, " ".join(words_))
    return seen


def _after_lead_in(text: str, pos: int) -> bool:
    """The bullet at ``pos`` belongs to a run of bullets under a lead-in line ending in ":"."""
    lines = text[:pos].rstrip("\n").split("\n")
    for line in reversed(lines):
        if _BULLET.match(line) or not line.strip():
            continue
        return line.rstrip().endswith(":") and bool(_LEAD_IN.search(line))
    return False


# A lead-in that announces the package's contents ("It contains:", "The following equipment:"), not
# another list ("Other news:").
_LEAD_IN = re.compile(
    r"\b(?:includ\w*|contain\w*|compris\w*|consist\w*|following|package|aid|assistance|consignment|"
    r"shipment|deliver\w*|items?|equipment|supplies)\b",
    re.I,
)
