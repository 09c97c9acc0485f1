"""Entity mentions of one parse: cleaned spaCy entities, minus junk, plus names spaCy missed."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from claimstream.extract import actors, money, names
from claimstream.extract.doctext import doc_sentences, doc_text
from claimstream.extract.lexicon import lexicon
from claimstream.extract.lexicon import words as lexicon_words

_NAME_LABELS = frozenset(
    {"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW", "WEAPON"}
)
# Photo credits, captions and bylines: names inside them are not the article's entities.
_CREDIT = re.compile(
    r"\((?:Photo|Photograph|Image|Picture|Credit|Video)s?\b[^)\n]{0,200}\)"
    r"|\b(?:Photo|Image|Picture|Credit)s?(?: credit)?\s*:[^\n]*"
    r"|^By [A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,3}(?: and [A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,3})?\s*$"
    r"|\b(?:Reporting|Writing|Editing|Additional reporting|Compiled|Edited) by\b[^\n]*"
    r"|Getty Images|Shutterstock",
    re.MULTILINE,
)
# Words spaCy sometimes tags that are never entities on their own.
_JUNK = frozenset(
    names.fold(w) for w in lexicon_words("not_entities") | lexicon_words("platforms") | lexicon_words("layout_labels")
)  # platforms ("on X", "on Telegram") and layout labels ("Quote:") are no entities either
# "KYIV, Oct 1 (KUNA) --": the agency tag of a dateline, near the start of a line.
_DATELINE_AGENCY = re.compile(r"^[^\n()]{0,80}\((?P<agency>[A-Za-z][A-Za-z-]{1,11})\)\s*(?:[—–]|--?)", re.MULTILINE)
_AGENCIES = lexicon("news_agencies").values
_ACRONYM_TAIL = re.compile(r"\s*\(\s*([A-Z][A-Za-z.&]{1,11})\s*\)?\s*$")
_ACRONYM_AFTER = re.compile(r"\s*\(\s*([A-Z][A-Za-z.&]{1,11})\s*\)")
_ORG_HEAD_WORD = re.compile(
    r"\b(Office|Ministry|Department|Council|Commission|Agency|Fund|Committee|Bureau|Bank|"
    r"Institute|Centre|Center|Organi[sz]ation|Programme|Program|Secretary)$"
)
_NAME_CONNECTORS = frozenset({"for", "of", "and", "the", "&"})
_NAME_PARTICLES = lexicon_words("name_particles")
_TITLES = lexicon_words("name_titles")
# "the charity X", "the conglomerate Y" (lowercase nouns only); spaCy's GPE is trusted.
_MEDIA_NOUNS = lexicon_words("media_nouns")  # "the tabloid X", "X television", "the X business daily"
_APPOSITION_NOUNS = lexicon_words("org_apposition_nouns") | lexicon_words("organisation_heads") | _MEDIA_NOUNS
_APPOSITION_LABELS = frozenset({"ORG", "PERSON", "NORP", "PRODUCT", "WORK_OF_ART", "FAC"})
_SPLIT_TITLES = lexicon_words("split_titles")  # "Foreign Minister Ana Roe" tagged as one ORG
_LOWER_PREFIX = re.compile(r"^(pro|anti|ex|non|post|pre|mid|neo|then)-")
_GLUED_ABBREV = re.compile(r"(?<![\w.])(U\.S\.|US|UK|U\.K\.|EU|UN|NATO)(?=-[a-z])")
_FORCE_NAMES = sorted(lexicon_words("armed_force_names"), key=len, reverse=True)  # "Defence Forces" first
_ARMED_FORCE = re.compile(r"\b(?P<owner>[A-Z][a-z]+) (?:" + "|".join(map(re.escape, _FORCE_NAMES)) + r")\b")


class Sentences:
    """The text and the sentences by character offset, computed once per document (``doc.text`` and
    ``span.sent`` rebuild from every token on each access)."""

    def __init__(self, doc: Doc) -> None:
        self.text = doc_text(doc)
        sents = doc_sentences(doc)
        self.starts = [s.start_char for s in sents]
        self.texts = [s.text for s in sents]

    def at(self, char: int) -> str:
        return self.texts[max(bisect.bisect_right(self.starts, char) - 1, 0)] if self.texts else ""


@dataclass
class Mention:
    text: str
    start: int
    end: int
    label: str
    sentence: str
    canonical: str
    tok_start: int
    tok_end: int
    acronym: str | None = None
    fixed: bool = False  # label and canonical come from a table or a definition: later rules keep them
    spacy_label: str = ""  # the label spaCy gave, before any correction

    def __post_init__(self) -> None:
        self.spacy_label = self.spacy_label or self.label


def collect_mentions(doc: Doc) -> list[Mention]:
    """Every usable mention in document order."""
    sents = Sentences(doc)
    credits = [m.span() for m in _CREDIT.finditer(sents.text)]
    out = []
    junk_acronyms: set[str] = set()  # "the Extended Fund Facility (EFF)": later "EFF"s are no entity either
    for ent in _merged_ents(doc):
        m = _from_span(doc, ent, sents)
        if m is None or _in_ranges(m.start, m.end, credits):
            continue
        m.fixed = m.fixed or (m.label == "ORG" and (_after_apposition_noun(doc, ent) or _before_media_noun(doc, ent)))
        if not _is_junk(m):
            out.append(m)
        elif m.acronym:
            junk_acronyms.add(m.acronym)
    out = [m for m in out if m.text not in junk_acronyms]
    out += _missed_names(doc, credits, sents)
    out += _dateline_agencies(doc, out, sents)
    out += _glued_abbreviations(doc, out, sents)
    out += _armed_forces(doc, out, sents)
    out.sort(key=lambda m: m.start)
    return out


def _merged_ents(doc: Doc) -> list[Span]:
    """spaCy's entities with its common boundary slips repaired (see :func:`_join` and :func:`_split`)."""
    ents = list(doc.ents)
    out: list[Span] = []
    i = 0
    while i < len(ents):
        ent = ents[i]
        nxt = ents[i + 1] if i + 1 < len(ents) else None
        joined = _join(doc, ent, nxt)
        if joined is not None:
            out.append(joined)
            i += 2 if nxt is not None and joined.end >= nxt.end else 1
            continue
        out.extend(_split(doc, _without_currency_code(doc, ent)))
        i += 1
    return [_widened(doc, span) for span in out]


