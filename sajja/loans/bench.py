"""Benchmarks of the loans (``make bench``).

- ``loans.schedule``: ``n`` repayment schedules of 12-60 instalments (seeded random amounts, rates,
  methods, every 1 or 3 months, 0-2 grace periods) computed by ``domain.schedule``. Floor: a
  plain-Python loop doing the same arithmetic with no persistence and no objects: integers for each
  instalment's interest (half up to the satang), ``Decimal`` for the annuity's payment, the due
  date from the same month arithmetic, each schedule a list of tuples. Both give the same figures
  (checked when the case is built). No SQL at all: ``queries`` is 0 at n and at n/10.
"""

import calendar
import datetime as dt
import random
from decimal import ROUND_HALF_UP, Decimal

from sajja.core.bench import Case, scenario

from . import domain


def plan(n: int, *, seed: int = 5) -> list[dict]:
    """``n`` loans as ``domain.schedule`` keyword arguments. Seeded: the same n, the same loans."""
    rng = random.Random(seed)
    first = dt.date(2021, 1, 1)
    loans = []
    for _ in range(n):
        instalments = rng.randint(12, 60)
        loans.append(
            {
                "method": rng.choice(domain.METHODS),
                "principal": rng.randrange(1_000, 200_000) * 100 + rng.choice((0, 0, 0, 50, rng.randrange(100))),
                "rate_bp_month": rng.choice((50, 75, 80, 100, 110, 125)),
                "instalments": instalments,
                "start": first + dt.timedelta(days=rng.randrange(4 * 365)),
                "every_months": rng.choice((1, 1, 1, 3)),
                "grace": rng.choice((0, 0, 0, 1, 2)),
            }
        )
    return loans


ONE = Decimal(1)


def floor_schedule(method, principal, rate_bp_month, instalments, start, every_months, grace):
    """The same schedule as ``domain.schedule``, as (number, due, principal, interest, balance)."""
    per = rate_bp_month * every_months  # the period rate, in 1/10,000
    paying = instalments - grace
    equal_part = (2 * principal + paying) // (2 * paying)  # half up
    payment = 0
    if method == "annuity":
        if per == 0:
            payment = equal_part
        else:
            rate = Decimal(per) / 10_000
            exact = Decimal(principal) * rate / (1 - (1 + rate) ** -paying)
            payment = int(exact.quantize(ONE, rounding=ROUND_HALF_UP))
    flat_interest = (2 * principal * per + 10_000) // 20_000
    index0, day = start.year * 12 + start.month - 1, start.day
    balance, rows = principal, []
    for number in range(1, instalments + 1):
        interest = flat_interest if method == "flat" else (2 * balance * per + 10_000) // 20_000
        if number <= grace:
            part = 0
        elif number == instalments:
            part = balance
        elif method == "annuity":
            part = min(balance, payment - interest)
        else:
            part = min(balance, equal_part)
        balance -= part
        year, month = divmod(index0 + every_months * number, 12)
        month += 1
        due = dt.date(year, month, min(day, calendar.mdays[month] + (month == 2 and calendar.isleap(year))))
        rows.append((number, due, part, interest, balance))
    return rows


def as_tuples(rows: list[domain.Instalment]) -> list[tuple]:
    return [(r.number, r.due, r.principal, r.interest, r.balance_after) for r in rows]


@scenario(
    "loans.schedule",
    "n schedules of 12-60 instalments by domain.schedule; floor: the same arithmetic in a plain loop of tuples",
    n=10_000,
)
def schedules(n: int) -> Case:
    loans = plan(n)
    args = [tuple(loan.values()) for loan in loans]
    for loan in loans[:500]:  # the floor does the same job: the same figures, to the satang
        assert as_tuples(domain.schedule(**loan)) == floor_schedule(*loan.values()), loan

    def run():
        result = [domain.schedule(**loan) for loan in loans]
        assert len(result) == n

    def floor():
        result = [floor_schedule(*a) for a in args]
        assert len(result) == n

    def extra():
        return {"instalments": sum(loan["instalments"] for loan in loans)}

    return Case(run=run, floor=floor, extra=extra)


