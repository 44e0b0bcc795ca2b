"""Core helpers every app uses; no tables of its own.

- ``money``: integer satang <-> ``Decimal`` <-> Thai text; floats are refused.
- ``thai``: Thai digits, Buddhist-Era dates in and out, baht in Thai words, Thai sort order.
- ``natid``: the 13-digit Thai national ID: check digit, masking, encryption at rest.
- ``errors``: ``SajjaError``, a refusal with a message in Thai and in English.
- ``tenancy``: the one place that decides which groups and records a user may see or change.
"""
