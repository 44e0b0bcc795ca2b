"""Meetings and resolutions routes of the JSON API (``/api/v1/groups/{group_id}/proceedings/...``).

Thin like the pages: ``group_route`` (tenancy) and then the same services and selectors. The
committees read (``Access.READ``), the managing committee writes (``Access.MANAGE``); a member reads
their own workload (``Access.SELF``). Once a meeting's minutes are approved every write to it is a
400 with code ``minutes_approved``.
"""

from django.http import Http404
from django.utils.translation import gettext_lazy as _
from ninja import Router

from sajja.core import tenancy
from sajja.core.errors import SajjaError
from sajja.core.fields import parse_date_input, parse_positive_int
from sajja.core.tenancy import Access
from sajja.core.thai import format_date, normalize_digits
from sajja.members.models import Member

from . import domain, duties, selectors, services
from . import schemas as s
from .models import AgendaItem, Duty, Meeting, Resolution, Task

# Made before ``sajja.api.api`` is imported: that module adds this router at its end.
router = Router(tags=["proceedings"])

from sajja.api.api import group_route  # noqa: E402

BASE = "/groups/{group_id}/proceedings"
M = BASE + "/meetings/{proceeding_id}"


def _id(value, field: str) -> int:
    return parse_positive_int(value, field=field)


def _count(value, field: str) -> int:
    """A vote count: 0 or more (text with Thai digits, or a JSON integer; a float is refused)."""
    if isinstance(value, str):
        text = normalize_digits(value).strip()
        return 0 if text in ("", "0") else parse_positive_int(text, field=field)
    return services._count(value, field)


def _member(group_id: int, value, field: str) -> Member:
    found = Member.objects.filter(group_id=group_id, id=_id(value, field)).first()
    if found is None:
        raise SajjaError(_("This person is not a member of the group."), field=field, code="other_group")
    return found


def _meeting(group_id: int, meeting_id: int) -> Meeting:
    try:
        return selectors.meeting_get(group_id, meeting_id)
    except Meeting.DoesNotExist:
        raise Http404 from None


def _meeting_out(m: Meeting) -> dict:
    return {
        "id": m.id,
        "kind": m.kind,
        "committee": m.committee,
        "number": m.number,
        "year_be": m.year_be,
        "title": f"{m.get_kind_display()} {m.number}/{m.year_be}",
        "date": m.date,
        "date_be": format_date(m.date),
        "place": m.place,
        "approved_on": m.approved_on,
        "approved_by_id": m.approved_by_id,
        "approved_at_id": m.approved_at_id,
    }


def _resolution_out(r: Resolution, meeting: Meeting | None = None) -> dict:
    meeting = meeting or r.meeting
    return {
        "id": r.id, "meeting_id": r.meeting_id, "reference": r.reference, "number": r.number, "year_be": r.year_be,
        "text": r.text, "votes_for": r.votes_for, "votes_against": r.votes_against, "votes_abstain": r.votes_abstain,
        "passed": r.passed, "date": meeting.date, "locked": meeting.approved_on is not None,
    }  # fmt: skip


def _detail_out(m: Meeting) -> dict:
    q = selectors.quorum(m)
    return {
        **_meeting_out(m),
        "agenda": [{"id": a.id, "order": a.order, "title": a.title, "minutes": a.minutes} for a in m.agenda.all()],
        "resolutions": [_resolution_out(r, m) for r in m.resolutions.all()],
        "attendance": [
            {"member_id": a.member_id, "name": a.member.full_name, "status": a.status} for a in m.attendance.all()
        ],
        "quorum": {**q.__dict__, "met": q.met},
    }


def _task_out(t: Task, day) -> dict:
    return {
        "id": t.id, "title": t.title, "owner_id": t.owner_id, "owner": t.owner.full_name, "due_on": t.due_on,
        "due_on_be": format_date(t.due_on), "status": t.status, "done_on": t.done_on,
        "overdue": t.status == Task.Status.OPEN and t.due_on < day, "meeting_id": t.meeting_id,
        "resolution": t.resolution.reference if t.resolution_id else None,
    }  # fmt: skip


