"""Reads of the year end, for the pages, the API, the annual report (welfare app) and the services.

The share-out reads the ledger in two aggregate queries whatever the number of members:
``pledge_month_ends`` (each member's pledge savings balance at the 12 month-ends, one ``GROUP BY``
over the member-tagged lines of the pledge account with one ``SUM(CASE ...)`` a month-end) and
``interest_paid`` (loan interest of the year by borrower)."""

import datetime as dt
from dataclasses import dataclass

from django.db import connection
from django.db.models import Case, F, Q, Sum, When
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from sajja.bylaws.selectors import bylaw_book
from sajja.core.errors import SajjaError, fmt
from sajja.ledger.models import Account, AccountRole, JournalLine
from sajja.ledger.selectors import LENDING_ROLES, role_map
from sajja.members.models import Member

from . import checks, domain
from .models import AllocationCategory, AllocationLine, AllocationPlan, FiscalYear, MemberShare
from .settings import CATEGORY_LABELS, key


def fiscal_year_bounds(group, day: dt.date) -> tuple[dt.date, dt.date]:
    """The first and last day of ``group``'s fiscal year containing ``day``."""
    return domain.year_bounds(group.fiscal_year_start_month, group.fiscal_year_start_day, day)


def fiscal_years(group) -> list[FiscalYear]:
    """The group's fiscal years that have a record, newest first."""
    return list(FiscalYear.objects.filter(group=group).order_by("-start"))


def closing_source(fiscal_year) -> str:
    """The ``source`` of a year's allocation entry (and its idempotency key)."""
    return f"closing/{fiscal_year.id}"


@dataclass(frozen=True)
class CheckResult:
    code: str
    label: object
    missing: list

    @property
    def ok(self) -> bool:
        return not self.missing


def checklist(fiscal_year) -> list[CheckResult]:
    """Every pre-close check (``checks.CLOSE_CHECKS``, with the other apps' ones) and what it misses."""
    return [CheckResult(c.code, c.label, list(c.missing(fiscal_year))) for c in checks.CLOSE_CHECKS]


def missing_items(fiscal_year) -> list:
    return [item for result in checklist(fiscal_year) for item in result.missing]


def income_statement(fiscal_year) -> dict:
    """The year's income and expenses by account and the net profit (same shape as
    ``ledger.selectors.income_statement``), WITHOUT the year's own allocation entry, which closes the
    income and expense accounts to undistributed profit: the annual report of a closed year reads
    this. Two queries."""
    accounts = {a.id: a for a in Account.objects.filter(group_id=fiscal_year.group_id, kind__in=("income", "expense"))}
    rows = (
        JournalLine.objects.filter(  # by the (group, account) index: only the income and expense lines
            group_id=fiscal_year.group_id,
            account_id__in=list(accounts),
            entry__date__gte=fiscal_year.start,
            entry__date__lte=fiscal_year.end,
        )
        .exclude(entry__source=closing_source(fiscal_year))
        .order_by()
        .values("account_id")
        .annotate(debit=Sum("debit"), credit=Sum("credit"))
    )
    totals = {row["account_id"]: (int(row["debit"]), int(row["credit"])) for row in rows}
    income, expenses = [], []
    for account in sorted((accounts[i] for i in totals), key=lambda a: a.code):
        debit, credit = totals[account.id]
        if account.kind == "income":
            income.append({"account": account, "amount": credit - debit})
        else:
            expenses.append({"account": account, "amount": debit - credit})
    income_total = sum(r["amount"] for r in income)
    expense_total = sum(r["amount"] for r in expenses)
    return {
        "income": income,
        "expenses": expenses,
        "income_total": income_total,
        "expense_total": expense_total,
        "net_profit": income_total - expense_total,
    }


def pledge_month_ends(group_id: int, start: dt.date) -> dict[int, tuple[int, ...]]:
    """Each member's pledge savings balance at the 12 month-ends of the fiscal year starting
    ``start``: ONE aggregate SQL query over the member-tagged lines of the pledge account."""
    pledge = AccountRole.objects.filter(group_id=group_id, role="pledge").values("account_id")
    ends = domain.month_ends(start)
    balance = F("credit") - F("debit")
    rows = (
        JournalLine.objects.filter(
            group_id=group_id, account_id__in=pledge, member_id__isnull=False, entry__date__lte=ends[-1]
        )
        .order_by()
        .values("member_id")
        .annotate(
            **{f"m{k}": Sum(Case(When(entry__date__lte=end, then=balance), default=0)) for k, end in enumerate(ends)}
        )
        .values_list("member_id", *[f"m{k}" for k in range(len(ends))])
    )
    # Run the ORM's SQL on a cursor: Django's per-value converters of 12 sums x every member cost
    # more than the query itself (profiled); the values are plain integers already.
    sql, params = rows.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {row[0]: tuple(int(v) for v in row[1:]) for row in cursor.fetchall()}


