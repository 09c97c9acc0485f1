"""The people of one article: one registry, built once per parsed document, that the quotes
(speakers) and the entities both ask who is a person and what their fullest name is.

It holds every person mention: PERSON entities (cleaned of titles and possessives, extended over
names spaCy cut short), names spaCy labelled otherwise that stand after a personal title
("Chancellor Olaf Scholz" tagged ORG), capitalised subjects of reporting verbs ("Hannity said")
and, as weak mentions, proper nouns outside any entity. Per person it knows the fullest name the
article writes ("Jens Stoltenberg" for "Stoltenberg"), the title words written next to each
mention ("NATO Secretary General"), the gender that honorifics, first names or roles give, and
who is a clause subject. On that it answers: the fullest name of a short form, the holder of a
title ("the premier"), the antecedent of a he/she, the untitled subject just before a role noun.

Platforms, parliaments and publications are never people ("Telegram", "the Rada", "Der Spiegel").
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from claimstream.extract import actors, names
from claimstream.extract.doctext import doc_sentences, doc_text, indices_with_pos
from claimstream.extract.lexicon import lexicon
from claimstream.extract.lexicon import words as lexicon_words
from claimstream.extract.quote_marks import Paragraphs, QuoteSpan, find_quote_spans


def word_set(words: str) -> frozenset[str]:
    """A lexicon written as whitespace-separated words."""
    return frozenset(words.split())


SPEECH_VERBS = lexicon_words("reporting_verbs")
_PERSON_SPEECH = SPEECH_VERBS - lexicon_words("outlet_reporting_verbs")
"""Reporting verbs whose capitalised subject is taken for a person ("Trump said", not "Reuters reports")."""
MALE = frozenset({"he", "him", "his", "himself"})
FEMALE = frozenset({"she", "her", "hers", "herself"})
_OWN_PRONOUNS = frozenset({"his", "himself", "her", "herself"})
"""Possessive and reflexive pronouns that name a gender of the clause's own subject ("her" only as a possessive)."""
_HONORIFICS = lexicon("honorifics").values
"""Honorific before a name -> the gender it gives ("Mr", "Dame")."""
INSTITUTION_LABELS = frozenset({"ORG", "GPE", "NORP", "FAC", "LOC"})
TITLE_STOP = lexicon_words("title_stop_words")
PERSON_NOUNS = lexicon_words("person_titles")
HUMAN_NOUNS = lexicon_words("human_nouns")
"""Common nouns for people, beside the role titles of PERSON_NOUNS."""
_PLATFORMS_AND_LEGISLATURES = lexicon_words("platforms") | lexicon_words("legislatures")
"""Sources that are never a person who speaks ("posted on Telegram", "the Rada said")."""
_INSTITUTION_NAME_WORDS = lexicon_words("institution_words")
_INSTITUTION_WORDS = _INSTITUTION_NAME_WORDS | {w for w in _PLATFORMS_AND_LEGISLATURES if " " not in w}
"""Words that make a capitalised name an institution or a publication, compared lowercase."""
_MEDIA_NAMES = frozenset(
    w
    for w in (
        *lexicon("news_agencies").values,
        *lexicon("news_agencies").values.values(),
        *lexicon_words("media_outlets"),
    )
    if " " not in w
)
"""One-word names of news agencies and outlets, compared as written ("SANA" the agency, "Sana" a name)."""


def _institution_word(t: Token) -> bool:
    return t.lower_.strip(".") in _INSTITUTION_WORDS or t.text in _MEDIA_NAMES


def institution_name(text: str) -> bool:
    """A word of ``institution_words`` is in ``text`` ("the Defence Ministry", "National Treasury",
    "Relief Centre", "Turkish Red Crescent"), so it names no person and no place. Platforms,
    legislatures and outlets, which :func:`_institution_word` also counts, are sources the callers
    check apart (the name tables, the quotes' source checks)."""
    return any(w.strip(".,").lower() in _INSTITUTION_NAME_WORDS for w in re.split(r"[\s-]+", text))


