"""Entities: spaCy's entities plus the WEAPON component's, cleaned, relabelled and resolved per article.

Canonical forms and the name tables are in :mod:`claimstream.extract.names`, shared with the WEAPON component.

- :mod:`.mentions`: every candidate mention with its cleaned text and label;
- :mod:`.persons`: short forms and typos resolved to the article's full names;
- :mod:`.bodies`: ministries named with their country;
- :mod:`.claims`: one Entity v1 message per canonical name.
"""

from claimstream.extract.entities.claims import canonical_name, extract_entities

__all__ = ["canonical_name", "extract_entities"]
