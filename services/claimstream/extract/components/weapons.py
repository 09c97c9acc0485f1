"""WEAPON entities: a spaCy component that tags named weapon systems from a maintained gazetteer.

The gazetteer (``claimstream/data/weapons.json``) lists each system with its canonical name, category,
aliases and the names that are also ordinary words or surnames ("Patriot", "Bradley", "Leopard").
Those ambiguous names count only when capitalised and with military context (see
``WeaponTagger._gazetteer_spans``), and never when spaCy sees them inside a longer name ("Stacey
Abrams", "the Patriot Act"). Abbreviations that are also words ("HARM", "TOW") match only as written.

The component runs after ``ner`` and overrides spaCy's label where they overlap, so a system the
statistical model calls PERSON, ORG or PRODUCT comes out as WEAPON. The canonical name is stored in
the span's ``kb_id_``. A second, generic rule tags model designators ("T-72", "Su-25") that the
gazetteer does not list when a weapon noun follows them ("Tu-22 bombers"). The designator shapes are
data too (the file's ``designator_patterns``), each matched against one token: hyphenated ("Zx-41"),
glued with variant codes ("M777A2", "K9A1") and short ("K9", before a weapon noun only). A designator
and a listed name written together are one weapon ("AIM-120D AMRAAM"), and a navy prefix and a ship's
name ("HMS Steadfast", lexicon ``ship_prefixes``) are a named platform, found by a spaCy Matcher.
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from claimstream.extract import names
from claimstream.extract.doctext import doc_text
from claimstream.extract.lexicon import words as lexicon_words
from claimstream.extract.people import institution_name

FACTORY = "claimstream_weapons"
LABEL = "WEAPON"


# A sentence must contain one of these lemmas before an ambiguous name counts as a weapon.
MILITARY_CUES = lexicon_words("military_cues")
# Nouns that make an unknown designator ("Su-25", "T-72s") a weapon when they follow it.
WEAPON_NOUNS = lexicon_words("weapon_nouns")
# The weapon nouns that also name civilian things: they count only right after the designator.
_GENERIC_NOUNS = lexicon_words("generic_weapon_nouns")
_CIVIL_CODES = lexicon_words("civil_designators")
_MODIFIERS_BEFORE_NOUN = 4  # "Zx-41 | anti - ship | missiles": tokens a weapon noun may sit after
_CLASS_NOUNS = frozenset(
    {
        "boat",
        "carrier",
        "corvette",
        "cruiser",
        "destroyer",
        "frigate",
        "minehunter",
        "ship",
        "submarine",
        "vessel",
        "warship",
        "battlecruiser",
    }
)


def _default_path() -> Path:
    return Path(str(resources.files("claimstream") / "data" / "weapons.json"))


@functools.cache
def designator_patterns(path: str | None = None) -> dict[str, re.Pattern[str]]:
    """The token shapes of model designators, from the gazetteer file's ``designator_patterns``."""
    raw = json.loads(Path(path or _default_path()).read_text(encoding="utf-8"))["designator_patterns"]
    return {key: re.compile(value) for key, value in raw.items() if not key.endswith(("doc", "examples"))}


_PATTERNS = designator_patterns()
_DESIGNATOR = _PATTERNS["hyphenated"]  # "Su-25", "T-72s"
_GLUED_DESIGNATOR = _PATTERNS["glued"]  # "M777", "AS90", "CV90s", "M777A2", "K9A1"
_SHORT_DESIGNATOR = _PATTERNS["short"]  # "K9", "K2": only right before a weapon noun
_MODEL_NUMBER = _PATTERNS["model_number"]  # the "99" of "Type 99", the "2000" of "Krab 2000"
_VARIANT = _PATTERNS["variant"]  # "2A8" after "Leopard", "A4"
_DESIGNATOR_BASE = _PATTERNS["variant_base"]  # "T-64BM2" -> "T-64", "M777A2" -> "M777"
_INDEX = _PATTERNS["index"]  # the "9K33" of "9K33 Osa": a designator only before a name
_NOT_A_MODEL_WORD = lexicon_words("not_weapon_model_words")
_BLOCKED_NEXT = frozenset({"act", "party", "front", "league", "games", "day", "award", "awards", "news"})
_KEEP_LEFT = frozenset({"ORG", "PERSON", "GPE", "NORP"})
_NAME_LABELS = frozenset({"PERSON", "ORG", "LAW", "EVENT", "WORK_OF_ART", "FAC"})
_CONTINUED_LABELS = frozenset({"PERSON", "LAW", "EVENT", "WORK_OF_ART"})
_SPEECH_VERBS = lexicon_words("name_speech_verbs")
_SHIP_PREFIXES = lexicon_words("ship_prefixes")
_MAKER_WORDS = lexicon_words("maker_name_words")
_SHIP_PREFIX_WORD = re.compile(r"\b(?:" + "|".join(sorted(map(re.escape, _SHIP_PREFIXES))) + r")\b")
_SHIP_NAME_WORDS = "{1,4}"  # "USS | Gerald R. Ford": the capitalised words of a ship's name


@dataclass(frozen=True)
class WeaponSystem:
    canonical: str
    category: str
    aliases: tuple[str, ...]
    ambiguous: tuple[str, ...]
    parent: str | None = None
    exact: tuple[str, ...] = ()


@functools.cache
def load_gazetteer(path: str | None = None) -> tuple[WeaponSystem, ...]:
    """The weapon systems in the gazetteer file (the packaged one by default)."""
    raw = json.loads(Path(path or _default_path()).read_text(encoding="utf-8"))
    return tuple(
        WeaponSystem(
            canonical=s["canonical"],
            category=s["category"],
            aliases=tuple(s.get("aliases", ())),
            ambiguous=tuple(s.get("ambiguous", ())),
            parent=s.get("parent"),
            exact=tuple(s.get("exact", ())),
        )
        for s in raw["systems"]
    )


