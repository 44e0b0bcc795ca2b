"""Loan pages: the loan committee's (requests, votes, decisions, arrears), the treasurer's (requests
for a member, pay-outs, repayments, guarantor payments, write-offs), the member's (their loans, the
schedule, what is due next, their own request), the loan register (ทะเบียนลูกหนี้, also PDF and Excel)
and the contract with the guarantee as a PDF.

Thin: tenancy through ``group_view``; a member who is only a member (``Access.SELF``) sees only
their own requests and loans, anything else is 404 (as on the member pages). Figures come from
``selectors``; every write is a ``services`` call. The forms that write are shown on the request and
loan pages and post to their own URLs; a refusal shows the same page again with the service's
message by its field, nothing written. Every form carries a hidden key (``core.submits``): a
second post of the same form goes where the first went; the money services also refuse a reused
key in the ledger.
"""

import datetime as dt

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from sajja.bylaws import registry
from sajja.bylaws.selectors import bylaw_book
from sajja.core import submits
from sajja.core.errors import SajjaError
from sajja.core.money import format_baht
from sajja.core.natid import format_national_id
from sajja.core.pdf import pdf_response
from sajja.core.tenancy import Access, can_see_national_id, grants_for, group_view, today
from sajja.core.thai import format_date
from sajja.ledger.views import _printed
from sajja.members.forms import add_errors
from sajja.members.models import Member
from sajja.members.selectors import member_get, member_list

from . import domain, reports, selectors, services
from .forms import (
    CreditRefundForm,
    DecideForm,
    DisburseForm,
    GuarantorPayForm,
    LoanRequestForm,
    RepayForm,
    RestructureForm,
    VoteForm,
    WriteOffForm,
    baht_input,
)
from .models import KIND_CHOICES, Instalment, Loan, LoanFine, LoanRequest, Repayment, WriteOff

REGISTER_PAGE_SIZE = 100
METHOD_NAMES = dict(registry.INTEREST_METHOD_CHOICES)

# --- finding what the user may see ------------------------------------------------------------


def _visible_members(request):
    return member_list(request.user, request.group.id).values("id")


def _member_or_404(request, member_id) -> Member:
    try:
        member = member_get(request.user, request.group.id, member_id)
    except Member.DoesNotExist:
        raise Http404 from None
    member.group = request.group
    return member


def _request_or_404(request, request_id) -> LoanRequest:
    """A request of the group whose borrower the user may see (a member: only their own)."""
    found = (
        LoanRequest.objects.filter(group=request.group, id=request_id, member__in=_visible_members(request))
        .select_related("member")
        .first()
    )
    if found is None:
        raise Http404
    found.member.group = request.group
    return found


def _loan_or_404(request, loan_id) -> Loan:
    found = (
        Loan.objects.filter(group=request.group, id=loan_id, member__in=_visible_members(request))
        .select_related("member", "request")
        .first()
    )
    if found is None:
        raise Http404
    found.member.group = request.group
    return found


def _own_member_id(request) -> int | None:
    return grants_for(request.user).member_ids.get(request.group.id)


def _committee_seat(request, day: dt.date) -> Member | None:
    """The user's member when they sit on the loan committee on ``day``."""
    for member in selectors.loan_committee(request.group.id, day):
        if member.user_id == request.user.id:
            return member
    return None


# --- a write form posted from a page ----------------------------------------------------------


_post = submits.form_post_once


# --- what a loan owes, row by row -------------------------------------------------------------


def _schedule_rows(loan: Loan, schedule, repayments, day: dt.date, written_off: int = 0) -> list[dict]:
    """Each instalment with what of it is paid: money paid covers the instalments in order (as
    ``selectors.state`` counts it), so a row is paid, partly paid, overdue, or not due yet."""
    covered = sum(r.principal + r.interest for r in repayments if r.date <= day) + written_off
    running, rows = 0, []
    for row in schedule:
        total = row.principal + row.interest
        paid = max(0, min(total, covered - running))
        running += total
        if paid == total:
            status, label = "paid", _("paid")
        elif loan.status == Loan.Status.CLOSED:
            status, label = "closed", _("settled by the early payoff")
        elif loan.status == Loan.Status.WRITTEN_OFF:
            status, label = "closed", _("written off")
        elif row.due < day:
            status, label = "overdue", _("overdue")
        elif row.due == day:
            status, label = "due", _("due today")
        else:
            status, label = "upcoming", _("not due yet")
        if paid and paid < total and status != "closed":
            label = f"{label} · {_('part paid')}"
        rows.append(
            {
                "number": row.number,
                "due": row.due,
                "principal": row.principal,
                "interest": row.interest,
                "total": total,
                "paid": paid,
                "left": total - paid if status != "closed" else 0,
                "status": status,
                "label": label,
            }
        )
    return rows