@dataclass(frozen=True)
class Person:
    """One person mention: its offsets, text, whether it is a clause subject, honorific gender."""

    start: int
    end: int
    text: str
    subject: bool
    gender: str | None
    toks: tuple[str, ...] = ()
    quoted: bool = False
    weak: bool = False  # an untagged proper noun: an antecedent of last resort, not sure to be a person


def _name_tokens(s: str) -> list[str]:
    return [t.strip(".,").lower() for t in s.split() if t.strip(".,")]


def _clean_name(ent: Span) -> Span:
    """Drop a possessive and surrounding punctuation from a PERSON span."""
    s, e = ent.start, ent.end
    doc = ent.doc
    while e > s and (doc[e - 1].is_punct or doc[e - 1].lower_ in ("'s", "’s", "'")):
        e -= 1
    while s < e and (doc[s].is_punct or (e - s > 1 and doc[s].lower_.strip(".") in _NAME_TITLES)):
        s += 1  # "Councilwoman Teresa Roe" tagged whole: the title stays outside the name
    return doc[s:e] if e > s else ent


def _not_a_person(ent: Span) -> bool:
    """PERSON entities that are no speaker: photo credits ("(Photo by A B/Getty Images)"),
    stray words and publications ("Der Spiegel")."""
    if "/" in ent.text or ent.text.lower() in ("photo", "image", "credit", "file", "read"):
        return True
    if ent.text.lower().removeprefix("the ") in _PLATFORMS_AND_LEGISLATURES:
        return True  # "Telegram", "Verkhovna Rada" tagged PERSON by the small model
    if ent[0].lower_ in ("the", "der", "die", "das", "le", "la", "el", "il"):
        return True  # "Der Spiegel", "Le Monde": publications, not people
    left = ent.doc[max(0, ent.start - 3) : ent.start].text.lower()
    return "photo" in left or "credit" in left or "image" in left


_MALE_FIRST = lexicon_words("male_first_names")
_FEMALE_FIRST = lexicon_words("female_first_names")
_ROLE_GENDER = lexicon("gendered_roles").values
"""Role or kinship noun -> the gender it gives ("spokeswoman", "husband")."""


# Words that stand before a name as a title ("Chancellor", "Councilwoman", "Sen."), compared without dots.
_NAME_TITLES = PERSON_NOUNS | lexicon_words("gendered_roles") | lexicon_words("name_titles")


def _contains(big: tuple[str, ...], small: tuple[str, ...]) -> bool:
    return any(big[i : i + len(small)] == small for i in range(len(big) - len(small) + 1))


def _names_match(full: tuple[str, ...], short: tuple[str, ...]) -> bool:
    """ "Jens Stoltenberg" names "Stoltenberg"; "Hillary Rodham Clinton" names "Hillary Clinton"."""
    return full[-1] == short[-1] or _contains(full, short)


def _name_gender(name: str) -> str | None:
    first = _name_tokens(name)[:1]
    if not first or len(_name_tokens(name)) < 2:
        return None
    if first[0] in _MALE_FIRST and first[0] not in _FEMALE_FIRST:
        return "m"
    if first[0] in _FEMALE_FIRST and first[0] not in _MALE_FIRST:
        return "f"
    return None


def _role_gender(words: set[str]) -> str | None:
    genders = {_ROLE_GENDER[w] for w in words if w in _ROLE_GENDER}
    return genders.pop() if len(genders) == 1 else None


def _honorific_gender(doc: Doc, start: int) -> str | None:
    if start == 0:
        return None
    return _HONORIFICS.get(doc[start - 1].lower_)


_PARTICLES = lexicon_words("name_particles")


def _name_part(t: Token) -> bool:
    return t.pos_ in ("PROPN", "NOUN") and t.text[:1].isupper() and t.lower_.strip(".") not in PERSON_NOUNS


def name_run(tok: Token) -> Span:
    """The proper-noun run ending at ``tok`` ("Ursula von der Leyen"), without leading titles
    ("EC spokesperson X Y")."""
    doc = tok.doc
    s = tok.i
    while (
        s > 0
        and doc[s - 1].dep_ == "compound"
        and (_name_part(doc[s - 1]) or (doc[s - 1].lower_ in _PARTICLES and s > 1 and _name_part(doc[s - 2])))
    ):
        s -= 1
    while doc[s].lower_ in _PARTICLES and s < tok.i:
        s += 1
    return doc[s : tok.i + 1]


