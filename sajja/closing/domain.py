"""The year-end share-out as pure arithmetic: no Django, integers (satang) only.

The rules, as the bylaws state them (``apps.SETTINGS`` registers them as dated settings):

- **Net profit** (income − expenses of the fiscal year) is split over the allocation categories by
  their percentages (basis points, which must total 10,000 = 100%). The split uses the
  largest-remainder method, so the category amounts add back to the net profit to the satang.
  A loss or a zero profit allocates nothing.
- **Dividend** (ปันผล): the dividend category's amount is shared over the members in proportion to a
  *weight* from their pledge savings (``BASES``):
  ``month_weighted`` — the sum of the 12 month-end balances (each month counts 1/12; money saved in
  the first month earns 12/12, in the last 1/12); ``year_end`` — 12 × the balance at the year end;
  ``units`` — the sum of the 12 month-end balances counted in whole units of the bylaws' unit size.
- **Interest rebate** (เฉลี่ยคืน): the rebate category's amount is shared in proportion to the loan
  interest each member paid in the year.
- **Rounding** (``ROUNDINGS``): ``satang`` — each share to the satang by the largest-remainder method,
  so the shares add back to the pool exactly; ``baht_down`` — each share cut down to whole baht, and
  what is left of the pool goes to the named fund (``rounding_fund``). A pool nobody has a weight in
  (nobody saved, nobody paid interest) goes whole to the rounding fund.
- **Members who left during the year** (``LEAVERS``): ``none`` — no dividend and no rebate;
  ``pro_rata`` — the month-ends while they were members count (for ``year_end``: their last month-end
  balance × the months they were members), and the interest they paid counts.
- A share is never negative: a negative balance or interest (a correction beyond the year) counts 0.

The reconciliation: the non-member categories + every dividend + every rebate + the rounding
remainder = net profit, to the satang (``ShareOut.accounted``). ``tests/test_domain.py`` checks it for
any input (hypothesis).
"""

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

BASES = ("month_weighted", "year_end", "units")
ROUNDINGS = ("satang", "baht_down")
LEAVERS = ("none", "pro_rata")
FULL = 10_000  # 100% in basis points
MONTHS = 12