def _books(loans) -> dict[str, dict[int, list]]:
    """The schedules, repayments and fines of ``loans`` in three queries."""
    ids = [loan.id for loan in loans]
    books = {"schedule": {i: [] for i in ids}, "repayments": {i: [] for i in ids}, "fines": {i: [] for i in ids}}
    for row in Instalment.objects.filter(loan_id__in=ids).order_by("loan_id", "version", "number"):
        books["schedule"][row.loan_id].append(row)
    for row in Repayment.objects.filter(loan_id__in=ids).select_related("guarantor").order_by("date", "id"):
        books["repayments"][row.loan_id].append(row)
    for row in LoanFine.objects.filter(loan_id__in=ids).order_by("instalment"):
        books["fines"][row.loan_id].append(row)
    return books


def _written_off(loans) -> dict[int, WriteOff]:
    return {w.loan_id: w for w in WriteOff.objects.filter(loan_id__in=[loan.id for loan in loans])}


def _loan_view(loan: Loan, books: dict, write_offs: dict, day: dt.date, rules: dict) -> dict:
    """A loan for a page: its state on ``day`` and its schedule row by row."""
    write_off = write_offs.get(loan.id)
    written = write_off.principal if write_off else 0
    schedule, repayments, fines = (books[k][loan.id] for k in ("schedule", "repayments", "fines"))
    st = selectors.state(loan, day, schedule=schedule, repayments=repayments, fines=fines, rules=rules)
    # The rows and repayments of the schedule in force; a restructured loan's earlier schedules are history.
    in_force = [row for row in schedule if row.version == loan.version]
    paid_under = [r for r in repayments if r.version == loan.version]
    return {
        "loan": loan,
        "state": st,
        "open": loan.status == Loan.Status.OPEN,
        "rows": _schedule_rows(loan, in_force, paid_under, day, written),
        "earlier_rows": [row for row in schedule if row.version != loan.version],
        "repayments": repayments,
        "fines": fines,
        "write_off": write_off,
        "rate_text": _rate_text(loan.rate_bp_month),
        "method_text": METHOD_NAMES.get(loan.method, loan.method),
    }


def _rate_text(bp_month: int) -> str:
    return _("%(rate)s a month") % {"rate": registry.format_rate(bp_month)}


def _yearly_rate(rows, principal: int, every: int) -> str:
    """What the borrower really pays a year, as text (``domain.yearly_rate_bp``)."""
    plain = [domain.Instalment(r.number, r.due, r.principal, r.interest, 0) for r in rows]
    return registry.format_rate(domain.yearly_rate_bp(plain, principal, every))


# --- the loans' home page ---------------------------------------------------------------------


@group_view(Access.READ)
def loans_home(request):
    """Open loans with their state today, the requests waiting for the committee, the pay-out queue."""
    group, day = request.group, today()
    states = selectors.states(selectors.open_loans(group.id).order_by("disbursed_on", "id"), day)
    waiting = list(
        LoanRequest.objects.filter(group=group, status=LoanRequest.Status.REQUESTED)
        .select_related("member")
        .order_by("requested_on", "id")
    )
    context = {
        "states": states,
        "waiting": waiting,
        "queue": selectors.queue(group),
        "totals": {
            "outstanding": sum(s.outstanding for s in states),
            "due_now": sum(s.due_now for s in states),
            "late": sum(1 for s in states if s.days_overdue),
        },
        "can_manage": request.access >= Access.MANAGE,
        "today": day,
    }
    return render(request, "loans/home.html", context)


# --- asking for a loan ------------------------------------------------------------------------


