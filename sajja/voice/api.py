"""Members' voice routes of the JSON API (``/api/v1/groups/{group_id}/voice/...``).

Thin like the pages: ``group_route`` and then the same services and selectors. Taking part
(suggesting, answering polls and the evaluation) needs the caller's own membership in the group;
reading the box and the evaluation summary needs ``Access.READ`` (committees, the district officer);
the committee's writes need ``Access.MANAGE``. An anonymous suggestion's answer carries no author.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from ninja import Router

from sajja.core import tenancy
from sajja.core.errors import SajjaError
from sajja.core.fields import parse_date_input, parse_positive_int
from sajja.core.tenancy import Access
from sajja.core.thai import be_year, format_date
from sajja.members.models import Member

from . import questions, selectors, services
from . import schemas as s
from .models import EvaluationRound, Poll, PollChoice

# Made before ``sajja.api.api`` is imported: that module adds this router at its end.
router = Router(tags=["voice"])

from sajja.api.api import group_route  # noqa: E402

BASE = "/groups/{group_id}/voice"


def _own_member(request, group_id: int) -> Member | None:
    member_id = tenancy.grants_for(request.user).member_ids.get(group_id)
    return Member.objects.filter(id=member_id).first() if member_id else None


def _need_member(request, group_id: int) -> Member:
    member = _own_member(request, group_id)
    if member is None:
        raise PermissionDenied
    return member


def _members(group_id: int, values, field="participants") -> list[Member]:
    ids = [parse_positive_int(v, field=field) for v in values]
    found = list(Member.objects.filter(group_id=group_id, id__in=ids))
    if len(found) != len(set(ids)):
        raise SajjaError(_("This person is not a member of the group."), field=field, code="other_group")
    return found


def _suggestion_out(x) -> dict:
    return {
        "id": x.id, "text": x.text, "anonymous": x.anonymous, "author_id": x.author_id,
        "author": x.author.full_name if x.author_id else None, "posted_on": x.posted_on, "status": x.status,
        "reply": x.reply, "replied_on": x.replied_on, "done_on": x.done_on,
    }  # fmt: skip


# --- suggestions ------------------------------------------------------------------------------


@router.get(BASE + "/suggestions", response=list[s.SuggestionOut])
@group_route(Access.READ)
def suggestion_list(request, group_id: int, status: str = ""):
    """The suggestion box as the committee reads it (anonymous ones have no author)."""
    rows = selectors.suggestions(group_id)
    if status:
        rows = rows.filter(status=status)
    return [_suggestion_out(x) for x in rows[:2000]]


@router.post(BASE + "/suggestions", response={201: dict})
@group_route(Access.SELF)
def suggestion_post(request, group_id: int, payload: s.SuggestionIn):
    """Put a suggestion in the box, anonymous unless ``anonymous`` is false. The answer of an
    anonymous one is only ``{"ok": true}``: not even its id comes back to the author."""
    member = _need_member(request, group_id)
    made = services.suggestion_post(
        group=request.group,
        text=str(payload.text or ""),
        member=member,
        anonymous=payload.anonymous,
        actor=request.user,
    )
    return 201, {"ok": True} if made.anonymous else {"ok": True, **_suggestion_out(made)}


@router.get(BASE + "/my-suggestions", response=list[s.SuggestionOut])
@group_route(Access.SELF)
def my_suggestions(request, group_id: int):
    """The caller's own named suggestions with the replies."""
    member = _own_member(request, group_id)
    return [_suggestion_out(x) for x in selectors.own_suggestions(group_id, member.id if member else None)]


def _suggestion(group_id: int, suggestion_id: int):
    found = selectors.suggestions(group_id).filter(id=suggestion_id).first()
    if found is None:
        raise Http404
    return found


@router.get(BASE + "/suggestions/{suggestion_id}", response=s.SuggestionOut)
@group_route(Access.READ)
def suggestion_detail(request, group_id: int, suggestion_id: int):
    return _suggestion_out(_suggestion(group_id, suggestion_id))


@router.post(BASE + "/suggestions/{suggestion_id}/reply", response=s.SuggestionOut)
@group_route(Access.MANAGE)
def suggestion_reply(request, group_id: int, suggestion_id: int, payload: s.ReplyIn):
    services.suggestion_reply(
        suggestion=_suggestion(group_id, suggestion_id), reply=str(payload.reply or ""), actor=request.user
    )
    return _suggestion_out(_suggestion(group_id, suggestion_id))


