"""The worked village of the year-end tests: ten members whose pledge savings in the fiscal year
January-December 2025 follow the paths of ``test_domain.SAVERS``, posted to the ledger as they
would be at the meetings (movements on the 5th), with loan interest, fines and an expense that give
a net profit of exactly 12,345.67 baht:

- interest income 5,200.00 (members 4: 1,000; 7: 3,000, posted untagged beside the borrower's loan
  line as the loans app posts it; 8: 500; 9: 700 before leaving on 20 May 2025),
- fine income 8,000.00, administration expenses 854.33.

Chart codes: 1101 cash, 1201 ordinary loans, 2101 pledge savings, 2301 dividends payable, 2302
rebates payable, 2303 committee remuneration payable, 3101 reserve, 3201 welfare, 3202 public
benefit, 3203 training, 3301 undistributed profit, 4102 interest income, 4103 fine income, 5201
administration expenses.
"""

import datetime as dt
from dataclasses import dataclass

import pytest

from sajja.closing import services
from sajja.closing.tests.test_domain import SAVERS
from sajja.core import testing as t
from sajja.ledger.models import JournalLine
from sajja.ledger.services import EntryIn, LineIn, entries_post
from sajja.members.models import Member

D = dt.date
YEAR_END = D(2025, 12, 31)
AGM = D(2026, 1, 20)
LEFT_ON = D(2025, 5, 20)


@dataclass
class Village:
    group: object
    actor: object
    members: dict  # 1..10 -> Member
    year: object  # FiscalYear 2025


def _movements(members) -> list[EntryIn]:
    entries = []
    for saver in SAVERS:
        member = members[saver.member_id]
        previous = 0
        # Opening balance: the first month-end balance minus the January movement is saved before 2025.
        path = list(saver.balances)
        opening = path[0] if saver.member_id in (2, 5, 8, 9) else 0
        if saver.member_id == 8:
            opening = 2400_00
        if opening:
            entries.append(_pledge(member, D(2024, 12, 31), opening))
            previous = opening
        for month, balance in enumerate(path, start=1):
            change = balance - previous
            if change:
                day = LEFT_ON if saver.member_id == 9 and change < 0 else D(2025, month, 5)
                entries.append(_pledge(member, day, change))
            previous = balance
    return entries


def _pledge(member, day, amount) -> EntryIn:
    if amount > 0:
        lines = [LineIn("cash", debit=amount), LineIn("pledge", credit=amount, member=member)]
    else:
        lines = [LineIn("pledge", debit=-amount, member=member), LineIn("cash", credit=-amount)]
    return EntryIn(date=day, memo="เงินสัจจะ", lines=lines)


def build_village(*, group=None, actor=None) -> Village:
    group = group or t.make_group()
    actor = actor or t.make_committee(group, "closing_treasurer", "treasurer")
    members = {n: t.make_member(group, joined_on=D(2010, 1, 1), first_name=f"ปันผล{n}") for n in range(1, 11)}
    entries = _movements(members)
    m = members
    entries += [
        EntryIn(
            date=D(2025, 1, 5),
            memo="จ่ายเงินกู้",
            lines=[LineIn("loans_ordinary", debit=10_000_00, member=m[7]), LineIn("cash", credit=10_000_00)],
        ),
        EntryIn(
            date=D(2025, 3, 5),
            memo="ดอกเบี้ย",
            lines=[LineIn("cash", debit=700_00), LineIn("interest_income", credit=700_00, member=m[9])],
        ),
        EntryIn(
            date=D(2025, 6, 30),
            memo="ดอกเบี้ย",
            lines=[
                LineIn("cash", debit=1500_00),
                LineIn("interest_income", credit=1000_00, member=m[4]),
                LineIn("interest_income", credit=500_00, member=m[8]),
            ],
        ),
        EntryIn(  # as the loans app posts a repayment: the interest line untagged
            date=D(2025, 9, 5),
            memo="ชำระเงินกู้",
            lines=[
                LineIn("cash", debit=4000_00, member=m[7]),
                LineIn("interest_income", credit=3000_00),
                LineIn("loans_ordinary", credit=1000_00, member=m[7]),
            ],
        ),
        EntryIn(
            date=D(2025, 12, 5),
            memo="ค่าปรับ",
            lines=[LineIn("cash", debit=8000_00), LineIn("fine_income", credit=8000_00)],
        ),
        EntryIn(
            date=D(2025, 11, 30),
            memo="ค่าใช้จ่าย",
            lines=[LineIn("admin_expense", debit=854_33), LineIn("cash", credit=854_33)],
        ),
    ]
    entries_post(group=group, entries=entries, actor=actor)
    Member.objects.filter(id=m[9].id).update(status=Member.Status.LEFT, status_date=LEFT_ON, status_reason="ลาออก")
    year = services.fiscal_year_open(group=group, day=D(2025, 6, 1))
    return Village(group, actor, members, year)


@pytest.fixture
def village(db) -> Village:
    return build_village()


def lines_of(entry) -> list[tuple]:
    """The entry's lines as (account code, debit, credit, member number or None), sorted."""
    rows = JournalLine.objects.filter(entry=entry).values_list("account__code", "debit", "credit", "member__number")
    return sorted(rows, key=lambda r: (r[0], r[1], r[2], r[3] or 0))


def approve(plan, actor, **overrides):
    values = {
        "meeting_date": AGM,
        "resolution_ref": "มติที่ประชุมใหญ่สามัญประจำปี ครั้งที่ 1/2569 วาระที่ 4",
        "resolution_text": "อนุมัติการจัดสรรกำไรสุทธิปี 2568",
        "votes_for": 120,
        "votes_against": 3,
        "votes_abstain": 5,
    }
    values.update(overrides)
    return services.plan_approve(plan=plan, actor=actor, **values)


def closed_year(village) -> object:
    plan = services.plan_make(fiscal_year=village.year, actor=village.actor)
    approve(plan, village.actor)
    services.plan_post(plan=plan, actor=village.actor)
    services.year_close(fiscal_year=village.year, actor=village.actor)
    plan.refresh_from_db()
    return plan