# --- meetings ---------------------------------------------------------------------------------


@router.get(BASE + "/meetings", response=list[s.MeetingOut])
@group_route(Access.READ)
def meeting_list(request, group_id: int, kind: str = ""):
    """Meetings, newest first (``kind``: committee, general, annual)."""
    rows = selectors.meetings(group_id)
    if kind:
        rows = rows.filter(kind=kind)
    return [_meeting_out(m) for m in rows[:1000]]


@router.post(BASE + "/meetings", response={201: s.MeetingDetailOut})
@group_route(Access.MANAGE)
def meeting_create(request, group_id: int, payload: s.MeetingIn):
    """Set up a meeting with its agenda; numbered in its kind and Buddhist-Era year."""
    meeting = services.meeting_create(
        group=request.group, kind=str(payload.kind or ""), committee=str(payload.committee or ""),
        date=parse_date_input(payload.date, field="date"), place=str(payload.place or ""),
        agenda=[str(a) for a in payload.agenda], actor=request.user,
    )  # fmt: skip
    return 201, _detail_out(_meeting(group_id, meeting.id))


@router.get(M, response=s.MeetingDetailOut)
@group_route(Access.READ)
def meeting_detail(request, group_id: int, proceeding_id: int):
    """A meeting with its agenda and minutes, resolutions, attendance and quorum."""
    return _detail_out(_meeting(group_id, proceeding_id))


@router.post(M + "/agenda", response={201: s.AgendaOut})
@group_route(Access.MANAGE)
def agenda_add(request, group_id: int, proceeding_id: int, payload: s.AgendaIn):
    item = services.agenda_add(
        meeting=_meeting(group_id, proceeding_id), title=str(payload.title or ""), actor=request.user
    )
    return 201, {"id": item.id, "order": item.order, "title": item.title, "minutes": item.minutes}


@router.put(M + "/agenda/{agenda_id}", response=s.AgendaOut)
@group_route(Access.MANAGE)
def minutes_write(request, group_id: int, proceeding_id: int, agenda_id: int, payload: s.MinutesIn):
    """Write the minutes of an agenda item (refused once the minutes are approved)."""
    meeting = _meeting(group_id, proceeding_id)
    item = AgendaItem.objects.filter(meeting=meeting, id=agenda_id).first()
    if item is None:
        raise Http404
    title = None if payload.title is None else str(payload.title)
    item = services.minutes_write(item=item, minutes=str(payload.minutes or ""), title=title, actor=request.user)
    return {"id": item.id, "order": item.order, "title": item.title, "minutes": item.minutes}


@router.post(M + "/attendance", response=s.MeetingDetailOut)
@group_route(Access.MANAGE)
def attendance_record(request, group_id: int, proceeding_id: int, payload: s.AttendanceIn):
    """Mark members present, absent or excused; returns the meeting with the quorum."""
    meeting = _meeting(group_id, proceeding_id)
    marks = {_member(group_id, m.member, "marks"): str(m.status or "") for m in payload.marks}
    services.attendance_record(meeting=meeting, marks=marks, actor=request.user)
    return _detail_out(_meeting(group_id, proceeding_id))


@router.post(M + "/resolutions", response={201: s.ResolutionOut})
@group_route(Access.MANAGE)
def resolution_add(request, group_id: int, proceeding_id: int, payload: s.ResolutionIn):
    """Record a resolution with its vote; the answer carries the ``reference`` to cite."""
    meeting = _meeting(group_id, proceeding_id)
    item = None
    if payload.item not in (None, ""):
        item = AgendaItem.objects.filter(meeting=meeting, id=_id(payload.item, "item")).first()
        if item is None:
            raise SajjaError(_("This agenda item belongs to another meeting."), field="item", code="other_meeting")
    res = services.resolution_add(
        meeting=meeting, item=item, text=str(payload.text or ""),
        votes_for=_count(payload.votes_for, "votes_for"), votes_against=_count(payload.votes_against, "votes_against"),
        votes_abstain=_count(payload.votes_abstain, "votes_abstain"), actor=request.user,
    )  # fmt: skip
    return 201, _resolution_out(res, meeting)


