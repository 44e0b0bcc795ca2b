"""Meeting day pages under ``/g/<group_id>/meetings/``.

- The list of meetings and "open the meeting" (date from the group's meeting day, the cash box
  counted by note and coin).
- The meeting page: the opening count, attendance (present / by a representative / absent, one
  tap each), the loan pay-outs approved for today, the closing count against what the books
  expect, the difference explained, banking the surplus, and the two signatures that lock it.
- The collection sheet: every active member with what is expected today, prefilled. A member who
  pays exactly that costs one keystroke (``static/meetings/sheet.js``: Enter posts the row and
  moves to the next); any other amount is typed in place. Each row posts on its own
  (``meeting_row_post``) with an idempotency key, so a double press or a resend posts once.

Thin: tenancy through ``group_view`` — the committee (``Access.MANAGE``) runs the meeting, the
other committees and the officer (``READ``) see the pages without their forms, a member
(``SELF``) sees the list of meetings (the summary read out at the meeting is the paper pages').
Figures come from ``selectors``; every write is a ``services`` call; a refusal (``SajjaError``)
is shown by its field with nothing written. A row posted by the script gets JSON back (the row
and the totals as HTML, or the refusal in Thai and English); without the script the same URL
answers a plain form post with a redirect or the page with the message in the row.
"""

from django.contrib import messages
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from sajja.core import submits
from sajja.core.errors import SajjaError
from sajja.core.money import format_baht
from sajja.core.tenancy import Access, group_view, today
from sajja.core.thai import normalize_digits
from sajja.loans.models import Loan, LoanRequest
from sajja.members.forms import add_errors
from sajja.members.models import Member
from sajja.savings.forms import baht_input

from . import domain, selectors, services
from .forms import (
    KIND_LABELS,
    KINDS,
    AttendanceForm,
    BankForm,
    CloseCountForm,
    CorrectionForm,
    DifferenceForm,
    OpenForm,
    PayoutForm,
    RowForm,
    SignForm,
    denomination_label,
    row_key,
)
from .models import Attendance, Meeting, MeetingEntry

# --- finding things ---------------------------------------------------------------------------


def _meeting_or_404(request, meeting_id) -> Meeting:
    found = Meeting.objects.filter(group=request.group, id=meeting_id).first()
    if found is None:
        raise Http404
    found.group = request.group
    return _labelled(found)


def _member_or_404(request, member_id) -> Member:
    """A member of the group (any status: the service refuses one who left, with its message)."""
    found = Member.objects.filter(group=request.group, id=member_id).first()
    if found is None:
        raise Http404
    found.group = request.group
    return found


# The meeting's state in words of this page ("open" alone is already a loan's state in Thai).
MEETING_STATUS = {
    Meeting.Status.OPEN: gettext_lazy("meeting in progress"),
    Meeting.Status.COUNTED: gettext_lazy("cash counted"),
    Meeting.Status.SIGNED: gettext_lazy("signed and locked"),
}


def _labelled(meeting: Meeting) -> Meeting:
    meeting.status_label = MEETING_STATUS.get(meeting.status, meeting.get_status_display())
    return meeting


def _can_run(request, meeting: Meeting) -> bool:
    return request.access >= Access.MANAGE and not meeting.locked


def _paper_url(name: str, *args) -> str:
    """A link to the meeting's paper (receipts, summary) when those pages are installed."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


def _wants_json(request) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def _count_error(form, error: SajjaError) -> None:
    """A refusal of a cash count: on the denomination's field when the service names it."""
    field = error.field if error.field and error.field in form.fields else None
    if field is None and error.field and f"count_{error.field}" in form.fields:
        field = f"count_{error.field}"
    form.add_error(field, str(error))


# --- the list, and opening a meeting ----------------------------------------------------------


def _list_context(request, open_form) -> dict:
    group = request.group
    rows = [_labelled(m) for m in selectors.meetings(group)[:60]]
    return {
        "meetings": rows,
        "next_date": selectors.next_meeting_date(group),
        "current": selectors.current_meeting(group),
        "open_form": open_form,
        "can_manage": request.access >= Access.MANAGE,
        "today": today(),
        "summary_links": {m.id: _paper_url("meeting_summary", group.id, m.id) for m in rows},
    }


