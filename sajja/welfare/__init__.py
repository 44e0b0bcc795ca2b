"""Funds, welfare and the annual report.

What the app owns:

- **Funds** — the reserve, welfare, public-benefit and training funds are ledger accounts (roles
  ``reserve_fund``, ``welfare_fund``, ``public_benefit_fund``, ``training_fund``); their balances and
  movements are read from the ledger's lines (``selectors.funds``: one conditional aggregate for the
  four), never stored. Money comes in from the closing app's allocation and from receipts recorded
  here (``services.fund_receive``: a donation or a transfer; debit cash/bank, credit the fund).
- **Welfare** — benefit rules are dated bylaw settings (``welfare.<benefit>.min_months/amount/
  cap_event/cap_year``, ``welfare.old_age.min_age``; ``rules.py``, registered from ``WelfareConfig.ready``
  with a check that the caps agree). ``domain.assess`` is the pure rule: a claim is checked against the
  rules in force on the event date (waiting period in whole months to the day, nights × the nightly
  rate, cap per event, cap per member per fiscal year counting every claim not rejected, who is
  covered, the same event twice) and returns the payable amount or every reason it is not.
- **Annual report** — ``report.py`` gathers the year's income statement and balance sheet (the
  ledger's, or the closing app's income statement for a closed year), the allocation (the closing
  app's plan, "not yet allocated" without one), members, five years of pledge savings, loans by kind
  and purpose, arrears with PAR30/PAR90 on the year's last day, welfare paid and the funds; charts are
  SVG drawn on the server (``charts.py``) so the page and the PDF show the same. The dividend slips
  read the closing app's ``MemberShare`` rows.

Tables: ``WelfareClaim`` (member, benefit, event date, nights, beneficiary, note, amount, fiscal
year, status pending → approved → paid, or rejected; who entered, who decided and when; the payment
entry) and ``FundReceipt`` (fund, amount, date, from whom, the entry).

Invariants: a claim's approver is not the one who entered it (service and a database constraint); a
paid claim has its entry (constraint); one live claim per member, benefit and event date (a partial
unique constraint: paying twice is impossible); a payment debits the welfare fund and credits cash or
bank with both lines tagged with the member, under an idempotency key, only while the fund holds the
amount on the day paid and today; every write is one transaction and a refusal writes nothing.
"""