def _extend_name(span: Span) -> Span:
    """A PERSON entity cut short of its head ("[Ursula von der] Leyen") runs on to the head."""
    doc = span.doc
    end = span.end
    while (
        end < len(doc)
        and doc[end].pos_ == "PROPN"
        and doc[end].text[:1].isupper()
        and doc[end - 1].dep_ == "compound"
        and doc[end - 1].head.i == end
    ):
        end += 1
    return doc[span.start : end]


def _capitalised_singular(tok: Token) -> bool:
    """A proper noun, or a capitalised noun or adjective without determiner acting as one
    (spaCy's small model tags unknown names NN or JJ: "Hannity said", "said Ostby")."""
    if not tok.text[:1].isupper() or not tok.is_alpha:
        return False
    if any(c.dep_ in ("det", "poss") for c in tok.children):
        return False
    if tok.pos_ == "PROPN":
        return tok.tag_ != "NNPS" or tok.ent_type_ not in ("NORP", "GPE", "LOC")
    if tok.pos_ == "NOUN":
        return tok.tag_ == "NN"
    return tok.pos_ == "ADJ" and tok.dep_ in ("nsubj", "nsubjpass", "pobj")


def _untagged_name(tok: Token) -> bool:
    """A capitalised proper noun outside any entity, or alone in an ORG one (the small model
    tags unknown surnames ORG), that reads like a surname ("for Ebeling")."""
    alone = (
        tok.ent_type_ == "ORG"
        and tok.ent_iob_ == "B"
        and (tok.i + 1 == len(tok.doc) or tok.doc[tok.i + 1].ent_iob_ != "I")
    )
    return (
        tok.pos_ == "PROPN"
        and (not tok.ent_type_ or alone)
        and tok.tag_ == "NNP"
        and tok.is_alpha
        and tok.text[:1].isupper()
        and not tok.text.isupper()
        and tok.dep_ != "compound"
        and tok.lower_ not in PERSON_NOUNS
        and not _institution_word(tok)
        and not any(_institution_word(t) for t in name_run(tok))
    )


def _inverted_speaker(tok: Token) -> bool:
    """ "…," said Lonegan: a one-word subject after its reporting verb is a person, not a place."""
    return (
        tok.dep_ == "nsubj"
        and tok.i == tok.head.i + 1
        and tok.head.lemma_.lower() in SPEECH_VERBS
        and len(name_run(tok)) == 1
    )


def _has_person_appos(tok: Token) -> bool:
    """ "Helen Park, an economist": an appositive naming a person's role."""
    return any(c.dep_ == "appos" and c.lower_ in PERSON_NOUNS for c in tok.children)


def looks_like_person_name(tok: Token) -> bool:
    """A capitalised singular proper noun that is no place, acronym or institution word."""
    text = tok.text
    if not _capitalised_singular(tok):
        return False
    if len(text) > 1 and text.isupper():
        return False  # NATO, AFP
    if tok.lower_ in PERSON_NOUNS:
        return False  # "Vice Unification Minister": a title, whoever holds it
    if tok.ent_type_ in ("GPE", "LOC", "FAC") and not _has_person_appos(tok) and not _inverted_speaker(tok):
        return False
    run = name_run(tok)
    if any(_institution_word(t) for t in run):
        return False
    if (
        tok.ent_type_ == "ORG"
        and not _single_token_ent(tok)
        and not _introduced_as_person(tok, run)
        and not _has_person_appos(tok)  # "Anneke de Vries, the Dutch minister" tagged ORG
    ):
        return False  # "Amnesty International"; a lone surname tagged ORG still passes
    return not any(_institution_word(t) for t in tok.subtree if t.i < tok.i)


def _single_token_ent(tok: Token) -> bool:
    return tok.ent_iob_ == "B" and (tok.i + 1 == len(tok.doc) or tok.doc[tok.i + 1].ent_iob_ != "I")


