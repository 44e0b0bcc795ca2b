"""Funds, welfare and annual-report routes of the JSON API (``/api/v1/groups/{group_id}/...``).

Thin, like ``sajja.loans.api``: every route goes through ``group_route`` (tenancy), then the same
services and selectors as the pages.

Who may do what: the funds' totals, the benefit rules and the annual report are open to any member
(the report also to the networks above the group: ``Access.SUMMARY``, figures only); a member reads
only their own claims and their own dividend slip (another one is 404, like a record of another
group); the committees read every claim, slip and fund movement (``Access.READ``); the managing
committee enters, checks, approves (not the one who entered it), rejects and pays claims and records
receipts into a fund.

``report_year`` is the C.E. year the fiscal year starts in (``/annual-report/2025``); ``year`` query
parameters take B.E. (2568) or C.E. (2025).
"""

import datetime as dt
from decimal import Decimal

from django.http import Http404
from django.utils.translation import gettext_lazy as _
from ninja import Router

from sajja.core import tenancy
from sajja.core.errors import SajjaError
from sajja.core.fields import parse_positive_int
from sajja.core.tenancy import Access
from sajja.core.thai import baht_text, format_date
from sajja.ledger.selectors import fiscal_year_start
from sajja.members.models import Member

from . import report, selectors, services
from . import schemas as s
from .models import FUND_ROLES, WelfareClaim

# Made before ``sajja.api.api`` is imported: that module adds this router at its end.
router = Router(tags=["welfare"])

from sajja.api.api import group_route  # noqa: E402
from sajja.savings.api import IDEMPOTENCY_KEY, _date, _entry_ref, _key, _satang, baht  # noqa: E402

BASE = "/groups/{group_id}"
WELFARE = BASE + "/welfare"
REPORT = BASE + "/annual-report/{report_year}"


# --- parsing and fences ---------------------------------------------------------------------------


def _day(value: str, field: str = "date") -> dt.date:
    return _date(value, field) if (value or "").strip() else tenancy.today()


def _year(request, value: str) -> report.Year:
    """``?year=`` (B.E. or C.E.), default the current fiscal year."""
    number = report.parse_report_year(value) if (value or "").strip() else None
    if number is None:
        number = fiscal_year_start(request.group, tenancy.today()).year
    return report.fiscal_year(request.group, number)


def _report_year(request, report_year: int) -> int:
    try:
        report.fiscal_year(request.group, report_year)
    except SajjaError:
        raise Http404 from None
    return report_year


def _own_member_id(request, group_id: int) -> int | None:
    return tenancy.grants_for(request.user).member_ids.get(group_id)


def _claim(request, group_id: int, claim_id: int) -> WelfareClaim:
    claim = selectors.claims(group_id).select_related("group").filter(id=claim_id).first()
    if claim is None or (request.access < Access.READ and claim.member_id != _own_member_id(request, group_id)):
        raise Http404
    return claim


def _member(group_id: int, member_id) -> Member:
    if isinstance(member_id, bool) or not isinstance(member_id, int):
        raise SajjaError(_("Choose the member."), field="member", code="member")
    member = Member.objects.filter(group_id=group_id, id=member_id).first()
    if member is None:
        # Another group's member, or none at all: the same answer, so ids reveal nothing.
        raise SajjaError(_("This member is not one of the group's members."), field="member", code="foreign_member")
    return member


def _nights(value) -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return parse_positive_int(value, field="nights", maximum=366)


def _amount(value) -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return _satang(value)


# --- output ---------------------------------------------------------------------------------------


def _optional_baht(satang: int | None) -> str | None:
    return baht(satang) if satang else None


