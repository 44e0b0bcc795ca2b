"""The loans routes of the JSON API (``/api/v1/groups/{group_id}/loans/...``): the whole life cycle,
request → votes → decision → pay-out → repayments → payoff, and when things go wrong.

Thin, like ``sajja.savings.api`` (whose parsers and idempotency helpers it reuses): every route goes
through ``group_route`` (tenancy), then the same services and selectors as the pages.

Who may do what: the group's products, a member's limit and a schedule preview are open to any
member (``Access.SELF``); a member reads only their own requests and loans (another one is 404, like
a record of another group) and may ask for a loan for themselves; the committees read everything
(``Access.READ``); only a member holding a loan-committee seat votes and decides (anyone else gets
403 with the reason); the managing committee pays out, receives repayments and writes off.
"""

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from ninja import Router

from sajja.bylaws import registry
from sajja.bylaws.selectors import bylaw_book
from sajja.core import tenancy
from sajja.core.errors import SajjaError, fmt
from sajja.core.fields import parse_positive_int, parse_text
from sajja.core.money import lazy_baht
from sajja.core.tenancy import Access
from sajja.core.thai import format_date
from sajja.ledger.selectors import balances, role_map
from sajja.members.models import Member

from . import domain, selectors, services
from . import schemas as s
from .models import KIND_CHOICES, KIND_ROLE, Guarantee, Loan, LoanRequest, LoanVote, Repayment

# Made before ``sajja.api.api`` is imported: that module adds this router at its end, so the two
# modules may be imported in either order (the routes below join the router in both cases).
router = Router(tags=["loans"])

from sajja.api.api import group_route  # noqa: E402
from sajja.savings.api import (  # noqa: E402
    IDEMPOTENCY_KEY,
    _date,
    _entry_ref,
    _entry_refs,
    _key,
    _posted,
    _satang,
    baht,
)

BASE = "/groups/{group_id}"
LOANS = BASE + "/loans"
KIND_LABELS = dict(KIND_CHOICES)


# --- parsing and fences ---------------------------------------------------------------------------


def percent(basis_points: int) -> str:
    return f"{Decimal(basis_points) / 100:.2f}"


def _day(value: str, field: str = "date") -> dt.date:
    """A date as typed, or today when left out."""
    return _date(value, field) if (value or "").strip() else tenancy.today()


def _kind(value: str) -> str:
    if value not in KIND_ROLE:
        raise SajjaError(_("Choose the kind of loan."), field="kind", code="kind")
    return value


def _term(value) -> int:
    return parse_positive_int(value, field="term_months", maximum=1200)


def _own_member_id(request, group_id: int) -> int | None:
    return tenancy.grants_for(request.user).member_ids.get(group_id)


def _sees(request, group_id: int, member_id: int) -> bool:
    """The committees see every member's loans; a member only their own."""
    return request.access >= Access.READ or member_id == _own_member_id(request, group_id)


def _member(request, group_id: int, member_id: int) -> Member:
    """A member of the group the caller may see (a member sees only themselves), or 404."""
    if not _sees(request, group_id, member_id):
        raise Http404
    try:
        return Member.objects.select_related("group").get(group_id=group_id, id=member_id)
    except Member.DoesNotExist:
        raise Http404 from None


def _requests(group_id: int):
    return (
        LoanRequest.objects.filter(group_id=group_id)
        .select_related("member", "loan")
        .prefetch_related(
            Prefetch("guarantees", queryset=Guarantee.objects.select_related("guarantor").order_by("id")),
            Prefetch("votes", queryset=LoanVote.objects.select_related("voter").order_by("cast_on", "id")),
        )
    )


def _loan_request(request, group_id: int, request_id: int) -> LoanRequest:
    try:
        ask = _requests(group_id).get(id=request_id)
    except LoanRequest.DoesNotExist:
        raise Http404 from None
    if not _sees(request, group_id, ask.member_id):
        raise Http404
    return ask


def _loans(group_id: int):
    return Loan.objects.filter(group_id=group_id).select_related("member", "write_off").order_by("-disbursed_on", "-id")


def _loan(request, group_id: int, loan_id: int) -> Loan:
    try:
        loan = _loans(group_id).select_related("member__group", "request", "entry").get(id=loan_id)
    except Loan.DoesNotExist:
        raise Http404 from None
    if not _sees(request, group_id, loan.member_id):
        raise Http404
    return loan


