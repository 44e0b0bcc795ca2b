"""Governance routes of the JSON API (``/api/v1/groups/{group_id}/governance/...``): committees and
terms, understudies and succession warnings, elections from nomination to closing.

Who may do what: any member reads the committees, terms and elections, nominates, answers their own
nomination and votes (``Access.SELF``); the committees and the district officer read the
succession warnings (``Access.READ``); a committee member enters paper counts (``Access.READ``, and
the service checks the seat); the managing committee records terms, committees and understudies
and runs elections (``Access.MANAGE``). A vote's answer says that it was recorded, never for whom.
"""

import datetime as dt

from django.http import Http404
from django.utils.translation import gettext_lazy as _
from ninja import Router

from sajja.core import tenancy
from sajja.core.errors import SajjaError
from sajja.core.fields import parse_date_input
from sajja.core.tenancy import Access
from sajja.core.thai import format_date
from sajja.members.models import Member

from . import schemas as s
from . import selectors, services
from .models import POSITION_LABELS, Committee, Election, ElectionPosition, Nomination, Term

# Made before ``sajja.api.api`` is imported: that module adds this router at its end.
router = Router(tags=["governance"])

from sajja.api.api import group_route  # noqa: E402

BASE = "/groups/{group_id}/governance"
ELECTION = BASE + "/elections/{election_id}"


# --- parsing ------------------------------------------------------------------------------------------


def _date(value, field: str) -> dt.date:
    return parse_date_input(value, field=field)


def _optional_date(value, field: str) -> dt.date | None:
    return _date(value, field) if str(value or "").strip() else None


def _be(day: dt.date | None) -> str | None:
    return format_date(day) if day else None


def _member(group_id: int, member_id, field: str = "member") -> Member:
    member = Member.objects.filter(group_id=group_id, id=member_id).first() if isinstance(member_id, int) else None
    if member is None:
        raise SajjaError(_("This person is not an active member of the group."), field=field, code="not_member")
    return member


def _committee(request, committee_id) -> Committee:
    """One of the group's committees (the standard ones are made on demand); another group's is refused."""
    services.committees_ensure_standard(group=request.group)
    found = Committee.objects.filter(group_id=request.group.id, id=committee_id).first()
    if found is None:
        raise SajjaError(_("Choose a committee."), field="committee", code="committee")
    return found


def _own_member(request, group_id: int) -> Member | None:
    member_id = tenancy.grants_for(request.user).member_ids.get(group_id)
    return Member.objects.filter(id=member_id).first() if member_id else None


def _election(group_id: int, election_id: int) -> Election:
    try:
        return selectors.election_get(group_id, election_id)
    except Election.DoesNotExist:
        raise Http404 from None


def _position(election: Election, value) -> ElectionPosition:
    try:
        position_id = int(str(value))
    except (TypeError, ValueError):
        position_id = 0
    found = ElectionPosition.objects.filter(election=election, id=position_id).select_related("committee").first()
    if found is None:
        raise SajjaError(_("Choose a position."), field="position", code="position")
    return found


# --- output ---------------------------------------------------------------------------------------------


def _person(member: Member) -> dict:
    return {"member_id": member.id, "number": member.number, "full_name": member.full_name}


def _term_out(term: Term, numbers: dict) -> dict:
    number, consecutive = numbers.get(term.id, (None, None))
    return {
        "id": term.id,
        "committee_id": term.committee_id,
        "committee": term.committee.title,
        "position": term.position,
        "position_label": str(POSITION_LABELS.get(term.position, term.position)),
        **_person(term.member),
        "start_date": term.start_date,
        "start_date_be": _be(term.start_date),
        "end_date": term.end_date,
        "end_date_be": _be(term.end_date),
        "term_number": number,
        "consecutive_terms": consecutive,
        "election_id": term.election_id,
    }


def _nomination_out(n: Nomination) -> dict:
    return {
        "id": n.id,
        "position_id": n.position_id,
        **_person(n.member),
        "nominated_by": _person(n.nominated_by) if n.nominated_by_id else None,
        "status": n.status,
    }


def _election_out(election: Election, *, request=None, detail: bool = False) -> dict:
    out = {
        "id": election.id,
        "title": election.title,
        "date": election.date,
        "date_be": _be(election.date),
        "terms_start": election.terms_start,
        "terms_start_be": _be(election.terms_start),
        "method": election.method,
        "status": election.status,
    }
    if not detail:
        return out
    member = _own_member(request, election.group_id)
    voted = selectors.voted_positions(election, member.id if member else None)
    show = election.status != Election.Status.OPEN or election.method == Election.Method.PAPER
    positions = []
    for outcome in selectors.election_outcomes(election):
        p = outcome.position
        result = outcome.result if show else None
        positions.append(
            {
                "id": p.id,
                "committee_id": p.committee_id,
                "committee": p.committee.title,
                "position": p.position,
                "position_label": str(p.get_position_display()),
                "seats": p.seats,
                "nominations": [_nomination_out(n) for n in p.nominations.all()],
                "you_voted": p.id in voted,
                "ballots": outcome.ballots if show else None,
                "counts_confirmed": outcome.result is not None if show else None,
                "results": (
                    [
                        {"nomination_id": c.id, **_person(c.member), "votes": v, "elected": e}
                        for c, v, e in outcome.ranked
                    ]
                    if result is not None
                    else None
                ),
                "tied": list(result.tied) if result is not None else [],
                "unfilled": result.unfilled if result is not None else 0,
                "draw_note": p.draw_note,
            }
        )
    out["positions"] = positions
    out["counted_by"] = selectors.counters(selectors.election_outcomes(election)) if show else []
    return out


