"""Reads of savings: members' balances from the ledger, the pledge register, members behind, the
passbook and the leaving settlement. Query counts do not grow with members or history."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import NamedTuple

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Sum, TextField
from django.db.models.functions import Cast

from sajja.bylaws.selectors import BylawBook, bylaw_book
from sajja.ledger.models import AccountRole, JournalLine
from sajja.ledger.selectors import LENDING_ROLES, fiscal_year_start
from sajja.members.models import Member

from . import domain
from .models import DepositAccount, Fine, InterestRun, PledgeAmount, PledgePayment

PRODUCT_ROLE = {DepositAccount.Product.SAVINGS: "deposits", DepositAccount.Product.FIXED: "fixed_deposits"}
MEMBER_ROLES = ("pledge", "deposits", "fixed_deposits", "fines_receivable", "interest_receivable", *LENDING_ROLES)


@dataclass
class MemberMoney:
    """A member's balances from the ledger lines tagged with them (satang, on the normal side)."""

    pledge: int = 0
    savings: int = 0
    fixed: int = 0
    fines: int = 0  # unpaid fines
    loans: int = 0  # loans and interest receivable

    @property
    def deposits(self) -> int:
        return self.savings + self.fixed


def _role_accounts(group_id: int) -> dict[int, str]:
    """account id -> role, for the member roles."""
    return dict(AccountRole.objects.filter(group_id=group_id, role__in=MEMBER_ROLES).values_list("account_id", "role"))


def member_money(group_id: int, member_ids=None, *, through: dt.date | None = None) -> dict[int, MemberMoney]:
    """Every member's (or the given members') balances, from one grouped query over the lines."""
    roles = _role_accounts(group_id)
    lines = JournalLine.objects.filter(group_id=group_id, member__isnull=False, account_id__in=roles.keys())
    if member_ids is not None:
        lines = lines.filter(member_id__in=list(member_ids))
    if through:
        lines = lines.filter(entry__date__lte=through)
    result: dict[int, MemberMoney] = defaultdict(MemberMoney)
    for row in lines.order_by().values("member_id", "account_id").annotate(d=Sum("debit"), c=Sum("credit")):
        money, role, debit, credit = result[row["member_id"]], roles[row["account_id"]], int(row["d"]), int(row["c"])
        if role == "pledge":
            money.pledge += credit - debit
        elif role == "deposits":
            money.savings += credit - debit
        elif role == "fixed_deposits":
            money.fixed += credit - debit
        elif role == "fines_receivable":
            money.fines += debit - credit
        else:
            money.loans += debit - credit
    return result


def pledge_histories(group_id: int, member_ids=None) -> dict[int, list[tuple[dt.date, int]]]:
    rows = PledgeAmount.objects.filter(group_id=group_id)
    if member_ids is not None:
        rows = rows.filter(member_id__among=member_ids)
    histories: dict[int, list] = defaultdict(list)
    for member_id, effective_from, amount in rows.order_by("member_id", "effective_from").values_list(
        "member_id", "effective_from", "amount"
    ):
        histories[member_id].append((effective_from, amount))
    return histories


def paid_periods(group_id: int, member_ids=None, *, since=None, until=None) -> dict[int, dict[dt.date, dt.date]]:
    """member id -> {period: paid on}, for payments not reversed."""
    rows = PledgePayment.objects.filter(group_id=group_id, reversal__isnull=True)
    if member_ids is not None:
        rows = rows.filter(member_id__among=member_ids)
    if since:
        rows = rows.filter(period__gte=since)
    if until:
        rows = rows.filter(period__lte=until)
    paid: dict[int, dict] = defaultdict(dict)
    for member_id, period, paid_on in rows.values_list("member_id", "period", "paid_on"):
        paid[member_id][period] = paid_on
    return paid


def first_period(member: Member) -> dt.date:
    return domain.period_of(member.joined_on)


def last_period(member: Member) -> dt.date | None:
    return (
        domain.period_of(member.status_date) if member.status != Member.Status.ACTIVE and member.status_date else None
    )


def unpaid_periods(
    member: Member, *, book: BylawBook, history, paid: dict, through: dt.date
) -> list[tuple[dt.date, int]]:
    """The member's unpaid periods from joining through the period ``through``, oldest first, with
    the pledge of each (periods with no pledge set are skipped)."""
    result, period = [], first_period(member)
    while period <= through:
        pledge = domain.pledge_for(history, period)
        if pledge and period not in paid:
            result.append((period, pledge))
        period = domain.add_months(period, 1)
    return result


