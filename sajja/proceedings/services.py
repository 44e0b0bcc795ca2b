"""Every write of the proceedings: ``<thing>_<action>(*, ..., actor)``, each in one transaction.

Permissions (who may call) are checked by pages and API through tenancy; the rules below are the
business rules: dates in range (a year typed in the Buddhist Era as if Common Era lands 543 years
out and is refused), people of the same group, and approved minutes never change (the services
refuse with ``minutes_approved``; the database triggers refuse anything that goes around them).
"""

import datetime as dt

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from sajja.core.errors import SajjaError, fmt
from sajja.core.fields import parse_text
from sajja.core.tenancy import today
from sajja.core.thai import be_year, format_date
from sajja.members.models import Member

from . import domain, duties, selectors
from .models import AgendaItem, Attendance, Duty, Meeting, Resolution, Task

PLAN_AHEAD_DAYS = 366  # a meeting may be set up to a year ahead
TEXT_MAX = 5000


def _date(value, *, group, field: str = "date", ahead: int = PLAN_AHEAD_DAYS, not_before: dt.date | None = None):
    """A real date from the group's founding to ``ahead`` days from today."""
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        raise SajjaError(_("Give the date."), field=field, code="date")
    earliest = max(not_before or group.founded_on, group.founded_on)
    latest = today() + dt.timedelta(days=ahead)
    if value < earliest:
        raise SajjaError(
            fmt(_("The date is before %(date)s."), date=format_date(earliest)), field=field, code="too_early"
        )
    if value > latest:
        raise SajjaError(
            fmt(
                _("The date %(date)s is too far ahead: is the year in the Buddhist Era?"),
                date=format_date(value),
            ),
            field=field,
            code="too_late",
        )
    return value


