"""Places the small model calls people or organisations ("LILONGWE, May 2 –", "the Kelmor province").

spaCy's small model often tags a city it has not seen as PERSON or ORG, most of all a dateline in
capitals. A city the actor tables know (capitals: "Dakar" -> Senegal) or the city table holds
(``city_states.yaml``) becomes a GPE, named as written (title case for a dateline), but only where
the text uses it as a place: in a dateline, after a place word ("in", "near", "the suburbs of"), or
coordinated with a place just found ("in Rufton and Pikeville"). A name the article also gives a
person ("Austin" after "Maya Austin") stays a person. A name followed by a lowercase word for a
region of a state ("the Kelmor province", "Vasta state") is a GPE named without that word.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from claimstream.extract import actors, names
from claimstream.extract.datelines import dateline_end, in_dateline
from claimstream.extract.doctext import indices_with_pos
from claimstream.extract.entities.mentions import Mention, Sentences
from claimstream.extract.lexicon import words as lexicon_words
from claimstream.extract.people import institution_name

# place_cues ("in", "near", "retook"); the weaker city cues count for a known city tagged PERSON only
# (a city name tagged ORG after "from" or "of" can be an organisation named after it).
_PLACE_CUES = lexicon_words("place_cues")
_CITY_CUES = lexicon_words("city_cues")
_RELABEL = frozenset({"PERSON", "ORG", "LOC", "FAC", "PRODUCT", "WORK_OF_ART", "EVENT"})
_AND = frozenset({"and", "or", ","})
_ADMIN_WORDS = lexicon_words("admin_area_words")
_SETTLEMENT_NOUNS = lexicon_words("settlement_nouns")
_FIRST_NAMES = lexicon_words("male_first_names") | lexicon_words("female_first_names")
# A name before "region" that spaCy calls LOC or NORP is wider than a state ("the Gulf region").
_ADMIN_LABELS = frozenset({"PERSON", "ORG", "FAC", "PRODUCT", "GPE"})


def is_city(text: str) -> bool:
    """A capital the actor tables know or a city of the city table ("Lilongwe", "Pikine", "PORT SUDAN");
    states, institutions, the name tables' demonyms and phrases with lowercase words are not. (A
    demonym only the actor tables know passes; spaCy tags those NORP, which is never relabelled.)"""
    words = text.split()
    if not words or any(not w[:1].isupper() for w in words) or names.is_demonym(text):
        return False
    if institution_name(text):  # "Foreign Office", "Kremlin", "Rada": the actor tables read them as the state
        return False
    if actors.city_state_of(text):
        return True
    state = actors.lookup(text)
    return actors.is_state(state) and names.fold(text) != names.fold(state or "") and not names.place_or_org(text)


def relabel_cities(doc: Doc, mentions: list[Mention]) -> None:
    """Give GPE to the cities among ``mentions`` (document order) that the text uses as places."""
    people = _person_words(mentions)
    candidates = [
        m
        for m in mentions
        if (m.label in _RELABEL or m.label == "GPE")
        and not m.fixed
        and not _a_persons_name(m.text, people)
        and is_city(m.text)
    ]
    ending_at = {m.tok_end: m for m in mentions}
    places = {names.fold(m.text) for m in mentions if m.label == "GPE" and m.fixed and is_city(m.text)}
    for m in candidates:  # spaCy's GPE agrees with the table: kept, though "Port Vila asks" reads as a speaker
        if m.label == "GPE" or _used_as_place(doc, m, ending_at):
            m.label, m.canonical, m.fixed = "GPE", _as_written(m.text), True
            places.add(names.fold(m.text))
    for m in candidates:  # once a place, the same name is that place all through ("Dakar's traffic")
        if not m.fixed and names.fold(m.text) in places:
            m.label, m.canonical, m.fixed = "GPE", _as_written(m.text), True


def relabel_states(mentions: list[Mention]) -> None:
    """A UN member state's own name spaCy called PERSON, ORG or LOC ("the government of Vanuatu",
    "A$2 million to Samoa", "the Central African Republic") is a GPE: the state table knows it. Not a
    name the article gives a person ("Chad Morrel" makes "Chad" a person) or a known person."""
    people = _person_words(mentions)
    for m in mentions:
        if m.fixed or m.label not in _RELABEL or _a_persons_name(m.text, people):
            continue
        if actors.is_state(m.canonical) and actors.lookup(m.canonical) == m.canonical:
            m.label, m.fixed = "GPE", True


def settlements(doc: Doc, mentions: list[Mention]) -> None:
    """A short name after "the port of", "the town of" ("the port of Talvik", "the villages of Orsk
    and Belan Tor": the names joined to it too), or before a lowercase "base" or "port" ("the Kessan
    base"), is a place no table knows. A name spaCy calls ORG before the
    noun stays ("the Kelmor Navy base" is the navy's); so do people the article names."""
    people = _person_words(mentions)
    placed: set[int] = set()  # token ends of the names this rule made places, for "X and Y" after a noun
    for m in mentions:
        if m.fixed or m.label not in _RELABEL or len(m.text.split()) > 2 or not m.text[:1].isupper():
            continue
        if _a_persons_name(m.text, people) or institution_name(m.text):
            continue
        before = (
            m.tok_start >= 2 and doc[m.tok_start - 1].lower_ == "of" and _settlement_noun(doc[m.tok_start - 2].text)
        )
        after = m.spacy_label != "ORG" and m.tok_end < len(doc) and doc[m.tok_end].text in _SETTLEMENT_NOUNS
        joined = (
            m.tok_start >= 2
            and doc[m.tok_start - 1].lower_ in ("and", "or")
            and m.tok_start - 1 in placed
            and m.text.split()[0].lower() not in _FIRST_NAMES  # "the villages of Orsk and Peter Lang"
        )
        if before or after or joined:
            m.label, m.canonical, m.fixed = "GPE", _as_written(m.canonical), True
            if joined or (before and doc[m.tok_start - 2].text not in _SETTLEMENT_NOUNS):
                placed.add(m.tok_end)  # after a plural noun ("the villages of"), a list of places


def _settlement_noun(word: str) -> bool:
    """ "the town of", "the villages of": a settlement noun, also in the plural."""
    return word in _SETTLEMENT_NOUNS or (word.endswith("s") and word[:-1] in _SETTLEMENT_NOUNS)


def _person_words(mentions: list[Mention]) -> set[str]:
    """The words of the article's several-word person names ("Maya Austin" -> "Maya", "Austin")."""
    return {w for m in mentions if m.label == "PERSON" and " " in m.text for w in m.text.split()}


def _a_persons_name(text: str, people: set[str]) -> bool:
    """A word of a person the article names, or a well-known person's name: never turned into a place."""
    return text in people or names.surname_key(text) in names.KNOWN_PEOPLE


def dateline_cities(doc: Doc, found: list[Mention]) -> list[Mention]:
    """Dateline cities spaCy left outside every entity ("ABIDJAN, Nov 26 –")."""
    out: list[Mention] = []
    if not len(doc):
        return out
    line_starts = [0] + [i + 1 for i in indices_with_pos(doc, "SPACE") if "\n" in doc[i].text and i + 1 < len(doc)]
    for start in line_starts:
        first = doc[start]
        if not first.is_upper or not in_dateline(first):
            continue
        dash = dateline_end(first)
        end = next((t.i for t in doc[start:dash] if t.is_punct), dash)
        span = doc[start:end]
        if any(f.start < span.end_char and span.start_char < f.end for f in found) or not is_city(span.text):
            continue
        sentence = Sentences(doc).at(span.start_char)  # rare: built only for a dateline city spaCy missed
        text = span.text
        out.append(
            Mention(
                text,
                span.start_char,
                span.end_char,
                "GPE",
                sentence,
                _as_written(text),
                span.start,
                span.end,
                fixed=True,
            )
        )
    return out


def _used_as_place(doc: Doc, m: Mention, ending_at: dict[int, Mention]) -> bool:
    """A dateline, a place word just before, or "and"/"or" after a place ("Pikeville and Rufton")."""
    first: Token = doc[m.tok_start]
    if in_dateline(first):
        return True
    if m.tok_start == 0:
        return False
    before = doc[m.tok_start - 1]
    if before.lower_ in _PLACE_CUES or (before.lower_ in _CITY_CUES and m.spacy_label == "PERSON"):
        return True
    other = ending_at.get(before.i)
    return before.lower_ in _AND and other is not None and other.label == "GPE"


def _as_written(text: str) -> str:
    """'LILONGWE' -> 'Lilongwe', "N'DJAMENA" -> "N'Djamena"; 'Port Sudan' stays."""
    if not text.isupper():
        return text
    return " ".join("'".join(p[:1] + p[1:].lower() if len(p) > 1 else p for p in w.split("'")) for w in text.split())


def admin_areas(doc: Doc, mentions: list[Mention]) -> None:
    """ "Sindh province" -> "Sindh"; "Rakhine" tagged ORG before "state" -> GPE "Rakhine"."""
    for m in mentions:
        if m.label == "WEAPON" or names.is_demonym(m.text) or names.fold(m.text) in names.NOT_GPE:
            continue
        head, _, last = m.canonical.rpartition(" ")
        if head and last in _ADMIN_WORDS and head[:1].isupper():
            m.canonical, m.label, m.fixed = head, "GPE", True
        elif (
            not m.fixed
            and m.label in _ADMIN_LABELS
            and m.tok_end < len(doc)
            and _admin_word(doc[m.tok_end].text)
            and not _modifier(doc[m.tok_end])
            and m.canonical[:1].isupper()
        ):
            m.label, m.fixed = "GPE", True


def _modifier(word: Token) -> bool:
    """ "Korvo state grid operator": the word modifies a noun after it, so the name is no region."""
    return word.head.i > word.i and word.dep_ in ("compound", "amod", "nmod")


def _admin_word(word: str) -> bool:
    """ "province", and a plural after coordinated names ("the Kelmor and Vasta provinces")."""
    return word in _ADMIN_WORDS or (word.endswith("s") and word[:-1] in _ADMIN_WORDS)


def coordinated_places(doc: Doc, mentions: list[Mention]) -> None:
    """A one-word name spaCy calls PERSON or ORG joined by "and"/"or" to a place ("in Rufton and
    Kelvale", "Kelvale and Rufton") is a place too, though no table knows it; not a name the article
    gives a person ("Ada Kelvale"), a known person, an institution or a table's name."""
    people = _person_words(mentions)
    starting_at = {m.tok_start: m for m in mentions}
    ending_at = {m.tok_end: m for m in mentions}
    for m in mentions:
        if m.fixed or m.label not in ("PERSON", "ORG") or " " in m.text or not m.text[1:].islower():
            continue
        if _a_persons_name(m.text, people) or institution_name(m.text):
            continue
        before = ending_at.get(m.tok_start - 1) if m.tok_start > 0 and doc[m.tok_start - 1].lower_ in _AND else None
        after = starting_at.get(m.tok_end + 1) if m.tok_end < len(doc) and doc[m.tok_end].lower_ in _AND else None
        if any(o is not None and o.label == "GPE" for o in (before, after)):
            m.label, m.canonical, m.fixed = "GPE", m.text, True