def _without_currency_code(doc: Doc, ent: Span) -> Span:
    """ "Valdia SEK 40 million", "Kelmor Fund CHF 2 million": a name run into the code of the figure after
    it, which the small model tags as one ORG; the name alone (the figure's code is no part of it)."""
    if len(ent) > 1 and ent.end < len(doc) and doc[ent.end].like_num and money.is_currency_unit(ent[-1].text):
        return Span(doc, ent.start, ent.end - 1, label=ent.label_, kb_id=ent.kb_id_)
    return ent


def _widened(doc: Doc, span: Span) -> Span:
    """An organisation's name spaCy cut at its "and": "Ministry of Roads" + "and Bridges" (forward,
    after a head with "of"), "Relief Centre" after "the Kelmor Aid and" (backward, before a head
    word). Only over capitalised words of no other entity, and no title ("the Ministry of Roads and
    Foreign Minister Ana Roe" stays the ministry)."""
    if span.label_ in _APPOSITION_LABELS and _after_apposition_noun(doc, span):
        end = span.end
        while end < len(doc) and _free_name_word(doc[end]):
            end += 1
        return Span(doc, span.start, end, label="ORG")  # "the charity Kelmor Relief" tagged NORP + word
    if span.label_ in _APPOSITION_LABELS and _before_media_noun(doc, span):
        return Span(doc, span.start, span.end, label="ORG")  # "told Dorvan television", tagged PERSON
    if span.label_ not in ("ORG", "PERSON"):
        return span
    known = _known_extension(doc, span)
    if known is not None:
        return known
    start, end = span.start, span.end
    if _head_of(span) and end + 1 < len(doc) and doc[end].lower_ == "and" and _free_name_word(doc[end + 1]):
        end += 1
        while end < len(doc) and _free_name_word(doc[end]):
            end += 1
    if _ORG_HEAD_WORD.search(span.text) and start >= 2 and doc[start - 1].lower_ == "and":
        first = start - 1  # the "and"
        while first > 0 and _free_name_word(doc[first - 1]) and doc[first - 1].lower_ != "the":
            first -= 1
        start = first if first < start - 1 else start
    if (start, end) == (span.start, span.end):
        return span
    return Span(doc, start, end, label="ORG")


_EXTENSION_REACH = 5  # "the UN" + "High | Commissioner | for | Refugees": words a known name may add