def surface_variants(name: str) -> dict[str, bool]:
    """Spellings of one name (as written, hyphen as space or dropped, plurals), each with whether it
    is risky: "A10" or "T72" without the hyphen is also a page number or a road, so it needs context."""
    forms = {name: False}
    if "-" in name:
        forms[name.replace("-", " ")] = False
        forms[name.replace("-", "")] = True
    for form, risky in list(forms.items()):
        if form[-1].isalnum() and not form.endswith(("s", "S")):
            forms.setdefault(form + "s", risky)
    return forms


@functools.cache
def _alias_index(path: str | None = None) -> dict[str, str]:
    systems = load_gazetteer(path)
    groups = _pattern_groups(systems)
    index: dict[str, str] = {}
    for key in sorted(groups, key=lambda k: k.ambiguous):
        for form in groups[key]:
            index.setdefault(_fold(form), key.canonical)
    for system in systems:
        for name in system.exact:
            for form in surface_variants(name):
                index.setdefault(_fold(form), system.canonical)
    return index


def _fold(text: str) -> str:
    return re.sub(r"[\s\-]+", " ", text.strip().lower().replace("’", "'"))


def weapon_canonical(text: str, path: str | None = None) -> str | None:
    """The canonical name of a weapon surface form ("PAC-3" -> "Patriot"), or None if not listed."""
    t = re.sub(r"(['’]s|['’])$", "", text.strip())
    t = re.sub(r"^(the|a|an)\s+", "", t, flags=re.IGNORECASE)
    return _alias_index(path).get(_fold(t))


@functools.cache
def _parents(path: str | None = None) -> dict[str, str]:
    return {s.canonical: s.parent for s in load_gazetteer(path) if s.parent}


def is_variant_of(variant: str, family: str) -> bool:
    """ "Leopard 2A6" (its gazetteer parent) or "Leopard 2A8" (a variant code after the name) is a
    variant of "Leopard 2", and "AIM-120D AMRAAM" (a code before the name) one of "AMRAAM"; every Leopard 2
    variant is one of "Leopard" too."""
    parent = _parents().get(variant)
    return (
        variant.startswith(family + " ")
        or _coded_before(variant, family)
        or _coded_variant(variant, family)
        or parent == family
        or (parent is not None and is_variant_of(parent, family))
    )


def _coded_before(variant: str, family: str) -> bool:
    """ "AIM-120D AMRAAM" of "AMRAAM": a designator written before the family's name."""
    code, _, rest = variant.partition(" ")
    return rest == family and designator_match(code) is not None


def _coded_variant(variant: str, family: str) -> bool:
    """ "T-64BM2" of "T-64" (a code glued to a designator), "AMRAAM-ER" of "AMRAAM" (a hyphenated code)."""
    rest = variant[len(family) :] if variant.startswith(family) else ""
    glued = family[-1:].isdigit() and re.fullmatch(r"[A-Z][A-Z0-9]{0,4}", rest) is not None
    return glued or re.fullmatch(r"-[A-Z]{1,3}\d?", rest) is not None


_NAME_WORD = re.compile(r"\b[A-Z][a-z]{3,}")  # "Wedgetail", not "PAC", "SCALP" or "M1A1"
_CODED_NAME_WORD = re.compile(r"[A-Z][a-z]{2,}")  # after a designator, short names too: "9K33 Osa"


def written_name(canonical: str, texts: list[str]) -> str:
    """The name an article's weapon goes by: the gazetteer's canonical name when the article
    writes it or names the system only by designators and acronyms ("PAC-3" is a Patriot, "M1A1"
    an M1A1 Abrams); else the first name it writes ("Panzerhaubitze 2000" for the PzH 2000,
    "Wedgetail" for the E-7 Wedgetail), without a plural "s" ("Wedgetails"). A first mention that is
    a designator and a name ("FGM-148 Javelin", "C-17 Globemaster") goes by that, as written; a name
    that is the canonical one after a type word ("Flakpanzer Gepard") or beside another name ("Storm
    Shadow/SCALP") is the canonical name, and so is a maker's name the article writes without the maker
    ("Kirpi" for the BMC Kirpi). A class with one ship noun goes by the class ("Sandown-class")."""
    return _class_alone(_written_name(canonical, texts))


def _class_alone(name: str) -> str:
    """ "Sandown-class minehunter" -> "Sandown-class": a listed class with one ship noun goes by the
    class, as an unlisted one does (see :func:`_class_spans`); "Island-class patrol boat" keeps its kind."""
    head, _, noun = name.rpartition(" ")
    return head if head.endswith("-class") and noun in _CLASS_NOUNS else name


def _written_name(canonical: str, texts: list[str]) -> str:
    forms = [re.sub(r"^(the|a|an)\s+", "", re.sub(r"(['’]s|['’])$", "", t.strip()), flags=re.I) for t in texts]
    if forms and _coded_name(forms[0]):
        return _singular(_without_generic_noun(forms[0]))
    if any(_fold(f) in (_fold(canonical), _fold(canonical) + "s") or _holds_canonical(f, canonical) for f in forms):
        return canonical
    variant = _written_variant(forms[0], canonical) if forms else None
    if variant:
        return variant
    named = [_without_generic_noun(f) for f in forms if _NAME_WORD.search(f)]
    if not named:
        return canonical
    first = named[0]
    if _maker_and(canonical, first):
        return canonical
    if first.endswith("s") and weapon_canonical(first[:-1]) == canonical:
        return first[:-1]
    return first


