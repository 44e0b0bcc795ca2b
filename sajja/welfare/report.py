"""The annual report (รายงานประจำปี): what the group posts for its members and the public after the
annual general meeting, for one fiscal year, and each member's dividend slip.

Every figure is read, not kept: the income statement and the balance sheet from the ledger (for a
year the closing app has closed, its ``income_statement`` that leaves out the year's own closing
entry), the allocation from the closing app's plan, members from the register, savings from the
pledge account's lines, loans from the loans registers, arrears with the loans app's PAR, welfare from
the claims and the funds from their accounts' lines. A fixed number of queries whatever the number
of members or entries (the test counts them).

``report_year`` is the C.E. year in which the fiscal year starts (a URL says ``/annual-report/2025/``);
forms and the API also accept the B.E. year (2568) and turn it into C.E.
"""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, IntegerField, Q, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sajja.closing import selectors as closing
from sajja.closing.models import AllocationPlan, FiscalYear
from sajja.closing.settings import BASIS_CHOICES
from sajja.core.errors import SajjaError
from sajja.core.money import format_baht
from sajja.core.thai import be_year, normalize_digits, year_to_ce
from sajja.ledger.models import JournalLine
from sajja.ledger.selectors import balance_sheet, income_statement
from sajja.loans import domain as loan_domain
from sajja.loans import selectors as loan_selectors
from sajja.loans.models import KIND_CHOICES, Loan
from sajja.members.models import Member

from . import charts, selectors

GROWTH_YEARS = 5
TOP_PURPOSES = 8
BASIS_NAMES = dict(BASIS_CHOICES)
KIND_NAMES = dict(KIND_CHOICES)


def parse_report_year(value) -> int:
    """A fiscal year as typed: the C.E. (2025) or B.E. (2568) year it starts in -> C.E."""
    text = normalize_digits(str(value if value is not None else "")).strip()
    if not text.isdigit() or len(text) != 4:
        raise SajjaError(
            _("Type the year with four digits, in the Buddhist Era (2569) or the Common Era (2026)."),
            field="year",
            code="year",
        )
    try:
        year = year_to_ce(int(text))
    except ValueError:
        year = 0
    if not 1900 <= year <= 2200:
        raise SajjaError(
            _("Type the year with four digits, in the Buddhist Era (2569) or the Common Era (2026)."),
            field="year",
            code="year",
        )
    return year


@dataclass(frozen=True)
class Year:
    start: dt.date
    end: dt.date
    record: FiscalYear | None

    @property
    def report_year(self) -> int:
        return self.start.year

    @property
    def label(self) -> str:
        """B.E.: "2568", or "2568/2569" across two calendar years."""
        first, last = be_year(self.start.year), be_year(self.end.year)
        return str(first) if first == last else f"{first}/{last}"

    @property
    def closed(self) -> bool:
        return bool(self.record and self.record.is_closed)


def fiscal_year(group, report_year: int) -> Year:
    """The group's fiscal year starting in C.E. ``report_year`` (with its closing record, if any)."""
    if not isinstance(report_year, int) or not 1900 <= report_year <= 2200:
        raise SajjaError(_("There is no such fiscal year."), field="year", code="year")
    first = dt.date(report_year, group.fiscal_year_start_month, group.fiscal_year_start_day)
    start, end = closing.fiscal_year_bounds(group, first)
    return Year(start, end, FiscalYear.objects.filter(group=group, start=start).first())


def latest_year(group) -> int:
    """The last fiscal year that has ended (the one an AGM reports on), or the current one when the
    group is in its first year."""
    today = timezone.localdate()
    start, _end = closing.fiscal_year_bounds(group, today)
    previous = closing.fiscal_year_bounds(group, start - dt.timedelta(days=1))[0]
    return previous.year if previous >= closing.fiscal_year_bounds(group, group.founded_on)[0] else start.year


def _plan(year: Year) -> AllocationPlan | None:
    return closing.plan_of(year.record) if year.record else None


def statements(group, year: Year) -> tuple[dict, dict]:
    """The year's income statement and the balance sheet at the year end. A year whose allocation has
    posted (its income and expenses closed into the funds inside the year) reads the closing app's
    income statement, which leaves out the closing entry."""
    if year.record is not None:
        income = closing.income_statement(year.record)
    else:
        income = income_statement(group.id, since=year.start, through=year.end)
    return income, balance_sheet(group.id, through=year.end)


def allocation(year: Year) -> dict | None:
    """The allocation approved (or drafted) for the year, with the reconciliation; None when none."""
    plan = _plan(year)
    if plan is None:
        return None
    lines = closing.plan_lines(plan)
    return {
        "plan": plan,
        "lines": lines,
        "rows": [{"line": line, "percent": percent(line.rate_bp)} for line in lines],
        "reconciliation": closing.reconciliation(plan),
        "basis": BASIS_NAMES.get(plan.basis, plan.basis),
    }