def _claim_out(claim: WelfareClaim) -> dict:
    return {
        "id": claim.id,
        "number": claim.number,
        "member_id": claim.member_id,
        "member_number": claim.member.number,
        "full_name": claim.member.full_name,
        "benefit": claim.benefit,
        "event_date": claim.event_date,
        "event_date_be": format_date(claim.event_date),
        "nights": claim.nights,
        "beneficiary": claim.beneficiary,
        "note": claim.note,
        "amount": baht(claim.amount),
        "fiscal_year": claim.fiscal_year,
        "status": claim.status,
        "created_by": str(claim.created_by),
        "created_at": claim.created_at,
        "decided_by": str(claim.decided_by) if claim.decided_by_id else None,
        "decided_at": claim.decided_at,
        "decision_reason": claim.decision_reason,
        "paid_on": claim.paid_on,
        "method": claim.method,
        "entry": _entry_ref(claim.entry) if claim.entry_id else None,
    }


def _fresh(claim: WelfareClaim) -> dict:
    return _claim_out(selectors.claims(claim.group_id).get(id=claim.id))


def _money(rows: list[dict], *keys: str) -> list[dict]:
    return [{k: (baht(v) if k in keys else v) for k, v in row.items()} for row in rows]


def _statement_rows(rows: list[dict]) -> list[dict]:
    return [{"code": r["account"].code, "name": r["account"].name_th, "amount": baht(r["amount"])} for r in rows]


def report_json(data: dict) -> dict:
    """The annual report's figures as JSON (money as exact baht text)."""
    year, income, sheet, alloc = data["year"], data["income"], data["sheet"], data["allocation"]
    allocation = None
    if alloc:
        plan, rec = alloc["plan"], alloc["reconciliation"]
        allocation = {
            "status": plan.status,
            "meeting_date": plan.meeting_date,
            "resolution": plan.resolution_ref,
            "votes": {"for": plan.votes_for, "against": plan.votes_against, "abstain": plan.votes_abstain},
            "basis": plan.basis,
            "net_profit": baht(plan.net_profit),
            "lines": [
                {
                    "code": line.code,
                    "name": line.name_th,
                    "rate": f"{Decimal(line.rate_bp) / 100:.2f}",
                    "amount": baht(line.amount),
                }
                for line in alloc["lines"]
            ],  # fmt: skip
            "remainder": baht(rec["remainder"]),
            "rounding_fund": rec["rounding_fund"],
            "dividend_total": baht(rec["dividend_total"]),
            "rebate_total": baht(rec["rebate_total"]),
            "total": baht(rec["total"]),
            "reconciled": rec["ok"],
        }
    late = data["arrears"]
    return {
        "report_year": year.report_year,
        "label": year.label,
        "start": year.start,
        "end": year.end,
        "closed": year.closed,
        "income_statement": {
            "income": _statement_rows(income["income"]),
            "expenses": _statement_rows(income["expenses"]),
            "income_total": baht(income["income_total"]),
            "expense_total": baht(income["expense_total"]),
            "net_profit": baht(income["net_profit"]),
        },
        "balance_sheet": {
            "assets": _statement_rows(sheet["assets"]),
            "liabilities": _statement_rows(sheet["liabilities"]),
            "funds": _statement_rows(sheet["equity"]),
            "profit_not_allocated": baht(sheet["profit"]),
            "asset_total": baht(sheet["asset_total"]),
            "claims_total": baht(sheet["claims_total"]),
        },
        "allocation": allocation,
        "members": data["members"],
        "savings_growth": [{"label": g["label"], "end": g["end"], "pledge": baht(g["pledge"])} for g in data["growth"]],
        "loans": {
            "by_kind": _money(data["loans"]["by_kind"], "amount"),
            "by_purpose": _money(data["loans"]["by_purpose"], "amount"),
            "count": data["loans"]["count"],
            "amount": baht(data["loans"]["amount"]),
        },
        "arrears": {
            "date": late["day"],
            "buckets": _money(late["buckets"], "owed"),
            "outstanding": baht(late["outstanding"]),
            "par30": data["par30"],
            "par90": data["par90"],
        },
        "welfare_paid": [{**row, "name": str(row["name"]), "amount": baht(row["amount"])} for row in data["welfare"]],
        "welfare_total": baht(data["welfare_total"]),
        "funds": [_fund_out(f) for f in data["funds"]],
    }


