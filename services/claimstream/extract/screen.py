"""Tokenise hostile texts in bounded time without moving a single character offset.

spaCy's tokenizer peels prefixes and suffixes off a whitespace-free chunk one at a time and
searches the rest of the chunk again after each one, so its cost grows with the square of the
chunk's length: 8,000 ``"`` in a row took 7 s, ``x`` and 8,000 ``!`` 19 s, and a 200 KB chunk
hours. The pre-screen finds the two shapes that cause it, long stretches of punctuation and long
whitespace-free chunks, and tokenises a *masked copy* of the text of the same length (spaces in
place of the stretch's tail, a space every :data:`MAX_CHUNK_CHARS` characters of a giant chunk).
Stretches of punctuation separated by spaces ("! ! ! …") are masked too: they tokenise fast but
into one token per mark, and 100,000 tokens of one endless sentence parse slowly.
The Doc is then rebuilt from the original characters at the masked copy's token boundaries,
so ``doc.text`` is the article text, character for character, and every evidence offset points
into it. Ordinary prose has neither shape and goes through ``nlp.make_doc`` unchanged.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

# A stretch of this many characters with no letter or digit is left alone ("-----", "?!?!", "... !").
MAX_PUNCT_RUN = 32
# The first characters of a longer stretch are kept, so "Wow!!!!…" still ends a sentence with "!".
KEEP_OF_RUN = 3
# No whitespace-free chunk longer than this reaches the tokenizer (long URLs are cut too).
MAX_CHUNK_CHARS = 100

# Longer than MAX_PUNCT_RUN, no word character, starting and ending on punctuation: "!!!!", "! ! !",
# '" " "'. Such stretches are also what turns into tens of thousands of one-character tokens.
_PUNCT_RUN = re.compile(rf"[^\w\s][^\w]{{{MAX_PUNCT_RUN - 1},}}[^\w\s]")
_LONG_CHUNK = re.compile(rf"\S{{{MAX_CHUNK_CHARS + 1},}}")


def mask(text: str) -> str:
    """A copy of ``text``, as long as it, whose tokenisation costs time linear in its length.

    Whitespace is never changed (paragraphs and line breaks stay where they are); masked
    characters become spaces.
    """
    if not _PUNCT_RUN.search(text) and not _LONG_CHUNK.search(text):
        return text
    chars = list(text)
    for m in _PUNCT_RUN.finditer(text):
        for i in range(m.start() + KEEP_OF_RUN, m.end()):
            if not chars[i].isspace():
                chars[i] = " "
    masked = "".join(chars)
    for m in _LONG_CHUNK.finditer(masked):
        for i in range(m.start() + MAX_CHUNK_CHARS, m.end(), MAX_CHUNK_CHARS + 1):
            chars[i] = " "
    return "".join(chars)


def make_doc(nlp: Language, text: str) -> Doc:
    """The tokenised Doc of ``text`` (not yet tagged or parsed); ``doc.text == text`` always."""
    masked = mask(text)
    if masked is text:
        return nlp.make_doc(text)
    words: list[str] = []
    spaces: list[bool] = []
    for token in nlp.make_doc(masked):
        end = token.idx + len(token)
        words.append(text[token.idx : end])
        if not token.whitespace_:
            spaces.append(False)
        elif text[end] == " ":
            spaces.append(True)
        else:  # a masked character spaCy took as the space after a token: a token of its own
            spaces.append(False)
            words.append(text[end])
            spaces.append(False)
    return Doc(nlp.vocab, words=words, spaces=spaces)
