"""Pure rules of welfare: no Django, no database. Amounts are integer satang.

A claim is checked against the benefit's rule **in force on the event date** (the bylaws are dated
settings: a rule voted later does not change what an earlier illness is worth):

- the member was a member on the event date, for at least ``min_months`` whole months (the waiting
  period: joined 31 Jan, six months -> eligible from 31 Jul; joined 31 Aug -> from 28/29 Feb);
- for every benefit but death the member is still active; a death benefit is for a member who died
  (or is still recorded active) and names the beneficiary who receives it;
- old age: the member is at least ``min_age`` years old on the event date;
- illness is paid per night in hospital: ``nights × amount``, at most ``cap_event`` a stay;
  the others pay ``amount`` an event, at most ``cap_event``;
- at most ``cap_year`` for this benefit to one member in one fiscal year, counting every claim of the
  year not rejected (pending and approved ones too, so two claims cannot both take the same room);
- one claim per member, benefit and event date (paying twice is refused).

``assess`` returns the payable amount, or the reasons it is not payable (codes; the service turns
them into messages). A cap of 0 means "no cap" (the bylaws' way to switch a cap off).
"""

import calendar
import datetime as dt
from dataclasses import dataclass, field

BENEFITS = ("birth", "illness", "death", "old_age", "education")
PER_NIGHT = {"illness"}
MAX_NIGHTS = 366


@dataclass(frozen=True)
class Rule:
    """One benefit's rule as the bylaws set it on a day."""

    benefit: str
    min_months: int  # whole months of membership before the event
    amount: int  # satang an event, or a night in hospital for illness
    cap_event: int  # satang at most for one event (0 = no cap)
    cap_year: int  # satang at most for this benefit to one member in a fiscal year (0 = no cap)
    min_age: int = 0  # years (old age)

    @classmethod
    def from_bylaws(cls, benefit: str, in_force: dict) -> "Rule":
        prefix = f"welfare.{benefit}."
        return cls(
            benefit=benefit,
            min_months=in_force[prefix + "min_months"],
            amount=in_force[prefix + "amount"],
            cap_event=in_force[prefix + "cap_event"],
            cap_year=in_force[prefix + "cap_year"],
            min_age=in_force.get(prefix + "min_age", 0),
        )


@dataclass(frozen=True)
class Facts:
    """What the claim says and what the register knows about the member."""

    event_date: dt.date
    today: dt.date
    joined_on: dt.date
    birth_date: dt.date
    member_status: str  # active, left, deceased, expelled
    status_date: dt.date | None
    nights: int | None = None
    beneficiary: str = ""
    asked: int | None = None  # an amount asked (satang), or None for what the rule gives
    used_this_year: int = 0  # satang of this benefit already claimed by the member in the fiscal year
    same_event_claimed: bool = False


@dataclass(frozen=True)
class Assessment:
    payable: int
    entitled: int  # what the rule gives for the event before the yearly cap
    year_room: int | None  # what is left of the yearly cap before this claim (None: no cap)
    eligible_from: dt.date  # the first day the waiting period is over
    reasons: tuple[str, ...] = field(default=())

    @property
    def ok(self) -> bool:
        return not self.reasons


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` plus ``months`` calendar months; the day is clamped to the month's last day."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def age_on(birth: dt.date, day: dt.date) -> int:
    """Whole years of age on ``day`` (a 29 Feb birthday counts from 1 Mar in other years)."""
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def entitlement(rule: Rule, nights: int | None) -> int:
    """What the rule gives for one event: nights × the nightly amount for illness, else the amount;
    at most the cap per event."""
    base = rule.amount * (nights or 0) if rule.benefit in PER_NIGHT else rule.amount
    return min(base, rule.cap_event) if rule.cap_event else base


def assess(rule: Rule, facts: Facts) -> Assessment:
    """The payable amount of a claim under ``rule`` (the rule in force on the event date), or the
    reasons it is refused. Reason codes: ``future_event``, ``before_joining``, ``waiting_period``,
    ``not_member``, ``beneficiary``, ``nights``, ``too_young``, ``duplicate``, ``over_event_cap``,
    ``year_cap_reached``, ``over_year_cap``, ``nothing_payable``."""
    reasons: list[str] = []
    eligible_from = add_months(facts.joined_on, rule.min_months)
    if facts.event_date > facts.today:
        reasons.append("future_event")
    if facts.event_date < facts.joined_on:
        reasons.append("before_joining")
    elif facts.event_date < eligible_from:
        reasons.append("waiting_period")
    if rule.benefit == "death":
        # The member died as a member: still recorded active (the register is updated after), or
        # recorded deceased on or after the event. A member who had left before is not covered.
        if facts.member_status not in ("active", "deceased") or (
            facts.member_status == "deceased" and facts.status_date and facts.status_date < facts.event_date
        ):
            reasons.append("not_member")
        if not facts.beneficiary.strip():
            reasons.append("beneficiary")
    elif facts.member_status != "active":
        reasons.append("not_member")
    if rule.benefit in PER_NIGHT:
        if not isinstance(facts.nights, int) or isinstance(facts.nights, bool) or not 1 <= facts.nights <= MAX_NIGHTS:
            reasons.append("nights")
    if rule.benefit == "old_age" and rule.min_age and age_on(facts.birth_date, facts.event_date) < rule.min_age:
        reasons.append("too_young")
    if facts.same_event_claimed:
        reasons.append("duplicate")
    entitled = entitlement(rule, facts.nights if "nights" not in reasons else 0)
    room = max(rule.cap_year - facts.used_this_year, 0) if rule.cap_year else None
    if facts.asked is not None:
        payable = facts.asked
        if facts.asked > entitled:
            reasons.append("over_event_cap")
        elif room is not None and facts.asked > room:
            reasons.append("over_year_cap")
    else:
        payable = entitled if room is None else min(entitled, room)
        if room == 0 and entitled > 0:
            reasons.append("year_cap_reached")
    if payable <= 0 and not reasons:
        reasons.append("nothing_payable")
    return Assessment(
        payable=payable if not reasons else 0,
        entitled=entitled,
        year_room=room,
        eligible_from=eligible_from,
        reasons=tuple(reasons),
    )
