"""Benchmarks of the meeting day (``make bench``).

The village (``sheet_village``): ``n`` active members who joined on 1 January 2026 with a pledge of
100 baht a month (none paid yet) and one open ordinary loan each, paid out on 5 May 2026 (12 monthly
instalments, 1% a month on the declining balance: the first falls due on the meeting of 5 June
2026). The setup is bulk (members imported, the pay-outs posted as one ``entries_post`` batch and
the loan rows ``bulk_create``d pointing at them); what is measured is the meeting.

- ``meeting.post``: the whole sheet posted with ``services.rows_post``: every member's pledge
  (January's 100.00) and first instalment, 2 entries and 5 journal lines a member, with the
  registers (pledge payments, repayments, the meeting's rows and links, attendance). Each timed run
  is rolled back to a savepoint so every run posts the same sheet from the same state (on
  PostgreSQL the deferred checks fire before the rollback, as a commit would). Floor: the same
  journal lines (the member on the member's lines, as posted) and entries inserted with one
  ``executemany`` each (``ledger.bench.RawBooks``), under the same savepoint. Queries are constant:
  every table is written by one statement whatever the number of rows (``core.bulk``) and every
  read of the batch's members and loans is one query (``__among``). Extra keys: the figures
  without Django's DEBUG query log (``nolog_*``).
- ``meeting.sheet``: ``selectors.sheet`` of that meeting (every member's pledge due, loan state,
  fines, suggested deposit, posted rows). Floor: one raw query summing, per member, the pledge
  amounts, the periods paid, the instalments due by the day and the repayments.
"""

import datetime as dt
import random

from django.db import connection, transaction
from django.test.utils import override_settings

from sajja.core.bench import Case, paired_median_seconds, scenario

MEETING_DAY = dt.date(2026, 6, 5)
PAID_OUT = dt.date(2026, 5, 5)
JOINED = dt.date(2026, 1, 1)


class _Rollback(Exception):
    pass


def rolled_back(func):
    """Run ``func`` in a savepoint that is rolled back (after PostgreSQL's deferred checks fire)."""
    from sajja.ledger.bench import settle

    try:
        with transaction.atomic():
            func()
            settle()
            raise _Rollback
    except _Rollback:
        pass


def sheet_village(n: int):
    """A group of ``n`` members, each with a pledge and an open loan, and the meeting of 5 June 2026
    opened. Returns (meeting, members, loans, actor)."""
    from django.contrib.auth import get_user_model

    from sajja.core.testing import make_group, member_input, national_id
    from sajja.ledger.services import EntryIn, LineIn, entries_post
    from sajja.loans import domain as loan_domain
    from sajja.loans.models import Instalment, Loan, LoanRequest
    from sajja.members.services import members_import
    from sajja.savings.models import PledgeAmount

    from . import services

    label = f"{n}-{random.randrange(10**9)}"  # noqa: S311 - a unique name, not a secret
    group = make_group(f"กลุ่มทดสอบวันสัจจะ {label}")
    actor = get_user_model().objects.create(username=f"bench-meetings-{label}", is_superuser=True)
    rows = [
        (i, member_input(number=i, first_name=f"สมาชิก{i}", national_id=national_id(700_000 + i), joined_on=JOINED))
        for i in range(1, n + 1)
    ]
    members = []
    for start in range(0, len(rows), 500):
        members += members_import(group=group, rows=rows[start : start + 500], actor=actor)
    members.sort(key=lambda m: m.number)
    PledgeAmount.objects.bulk_create(
        [PledgeAmount(group=group, member=m, amount=100_00, effective_from=JOINED, created_by=actor) for m in members]
    )
    rng = random.Random(f"meeting:{n}")  # noqa: S311 - test data
    principals = [rng.randrange(20, 300) * 100_00 for _ in members]
    posted = entries_post(
        group=group,
        entries=[
            EntryIn(
                date=dt.date(2026, 1, 2),
                memo="ทุนเริ่มต้น",
                lines=[LineIn("cash", debit=sum(principals)), LineIn("other_income", credit=sum(principals))],
            ),
            *[
                EntryIn(
                    date=PAID_OUT,
                    memo=f"จ่ายเงินกู้ สมาชิกเลขที่ {m.number}",
                    lines=[LineIn("loans_ordinary", debit=p, member=m), LineIn("cash", credit=p)],
                )
                for m, p in zip(members, principals, strict=True)
            ],
        ],
        actor=actor,
    )[1:]
    requests = LoanRequest.objects.bulk_create(
        [
            LoanRequest(
                group=group,
                member=m,
                kind="ordinary",
                amount=p,
                term_months=12,
                purpose="ลงทุนทำนา",
                requested_on=PAID_OUT,
                status=LoanRequest.Status.DISBURSED,
                decision=LoanRequest.Decision.APPROVE,
                approved_amount=p,
                decided_on=PAID_OUT,
                created_by=actor,
            )  # fmt: skip
            for m, p in zip(members, principals, strict=True)
        ]
    )
    loans = Loan.objects.bulk_create(
        [
            Loan(
                group=group,
                request=r,
                member=m,
                kind="ordinary",
                principal=p,
                rate_bp_month=100,
                method=loan_domain.DECLINING,
                instalments=12,
                disbursed_on=PAID_OUT,
                entry=e,
                created_by=actor,
            )  # fmt: skip
            for r, m, p, e in zip(requests, members, principals, posted, strict=True)
        ]
    )
    schedules = {
        loan.id: loan_domain.schedule(
            method=loan_domain.DECLINING, principal=loan.principal, rate_bp_month=100, instalments=12, start=PAID_OUT
        )
        for loan in loans
    }
    Instalment.objects.bulk_create(
        [
            Instalment(group=group, loan=loan, number=r.number, due=r.due, principal=r.principal, interest=r.interest)
            for loan in loans
            for r in schedules[loan.id]
        ],
        batch_size=2000,
    )
    meeting = services.meeting_open(group=group, date=MEETING_DAY, opening_cash=50_000_00, actor=actor)
    first = {loan.member_id: schedules[loan.id][0] for loan in loans}
    return meeting, members, first, actor


