"""Savings app: pledge savings (เงินสัจจะสะสม), voluntary deposits, fines, the entry fee and the
leaving settlement. Everything posts through ``ledger.services``; this app never writes money itself.

The money is in the ledger: every line on a member account (pledge savings, deposits, fixed
deposits, fines receivable, loans) carries the member (``JournalLine.member``), so a member's
balance is a sum of their lines and the members' balances add up to the account (tested by a
property test). The tables here are registers that say what the money was for:
- ``PledgeAmount``: a member's pledge a period, with history (``effective_from`` = first of a month).
- ``PledgePayment``: one row a pledge period paid (unique while not reversed) with its entry.
- ``Fine``: a fine charged (its entry), then paid or waived by a resolution with the reason.
- ``DepositAccount``: a member's account of a deposit product (one a product a member).
- ``InterestRun``: deposit interest posted for a product's interest period (once a period).
- ``Settlement``: a leaving member's settlement as posted.

Rules come from the bylaws in force on the day (``sajja.bylaws``): the pledge's smallest, largest
and unit, when it may change, periods ahead, the fine and its yearly cap, each deposit product's
rate, method, posting schedule, minimum balance, withdrawals a month and term. Pledges are monthly.

``domain`` holds the pure rules (period status, fines, interest, settlement), ``services`` every
write, ``selectors`` every read (register, members behind, passbook, settlement quote).
"""
