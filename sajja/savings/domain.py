"""Pure rules of savings: periods, pledge status, fines, deposit interest, the leaving settlement.
No Django, no database. Amounts are integer satang; rates are basis points (1/100 of a percent).

Rounding (architecture rule 4) happens in two named places only: ``fine_for_missed`` (a fine as a
share of the pledge) and ``round_interest`` (deposit interest), both half up to the satang.
"""

import calendar
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

PERIOD_MONTHS = 1  # monthly pledges (the only period the bylaws offer now)
STEP_MONTHS = {"monthly": 1, "quarterly": 3, "half_yearly": 6, "yearly": 12}


def period_of(day: dt.date) -> dt.date:
    """The pledge period a day falls in: the first day of its month."""
    return day.replace(day=1)


def add_months(period: dt.date, months: int) -> dt.date:
    index = period.year * 12 + period.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def months_between(first: dt.date, last: dt.date) -> int:
    """How many periods from ``first`` to ``last`` (0 when the same month)."""
    return (last.year - first.year) * 12 + last.month - first.month


def month_end(period: dt.date) -> dt.date:
    return period.replace(day=calendar.monthrange(period.year, period.month)[1])


def due_date(period: dt.date, meeting_day: int, grace_days: int) -> dt.date:
    """A pledge is due on the period's meeting day; paid after it (and the grace days) it is late."""
    return period.replace(day=meeting_day) + dt.timedelta(days=grace_days)


def fiscal_periods(first_period: dt.date) -> list[dt.date]:
    """The twelve monthly periods of a fiscal year beginning with ``first_period``."""
    return [add_months(first_period, i) for i in range(12)]


def pledge_for(history: list[tuple[dt.date, int]], period: dt.date) -> int:
    """The pledge in force for ``period`` from ``history`` [(effective_from, amount)] sorted by date; 0 if none."""
    amount = 0
    for effective_from, value in history:
        if effective_from > period:
            break
        amount = value
    return amount


PAID, LATE, MISSED, DUE, UPCOMING, NOT_MEMBER, NO_PLEDGE = (
    "paid",
    "late",
    "missed",
    "due",
    "upcoming",
    "not_member",
    "no_pledge",
)


def period_status(
    *,
    period: dt.date,
    paid_on: dt.date | None,
    due: dt.date,
    today: dt.date,
    first_period: dt.date,
    last_period: dt.date | None,
    pledge: int,
) -> str:
    """One cell of the pledge register.

    ``paid`` on or before the due date (also paid ahead), ``late`` after it; unpaid: ``missed`` once
    the due date has passed, ``due`` in the current period before the due date, ``upcoming`` later;
    ``not_member`` before joining or after leaving; ``no_pledge`` when no pledge was set."""
    if paid_on is not None:
        return PAID if paid_on <= due else LATE
    if period < first_period or (last_period is not None and period > last_period):
        return NOT_MEMBER
    if pledge == 0:
        return NO_PLEDGE
    if today > due:
        return MISSED
    return DUE if period <= period_of(today) else UPCOMING


def fine_for_missed(*, kind: str, fixed: int, rate: int, pledge: int, cap_year: int, charged_in_year: int) -> int:
    """The fine for one missed pledge: a fixed amount, or ``rate`` basis points of the pledge
    (rounded half up to the satang), never taking the member's fines of the fiscal year above
    ``cap_year``. 0 means no fine."""
    if kind == "none":
        return 0
    amount = fixed if kind == "fixed" else (pledge * rate * 2 + 10_000) // 20_000
    return max(0, min(amount, cap_year - charged_in_year))


def pledge_problem(*, amount: int, minimum: int, maximum: int, multiple: int) -> str | None:
    """``below_minimum``, ``above_maximum`` or ``not_multiple`` for a pledge the bylaws refuse."""
    if amount < minimum:
        return "below_minimum"
    if amount > maximum:
        return "above_maximum"
    if amount % multiple:
        return "not_multiple"
    return None


