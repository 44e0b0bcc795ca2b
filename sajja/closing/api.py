"""Year end routes of the JSON API (``/api/v1/groups/{group_id}/closing/...``): the fiscal years, the
pre-close checklist, the profit with its parts, the allocation plan (make, approve with the general
meeting's resolution, post), closing the year, the member shares and their payment.

Thin: every route goes through ``group_route`` (tenancy), then the same services and selectors as
the pages. Who may do what: the managing committee acts (``Access.MANAGE``); the other committees
and the district officer read (``Access.READ``); a member reads the years and their own shares
(``Access.SELF``: ``/closing/my-shares``). Money out as exact baht text; dates in as B.E./C.E./ISO.
"""

from typing import Any

from django.http import Http404
from ninja import Router, Schema
from pydantic import Field

from sajja.core import tenancy
from sajja.core.fields import parse_date_input, parse_text
from sajja.core.money import to_decimal
from sajja.core.tenancy import Access
from sajja.core.thai import format_date
from sajja.ledger.models import Account
from sajja.members.models import Member

from . import selectors, services
from .models import FiscalYear, MemberShare

# Made before ``sajja.api.api`` is imported: that module adds this router at its end.
router = Router(tags=["closing"])

from sajja.api.api import group_route  # noqa: E402
from sajja.savings.api import IDEMPOTENCY_KEY, _key, _posted  # noqa: E402

BASE = "/groups/{group_id}/closing"


def baht(satang: int) -> str:
    return str(to_decimal(int(satang)))


def percent(basis_points: int) -> str:
    return f"{basis_points / 100:.2f}"


class YearIn(Schema):
    date: Any = Field(None, description="Any day of the fiscal year (B.E. or C.E.); default today")


class ApproveIn(Schema):
    meeting_date: Any = Field(None, description="The general meeting's date")
    resolution: Any = Field(None, description="The resolution's reference, e.g. มติที่ประชุมใหญ่ ครั้งที่ 1/2569")
    resolution_text: Any = ""
    votes_for: Any = None
    votes_against: Any = 0
    votes_abstain: Any = 0


class PayIn(Schema):
    method: str = Field("", description="cash or savings")
    date: Any = None
    key: str = ""


class CategoryIn(Schema):
    code: Any = None
    name_th: Any = None
    name_en: Any = ""
    account: Any = Field(None, description="Account code of the group's chart (equity or liability)")
    rate: Any = Field(None, description="Percent of the net profit, two decimals at most")
    effective_from: Any = None
    resolution: Any = None


def _votes(value, field: str) -> int:
    """A vote count: a whole number ≥ 0 (Thai digits accepted)."""
    from sajja.core.fields import parse_positive_int

    if value in (0, "0", "๐"):
        return 0
    return parse_positive_int(value, field=field, maximum=100_000)


def _year(group_id: int, fiscal_year_id: int) -> FiscalYear:
    try:
        return FiscalYear.objects.select_related("group").get(group_id=group_id, id=fiscal_year_id)
    except FiscalYear.DoesNotExist:
        raise Http404 from None


def _share(group_id: int, share_id: int) -> MemberShare:
    try:
        return MemberShare.objects.select_related("member", "plan__fiscal_year").get(group_id=group_id, id=share_id)
    except MemberShare.DoesNotExist:
        raise Http404 from None


def year_out(year: FiscalYear) -> dict:
    return {
        "id": year.id,
        "label": year.label,
        "start": year.start,
        "end": year.end,
        "start_be": format_date(year.start),
        "end_be": format_date(year.end),
        "status": year.status,
    }


def share_out(share: MemberShare) -> dict:
    return {
        "id": share.id,
        "year": share.plan.fiscal_year.label if share.plan_id else None,
        "member_id": share.member_id,
        "member_number": share.member.number,
        "member_name": share.member.full_name,
        "weight": share.weight,
        "interest_paid": baht(share.interest_paid),
        "dividend": baht(share.dividend),
        "rebate": baht(share.rebate),
        "total": baht(share.total),
        "left_in_year": share.left_in_year,
        "paid": share.is_paid,
        "paid_on": share.paid_on,
        "paid_method": share.paid_method or None,
    }


