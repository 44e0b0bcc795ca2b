"""Members' voice pages: the suggestion box (members post, named or anonymous; the committee reads,
replies and marks done), polls (the committee asks, members answer once), the yearly evaluation of
the committee (members answer; the committee and the district officer read the summary), and the
learning and activities records.

Thin: tenancy through ``group_view``; taking part needs the user's own membership in the group
(``Access.SELF`` and a member record), reading the box and the summaries needs ``Access.READ``
(committees and the district officer), writing for the committee ``Access.MANAGE``. An anonymous
suggestion leaves no trace of its author here either: the page does not remember a URL with its id
in the session and shows nothing of it back to the author.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from sajja.core import submits
from sajja.core.errors import SajjaError
from sajja.core.fields import parse_date_input, parse_positive_int
from sajja.core.tenancy import Access, grants_for, group_view, today
from sajja.members.models import Member

from . import questions, selectors, services
from .models import Activity, EvaluationRound, Poll, PollChoice, Suggestion, Training

_post = submits.post_once


def _own_member(request) -> Member | None:
    member_id = grants_for(request.user).member_ids.get(request.group.id)
    return Member.objects.filter(id=member_id).first() if member_id else None


def _need_member(request) -> Member:
    member = _own_member(request)
    if member is None:
        raise PermissionDenied
    return member


def _need_manage(request) -> None:
    if request.access < Access.MANAGE:
        raise PermissionDenied


def _url(request, name, *args) -> str:
    return reverse(name, args=[request.group.id, *args])


def _members(request, values, field="participants") -> list[Member]:
    ids = [parse_positive_int(v, field=field) for v in values if str(v).strip()]
    found = list(Member.objects.filter(group=request.group, id__in=ids))
    if len(found) != len(set(ids)):
        raise SajjaError(_("This person is not a member of the group."), field=field, code="other_group")
    return found


# --- the members' page ------------------------------------------------------------------------


@group_view(Access.SELF)
@require_http_methods(["GET", "POST"])
def voice_home(request):
    """The member's page: the suggestion box, their own named suggestions with the replies, the
    polls open now and the year's evaluation. POST puts a suggestion in the box."""
    member = _own_member(request)
    home = _url(request, "voice_home")
    if request.method == "POST":
        member = _need_member(request)
        anonymous = request.POST.get("anonymous") == "1"

        def write():
            services.suggestion_post(
                group=request.group,
                text=request.POST.get("text", ""),
                member=member,
                anonymous=anonymous,
                actor=request.user,
            )
            return _("Your suggestion is in the box.")  # back to this page: no URL of it is remembered

        return _post(request, write, home)
    day = today()
    answered = selectors.answered_polls(request.group.id, member.id if member else None)
    polls = [p for p in selectors.polls(request.group.id) if p.opens_on <= day <= p.closes_on]
    round_ = EvaluationRound.objects.filter(group=request.group, opens_on__lte=day, closes_on__gte=day).first()
    context = {
        "member": member,
        "mine": selectors.own_suggestions(request.group.id, member.id if member else None)[:50],
        "polls": [(p, p.id in answered) for p in polls],
        "round": round_,
        "round_done": bool(round_ and member and round_.ballots.filter(member=member).exists()),
        "can_read": request.access >= Access.READ,
    }
    return render(request, "voice/home.html", context)


# --- the suggestion box, for the committee ----------------------------------------------------


@group_view(Access.READ)
def suggestion_list(request):
    status = request.GET.get("status", "")
    rows = selectors.suggestions(request.group.id)
    if status in Suggestion.Status.values:
        rows = rows.filter(status=status)
    return render(
        request,
        "voice/suggestions.html",
        {"suggestions": rows[:500], "status": status, "statuses": Suggestion.Status.choices},
    )


def _suggestion_or_404(request, suggestion_id) -> Suggestion:
    found = selectors.suggestions(request.group.id).filter(id=suggestion_id).first()
    if found is None:
        raise Http404
    return found


@group_view(Access.READ)
def suggestion_detail(request, suggestion_id):
    return render(
        request,
        "voice/suggestion.html",
        {"s": _suggestion_or_404(request, suggestion_id), "can_manage": request.access >= Access.MANAGE},
    )