def periods_covered(unpaid: list[tuple[dt.date, int]], amount: int) -> list[dt.date] | None:
    """Which of the oldest unpaid periods [(period, pledge)] ``amount`` pays exactly, in order; None
    when the amount is not the sum of the first k pledges (k ≥ 1)."""
    total, periods = 0, []
    for period, pledge in unpaid:
        total += pledge
        periods.append(period)
        if total == amount:
            return periods
        if total > amount:
            return None
    return None


# --- deposit interest ---------------------------------------------------------------------------


def interest_period_ends(*, posting: str, fiscal_start_month: int, since: dt.date, through: dt.date) -> list[dt.date]:
    """The last days of the interest periods that end after ``since`` and on or before ``through``.
    Periods are counted from the fiscal year's first month: half-yearly with a fiscal year from
    April ends on 30 September and 31 March."""
    step = STEP_MONTHS[posting]
    ends, period = [], period_of(since)
    while period <= through:
        if ((period.month - fiscal_start_month) % 12 + 1) % step == 0:
            end = month_end(period)
            if since < end <= through:
                ends.append(end)
        period = add_months(period, 1)
    return ends


def round_interest(numerator: int, denominator: int) -> int:
    """numerator / denominator rounded half up to the satang (both positive integers)."""
    return (numerator * 2 + denominator) // (denominator * 2)


def interest_numerator(
    *, method: str, opening: int, movements: list[tuple[dt.date, int]], since: dt.date, through: dt.date, rate_on
) -> tuple[int, int]:
    """Interest from the day after ``since`` through ``through`` as an exact fraction (numerator,
    denominator) of satang, so several runs of a rate change add up before the one rounding.

    ``opening``: the balance at the end of ``since``; ``movements``: (date, +/- satang) after it,
    sorted; ``rate_on(day)``: the yearly rate in basis points in force that day.
    - ``daily_balance``: each day's closing balance × the day's rate / 365.
    - ``min_monthly_balance``: each month's lowest balance (its opening or after any movement in
      it) × the rate on the month's last day / 12; only months wholly in the range earn (interest
      is earned by whole months)."""
    if method == "daily_balance":
        numerator, balance, index = 0, opening, 0
        day = since + dt.timedelta(days=1)
        while day <= through:
            while index < len(movements) and movements[index][0] <= day:
                balance += movements[index][1]
                index += 1
            numerator += max(balance, 0) * rate_on(day)
            day += dt.timedelta(days=1)
        return numerator, 10_000 * 365
    numerator, balance, index = 0, opening, 0
    period = period_of(since)
    while month_end(period) <= through:
        lowest = balance
        while index < len(movements) and movements[index][0] <= month_end(period):
            balance += movements[index][1]
            lowest = min(lowest, balance)
            index += 1
        if period > since:  # the whole month is in the range
            numerator += max(lowest, 0) * rate_on(month_end(period))
        period = add_months(period, 1)
    return numerator, 10_000 * 12


# --- leaving ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Settlement:
    """What a leaving member is owed: savings and interest due, less loans and unpaid fines."""

    pledge: int
    deposits: int
    interest_due: int
    loans: int
    fines: int

    @property
    def owed_to_member(self) -> int:
        return self.pledge + self.deposits + self.interest_due

    @property
    def owed_by_member(self) -> int:
        return self.loans + self.fines

    @property
    def net(self) -> int:
        """Paid out when positive; when negative the member still owes the group this much."""
        return self.owed_to_member - self.owed_by_member


def fines_prefix(open_fines: Sequence[int], amount: int) -> int | None:
    """How many of the member's open fines (amounts, oldest first) ``amount`` pays whole, oldest
    first; None when it is not an exact sum of the oldest ones (a fine is paid whole)."""
    total = 0
    for index, fine in enumerate(open_fines):
        if total == amount:
            return index
        total += fine
    return len(open_fines) if total == amount else None
