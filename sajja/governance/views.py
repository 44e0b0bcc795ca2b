"""Governance pages: the committee board (who holds what, since when, term number, consecutive
terms, the succession warnings), the succession view for officers, elections (nominate, accept,
vote, paper counts, lots, close) and the minutes of an election (page and PDF).

Thin: tenancy through ``group_view``; reads from ``selectors``, writes through ``services``. A write
form posts to its own URL and comes back to the page it was on with the outcome as a message; a
refusal changes nothing and shows the service's message. Every form carries a hidden key
(``core.submits``): the same form posted twice takes effect once.
"""

import datetime as dt

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sajja.core import submits
from sajja.core.errors import SajjaError
from sajja.core.fields import parse_date_input
from sajja.core.pdf import pdf_response
from sajja.core.tenancy import Access, grants_for, group_view, today
from sajja.members.models import Member

from . import domain, selectors, services
from .models import POSITION_LABELS, Committee, Election, ElectionPosition, Nomination, Term


def _own_member(request) -> Member | None:
    member_id = grants_for(request.user).member_ids.get(request.group.id)
    return Member.objects.filter(id=member_id).first() if member_id else None


_post = submits.post_once


def _committee_from_post(request) -> Committee:
    """The group's committee named by the posted ``committee`` (another group's is refused alike)."""
    committee = Committee.objects.filter(group=request.group, id=request.POST.get("committee") or 0).first()
    if committee is None:
        raise SajjaError(_("Choose a committee."), field="committee", code="required")
    return committee


def _get(model, request, object_id, **extra):
    found = model.objects.filter(group=request.group, id=object_id, **extra).first()
    if found is None:
        raise Http404
    return found


def _member_in_group(request, value, field="member") -> Member:
    try:
        member_id = int(str(value or "").strip())
    except ValueError:
        raise SajjaError(_("Choose a member."), field=field, code="required") from None
    member = Member.objects.filter(id=member_id, group=request.group).first()
    if member is None:
        raise SajjaError(_("This person is not an active member of the group."), field=field, code="not_member")
    return member


def _date_or_none(value, field):
    return parse_date_input(value, field=field) if str(value or "").strip() else None


def _rules(group_id: int, day: dt.date) -> dict:
    """The governance bylaws by their short name (``term_years`` …), for templates."""
    return {key.removeprefix("governance."): value for key, value in selectors.rules_on(group_id, day).items()}


def _member_from_post(request, field="member") -> Member:
    """The member chosen in a form: by id (``member``) or by member number (``member_number``)."""
    number = str(request.POST.get("member_number") or "").strip()
    if number:
        from sajja.core.thai import normalize_digits

        number = normalize_digits(number)
        member = Member.objects.filter(group=request.group, number=int(number)).first() if number.isdigit() else None
        if member is None:
            raise SajjaError(_("No member has this number."), field=field, code="not_member")
        return member
    return _member_in_group(request, request.POST.get(field), field)


def _active_members(request):
    return Member.objects.filter(group=request.group, status=Member.Status.ACTIVE).order_by("number")


# --- committees ------------------------------------------------------------------------------------------


@group_view(Access.SELF)
def committees(request):
    """Who holds what on the committees, since when, their term number and consecutive terms; for
    the committees and officers, the succession warnings too."""
    day = today()
    services.committees_ensure_standard(group=request.group)  # the four standard ones, on demand
    manage = request.access >= Access.MANAGE
    context = {
        "boards": selectors.committee_boards(request.group.id, day),
        "warnings": selectors.succession(request.group.id, day) if request.access >= Access.READ else None,
        "rules": _rules(request.group.id, day),
        "can_manage": manage,
        "unadopted": selectors.unadopted_seats(request.group.id) if manage else 0,
        "members": _active_members(request) if manage else [],
        "position_choices": list(POSITION_LABELS.items()),
        "key": submits_key(),
        "today": day,
    }
    return render(request, "governance/committees.html", context)


def submits_key() -> str:
    import uuid

    return uuid.uuid4().hex


@group_view(Access.READ)
def succession(request):
    """The group's succession health (for the committees and the district officer)."""
    day = today()
    return render(
        request,
        "governance/succession.html",
        {
            "warnings": selectors.succession(request.group.id, day),
            "rules": _rules(request.group.id, day),
            "understudies": selectors.understudies(request.group.id),
            "boards": selectors.committee_boards(request.group.id, day),
            "today": day,
        },
    )


@require_POST
@group_view(Access.MANAGE)
def committee_add(request):
    back = reverse("governance_committees", args=[request.group.id])

    def write():
        committee = services.committee_create(group=request.group, name=request.POST.get("name"), actor=request.user)
        return _("Committee “%(name)s” added.") % {"name": committee.title}

    return _post(request, write, back)


@require_POST
@group_view(Access.MANAGE)
def term_add(request):
    back = reverse("governance_committees", args=[request.group.id])

    def write():
        committee = _committee_from_post(request)
        services.term_create(
            group=request.group,
            committee=committee,
            position=request.POST.get("position", ""),
            member=_member_from_post(request),
            start_date=parse_date_input(request.POST.get("start_date"), field="start_date"),
            end_date=_date_or_none(request.POST.get("end_date"), "end_date"),
            actor=request.user,
        )
        return _("The term is recorded.")

    return _post(request, write, back)


