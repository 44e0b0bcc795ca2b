"""Pure rules of household accounts: month totals, savings rate, plan progress, and the village
picture's privacy threshold. No Django, no database; amounts are integer satang."""

import datetime as dt
from dataclasses import dataclass, field

MIN_HOUSEHOLDS = 5  # no figure of the village picture rests on fewer households than this
MAX_ENTRY = 100_000_000  # 1,000,000 baht: a household entry above this is a typo, not a village
BASELINE_MONTHS = 3  # "spend less than before" compares with the average of the three months before


def month_of(day: dt.date) -> dt.date:
    return day.replace(day=1)


def add_months(month: dt.date, n: int) -> dt.date:
    index = month.year * 12 + month.month - 1 + n
    return dt.date(index // 12, index % 12 + 1, 1)


@dataclass
class Totals:
    """A period's income and spending, by category id, and spending for work vs the home."""

    income: int = 0
    spending: int = 0
    occupation_spending: int = 0
    by_category: dict[int, int] = field(default_factory=dict)
    entries: int = 0

    def add(self, kind: str, category_id: int, amount: int, for_occupation: bool, count: int = 1) -> None:
        self.entries += count
        self.by_category[category_id] = self.by_category.get(category_id, 0) + amount
        if kind == "income":
            self.income += amount
        else:
            self.spending += amount
            if for_occupation:
                self.occupation_spending += amount

    @property
    def left_over(self) -> int:
        return self.income - self.spending

    @property
    def savings_rate(self) -> int | None:
        """What was left of the income, in basis points of it (rounded down); None without income."""
        if self.income <= 0:
            return None
        return self.left_over * 10_000 // self.income


def median(values: list[int]) -> int:
    """The middle value; of an even count, the mean of the two middle ones rounded half up."""
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle] + 1) // 2


def shown(households: int) -> bool:
    """Whether an aggregate over ``households`` households may be shown."""
    return households >= MIN_HOUSEHOLDS


@dataclass(frozen=True)
class Progress:
    goal: int  # satang a month the month is measured against
    actual: int
    met: bool
    baseline: int | None = None  # for spend_less: the average before the plan


def plan_progress(*, kind: str, target: int, actual: int, baseline: int | None = None) -> Progress:
    """How a month did against a plan. ``spend_less``: ``target`` basis points below the baseline
    (rounded down to the satang); ``spend_at_most`` / ``earn_at_least``: ``target`` satang."""
    if kind == "spend_less":
        goal = (baseline or 0) * (10_000 - target) // 10_000
        return Progress(goal, actual, actual <= goal, baseline)
    if kind == "spend_at_most":
        return Progress(target, actual, actual <= target)
    return Progress(target, actual, actual >= target)