@router.put(M + "/resolutions/{resolution_id}", response=s.ResolutionOut)
@group_route(Access.MANAGE)
def resolution_edit(request, group_id: int, proceeding_id: int, resolution_id: int, payload: s.ResolutionIn):
    meeting = _meeting(group_id, proceeding_id)
    res = Resolution.objects.filter(meeting=meeting, id=resolution_id).first()
    if res is None:
        raise Http404
    res = services.resolution_edit(
        resolution=res, text=str(payload.text or ""),
        votes_for=_count(payload.votes_for, "votes_for"), votes_against=_count(payload.votes_against, "votes_against"),
        votes_abstain=_count(payload.votes_abstain, "votes_abstain"), actor=request.user,
    )  # fmt: skip
    return _resolution_out(res, meeting)


@router.post(M + "/approve", response=s.MeetingDetailOut)
@group_route(Access.MANAGE)
def minutes_approve(request, group_id: int, proceeding_id: int, payload: s.ApproveIn):
    """Approve the minutes at a later meeting, by a committee member; they are locked from then on."""
    meeting = _meeting(group_id, proceeding_id)
    at = Meeting.objects.filter(group_id=group_id, id=_id(payload.at_meeting, "at_meeting")).first()
    if at is None:
        raise SajjaError(_("Choose the meeting that approved the minutes."), field="at_meeting", code="at_meeting")
    services.minutes_approve(
        meeting=meeting,
        at_meeting=at,
        approved_by=_member(group_id, payload.approved_by, "approved_by"),
        actor=request.user,
    )
    return _detail_out(_meeting(group_id, proceeding_id))


@router.get(BASE + "/resolutions", response=list[s.ResolutionOut])
@group_route(Access.READ)
def resolution_list(request, group_id: int, reference: str = ""):
    """The group's resolutions, newest first; ``reference`` finds one by the text others cite."""
    rows = selectors.resolutions(group_id)
    if reference:
        rows = rows.filter(reference=reference.strip())
    return [_resolution_out(r) for r in rows[:2000]]


@router.get(BASE + "/resolutions/{resolution_id}", response=s.ResolutionOut)
@group_route(Access.READ)
def resolution_detail(request, group_id: int, resolution_id: int):
    res = selectors.resolutions(group_id).filter(id=resolution_id).first()
    if res is None:
        raise Http404
    return _resolution_out(res)


# --- tasks, duties, workload ------------------------------------------------------------------


@router.get(BASE + "/tasks", response=list[s.TaskOut])
@group_route(Access.READ)
def task_list(request, group_id: int, status: str = "", owner: int | None = None):
    rows = selectors.tasks(group_id)
    if status:
        rows = rows.filter(status=status)
    if owner:
        rows = rows.filter(owner_id=owner)
    day = tenancy.today()
    return [_task_out(t, day) for t in rows[:2000]]


@router.post(BASE + "/tasks", response={201: s.TaskOut})
@group_route(Access.MANAGE)
def task_create(request, group_id: int, payload: s.TaskIn):
    """Give a task to a member of the group, from a meeting and/or a resolution."""
    meeting = resolution = None
    if payload.meeting not in (None, ""):
        meeting = Meeting.objects.filter(group_id=group_id, id=_id(payload.meeting, "meeting")).first()
        if meeting is None:
            raise SajjaError(_("This meeting belongs to another group."), field="meeting", code="other_group")
    if payload.resolution not in (None, ""):
        resolution = Resolution.objects.filter(group_id=group_id, id=_id(payload.resolution, "resolution")).first()
        if resolution is None:
            raise SajjaError(_("This resolution belongs to another group."), field="resolution", code="other_group")
    task = services.task_create(
        group=request.group, title=str(payload.title or ""), owner=_member(group_id, payload.owner, "owner"),
        due_on=parse_date_input(payload.due_on, field="due_on"), meeting=meeting, resolution=resolution, actor=request.user,
    )  # fmt: skip
    return 201, _task_out(selectors.tasks(group_id).get(id=task.id), tenancy.today())