def _known_extension(doc: Doc, span: Span) -> Span | None:
    """ "the United Nations" + "High Commissioner for Refugees" (left untagged, a title in it): the
    longest run of capitalised words and connectors after an ORG that makes a name the tables know."""
    if span.label_ != "ORG":
        return None
    end, best = span.end, None
    while end < min(len(doc), span.end + _EXTENSION_REACH) and doc[end].ent_iob_ == "O":
        word = doc[end]
        if not (word.lower_ in _NAME_CONNECTORS or (word.is_alpha and word.text[:1].isupper())):
            break
        end += 1
        known = names.place_or_org(doc[span.start : end].text) if word.lower_ not in _NAME_CONNECTORS else None
        best = Span(doc, span.start, end, label="ORG") if known and known[1] == "ORG" else best
    return best


def _after_apposition_noun(doc: Doc, span: Span) -> bool:
    """ "the charity Kelmor Relief", "the conglomerate ARDEN". (A name after a reduced relative, "the
    fund Ana Roe runs", reads as the fund's: rare in reporting.)"""
    return span.start > 0 and doc[span.start - 1].text in _APPOSITION_NOUNS


def _before_media_noun(doc: Doc, span: Span) -> bool:
    """ "told Dorvan television", "the Kelmor Courier newspaper", "the Vasta business daily": a name
    right before an outlet's noun (one lowercase word may come between), not a people's word or a
    place ("Ostran state television", "Kelmor radio" when the tables know Kelmor as a place)."""
    nxt = doc[span.end : span.end + 2]
    if not nxt or not (nxt[0].is_lower and nxt[0].is_alpha):
        return False
    if nxt[0].lower_ not in _MEDIA_NOUNS and not (
        len(nxt) == 2 and nxt[0].pos_ in ("NOUN", "ADJ") and nxt[1].lower_ in _MEDIA_NOUNS and nxt[1].is_lower
    ):
        return False  # "the Vasta business daily"; not "Ana Roe told broadcaster X"
    text = names.strip_name(span.text)
    return not (_people_word(text) or (names.place_or_org(text) or ("", ""))[1] == "GPE")


def _head_of(span: Span) -> bool:
    """ "Ministry of Roads", "the Office of Water": a body's head word, then "of"."""
    return span.label_ == "ORG" and " of " in span.text and bool(_ORG_HEAD_WORD.search(span[: _of_index(span)].text))


def _second_portfolio(doc: Doc, ent: Span, nxt: Span) -> bool:
    """ "Ministry of Roads" + "and" + "Bridges" (tagged PERSON): one word no table knows, right after
    the "and" of a body's name, is the body's second portfolio; not a word of a person the article
    names ("Ana Bridges"), and not a word spaCy calls ORG ("the Ministry of Health and Oxfam")."""
    if nxt.start != ent.end + 1 or doc[ent.end].lower_ != "and" or len(nxt) != 1 or nxt.label_ != "PERSON":
        return False
    word = nxt.text
    if not _head_of(ent) or not word[1:].islower() or names.place_or_org(word):
        return False
    if names.surname_key(word) in names.KNOWN_PEOPLE:
        return False
    return not any(e.label_ == "PERSON" and len(e) > 1 and word in e.text.split() for e in doc.ents)


def _of_index(span: Span) -> int:
    return next(t.i - span.start for t in span if t.lower_ == "of")


def _free_name_word(tok: Token) -> bool:
    """A capitalised word outside every spaCy entity ("Highways" after "Public Works and")."""
    return tok.is_alpha and tok.text[:1].isupper() and tok.ent_iob_ == "O" and tok.lower_ not in _TITLES


