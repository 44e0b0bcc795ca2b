"""The members' voice demo on a small group: through the services, idempotent."""

from collections import Counter

from sajja.core import testing as t
from sajja.voice import demo, selectors
from sajja.voice.models import EvaluationRound, Poll, PollBallot, Suggestion, Training


def test_demo_ensure_is_idempotent(db):
    group = t.make_group()
    t.make_user("admin", is_superuser=True, is_staff=True)
    for _ in range(90):
        t.make_member(group)
    created = Counter()
    demo.ensure(group=group, seed=2569, created=created)
    assert Suggestion.objects.filter(anonymous=True, author__isnull=True).count() == 4
    assert Suggestion.objects.filter(status="done").count() == 2
    assert Poll.objects.count() == 2
    assert PollBallot.objects.count() == 80 + 25
    summary = selectors.evaluation_summary(EvaluationRound.objects.get(year=2025))
    assert summary.responses == 60
    assert all(q.count == 60 for q in summary.questions)
    assert Training.objects.count() == 3
    before = (Suggestion.objects.count(), PollBallot.objects.count(), summary.responses)
    again = Counter()
    demo.ensure(group=group, seed=2569, created=again)
    assert sum(again.values()) == 0
    assert (Suggestion.objects.count(), PollBallot.objects.count()) == before[:2]
