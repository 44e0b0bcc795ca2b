"""Meeting pages: the list of meetings (and setting one up), a meeting with its agenda, minutes,
attendance and quorum, resolutions and tasks (all edited on that page until the minutes are
approved), the minutes as a PDF, the resolutions register, tasks, duty lists and the workload.

Thin: tenancy through ``group_view`` (the committees read, the managing committee writes; a member
sees their own workload); every write is a ``services`` call, posted to its own URL, which comes
back to the page with the service's message. Every write form carries a hidden ``key``
(``core.submits``): a second post of the same form does not write twice.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from sajja.accounts.models import Position
from sajja.core import submits
from sajja.core.errors import SajjaError
from sajja.core.fields import parse_date_input, parse_positive_int
from sajja.core.pdf import pdf_response
from sajja.core.tenancy import Access, grants_for, group_view, today
from sajja.core.thai import normalize_digits
from sajja.members.models import Member

from . import domain, duties, selectors, services
from .models import AgendaItem, Attendance, Duty, Meeting, Resolution, Task

POSITION_NAMES = dict(Position.choices)
STATUS_NAMES = dict(Attendance.Status.choices)


_post = submits.post_once


def _meeting_or_404(request, meeting_id) -> Meeting:
    try:
        return selectors.meeting_get(request.group.id, meeting_id)
    except Meeting.DoesNotExist:
        raise Http404 from None


def _member(request, value, field: str) -> Member:
    """A member of this group by id (anything else, e.g. another group's member, is refused)."""
    member_id = parse_positive_int(value, field=field)
    found = Member.objects.filter(group=request.group, id=member_id).first()
    if found is None:
        raise SajjaError(_("This person is not a member of the group."), field=field, code="other_group")
    return found


def _int(value, field: str) -> int:
    """0 or a whole number as typed (Thai digits too)."""
    text = normalize_digits(str(value or "")).strip()
    return 0 if text in ("", "0") else parse_positive_int(text, field=field)


def _meeting_url(request, meeting_id) -> str:
    return reverse("proceeding_detail", args=[request.group.id, meeting_id])


# --- meetings ---------------------------------------------------------------------------------


@group_view(Access.READ)
@require_http_methods(["GET", "POST"])
def proceedings_home(request):
    """Meetings, newest first; the managing committee sets up a new one here."""
    back = reverse("proceedings_home", args=[request.group.id])
    if request.method == "POST":
        if request.access < Access.MANAGE:
            raise PermissionDenied

        def write():
            meeting = services.meeting_create(
                group=request.group,
                kind=request.POST.get("kind", ""),
                committee=request.POST.get("committee", ""),
                date=parse_date_input(request.POST.get("date"), field="date"),
                place=request.POST.get("place", ""),
                agenda=[line for line in request.POST.get("agenda", "").splitlines() if line.strip()],
                actor=request.user,
            )
            return _("The meeting is set up."), _meeting_url(request, meeting.id)

        return _post(request, write, back)
    context = {
        "meetings": selectors.meetings(request.group.id)[:200],
        "kinds": Meeting.Kind.choices,
        "committees": Meeting.Committee.choices,
        "can_manage": request.access >= Access.MANAGE,
        "today": today(),
    }
    return render(request, "proceedings/home.html", context)


@group_view(Access.READ)
def proceeding_detail(request, proceeding_id):
    """A meeting: agenda with minutes, attendance and quorum, resolutions, tasks given."""
    meeting = _meeting_or_404(request, proceeding_id)
    called = selectors.expected(meeting)
    marks = {a.member_id: a.status for a in meeting.attendance.all()}
    people = list(Member.objects.filter(group=request.group, id__in=called | set(marks)).order_by("number"))
    editable = request.access >= Access.MANAGE and not meeting.approved
    later = list(
        selectors.meetings(request.group.id).filter(date__gte=meeting.date).exclude(id=meeting.id).order_by("date")[:10]
    )
    context = {
        "meeting": meeting,
        "quorum": selectors.quorum(meeting),
        "people": [(m, marks.get(m.id, ""), STATUS_NAMES.get(marks.get(m.id), ""), m.id in called) for m in people],
        "statuses": Attendance.Status.choices,
        "tasks": list(meeting.tasks.select_related("owner", "resolution").order_by("due_on")),
        "editable": editable,
        "can_manage": request.access >= Access.MANAGE,
        "later": later,
        "committee_members": list(
            Member.objects.filter(id__in=selectors.seat_holders(request.group.id, today())).order_by("number")
        ),
        "members": list(Member.objects.filter(group=request.group, status=Member.Status.ACTIVE).order_by("number"))
        if request.access >= Access.MANAGE
        else [],
    }
    return render(request, "proceedings/meeting.html", context)


@group_view(Access.MANAGE)
@require_POST
def proceeding_agenda_add(request, proceeding_id):
    meeting = _meeting_or_404(request, proceeding_id)
    return _post(
        request,
        lambda: (
            services.agenda_add(meeting=meeting, title=request.POST.get("title", ""), actor=request.user)
            and _("The agenda item is added.")
        ),
        _meeting_url(request, meeting.id),
    )


@group_view(Access.MANAGE)
@require_POST
def proceeding_minutes(request, proceeding_id, agenda_id):
    meeting = _meeting_or_404(request, proceeding_id)
    item = AgendaItem.objects.filter(meeting=meeting, id=agenda_id).first()
    if item is None:
        raise Http404
    return _post(
        request,
        lambda: (
            services.minutes_write(item=item, minutes=request.POST.get("minutes", ""), actor=request.user)
            and _("The minutes are saved.")
        ),
        _meeting_url(request, meeting.id),
    )


@group_view(Access.MANAGE)
@require_POST
def proceeding_attendance(request, proceeding_id):
    """Marks posted as ``m<member id>=present|absent|excused`` (left empty: not marked)."""
    meeting = _meeting_or_404(request, proceeding_id)

    def write():
        marks = {}
        for name, status in request.POST.items():
            if name.startswith("m") and name[1:].isdigit() and status:
                marks[_member(request, name[1:], "marks")] = status
        services.attendance_record(meeting=meeting, marks=marks, actor=request.user)
        return _("The attendance is saved.")

    return _post(request, write, _meeting_url(request, meeting.id))


@group_view(Access.MANAGE)
@require_POST
def proceeding_resolution_add(request, proceeding_id):
    meeting = _meeting_or_404(request, proceeding_id)

    def write():
        item = None
        if request.POST.get("item"):
            item = AgendaItem.objects.filter(meeting=meeting, id=_int(request.POST["item"], "item")).first()
        res = services.resolution_add(
            meeting=meeting,
            item=item,
            text=request.POST.get("text", ""),
            votes_for=_int(request.POST.get("votes_for"), "votes_for"),
            votes_against=_int(request.POST.get("votes_against"), "votes_against"),
            votes_abstain=_int(request.POST.get("votes_abstain"), "votes_abstain"),
            actor=request.user,
        )
        return _("Resolution recorded: %(ref)s") % {"ref": res.reference}

    return _post(request, write, _meeting_url(request, meeting.id))


@group_view(Access.MANAGE)
@require_POST
def proceeding_resolution_edit(request, proceeding_id, resolution_id):
    meeting = _meeting_or_404(request, proceeding_id)
    res = Resolution.objects.filter(meeting=meeting, id=resolution_id).first()
    if res is None:
        raise Http404

    def write():
        services.resolution_edit(
            resolution=res,
            text=request.POST.get("text", ""),
            votes_for=_int(request.POST.get("votes_for"), "votes_for"),
            votes_against=_int(request.POST.get("votes_against"), "votes_against"),
            votes_abstain=_int(request.POST.get("votes_abstain"), "votes_abstain"),
            actor=request.user,
        )
        return _("The resolution is corrected.")

    return _post(request, write, _meeting_url(request, meeting.id))


@group_view(Access.MANAGE)
@require_POST
def proceeding_approve(request, proceeding_id):
    meeting = _meeting_or_404(request, proceeding_id)

    def write():
        at = Meeting.objects.filter(group=request.group, id=_int(request.POST.get("at_meeting"), "at_meeting")).first()
        if at is None:
            raise SajjaError(_("Choose the meeting that approved the minutes."), field="at_meeting", code="at_meeting")
        services.minutes_approve(
            meeting=meeting,
            at_meeting=at,
            approved_by=_member(request, request.POST.get("approved_by"), "approved_by"),
            actor=request.user,
        )
        return _("The minutes are approved and locked.")

    return _post(request, write, _meeting_url(request, meeting.id))


@group_view(Access.READ)
def proceeding_pdf(request, proceeding_id):
    """The minutes as a printable PDF (Thai, Sarabun)."""
    meeting = _meeting_or_404(request, proceeding_id)
    context = {
        "group": request.group,
        "meeting": meeting,
        "quorum": selectors.quorum(meeting),
        "present": [a.member for a in meeting.attendance.all() if a.status == Attendance.Status.PRESENT],
        "excused": [a.member for a in meeting.attendance.all() if a.status == Attendance.Status.EXCUSED],
        "tasks": list(meeting.tasks.select_related("owner").order_by("due_on")),
    }
    return pdf_response("proceedings/minutes_pdf.html", context, f"minutes-{meeting.id}.pdf", request)


@group_view(Access.READ)
def resolution_list(request):
    """The resolutions register: every resolution with the reference other records cite."""
    return render(request, "proceedings/resolutions.html", {"resolutions": selectors.resolutions(request.group)[:500]})


# --- tasks, duties, workload ------------------------------------------------------------------


@group_view(Access.READ)
@require_http_methods(["GET", "POST"])
def task_list(request):
    back = reverse("proceedings_tasks", args=[request.group.id])
    if request.method == "POST":
        if request.access < Access.MANAGE:
            raise PermissionDenied

        def write():
            meeting = resolution = None
            if request.POST.get("meeting"):
                meeting = Meeting.objects.filter(
                    group=request.group, id=_int(request.POST["meeting"], "meeting")
                ).first()
            if request.POST.get("resolution"):
                resolution = Resolution.objects.filter(
                    group=request.group, id=_int(request.POST["resolution"], "resolution")
                ).first()
            services.task_create(
                group=request.group,
                title=request.POST.get("title", ""),
                owner=_member(request, request.POST.get("owner"), "owner"),
                due_on=parse_date_input(request.POST.get("due_on"), field="due_on"),
                meeting=meeting,
                resolution=resolution,
                actor=request.user,
            )
            where = _meeting_url(request, meeting.id) if meeting else back
            return _("The task is given."), where

        # a task given from a meeting's page goes back there, also when it is refused
        given_at = normalize_digits(str(request.POST.get("meeting", ""))).strip()
        if given_at.isdigit() and Meeting.objects.filter(group=request.group, id=int(given_at)).exists():
            back = _meeting_url(request, int(given_at))
        return _post(request, write, back)
    context = {
        "tasks": selectors.tasks(request.group.id)[:500],
        "today": today(),
        "can_manage": request.access >= Access.MANAGE,
        "members": list(Member.objects.filter(group=request.group, status=Member.Status.ACTIVE).order_by("number"))
        if request.access >= Access.MANAGE
        else [],
    }
    return render(request, "proceedings/tasks.html", context)


@group_view(Access.MANAGE)
@require_POST
def task_done(request, task_id):
    task = Task.objects.filter(group=request.group, id=task_id).first()
    if task is None:
        raise Http404
    back = reverse("proceedings_tasks", args=[request.group.id])
    if task.status == Task.Status.DONE:
        return _post(
            request, lambda: services.task_reopen(task=task, actor=request.user) and _("The task is open again."), back
        )
    return _post(request, lambda: services.task_done(task=task, actor=request.user) and _("The task is done."), back)


@group_view(Access.READ)
@require_http_methods(["GET", "POST"])
def duty_list(request):
    """Each position's duty list: the group's own, or the defaults until the committee edits them."""
    back = reverse("proceedings_duties", args=[request.group.id])
    if request.method == "POST":
        if request.access < Access.MANAGE:
            raise PermissionDenied
        if request.POST.get("seed"):  # copy the standard list of a position into the group's own, to edit

            def seed():
                position = services.position_check(request.POST.get("position", ""))
                services.duties_seed(group=request.group, positions=[position], actor=request.user)
                return _("The standard duties are copied; edit them below.")

            return _post(request, seed, back)
        return _post(
            request,
            lambda: (
                services.duty_add(
                    group=request.group,
                    position=request.POST.get("position", ""),
                    text=request.POST.get("text", ""),
                    actor=request.user,
                )
                and _("The duty is added.")
            ),
            back,
        )
    own = selectors.duties(request.group.id)
    lists = [
        {
            "position": p,
            "name": POSITION_NAMES.get(p, p),
            "duties": own.get(p),
            "defaults": [_(text) for text in duties.DEFAULT_DUTIES[p]],
        }
        for p in domain.ALL_POSITIONS
    ]
    return render(request, "proceedings/duties.html", {"lists": lists, "can_manage": request.access >= Access.MANAGE})


@group_view(Access.MANAGE)
@require_POST
def duty_edit(request, duty_id):
    duty = Duty.objects.filter(group=request.group, id=duty_id).first()
    if duty is None:
        raise Http404
    back = reverse("proceedings_duties", args=[request.group.id])
    if request.POST.get("delete"):
        return _post(
            request, lambda: services.duty_delete(duty=duty, actor=request.user) or _("The duty is removed."), back
        )
    return _post(
        request,
        lambda: (
            services.duty_edit(duty=duty, text=request.POST.get("text", ""), actor=request.user)
            and _("The duty is saved.")
        ),
        back,
    )


def _flag_names():
    return {
        "positions": _("too many positions"),
        "open_tasks": _("too many open tasks"),
        "overdue": _("overdue tasks"),
    }


@group_view(Access.READ)
def workload(request):
    """Everyone with a seat or an open task: positions, duties, tasks, meetings in the next 30 days;
    the overloaded (by the bylaws' thresholds) first."""
    day = today()
    rows = selectors.workload(request.group.id, day)
    rows.sort(key=lambda w: (not w.overloaded, w.member.number))
    context = {
        "rows": rows,
        "limits": selectors.thresholds(request.group.id, day),
        "positions": POSITION_NAMES,
        "flags": _flag_names(),
        "today": day,
        "window": selectors.WINDOW_DAYS,
    }
    return render(request, "proceedings/workload.html", context)


@group_view(Access.SELF)
def member_workload(request, member_id):
    """One person's workload: their own (a member), or anyone's for the committees."""
    own = grants_for(request.user).member_ids.get(request.group.id)
    if request.access < Access.READ and own != member_id:
        raise Http404
    member = Member.objects.filter(group=request.group, id=member_id).first()
    if member is None:
        raise Http404
    day = today()
    row = selectors.workload(request.group.id, day, member_ids=[member.id])[0]
    context = {
        "row": row,
        "limits": selectors.thresholds(request.group.id, day),
        "positions": POSITION_NAMES,
        "flags": _flag_names(),
        "today": day,
        "window": selectors.WINDOW_DAYS,
    }
    return render(request, "proceedings/member_workload.html", context)
