"""Find quoted spans in raw text by pairing quotation marks, paragraph by paragraph.

Handles curly marks (“…”, „…“), guillemets («…»), straight marks ("…"), TeX/wire-style marks (``…'' and ''…''),
and single marks (‘…’, '…') when they are used as quote marks rather than apostrophes: a
single quote opens before a letter after a space and closes within its paragraph, and is
ignored inside a double-quoted span.

A quote never crosses a paragraph boundary (news writes a multi-paragraph quote as one
opening mark per paragraph and one closing mark at the end), and an unclosed quote is capped
at a bounded length so that a lost closing mark cannot swallow the rest of the article.
A closing mark without an opening mark starts the quote at the beginning of its sentence.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass

MAX_UNCLOSED_CHARS = 600
"""An unclosed quote ends at the paragraph end, but at most this far (cut at a sentence end)."""

_MARK = re.compile(r"``|''|[\"'“”„‘’«»]")
_SENT_END = re.compile(r"[.!?…][\"”’')\]]*\s+")


_ABBREV = frozenset(
    str.split("""
mr mrs ms dr sen rep gov gen lt col maj sgt capt adm cmdr cdr brig cpl pvt supt insp det amb atty fr msgr
st jr sr prof rev hon pres sec dept corp inc ltd
co vs jan feb mar apr jun jul aug sep sept oct nov dec no u.s u.k u.n e.u d.c a.m p.m
""")
)


def sentence_ends(text: str, lo: int, hi: int) -> list[int]:
    """Offsets just after each sentence end in ``text[lo:hi]`` (skipping "Mr.", "E.", "U.S.")."""
    out = []
    for m in _SENT_END.finditer(text, lo, hi):
        if text[m.start()] == "." and m.end() < hi and not text[m.end()].isupper() and text[m.end()] not in "\"“‘'(":
            continue
        if text[m.start()] == ".":
            w = text.rfind(" ", lo, m.start()) + 1
            word = text[w : m.start()].lower().lstrip('("“')
            if len(word) == 1 or word in _ABBREV:
                continue
        out.append(m.end())
    return out


@dataclass(frozen=True)
class QuoteSpan:
    """Character offsets of the words inside the marks (``start``..``end``) and of the marks."""

    start: int
    end: int
    open_mark: str | None
    close_mark: str | None

    @property
    def closed(self) -> bool:
        return self.open_mark is not None and self.close_mark is not None


_LINE_END = re.compile(r"[.!?:;\"”’')\]…]\s*$")


def _lines(text: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    for line in text.split("\n"):
        end = pos + len(line)
        if line.strip():
            out.append((pos, end))
        pos = end + 1
    return out


def paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each paragraph: each non-blank line, or, when the text is hard-wrapped
    (most lines stop mid-sentence), each block between blank lines."""
    lines = _lines(text)
    open_ended = sum(1 for lo, hi in lines if not _LINE_END.search(text, lo, hi))
    if len(lines) < 4 or open_ended * 2 <= len(lines):
        return lines
    out = []
    for m in re.finditer(r"\S(?:.|\n(?![ \t]*\n))*", text):
        end = m.end()
        while text[end - 1].isspace():
            end -= 1
        out.append((m.start(), end))
    return out


class Paragraphs:
    """The paragraphs of one text, with lookups by character offset."""

    def __init__(self, text: str):
        self.spans = paragraphs(text)
        self._starts = [lo for lo, _ in self.spans]
        self._len = len(text)

    def index(self, pos: int) -> int:
        return max(0, bisect.bisect_right(self._starts, pos) - 1)

    def bounds(self, pos: int) -> tuple[int, int]:
        """(start, end) of the paragraph holding ``pos`` (or the last one starting before it)."""
        if not self.spans:
            return 0, self._len
        return self.spans[self.index(pos)]

    def start_of(self, index: int) -> int:
        """Start of paragraph ``index`` (0 for indices before the first)."""
        return self.spans[index][0] if index >= 0 and self.spans else 0


def _is_word(ch: str) -> bool:
    return ch.isalnum()