@group_view(Access.SELF)
def meeting_list(request):
    """The group's meetings, newest first; the committee opens the next one from here (its date
    from the group's meeting day, the cash box counted by note and coin)."""
    next_date = selectors.next_meeting_date(request.group)
    open_form = None
    if request.access >= Access.MANAGE and selectors.meeting_for(request.group, next_date) is None:
        open_form = OpenForm(initial={"date": next_date})
    return render(request, "meetings/list.html", _list_context(request, open_form))


@group_view(Access.MANAGE)
@require_POST
def meeting_open(request):
    form = OpenForm(request.POST)
    key = request.POST.get("key", "").strip()
    if earlier := submits.done_url(request, key):
        messages.info(request, submits.already_message())
        return redirect(earlier)
    if form.is_valid():
        try:
            counts = domain.count_total(form.counts())
            meeting = services.meeting_open(
                group=request.group,
                date=form.cleaned_data["date"],
                opening_cash=domain.cash_of(counts),
                opening_counts={str(k): v for k, v in counts.items() if v},
                actor=request.user,
            )
        except SajjaError as error:
            add_errors(form, error)
        except domain.CountProblem:
            form.add_error(None, _("Type how many notes or coins: a whole number, 0 or more."))
        else:
            done = reverse("meeting_detail", args=[request.group.id, meeting.id])
            submits.remember(request, key, done)
            messages.success(request, _("The meeting is open."))
            return redirect(done)
    return render(request, "meetings/list.html", _list_context(request, form), status=400)


# --- the meeting page -------------------------------------------------------------------------


def _denominations(counts: dict) -> list[dict]:
    """A stored count ({"100000": 3, …}) as lines to show: note or coin, pieces, money."""
    lines = []
    for satang in domain.DENOMINATIONS:
        pieces = int((counts or {}).get(str(satang), 0) or 0)
        if pieces:
            lines.append({"label": denomination_label(satang), "pieces": pieces, "amount": satang * pieces})
    return lines


def _meeting_context(request, meeting: Meeting, *, bind=None, form=None) -> dict:
    """The meeting page: the cash book of the day, attendance, pay-outs, the closing count, the
    difference, banking and the signatures, with the forms the user may use now (``bind(form,
    forms)`` puts a form sent back with its errors in place of a fresh one)."""
    group = request.group
    _labelled(meeting)
    sheet = selectors.sheet(meeting)
    summary = selectors.summary(meeting)
    can_run = _can_run(request, meeting)
    signed = {"treasurer": meeting.treasurer_signed_by, "checker": meeting.checker_signed_by}
    counted = meeting.closing_cash is not None
    difference = summary.difference or 0
    unexplained = difference - summary.explained if counted else 0
    banked = summary.banked
    forms = {
        "close_form": CloseCountForm(initial={f"count_{k}": v for k, v in (meeting.closing_counts or {}).items()})
        if can_run and not meeting.difference_entry_id
        else None,
        "difference_form": DifferenceForm() if can_run and counted and unexplained else None,
        "bank_form": BankForm() if can_run and counted and meeting.closing_cash - banked > 0 else None,
        "payout_forms": {r.id: PayoutForm() for r in sheet.payouts_waiting} if can_run else {},
        "sign_form": SignForm() if can_run and counted and meeting.treasurer_signed_by_id != request.user.id else None,
    }
    if bind is not None:
        bind(form, forms)
    payouts = [{"request": r, "form": forms["payout_forms"].get(r.id)} for r in sheet.payouts_waiting]
    return {
        "meeting": meeting,
        "sheet": sheet,
        "summary": summary,
        "expected_cash": summary.expected_cash,
        "counted": counted,
        "difference": difference,
        "unexplained": unexplained,
        "banked": banked,
        "can_run": can_run,
        "signed": signed,
        "payouts": payouts,
        "opening_lines": _denominations(meeting.opening_counts),
        "closing_lines": _denominations(meeting.closing_counts),
        "attendance_rows": [_attendance_row(row) for row in sheet.rows],
        "attendance_counts": summary.attendance,
        "paper": {
            "summary": _paper_url("meeting_summary", group.id, meeting.id),
            "summary_pdf": _paper_url("meeting_summary_pdf", group.id, meeting.id),
            "receipts_pdf": _paper_url("meeting_receipts_pdf", group.id, meeting.id),
            "passbook_lines": _paper_url("meeting_passbook_lines", group.id, meeting.id),
        },
        **forms,
    }