def _limits(member: Member | None, day: dt.date) -> list[dict]:
    """What ``member`` may borrow of each kind today, with the bylaws' rate and method."""
    if member is None:
        return []
    rules = bylaw_book(member.group_id).at(day)
    out = []
    for kind, label in KIND_CHOICES:
        most = selectors.limit(member, kind, day)
        out.append(
            {
                "kind": kind,
                "label": label,
                **most,
                "rate_text": _rate_text(rules[f"loan.{kind}.rate"]),
                "method_text": METHOD_NAMES.get(rules[f"loan.{kind}.method"], ""),
                "every_months": rules[f"loan.{kind}.every_months"],
            }
        )
    return out


def _preview(member: Member | None, data: dict, day: dt.date) -> dict | None:
    """The schedule the bylaws would give the loan asked for, with the yearly rate; or the reason
    there is none (over the legal cap)."""
    kind, amount, term = data.get("kind"), data.get("amount"), data.get("term_months")
    if member is None or kind not in dict(KIND_CHOICES) or not amount or amount <= 0 or not term or term < 1:
        return None
    rules = bylaw_book(member.group_id).at(day)
    if term > rules[f"loan.{kind}.max_term_months"]:
        return None
    try:
        rows, every, _n, _grace = services._schedule(kind, amount, term, day, rules)
    except SajjaError as error:
        return {"error": error.message}
    return {
        "rows": rows,
        "amount": amount,
        "interest": sum(r.interest for r in rows),
        "total": sum(r.total for r in rows),
        "rate_text": _rate_text(rules[f"loan.{kind}.rate"]),
        "yearly": registry.format_rate(domain.yearly_rate_bp(rows, amount, every)),
        "method_text": METHOD_NAMES.get(rules[f"loan.{kind}.method"], ""),
    }


def _active_members(group):
    """The group's active members by number. A member asking for themselves sees these names to
    choose guarantors: naming a guarantor needs no more than the name and number."""
    return list(Member.objects.filter(group=group, status=Member.Status.ACTIVE).order_by("number"))


def _request_page(request, *, member: Member | None, members, done_name: str):
    """The request form: for the treasurer (``members`` to choose from) or for the member
    themselves (``member`` fixed). ``preview`` shows the limits and schedule without writing."""
    day = today()
    actives = _active_members(request.group)
    initial = {}
    if member is None and (chosen := request.GET.get("member", "")).isdigit():
        initial["member"] = int(chosen)
    form = LoanRequestForm(
        request.POST or None,
        initial=initial,
        members=members,
        guarantors=[m for m in actives if member is None or m.id != member.id],
    )
    borrower, preview = member, None
    if form.is_bound:
        valid = form.is_valid()
        if member is None and form.cleaned_data.get("member"):
            borrower = next((m for m in members if m.id == form.cleaned_data["member"]), None)
        if borrower is not None:
            borrower.group = request.group
        preview = _preview(borrower, form.cleaned_data, form.cleaned_data.get("date") or day)
        if valid and "preview" not in request.POST:
            key = request.POST.get("key", "").strip()
            if earlier := submits.done_url(request, key):
                messages.info(request, submits.already_message())
                return redirect(earlier)
            data = form.cleaned_data
            by_id = {m.id: m for m in actives}
            try:
                created = services.loan_request(
                    member=borrower,
                    kind=data["kind"],
                    amount=data["amount"],
                    term_months=data["term_months"],
                    purpose=data["purpose"],
                    guarantors=[by_id[i] for i in data["guarantors"]],
                    date=data["date"],
                    actor=request.user,
                )
            except SajjaError as error:
                add_errors(form, error)
            else:
                done = reverse(done_name, args=[request.group.id, created.id])
                submits.remember(request, key, done)
                messages.success(request, _("The request is recorded and waits for the loan committee."))
                return redirect(done)
    elif member is None and initial.get("member"):
        borrower = next((m for m in members if m.id == initial["member"]), None)
        if borrower is not None:
            borrower.group = request.group
    context = {
        "form": form,
        "member": member,
        "borrower": borrower,
        "limits": _limits(borrower, day),
        "preview": preview,
        "today": day,
    }
    return render(request, "loans/request_form.html", context)


@group_view(Access.MANAGE)
@require_http_methods(["GET", "POST"])
def loan_request_new(request):
    """The treasurer asks for a loan for a member."""
    members = _active_members(request.group)
    return _request_page(request, member=None, members=members, done_name="loan_request_detail")