def _coded_name(form: str) -> bool:
    """ "FGM-148 Javelin", "Zq-7 Skyrunner II", "C-130J Super Hercules": a designator and a name
    written together, which the article's weapon goes by as written (not "M142 HIMARS", whose
    second part is one more code); the code may be a numeric index ("9K33 Osa")."""
    code, _, rest = form.partition(" ")
    coded = designator_match(code) is not None or _INDEX.match(code) is not None
    return bool(rest) and coded and _CODED_NAME_WORD.match(rest) is not None


def _written_variant(form: str, canonical: str) -> str | None:
    """ "two Zq-7B helicopters" of the listed "Zq-7": a variant code glued to the canonical designator,
    which the article names and the weapon goes by (as "IRIS-T SLM" does), without a plural "s"."""
    for name in (form, form[:-1] if form.endswith("s") else ""):
        if name and name != canonical and _coded_variant(name, canonical):
            return name
    return None


def _singular(form: str) -> str:
    """ "Zq-7 Skyrunners" -> "Zq-7 Skyrunner": the plural "s" of a written name's last word, unless the
    word as written is a listed name ("Hercules")."""
    head, _, last = form.rpartition(" ")
    if not (head and last.endswith("s") and last[:-1].isalpha() and last[-2:-1].islower()):
        return form
    return form[:-1] if weapon_canonical(last[:-1]) or not weapon_canonical(last) else form


def _maker_and(canonical: str, form: str) -> bool:
    """The gazetteer names the system with its maker ("Vexa Stormhound") and the article writes the
    name alone or after a kind ("Stormhound", "Light Utility Vehicle Stormhound"): the maker's form
    is the system's name. A designator's form ("E-7 Wedgetail") keeps the written name."""
    maker, _, name = canonical.rpartition(" ")
    return (
        bool(maker)
        and maker.split()[0].isalpha()
        and name.isalpha()
        and _fold(form) != _fold(canonical)
        and _fold(form).rsplit(" ", 1)[-1] in (_fold(name), _fold(name) + "s")
    )


def _without_generic_noun(form: str) -> str:
    """ "Grad rockets" -> "Grad", "Krab howitzer" -> "Krab": a lower-case weapon noun after a name is
    not part of it (a ship class keeps its noun: "Sandown-class minehunter")."""
    head, _, last = form.rpartition(" ")
    if head and "-class" not in form and last.islower() and (last in WEAPON_NOUNS or last.rstrip("s") in WEAPON_NOUNS):
        return head
    return form


def _holds_canonical(form: str, canonical: str) -> bool:
    """ "MIM-104 Patriot" or "Storm Shadow/SCALP" holds "Patriot" or "Storm Shadow" as a whole name; so
    do the canonical name and another name of the same system after it ("F-16 Fighting Falcon",
    "Patriot PAC-3 MSE"), while a variant code after it is no other name ("Leopard 2A8")."""
    folded, name = _fold(form), _fold(canonical)
    if folded.startswith(name + " ") and weapon_canonical(form[len(canonical) :].strip()) == canonical:
        return True
    return folded.endswith((" " + name, " " + name + "s")) or name in (_fold(part) for part in form.split("/"))


@dataclass(frozen=True)
class _Key:
    canonical: str
    ambiguous: bool