def _introduced_as_person(tok: Token, run: Span) -> bool:
    """A role noun in front of the name ("EC spokesperson Eva Roe") or a known first name."""
    roles = PERSON_NOUNS | HUMAN_NOUNS
    if any(c.lower_ in roles for c in tok.children if c.dep_ == "compound") or _name_gender(run.text) is not None:
        return True
    return who_relative(tok) or _owns_pronoun(tok)


def _owns_pronoun(tok: Token) -> bool:
    """The subject of a clause that goes on with his or her ("Ivo Tomic said his team …"): a
    person (a firm or a state takes "its")."""
    if tok.dep_ != "nsubj":
        return False
    return any(t.i > tok.i and t.dep_ == "poss" and t.lower_ in ("his", "her") for t in tok.head.subtree)


def who_relative(tok: Token) -> bool:
    """ "Ivo Tomic, who ran the port": a relative clause on "who" (firms take "which")."""
    return any(c.dep_ == "relcl" and any(g.lower_ == "who" for g in c.children) for c in tok.children)


def _role_appositive(tok: Token) -> bool:
    """A two- or three-word name set off by commas after a role noun, whatever label the model
    gives it: "the fund's country director, Ada Obi, said", "the envoy to Chile, Kai Berg," (the
    small model hangs the appositive on the prepositional object)."""
    if tok.dep_ != "appos":
        return False
    roles = PERSON_NOUNS | HUMAN_NOUNS
    head = tok.head
    if head.dep_ == "pobj" and head.head.dep_ == "prep":
        head = head if head.lower_ in roles else head.head.head
    if head.lower_ not in roles:
        return False
    run = name_run(tok)
    if not 2 <= len(run) <= 3 or run.start == 0 or tok.doc[run.start - 1].text != ",":
        return False
    if not all(t.is_alpha and t.text[:1].isupper() and not t.text.isupper() for t in run):
        return False
    return not any(_institution_word(t) or t.lower_ in roles for t in run) and names.place_or_org(run.text) is None


_MISREAD_NAME_LABELS = frozenset({"ORG", "GPE", "NORP", "PRODUCT", "FAC", "LOC", "WORK_OF_ART"})


def _titled_name(ent: Span) -> bool:
    """One to three capitalised words right after a personal title ("Chancellor Olaf Scholz",
    "Defence Minister Rustem Umerov"), with no institution word in them: a person, whatever the
    entity label says."""
    words = [t for t in ent if not t.is_punct]
    if not 1 <= len(words) <= 3 or ent.start == 0:
        return False
    if not all(t.is_alpha and t.text[:1].isupper() and not t.text.isupper() for t in words):
        return False
    if any(_institution_word(t) or t.lower_ in _NAME_TITLES for t in words):
        return False
    return ent.doc[ent.start - 1].lower_.strip(".") in _NAME_TITLES


_GENERIC_ROLES = {k: frozenset(v.split()) for k, v in lexicon("generic_roles").values.items()}


def _bodies(words: set[str]) -> set[str]:
    """The states and institutions among title words ("germany", "german" -> Germany; "un")."""
    return {found for w in words if (found := actors.lookup(w)) is not None}


def _other_body(words: set[str], holder_words: set[str]) -> bool:
    """The title names a state or body and the holder's title another one: "Chile's trade
    minister" is not "Peruvian Trade Minister Ana Soto"."""
    mine, theirs = _bodies(words), _bodies(holder_words)
    return bool(mine and theirs and not mine & theirs)