def status_of(member, period, *, group, book: BylawBook, history, paid: dict, today: dt.date) -> str:
    grace = book.value("pledge.grace_days", period)
    return domain.period_status(
        period=period,
        paid_on=paid.get(period),
        due=domain.due_date(period, group.meeting_day, grace),
        today=today,
        first_period=first_period(member),
        last_period=last_period(member),
        pledge=domain.pledge_for(history, period),
    )


class RegisterMember(NamedTuple):
    """What the register shows of a member (the fields a ``Member`` has under these names): a
    thousand of these are built in a tenth of the time of a thousand ``Member`` instances."""

    id: int
    number: int
    title: str
    first_name: str
    last_name: str
    joined_on: dt.date
    status: str
    status_date: dt.date | None

    @property
    def full_name(self) -> str:
        return f"{self.title}{self.first_name} {self.last_name}"


@dataclass
class RegisterRow:
    member: RegisterMember
    cells: list[dict]  # one a period: {"period", "status", "amount"}
    paid_total: int = 0
    missed: int = 0


@dataclass
class Register:
    periods: list[dt.date]
    rows: list[RegisterRow]
    month_totals: list[int] = field(default_factory=list)
    total: int = 0


def fiscal_first_period(group, day: dt.date) -> dt.date:
    return domain.period_of(fiscal_year_start(group, day))


def _fetch(queryset) -> list[tuple]:
    """The rows of a ``values_list`` queryset straight from the cursor. The drivers already give
    dates and integers for plain columns (SQLite by the declared type, PostgreSQL by the column's),
    and Django's converters, applied row by row, would cost more than the query on a register of
    thousands of cells."""
    try:
        sql, params = queryset.query.sql_with_params()
    except EmptyResultSet:
        return []
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def pledge_register(group, *, year_start: dt.date, today: dt.date) -> Register:
    """The pledge register: every member of the fiscal year beginning ``year_start`` × its twelve
    months, each cell paid / late / missed / due / upcoming (``domain.period_status``). Four queries
    whatever the size: the members (as ``RegisterMember``), their pledges, the year's payments and
    the bylaws. Each period's due date and unpaid status are worked out once, a member's pledge
    only for a cell left unpaid."""
    periods = domain.fiscal_periods(domain.period_of(year_start))
    first, last = periods[0], periods[-1]
    members = [
        RegisterMember._make(row)
        for row in _fetch(
            Member.objects.filter(group=group, joined_on__lte=domain.month_end(last))
            .exclude(status_date__lt=first)
            .order_by("number")
            .values_list(*RegisterMember._fields)
        )
    ]
    histories: dict[int, list] = defaultdict(list)
    for member_id, effective_from, amount in _fetch(
        PledgeAmount.objects.filter(group_id=group.id, effective_from__lte=last)
        .order_by("member_id", "effective_from")
        .values_list("member_id", "effective_from", "amount")
    ):
        histories[member_id].append((effective_from, amount))
    book = bylaw_book(group.id)
    dues = [domain.due_date(p, group.meeting_day, book.value("pledge.grace_days", p)) for p in periods]
    # Each paid cell is made as its row arrives: paid on or before the due date, or late (as
    # domain.period_status). SQLite hands dates over as text that Python parses row by row, which
    # was most of the time of a large register: there the dates are compared as ISO text, which
    # orders as the dates do (PostgreSQL's driver makes dates natively).
    rows = PledgePayment.objects.filter(group_id=group.id, reversal__isnull=True, period__gte=first, period__lte=last)
    as_text = connection.vendor == "sqlite"
    if as_text:
        rows = rows.annotate(period_text=Cast("period", TextField()), paid_text=Cast("paid_on", TextField()))
        rows = rows.values_list("member_id", "period_text", "paid_text", "amount")
    else:
        rows = rows.values_list("member_id", "period", "paid_on", "amount")
    month_of = {(p.isoformat() if as_text else p): i for i, p in enumerate(periods)}
    due_of = [due.isoformat() if as_text else due for due in dues]
    register = Register(periods=periods, rows=[], month_totals=[0] * 12)
    month_totals = register.month_totals
    paid_cells: dict[int, list] = {m.id: None for m in members}  # member id -> twelve cells, None where unpaid
    paid_totals = dict.fromkeys(paid_cells, 0)
    paid, late = domain.PAID, domain.LATE
    for member_id, period, paid_on, amount in _fetch(rows):
        if member_id not in paid_totals:  # paid ahead by a member who then left before the year
            continue
        cells = paid_cells[member_id]
        if cells is None:
            cells = paid_cells[member_id] = [None] * 12
        month = month_of[period]
        status = paid if paid_on <= due_of[month] else late
        cells[month] = {"period": periods[month], "status": status, "amount": amount}
        month_totals[month] += amount
        paid_totals[member_id] += amount
    # The status of a period left unpaid by a member with a pledge in it: missed, due or upcoming.
    unpaid = [
        domain.period_status(period=p, paid_on=None, due=due, today=today, first_period=p, last_period=None, pledge=1)
        for p, due in zip(periods, dues, strict=True)
    ]
    for member in members:
        cells = paid_cells[member.id] or [None] * 12
        missed = 0
        if None in cells:
            start, end = first_period(member), last_period(member)
            for i, period in enumerate(periods):
                if cells[i] is not None:
                    continue
                if period < start or (end is not None and period > end):
                    status = domain.NOT_MEMBER
                elif not domain.pledge_for(histories.get(member.id, ()), period):
                    status = domain.NO_PLEDGE
                else:
                    status = unpaid[i]
                    missed += status == domain.MISSED
                cells[i] = {"period": period, "status": status, "amount": 0}
        total = paid_totals[member.id]
        register.total += total
        register.rows.append(RegisterRow(member=member, cells=cells, paid_total=total, missed=missed))
    return register


