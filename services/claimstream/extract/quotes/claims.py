"""Quotes: direct quotes (words inside quote marks) and reported speech, with resolved speakers.

Direct quotes come from pairing quote marks in the text (:mod:`claimstream.extract.quote_marks`); one-word quotes,
quoted names or titles and quoted wording in headlines are dropped. Each quote is attributed,
first match wins, from:

1. its *frames*: the words between it and the neighbouring quote or sentence end, after it
   first ("…," she said) and before it second (She said: "…"). A reporting verb from
   :data:`SPEECH_VERBS` or "according to" is the cue, its subject (or passive agent) in the
   dependency parse the speaker mention; a verbless lead ("Jane Roe: "…"") names the speaker;
2. for a fragment inside a sentence without a cue, the person governing it: the subject of a
   clause above it or the owner of the noun it qualifies ("X's "…" remark");
3. for a quote opening its sentence, the cue of the sentence just before it ("X tweeted a
   warning. "…"") or of a paragraph ending "X said:";
4. the previous quote of its paragraph, or of the paragraph before when it opens its paragraph
   (a quote on its own line, a quote running over several paragraphs).

Mentions (names, pronouns, titles, institutions) are resolved by :mod:`speakers`.

Reported speech (kind "indirect") is a reporting verb outside quote marks with a clausal
complement ("X said that …", "X told reporters …") or an "according to X" clause; it is kept
only when its speaker resolves to a named person.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from spacy.tokens import Doc, Token

from claimstream.extract.doctext import doc_text, indices_with_pos
from claimstream.extract.lexicon import words as lexicon_words
from claimstream.extract.people import people_of, who_relative
from claimstream.extract.quote_marks import QuoteSpan, sentence_ends
from claimstream.extract.quotes.speakers import NONE, SPEECH_VERBS, PeopleIndex, Resolved, main_clause, resolve

INDIRECT_VERBS = lexicon_words("reported_speech_verbs")
_LAYOUT_LABELS = lexicon_words("layout_labels")
_CLAUSE_CONJUNCTIONS = lexicon_words("clause_conjunctions")
_WORD = re.compile(r"\w+")
_MIN_WORDS = 2
_TITLE_MAX_WORDS = 6


@dataclass
class _Frame:
    start: int
    end: int


@dataclass
class _Attribution:
    who: Resolved
    cue: str | None
    cue_token: Token | None
    how: str


_SMALL = frozenset({"of", "the", "and", "for", "in", "on", "to", "a", "an", "at", "&"})


def is_quote_content(text: str, tokens: list[Token] | None = None) -> bool:
    """Two or more words, and not a quoted name or title ("Operation Spring Storm", "Fox and
    Friends"): short, every word but small ones capitalised and, when the parse is at hand, no
    verb or pronoun ("Ask the Pentagon." is a quote)."""
    if sum(1 for w in text.split() if _WORD.search(w)) < _MIN_WORDS:
        return False  # "enormous", "No.", "long-term"
    words = _WORD.findall(text)
    content = [w for w in words if w.lower() not in _SMALL]
    if len(words) > _TITLE_MAX_WORDS or re.search(r"[.!?,;:]", text.rstrip(".,;:!? ")):
        return True
    if len(content) < 2 or not all(w[0].isupper() or w[0].isdigit() for w in content):
        return True
    return tokens is not None and any(t.pos_ in ("VERB", "AUX", "PRON") for t in tokens)


def _in_headline(people: PeopleIndex, span: QuoteSpan) -> bool:
    """Quoted wording in a headline or subhead: a short paragraph without a sentence end
    ("'We will not retreat': mayor vows to stay"), or a "Read also:" teaser."""
    lo, hi = people.paras.bounds(span.start)
    para = people.text[lo:hi].strip()
    if re.match(r"(read|see) (also|more)\b", para, re.I):
        return True
    return len(_WORD.findall(para)) <= 20 and not re.search(r"[.!?:;\"”’')\]]$", para)


def _outer(s: QuoteSpan) -> tuple[int, int]:
    return s.start - len(s.open_mark or ""), s.end + len(s.close_mark or "")


def _frames(people: PeopleIndex, spans: list[QuoteSpan], k: int) -> tuple[_Frame, _Frame]:
    """(after, before): the words between quote ``k`` and its neighbours or sentence ends."""
    text = people.text
    s = spans[k]
    o_start, o_end = _outer(s)
    lo, hi = people.paras.bounds(s.start)
    nxt = _outer(spans[k + 1])[0] if k + 1 < len(spans) and spans[k + 1].start < hi else hi
    ends = sentence_ends(text, o_end, nxt)
    after = _Frame(o_end, ends[0] if ends else nxt)
    if not ends and nxt < hi and text[s.start : s.end].endswith("."):
        # "…now.” The opposition called it “…”: the words after a finished quote lead the next one
        after = _Frame(o_end, o_end)
    prv = _outer(spans[k - 1])[1] if k > 0 and spans[k - 1].end > lo else lo
    ends = sentence_ends(text, prv, o_start)
    return after, _Frame(ends[-1] if ends else prv, o_start)


def _tokens_in(doc: Doc, frame: _Frame, quoted: list[bool]) -> list[Token]:
    span = doc.char_span(frame.start, frame.end, alignment_mode="contract")
    if span is None:
        return []
    return [t for t in span if not quoted[t.i]]


def _subject(verb: Token, quoted: list[bool]) -> Token | None:
    """The speaker of a reporting verb: its subject, or in the passive its agent ("X was asked
    by Y"; "X was quoted as saying" keeps X), climbing through conjunctions, complements and
    active participles ("X paused and said", "X signed an order telling …"), never from a past
    participle that modifies a noun ("the conditions agreed with the EU", often tagged VBD)."""
    v = verb
    for _ in range(5):
        kids = [c for c in v.children if not quoted[c.i]]
        agents = [p for c in kids if c.dep_ == "agent" for p in c.children if p.dep_ == "pobj"]
        if agents:
            return agents[0]
        subjects = [c for c in kids if c.dep_ == "nsubj" or (c.dep_ == "nsubjpass" and v.lemma_ in ("quote", "cite"))]
        if subjects:  # the nearest one when a misparse gives several
            return min(subjects, key=lambda c: abs(c.i - v.i))
        if any(c.dep_ == "nsubjpass" for c in kids):
            return None  # "X was told …": X is the addressee
        if v is verb and (inverted := _inverted_speaker(v, kids, quoted)) is not None:
            return inverted
        if v.dep_ not in _CLIMB or v.head is v or (v.dep_ == "acl" and v.tag_ in ("VBN", "VBD")):
            return None
        v = v.head
    return None


_CLIMB = frozenset({"conj", "xcomp", "advcl", "acl", "dobj", "pobj", "prep"})


def _inverted_speaker(verb: Token, kids: list[Token], quoted: list[bool]) -> Token | None:
    """ "“We will stay,” declared the Ambassador": right after a closing quote, a reporting verb with
    no subject comes before its speaker, which the small model often parses as the verb's object."""
    doc = verb.doc
    before = doc[max(0, verb.i - 2) : verb.i]
    if not before or not (quoted[before[0].i] or quoted[before[-1].i]):
        return None
    if any(not quoted[t.i] and not t.is_punct for t in before):
        return None  # "…,” she said and thanked the Ambassador": words between the quote and the verb
    after = [c for c in kids if c.dep_ == "dobj" and 0 < c.i - verb.i <= 3 and c.pos_ in ("NOUN", "PROPN")]
    return after[0] if after else None


def _according_to(tokens: list[Token]) -> tuple[Token, Token] | None:
    """(cue token, source) for "according to X" among ``tokens``."""
    for t in tokens:
        if t.lower_ == "according" and t.i + 1 < len(t.doc) and t.nbor(1).lower_ == "to":
            to = t.nbor(1)
            objs = [c for c in to.children if c.dep_ == "pobj"]
            if objs:
                return t, objs[0]
            if to.i + 1 < len(t.doc):
                return t, to.nbor(1)
    return None


def _near_mention(tokens: list[Token], verb: Token) -> Token | None:
    """Fallback when the parse gives no subject: a name or pronoun next to a finite verb, or the
    person opening the frame with a relative clause ("…," Ana Soto, who co-chaired the talks, told …)."""
    best = None
    if verb.tag_ not in ("VBD", "VBZ", "VBP"):
        return None
    for t in tokens:
        near = abs(t.i - verb.i) <= 4 and (t.ent_type_ == "PERSON" or t.lower_ in ("he", "she"))
        if near and (best is None or abs(t.i - verb.i) < abs(best.i - verb.i)):
            best = t
    return best or _frame_opening_person(tokens, verb)


def _frame_opening_person(tokens: list[Token], verb: Token) -> Token | None:
    words = [t for t in tokens if not t.is_punct and t.i < verb.i]
    if not words:
        return None
    t = words[0]
    for _ in range(3):  # "Ana" -> "Soto"
        if t.dep_ != "compound" or t.head.i <= t.i:
            break
        t = t.head
    return t if who_relative(t) else None


def _cues(tokens: list[Token], quoted: list[bool]) -> list[tuple[Token, Token | None]]:
    """Every (cue, subject) in ``tokens``, in text order: reporting verbs and "according to"."""
    out: list[tuple[Token, Token | None]] = []
    for k, t in enumerate(tokens):
        if t.lower_ == "according":
            found = _according_to(tokens[k : k + 2])
            if found is not None:
                out.append(found)
        elif t.lemma_.lower() in SPEECH_VERBS and t.pos_ in ("VERB", "AUX") and not _non_speech_use(t, quoted):
            out.append((t, _subject(t, quoted) or _near_mention(tokens, t)))
    return out


# Reporting verbs that also have everyday senses with an object ("added two days", "continued to
# rise", "put the cost at", "shared the border"); told apart by an object outside the quote.
_ALSO_NOT_SPEECH = lexicon_words("reporting_verbs_other_senses")


def _non_speech_use(verb: Token, quoted: list[bool]) -> bool:
    return verb.lemma_.lower() in _ALSO_NOT_SPEECH and any(
        c.dep_ in ("dobj", "npadvmod", "xcomp", "attr") and not quoted[c.i] and c.lower_ != "it"  # "as X put it"
        for c in verb.children
    )


def _cue_lemma(tok: Token) -> str:
    return "according to" if tok.lower_ == "according" else tok.lemma_.lower()


def _own_content(verb: Token, quoted: list[bool]) -> bool:
    """The reporting verb carries reported content of its own ("X said the backlog would …")."""
    return any(c.dep_ in ("ccomp", "xcomp") and not quoted[c.i] for c in verb.children)


def _attribute_in_frames(
    doc: Doc,
    frames: tuple[_Frame, _Frame],
    quoted: list[bool],
    people: PeopleIndex,
    recent: list[str],
    *,
    closed: bool = False,
    comma: bool = False,
) -> _Attribution | None:
    """The cue nearest the quote, after it first; a cue naming a person beats one that names none.

    A reporting verb without any subject ("…, speaking out against …") is no attribution. After a
    ``closed`` quote (one ending its sentence: "…clear."), a verb reporting content of its own
    starts a new statement by someone else ("Port director X said the backlog …"), not a tag.
    Failing a cue, a quote ending in a ``comma`` is the object of the clause after it, whatever
    its verb (""…," she began", ""…," Soto shrugged").
    """
    after, before = frames
    for frame, nearest_first in ((after, True), (before, False)):
        tokens = _tokens_in(doc, frame, quoted)
        new_clause = frame is after and _opens_clause(tokens)
        cues = [
            (c, s)
            for c, s in _cues(tokens, quoted)
            if s is not None
            and not (closed and frame is after and _own_content(c, quoted))
            and not (new_clause and s.i > tokens[0].i)
        ]
        if not cues:
            continue
        if not nearest_first:
            cues.reverse()
        found = [(c, resolve(s, people, recent)) for c, s in cues]
        cue, who = next((f for f in found if f[1].speaker), found[0])
        return _Attribution(who, _cue_lemma(cue), cue, "frame")
    tag = _any_verb_tag(_tokens_in(doc, after, quoted), people, recent) if comma else None
    return tag or _speaker_label(_tokens_in(doc, before, quoted), people, recent)


def _any_verb_tag(tokens: list[Token], people: PeopleIndex, recent: list[str]) -> _Attribution | None:
    """The person subject of the first verb after a comma-ended quote, the subject in the tag too."""
    if _opens_clause(tokens):
        return None
    inside = {t.i for t in tokens}
    for v in tokens:
        if v.pos_ != "VERB":
            continue
        subjects = [c for c in v.children if c.dep_ == "nsubj" and c.i in inside]
        if not subjects:
            return None
        who = resolve(subjects[0], people, recent)
        return _Attribution(who, v.lemma_.lower(), v, "frame") if who.speaker else None
    return None


def _opens_clause(tokens: list[Token]) -> bool:
    """The words after a quote start a clause with a conjunction ("…a lifeline," while her deputy
    warned …; "…," but the mayor said …): a reporting verb with its own subject there is not the
    quote's tag (one sharing the quote's subject is: "X called it "…" and said …")."""
    words = [t for t in tokens if not t.is_punct]
    return bool(words) and words[0].lower_ in _CLAUSE_CONJUNCTIONS


def _speaker_label(tokens: list[Token], people: PeopleIndex, recent: list[str]) -> _Attribution | None:
    """A verbless lead "Jens Stoltenberg: "…"" names the speaker (an all-caps "REPORTER:" does not)."""
    if len(tokens) < 2 or tokens[-1].text != ":" or any(t.pos_ in ("VERB", "AUX") for t in tokens):
        return None
    if tokens[-2].lower_ in _LAYOUT_LABELS:
        return None  # "Quote: "…"", "Source: …": the page's layout, not a speaker
    who = resolve(tokens[-2], people, recent)
    return _Attribution(who, None, None, "frame") if who.speaker else None


def _direct_quotes(doc: Doc, spans: list[QuoteSpan], quoted: list[bool], people: PeopleIndex) -> list[dict[str, Any]]:
    text = people.text
    out: list[dict[str, Any]] = []
    recent: list[str] = []
    prev: tuple[QuoteSpan, _Attribution] | None = None
    found: list[tuple[QuoteSpan, _Attribution, tuple[_Frame, _Frame]]] = []
    for k, span in enumerate(spans):
        frames = _frames(people, spans, k)
        closed = text[span.start : span.end].rstrip().endswith((".", "!", "?"))
        comma = text[span.start : span.end].rstrip().endswith(",")
        att = _attribute_in_frames(doc, frames, quoted, people, recent, closed=closed, comma=comma)
        if att is None and text[frames[1].start : frames[1].end].strip():
            # a fragment inside a sentence: the clause around it says whose words they are
            att = _governing_subject(doc, span, quoted, people, recent) or _preceding_subject(
                doc, frames[1], quoted, people, recent
            )
        fragment = att is None and bool(text[frames[1].start : frames[1].end].strip())
        att = (
            att
            or _lead_in(doc, spans, k, frames[1], quoted, people, recent)
            or _continuation(people, span, prev)
            or (_governing_subject(doc, span, quoted, people, recent, described=True) if fragment else None)
            or _Attribution(NONE, None, None, "none")
        )
        if att.who.speaker:
            recent.append(att.who.speaker)
        prev = (span, att)
        found.append((span, att, frames))
    _carry_back_over_paragraphs(people, found)
    for span, att, frames in found:
        quote = text[span.start : span.end]
        inner = doc.char_span(span.start, span.end, alignment_mode="expand")
        if is_quote_content(quote, list(inner or [])) and not _in_headline(people, span):
            out.append(_record(people, span, att, frames))
    return out


def _carry_back_over_paragraphs(
    people: PeopleIndex, found: list[tuple[QuoteSpan, _Attribution, tuple[_Frame, _Frame]]]
) -> None:
    """A quote running over paragraphs opens each paragraph and closes only in the last, where the
    speaker is named: an unattributed paragraph left open takes the attribution of the next one."""
    paras = people.paras
    for k in range(len(found) - 2, -1, -1):
        span, att, frames = found[k]
        nxt, nxt_att, _ = found[k + 1]
        if att.who.speaker or span.close_mark is not None or span.open_mark is None or nxt.open_mark is None:
            continue
        i = paras.index(span.start)
        if paras.index(nxt.start) != i + 1 or people.text[paras.start_of(i + 1) : nxt.start].strip(" \t\"“«„'`"):
            continue  # the next quote must open the very next paragraph
        found[k] = (span, _Attribution(nxt_att.who, nxt_att.cue, nxt_att.cue_token, "continued"), frames)


def _continuation(
    people: PeopleIndex, span: QuoteSpan, prev: tuple[QuoteSpan, _Attribution] | None
) -> _Attribution | None:
    """A quote without a cue of its own continues the previous quote ("…," she said. "…")."""
    if prev is None or not _continues(people, prev[0], span):
        return None
    return _Attribution(prev[1].who, prev[1].cue, prev[1].cue_token, "continued")


def _lead_in(
    doc: Doc, spans: list[QuoteSpan], k: int, before: _Frame, quoted: list[bool], people: PeopleIndex, recent: list[str]
) -> _Attribution | None:
    """A quote opening its sentence takes the cue of the sentence just before it: "X tweeted a
    warning. "…"", or, when it opens its paragraph, "X said:" closing the paragraph before.
    Without a cue, a person acting in the sentence before, in its paragraph, speaks: "Ana Soto, a
    nurse, has not been paid since May. "…"", "“…,” Soto said. Her colleague disagreed. "…""."""
    text = people.text
    if text[before.start : before.end].strip():
        return None
    paras = people.paras
    lo, _ = paras.bounds(spans[k].start)
    same_paragraph = before.start > lo
    if same_paragraph:
        hi = before.start
    else:
        i = paras.index(spans[k].start)
        if i == 0:
            return None
        lo, hi = paras.spans[i - 1]
    lo = max(lo, _outer(spans[k - 1])[1] if k > 0 else 0)
    if hi <= lo:
        return None
    ends = [e for e in sentence_ends(text, lo, hi) if e < hi]
    frame = _Frame(ends[-1] if ends else lo, hi)
    att = _attribute_in_frames(doc, (frame, _Frame(frame.start, frame.start)), quoted, people, recent)
    if att is None and same_paragraph:
        att = _main_subject_person(_tokens_in(doc, frame, quoted), people, recent)
    if att is not None:
        att.how = "context"
    return att


def _main_subject_person(tokens: list[Token], people: PeopleIndex, recent: list[str]) -> _Attribution | None:
    """The person who is the subject of the sentence's main clause, if one is."""
    subjects = [t for t in tokens if t.dep_ in ("nsubj", "nsubjpass") and main_clause(t.head)]
    who = resolve(subjects[0], people, recent) if subjects else NONE
    return _Attribution(who, None, None, "context") if who.speaker else None


def _governing_subject(
    doc: Doc, span: QuoteSpan, quoted: list[bool], people: PeopleIndex, recent: list[str], *, described: bool = False
) -> _Attribution | None:
    """A quoted fragment inside a clause is the words of the nearest person governing it:
    the subject of a clause above it ("X worried that the net was becoming "…"", "X issued a
    decree to "…""), the agent of a passive ("was hailed by X as "…"") or the owner of the noun
    it names ("X's "…" comment"). With ``described``, a person the article describes without a
    name counts too ("The former mayor … accusing it of "…""), as the last resort."""
    inner = doc.char_span(span.start, span.end, alignment_mode="expand")
    if inner is None:
        return None
    heads = [t.head for t in inner if not inner.start <= t.head.i < inner.end]
    v = heads[0] if heads else None
    for _ in range(6):
        if v is None:
            return None
        cands = [c for c in v.children if c.dep_ == "poss" and not quoted[c.i]]
        if v.pos_ in ("VERB", "AUX"):  # the agent of a passive first: "it was hailed by X as "…""
            agents = [p for c in v.children if c.dep_ == "agent" for p in c.children if p.dep_ == "pobj"]
            cands = agents + [c for c in v.children if c.dep_ in ("nsubj", "nsubjpass") and not quoted[c.i]]
        for c in cands:
            who = resolve(c, people, recent)
            if who.speaker or (described and who.description):
                return _Attribution(who, None, None, "governing")
        v = v.head if v.head is not v else None
    return None


def _preceding_subject(
    doc: Doc, before: _Frame, quoted: list[bool], people: PeopleIndex, recent: list[str]
) -> _Attribution | None:
    """The nearest person subject before the fragment in its sentence ("She praised …, "…"")."""
    tokens = _tokens_in(doc, before, quoted)
    if not tokens:
        return None
    sent = people.sent_of(tokens[-1].i)
    for t in reversed(tokens):
        if t.i < sent.start:
            break
        if t.dep_ in ("nsubj", "nsubjpass"):
            who = resolve(t, people, recent)
            if who.speaker:
                return _Attribution(who, None, None, "governing")
    return None


def _continues(people: PeopleIndex, prev: QuoteSpan, cur: QuoteSpan) -> bool:
    """Is ``cur`` in the same paragraph as ``prev``, or opening the paragraph after the one
    that ``prev`` closes (a quote running over paragraphs, a quote on its own line)?"""
    paras, text = people.paras, people.text
    p_i, c_i = paras.index(prev.start), paras.index(cur.start)
    if p_i == c_i:
        return True
    c_lo = paras.spans[c_i][0]
    p_hi = paras.spans[p_i][1]
    return c_i == p_i + 1 and not text[c_lo : _outer(cur)[0]].strip() and not text[_outer(prev)[1] : p_hi].strip()


_CONFIDENCE = {"name": 0.9, "title": 0.8, "pronoun": 0.75, "institution": 0.7, "context": 0.6, "none": 0.5}


def _record(people: PeopleIndex, span: QuoteSpan, att: _Attribution, frames: tuple[_Frame, _Frame]) -> dict[str, Any]:
    text = people.text
    who = att.who
    o_start, o_end = _outer(span)
    ev_start, ev_end = o_start, o_end
    for pos in (who.start, who.end, att.cue_token.idx if att.cue_token is not None else None):
        if pos is not None and frames[1].start <= pos <= frames[0].end:
            ev_start, ev_end = min(ev_start, pos), max(ev_end, pos)
    if att.cue_token is not None and frames[1].start <= att.cue_token.idx <= frames[0].end:
        ev_end = max(ev_end, att.cue_token.idx + len(att.cue_token))
    conf = _CONFIDENCE.get(who.how, 0.5) - (0.1 if att.how in ("continued", "governing", "context") else 0.0)
    if span.open_mark is None or span.close_mark is None:
        conf -= 0.1
    return {
        "quote": text[span.start : span.end],
        "kind": "direct",
        "speaker": who.speaker,
        "speaker_description": None if who.speaker else who.description,
        "speaker_label": who.label,
        "cue": att.cue,
        "start": span.start,
        "end": span.end,
        "speaker_start": who.start,
        "speaker_end": who.end,
        "confidence": round(max(0.05, min(1.0, conf)), 2),
        "evidence": _evidence(people, ev_start, ev_end),
    }


def _evidence(people: PeopleIndex, start: int, end: int) -> dict[str, Any]:
    doc = people.doc
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return {"start": start, "end": end, "sentence": people.text[start:end]}
    s0, s1 = people.sent_of(span.start), people.sent_of(span.end - 1)
    return {"start": start, "end": end, "sentence": people.text[s0.start_char : s1.end_char]}


def _indirect_quotes(doc: Doc, quoted: list[bool], people: PeopleIndex, used_cues: set[int]) -> list[dict[str, Any]]:
    out = []
    text = doc_text(doc)
    according = [m.start() for m in re.finditer(r"\b[Aa]ccording to\b", text)]
    candidates = set(indices_with_pos(doc, "VERB"))
    candidates.update(s.start for s in (doc.char_span(a, a + 9) for a in according) if s is not None)
    for t in (doc[i] for i in sorted(candidates)):
        if quoted[t.i] or t.i in used_cues:
            continue
        if t.lemma_.lower() in INDIRECT_VERBS and t.pos_ == "VERB":
            rec = _reported_clause(doc, t, quoted, people)
            if rec:
                out.append(rec)
        elif t.lower_ == "according" and t.i + 1 < len(doc) and t.nbor(1).lower_ == "to":
            rec = _according_clause(doc, t, quoted, people)
            if rec:
                out.append(rec)
    return out


def _content_span(tokens: list[Token], quoted: list[bool]) -> tuple[int, int] | None:
    toks = [t for t in tokens if not t.is_punct or t.text in ("%", "$")]
    while toks and toks[0].dep_ == "mark" and toks[0].lower_ in ("that", "whether", "if"):
        toks = toks[1:]
    if len(toks) < 3 or any(quoted[t.i] for t in toks):
        return None
    return toks[0].idx, toks[-1].idx + len(toks[-1])


def _reported_clause(doc: Doc, verb: Token, quoted: list[bool], people: PeopleIndex) -> dict[str, Any] | None:
    comps = [c for c in verb.children if c.dep_ == "ccomp" and c.i > verb.i]
    subj = _subject(verb, quoted)
    if not comps or subj is None:
        return None
    bounds = _content_span([t for t in comps[0].subtree if t.i > verb.i], quoted)
    if bounds is None:
        return None
    return _indirect_record(doc, bounds, verb, subj, people)


def _according_clause(doc: Doc, acc: Token, quoted: list[bool], people: PeopleIndex) -> dict[str, Any] | None:
    found = _according_to([acc])
    if found is None:
        return None
    sent = people.sent_of(acc.i)
    phrase = set(t.i for t in acc.subtree)
    rest = [t for t in sent if t.i not in phrase]
    if not rest:
        return None
    # the larger contiguous part of the sentence outside the "according to X" phrase
    left = [t for t in rest if t.i < acc.i]
    right = [t for t in rest if t.i > acc.i]
    part = left if len(left) > len(right) else right
    bounds = _content_span(part, quoted)
    if bounds is None:
        return None
    return _indirect_record(doc, bounds, acc, found[1], people)


def _indirect_record(doc: Doc, bounds: tuple[int, int], cue: Token, subj: Token, people: PeopleIndex) -> dict[str, Any]:
    who = resolve(subj, people, [])
    start, end = bounds
    ev_start = min(start, cue.idx, subj.idx)
    ev_end = max(end, cue.idx + len(cue), subj.idx + len(subj))
    return {
        "quote": people.text[start:end],
        "kind": "indirect",
        "speaker": who.speaker,
        "speaker_description": None if who.speaker else who.description,
        "speaker_label": who.label,
        "cue": _cue_lemma(cue),
        "start": start,
        "end": end,
        "speaker_start": who.start,
        "speaker_end": who.end,
        "confidence": round(_CONFIDENCE.get(who.how, 0.5) - 0.15, 2),
        "evidence": _evidence(people, ev_start, ev_end),
    }


def extract_quotes(doc: Doc) -> list[dict[str, Any]]:
    """Direct and indirect quotes of one parsed article, in text order (see module doc)."""
    registry = people_of(doc)
    people, spans = registry.index, registry.spans
    quoted = people.quoted
    direct = _direct_quotes(doc, spans, quoted, people)
    used: set[int] = set()
    for q in direct:
        if q["cue"] is not None:
            used.update(
                t.i for t in doc.char_span(q["evidence"]["start"], q["evidence"]["end"], alignment_mode="expand") or []
            )
    # Reported speech is only worth a claim when we know whose it is: an unattributed paraphrase
    # ("the ministry said that …" with no named person) stays out rather than adding noise.
    indirect = [q for q in _drop_enclosing(_indirect_quotes(doc, quoted, people, used)) if q["speaker"]]
    return sorted(direct + indirect, key=lambda q: (q["start"], q["kind"]))


def _drop_enclosing(found: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """An "according to" clause that encloses another reported clause repeats it: keep the inner."""
    return [
        q
        for q in found
        if q["cue"] != "according to"
        or not any(o is not q and q["start"] <= o["start"] and o["end"] <= q["end"] for o in found)
    ]