@router.post(BASE + "/suggestions/{suggestion_id}/done", response=s.SuggestionOut)
@group_route(Access.MANAGE)
def suggestion_done(request, group_id: int, suggestion_id: int):
    services.suggestion_done(suggestion=_suggestion(group_id, suggestion_id), actor=request.user)
    return _suggestion_out(_suggestion(group_id, suggestion_id))


# --- polls ------------------------------------------------------------------------------------


def _poll_out(request, group_id: int, poll: Poll, answered_ids: set[int]) -> dict:
    day = tenancy.today()
    answered = poll.id in answered_ids
    show = request.access >= Access.READ or answered or day > poll.closes_on
    total, results = selectors.poll_results(poll)
    return {
        "id": poll.id, "question": poll.question, "opens_on": poll.opens_on, "closes_on": poll.closes_on,
        "secret": poll.secret, "is_open": poll.opens_on <= day <= poll.closes_on, "answered": answered,
        "total": total if show else None,
        "choices": [
            {"id": r.id, "text": r.text, "votes": r.votes if show else None, "percent": r.percent if show else None}
            for r in results
        ],
    }  # fmt: skip


def _answered(request, group_id: int) -> set[int]:
    member = _own_member(request, group_id)
    return selectors.answered_polls(group_id, member.id if member else None)


@router.get(BASE + "/polls", response=list[s.PollOut])
@group_route(Access.SELF)
def poll_list(request, group_id: int):
    """Polls, newest first; counts for the committees, and for a member once answered or closed."""
    answered = _answered(request, group_id)
    return [_poll_out(request, group_id, p, answered) for p in selectors.polls(group_id)[:500]]


@router.post(BASE + "/polls", response={201: s.PollOut})
@group_route(Access.MANAGE)
def poll_create(request, group_id: int, payload: s.PollIn):
    poll = services.poll_create(
        group=request.group, question=str(payload.question or ""), choices=[str(c) for c in payload.choices],
        opens_on=parse_date_input(payload.opens_on, field="opens_on"),
        closes_on=parse_date_input(payload.closes_on, field="closes_on"), secret=payload.secret, actor=request.user,
    )  # fmt: skip
    return 201, _poll_out(request, group_id, poll, set())


def _poll(group_id: int, poll_id: int) -> Poll:
    found = Poll.objects.filter(group_id=group_id, id=poll_id).first()
    if found is None:
        raise Http404
    return found


@router.get(BASE + "/polls/{poll_id}", response=s.PollOut)
@group_route(Access.SELF)
def poll_detail(request, group_id: int, poll_id: int):
    return _poll_out(request, group_id, _poll(group_id, poll_id), _answered(request, group_id))


@router.post(BASE + "/polls/{poll_id}/answer", response=s.PollOut)
@group_route(Access.SELF)
def poll_answer(request, group_id: int, poll_id: int, payload: s.AnswerIn):
    """The caller's one answer while the poll is open (a second is a 400 ``answered_twice``)."""
    poll = _poll(group_id, poll_id)
    member = _need_member(request, group_id)
    choice = PollChoice.objects.filter(poll=poll, id=parse_positive_int(payload.choice, field="choice")).first()
    if choice is None:
        raise SajjaError(_("Choose one of the poll's answers."), field="choice", code="choice")
    services.poll_answer(poll=poll, member=member, choice=choice, actor=request.user)
    return _poll_out(request, group_id, poll, _answered(request, group_id))


# --- the yearly evaluation --------------------------------------------------------------------


def _round_out(request, group_id: int, r: EvaluationRound) -> dict:
    day = tenancy.today()
    member = _own_member(request, group_id)
    return {
        "year": r.year, "year_be": be_year(r.year), "opens_on": r.opens_on, "closes_on": r.closes_on,
        "is_open": r.opens_on <= day <= r.closes_on,
        "answered": bool(member) and r.ballots.filter(member=member).exists(),
        "questions": [{"code": c, "text": str(label)} for c, label in questions.QUESTIONS],
        "comment_label": str(questions.COMMENT_LABEL),
    }  # fmt: skip


def _round(group_id: int, year: int) -> EvaluationRound:
    found = EvaluationRound.objects.filter(group_id=group_id, year=year).first()
    if found is None:
        raise Http404
    return found


@router.get(BASE + "/evaluations", response=list[s.RoundOut])
@group_route(Access.SELF)
def evaluation_list(request, group_id: int):
    return [_round_out(request, group_id, r) for r in selectors.evaluation_rounds(group_id)]