def _join(doc: Doc, ent: Span, nxt: Span | None) -> Span | None:
    """'the UN Office' + 'for' + 'the Coordination of ...', 'Agency for' + 'International Development',
    'Ursula von der' + 'Leyen'."""
    if (
        ent.label_ == "PERSON"
        and ent[-1].lower_ in _NAME_PARTICLES
        and ent.end < len(doc)
        and doc[ent.end].text[:1].isupper()
    ):
        end = nxt.end if nxt is not None and nxt.start == ent.end else ent.end + 1
        return Span(doc, ent.start, end, label="PERSON")
    if nxt is not None and (_known_with_and(doc, ent, nxt) or _second_portfolio(doc, ent, nxt)):
        return Span(doc, ent.start, nxt.end, label="ORG")
    if nxt is not None and nxt.start == ent.end and ent.label_ == nxt.label_ == "ORG" and _no_possessive(ent[-1]):
        return Span(doc, ent.start, nxt.end, label="ORG")  # "Royal Kelmor" + "Air Force" (not "the UN'" + "Fund")
    if nxt is None or ent.label_ != "ORG" or nxt.label_ not in ("ORG", "GPE"):
        return None
    gap = doc[ent.end : nxt.start]
    if ent[-1].lower_ in ("for", "of", "and") and all(t.lower_ == "the" for t in gap) and len(gap) <= 1:
        return Span(doc, ent.start, nxt.end, label="ORG")  # "Ministry of Foreign Affairs of" + "the Republic of X"
    if nxt.label_ != "ORG":
        return None
    words = [t for t in doc[ent.end : nxt.start] if not (t.is_space and _wrapped_name(doc, t))]
    if len(words) == 1 and words[0].lower_ in ("for", "of") and _ORG_HEAD_WORD.search(ent.text):
        return Span(doc, ent.start, nxt.end, label="ORG")  # also over a hard wrap after "for"
    return None


def _no_possessive(tok: Token) -> bool:
    """Not "'s" or a bare "'" ("the UN'" + "Fund", "the Bank's" + "Trust Fund": two bodies)."""
    return tok.lower_ not in ("'s", "’s") and tok.text[-1] not in "'’"


def _known_with_and(doc: Doc, ent: Span, nxt: Span) -> bool:
    """Two names spaCy split at the "and" of an organisation the tables know ("the Harbour Aid" +
    "and" + "Relief Fund" when the state agencies list "Harbour Aid and Relief Fund"; the Red Cross
    and Red Crescent federation)."""
    if nxt.start != ent.end + 1 or doc[ent.end].lower_ != "and":
        return False
    text = names.strip_name(doc[ent.start : nxt.end].text)
    known = names.place_or_org(text)
    return known[1] == "ORG" if known else actors.lookup(text) is not None


def _split(doc: Doc, ent: Span) -> list[Span]:
    """An entity running over a line break is two; 'USAID Administrator Samantha Power' as one ORG is the
    body before the title and the person after."""
    if any(t.is_space and not _wrapped_name(doc, t) for t in ent):
        pieces, start = [], ent.start
        for t in [*ent, None]:
            if t is None or (t.is_space and not _wrapped_name(doc, t)):
                end = ent.end if t is None else t.i
                if end > start:
                    pieces.extend(_split(doc, Span(doc, start, end, label=ent.label_, kb_id=ent.kb_id_)))
                start = end + 1
        return pieces
    if ent.label_ not in ("ORG", "PERSON") or len(ent) < 3:
        return [ent]
    dash = next((t for t in ent[1:-1] if t.text in _DASHES), None)
    if dash is not None and any(t.like_num for t in ent[: dash.i - ent.start]):
        # "Jun 4 - The Harbour Council" (a dateline's date run into the name): the name after the dash
        start = dash.i + 1 + (doc[dash.i + 1].lower_ == "the")
        return _split(doc, Span(doc, start, ent.end, label=ent.label_)) if start < ent.end else []
    owner = next((t for t in ent[1:-1] if t.lower_ in ("'s", "’s") and ent.label_ == "ORG"), None)
    before = doc[ent.start : owner.i].text if owner is not None else ""
    if (
        owner is not None
        and ent.end - owner.i > 2  # "UN Children's Fund" is one name
        and doc[owner.i + 1].text[:1].isupper()
        and (names.place_or_org(before) or _ORG_HEAD_WORD.search(before))
    ):  # "the Bank's Relief Trust Fund": two names
        return [Span(doc, ent.start, owner.i, label="ORG"), *_split(doc, Span(doc, owner.i + 1, ent.end, label="ORG"))]
    for tok in ent[1:-1]:
        rest = doc[tok.i + 1 : ent.end]
        if (
            tok.lower_ in _SPLIT_TITLES
            and tok.text[:1].isupper()
            and len(rest) <= 3
            and all(t.text[:1].isupper() for t in rest)
        ):
            return [Span(doc, ent.start, tok.i, label="ORG"), Span(doc, tok.i + 1, ent.end, label="PERSON")]
    return [ent]


_DASHES = frozenset({"-", "–", "—"})


