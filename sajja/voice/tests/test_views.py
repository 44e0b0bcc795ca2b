"""The members' voice pages, and the proof that an anonymous suggestion cannot be traced."""

import datetime as dt

import pytest
from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.apps import apps
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from sajja.accounts.models import User
from sajja.core import testing as t
from sajja.core.tenancy import today
from sajja.members.models import Member
from sajja.voice import services
from sajja.voice.models import EvaluationBallot, EvaluationComment, PollBallot, Suggestion

D = dt.date


def url(club, name, *args):
    return reverse(name, args=[club.group.id, *args])


@pytest.fixture
def member_client(club):
    user = t.make_user("plain0")
    club.plain[0].user = user
    club.plain[0].save()
    client = Client()
    r = client.post(reverse("login"), {"username": "plain0", "password": t.password_of(user)})  # the real login page
    assert r.status_code == 302
    assert "_auth_user_id" in client.session
    client.cookies["django_language"] = "en"
    return client, user, club.plain[0]


def _string_values(model, row: dict) -> str:
    text = " ".join(str(v) for v in row.values() if isinstance(v, str))
    if model is Session:
        text += " " + str(Session.objects.get(session_key=row["session_key"]).get_decoded())
    return text


def links(user, member, suggestion) -> list:
    """Every row of every table that points at the user (or their member) AND at the suggestion."""
    suggestion_type = apps.get_model("contenttypes", "ContentType").objects.get_for_model(Suggestion)
    found = []
    for model in apps.get_models(include_auto_created=True):
        fks = [f for f in model._meta.concrete_fields if f.is_relation]
        for row in model._base_manager.values():
            to_user = (
                any(
                    (f.related_model is User and row[f.attname] == user.id)
                    or (f.related_model is Member and row[f.attname] == member.id)
                    for f in fks
                )
                or (model is User and row["id"] == user.id)
                or (model is Member and row["id"] == member.id)
            )
            text = _string_values(model, row)
            if model is Session:
                to_user = to_user or f"'_auth_user_id': '{user.id}'" in text
            to_suggestion = (
                (model is Suggestion and row["id"] == suggestion.id)
                or any(f.related_model is Suggestion and row[f.attname] == suggestion.id for f in fks)
                or (model is LogEntry and row["content_type_id"] == suggestion_type.id)
                or suggestion.text in text
                or f"/suggestions/{suggestion.id}/" in text
            )
            if to_user and to_suggestion:
                found.append((model.__name__, row))
    return found


def test_an_anonymous_suggestion_cannot_be_traced_to_its_author(club, member_client):
    client, user, member = member_client
    logs_before = LogEntry.objects.count()
    r = client.post(url(club, "voice_home"), {"text": "กรรมการบางคนไม่มาประชุม", "anonymous": "1", "key": "k-anon"})
    assert r.status_code == 302
    assert r["Location"] == url(club, "voice_home")
    suggestion = Suggestion.objects.get()
    assert (suggestion.anonymous, suggestion.author_id, suggestion.replied_by_id) == (True, None, None)
    assert LogEntry.objects.count() == logs_before  # django-auditlog wrote nothing about it
    assert not any(auditlog.contains(m) for m in apps.get_app_config("voice").get_models())
    assert links(user, member, suggestion) == []
    # the author does not get it back on their page either
    page = client.get(url(club, "voice_home")).content.decode()
    assert "กรรมการบางคนไม่มาประชุม" not in page
    # ... while a named one does link them, which shows the search above finds links when there are some
    client.post(url(club, "voice_home"), {"text": "ขอให้ประชุมตอนเย็น", "key": "k-named"})
    named = Suggestion.objects.get(anonymous=False)
    assert named.author == member
    assert links(user, member, named) != []


