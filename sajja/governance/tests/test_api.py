"""The governance API: the same services behind thin routes, and who may call what."""

import datetime as dt
import json

from django.test import Client

from sajja.api.models import ApiToken
from sajja.core import testing as t
from sajja.governance.models import BallotCast, Term, Vote

D = dt.date


def api(user):
    return Client(HTTP_AUTHORIZATION=f"Bearer {ApiToken.issue(user)}")


def post(client, path, body=None):
    return client.post(path, data=json.dumps(body or {}), content_type="application/json")


def base(gov):
    return f"/api/v1/groups/{gov.group.id}/governance"


def test_an_election_through_the_api(gov):
    manager = api(gov.president)
    admin = gov.committees["administration"]
    created = post(manager, f"{base(gov)}/elections", {
        "title": "เลือกตั้ง 2570", "date": "05/12/2569", "terms_start": "2027-01-01", "method": "app",
        "positions": [{"committee": admin.id, "position": "treasurer"}],
    })  # fmt: skip
    assert created.status_code == 201, created.content
    election = created.json()
    assert election["date"] == "2026-12-05"
    position_id = election["positions"][0]["id"]
    e = f"{base(gov)}/elections/{election['id']}"
    voters = [api(user) for user in gov.voters]
    own = post(voters[0], f"{e}/nominations", {"position": position_id})
    assert own.status_code == 201
    assert own.json()["status"] == "accepted"
    other = post(voters[0], f"{e}/nominations", {"position": position_id, "member": gov.members[1].id}).json()
    assert post(voters[2], f"{e}/nominations/{other['id']}/answer", {"accept": True}).json()["code"] == "not_nominee"
    assert post(voters[1], f"{e}/nominations/{other['id']}/answer", {"accept": True}).json()["status"] == "accepted"
    outsider = post(voters[0], f"{e}/nominations", {"position": position_id, "member": gov.outsider.id})
    assert outsider.status_code == 400
    assert outsider.json()["code"] == "not_member"

    vote = post(voters[2], f"{e}/votes", {"position": position_id, "candidate": other["id"]})
    assert vote.status_code == 201
    assert vote.json() == {"recorded": True, "position_id": position_id}  # nothing about the choice
    twice = post(voters[2], f"{e}/votes", {"position": position_id, "candidate": own.json()["id"]})
    assert twice.status_code == 400
    assert twice.json()["code"] == "already_voted"
    assert twice.json()["message_th"]
    assert twice.json()["message_en"] == "You have already voted for this position."
    post(voters[3], f"{e}/votes", {"position": position_id, "candidate": other["id"]})
    assert BallotCast.objects.count() == Vote.objects.count() == 2
    detail = voters[2].get(e).json()
    assert detail["positions"][0]["you_voted"] is True
    assert detail["positions"][0]["results"] is None  # not while voting is open
    assert voters[2].get(f"{e}/results").json()["code"] == "not_counted"

    assert post(voters[0], f"{e}/counting").status_code == 403
    assert post(manager, f"{e}/counting").status_code == 200
    results = voters[0].get(f"{e}/results").json()["positions"][0]["results"]
    assert [(r["member_id"], r["votes"], r["elected"]) for r in results] == [
        (gov.members[1].id, 2, True),
        (gov.members[0].id, 0, False),
    ]
    closed = post(manager, f"{e}/close")
    assert closed.status_code == 200
    assert [(t["member_id"], t["start_date"], t["end_date"]) for t in closed.json()["terms"]] == [
        (gov.members[1].id, "2027-01-01", "2028-12-31")
    ]
    again = post(manager, f"{e}/close")
    assert again.status_code == 400
    assert again.json()["code"] == "already_closed"


def test_terms_committees_and_succession(gov):
    manager = api(gov.president)
    admin = gov.committees["administration"]
    overlap = post(manager, f"{base(gov)}/terms", {
        "committee": admin.id, "position": "president", "member": gov.members[0].id, "start_date": "01/06/2569",
    })  # fmt: skip
    assert overlap.status_code == 400
    assert overlap.json()["code"] == "overlap"
    made = post(manager, f"{base(gov)}/terms", {
        "committee": admin.id, "position": "treasurer", "member": gov.members[0].id, "start_date": "01/01/2566",
        "end_date": "31/12/2567",
    })  # fmt: skip
    assert made.status_code == 201
    assert made.json()["start_date_be"] == "01/01/2566"
    terms = api(gov.voters[0]).get(f"{base(gov)}/terms").json()
    assert {t["position"] for t in terms} == {"president", "secretary", "audit_committee", "treasurer"}
    committees = api(gov.voters[0]).get(f"{base(gov)}/committees").json()
    assert [c["code"] for c in committees] == ["administration", "loans", "audit", "promotion"]
    assert post(api(gov.voters[0]), f"{base(gov)}/committees", {"name": "สวัสดิการ"}).status_code == 403
    assert post(manager, f"{base(gov)}/committees", {"name": "สวัสดิการ"}).status_code == 201
    # Succession: the committees and the officer, not an ordinary member.
    assert api(gov.voters[0]).get(f"{base(gov)}/succession").status_code == 403
    officer = t.make_officer(gov.group.village.subdistrict.district, "gov_api_officer")
    warnings = api(officer).get(f"{base(gov)}/succession").json()
    assert ("no_understudy", "president") in {(w["code"], w["position"]) for w in warnings}
    assert post(manager, f"{base(gov)}/understudies", {
        "committee": admin.id, "position": "president", "member": gov.members[2].id, "since": "01/01/2568",
        "trained_on": "01/06/2568",
    }).status_code == 201  # fmt: skip
    warnings = api(officer).get(f"{base(gov)}/succession").json()
    assert ("no_understudy", "president") not in {(w["code"], w["position"]) for w in warnings}
    end = post(manager, f"{base(gov)}/terms/{Term.objects.get(position='secretary').id}/end", {"end_date": "1/1/2569"})
    assert end.status_code == 200
    assert end.json()["end_date"] == "2026-01-01"