def _role(text: str, i: int, mark: str, lo: int, hi: int) -> str | None:
    """'open', 'close', 'either' or None (an apostrophe, not a quote mark)."""
    before = text[i - 1] if i > lo else " "
    after = text[i + len(mark)] if i + len(mark) < hi else " "
    if mark in ("“", "``", "„", "«"):
        return "open"
    if mark in ("”", "»"):
        return "close"
    if mark in ("‘", "'") and (not _is_word(before) or i == lo) and (after.isalpha() or after in '“"'):
        return "open1"  # not ‘90s
    if mark in ("’", "'") and before == "s" and after == " " and text[i + 2 : i + 3].islower():
        return None  # the allies’ help: a plural possessive
    if mark == "’" and not (_is_word(before) and _is_word(after)) and not before.isspace():
        return "close1"  # not don’t, Ukraine’s
    if (
        mark == "'"
        and (before.isalpha() or before in ".,!?")
        and (after.isspace() or after in ".,;:!?)—–" or i + 1 >= hi)
    ):
        return "close1"
    if mark in ("‘", "’", "'"):
        return None
    # straight " or '': decide from the spacing, the pairing state settles the rest
    if before.isspace() or before in "([{—–-/" or i == lo:
        return "open"
    if after.isspace() or after in ".,;:!?)]}—–-" or i + len(mark) >= hi:
        return "close"
    return "either"


def _flipped(text: str, i: int, mark: str, lo: int, hi: int, is_open: bool) -> str | None:
    """A curly mark written the wrong way round, told by its spacing: “ closing an open quote
    ("win,“ he said"), ” opening one ("”We will …")."""
    before = text[i - 1] if i > lo else " "
    after = text[i + 1] if i + 1 < hi else " "
    if mark == "“" and is_open and not before.isspace() and (after.isspace() or after in ".,;:!?)"):
        return "close"
    if mark == "”" and not is_open and before.isspace() and after.isalnum():
        return "open"
    return None


def _sentence_start(text: str, lo: int, pos: int) -> int:
    """Start of the sentence that contains ``pos`` within the paragraph starting at ``lo``,
    or just after the last quote mark before ``pos`` in that sentence."""
    ends = sentence_ends(text, lo, pos)
    start = ends[-1] if ends else lo
    marks = [m.end() for m in _MARK.finditer(text, start, pos) if m.group() != "'"]
    return marks[-1] if marks else start


def _cap_unclosed(text: str, start: int, hi: int) -> int:
    """End an unclosed quote at the paragraph end, or at a sentence end within the length cap."""
    if hi - start <= MAX_UNCLOSED_CHARS:
        return hi
    end = start + MAX_UNCLOSED_CHARS
    ends = sentence_ends(text, start, end)
    return ends[-1] if ends else end


def _spans_in_paragraph(text: str, lo: int, hi: int) -> Iterator[QuoteSpan]:
    open_at: int | None = None
    open_mark: str | None = None
    single = False
    for m in _MARK.finditer(text, lo, hi):
        mark, i = m.group(), m.start()
        role = _flipped(text, i, mark, lo, hi, open_at is not None and not single) or _role(text, i, mark, lo, hi)
        if role is None:
            continue
        if single and role == "close1":
            yield QuoteSpan(open_at, i, open_mark, mark)  # type: ignore[arg-type]
            open_at, open_mark, single = None, None, False
            continue
        if role in ("open1", "close1"):
            if open_at is None and role == "open1":
                open_at, open_mark, single = m.end(), mark, True
            continue
        if open_at is None or single:
            if role == "close":
                yield QuoteSpan(_sentence_start(text, lo, i), i, None, mark)
                open_at, open_mark, single = None, None, False
            else:
                open_at, open_mark, single = m.end(), mark, False
            continue
        if role == "open" and mark in ("“", "``", "„", "«"):
            # a new opening mark while one is open: the earlier closing mark was lost
            yield QuoteSpan(open_at, _sentence_start(text, open_at, i), open_mark, None)
            open_at, open_mark = m.end(), mark
            continue
        yield QuoteSpan(open_at, i, open_mark, mark)
        open_at, open_mark = None, None
    if open_at is not None and not single:  # an unclosed ‘ is more likely an apostrophe (‘90s)
        yield QuoteSpan(open_at, _cap_unclosed(text, open_at, hi), open_mark, None)


def find_quote_spans(text: str, paras: Paragraphs | None = None) -> list[QuoteSpan]:
    """Every quoted span in ``text`` with leading/trailing whitespace trimmed, in text order."""
    out = []
    for lo, hi in (paras or Paragraphs(text)).spans:
        for span in _spans_in_paragraph(text, lo, hi):
            s, e = span.start, span.end
            while s < e and text[s].isspace():
                s += 1
            while e > s and text[e - 1].isspace():
                e -= 1
            if e > s:
                out.append(QuoteSpan(s, e, span.open_mark, span.close_mark))
    return out