@dataclass(frozen=True)
class Behind:
    member: Member
    periods: list[dt.date]
    amount: int
    fines: int


def members_behind(group, *, today: dt.date) -> list[Behind]:
    """Active members with pledge periods whose due date has passed unpaid, most periods first.
    Six queries whatever the size; a member's periods are walked from their first pledge (none
    is owed before it), and each period's due date is worked out once."""
    members = list(Member.objects.filter(group=group, status=Member.Status.ACTIVE).order_by("number"))
    histories, book = pledge_histories(group.id), bylaw_book(group.id)
    paid: dict[int, set] = defaultdict(set)
    for member_id, period in _fetch(
        PledgePayment.objects.filter(group_id=group.id, reversal__isnull=True).values_list("member_id", "period")
    ):
        paid[member_id].add(period)
    money = member_money(group.id)
    current = domain.period_of(today)
    overdue: dict[dt.date, bool] = {}

    def past_due(period: dt.date) -> bool:
        if period not in overdue:
            grace = book.value("pledge.grace_days", period)
            overdue[period] = today > domain.due_date(period, group.meeting_day, grace)
        return overdue[period]

    result = []
    for member in members:
        history = histories.get(member.id)
        if not history:
            continue
        done, missed = paid.get(member.id, set()), []
        period = max(first_period(member), history[0][0])
        while period <= current:
            if period not in done and past_due(period) and (pledge := domain.pledge_for(history, period)):
                missed.append((period, pledge))
            period = domain.add_months(period, 1)
        if missed:
            result.append(Behind(member, [p for p, _a in missed], sum(a for _p, a in missed), money[member.id].fines))
    result.sort(key=lambda b: (-len(b.periods), b.member.number))
    return result


# --- passbook ---------------------------------------------------------------------------------


@dataclass
class PassbookSection:
    role: str
    rows: list[dict]  # {"date", "seq", "memo", "in", "out", "balance"}
    balance: int = 0


PASSBOOK_ROLES = ("pledge", "deposits", "fixed_deposits", "fines_receivable")


def passbook(member: Member) -> list[PassbookSection]:
    """The member's passbook (สมุดคู่ฝาก): pledge savings, each deposit account and fines, each line
    with its running balance, from the ledger lines tagged with the member. Two queries whatever
    the length of the history: the accounts of the roles, and the member's lines with their
    entries (rows straight from the cursor, no model instances)."""
    accounts = {a: role for a, role in _role_accounts(member.group_id).items() if role in PASSBOOK_ROLES}
    sections = {role: PassbookSection(role, []) for role in PASSBOOK_ROLES}
    lines = _fetch(
        JournalLine.objects.filter(group_id=member.group_id, member_id=member.id, account_id__in=list(accounts))
        .order_by("entry__date", "entry__seq", "id")
        .values_list("account_id", "debit", "credit", "memo", "entry__date", "entry__seq", "entry__memo")
    )
    for account_id, debit, credit, memo, date, seq, entry_memo in lines:
        role = accounts[account_id]
        section = sections[role]
        # Savings are owed to the member (credit raises them); fines are owed by the member.
        money_in, money_out = (credit, debit) if role != "fines_receivable" else (debit, credit)
        section.balance += money_in - money_out
        section.rows.append(
            {"date": date, "seq": seq, "memo": memo or entry_memo,
             "in": money_in, "out": money_out, "balance": section.balance}
        )  # fmt: skip
    return [sections[role] for role in PASSBOOK_ROLES if sections[role].rows or role == "pledge"]