class WeaponTagger:
    """Tags gazetteer weapon names (and weapon-like designators) as WEAPON entities."""

    def __init__(self, nlp: Language, name: str, gazetteer: str | None, designators: bool) -> None:
        self.name = name
        self.designators = designators
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.exact_matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.keys: dict[int, _Key] = {}
        self.ship_matcher = Matcher(nlp.vocab)
        name_word = {"IS_TITLE": True, "ENT_TYPE": {"NOT_IN": ["DATE", "TIME"]}, "OP": _SHIP_NAME_WORDS}
        self.ship_matcher.add("ship", [[{"ORTH": {"IN": sorted(_SHIP_PREFIXES)}}, name_word]], greedy="LONGEST")
        systems = load_gazetteer(gazetteer)
        for key, forms in _pattern_groups(systems).items():
            self._add(nlp, self.matcher, f"{key.canonical}|{key.ambiguous}", key, forms)
        for system in systems:
            forms = {f for name in system.exact for f in surface_variants(name)}
            self._add(nlp, self.exact_matcher, f"{system.canonical}|exact", _Key(system.canonical, False), forms)

    def _add(self, nlp: Language, matcher: PhraseMatcher, name: str, key: _Key, forms: set[str]) -> None:
        if forms:
            matcher.add(name, [nlp.make_doc(form) for form in sorted(forms)])
            self.keys[nlp.vocab.strings[name]] = key

    def __call__(self, doc: Doc) -> Doc:
        found = self._gazetteer_spans(doc)
        if self.designators:
            found = [_with_designator_before(doc, self._with_variant(doc, span)) for span in _merge_same(doc, found)]
            coded = _tokens_with_digits(doc)  # every designator and model number holds one: one look, not four
            found += self._designator_spans(doc, coded) + self._model_spans(doc, coded)
            found += (
                self._named_before_noun(doc, found) + _family_variants(doc, found, coded) + _class_spans(doc, found)
            )
            found += (
                self._listed_with_weapons(doc, found, coded) + self._ship_names(doc) + self._counted_names(doc, found)
            )
        if found:
            self._set_ents(doc, filter_spans(found))
        return doc

    def _gazetteer_spans(self, doc: Doc) -> list[Span]:
        """Gazetteer matches. An ambiguous name outside a military sentence still counts when the article
        names that system for sure elsewhere, a number precedes it ("25 Patriots"), or the article names
        two or more systems for sure and spaCy does not take the word for a person."""
        sure: list[Span] = []
        unsure: list[Span] = []
        for match_id, start, end in [*self.matcher(doc), *self.exact_matcher(doc)]:
            key = self.keys[match_id]
            if doc[start].is_lower and doc[start].is_stop:
                continue  # "a 50 billion euro package" is not the A-50 aircraft
            if end < len(doc) and doc[end].text in _MAKER_WORDS:
                continue  # "the contract with Kestrel Aerospace": the maker, named after its weapon
            span = Span(doc, start, end, label=LABEL, kb_id=key.canonical)
            if not key.ambiguous:
                sure.append(span)
            elif _name_ok(doc, start, end) and not _names_something_else(doc, start, end):
                (sure if _military_context(doc, start, end) else unsure).append(span)
        seen = {s.kb_id_ for s in sure}
        weapons_article = len(seen) >= 2
        return sure + [
            s
            for s in unsure
            if s.kb_id_ in seen
            or (s.start > 0 and doc[s.start - 1].like_num)
            or (weapons_article and s[0].ent_type_ != "PERSON")
        ]

    def _designator_spans(self, doc: Doc, coded: list[Token]) -> list[Span]:
        """Model designators the gazetteer lacks, before a weapon noun: "Zx-41 bombers", "K239
        launchers", "M777A2 howitzers", "K9 self-propelled guns". A name written after the designator
        belongs to it ("Zx-41 Frostwing bombers" is the "Zx-41 Frostwing")."""
        out = []
        for tok in coded:
            m = designator_match(tok.text) if tok.i < len(doc) - 1 else None
            if m is None or tok.ent_type_ == LABEL or not _designator_ok(doc, tok.i):
                continue
            end = _name_words_end(doc, tok.i + 1)
            if _weapon_noun_after(doc, end):
                code = tok.text[:-1] if m.group("plural") else tok.text
                text = doc[tok.i : end].text if end > tok.i + 1 else code  # "AIM-9M Sidewinder" as written
                canonical = weapon_canonical(text) or (designator_canonical(code) or code if end == tok.i + 1 else text)
                out.append(Span(doc, tok.i, end, label=LABEL, kb_id=canonical))
        return out

    def _ship_names(self, doc: Doc) -> list[Span]:
        """A navy prefix and a ship's name ("USS Harbor Point", "HMS Steadfast"), which spaCy calls a
        PERSON or an ORG: a named military platform, as written."""
        out: list[Span] = []
        if _SHIP_PREFIX_WORD.search(doc.text) is None:
            return out  # most articles name no ship: the matcher need not run (nor a pass over the tokens)
        for _, start, end in self.ship_matcher(doc):
            end = next((t.i for t in doc[start + 1 : end] if t.is_sent_start), end)  # not into the next sentence
            if end > start + 1:
                out.append(Span(doc, start, end, label=LABEL, kb_id=doc[start:end].text))
        return out

    @staticmethod
    def _listed_with_weapons(doc: Doc, found: list[Span], coded: list[Token]) -> list[Span]:
        """A designator listed beside a weapon ("HIMARS, M777 and Caesar", "the Su-25 and the
        Patriot") is one, with no weapon noun after it."""
        ends = {s.end for s in found}
        starts = {s.start for s in found}
        taken = {i for s in found for i in range(s.start, s.end)}
        out = []
        for tok in coded:
            if tok.i in taken or not (_DESIGNATOR.match(tok.text) or _GLUED_DESIGNATOR.match(tok.text)):
                continue
            if not _designator_ok(doc, tok.i):
                continue
            before = tok.i - 1 if tok.i > 0 and doc[tok.i - 1].lower_ not in (",", "and", "or") else tok.i - 2
            after = tok.i + 2 if tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ in (",", "and", "or") else tok.i + 1
            listed = (before + 1 in ends and before + 1 != tok.i) or (after in starts and after != tok.i + 1)
            if listed:
                text = tok.text[:-1] if tok.text.endswith("s") and not tok.text[:-1].endswith("-") else tok.text
                out.append(Span(doc, tok.i, tok.i + 1, label=LABEL, kb_id=weapon_canonical(tok.text) or text))
        return out

    @staticmethod
    def _model_spans(doc: Doc, coded: list[Token]) -> list[Span]:
        """A capitalised name and a model number before a weapon noun: "Type 99 tanks", "Krab
        2000 howitzers" (not "May 2024 strikes", "page 12 system")."""
        out = []
        for tok in coded:
            if not 0 < tok.i < len(doc) - 1:
                continue
            word = doc[tok.i - 1]
            if not (_MODEL_NUMBER.match(tok.text) and _weapon_noun_after(doc, tok.i + 1)):
                continue
            if doc[tok.i + 1].lower_ == "mm":
                continue  # "Ostra 30 mm cannons": a calibre (see _counted_names), no model number
            if (
                word.is_alpha
                and word.text[:1].isupper()
                and word.lower_ not in _NOT_A_MODEL_WORD
                and not names.place_or_org(word.text)  # "NATO 100 jets", "EU 20 systems"
                and word.ent_type_ not in ("DATE", "GPE", "NORP", LABEL)
                and not word.is_sent_start
                and tok.ent_type_ != LABEL
            ):
                out.append(Span(doc, word.i, tok.i + 1, label=LABEL, kb_id=f"{word.text} {tok.text}"))
        return out

    @staticmethod
    def _with_variant(doc: Doc, span: Span) -> Span:
        """A listed name followed by a variant code the gazetteer lacks ("Leopard 2A8", "Leopard 1
        A5", "AMRAAM-ER") is that variant, named as written: the family is not emitted beside it."""
        end = span.end
        if _glued_code(doc, end):
            end += 1  # "AMRAAM" "-" "ER": the code is the token after the hyphen
        elif end + 1 < len(doc) and doc[end].text in _MARK_WORDS and _MARKS.match(doc[end + 1].text):
            end += 1  # "Caesar Mk II", "Challenger Mark 3": the mark is the variant
        elif end < len(doc) and _ROMAN_MARK.match(doc[end].text) and not span.text.isupper():
            text = doc[span.start : end + 1].text  # "Skyrunner III": a Roman numeral after a name is its mark
            return Span(doc, span.start, end + 1, label=LABEL, kb_id=weapon_canonical(text) or span.kb_id_)
        elif end >= len(doc) or not _VARIANT.match(doc[end].text) or doc[end].ent_type_ in ("DATE", "TIME"):
            return span
        text = doc[span.start : end + 1].text
        return Span(doc, span.start, end + 1, label=LABEL, kb_id=weapon_canonical(text) or text)

    @staticmethod
    def _named_before_noun(doc: Doc, found: list[Span]) -> list[Span]:
        """A one-word name spaCy calls PERSON or PRODUCT right before a weapon noun ("Lynx vehicles"), not
        one that names people ("Harrak fighters")."""
        taken = {i for s in found for i in range(s.start, s.end)}
        out = []
        for ent in doc.ents:
            if (
                ent.label_ in ("PERSON", "PRODUCT")
                and len(ent) == 1
                and ent.end < len(doc)
                and ent.start not in taken
                and ent.text[:1].isupper()
                and _designator_ok(doc, ent.start)
                and not names.place_or_org(ent.text)  # "Kherson drones": a place's drones, no system
                and doc[ent.end].lemma_.lower() in WEAPON_NOUNS
                and _no_people_noun(doc, ent.end)
            ):
                out.append(Span(doc, ent.start, ent.end, label=LABEL, kb_id=ent.text))
        return out

    @staticmethod
    def _counted_names(doc: Doc, found: list[Span]) -> list[Span]:
        """One or two capitalised words after a count and before a weapon noun name a system the
        gazetteer need not list: "40 Vexa Stormhound armoured vehicles", "12 ZEPHR fighter jets",
        "two Brannock 57mm guns" (a calibre after the name is part of it). Not places, peoples,
        institutions or makers of civil goods ("two Coast Guard ships", "ten Toyota vehicles")."""
        taken = {i for s in found for i in range(s.start, s.end)}
        out = []
        for count in doc.ents:  # the counts spaCy finds ("about 40", "eight"): no pass over every token
            if count.label_ != "CARDINAL" or count.end >= len(doc) - 1:
                continue
            start = end = count.end
            while end < min(len(doc) - 1, start + 2) and _name_token(doc[end]):
                end += 1
            name = doc[start:end].text
            if end == start or taken & set(range(start, end)) or names.place_or_org(name) or institution_name(name):
                continue
            if _name_runs_on(doc, end):
                continue  # "two Air Self-Defense Force planes": a longer name, an institution's
            calibre = _calibre_end(doc, end)
            stop = calibre or end
            if _kind_noun_after(doc, stop, calibre is not None):
                text = doc[start:stop].text
                out.append(Span(doc, start, stop, label=LABEL, kb_id=weapon_canonical(text) or text))
        return out

    @staticmethod
    def _set_ents(doc: Doc, weapons: list[Span]) -> None:
        kept: list[Span] = []
        for ent in doc.ents:
            hit = next((w for w in weapons if ent.start < w.end and w.start < ent.end), None)
            if hit is None:
                kept.append(ent)
            elif ent.start < hit.start and ent.label_ in _KEEP_LEFT and not doc[hit.start - 1].is_punct:
                left = Span(doc, ent.start, hit.start, label=ent.label_)
                if any(t.text[:1].isupper() and t.pos_ != "DET" for t in left):  # not a bare "The"
                    kept.append(left)
        doc.ents = filter_spans(weapons + kept)


