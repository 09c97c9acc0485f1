"""Items of an aid package: named weapon systems (WEAPON entities) and explicitly listed equipment."""

from __future__ import annotations

import re
from collections.abc import Iterable

from spacy.tokens import Doc, Span, Token

from claimstream.extract.doctext import doc_text
from claimstream.extract.lexicon import words

# Head nouns of generic equipment that counts as an item when listed (data/lexicon/equipment_heads.yaml).
EQUIPMENT_HEADS = words("equipment_heads")
# Heads that need a modifier to be an item ("air defense systems", "spare parts"), and those of them that
# a list of other items makes an item by itself ("food, blankets and tents").
_NEEDS_MODIFIER = words("item_heads_needing_modifier")
_BARE_IN_LISTS = words("bare_goods_in_lists")
# "U.S.-made", "Norwegian-funded": who made or paid for the item, no part of its name.
_ORIGIN_PARTICIPLES = words("origin_participles")
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


_HYPHENS = {"-", "–"}


def _hyphen_word_end(doc: Doc, i: int, stop: int) -> int:
    """The last token (before ``stop``) of the hyphenated word that starts at ``i``: "first - aid",
    "Norwegian - funded", "100 - bed"; ``i`` itself when no hyphen follows."""
    j = i
    while j + 2 < stop and doc[j + 1].text in _HYPHENS and not doc[j].whitespace_ and not doc[j + 1].whitespace_:
        j += 2
    return j


def _names_origin(first: Token, last: Token) -> bool:
    """A hyphenated word that tells a count, a place or a maker ("100-bed", "Soviet-era", "U.S.-made",
    "Norwegian-funded"), not a kind ("first-aid kits", "long-range drones", "anti-drone guns")."""
    tail = last.lower_.rsplit("-", 1)[-1]
    return first.text[:1].isdigit() or first.ent_type_ in {"GPE", "NORP"} or tail in _ORIGIN_PARTICIPLES


def _cut_tail(doc: Doc, i: int) -> bool:
    """The second half of a hyphenated word whose first half was cut: "-funded" when the words before
    it were too many ("Norwegian-funded launchers")."""
    return i > 0 and doc[i - 1].text in _HYPHENS and not doc[i - 1].whitespace_


def _name_start(doc: Doc, start: int, head: int) -> int:
    """The first word of the item's name: the words from ``start`` on, minus leading quantities, owners and
    words like "more"; a hyphenated word is kept or dropped whole."""
    while start < head:
        end = _hyphen_word_end(doc, start, head)
        if end > start or "-" in doc[start].text[1:]:
            if not _names_origin(doc[start], doc[end]):
                return start
        elif not (_dropped(doc[start]) or _partitive(doc, start) or _cut_tail(doc, start)):
            return start
        start = end + 1
    return start


def _misparsed_modifier(head: Token) -> bool:
    """A modifier the parser took for a verb with the item as its object: "hygiene kits" and "dressing
    materials" in a list ("water, hygiene kits", "drugs and dressing materials"), "tinned food"; not a verb
    of its own ("received tents and sent blankets", "trucks carrying flour")."""
    verb = head.head
    if head.dep_ != "dobj" or verb.i != head.i - 1 or verb.pos_ != "VERB":
        return False
    if any(c.dep_ in {"nsubj", "nsubjpass", "aux", "auxpass"} for c in verb.children):
        return False
    return (verb.dep_ == "conj" and verb.head.pos_ in {"NOUN", "PROPN"}) or verb.tag_ == "VBN"


def _listed(head: Token) -> bool:
    """One of a list of concrete goods: "food" in "food, water and blankets"; not in "food and supplies",
    where nothing in the list names a kind of good."""
    return any(
        t.lower_ in EQUIPMENT_HEADS
        and (t.lower_ not in _NEEDS_MODIFIER or any(c.dep_ in {"compound", "amod"} for c in t.lefts))
        for t in head.conjuncts
    )


def _phrase(head: Token, covered: set[int]) -> str | None:
    """The head noun with its contiguous modifiers, minus quantities and words like "more" or "new";
    None when a weapon name modifies it ("IRIS-T SLM air defence systems" is the IRIS-T SLM)."""
    mods = [t for c in head.lefts if c.dep_ in {"compound", "amod", "nmod"} for t in c.subtree]
    start = min((t.i for t in mods), default=head.i - 1 if _misparsed_modifier(head) else head.i)
    doc = head.doc
    joints = [i for i in range(start, head.i) if doc[i].lower_ in {"and", "or", ","}]
    if joints and any(doc[i].lower_ in EQUIPMENT_HEADS for i in range(start, joints[-1])):
        start = joints[-1] + 1  # a misparsed list hung on its last head ("50 X missiles and air defence
        # radars"), not modifiers in coordination ("armoured and mine-protected vehicles")
    if any(start <= i < head.i for i in covered) or head.i - 1 in covered:
        return None
    start = _name_start(doc, max(start, head.i - 5), head.i)
    bare = start == head.i
    if bare and head.lower_ in _NEEDS_MODIFIER and not (head.lower_ in _BARE_IN_LISTS and _listed(head)):
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
        if (tok.dep_ == "compound" and tok.head.i in idx) or _hyphen_word_end(tok.doc, tok.i, len(tok.doc)) > tok.i:
            continue  # a modifier: "air defence radars", "mine" in "mine-clearing vehicles"
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