def members(group_id: int, year: Year) -> dict:
    """Members who joined and left in the year and those active at its end, by sex. One query."""
    start, end = year.start, year.end
    joined = Q(joined_on__gte=start, joined_on__lte=end)
    left = ~Q(status=Member.Status.ACTIVE) & Q(status_date__gte=start, status_date__lte=end)
    active = Q(joined_on__lte=end) & (Q(status=Member.Status.ACTIVE) | Q(status_date__gt=end))
    counts = {}
    for name, condition in (("joined", joined), ("left", left), ("active", active)):
        for sex in (Member.Sex.MALE, Member.Sex.FEMALE):
            counts[f"{name}_{sex}"] = Count("id", filter=condition & Q(sex=sex))
    row = Member.objects.filter(group_id=group_id).aggregate(**counts)
    out = {}
    for name in ("joined", "left", "active"):
        male, female = row[f"{name}_M"], row[f"{name}_F"]
        out[name] = {"male": male, "female": female, "total": male + female}
    return out


def savings_growth(group, year: Year) -> list[dict]:
    """Pledge savings at the end of this and the four years before (one query: a conditional sum a
    year-end over the pledge account's lines)."""
    ends = []
    end = year.end
    for _i in range(GROWTH_YEARS):
        start, end = closing.fiscal_year_bounds(group, end)
        ends.append((start, end))
        end = start - dt.timedelta(days=1)
    ends.reverse()
    lines = JournalLine.objects.filter(group_id=group.id, account__roles__role="pledge", account__roles__group=group)
    sums = {
        f"y{index}": Coalesce(Sum("credit", filter=Q(entry__date__lte=e)), Value(0), output_field=IntegerField())
        - Coalesce(Sum("debit", filter=Q(entry__date__lte=e)), Value(0), output_field=IntegerField())
        for index, (_s, e) in enumerate(ends)
    }
    row = lines.aggregate(**sums)
    return [
        {"label": str(be_year(s.year)) if s.year == e.year else f"{be_year(s.year)}/{be_year(e.year)}", "end": e,
         "pledge": int(row[f"y{index}"] or 0)}
        for index, (s, e) in enumerate(ends)
    ]  # fmt: skip


def loans_by_purpose(group_id: int, year: Year) -> dict:
    """Loans paid out in the year by kind and by stated purpose (count, amount). Two queries."""
    paid_out = Loan.objects.filter(group_id=group_id, disbursed_on__gte=year.start, disbursed_on__lte=year.end)
    by_kind = [
        {"kind": row["kind"], "name": KIND_NAMES.get(row["kind"], row["kind"]), "count": row["count"],
         "amount": int(row["amount"])}
        for row in paid_out.order_by().values("kind").annotate(count=Count("id"), amount=Sum("principal"))
        .order_by("-amount")
    ]  # fmt: skip
    purposes = list(
        paid_out.order_by()
        .values("request__purpose")
        .annotate(count=Count("id"), amount=Sum("principal"))
        .order_by("-amount", "request__purpose")
    )
    by_purpose = [
        {"purpose": row["request__purpose"], "count": row["count"], "amount": int(row["amount"])}
        for row in purposes[:TOP_PURPOSES]
    ]
    if len(purposes) > TOP_PURPOSES:
        rest = purposes[TOP_PURPOSES:]
        by_purpose.append(
            {
                "purpose": str(_("other purposes")),
                "count": sum(r["count"] for r in rest),
                "amount": sum(int(r["amount"]) for r in rest),
                "other": True,
            }
        )
    return {
        "by_kind": by_kind,
        "by_purpose": by_purpose,
        "count": sum(r["count"] for r in by_kind),
        "amount": sum(r["amount"] for r in by_kind),
    }


def arrears(group, year: Year) -> dict:
    """Arrears on the year's last day (today for the current year): the loans open that day, aged,
    with PAR30 and PAR90 (the loans app's ``states`` and ``portfolio_at_risk``). Six queries."""
    day = min(year.end, timezone.localdate())
    if day >= timezone.localdate():
        found = loan_selectors.arrears(group, day)
        return {"day": day, "buckets": found.buckets, "par30": found.par30, "par90": found.par90,
                "outstanding": found.outstanding}  # fmt: skip
    open_then = Loan.objects.filter(group_id=group.id, disbursed_on__lte=day).filter(
        Q(status=Loan.Status.OPEN) | Q(closed_on__gt=day)
    )
    states = loan_selectors.states(open_then.select_related("member", "write_off"), day)
    buckets = [{"low": low, "high": high, "loans": 0, "owed": 0} for low, high in loan_domain.BUCKETS]
    for s in states:
        if (index := loan_domain.bucket(s.days_overdue)) is not None:
            buckets[index]["loans"] += 1
            buckets[index]["owed"] += s.outstanding
    pairs = [(s.outstanding, s.days_overdue) for s in states]
    return {
        "day": day,
        "buckets": buckets,
        "par30": loan_domain.portfolio_at_risk(pairs, 30),
        "par90": loan_domain.portfolio_at_risk(pairs, 90),
        "outstanding": sum(s.outstanding for s in states),
    }


