"""Aid commitments: who commits what aid to whom (AidCommitment v1, ``AID_GUIDELINES.md``).

Stages, one module each:
- :mod:`.cues`: the giving, blocking, request and total cues (lexicon lists, read once);
- :mod:`.context`: per-article indexes (paragraphs, datelines, money figures, background spans);
- :mod:`.clause`, :mod:`.nouns`: candidate acts from a giving verb's clause or a deal/pledge noun;
- :mod:`.parties`, :mod:`.donors`, :mod:`.lists`: donor and recipient of an act, gapped and breakdown lists;
- :mod:`.items`: the items given, from the act and from later sentences or bulleted lists;
- :mod:`.commitments`: mentions per sentence, merged into the package just told, then claims;
- :mod:`.packages`: the article's mentions grouped at document level (a package restated with its
  recipient named another way, a total and its parts, a sum of per-recipient figures);
- :mod:`.decision`: the learned keep/drop layer over candidate and package features.
"""

from claimstream.extract.aid.commitments import aid_candidates, extract_aid

__all__ = ["aid_candidates", "extract_aid"]
