"""Loans app (issue 5, in progress): low-interest credit for members' occupations.

Built so far: ``domain``, the pure arithmetic every later part rests on: repayment schedules for the
three interest methods exact to the satang, the legal rate cap, the repayment order, interest for
the time elapsed, arrears ageing and portfolio at risk. Still to build on it: loan products in the
bylaws, requests with guarantors and the loan committee's votes, contracts, pay-out and repayment
through the ledger (lines tagged with the member), the register, pages, API and demo data.
"""