@group_view(Access.MANAGE)
@require_POST
def suggestion_reply(request, suggestion_id):
    s = _suggestion_or_404(request, suggestion_id)
    back = _url(request, "voice_suggestion", s.id)
    if request.POST.get("done"):
        return _post(
            request, lambda: services.suggestion_done(suggestion=s, actor=request.user) and _("Marked done."), back
        )
    return _post(
        request,
        lambda: (
            services.suggestion_reply(suggestion=s, reply=request.POST.get("reply", ""), actor=request.user)
            and _("The reply is saved.")
        ),
        back,
    )


# --- polls ------------------------------------------------------------------------------------


@group_view(Access.SELF)
@require_http_methods(["GET", "POST"])
def poll_list(request):
    back = _url(request, "voice_polls")
    if request.method == "POST":
        _need_manage(request)

        def write():
            poll = services.poll_create(
                group=request.group,
                question=request.POST.get("question", ""),
                choices=request.POST.get("choices", "").splitlines(),
                opens_on=parse_date_input(request.POST.get("opens_on"), field="opens_on"),
                closes_on=parse_date_input(request.POST.get("closes_on"), field="closes_on"),
                secret=request.POST.get("open_ballot") != "1",
                actor=request.user,
            )
            return _("The poll is set up."), _url(request, "voice_poll", poll.id)

        return _post(request, write, back)
    return render(
        request,
        "voice/polls.html",
        {
            "polls": selectors.polls(request.group.id)[:200],
            "today": today(),
            "can_manage": request.access >= Access.MANAGE,
        },
    )


def _poll_or_404(request, poll_id) -> Poll:
    found = selectors.polls(request.group.id).filter(id=poll_id).first()
    if found is None:
        raise Http404
    return found


@group_view(Access.SELF)
def poll_detail(request, poll_id):
    """The question, the answer form while open (once per member), and the results: always for the
    committees, for members once they have answered or the poll has closed."""
    poll = _poll_or_404(request, poll_id)
    member = _own_member(request)
    day = today()
    answered = bool(member) and poll.id in selectors.answered_polls(request.group.id, member.id)
    is_open = poll.opens_on <= day <= poll.closes_on
    total, results = selectors.poll_results(poll)
    context = {
        "poll": poll,
        "member": member,
        "answered": answered,
        "is_open": is_open,
        "show_results": request.access >= Access.READ or answered or day > poll.closes_on,
        "total": total,
        "results": results,
    }
    return render(request, "voice/poll.html", context)


@group_view(Access.SELF)
@require_POST
def poll_answer(request, poll_id):
    poll = _poll_or_404(request, poll_id)
    member = _need_member(request)
    back = _url(request, "voice_poll", poll.id)

    def write():
        choice = PollChoice.objects.filter(
            poll=poll, id=parse_positive_int(request.POST.get("choice"), field="choice")
        ).first()
        if choice is None:
            raise SajjaError(_("Choose one of the poll's answers."), field="choice", code="choice")
        services.poll_answer(poll=poll, member=member, choice=choice, actor=request.user)
        return _("Your answer is counted.")

    return _post(request, write, back)


# --- the yearly evaluation --------------------------------------------------------------------


@group_view(Access.SELF)
@require_http_methods(["GET", "POST"])
def evaluation_list(request):
    back = _url(request, "voice_evaluations")
    if request.method == "POST":
        _need_manage(request)

        def write():
            services.evaluation_open(
                group=request.group,
                year=request.POST.get("year", ""),
                opens_on=parse_date_input(request.POST.get("opens_on"), field="opens_on"),
                closes_on=parse_date_input(request.POST.get("closes_on"), field="closes_on"),
                actor=request.user,
            )
            return _("The evaluation is open.")

        return _post(request, write, back)
    return render(
        request,
        "voice/evaluations.html",
        {
            "rounds": selectors.evaluation_rounds(request.group.id),
            "today": today(),
            "can_read": request.access >= Access.READ,
            "can_manage": request.access >= Access.MANAGE,
        },
    )


def _round_or_404(request, survey_year) -> EvaluationRound:
    found = EvaluationRound.objects.filter(group=request.group, year=survey_year).first()
    if found is None:
        raise Http404
    return found


