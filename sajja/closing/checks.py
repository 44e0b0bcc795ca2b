"""The pre-close checklist: what must be done before a year's profit is allocated and its books closed.

``CLOSE_CHECKS`` is a hook list: each item is a ``CloseCheck(code, label, missing)`` where
``missing(fiscal_year)`` returns what is still missing, as readable (translatable) messages; an empty
list means the check passes. Other apps append theirs from their ``AppConfig.ready`` (the meeting day:
every meeting of the year signed, the cash counted, no unposted drafts). The built-ins here:

- ``interest``: deposit interest posted for every interest period ending in the year (savings);
- ``loan_fines``: late fines charged for every instalment late at the year end (loans);
- ``cash``: the cash count differences cleared (the cash shortage/overage suspense accounts are
  empty at the year end) and cash on hand not negative;
- ``meetings``: every meeting of the year signed — registered only when the meeting-day app offers
  ``sajja.meetings.selectors.unsigned_meetings(group, start, end)`` (checked at start-up).
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from sajja.core.errors import fmt
from sajja.core.money import lazy_baht
from sajja.core.thai import format_date


@dataclass(frozen=True)
class CloseCheck:
    code: str
    label: object
    missing: Callable  # (fiscal_year) -> list of messages


CLOSE_CHECKS: list[CloseCheck] = []


def register(check: CloseCheck) -> None:
    """Add ``check`` (a second registration under the same code replaces the first)."""
    CLOSE_CHECKS[:] = [c for c in CLOSE_CHECKS if c.code != check.code] + [check]


def interest_missing(fiscal_year) -> list:
    """Deposit interest periods ending in the year (by each product's posting schedule in force at the
    year end) that have not been posted."""
    from sajja.bylaws.selectors import bylaw_book
    from sajja.savings import domain as savings_domain
    from sajja.savings.models import DepositAccount, InterestRun

    group = fiscal_year.group
    opened = {}
    for product, day in DepositAccount.objects.filter(group=group, opened_on__lte=fiscal_year.end).values_list(
        "product", "opened_on"
    ):
        opened[product] = min(day, opened.get(product, day))
    if not opened:
        return []
    book = bylaw_book(group.id)
    posted = set(InterestRun.objects.filter(group=group).values_list("product", "period_end"))
    missing = []
    for product, first in sorted(opened.items()):
        ends = savings_domain.interest_period_ends(
            posting=book.value(f"deposit.{product}.posting", fiscal_year.end),
            fiscal_start_month=group.fiscal_year_start_month,
            since=max(first - dt.timedelta(days=1), fiscal_year.start - dt.timedelta(days=1)),
            through=fiscal_year.end,
        )
        for end in ends:
            if (product, end) not in posted:
                missing.append(
                    fmt(
                        _("%(product)s: interest to %(date)s is not posted."),
                        product=DepositAccount.Product(product).label,
                        date=format_date(end),
                    )
                )
    return missing


def loan_fines_missing(fiscal_year) -> list:
    """Open loans with a late instalment at the year end whose fine has not been charged."""
    from sajja.loans import selectors as loan_selectors

    missing = []
    for state in loan_selectors.states(loan_selectors.open_loans(fiscal_year.group_id), fiscal_year.end):
        if state.fines_pending:
            missing.append(
                fmt(
                    _("Loan %(loan)s: late fines of %(amount)s are not charged."),
                    loan=state.loan.number,
                    amount=lazy_baht(state.fines_pending),
                )
            )
    return missing


def cash_missing(fiscal_year) -> list:
    """Cash count differences still in suspense at the year end, or cash on hand below zero."""
    from sajja.ledger.selectors import balances, role_map

    roles = role_map(fiscal_year.group_id)
    by_id = {row.account.id: row for row in balances(fiscal_year.group_id, through=fiscal_year.end)}
    missing = []
    for role, message in (
        ("cash_shortage", _("A cash shortage of %(amount)s is still waiting to be explained.")),
        ("cash_overage", _("A cash overage of %(amount)s is still waiting to be explained.")),
    ):
        row = by_id.get(roles.get(role))
        if row and row.balance:
            missing.append(fmt(message, amount=lazy_baht(row.balance)))
    cash = by_id.get(roles.get("cash"))
    if cash and cash.balance < 0:
        missing.append(
            fmt(_("Cash on hand is below zero (%(amount)s): the cash book is wrong."), amount=lazy_baht(cash.balance))
        )
    return missing


def meetings_unsigned(fiscal_year) -> list:
    from sajja.meetings import selectors as meeting_selectors

    unsigned = meeting_selectors.unsigned_meetings(fiscal_year.group, fiscal_year.start, fiscal_year.end)
    return [fmt(_("The meeting of %(date)s is not signed."), date=format_date(_meeting_day(m))) for m in unsigned]


def _meeting_day(meeting):
    return getattr(meeting, "date", None) or getattr(meeting, "held_on", None) or meeting


def register_builtin() -> None:
    register(CloseCheck("interest", _("Deposit interest posted through the year end"), interest_missing))
    register(CloseCheck("loan_fines", _("Late fines charged on the loans"), loan_fines_missing))
    register(CloseCheck("cash", _("Cash counted and differences cleared"), cash_missing))
    try:
        from sajja.meetings import selectors as meeting_selectors
    except ImportError:
        return
    if callable(getattr(meeting_selectors, "unsigned_meetings", None)):
        register(CloseCheck("meetings", _("Every meeting of the year signed"), meetings_unsigned))
