"""Pure loan arithmetic: schedules, the legal cap, the repayment order, interest for time elapsed,
arrears and portfolio at risk. No Django, no database. Money is integer satang; rates are basis
points (1/100 of a percent) a MONTH, as village groups quote them ("1 บาท ต่อ 100 ต่อเดือน" = 100 bp).

Rounding rule (architecture rule 4), the one place loans round: each instalment's interest is
rounded half up to the satang; principal parts are whole satang and the LAST instalment takes
whatever principal remains, so the principal parts always add up to the amount lent exactly.
"""

import calendar
import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

DECLINING, FLAT, ANNUITY = "declining", "flat", "annuity"
METHODS = (DECLINING, FLAT, ANNUITY)
LEGAL_CAP_BP_A_YEAR = 1500  # 15% a year: the most a lender may charge under Thai law


def round_satang(value: Decimal) -> int:
    """Half up to the whole satang (the schedule's one rounding rule)."""
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later, or that month's last day when it is shorter (31 Jan → 28/29 Feb)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = index // 12, index % 12 + 1
    last = calendar.mdays[month] + (month == 2 and calendar.isleap(year))  # monthrange, without the weekday
    return dt.date(year, month, min(day.day, last))


@dataclass(frozen=True, slots=True)  # slots: no __dict__ a row, a third less time building a schedule
class Instalment:
    number: int
    due: dt.date
    principal: int
    interest: int
    balance_after: int  # principal still owed after this instalment

    @property
    def total(self) -> int:
        return self.principal + self.interest


def schedule(
    *,
    method: str,
    principal: int,
    rate_bp_month: int,
    instalments: int,
    start: dt.date,
    every_months: int = 1,
    grace: int = 0,
) -> list[Instalment]:
    """The repayment schedule of a loan of ``principal`` satang paid out on ``start``.

    ``instalments`` payments, one every ``every_months`` months from ``start``; the first ``grace``
    of them pay interest only. The period rate is the monthly rate × ``every_months``.
    - ``declining``: equal principal parts; interest on the principal still owed (ลดต้นลดดอก).
    - ``flat``: equal principal parts; interest on the amount lent, every period (ดอกเบี้ยคงที่).
    - ``annuity``: equal payments (principal + interest) after the grace periods; interest on the
      principal still owed; the payment is rounded half up to the satang and the last one adjusts.
    """
    if method not in METHODS:
        raise ValueError(f"unknown interest method {method!r}")
    if principal <= 0 or instalments < 1 or not 0 <= grace < instalments or rate_bp_month < 0 or every_months < 1:
        raise ValueError(
            "a loan needs a positive amount, at least one instalment after the grace periods and a rate >= 0"
        )
    rate = Decimal(rate_bp_month) * every_months / 10_000
    paying = instalments - grace
    equal_part = round_satang(Decimal(principal) / paying)
    payment = None
    if method == ANNUITY:
        payment = (
            round_satang(Decimal(principal) / paying)
            if rate == 0
            else round_satang(Decimal(principal) * rate / (1 - (1 + rate) ** -paying))
        )
    # Interest half up to the satang in integers: round_satang(balance * rate) is
    # floor(balance * per / 10,000 + 1/2) = (2 * balance * per + 10,000) // 20,000, the same figure.
    per = rate_bp_month * every_months
    flat_interest = (2 * principal * per + 10_000) // 20_000 if method == FLAT else None
    first_month, day, mdays, isleap = start.year * 12 + start.month - 1, start.day, calendar.mdays, calendar.isleap
    annuity = method == ANNUITY
    balance, rows = principal, []
    append = rows.append
    for number in range(1, instalments + 1):
        interest = flat_interest if flat_interest is not None else (2 * balance * per + 10_000) // 20_000
        if number <= grace:
            part = 0
        elif number == instalments:
            part = balance  # the last instalment takes what remains
        else:
            part = payment - interest if annuity else equal_part
            if part > balance:
                part = balance
        balance -= part
        year, month = divmod(first_month + every_months * number, 12)  # add_months(start, every_months * number)
        month += 1
        last = mdays[month] + (month == 2 and isleap(year))
        append(Instalment(number, dt.date(year, month, day if day <= last else last), part, interest, balance))
    return rows


def period_rate_of(cash_flows: list[int]) -> Decimal:
    """The rate a period at which the flows (first the money lent, negative; then the payments)
    are worth nothing today: the internal rate of return, by bisection to 1e-12."""
    low, high = Decimal(0), Decimal(1)

    def value(rate: Decimal) -> Decimal:
        return sum((Decimal(flow) / (1 + rate) ** i for i, flow in enumerate(cash_flows)), Decimal(0))

    if value(low) <= 0:
        return Decimal(0)
    for _ in range(100):
        middle = (low + high) / 2
        if value(middle) > 0:
            low = middle
        else:
            high = middle
        if high - low < Decimal("1e-12"):
            break
    return (low + high) / 2


def yearly_rate_bp(rows: list[Instalment], principal: int, every_months: int = 1) -> int:
    """What the borrower really pays a year on the money they still owe, in basis points (rounded
    half up): the internal rate of the schedule's cash flows × the periods in a year. For declining
    balance and annuity it is the quoted monthly rate × 12; a flat rate costs nearly twice its quote.
    Assumes the instalments fall every ``every_months`` months, as ``schedule`` makes them."""
    flows = [-principal, *[row.total for row in rows]]
    return round_satang(period_rate_of(flows) * Decimal(12) / every_months * 10_000)