def _count(value, field: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise SajjaError(_("Type a whole number."), field=field, code="not_integer")
    if value < 0:
        raise SajjaError(_("The number cannot be negative."), field=field, code="negative")
    if value > 100_000:
        raise SajjaError(_("The number is too large."), field=field, code="too_large")
    return value


def _editable(meeting: Meeting) -> Meeting:
    """The meeting, locked for this transaction, when its minutes are not yet approved."""
    meeting = Meeting.objects.select_for_update().get(id=meeting.id)
    if meeting.approved_on is not None:
        raise SajjaError(
            fmt(
                _("The minutes of this meeting were approved on %(date)s and can no longer be changed."),
                date=format_date(meeting.approved_on),
            ),
            code="minutes_approved",
        )
    return meeting


def _own_member(group_id: int, member, field: str) -> Member:
    if not isinstance(member, Member) or member.group_id != group_id:
        raise SajjaError(_("This person is not a member of the group."), field=field, code="other_group")
    return member


# --- meetings ---------------------------------------------------------------------------------


def meeting_create(
    *, group, kind: str, date: dt.date, committee: str = "", place: str = "", agenda=(), actor
) -> Meeting:
    """Set up a meeting: committee meetings name the committee called (one of the four, or all of
    them); general and annual general meetings call every member. Numbered in its kind (and
    committee) and Buddhist-Era year: ครั้งที่ 3/2569. ``agenda`` is the list of item titles."""
    if kind not in Meeting.Kind.values:
        raise SajjaError(_("Choose the kind of meeting."), field="kind", code="kind")
    if kind == Meeting.Kind.COMMITTEE:
        if committee not in Meeting.Committee.values:
            raise SajjaError(_("Choose the committee that meets."), field="committee", code="committee")
    else:
        committee = ""
    date = _date(date, group=group)
    place = parse_text(place, field="place", required=False)
    titles = [parse_text(t, field="agenda", max_length=300) for t in agenda]
    year = be_year(date.year)
    with transaction.atomic():
        last = Meeting.objects.filter(group=group, kind=kind, committee=committee, year_be=year).aggregate(
            n=Max("number")
        )["n"]
        meeting = Meeting.objects.create(
            group=group,
            kind=kind,
            committee=committee,
            number=(last or 0) + 1,
            year_be=year,
            date=date,
            place=place,
            created_by=actor,
        )
        AgendaItem.objects.bulk_create(
            [AgendaItem(group=group, meeting=meeting, order=i, title=t) for i, t in enumerate(titles, 1)]
        )
    return meeting


def meeting_edit(*, meeting: Meeting, date: dt.date, place: str = "", actor) -> Meeting:
    """Correct the date or the place of a meeting whose minutes are not approved (same year only:
    the number belongs to the year)."""
    with transaction.atomic():
        meeting = _editable(meeting)
        date = _date(date, group=meeting.group)
        if be_year(date.year) != meeting.year_be:
            raise SajjaError(
                _("The meeting's number belongs to its year; set up a new meeting instead."),
                field="date",
                code="other_year",
            )
        meeting.date = date
        meeting.place = parse_text(place, field="place", required=False)
        meeting.save(update_fields=["date", "place"])
    return meeting


def agenda_add(*, meeting: Meeting, title: str, actor) -> AgendaItem:
    title = parse_text(title, field="title", max_length=300)
    with transaction.atomic():
        meeting = _editable(meeting)
        last = meeting.agenda.aggregate(n=Max("order"))["n"] or 0
        return AgendaItem.objects.create(group_id=meeting.group_id, meeting=meeting, order=last + 1, title=title)


def minutes_write(*, item: AgendaItem, minutes: str, title: str | None = None, actor) -> AgendaItem:
    """Write (or correct) what the minutes say about one agenda item, until the minutes are approved."""
    text = (minutes or "").strip()
    if len(text) > TEXT_MAX:
        raise SajjaError(
            fmt(_("Too long: at most %(max)d characters."), max=TEXT_MAX), field="minutes", code="too_long"
        )
    with transaction.atomic():
        _editable(item.meeting)
        item = AgendaItem.objects.select_for_update().get(id=item.id)
        item.minutes = text
        if title is not None:
            item.title = parse_text(title, field="title", max_length=300)
        item.save(update_fields=["minutes", "title"])
    return item


def attendance_record(*, meeting: Meeting, marks: dict, actor) -> int:
    """Record who was present, absent or excused: ``marks`` maps members to a status. Members of
    another group, or who were not members on the day, are refused and nothing is written.
    Returns the number of marks now recorded for the meeting."""
    if not marks:
        raise SajjaError(_("Mark at least one member."), field="marks", code="required")
    for status in marks.values():
        if status not in Attendance.Status.values:
            raise SajjaError(_("Mark present, absent or excused."), field="marks", code="status")
    with transaction.atomic():
        meeting = _editable(meeting)
        members = [_own_member(meeting.group_id, m, "marks") for m in marks]
        on_day = set(
            selectors.members_on(meeting.group_id, meeting.date)
            .filter(id__in=[m.id for m in members])
            .values_list("id", flat=True)
        )
        for m in members:
            if m.id not in on_day:
                raise SajjaError(
                    fmt(_("%(name)s was not a member on the day of the meeting."), name=m.full_name),
                    field="marks",
                    code="not_member_on_day",
                )
        existing = {a.member_id: a for a in Attendance.objects.filter(meeting=meeting, member__in=members)}
        new, changed = [], []
        for member, status in marks.items():
            row = existing.get(member.id)
            if row is None:
                new.append(Attendance(group_id=meeting.group_id, meeting=meeting, member=member, status=status))
            elif row.status != status:
                row.status = status
                changed.append(row)
        Attendance.objects.bulk_create(new)
        Attendance.objects.bulk_update(changed, ["status"])
        return Attendance.objects.filter(meeting=meeting).count()


def _votes(meeting: Meeting, votes_for, votes_against, votes_abstain) -> tuple[int, int, int]:
    counts = (
        _count(votes_for, "votes_for"),
        _count(votes_against, "votes_against"),
        _count(votes_abstain, "votes_abstain"),
    )
    present = Attendance.objects.filter(meeting=meeting, status=Attendance.Status.PRESENT).count()
    if present and sum(counts) > present:
        raise SajjaError(
            fmt(_("%(votes)d votes, but only %(present)d people were present."), votes=sum(counts), present=present),
            field="votes_for",
            code="more_votes_than_present",
        )
    return counts


def resolution_add(
    *, meeting: Meeting, text: str, votes_for, votes_against=0, votes_abstain=0, item: AgendaItem | None = None, actor
) -> Resolution:
    """Record a resolution with its vote. It passes with more votes for than against. Numbered in
    the group's general-meeting or committee series of the meeting's year, and cited by
    ``reference`` (e.g. "มติที่ประชุมใหญ่ 2/2569") from then on."""
    text = (text or "").strip()
    if not text:
        raise SajjaError(_("This field is required."), field="text", code="required")
    if len(text) > TEXT_MAX:
        raise SajjaError(fmt(_("Too long: at most %(max)d characters."), max=TEXT_MAX), field="text", code="too_long")
    if item is not None and item.meeting_id != meeting.id:
        raise SajjaError(_("This agenda item belongs to another meeting."), field="item", code="other_meeting")
    with transaction.atomic():
        meeting = _editable(meeting)
        counts = _votes(meeting, votes_for, votes_against, votes_abstain)
        body = meeting.body
        last = Resolution.objects.filter(group_id=meeting.group_id, body=body, year_be=meeting.year_be).aggregate(
            n=Max("number")
        )["n"]
        number = (last or 0) + 1
        try:
            with transaction.atomic():
                return Resolution.objects.create(
                    group_id=meeting.group_id,
                    meeting=meeting,
                    item=item,
                    body=body,
                    number=number,
                    year_be=meeting.year_be,
                    reference=domain.resolution_reference(body, number, meeting.year_be),
                    text=text,
                    votes_for=counts[0],
                    votes_against=counts[1],
                    votes_abstain=counts[2],
                    passed=domain.passes(counts[0], counts[1]),
                )
        except IntegrityError:
            raise SajjaError(_("Another resolution took this number just now; try again."), code="busy") from None


def resolution_edit(
    *, resolution: Resolution, text: str, votes_for, votes_against=0, votes_abstain=0, actor
) -> Resolution:
    """Correct a resolution's text or vote until the minutes are approved (its number stays)."""
    text = (text or "").strip()
    if not text:
        raise SajjaError(_("This field is required."), field="text", code="required")
    with transaction.atomic():
        meeting = _editable(resolution.meeting)
        counts = _votes(meeting, votes_for, votes_against, votes_abstain)
        resolution = Resolution.objects.select_for_update().get(id=resolution.id)
        resolution.text = text
        resolution.votes_for, resolution.votes_against, resolution.votes_abstain = counts
        resolution.passed = domain.passes(counts[0], counts[1])
        resolution.save(update_fields=["text", "votes_for", "votes_against", "votes_abstain", "passed"])
    return resolution


def minutes_approve(*, meeting: Meeting, at_meeting: Meeting, approved_by: Member, actor) -> Meeting:
    """The minutes are approved at a later meeting of the group (usually the next one) by a member
    holding a committee seat on that day. From then on the meeting, its minutes, attendance and
    resolutions are locked for good."""
    with transaction.atomic():
        meeting = _editable(meeting)
        if at_meeting.group_id != meeting.group_id or at_meeting.id == meeting.id or at_meeting.date < meeting.date:
            raise SajjaError(
                _("Minutes are approved at a later meeting of the same group."), field="at_meeting", code="at_meeting"
            )
        _own_member(meeting.group_id, approved_by, "approved_by")
        if approved_by.id not in selectors.seat_holders(meeting.group_id, at_meeting.date):
            raise SajjaError(
                _("The minutes are approved by a committee member."), field="approved_by", code="not_committee"
            )
        if not meeting.agenda.exclude(minutes="").exists():
            raise SajjaError(_("Write the minutes before they are approved."), code="no_minutes")
        meeting.approved_on = at_meeting.date
        meeting.approved_by = approved_by
        meeting.approved_at = at_meeting
        meeting.save(update_fields=["approved_on", "approved_by", "approved_at"])
    return meeting


# --- duties -----------------------------------------------------------------------------------


def duties_seed(*, group, positions=None, actor) -> int:
    """Give each position without a duty list the default list (written in Thai). Returns the
    number of duties added; a position that has its own list is left alone."""
    from sajja.core.errors import in_thai

    wanted = list(positions or domain.ALL_POSITIONS)
    with transaction.atomic():
        have = set(Duty.objects.filter(group=group, position__in=wanted).values_list("position", flat=True))
        rows = [
            Duty(group=group, position=p, order=i, text=in_thai(_(text)))
            for p in wanted
            if p not in have
            for i, text in enumerate(duties.DEFAULT_DUTIES[p], 1)
        ]
        Duty.objects.bulk_create(rows)
    return len(rows)


def position_check(position: str) -> str:
    """``position`` when it is one of the committee positions (``position`` error otherwise)."""
    if position not in domain.ALL_POSITIONS:
        raise SajjaError(_("Choose a position."), field="position", code="position")
    return position


def duty_add(*, group, position: str, text: str, actor) -> Duty:
    position = position_check(position)
    text = parse_text(text, field="text", max_length=300)
    with transaction.atomic():
        duties_seed(group=group, positions=[position], actor=actor)
        last = Duty.objects.filter(group=group, position=position).aggregate(n=Max("order"))["n"] or 0
        return Duty.objects.create(group=group, position=position, text=text, order=last + 1)


def duty_edit(*, duty: Duty, text: str, actor) -> Duty:
    duty.text = parse_text(text, field="text", max_length=300)
    duty.save(update_fields=["text"])
    return duty


def duty_delete(*, duty: Duty, actor) -> None:
    duty.delete()


# --- tasks ------------------------------------------------------------------------------------


def task_create(
    *, group, title: str, owner: Member, due_on: dt.date, meeting: Meeting | None = None,
    resolution: Resolution | None = None, actor,
) -> Task:  # fmt: skip
    """A task given at a meeting (or from a resolution) to a member of the group, due on a day."""
    title = parse_text(title, field="title", max_length=300)
    _own_member(group.id, owner, "owner")
    if owner.status != Member.Status.ACTIVE:
        raise SajjaError(_("The owner must be an active member."), field="owner", code="not_active")
    if resolution is not None:
        if resolution.group_id != group.id:
            raise SajjaError(_("This resolution belongs to another group."), field="resolution", code="other_group")
        meeting = meeting or resolution.meeting
        if resolution.meeting_id != meeting.id:
            raise SajjaError(_("This resolution is of another meeting."), field="resolution", code="other_meeting")
    if meeting is not None and meeting.group_id != group.id:
        raise SajjaError(_("This meeting belongs to another group."), field="meeting", code="other_group")
    due_on = _date(due_on, group=group, field="due_on", ahead=3 * 366, not_before=meeting.date if meeting else None)
    return Task.objects.create(
        group=group, title=title, owner=owner, due_on=due_on, meeting=meeting, resolution=resolution, created_by=actor
    )


def task_done(*, task: Task, on: dt.date | None = None, actor) -> Task:
    on = on or today()
    if task.status == Task.Status.DONE:
        raise SajjaError(_("This task is already done."), code="already_done")
    if on > today():
        raise SajjaError(_("The date is in the future."), field="on", code="future")
    task.status, task.done_on = Task.Status.DONE, on
    task.save(update_fields=["status", "done_on"])
    return task


def task_reopen(*, task: Task, actor) -> Task:
    if task.status == Task.Status.OPEN:
        raise SajjaError(_("This task is open."), code="already_open")
    task.status, task.done_on = Task.Status.OPEN, None
    task.save(update_fields=["status", "done_on"])
    return task