# --- committees, terms, succession ----------------------------------------------------------------------


@router.get(BASE + "/committees")
@group_route(Access.SELF)
def committees_list(request, group_id: int):
    """Each committee with who sits today: position, since, term number and consecutive terms."""
    services.committees_ensure_standard(group=request.group)
    day = tenancy.today()
    boards = selectors.committee_boards(group_id, day)
    numbers = {row.term.id: (row.number, row.consecutive) for b in boards for row in b.sitting}
    return [
        {
            "id": b.committee.id,
            "code": b.committee.code,
            "name": b.committee.title,
            "positions": list(b.committee.positions),
            "sitting": [_term_out(row.term, numbers) for row in b.sitting],
        }
        for b in boards
    ]


@router.post(BASE + "/committees", response={201: dict})
@group_route(Access.MANAGE)
def committee_create(request, group_id: int, payload: s.CommitteeIn):
    """A committee the group adds, with a chair and committee members."""
    committee = services.committee_create(group=request.group, name=payload.name, actor=request.user)
    return 201, {"id": committee.id, "name": committee.title, "positions": list(committee.positions)}


@router.get(BASE + "/terms")
@group_route(Access.SELF)
def terms_list(request, group_id: int):
    """Every term recorded, oldest first, with the term number and consecutive count of each."""
    terms = list(selectors.group_terms(group_id).order_by("start_date", "id"))
    numbers = selectors.numbered_terms(terms)
    return [_term_out(term, numbers) for term in terms]


@router.post(BASE + "/terms", response={201: dict})
@group_route(Access.MANAGE)
def term_create(request, group_id: int, payload: s.TermIn):
    """Record a term (an appointment, a by-election, history). Refused: overlapping another holder
    of a single-holder position, and the rest of ``services.term_create``'s rules."""
    term = services.term_create(
        group=request.group,
        committee=_committee(request, payload.committee),
        position=payload.position,
        member=_member(group_id, payload.member),
        start_date=_date(payload.start_date, "start_date"),
        end_date=_optional_date(payload.end_date, "end_date"),
        actor=request.user,
    )
    terms = list(selectors.group_terms(group_id))
    return 201, _term_out(next(t for t in terms if t.id == term.id), selectors.numbered_terms(terms))


@router.post(BASE + "/terms/{term_id}/end")
@group_route(Access.MANAGE)
def term_end(request, group_id: int, term_id: int, payload: s.TermEndIn):
    term = Term.objects.filter(group_id=group_id, id=term_id).select_related("member", "committee").first()
    if term is None:
        raise Http404
    services.term_end(term=term, end_date=_date(payload.end_date, "end_date"), actor=request.user)
    return _term_out(term, {})


@router.get(BASE + "/succession")
@group_route(Access.READ)
def succession(request, group_id: int):
    """The succession warnings of today (for the committees and the district officer)."""
    return [
        {
            "code": w.warning.code,
            "committee_id": w.warning.committee_id,
            "committee": w.warning.committee,
            "position": w.warning.position,
            "member_id": w.warning.member_id,
            "message": str(w.message),
        }
        for w in selectors.succession(group_id, tenancy.today())
    ]


@router.post(BASE + "/understudies", response={201: dict})
@group_route(Access.MANAGE)
def understudy_create(request, group_id: int, payload: s.UnderstudyIn):
    understudy = services.understudy_add(
        group=request.group,
        committee=_committee(request, payload.committee),
        position=payload.position,
        member=_member(group_id, payload.member),
        since=_date(payload.since, "since"),
        trained_on=_optional_date(payload.trained_on, "trained_on"),
        actor=request.user,
    )
    return 201, {"id": understudy.id}


# --- elections ------------------------------------------------------------------------------------------------


@router.get(BASE + "/elections")
@group_route(Access.SELF)
def elections_list(request, group_id: int):
    return [_election_out(e) for e in selectors.elections(group_id)]


@router.post(BASE + "/elections", response={201: dict})
@group_route(Access.MANAGE)
def election_create(request, group_id: int, payload: s.ElectionIn):
    """Open an election for ``positions`` (left empty: every position of the standard committees)."""
    positions = [
        services.PositionIn(_committee(request, p.committee), p.position, p.seats) for p in payload.positions
    ] or services.default_positions(request.group)
    election = services.election_create(
        group=request.group,
        title=payload.title,
        date=_date(payload.date, "date"),
        terms_start=_date(payload.terms_start, "terms_start"),
        method=payload.method,
        positions=positions,
        actor=request.user,
    )
    return 201, _election_out(_election(group_id, election.id), request=request, detail=True)