def _wrapped_name(doc: Doc, space: Token) -> bool:
    """A single line break after a connector inside a name is the text's hard wrap ("the European Bank
    for" / "Reconstruction and Development"), not the end of the name."""
    i = space.i
    return space.text.count("\n") == 1 and i > 0 and doc[i - 1].lower_ in _NAME_CONNECTORS


def _from_span(doc: Doc, ent: Span, sents: Sentences) -> Mention | None:
    """A cleaned mention: no leading "the", no possessive, no "(ABC)" tail, first line only."""
    text, start = ent.text, ent.start_char
    if ent.label_ not in _NAME_LABELS:
        return Mention(text, start, ent.end_char, ent.label_, sents.at(start), text, ent.start, ent.end)
    acronym = None
    if "\n" in text and not all(_wrapped_name(doc, t) for t in ent if t.is_space):
        text = text.split("\n", 1)[0]
    tail = _ACRONYM_TAIL.search(text)
    if tail and tail.start() > 0:
        acronym, text = tail.group(1), text[: tail.start()]
    else:
        after = _ACRONYM_AFTER.match(sents.text, ent.end_char)
        acronym = after.group(1) if after and ent.label_ in ("ORG", "GPE", "FAC") else None
    cleaned = _drop_trailing_title(names.strip_name(text), ent.label_)
    if not cleaned:
        return None
    start += text.find(cleaned)
    canonical = ent.kb_id_ if ent.label_ == "WEAPON" and ent.kb_id_ else re.sub(r"\s+", " ", cleaned)
    return Mention(
        cleaned,
        start,
        start + len(cleaned),
        ent.label_,
        sents.at(start),
        canonical,
        ent.start,
        ent.end,
        acronym=acronym if acronym != cleaned else None,
    )


def _drop_trailing_title(text: str, label: str) -> str:
    """'USAID Administrator', 'NATO Secretary' (the person's name came next): the body alone; an
    ORG that is only a person's title ('UN Humanitarian Coordinator') is no organisation."""
    head, _, last = text.rpartition(" ")
    if label != "ORG" or not head or last.lower() not in _SPLIT_TITLES | _TRAILING_TITLES:
        return text
    if head.isupper() or names.place_or_org(head):
        return head
    return ""


_TRAILING_TITLES = lexicon_words("trailing_title_words")
_MONEY_LIKE = re.compile(r"\d.*\b(?:million|billion|bn|mln|thousand)\b|^[A-Z]{3} \d", re.I)


def _is_junk(m: Mention) -> bool:
    if m.label not in _NAME_LABELS or m.label == "WEAPON":
        return False
    text = m.text
    if _MONEY_LIKE.search(text) or money.is_currency_unit(text):
        return True  # "PLN 24.3 million" tagged ORG: an amount; "SDR" alone: a unit
    if sum(ch.isalnum() for ch in text) < 2 or "/" in text or "@" in text or "#" in text:
        return True
    if _LOWER_PREFIX.match(text):  # "pro-Kyiv", "anti-Trump"
        return True
    if text == text.lower() and text not in names.LOWERCASE_NAMES:
        return True
    first, _, rest = text.partition(" ")
    if m.label == "ORG" and rest and rest.islower() and _people_word(first):
        return True  # "the Chilean navy": a people's force described, not named (the name is "Chilean Navy")
    return names.fold(text) in _JUNK


def _people_word(word: str) -> bool:
    """A demonym of the name tables, or one the actor tables read as its state ("Chilean" -> Chile)."""
    if names.is_demonym(word):
        return True
    state = actors.lookup(word)
    return actors.is_state(state) and names.fold(word) != names.fold(state or "")


def _in_ranges(start: int, end: int, ranges: list[tuple[int, int]]) -> bool:
    return any(s <= start and end <= e for s, e in ranges)


