"""Ledger app: each group's double-entry books, which nobody can quietly falsify.

Tables (tenant tables, carrying ``group``):
- ``Account``: the chart of accounts, created for every group from ``chart.TEMPLATE`` (Thai/English
  names, codes); a group may add accounts.
- ``AccountRole``: maps the roles domain code names (cash, pledge savings, loans receivable, interest
  income, ...) to the group's accounts; code never names an account id.
- ``JournalEntry`` and ``JournalLine``: posted entries, append-only. Amounts are integer satang; a
  line is a debit or a credit, positive. A correction is a reversing entry with a reason.
- ``LedgerHead``: one row per group: the last sequence number and hash of the chain, and the date
  through which the books are closed. Posting locks it, so one group's entries form one chain.
- ``LedgerVerification``: when the chain was last recomputed and what was found.

Invariants, enforced by ``services`` and again by the database (``migrations/0002_triggers``):
debits = credits in every entry (≥ 2 lines); lines positive and one-sided; posted entries and lines
never updated or deleted; nothing dated on or before the closed date; each entry's hash covers its
content and the previous hash (``domain.entry_hash``), checked by ``manage.py ledger_verify``.
"""