# --- loans.arrears ---------------------------------------------------------------------------------
#
# ``loans.arrears``: arrears ageing and PAR (``selectors.arrears``) of a group with ``n`` open loans
# of 12 monthly instalments, paid out over the eleven months before ``ARREARS_DAY``: nine in ten
# paid every instalment due on its due date, the others stopped one, two or five instalments ago
# (1-30, 31-90 and over 90 days late, each with a late fine and two guarantors). The setup is bulk:
# the money posts as balanced entries of one ``entries_post`` batch (funding, pay-outs, repayments,
# fines, so the ledger stays valid) and the loan rows are ``bulk_create``d pointing at them (reading
# is what is measured). Floor: one raw query summing the same rows: per open loan, the principal,
# what fell due by the day and what was repaid by it (instalments and repayments grouped by loan).

ARREARS_DAY = dt.date(2026, 6, 30)


def arrears_group(n: int):
    """A group of ``n`` borrowers with one open loan each (and 2 guarantors among them), in the books."""
    from django.contrib.auth import get_user_model

    from sajja.core.testing import make_group, member_input, national_id
    from sajja.ledger.services import EntryIn, LineIn, entries_post
    from sajja.members.services import members_import

    from .models import Guarantee, Instalment, Loan, LoanFine, LoanRequest, Repayment

    label = f"arrears {n} {random.randrange(10**9)}"
    group = make_group(f"กลุ่มทดสอบเงินกู้ {label}")
    actor = get_user_model().objects.create(username=f"bench-loans-{label.replace(' ', '-')}")
    rows = [
        (i + 1, member_input(number=i, first_name=f"ผู้กู้{i}", national_id=national_id(800_000 + i)))
        for i in range(1, n + 1)
    ]
    members = []
    for start in range(0, len(rows), 500):
        members += members_import(group=group, rows=rows[start : start + 500], actor=actor)
    members.sort(key=lambda m: m.number)

    rng = random.Random(f"arrears:{n}")
    plans = []  # (member, principal, disbursed, schedule rows, instalments paid, late)
    for i, member in enumerate(members):
        disbursed = ARREARS_DAY - dt.timedelta(days=rng.randrange(30, 330))
        disbursed = disbursed.replace(day=min(disbursed.day, 28))
        principal = rng.randrange(50, 500) * 100_00
        rows_ = domain.schedule(
            method=domain.DECLINING, principal=principal, rate_bp_month=100, instalments=12, start=disbursed
        )
        due = sum(1 for r in rows_ if r.due < ARREARS_DAY)
        missed = {0: 1, 1: 2, 2: 5}.get(i % 10, 0) if due else 0
        plans.append((member, principal, disbursed, rows_, max(0, due - missed), bool(missed)))

    entries = [
        EntryIn(
            date=dt.date(2025, 1, 2),
            memo="ทุนเริ่มต้น",
            lines=[
                LineIn("cash", debit=sum(p[1] for p in plans)),
                LineIn("other_income", credit=sum(p[1] for p in plans)),
            ],
        )
    ]
    for member, principal, disbursed, _rows, _paid, _late in plans:
        entries.append(
            EntryIn(
                date=disbursed,
                memo=f"จ่ายเงินกู้ สมาชิกเลขที่ {member.number}",
                lines=[LineIn("loans_ordinary", debit=principal, member=member), LineIn("cash", credit=principal)],
            )
        )
    for member, _principal, _disbursed, rows_, paid, _late in plans:
        for r in rows_[:paid]:
            entries.append(
                EntryIn(
                    date=r.due,
                    memo=f"รับชำระเงินกู้ สมาชิกเลขที่ {member.number} งวดที่ {r.number}",
                    lines=[
                        LineIn("cash", debit=r.principal + r.interest),
                        LineIn("interest_income", credit=r.interest, member=member),
                        LineIn("loans_ordinary", credit=r.principal, member=member),
                    ],
                )
            )
    for member, _principal, _disbursed, _rows, paid, late in plans:
        if late:
            entries.append(
                EntryIn(
                    date=ARREARS_DAY,
                    memo=f"ค่าปรับผิดนัด สมาชิกเลขที่ {member.number} งวดที่ {paid + 1}",
                    lines=[
                        LineIn("fines_receivable", debit=2000, member=member),
                        LineIn("fine_income", credit=2000),
                    ],
                )
            )
    posted = iter(entries_post(group=group, entries=entries, actor=actor)[1:])

    requests = LoanRequest.objects.bulk_create(
        [
            LoanRequest(
                group=group,
                member=member,
                kind="ordinary",
                amount=principal,
                term_months=12,
                purpose="ลงทุนทำนา",
                requested_on=disbursed,
                status=LoanRequest.Status.DISBURSED,
                decision=LoanRequest.Decision.APPROVE,
                approved_amount=principal,
                decided_on=disbursed,
                created_by=actor,
            )
            for member, principal, disbursed, _rows, _paid, _late in plans
        ]
    )
    Guarantee.objects.bulk_create(
        [
            Guarantee(group=group, request=request, guarantor=members[(i + step) % n])
            for i, request in enumerate(requests)
            for step in (1, 2)
        ]
    )
    loans = Loan.objects.bulk_create(
        [
            Loan(
                group=group,
                request=request,
                member=member,
                kind="ordinary",
                principal=principal,
                rate_bp_month=100,
                method=domain.DECLINING,
                instalments=12,
                disbursed_on=disbursed,
                entry=next(posted),
                created_by=actor,
            )
            for request, (member, principal, disbursed, _rows, _paid, _late) in zip(requests, plans, strict=True)
        ]
    )
    Instalment.objects.bulk_create(
        [
            Instalment(group=group, loan=loan, number=r.number, due=r.due, principal=r.principal, interest=r.interest)
            for loan, plan_ in zip(loans, plans, strict=True)
            for r in plan_[3]
        ],
        batch_size=2000,
    )
    Repayment.objects.bulk_create(
        [
            Repayment(
                group=group,
                loan=loan,
                date=r.due,
                amount=r.principal + r.interest,
                interest=r.interest,
                principal=r.principal,
                entry=next(posted),
            )
            for loan, plan_ in zip(loans, plans, strict=True)
            for r in plan_[3][: plan_[4]]
        ],
        batch_size=2000,
    )
    LoanFine.objects.bulk_create(
        [
            LoanFine(
                group=group, loan=loan, instalment=plan_[4] + 1, amount=2000, charged_on=ARREARS_DAY, entry=next(posted)
            )
            for loan, plan_ in zip(loans, plans, strict=True)
            if plan_[5]
        ]
    )
    assert next(posted, None) is None  # every entry is some row's
    return group