def percent(basis_points: int | None) -> str:
    return "–" if basis_points is None else f"{basis_points / 100:.2f}%"


def _baht_short(satang: int) -> str:
    return format_baht(satang, unit=False)


def annual_report(group, report_year: int) -> dict:
    """Everything the annual report shows for the fiscal year starting in C.E. ``report_year``."""
    year = fiscal_year(group, report_year)
    income, sheet = statements(group, year)
    alloc = allocation(year)
    people = members(group.id, year)
    growth = savings_growth(group, year)
    loans = loans_by_purpose(group.id, year)
    late = arrears(group, year)
    welfare = selectors.paid_by_benefit(group.id, since=year.start, through=year.end)
    funds = selectors.funds(group.id, since=year.start, through=year.end)
    charts_ = {
        "income": charts.hbars(
            [(str(_("Total income")), income["income_total"]), (str(_("Total expenses")), income["expense_total"]),
             (str(_("Net profit")), income["net_profit"])],
            fmt=_baht_short, title=str(_("Income and expenses")),
        ),
        "savings": charts.columns(
            [(g["label"], g["pledge"]) for g in growth], fmt=_baht_short, title=str(_("Pledge savings at the year end"))
        ),
        "members": charts.hbars(
            [(f"{_('active')} · {_('male')}", people["active"]["male"]),
             (f"{_('active')} · {_('female')}", people["active"]["female"]),
             (str(_("joined")), people["joined"]["total"]), (str(_("left")), people["left"]["total"])],
            title=str(_("Members")),
        ),
        "loans": charts.hbars(
            [(r["name"], r["amount"]) for r in loans["by_kind"]], fmt=_baht_short, title=str(_("Loans by kind"))
        ),
        "welfare": charts.hbars(
            [(str(r["name"]), r["amount"]) for r in welfare], fmt=_baht_short, title=str(_("Welfare paid"))
        ),
        "allocation": charts.hbars(
            [(line.name_th, line.amount) for line in alloc["lines"]], fmt=_baht_short,
            title=str(_("Allocation of the net profit")),
        ) if alloc else "",
    }  # fmt: skip
    return {
        "group": group,
        "year": year,
        "income": income,
        "net_loss": max(-income["net_profit"], 0),
        "sheet": sheet,
        "allocation": alloc,
        "members": people,
        "growth": growth,
        "loans": loans,
        "arrears": late,
        "par30": percent(late["par30"]),
        "par90": percent(late["par90"]),
        "welfare": welfare,
        "welfare_total": sum(r["amount"] for r in welfare),
        "welfare_count": sum(r["count"] for r in welfare),
        "funds": funds,
        "charts": charts_,
    }


# --- dividend slips ------------------------------------------------------------------------------


def _basis_figure(plan: AllocationPlan, weight: int) -> tuple[object, str]:
    """What the dividend was computed on, as a member reads it."""
    if plan.basis == "month_weighted":
        average = (2 * weight + 12) // 24  # the sum of 12 month-end balances / 12, half up to the satang
        return _("average of the 12 month-end pledge savings"), format_baht(average)
    if plan.basis == "year_end":
        return _("pledge savings at the year end"), format_baht(weight)
    return _("unit-months of pledge savings"), str(weight)


def slips(group, report_year: int, *, member_ids=None) -> dict:
    """The dividend slips of the year (one query for the shares whatever their number): each
    member's basis, dividend, rebate, total and how and when it was paid. ``member_ids``: only these."""
    year = fiscal_year(group, report_year)
    plan = _plan(year)
    if plan is None:
        return {"year": year, "plan": None, "slips": []}
    rows = []
    for share in closing.shares(plan, member_ids=member_ids):
        label, figure = _basis_figure(plan, share.weight)
        rows.append(
            {
                "share": share,
                "member": share.member,
                "basis_label": label,
                "basis_figure": figure,
                "interest_paid": share.interest_paid,
                "dividend": share.dividend,
                "rebate": share.rebate,
                "total": share.total,
                "paid": share.is_paid,
                "paid_on": share.paid_on,
                "paid_method": share.get_paid_method_display() if share.paid_method else "",
            }
        )
    return {"year": year, "plan": plan, "basis": BASIS_NAMES.get(plan.basis, plan.basis), "slips": rows}