class PeopleIndex:
    """The people of one document (PERSON entities plus capitalised names that speak), with its
    text, paragraphs and sentences: the per-document context of speaker resolution, built once."""

    def __init__(self, doc: Doc, quoted: list[bool], text: str | None = None, paras: Paragraphs | None = None):
        self.doc = doc
        self.text = doc_text(doc) if text is None else text  # Doc.text joins all tokens on each access
        self.paras = paras or Paragraphs(self.text)
        self.quoted = quoted
        self.people: list[Person] = []
        self._by_token: dict[int, Person] = {}
        self._full_cache: dict[tuple[int, int], str] = {}
        self._sents = doc_sentences(doc)
        self._sent_starts = [s.start for s in self._sents]
        self._collect()
        self._titles = [(p, self._title_words(p)) for p in self.people]
        self._gender: dict[str, str] = {}
        for p, words in self._titles:
            g = p.gender or _name_gender(p.text) or _role_gender(words)
            if g:
                self._gender.setdefault(self.full_of(p), g)
        self._learn_genders()

    def _learn_genders(self) -> None:
        """A gender the article itself gives: a his/her (or himself/herself) after a person who
        is the only person of the sentence and a main-clause subject ("Ana Soto thanked her
        staff", "Soto said her ministry would …"); nothing when the article gives both."""
        seen: dict[str, set[str]] = {}
        for p in self.people:
            name = self.full_of(p)
            if not p.subject or p.weak or name in self._gender:
                continue
            g = self._possessive_gender(p)
            if g is not None:
                seen.setdefault(name, set()).add(g)
        for name, genders in seen.items():
            if len(genders) == 1:
                self._gender[name] = genders.pop()

    def _possessive_gender(self, p: Person) -> str | None:
        span = self.doc.char_span(p.start, p.end, alignment_mode="expand")
        if span is None:
            return None
        sent = self.sent_of(span.start)
        names = {self.full_of(q) for i in range(sent.start, sent.end) if (q := self._by_token.get(i)) is not None}
        if len(names) != 1:
            return None  # "Soto thanked Ruiz for his help": whose?
        genders = {
            "m" if t.lower_ in MALE else "f"
            for t in self.doc[span.end : sent.end]
            if not self.quoted[t.i] and t.lower_ in _OWN_PRONOUNS and (t.lower_ != "her" or t.dep_ == "poss")
        }
        return genders.pop() if len(genders) == 1 else None

    def _collect(self) -> None:
        """PERSON entities, then capitalised subjects of reporting verbs ("Hannity said"), then,
        as weak mentions, proper nouns outside entities."""
        doc, quoted = self.doc, self.quoted
        for ent in doc.ents:
            if ent.label_ == "PERSON" and not _not_a_person(ent):
                span = _clean_name(_extend_name(ent))
                if any(t.is_alpha and t.text[:1].isupper() for t in span):
                    self._add(span)
        for ent in doc.ents:
            if ent.label_ in _MISREAD_NAME_LABELS and _titled_name(ent) and ent.start not in self._by_token:
                self._add(ent)  # "Chancellor Olaf Scholz", tagged ORG by the small model
        weak = []
        for i in indices_with_pos(doc, "VERB", "PROPN"):
            tok = doc[i]
            if quoted[i]:
                continue
            if tok.pos_ == "VERB" and tok.lemma_.lower() in _PERSON_SPEECH:
                for c in tok.children:
                    if c.dep_ == "nsubj" and c.i not in self._by_token and looks_like_person_name(c):
                        self._add(name_run(c))
            elif tok.pos_ == "PROPN" and i not in self._by_token and _role_appositive(tok):
                self._add(name_run(tok))  # "the bank's regional director, Ada Obi," tagged ORG or FAC
            elif tok.pos_ == "PROPN" and _untagged_name(tok):
                if (_has_person_appos(tok) or _owns_pronoun(tok)) and i not in self._by_token:
                    self._add(name_run(tok))  # "Ivo Tomic, the envoy, …", "X thanked her staff": a person
                else:
                    weak.append(tok)
        for tok in weak:
            if tok.i not in self._by_token:
                self._add(name_run(tok), weak=True)

    def _add(self, span: Span, weak: bool = False) -> None:
        """Register a person mention; a ``weak`` one (an untagged proper noun) is never taken
        for a subject, so it is an antecedent only when no better candidate exists."""
        root = span.root
        head = root.head
        if root.dep_ == "appos" and head.dep_ == "pobj" and head.head.dep_ == "prep":
            head = head.head.head  # "Peru's envoy to Chile, X Y, said": the appositive hung on "Chile"
        subject = not weak and (
            root.dep_ in ("nsubj", "nsubjpass")
            or (root.dep_ == "appos" and head.dep_ in ("nsubj", "nsubjpass"))  # "His counterpart, X Y, said"
        )
        p = Person(
            span.start_char,
            span.end_char,
            span.text,
            subject,
            _honorific_gender(self.doc, span.start),
            tuple(_name_tokens(span.text)),
            self.quoted[span.start],
            weak,
        )
        keys = [q.start for q in self.people]
        self.people.insert(bisect.bisect(keys, p.start), p)
        for t in span:
            self._by_token[t.i] = p

    def full(self, form: str, at: int | None = None) -> str:
        """The fullest name the article writes for the person called ``form`` at char ``at``.

        Longer names containing ``form`` (or ending with its last word) are candidates; the one
        mentioned last before ``at`` fixes the person ("Hillary Clinton" vs "Bill Clinton"),
        then the longest name containing that one is returned.
        """
        toks = tuple(_name_tokens(form))
        if not toks:
            return form
        longer = [p for p in self.people if len(p.toks) > len(toks) and _names_match(p.toks, toks)]
        if not longer:
            return form
        prior = [p for p in longer if at is None or p.start < at]
        anchor = prior[-1] if prior else longer[0]
        best = max((p for p in longer if _contains(p.toks, anchor.toks)), key=lambda p: len(p.toks), default=anchor)
        return best.text

    def full_of(self, p: Person) -> str:
        """:meth:`full` for a registered mention, computed once."""
        key = (p.start, p.end)
        if key not in self._full_cache:
            self._full_cache[key] = self.full(p.text, p.start + 1)
        return self._full_cache[key]

    def _title_words(self, p: Person) -> set[str]:
        """Lowercased words of the title written next to a person ("NATO Secretary General X")."""
        doc = self.doc
        span = doc.char_span(p.start, p.end, alignment_mode="expand")
        if span is None:
            return set()
        words: set[str] = set()
        i = span.start - 1
        while (
            i >= 0
            and span.start - i <= 6
            and not doc[i].is_punct
            and doc[i].pos_ in ("PROPN", "NOUN", "ADJ", "PART", "DET", "ADP")
        ):
            words.add(doc[i].lower_)
            i -= 1
        root = span.root
        for child in root.children:
            if child.dep_ == "appos":
                words.update(t.lower_ for t in child.subtree if t.is_alpha)
        if root.dep_ == "appos":
            words.update(t.lower_ for t in root.head.subtree if t.is_alpha and not span.start <= t.i < span.end)
        return {w for t in words for w in t.split("-")} - TITLE_STOP

    def sent_of(self, i: int) -> Span:
        """The sentence of token ``i`` (``Token.sent`` walks the whole document on every call)."""
        return self._sents[bisect.bisect_right(self._sent_starts, i) - 1]

    def person_at(self, tok: Token) -> Person | None:
        return self._by_token.get(tok.i)

    def named_as_person(self, p: Person) -> bool:
        """More than a capitalised word that speaks: a full name in the article, a title or role
        written next to it, or a gender from an honorific or first name."""
        if " " in self.full_of(p) or self.gender_of(p) is not None:
            return True
        words = next((tw for q, tw in self._titles if q is p), set())
        return bool(words & (PERSON_NOUNS | HUMAN_NOUNS))

    def person_in(self, start: int, end: int) -> Person | None:
        """The sure (not weak) person mention covering tokens ``start``..``end``, if one does."""
        found = {id(p): p for i in range(start, end) if (p := self._by_token.get(i)) is not None and not p.weak}
        return next(iter(found.values())) if len(found) == 1 else None

    def named(self, tok: Token) -> Person | None:
        """A person whose name ends with this word ("Pistorius" when spaCy tags it ORG)."""
        word = tok.text.strip(".,").lower()
        hits = [p for p in self.people if p.toks[-1:] == (word,)]
        earlier = [p for p in hits if p.start < tok.idx]
        return earlier[-1] if earlier else (hits[0] if hits else None)

    def gender_of(self, p: Person) -> str | None:
        return self._gender.get(self.full_of(p))

    def antecedent(self, before: int, gender: str | None, recent: list[str]) -> Person | None:
        """The person a he/she at char ``before`` refers to.

        Candidates are people mentioned before it outside quotes, with a compatible gender.
        Within the current and previous paragraph, the nearest subject or recent speaker wins;
        otherwise the nearest mention.
        """
        cands = [p for p in self.people if p.end <= before and not self._in_quote(p)]
        cands = [p for p in cands if gender is None or self.gender_of(p) in (None, gender)]
        if not cands:
            return None
        horizon = self.paras.start_of(self.paras.index(before) - 1)
        speakers = set(recent[-2:])
        near = [p for p in cands if p.start >= horizon]
        for group in (near, cands):
            for p in reversed(group):
                if p.subject or self.full_of(p) in speakers:
                    return p
        return cands[-1]

    def holder_of_title(self, words: set[str], roles: set[str], before: int) -> Person | None:
        """The person the article names with this title: all its ``words`` ("Ukrainian
        president"), nearest before (else first); failing that, the only person named with
        its ``roles`` ("secretary general")."""
        if not roles:
            return None
        hits = [p for p, tw in self._titles if words <= tw]
        if not hits:
            named = {self.full_of(p): p for p, tw in self._titles if roles <= tw and not _other_body(words, tw)}
            hits = list(named.values()) if len(named) == 1 else []
        if not hits:
            hits = self._holders_of_generic_role(words)
        if not hits:
            return None
        earlier = [p for p in hits if p.start < before]
        return earlier[-1] if earlier else hits[0]

    def _holders_of_generic_role(self, words: set[str]) -> list[Person]:
        """ "the Turkish leader": the one person titled Turkish president, premier, … (see
        ``generic_roles.yaml``); nobody when several people would fit."""
        for generic in words & _GENERIC_ROLES.keys():
            rest, specific = words - {generic}, _GENERIC_ROLES[generic]
            named = {self.full_of(p): p for p, tw in self._titles if rest <= tw and tw & specific}
            if len(named) == 1:
                return list(named.values())
        return []

    def recent_subject(self, before: int) -> Person | None:
        """The nearest person before ``before`` who is a subject, in this or the previous
        paragraph, when the article gives them no title ("Zelensky thanked … the president said")."""
        horizon = self.paras.start_of(self.paras.index(before) - 1)
        for p in reversed(self.people):
            if p.start >= before or self._in_quote(p):
                continue
            if p.start < horizon:
                break
            if p.subject:
                titled = any(words & PERSON_NOUNS for q, words in self._titles if self.full_of(q) == self.full_of(p))
                return None if titled else p
        return None

    @staticmethod
    def _in_quote(p: Person) -> bool:
        return p.quoted