# --- deposits ---------------------------------------------------------------------------------


def deposit_movements(
    group_id: int, role: str, member_ids=None, *, through: dt.date
) -> dict[int, list[tuple[dt.date, int]]]:
    """member id -> [(date, +credit -debit)] on a deposit product's account, in date order."""
    account_id = AccountRole.objects.filter(group_id=group_id, role=role).values_list("account_id", flat=True).first()
    lines = JournalLine.objects.filter(
        group_id=group_id, account_id=account_id, member__isnull=False, entry__date__lte=through
    )
    if member_ids is not None:
        lines = lines.filter(member_id__in=list(member_ids))
    movements: dict[int, list] = defaultdict(list)
    for member_id, date, debit, credit in lines.order_by("entry__date", "entry__seq").values_list(
        "member_id", "entry__date", "debit", "credit"
    ):
        movements[member_id].append((date, credit - debit))
    return movements


def last_interest_end(group_id: int, product: str) -> dt.date | None:
    return (
        InterestRun.objects.filter(group_id=group_id, product=product)
        .order_by("-period_end")
        .values_list("period_end", flat=True)
        .first()
    )


def interest_between(
    *, product: str, movements: list[tuple[dt.date, int]], since: dt.date, through: dt.date, book: BylawBook
) -> tuple[int, int]:
    """(numerator, denominator) of one account's interest from the day after ``since`` to
    ``through``, by the method in force at ``through``."""
    opening = sum(amount for day, amount in movements if day <= since)
    after = [(day, amount) for day, amount in movements if day > since]
    return domain.interest_numerator(
        method=book.value(f"deposit.{product}.method", through),
        opening=opening,
        movements=after,
        since=since,
        through=through,
        rate_on=lambda day: book.value(f"deposit.{product}.rate", day),
    )


def interest_due(member: Member, day: dt.date) -> int:
    """Deposit interest a leaving member has earned since the last posting, through ``day``."""
    book = bylaw_book(member.group_id)
    total = 0
    for account in DepositAccount.objects.filter(member=member, closed_on__isnull=True):
        since = max(
            last_interest_end(member.group_id, account.product) or dt.date.min,
            account.opened_on - dt.timedelta(days=1),
        )
        moves = deposit_movements(member.group_id, PRODUCT_ROLE[account.product], [member.id], through=day)[member.id]
        numerator, denominator = interest_between(
            product=account.product, movements=moves, since=since, through=day, book=book
        )
        total += domain.round_interest(numerator, denominator)
    return total


# --- leaving ----------------------------------------------------------------------------------


def settlement_quote(member: Member, day: dt.date) -> domain.Settlement:
    """What the member would be paid on leaving on ``day``."""
    money = member_money(member.group_id, [member.id]).get(member.id, MemberMoney())
    return domain.Settlement(
        pledge=money.pledge,
        deposits=money.deposits,
        interest_due=interest_due(member, day),
        loans=money.loans,
        fines=money.fines,
    )


def open_fines(member: Member) -> list[Fine]:
    return list(
        Fine.objects.filter(member=member, paid_entry__isnull=True, waived_entry__isnull=True).order_by(
            "assessed_on", "id"
        )
    )


def member_role_balances(member: Member) -> dict[str, int]:
    """The member's balance on each member role's account, on the account's normal side
    (savings owed to the member positive; fines and loans owed by the member positive)."""
    roles = _role_accounts(member.group_id)
    balances: dict[str, int] = {}
    for row in (
        JournalLine.objects.filter(member=member, account_id__in=roles.keys())
        .order_by()
        .values("account_id")
        .annotate(d=Sum("debit"), c=Sum("credit"))
    ):
        role, debit, credit = roles[row["account_id"]], int(row["d"]), int(row["c"])
        liability = role in ("pledge", "deposits", "fixed_deposits")
        balances[role] = balances.get(role, 0) + (credit - debit if liability else debit - credit)
    return balances
