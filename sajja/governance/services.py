"""Writes of governance: committees, terms, understudies, elections, nominations, ballots, paper
counts, drawing lots and closing. Every write is one ``transaction.atomic``; every refusal is a
``SajjaError`` with a code, and nothing is written.

Terms of the standard committees also write ``accounts.CommitteeSeat`` (what tenancy reads): a
term that starts or ends here moves the holder's access on the same dates.
"""

import datetime as dt
import secrets
from dataclasses import dataclass

from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from sajja.accounts.models import CommitteeSeat
from sajja.bylaws.selectors import bylaw_book
from sajja.core.errors import SajjaError, fmt
from sajja.core.fields import parse_text
from sajja.core.tenancy import today
from sajja.core.thai import format_date, normalize_digits
from sajja.members.models import Member

from . import domain, selectors
from .models import (
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

STANDARD_ORDER = {code: index for index, code in enumerate(domain.STANDARD_ORDER)}


# --- checks shared by the services ------------------------------------------------------------------


def _require_member_of(group, member: Member | None, field: str, code: str = "not_member") -> Member:
    """An active member of ``group``: a member of another group, or one who left, is refused."""
    if member is None or member.group_id != group.id or member.status != Member.Status.ACTIVE:
        raise SajjaError(_("This person is not an active member of the group."), field=field, code=code)
    return member


def _require_position(committee: Committee, position: str, field: str = "position") -> str:
    if position not in committee.positions:
        raise SajjaError(
            fmt(_("The committee “%(committee)s” has no such position."), committee=committee.title),
            field=field,
            code="position",
        )
    return position


def _require_group(group, record, field: str) -> None:
    if record is None or record.group_id != group.id:
        raise SajjaError(_("This record belongs to another group."), field=field, code="other_group")


def _date(value, field: str) -> dt.date:
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        raise SajjaError(_("This field is required."), field=field, code="required")
    return value


def _rules(group_id: int, day: dt.date) -> dict:
    book = bylaw_book(group_id)
    return {key: book.value(key, day) for key in selectors.RULE_KEYS}


# --- committees ----------------------------------------------------------------------------------------


def committees_ensure_standard(*, group) -> dict[str, Committee]:
    """The four standard committees of the group, made the first time they are needed. Idempotent."""
    existing = {c.code: c for c in Committee.objects.filter(group=group).exclude(code="")}
    for code in domain.STANDARD_ORDER:
        if code not in existing:
            with transaction.atomic():
                try:
                    existing[code] = Committee.objects.create(group=group, code=code, order=STANDARD_ORDER[code])
                except IntegrityError:  # made meanwhile by another request
                    existing[code] = Committee.objects.get(group=group, code=code)
    return existing


def committee_create(*, group, name, actor) -> Committee:
    """A committee the group adds (a welfare committee, say), with a chair and committee members.
    Refused: no name, a name already used by another of the group's committees."""
    name = parse_text(name, field="name", max_length=200)
    committees_ensure_standard(group=group)
    taken = set()
    for committee in Committee.objects.filter(group=group):
        for language in ("th", "en"):  # a standard committee's name in either language is taken
            with translation.override(language):
                taken.add(committee.title.casefold())
    if name.casefold() in taken:
        raise SajjaError(_("The group already has a committee with this name."), field="name", code="duplicate")
    with transaction.atomic():
        return Committee.objects.create(group=group, name=name, order=100)


def _standard_committee(group, position: str) -> Committee:
    committees = committees_ensure_standard(group=group)
    for code, positions in domain.STANDARD_POSITIONS.items():
        if position in positions:
            return committees[code]
    raise SajjaError(_("Choose a position."), field="position", code="position")


# --- terms -----------------------------------------------------------------------------------------------


def _overlap_refusal(committee: Committee, position: str, member: Member, start: dt.date, end, exclude=None):
    """The message when the new term clashes with another: the same person already in the position
    on one of the days, or (single-holder position) anyone else holding it then."""
    others = Term.objects.filter(committee=committee, position=position).select_related("member")
    if exclude is not None:
        others = others.exclude(id=exclude)
    for other in others:
        if not domain.overlaps(start, end, other.start_date, other.end_date):
            continue
        if other.member_id == member.id or position in domain.SINGLE_HOLDER:
            return SajjaError(
                fmt(
                    _("%(member)s holds this position from %(start)s to %(end)s: the terms would overlap."),
                    member=other.member.full_name,
                    start=format_date(other.start_date),
                    end=format_date(other.end_date) if other.end_date else "-",
                ),
                field="start_date",
                code="overlap",
            )
    return None


def term_create(
    *, group, committee: Committee, position: str, member: Member, start_date, end_date=None, actor,
    election: Election | None = None, note: str = "", seat: CommitteeSeat | None = None,
) -> Term:  # fmt: skip
    """Record that ``member`` holds ``position`` of ``committee`` from ``start_date`` to ``end_date``
    (inclusive; None = until further notice). A standard committee's term also writes the
    ``CommitteeSeat`` tenancy reads (or takes over ``seat``, an existing one with the same facts).

    Refused: a committee, member or seat of another group; a member who is not active on the day
    the term starts is written (a term recorded for history may be of a member who left since); a
    position the committee does not have; the end before the start; the same person already in the
    position on one of the days; a single-holder position (president, vice-president, secretary,
    treasurer, chair) held by someone else on one of the days."""
    _require_group(group, committee, "committee")
    _require_group(group, member, "member")
    if member.status != Member.Status.ACTIVE and (end_date is None or end_date >= today()):
        _require_member_of(group, member, "member")
    _require_position(committee, position)
    start_date = _date(start_date, "start_date")
    if end_date is not None and _date(end_date, "end_date") < start_date:
        raise SajjaError(_("The term cannot end before it starts."), field="end_date", code="end_before_start")
    with transaction.atomic():
        Committee.objects.select_for_update().get(id=committee.id)  # one term written at a time per committee
        if refusal := _overlap_refusal(committee, position, member, start_date, end_date):
            raise refusal
        if committee.code and seat is None:
            seat = CommitteeSeat.objects.create(
                group=group, member=member, position=position, start_date=start_date, end_date=end_date
            )
        try:
            with transaction.atomic():
                return Term.objects.create(
                    group=group, committee=committee, position=position, member=member, start_date=start_date,
                    end_date=end_date, seat=seat, election=election, note=note[:300], created_by=actor,
                )  # fmt: skip
        except IntegrityError:  # the database's own guard (PostgreSQL's exclusion constraint)
            raise SajjaError(
                _("Someone else holds this position on one of these days: the terms would overlap."),
                field="start_date",
                code="overlap",
            ) from None


def term_end(*, term: Term, end_date, actor) -> Term:
    """End a term early (resignation, death, removal) on ``end_date``; its seat ends with it.
    Refused: a date before the term started or after its planned end."""
    end_date = _date(end_date, "end_date")
    if end_date < term.start_date:
        raise SajjaError(_("The term cannot end before it starts."), field="end_date", code="end_before_start")
    if term.end_date is not None and end_date > term.end_date:
        raise SajjaError(
            fmt(_("This term already ends on %(date)s."), date=format_date(term.end_date)),
            field="end_date",
            code="after_end",
        )
    with transaction.atomic():
        _shorten(term, end_date)
    return term


def _shorten(term: Term, end_date: dt.date) -> None:
    term.end_date = end_date
    term.save(update_fields=["end_date", "updated_at"])
    if term.seat_id:
        CommitteeSeat.objects.filter(id=term.seat_id).update(end_date=end_date, updated_at=timezone.now())


def seats_adopt(*, group, actor) -> int:
    """Terms for the group's committee seats recorded before governance kept terms (the demo's, an
    import's): each seat without a term becomes a term of its standard committee. Idempotent;
    returns how many terms were made."""
    made = 0
    with transaction.atomic():
        for seat in CommitteeSeat.objects.filter(group=group, term__isnull=True).select_related("member"):
            term_create(
                group=group, committee=_standard_committee(group, seat.position), position=seat.position,
                member=seat.member, start_date=seat.start_date, end_date=seat.end_date, actor=actor, seat=seat,
                note="บันทึกจากที่นั่งกรรมการเดิม",
            )  # fmt: skip
            made += 1
    return made


# --- understudies ---------------------------------------------------------------------------------------


def understudy_add(*, group, committee: Committee, position: str, member: Member, since, trained_on=None, actor):
    """Record that ``member`` is learning ``position`` from ``since`` (``trained_on``: when they
    completed the training). Refused: another group's committee or member, a member who is not
    active, a training date before ``since`` or in the future, the same understudy twice."""
    _require_group(group, committee, "committee")
    _require_member_of(group, member, "member")
    _require_position(committee, position)
    since = _date(since, "since")
    if trained_on is not None:
        trained_on = _date(trained_on, "trained_on")
        if trained_on < since or trained_on > today():
            raise SajjaError(
                _("The training date must be between the start and today."), field="trained_on", code="trained_on"
            )
    try:
        with transaction.atomic():
            return Understudy.objects.create(
                group=group, committee=committee, position=position, member=member, since=since,
                trained_on=trained_on, created_by=actor,
            )  # fmt: skip
    except IntegrityError:
        raise SajjaError(_("This understudy is already recorded."), field="member", code="duplicate") from None


# --- elections --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PositionIn:
    committee: Committee
    position: str
    seats: int = 1


def election_create(*, group, title, date, terms_start, method: str, positions: list[PositionIn], actor) -> Election:
    """An election at the annual meeting on ``date`` for ``positions``; the winners' terms start on
    ``terms_start``. Refused: no title, the terms starting before the election day, an unknown way
    of voting, no position, a position twice or not of its committee, more than one seat for a
    single-holder position, 0 or more than 50 seats, another election of the group still open."""
    title = parse_text(title, field="title", max_length=200)
    date, terms_start = _date(date, "date"), _date(terms_start, "terms_start")
    if terms_start < date:
        raise SajjaError(_("The new terms cannot start before the election day."), field="terms_start",
                         code="terms_before_day")  # fmt: skip
    if method not in Election.Method.values:
        raise SajjaError(_("Choose how members vote."), field="method", code="method")
    if not positions:
        raise SajjaError(_("Choose at least one position to fill."), field="positions", code="no_positions")
    seen = set()
    for item in positions:
        _require_group(group, item.committee, "positions")
        _require_position(item.committee, item.position, "positions")
        if (item.committee.id, item.position) in seen:
            raise SajjaError(_("A position is listed twice."), field="positions", code="duplicate")
        seen.add((item.committee.id, item.position))
        if isinstance(item.seats, bool) or not isinstance(item.seats, int) or not 1 <= item.seats <= 50:
            raise SajjaError(_("Seats must be from 1 to 50."), field="positions", code="seats")
        if item.position in domain.SINGLE_HOLDER and item.seats != 1:
            raise SajjaError(_("This position has one holder."), field="positions", code="seats")
    with transaction.atomic():
        type(group).objects.select_for_update().get(id=group.id)  # one election opened at a time per group
        if Election.objects.filter(group=group).exclude(status=Election.Status.CLOSED).exists():
            raise SajjaError(_("Another election of the group is not closed yet."), field="date",
                             code="election_open")  # fmt: skip
        election = Election.objects.create(
            group=group, title=title, date=date, terms_start=terms_start, method=method, created_by=actor
        )
        ElectionPosition.objects.bulk_create(
            ElectionPosition(group=group, election=election, committee=item.committee, position=item.position,
                             seats=item.seats, order=index)
            for index, item in enumerate(positions)
        )  # fmt: skip
    return election


def default_positions(group) -> list[PositionIn]:
    """Every position of the standard committees, with the usual seats (a committee of 15)."""
    committees = committees_ensure_standard(group=group)
    return [
        PositionIn(committees[code], position, domain.DEFAULT_SEATS.get(position, 1))
        for code, positions in domain.STANDARD_POSITIONS.items()
        for position in positions
    ]


def _fresh(position: ElectionPosition) -> Election:
    """The position's election as it is now (a page or a test may hold an older copy)."""
    position.election = Election.objects.select_related("group").get(id=position.election_id)
    return position.election


def _require_open(election: Election, code_field: str = "election") -> None:
    if election.status != Election.Status.OPEN:
        raise SajjaError(_("The election is no longer open."), field=code_field, code="not_open")


def nominee_refusal(position: ElectionPosition, member: Member) -> SajjaError | None:
    """Why ``member`` may not stand for ``position`` (None when eligible): not an active member of
    the group, or over the bylaws' limit of consecutive terms in this position (the run of terms
    that would continue into the new term)."""
    election = position.election
    if member.group_id != election.group_id or member.status != Member.Status.ACTIVE:
        return SajjaError(_("Only an active member of the group can stand."), field="member", code="not_member")
    limit = bylaw_book(election.group_id).value("governance.max_consecutive_terms", election.date)
    if limit:
        history = list(
            Term.objects.filter(
                committee_id=position.committee_id, position=position.position, member=member
            ).values_list("start_date", "end_date")
        )
        would_be = domain.consecutive_if_elected(history, election.terms_start)
        if would_be > limit:
            return SajjaError(
                fmt(
                    _("%(member)s would serve %(n)s consecutive terms; the bylaws allow %(limit)s."),
                    member=member.full_name, n=would_be, limit=limit,
                ),
                field="member",
                code="term_limit",
            )  # fmt: skip
    return None


def nomination_create(*, position: ElectionPosition, nominee: Member, nominated_by: Member | None, actor) -> Nomination:
    """Put ``nominee`` forward for ``position``. A member nominating themselves is a candidate at
    once; anyone else's nomination waits for the nominee to accept. ``nominated_by`` is the
    nominating member (None: entered by the committee at the meeting).

    Refused: the election not open; voting already started for the position; a nominee (or
    nominating member) who is not an active member of the group; a nominee over the term limit;
    the same nominee twice for the position."""
    election = _fresh(position)
    group = election.group
    _require_open(election)
    if nominated_by is not None:
        _require_member_of(group, nominated_by, "nominated_by")
    if nominee is None or nominee.group_id != group.id:
        raise SajjaError(_("Only an active member of the group can stand."), field="member", code="not_member")
    if refusal := nominee_refusal(position, nominee):
        raise refusal
    own = nominated_by is not None and nominated_by.id == nominee.id
    with transaction.atomic():
        if BallotCast.objects.filter(position=position).exists():
            raise SajjaError(_("Voting for this position has started: no more nominations."), field="position",
                             code="voting_started")  # fmt: skip
        try:
            with transaction.atomic():
                return Nomination.objects.create(
                    group=group, election=election, position=position, member=nominee, nominated_by=nominated_by,
                    status=Nomination.Status.ACCEPTED if own else Nomination.Status.PENDING,
                    answered_on=today() if own else None, created_by=actor,
                )  # fmt: skip
        except IntegrityError:
            raise SajjaError(_("This member is already nominated for this position."), field="member",
                             code="duplicate") from None  # fmt: skip


def nomination_answer(*, nomination: Nomination, accept: bool, member: Member | None, actor) -> Nomination:
    """The nominee accepts (becomes a candidate) or declines. Refused: anyone but the nominee, an
    election no longer open, an answer already given, voting already started for the position."""
    if member is None or member.id != nomination.member_id:
        raise SajjaError(_("Only the nominee answers a nomination."), field="nomination", code="not_nominee")
    with transaction.atomic():
        nomination = Nomination.objects.select_for_update().select_related("election", "position").get(id=nomination.id)
        _require_open(nomination.election)
        if nomination.status != Nomination.Status.PENDING:
            raise SajjaError(_("This nomination was already answered."), field="nomination", code="answered")
        if accept and BallotCast.objects.filter(position_id=nomination.position_id).exists():
            raise SajjaError(_("Voting for this position has started: no more nominations."), field="position",
                             code="voting_started")  # fmt: skip
        nomination.status = Nomination.Status.ACCEPTED if accept else Nomination.Status.DECLINED
        nomination.answered_on = today()
        nomination.save(update_fields=["status", "answered_on", "updated_at"])
    return nomination


# --- voting in the app (secret ballot) -------------------------------------------------------------------


def _election_status_shared(election_id: int) -> str:
    """The election's status, holding a share lock on PostgreSQL until the transaction ends: votes
    do not wait for each other, but moving the election to counting (``select_for_update``) waits for
    the votes in flight, so no vote lands after the count started. SQLite has one writer at a time."""
    with connection.cursor() as cursor:
        lock = " FOR SHARE" if connection.vendor == "postgresql" else ""
        cursor.execute(f"SELECT status FROM governance_election WHERE id = %s{lock}", [election_id])  # noqa: S608
        row = cursor.fetchone()
    return row[0] if row else ""


def _already_voted(election: Election, position: ElectionPosition, member: Member) -> bool:
    """The friendly early answer; the unique constraint is what really refuses a second vote."""
    return BallotCast.objects.filter(election=election, position=position, member=member).exists()


def vote_cast(*, position: ElectionPosition, candidate: Nomination, member: Member | None, actor) -> None:
    """``member`` votes for ``candidate`` for ``position``: one vote per member per position.

    Writes two rows in one transaction: ``BallotCast`` (this member voted for this position) and
    ``Vote`` (a vote for this candidate, with nothing that names the voter). The unique constraint
    on ``BallotCast`` refuses a second vote even when two submissions arrive at the same instant
    (the second insert waits for the first and fails; its ``Vote`` is rolled back with it).
    Nothing is logged about the choice, and the function returns nothing about it.

    Refused: a member who is not an active member of the election's group; an election not open
    or counted on paper; a candidate who is not an accepted candidate of this position; a second vote."""
    election = _fresh(position)
    _require_member_of(election.group, member, "member", code="not_voter")
    if election.method != Election.Method.APP:
        raise SajjaError(_("This election is counted on paper ballots."), field="election", code="paper_election")
    if (
        candidate is None
        or not Nomination.objects.filter(
            id=candidate.id, position_id=position.id, status=Nomination.Status.ACCEPTED
        ).exists()
    ):
        raise SajjaError(_("Choose one of the candidates for this position."), field="candidate",
                         code="not_candidate")  # fmt: skip
    already = SajjaError(_("You have already voted for this position."), field="position", code="already_voted")
    with transaction.atomic():
        if _election_status_shared(election.id) != Election.Status.OPEN:
            raise SajjaError(_("The election is no longer open."), field="election", code="not_open")
        if _already_voted(election, position, member):
            raise already
        try:
            with transaction.atomic():
                BallotCast.objects.create(group_id=election.group_id, election=election, position=position,
                                          member=member)  # fmt: skip
        except IntegrityError:
            raise already from None
        Vote.objects.create(group_id=election.group_id, election=election, position=position, candidate=candidate)


def election_count(*, election: Election, actor) -> Election:
    """Close the voting and nominations: open → counting. The ballot tables of the election are
    rewritten so their stored order says nothing about the order people voted in (see ``Vote``):
    the votes in a random order under new ids, the ballots cast in the order of member numbers.
    Refused: an election that is not open."""
    with transaction.atomic():
        election = Election.objects.select_for_update().get(id=election.id)
        if election.status != Election.Status.OPEN:
            raise SajjaError(_("The election is no longer open."), field="election", code="not_open")
        votes = list(Vote.objects.filter(election=election).values_list("position_id", "candidate_id"))
        secrets.SystemRandom().shuffle(votes)
        Vote.objects.filter(election=election).delete()
        Vote.objects.bulk_create(
            Vote(group_id=election.group_id, election=election, position_id=position_id, candidate_id=candidate_id)
            for position_id, candidate_id in votes
        )
        cast = list(
            BallotCast.objects.filter(election=election)
            .order_by("member__number", "position_id")
            .values_list("position_id", "member_id")
        )
        BallotCast.objects.filter(election=election).delete()
        BallotCast.objects.bulk_create(
            BallotCast(group_id=election.group_id, election=election, position_id=position_id, member_id=member_id)
            for position_id, member_id in cast
        )
        election.status = Election.Status.COUNTING
        election.save(update_fields=["status", "updated_at"])
    return election


# --- paper ballots: maker-checker counts ------------------------------------------------------------------


def _count(value, field: str) -> int:
    if isinstance(value, bool) or isinstance(value, float):
        raise SajjaError(_("Type a whole number."), field=field, code="not_integer")
    text = normalize_digits(str(value if value is not None else "")).strip().replace(",", "")
    if not text.isdigit():
        raise SajjaError(_("Type a whole number of ballots (0 or more)."), field=field, code="not_integer")
    number = int(text)
    if number > 1_000_000:
        raise SajjaError(_("The number is too large."), field=field, code="too_large")
    return number


def committee_member_of(group, user, days: list[dt.date]) -> Member | None:
    """The user's member record when they sit on any committee of ``group`` on one of ``days``."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    on_any = Q()
    for day in days:
        on_any |= Q(start_date__lte=day) & (Q(end_date__isnull=True) | Q(end_date__gte=day))
    seat = (
        CommitteeSeat.objects.filter(on_any, group=group, member__user=user, member__status=Member.Status.ACTIVE)
        .select_related("member")
        .first()
    )
    return seat.member if seat else None


def tally_enter(*, position: ElectionPosition, counts: dict, blank=0, actor) -> PaperTally:
    """A committee member's count of the paper ballots for ``position``: ``counts`` maps each
    candidate's nomination id to the votes read out. The counts stand when a second, different
    committee member enters the same numbers (``selectors.tally_state``); a mismatch needs a recount.

    Refused: an election not counted on paper or not in counting; someone who does not sit on a
    committee of the group (on the election day or today); a counter who is a candidate for the
    position; counts missing a candidate or naming someone who is not one; a count that is not a
    whole number of 0 or more; more ballots than active members."""
    election = _fresh(position)
    group = election.group
    if election.method != Election.Method.PAPER:
        raise SajjaError(_("This election is voted in the app: there is nothing to count on paper."),
                         field="election", code="app_election")  # fmt: skip
    if election.status != Election.Status.COUNTING:
        code = "closed" if election.status == Election.Status.CLOSED else "not_counting"
        raise SajjaError(_("Counts are entered while the election is being counted."), field="election", code=code)
    counter = committee_member_of(group, actor, [election.date, today()])
    if counter is None:
        raise SajjaError(_("Only a committee member of the group enters the counts."), field="counts",
                         code="not_committee")  # fmt: skip
    candidates = {n.id: n for n in position.nominations.filter(status=Nomination.Status.ACCEPTED)}
    if any(n.member_id == counter.id for n in candidates.values()):
        raise SajjaError(_("A candidate does not count the ballots of their own position."), field="counts",
                         code="counter_is_candidate")  # fmt: skip
    if not isinstance(counts, dict):
        raise SajjaError(_("Give a count for every candidate."), field="counts", code="counts")
    parsed: dict[str, int] = {}
    for key, value in counts.items():
        try:
            nomination_id = int(normalize_digits(str(key)))
        except ValueError:
            nomination_id = None
        if nomination_id not in candidates:
            raise SajjaError(_("A count names someone who is not a candidate for this position."), field="counts",
                             code="not_candidate")  # fmt: skip
        parsed[str(nomination_id)] = _count(value, "counts")
    if set(parsed) != {str(i) for i in candidates}:
        raise SajjaError(_("Give a count for every candidate."), field="counts", code="counts")
    blank = _count(blank or 0, "blank_ballots")
    voters = Member.objects.filter(group=group, status=Member.Status.ACTIVE).count()
    if sum(parsed.values()) + blank > voters:
        raise SajjaError(
            fmt(_("More ballots than the group's %(n)s active members."), n=voters), field="counts", code="too_many"
        )
    with transaction.atomic():
        return PaperTally.objects.create(
            group=group, position=position, counts=parsed, blank_ballots=blank, counter=counter, entered_by=actor
        )


# --- ties, closing --------------------------------------------------------------------------------------


def election_draw(*, position: ElectionPosition, winners: list[Nomination], note, actor) -> ElectionPosition:
    """Record the lots drawn at the meeting for the last seat(s) of a tied position. Refused: an
    election not in counting, a position without a tie, winners who are not among the tied
    candidates or not as many as the seats in play, no note of how the lots were drawn."""
    note = parse_text(note, field="note", max_length=300)
    election = _fresh(position)
    if election.status != Election.Status.COUNTING:
        raise SajjaError(_("Lots are drawn while the election is being counted."), field="election",
                         code="not_counting")  # fmt: skip
    outcome = selectors.position_outcome(position)
    if outcome.result is None or not outcome.result.has_tie:
        raise SajjaError(_("There is no tie to draw lots for in this position."), field="winners", code="no_tie")
    ids = [w.id for w in winners]
    if len(set(ids)) != outcome.result.open_seats or not set(ids) <= set(outcome.result.tied):
        raise SajjaError(
            fmt(_("Choose %(n)s of the tied candidates."), n=outcome.result.open_seats), field="winners",
            code="draw_winners",
        )  # fmt: skip
    with transaction.atomic():
        position.drawn, position.draw_note = ids, note
        position.save(update_fields=["drawn", "draw_note"])
    return position


def election_close(*, election: Election, actor) -> list[Term]:
    """Close a counted election: for each position, the holders whose terms run past the new start
    end the day before it, and each winner starts a term on ``terms_start`` for the bylaws' term
    length (``governance.term_years``). A term already recorded for a winner with the same start (a
    seat recorded before governance) is taken over rather than written twice. A position with fewer
    candidates than seats leaves the rest vacant (the old holders' terms still end): the committee
    fills them with ``term_create`` or a new election.

    Refused: an election already closed, one not yet in counting, a paper count not confirmed by
    two people, a tie not yet drawn."""
    with transaction.atomic():
        election = Election.objects.select_for_update().select_related("group").get(id=election.id)
        if election.status == Election.Status.CLOSED:
            raise SajjaError(_("This election is already closed."), field="election", code="already_closed")
        if election.status != Election.Status.COUNTING:
            raise SajjaError(_("Close the voting (start counting) first."), field="election", code="not_counting")
        outcomes = selectors.election_outcomes(election)
        for outcome in outcomes:
            if outcome.result is None:
                raise SajjaError(
                    fmt(_("%(position)s: the counts are not yet confirmed by two people."),
                        position=outcome.position.title),
                    field="election", code="not_confirmed",
                )  # fmt: skip
            if outcome.result.has_tie:
                raise SajjaError(
                    fmt(_("%(position)s: candidates are tied; draw lots first."), position=outcome.position.title),
                    field="election", code="tie",
                )  # fmt: skip
        start = election.terms_start
        years = _rules(election.group_id, start)["governance.term_years"]
        end = domain.term_end(start, years)
        terms = []
        for outcome in outcomes:
            position = outcome.position
            winners = [outcome.candidates[i].member for i in outcome.result.winners]
            running = Term.objects.filter(
                committee_id=position.committee_id, position=position.position, start_date__lt=start
            ).filter(Q(end_date__isnull=True) | Q(end_date__gte=start))
            for old in running:
                _shorten(old, start - dt.timedelta(days=1))
            for member in winners:
                taken = Term.objects.filter(
                    committee_id=position.committee_id, position=position.position, member=member, start_date=start
                ).first()
                if taken is not None:
                    taken.election = election
                    taken.save(update_fields=["election", "updated_at"])
                    terms.append(taken)
                    continue
                terms.append(
                    term_create(
                        group=election.group, committee=position.committee, position=position.position,
                        member=member, start_date=start, end_date=end, actor=actor, election=election,
                    )
                )  # fmt: skip
        election.status = Election.Status.CLOSED
        election.closed_by, election.closed_at = actor, timezone.now()
        election.save(update_fields=["status", "closed_by", "closed_at", "updated_at"])
    return terms
