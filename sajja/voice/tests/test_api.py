"""The members' voice API."""

from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.test import Client

from sajja.api.models import ApiToken
from sajja.core import testing as t
from sajja.core.tenancy import today
from sajja.voice import domain, services
from sajja.voice.models import EvaluationRound, PollBallot, Suggestion


@pytest.fixture
def member_api(club):
    user = t.make_user("plain0")
    club.plain[0].user = user
    club.plain[0].save()
    return Client(HTTP_AUTHORIZATION=f"Bearer {ApiToken.issue(user)}")


@pytest.fixture
def pres_api(club):
    return Client(HTTP_AUTHORIZATION=f"Bearer {ApiToken.issue(club.president)}")


def base(club):
    return f"/api/v1/groups/{club.group.id}/voice"


def test_anonymous_suggestion_over_the_api_returns_nothing_to_trace(club, member_api, pres_api):
    logs = LogEntry.objects.count()
    r = member_api.post(f"{base(club)}/suggestions", {"text": "อยากให้เปิดบัญชีให้ดู"}, content_type="application/json")
    assert r.status_code == 201
    assert r.json() == {"ok": True}
    assert Suggestion.objects.get().author_id is None
    assert LogEntry.objects.count() == logs
    assert member_api.get(f"{base(club)}/my-suggestions").json() == []
    assert member_api.get(f"{base(club)}/suggestions").status_code == 403
    rows = pres_api.get(f"{base(club)}/suggestions").json()
    assert [(x["anonymous"], x["author_id"], x["author"]) for x in rows] == [(True, None, None)]
    sid = rows[0]["id"]
    assert pres_api.post(f"{base(club)}/suggestions/{sid}/done").json()["code"] == "no_reply"
    pres_api.post(f"{base(club)}/suggestions/{sid}/reply", {"reply": "รับทราบ"}, content_type="application/json")
    assert pres_api.post(f"{base(club)}/suggestions/{sid}/done").json()["status"] == "done"
    r = member_api.post(
        f"{base(club)}/suggestions", {"text": "ชื่อฉันเอง", "anonymous": False}, content_type="application/json"
    )
    assert r.json()["author_id"] == club.plain[0].id


def test_poll_over_the_api(club, member_api, pres_api):
    r = pres_api.post(
        f"{base(club)}/polls",
        {
            "question": "ประชุมวันไหน",
            "choices": ["เสาร์", "อาทิตย์"],
            "opens_on": today().isoformat(),
            "closes_on": today().isoformat(),
        },
        content_type="application/json",
    )
    assert r.status_code == 201
    assert r.json()["secret"] is True
    pid, choice = r.json()["id"], r.json()["choices"][1]["id"]
    before = member_api.get(f"{base(club)}/polls/{pid}").json()
    assert before["total"] is None
    assert before["choices"][0]["votes"] is None
    r = member_api.post(f"{base(club)}/polls/{pid}/answer", {"choice": choice}, content_type="application/json")
    assert r.status_code == 200
    assert r.json()["answered"]
    assert r.json()["choices"][1]["votes"] == 1
    assert Decimal(str(r.json()["choices"][1]["percent"])) == Decimal("100.0")
    r = member_api.post(f"{base(club)}/polls/{pid}/answer", {"choice": choice}, content_type="application/json")
    assert r.status_code == 400
    assert r.json()["code"] == "answered_twice"
    assert PollBallot.objects.count() == 1
    # an officer (no member here) cannot answer
    officer = t.make_officer(club.group.village.subdistrict.district, "off2")
    off = Client(HTTP_AUTHORIZATION=f"Bearer {ApiToken.issue(officer)}")
    assert (
        off.post(f"{base(club)}/polls/{pid}/answer", {"choice": choice}, content_type="application/json").status_code
        == 403
    )


def test_evaluation_over_the_api(club, member_api, pres_api):
    year_be = today().year + 543
    r = pres_api.post(
        f"{base(club)}/evaluations",
        {"year": str(year_be), "opens_on": today().isoformat(), "closes_on": today().isoformat()},
        content_type="application/json",
    )
    assert r.status_code == 201
    assert r.json()["year"] == today().year
    assert len(r.json()["questions"]) == 7
    scores = {c: 3 for c in domain.QUESTION_CODES}
    r = member_api.post(
        f"{base(club)}/evaluations/{today().year}/answer",
        {"scores": {**scores, "books": 7}},
        content_type="application/json",
    )
    assert r.status_code == 400
    assert r.json()["field"] == "books"
    r = member_api.post(
        f"{base(club)}/evaluations/{today().year}/answer",
        {"scores": scores, "comment": "ดี"},
        content_type="application/json",
    )
    assert r.status_code == 201
    services.evaluation_answer(
        round=EvaluationRound.objects.get(), member=club.plain[1], scores={**scores, "books": 4}, actor=None
    )
    s = pres_api.get(f"{base(club)}/evaluations/{today().year}/summary").json()
    books = next(q for q in s["questions"] if q["code"] == "books")
    assert (s["responses"], books["count"], Decimal(books["average"]), books["distribution"]) == (
        2,
        2,
        Decimal("3.50"),
        [0, 0, 1, 1, 0],
    )
    assert member_api.get(f"{base(club)}/evaluations/{today().year}/summary").status_code == 403


def test_learning_over_the_api(club, pres_api):
    r = pres_api.post(
        f"{base(club)}/activities",
        {"kind": "sports", "title": "กีฬาหมู่บ้าน", "date": "01/05/2569", "participants": [club.plain[0].id]},
        content_type="application/json",
    )
    assert r.status_code == 201
    assert r.json()["participants"] == [club.plain[0].id]
    r = pres_api.post(
        f"{base(club)}/trainings",
        {"title": "อบรม", "date": "01/05/2569", "participants": [club.outsider.id]},
        content_type="application/json",
    )
    assert r.status_code == 400
    assert r.json()["code"] == "other_group"
    r = pres_api.post(f"{base(club)}/trainings", {"title": "อบรม", "date": "01/05/69"}, content_type="application/json")
    assert r.status_code == 400
    assert r.json()["code"] == "date_ambiguous_year"
