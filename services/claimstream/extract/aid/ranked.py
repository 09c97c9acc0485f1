"""Givers ranked by what they give, in a sentence with no giving verb.

    Country A was the largest single donor with £40 million, followed by Agency B with €12 million
    and Country C with $9 million.

"be" with a ranking noun ("donor", "contributor") as its complement says that each "<actor> with
<figure>" of the sentence gives that figure; the first figure, on the noun itself, is the subject's.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from claimstream.extract.actors import actor_in_tokens
from claimstream.extract.aid import cues
from claimstream.extract.aid.clause import subject_of
from claimstream.extract.lexicon import words
from claimstream.extract.money import Money, find_money

RANKED_GIVER_NOUNS = words("ranked_giver_nouns")
_BOUNDARIES = {",", "and", "by", "was", "is", "were", "be"}
_MOST_NAME_WORDS = 6


def ranked_gifts(sent: Span) -> list[tuple[str, Money]]:
    """(actor, figure) for each "<actor> with <figure>" of a sentence that ranks givers, else []."""
    rank = next((t for t in sent if _ranking_noun(t)), None)
    if rank is None:
        return []
    subj = subject_of(rank.head)
    owner = actor_in_tokens(list(subj.subtree), orgs=True) if subj is not None else None
    doc, out = sent.doc, []
    for money in find_money(sent.text, sent.start_char):
        span = doc.char_span(money.start, money.end, alignment_mode="expand")
        if span is None or span.start <= sent.start or doc[span.start - 1].lower_ != "with":
            continue
        name = _actor_before(doc[sent.start : span.start - 1]) or (
            owner if _on_noun(doc[span.start - 1], rank) else None
        )
        if name and name not in {n for n, _ in out}:
            out.append((name, money))
    return out


def _ranking_noun(tok: Token) -> bool:
    """ "was the largest donor" as the complement of a past "be": the ranking of one event's pledges. The
    present ranks a history ("A is the largest donor, with $X since 2022"), and a sum is no one act."""
    return (
        tok.dep_ == "attr"
        and tok.lemma_.lower() in RANKED_GIVER_NOUNS
        and tok.head.lemma_ == "be"
        and tok.head.tag_ == "VBD"
        and not _summed(tok.sent)
    )


def _summed(sent: Span) -> bool:
    """A running total in the sentence ("so far", "since 2022", "in total")."""
    text = sent.text.lower()
    return (
        any(t.lower_ in cues.TOTAL_CUES for t in sent)
        or cues.says_running_total(text)
        or bool(cues.PAST_SPAN_TOTAL.search(text))
    )


def _on_noun(with_tok: Token, rank: Token) -> bool:
    """ "the largest donor with £X" or "… donor, with £X": the figure of the ranked subject itself."""
    return with_tok.head.i == rank.i


def _actor_before(before: Span) -> str | None:
    """The actor named right before "with", back to the last comma, "and", "by" or verb."""
    toks: list[Token] = []
    for tok in reversed(before):
        if tok.lower_ in _BOUNDARIES or len(toks) >= _MOST_NAME_WORDS:
            break
        toks.insert(0, tok)
    return actor_in_tokens(toks, orgs=True) if toks else None
