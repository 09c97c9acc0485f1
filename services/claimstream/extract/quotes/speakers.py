"""Resolve the speaker mention of a quote to the fullest name of a person in the article.

A mention is a token (the subject of a reporting verb, the object of "according to", …).
It resolves to:
- a person named in its noun phrase ("NATO chief Jens Stoltenberg", "Stoltenberg"), including
  capitalised names that spaCy's small model tags ORG or NORP when they speak ("Trump said");
- for he/she, the most recent compatible person before it (outside quotes), preferring
  people who are subjects or recent speakers over people merely mentioned;
- for a title ("the secretary general"), the person the article names with that title;
- nothing for institutions (a ministry, "the statement", "Reuters"), unnamed sources and
  other pronouns.
The name returned is the fullest form the article writes for that person ("Jens Stoltenberg"
for "Stoltenberg"); the people themselves come from the article's one registry
(:mod:`claimstream.extract.people`), shared with the entities.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from claimstream.extract import names
from claimstream.extract.people import (
    FEMALE,
    HUMAN_NOUNS,
    INSTITUTION_LABELS,
    MALE,
    PERSON_NOUNS,
    SPEECH_VERBS,
    TITLE_STOP,
    PeopleIndex,
    Person,
    looks_like_person_name,
    name_run,
    word_set,
)

__all__ = ["NONE", "SPEECH_VERBS", "PeopleIndex", "Resolved", "main_clause", "resolve", "word_set"]


@dataclass(frozen=True)
class Resolved:
    speaker: str | None
    label: str | None
    start: int | None
    end: int | None
    how: str  # "name", "pronoun", "title", "institution", "none"
    description: str | None = None
    """A person described, not named ("a campaign spokeswoman", "a senior official"); only when
    ``speaker`` is None. Institutions get none ("the ministry" is no described person)."""


NONE = Resolved(None, None, None, None, "none")


_NOT_IN_NP = frozenset({"relcl", "acl", "ccomp", "advcl", "punct", "cc", "conj"})


def _np_tokens(tok: Token, quoted: list[bool]) -> list[Token]:
    """The noun phrase headed by ``tok`` with its appositives ("a spokeswoman, X Y"), without
    clauses, conjuncts and quoted words."""
    out = [tok]
    stack = [c for c in tok.children if c.dep_ not in _NOT_IN_NP]
    while stack:
        t = stack.pop()
        if not quoted[t.i]:
            out.append(t)
        stack.extend(c for c in t.children if c.dep_ not in _NOT_IN_NP)
    return sorted(out, key=lambda t: t.i)


def _naming_tokens(tok: Token) -> list[Token]:
    """The tokens that can name the mention's referent: the head, its compounds and its
    appositives ("the spokeswoman, Jane Roe"), not a prepositional object ("aid to Kiev")."""
    out, stack = [], [tok]
    while stack:
        t = stack.pop()
        out.append(t)
        stack.extend(c for c in t.children if c.dep_ in ("compound", "flat", "appos", "nmod"))
    return out


def _person(people: PeopleIndex, p: Person, how: str = "name") -> Resolved:
    return Resolved(people.full_of(p), "PERSON", p.start, p.end, how)


def resolve(tok: Token, people: PeopleIndex, recent: list[str]) -> Resolved:
    """Resolve the speaker mention headed by ``tok`` (see module doc)."""
    if tok.tag_ in ("WP", "WDT") and tok.head.dep_ == "relcl":
        tok = tok.head.head  # "X, who added, …"
    np = _np_tokens(tok, people.quoted)
    naming = _naming_tokens(tok)
    if tok.lower_ in PERSON_NOUNS | HUMAN_NOUNS:  # "a spokeswoman for X, Jane Roe" (appos misattached)
        naming += [a for t in np if t.dep_ == "appos" for a in _naming_tokens(t)]
    for t in naming:
        p = people.person_at(t)
        if p is not None:
            return _person(people, p)
    known = names.place_or_org(tok.text) if tok.text[:1].isupper() else None
    if known is not None:  # a country or body the registry does not hold as a person ("Moldova has complied")
        return Resolved(None, known[1], None, None, "institution")
    if tok.text[:1].isupper():
        p = people.named(tok)
        if p is not None:
            return Resolved(people.full_of(p), "PERSON", tok.idx, tok.idx + len(tok), "name")
    low = tok.lower_
    if tok.pos_ == "PRON" or low in MALE | FEMALE:
        return _pronoun(tok, people, recent) if low in MALE | FEMALE else NONE
    if looks_like_person_name(tok):
        run = name_run(tok)
        return Resolved(people.full(run.text, run.start_char + 1), "PERSON", run.start_char, run.end_char, "name")
    if tok.ent_type_ in INSTITUTION_LABELS:
        return Resolved(None, tok.ent_type_, None, None, "institution")
    return _by_title(tok, np, people)


def _pronoun(tok: Token, people: PeopleIndex, recent: list[str]) -> Resolved:
    """he/she: the subject of the nearest main clause before it (in its sentence or the one
    before, skipping sentences wholly inside quotes, also across a paragraph break).

    A role noun there ("Peru's finance minister, speaking from Lima, said … "…," he said") gives
    its named holder (an appositive counts: "the envoy, Ada Obi,") or nobody; a person of the
    pronoun's gender is the antecedent. Subjects of reported clauses do not count ("X said Lima
    hoped …"). Otherwise: the most recent compatible person in the article."""
    gender = "m" if tok.lower_ in MALE else "f"
    for t in _main_subjects_before(tok, people):
        if t.tag_ in ("NN", "NNP") and t.lower_ in PERSON_NOUNS | HUMAN_NOUNS:
            who = resolve(t, people, recent)
            return Resolved(who.speaker, who.label, tok.idx, tok.idx + len(tok), "pronoun") if who.speaker else NONE
        p = people.person_at(t)
        if p is not None and not p.weak and people.gender_of(p) in (None, gender):
            return Resolved(people.full_of(p), "PERSON", tok.idx, tok.idx + len(tok), "pronoun")
        break
    p = people.antecedent(tok.idx, gender, recent)
    if p is None:
        return NONE
    return Resolved(people.full_of(p), "PERSON", tok.idx, tok.idx + len(tok), "pronoun")


