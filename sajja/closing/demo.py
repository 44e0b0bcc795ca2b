"""The year end in the demo village, through the services (called by ``sajja.demo.generator.load_demo``
after the savings and loans; the demo's money starts on 1 January 2024, fiscal years from 1 January).

For every fiscal year of the main group that ended before today and has money in the books (2024,
2025), in order: the plan is made from the books and the bylaws, approved by the annual general
meeting on 20 January of the next year ("มติที่ประชุมใหญ่สามัญประจำปี ครั้งที่ 1/<year>", the active
members voting, a few against and abstaining), posted, and the year closed. Then the shares are
paid at that meeting: about 9 in 10 of them, two thirds in cash and a third added to the pledge
savings (members who left are paid in cash); the rest stay unclaimed (payable). Who is paid how is
drawn with ``random.Random(f"{seed}:closing:<year>")``, so the same seed gives the same payments.

Idempotent: a closed year is skipped, a plan continues from its state, a paid share is not paid
again (each payment also carries the key ``demo:closing:<share id>``). When the checklist of a year
misses something, the year is left open and the reason is said (nothing half-done).
"""

import datetime as dt
import random

from sajja.accounts.models import User
from sajja.core.errors import SajjaError
from sajja.core.tenancy import today
from sajja.ledger.models import JournalEntry
from sajja.members.models import Member

from . import selectors, services
from .models import AllocationPlan, FiscalYear, MemberShare

PAID_SHARE = 0.9
CASH_SHARE = 2 / 3


def _say(stdout, text: str) -> None:
    if stdout is not None:
        stdout.write(text + "\n")


def _actor(group) -> User:
    """The demo's treasurer records the year end, as at the meetings (else a managing committee member)."""
    from sajja.core.tenancy import MANAGING_POSITIONS

    found = User.objects.filter(username="treasurer").first()
    if found is None:
        found = User.objects.filter(
            memberships__group=group, memberships__committee_seats__position__in=MANAGING_POSITIONS
        ).first()
    return found


def _years_to_close(group) -> list[tuple[dt.date, dt.date]]:
    """The fiscal years that ended before today, from the year of the first entry."""
    first = JournalEntry.objects.filter(group=group).order_by("date").values_list("date", flat=True).first()
    if first is None:
        return []
    years = []
    start, end = selectors.fiscal_year_bounds(group, first)
    while end < today():
        years.append((start, end))
        start, end = selectors.fiscal_year_bounds(group, end + dt.timedelta(days=1))
    return years


def ensure(*, group, seed: int, created, stdout=None) -> None:
    actor = _actor(group)
    for start, _end in _years_to_close(group):
        year = services.fiscal_year_open(group=group, day=start, actor=actor)
        if not year.is_closed and not _close(year, actor, created, stdout):
            return  # a later year cannot close before this one
        _pay(year, seed, actor, created)


def _close(year: FiscalYear, actor, created, stdout) -> bool:
    meeting = dt.date(year.end.year + 1, 1, 20)
    if meeting > today():
        return False
    plan = selectors.plan_of(year)
    try:
        if plan is None or plan.status == AllocationPlan.Status.DRAFT:
            plan = services.plan_make(fiscal_year=year, actor=actor)
        if plan.status == AllocationPlan.Status.DRAFT:
            voters = Member.objects.filter(group=year.group, status=Member.Status.ACTIVE).count()
            services.plan_approve(
                plan=plan,
                meeting_date=meeting,
                resolution_ref=f"มติที่ประชุมใหญ่สามัญประจำปี ครั้งที่ 1/{meeting.year + 543} วาระที่ 4",
                resolution_text=f"อนุมัติการจัดสรรกำไรสุทธิประจำปีบัญชี {year.label} ตามข้อบังคับ",
                votes_for=max(1, voters - 7),
                votes_against=2,
                votes_abstain=5,
                actor=actor,
            )
        if plan.status != AllocationPlan.Status.POSTED:
            services.plan_post(plan=plan, actor=actor)
        services.year_close(fiscal_year=year, actor=actor)
    except SajjaError as error:
        _say(stdout, f"  year end {year.label}: not closed: {error}")
        return False
    created["closing.years_closed"] += 1
    created["closing.shares"] += MemberShare.objects.filter(plan__fiscal_year=year).count()
    return True


def _pay(year: FiscalYear, seed: int, actor, created) -> None:
    plan = selectors.plan_of(year)
    if plan is None or plan.status != AllocationPlan.Status.POSTED:
        return
    meeting = plan.meeting_date
    rng = random.Random(f"{seed}:closing:{year.label}")
    for share in selectors.shares(plan):
        paid, cash = rng.random() < PAID_SHARE, rng.random() < CASH_SHARE  # drawn for every share: stable
        if share.is_paid or not share.total or not paid:
            continue
        method = "cash" if cash or share.member.status != Member.Status.ACTIVE else "savings"
        services.dividend_pay(share=share, method=method, date=meeting, key=f"demo:closing:{share.id}", actor=actor)
        created["closing.payments"] += 1