@router.post(BASE + "/tasks/{task_id}/status", response=s.TaskOut)
@group_route(Access.MANAGE)
def task_status(request, group_id: int, task_id: int, payload: s.TaskStatusIn):
    """Mark a task done (on ``on``, default today) or open again."""
    task = Task.objects.filter(group_id=group_id, id=task_id).first()
    if task is None:
        raise Http404
    if payload.status == "open":
        services.task_reopen(task=task, actor=request.user)
    elif payload.status == "done":
        on = parse_date_input(payload.on, field="on") if str(payload.on or "").strip() else None
        services.task_done(task=task, on=on, actor=request.user)
    else:
        raise SajjaError(_("Choose done or open."), field="status", code="status")
    return _task_out(selectors.tasks(group_id).get(id=task.id), tenancy.today())


@router.get(BASE + "/duties", response=list[s.DutyOut])
@group_route(Access.READ)
def duty_list(request, group_id: int):
    """Each position's duties: the group's own list, or the standard one (``standard``) until edited."""
    own = selectors.duties(group_id)
    out = []
    for p in domain.ALL_POSITIONS:
        if p in own:
            out += [{"id": d.id, "position": p, "order": d.order, "text": d.text, "standard": False} for d in own[p]]
        else:
            out += [
                {"id": None, "position": p, "order": i, "text": str(_(text)), "standard": True}
                for i, text in enumerate(duties.DEFAULT_DUTIES[p], 1)
            ]
    return out


@router.post(BASE + "/duties", response={201: s.DutyOut})
@group_route(Access.MANAGE)
def duty_add(request, group_id: int, payload: s.DutyIn):
    """Add a duty to a position (the position's standard list is written first, to be edited)."""
    d = services.duty_add(
        group=request.group, position=str(payload.position or ""), text=str(payload.text or ""), actor=request.user
    )
    return 201, {"id": d.id, "position": d.position, "order": d.order, "text": d.text, "standard": False}


@router.put(BASE + "/duties/{duty_id}", response=s.DutyOut)
@group_route(Access.MANAGE)
def duty_edit(request, group_id: int, duty_id: int, payload: s.DutyIn):
    duty = Duty.objects.filter(group_id=group_id, id=duty_id).first()
    if duty is None:
        raise Http404
    d = services.duty_edit(duty=duty, text=str(payload.text or ""), actor=request.user)
    return {"id": d.id, "position": d.position, "order": d.order, "text": d.text, "standard": False}


@router.delete(BASE + "/duties/{duty_id}", response={204: None})
@group_route(Access.MANAGE)
def duty_delete(request, group_id: int, duty_id: int):
    duty = Duty.objects.filter(group_id=group_id, id=duty_id).first()
    if duty is None:
        raise Http404
    services.duty_delete(duty=duty, actor=request.user)
    return 204, None


def _workload_out(w, day) -> dict:
    return {
        "member_id": w.member.id, "name": w.member.full_name, "positions": w.positions,
        "duties": [d.text for d in w.duties], "open_tasks": [_task_out(t, day) for t in w.open_tasks],
        "overdue": len(w.overdue), "meetings": [_meeting_out(m) for m in w.meetings], "flags": list(w.flags),
        "overloaded": w.overloaded,
    }  # fmt: skip


@router.get(BASE + "/workload", response=list[s.WorkloadOut])
@group_route(Access.READ)
def workload(request, group_id: int):
    """Everyone with a seat or an open task, with the flags of the bylaws' thresholds."""
    day = tenancy.today()
    return [_workload_out(w, day) for w in selectors.workload(group_id, day)]


@router.get(BASE + "/workload/{member_id}", response=s.WorkloadOut)
@group_route(Access.SELF)
def member_workload(request, group_id: int, member_id: int):
    """One person's workload: a member reads their own, the committees anyone's."""
    own = tenancy.grants_for(request.user).member_ids.get(group_id)
    if request.access < Access.READ and own != member_id:
        raise Http404
    if not Member.objects.filter(group_id=group_id, id=member_id).exists():
        raise Http404
    day = tenancy.today()
    return _workload_out(selectors.workload(group_id, day, member_ids=[member_id])[0], day)
