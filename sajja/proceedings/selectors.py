"""Every read of the proceedings used by pages, the API, reports and other capabilities.

``resolutions(group)`` and ``Resolution.reference`` are the public face: bylaw changes, loan
decisions and allocations cite a resolution by its reference text.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q, QuerySet

from sajja.accounts.models import CommitteeSeat
from sajja.bylaws.selectors import bylaw_book
from sajja.core.tenancy import today
from sajja.members.models import Member

from . import domain
from .models import AgendaItem, Attendance, Duty, Meeting, Resolution, Task

WINDOW_DAYS = 30  # meetings to attend "soon"


def seats_on(group_id: int, day: dt.date) -> QuerySet:
    return CommitteeSeat.objects.filter(
        Q(end_date__isnull=True) | Q(end_date__gte=day), group_id=group_id, start_date__lte=day
    )


def seat_holders(group_id: int, day: dt.date, positions=None) -> set[int]:
    """Member ids holding a seat (of ``positions``, or any) on ``day``."""
    seats = seats_on(group_id, day)
    if positions is not None:
        seats = seats.filter(position__in=positions)
    return set(seats.values_list("member_id", flat=True))


def members_on(group_id: int, day: dt.date) -> QuerySet:
    """Members of the group on ``day``: joined by then and not yet left (or left later)."""
    return Member.objects.filter(group_id=group_id, joined_on__lte=day).filter(
        Q(status=Member.Status.ACTIVE) | Q(status_date__gt=day)
    )


def meetings(group_id: int) -> QuerySet:
    return Meeting.objects.filter(group_id=group_id).order_by("-date", "-id")


def meeting_get(group_id: int, meeting_id: int) -> Meeting:
    """The meeting with its agenda, resolutions and attendance, in four queries."""
    return (
        Meeting.objects.filter(group_id=group_id)
        .select_related("approved_by", "approved_at")
        .prefetch_related(
            Prefetch("agenda", queryset=AgendaItem.objects.order_by("order")),
            Prefetch("resolutions", queryset=Resolution.objects.order_by("number")),
            Prefetch("attendance", queryset=Attendance.objects.select_related("member").order_by("member__number")),
        )
        .get(id=meeting_id)
    )


def expected(meeting: Meeting) -> set[int]:
    """Member ids called to the meeting: the committee's seat holders on the day, or every member."""
    if meeting.kind == Meeting.Kind.COMMITTEE:
        return seat_holders(meeting.group_id, meeting.date, domain.committee_positions(meeting.committee))
    return set(members_on(meeting.group_id, meeting.date).values_list("id", flat=True))


@dataclass(frozen=True)
class Quorum:
    expected: int
    present: int
    absent: int
    excused: int
    needed: int
    percent: int

    @property
    def met(self) -> bool:
        return self.present >= self.needed


def quorum(meeting: Meeting) -> Quorum:
    """Who of those called came, and whether that is a quorum under the bylaws of the day. Only
    those called count towards it (an invited member or guest does not)."""
    called = expected(meeting)
    counts = dict(
        Attendance.objects.filter(meeting=meeting, member_id__in=called)
        .values_list("status")
        .annotate(n=Count("id"))
        .values_list("status", "n")
    )
    key = "committee" if meeting.kind == Meeting.Kind.COMMITTEE else "general"
    percent = bylaw_book(meeting.group_id).value(f"proceedings.quorum.{key}_percent", meeting.date)
    return Quorum(
        expected=len(called),
        present=counts.get("present", 0),
        absent=counts.get("absent", 0),
        excused=counts.get("excused", 0),
        needed=domain.quorum_needed(len(called), percent),
        percent=percent,
    )


def resolutions(group) -> QuerySet:
    """The group's resolutions, newest meeting first; each has ``reference`` to cite."""
    group_id = getattr(group, "id", group)
    return (
        Resolution.objects.filter(group_id=group_id)
        .select_related("meeting")
        .order_by("-meeting__date", "-number", "-id")
    )


def resolution_by_reference(group, reference: str) -> Resolution | None:
    return resolutions(group).filter(reference=reference.strip()).first()


def duties(group_id: int) -> dict[str, list[Duty]]:
    """The group's duty lists by position (positions not seeded yet are missing)."""
    out: dict[str, list[Duty]] = {}
    for duty in Duty.objects.filter(group_id=group_id).order_by("position", "order"):
        out.setdefault(duty.position, []).append(duty)
    return out


def tasks(group_id: int) -> QuerySet:
    return (
        Task.objects.filter(group_id=group_id)
        .select_related("owner", "meeting", "resolution")
        .order_by("status", "due_on", "id")
    )


@dataclass
class Workload:
    member: Member
    positions: list[str] = field(default_factory=list)
    duties: list[Duty] = field(default_factory=list)
    open_tasks: list[Task] = field(default_factory=list)
    overdue: list[Task] = field(default_factory=list)
    meetings: list[Meeting] = field(default_factory=list)
    flags: tuple[str, ...] = ()

    @property
    def overloaded(self) -> bool:
        return bool(self.flags)


def thresholds(group_id: int, day: dt.date) -> domain.Thresholds:
    book = bylaw_book(group_id)
    return domain.Thresholds(
        max_positions=book.value("proceedings.workload.max_positions", day),
        max_open_tasks=book.value("proceedings.workload.max_open_tasks", day),
        max_overdue=book.value("proceedings.workload.max_overdue", day),
    )


def workload(group_id: int, day: dt.date | None = None, member_ids=None) -> list[Workload]:
    """Each person's load on ``day``: everyone holding a seat or an open task (or ``member_ids``).
    Positions, duties of those positions, open and overdue tasks, meetings they are called to in
    the next 30 days, and the flags of the bylaws' thresholds. A fixed number of queries whatever
    the size of the group."""
    day = day or today()
    limits = thresholds(group_id, day)
    seats = list(seats_on(group_id, day).values_list("member_id", "position"))
    open_tasks = (
        Task.objects.filter(group_id=group_id, status=Task.Status.OPEN)
        .select_related("meeting", "resolution")
        .order_by("due_on", "id")
    )
    if member_ids is not None:
        member_ids = set(member_ids)
        seats = [(m, p) for m, p in seats if m in member_ids]
        open_tasks = open_tasks.filter(owner_id__in=member_ids)
    open_tasks = list(open_tasks)
    ids = {m for m, _p in seats} | {t.owner_id for t in open_tasks} | (member_ids or set())
    members = {m.id: m for m in Member.objects.filter(group_id=group_id, id__in=ids)}
    by_member = {i: Workload(member=members[i]) for i in sorted(ids, key=lambda i: members[i].number) if i in members}
    duty_lists = duties(group_id)
    for member_id, position in seats:
        row = by_member[member_id]
        row.positions.append(position)
        row.duties.extend(duty_lists.get(position, []))
    for task in open_tasks:
        row = by_member[task.owner_id]
        row.open_tasks.append(task)
        if task.due_on < day:
            row.overdue.append(task)
    soon = list(
        Meeting.objects.filter(
            group_id=group_id, date__gte=day, date__lte=day + dt.timedelta(days=WINDOW_DAYS)
        ).order_by("date")
    )
    general = [m for m in soon if m.kind != Meeting.Kind.COMMITTEE]
    for row in by_member.values():
        held = set(row.positions)
        row.meetings = [m for m in soon if m in general or held & set(domain.committee_positions(m.committee))]
        row.flags = domain.overload_flags(
            domain.Load(len(row.positions), len(row.open_tasks), len(row.overdue)), limits
        )
    return list(by_member.values())