def _main_subjects_before(tok: Token, people: PeopleIndex) -> list[Token]:
    """Non-pronoun subjects of main clauses before ``tok``, nearest first, outside quotes, in
    its sentence and the previous sentence that has words outside quotes."""
    doc, quoted = tok.doc, people.quoted
    sent = people.sent_of(tok.i)
    start = sent.start
    while start > 0:  # the sentence before, past sentences that are all quote
        prev = people.sent_of(start - 1)
        start = prev.start
        if any(not quoted[t.i] and t.is_alpha for t in prev):
            break
    return [
        t
        for t in reversed(doc[start : tok.i])
        if t.dep_ in ("nsubj", "nsubjpass") and not quoted[t.i] and t.pos_ != "PRON" and main_clause(t.head)
    ]


def main_clause(verb: Token) -> bool:
    """The verb heads its sentence, or is coordinated with the verb that does ("X thanked Y and
    said …")."""
    for _ in range(4):
        if verb.dep_ != "conj":
            break
        verb = verb.head
    return verb.dep_ == "ROOT"


def _by_title(tok: Token, np: list[Token], people: PeopleIndex) -> Resolved:
    """ "the secretary general" → the person the article names with that title; else the
    untitled person just before acting as a subject; else nobody."""
    words = {
        w for t in np if t.is_alpha and t.pos_ in ("NOUN", "PROPN", "ADJ") for w in t.lower_.split("-")
    } - TITLE_STOP
    roles = {
        w
        for t in np
        if t.is_alpha and not t.ent_type_ and t.pos_ in ("NOUN", "PROPN", "ADJ")
        for w in t.lower_.split("-")
    } - TITLE_STOP
    if not roles & PERSON_NOUNS:
        if tok.lower_ in HUMAN_NOUNS and tok.pos_ == "NOUN":  # "a source close to", "one witness"
            p = people.holder_of_title(words, roles, tok.idx) if _definite(np) else None
            if p is not None:  # "Ana Soto, a nurse at the clinic, … the nurse said"
                return Resolved(people.full_of(p), "PERSON", np[0].idx, np[-1].idx + len(np[-1]), "title")
            return _described(tok, np)
        label = "ORG" if tok.pos_ in ("NOUN", "PROPN") else None
        return Resolved(None, label, None, None, "institution")
    s = min(t.idx for t in np)
    e = max(t.idx + len(t) for t in np)
    p = people.holder_of_title(words, roles, tok.idx)
    if p is not None:
        return Resolved(people.full_of(p), "PERSON", s, e, "title")
    if not any(t.lower_ in ("a", "an", "another", "one") for t in np):
        p = people.recent_subject(tok.idx)
        if p is not None:
            return Resolved(people.full_of(p), "PERSON", s, e, "context")
    return _described(tok, np)


def _definite(np: list[Token]) -> bool:
    """ "the farmer", not "a farmer" or "one farmer": a person the article has introduced."""
    return any(t.lower_ == "the" and t.dep_ == "det" for t in np) and not any(
        t.lower_ in ("a", "an", "another", "one") for t in np
    )


_DESCRIPTION_MAX_TOKENS = 8


def _described(tok: Token, np: list[Token]) -> Resolved:
    """A person the article describes without naming ("a senior official", "a spokeswoman for
    the campaign"): the noun phrase as written, cut to its head when long (clauses never in)."""
    doc = tok.doc
    lo, hi = np[0].i, np[-1].i + 1
    if hi - lo > _DESCRIPTION_MAX_TOKENS:
        hi = tok.i + 1
    while hi > lo and (doc[hi - 1].is_punct or doc[hi - 1].dep_ in ("cc", "case")):
        hi -= 1
    while lo < hi and doc[lo].is_punct:
        lo += 1
    span = doc[lo:hi]
    if not span.text.strip():
        return Resolved(None, "PERSON", None, None, "none")
    return Resolved(None, "PERSON", span.start_char, span.end_char, "none", span.text)
