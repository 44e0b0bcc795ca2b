"""The meeting day of the demo village (``sajja.demo.generator.load_demo`` calls ``ensure``).

The demo's savings and loans history already posts every meeting day's pledges, deposits, fines and
instalments through the savings and loans services (``_ensure_savings``, ``_ensure_loans``), up to
the meeting of the current month. Posting those days again through ``row_post`` would count the
money twice, so the past meetings are not re-posted here. What this adds, through the services:

- the last ``PAST`` meetings recorded as held (``meeting_record_held``: their entries linked, nothing
  posted), the cash counted in notes and coins (``cash_count``; what is left below a 25-satang coin is
  explained as a shortage, ``cash_difference_post``) and signed by the treasurer and the president;
- the group's next meeting (today's on a meeting day), opened (``meeting_open``) with the cash box
  counted at what the books say is in the till, so its collection sheet is ready.

Idempotent: a meeting already there that day is left alone.
"""

from django.db.models import Q

from sajja.accounts.models import CommitteeSeat, Position, User
from sajja.core.tenancy import today
from sajja.ledger.selectors import balances, role_map

from . import domain, selectors, services

PAST = 3


def ensure(*, group, seed: int, created, stdout=None) -> None:
    seat = (
        CommitteeSeat.objects.filter(Q(end_date__isnull=True) | Q(end_date__gte=today()), group=group)
        .filter(position=Position.TREASURER, start_date__lte=today(), member__user__isnull=False)
        .select_related("member__user")
        .first()
    )
    actor = seat.member.user if seat else User.objects.filter(is_superuser=True).order_by("id").first()
    if actor is None:
        return
    day = selectors.next_meeting_date(group)
    president = (
        CommitteeSeat.objects.filter(group=group, position=Position.PRESIDENT, member__user__isnull=False)
        .filter(start_date__lte=today())
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=today()))
        .select_related("member__user")
        .first()
    )
    for held in reversed(domain.previous_meeting_dates(group.meeting_day, day, PAST)):
        if selectors.meeting_for(group, held) is not None or president is None or seat is None:
            continue
        meeting = services.meeting_record_held(group=group, date=held, actor=actor)
        expected = selectors.expected_cash(meeting)
        meeting = services.cash_count(meeting=meeting, counts=domain.counts_for(expected), actor=actor)
        if meeting.closing_cash != expected:
            services.cash_difference_post(meeting=meeting, reason="เศษสตางค์ต่ำกว่า 25 สตางค์ ไม่มีเหรียญให้นับ", actor=actor)
        services.meeting_sign(meeting=meeting, actor=actor)
        services.meeting_sign(meeting=meeting, actor=president.member.user)
        created["Meeting"] += 1
        if stdout is not None:
            stdout.write(f"meetings: the meeting of {held.isoformat()} recorded, counted and signed\n")
    if selectors.meeting_for(group, day) is not None:
        return
    cash = role_map(group.id).get("cash")
    in_till = next((b.balance for b in balances(group.id, through=day) if b.account.id == cash), 0)
    services.meeting_open(group=group, date=day, opening_cash=max(0, in_till), actor=actor)
    created["Meeting"] += 1
    if stdout is not None:
        stdout.write(f"meetings: the meeting of {day.isoformat()} opened, cash box {in_till / 100:,.2f} baht\n")
