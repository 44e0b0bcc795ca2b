"""Benchmarks of the year end (``make bench``).

- ``closing.shareout``: the share-out of a fiscal year (``selectors.compute``: the income statement,
  the bylaws, every member's 12 month-end pledge balances, the interest each borrower paid, the
  members who left, and the largest-remainder split of the profit, the dividends and the rebates)
  for a group of ``n`` members who saved at each of the 12 meetings (one meeting-day entry a month:
  cash debited, a member-tagged pledge line each), a third of them paying loan interest, and a few
  fines and expenses. Floor: ONE aggregate SQL query computing the month-end balances (the
  ``SUM(CASE WHEN date <= month_end ...)`` of the pledge lines ``GROUP BY`` member), fetched.
  ``extra``: the plan made and stored (``services.plan_make``: the checklist, the same computation,
  and the plan's rows written) once, its seconds and queries.
  Run ``--n 10000`` for the peak memory of 10,000 members.
"""

import datetime as dt
import itertools
import time

from django.db import connection

from sajja.core.bench import Case, count_queries, scenario
from sajja.savings.bench import savings_group

from . import domain, selectors, services
from .models import AllocationPlan, FiscalYear, MemberShare

_labels = itertools.count(1)
START = dt.date(2025, 1, 1)


def build(n: int):
    """A group of ``n`` members with a year of pledges, interest, fines and an expense (entries in
    meeting-day batches of one entry a month)."""
    from sajja.ledger.services import EntryIn, LineIn, entries_post

    group, actor, members = savings_group(n, f"closing {n} {next(_labels)}")
    entries = []
    for month in range(12):
        day = domain.add_months(START, month).replace(day=5)
        pledges = [
            LineIn("pledge", credit=100_00 * (1 + m.number % 5), member=m)
            for m in members
            if (m.number + month) % 11  # now and then a member misses a month
        ]
        entries.append(
            EntryIn(date=day, memo="สัจจะ", lines=[LineIn("cash", debit=sum(x.credit for x in pledges)), *pledges])
        )
        borrowers = [m for m in members if m.number % 3 == 0]
        interest = [LineIn("interest_income", credit=10_00 + m.number % 97, member=m) for m in borrowers]
        entries.append(
            EntryIn(date=day, memo="ดอกเบี้ย", lines=[LineIn("cash", debit=sum(x.credit for x in interest)), *interest])
        )
        entries.append(
            EntryIn(date=day, memo="ค่าปรับ", lines=[LineIn("cash", debit=500_00), LineIn("fine_income", credit=500_00)])
        )
        entries.append(
            EntryIn(
                date=day, memo="ค่าใช้จ่าย", lines=[LineIn("admin_expense", debit=123_45), LineIn("cash", credit=123_45)]
            )
        )
    entries_post(group=group, entries=entries, actor=actor)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # autovacuum would have analysed tables of this size
            for table in ("ledger_journalline", "ledger_journalentry", "ledger_account", "members_member"):
                cursor.execute(f"ANALYZE {table}")
    year = services.fiscal_year_open(group=group, day=START)
    return group, actor, year


@scenario(
    "closing.shareout",
    "share-out of a year: n members x 12 month-ends + interest rebate; floor: one aggregate query of the month-end balances",
    n=1_000,
)
def shareout(n: int) -> Case:
    group, actor, year = build(n)
    ends = domain.month_ends(START)
    cases = ", ".join("SUM(CASE WHEN e.date <= %s THEN l.credit - l.debit ELSE 0 END)" for _ in ends)
    floor_sql = (
        f"SELECT l.member_id, {cases} FROM ledger_journalline l "  # noqa: S608 - our own names, values are parameters
        "JOIN ledger_journalentry e ON e.id = l.entry_id "
        "WHERE l.group_id = %s AND l.account_id = (SELECT account_id FROM ledger_accountrole WHERE group_id = %s AND role = 'pledge') "
        "AND l.member_id IS NOT NULL AND e.date <= %s GROUP BY l.member_id"
    )
    floor_params = [*ends, group.id, group.id, ends[-1]]

    def run():
        computed = selectors.compute(year)
        assert computed.share_out.accounted == computed.statement["net_profit"]
        assert len(computed.savers) == n

    def floor():
        with connection.cursor() as cursor:
            cursor.execute(floor_sql, floor_params)
            rows = cursor.fetchall()
        assert len(rows) == n
        return rows

    def extra():
        fresh = FiscalYear.objects.get(id=year.id)
        MemberShare.objects.filter(plan__fiscal_year=fresh).delete()
        AllocationPlan.objects.filter(fiscal_year=fresh).delete()
        queries = count_queries(lambda: services.plan_make(fiscal_year=fresh, actor=actor))
        MemberShare.objects.filter(plan__fiscal_year=fresh).delete()
        AllocationPlan.objects.filter(fiscal_year=fresh).delete()
        started = time.perf_counter()
        plan = services.plan_make(fiscal_year=fresh, actor=actor)
        seconds = time.perf_counter() - started
        assert selectors.reconciliation(plan)["ok"]
        return {"plan_make_seconds": round(seconds, 4), "plan_make_queries": queries, "shares": plan.shares.count()}

    return Case(run=run, floor=floor, extra=extra)
