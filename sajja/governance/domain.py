"""Pure rules of governance (no Django): which positions a committee has, how terms chain into
consecutive terms, who wins an election and where the lots must be drawn, and the succession
warnings computed from a committee's history.

A *position* is (committee, position code): the president of the administration committee, a seat
on the loan committee. Consecutive terms: a term that starts no more than ``CONSECUTIVE_GAP_DAYS``
after the same person's previous term in the same position ended continues the run.
"""

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

STANDARD_POSITIONS: dict[str, tuple[str, ...]] = {
    "administration": ("president", "vice_president", "secretary", "treasurer", "admin_committee"),
    "loans": ("loan_committee",),
    "audit": ("audit_committee",),
    "promotion": ("promotion_committee",),
}
CUSTOM_POSITIONS = ("chair", "committee_member")
STANDARD_ORDER = tuple(STANDARD_POSITIONS)
SINGLE_HOLDER = frozenset({"president", "vice_president", "secretary", "treasurer", "chair"})
# Default seats of a multi-holder position at an election (the demo village's committee of 15).
DEFAULT_SEATS = {"admin_committee": 1, "loan_committee": 4, "audit_committee": 3, "promotion_committee": 3}
# The deputy who covers a position without a named understudy.
DEPUTY = {"president": "vice_president"}
CONSECUTIVE_GAP_DAYS = 60
NOTICE_DAYS = 90


def committee_positions(code: str) -> tuple[str, ...]:
    """The positions of a standard committee (by code) or of a custom one (code empty)."""
    return STANDARD_POSITIONS.get(code, CUSTOM_POSITIONS) if code else CUSTOM_POSITIONS


def add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def term_end(start: dt.date, years: int) -> dt.date:
    """The last day of a term of ``years`` starting on ``start`` (1 Jan 2025, 2 years -> 31 Dec 2026)."""
    return add_years(start, years) - dt.timedelta(days=1)


