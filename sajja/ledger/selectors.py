"""Reads of the books. Balances are derived from the lines in SQL, one query for all accounts
(rule 2: no stored totals)."""

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from django.db.models import Sum
from django.db.models.functions import Coalesce

from . import domain
from .models import Account, JournalEntry, JournalLine


@dataclass(frozen=True)
class AccountBalance:
    account: Account
    debit: int
    credit: int

    @property
    def balance(self) -> int:
        """On the account's normal side: an asset's balance is debit - credit, a liability's credit - debit."""
        return domain.signed_balance(self.account.kind, self.debit, self.credit)


def balances(group_id: int, *, through: dt.date | None = None, since: dt.date | None = None) -> list[AccountBalance]:
    """Every account of the group with its debit and credit totals (entries dated ``since`` to
    ``through``, inclusive), in code order. Two SQL queries whatever the size of the books: the
    lines summed by account (one ``GROUP BY``), and the group's accounts. Summing the lines on their
    own before meeting the accounts lets the database aggregate one table in one pass; a join of
    accounts to lines first is a third slower on PostgreSQL over a million lines."""
    lines = JournalLine.objects.filter(group_id=group_id)
    if through:
        lines = lines.filter(entry__date__lte=through)
    if since:
        lines = lines.filter(entry__date__gte=since)
    totals = {
        row["account_id"]: (int(row["debit"]), int(row["credit"]))
        for row in lines.order_by().values("account_id").annotate(debit=Sum("debit"), credit=Sum("credit"))
    }
    return [
        AccountBalance(account, *totals.get(account.id, (0, 0)))
        for account in Account.objects.filter(group_id=group_id).order_by("code")
    ]


def trial_balance(group_id: int, *, through: dt.date | None = None) -> dict:
    """The trial balance: each account's net debit or credit and the two totals, which must agree."""
    return trial_balance_from(balances(group_id, through=through))


def trial_balance_from(items: list[AccountBalance]) -> dict:
    rows = []
    for item in items:
        net = item.debit - item.credit
        rows.append({"account": item.account, "debit": max(net, 0), "credit": max(-net, 0)})
    return {
        "rows": rows,
        "debit_total": sum(r["debit"] for r in rows),
        "credit_total": sum(r["credit"] for r in rows),
    }


def chain(group_id: int, *, chunk: int = 2000) -> Iterator[tuple[JournalEntry, list[domain.Line]]]:
    """Every entry of the group in sequence order with its lines, streamed in chunks so memory
    stays flat however long the books are."""
    last_seq = 0
    while True:
        entries = list(
            JournalEntry.objects.filter(group_id=group_id, seq__gt=last_seq)
            .select_related("reverses")
            .order_by("seq")[:chunk]
        )
        if not entries:
            return
        lines: dict[int, list[domain.Line]] = {e.id: [] for e in entries}
        for entry_id, code, debit, credit, memo, member_id in (
            # Only lines of this group on this group's accounts: a line moved elsewhere is missing
            # from the hash, and the verification names its entry.
            JournalLine.objects.filter(entry_id__in=lines.keys(), group_id=group_id, account__group_id=group_id)
            .order_by("id")
            .values_list("entry_id", "account__code", "debit", "credit", "memo", "member_id")
        ):
            lines[entry_id].append(domain.Line(code, debit, credit, memo, member_id))
        for entry in entries:
            yield entry, lines[entry.id]
        last_seq = entries[-1].seq


@dataclass(frozen=True)
class Status:
    entries: int
    head_hash: str
    closed_through: dt.date | None
    verified_at: object  # datetime of the last verification, or None
    verified_ok: bool | None


def status(group_id: int) -> Status:
    """What the group's home page shows so members can compare it with the figure read out at the
    meeting: the number of entries, the chain's latest hash, and the last verification."""
    from .models import LedgerHead, LedgerVerification

    head = LedgerHead.objects.filter(group_id=group_id).first()
    last = LedgerVerification.objects.filter(group_id=group_id).order_by("-verified_at").first()
    return Status(
        entries=head.seq if head else 0,
        head_hash=head.hash if head else domain.GENESIS_HASH,
        closed_through=head.closed_through if head else None,
        verified_at=last.verified_at if last else None,
        verified_ok=last.ok if last else None,
    )


@dataclass(frozen=True)
class Summary:
    """The plain-language picture for members: where the group's money is."""

    total: int  # cash + bank + loans outstanding (satang)
    cash: int
    bank: int
    lent: int


LENDING_ROLES = ("loans_ordinary", "loans_emergency", "loans_production", "loans_secured", "loans_in_kind")


def money_summary(rows: list[AccountBalance], roles: dict[str, int]) -> Summary:
    """From ``balances`` and the role -> account id map: cash on hand, bank, and money lent."""
    by_id = {row.account.id: row.balance for row in rows}
    cash = by_id.get(roles.get("cash"), 0)
    bank = by_id.get(roles.get("bank"), 0)
    lent = sum(by_id.get(roles.get(role), 0) for role in LENDING_ROLES)
    return Summary(total=cash + bank + lent, cash=cash, bank=bank, lent=lent)


