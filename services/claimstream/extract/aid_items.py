"""Items of an aid package: named weapon systems (WEAPON entities) and explicitly listed equipment."""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Doc, Token

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


def _hyphen_tail(doc: Doc, i: int) -> bool:
    """The second half of a hyphenated word whose first half was dropped: "funded" in
    "Norwegian-funded launchers" is no part of the item's name."""
    return i > 0 and doc[i - 1].text in {"-", "–"} and not doc[i - 1].whitespace_


def _phrase(head: Token, covered: set[int]) -> str | None:
    """The head noun with its contiguous modifiers, minus quantities and words like "more" or "new";
    None when a weapon name modifies it ("IRIS-T SLM air defence systems" is the IRIS-T SLM)."""
    mods = [t for c in head.lefts if c.dep_ in {"compound", "amod", "nmod"} for t in c.subtree]
    start = min((t.i for t in mods), default=head.i)
    if any(start <= i < head.i for i in covered) or head.i - 1 in covered:
        return None
    start = max(start, head.i - 5)
    doc = head.doc
    while start < head.i and (_dropped(doc[start]) or _hyphen_tail(doc, start)):
        start += 1
    if start == head.i and head.lower_ in _NEEDS_MODIFIER:
        return None
    return " ".join(doc[start : head.i + 1].text.split())


def items_in(tokens: Iterable[Token]) -> list[str]:
    """Item names among ``tokens``: WEAPON entities first, then listed generic equipment."""
    toks = sorted(tokens, key=lambda t: t.i)
    seen: list[str] = []
    covered: set[int] = set()
    idx = {t.i for t in toks}
    for tok in toks:
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
    if name.lower() not in {s.lower() for s in seen}:
        seen.append(name)