@group_view(Access.SELF)
@require_http_methods(["GET", "POST"])
def loan_request_self(request, member_id):
    """A member asks for a loan for themselves. Anyone else's member: the treasurer is sent to the
    treasurer's form for that member; everybody else gets 404."""
    if _own_member_id(request) != member_id:
        if request.access >= Access.MANAGE:
            member = _member_or_404(request, member_id)
            return redirect(f"{reverse('loan_request_new', args=[request.group.id])}?member={member.id}")
        raise Http404
    member = _member_or_404(request, member_id)
    return _request_page(request, member=member, members=None, done_name="loan_request_detail")


# --- a request: votes, decision, pay-out ------------------------------------------------------


def _request_context(request, loan_request: LoanRequest, bound: dict) -> dict:
    day = today()
    group = request.group
    committee = selectors.loan_committee(group.id, day)
    seat = next((m for m in committee if m.user_id == request.user.id), None)
    votes = list(loan_request.votes.select_related("voter").order_by("cast_on", "id"))
    guarantees = list(loan_request.guarantees.select_related("guarantor").order_by("guarantor__number"))
    waiting = loan_request.status == LoanRequest.Status.REQUESTED
    approved = loan_request.status == LoanRequest.Status.APPROVED
    voted = seat is not None and any(v.voter_id == seat.id for v in votes)
    can_manage = request.access >= Access.MANAGE
    amount = loan_request.approved_amount or loan_request.amount
    preview = None
    if waiting or approved:
        preview = _preview(
            loan_request.member,
            {"kind": loan_request.kind, "amount": amount, "term_months": loan_request.term_months},
            day,
        )
    forms = {
        "vote_form": VoteForm() if waiting and seat is not None and not voted else None,
        "decide_form": DecideForm() if waiting and seat is not None else None,
        "disburse_form": DisburseForm() if approved and can_manage else None,
    }
    forms.update(bound)
    loan = Loan.objects.filter(request=loan_request).first() if loan_request.status == "disbursed" else None
    return {
        "loan_request": loan_request,
        "member": loan_request.member,
        "guarantees": guarantees,
        "votes": votes,
        "tally": {v: sum(1 for x in votes if x.vote == v) for v in ("approve", "reject", "abstain")},
        "committee": committee,
        "quorum": len(committee) // 2 + 1,
        "on_committee": seat is not None,
        "voted": voted,
        "limit": selectors.limit(loan_request.member, loan_request.kind, day) if waiting else None,
        "preview": preview,
        "loan": loan,
        "today": day,
        **forms,
    }


@group_view(Access.SELF)
def loan_request_detail(request, request_id):
    loan_request = _request_or_404(request, request_id)
    return render(request, "loans/request_detail.html", _request_context(request, loan_request, {}))


def _request_post(request, request_id, form_class, slot: str, write):
    loan_request = _request_or_404(request, request_id)
    form = form_class(request.POST)

    def page(bound):
        return render(request, "loans/request_detail.html", _request_context(request, loan_request, {slot: bound}))

    return _post(
        request, form, write=lambda data: write(loan_request, data), page=page, back=_request_url(loan_request)
    )


def _request_url(loan_request: LoanRequest) -> str:
    return reverse("loan_request_detail", args=[loan_request.group_id, loan_request.id])


@group_view(Access.READ)
@require_POST
def loan_vote(request, request_id):
    """A loan-committee member's vote (the service refuses anyone else, with the reason)."""

    def write(loan_request, data):
        vote = services.loan_vote(request=loan_request, vote=data["vote"], date=data["date"], actor=request.user)
        return _("Your vote (%(vote)s) is recorded.") % {"vote": vote.get_vote_display()}, _request_url(loan_request)

    return _request_post(request, request_id, VoteForm, "vote_form", write)


@group_view(Access.READ)
@require_POST
def loan_decide(request, request_id):
    def write(loan_request, data):
        decided = services.loan_decide(
            request=loan_request,
            decision=data["decision"],
            date=data["date"],
            reason=data.get("reason") or "",
            amount=data.get("amount"),
            actor=request.user,
        )
        if decided.status == LoanRequest.Status.REJECTED:
            message = _("The request is rejected.")
        else:
            message = _("Approved: %(amount)s, waiting for pay-out.") % {"amount": format_baht(decided.approved_amount)}
        return message, _request_url(loan_request)

    return _request_post(request, request_id, DecideForm, "decide_form", write)