STATUS_LABELS = dict(Attendance.Status.choices)


def _attendance_row(row) -> dict:
    status = row.attendance or ""
    return {
        "member": row.member,
        "status": status,
        "status_label": STATUS_LABELS.get(status, ""),
        "representative": row.representative,
    }


@group_view(Access.READ)
def meeting_detail(request, meeting_id):
    meeting = _meeting_or_404(request, meeting_id)
    return render(request, "meetings/meeting.html", _meeting_context(request, meeting))


def _meeting_post(request, meeting_id, form_class, *, form_name: str, write, success, bind=None):
    """A write form of the meeting page. ``write(meeting, form)`` calls the service; a refusal
    shows the page again with the form bound and its message (``bind(form, forms)`` puts it among
    the page's forms when it is not simply ``forms[form_name]``)."""
    meeting = _meeting_or_404(request, meeting_id)
    form = form_class(request.POST)
    key = request.POST.get("key", "").strip()
    back = reverse("meeting_detail", args=[request.group.id, meeting.id])
    if earlier := submits.done_url(request, key):
        messages.info(request, submits.already_message())
        return redirect(earlier)
    if form.is_valid():
        try:
            write(meeting, form)
        except SajjaError as error:
            (_count_error if isinstance(form, CloseCountForm) else add_errors)(form, error)
        except domain.CountProblem:
            form.add_error(None, _("Type how many notes or coins: a whole number, 0 or more."))
        else:
            submits.remember(request, key, back)
            messages.success(request, success)
            return redirect(back)
    meeting.refresh_from_db()
    context = _meeting_context(
        request, meeting, bind=bind or (lambda f, forms: forms.update({form_name: f})), form=form
    )
    return render(request, "meetings/meeting.html", context, status=400)


@group_view(Access.MANAGE)
@require_POST
def meeting_count(request, meeting_id):
    """The closing cash count by note and coin."""

    def write(meeting, form):
        services.cash_count(meeting=meeting, counts=form.counts(), actor=request.user)

    return _meeting_post(
        request,
        meeting_id,
        CloseCountForm,
        form_name="close_form",
        write=write,
        success=_("The cash count is recorded."),
    )


@group_view(Access.MANAGE)
@require_POST
def meeting_difference(request, meeting_id):
    """The difference between the count and the books, explained and posted (shortage or overage)."""

    def write(meeting, form):
        services.cash_difference_post(
            meeting=meeting, reason=form.cleaned_data["reason"], key=form.cleaned_data["key"], actor=request.user
        )

    return _meeting_post(
        request,
        meeting_id,
        DifferenceForm,
        form_name="difference_form",
        write=write,
        success=_("The difference is recorded in the books with its reason."),
    )


@group_view(Access.MANAGE)
@require_POST
def meeting_bank(request, meeting_id):
    """Cash taken to the bank after the count."""

    def write(meeting, form):
        services.cash_bank(
            meeting=meeting, amount=form.cleaned_data["amount"], key=form.cleaned_data["key"], actor=request.user
        )

    return _meeting_post(
        request, meeting_id, BankForm, form_name="bank_form", write=write, success=_("The cash banked is recorded.")
    )


# --- postings and their corrections ---------------------------------------------------------------


KIND_NAMES = dict(MeetingEntry.Kind.choices)


