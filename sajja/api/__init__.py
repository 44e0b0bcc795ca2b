"""JSON API at ``/api/v1/`` (django-ninja), over the same services, selectors and tenancy as the pages.

Auth: ``POST /api/v1/auth/token`` with username and password (and ``otp`` for accounts with two-factor
on) returns a token; send it as ``Authorization: Bearer <token>``. Tokens are stored hashed
(``ApiToken``). Errors are JSON with the message in Thai and English (``message_th``/``message_en``).
"""