def role_map(group_id: int) -> dict[str, int]:
    from .models import AccountRole

    return dict(AccountRole.objects.filter(group_id=group_id).values_list("role", "account_id"))


def account_ledger(group_id: int, account_id: int, *, since: dt.date, through: dt.date) -> dict:
    """One account's lines from ``since`` to ``through`` in date order, with the opening balance and
    the running balance on the account's normal side (the general ledger page). Three queries.
    Raises ``Account.DoesNotExist`` for an account outside the group."""
    account = Account.objects.get(group_id=group_id, id=account_id)
    before = JournalLine.objects.filter(group_id=group_id, account=account, entry__date__lt=since).aggregate(
        debit=Coalesce(Sum("debit"), 0), credit=Coalesce(Sum("credit"), 0)
    )
    opening = running = domain.signed_balance(account.kind, before["debit"], before["credit"])
    rows = []
    lines = (
        JournalLine.objects.filter(group_id=group_id, account=account, entry__date__gte=since, entry__date__lte=through)
        .select_related("entry")
        .order_by("entry__date", "entry__seq", "id")
    )
    for line in lines:
        running += domain.signed_balance(account.kind, line.debit, line.credit)
        rows.append({"line": line, "entry": line.entry, "balance": running})
    return {"account": account, "opening": opening, "rows": rows, "closing": running}


def fiscal_year_start(group, day: dt.date) -> dt.date:
    """The first day of the group's fiscal year that contains ``day``."""
    start = dt.date(day.year, group.fiscal_year_start_month, group.fiscal_year_start_day)
    return start if start <= day else start.replace(year=day.year - 1)


def _by_kind(rows: list[AccountBalance], kind: str) -> list[dict]:
    return [
        {"account": r.account, "amount": r.balance} for r in rows if r.account.kind == kind and (r.debit or r.credit)
    ]


def income_statement(group_id: int, *, since: dt.date, through: dt.date) -> dict:
    """Income and expenses of the period (งบกำไรขาดทุน) and the net profit. One query."""
    rows = balances(group_id, since=since, through=through)
    income, expenses = _by_kind(rows, "income"), _by_kind(rows, "expense")
    income_total = sum(r["amount"] for r in income)
    expense_total = sum(r["amount"] for r in expenses)
    return {
        "income": income,
        "expenses": expenses,
        "income_total": income_total,
        "expense_total": expense_total,
        "net_profit": income_total - expense_total,
    }


def balance_sheet(group_id: int, *, through: dt.date) -> dict:
    """Assets against what the group owes its members and its funds (งบดุล), as of ``through``.
    Income less expenses not yet allocated at a year end shows as this period's profit, so the two
    sides always agree (the test suite checks that they do). One query."""
    rows = balances(group_id, through=through)
    assets, liabilities, equity = _by_kind(rows, "asset"), _by_kind(rows, "liability"), _by_kind(rows, "equity")
    profit = sum(r.balance for r in rows if r.account.kind == "income") - sum(
        r.balance for r in rows if r.account.kind == "expense"
    )
    asset_total = sum(r["amount"] for r in assets)
    liability_total = sum(r["amount"] for r in liabilities)
    equity_total = sum(r["amount"] for r in equity)
    return {
        "assets": assets,
        "liabilities": liabilities,
        "equity": equity,
        "profit": profit,
        "asset_total": asset_total,
        "liability_total": liability_total,
        "equity_total": equity_total,
        "claims_total": liability_total + equity_total + profit,
    }


def receipts_and_payments(group_id: int, *, since: dt.date, through: dt.date) -> dict:
    """Money in and out of the cash box and the bank in a period (งบรับ-จ่าย), by the other side of
    each entry: what was received for what, and paid for what. Moves between cash and bank are not
    receipts or payments. Four queries."""
    roles = role_map(group_id)
    money = [roles[r] for r in ("cash", "bank") if r in roles]
    touching = JournalLine.objects.filter(group_id=group_id, account_id__in=money).values("entry_id")
    other = (
        JournalLine.objects.filter(
            group_id=group_id, entry_id__in=touching, entry__date__gte=since, entry__date__lte=through
        )
        .exclude(account_id__in=money)
        .values("account_id")
        .annotate(received=Coalesce(Sum("credit"), 0), paid=Coalesce(Sum("debit"), 0))
    )
    accounts = {a.id: a for a in Account.objects.filter(group_id=group_id)}
    opening = JournalLine.objects.filter(group_id=group_id, account_id__in=money, entry__date__lt=since).aggregate(
        d=Coalesce(Sum("debit"), 0), c=Coalesce(Sum("credit"), 0)
    )
    receipts = sorted(
        ({"account": accounts[r["account_id"]], "amount": r["received"]} for r in other if r["received"]),
        key=lambda r: r["account"].code,
    )
    payments = sorted(
        ({"account": accounts[r["account_id"]], "amount": r["paid"]} for r in other if r["paid"]),
        key=lambda r: r["account"].code,
    )
    opening_balance = opening["d"] - opening["c"]
    received = sum(r["amount"] for r in receipts)
    paid = sum(r["amount"] for r in payments)
    return {
        "opening": opening_balance,
        "receipts": receipts,
        "payments": payments,
        "received": received,
        "paid": paid,
        "closing": opening_balance + received - paid,
    }