@require_POST
@group_view(Access.MANAGE)
def term_end(request, term_id):
    term = _get(Term, request, term_id)
    back = reverse("governance_committees", args=[request.group.id])

    def write():
        services.term_end(
            term=term, end_date=parse_date_input(request.POST.get("end_date"), field="end_date"), actor=request.user
        )
        return _("The term is ended.")

    return _post(request, write, back)


@require_POST
@group_view(Access.MANAGE)
def seats_adopt(request):
    back = reverse("governance_committees", args=[request.group.id])
    return _post(
        request,
        lambda: (
            _("%(n)s seats recorded as terms.") % {"n": services.seats_adopt(group=request.group, actor=request.user)}
        ),
        back,
    )


@require_POST
@group_view(Access.MANAGE)
def understudy_add(request):
    back = reverse("governance_succession", args=[request.group.id])

    def write():
        committee = _committee_from_post(request)
        services.understudy_add(
            group=request.group,
            committee=committee,
            position=request.POST.get("position", ""),
            member=_member_from_post(request),
            since=parse_date_input(request.POST.get("since"), field="since"),
            trained_on=_date_or_none(request.POST.get("trained_on"), "trained_on"),
            actor=request.user,
        )
        return _("The understudy is recorded.")

    return _post(request, write, back)


# --- elections ----------------------------------------------------------------------------------------------


def _default_dates(day: dt.date) -> tuple[dt.date, dt.date]:
    """A meeting in the coming weeks and terms from the next 1 January."""
    return day, dt.date(day.year + 1, 1, 1)


@group_view(Access.SELF)
def elections(request):
    manage = request.access >= Access.MANAGE
    day = today()
    committees_ = services.committees_ensure_standard(group=request.group) if manage else {}
    positions = []
    if manage:
        for code, codes in domain.STANDARD_POSITIONS.items():
            for position in codes:
                positions.append(
                    {
                        "value": f"{committees_[code].id}:{position}",
                        "label": f"{committees_[code].title}: {POSITION_LABELS[position]}",
                        "seats": domain.DEFAULT_SEATS.get(position, 1),
                        "single": position in domain.SINGLE_HOLDER,
                    }
                )
    election_day, terms_start = _default_dates(day)
    return render(
        request,
        "governance/elections.html",
        {
            "elections": selectors.elections(request.group.id),
            "can_manage": manage,
            "positions": positions,
            "election_day": election_day,
            "terms_start": terms_start,
            "key": submits_key(),
        },
    )


@require_POST
@group_view(Access.MANAGE)
def election_create(request):
    back = reverse("governance_elections", args=[request.group.id])
    committees_ = {c.id: c for c in Committee.objects.filter(group=request.group)}

    def write():
        positions = []
        for value in request.POST.getlist("positions"):
            committee_id, _sep, position = value.partition(":")
            committee = committees_.get(int(committee_id)) if committee_id.isdigit() else None
            if committee is None:
                raise SajjaError(_("Choose a position."), field="positions", code="position")
            seats_text = request.POST.get(f"seats_{value}", "1").strip() or "1"
            if not seats_text.isdigit():
                raise SajjaError(_("Seats must be from 1 to 50."), field="positions", code="seats")
            positions.append(services.PositionIn(committee, position, int(seats_text)))
        election = services.election_create(
            group=request.group,
            title=request.POST.get("title"),
            date=parse_date_input(request.POST.get("date"), field="date"),
            terms_start=parse_date_input(request.POST.get("terms_start"), field="terms_start"),
            method=request.POST.get("method", ""),
            positions=positions,
            actor=request.user,
        )
        nonlocal back
        back = reverse("governance_election", args=[request.group.id, election.id])
        return _("The election is open for nominations.")

    key = request.POST.get("key", "").strip()
    if earlier := submits.done_url(request, key):
        messages.info(request, submits.already_message())
        return redirect(earlier)
    try:
        message = write()
    except SajjaError as error:
        messages.error(request, str(error))
        return redirect(back)
    submits.remember(request, key, back)
    messages.success(request, message)
    return redirect(back)


def _election(request, election_id) -> Election:
    try:
        return selectors.election_get(request.group.id, election_id)
    except Election.DoesNotExist:
        raise Http404 from None


@group_view(Access.SELF)
def election_detail(request, election_id):
    election = _election(request, election_id)
    member = _own_member(request)
    outcomes = selectors.election_outcomes(election)
    voted = selectors.voted_positions(election, member.id if member else None)
    counter = services.committee_member_of(request.group, request.user, [election.date, today()])
    show_counts = election.status != Election.Status.OPEN or election.method == Election.Method.PAPER
    rows = []
    for outcome in outcomes:
        nominations = list(outcome.position.nominations.all())
        rows.append(
            {
                "outcome": outcome,
                "nominations": nominations,
                "mine": [n for n in nominations if member and n.member_id == member.id],
                "voted": outcome.position.id in voted,
                "can_vote": (
                    member is not None
                    and election.method == Election.Method.APP
                    and election.status == Election.Status.OPEN
                    and outcome.position.id not in voted
                    and bool(outcome.candidates)
                ),
            }
        )
    return render(
        request,
        "governance/election_detail.html",
        {
            "election": election,
            "rows": rows,
            "member": member,
            "can_manage": request.access >= Access.MANAGE,
            "is_counter": counter is not None,
            "show_counts": show_counts,
            "members": _active_members(request) if election.status == Election.Status.OPEN else [],
            "key": submits_key(),
        },
    )


