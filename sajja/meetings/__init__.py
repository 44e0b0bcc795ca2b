"""The meeting day (วันสัจจะ / วันรับฝากเงิน): the monthly meeting where the committee opens the cash
box, members come one by one to pay their pledge, deposits, instalments and fines, approved loans
are paid out, the cash is counted and reconciled with the books, and two committee members sign.

What it owns (``models``):
- ``Meeting``: one a group a date. Opening cash count; closing count by denomination (1000 … 0.25
  baht) with its total and the expected cash beside it; the difference's reason and entry; the
  treasurer's and the checker's signatures. Signed = locked.
- ``Attendance``: present, present by a named representative, or absent; one a member a meeting.
- ``MeetingRow``: one posting request of the collection sheet (pledge, instalment, fines, deposit,
  in satang) under the client's idempotency key, unique in the group.
- ``MeetingEntry``: every journal entry the meeting posted (row parts, pay-outs, banking, shortage
  or overage), so the day's cash movements are one query on the ledger.

Invariants:
- The money is in the ledger. Rows post through the savings and loans services
  (``pledge_receive``, ``fines_pay``, ``deposit_receive``, ``loan_repay``; ``rows_post`` through
  their batch forms ``pledges_receive``, ``fines_pay_many``, ``deposits_receive_many``,
  ``loans_repay``, which write the same lines, registers and memos in a fixed number of
  statements); pay-outs through ``loan_disburse``; the shortage (``cash_shortage``), overage
  (``cash_overage``) and banking are entries of their own.
- A key posts once: the same key again answers the earlier row; the same key with other amounts is
  refused; a stale sheet (another treasurer posted for the member since) is refused. Postings to a
  meeting are serialised by a lock on its row.
- Expected cash = opening count + the cash lines of the meeting's entries (not banking, not the
  difference entries); the meeting is signed only when the count equals it or the difference is
  posted with its reason; the treasurer signs first, a different committee member (a seat on the
  meeting day) second (maker-checker, also a database constraint); then nothing more posts into
  it — corrections are reversals (``meeting_entry_reverse``, the page ``postings/`` and the API
  route ``entries/{id}/reverse``): a pledge's periods become unpaid, fines paid are owed again, an
  instalment is a repayment row of its parts negated (``loans.services.repayment_reverse``), a
  deposit, the banking or the difference is reversed in the ledger; a pay-out is refused (it is
  settled in the loans register). A correction is an entry of its own day, not of the meeting.
- Reads (``selectors.sheet``) and a whole sheet's posting (``rows_post``) take a fixed number of
  queries whatever the number of members: every table is one INSERT (``core.bulk``) and every
  read of the batch's members and loans one query (the ``__among`` lookup).

``domain`` holds the pure rules (counts, dates, suggested deposit, row status), ``services`` every
write, ``selectors`` every read, ``api`` the JSON routes, ``views`` the pages (the keyboard-first
sheet's script is ``static/meetings/sheet.js``), ``paper`` the receipts (with the PromptPay QR of
``core.promptpay``), the passbook lines and the summary with the ledger's seal, ``bench`` the
benchmarks, ``demo`` the demo village's recent and next meetings.
"""