def test_the_committee_reads_and_replies(club, member_client):
    client, _user, _member = member_client
    client.post(url(club, "voice_home"), {"text": "ซ่อมป้ายกลุ่ม", "anonymous": "1", "key": "a"})
    s = Suggestion.objects.get()
    assert client.get(url(club, "voice_suggestions")).status_code == 403  # a member does not read the box
    pres = Client()
    pres.force_login(club.president)
    page = pres.get(url(club, "voice_suggestions"))
    assert page.status_code == 200
    assert "ซ่อมป้ายกลุ่ม" in page.content.decode()
    pres.post(url(club, "voice_suggestion_reply", s.id), {"reply": "ซ่อมแล้วเดือนนี้", "key": "b"})
    pres.post(url(club, "voice_suggestion_reply", s.id), {"done": "1", "key": "c"})
    s.refresh_from_db()
    assert (s.status, s.reply) == ("done", "ซ่อมแล้วเดือนนี้")


def test_empty_suggestion_refused_on_the_page(club, member_client):
    client, _u, _m = member_client
    r = client.post(url(club, "voice_home"), {"text": "   ", "anonymous": "1", "key": "x"}, follow=True)
    assert "This field is required." in r.content.decode()
    assert Suggestion.objects.count() == 0


def test_poll_answer_once_on_the_page(club, member_client):
    client, _u, member = member_client
    poll = services.poll_create(
        group=club.group,
        question="สีเสื้อกีฬา",
        choices=["แดง", "เขียว"],
        opens_on=today(),
        closes_on=today(),
        actor=club.president,
    )
    green = poll.choices.get(text="เขียว")
    page = client.get(url(club, "voice_poll", poll.id)).content.decode()
    assert "Results" not in page  # a member sees results after answering
    client.post(url(club, "voice_poll_answer", poll.id), {"choice": green.id, "key": "p1"})
    r = client.post(url(club, "voice_poll_answer", poll.id), {"choice": green.id, "key": "p2"}, follow=True)
    assert "already answered" in r.content.decode()
    assert PollBallot.objects.filter(poll=poll).count() == 1
    assert poll.choices.get(id=green.id).votes == 1
    assert "Results" in client.get(url(club, "voice_poll", poll.id)).content.decode()


def test_evaluation_on_the_page_and_the_summary(club, member_client):
    client, _u, member = member_client
    services.evaluation_open(
        group=club.group, year=today().year, opens_on=today(), closes_on=today(), actor=club.president
    )
    form = client.get(url(club, "voice_evaluation", today().year))
    assert form.status_code == 200
    assert len(form.context["questions"]) == 7
    answers = {code: "4" for code, _label in form.context["questions"]}
    r = client.post(
        url(club, "voice_evaluation", today().year), {**answers, "honesty": "2", "comment": "ดีมาก", "key": "e1"}
    )
    assert r.status_code == 302
    assert EvaluationBallot.objects.count() == 1
    assert EvaluationComment.objects.count() == 1
    assert client.get(url(club, "voice_evaluation_summary", today().year)).status_code == 403
    officer = t.make_officer(club.group.village.subdistrict.district, "officer_x")
    oc = Client()
    oc.force_login(officer)
    summary = oc.get(url(club, "voice_evaluation_summary", today().year))
    assert summary.status_code == 200
    by = {q.code: q for q in summary.context["summary"].questions}
    assert (by["honesty"].average, by["books"].average, summary.context["summary"].comments) == (2, 4, ["ดีมาก"])
    assert oc.post(url(club, "voice_evaluations"), {"year": "2569"}).status_code == 403  # the officer reads only


def test_learning_pages(club):
    pres = Client()
    pres.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # the refusal is read in English below
    pres.force_login(club.president)
    r = pres.post(
        url(club, "voice_training_add"),
        {
            "kind": "study_visit",
            "title": "ดูงานบ้านดง",
            "date": "10/02/2569",
            "lesson": "บัญชีต้องอ่านง่าย",
            "participants": [club.plain[0].id, club.plain[1].id],
            "key": "t1",
        },
    )
    assert r.status_code == 302
    r = pres.post(
        url(club, "voice_activity_add"),
        {"kind": "trees", "title": "ปลูกป่าวันแม่", "date": "12/08/2569", "participants": [club.outsider.id], "key": "t2"},
        follow=True,
    )
    assert "not a member of the group" in r.content.decode()
    assert pres.get(url(club, "voice_learning")).status_code == 200