def over_legal_cap(rows: list[Instalment], principal: int, every_months: int = 1) -> int | None:
    """The yearly rate in basis points when it is above the legal cap (15%), else None. Rounding
    an instalment's interest half up may add up to half a satang, which on a small loan can push
    a lawful rate over the cap (1,198 baht for a month at 1.25% has interest 14.975 → 14.98 baht,
    1501 bp): the cap is checked on the rate with that half satang taken back."""
    least = [-principal, *[row.total - (Decimal("0.5") if row.interest else 0) for row in rows]]
    if round_satang(period_rate_of(least) * Decimal(12) / every_months * 10_000) <= LEGAL_CAP_BP_A_YEAR:
        return None
    return yearly_rate_bp(rows, principal, every_months)


# --- repayments -------------------------------------------------------------------------------

DEFAULT_ORDER = ("fine", "interest", "principal")


@dataclass(frozen=True)
class Allocation:
    fine: int = 0
    interest: int = 0
    principal: int = 0
    excess: int = 0  # more than everything owed: refused or held as credit, as the bylaws say


def allocate(amount: int, *, fine: int, interest: int, principal: int, order=DEFAULT_ORDER) -> Allocation:
    """Split a repayment of any amount over what is owed, in the bylaws' order (default: fine, then
    interest, then principal)."""
    if amount <= 0:
        raise ValueError("a repayment is a positive amount")
    owed = {"fine": fine, "interest": interest, "principal": principal}
    if sorted(order) != sorted(owed):
        raise ValueError(f"a repayment order names fine, interest and principal once each: {order!r}")
    parts, left = {}, amount
    for part in order:
        parts[part] = min(left, owed[part])
        left -= parts[part]
    return Allocation(excess=left, **parts)


def interest_for(balance: int, rate_bp_month: int, *, since: dt.date, until: dt.date, basis: str = "days") -> int:
    """Interest on ``balance`` from ``since`` to ``until`` on the declining balance, rounded half up:
    ``days``: the yearly rate (monthly × 12) × the days elapsed / 365; ``months``: the monthly rate ×
    the months begun (a month started counts whole, as many groups' bylaws say)."""
    if basis not in ("days", "months"):
        raise ValueError(f"interest is counted by days or months, not {basis!r}")
    if until <= since or balance <= 0:
        return 0
    if basis == "days":
        return round_satang(Decimal(balance) * rate_bp_month * 12 * (until - since).days / (10_000 * 365))
    months = (until.year - since.year) * 12 + until.month - since.month + (1 if until.day > since.day else 0)
    return round_satang(Decimal(balance) * rate_bp_month * months / 10_000)


def late_fines(
    rows: list[tuple[int, dt.date, int]],
    *,
    paid: int,
    fined: set[int],
    day: dt.date,
    late_days: int,
    fine: int,
    room: int,
) -> list[tuple[int, int]]:
    """The fines to charge on ``day``: (instalment number, amount) for each instalment (number, due,
    principal + interest) not covered by ``paid`` (money covers instalments in order) whose due date
    plus ``late_days`` has passed, not yet in ``fined``; each ``fine``, while ``room`` (the bylaws'
    most on one loan, less what was charged) lasts."""
    result, running = [], 0
    for number, due, total in rows:
        running += total
        if running > paid and due + dt.timedelta(days=late_days) < day and number not in fined:
            amount = min(fine, room)
            if amount <= 0:
                break
            room -= amount
            result.append((number, amount))
    return result


# --- arrears ----------------------------------------------------------------------------------

BUCKETS = ((1, 30), (31, 90), (91, None))


def days_overdue(oldest_unpaid_due: dt.date | None, today: dt.date) -> int:
    """Days since the oldest instalment not fully paid fell due (0 when none is overdue)."""
    if oldest_unpaid_due is None or oldest_unpaid_due >= today:
        return 0
    return (today - oldest_unpaid_due).days


def bucket(days: int) -> int | None:
    """Index into ``BUCKETS`` (1–30, 31–90, over 90 days), or None when not overdue."""
    for index, (low, high) in enumerate(BUCKETS):
        if days >= low and (high is None or days <= high):
            return index
    return None


def portfolio_at_risk(loans: list[tuple[int, int]], days: int) -> int | None:
    """PAR``days``: the principal still owed on loans more than ``days`` overdue, in basis points of
    all principal still owed (rounded half up); None with nothing owed. ``loans``: (principal owed,
    days overdue)."""
    total = sum(owed for owed, _d in loans)
    if total <= 0:
        return None
    at_risk = sum(owed for owed, overdue in loans if overdue > days)
    return round_satang(Decimal(at_risk) * 10_000 / total)


def still_held(*, held: int, principal: int, outstanding: int, used: int, gradual: bool) -> int:
    """How much of a guarantor's savings is still held for a loan. ``held`` was fixed at pay-out;
    ``used`` of it has since paid the borrower's debt. Released ``gradual``-ly, the hold follows the
    principal still owed (rounded up to the satang, so it never falls below its share); otherwise
    all of it is held until the loan is closed. Never more than what is left of the hold."""
    if outstanding <= 0 or principal <= 0:
        return 0
    share = -(-held * outstanding // principal) if gradual else held
    return max(0, min(share, held - used))