_PEOPLE_NOUNS = lexicon_words("people_weapon_nouns")
_CALIBRE = re.compile(r"^\d{2,3}(mm)?$")  # "57mm", or "57" before a separate "mm"


def _name_token(tok: Token) -> bool:
    """A word of a system's name: capitalised ("Stormhound") or an acronym of three letters or more
    ("ZEPHR"), not a place, a people or a date, not a military word ("Navy") nor a civil maker."""
    shaped = tok.is_alpha and (tok.is_title or (tok.is_upper and len(tok) >= 3))
    return (
        shaped
        and not tok.is_sent_start
        and tok.ent_type_ not in ("GPE", "NORP", "LOC", "DATE", "PERSON")
        and tok.lemma_.lower() not in MILITARY_CUES
        and tok.lower_ not in _NOT_A_MODEL_WORD
        and not names.is_demonym(tok.text)
    )


def _name_runs_on(doc: Doc, end: int) -> bool:
    """The name goes on past ``end``: a third capitalised word, or a hyphen glued to the last one."""
    nxt = doc[end]
    return (nxt.is_title and nxt.is_alpha) or (nxt.text == "-" and not doc[end - 1].whitespace_)


def _calibre_end(doc: Doc, i: int) -> int | None:
    """The end of a calibre at ``i`` ("57mm", "57 mm"), or None."""
    if i >= len(doc) or not _CALIBRE.match(doc[i].text):
        return None
    if doc[i].text.endswith("mm"):
        return i + 1
    return i + 2 if i + 1 < len(doc) and doc[i + 1].lower_ == "mm" else None


def _kind_noun_after(doc: Doc, i: int, calibre: bool) -> bool:
    """A weapon noun at ``i`` (a generic one, "vehicles", "guns", only after a calibre), or after a few
    modifiers that make it a weapon in a military sentence ("armoured personnel carriers")."""
    if i < len(doc) and _noun_lemma(doc[i]) in WEAPON_NOUNS:
        return _no_people_noun(doc, i) and (calibre or _noun_lemma(doc[i]) not in _GENERIC_NOUNS)
    return _weapon_noun_after(doc, i)