def _missed_names(doc: Doc, credits: list[tuple[int, int]], sents: Sentences) -> list[Mention]:
    """Known places and organisations in tokens spaCy left outside every entity ("Kyiv", "dpa")."""
    out: list[Mention] = []
    i, n = 0, len(doc)
    while i < n:
        tok = doc[i]
        if tok.ent_iob_ != "O" or not (tok.text[:1].isupper() or tok.text in names.LOWERCASE_NAMES):
            i += 1
            continue
        if i > 0 and _after_apposition_noun(doc, doc[i : i + 1]) and _free_name_word(tok):
            out.append(_apposition_mention(doc, i, sents))  # "the conglomerate ARDEN", untagged
            i = out[-1].tok_end
            continue
        outlet = _outlet_mention(doc, i, sents) if _free_name_word(tok) and not tok.is_stop else None
        if outlet is not None:
            out.append(outlet)  # "the Nikkei business daily", untagged
            i = outlet.tok_end
            continue
        if names.surname_key(tok.text) in names.KNOWN_PEOPLE and tok.text[1:].islower():
            out.append(
                Mention(tok.text, tok.idx, tok.idx + len(tok.text), "PERSON", sents.at(tok.idx), tok.text, i, i + 1)
            )
            i += 1
            continue
        if not names.could_start_name(tok.text):
            i += 1
            continue
        for size in (3, 2, 1):
            span = doc[i : i + size]
            if span.end > n or span[-1].is_punct or any(t.ent_iob_ != "O" for t in span):
                continue
            known = names.place_or_org(span.text)
            if known and not _in_ranges(span.start_char, span.end_char, credits):
                out.append(_table_mention(span.text, span.start_char, span.end_char, known, span, sents))
                i += size - 1
                break
        i += 1
    return out


def _apposition_mention(doc: Doc, i: int, sents: Sentences) -> Mention:
    """The organisation named by the capitalised words from ``i`` on, after "the charity" (or before
    an outlet's noun: :func:`_outlet_mention`)."""
    end = _name_run_end(doc, i)
    span = doc[i:end]
    return Mention(
        span.text, span.start_char, span.end_char, "ORG", sents.at(span.start_char), span.text, i, end, fixed=True
    )


def _name_run_end(doc: Doc, i: int) -> int:
    """The end of the run of capitalised name words from ``i`` on."""
    end = i
    while end < len(doc) and _free_name_word(doc[end]):
        end += 1
    return end


def _outlet_mention(doc: Doc, i: int, sents: Sentences) -> Mention | None:
    """The outlet named by the capitalised words from ``i`` on, before "newspaper" or "daily" (asked of
    every capitalised word, so the noun after the run is checked before a mention is built)."""
    if not _before_media_noun(doc, doc[i : _name_run_end(doc, i)]):
        return None
    return _apposition_mention(doc, i, sents)


def _table_mention(text: str, start: int, end: int, known: tuple[str, str], span: Span, sents: Sentences) -> Mention:
    """A mention the name tables know (``known``: canonical name, label), its label fixed by them."""
    return Mention(text, start, end, known[1], sents.at(span.start_char), known[0], span.start, span.end, fixed=True)


def _dateline_agencies(doc: Doc, found: list[Mention], sents: Sentences) -> list[Mention]:
    """The news agency of a dateline ("(KUNA) --"): an ORG cited as the source, under its full name."""
    out = []
    for m in _DATELINE_AGENCY.finditer(sents.text):
        a, b = m.span("agency")
        name = _AGENCIES.get(m.group("agency"))
        span = doc.char_span(a, b)
        if name is None or span is None or any(f.start < b and a < f.end for f in found):
            continue
        out.append(Mention(span.text, a, b, "ORG", sents.at(a), name, span.start, span.end, fixed=True))
    return out


def _glued_abbreviations(doc: Doc, found: list[Mention], sents: Sentences) -> list[Mention]:
    """'U.S.-made', 'EU-funded': the tokenizer keeps these as one word, so spaCy never sees the name."""
    out = []
    for m in _GLUED_ABBREV.finditer(sents.text):
        if any(f.start <= m.start() < f.end for f in found):
            continue
        known = names.place_or_org(m.group(1))
        span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
        if known and span is not None:
            out.append(_table_mention(m.group(1), m.start(), m.end(), known, span, sents))
    return out


def _armed_forces(doc: Doc, found: list[Mention], sents: Sentences) -> list[Mention]:
    """ "an Ostran Air Force C-130J" (``armed_force_names``) that spaCy left out: a state's armed service,
    after its people's word or its name, is an ORG named as written."""
    out = []
    for m in _ARMED_FORCE.finditer(sents.text):
        owner = m.group("owner")
        if any(f.start < m.end() and m.start() < f.end for f in found):
            continue
        known = names.place_or_org(owner)
        if not (_people_word(owner) or (known is not None and known[1] == "GPE")):
            continue
        span = doc.char_span(m.start(), m.end())
        if span is not None:
            text = m.group(0)
            out.append(Mention(text, m.start(), m.end(), "ORG", sents.at(m.start()), text, span.start, span.end))
    return out