def _postings_context(request, meeting: Meeting, *, search: str, bound=None) -> dict:
    """The meeting's postings (latest first, or one member's), each with a correction form for the
    committee where it can be undone (``bound``: (entry id, form) sent back with its errors)."""
    links = selectors.postings(meeting, search)
    manage = request.access >= Access.MANAGE
    rows = []
    for link in links:
        form = None
        if manage and not link.reversed and link.kind in selectors.REVERSIBLE_KINDS:
            form = bound[1] if bound and bound[0] == link.entry_id else CorrectionForm()
        rows.append({"link": link, "kind": KIND_NAMES.get(link.kind, link.kind), "form": form})
    return {"meeting": meeting, "rows": rows, "search": search, "manage": manage}


@group_view(Access.READ)
def meeting_postings(request, meeting_id):
    """Every posting of the meeting with what it was and for whom, and (for the committee) the
    correction that undoes one typed by mistake: a reversing entry with its reason."""
    meeting = _meeting_or_404(request, meeting_id)
    search = normalize_digits(request.GET.get("q", ""))
    return render(request, "meetings/postings.html", _postings_context(request, meeting, search=search))


@group_view(Access.MANAGE)
@require_POST
def meeting_entry_reverse(request, meeting_id, entry_id):
    """Undo one posting of the meeting (``services.meeting_entry_reverse``); back to the list."""
    meeting = _meeting_or_404(request, meeting_id)
    search = normalize_digits(request.POST.get("q", ""))
    back = reverse("meeting_postings", args=[request.group.id, meeting.id]) + (
        f"?{urlencode({'q': search})}" if search else ""
    )
    form = CorrectionForm(request.POST)
    key = request.POST.get("key", "").strip()
    if earlier := submits.done_url(request, key):
        messages.info(request, submits.already_message())
        return redirect(earlier)
    link = MeetingEntry.objects.filter(meeting=meeting, entry_id=entry_id).select_related("entry").first()
    if link is None:
        raise Http404
    if form.is_valid():
        try:
            services.meeting_entry_reverse(
                meeting=meeting,
                entry=link.entry,
                date=form.cleaned_data["date"] or today(),
                reason=form.cleaned_data["reason"],
                actor=request.user,
            )
        except SajjaError as error:
            add_errors(form, error)
        else:
            submits.remember(request, key, back)
            messages.success(request, _("The posting is undone by a reversing entry with its reason."))
            return redirect(back)
    context = _postings_context(request, meeting, search=search, bound=(link.entry_id, form))
    return render(request, "meetings/postings.html", context, status=400)


@group_view(Access.MANAGE)
@require_POST
def meeting_sign(request, meeting_id):
    """A signature: first the treasurer's, then a second committee member's (another person), which
    locks the meeting."""

    def write(meeting, form):
        signed = services.meeting_sign(meeting=meeting, actor=request.user)
        if signed.locked:
            messages.info(request, _("Both have signed: the meeting is locked. Only reversals from now on."))

    return _meeting_post(
        request, meeting_id, SignForm, form_name="sign_form", write=write, success=_("Your signature is recorded.")
    )


@group_view(Access.MANAGE)
@require_POST
def meeting_payout(request, meeting_id, request_id):
    """Pay out a loan approved for today, in the meeting's books."""
    loan_request = LoanRequest.objects.filter(group=request.group, id=request_id).select_related("member").first()
    if loan_request is None:
        raise Http404

    def write(meeting, form):
        services.payout_post(
            meeting=meeting,
            request=loan_request,
            method=form.cleaned_data["method"],
            key=form.cleaned_data["key"] or f"meeting-{meeting.id}-payout-{loan_request.id}",
            actor=request.user,
        )

    def bind(form, forms):
        forms["payout_forms"] = {**forms["payout_forms"], loan_request.id: form}

    return _meeting_post(
        request,
        meeting_id,
        PayoutForm,
        form_name="payout_forms",
        write=write,
        bind=bind,
        success=_("The loan is paid out to %(name)s.") % {"name": loan_request.member.full_name},
    )


