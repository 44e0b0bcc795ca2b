"""Demo data of governance for the demo village (called by ``sajja.demo.generator.load_demo``).

What ``ensure`` adds, through the services, relative to the term in office today (``S`` = the day the
sitting committee's terms started, 1 January 2025 for a load in 2025–2026):

- the committee seats the generator recorded become terms (``seats_adopt``);
- the bylaws: no limit on consecutive terms until ``S`` (as the group long had), then at most two
  consecutive terms from ``S`` (``governance.max_consecutive_terms``);
- four past elections, counted on paper by two committee members each: at ``S``−6, −4 and −2 years
  for the president, vice-president, secretary and treasurer, and at ``S`` for every seat of the
  sitting committee, whose winners are exactly the seats the generator recorded (closing takes those
  terms over). The same president wins all four: a 4th consecutive term, over the new limit, so the
  succession warning shows;
- a trained understudy of the treasurer (the secretary and vice-president have none: warned);
- when the sitting terms end within 120 days, the next election, open in the app, with candidates for
  president (the president may not stand again) and secretary only: the other positions warn that
  their term ends with nobody nominated.

Idempotent: elections are found by title, bylaws and understudies by their keys; a second call adds
nothing.
"""

import datetime as dt
import random

from django.db import transaction

from sajja.accounts.models import CommitteeSeat
from sajja.bylaws.models import Bylaw
from sajja.bylaws.services import bylaw_set
from sajja.core.errors import SajjaError
from sajja.core.tenancy import today
from sajja.members.models import Member

from . import domain, selectors, services
from .models import Election, Term, Understudy

HISTORY = ("president", "vice_president", "secretary", "treasurer")
LIMIT_KEY = "governance.max_consecutive_terms"


def _say(stdout, text: str) -> None:
    if stdout is not None:
        stdout.write(text + "\n")


def _title(terms_start: dt.date) -> str:
    return f"เลือกตั้งคณะกรรมการ วาระ {terms_start.year + 543}–{terms_start.year + 544}"


def _actor(group):
    from sajja.accounts.models import User

    return (
        User.objects.filter(username="admin", is_superuser=True).first()
        or User.objects.filter(is_superuser=True).first()
    )


def ensure(*, group, seed, created, stdout=None) -> None:
    actor = _actor(group)
    day = today()
    sitting = list(
        CommitteeSeat.objects.filter(group=group, start_date__lte=day)
        .exclude(end_date__lt=day)
        .select_related("member")
        .order_by("id")
    )
    if actor is None or not sitting:
        return
    if adopted := services.seats_adopt(group=group, actor=actor):
        created["governance.Term"] += adopted
    committees = services.committees_ensure_standard(group=group)
    start = min(seat.start_date for seat in sitting)
    end = max((seat.end_date for seat in sitting if seat.end_date), default=None)
    holders: dict[str, list[Member]] = {}
    for seat in sitting:
        holders.setdefault(seat.position, []).append(seat.member)
    counters = [
        seat.member
        for seat in sitting
        if seat.member.user_id is not None and seat.member.status == Member.Status.ACTIVE
    ]
    counters = list({m.id: m for m in counters}.values())
    if len(counters) < 3:
        _say(stdout, f"{group.name}: governance demo skipped (fewer than three committee logins to count ballots)")
        return
    _ensure_bylaws(group, start, actor, created)
    rng = random.Random(f"{seed}:governance")
    seated_ids = {seat.member_id for seat in sitting}
    counter_ids = {m.id for m in counters}
    pool = list(
        Member.objects.filter(group=group, status=Member.Status.ACTIVE).exclude(id__in=seated_ids).order_by("number")
    )
    rng.shuffle(pool)

    # Past elections: S-6, S-4, S-2 years for the four officers; the president always re-elected.
    president = holders.get("president", [None])[0]
    past_winners: dict[int, dict[str, Member]] = {}
    for back, index in ((6, 0), (4, 1), (2, 2)):
        winners = {}
        for position in HISTORY:
            if position == "president" and president is not None:
                winners[position] = president
            elif position == "treasurer" and back == 2 and holders.get("treasurer"):
                winners[position] = holders["treasurer"][0]  # the treasurer's first term was 2 years ago
            else:
                winners[position] = pool[(index * 8 + HISTORY.index(position)) % len(pool)]
        past_winners[back] = winners
    plans = []
    for back in (6, 4, 2):
        terms_start = domain.add_years(start, -back)
        plans.append((terms_start, [(committees["administration"], p, [w]) for p, w in past_winners[back].items()]))
    plans.append(
        (
            start,
            [
                (committees[code], position, holders[position])
                for code, positions in domain.STANDARD_POSITIONS.items()
                for position in positions
                if holders.get(position)
            ],
        )
    )
    runner_ups = [m for m in pool if m.id not in counter_ids]
    for number, (terms_start, positions) in enumerate(plans):
        _ensure_past_election(
            group, terms_start, positions, runner_ups, counters, rng, actor, created, offset=number * 5
        )

    # A trained understudy of the treasurer.
    if holders.get("treasurer"):
        learner = pool[-1]
        if not Understudy.objects.filter(group=group, position="treasurer", member=learner).exists():
            services.understudy_add(
                group=group, committee=committees["administration"], position="treasurer", member=learner,
                since=domain.add_years(start, 1), trained_on=min(day, domain.add_years(start, 1) + dt.timedelta(days=90)),
                actor=actor,
            )  # fmt: skip
            created["governance.Understudy"] += 1

    # The next election, when the sitting terms end soon.
    if end is not None and (end - day).days <= 120:
        _ensure_next_election(group, end, holders, pool, actor, created)
    warnings = selectors.succession(group.id, day)
    _say(stdout, f"{group.name}: governance — {Term.objects.filter(group=group).count()} terms, "
                 f"{Election.objects.filter(group=group).count()} elections, {len(warnings)} succession warnings")  # fmt: skip