def interest_paid(group_id: int, start: dt.date, end: dt.date) -> dict[int, int]:
    """Loan interest each borrower paid from ``start`` to ``end`` (reversals net off): one aggregate
    query over the interest income lines. A line tagged with a member (the loans app tags the
    borrower) counts for that member; an untagged line (posted before loans tagged interest lines)
    counts for the member of the loans receivable line of the same entry, the borrower.

    Written as SQL with a grouped join rather than a correlated subquery: PostgreSQL costs the
    subquery per row and compiles the query with JIT, which took longer than the query (measured)."""
    roles = role_map(group_id)
    interest = roles.get("interest_income")
    lending = [roles[r] for r in LENDING_ROLES if r in roles]
    if interest is None:
        return {}
    marks = ", ".join(["%s"] * len(lending)) or "NULL"
    sql = f"""
        SELECT COALESCE(l.member_id, b.member_id) AS borrower, SUM(l.credit - l.debit)
        FROM ledger_journalline l
        JOIN ledger_journalentry e ON e.id = l.entry_id
        LEFT JOIN (
            SELECT r.entry_id, MIN(r.member_id) AS member_id
            FROM ledger_journalline r JOIN ledger_journalentry re ON re.id = r.entry_id
            WHERE r.group_id = %s AND r.account_id IN ({marks}) AND r.member_id IS NOT NULL
              AND re.date >= %s AND re.date <= %s
            GROUP BY r.entry_id
        ) b ON b.entry_id = l.entry_id
        WHERE l.group_id = %s AND l.account_id = %s AND e.date >= %s AND e.date <= %s
        GROUP BY COALESCE(l.member_id, b.member_id)
    """  # noqa: S608 - our own table names; every value is a parameter
    params = [group_id, *lending, start, end, group_id, interest, start, end]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {member_id: int(paid) for member_id, paid in cursor.fetchall() if member_id is not None}


def leavers(group_id: int, start: dt.date, end: dt.date) -> dict[int, int]:
    """Members who left (resigned, died, were expelled) during the year -> the month-ends of the year
    before the day they left (0-11)."""
    ends = domain.month_ends(start)
    rows = (
        Member.objects.filter(group_id=group_id, status_date__gte=start, status_date__lte=end)
        .exclude(status=Member.Status.ACTIVE)
        .values_list("id", "status_date")
    )
    return {member_id: sum(1 for e in ends if e < left_on) for member_id, left_on in rows}


@dataclass(frozen=True)
class Category:
    code: str
    name_th: str
    name_en: str
    role: str  # the ledger role credited ("" for a group-added category: ``account`` says)
    account_id: int | None
    rate_bp: int


@dataclass(frozen=True)
class Rules:
    """The bylaws of the allocation in force at the year end."""

    categories: list[Category]
    basis: str
    unit: int
    rounding: str
    rounding_fund: str
    leavers: str

    @property
    def rates(self) -> dict[str, int]:
        return {c.code: c.rate_bp for c in self.categories}

    @property
    def total_bp(self) -> int:
        return sum(c.rate_bp for c in self.categories)


def rules_at(group, day: dt.date) -> Rules:
    """The allocation categories (built-in settings + the group's own ``AllocationCategory`` rows) and
    the share-out rules in force on ``day``. Two queries."""
    book = bylaw_book(group.id)
    needed = [key(code) for code, *_rest in domain.CATEGORIES] + [
        f"closing.{name}" for name in ("basis", "unit", "rounding", "rounding_fund", "leavers")
    ]
    values = {name: book.value(name, day) for name in needed}
    categories = [
        Category(code, th, en, role, None, values[key(code)]) for code, role, _rate, th, en in domain.CATEGORIES
    ]
    latest: dict[str, AllocationCategory] = {}
    for row in AllocationCategory.objects.filter(group=group, effective_from__lte=day).order_by("effective_from"):
        latest[row.code] = row
    categories += [
        Category(row.code, row.name_th, row.name_en, "", row.account_id, row.rate_bp)
        for row in latest.values()
        if row.rate_bp
    ]
    return Rules(
        categories=categories,
        basis=values["closing.basis"],
        unit=values["closing.unit"],
        rounding=values["closing.rounding"],
        rounding_fund=values["closing.rounding_fund"],
        leavers=values["closing.leavers"],
    )


def require_total(rules: Rules) -> None:
    """The percentages in force must total 100%: refused otherwise, saying the total."""
    if rules.total_bp != domain.FULL:
        from sajja.bylaws.registry import format_rate

        raise SajjaError(
            fmt(
                _(
                    "The allocation percentages in the bylaws total %(total)s, not 100%%: change them at a general meeting first."
                ),
                total=format_rate(rules.total_bp),
            ),
            field="rates",
            code="rates_total",
        )