def quoted_tokens(doc: Doc, spans: list[QuoteSpan]) -> list[bool]:
    """Per token: does it lie inside a quote (marks included)?"""
    flags = [False] * len(doc)
    for s in spans:
        lo = s.start - (len(s.open_mark) if s.open_mark else 0)
        hi = s.end + (len(s.close_mark) if s.close_mark else 0)
        span = doc.char_span(lo, hi, alignment_mode="expand")
        if span is not None:
            for i in range(span.start, span.end):
                flags[i] = True
    return flags


@dataclass
class ArticlePeople:
    """The registry of one article with the quote spans it was built on (see :func:`people_of`)."""

    index: PeopleIndex
    spans: list[QuoteSpan]


def people_of(doc: Doc) -> ArticlePeople:
    """The one people registry of ``doc``: built on first use, then shared by every extractor that
    runs on the same Doc (quotes and entities), so they agree on who is a person."""
    cached = doc.user_data.get(_KEY)
    if isinstance(cached, ArticlePeople):
        return cached
    text = doc_text(doc)
    paras = Paragraphs(text)
    spans = find_quote_spans(text, paras)
    found = ArticlePeople(PeopleIndex(doc, quoted_tokens(doc, spans), text, paras), spans)
    doc.user_data[_KEY] = found
    return found


_KEY = "claimstream.people"