def plan_out(plan) -> dict | None:
    if plan is None:
        return None
    recon = selectors.reconciliation(plan)
    return {
        "id": plan.id,
        "status": plan.status,
        "net_profit": baht(plan.net_profit),
        "basis": plan.basis,
        "unit": baht(plan.unit),
        "rounding": plan.rounding,
        "rounding_fund": plan.rounding_fund,
        "leavers": plan.leavers,
        "lines": [
            {
                "code": line.code,
                "name_th": line.name_th,
                "name_en": line.name_en,
                "account": line.account.code,
                "rate": percent(line.rate_bp),
                "amount": baht(line.amount),
            }
            for line in selectors.plan_lines(plan)
        ],  # fmt: skip
        "meeting_date": plan.meeting_date,
        "resolution": plan.resolution_ref,
        "resolution_text": plan.resolution_text,
        "votes": {"for": plan.votes_for, "against": plan.votes_against, "abstain": plan.votes_abstain},
        "entry_id": plan.entry_id,
        "reconciliation": {
            "net_profit": baht(recon["net_profit"]),
            "funds": baht(recon["fund_total"]),
            "dividends": baht(recon["dividend_total"]),
            "rebates": baht(recon["rebate_total"]),
            "rounding_remainder": baht(recon["remainder"]),
            "rounding_fund": recon["rounding_fund"],
            "total": baht(recon["total"]),
            "paid": baht(recon["paid"]),
            "unpaid": baht(recon["unpaid"]),
            "ok": recon["ok"],
        },
    }


def year_detail(year: FiscalYear) -> dict:
    statement = selectors.income_statement(year)
    return {
        **year_out(year),
        "checklist": [
            {"code": c.code, "label": str(c.label), "ok": c.ok, "missing": [str(m) for m in c.missing]}
            for c in selectors.checklist(year)
        ],
        "income": [{"account": r["account"].code, "name": r["account"].name_th, "amount": baht(r["amount"])} for r in statement["income"]],
        "expenses": [{"account": r["account"].code, "name": r["account"].name_th, "amount": baht(r["amount"])} for r in statement["expenses"]],
        "income_total": baht(statement["income_total"]),
        "expense_total": baht(statement["expense_total"]),
        "net_profit": baht(statement["net_profit"]),
        "plan": plan_out(selectors.plan_of(year)),
    }  # fmt: skip


@router.get(BASE + "/years")
@group_route(Access.SELF)
def years(request, group_id: int):
    """The group's fiscal years with a record (newest first) and the bounds of the current one."""
    start, end = selectors.fiscal_year_bounds(request.group, tenancy.today())
    return {
        "current": {"start": start, "end": end},
        "years": [year_out(y) for y in selectors.fiscal_years(request.group)],
    }


@router.post(BASE + "/years", response={200: dict, 201: dict})
@group_route(Access.MANAGE)
def year_open(request, group_id: int, payload: YearIn):
    """The record of the fiscal year containing ``date`` (created on first use)."""
    day = parse_date_input(payload.date, field="date") if payload.date not in (None, "") else tenancy.today()
    existed = FiscalYear.objects.filter(
        group=request.group, start=selectors.fiscal_year_bounds(request.group, day)[0]
    ).exists()
    year = services.fiscal_year_open(group=request.group, day=day, actor=request.user)
    return (200 if existed else 201), year_out(year)


@router.get(BASE + "/years/{fiscal_year_id}")
@group_route(Access.READ)
def year_get(request, group_id: int, fiscal_year_id: int):
    """The year: checklist, profit with its parts, and the plan with its reconciliation."""
    return year_detail(_year(group_id, fiscal_year_id))


@router.post(BASE + "/years/{fiscal_year_id}/plan")
@group_route(Access.MANAGE)
def plan_make(request, group_id: int, fiscal_year_id: int):
    """Make (or make again, while a draft) the allocation plan from the books and the bylaws."""
    plan = services.plan_make(fiscal_year=_year(group_id, fiscal_year_id), actor=request.user)
    return plan_out(plan)


@router.post(BASE + "/years/{fiscal_year_id}/approve")
@group_route(Access.MANAGE)
def plan_approve(request, group_id: int, fiscal_year_id: int, payload: ApproveIn):
    """Record the general meeting's approval: date, resolution and vote."""
    year = _year(group_id, fiscal_year_id)
    plan = selectors.plan_of(year)
    if plan is None:
        raise Http404
    plan = services.plan_approve(
        plan=plan,
        meeting_date=parse_date_input(payload.meeting_date, field="meeting_date"),
        resolution_ref=parse_text(payload.resolution, field="resolution_ref", max_length=200),
        resolution_text=parse_text(payload.resolution_text, field="resolution_text", required=False, max_length=2000),
        votes_for=_votes(payload.votes_for, "votes_for"),
        votes_against=_votes(payload.votes_against, "votes_against"),
        votes_abstain=_votes(payload.votes_abstain, "votes_abstain"),
        actor=request.user,
    )
    return plan_out(plan)


@router.post(BASE + "/years/{fiscal_year_id}/post")
@group_route(Access.MANAGE)
def plan_post(request, group_id: int, fiscal_year_id: int):
    """Post the approved plan to the ledger (one entry dated the year end)."""
    year = _year(group_id, fiscal_year_id)
    plan = selectors.plan_of(year)
    if plan is None:
        raise Http404
    services.plan_post(plan=plan, actor=request.user)
    plan.refresh_from_db()
    return plan_out(plan)