@group_view(Access.SELF)
@require_http_methods(["GET", "POST"])
def evaluation_form(request, survey_year):
    """The questionnaire for a member (answered once); the committee sees it as members do."""
    round_ = _round_or_404(request, survey_year)
    member = _own_member(request)
    back = _url(request, "voice_evaluation", round_.year)
    if request.method == "POST":
        member = _need_member(request)

        def write():
            scores = {code: request.POST.get(code, "") for code, _label in questions.QUESTIONS}
            services.evaluation_answer(
                round=round_, member=member, scores=scores, comment=request.POST.get("comment", ""), actor=request.user
            )
            return _("Thank you: your answers are counted."), _url(request, "voice_home")

        return _post(request, write, back)
    day = today()
    context = {
        "round": round_,
        "questions": questions.QUESTIONS,
        "comment_label": questions.COMMENT_LABEL,
        "scores": list(questions.SCORE_LABELS.items()),
        "done": bool(member) and round_.ballots.filter(member=member).exists(),
        "is_open": round_.opens_on <= day <= round_.closes_on,
        "member": member,
        "can_read": request.access >= Access.READ,
    }
    return render(request, "voice/evaluation_form.html", context)


@group_view(Access.READ)
def evaluation_summary(request, survey_year):
    """Average, count and distribution per question, and the comments, for the committee and the
    district officer."""
    summary = selectors.evaluation_summary(_round_or_404(request, survey_year))
    rows = [
        {
            "label": questions.LABELS[q.code],
            "q": q,
            "bars": list(zip(questions.SCORE_LABELS.values(), q.distribution, strict=True)),
        }
        for q in summary.questions
    ]
    context = {"summary": summary, "rows": rows, "score_names": list(questions.SCORE_LABELS.values())}
    return render(request, "voice/evaluation_summary.html", context)


# --- learning and activities ------------------------------------------------------------------


@group_view(Access.SELF)
def learning(request):
    """Trainings, study visits and the group's activities, newest first; the committee records them."""
    context = {
        "trainings": selectors.trainings(request.group.id)[:200],
        "activities": selectors.activities(request.group.id)[:200],
        "training_kinds": Training.Kind.choices,
        "activity_kinds": Activity.Kind.choices,
        "members": list(Member.objects.filter(group=request.group, status=Member.Status.ACTIVE).order_by("number"))
        if request.access >= Access.MANAGE
        else [],
        "can_manage": request.access >= Access.MANAGE,
        "today": today(),
    }
    return render(request, "voice/learning.html", context)


@group_view(Access.MANAGE)
@require_POST
def training_add(request):
    def write():
        t = services.training_record(
            group=request.group,
            kind=request.POST.get("kind", "training"),
            title=request.POST.get("title", ""),
            date=parse_date_input(request.POST.get("date"), field="date"),
            place=request.POST.get("place", ""),
            learned=request.POST.get("learned", ""),
            lesson=request.POST.get("lesson", ""),
            participants=_members(request, request.POST.getlist("participants")),
            actor=request.user,
        )
        return _("The training is recorded."), _url(request, "voice_training", t.id)

    return _post(request, write, _url(request, "voice_learning"))


@group_view(Access.MANAGE)
@require_POST
def activity_add(request):
    def write():
        a = services.activity_record(
            group=request.group,
            kind=request.POST.get("kind", ""),
            title=request.POST.get("title", ""),
            date=parse_date_input(request.POST.get("date"), field="date"),
            note=request.POST.get("note", ""),
            participants=_members(request, request.POST.getlist("participants")),
            actor=request.user,
        )
        return _("The activity is recorded."), _url(request, "voice_activity", a.id)

    return _post(request, write, _url(request, "voice_learning"))


@group_view(Access.SELF)
def training_detail(request, training_id):
    t = selectors.trainings(request.group.id).filter(id=training_id).first()
    if t is None:
        raise Http404
    return render(request, "voice/record.html", {"record": t, "is_training": True})


@group_view(Access.SELF)
def activity_detail(request, activity_id):
    a = selectors.activities(request.group.id).filter(id=activity_id).first()
    if a is None:
        raise Http404
    return render(request, "voice/record.html", {"record": a, "is_training": False})
