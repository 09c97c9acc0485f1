"""The aid ledger: one record per real-world commitment, however many articles report it.

``claims.aid`` has one message per commitment per article; the ledger joins them. Modules:
``fx`` (currency conversion from shipped monthly rates), ``matching`` (does a claim report a
known commitment, and by which rule), ``record`` (the ``claimstream.ledger/v1`` record and how a
claim changes it), ``book`` (one donor-recipient pair's records), ``app`` (the faust agents and
table), ``view``/``http_api``/``page`` (the read side), ``commands`` (the CLI).
"""