@group_view(Access.MANAGE)
@require_POST
def meeting_attendance(request, meeting_id, member_id):
    """One member's attendance, one tap (htmx swaps the member's line; without it, the page)."""
    meeting = _meeting_or_404(request, meeting_id)
    member = _member_or_404(request, member_id)
    form = AttendanceForm(request.POST)
    error = None
    if form.is_valid():
        try:
            services.attendance_record(
                meeting=meeting,
                member=member,
                status=form.cleaned_data["status"],
                representative=form.cleaned_data["representative"].strip(),
                actor=request.user,
            )
        except SajjaError as refusal:
            error = str(refusal)
    else:
        error = _("Choose present, by a representative or absent.")
    saved = Attendance.objects.filter(meeting=meeting, member=member).first()
    row = {
        "member": member,
        "status": saved.status if saved else "",
        "status_label": STATUS_LABELS.get(saved.status, "") if saved else "",
        "representative": saved.representative if saved else form.data.get("representative", ""),
        "error": error,
    }
    if request.headers.get("HX-Request"):
        html = render_to_string(
            "meetings/_attendance_row.html", {"a": row, "meeting": meeting, "can_run": True}, request=request
        )
        return _html(html, 400 if error else 200)
    if error:
        messages.error(request, f"{member.number} {member.full_name}: {error}")
    return redirect(reverse("meeting_detail", args=[request.group.id, meeting.id]) + f"#att-{member.id}")


def _html(html: str, status: int) -> HttpResponse:
    """An htmx answer. htmx swaps only 2xx answers, so a refusal is sent as 200 with the line and
    its message (the ``X-Sajja-Refused`` header says it was refused)."""
    response = HttpResponse(html)
    if status >= 400:
        response["X-Sajja-Refused"] = "1"
    return response


# --- the collection sheet ---------------------------------------------------------------------


def _loan_choices(row) -> list[dict]:
    return [{"id": sl.loan.id, "number": sl.loan.number, "expected": sl.expected} for sl in row.loans]


def _row_view(meeting: Meeting, row, *, can_run: bool, bound: dict | None = None, again: bool = False) -> dict:
    """A sheet row for the template: the member, what is expected (prefilled in the fields), what
    is posted, and whether it is still to be done (a form) or done (a line)."""
    expected = {
        "pledge": row.pledge_due,
        "instalment": row.instalment_due,
        "fines": row.fines_due,
        "deposit": row.deposit_suggested,
    }
    handled = bool(row.rows)
    show_form = can_run and (not handled or again or bound is not None) and row.member.status == Member.Status.ACTIVE
    values = {kind: _baht_field(expected[kind]) for kind in KINDS}
    if bound:
        values.update(bound.get("values", {}))
    instalment_hint = ""
    if row.loans:
        interest = sum(sl.interest for sl in row.loans)
        principal = sum(sl.principal for sl in row.loans)
        instalment_hint = {"principal": principal, "interest": interest, "fines": row.loan_fines_due}
    cells = [
        {
            "kind": kind,
            "label": KIND_LABELS[kind],
            "value": values[kind],
            "expected": expected[kind],
            "posted": row.posted.get(kind, 0),
        }
        for kind in KINDS
    ]
    return {
        "member": row.member,
        "cells": cells,
        "expected": expected,
        "expected_total": sum(expected.values()),
        "posted": row.posted,
        "posted_total": sum(row.posted.get(kind, 0) for kind in KINDS),
        "handled": handled,
        "form": show_form,
        "values": values,
        "key": (bound or {}).get("key") or row_key(meeting.id, row.member.id),
        "version": row.version,
        "error": (bound or {}).get("error"),
        "error_field": (bound or {}).get("field") or "",
        "loans": _loan_choices(row) if len(row.loans) > 1 else [],
        "chosen_loan": (bound or {}).get("loan"),
        "instalment_hint": instalment_hint,
        "attendance": row.attendance,
        "status": row.status,
        "due": sum(expected.values()) > 0,
    }


def _baht_field(satang: int) -> str:
    """Satang as typed into an amount field ("1500.00"), empty for nothing."""
    return baht_input(satang) if satang else ""


def _totals(sheet) -> list[dict]:
    return [
        {
            "kind": kind,
            "label": KIND_LABELS[kind],
            "posted": sheet.posted.get(kind, 0),
            "expected": sheet.expected.get(kind, 0),
        }
        for kind in KINDS
    ]


