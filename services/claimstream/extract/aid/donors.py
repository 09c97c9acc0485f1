"""Whether a donor name found by the rules can give aid at all, decided with the whole article.

A donor the actor tables know (a state, its agencies, an institution) always can. Any other name,
usually an ORG entity, must read as an organisation: its name, or the full name that an acronym
stands for in the article ("the Coastal Aid Trust (CAT) said"), carries an organisation head word
(``organisation_heads.yaml``), or the article calls it one in apposition ("the charity Oxfam",
"Oxfam, an aid group"), or a later sentence refers to it as one ("The charity said …"). And an
organ of the recipient is never its donor: "the Central Bank of Freedonia (CBF) announced a deposit
for Freedonia" names the recipient's own bank, whose announcement tells of someone else's aid.
"""

from __future__ import annotations

import re

from claimstream.extract.actors import lookup
from claimstream.extract.lexicon import words

_NAME_WORD = r"[A-Z][\w’'&.-]*"
_LINK = r"(?:of|for|and|the|de|du|la|on)"


def can_give(donor: str, recipient: str | None, text: str) -> bool:
    """False for an unknown donor that is no organisation, or that is the recipient's own organ."""
    if lookup(donor) is not None:
        return True
    full = _expansion(donor, text) or donor
    if recipient and recipient.lower() in full.lower():
        return False
    heads = words("organisation_heads")
    return (
        any(w.strip(".,’'").lower() in heads for w in full.split())
        or _called_organisation(donor, text, heads)
        or _referred_to_as_organisation(donor, text, heads)
    )


def _called_organisation(name: str, text: str, heads: frozenset[str]) -> bool:
    """The article puts an organisation head beside the name: "the charity N", "N, a relief group"."""
    n = re.escape(name)
    before = re.finditer(rf"\b([a-z]+)\s+(?:[A-Z][\w-]*\s+)?{n}\b", text)
    after = re.finditer(rf"\b{n},\s+(?:a|an|the)\s+((?:[\w-]+\s+){{0,3}}[A-Za-z]+)\b", text)
    return any(m.group(1).lower() in heads for m in before) or any(
        m.group(1).split()[-1].lower() in heads for m in after
    )


def _referred_to_as_organisation(name: str, text: str, heads: frozenset[str]) -> bool:
    """A later sentence speaks of the name as an organisation: "Save the Children said it would spend
    £X. … The charity said the money …", "Wellspring will fly in tents. The group said …"."""
    first = re.search(rf"\b{re.escape(name)}\b", text)
    if first is None:
        return False
    later = re.finditer(r"(?:^|[.!?]\s+|\n)The ((?:[a-z-]+\s+)?[a-z]+) (?:said|says|added|announced)\b", text)
    return any(m.start() > first.end() and m.group(1).split()[-1] in heads for m in later)


def _expansion(acronym: str, text: str) -> str | None:
    """The full name written before "(ACRONYM)" in ``text``, for an all-capitals donor name."""
    if not acronym.isupper() or not acronym.isalpha():
        return None
    pattern = rf"((?:{_NAME_WORD}\s+(?:{_LINK}\s+)*){{1,8}})\(\s*{re.escape(acronym)}\s*\)"
    m = re.search(pattern, text)
    return m.group(1).strip() if m else None
