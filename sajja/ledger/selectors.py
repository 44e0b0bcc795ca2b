"""Reads of the books. Balances are derived from the lines in SQL, one query for all accounts
(rule 2: no stored totals)."""

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from django.db.models import Q, Sum
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
    ``through``, inclusive), in code order. One SQL query."""
    condition = Q(lines__group_id=group_id)
    if through:
        condition &= Q(lines__entry__date__lte=through)
    if since:
        condition &= Q(lines__entry__date__gte=since)
    accounts = (
        Account.objects.filter(group_id=group_id)
        .annotate(
            debit_total=Coalesce(Sum("lines__debit", filter=condition), 0),
            credit_total=Coalesce(Sum("lines__credit", filter=condition), 0),
        )
        .order_by("code")
    )
    return [AccountBalance(a, a.debit_total, a.credit_total) for a in accounts]


def trial_balance(group_id: int, *, through: dt.date | None = None) -> dict:
    """The trial balance: each account's net debit or credit and the two totals, which must agree."""
    rows = []
    for item in balances(group_id, through=through):
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
        for entry_id, code, debit, credit, memo in (
            JournalLine.objects.filter(entry_id__in=lines.keys()).order_by("id").values_list(
                "entry_id", "account__code", "debit", "credit", "memo"
            )
        ):
            lines[entry_id].append(domain.Line(code, debit, credit, memo))
        for entry in entries:
            yield entry, lines[entry.id]
        last_seq = entries[-1].seq
