"""Every read of the members' voice for pages, the API and the district officer."""

from dataclasses import dataclass

from django.db.models import Count, Prefetch, QuerySet

from sajja.members.models import Member

from . import domain
from .models import (
    Activity,
    EvaluationBallot,
    EvaluationComment,
    EvaluationRound,
    EvaluationTally,
    Poll,
    PollBallot,
    PollChoice,
    Suggestion,
    Training,
)


def suggestions(group_id: int) -> QuerySet:
    """The box as the committee reads it: named ones show the author, anonymous ones nobody."""
    return Suggestion.objects.filter(group_id=group_id).select_related("author").order_by("-posted_on", "-id")


def own_suggestions(group_id: int, member_id: int | None) -> QuerySet:
    """A member's own named suggestions (anonymous ones cannot be found again, not even by the author)."""
    return suggestions(group_id).filter(author_id=member_id) if member_id else Suggestion.objects.none()


def polls(group_id: int) -> QuerySet:
    return (
        Poll.objects.filter(group_id=group_id)
        .prefetch_related(Prefetch("choices", queryset=PollChoice.objects.order_by("order")))
        .annotate(answered=Count("ballots"))
        .order_by("-opens_on", "-id")
    )


def answered_polls(group_id: int, member_id: int | None) -> set[int]:
    if not member_id:
        return set()
    return set(PollBallot.objects.filter(group_id=group_id, member_id=member_id).values_list("poll_id", flat=True))


@dataclass(frozen=True)
class ChoiceResult:
    id: int
    text: str
    votes: int
    percent: object


def poll_results(poll: Poll) -> tuple[int, list[ChoiceResult]]:
    """Members who answered, and each choice's count and share."""
    choices = list(poll.choices.order_by("order"))
    total = sum(c.votes for c in choices)
    return total, [ChoiceResult(c.id, c.text, c.votes, domain.percent(c.votes, total)) for c in choices]


def evaluation_rounds(group_id: int) -> QuerySet:
    return EvaluationRound.objects.filter(group_id=group_id).annotate(answered=Count("ballots")).order_by("-year")


@dataclass(frozen=True)
class EvaluationSummary:
    round: EvaluationRound
    responses: int
    members: int  # active members now: who could answer
    questions: list[domain.QuestionSummary]
    comments: list[str]

    @property
    def overall(self):
        count = sum(q.count for q in self.questions)
        total = sum(q.total for q in self.questions)
        return domain.QuestionSummary("all", count, total, ()).average


def evaluation_summary(round: EvaluationRound) -> EvaluationSummary:
    """Average, count and distribution per question, and the comments (sorted, so their order says
    nothing of who wrote them). Four queries."""
    counts = {
        (q, score): n
        for q, score, n in EvaluationTally.objects.filter(round=round).values_list("question", "score", "count")
    }
    comments = sorted(EvaluationComment.objects.filter(round=round).values_list("text", flat=True))
    return EvaluationSummary(
        round=round,
        responses=EvaluationBallot.objects.filter(round=round).count(),
        members=Member.objects.filter(group_id=round.group_id, status=Member.Status.ACTIVE).count(),
        questions=domain.summarise(counts),
        comments=comments,
    )


def trainings(group_id: int) -> QuerySet:
    return Training.objects.filter(group_id=group_id).prefetch_related("participants").order_by("-date", "-id")


def activities(group_id: int) -> QuerySet:
    return Activity.objects.filter(group_id=group_id).prefetch_related("participants").order_by("-date", "-id")
