"""Entities of one parsed article, grouped by canonical name with one label each.

Works on the spaCy parse only (no second ``nlp`` call): spaCy's entities plus the WEAPON component's,
names spaCy missed that the tables know ("Kyiv", "dpa"), and abbreviations glued to a word
("U.S.-made"). Each mention is cleaned (leading "the", possessive, "(ACRONYM)" tail), junk is
dropped (photo credits, bylines, transcript labels, generic words, lower-case words), labels are
corrected from the tables and from evidence in the article, and short forms resolve to the fullest
form the article uses ("Stoltenberg" -> "Jens Stoltenberg", "OFAC" -> its spelled-out name).
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from spacy.tokens import Doc

from claimstream.extract import names
from claimstream.extract.components import weapons as gazetteer
from claimstream.extract.doctext import doc_text
from claimstream.extract.entities.bodies import lowercase_ministries, owned_ministries
from claimstream.extract.entities.mentions import Mention, collect_mentions
from claimstream.extract.entities.persons import resolve_people
from claimstream.extract.entities.places import (
    admin_areas,
    coordinated_places,
    dateline_cities,
    relabel_cities,
    relabel_states,
    settlements,
)
from claimstream.extract.lexicon import words as lexicon_words
from claimstream.extract.people import institution_name

NAME_LABELS = frozenset(
    {"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW", "WEAPON"}
)
# Tie-break when a canonical entity's mentions disagree on the label.
_LABEL_PRIORITY = {"WEAPON": 0, "PERSON": 1, "GPE": 2, "ORG": 3, "NORP": 4, "LOC": 5}

_REGION = re.compile(r"\b(Region|Oblast|Province|Governorate|District|Prefecture|Krai)$")
# A name ending in an organisation's head word ("the Kelmor Railways", "the Harbour Relief Fund"):
# the donor heads and the words that head names only, one regex over their capitalised forms.
_ORG_HEAD = re.compile(
    r"\b(?:"
    + "|".join(
        sorted(
            (re.escape(w.capitalize()) for w in lexicon_words("organisation_heads") | lexicon_words("org_name_heads")),
            key=len,
            reverse=True,
        )
    )
    + r")$"
)
_RELIEF_ORG = re.compile(r"\bRed (?:Cross|Crescent)$")
_ACRONYM = re.compile(r"^[A-Z]{2,6}$")
_US_MARK = re.compile(r"\b(?:US|U\.S\.|United States|American)\b")
_PLACE_CUES = lexicon_words("place_cues")
_STORM_WORDS = lexicon_words("storm_words")
_ORGANS = lexicon_words("organ_names")
_NAME_TITLES = lexicon_words("name_titles")
_PORTFOLIO_TITLES = lexicon_words("portfolio_titles")


def canonical_name(text: str, label: str) -> str:
    """The canonical form of one name out of context ("U.S." -> "United States", "Kiev" -> "Kyiv",
    "the Pentagon" -> "Department of Defense", "PAC-3" -> "Patriot", "Putin" -> "Vladimir Putin").

    Within an article, :func:`extract_entities` also resolves short forms against fuller ones."""
    if label == "WEAPON":
        return gazetteer.weapon_canonical(text) or names.strip_name(text)
    known = names.place_or_org(text)
    if known and (label in ("GPE", "ORG", "LOC", "FAC") or not label):
        return known[0]
    if label == "PERSON":
        return names.known_person(names.strip_name(text)) or names.strip_name(text)
    return names.strip_name(text)


def extract_entities(doc: Doc) -> list[dict[str, Any]]:
    """All entities of ``doc`` as ``{"canonical", "label", "count", "mentions"}``, first-mentioned first."""
    mentions = collect_mentions(doc)
    mentions += lowercase_ministries(doc, mentions)
    mentions = sorted(mentions + dateline_cities(doc, mentions), key=lambda m: m.start)
    for m in mentions:
        _fix_label(doc, m)
    _us_bodies_elsewhere(mentions)
    relabel_states(mentions)
    relabel_cities(doc, mentions)
    settlements(doc, mentions)
    admin_areas(doc, mentions)
    coordinated_places(doc, mentions)
    _resolve_acronyms(mentions)
    owned_ministries(doc, mentions)
    resolve_people(doc, mentions)
    _resolve_org_short_forms(mentions)
    _join_weapon_mentions(mentions)
    _drop_family_after_variant(doc, mentions)
    _name_weapons_as_written(mentions)
    people_at = {m.tok_start for m in mentions if m.label == "PERSON"}
    kept = [m for m in mentions if not _title_alone(m) and not _portfolio(doc, m)]
    return _group([m for m in kept if not _title_before_name(m, people_at)])


def _us_bodies_elsewhere(mentions: list[Mention]) -> None:
    """A bare "Treasury" is the US Treasury (the name table's reading) only in an article that names
    the United States; in one about Kelmor it is Kelmor's, named as written ("the Treasury said")."""
    if any(m.canonical == "United States" for m in mentions):
        return
    for m in mentions:
        if m.label == "ORG" and m.canonical.startswith("US ") and not _US_MARK.search(m.text):
            m.canonical, m.fixed = names.strip_name(m.text), False


def _portfolio(doc: Doc, m: Mention) -> bool:
    """ "Energy Minister Ana Roe", "the Minister for Coastal Affairs, Tom Reddy": the ORG spaCy finds is
    the person's portfolio, part of a title; "the Finance Ministry" (a body's own head word) stays."""
    if m.label != "ORG" or m.fixed or _ORG_HEAD.search(m.canonical):
        return False
    if m.tok_end < len(doc) and doc[m.tok_end].lower_ in _PORTFOLIO_TITLES:
        return True
    if (
        m.tok_end + 1 < len(doc)
        and doc[m.tok_end - 1].is_title  # "Ministry of Roads and" + "Foreign Minister" is no portfolio
        and doc[m.tok_end].is_title
        and doc[m.tok_end + 1].lower_ in _PORTFOLIO_TITLES
    ):
        return True  # "Lands Cabinet Secretary Ana Roe", "Energy Deputy Minister Tom Reddy"
    return (
        m.tok_start >= 2
        and doc[m.tok_start - 1].lower_ in ("for", "of")
        and doc[m.tok_start - 2].lower_ in _PORTFOLIO_TITLES
    )


def _title_before_name(m: Mention, people_at: set[int]) -> bool:
    """ "Rear Admiral Tomas Vell", "Deputy Commissioner Ana Roe" with the title tagged ORG: a short
    ORG that ends in a person's title, right before a person's name, is the title (no body's name:
    "the Harbour Council" keeps its head)."""
    words = m.canonical.split()
    return (
        m.label == "ORG"
        and not m.fixed
        and 1 < len(words) <= 3
        and m.tok_end in people_at
        and names.fold(words[-1]) in _NAME_TITLES
        and not _ORG_HEAD.search(" ".join(words[:-1]))
    )


def _title_alone(m: Mention) -> bool:
    """ "the Taoiseach said", "the President" tagged PERSON or ORG: a title with no name is no entity."""
    return m.label in ("PERSON", "ORG") and " " not in m.canonical and names.fold(m.canonical) in _NAME_TITLES


def _is_place_by_context(doc: Doc, m: Mention) -> bool:
    """A one- or two-word ORG after a place preposition or verb ("in Kordofan", "near El Fasher")."""
    words = m.canonical.split()
    if len(words) > 2 or m.canonical.isupper() or _ORG_HEAD.search(m.canonical) or m.tok_start == 0:
        return False
    return doc[m.tok_start - 1].lower_ in _PLACE_CUES


def _fix_label(doc: Doc, m: Mention) -> None:
    """Label and canonical name from the tables and the name's own shape."""
    if m.label == "WEAPON":
        return
    if m.label in NAME_LABELS:
        body = _body_of_organ(m.canonical)
        if body:
            m.canonical, m.label, m.fixed = body, "ORG", True
            return
        known = names.place_or_org(m.text)
        if known:
            m.canonical, m.label = known
            m.fixed = True
            return
        if names.is_demonym(m.text):
            m.label = "NORP"
            m.fixed = True
            return
        if names.fold(m.text) in names.NOT_GPE:
            m.label = "LOC"
            m.fixed = True
            return
    if (m.label == "ORG" and _is_place_by_context(doc, m)) or (
        m.label in ("LOC", "FAC", "ORG", "GPE") and _REGION.search(m.canonical)
    ):
        m.label = "GPE"
    elif m.label == "GPE" and (
        _ACRONYM.match(m.canonical)  # "NRA": country abbreviations are in the tables
        or (" " in m.canonical and _ORG_HEAD.search(m.canonical))
    ):
        m.label = "ORG"
    elif m.label == "PERSON" and names.fold(m.canonical.split()[0]) in _STORM_WORDS and " " in m.canonical:
        m.label = "EVENT"  # "Cyclone Ana", "Hurricane Leo" tagged PERSON by the small model
        m.fixed = True
    elif (
        m.label == "PERSON"
        and " " in m.canonical
        and (_ORG_HEAD.search(m.canonical) or _RELIEF_ORG.search(m.canonical) or institution_name(m.canonical))
    ):
        m.label = "ORG"  # "Turkish Red Crescent", "Kyiv Security Council" tagged PERSON by the small model
    elif m.label == "GPE" and m.canonical.isupper() and (len(m.canonical) > 4 or _also_written_in_case(doc, m)):
        m.canonical = m.canonical.title()  # dateline "NEW YORK"; "OSLO" when the text also writes "Oslo"


def _body_of_organ(name: str) -> str | None:
    """ "IMF Executive Board" -> "International Monetary Fund": a known body's organ is the body."""
    low = name.lower()
    for organ in _ORGANS:
        if low.endswith(" " + organ):
            known = names.place_or_org(names.strip_name(name[: -len(organ) - 1]))
            return known[0] if known and known[1] == "ORG" else None
    return None


def _also_written_in_case(doc: Doc, m: Mention) -> bool:
    return m.canonical.title() in doc_text(doc)


def _resolve_acronyms(mentions: list[Mention]) -> None:
    """'Office of Foreign Assets Control (OFAC)' makes later 'OFAC' mentions that office."""
    table: dict[str, tuple[str, str]] = {}
    for m in mentions:
        if m.acronym and _acronym_fits(m.acronym, m.canonical):
            table[m.acronym] = (m.canonical, m.label)
    table = _undeclared_acronyms(mentions) | table
    if not table:
        return
    for m in mentions:
        hit = table.get(m.text)
        if hit and not m.acronym:
            m.canonical, m.label = hit
            m.fixed = True


_MINOR_WORDS = frozenset({"of", "for", "and", "the", "on", "in", "&"})


def _undeclared_acronyms(mentions: list[Mention]) -> dict[str, tuple[str, str]]:
    """An all-capitals ORG that spells the initials of exactly one longer ORG of the article, never
    declared in brackets ("the Northern Bank for Reconstruction and Growth" ... "the NBRG")."""
    by_initials: dict[str, set[str]] = {}
    for m in mentions:
        words = [w for w in m.canonical.replace("-", " ").split() if w.lower() not in _MINOR_WORDS]
        if m.label == "ORG" and len(words) >= 3 and all(w[:1].isupper() for w in words):
            by_initials.setdefault("".join(w[0] for w in words), set()).add(m.canonical)
    out = {}
    for m in mentions:
        hits = by_initials.get(m.text, set())
        if m.label == "ORG" and m.text.isupper() and len(m.text) >= 3 and len(hits) == 1:
            out[m.text] = (next(iter(hits)), "ORG")
    return out


def _acronym_fits(acronym: str, name: str) -> bool:
    """'DoD' fits 'Department of Defense', 'AP' does not fit 'Ukraine': the letters follow the initials,
    or the letters right after one ('KOPA' fits 'Korlan Peace Agency': "KOrlan")."""
    words = name.lower().replace("-", " ").split()
    letters = "".join(c for c in acronym.lower() if c.isalpha())
    if not letters or not words or letters[0] != words[0][0]:
        return False
    return _spells(letters[1:], words, 0, 1)


def _spells(letters: str, words: list[str], w: int, c: int) -> bool:
    """``letters`` continue word ``w`` at its ``c``-th letter or start a later word, in order."""
    if not letters:
        return True
    ch = letters[0]
    if c < len(words[w]) and words[w][c] == ch and _spells(letters[1:], words, w, c + 1):
        return True
    return any(words[j][0] == ch and _spells(letters[1:], words, j, 1) for j in range(w + 1, len(words)))


def _resolve_org_short_forms(mentions: list[Mention]) -> None:
    """A one-word ORG ("House", "Commission") that starts or ends exactly one longer ORG in the article."""
    longer = {m.canonical for m in mentions if m.label == "ORG" and " " in m.canonical}
    for m in mentions:
        if m.label != "ORG" or m.fixed or " " in m.canonical or m.canonical.isupper():
            continue
        word = m.canonical
        for hits in ({o for o in longer if o.split()[0] == word}, {o for o in longer if o.split()[-1] == word}):
            if len(hits) == 1:
                m.canonical = hits.pop()
                break


def _join_weapon_mentions(mentions: list[Mention]) -> None:
    """A weapon the component let through once ("Patriot") is a weapon wherever spaCy tagged it
    otherwise in the same article ("Patriots" as ORG)."""
    weapons = {m.canonical for m in mentions if m.label == "WEAPON"}
    if not weapons:
        return
    # "the Panzerhaubitze" after "Panzerhaubitze 2000": the name word of a written weapon name
    surnames = {m.text.split()[-1] for m in mentions if m.label == "PERSON" and " " in m.text}
    heads = {
        m.text.split()[0]: m.canonical
        for m in mentions
        if m.label == "WEAPON" and " " in m.text and m.text.split()[0] not in surnames  # not "Selcuk Bayraktar"
    }
    for m in mentions:
        if m.label in ("ORG", "PRODUCT", "PERSON", "WORK_OF_ART", "FAC") and not m.fixed:
            if m.label == "PERSON" and m.text in surnames:
                continue  # "Selcuk Bayraktar … Bayraktar said": the person, not the drone
            canonical = gazetteer.weapon_canonical(m.text)
            if canonical not in weapons and " " not in m.text and len(m.text) >= 5:
                canonical = heads.get(m.text)
            if canonical in weapons:
                m.canonical, m.label = canonical, "WEAPON"


def _drop_family_after_variant(doc: Doc, mentions: list[Mention]) -> None:
    """ "Leopard 2A6 tanks … the Leopards": a family named only after one of its variants refers
    back to that variant and is not a weapon of its own (a family introduced first is kept: "the
    IRIS-T family includes the IRIS-T SLS"; so is a family counted on its own: "four IRIS-T SLM
    systems … seven IRIS-T systems so far" are more systems, not the same four)."""
    first: dict[str, int] = {}
    counted: set[str] = set()
    for m in mentions:
        if m.label == "WEAPON":
            first[m.canonical] = min(first.get(m.canonical, m.start), m.start)
            if _counted(doc, m.tok_start):
                counted.add(m.canonical)
    dropped = {
        family
        for family in first
        for variant in first
        if variant != family
        and family not in counted
        and gazetteer.is_variant_of(variant, family)
        and first[variant] < first[family]
    }
    mentions[:] = [m for m in mentions if not (m.label == "WEAPON" and m.canonical in dropped)]


def _counted(doc: Doc, i: int) -> bool:
    """A number right before the mention, or before one word ("seven IRIS-T", "12 more Leopards")."""
    before = [t for t in doc[max(0, i - 2) : i] if not t.is_punct]
    return bool(before) and (before[-1].like_num or (len(before) == 2 and before[0].like_num))


def _name_weapons_as_written(mentions: list[Mention]) -> None:
    """A weapon goes by a name the article writes (see :func:`weapons.written_name`); a ship class by the
    name it is first written with (:func:`_join_ship_classes`)."""
    by_canonical: dict[str, list[Mention]] = {}
    for m in sorted(mentions, key=lambda m: m.start):
        if m.label == "WEAPON":
            by_canonical.setdefault(m.canonical, []).append(m)
    for canonical, ms in by_canonical.items():
        name = gazetteer.written_name(canonical, [m.text for m in ms])
        for m in ms:
            m.canonical = name
    _join_ship_classes(mentions)


def _join_ship_classes(mentions: list[Mention]) -> None:
    """ "a Guardian-class patrol boat … 22 Guardian-class boats": one class, named as first written."""
    first: dict[str, str] = {}
    for m in sorted(mentions, key=lambda m: m.start):
        if m.label == "WEAPON" and "-class" in m.canonical:
            m.canonical = first.setdefault(m.canonical.split("-class")[0], m.canonical)


def _group(mentions: list[Mention]) -> list[dict[str, Any]]:
    groups: dict[str, list[Mention]] = {}
    for m in mentions:
        groups.setdefault(names.fold(m.canonical) or m.canonical, []).append(m)
    out: list[dict[str, Any]] = []
    for ms in groups.values():
        labels = Counter(m.label for m in ms)
        label = min(labels, key=lambda lab: (-labels[lab], _LABEL_PRIORITY.get(lab, 9), lab))
        canonical = Counter(m.canonical for m in ms).most_common(1)[0][0]
        ms.sort(key=lambda m: m.start)
        # The sentence is evidence once per entity (its first mention): repeating it on every
        # mention made an Entities message five times the size of its article.
        first = ms[0]
        out.append(
            {
                "canonical": canonical,
                "label": label,
                "count": len(ms),
                "mentions": [{"text": m.text, "start": m.start, "end": m.end} for m in ms],
                "evidence": {"start": first.start, "end": first.end, "sentence": first.sentence},
            }
        )
    out.sort(key=lambda e: e["mentions"][0]["start"])
    return out