def _committee_only(call):
    """Run a loan-committee write; someone not on the committee is 403 with the reason."""
    try:
        return call()
    except SajjaError as error:
        if error.code == "not_loan_committee":
            return 403, error.as_dict()
        raise


def _guarantors(group_id: int, ids: list[int]) -> list[Member]:
    found = Member.objects.filter(group_id=group_id, id__in=set(ids)).in_bulk()
    if any(i not in found for i in ids):
        raise SajjaError(
            _("A guarantor must be an active member of the group."), field="guarantors", code="guarantor_not_member"
        )
    return [found[i] for i in ids]  # as named: the service refuses a guarantor named twice


def _plan(kind: str, amount: int, term_months: int, start: dt.date, rules: dict) -> tuple[list, int]:
    """The schedule the bylaws make for ``amount`` over ``term_months`` (not refused over the legal
    cap: ``services._schedule`` refuses; this only reads the yearly rate of a product)."""
    every = rules[f"loan.{kind}.every_months"]
    instalments = max(1, term_months // every)
    rows = domain.schedule(
        method=rules[f"loan.{kind}.method"],
        principal=amount,
        rate_bp_month=rules[f"loan.{kind}.rate"],
        instalments=instalments,
        start=start,
        every_months=every,
        grace=min(rules[f"loan.{kind}.grace"], instalments - 1),
    )
    return rows, every


# --- output ---------------------------------------------------------------------------------------


def _person(member: Member) -> dict:
    return {"member_id": member.id, "number": member.number, "full_name": member.full_name}


def _schedule_out(rows, principal: int) -> list[dict]:
    """Schedule rows (``domain.Instalment`` or the ``Instalment`` table) with the principal left after each."""
    left, out = principal, []
    for row in rows:
        left -= row.principal
        out.append(
            {
                "number": row.number,
                "due": row.due,
                "due_be": format_date(row.due),
                "principal": baht(row.principal),
                "interest": baht(row.interest),
                "total": baht(row.principal + row.interest),
                "balance_after": baht(left),
            }
        )
    return out


def _request_out(ask: LoanRequest, committee: int) -> dict:
    votes = list(ask.votes.all())
    loan = getattr(ask, "loan", None) if ask.status == LoanRequest.Status.DISBURSED else None
    return {
        "id": ask.id,
        "member_id": ask.member_id,
        "member_number": ask.member.number,
        "full_name": ask.member.full_name,
        "kind": ask.kind,
        "amount": baht(ask.amount),
        "term_months": ask.term_months,
        "purpose": ask.purpose,
        "requested_on": ask.requested_on,
        "requested_on_be": format_date(ask.requested_on),
        "status": ask.status,
        "decision": ask.decision,
        "approved_amount": baht(ask.approved_amount) if ask.approved_amount is not None else None,
        "decided_on": ask.decided_on,
        "decision_reason": ask.decision_reason,
        "loan_id": loan.id if loan else None,
        "guarantors": [
            {**_person(g.guarantor), "held": baht(g.held), "released_on": g.released_on} for g in ask.guarantees.all()
        ],
        "votes": [{**_person(v.voter), "vote": v.vote, "cast_on": v.cast_on} for v in votes],
        "committee": committee,
        "quorum": len(votes) * 2 > committee,
    }


def _committee_size(group_id: int) -> int:
    return len(selectors.loan_committee(group_id, tenancy.today()))


def _state_out(st: selectors.LoanState) -> dict:
    return {
        "date": st.day,
        "outstanding": baht(st.outstanding),
        "principal_due": baht(st.principal_due),
        "interest_due": baht(st.interest_due),
        "fines_due": baht(st.fines_due),
        "fines_pending": baht(st.fines_pending),
        "due_now": baht(st.due_now),
        "days_overdue": st.days_overdue,
        "next_due": st.next_due,
        "next_due_be": format_date(st.next_due),
        "next_amount": baht(st.next_amount),
        "accrued": baht(st.accrued),
        "payoff": baht(st.payoff),
    }


def _loan_out(loan: Loan, st: selectors.LoanState | None) -> dict:
    return {
        "id": loan.id,
        "number": loan.number,
        "request_id": loan.request_id,
        "member_id": loan.member_id,
        "member_number": loan.member.number,
        "full_name": loan.member.full_name,
        "kind": loan.kind,
        "principal": baht(loan.principal),
        "rate": percent(loan.rate_bp_month),
        "method": loan.method,
        "every_months": loan.every_months,
        "instalments": loan.instalments,
        "grace": loan.grace,
        "disbursed_on": loan.disbursed_on,
        "disbursed_on_be": format_date(loan.disbursed_on),
        "status": loan.status,
        "closed_on": loan.closed_on,
        # A written-off loan owes nothing more; its state would still count the principal written off.
        "state": _state_out(st) if st is not None and loan.status != Loan.Status.WRITTEN_OFF else None,
    }


def _loans_out(loans, day: dt.date) -> list[dict]:
    """Many loans with their state on ``day``, in a fixed number of queries."""
    loans = list(loans)
    return [_loan_out(st.loan, st) for st in selectors.states(loans, day)]


def _payoff_out(loan: Loan, day: dt.date) -> dict:
    st = selectors.state(loan, day)
    if loan.status != Loan.Status.OPEN:  # repaid or written off: nothing closes it any more
        fines = interest = accrued = principal = 0
    else:
        fines, interest, accrued, principal = (
            st.fines_due + st.fines_pending,
            st.interest_due + st.carried,  # interest a restructuring carried, not yet due, is owed on a payoff
            st.accrued,
            st.outstanding,
        )
    return {
        "loan_id": loan.id,
        "date": day,
        "fines": baht(fines),
        "interest_due": baht(interest),
        "accrued": baht(accrued),
        "principal": baht(principal),
        "total": baht(fines + interest + accrued + principal),
    }


def _repayments_out(repayments) -> list[dict]:
    repayments = list(repayments)
    refs = _entry_refs([r.entry for r in repayments])
    return [
        {
            "id": r.id,
            "date": r.date,
            "amount": baht(r.amount),
            "fine": baht(r.fine),
            "interest": baht(r.interest),
            "principal": baht(r.principal),
            "credit": baht(r.credit),
            "source": r.source,
            "guarantor_id": r.guarantor_id,
            "entry": refs[r.entry_id],
            "reverses": r.reverses_id,
        }
        for r in repayments
    ]


def _restructures_out(loan: Loan, restructures) -> list[dict]:
    """Each restructuring with the schedule it replaced."""
    rows = defaultdict(list)
    for row in loan.schedule.filter(version__lt=loan.version):
        rows[row.version].append(row)
    out, principal = [], loan.principal
    for r in restructures:
        out.append(
            {
                "version": r.version, "date": r.date, "outstanding": baht(r.outstanding),
                "interest_carried": baht(r.interest_carried), "rate": f"{Decimal(r.rate_bp_month) / 100:.2f}",
                "method": r.method, "every_months": r.every_months, "instalments": r.instalments, "grace": r.grace,
                "reason": r.reason, "resolution": r.resolution,
                "earlier_schedule": _schedule_out(rows[r.version - 1], principal),
            }
        )  # fmt: skip
        principal = r.outstanding
    return out


def _loan_detail(group_id: int, loan_id: int) -> dict:
    """Everything about one loan: terms, the contracted schedule, the state today, the payoff quote,
    repayments, late fines, guarantors and the write-off."""
    loan = _loans(group_id).select_related("request", "entry", "write_off__entry").get(id=loan_id)
    today = tenancy.today()
    write_off = getattr(loan, "write_off", None)
    st = selectors.state(loan, today)
    holds = selectors.holds(loan, today, outstanding=st.outstanding)
    restructures = list(loan.restructures.all())
    return {
        **_loan_out(loan, st),
        "entry": _entry_ref(loan.entry),
        "schedule": _schedule_out(
            selectors.schedule_in_force(loan), restructures[-1].outstanding if restructures else loan.principal
        ),
        "restructures": _restructures_out(loan, restructures),
        "payoff": _payoff_out(loan, today),
        "repayments": _repayments_out(loan.repayments.select_related("entry").order_by("date", "id")),
        "fines": [
            {"instalment": f.instalment, "amount": baht(f.amount), "charged_on": f.charged_on}
            for f in loan.fines.order_by("instalment")
        ],
        "guarantors": [
            {
                **_person(h.guarantee.guarantor),
                "held": baht(h.guarantee.held),
                "held_now": baht(h.now),
                "released_on": h.guarantee.released_on,
            }
            for h in holds
        ],
        "write_off": {
            "date": write_off.date,
            "principal": baht(write_off.principal),
            "reason": write_off.reason,
            "resolution": write_off.resolution,
            "entry": _entry_ref(write_off.entry),
        }
        if write_off
        else None,
    }


def _status(value: str, choices) -> str:
    if value and value not in choices.values:
        raise SajjaError(
            fmt(_("Choose one of: %(choices)s."), choices=", ".join(choices.values)), field="status", code="status"
        )
    return value


# --- products, limits, preview --------------------------------------------------------------------


@router.get(LOANS + "/products", response=s.ProductsOut)
@group_route(Access.SELF)
def products(request, group_id: int, date: str = ""):
    """Each kind of loan as the bylaws in force on ``date`` (default today) set it, and the yearly
    rate the borrower really pays (on the largest loan over the longest term; a flat rate costs
    nearly twice its quote)."""
    day = _day(date)
    rules = bylaw_book(group_id).at(day)
    out = []
    for kind, label in KIND_CHOICES:
        rows, every = _plan(kind, rules[f"loan.{kind}.cap"], rules[f"loan.{kind}.max_term_months"], day, rules)
        yearly = domain.yearly_rate_bp(rows, rules[f"loan.{kind}.cap"], every)
        out.append(
            {
                "kind": kind,
                "label": str(label),
                "rate": percent(rules[f"loan.{kind}.rate"]),
                "method": rules[f"loan.{kind}.method"],
                "every_months": every,
                "max_term_months": rules[f"loan.{kind}.max_term_months"],
                "grace": rules[f"loan.{kind}.grace"],
                "cap": baht(rules[f"loan.{kind}.cap"]),
                "savings_multiple": rules[f"loan.{kind}.savings_multiple"],
                "guarantors": rules[f"loan.{kind}.guarantors"],
                "yearly_rate": percent(yearly),
                "within_legal_cap": domain.over_legal_cap(rows, rules[f"loan.{kind}.cap"], every) is None,
            }
        )
    return {
        "date": day,
        "products": out,
        "guarantor_min_savings": baht(rules["loan.guarantor.min_savings"]),
        "guarantor_max_loans": rules["loan.guarantor.max_loans"],
        "guarantor_hold_share": percent(rules["loan.guarantor.hold_share"]),
        "late_days": rules["loan.late_days"],
        "late_fine": baht(rules["loan.late_fine"]),
        "late_fine_cap": baht(rules["loan.late_fine_cap"]),
        "priority": rules["loan.priority"],
        "legal_cap": percent(domain.LEGAL_CAP_BP_A_YEAR),
    }


@router.get(BASE + "/members/{member_id}/loan-limit", response=s.LimitsOut)
@group_route(Access.SELF)
def loan_limit(request, group_id: int, member_id: int, kind: str = "", date: str = ""):
    """The most the member may borrow of ``kind`` (every kind when left out) on ``date`` and why:
    the bylaws' cap and a multiple of their pledge savings. A member sees only their own."""
    member = _member(request, group_id, member_id)
    day = _day(date)
    kinds = [_kind(kind)] if kind else list(KIND_ROLE)
    limits = []
    for k in kinds:
        most = selectors.limit(member, k, day)
        limits.append(
            {
                "kind": k,
                "label": str(KIND_LABELS[k]),
                "cap": baht(most["cap"]),
                "savings": baht(most["savings"]),
                "multiple": most["multiple"],
                "by_savings": baht(most["by_savings"]) if most["by_savings"] is not None else None,
                "most": baht(most["most"]),
                "max_term_months": most["max_term_months"],
                "guarantors": most["guarantors"],
            }
        )
    return {"member_id": member.id, "date": day, "limits": limits}


@router.post(LOANS + "/schedule-preview", response=s.PreviewOut)
@group_route(Access.SELF)
def schedule_preview(request, group_id: int, payload: s.PreviewIn):
    """The schedule a loan of ``amount`` over ``term_months`` would have if paid out on ``date``
    (default today), with the yearly rate. Refused over the kind's cap or longest term, and when the
    yearly rate would be over the legal cap of 15%. Nothing is written."""
    kind, amount, term = _kind(payload.kind), _satang(payload.amount), _term(payload.term_months)
    day = _day(payload.date)
    rules = bylaw_book(group_id).at(day)
    if amount > rules[f"loan.{kind}.cap"]:
        raise SajjaError(
            fmt(_("The most the bylaws lend for this kind of loan is %(amount)s."), amount=lazy_baht(rules[f"loan.{kind}.cap"])),
            field="amount", code="over_cap",
        )  # fmt: skip
    if term > rules[f"loan.{kind}.max_term_months"]:
        raise SajjaError(
            fmt(_("The longest term the bylaws allow is %(months)s months."), months=rules[f"loan.{kind}.max_term_months"]),
            field="term_months", code="over_term",
        )  # fmt: skip
    rows, every, instalments, grace = services._schedule(kind, amount, term, day, rules)
    interest = sum(r.interest for r in rows)
    return {
        "kind": kind,
        "amount": baht(amount),
        "term_months": term,
        "rate": percent(rules[f"loan.{kind}.rate"]),
        "method": rules[f"loan.{kind}.method"],
        "every_months": every,
        "instalments": instalments,
        "grace": grace,
        "yearly_rate": percent(domain.yearly_rate_bp(rows, amount, every)),
        "principal_total": baht(amount),
        "interest_total": baht(interest),
        "total": baht(amount + interest),
        "schedule": _schedule_out(rows, amount),
    }


# --- requests and the loan committee --------------------------------------------------------------


@router.get(LOANS + "/requests", response=list[s.RequestOut])
@group_route(Access.READ)
def request_list(request, group_id: int, status: str = ""):
    """Loan requests, newest first; ``status``: requested, approved, rejected, disbursed or cancelled."""
    asks = _requests(group_id).order_by("-requested_on", "-id")
    if _status(status, LoanRequest.Status):
        asks = asks.filter(status=status)
    committee = _committee_size(group_id)
    return [_request_out(a, committee) for a in asks]


@router.post(LOANS + "/requests", response={201: s.RequestOut})
@group_route(Access.SELF)
def request_create(request, group_id: int, payload: s.RequestIn):
    """Ask for a loan with its purpose and guarantors (member ids), checked against the bylaws in
    force on ``date`` (default today): the cap and the multiple of pledge savings, the term, the legal
    rate cap, the borrower and each guarantor. A member asks for themselves; the managing committee
    for any member."""
    own = _own_member_id(request, group_id)
    member_id = payload.member if payload.member is not None else own
    if request.access < Access.MANAGE and member_id != own:
        raise PermissionDenied
    if member_id is None:
        raise SajjaError(_("This field is required."), field="member", code="required")
    try:
        member = Member.objects.select_related("group").get(group_id=group_id, id=member_id)
    except Member.DoesNotExist:
        raise SajjaError(
            _("This member is not one of the group's members."), field="member", code="not_member"
        ) from None
    ask = services.loan_request(
        member=member,
        kind=_kind(payload.kind),
        amount=_satang(payload.amount),
        term_months=_term(payload.term_months),
        purpose=parse_text(payload.purpose, field="purpose", max_length=300),
        guarantors=_guarantors(group_id, payload.guarantors),
        date=_day(payload.date),
        actor=request.user,
    )
    return 201, _request_out(_requests(group_id).get(id=ask.id), _committee_size(group_id))


@router.get(LOANS + "/requests/{request_id}", response=s.RequestOut)
@group_route(Access.SELF)
def request_detail(request, group_id: int, request_id: int):
    """One request with its guarantors, the committee's votes and the decision (a member: their own)."""
    return _request_out(_loan_request(request, group_id, request_id), _committee_size(group_id))


@router.post(LOANS + "/requests/{request_id}/votes", response={201: s.RequestOut, 403: dict})
@group_route(Access.READ)
def request_vote(request, group_id: int, request_id: int, payload: s.VoteIn):
    """A loan-committee member's vote (approve, reject or abstain), once each, on the record."""
    ask = _loan_request(request, group_id, request_id)

    def vote():
        services.loan_vote(request=ask, vote=payload.vote, date=_day(payload.date), actor=request.user)
        return 201, _request_out(_requests(group_id).get(id=ask.id), _committee_size(group_id))

    return _committee_only(vote)


@router.post(LOANS + "/requests/{request_id}/decision", response={201: s.RequestOut, 403: dict})
@group_route(Access.READ)
def request_decide(request, group_id: int, request_id: int, payload: s.DecisionIn):
    """The loan committee's decision after a quorum has voted: approve, reduce (``amount``) or
    reject, following the votes; reduce and reject give the ``reason``."""
    ask = _loan_request(request, group_id, request_id)

    def decide():
        amount = _satang(payload.amount) if payload.decision == LoanRequest.Decision.REDUCE else None
        services.loan_decide(
            request=ask,
            decision=payload.decision,
            date=_day(payload.date),
            reason=parse_text(payload.reason, field="reason", required=False, max_length=300),
            amount=amount,
            actor=request.user,
        )
        return 201, _request_out(_requests(group_id).get(id=ask.id), _committee_size(group_id))

    return _committee_only(decide)


@router.post(LOANS + "/requests/{request_id}/disburse", response={200: s.DisburseOut, 201: s.DisburseOut})
@group_route(Access.MANAGE)
def request_disburse(
    request, group_id: int, request_id: int, payload: s.DisburseIn, idempotency_key: str = IDEMPOTENCY_KEY
):
    """Pay out an approved loan in cash or by bank transfer: the schedule is fixed as the contract,
    the pay-out posts to the ledger and the guarantors' held savings are recorded."""
    ask = _loan_request(request, group_id, request_id)
    key = _key(payload.key, idempotency_key)
    date = _date(payload.date)

    def post(key):
        return services.loan_disburse(request=ask, date=date, method=payload.method, key=key, actor=request.user).entry

    def answer(entry, duplicate):
        loan = Loan.objects.filter(group_id=group_id, entry=entry).first()
        if loan is None:
            raise SajjaError(_("This key was used for another record: send a new key."), field="key", code="key_reused")
        return {"duplicate": duplicate, "loan": _loan_detail(group_id, loan.id)}

    return _posted(request, key, post, answer)


@router.get(LOANS + "/queue", response=s.QueueOut)
@group_route(Access.READ)
def queue(request, group_id: int):
    """Approved requests waiting for pay-out, in the order the bylaws' priority rule pays them, and
    the money the group has in cash and in the bank today."""
    today = tenancy.today()
    roles = role_map(group_id)
    money = {row.account.id: row.balance for row in balances(group_id, through=today)}
    asks = selectors.queue(request.group)
    by_id = _requests(group_id).in_bulk([a.id for a in asks])
    committee = _committee_size(group_id)
    return {
        "priority": bylaw_book(group_id).value("loan.priority", today),
        "cash": baht(money.get(roles.get("cash"), 0)),
        "bank": baht(money.get(roles.get("bank"), 0)),
        "requests": [_request_out(by_id[a.id], committee) for a in asks],
    }


# --- loans ----------------------------------------------------------------------------------------


@router.get(LOANS + "/arrears", response=s.ArrearsOut)
@group_route(Access.READ)
def arrears(request, group_id: int, date: str = ""):
    """Arrears ageing (1-30, 31-90, over 90 days), PAR30 and PAR90, and the late borrowers with
    their guarantors to visit, on ``date`` (default today)."""
    found = selectors.arrears(request.group, _day(date))

    def visit(member):
        return {**_person(member), "phone": member.phone}

    return {
        "date": found.day,
        "buckets": [{**b, "owed": baht(b["owed"])} for b in found.buckets],
        "par30": percent(found.par30) if found.par30 is not None else None,
        "par90": percent(found.par90) if found.par90 is not None else None,
        "outstanding": baht(found.outstanding),
        "late": [
            {
                "loan_id": row["state"].loan.id,
                "loan_number": row["state"].loan.number,
                "borrower": visit(row["state"].loan.member),
                "days_overdue": row["state"].days_overdue,
                "due_now": baht(row["state"].due_now),
                "outstanding": baht(row["state"].outstanding),
                "guarantors": [visit(g) for g in row["guarantors"]],
            }
            for row in found.late
        ],
    }


@router.get(LOANS, response=list[s.LoanOut])
@group_route(Access.READ)
def loan_list(request, group_id: int, status: str = ""):
    """Loans paid out, newest first, each with its state today; ``status``: open, closed or written_off."""
    loans = _loans(group_id)
    if _status(status, Loan.Status):
        loans = loans.filter(status=status)
    return _loans_out(loans, tenancy.today())


@router.get(LOANS + "/{loan_id}", response=s.LoanDetailOut)
@group_route(Access.SELF)
def loan_detail(request, group_id: int, loan_id: int):
    """One loan: its terms, the contracted schedule, what is owed today and why, the payoff quote,
    repayments, late fines, guarantors (a member: their own loans only)."""
    loan = _loan(request, group_id, loan_id)
    return _loan_detail(group_id, loan.id)


@router.get(LOANS + "/{loan_id}/payoff", response=s.PayoffOut)
@group_route(Access.SELF)
def loan_payoff(request, group_id: int, loan_id: int, date: str = ""):
    """What closes the loan on ``date`` (default today): fines and interest due, the interest for
    the days since the last due date, and all the principal."""
    loan = _loan(request, group_id, loan_id)
    day = _day(date)
    if day < loan.disbursed_on:
        raise SajjaError(
            fmt(_("The date is before %(date)s."), date=format_date(loan.disbursed_on)), field="date", code="too_early"
        )
    return _payoff_out(loan, day)


def _repayment_answer(group_id: int, loan: Loan):
    def answer(entry, duplicate):
        repayment = Repayment.objects.filter(loan=loan, entry=entry).select_related("entry").first()
        if repayment is None:
            raise SajjaError(_("This key was used for another record: send a new key."), field="key", code="key_reused")
        fresh = _loans(group_id).get(id=loan.id)
        return {
            "duplicate": duplicate,
            "repayment": _repayments_out([repayment])[0],
            "loan": _loan_out(fresh, selectors.state(fresh, tenancy.today())),
        }

    return answer


@router.post(LOANS + "/{loan_id}/repayments", response={200: s.RepaymentPostedOut, 201: s.RepaymentPostedOut})
@group_route(Access.MANAGE)
def loan_repay(request, group_id: int, loan_id: int, payload: s.RepaymentIn, idempotency_key: str = IDEMPOTENCY_KEY):
    """A repayment of any amount: late fines are charged first; it pays fines, then interest due,
    then principal (the bylaws' order). The payoff amount closes the loan; more is refused."""
    loan = _loan(request, group_id, loan_id)
    key = _key(payload.key, idempotency_key)
    date, amount = _date(payload.date), _satang(payload.amount)

    def post(key):
        return services.loan_repay(
            loan=loan, date=date, amount=amount, method=payload.method, key=key, actor=request.user
        ).entry

    return _posted(request, key, post, _repayment_answer(group_id, loan))


@router.post(LOANS + "/{loan_id}/repayments/{repayment_id}/reverse", response={201: s.RepaymentReversedOut})
@group_route(Access.MANAGE)
def repayment_reverse(request, group_id: int, loan_id: int, repayment_id: int, payload: s.RepaymentReverseIn):
    """Undo a repayment recorded by mistake (the loan's latest standing one): a reversing entry
    with the reason and a repayment row of the parts negated; the loan owes again what it paid."""
    loan = _loan(request, group_id, loan_id)
    repayment = Repayment.objects.filter(loan=loan, id=repayment_id).first()
    if repayment is None:
        raise Http404
    undone = services.repayment_reverse(
        repayment=repayment,
        date=_date(payload.date),
        reason=parse_text(payload.reason, field="reason", max_length=300),
        actor=request.user,
    )
    fresh = _loans(group_id).get(id=loan.id)
    undone = Repayment.objects.select_related("entry").get(id=undone.id)
    return 201, {
        "repayment": _repayments_out([undone])[0],
        "loan": _loan_out(fresh, selectors.state(fresh, tenancy.today())),
    }


@router.post(LOANS + "/{loan_id}/guarantor-payments", response={200: s.RepaymentPostedOut, 201: s.RepaymentPostedOut})
@group_route(Access.MANAGE)
def guarantor_payment(
    request, group_id: int, loan_id: int, payload: s.GuarantorPaymentIn, idempotency_key: str = IDEMPOTENCY_KEY
):
    """A guarantor pays on the loan, in money or from their savings held for it (never more than
    still held). A resend with the same idempotency key posts nothing and answers 200."""
    loan = _loan(request, group_id, loan_id)
    key = _key(payload.key, idempotency_key)
    try:
        guarantor = Member.objects.get(group_id=group_id, id=payload.guarantor)
    except Member.DoesNotExist:
        raise SajjaError(
            _("This member does not guarantee this loan."), field="guarantor", code="not_guarantor"
        ) from None
    date, amount = _date(payload.date), _satang(payload.amount)

    def post(key):
        return services.guarantor_pay(
            loan=loan,
            guarantor=guarantor,
            date=date,
            amount=amount,
            from_held_savings=payload.from_held_savings,
            method=payload.method,
            key=key,
            actor=request.user,
        ).entry

    return _posted(request, key, post, _repayment_answer(group_id, loan))


@router.post(LOANS + "/{loan_id}/restructure", response={201: s.LoanDetailOut})
@group_route(Access.MANAGE)
def loan_restructure(request, group_id: int, loan_id: int, payload: s.RestructureIn):
    """Put the loan on a new schedule by a resolution: the principal still owed over the new term,
    interest due carried into the first instalment; the earlier schedule stays as history."""
    loan = _loan(request, group_id, loan_id)
    rate = None
    if payload.rate.strip():
        rate = registry.parse_value(registry.get(f"loan.{loan.kind}.rate"), payload.rate)
    services.loan_restructure(
        loan=loan,
        date=_date(payload.date),
        term_months=parse_positive_int(payload.term_months, field="term_months"),
        rate_bp_month=rate,
        reason=parse_text(payload.reason, field="reason", max_length=300),
        resolution=parse_text(payload.resolution, field="resolution", max_length=300),
        actor=request.user,
    )
    return 201, _loan_detail(group_id, loan.id)


@router.get(BASE + "/members/{member_id}/credit", response=s.CreditOut)
@group_route(Access.SELF)
def member_credit(request, group_id: int, member_id: int):
    """What the group holds for the member from overpayments on loans (``loan.overpayment`` = credit)."""
    member = _member(request, group_id, member_id)
    return {"member_id": member.id, "credit": baht(selectors.credit(member))}


@router.post(BASE + "/members/{member_id}/credit/refunds", response={200: s.CreditRefundOut, 201: s.CreditRefundOut})
@group_route(Access.MANAGE)
def member_credit_refund(
    request, group_id: int, member_id: int, payload: s.CreditRefundIn, idempotency_key: str = IDEMPOTENCY_KEY
):
    """Pay back (part of) the member's credit, in cash or by bank. A resend with the same key posts nothing."""
    member = _member(request, group_id, member_id)
    key = _key(payload.key, idempotency_key)
    date, amount = _date(payload.date), _satang(payload.amount)

    def post(key):
        return services.credit_refund(
            member=member, date=date, amount=amount, method=payload.method, key=key, actor=request.user
        )

    def answer(entry, duplicate):
        if entry.source != f"member/{member.id}":
            raise SajjaError(_("This key was used for another record: send a new key."), field="key", code="key_reused")
        return {
            "duplicate": duplicate,
            "entry": _entry_ref(entry),
            "credit": {"member_id": member.id, "credit": baht(selectors.credit(member))},
        }

    return _posted(request, key, post, answer)


@router.post(LOANS + "/{loan_id}/write-off", response={201: s.LoanDetailOut})
@group_route(Access.MANAGE)
def loan_write_off(request, group_id: int, loan_id: int, payload: s.WriteOffIn):
    """Write off the principal still owed, by a resolution with the reason (bad-debt expense)."""
    loan = _loan(request, group_id, loan_id)
    services.loan_write_off(
        loan=loan,
        date=_date(payload.date),
        reason=parse_text(payload.reason, field="reason", max_length=300),
        resolution=parse_text(payload.resolution, field="resolution", max_length=300),
        actor=request.user,
    )
    return 201, _loan_detail(group_id, loan.id)


# --- a member's loans -----------------------------------------------------------------------------


@router.get(BASE + "/members/{member_id}/loans", response=s.MemberLoansOut)
@group_route(Access.SELF)
def member_loans(request, group_id: int, member_id: int):
    """A member's loans (with what is owed today) and requests, newest first. A member sees only their own."""
    member = _member(request, group_id, member_id)
    asks = _requests(group_id).filter(member=member).order_by("-requested_on", "-id")
    committee = _committee_size(group_id)
    return {
        "member_id": member.id,
        "loans": _loans_out(_loans(group_id).filter(member=member), tenancy.today()),
        "requests": [_request_out(a, committee) for a in asks],
    }