@router.post(BASE + "/evaluations", response={201: s.RoundOut})
@group_route(Access.MANAGE)
def evaluation_open(request, group_id: int, payload: s.RoundIn):
    r = services.evaluation_open(
        group=request.group, year=payload.year, opens_on=parse_date_input(payload.opens_on, field="opens_on"),
        closes_on=parse_date_input(payload.closes_on, field="closes_on"), actor=request.user,
    )  # fmt: skip
    return 201, _round_out(request, group_id, r)


@router.get(BASE + "/evaluations/{survey_year}", response=s.RoundOut)
@group_route(Access.SELF)
def evaluation_detail(request, group_id: int, survey_year: int):
    """The questionnaire of a year (C.E. in the path) and whether the caller has answered."""
    return _round_out(request, group_id, _round(group_id, survey_year))


@router.post(BASE + "/evaluations/{survey_year}/answer", response={201: dict})
@group_route(Access.SELF)
def evaluation_answer(request, group_id: int, survey_year: int, payload: s.EvaluationIn):
    """The caller's answers (each question 1–5, a comment), once; the answer is kept without them."""
    member = _need_member(request, group_id)
    services.evaluation_answer(
        round=_round(group_id, survey_year), member=member, scores=payload.scores, comment=str(payload.comment or ""),
        actor=request.user,
    )  # fmt: skip
    return 201, {"ok": True}


@router.get(BASE + "/evaluations/{survey_year}/summary", response=s.SummaryOut)
@group_route(Access.READ)
def evaluation_summary(request, group_id: int, survey_year: int):
    """Average (two decimals), count and distribution of scores 1–5 per question, and the comments."""
    summary = selectors.evaluation_summary(_round(group_id, survey_year))
    return {
        "year": summary.round.year, "year_be": be_year(summary.round.year), "responses": summary.responses,
        "members": summary.members, "overall": summary.overall, "comments": summary.comments,
        "questions": [
            {"code": q.code, "text": str(questions.LABELS[q.code]), "count": q.count, "average": q.average,
             "distribution": list(q.distribution)}
            for q in summary.questions
        ],
    }  # fmt: skip


# --- learning and activities ------------------------------------------------------------------


def _record_out(x, training: bool) -> dict:
    out = {
        "id": x.id, "kind": x.kind, "title": x.title, "date": x.date, "date_be": format_date(x.date),
        "participants": sorted(m.id for m in x.participants.all()),
    }  # fmt: skip
    if training:
        out.update(place=x.place, learned=x.learned, lesson=x.lesson)
    else:
        out.update(note=x.note)
    return out


@router.get(BASE + "/trainings", response=list[s.RecordOut])
@group_route(Access.SELF)
def training_list(request, group_id: int):
    return [_record_out(x, True) for x in selectors.trainings(group_id)[:1000]]


@router.post(BASE + "/trainings", response={201: s.RecordOut})
@group_route(Access.MANAGE)
def training_record(request, group_id: int, payload: s.TrainingIn):
    x = services.training_record(
        group=request.group, kind=str(payload.kind or ""), title=str(payload.title or ""),
        date=parse_date_input(payload.date, field="date"), place=str(payload.place or ""),
        learned=str(payload.learned or ""), lesson=str(payload.lesson or ""),
        participants=_members(group_id, payload.participants), actor=request.user,
    )  # fmt: skip
    return 201, _record_out(x, True)


@router.get(BASE + "/trainings/{training_id}", response=s.RecordOut)
@group_route(Access.SELF)
def training_detail(request, group_id: int, training_id: int):
    x = selectors.trainings(group_id).filter(id=training_id).first()
    if x is None:
        raise Http404
    return _record_out(x, True)


@router.get(BASE + "/activities", response=list[s.RecordOut])
@group_route(Access.SELF)
def activity_list(request, group_id: int):
    return [_record_out(x, False) for x in selectors.activities(group_id)[:1000]]


@router.post(BASE + "/activities", response={201: s.RecordOut})
@group_route(Access.MANAGE)
def activity_record(request, group_id: int, payload: s.ActivityIn):
    x = services.activity_record(
        group=request.group, kind=str(payload.kind or ""), title=str(payload.title or ""),
        date=parse_date_input(payload.date, field="date"), note=str(payload.note or ""),
        participants=_members(group_id, payload.participants), actor=request.user,
    )  # fmt: skip
    return 201, _record_out(x, False)


@router.get(BASE + "/activities/{activity_id}", response=s.RecordOut)
@group_route(Access.SELF)
def activity_detail(request, group_id: int, activity_id: int):
    x = selectors.activities(group_id).filter(id=activity_id).first()
    if x is None:
        raise Http404
    return _record_out(x, False)
