"""People within one article: full names, short forms, typos and names spaCy labelled as something else."""

from __future__ import annotations

import re

from spacy.tokens import Doc

from claimstream.extract import names
from claimstream.extract.entities.mentions import Mention
from claimstream.extract.lexicon import words as lexicon_words
from claimstream.extract.people import PERSON_NOUNS, PeopleIndex, institution_name, people_of


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Labels spaCy gives a surname it did not recognise as a person ("Stoltenberg" as ORG).
_SHORT_FORM_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "PRODUCT", "FAC", "LOC", "WORK_OF_ART"})
# Role words before a name and titles stripped from it: the people registry's lists (one set).
_ROLE_WORDS = PERSON_NOUNS
_TITLES = lexicon_words("name_titles")
_SPEECH_LEMMAS = lexicon_words("name_speech_verbs")
_ADMIN = re.compile(r"^(?P<name>[A-Z][\w-]+)(?:['’]s)? (?:[Aa]dministration|[Gg]overnment|[Cc]abinet|camp)$")


def resolve_people(doc: Doc, mentions: list[Mention]) -> None:
    """Give every person one canonical name (the fullest form in the article) and the PERSON label.

    Who is a person is asked of the article's people registry (:func:`people.people_of`, the one
    the quotes' speakers come from) as well as of the mention's own shape."""
    registry = people_of(doc).index
    for m in mentions:
        if m.fixed or m.label == "WEAPON":
            continue
        if m.label != "PERSON" and (_looks_like_person(doc, m) or _registered(registry, m)):
            m.label = "PERSON"
        if m.label in ("PERSON", "ORG"):
            _strip_title(m)
    full = _full_names(mentions)
    for m in mentions:
        if m.fixed and m.spacy_label == "PERSON" and m.label == "GPE" and " " not in m.text:
            person = _short_form(m.text, full, first_names=True, known=False)  # "Jordan" after "Jordan Bardella"
            if person:
                m.canonical, m.label = person, "PERSON"
            continue
        if m.fixed or m.label == "WEAPON":
            continue
        admin = _ADMIN.match(m.canonical) if m.label == "ORG" else None
        if admin:
            person = _short_form(admin.group("name"), full)
            if person:
                m.canonical, m.label = person, "PERSON"
            continue
        if " " in m.canonical and m.label in _SHORT_FORM_LABELS:
            person = _suffix_of(m.canonical, full) if m.label != "PERSON" else None
            if person:
                m.canonical, m.label = person, "PERSON"
            elif m.label == "PERSON":
                forms = full.get(names.surname_key(m.canonical.split()[-1]), {})
                m.canonical = forms.get(m.canonical, m.canonical)
        elif m.label in _SHORT_FORM_LABELS and " " not in m.canonical and m.canonical[:1].isupper():
            person = _short_form(m.canonical, full, first_names=m.label == "PERSON")
            if person:
                m.canonical, m.label = person, "PERSON"


def _registered(registry: PeopleIndex, m: Mention) -> bool:
    """The registry holds this mention as a person with more to show for it than speaking: a full
    name ("Chancellor Olaf Scholz" tagged ORG, a short form of one), a personal title or role
    ("said Hartwig, the city engineer"). "Amazon said" alone stays the model's ORG."""
    if names.place_or_org(m.text) or names.is_demonym(m.text) or institution_name(m.text):
        return False
    p = registry.person_in(m.tok_start, m.tok_end)
    return p is not None and registry.named_as_person(p)


def _looks_like_person(doc: Doc, m: Mention) -> bool:
    """'EC spokesperson Eva Hrncirova told', tagged ORG: one to three capitalised words after a role
    word or title, or (two or three words) before a speech verb, with no organisation word in them."""
    words = m.text.split()
    if not 1 <= len(words) <= 3 or not all(_name_word(w) for w in words):
        return False
    if institution_name(m.text) or names.place_or_org(m.text) or names.is_demonym(m.text):
        return False
    if names.is_demonym(words[0]):
        return False  # "Turkish Relief Service said": a body of that country, not a person
    before = names.fold(doc[m.tok_start - 1].text) if m.tok_start > 0 else ""
    after = doc[m.tok_end].lemma_ if m.tok_end < len(doc) else ""
    if before in _ROLE_WORDS or before in _TITLES or (len(words) > 1 and after in _SPEECH_LEMMAS):
        return True
    return len(words) > 1 and after in (",", ".") and _role_before_comma(doc, m.tok_start - 1)


def _name_word(word: str) -> bool:
    """ "Tomas", "Jean-Luc": each part capitalised, the rest lower case."""
    return all(p[:1].isupper() and p[1:].islower() for p in word.split("-"))


_ROLE_REACH = 4  # "the minister | of | coastal | affairs | ,": words from the role to the comma


def _role_before_comma(doc: Doc, comma: int) -> bool:
    """A role word shortly before the comma that opens the name: "the bank's regional director, Ada
    Okoro," and "the minister of fisheries, Jean-Luc Marais," (lower-case words between)."""
    if comma < 1 or doc[comma].text != ",":
        return False
    for tok in reversed(doc[max(0, comma - _ROLE_REACH) : comma]):
        if names.fold(tok.text) in _ROLE_WORDS:
            return True
        if not (tok.is_lower and tok.is_alpha):
            return False
    return False


def _strip_title(m: Mention) -> None:
    """'General Dempsey', 'President Biden' -> the name; the mention text keeps the title."""
    words = m.canonical.split()
    if len(words) < 2 or names.fold(words[0]) not in _TITLES or institution_name(m.canonical):
        return
    rest = words[1:]
    while len(rest) > 1 and names.fold(rest[0]) in _TITLES:
        rest = rest[1:]
    if all(w[:1].isupper() for w in rest):
        m.canonical, m.label = " ".join(rest), "PERSON"


def _full_names(mentions: list[Mention]) -> dict[str, dict[str, str]]:
    """surname key -> {written full name -> canonical full name}; the fullest form wins."""
    by_surname: dict[str, dict[str, str]] = {}
    for m in mentions:
        if m.label != "PERSON":
            continue
        known = names.KNOWN_PEOPLE.get(names.surname_key(m.canonical))
        form = m.canonical if " " in m.canonical else known
        if form:
            by_surname.setdefault(names.surname_key(form.split()[-1]), {})[form] = form
    for forms in by_surname.values():
        for form in forms:
            forms[form] = names.known_person(form) or max((f for f in forms if f.endswith(form)), key=len)
    return by_surname


def _suffix_of(name: str, full: dict[str, dict[str, str]]) -> str | None:
    """'Von der Leyen' tagged ORG: the end of exactly one person's full name in the article."""
    tail = names.fold(name)
    hits = {c for c in full.get(names.surname_key(name.split()[-1]), {}).values() if names.fold(c).endswith(" " + tail)}
    return hits.pop() if len(hits) == 1 else None


def _short_form(
    word: str, full: dict[str, dict[str, str]], first_names: bool = False, known: bool = True
) -> str | None:
    """The person a one-word mention stands for: a surname of exactly one full name in the article,
    a first name of exactly one (only for words spaCy already calls PERSON), or a well-known surname."""
    key = names.surname_key(word)
    people = {canon for canon in full.get(key, {}).values()}
    if len(people) == 1:
        return people.pop()
    if first_names:
        hits = {c for forms in full.values() for f, c in forms.items() if names.fold(f.split()[0]) == key}
        if len(hits) == 1:
            return hits.pop()
    if not known or names.place_or_org(word):
        return None
    return names.KNOWN_PEOPLE.get(key) if not people else None