def _sheet_context(request, meeting: Meeting, *, bound: dict | None = None, again: int | None = None) -> dict:
    sheet = selectors.sheet(meeting)
    can_run = _can_run(request, meeting)
    bound = bound or {}
    rows = [
        _row_view(meeting, row, can_run=can_run, bound=bound.get(row.member.id), again=row.member.id == again)
        for row in sheet.rows
    ]
    return {
        "meeting": meeting,
        "sheet": sheet,
        "rows": rows,
        "totals": _totals(sheet),
        "posted_total": sum(sheet.posted.get(kind, 0) for kind in KINDS),
        "payout_total": sheet.posted.get("payout", 0),
        "can_run": can_run,
        "kinds": [(kind, KIND_LABELS[kind]) for kind in KINDS],
        "left": sum(1 for r in rows if r["form"] and r["due"]),
    }


@group_view(Access.READ)
def meeting_sheet(request, meeting_id):
    meeting = _meeting_or_404(request, meeting_id)
    again = request.GET.get("again", "")
    context = _sheet_context(request, meeting, again=int(again) if again.isdigit() else None)
    return render(request, "meetings/sheet.html", context)


def _posted_message(member: Member, total: int, duplicate: bool) -> str:
    if duplicate:
        return _("%(number)s %(name)s: this was already recorded; it has not been recorded twice.") % {
            "number": member.number,
            "name": member.full_name,
        }
    return _("%(number)s %(name)s: %(amount)s received.") % {
        "number": member.number,
        "name": member.full_name,
        "amount": format_baht(total),
    }


@group_view(Access.MANAGE)
@require_POST
def meeting_row_post(request, meeting_id, member_id):
    """Post one row of the sheet: the amounts by kind under the client's key. The script gets JSON
    (the posted row and the totals as HTML, or the refusal); a plain form post is redirected back
    to the row, or shown the sheet again with the message in the row and what was typed kept."""
    meeting = _meeting_or_404(request, meeting_id)
    member = _member_or_404(request, member_id)
    form = RowForm(request.POST, meeting_id=meeting.id, member_id=member.id)
    error = None
    result = None
    if form.is_valid():
        data = form.cleaned_data
        loan = None
        if data.get("loan"):
            loan = Loan.objects.filter(group=request.group, member=member, id=data["loan"]).first()
            if loan is None:
                error = SajjaError(_("This loan is not one of this member's."), field="loan", code="foreign_loan")
        if error is None:
            try:
                result = services.row_post(
                    meeting=meeting,
                    member=member,
                    **form.amounts(),
                    loan=loan,
                    key=data["key"],
                    version=data.get("version"),
                    actor=request.user,
                )
            except SajjaError as refusal:
                error = refusal
    else:
        error = form.first_error()
    if result is not None:
        message = _posted_message(member, result.row.total, result.duplicate)
        if _wants_json(request):
            meeting.refresh_from_db()
            context = _sheet_context(request, meeting)
            row = next((r for r in context["rows"] if r["member"].id == member.id), None)
            return JsonResponse(
                {
                    "ok": True,
                    "duplicate": result.duplicate,
                    "message": message,
                    "row_html": render_to_string("meetings/_sheet_row.html", {**context, "r": row}, request=request),
                    "totals_html": render_to_string("meetings/_sheet_totals.html", context, request=request),
                }
            )
        (messages.info if result.duplicate else messages.success)(request, message)
        return redirect(reverse("meeting_sheet", args=[request.group.id, meeting.id]) + f"#row-{member.id}")
    if _wants_json(request):
        return JsonResponse({"ok": False, "error": error.as_dict()}, status=400)
    bound = {
        member.id: {
            "values": {kind: request.POST.get(kind, "") for kind in KINDS},
            "key": form.cleaned_data.get("key") if hasattr(form, "cleaned_data") else "",
            "error": str(error),
            "field": error.field or "",
            "loan": request.POST.get("loan", ""),
        }
    }
    context = _sheet_context(request, meeting, bound=bound)
    return render(request, "meetings/sheet.html", context, status=400)
