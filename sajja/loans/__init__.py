"""Loans app: low-interest credit for members' occupations, with guarantors and a loan committee.

Tables (tenant tables): ``LoanRequest`` (member, kind, amount, term, purpose; the committee's
decision), ``Guarantee`` (guarantor, savings held, released), ``LoanVote`` (each loan-committee
member's vote, on record), ``Loan`` (the terms at pay-out and its status), ``Instalment`` (the
schedule: ``version`` 0 as contracted, n after the n-th restructuring; earlier rows are kept),
``Restructure`` (new terms by a resolution, the principal then owed and the interest carried into
the new schedule), ``Repayment`` (each payment's split: fine, interest, principal, credit held; who
paid; under which schedule version), ``LoanFine`` (late-instalment fines, once an instalment of a
schedule version), ``WriteOff``.

The money is in the ledger: pay-out debits the kind's loans-receivable account with the borrower on
the line; repayments credit fines receivable, interest income and the loan account; a write-off
debits bad-debt expense. So the member's statement, the settlement and the books read the same lines.

Rules come from the bylaws in force on the day (``loan.<kind>.*``, ``loan.guarantor.*``,
``loan.late_*``, ``loan.priority``). ``domain`` holds the pure arithmetic: schedules for declining
balance, flat and equal instalments exact to the satang (interest rounded half up per instalment, the
last instalment takes the remaining principal), the legal cap of 15% a year measured on the
schedule's internal rate, the repayment order, interest for time elapsed, arrears and PAR.
Interest is income when paid (cash basis); a payoff adds the interest for the days since the last
due date. Scheduled interest stays as contracted when principal is paid ahead.

When things go wrong: a restructuring puts the principal still owed on a new schedule (what is due
is then measured against that schedule and the repayments made under it; the principal owed counts
every repayment); a write-off by resolution; guarantors pay, in money or from their held savings,
which are released in step with the principal owed (``loan.guarantor.release``). A payment above
everything owed is refused, or its excess held on the ``member_credit`` account for the borrower
(``loan.overpayment``), refunded (``credit_refund``) or spent on a repayment (``method="credit"``);
a member with credit held, like one with an open loan, cannot leave until it is settled. A
repayment recorded by mistake is undone by ``repayment_reverse`` (the loan's latest standing one,
not across a restructuring or write-off): the ledger's reversing entry and a ``Repayment`` row
with ``reverses`` set and every part negated, so each sum over the repayments nets it out and
both rows stay as history; a loan it had closed is open again with its guarantees held.
"""