@dataclass(frozen=True)
class Computed:
    """A year's share-out as computed now from the books: what ``services.plan_make`` stores and
    ``services.plan_post`` checks again before posting."""

    statement: dict
    rules: Rules
    share_out: domain.ShareOut
    savers: list[domain.Saver]


def compute(fiscal_year, *, rules: Rules | None = None) -> Computed:
    """The share-out of ``fiscal_year`` from the ledger and the bylaws in force at its end (refused when
    the percentages do not total 100%). Six queries whatever the number of members."""
    group = fiscal_year.group
    rules = rules or rules_at(group, fiscal_year.end)
    require_total(rules)
    statement = income_statement(fiscal_year)
    balances = pledge_month_ends(group.id, fiscal_year.start)
    interest = interest_paid(group.id, fiscal_year.start, fiscal_year.end)
    left = leavers(group.id, fiscal_year.start, fiscal_year.end)
    zero = (0,) * domain.MONTHS
    savers = [
        domain.Saver(member_id, balances.get(member_id, zero), interest.get(member_id, 0), left.get(member_id))
        for member_id in sorted(set(balances) | set(interest))
    ]
    result = domain.share_out(
        net_profit=statement["net_profit"],
        rates=rules.rates,
        savers=savers,
        basis=rules.basis,
        unit=rules.unit,
        rounding=rules.rounding,
        rounding_fund=rules.rounding_fund,
        leavers=rules.leavers,
    )
    return Computed(statement, rules, result, savers)


def plan_of(fiscal_year) -> AllocationPlan | None:
    return AllocationPlan.objects.filter(fiscal_year=fiscal_year).first()


def plan_lines(plan) -> list[AllocationLine]:
    return list(plan.lines.select_related("account").order_by("order"))


def shares(plan, *, member_ids=None) -> list[MemberShare]:
    """The plan's member shares with their members, by member number (one query)."""
    rows = MemberShare.objects.filter(plan=plan).select_related("member").order_by("member__number")
    if member_ids is not None:
        rows = rows.filter(member_id__in=list(member_ids))
    return list(rows)


def member_share(plan, member) -> MemberShare | None:
    return MemberShare.objects.filter(plan=plan, member=member).select_related("member").first()


def share_totals(plan) -> dict:
    """Dividends and rebates of the plan: totals, paid, unpaid (one query)."""
    sums = MemberShare.objects.filter(plan=plan).aggregate(
        dividend_sum=Coalesce(Sum("dividend"), 0),
        rebate_sum=Coalesce(Sum("rebate"), 0),
        paid_sum=Coalesce(Sum(F("dividend") + F("rebate"), filter=Q(paid_entry__isnull=False)), 0),
        unpaid_sum=Coalesce(Sum(F("dividend") + F("rebate"), filter=Q(paid_entry__isnull=True)), 0),
    )
    return {k.removesuffix("_sum"): int(v) for k, v in sums.items()}


def reconciliation(plan) -> dict:
    """Where every satang of the net profit went: the categories that are one amount (funds, committee),
    the rounding remainder and its fund, and the member shares; ``ok`` when they add up exactly."""
    lines = plan_lines(plan)
    totals = share_totals(plan)
    funds = [line for line in lines if line.code not in (domain.DIVIDEND, domain.REBATE)]
    fund_total = sum(line.amount for line in funds)
    total = fund_total + plan.remainder + totals["dividend"] + totals["rebate"]
    allocated = max(plan.net_profit, 0)
    return {
        "net_profit": plan.net_profit,
        "funds": funds,
        "fund_total": fund_total,
        "remainder": plan.remainder,
        "rounding_fund": plan.rounding_fund,
        "rounding_fund_label": CATEGORY_LABELS.get(plan.rounding_fund, plan.rounding_fund),
        "dividend_pool": plan.dividend_pool,
        "rebate_pool": plan.rebate_pool,
        "dividend_total": totals["dividend"],
        "rebate_total": totals["rebate"],
        "paid": totals["paid"],
        "unpaid": totals["unpaid"],
        "total": total,
        "ok": total == allocated,
    }


def unclaimed(group) -> list[MemberShare]:
    """Posted shares not yet paid, oldest year first: they stay payable to the member."""
    return list(
        MemberShare.objects.filter(group=group, plan__status=AllocationPlan.Status.POSTED, paid_entry__isnull=True)
        .filter(Q(dividend__gt=0) | Q(rebate__gt=0))
        .select_related("member", "plan__fiscal_year")
        .order_by("plan__fiscal_year__start", "member__number")
    )


def own_shares(group, member) -> list[MemberShare]:
    """A member's shares of every posted year, newest first (what a member sees of the year end)."""
    return list(
        MemberShare.objects.filter(group=group, member=member, plan__status=AllocationPlan.Status.POSTED)
        .select_related("member", "plan__fiscal_year")
        .order_by("-plan__fiscal_year__start")
    )