# The built-in categories: code, bylaw setting, ledger role credited, template rate (bp), Thai and
# English names. ``dividend`` and ``rebate`` are shared over the members; the others are one amount.
DIVIDEND, REBATE = "dividend", "rebate"
CATEGORIES = (
    ("reserve", "reserve_fund", 1000, "ทุนสำรอง", "Reserve fund"),
    (DIVIDEND, "dividends_payable", 7000, "เงินปันผลตามเงินสัจจะสะสม", "Dividend on pledge savings"),
    (REBATE, "rebates_payable", 1200, "เงินเฉลี่ยคืนตามดอกเบี้ยเงินกู้", "Interest rebate to borrowers"),
    ("committee", "committee_payable", 300, "ค่าตอบแทนกรรมการ", "Committee remuneration"),
    ("welfare", "welfare_fund", 350, "กองทุนสวัสดิการสมาชิก", "Member welfare fund"),
    ("public_benefit", "public_benefit_fund", 50, "กองทุนสาธารณประโยชน์", "Public benefit fund"),
    ("training", "training_fund", 100, "ค่าฝึกอบรมและบริหาร", "Training and administration"),
)
CATEGORY_ROLE = {code: role for code, role, *_ in CATEGORIES}
ROUNDING_FUNDS = ("reserve", "welfare", "public_benefit", "training")


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` moved by whole months; the fiscal year starts on day 1-28, so the day always exists."""
    index = day.year * 12 + day.month - 1 + months
    return day.replace(year=index // 12, month=index % 12 + 1)


def year_bounds(start_month: int, start_day: int, day: dt.date) -> tuple[dt.date, dt.date]:
    """The first and last day of the fiscal year (starting each year on ``start_month``/``start_day``)
    that contains ``day``."""
    start = dt.date(day.year, start_month, start_day)
    if start > day:
        start = start.replace(year=day.year - 1)
    return start, add_months(start, MONTHS) - dt.timedelta(days=1)


def month_ends(start: dt.date) -> list[dt.date]:
    """The 12 month-ends of the fiscal year starting ``start``: the day before each month's start."""
    return [add_months(start, k) - dt.timedelta(days=1) for k in range(1, MONTHS + 1)]


def largest_remainder(total: int, weights: Sequence[int]) -> list[int]:
    """``total`` (≥ 0) split in proportion to ``weights`` (≥ 0, not all 0): each part is the floor of
    its exact share, and the satang left over go one each to the largest fractional remainders
    (ties: the earlier part). The parts add up to ``total`` exactly."""
    whole = sum(weights)
    if total < 0 or whole <= 0 or any(w < 0 for w in weights):
        raise ValueError("largest_remainder needs total >= 0 and weights >= 0, not all 0")
    exact = [total * weight for weight in weights]
    parts = [share // whole for share in exact]
    left = total - sum(parts)
    if left:
        remainders = sorted(range(len(parts)), key=lambda i: (-(exact[i] % whole), i))
        for index in remainders[:left]:
            parts[index] += 1
    return parts


def split_categories(net_profit: int, rates: Mapping[str, int]) -> dict[str, int]:
    """The net profit over the categories by their rates (bp, totalling 10,000): largest remainder.
    A loss or zero allocates nothing."""
    if sum(rates.values()) != FULL:
        raise ValueError("rates must total 10,000 basis points")
    codes = list(rates)
    if net_profit <= 0:
        return dict.fromkeys(codes, 0)
    return dict(zip(codes, largest_remainder(net_profit, [rates[c] for c in codes]), strict=True))


@dataclass(frozen=True)
class Saver:
    """One member's year, as the share-out needs it.

    ``balances``: the pledge savings balance (satang) at each of the 12 month-ends; ``interest``: loan
    interest paid in the year (satang); ``months_in``: for a member who left during the year, the
    month-ends before the day they left (0-11); ``None`` for a member still in at the year end."""

    member_id: int
    balances: tuple[int, ...]
    interest: int = 0
    months_in: int | None = None

    @property
    def left(self) -> bool:
        return self.months_in is not None


def weight(saver: Saver, *, basis: str, unit: int, leavers: str) -> int:
    """The member's dividend weight by ``basis`` (see the module's docstring); never negative."""
    if basis not in BASES:
        raise ValueError(basis)
    if saver.left and leavers == "none":
        return 0
    months = MONTHS if saver.months_in is None else saver.months_in
    counted = saver.balances[:months]
    if counted and min(counted) < 0:  # rare: clamp only when needed (this runs for every member)
        counted = [b if b > 0 else 0 for b in counted]
    if basis == "month_weighted":
        return sum(counted)
    if basis == "units":
        if unit <= 0:
            raise ValueError("unit must be positive")
        return sum(b // unit for b in counted)
    return months * counted[-1] if counted else 0


def rebate_weight(saver: Saver, *, leavers: str) -> int:
    if saver.left and leavers == "none":
        return 0
    return max(0, saver.interest)


def share_pool(pool: int, weights: Sequence[int], rounding: str) -> tuple[list[int], int]:
    """``pool`` over ``weights`` by the rounding rule: (the shares, what is left for the rounding fund)."""
    if rounding not in ROUNDINGS:
        raise ValueError(rounding)
    whole = sum(weights)
    if pool <= 0 or whole <= 0:
        return [0] * len(weights), max(pool, 0)
    if rounding == "satang":
        return largest_remainder(pool, weights), 0
    shares = [(pool * w // whole) // 100 * 100 for w in weights]
    return shares, pool - sum(shares)


@dataclass(frozen=True)
class ShareOut:
    """The whole allocation of one year: category amounts, each member's dividend and rebate, and
    the rounding remainder (which goes to ``rounding_fund`` on top of its category amount)."""

    net_profit: int
    categories: dict[str, int]
    weights: dict[int, int]
    interest: dict[int, int]
    dividends: dict[int, int]
    rebates: dict[int, int]
    remainder: int
    rounding_fund: str
    dividend_remainder: int = 0
    rebate_remainder: int = 0
    notes: list[str] = field(default_factory=list)

    @property
    def funds(self) -> dict[str, int]:
        """Every category that is one amount (not shared over members), the remainder included."""
        amounts = {c: a for c, a in self.categories.items() if c not in (DIVIDEND, REBATE)}
        if self.remainder:
            amounts[self.rounding_fund] = amounts.get(self.rounding_fund, 0) + self.remainder
        return amounts

    @property
    def accounted(self) -> int:
        """Where every satang went: funds + dividends + rebates (+ the remainder, inside ``funds``)."""
        return sum(self.funds.values()) + sum(self.dividends.values()) + sum(self.rebates.values())


def share_out(
    *,
    net_profit: int,
    rates: Mapping[str, int],
    savers: Sequence[Saver],
    basis: str = "month_weighted",
    unit: int = 10_000,
    rounding: str = "satang",
    rounding_fund: str = "reserve",
    leavers: str = "none",
) -> ShareOut:
    """Allocate ``net_profit`` by ``rates`` and share the dividend and rebate pools over ``savers``.
    ``rates`` must hold ``dividend`` and ``rebate`` (either may be 0) and the ``rounding_fund``."""
    if leavers not in LEAVERS:
        raise ValueError(leavers)
    if rounding_fund not in rates:
        raise ValueError("the rounding fund must be one of the categories")
    categories = split_categories(net_profit, rates)
    ids = [s.member_id for s in savers]
    weights = [weight(s, basis=basis, unit=unit, leavers=leavers) for s in savers]
    interest = [rebate_weight(s, leavers=leavers) for s in savers]
    dividends, dividend_left = share_pool(categories.get(DIVIDEND, 0), weights, rounding)
    rebates, rebate_left = share_pool(categories.get(REBATE, 0), interest, rounding)
    return ShareOut(
        net_profit=net_profit,
        categories=categories,
        weights=dict(zip(ids, weights, strict=True)),
        interest=dict(zip(ids, interest, strict=True)),
        dividends=dict(zip(ids, dividends, strict=True)),
        rebates=dict(zip(ids, rebates, strict=True)),
        remainder=dividend_left + rebate_left,
        rounding_fund=rounding_fund,
        dividend_remainder=dividend_left,
        rebate_remainder=rebate_left,
    )