def _fund_out(f: dict) -> dict:
    return {
        "role": f["role"],
        "name": str(f["name"]),
        "account_code": f["account"].code,
        "opening": baht(f["opening"]),
        "received": baht(f["received"]),
        "spent": baht(f["spent"]),
        "closing": baht(f["closing"]),
    }


def _slip_out(row: dict, basis: str) -> dict:
    member = row["member"]
    return {
        "member_id": member.id,
        "member_number": member.number,
        "full_name": member.full_name,
        "basis": basis,
        "basis_label": str(row["basis_label"]),
        "basis_figure": row["basis_figure"],
        "interest_paid": baht(row["interest_paid"]),
        "dividend": baht(row["dividend"]),
        "rebate": baht(row["rebate"]),
        "total": baht(row["total"]),
        "total_words": baht_text(Decimal(row["total"]) / 100),
        "paid": row["paid"],
        "paid_on": row["paid_on"],
        "paid_method": row["share"].paid_method,
    }


# --- funds ----------------------------------------------------------------------------------------


@router.get(WELFARE + "/funds", response=s.FundsOut)
@group_route(Access.SELF)
def funds(request, group_id: int, year: str = ""):
    """Each fund (reserve, welfare, public benefit, training) in a fiscal year (``year`` B.E. or C.E.,
    default the current one): brought forward, in, out, balance, from the ledger's lines."""
    fy = _year(request, year)
    rows = selectors.funds(group_id, since=fy.start, through=fy.end)
    return {"since": fy.start, "through": fy.end, "funds": [_fund_out(f) for f in rows]}


@router.get(WELFARE + "/funds/movements", response=s.MovementsOut)
@group_route(Access.READ)
def fund_movements(request, group_id: int, fund: str = "welfare_fund", year: str = ""):
    """One fund's lines in a fiscal year with the running balance."""
    if fund not in FUND_ROLES:
        raise SajjaError(_("Choose the fund."), field="fund", code="fund")
    fy = _year(request, year)
    ledger = selectors.fund_movements(group_id, fund, since=fy.start, through=fy.end)
    return {
        "fund": fund,
        "since": fy.start,
        "through": fy.end,
        "opening": baht(ledger["opening"]),
        "closing": baht(ledger["closing"]),
        "rows": [
            {"date": r["entry"].date, "date_be": format_date(r["entry"].date), "seq": r["entry"].seq,
             "memo": r["entry"].memo, "debit": baht(r["line"].debit), "credit": baht(r["line"].credit),
             "balance": baht(r["balance"])}
            for r in ledger["rows"]
        ],
    }  # fmt: skip


@router.post(WELFARE + "/funds/receipts", response={200: s.ReceiptOut, 201: s.ReceiptOut})
@group_route(Access.MANAGE)
def fund_receive(request, group_id: int, payload: s.ReceiveIn, idempotency_key: str = IDEMPOTENCY_KEY):
    """Money received into a fund (a donation, a grant, a transfer the meeting decided): debit cash or
    bank, credit the fund. A key already used answers 200 with the earlier receipt."""
    from sajja.ledger.services import AlreadyPosted, posted_with_key

    from .models import FundReceipt

    key = _key(payload.key, idempotency_key)

    def out(receipt, duplicate: bool) -> dict:
        return {"id": receipt.id, "fund": receipt.fund, "amount": baht(receipt.amount), "date": receipt.date,
                "source": receipt.source, "method": receipt.method, "entry": _entry_ref(receipt.entry),
                "duplicate": duplicate}  # fmt: skip

    def earlier(entry):
        receipt = FundReceipt.objects.filter(group_id=group_id, entry=entry).select_related("entry").first()
        if receipt is None:
            raise SajjaError(_("This key was already used for another record."), field="key", code="key_used")
        return 200, out(receipt, True)

    if entry := posted_with_key(request.group, key):
        return earlier(entry)
    try:
        receipt = services.fund_receive(
            group=request.group, fund=payload.fund, amount=_satang(payload.amount), date=_day(payload.date),
            source=payload.source, method=payload.method, note=payload.note, key=key, actor=request.user,
        )  # fmt: skip
    except AlreadyPosted as error:
        return earlier(error.entry)
    return 201, out(receipt, False)


