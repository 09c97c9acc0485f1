"""Quotes: direct and reported speech with resolved speakers.

Quote marks are paired by :mod:`claimstream.extract.quote_marks` (shared with the people registry).

- :mod:`.speakers`: speaker mentions resolved through the article's people registry;
- :mod:`.claims`: one Quote v1 message per quote.
"""

from claimstream.extract.quotes.claims import extract_quotes, is_quote_content

__all__ = ["extract_quotes", "is_quote_content"]