def _no_people_noun(doc: Doc, i: int) -> bool:
    """The weapon noun at ``i`` names no people: "Harrak fighters" are men, "Harrak fighter jets" not."""
    return _noun_lemma(doc[i]) not in _PEOPLE_NOUNS or (i + 1 < len(doc) and _noun_lemma(doc[i + 1]) in WEAPON_NOUNS)


def _pattern_groups(systems: tuple[WeaponSystem, ...]) -> dict[_Key, set[str]]:
    """Surface forms per (canonical, ambiguous); a name as listed beats another system's generated
    variant ("IRIS-T SLS" is not the plural of "IRIS-T SL")."""
    owner: dict[str, tuple[int, _Key, str]] = {}
    for system in systems:
        for name in (system.canonical, *system.aliases, *system.ambiguous):
            if name in system.exact:
                continue
            for form, risky in surface_variants(name).items():
                key = _Key(system.canonical, risky or name in system.ambiguous)
                rank = (0 if form == name else 2) + (0 if key.ambiguous else 1)  # "Caesar" beats "CAESAR"
                lower = form.lower()
                if lower not in owner or rank < owner[lower][0]:
                    owner[lower] = (rank, key, form)
    groups: dict[_Key, set[str]] = {}
    for _, key, form in owner.values():
        groups.setdefault(key, set()).add(form)
    return groups


def _name_ok(doc: Doc, start: int, end: int) -> bool:
    """An ambiguous name must be capitalised and not part of a longer name ("Stacey Abrams") or a
    speaker; a maker's name before it is no longer name when a weapon noun follows ("Nexter Caesar
    howitzers", "Rheinmetall Lynx vehicles")."""
    first = doc[start]
    if not first.text[:1].isupper():
        return False
    prev = doc[start - 1] if start > 0 else None
    before_noun = end < len(doc) and _noun_lemma(doc[end]) in WEAPON_NOUNS  # "Nexter Caesar howitzers"
    if (
        not before_noun
        and prev is not None
        and first.ent_iob_ == "I"
        and first.ent_type_ in _NAME_LABELS
        and prev.text[:1].isupper()
        and prev.lower_ not in ("the", "a", "an")
        and _code_before(doc, start) == start - 1  # "Zq-7 Super Skyrunner" is the code's name
    ):  # "Stacey Abrams"
        return False
    if end < len(doc):
        nxt = doc[end]
        if nxt.lower_ in _BLOCKED_NEXT or nxt.lemma_ in _SPEECH_VERBS:  # "Patriot Act", "Bradley said"
            return False
        if nxt.ent_iob_ == "I" and nxt.ent_type_ in _CONTINUED_LABELS and nxt.text[:1].isupper():
            return False  # "Abrams Jr.", "Patriot Act"
    return True


def _names_something_else(doc: Doc, start: int, end: int) -> bool:
    """An ambiguous name that modifies a noun which is no weapon word ("the Harpoon Brewery", "the
    Javelin throw", "Tornado warnings", "the Apache Software Foundation"), or an ordinary word
    capitalised at the start of a sentence ("Spike in prices …"), names something else. "Patriot
    batteries", "Leopard tanks" and "Patriot air defence systems" keep their weapon."""
    last = doc[end - 1]
    if last.dep_ == "compound" and last.head.i >= end and not any(_weapon_word(h) for h in _compound_heads(last)):
        return True  # "the Harpoon Brewery", and a maker's name: "Excalibur Army"
    first = doc[start]
    return end - start == 1 and bool(first.is_sent_start) and first.pos_ in ("NOUN", "VERB", "ADJ")


_COMPOUND_STEPS = 3  # "Bushmaster | Protected | Mobility | Vehicles"


def _compound_heads(tok: Token) -> list[Token]:
    """The nouns a compound modifier hangs on, nearest first: "Caesar Mk II howitzer" gives "II",
    "howitzer"; "Leopard tank crews" gives "tank", "crews"."""
    heads = [tok.head]
    while heads[-1].dep_ == "compound" and len(heads) < _COMPOUND_STEPS and heads[-1].head.i > heads[-1].i:
        heads.append(heads[-1].head)
    return heads


def _weapon_word(tok: Token) -> bool:
    """A weapon noun, a model code ("2R", "Mk", "II") or a lower-case military word ("batteries")."""
    lemma = _noun_lemma(tok)
    if lemma in WEAPON_NOUNS or any(c.isdigit() for c in tok.text) or tok.text in _MARK_WORDS:
        return True
    return (lemma in MILITARY_CUES and not tok.text[:1].isupper()) or _MARKS.match(tok.text) is not None


_MARK_WORDS = frozenset({"Mk", "Mk.", "Mark"})
_MARKS = re.compile(r"^([IVX]{1,4}|\d{1,4}[A-Z]?)$")  # the "II" of "Caesar Mk II", the "3" of "Mark 3"
_ROMAN_MARK = re.compile(r"^(II|III|IV|VI{0,3})$")  # "Skyrunner III" (one "I" or "X" is no mark)


def _noun_lemma(tok: Token) -> str:
    """The lemma, and a capitalised plural's singular, which spaCy keeps as written ("Vehicles")."""
    lemma = tok.lemma_.lower()
    if tok.is_title and lemma.endswith("s") and lemma[:-1] in WEAPON_NOUNS:
        return lemma[:-1]
    return lemma


def _military_context(doc: Doc, start: int, end: int) -> bool:
    return any(t.lemma_.lower() in MILITARY_CUES for t in doc[start].sent if t.i < start or t.i >= end)


_SUFFIX_CODE = re.compile(r"^[A-Z]{1,3}\d?$")  # the "ER" of "AMRAAM-ER", the "M" of "Buk-M"


