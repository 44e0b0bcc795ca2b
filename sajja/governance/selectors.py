"""Reads of governance: the committee board, the succession warnings, elections and their
outcomes (app votes counted, paper counts checked by two people, ties). A fixed number of queries
whatever the number of members or terms."""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch
from django.utils.translation import gettext_lazy as _

from sajja.bylaws.selectors import bylaw_book
from sajja.core.errors import fmt
from sajja.core.thai import format_date

from . import domain
from .models import (
    POSITION_LABELS,
    BallotCast,
    Committee,
    Election,
    ElectionPosition,
    Nomination,
    PaperTally,
    Term,
    Understudy,
    Vote,
)

RULE_KEYS = (
    "governance.term_years",
    "governance.max_consecutive_terms",
    "governance.young_age",
    "governance.notice_days",
)


def rules_on(group_id: int, day: dt.date) -> dict:
    book = bylaw_book(group_id)
    return {key: book.value(key, day) for key in RULE_KEYS}


# --- committees and terms ----------------------------------------------------------------------------


@dataclass
class TermRow:
    term: Term
    number: int  # the holder's n-th term in this position
    consecutive: int  # the n-th term of the current run


@dataclass
class CommitteeBoard:
    committee: Committee
    sitting: list[TermRow] = field(default_factory=list)
    past: list[TermRow] = field(default_factory=list)
    upcoming: list[TermRow] = field(default_factory=list)


def group_terms(group_id: int):
    return Term.objects.filter(group_id=group_id).select_related("member", "committee", "election")


def numbered_terms(terms) -> dict[int, tuple[int, int]]:
    """Term id -> (term number, consecutive count), from the terms' own history."""
    by_holder: dict[tuple, list[Term]] = {}
    for term in terms:
        by_holder.setdefault((term.committee_id, term.position, term.member_id), []).append(term)
    numbers = {}
    for held in by_holder.values():
        held.sort(key=lambda t: (t.start_date, t.id))
        for term, pair in zip(held, domain.term_numbers([(t.start_date, t.end_date) for t in held]), strict=True):
            numbers[term.id] = pair
    return numbers


def position_rank(position: str) -> int:
    order = [p for positions in domain.STANDARD_POSITIONS.values() for p in positions] + list(domain.CUSTOM_POSITIONS)
    return order.index(position) if position in order else len(order)


def committee_boards(group_id: int, day: dt.date) -> list[CommitteeBoard]:
    """Each committee with who sits on ``day`` (position, since, term number, consecutive terms),
    who held it before and who is elected to start later. Two queries."""
    boards = {c.id: CommitteeBoard(c) for c in Committee.objects.filter(group_id=group_id)}
    terms = list(group_terms(group_id))
    numbers = numbered_terms(terms)
    for term in sorted(terms, key=lambda t: (position_rank(t.position), t.start_date, t.member.number)):
        row = TermRow(term, *numbers[term.id])
        board = boards[term.committee_id]
        if term.start_date > day:
            board.upcoming.append(row)
        elif term.end_date is not None and term.end_date < day:
            board.past.append(row)
        else:
            board.sitting.append(row)
    for board in boards.values():
        board.past.sort(key=lambda r: (-r.term.start_date.toordinal(), position_rank(r.term.position)))
    return list(boards.values())


def unadopted_seats(group_id: int) -> int:
    """Committee seats recorded without a term (before governance kept terms)."""
    from sajja.accounts.models import CommitteeSeat

    return CommitteeSeat.objects.filter(group_id=group_id, term__isnull=True).count()


# --- succession ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ShownWarning:
    warning: domain.Warning
    message: object


def _facts(group_id: int):
    terms = [
        domain.TermFact(
            t.committee_id, t.committee.title, t.position, t.member_id, t.member.full_name, t.member.birth_date,
            t.start_date, t.end_date,
        )
        for t in group_terms(group_id)
    ]  # fmt: skip
    understudies = [
        domain.UnderstudyFact(u.committee_id, u.position, u.member_id, u.since, u.trained_on, u.until)
        for u in Understudy.objects.filter(group_id=group_id)
    ]
    nominated = set(
        Nomination.objects.filter(group_id=group_id, election__status=Election.Status.OPEN)
        .exclude(status=Nomination.Status.DECLINED)
        .values_list("position__committee_id", "position__position")
    )
    return terms, understudies, nominated


def succession(group_id: int, day: dt.date) -> list[ShownWarning]:
    """The succession warnings of the group on ``day`` (``domain.succession_warnings``), each with
    its message. A fixed number of queries (terms, understudies, nominations, committees, bylaws)."""
    terms, understudies, nominated = _facts(group_id)
    committees = {c.id: c.title for c in Committee.objects.filter(group_id=group_id)}
    rules = rules_on(group_id, day)
    found = domain.succession_warnings(
        terms,
        understudies,
        nominated,
        committees,
        domain.Rules(
            max_consecutive=rules["governance.max_consecutive_terms"],
            young_age=rules["governance.young_age"],
            notice_days=rules["governance.notice_days"],
        ),
        day,
    )
    return [ShownWarning(w, warning_message(w)) for w in found]


