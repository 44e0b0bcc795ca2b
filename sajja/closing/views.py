"""Year end pages: the list of fiscal years (and a member's own dividends), and the year-end page —
checklist, profit with its parts, the allocation plan with percentages and amounts, the approval
with the general meeting's resolution, posting, closing, the member shares with pay buttons, and
the reconciliation.

Thin: tenancy through ``group_view`` (the managing committee acts, the other committees and the
officer read, a member sees their own shares only); every write is a ``services`` call; a refusal
comes back as a message on the year page, nothing written. Every form carries a hidden key
(``core.submits``): a second post of the same form goes where the first went, and a payment's key
is also the ledger's idempotency key.
"""

import uuid

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sajja.core import submits
from sajja.core.errors import SajjaError, ValidationErrors
from sajja.core.fields import parse_date_input, parse_text
from sajja.core.tenancy import Access, grants_for, group_view, today
from sajja.ledger.services import AlreadyPosted
from sajja.members.models import Member

from . import selectors, services
from .models import FiscalYear, MemberShare
from .settings import BASIS_CHOICES, LEAVER_CHOICES, ROUNDING_CHOICES


def _year_or_404(request, fiscal_year_id) -> FiscalYear:
    try:
        return FiscalYear.objects.select_related("group").get(group=request.group, id=fiscal_year_id)
    except FiscalYear.DoesNotExist:
        raise Http404 from None


def _own_member(request) -> Member | None:
    member_id = grants_for(request.user).member_ids.get(request.group.id)
    return Member.objects.filter(group=request.group, id=member_id).first() if member_id else None


@group_view(Access.SELF)
def closing_home(request):
    """The fiscal years with their status; a member sees their own dividends and rebates."""
    start, end = selectors.fiscal_year_bounds(request.group, today())
    member = _own_member(request)
    return render(
        request,
        "closing/home.html",
        {
            "years": selectors.fiscal_years(request.group) if request.access >= Access.READ else [],
            "current": (start, end),
            "own": selectors.own_shares(request.group, member) if member else [],
            "can_manage": request.access >= Access.MANAGE,
            "key": uuid.uuid4().hex,
        },
    )


@group_view(Access.READ)
def closing_year(request, fiscal_year_id):
    """The year-end page."""
    year = _year_or_404(request, fiscal_year_id)
    plan = selectors.plan_of(year)
    checklist = selectors.checklist(year)
    context = {
        "year": year,
        "checklist": checklist,
        "ready": all(c.ok for c in checklist),
        "statement": selectors.income_statement(year),
        "plan": plan,
        "lines": selectors.plan_lines(plan) if plan else [],
        "shares": selectors.shares(plan) if plan else [],
        "recon": selectors.reconciliation(plan) if plan else None,
        "basis_label": dict(BASIS_CHOICES).get(plan.basis) if plan else "",
        "rounding_label": dict(ROUNDING_CHOICES).get(plan.rounding) if plan else "",
        "leavers_label": dict(LEAVER_CHOICES).get(plan.leavers) if plan else "",
        "can_manage": request.access >= Access.MANAGE,
        "key": uuid.uuid4().hex,
        "today": today(),
    }
    return render(request, "closing/year.html", context)


def _act(request, year_url: str, write):
    """Run ``write()`` for a posted form once: a key seen before goes back to the year page; a
    refusal becomes an error message, nothing written."""
    key = request.POST.get("key", "").strip()
    if submits.done_url(request, key):
        messages.info(request, submits.already_message())
        return redirect(year_url)
    try:
        message = write(key)
    except AlreadyPosted:
        messages.info(request, submits.already_message())
    except ValidationErrors as error:
        for problems in error.errors.values():
            for problem in problems:
                messages.error(request, str(problem))
    except SajjaError as error:
        messages.error(request, str(error))
    else:
        submits.remember(request, key, year_url)
        messages.success(request, message)
    return redirect(year_url)


def _year_url(year: FiscalYear) -> str:
    return reverse("closing_year", args=[year.group_id, year.id])


@group_view(Access.MANAGE)
@require_POST
def closing_year_open(request):
    try:
        day = parse_date_input(request.POST.get("date") or today().isoformat(), field="date")
        year = services.fiscal_year_open(group=request.group, day=day, actor=request.user)
    except SajjaError as error:
        messages.error(request, str(error))
        return redirect("closing_home", request.group.id)
    return redirect(_year_url(year))


@group_view(Access.MANAGE)
@require_POST
def closing_plan_make(request, fiscal_year_id):
    year = _year_or_404(request, fiscal_year_id)

    def write(_key):
        services.plan_make(fiscal_year=year, actor=request.user)
        return _("The allocation plan is made. Have the general meeting approve it.")

    return _act(request, _year_url(year), write)


def _votes(value, field: str) -> int:
    from sajja.core.fields import parse_positive_int

    text = str(value or "").strip()
    return (
        0
        if text in ("0", "๐", "") and field != "votes_for"
        else parse_positive_int(value, field=field, maximum=100_000)
    )


@group_view(Access.MANAGE)
@require_POST
def closing_plan_approve(request, fiscal_year_id):
    year = _year_or_404(request, fiscal_year_id)
    plan = selectors.plan_of(year)
    if plan is None:
        raise Http404
    post = request.POST

    def write(_key):
        services.plan_approve(
            plan=plan,
            meeting_date=parse_date_input(post.get("meeting_date"), field="meeting_date"),
            resolution_ref=parse_text(post.get("resolution_ref"), field="resolution_ref", max_length=200),
            resolution_text=parse_text(
                post.get("resolution_text"), field="resolution_text", required=False, max_length=2000
            ),
            votes_for=_votes(post.get("votes_for"), "votes_for"),
            votes_against=_votes(post.get("votes_against"), "votes_against"),
            votes_abstain=_votes(post.get("votes_abstain"), "votes_abstain"),
            actor=request.user,
        )
        return _("The general meeting's approval is recorded.")

    return _act(request, _year_url(year), write)


@group_view(Access.MANAGE)
@require_POST
def closing_plan_post(request, fiscal_year_id):
    year = _year_or_404(request, fiscal_year_id)
    plan = selectors.plan_of(year)
    if plan is None:
        raise Http404

    def write(_key):
        services.plan_post(plan=plan, actor=request.user)
        return _("The allocation is posted to the books.")

    return _act(request, _year_url(year), write)


@group_view(Access.MANAGE)
@require_POST
def closing_year_close(request, fiscal_year_id):
    year = _year_or_404(request, fiscal_year_id)

    def write(_key):
        services.year_close(fiscal_year=year, actor=request.user)
        return _("The year is closed: nothing more can be posted into it.")

    return _act(request, _year_url(year), write)


@group_view(Access.MANAGE)
@require_POST
def closing_share_pay(request, share_id):
    try:
        share = MemberShare.objects.select_related("plan__fiscal_year", "member").get(group=request.group, id=share_id)
    except MemberShare.DoesNotExist:
        raise Http404 from None
    year = share.plan.fiscal_year

    def write(key):
        day = request.POST.get("date")
        services.dividend_pay(
            share=share,
            method=request.POST.get("method", ""),
            date=parse_date_input(day, field="date") if day else None,
            key=f"closing-pay:{key}" if key else "",
            actor=request.user,
        )
        return _("Paid: %(name)s.") % {"name": share.member.full_name}

    return _act(request, _year_url(year) + "#shares", write)
