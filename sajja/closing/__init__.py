"""The year end: close a fiscal year's books and share its net profit out to the satang.

What it owns:
- ``FiscalYear`` (group, start, end, open → closing → closed): the group's fiscal years by
  ``Group.fiscal_year_start_month/_day``, labelled in the Buddhist Era.
- ``AllocationPlan`` + ``AllocationLine``: a year's allocation of its net profit over the categories
  in force at the year end (built-in ones are dated bylaw settings ``closing.*`` registered in
  ``settings.py``; categories a group adds are rows of ``AllocationCategory``, dated, each with its
  own account), the dividend basis, rounding rule and remainder fund, and what members who left
  receive; approved by the annual general meeting (date, resolution, vote) before anything posts.
- ``MemberShare``: each member's dividend (on pledge savings) and interest rebate (on loan interest
  paid), and how it was paid (cash or into the pledge savings).
- ``checks.CLOSE_CHECKS``: the pre-close checklist, a hook other apps append to.

The rules are pure arithmetic in ``domain.py`` (largest remainder everywhere; the reconciliation
funds + dividends + rebates + rounding remainder = net profit holds for any input, tested with
hypothesis). ``selectors.compute`` reads the books in a fixed number of aggregate queries (the
month-end pledge balances of every member in ONE query).

Invariants:
- nothing posts before the plan is approved; the plan posts as ONE ledger entry dated the year end
  (income and expenses closed to undistributed profit, profit to the funds and to dividends and
  rebates payable, member by member); a plan no longer matching the books is refused at posting;
- the year is then locked by ``ledger.services.period_close``: the ledger (service and database
  trigger, on SQLite and PostgreSQL) refuses anything dated on or before its last day; a closed year
  never reopens, and closes after every earlier year;
- a share is paid once (row lock + ``paid_entry``; a resend with the same key answers with the first
  payment); unpaid shares stay payable in the ledger, member-tagged.
"""