@group_view(Access.MANAGE)
@require_POST
def loan_disburse(request, request_id):
    def write(loan_request, data):
        loan = services.loan_disburse(
            request=loan_request, date=data["date"], method=data["method"], key=data.get("key", ""), actor=request.user
        )
        message = _("Loan %(number)s paid out: %(amount)s.") % {
            "number": loan.number,
            "amount": format_baht(loan.principal),
        }
        return message, reverse("loan_detail", args=[loan.group_id, loan.id])

    return _request_post(request, request_id, DisburseForm, "disburse_form", write)


# --- a loan -----------------------------------------------------------------------------------


def _loan_context(request, loan: Loan, bound: dict) -> dict:
    day = today()
    view = _loan_view(loan, _books([loan]), _written_off([loan]), day, bylaw_book(loan.group_id).at(day))
    st = view["state"]
    holds = selectors.holds(loan, day, outstanding=st.outstanding)
    guarantees = [h.guarantee for h in holds]
    forms = {}
    if view["open"] and request.access >= Access.MANAGE:
        suggested = st.due_now or st.next_amount or st.payoff
        forms = {
            "repay_form": RepayForm(initial={"amount": baht_input(suggested)} if suggested else {}),
            "guarantor_form": GuarantorPayForm(guarantors=[g.guarantor for g in guarantees]) if guarantees else None,
            "write_off_form": WriteOffForm(),
            "restructure_form": RestructureForm(),
        }
    forms.update(bound)
    return {
        **view,
        "member": loan.member,
        "holds": holds,
        "restructures": list(loan.restructures.all()) if loan.version else [],
        "can_manage": request.access >= Access.MANAGE,
        "today": day,
        **forms,
    }


@group_view(Access.SELF)
def loan_detail(request, loan_id):
    loan = _loan_or_404(request, loan_id)
    return render(request, "loans/loan_detail.html", _loan_context(request, loan, {}))


def _loan_post(request, loan_id, form, slot: str, write):
    loan = _loan_or_404(request, loan_id)

    def page(bound):
        return render(request, "loans/loan_detail.html", _loan_context(request, loan, {slot: bound}))

    return _post(request, form(loan), write=lambda data: write(loan, data), page=page, back=_loan_url(loan))


def _repaid_message(repayment: Repayment) -> str:
    message = _("Received %(amount)s: fines %(fine)s, interest %(interest)s, principal %(principal)s.") % {
        "amount": format_baht(repayment.amount),
        "fine": format_baht(repayment.fine),
        "interest": format_baht(repayment.interest),
        "principal": format_baht(repayment.principal),
    }
    if Loan.objects.filter(id=repayment.loan_id, status=Loan.Status.CLOSED).exists():
        message += " " + _("The loan is repaid in full; the guarantors are released.")
    return message


def _loan_url(loan: Loan) -> str:
    return reverse("loan_detail", args=[loan.group_id, loan.id])


@group_view(Access.MANAGE)
@require_POST
def loan_repay(request, loan_id):
    def write(loan, data):
        repayment = services.loan_repay(
            loan=loan,
            date=data["date"],
            amount=data["amount"],
            method=data["method"],
            key=data.get("key", ""),
            actor=request.user,
        )
        return _repaid_message(repayment), _loan_url(loan)

    return _loan_post(request, loan_id, lambda loan: RepayForm(request.POST), "repay_form", write)


@group_view(Access.MANAGE)
@require_POST
def loan_guarantor_pay(request, loan_id):
    def form(loan):
        guarantors = [g.guarantor for g in loan.request.guarantees.select_related("guarantor")]
        return GuarantorPayForm(request.POST, guarantors=guarantors)

    def write(loan, data):
        guarantor = Member.objects.get(id=data["guarantor"], group=request.group)
        repayment = services.guarantor_pay(
            loan=loan,
            guarantor=guarantor,
            date=data["date"],
            amount=data["amount"],
            from_held_savings=data["from_held_savings"],
            method=data["method"],
            key=data.get("key", ""),
            actor=request.user,
        )
        return _repaid_message(repayment), _loan_url(loan)

    return _loan_post(request, loan_id, form, "guarantor_form", write)