def _ensure_bylaws(group, start: dt.date, actor, created) -> None:
    if Bylaw.objects.filter(group=group, key=LIMIT_KEY).exists():
        return
    votes = [
        (domain.add_years(start, -8), "0", "ข้อบังคับกลุ่ม: ไม่จำกัดจำนวนวาระติดต่อกัน"),
        (start, "2", f"มติที่ประชุมใหญ่สามัญประจำปี ครั้งที่ 1/{start.year + 542}: ดำรงตำแหน่งเดิมติดต่อกันไม่เกินสองวาระ"),
    ]
    for effective_from, value, resolution in votes:
        try:
            bylaw_set(group=group, key=LIMIT_KEY, value=value, effective_from=effective_from, resolution=resolution,
                      actor=actor)  # fmt: skip
            created["bylaws.Bylaw"] += 1
        except SajjaError:  # the books are closed through that day: leave the template default
            pass


def _votes(rng: random.Random, seats: int, active: int) -> tuple[list[int], int, int]:
    """Distinct descending counts for ``seats`` winners and one runner-up, and the blank ballots:
    about four in five active members vote, never more ballots than members."""
    ballots = active * 4 // 5
    share = ballots // (seats + 1)
    won = [share + 1 + i + rng.randint(0, 1) * (i == seats - 1) for i in range(seats)]
    if sum(won) > ballots - 1:  # a small group: the least distinct counts
        won = [i + 2 for i in range(seats)]
    runner = max(0, min(min(won) - 1, ballots - 1 - sum(won)) - rng.randint(0, share // 2))
    blank = 1 if sum(won) + runner + 1 <= active else 0
    return sorted(won, reverse=True), runner, blank


def _ensure_past_election(group, terms_start, positions, runner_ups, counters, rng, actor, created, offset) -> None:
    title = _title(terms_start)
    if Election.objects.filter(group=group, title=title).exists():
        return
    meeting = dt.date(terms_start.year - 1, 12, group.meeting_day or 5)
    terms_before = Term.objects.filter(group=group).count()
    with transaction.atomic():
        election = services.election_create(
            group=group, title=title, date=meeting, terms_start=terms_start, method=Election.Method.PAPER,
            positions=[services.PositionIn(c, p, len(w)) for c, p, w in positions], actor=actor,
        )  # fmt: skip
        counts: dict[int, dict] = {}
        blanks: dict[int, int] = {}
        active = Member.objects.filter(group=group, status=Member.Status.ACTIVE).count()
        for index, (committee, position, winners) in enumerate(positions):
            ep = election.positions.get(committee=committee, position=position)
            taken = {w.id for w in winners}
            runner = next(m for m in runner_ups[offset + index :] + runner_ups if m.id not in taken)
            won_votes, runner_votes, blank = _votes(rng, len(winners), active)
            counts[ep.id], blanks[ep.id] = {}, blank
            for member, votes in [*zip(winners, won_votes, strict=True), (runner, runner_votes)]:
                nomination = services.nomination_create(position=ep, nominee=member, nominated_by=member, actor=actor)
                counts[ep.id][str(nomination.id)] = votes
            created["governance.Nomination"] += len(winners) + 1
        services.election_count(election=election, actor=actor)
        for ep in election.positions.all():
            candidate_ids = {n.member_id for n in ep.nominations.all()}
            two = [m for m in counters if m.id not in candidate_ids][:2]
            for counter in two:
                services.tally_enter(position=ep, counts=counts[ep.id], blank=blanks[ep.id], actor=counter.user)
            created["governance.PaperTally"] += len(two)
        services.election_close(election=election, actor=actor)
        created["governance.Election"] += 1
    if made := Term.objects.filter(group=group).count() - terms_before:
        created["governance.Term"] += made


def _ensure_next_election(group, end: dt.date, holders, pool, actor, created) -> None:
    terms_start = end + dt.timedelta(days=1)
    title = _title(terms_start)
    if Election.objects.filter(group=group, title=title).exists():
        return
    if Election.objects.filter(group=group).exclude(status=Election.Status.CLOSED).exists():
        return
    meeting = dt.date(end.year, 12, group.meeting_day or 5) if end.month == 12 else end
    meeting = min(meeting, end)
    with transaction.atomic():
        election = services.election_create(
            group=group, title=title, date=meeting, terms_start=terms_start, method=Election.Method.APP,
            positions=services.default_positions(group), actor=actor,
        )  # fmt: skip
        created["governance.Election"] += 1
        positions = {p.position: p for p in election.positions.all()}
        vice = holders.get("vice_president", [None])[0]
        if vice is not None:
            services.nomination_create(position=positions["president"], nominee=vice, nominated_by=vice, actor=actor)
            created["governance.Nomination"] += 1
        services.nomination_create(position=positions["secretary"], nominee=pool[1], nominated_by=pool[1], actor=actor)
        services.nomination_create(position=positions["secretary"], nominee=pool[2], nominated_by=pool[1], actor=actor)
        created["governance.Nomination"] += 2
