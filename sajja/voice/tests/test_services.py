"""Suggestions, polls, the yearly evaluation, trainings and activities."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from sajja.core import testing as t
from sajja.core.errors import SajjaError
from sajja.core.tenancy import today
from sajja.members.models import Member
from sajja.voice import domain, selectors, services
from sajja.voice.models import (
    EvaluationBallot,
    EvaluationComment,
    EvaluationTally,
    Poll,
    PollBallot,
    PollChoice,
    Suggestion,
    Training,
)

D = dt.date


def days(n: int) -> dt.date:
    return today() + dt.timedelta(days=n)


def test_named_and_anonymous_suggestions(club):
    member = club.plain[0]
    named = services.suggestion_post(
        group=club.group, text="อยากให้ประชุมตอนเย็น", member=member, anonymous=False, actor=club.president
    )
    secret = services.suggestion_post(
        group=club.group, text="  ขอดูบัญชีทุกเดือน  ", member=member, anonymous=True, actor=club.president
    )
    assert (named.author, named.anonymous) == (member, False)
    assert (secret.author, secret.anonymous, secret.text) == (None, True, "ขอดูบัญชีทุกเดือน")
    assert list(selectors.own_suggestions(club.group.id, member.id)) == [named]
    with pytest.raises(IntegrityError), transaction.atomic():  # the database refuses an author on an anonymous one
        Suggestion.objects.filter(id=secret.id).update(author=member)


@pytest.mark.parametrize(("text", "code"), [("", "required"), ("   ", "required"), ("ก" * 2001, "too_long")])
def test_empty_or_huge_suggestion_refused(club, text, code):
    with pytest.raises(SajjaError) as e:
        services.suggestion_post(group=club.group, text=text, member=None, anonymous=True, actor=None)
    assert e.value.code == code
    assert Suggestion.objects.count() == 0


def test_named_suggestion_of_another_groups_member_refused(club):
    with pytest.raises(SajjaError) as e:
        services.suggestion_post(group=club.group, text="x", member=club.outsider, anonymous=False, actor=None)
    assert e.value.code == "other_group"


def test_reply_then_done(club):
    s = services.suggestion_post(group=club.group, text="ซ่อมหลังคาศาลา", member=None, anonymous=True, actor=None)
    with pytest.raises(SajjaError) as e:
        services.suggestion_done(suggestion=s, actor=club.president)
    assert e.value.code == "no_reply"
    services.suggestion_reply(suggestion=s, reply="จะนำเข้าที่ประชุมเดือนหน้า", actor=club.president)
    s = services.suggestion_done(suggestion=s, actor=club.president)
    assert (s.status, s.done_on, s.replied_by) == ("done", today(), club.president)
    with pytest.raises(SajjaError) as e:
        services.suggestion_reply(suggestion=s, reply="อีก", actor=club.president)
    assert e.value.code == "already_done"


def make_poll(club, **kw):
    values = dict(
        question="จัดกีฬาหมู่บ้านเดือนไหน", choices=["ธันวาคม", "มกราคม", "เมษายน"], opens_on=days(-3), closes_on=days(3)
    )
    values.update(kw)
    return services.poll_create(group=club.group, actor=club.president, **values)


def test_secret_poll_counts_without_linking(club):
    poll = make_poll(club)
    dec, jan, apr = poll.choices.order_by("order")
    for member, choice in [
        (club.plain[0], jan),
        (club.plain[1], jan),
        (club.plain[2], dec),
        (club.seats["treasurer"], jan),
    ]:
        services.poll_answer(poll=poll, member=member, choice=choice, actor=club.president)
    total, rows = selectors.poll_results(poll)
    assert total == 4
    assert [(r.text, r.votes, r.percent) for r in rows] == [
        ("ธันวาคม", 1, Decimal("25.0")),
        ("มกราคม", 3, Decimal("75.0")),
        ("เมษายน", 0, Decimal("0.0")),
    ]
    assert PollBallot.objects.filter(poll=poll).count() == 4
    assert not PollBallot.objects.filter(poll=poll, choice__isnull=False).exists()  # who, never what


def test_open_poll_keeps_the_choice_on_the_ballot(club):
    poll = make_poll(club, secret=False)
    choice = poll.choices.first()
    ballot = services.poll_answer(poll=poll, member=club.plain[0], choice=choice, actor=club.president)
    assert ballot.choice == choice


def test_answering_twice_refused_by_service_and_database(club):
    poll = make_poll(club)
    first, second = poll.choices.order_by("order")[:2]
    services.poll_answer(poll=poll, member=club.plain[0], choice=first, actor=club.president)
    with pytest.raises(SajjaError) as e:
        services.poll_answer(poll=poll, member=club.plain[0], choice=second, actor=club.president)
    assert e.value.code == "answered_twice"
    assert list(PollChoice.objects.filter(poll=poll).order_by("order").values_list("votes", flat=True)) == [1, 0, 0]
    with pytest.raises(IntegrityError), transaction.atomic():
        PollBallot.objects.create(group=club.group, poll=poll, member=club.plain[0])


@pytest.mark.parametrize(("opens", "closes"), [(-10, -1), (1, 5)])
def test_closed_poll_refused(club, opens, closes):
    poll = make_poll(club, opens_on=days(opens), closes_on=days(closes))
    with pytest.raises(SajjaError) as e:
        services.poll_answer(poll=poll, member=club.plain[0], choice=poll.choices.first(), actor=club.president)
    assert e.value.code == "poll_closed"
    assert PollBallot.objects.count() == 0


def test_poll_bad_input(club):
    other = make_poll(club, question="อีกเรื่อง")
    poll = make_poll(club)
    cases = [
        (lambda: make_poll(club, choices=["ใช่"]), "choices"),
        (lambda: make_poll(club, choices=["ใช่", "ใช่"]), "choices_repeat"),
        (lambda: make_poll(club, question=""), "required"),
        (lambda: make_poll(club, closes_on=days(-5)), "dates"),
        (lambda: make_poll(club, opens_on=D(2569, 1, 1)), "too_late"),
        (
            lambda: services.poll_answer(poll=poll, member=club.outsider, choice=poll.choices.first(), actor=None),
            "other_group",
        ),
        (
            lambda: services.poll_answer(poll=poll, member=club.plain[0], choice=other.choices.first(), actor=None),
            "choice",
        ),
    ]
    for attempt, code in cases:
        with pytest.raises(SajjaError) as e:
            attempt()
        assert e.value.code == code
    assert Poll.objects.count() == 2
    assert PollBallot.objects.count() == 0


def test_left_member_may_not_answer(club):
    poll = make_poll(club)
    m = club.plain[0]
    Member.objects.filter(id=m.id).update(status="left", status_date=D(2026, 1, 1))
    m.refresh_from_db()
    with pytest.raises(SajjaError) as e:
        services.poll_answer(poll=poll, member=m, choice=poll.choices.first(), actor=None)
    assert e.value.code == "not_active"


ALL = {code: 5 for code in domain.QUESTION_CODES}


def open_round(club, year=None):
    return services.evaluation_open(
        group=club.group,
        year=year or str(today().year + 543),
        opens_on=days(-2),
        closes_on=days(10),
        actor=club.president,
    )


def test_evaluation_summary_exact(club):
    rnd = open_round(club)
    assert rnd.year == today().year  # typed in B.E.
    answers = [
        ({**ALL, "honesty": 5, "books": 2}, "ขอบคุณกรรมการ"),
        ({**ALL, "honesty": 4, "books": 3}, ""),
        ({**ALL, "honesty": 4, "books": 1}, "อยากเห็นบัญชีทุกเดือน"),
    ]
    for member, (scores, comment) in zip(club.plain, answers, strict=False):
        services.evaluation_answer(round=rnd, member=member, scores=scores, comment=comment, actor=None)
    s = selectors.evaluation_summary(rnd)
    by = {q.code: q for q in s.questions}
    assert (s.responses, s.members) == (3, 10)
    assert (by["honesty"].count, by["honesty"].average, by["honesty"].distribution) == (
        3,
        Decimal("4.33"),
        (0, 0, 0, 2, 1),
    )
    assert (by["books"].average, by["books"].distribution) == (Decimal("2.00"), (1, 1, 1, 0, 0))
    assert by["listens"].average == Decimal("5.00")
    assert s.overall == Decimal("4.48")  # (13 + 6 + 5 questions * 3 members * 5) / 21 answers = 94 / 21 = 4.476
    assert s.comments == sorted(["ขอบคุณกรรมการ", "อยากเห็นบัญชีทุกเดือน"])


def test_evaluation_once_a_year_and_unlinked(club):
    rnd = open_round(club)
    services.evaluation_answer(round=rnd, member=club.plain[0], scores=ALL, comment="ดี", actor=None)
    with pytest.raises(SajjaError) as e:
        services.evaluation_answer(round=rnd, member=club.plain[0], scores=ALL, comment="อีก", actor=None)
    assert e.value.code == "answered_twice"
    assert EvaluationComment.objects.count() == 1  # the refused second answer left nothing
    assert sum(EvaluationTally.objects.values_list("count", flat=True)) == len(ALL)
    # nothing on the answer side names or orders the member: counts, and a comment with a random key
    assert {f.name for f in EvaluationTally._meta.concrete_fields} == {
        "id",
        "group",
        "round",
        "question",
        "score",
        "count",
    }
    assert {f.name for f in EvaluationComment._meta.concrete_fields} == {"id", "group", "round", "text"}
    assert EvaluationComment._meta.pk.get_internal_type() == "UUIDField"
    with pytest.raises(IntegrityError), transaction.atomic():
        EvaluationBallot.objects.create(group=club.group, round=rnd, member=club.plain[0])


@pytest.mark.parametrize(
    ("scores", "code"),
    [
        ({**ALL, "books": 6}, "score"),
        ({**ALL, "books": 0}, "score"),
        ({**ALL, "books": 2.5}, "score"),
        ({"honesty": 5}, "score"),
    ],
)
def test_evaluation_bad_scores(club, scores, code):
    rnd = open_round(club)
    with pytest.raises(SajjaError) as e:
        services.evaluation_answer(round=rnd, member=club.plain[0], scores=scores, actor=None)
    assert e.value.code == code
    assert EvaluationBallot.objects.count() == 0


def test_evaluation_thai_digits_accepted(club):
    rnd = open_round(club)
    services.evaluation_answer(round=rnd, member=club.plain[0], scores={c: "๔" for c in ALL}, actor=None)
    counted = EvaluationTally.objects.filter(count__gt=0)
    assert set(counted.values_list("score", "count")) == {(4, 1)}
    assert counted.count() == len(ALL)


def test_evaluation_years(club):
    with pytest.raises(SajjaError) as e:
        open_round(club, year="69")
    assert e.value.code == "year"
    with pytest.raises(SajjaError) as e:
        open_round(club, year=str(today().year + 1))
    assert e.value.code == "year_range"
    open_round(club, year=today().year)
    with pytest.raises(SajjaError) as e:
        open_round(club, year=str(today().year + 543))  # the same year in B.E.
    assert e.value.code == "year_taken"
    closed = services.evaluation_open(
        group=club.group, year=today().year - 1, opens_on=days(-30), closes_on=days(-1), actor=club.president
    )
    with pytest.raises(SajjaError) as e:
        services.evaluation_answer(round=closed, member=club.plain[0], scores=ALL, actor=None)
    assert e.value.code == "evaluation_closed"


def test_training_and_activity(club):
    tr = services.training_record(
        group=club.group, kind="study_visit", title="ศึกษาดูงานกลุ่มออมทรัพย์บ้านดง", date=D(2026, 2, 10), place="อ.ชาติตระการ",
        learned="การทำบัญชีแบบง่าย", lesson="ทำบัญชีให้สมาชิกอ่านเข้าใจ", participants=club.plain[:2], actor=club.president,
    )  # fmt: skip
    assert set(tr.participants.all()) == set(club.plain[:2])
    with pytest.raises(SajjaError) as e:
        services.training_record(
            group=club.group, title="x", date=D(2026, 2, 10), participants=[club.outsider], actor=club.president
        )
    assert e.value.code == "other_group"
    with pytest.raises(SajjaError) as e:
        services.training_record(group=club.group, title="x", date=days(30), actor=club.president)
    assert e.value.code == "too_late"
    act = services.activity_record(
        group=club.group,
        kind="songkran",
        title="รดน้ำดำหัวผู้สูงอายุ",
        date=D(2026, 4, 13),
        participants=club.plain,
        actor=club.president,
    )
    assert act.participants.count() == 4
    with pytest.raises(SajjaError) as e:
        services.activity_record(group=club.group, kind="party", title="x", date=D(2026, 4, 13), actor=club.president)
    assert e.value.code == "kind"
    assert Training.objects.count() == 1


def test_member_of_another_group_is_not_a_member_here(club):
    assert t.make_member(club.other_group).group_id != club.group.id