def _glued_code(doc: Doc, i: int) -> bool:
    """A hyphen glued to a capital code after a name: "AMRAAM-ER" (not "HIMARS-launched")."""
    return (
        i + 1 < len(doc)
        and doc[i].text == "-"
        and not doc[i - 1].whitespace_
        and not doc[i].whitespace_
        and _SUFFIX_CODE.match(doc[i + 1].text) is not None
    )


def _designator_ok(doc: Doc, i: int) -> bool:
    """Not a civilian code ("A320", "MH17", "COVID-19") and not after a word that makes one ("flight
    PS101", "Galaxy S30", "Route M4")."""
    text = doc[i].text
    if text.lower() in _CIVIL_CODES or (text.endswith("s") and text[:-1].lower() in _CIVIL_CODES):
        return False
    return i == 0 or doc[i - 1].lower_ not in _NOT_A_MODEL_WORD


def _weapon_noun_after(doc: Doc, i: int) -> bool:
    """A weapon noun at ``i`` ("Zx-41 bombers"), or after a few modifiers in a military sentence a
    specific one ("Zx-41 anti-ship missiles", "Krab 2000 self-propelled howitzers") or a generic one
    ("system", "gun", "vehicle") that a military modifier makes a weapon ("K9 self-propelled guns",
    "CV9040C infantry fighting vehicles"; not "A-14 motorway system")."""
    for tok in doc[i : i + _MODIFIERS_BEFORE_NOUN + 1]:
        lemma = tok.lemma_.lower()
        if lemma in WEAPON_NOUNS:
            specific = lemma not in _GENERIC_NOUNS or any(t.lemma_.lower() in MILITARY_CUES for t in doc[i : tok.i])
            return tok.i == i or (specific and _military_context(doc, i - 1, i))
        modifier = tok.text == "-" or (tok.pos_ in ("ADJ", "NOUN", "PROPN", "VERB") and not tok.is_punct)
        if not modifier or (tok.is_sent_start and tok.i > i):
            return False
    return False


def _family_variants(doc: Doc, found: list[Span], coded: list[Token]) -> list[Span]:
    """An unlisted variant of a listed designator ("T-64BM2", "Su-27SM3s", "M777A2") is a weapon named
    as written, with no weapon noun needed: its family is a known system."""
    taken = {i for s in found for i in range(s.start, s.end)}
    out = []
    for tok in coded:
        if not tok.text[:1].isupper() or tok.i in taken:
            continue
        text = tok.text[:-1] if tok.text.endswith("s") and len(tok.text) > 4 else tok.text
        m = _DESIGNATOR_BASE.match(text)
        if m and _designator_ok(doc, tok.i) and designator_canonical(m.group("base")) is not None:
            end = _name_words_end(doc, tok.i + 1)  # "MQ-9B SkyGuardian drones"
            end = end if end > tok.i + 1 and _weapon_noun_after(doc, end) else tok.i + 1
            name = doc[tok.i : end].text if end > tok.i + 1 else text
            out.append(Span(doc, tok.i, end, label=LABEL, kb_id=weapon_canonical(name) or name))
    return out


# Only from the start of a chunk: tried at every position, "\S*\d" is quadratic in a long chunk with
# no digit (a 60,000-mark "!!!…" took 20 s); the matches are the same whole chunks.
_DIGIT_WORD = re.compile(r"(?<!\S)\S*\d\S*")


def _tokens_with_digits(doc: Doc) -> list[Token]:
    """The tokens holding a digit ("Zx-41", "M777A2", "2000"), found in the text rather than by a
    pass over every token."""
    out: list[Token] = []
    last = -1
    for m in _DIGIT_WORD.finditer(doc_text(doc)):
        span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
        for tok in span if span is not None else ():
            if tok.i > last and any(c.isdigit() for c in tok.text):
                out.append(tok)
                last = tok.i
    return out


def designator_match(text: str) -> re.Match[str] | None:
    """The designator shape of one token ("Su-25", "M777A2", "K9"), or None."""
    if "-" in text:
        return _DESIGNATOR.match(text)
    return _GLUED_DESIGNATOR.match(text) or _SHORT_DESIGNATOR.match(text)


@functools.cache
def _named_by_designator(path: str | None = None) -> dict[str, str]:
    """Systems whose canonical name opens with a designator ("K9 Thunder", "K2 Black Panther"), keyed by
    it, when one system alone opens with it."""
    opening: dict[str, list[str]] = {}
    for system in load_gazetteer(path):
        first = system.canonical.split()[0]
        if " " in system.canonical and designator_match(first):
            opening.setdefault(_fold(first), []).append(system.canonical)
    return {code: names[0] for code, names in opening.items() if len(names) == 1}


def designator_canonical(code: str) -> str | None:
    """The system a designator names: an alias ("M142" -> "HIMARS"), also with a hyphen the gazetteer
    does not write ("M-142"), or the opening of a canonical name ("K9" -> "K9 Thunder"); None when the
    gazetteer does not know it."""
    glued = re.sub(r"(?<=[A-Z])-(?=\d)", "", code)
    return weapon_canonical(code) or weapon_canonical(glued) or _named_by_designator().get(_fold(code))


def _merge_same(doc: Doc, spans: list[Span]) -> list[Span]:
    """Overlapping or touching matches of one system are one mention: "Patriot PAC-3" and "PAC-3 MSE"
    in "Patriot PAC-3 MSE" (else the span would be cut after "PAC-3")."""
    out: list[Span] = []
    for span in sorted(spans, key=lambda s: (s.start, -s.end)):
        last = out[-1] if out else None
        if last is not None and last.kb_id_ == span.kb_id_ and span.start <= last.end < span.end:
            out[-1] = Span(doc, last.start, span.end, label=LABEL, kb_id=last.kb_id_)
        else:
            out.append(span)
    return out