def age(birth: dt.date, day: dt.date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def overlaps(a_start: dt.date, a_end: dt.date | None, b_start: dt.date, b_end: dt.date | None) -> bool:
    """Two inclusive date ranges (None = open-ended) share at least one day."""
    return (b_end is None or a_start <= b_end) and (a_end is None or b_start <= a_end)


def _continues(previous_end: dt.date | None, start: dt.date) -> bool:
    return previous_end is not None and start <= previous_end + dt.timedelta(days=CONSECUTIVE_GAP_DAYS + 1)


def term_numbers(terms: Sequence[tuple[dt.date, dt.date | None]]) -> list[tuple[int, int]]:
    """For one person's terms in one position (any order), in order of start: (term number — their
    n-th term in the position — and the consecutive count — the n-th term of the current run)."""
    out, run, previous_end = [], 0, None
    for number, (start, end) in enumerate(sorted(terms), start=1):
        run = run + 1 if _continues(previous_end, start) else 1
        out.append((number, run))
        previous_end = end
    return out


def consecutive_if_elected(terms: Sequence[tuple[dt.date, dt.date | None]], new_start: dt.date) -> int:
    """The consecutive count a new term from ``new_start`` would have: one more than the run that
    ends (or is still running) right before it, else 1. Terms starting on/after ``new_start`` are ignored."""
    before = sorted(t for t in terms if t[0] < new_start)
    if not before:
        return 1
    runs = term_numbers(before)
    last_end = before[-1][1]
    if last_end is None or last_end >= new_start or _continues(last_end, new_start):
        return runs[-1][1] + 1
    return 1


# --- election results -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Result:
    """The outcome for one position: ``ranked`` (candidate, votes) best first, ``winners`` (sure of a
    seat), ``tied`` (candidates tied for the last seats, to be drawn), ``open_seats`` (seats those
    tied candidates compete for), ``unfilled`` (seats with no candidate at all)."""

    ranked: tuple[tuple[int, int], ...]
    winners: tuple[int, ...]
    tied: tuple[int, ...] = ()
    open_seats: int = 0
    unfilled: int = 0

    @property
    def has_tie(self) -> bool:
        return bool(self.tied)


def result(counts: dict[int, int], seats: int, drawn: Iterable[int] = ()) -> Result:
    """Winners of ``seats`` seats by most votes (each member had one vote for the position).

    Candidates with equal votes at the boundary (the last seat(s)) are a tie: ``tied`` lists them
    and ``open_seats`` how many of them get a seat; ``drawn`` (from drawing lots) decides it when it
    names exactly that many of the tied candidates. Fewer candidates than seats: all win, the rest
    are ``unfilled``: an accepted candidate standing unopposed is elected even with no vote (as by
    acclamation at a village meeting)."""
    ranked = tuple(sorted(counts.items(), key=lambda item: (-item[1], item[0])))
    if len(ranked) <= seats:
        return Result(ranked, tuple(c for c, _v in ranked), unfilled=seats - len(ranked))
    boundary = ranked[seats - 1][1]
    sure = tuple(c for c, v in ranked if v > boundary)
    at_boundary = tuple(c for c, v in ranked if v == boundary)
    open_seats = seats - len(sure)
    if len(at_boundary) == open_seats:
        return Result(ranked, sure + at_boundary)
    drawn = tuple(d for d in drawn if d in at_boundary)
    if len(set(drawn)) == open_seats:
        return Result(ranked, sure + tuple(sorted(set(drawn), key=at_boundary.index)))
    return Result(ranked, sure, tied=at_boundary, open_seats=open_seats)


# --- succession health ----------------------------------------------------------------------------


@dataclass(frozen=True)
class TermFact:
    """One term in a group's history, as the succession check needs it."""

    committee_id: int
    committee: str
    position: str
    member_id: int
    member: str
    birth_date: dt.date
    start: dt.date
    end: dt.date | None


@dataclass(frozen=True)
class UnderstudyFact:
    committee_id: int
    position: str
    member_id: int
    since: dt.date
    trained_on: dt.date | None
    until: dt.date | None = None


@dataclass(frozen=True)
class Warning:
    """``code``: too_long | no_understudy | no_young | term_ends_no_candidate; ``params`` fill the message."""

    code: str
    committee_id: int
    committee: str
    position: str = ""
    member_id: int | None = None
    params: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Rules:
    max_consecutive: int  # 0: no limit
    young_age: int
    notice_days: int = NOTICE_DAYS


def holders_on(terms: Iterable[TermFact], day: dt.date) -> list[TermFact]:
    return [t for t in terms if t.start <= day and (t.end is None or t.end >= day)]


def succession_warnings(
    terms: Sequence[TermFact],
    understudies: Sequence[UnderstudyFact],
    nominated: set[tuple[int, str]],
    committees: dict[int, str],
    rules: Rules,
    today: dt.date,
) -> list[Warning]:
    """The warnings about the group's succession on ``today``:

    - ``too_long``: a position held by the same person for more consecutive terms than the bylaws
      allow (``rules.max_consecutive``, 0 = no limit);
    - ``no_understudy``: a single-holder position (president, vice-president, secretary, treasurer,
      chair) with a holder but nobody trained to take over: no understudy with a completed training
      and, for the president, no sitting vice-president;
    - ``no_young``: a committee whose sitting members are all ``rules.young_age`` or older;
    - ``term_ends_no_candidate``: a term ending within ``rules.notice_days`` with nobody nominated
      (``nominated``: the (committee id, position) pairs with a live nomination at an open election).
    Positions are checked on the terms sitting on ``today``."""
    warnings: list[Warning] = []
    sitting = holders_on(terms, today)
    history: dict[tuple[int, str, int], list[tuple[dt.date, dt.date | None]]] = {}
    for t in terms:
        if t.start <= today:
            history.setdefault((t.committee_id, t.position, t.member_id), []).append((t.start, t.end))
    for t in sorted(sitting, key=lambda t: (t.committee_id, t.position, t.member)):
        run = term_numbers(history[(t.committee_id, t.position, t.member_id)])[-1][1]
        if rules.max_consecutive and run > rules.max_consecutive:
            warnings.append(
                Warning("too_long", t.committee_id, t.committee, t.position, t.member_id,
                        {"member": t.member, "terms": run, "limit": rules.max_consecutive})
            )  # fmt: skip
    held = {(t.committee_id, t.position) for t in sitting}
    covered = {
        (u.committee_id, u.position)
        for u in understudies
        if u.trained_on is not None and u.trained_on <= today and (u.until is None or u.until >= today)
    }
    for committee_id, position in sorted(held):
        if position not in SINGLE_HOLDER or (committee_id, position) in covered:
            continue
        deputy = DEPUTY.get(position)
        if deputy and (committee_id, deputy) in held:
            continue
        warnings.append(Warning("no_understudy", committee_id, committees.get(committee_id, ""), position))
    by_committee: dict[int, list[TermFact]] = {}
    for t in sitting:
        by_committee.setdefault(t.committee_id, []).append(t)
    for committee_id, members in sorted(by_committee.items()):
        ages = {t.member_id: age(t.birth_date, today) for t in members}
        if ages and min(ages.values()) >= rules.young_age:
            warnings.append(
                Warning("no_young", committee_id, committees.get(committee_id, ""),
                        params={"age": rules.young_age, "youngest": min(ages.values())})
            )  # fmt: skip
    horizon = today + dt.timedelta(days=rules.notice_days)
    ending: dict[tuple[int, str], dt.date] = {}
    for t in sitting:
        if t.end is not None and t.end <= horizon:
            key = (t.committee_id, t.position)
            ending[key] = min(ending.get(key, t.end), t.end)
    for (committee_id, position), end in sorted(ending.items()):
        if (committee_id, position) not in nominated:
            warnings.append(
                Warning("term_ends_no_candidate", committee_id, committees.get(committee_id, ""), position,
                        params={"end": end, "days": (end - today).days})
            )  # fmt: skip
    return warnings
