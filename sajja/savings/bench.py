"""Benchmarks of the savings reads (``make bench``).

- ``savings.register``: the pledge register (``selectors.pledge_register``) of a fiscal year of a
  group of ``n`` members who paid the twelve months at the meetings: most on the meeting day, some
  at the next meeting, a few never. The data is written by the services (``pledges_receive``, one
  batch a meeting day; the pledges ``bulk_create``d: a register row, not money). Floor: one
  aggregate query over the same payments, ``GROUP BY`` member and period, fetched.
- ``savings.passbook``: a member's passbook (``selectors.passbook``) after ``n`` months of history
  (default 120, ten years): a pledge and a deposit each month, in a group of 30 such members.
  The pledges by ``pledges_receive`` (one batch), the deposits as balanced entries of one
  ``entries_post`` batch (a deposit is one entry, cash to the member's deposit account). Floor:
  one raw query of the member's lines with their entries' dates, in passbook order, fetched.
"""

import datetime as dt
import itertools

from django.db import connection

from sajja.accounts.models import User
from sajja.core.bench import Case, scenario
from sajja.core.testing import make_group, member_input, national_id
from sajja.ledger.services import EntryIn, LineIn, entries_post
from sajja.members.services import members_import

from . import domain, selectors
from .models import DepositAccount, PledgeAmount
from .services import PledgeIn, pledges_receive

_labels = itertools.count(1)
PLEDGES = (10000, 20000, 20000, 30000, 50000)  # satang a month
YEAR = dt.date(2025, 1, 1)  # the fiscal year of the register (the group's year starts in January)


def savings_group(members: int, label: str):
    """A group of ``members`` active members (numbers 1..n, joined 2010) with a pledge each from
    ``since``, and the user who records the money."""
    number = next(_labels)
    group = make_group(f"กลุ่มทดสอบสัจจะ {label} {number}")
    actor = User.objects.create(username=f"bench-savings-{label}-{number}")
    rows = [
        (i + 1, member_input(number=i, first_name=f"สมาชิก{i}", national_id=national_id(700_000 + i)))
        for i in range(1, members + 1)
    ]
    created = []
    for start in range(0, len(rows), 500):
        created += members_import(group=group, rows=rows[start : start + 500], actor=actor)
    return group, actor, sorted(created, key=lambda m: m.number)


def pledge_from(group, actor, members, since: dt.date) -> dict[int, int]:
    PledgeAmount.objects.bulk_create(
        [
            PledgeAmount(
                group=group, member=m, amount=PLEDGES[m.number % len(PLEDGES)], effective_from=since, created_by=actor
            )
            for m in members
        ]
    )
    return {m.id: PLEDGES[m.number % len(PLEDGES)] for m in members}


@scenario(
    "savings.register",
    "pledge register: n members x 12 months paid at the meetings; floor: one GROUP BY member, period",
    n=1_000,
)
def register(n: int) -> Case:
    group, actor, members = savings_group(n, f"register {n}")
    pledge = pledge_from(group, actor, members, YEAR)
    periods = domain.fiscal_periods(YEAR)
    owed: dict[int, list[dt.date]] = {m.id: [] for m in members}
    for month, period in enumerate(periods):
        meeting = period.replace(day=group.meeting_day)
        items = []
        for m in members:
            if (m.number * 7 + month) % 29 == 0:  # never paid
                continue
            if (m.number * 3 + month) % 13 == 0 and month < 11:  # paid at the next meeting
                owed[m.id].append(period)
                continue
            paying, owed[m.id] = [*owed[m.id], period], []
            items.append(PledgeIn(member=m, date=meeting, amount=pledge[m.id] * len(paying), periods=paying))
        pledges_receive(group=group, items=items, actor=actor)
    today = dt.date(2026, 2, 20)
    floor_sql = (
        "SELECT member_id, period, SUM(amount) FROM savings_pledgepayment "
        "WHERE group_id = %s AND period BETWEEN %s AND %s GROUP BY member_id, period"
    )
    floor_params = [group.id, periods[0], periods[-1]]

    def run():
        result = selectors.pledge_register(group, year_start=YEAR, today=today)
        assert len(result.rows) == n
        assert result.total > 0

    def floor():
        with connection.cursor() as cursor:
            cursor.execute(floor_sql, floor_params)
            return cursor.fetchall()

    def extra():
        result = selectors.pledge_register(group, year_start=YEAR, today=today)
        return {"cells": sum(len(row.cells) for row in result.rows), "payments": len(floor())}

    return Case(run=run, floor=floor, extra=extra)


@scenario(
    "savings.passbook",
    "a member's passbook after n months of pledges and deposits (30 members alike); floor: one query of the lines",
    n=120,
)
def passbook(n: int) -> Case:
    group, actor, members = savings_group(30, f"passbook {n}")
    first = domain.add_months(dt.date(2026, 11, 1), -n)
    pledge = pledge_from(group, actor, members, first)
    months = [domain.add_months(first, i) for i in range(n)]
    pledges_receive(
        group=group,
        items=[
            PledgeIn(member=m, date=period.replace(day=group.meeting_day), amount=pledge[m.id], periods=[period])
            for period in months
            for m in members
        ],
        actor=actor,
    )
    DepositAccount.objects.bulk_create(
        [
            DepositAccount(group=group, member=m, product=DepositAccount.Product.SAVINGS, opened_on=first)
            for m in members
        ]
    )
    entries = []
    for i, period in enumerate(months):
        day = period.replace(day=group.meeting_day)
        for m in members:
            amount = 5000 * (1 + (m.number + i) % 7)
            lines = [
                LineIn("cash", debit=amount),
                LineIn("deposits", credit=amount, member=m, memo=f"S-{m.number:04d}"),
            ]
            if i % 6 == 5:  # a withdrawal twice a year
                lines = [
                    LineIn("deposits", debit=amount, member=m, memo=f"S-{m.number:04d}"),
                    LineIn("cash", credit=amount),
                ]
            entries.append(EntryIn(date=day, memo=f"เงินฝากออมทรัพย์ สมาชิกเลขที่ {m.number}", lines=lines))
    entries_post(group=group, entries=entries, actor=actor)
    member = members[0]
    floor_sql = (
        "SELECT e.date, e.seq, l.memo, e.memo, l.account_id, l.debit, l.credit FROM ledger_journalline l "
        "JOIN ledger_journalentry e ON e.id = l.entry_id WHERE l.group_id = %s AND l.member_id = %s "
        "ORDER BY e.date, e.seq, l.id"
    )

    def run():
        sections = selectors.passbook(member)
        assert sum(len(s.rows) for s in sections) == 2 * n

    def floor():
        with connection.cursor() as cursor:
            cursor.execute(floor_sql, [group.id, member.id])
            return cursor.fetchall()

    return Case(run=run, floor=floor, extra=lambda: {"lines": len(floor())})