def _with_designator_before(doc: Doc, span: Span) -> Span:
    """A designator written right before a listed name belongs to it. An alias of the same system keeps
    the canonical name ("MIM-104 Patriot" is a Patriot); a coded variant of it ("AIM-120D AMRAAM", "AGM-88E
    HARM") or an unlisted code is that variant, named as written. A code of another system stays apart."""
    i = _code_before(doc, span.start)
    if i < 0 or not doc[i].whitespace_ or not _designator_ok(doc, i) or designator_match(doc[i].text) is None:
        return span
    code = doc[i].text
    owner = designator_canonical(code)
    base = _DESIGNATOR_BASE.match(code)
    family = designator_canonical(base.group("base")) if base else None
    if owner == span.kb_id_:
        canonical = span.kb_id_
    elif owner is None and family in (None, span.kb_id_):
        text = doc[i : span.end].text
        canonical = weapon_canonical(text) or text
    else:
        return span
    return Span(doc, i, span.end, label=LABEL, kb_id=canonical)


def _code_before(doc: Doc, start: int) -> int:
    """The token before a listed name at ``start``, or the one before a title word in between when it
    is a designator ("C-130J Super Hercules" for "Hercules"); -1 at the start of the doc."""
    i = start - 1
    word = doc[i] if i > 0 else None
    titled = word is not None and word.is_title and word.is_alpha and not word.is_sent_start
    return i - 1 if titled and designator_match(doc[i - 1].text) is not None else i


def _name_words_end(doc: Doc, i: int) -> int:
    """The end of the name words (at most two) written after a designator at ``i - 1``: "Zx-41
    Frostwing bombers", "MQ-9B SkyGuardian", whatever part of speech or label spaCy guesses for a
    name with a capital inside; also a letter the tokenizer cut off the code ("AIM-9" "M"). Not a
    place, a people or a date that begins there ("Zx-41 Ukraine"; a place spaCy runs on from the code,
    "AIM-9 M Sidewinder" as one LOC, is the name)."""
    end = i
    while end < min(len(doc), i + 2):
        tok, glued = doc[end], not doc[end - 1].whitespace_
        camel = tok.is_alpha and any(c.isupper() for c in tok.text[1:]) and not tok.is_upper
        name_like = tok.is_alpha and tok.text[:1].isupper() and not tok.is_upper and tok.pos_ != "ADP"
        cut_code = glued and tok.is_upper and tok.is_alpha and len(tok) <= 3
        if tok.is_sent_start or not (camel or cut_code or name_like):
            break
        own_entity = tok.ent_iob_ == "B" and tok.ent_type_ in ("GPE", "NORP", "DATE", "LOC")  # not inside one
        if not (camel or cut_code) and (own_entity or tok.lower_ in _NOT_A_MODEL_WORD):
            break
        end += 1
    return end


_CLASS_MODIFIERS = 3  # "Guardian-class | patrol | boat", "Vostok-class | guided - missile | frigate"


def _class_spans(doc: Doc, found: list[Span]) -> list[Span]:
    """A ship class before a ship noun ("two Vostok-class frigates", "a Guardian-class patrol boat"):
    the class alone before one ship noun ("Vostok-class"); before words that say what kind of ship,
    the class, those words and the noun, singular ("Guardian-class patrol boat")."""
    if "-class" not in doc_text(doc):
        return []  # most articles name no ship class: no pass over the tokens
    taken = {i for s in filter_spans(found) if doc[s.end - 1].lower_ != "class" for i in range(s.start, s.end)}
    out = []
    for tok in doc[2:-1]:
        name = doc[tok.i - 2]
        if not (tok.lower_ == "class" and doc[tok.i - 1].text == "-" and name.text[:1].isupper()):
            continue
        noun = _ship_noun_after(doc, tok.i + 1)
        if noun is None or name.is_sent_start or set(range(name.i, noun.i + 1)) & taken:
            continue
        start = (
            name.i - 1
            if name.i > 0
            and doc[name.i - 1].text[:1].isupper()
            and not doc[name.i - 1].is_sent_start
            and doc[name.i - 1].pos_ == "PROPN"
            else name.i
        )
        kind = doc[tok.i + 1 : noun.i].text
        # "a Vostok-class frigate" is the Vostok-class: one ship noun is a generic word, as "tanks" is;
        # a kind of several words names the class's type and stays ("Guardian-class patrol boat")
        parts = (doc[start : tok.i + 1].text, kind, noun.lemma_.lower()) if kind else (doc[start : tok.i + 1].text,)
        text = " ".join(parts)
        end = noun.i + 1 if kind else tok.i + 1
        out.append(Span(doc, start, end, label=LABEL, kb_id=weapon_canonical(text) or text))
    return out


def _ship_noun_after(doc: Doc, i: int) -> Token | None:
    """The ship noun at ``i`` or after a few lower-case words saying what kind ("patrol boat",
    "guided-missile destroyer"), or None."""
    for tok in doc[i : i + _CLASS_MODIFIERS + 1]:
        if tok.lemma_.lower() in _CLASS_NOUNS:
            return tok
        if not (tok.text == "-" or (tok.is_alpha and tok.is_lower and tok.pos_ in ("ADJ", "NOUN", "VERB"))):
            return None
    return None


@Language.factory(FACTORY, default_config={"gazetteer": None, "designators": True})
def make_weapon_tagger(nlp: Language, name: str, gazetteer: str | None, designators: bool) -> WeaponTagger:
    return WeaponTagger(nlp, name, gazetteer, designators)


def add_weapon_ruler(nlp: Language) -> None:
    """Add the WEAPON component right after the NER (idempotent)."""
    if FACTORY in nlp.pipe_names:
        return
    nlp.add_pipe(FACTORY, after="ner" if "ner" in nlp.pipe_names else None)