# --- welfare rules and claims ---------------------------------------------------------------------


@router.get(WELFARE + "/rules", response=s.RulesOut)
@group_route(Access.SELF)
def rules(request, group_id: int, date: str = ""):
    """Each benefit's rule in force on ``date`` (default today), with the resolution that set it."""
    day = _day(date)
    out = []
    for row in selectors.rules_in_force(group_id, day):
        rule = row["rule"]
        out.append(
            {
                "benefit": row["benefit"],
                "name": str(row["name"]),
                "min_months": rule.min_months,
                "amount": baht(rule.amount),
                "per_night": row["per_night"],
                "cap_event": _optional_baht(rule.cap_event),
                "cap_year": _optional_baht(rule.cap_year),
                "min_age": rule.min_age or None,
                "since": row["since"],
                "resolution": row["resolution"],
            }
        )
    return {"date": day, "rules": out}


def _claim_args(group_id: int, payload: s.ClaimIn) -> dict:
    return {
        "member": _member(group_id, payload.member),
        "benefit": payload.benefit,
        "event_date": _date(payload.event_date, "event_date"),
        "nights": _nights(payload.nights),
        "beneficiary": payload.beneficiary,
        "amount": _amount(payload.amount),
    }


@router.post(WELFARE + "/claims/check", response=s.AssessmentOut)
@group_route(Access.MANAGE)
def claim_check(request, group_id: int, payload: s.ClaimIn):
    """What the rules in force on the event date would pay for this claim, or every reason they would
    not. Nothing is written."""
    args = _claim_args(group_id, payload)
    if args["benefit"] not in services.domain.PER_NIGHT:
        args["nights"] = None
    assessment = services.claim_assess(group=request.group, **args)
    return {
        "payable": assessment.ok,
        "amount": baht(assessment.payable),
        "entitled": baht(assessment.entitled),
        "year_room": baht(assessment.year_room) if assessment.year_room is not None else None,
        "eligible_from": assessment.eligible_from,
        "eligible_from_be": format_date(assessment.eligible_from),
        "reasons": [
            {"code": code, "field": services.REASON_FIELDS[code],
             **{f"message_{lang}": _in(lang, services.reason_message(code, assessment)) for lang in ("th", "en")}}
            for code in assessment.reasons
        ],
    }  # fmt: skip


def _in(lang: str, message) -> str:
    from django.utils import translation

    with translation.override(lang):
        return str(message)


@router.get(WELFARE + "/claims", response=list[s.ClaimOut])
@group_route(Access.SELF)
def claim_list(request, group_id: int, status: str = "", year: str = ""):
    """Claims, newest event first (a member: their own); ``status``: pending, approved, paid or
    rejected; ``year``: the fiscal year of the event (B.E. or C.E.)."""
    if status and status not in WelfareClaim.Status.values:
        raise SajjaError(_("Unknown status."), field="status", code="status")
    own = None if request.access >= Access.READ else [_own_member_id(request, group_id)]
    fiscal = _year(request, year).report_year if year.strip() else None
    return [_claim_out(c) for c in selectors.claims(group_id, status=status, member_ids=own, fiscal_year=fiscal)]


@router.post(WELFARE + "/claims", response={201: s.ClaimOut})
@group_route(Access.MANAGE)
def claim_create(request, group_id: int, payload: s.ClaimIn):
    """Enter a member's claim, checked against the rules in force on the event date; refused with
    every reason (a 400 whose ``code`` is the first reason and ``errors`` has them all by field)."""
    claim = services.claim_create(
        group=request.group, note=payload.note, actor=request.user, **_claim_args(group_id, payload)
    )
    return 201, _fresh(claim)


