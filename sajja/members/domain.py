"""Pure rules about members: no Django, no database."""

import datetime as dt

OLDEST_AGE_YEARS = 120


def age_on(birth: dt.date, day: dt.date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def birth_date_problem(birth: dt.date, today: dt.date) -> str | None:
    """``future`` or ``too_old`` (more than 120 years: a typo such as a C.E./B.E. mix-up), else None."""
    if birth > today:
        return "future"
    if age_on(birth, today) > OLDEST_AGE_YEARS:
        return "too_old"
    return None


def join_date_problem(joined: dt.date, *, birth: dt.date, founded: dt.date, today: dt.date) -> str | None:
    """A member joins after birth, not before the group was founded, and not in the future."""
    if joined > today:
        return "future"
    if joined < founded:
        return "before_founding"
    if joined <= birth:
        return "before_birth"
    return None


def next_member_number(existing: list[int]) -> int:
    """The number a new member gets by default: one more than the highest so far."""
    return max(existing, default=0) + 1