@group_view(Access.MANAGE)
@require_POST
def loan_write_off(request, loan_id):
    def write(loan, data):
        written = services.loan_write_off(
            loan=loan, date=data["date"], reason=data["reason"], resolution=data["resolution"], actor=request.user
        )
        return _("%(amount)s written off.") % {"amount": format_baht(written.principal)}, _loan_url(loan)

    return _loan_post(request, loan_id, lambda loan: WriteOffForm(request.POST), "write_off_form", write)


@group_view(Access.MANAGE)
@require_POST
def loan_restructure(request, loan_id):
    def write(loan, data):
        rate = None
        if data["rate"].strip():
            rate = registry.parse_value(registry.get(f"loan.{loan.kind}.rate"), data["rate"])
        restructure = services.loan_restructure(
            loan=loan,
            date=data["date"],
            term_months=data["term_months"],
            rate_bp_month=rate,
            reason=data["reason"],
            resolution=data["resolution"],
            actor=request.user,
        )
        message = _("New schedule from %(date)s: %(count)s instalments on %(amount)s still owed.") % {
            "date": format_date(restructure.date),
            "count": restructure.instalments,
            "amount": format_baht(restructure.outstanding),
        }
        return message, _loan_url(loan)

    return _loan_post(request, loan_id, lambda loan: RestructureForm(request.POST), "restructure_form", write)


@group_view(Access.MANAGE)
@require_POST
def member_credit_refund(request, member_id):
    """Pay back a member's credit held from overpayments."""
    member = _member_or_404(request, member_id)
    form = CreditRefundForm(request.POST)
    url = reverse("member_loans", args=[request.group.id, member.id])
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.credit_refund(
                member=member, date=data["date"], amount=data["amount"], method=data["method"],
                key=data.get("key", ""), actor=request.user,
            )  # fmt: skip
        except SajjaError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("%(amount)s of credit paid back.") % {"amount": format_baht(data["amount"])})
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect(url)


# --- the contract -----------------------------------------------------------------------------


def _person(request, member: Member) -> dict:
    plain = member.national_id_plain() if can_see_national_id(request.user, member) else ""
    return {
        "member": member,
        "national_id": format_national_id(plain) if plain else member.national_id_masked,
        "age": _age(member.birth_date, today()),
    }


def _age(born: dt.date | None, day: dt.date) -> int | None:
    if born is None:
        return None
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


@group_view(Access.SELF)
def loan_contract(request, loan_id):
    """The loan contract (สัญญากู้เงิน) and the guarantee (หนังสือค้ำประกัน) of each guarantor, as
    one PDF to print and sign: amounts in figures and in Thai words, the rate, the method, the
    schedule, signature lines."""
    loan = _loan_or_404(request, loan_id)
    schedule = list(loan.schedule.filter(version=0))  # the contract's schedule, as signed at pay-out
    guarantees = list(loan.request.guarantees.select_related("guarantor").order_by("guarantor__number"))
    committee = selectors.loan_committee(request.group.id, loan.disbursed_on)
    context = {
        "group": request.group,
        "loan": loan,
        "borrower": _person(request, loan.member),
        "guarantors": [{**_person(request, g.guarantor), "held": g.held} for g in guarantees],
        "schedule": [
            {
                "number": r.number,
                "due": r.due,
                **{k: format_baht(v, unit=False) for k, v in (("principal", r.principal), ("interest", r.interest))},
                "total": format_baht(r.principal + r.interest, unit=False),
            }
            for r in schedule
        ],
        "interest_total": sum(r.interest for r in schedule),
        "total": sum(r.principal + r.interest for r in schedule),
        "rate_text": _rate_text(loan.rate_bp_month),
        "yearly": _yearly_rate(schedule, loan.principal, loan.every_months),
        "method_text": METHOD_NAMES.get(loan.method, loan.method),
        "first_due": schedule[0].due if schedule else None,
        "last_due": schedule[-1].due if schedule else None,
        "committee": committee,
        "late_fine": bylaw_book(request.group.id).value("loan.late_fine", loan.disbursed_on),
        "today": today(),
    }
    return pdf_response("loans/contract_pdf.html", context, f"loan-contract-{loan.number}.pdf", request)