@router.get(WELFARE + "/claims/{claim_id}", response=s.ClaimOut)
@group_route(Access.SELF)
def claim_detail(request, group_id: int, claim_id: int):
    return _claim_out(_claim(request, group_id, claim_id))


@router.post(WELFARE + "/claims/{claim_id}/approve", response=s.ClaimOut)
@group_route(Access.MANAGE)
def claim_approve(request, group_id: int, claim_id: int):
    """Approve a pending claim: a managing committee member who did not enter it."""
    claim = services.claim_approve(claim=_claim(request, group_id, claim_id), actor=request.user)
    return _fresh(claim)


@router.post(WELFARE + "/claims/{claim_id}/reject", response=s.ClaimOut)
@group_route(Access.MANAGE)
def claim_reject(request, group_id: int, claim_id: int, payload: s.RejectIn):
    claim = services.claim_reject(claim=_claim(request, group_id, claim_id), reason=payload.reason, actor=request.user)
    return _fresh(claim)


@router.post(WELFARE + "/claims/{claim_id}/pay", response={200: s.ClaimOut, 201: s.ClaimOut})
@group_route(Access.MANAGE)
def claim_pay(request, group_id: int, claim_id: int, payload: s.PayIn, idempotency_key: str = IDEMPOTENCY_KEY):
    """Pay an approved claim from the welfare fund (cash or bank) on ``date`` (default today). A key
    already used for this claim answers 200 with the claim as paid then; the fund must hold the amount."""
    from sajja.ledger.services import AlreadyPosted, posted_with_key

    claim = _claim(request, group_id, claim_id)
    key = _key(payload.key, idempotency_key)
    if (entry := posted_with_key(request.group, key)) is not None:
        if entry.id != claim.entry_id:
            raise SajjaError(_("This key was already used for another record."), field="key", code="key_used")
        return 200, _claim_out(claim)
    try:
        services.claim_pay(claim=claim, date=_day(payload.date), method=payload.method, key=key, actor=request.user)
    except AlreadyPosted:
        return 200, _fresh(claim)
    return 201, _fresh(claim)


# --- the annual report and the slips --------------------------------------------------------------


@router.get(REPORT, response=dict)
@group_route(Access.SUMMARY)
def annual_report(request, group_id: int, report_year: int):
    """The annual report's figures for the fiscal year starting in C.E. ``report_year``: income
    statement, balance sheet, the allocation (null when not yet allocated), members, savings growth,
    loans by kind and purpose, arrears with PAR30/PAR90, welfare paid and the funds."""
    return report_json(report.annual_report(request.group, _report_year(request, report_year)))


@router.get(REPORT + "/slips", response=s.SlipsOut)
@group_route(Access.READ)
def slips(request, group_id: int, report_year: int):
    """Every member's dividend slip of the year (empty with ``allocated`` false before the allocation)."""
    data = report.slips(request.group, _report_year(request, report_year))
    return _slips_out(data)


def _slips_out(data: dict) -> dict:
    basis = data.get("basis", "")
    return {
        "report_year": data["year"].report_year,
        "label": data["year"].label,
        "allocated": data["plan"] is not None,
        "slips": [_slip_out(row, data["plan"].basis) for row in data["slips"]] if data["plan"] else [],
    } | ({"basis": str(basis)} if basis else {})


@router.get(REPORT + "/slips/{member_id}", response=s.SlipsOut)
@group_route(Access.SELF)
def slip(request, group_id: int, report_year: int, member_id: int):
    """One member's dividend slip (a member: their own; another is 404)."""
    if request.access < Access.READ and member_id != _own_member_id(request, group_id):
        raise Http404
    if not Member.objects.filter(group_id=group_id, id=member_id).exists():
        raise Http404
    data = report.slips(request.group, _report_year(request, report_year), member_ids=[member_id])
    return _slips_out(data)