@scenario(
    "meeting.post",
    "a sheet of n members (pledge + first instalment each) posted by rows_post in one transaction; "
    "floor: the same journal lines and entries by executemany",
    n=1_000,
)
def meeting_post(n: int) -> Case:
    from sajja.ledger.bench import RawBooks, placeholder_hashes
    from sajja.ledger.models import JournalLine, LedgerHead

    from . import services

    meeting, members, first, actor = sheet_village(n)
    rows = [
        services.RowIn(
            member=m, key=f"bench-{m.number}", pledge=100_00, instalment=first[m.id].principal + first[m.id].interest
        )
        for m in members
    ]
    # The floor writes the same entries: each member's pledge (2 lines) and instalment (3 lines), the
    # member on the member's lines as the services tag them.
    entries = []
    for m in members:
        inst = first[m.id]
        entries.append(
            (MEETING_DAY, f"เงินสัจจะสะสม สมาชิกเลขที่ {m.number}", f"pledge/{m.number}",
             [("cash", 100_00, 0, ""), ("pledge", 0, 100_00, "", m.id)])
        )  # fmt: skip
        entries.append(
            (MEETING_DAY, f"รับชำระเงินกู้ สมาชิกเลขที่ {m.number}", f"loan/{m.number}",
             [("cash", inst.principal + inst.interest, 0, ""), ("interest_income", 0, inst.interest, "", m.id),
              ("loans_ordinary", 0, inst.principal, "", m.id)])
        )  # fmt: skip
    raw = RawBooks(meeting.group, actor)
    raw.seq = LedgerHead.objects.get(group=meeting.group).seq  # the village's pay-outs are in the chain already
    hashes = placeholder_hashes(len(entries))

    def post():
        results = services.rows_post(meeting=meeting, rows=rows, actor=actor)
        assert len(results) == n
        assert not any(r.duplicate for r in results)

    def run():
        rolled_back(post)

    def floor():
        rolled_back(lambda: raw.post(entries, hashes))

    def extra():
        lines = {}

        def count():
            post()
            lines["n"] = JournalLine.objects.filter(group=meeting.group, entry__date=MEETING_DAY).count()

        rolled_back(count)
        with override_settings(DEBUG=False):  # as in production: no query log re-quoting every parameter
            seconds, floor_seconds = paired_median_seconds(run, floor, repeats=3)
        return {
            "journal_lines": lines["n"],
            "entries": len(entries),
            "nolog_seconds": round(seconds, 4),
            "nolog_floor_seconds": round(floor_seconds, 4),
            "nolog_ratio": round(seconds / floor_seconds, 2),
        }

    return Case(run=run, floor=floor, extra=extra)


@scenario(
    "meeting.sheet",
    "the collection sheet of n members (pledge, loan state, fines, deposits, posted rows); "
    "floor: one raw query summing pledges, periods paid, instalments due and repayments per member",
    n=1_000,
)
def meeting_sheet(n: int) -> Case:
    from sajja.loans.models import Instalment, Loan, Repayment
    from sajja.savings.models import PledgeAmount, PledgePayment

    from . import selectors

    meeting, _members, first, _actor = sheet_village(n)
    group_id = meeting.group_id
    tables = {m: m._meta.db_table for m in (PledgeAmount, PledgePayment, Instalment, Loan, Repayment)}
    floor_sql = (
        "SELECT member_id, SUM(pledge), SUM(paid), SUM(due), SUM(repaid) FROM ("  # noqa: S608 - our own table names
        f"SELECT member_id, amount AS pledge, 0 AS paid, 0 AS due, 0 AS repaid FROM {tables[PledgeAmount]} "
        "WHERE group_id = %s "
        f"UNION ALL SELECT member_id, 0, amount, 0, 0 FROM {tables[PledgePayment]} WHERE group_id = %s "
        f"UNION ALL SELECT l.member_id, 0, 0, i.principal + i.interest, 0 FROM {tables[Instalment]} i "
        f"JOIN {tables[Loan]} l ON l.id = i.loan_id WHERE i.group_id = %s AND i.due <= %s "
        f"UNION ALL SELECT l.member_id, 0, 0, 0, r.amount FROM {tables[Repayment]} r "
        f"JOIN {tables[Loan]} l ON l.id = r.loan_id WHERE r.group_id = %s"
        ") x GROUP BY member_id"
    )
    params = [group_id, group_id, group_id, MEETING_DAY, group_id]

    def run():
        sheet = selectors.sheet(meeting)
        assert len(sheet.rows) == n
        assert sheet.expected["instalment"] == sum(i.principal + i.interest for i in first.values())
        return sheet

    def floor():
        with connection.cursor() as cursor:
            cursor.execute(floor_sql, params)
            rows = cursor.fetchall()
        assert len(rows) == n
        return rows

    return Case(run=run, floor=floor)
