"""Reads of funds and welfare. Fund balances and movements come from the ledger's lines (rule 2:
no stored totals), in a fixed number of queries whatever the length of the books."""

import datetime as dt

from django.db.models import Case, Count, IntegerField, Q, Sum, When
from django.db.models.functions import Coalesce

from sajja.bylaws.selectors import bylaw_book
from sajja.ledger.models import Account, AccountRole, JournalLine
from sajja.ledger.selectors import account_ledger

from . import domain
from .models import FUND_CHOICES, FUND_ROLES, WelfareClaim
from .rules import BENEFIT_NAMES

FUND_NAMES = dict(FUND_CHOICES)
LIVE = ~Q(status=WelfareClaim.Status.REJECTED)


def fund_name(role: str):
    return FUND_NAMES.get(role, role)


def used_in_year(group_id: int, member_id: int, benefit: str, fiscal_year: int, *, exclude_id=None) -> int:
    """Satang of ``benefit`` claimed by the member in the fiscal year (every claim not rejected)."""
    claims = WelfareClaim.objects.filter(
        LIVE, group_id=group_id, member_id=member_id, benefit=benefit, fiscal_year=fiscal_year
    )
    if exclude_id:
        claims = claims.exclude(id=exclude_id)
    return int(claims.aggregate(total=Coalesce(Sum("amount"), 0))["total"])


def claimed_before(group_id: int, member_id: int, benefit: str, event_date: dt.date, *, exclude_id=None) -> bool:
    claims = WelfareClaim.objects.filter(
        LIVE, group_id=group_id, member_id=member_id, benefit=benefit, event_date=event_date
    )
    if exclude_id:
        claims = claims.exclude(id=exclude_id)
    return claims.exists()


def _fund_accounts(group_id: int, roles=FUND_ROLES) -> dict[str, Account]:
    return {
        r.role: r.account
        for r in AccountRole.objects.filter(group_id=group_id, role__in=list(roles)).select_related("account")
    }


def fund_balance(group_id: int, role: str, *, through: dt.date | None = None) -> int:
    """A fund's balance (credit - debit: funds are equity) from its lines, through ``through``."""
    lines = JournalLine.objects.filter(group_id=group_id, account__roles__role=role, account__roles__group_id=group_id)
    if through:
        lines = lines.filter(entry__date__lte=through)
    totals = lines.aggregate(d=Coalesce(Sum("debit"), 0), c=Coalesce(Sum("credit"), 0))
    return int(totals["c"]) - int(totals["d"])


def funds(group_id: int, *, since: dt.date, through: dt.date) -> list[dict]:
    """Each fund (reserve, welfare, public benefit, training) with its opening balance on ``since``,
    what came in and went out from ``since`` to ``through``, and its closing balance. Two queries
    (the roles, and one conditional aggregate over the lines of the four accounts)."""
    accounts = _fund_accounts(group_id)
    ids = [a.id for a in accounts.values()]
    before = Q(entry__date__lt=since)
    within = Q(entry__date__gte=since, entry__date__lte=through)

    def total(column: str, when: Q):
        return Coalesce(Sum(Case(When(when, then=column), default=0, output_field=IntegerField())), 0)

    rows = {
        row["account_id"]: row
        for row in JournalLine.objects.filter(group_id=group_id, account_id__in=ids, entry__date__lte=through)
        .order_by()
        .values("account_id")
        .annotate(
            d_before=total("debit", before),
            c_before=total("credit", before),
            d_in=total("debit", within),
            c_in=total("credit", within),
        )
    }
    out = []
    for role in FUND_ROLES:
        account = accounts.get(role)
        if account is None:
            continue
        row = rows.get(account.id, {})
        opening = int(row.get("c_before", 0)) - int(row.get("d_before", 0))
        received, spent = int(row.get("c_in", 0)), int(row.get("d_in", 0))
        out.append(
            {
                "role": role,
                "name": fund_name(role),
                "account": account,
                "opening": opening,
                "received": received,
                "spent": spent,
                "closing": opening + received - spent,
            }
        )
    return out


def fund_movements(group_id: int, role: str, *, since: dt.date, through: dt.date) -> dict:
    """One fund's lines from ``since`` to ``through`` with the running balance (the ledger's
    ``account_ledger``: three queries)."""
    account = _fund_accounts(group_id, [role]).get(role)
    if account is None:
        return {"account": None, "opening": 0, "rows": [], "closing": 0}
    return account_ledger(group_id, account.id, since=since, through=through)


def rules_in_force(group_id: int, day: dt.date) -> list[dict]:
    """Each benefit's rule in force on ``day``, with the resolution that set it (one query)."""
    book = bylaw_book(group_id)
    in_force = book.at(day)
    out = []
    for benefit in domain.BENEFITS:
        rule = domain.Rule.from_bylaws(benefit, in_force)
        decided = [book.decided(f"welfare.{benefit}.{part}", day) for part in ("amount", "cap_event", "cap_year")]
        since = max((d.effective_from for d in decided if d.effective_from), default=None)
        out.append(
            {
                "benefit": benefit,
                "name": BENEFIT_NAMES[benefit],
                "rule": rule,
                "per_night": benefit in domain.PER_NIGHT,
                "since": since,
                "resolution": next((d.resolution for d in decided if d.effective_from == since), None),
            }
        )
    return out


def claims(group_id: int, *, status: str = "", member_ids=None, fiscal_year: int | None = None):
    qs = (
        WelfareClaim.objects.filter(group_id=group_id)
        .select_related("member", "created_by", "decided_by", "entry")
        .order_by("-event_date", "-id")
    )
    if status:
        qs = qs.filter(status=status)
    if member_ids is not None:
        qs = qs.filter(member_id__in=member_ids)
    if fiscal_year is not None:
        qs = qs.filter(fiscal_year=fiscal_year)
    return qs


def paid_by_benefit(group_id: int, *, since: dt.date, through: dt.date) -> list[dict]:
    """Welfare paid from ``since`` to ``through`` (by the day paid) for each benefit: claims and
    amount. One query."""
    rows = {
        row["benefit"]: row
        for row in WelfareClaim.objects.filter(
            group_id=group_id, status=WelfareClaim.Status.PAID, paid_on__gte=since, paid_on__lte=through
        )
        .order_by()
        .values("benefit")
        .annotate(count=Count("id"), amount=Sum("amount"))
    }
    return [
        {
            "benefit": benefit,
            "name": BENEFIT_NAMES[benefit],
            "count": int(rows.get(benefit, {}).get("count", 0)),
            "amount": int(rows.get(benefit, {}).get("amount", 0) or 0),
        }
        for benefit in domain.BENEFITS
    ]
