"""The proceedings API: the same rules as the services, as 400s in Thai and English."""

import datetime as dt

import pytest
from django.test import Client

from sajja.api.models import ApiToken
from sajja.proceedings import services
from sajja.proceedings.models import Meeting, Task

D = dt.date


@pytest.fixture
def api(club):
    return Client(HTTP_AUTHORIZATION=f"Bearer {ApiToken.issue(club.president)}")


def base(club):
    return f"/api/v1/groups/{club.group.id}/proceedings"


def test_meeting_resolution_approval_over_the_api(club, api):
    r = api.post(
        f"{base(club)}/meetings",
        {"kind": "annual", "date": "20/01/2569", "agenda": ["งบการเงิน", "เลือกตั้ง"]},
        content_type="application/json",
    )
    assert r.status_code == 201, r.content
    body = r.json()
    assert (body["number"], body["year_be"], body["date"], [a["order"] for a in body["agenda"]]) == (
        1,
        2569,
        "2026-01-20",
        [1, 2],
    )
    mid, item = body["id"], body["agenda"][0]["id"]
    marks = [{"member": club.plain[i].id, "status": "present"} for i in range(3)]
    r = api.post(f"{base(club)}/meetings/{mid}/attendance", {"marks": marks}, content_type="application/json")
    assert r.json()["quorum"] == {
        "expected": 10,
        "present": 3,
        "absent": 0,
        "excused": 0,
        "needed": 5,
        "percent": 50,
        "met": False,
    }
    r = api.post(
        f"{base(club)}/meetings/{mid}/resolutions",
        {"text": "รับรองงบการเงิน", "item": item, "votes_for": "๓", "votes_against": 0},
        content_type="application/json",
    )
    assert r.status_code == 201
    assert r.json()["reference"] == "มติที่ประชุมใหญ่ 1/2569"
    assert r.json()["passed"]
    r = api.put(
        f"{base(club)}/meetings/{mid}/agenda/{item}", {"minutes": "ที่ประชุมรับรอง"}, content_type="application/json"
    )
    assert r.status_code == 200
    later = services.meeting_create(
        group=club.group, kind="committee", committee="all", date=D(2026, 2, 5), actor=club.president
    )
    r = api.post(
        f"{base(club)}/meetings/{mid}/approve",
        {"at_meeting": later.id, "approved_by": club.seats["president"].id},
        content_type="application/json",
    )
    assert r.status_code == 200
    assert r.json()["approved_on"] == "2026-02-05"
    r = api.put(f"{base(club)}/meetings/{mid}/agenda/{item}", {"minutes": "แก้"}, content_type="application/json")
    assert r.status_code == 400
    assert r.json()["code"] == "minutes_approved"
    assert r.json()["message_en"].startswith("The minutes")
    r = api.get(f"{base(club)}/resolutions", {"reference": "มติที่ประชุมใหญ่ 1/2569"})
    assert [x["locked"] for x in r.json()] == [True]


def test_bad_input_over_the_api(club, api):
    r = api.post(f"{base(club)}/meetings", {"kind": "general", "date": "20/01/69"}, content_type="application/json")
    assert r.status_code == 400
    assert r.json()["code"] == "date_ambiguous_year"
    r = api.post(f"{base(club)}/meetings", {"kind": "general", "date": "2569-01-20"}, content_type="application/json")
    assert r.status_code == 201  # an ISO date with a B.E. year is read as B.E.
    mid = r.json()["id"]
    r = api.post(
        f"{base(club)}/meetings/{mid}/resolutions", {"text": "x", "votes_for": 2.5}, content_type="application/json"
    )
    assert r.status_code == 400
    assert r.json()["code"] == "not_integer"
    r = api.post(
        f"{base(club)}/tasks",
        {"title": "x", "owner": club.outsider.id, "due_on": "01/02/2569"},
        content_type="application/json",
    )
    assert r.status_code == 400
    assert r.json()["code"] == "other_group"
    r = api.post(
        f"{base(club)}/meetings/{mid}/attendance",
        {"marks": [{"member": club.outsider.id, "status": "present"}]},
        content_type="application/json",
    )
    assert r.status_code == 400
    assert r.json()["code"] == "other_group"
    assert Meeting.objects.count() == 1
    assert Task.objects.count() == 0


def test_tasks_duties_workload(club, api):
    for i in range(6):
        r = api.post(
            f"{base(club)}/tasks",
            {"title": f"งาน {i}", "owner": club.seats["loan1"].id, "due_on": "01/01/2570"},
            content_type="application/json",
        )
        assert r.status_code == 201
    r = api.post(f"{base(club)}/tasks/{r.json()['id']}/status", {"status": "done"}, content_type="application/json")
    assert r.json()["status"] == "done"
    rows = {w["member_id"]: w for w in api.get(f"{base(club)}/workload").json()}
    assert rows[club.seats["loan1"].id]["flags"] == []
    assert len(rows[club.seats["loan1"].id]["open_tasks"]) == 5
    api.post(
        f"{base(club)}/tasks",
        {"title": "อีก", "owner": club.seats["loan1"].id, "due_on": "01/01/2570"},
        content_type="application/json",
    )
    assert api.get(f"{base(club)}/workload/{club.seats['loan1'].id}").json()["flags"] == ["open_tasks"]
    duties = api.get(f"{base(club)}/duties").json()
    assert all(d["standard"] for d in duties)
    r = api.post(f"{base(club)}/duties", {"position": "treasurer", "text": "ดูแลตู้เซฟ"}, content_type="application/json")
    assert r.status_code == 201
    assert r.json()["order"] == 4
    assert [d["standard"] for d in api.get(f"{base(club)}/duties").json() if d["position"] == "treasurer"] == [
        False
    ] * 4