@scenario(
    "loans.arrears",
    "arrears ageing and PAR30/90 of n open loans (1 in 10 late); floor: one query summing due and repaid per loan",
    n=2_000,
)
def arrears(n: int) -> Case:
    from django.db import connection

    from . import selectors
    from .models import Instalment, Loan, Repayment

    group = arrears_group(n)
    loan_t, inst_t, rep_t = Loan._meta.db_table, Instalment._meta.db_table, Repayment._meta.db_table
    # One pass over each table, no join (a join of two grouped subqueries is planned as a nested loop
    # on PostgreSQL inside the benchmark's transaction, with no statistics yet for the new rows).
    floor_sql = (
        "SELECT loan_id, SUM(lent), SUM(due), SUM(repaid), SUM(paid) FROM ("  # noqa: S608 - our own table names
        f"SELECT id AS loan_id, principal AS lent, 0 AS due, 0 AS repaid, 0 AS paid FROM {loan_t} "
        "WHERE group_id = %s AND status = %s "
        f"UNION ALL SELECT loan_id, 0, principal + interest, 0, 0 FROM {inst_t} WHERE group_id = %s AND due <= %s "
        f"UNION ALL SELECT loan_id, 0, 0, principal, principal + interest FROM {rep_t} WHERE group_id = %s AND date <= %s"
        ") x GROUP BY loan_id HAVING SUM(lent) > 0"
    )
    params = [group.id, Loan.Status.OPEN, group.id, ARREARS_DAY, group.id, ARREARS_DAY]

    def run():
        result = selectors.arrears(group, ARREARS_DAY)
        assert sum(b["loans"] for b in result.buckets) == len(result.late) > 0
        return result

    def floor():
        with connection.cursor() as cursor:
            cursor.execute(floor_sql, params)
            rows = cursor.fetchall()
        assert len(rows) == n
        return rows

    def extra():
        result = run()
        rows = floor()
        assert result.outstanding == sum(principal - repaid for _id, principal, _due, repaid, _paid in rows)
        return {
            "late": [b["loans"] for b in result.buckets],
            "par30_bp": result.par30,
            "par90_bp": result.par90,
            "instalments": Instalment.objects.filter(group=group).count(),
            "repayments": Repayment.objects.filter(group=group).count(),
        }

    return Case(run=run, floor=floor, extra=extra)
