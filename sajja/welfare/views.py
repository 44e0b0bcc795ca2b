"""Pages of funds, welfare and the annual report.

Thin: tenancy through ``group_view``; figures from ``selectors``/``report``; every write a
``services`` call. A member who is only a member (``Access.SELF``) sees the funds' totals, the
rules, and their own claims (another member's claim is 404, as elsewhere); the committees see every
claim and each fund's movements; the managing committee enters, decides and pays claims and records
receipts into a fund. Every write form carries a hidden key (``core.submits``): a second post of the
same form goes where the first went; payments also refuse a reused key in the ledger.

The annual report is for members and the public (``Access.SUMMARY``: it has figures, no member
records); the dividend slips are personal: a member opens their own, the committees all of them.
"""

import datetime as dt

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from sajja.core import submits
from sajja.core.errors import SajjaError
from sajja.core.pdf import pdf_response
from sajja.core.tenancy import Access, grants_for, group_view, today
from sajja.ledger.selectors import fiscal_year_start
from sajja.members.models import Member

from . import report, selectors, services
from .forms import ClaimForm, DecideForm, PayForm, ReceiveForm
from .models import FUND_ROLES, WelfareClaim


def _own_member_id(request) -> int | None:
    return grants_for(request.user).member_ids.get(request.group.id)


def _claim_or_404(request, claim_id) -> WelfareClaim:
    claim = selectors.claims(request.group.id).select_related("member", "group").filter(id=claim_id).first()
    if claim is None or (request.access < Access.READ and claim.member_id != _own_member_id(request)):
        raise Http404
    return claim


_post = submits.form_post_once


def _year_bounds(request) -> tuple[dt.date, dt.date, int]:
    """The fiscal year asked for by ``?year=`` (C.E. or B.E.), default the current one."""
    number = fiscal_year_start(request.group, today()).year
    if raw := request.GET.get("year", "").strip():
        try:
            number = report.parse_report_year(raw)
        except SajjaError as error:
            messages.error(request, str(error))
    year = report.fiscal_year(request.group, number)
    return year.start, year.end, number


# --- welfare home, claims -------------------------------------------------------------------------


@group_view(Access.SELF)
def welfare_home(request):
    """The funds this fiscal year, the benefit rules in force, and the claims (a member: their own)."""
    since, through, year = _year_bounds(request)
    own = None if request.access >= Access.READ else [_own_member_id(request)]
    claims = list(selectors.claims(request.group.id, member_ids=own)[:200])
    context = {
        "funds": selectors.funds(request.group.id, since=since, through=through),
        "rules": selectors.rules_in_force(request.group.id, today()),
        "claims": claims,
        "since": since,
        "through": through,
        "year": year,
        "can_manage": request.access >= Access.MANAGE,
        "can_read": request.access >= Access.READ,
    }
    return render(request, "welfare/home.html", context)


def _claim_members(group):
    return Member.objects.filter(group=group, status__in=[Member.Status.ACTIVE, Member.Status.DECEASED]).order_by(
        "number"
    )


@group_view(Access.MANAGE)
@require_http_methods(["GET", "POST"])
def claim_new(request):
    """Enter a member's claim (checked against the rules in force on the event date)."""
    members = list(_claim_members(request.group))
    form = ClaimForm(request.POST or None, members=members)

    def page(form):
        return render(request, "welfare/claim_form.html", {"form": form})

    if request.method == "GET":
        return page(form)

    def write(data):
        member = next((m for m in members if m.id == data["member"]), None)
        if member is None:
            raise SajjaError(_("Choose the member."), field="member", code="member")
        claim = services.claim_create(
            group=request.group,
            member=member,
            benefit=data["benefit"],
            event_date=data["event_date"],
            nights=data.get("nights"),
            beneficiary=data.get("beneficiary") or "",
            note=data.get("note") or "",
            amount=data.get("amount"),
            actor=request.user,
        )
        return _("The claim is recorded, waiting for another committee member to approve it."), reverse(
            "welfare_claim", args=[request.group.id, claim.id]
        )

    return _post(request, form, write=write, page=page, back=reverse("welfare_home", args=[request.group.id]))


def _claim_page(request, claim, *, decide_form=None, pay_form=None, status=200):
    can_manage = request.access >= Access.MANAGE
    if can_manage and claim.status == WelfareClaim.Status.PENDING and claim.created_by_id != request.user.id:
        decide_form = decide_form or DecideForm()
    if can_manage and claim.status == WelfareClaim.Status.APPROVED:
        pay_form = pay_form or PayForm()
    context = {
        "claim": claim,
        "decide_form": decide_form,
        "pay_form": pay_form,
        "maker_waits": can_manage and claim.status == "pending" and claim.created_by_id == request.user.id,
        "fund_balance": selectors.fund_balance(request.group.id, "welfare_fund") if can_manage else None,
    }
    return render(request, "welfare/claim_detail.html", context, status=status)


@group_view(Access.SELF)
def claim_detail(request, claim_id):
    return _claim_page(request, _claim_or_404(request, claim_id))