def _back_to(request, election):
    return reverse("governance_election", args=[request.group.id, election.id])


def _position(request, election, value) -> ElectionPosition:
    found = ElectionPosition.objects.filter(election=election, id=value if str(value).isdigit() else 0).first()
    if found is None:
        raise SajjaError(_("Choose a position."), field="position", code="position")
    return found


@require_POST
@group_view(Access.SELF)
def nominate(request, election_id):
    election = _election(request, election_id)
    member = _own_member(request)

    def write():
        position = _position(request, election, request.POST.get("position"))
        nominee = _member_in_group(request, request.POST.get("member") or (member.id if member else ""))
        if member is None and request.access < Access.MANAGE:
            raise SajjaError(_("Only a member of the group nominates."), field="member", code="not_member")
        services.nomination_create(position=position, nominee=nominee, nominated_by=member, actor=request.user)
        return _("The nomination is recorded.")

    return _post(request, write, _back_to(request, election))


@require_POST
@group_view(Access.SELF)
def nomination_answer(request, election_id, nomination_id):
    election = _election(request, election_id)
    nomination = _get(Nomination, request, nomination_id, election=election)

    def write():
        accept = request.POST.get("answer") == "accept"
        services.nomination_answer(
            nomination=nomination, accept=accept, member=_own_member(request), actor=request.user
        )
        return _("You are a candidate.") if accept else _("You declined the nomination.")

    return _post(request, write, _back_to(request, election))


@require_POST
@group_view(Access.SELF)
def vote(request, election_id):
    election = _election(request, election_id)

    def write():
        position = _position(request, election, request.POST.get("position"))
        candidate = Nomination.objects.filter(
            position=position, id=request.POST.get("candidate") if str(request.POST.get("candidate")).isdigit() else 0
        ).first()
        services.vote_cast(position=position, candidate=candidate, member=_own_member(request), actor=request.user)
        return _("Your vote is recorded. Nobody can see whom you voted for.")

    return _post(request, write, _back_to(request, election))


@require_POST
@group_view(Access.MANAGE)
def election_count(request, election_id):
    election = _election(request, election_id)

    def write():
        services.election_count(election=election, actor=request.user)
        return _("Voting is closed; the count has started.")

    return _post(request, write, _back_to(request, election))


@require_POST
@group_view(Access.READ)
def tally(request, election_id):
    """A committee member enters the paper counts of a position (the service checks the seat)."""
    election = _election(request, election_id)

    def write():
        position = _position(request, election, request.POST.get("position"))
        counts = {key.removeprefix("count_"): value for key, value in request.POST.items() if key.startswith("count_")}
        services.tally_enter(position=position, counts=counts, blank=request.POST.get("blank") or 0, actor=request.user)
        return _("Your count is recorded.")

    return _post(request, write, _back_to(request, election))


@require_POST
@group_view(Access.MANAGE)
def draw(request, election_id):
    election = _election(request, election_id)

    def write():
        position = _position(request, election, request.POST.get("position"))
        ids = [int(v) for v in request.POST.getlist("winners") if v.isdigit()]
        winners = list(Nomination.objects.filter(position=position, id__in=ids))
        services.election_draw(position=position, winners=winners, note=request.POST.get("note"), actor=request.user)
        return _("The lots drawn are recorded.")

    return _post(request, write, _back_to(request, election))


@require_POST
@group_view(Access.MANAGE)
def election_close(request, election_id):
    election = _election(request, election_id)

    def write():
        terms = services.election_close(election=election, actor=request.user)
        return _("The election is closed: %(n)s new terms are recorded.") % {"n": len(terms)}

    return _post(request, write, _back_to(request, election))


def _minutes_context(request, election):
    if election.status == Election.Status.OPEN and request.access < Access.READ:
        raise PermissionDenied
    outcomes = selectors.election_outcomes(election)
    voters = Member.objects.filter(group=request.group, status=Member.Status.ACTIVE).count()
    return {
        "election": election,
        "group": request.group,
        "outcomes": outcomes,
        "counters": selectors.counters(outcomes),
        "voters": voters,
        "printed_on": today(),
    }


@group_view(Access.SELF)
def minutes(request, election_id):
    election = _election(request, election_id)
    return render(request, "governance/minutes.html", _minutes_context(request, election))


@group_view(Access.SELF)
def minutes_pdf(request, election_id):
    election = _election(request, election_id)
    return pdf_response(
        "governance/minutes_pdf.html",
        _minutes_context(request, election),
        f"election-{election.id}.pdf",
        request=request,
    )