# --- a member's loans -------------------------------------------------------------------------


@group_view(Access.SELF)
def member_loans(request, member_id):
    """A member's loans (newest first) with what is owed and due next, and their requests."""
    member = _member_or_404(request, member_id)
    day = today()
    loans = list(Loan.objects.filter(member=member).select_related("request").order_by("-disbursed_on", "-id"))
    for loan in loans:
        loan.member = member
    books, write_offs, rules = _books(loans), _written_off(loans), bylaw_book(member.group_id).at(day)
    views = [_loan_view(loan, books, write_offs, day, rules) for loan in loans]
    requests = list(
        LoanRequest.objects.filter(member=member)
        .exclude(status=LoanRequest.Status.DISBURSED)
        .order_by("-requested_on", "-id")
    )
    own = _own_member_id(request) == member.id
    context = {
        "member": member,
        "loans": views,
        "open_loans": [v for v in views if v["open"]],
        "requests": requests,
        "can_ask": own and member.status == Member.Status.ACTIVE,
        "can_manage": request.access >= Access.MANAGE,
        "today": day,
        "credit": (credit := selectors.credit(member)),
        "refund_form": CreditRefundForm(initial={"amount": baht_input(credit)})
        if credit > 0 and request.access >= Access.MANAGE
        else None,
    }
    return render(request, "loans/member_loans.html", context)


# --- arrears ----------------------------------------------------------------------------------


@group_view(Access.READ)
def loans_arrears(request):
    """Arrears ageing, portfolio at risk, and the borrowers with their guarantors to visit."""
    day = today()
    arrears = selectors.arrears(request.group, day)
    context = {
        "arrears": arrears,
        "par30": registry.format_rate(arrears.par30) if arrears.par30 is not None else "–",
        "par90": registry.format_rate(arrears.par90) if arrears.par90 is not None else "–",
        "late_owed": sum(b["owed"] for b in arrears.buckets),
        "late_loans": sum(b["loans"] for b in arrears.buckets),
        "today": day,
    }
    return render(request, "loans/arrears.html", context)


# --- the loan register ------------------------------------------------------------------------


def register_rows(group, day: dt.date) -> list[dict]:
    """Every loan of the group with its state on ``day``, oldest first, in a fixed number of queries."""
    loans = list(Loan.objects.filter(group=group).select_related("member").order_by("disbursed_on", "id"))
    write_offs = _written_off(loans)
    rows = []
    for st in selectors.states(loans, day):
        loan = st.loan
        is_open = loan.status == Loan.Status.OPEN
        write_off = write_offs.get(loan.id)
        rows.append(
            {
                "loan": loan,
                "member": loan.member,
                "kind": loan.get_kind_display(),
                "rate": registry.format_rate(loan.rate_bp_month),
                "outstanding": st.outstanding if is_open else 0,
                "days_overdue": st.days_overdue if is_open else 0,
                "status": loan.get_status_display(),
                "written_off": write_off.principal if write_off else 0,
                "closed_on": loan.closed_on,
            }
        )
    return rows


@group_view(Access.READ)
def loans_register(request):
    """The loan register (ทะเบียนลูกหนี้): every loan, its borrower, kind, date, amount, rate, what
    is still owed, days overdue and status. ``?format=pdf`` and ``?format=xlsx`` carry every loan."""
    day = today()
    rows = register_rows(request.group, day)
    totals = {
        "principal": sum(r["loan"].principal for r in rows),
        "outstanding": sum(r["outstanding"] for r in rows),
        "written_off": sum(r["written_off"] for r in rows),
    }
    if printed := _printed(request, _("Loan register"), format_date(day, "long"), [reports.register_table(rows)]):
        return printed
    page = Paginator(rows, REGISTER_PAGE_SIZE).get_page(request.GET.get("page"))
    counts = {
        "open": sum(1 for r in rows if r["loan"].status == Loan.Status.OPEN),
        "late": sum(1 for r in rows if r["days_overdue"]),
    }
    context = {"page": page, "rows": page.object_list, "totals": totals, "counts": counts, "today": day}
    return render(request, "loans/register.html", context)