@router.get(ELECTION)
@group_route(Access.SELF)
def election_detail(request, group_id: int, election_id: int):
    """Positions, nominations, whether you voted; the results once counting starts (paper: once two
    people's counts agree)."""
    return _election_out(_election(group_id, election_id), request=request, detail=True)


@router.get(ELECTION + "/results")
@group_route(Access.SELF)
def election_results(request, group_id: int, election_id: int):
    election = _election(group_id, election_id)
    if election.status == Election.Status.OPEN and election.method == Election.Method.APP:
        raise SajjaError(_("Results are shown when voting has closed."), field="election", code="not_counted")
    return _election_out(election, request=request, detail=True)


@router.post(ELECTION + "/nominations", response={201: dict})
@group_route(Access.SELF)
def nomination_create(request, group_id: int, election_id: int, payload: s.NominationIn):
    """Nominate yourself (leave ``member`` out) or another member; the managing committee may
    enter a nomination made at the meeting."""
    election = _election(group_id, election_id)
    own = _own_member(request, group_id)
    if own is None and request.access < Access.MANAGE:
        raise SajjaError(_("Only a member of the group nominates."), field="member", code="not_member")
    nominee_id = payload.member if payload.member is not None else (own.id if own else None)
    nomination = services.nomination_create(
        position=_position(election, payload.position),
        nominee=_member(group_id, nominee_id),
        nominated_by=own,
        actor=request.user,
    )
    return 201, _nomination_out(nomination)


@router.post(ELECTION + "/nominations/{nomination_id}/answer")
@group_route(Access.SELF)
def nomination_answer(request, group_id: int, election_id: int, nomination_id: int, payload: s.AnswerIn):
    """The nominee accepts (becomes a candidate) or declines."""
    nomination = Nomination.objects.filter(group_id=group_id, election_id=election_id, id=nomination_id).first()
    if nomination is None:
        raise Http404
    nomination = services.nomination_answer(
        nomination=nomination, accept=payload.accept, member=_own_member(request, group_id), actor=request.user
    )
    return _nomination_out(Nomination.objects.select_related("member", "nominated_by").get(id=nomination.id))


@router.post(ELECTION + "/votes", response={201: dict})
@group_route(Access.SELF)
def vote_cast(request, group_id: int, election_id: int, payload: s.VoteIn):
    """Your secret vote for one candidate of a position, once. The answer says only that it counted."""
    election = _election(group_id, election_id)
    position = _position(election, payload.position)
    candidate = Nomination.objects.filter(position=position, id=payload.candidate).first()
    services.vote_cast(
        position=position, candidate=candidate, member=_own_member(request, group_id), actor=request.user
    )
    return 201, {"recorded": True, "position_id": position.id}


@router.post(ELECTION + "/counting")
@group_route(Access.MANAGE)
def election_count(request, group_id: int, election_id: int):
    """Close nominations and voting: the election moves to counting."""
    election = services.election_count(election=_election(group_id, election_id), actor=request.user)
    return _election_out(_election(group_id, election.id), request=request, detail=True)


@router.post(ELECTION + "/tallies", response={201: dict})
@group_route(Access.READ)
def tally_enter(request, group_id: int, election_id: int, payload: s.TallyIn):
    """A committee member's count of a position's paper ballots; it stands when a second person's agrees."""
    election = _election(group_id, election_id)
    tally = services.tally_enter(
        position=_position(election, payload.position), counts=payload.counts, blank=payload.blank, actor=request.user
    )
    outcome = selectors.position_outcome(tally.position)
    return 201, {"id": tally.id, "confirmed": outcome.result is not None, "mismatch": bool(outcome.tally.mismatch)}


@router.post(ELECTION + "/draw")
@group_route(Access.MANAGE)
def election_draw(request, group_id: int, election_id: int, payload: s.DrawIn):
    """Record the lots drawn for the last seat(s) of a tied position."""
    election = _election(group_id, election_id)
    position = _position(election, payload.position)
    winners = list(Nomination.objects.filter(position=position, id__in=payload.winners))
    services.election_draw(position=position, winners=winners, note=payload.note, actor=request.user)
    return _election_out(election, request=request, detail=True)


@router.post(ELECTION + "/close")
@group_route(Access.MANAGE)
def election_close(request, group_id: int, election_id: int):
    """Close the election: the old holders' terms end the day before the new ones start."""
    terms = services.election_close(election=_election(group_id, election_id), actor=request.user)
    all_terms = list(selectors.group_terms(group_id))
    numbers = selectors.numbered_terms(all_terms)
    by_id = {t.id: t for t in all_terms}
    return {"status": "closed", "terms": [_term_out(by_id[t.id], numbers) for t in terms]}
