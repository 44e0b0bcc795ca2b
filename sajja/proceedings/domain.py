"""Pure rules of the proceedings (no Django): which positions make which committee, the default
duty list of each position, quorum, how a resolution is numbered and cited, and when a person's
workload is too much."""

from dataclasses import dataclass

# Positions (``accounts.models.Position`` values) by committee (คณะกรรมการ 4 ฝ่าย).
COMMITTEES = {
    "administration": ("president", "vice_president", "secretary", "treasurer", "admin_committee"),
    "loans": ("loan_committee",),
    "audit": ("audit_committee",),
    "promotion": ("promotion_committee",),
}
ALL_POSITIONS = tuple(p for positions in COMMITTEES.values() for p in positions)


def committee_positions(committee: str) -> tuple[str, ...]:
    """The positions called to a committee meeting: one committee, or all of them (``all``)."""
    return ALL_POSITIONS if committee == "all" else COMMITTEES[committee]


def quorum_needed(expected: int, percent: int) -> int:
    """The fewest present for a quorum: at least ``percent`` percent of those expected (rounded up),
    and at least one person. ``quorum_needed(15, 50) == 8``."""
    return max(1, -(-expected * percent // 100))


def has_quorum(present: int, expected: int, percent: int) -> bool:
    return present >= quorum_needed(expected, percent)


def passes(votes_for: int, votes_against: int) -> bool:
    """A resolution passes with more votes for than against (abstentions do not count either way)."""
    return votes_for > votes_against


BODY_NAMES_TH = {"general": "มติที่ประชุมใหญ่", "committee": "มติที่ประชุมคณะกรรมการ"}


def resolution_reference(body: str, number: int, year_be: int) -> str:
    """The citation other records store, e.g. ``มติที่ประชุมใหญ่ 2/2569``. General and annual general
    meetings share one numbering per Buddhist-Era year; committee meetings have their own."""
    return f"{BODY_NAMES_TH[body]} {number}/{year_be}"


@dataclass(frozen=True)
class Thresholds:
    max_positions: int = 2
    max_open_tasks: int = 5
    max_overdue: int = 0


@dataclass(frozen=True)
class Load:
    positions: int
    open_tasks: int
    overdue: int


def overload_flags(load: Load, limits: Thresholds) -> tuple[str, ...]:
    """Why a person carries too much (``positions``, ``open_tasks``, ``overdue``); empty when fine.
    Each flag is "more than the limit": 3 positions with a limit of 2, 6 open tasks with 5, any
    overdue task with the default limit of 0."""
    flags = []
    if load.positions > limits.max_positions:
        flags.append("positions")
    if load.open_tasks > limits.max_open_tasks:
        flags.append("open_tasks")
    if load.overdue > limits.max_overdue:
        flags.append("overdue")
    return tuple(flags)