def warning_message(w: domain.Warning):
    position = POSITION_LABELS.get(w.position, w.position)
    if w.code == "too_long":
        return fmt(
            _("%(committee)s, %(position)s: %(member)s is serving %(terms)s consecutive terms; the bylaws allow %(limit)s."),
            committee=w.committee, position=position, **w.params,
        )  # fmt: skip
    if w.code == "no_understudy":
        return fmt(
            _("%(committee)s, %(position)s: nobody is trained to take over (no deputy or trained understudy)."),
            committee=w.committee, position=position,
        )  # fmt: skip
    if w.code == "no_young":
        return fmt(
            _("%(committee)s: every member is %(age)s or older (the youngest is %(youngest)s)."),
            committee=w.committee, **w.params,
        )  # fmt: skip
    return fmt(
        _("%(committee)s, %(position)s: the term ends on %(end)s (in %(days)s days) and nobody is nominated."),
        committee=w.committee, position=position, end=format_date(w.params["end"]), days=w.params["days"],
    )  # fmt: skip


def understudies(group_id: int):
    return Understudy.objects.filter(group_id=group_id).select_related("member", "committee").order_by("-since")


# --- elections ----------------------------------------------------------------------------------------------


def elections(group_id: int):
    return Election.objects.filter(group_id=group_id).annotate(position_count=Count("positions"))


def election_get(group_id: int, election_id: int) -> Election:
    return Election.objects.select_related("group", "created_by", "closed_by").get(group_id=group_id, id=election_id)


@dataclass
class TallyState:
    """Paper counts of a position: ``agreed`` when the latest entries of two different people are the same."""

    latest: list[PaperTally]
    agreed: PaperTally | None = None
    mismatch: bool = False


def tally_state(tallies: list[PaperTally]) -> TallyState:
    latest: dict[int, PaperTally] = {}
    for tally in sorted(tallies, key=lambda t: (t.entered_at, t.id)):
        latest[tally.entered_by_id] = tally
    rows = list(latest.values())
    for i, first in enumerate(rows):
        for second in rows[i + 1 :]:
            if first.counts == second.counts and first.blank_ballots == second.blank_ballots:
                return TallyState(rows, agreed=second)
    return TallyState(rows, mismatch=len(rows) >= 2)


@dataclass
class Outcome:
    position: ElectionPosition
    candidates: dict[int, Nomination]  # accepted nominations by id
    counts: dict[int, int] | None  # votes by nomination id; None while paper counts are not agreed
    result: domain.Result | None
    ballots: int = 0  # ballots cast (app) or counted (paper, incl. blank)
    tally: TallyState | None = None

    @property
    def ranked(self) -> list[tuple[Nomination, int, bool]]:
        """(candidate, votes, elected) best first."""
        if self.result is None:
            return [(n, 0, False) for n in self.candidates.values()]
        winners = set(self.result.winners)
        return [(self.candidates[c], v, c in winners) for c, v in self.result.ranked]


def _positions(election: Election):
    return (
        ElectionPosition.objects.filter(election=election)
        .select_related("committee", "election")
        .prefetch_related(
            Prefetch("nominations", queryset=Nomination.objects.select_related("member", "nominated_by")),
            Prefetch("tallies", queryset=PaperTally.objects.select_related("counter", "entered_by")),
        )
    )


def election_outcomes(election: Election) -> list[Outcome]:
    """Each position's candidates, counts and result. Five queries whatever the number of voters."""
    positions = list(_positions(election))
    votes: dict[int, dict[int, int]] = {}
    cast: dict[int, int] = {}
    if election.method == Election.Method.APP:
        for row in Vote.objects.filter(election=election).values("position_id", "candidate_id").annotate(n=Count("id")):
            votes.setdefault(row["position_id"], {})[row["candidate_id"]] = row["n"]
        for row in BallotCast.objects.filter(election=election).values("position_id").annotate(n=Count("id")):
            cast[row["position_id"]] = row["n"]
    return [_outcome(position, votes.get(position.id, {}), cast.get(position.id, 0)) for position in positions]


def position_outcome(position: ElectionPosition) -> Outcome:
    position = _positions(position.election).get(id=position.id)
    election = position.election
    votes, cast = {}, 0
    if election.method == Election.Method.APP:
        for row in Vote.objects.filter(position=position).values("candidate_id").annotate(n=Count("id")):
            votes[row["candidate_id"]] = row["n"]
        cast = BallotCast.objects.filter(position=position).count()
    return _outcome(position, votes, cast)


def _outcome(position: ElectionPosition, votes: dict[int, int], cast: int) -> Outcome:
    candidates = {n.id: n for n in position.nominations.all() if n.status == Nomination.Status.ACCEPTED}
    if position.election.method == Election.Method.APP:
        counts = {c: votes.get(c, 0) for c in candidates}
        return Outcome(position, candidates, counts, domain.result(counts, position.seats, position.drawn), cast)
    state = tally_state(list(position.tallies.all()))
    if state.agreed is None:
        return Outcome(position, candidates, None, None, 0, state)
    counts = {c: int(state.agreed.counts.get(str(c), 0)) for c in candidates}
    ballots = sum(counts.values()) + state.agreed.blank_ballots
    return Outcome(position, candidates, counts, domain.result(counts, position.seats, position.drawn), ballots, state)


def voted_positions(election: Election, member_id: int | None) -> set[int]:
    """The positions the member has voted for (never how)."""
    if member_id is None:
        return set()
    return set(BallotCast.objects.filter(election=election, member_id=member_id).values_list("position_id", flat=True))


def counters(outcomes: list[Outcome]) -> list[str]:
    """Who counted (paper: the people whose entries agreed), for the minutes."""
    names = []
    for outcome in outcomes:
        if outcome.tally and outcome.tally.agreed:
            for tally in outcome.tally.latest:
                if tally.counts == outcome.tally.agreed.counts and tally.counter.full_name not in names:
                    names.append(tally.counter.full_name)
    return names