@group_view(Access.MANAGE)
@require_POST
def claim_decide(request, claim_id):
    """Approve (``action=approve``) or reject with a reason (``action=reject``)."""
    claim = _claim_or_404(request, claim_id)
    form = DecideForm(request.POST)
    back = reverse("welfare_claim", args=[request.group.id, claim.id])

    def write(data):
        if request.POST.get("action") == "reject":
            services.claim_reject(claim=claim, reason=data.get("reason") or "", actor=request.user)
            return _("The claim is rejected."), back
        services.claim_approve(claim=claim, actor=request.user)
        return _("The claim is approved."), back

    return _post(request, form, write=write, page=lambda f: _claim_page(request, claim, decide_form=f, status=400),
                 back=back)  # fmt: skip


@group_view(Access.MANAGE)
@require_POST
def claim_pay(request, claim_id):
    claim = _claim_or_404(request, claim_id)
    form = PayForm(request.POST)
    back = reverse("welfare_claim", args=[request.group.id, claim.id])

    def write(data):
        services.claim_pay(
            claim=claim, date=data["date"], method=data.get("method") or "cash", key=data.get("key") or "",
            actor=request.user,
        )  # fmt: skip
        return _("The claim is paid from the welfare fund."), back

    return _post(request, form, write=write, page=lambda f: _claim_page(request, claim, pay_form=f, status=400),
                 back=back)  # fmt: skip


# --- funds ----------------------------------------------------------------------------------------


@group_view(Access.READ)
@require_http_methods(["GET", "POST"])
def funds(request):
    """Each fund's movements in a fiscal year (``?fund=``, ``?year=``), and a receipt into a fund."""
    since, through, year = _year_bounds(request)
    role = request.GET.get("fund", "welfare_fund")
    if role not in FUND_ROLES:
        role = "welfare_fund"
    can_manage = request.access >= Access.MANAGE

    def page(form, status=200):
        context = {
            "funds": selectors.funds(request.group.id, since=since, through=through),
            "role": role,
            "fund_name": selectors.fund_name(role),
            "ledger": selectors.fund_movements(request.group.id, role, since=since, through=through),
            "since": since,
            "through": through,
            "year": year,
            "form": form,
        }
        return render(request, "welfare/funds.html", context, status=status)

    form = ReceiveForm(request.POST or None, initial={"fund": role}) if can_manage else None
    if request.method == "GET":
        return page(form)
    if not can_manage:
        raise Http404

    def write(data):
        receipt = services.fund_receive(
            group=request.group, fund=data["fund"], amount=data["amount"], date=data["date"], source=data["source"],
            method=data.get("method") or "cash", note=data.get("note") or "", key=data.get("key") or "",
            actor=request.user,
        )  # fmt: skip
        url = reverse("welfare_funds", args=[request.group.id]) + f"?fund={receipt.fund}&year={year}"
        return _("The money is recorded in the fund."), url

    return _post(request, form, write=write, page=lambda f: page(f, status=400),
                 back=reverse("welfare_funds", args=[request.group.id]))  # fmt: skip


# --- the annual report and the dividend slips -----------------------------------------------------


@group_view(Access.SUMMARY)
def report_latest(request):
    if raw := request.GET.get("year", "").strip():
        try:
            year = report.parse_report_year(raw)
        except SajjaError as error:
            messages.error(request, str(error))
            year = report.latest_year(request.group)
    else:
        year = report.latest_year(request.group)
    return redirect("annual_report", request.group.id, year)


def _report(request, report_year):
    try:
        return report.annual_report(request.group, report_year)
    except SajjaError:
        raise Http404 from None


@group_view(Access.SUMMARY)
def annual_report(request, report_year):
    data = _report(request, report_year)
    own = _own_member_id(request)
    data.update(
        {
            "can_read": request.access >= Access.READ,
            "own_member_id": own,
            "previous": report_year - 1,
            "next": report_year + 1 if report_year < today().year else None,
        }
    )
    return render(request, "welfare/annual_report.html", data)


@group_view(Access.SUMMARY)
def annual_report_pdf(request, report_year):
    data = _report(request, report_year)
    return pdf_response("welfare/annual_report_pdf.html", data, f"annual-report-{report_year}.pdf", request=request)


@group_view(Access.READ)
def slips_pdf(request, report_year):
    """Every member's dividend slip of the year, one a page (the committees)."""
    try:
        data = report.slips(request.group, report_year)
    except SajjaError:
        raise Http404 from None
    if not data["slips"]:
        messages.info(request, _("The profit of this year has not been allocated yet: there are no slips."))
        return redirect("annual_report", request.group.id, report_year)
    return pdf_response("welfare/slips_pdf.html", {**data, "group": request.group},
                        f"dividend-slips-{report_year}.pdf", request=request)  # fmt: skip


@group_view(Access.SELF)
def slip_pdf(request, report_year, member_id):
    """One member's dividend slip: the member themselves, or the committees."""
    if request.access < Access.READ and member_id != _own_member_id(request):
        raise Http404
    if not Member.objects.filter(group=request.group, id=member_id).exists():
        raise Http404
    try:
        data = report.slips(request.group, report_year, member_ids=[member_id])
    except SajjaError:
        raise Http404 from None
    if not data["slips"]:
        messages.info(request, _("There is no dividend slip for this member and year."))
        return redirect("annual_report", request.group.id, report_year)
    return pdf_response("welfare/slips_pdf.html", {**data, "group": request.group},
                        f"dividend-slip-{report_year}-{member_id}.pdf", request=request)  # fmt: skip
