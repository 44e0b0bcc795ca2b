"""Pure rules of the meeting day: the cash count, the difference, the next meeting date, the
suggested deposit and a sheet row's status. No Django, no database; money is integer satang."""

import calendar
import datetime as dt
from collections.abc import Mapping, Sequence

# The cash denominations counted at the close, in satang: banknotes of 1000, 500, 100, 50 and 20
# baht; coins of 10, 5, 2 and 1 baht, 50 and 25 satang.
DENOMINATIONS = (100_000, 50_000, 10_000, 5_000, 2_000, 1_000, 500, 200, 100, 50, 25)

# The most notes or coins of one denomination a count may hold: far above any village cash box,
# low enough that a typing slip (an amount typed into a count box) is caught.
MAX_PIECES = 100_000


class CountProblem(ValueError):
    """A cash count that cannot be right; ``code`` says why, ``denomination`` which line."""

    def __init__(self, code: str, denomination: int | None = None):
        super().__init__(code)
        self.code = code
        self.denomination = denomination


def count_total(counts: Mapping) -> dict[int, int]:
    """Check a count by denomination and return it normalised ({satang: pieces}, every
    denomination present). Keys may be ints or their text; counts must be whole numbers >= 0
    (``bool`` and ``float`` are refused: a count is never 2.5 notes)."""
    result = dict.fromkeys(DENOMINATIONS, 0)
    for key, pieces in counts.items():
        try:
            denomination = int(key)
        except (TypeError, ValueError):
            raise CountProblem("denomination") from None
        if str(denomination) != str(key).strip() or denomination not in result:
            raise CountProblem("denomination")
        if isinstance(pieces, bool) or not isinstance(pieces, int):
            raise CountProblem("bad_count", denomination)
        if pieces < 0 or pieces > MAX_PIECES:
            raise CountProblem("bad_count", denomination)
        result[denomination] = pieces
    return result


def cash_of(counts: Mapping[int, int]) -> int:
    """The money in a normalised count, in satang."""
    return sum(denomination * pieces for denomination, pieces in counts.items())


def counts_for(amount: int) -> dict[int, int]:
    """The fewest notes and coins making ``amount`` satang (largest first); what is left below the
    smallest coin (25 satang) is not in the count."""
    counts, left = {}, max(0, amount)
    for denomination in DENOMINATIONS:
        counts[denomination], left = divmod(left, denomination)
    return counts


def difference(*, counted: int, expected: int) -> int:
    """Counted minus expected: negative is a shortage (cash missing), positive an overage."""
    return counted - expected


def meeting_date_in(year: int, month: int, meeting_day: int) -> dt.date:
    """The meeting date of a month (the group's day, or the month's last day when it is shorter)."""
    return dt.date(year, month, min(meeting_day, calendar.monthrange(year, month)[1]))


def next_meeting_date(meeting_day: int, after: dt.date) -> dt.date:
    """The first meeting date on or after ``after``."""
    this = meeting_date_in(after.year, after.month, meeting_day)
    if this >= after:
        return this
    year, month = (after.year + 1, 1) if after.month == 12 else (after.year, after.month + 1)
    return meeting_date_in(year, month, meeting_day)


def previous_meeting_dates(meeting_day: int, before: dt.date, count: int) -> list[dt.date]:
    """The ``count`` scheduled meeting dates before ``before``, newest first."""
    result, year, month = [], before.year, before.month
    while len(result) < count:
        day = meeting_date_in(year, month, meeting_day)
        if day < before:
            result.append(day)
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return result


def deposit_suggestion(last_meetings: Sequence[int]) -> int:
    """What to suggest a member deposits today: ``last_meetings`` holds their deposits at the last
    three meetings, newest first (0 = none). A member who deposited at two or more of them usually
    deposits: suggest their most recent deposit; otherwise nothing."""
    made = [amount for amount in last_meetings[:3] if amount > 0]
    return made[0] if len(made) >= 2 else 0


def row_status(*, remaining: int, posted: int) -> str:
    """A sheet row's state: ``nothing_due`` (nothing owed, nothing posted), ``waiting`` (owed,
    nothing posted yet), ``partial`` (something posted, something still owed), ``done``."""
    if posted <= 0:
        return "waiting" if remaining > 0 else "nothing_due"
    return "partial" if remaining > 0 else "done"