@router.post(BASE + "/years/{fiscal_year_id}/close")
@group_route(Access.MANAGE)
def year_close(request, group_id: int, fiscal_year_id: int):
    """Lock the year: nothing can be posted on or before its last day any more."""
    year = services.year_close(fiscal_year=_year(group_id, fiscal_year_id), actor=request.user)
    return year_out(year)


@router.get(BASE + "/years/{fiscal_year_id}/shares")
@group_route(Access.SELF)
def year_shares(request, group_id: int, fiscal_year_id: int):
    """The member shares of the year's plan: every member's for the committees, a member's own."""
    year = _year(group_id, fiscal_year_id)
    plan = selectors.plan_of(year)
    if plan is None:
        return {"shares": []}
    member_ids = None
    if request.access < Access.READ:
        if plan.status != plan.Status.POSTED:
            return {"shares": []}
        member_ids = [tenancy.grants_for(request.user).member_ids.get(group_id)]
    return {"shares": [share_out(s) for s in selectors.shares(plan, member_ids=member_ids)]}


@router.get(BASE + "/my-shares")
@group_route(Access.SELF)
def my_shares(request, group_id: int):
    """The caller's own dividends and rebates of every posted year."""
    member_id = tenancy.grants_for(request.user).member_ids.get(group_id)
    if member_id is None:
        return {"shares": []}
    member = Member.objects.get(group_id=group_id, id=member_id)
    return {"shares": [share_out(s) for s in selectors.own_shares(request.group, member)]}


@router.get(BASE + "/unclaimed")
@group_route(Access.READ)
def unclaimed(request, group_id: int):
    """Posted dividends and rebates not yet paid (they stay payable)."""
    return {"shares": [share_out(s) for s in selectors.unclaimed(request.group)]}


@router.get(BASE + "/shares/{share_id}")
@group_route(Access.SELF)
def share_get(request, group_id: int, share_id: int):
    share = _share(group_id, share_id)
    if request.access < Access.READ and (
        share.member_id != tenancy.grants_for(request.user).member_ids.get(group_id) or share.plan.status != "posted"
    ):
        raise Http404
    return share_out(share)


@router.post(BASE + "/shares/{share_id}/pay", response={200: dict, 201: dict})
@group_route(Access.MANAGE)
def share_pay(request, group_id: int, share_id: int, payload: PayIn, idempotency_key: str = IDEMPOTENCY_KEY):
    """Pay the member's dividend and rebate, in cash or into the pledge savings. A resend with the same
    key answers 200 with the first payment; a second payment of the share is refused."""
    share = _share(group_id, share_id)
    day = parse_date_input(payload.date, field="date") if payload.date not in (None, "") else None
    key = _key(payload.key, idempotency_key)

    def post(k):
        return services.dividend_pay(share=share, method=payload.method, date=day, key=k, actor=request.user)

    def answer(entry, repeated):
        share.refresh_from_db()
        return {**share_out(share), "entry_id": entry.id, "repeated": repeated}

    return _posted(request, key, post, answer)


@router.get(BASE + "/categories")
@group_route(Access.READ)
def categories(request, group_id: int):
    """The allocation categories and rules in force today (built-in and the group's own)."""
    rules = selectors.rules_at(request.group, tenancy.today())
    return {
        "categories": [
            {"code": c.code, "name_th": c.name_th, "name_en": c.name_en, "rate": percent(c.rate_bp)}
            for c in rules.categories
        ],
        "total": percent(rules.total_bp),
        "basis": rules.basis,
        "unit": baht(rules.unit),
        "rounding": rules.rounding,
        "rounding_fund": rules.rounding_fund,
        "leavers": rules.leavers,
    }


@router.post(BASE + "/categories", response={201: dict})
@group_route(Access.MANAGE)
def category_add(request, group_id: int, payload: CategoryIn):
    """Add a category of the group's own (dated, by a resolution), credited to one of its accounts."""
    from sajja.bylaws import registry

    rate = registry.parse_value(registry.Setting("x", "rate", "", 0, "", maximum=10_000), payload.rate)
    account = Account.objects.filter(group=request.group, code=str(payload.account or "").strip()).first()
    row = services.category_add(
        group=request.group,
        code=parse_text(payload.code, field="code", max_length=40),
        name_th=parse_text(payload.name_th, field="name_th", max_length=200),
        name_en=parse_text(payload.name_en, field="name_en", required=False, max_length=200),
        account=account.id if account else None,
        rate_bp=rate,
        effective_from=parse_date_input(payload.effective_from, field="effective_from"),
        resolution=parse_text(payload.resolution, field="resolution", max_length=300),
        actor=request.user,
    )
    return 201, {"code": row.code, "rate": percent(row.rate_bp), "effective_from": row.effective_from}
