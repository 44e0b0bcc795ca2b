"""The meeting-day API end to end (``/api/v1/groups/{group_id}/meetings/...``) with bearer tokens,
on the ``day`` fixture (meeting of 5 April 2025, see ``conftest``): the sheet, a row posted in baht
text with Thai digits, the resend by the Idempotency-Key header, an offline batch, refusals in Thai
and English that write nothing, pay-out, count, difference, bank, the two signatures, the summary."""

import pytest
from django.test import Client

from sajja.api.models import ApiToken
from sajja.core import testing as t
from sajja.meetings.models import Meeting, MeetingRow

from .conftest import DAY, approve, request, state

API = "/api/v1"


class Api:
    def __init__(self, user):
        self.client = Client(headers={"Authorization": f"Bearer {ApiToken.issue(user)}"})

    def get(self, path, **params):
        return self.client.get(API + path, params)

    def post(self, path, data=None, **headers):
        return self.client.post(API + path, data or {}, content_type="application/json", headers=headers)


@pytest.fixture
def api(day):
    return Api(day.actor)


def base(day):
    return f"/groups/{day.group.id}/meetings/{day.meeting.id}"


def test_sheet(day, api):
    response = api.get(base(day) + "/sheet")
    assert response.status_code == 200
    data = response.json()
    row = next(r for r in data["rows"] if r["member_id"] == day.v.borrower.id)
    assert (row["pledge_due"], row["instalment_due"], row["fines_due"], row["status"], row["version"]) == (
        "600.00",
        "1120.00",
        "5.00",
        "waiting",
        0,
    )
    assert row["pledge_periods"] == ["2025-03-01", "2025-04-01"]
    assert row["loans"][0]["expected"] == "1120.00"
    assert row["loans"][0]["interest"] == "120.00"
    assert data["expected"]["instalment"] == "1120.00"
    assert data["meeting"]["opening_cash"] == "20000.00"
    assert data["meeting"]["date_be"] == "05/04/2568"
    assert "national_id" not in str(data)
    assert "phone" not in str(data)


def test_post_row_thai_digits_and_resend_by_header(day, api):
    body = {"member": day.v.borrower.id, "pledge": "๖๐๐", "instalment": "1,120.00", "fines": "5", "version": 0}
    first = api.post(base(day) + "/rows", body, Idempotency_Key="phone-1-row-7")
    assert first.status_code == 201, first.json()
    out = first.json()
    assert out["duplicate"] is False
    assert (out["row"]["pledge"], out["row"]["instalment"], out["row"]["fines"]) == ("600.00", "1120.00", "5.00")
    assert sorted(e["amount"] for e in out["row"]["entries"]) == ["1120.00", "5.00", "600.00"]
    assert out["sheet_row"]["status"] == "done"
    before = state()
    again = api.post(base(day) + "/rows", body, Idempotency_Key="phone-1-row-7")
    assert again.status_code == 200
    assert again.json()["duplicate"] is True
    assert again.json()["row"]["id"] == out["row"]["id"]
    assert state() == before
    other = api.post(base(day) + "/rows", {**body, "pledge": "300"}, Idempotency_Key="phone-1-row-7")
    assert other.status_code == 400
    assert other.json()["code"] == "key_reused"
    assert state() == before


@pytest.mark.parametrize(
    ("body", "code", "field"),
    [
        ({"pledge": "300.005"}, "precision", "pledge"),
        ({"pledge": 300.5}, "float", "pledge"),
        ({"pledge": "สามร้อย"}, "not_number", "pledge"),
        ({"pledge": "-300"}, "negative", "pledge"),
        ({"pledge": ""}, "empty_row", "pledge"),
        ({"fines": "3"}, "fines_not_whole", "fines"),
    ],
)
def test_bad_amounts_refused_in_both_languages(day, api, body, code, field):
    before = state()
    response = api.post(base(day) + "/rows", {"member": day.v.borrower.id, "key": "k", **body})
    assert response.status_code == 400
    data = response.json()
    assert (data["code"], data["field"]) == (code, field)
    assert data["message_th"]
    assert data["message_en"]
    assert state() == before


def test_member_of_another_group_and_missing_key(day, api):
    stranger = t.make_member(t.make_group("กลุ่มอื่น"))
    response = api.post(base(day) + "/rows", {"member": stranger.id, "pledge": "300", "key": "x"})
    assert (response.status_code, response.json()["code"]) == (400, "foreign_member")
    response = api.post(base(day) + "/rows", {"member": day.v.borrower.id, "pledge": "300"})
    assert (response.status_code, response.json()["code"]) == (400, "key_required")


def test_offline_batch_replayed(day, api):
    v = day.v
    rows = [
        {"member": v.borrower.id, "pledge": "600", "instalment": "1120", "fines": "5", "key": "off-1"},
        {"member": v.guarantors[0].id, "deposit": "250.50", "key": "off-2"},
    ]
    first = api.post(base(day) + "/rows/batch", {"rows": rows})
    assert first.status_code == 201, first.json()
    assert [r["duplicate"] for r in first.json()["results"]] == [False, False]
    assert first.json()["version"] == 1
    before = state()
    # The connection dropped before the answer: the client sends the queue again, with one more row.
    rows.append({"member": v.poor.id, "pledge": "1500", "key": "off-3"})
    second = api.post(base(day) + "/rows/batch", {"rows": rows})
    assert second.status_code == 201
    assert [r["duplicate"] for r in second.json()["results"]] == [True, True, False]
    assert MeetingRow.objects.count() == 3
    assert state() != before
    third = api.post(base(day) + "/rows/batch", {"rows": rows})
    assert third.status_code == 200


def test_whole_meeting_through_the_api(day, api):
    v = day.v
    group = f"/groups/{day.group.id}/meetings"
    assert api.get(group).json()[0]["id"] == day.meeting.id
    req = request(v, member=v.borrower2, guarantors=v.guarantors[2:4], date=DAY)
    approve(v, req)
    assert [p["request_id"] for p in api.get(base(day) + "/payouts").json()] == [req.id]
    payout = api.post(base(day) + "/payouts", {"request": req.id, "key": "pay-1"})
    assert payout.status_code == 201, payout.json()
    assert payout.json()["link"]["amount"] == "12000.00"
    assert api.post(base(day) + "/payouts", {"request": req.id, "key": "pay-1"}).status_code == 200
    assert api.post(base(day) + "/rows", {"member": v.borrower.id, "pledge": "600", "key": "r1"}).status_code == 201
    marked = api.post(
        base(day) + "/attendance", {"member": v.poor.id, "status": "represented", "representative": "ลูกสาว"}
    )
    assert marked.json()["attendance"] == "represented"
    # Expected 20,000 + 600 − 12,000 = 8,600.00; counted 8,590.50 (9.50 short).
    bad = api.post(
        base(day) + "/cash-count", {"counts": {"1000": 8, "500": 1, "50": 1, "20": 2, "0.50": 1}, "total": "8,600"}
    )
    assert (bad.status_code, bad.json()["code"]) == (400, "total_mismatch")
    assert api.post(base(day) + "/cash-count", {"counts": {"3": 1}}).json()["code"] == "denomination"
    assert api.post(base(day) + "/cash-count", {"counts": {"1000": 1.5}}).json()["code"] == "bad_count"
    counted = api.post(base(day) + "/cash-count", {"counts": {"1000": 8, "500": 1, "50": 1, "20": 2, "0.50": 1}})
    assert counted.status_code == 200
    summary = counted.json()
    assert (summary["expected_cash"], summary["closing_cash"], summary["difference"]) == ("8600.00", "8590.50", "-9.50")
    assert summary["meeting"]["closing_counts"]["0.50"] == 1
    assert api.post(base(day) + "/sign").json()["code"] == "difference_unexplained"
    diff = api.post(base(day) + "/difference", {"reason": "ทอนเงินผิด", "key": "d-1"})
    assert diff.status_code == 201
    assert (diff.json()["link"]["kind"], diff.json()["link"]["amount"]) == ("shortage", "9.50")
    bank = api.post(base(day) + "/bank", {"amount": "5000", "key": "b-1"})
    assert bank.status_code == 201
    signed = api.post(base(day) + "/sign")
    assert signed.status_code == 200
    assert signed.json()["meeting"]["treasurer"]["user"] == day.actor.username
    assert api.post(base(day) + "/sign").json()["code"] == "same_signer"
    checker = Api(v.committee[0])
    assert checker.post(base(day) + "/sign").status_code == 403  # the loan committee only reads
    from sajja.accounts.models import CommitteeSeat

    CommitteeSeat.objects.filter(member__user=v.committee[0]).update(position="secretary")
    final = checker.post(base(day) + "/sign")
    assert final.status_code == 200, final.json()
    assert final.json()["signed"] is True
    assert Meeting.objects.get(id=day.meeting.id).locked
    late = api.post(base(day) + "/rows", {"member": v.poor.id, "pledge": "500", "key": "late"})
    assert (late.status_code, late.json()["code"]) == (400, "meeting_locked")
    full = api.get(base(day)).json()
    assert (full["banked"], full["explained"], full["by_kind"]["payout"]) == ("5000.00", "-9.50", "12000.00")
    assert full["attendance"]["represented"] == 1


def test_open_and_next(day, api):
    group = f"/groups/{day.group.id}/meetings"
    nxt = api.get(group + "/next").json()
    assert nxt["meeting_id"] is None
    opened = api.post(group, {"date": "05/05/2568", "opening_counts": {"1000": "๒", "0.25": 4}})
    assert opened.status_code == 201, opened.json()
    assert (opened.json()["date"], opened.json()["opening_cash"]) == ("2025-05-05", "2001.00")
    again = api.post(group, {"date": "2025-05-05", "opening_cash": "0"})
    assert (again.status_code, again.json()["code"]) == (400, "duplicate")


def test_readers_read_and_members_are_fenced(day):
    member_user = t.make_user("just_a_member")
    t.make_member(day.group, user=member_user)
    member = Api(member_user)
    assert member.get(base(day) + "/sheet").status_code == 403
    assert (
        member.post(base(day) + "/rows", {"member": day.v.borrower.id, "pledge": "300", "key": "m"}).status_code == 403
    )
    other = t.make_group("กลุ่มอื่น")
    outsider = Api(t.make_committee(other, "other_treasurer"))
    assert outsider.get(base(day) + "/sheet").status_code in (403, 404)
    # A meeting id of another group under one's own group: 404.
    other_meeting = f"/groups/{other.id}/meetings/{day.meeting.id}/sheet"
    assert outsider.get(other_meeting).status_code == 404


def test_a_posting_is_corrected_by_a_reversal_through_the_api(day, api):
    """Fines and an instalment posted at the meeting, undone the next day (a B.E. date in Thai
    digits): the reversing entries with their reasons; refused twice, without a reason, for a
    pay-out, and for another group."""
    body = {"member": day.v.borrower.id, "pledge": "600", "instalment": "1120", "fines": "5", "key": "row-a"}
    row = api.post(base(day) + "/rows", body).json()["row"]
    entries = {e["amount"]: e["id"] for e in row["entries"]}
    fines = base(day) + f"/entries/{entries['5.00']}/reverse"
    before = state()
    blank = api.post(fines, {"date": "06/04/2568", "reason": "  "})
    assert (blank.status_code, blank.json()["code"]) == (400, "required")
    assert state() == before
    done = api.post(fines, {"date": "๐๖/๐๔/๒๕๖๘", "reason": "จ่ายค่าปรับซ้ำ"})
    assert done.status_code == 201, done.json()
    out = done.json()
    assert (out["kind"], out["reversal"]["amount"], out["reversal"]["date_be"]) == ("fines", "5.00", "06/04/2568")
    again = api.post(fines, {"date": "06/04/2568", "reason": "จ่ายค่าปรับซ้ำ"})
    assert (again.status_code, again.json()["code"]) == (400, "already_reversed")
    instalment = api.post(
        base(day) + f"/entries/{entries['1120.00']}/reverse", {"date": "2025-04-06", "reason": "ผิดสัญญา"}
    )
    assert (instalment.status_code, instalment.json()["kind"]) == (201, "instalment")
    # A pay-out is not undone here.
    req = request(day.v, member=day.v.borrower2, guarantors=day.v.guarantors[2:4], date=DAY)
    approve(day.v, req)
    payout = api.post(base(day) + "/payouts", {"request": req.id, "method": "cash", "key": "pay-a"}).json()
    refused = api.post(
        base(day) + f"/entries/{payout['link']['entry']['id']}/reverse", {"date": "06/04/2568", "reason": "x"}
    )
    assert (refused.status_code, refused.json()["code"]) == (400, "not_reversible")
    # Another group's treasurer: not found under their own group, refused under this one.
    other = t.make_group("กลุ่มอื่น")
    outsider = Api(t.make_committee(other, "other_treasurer"))
    pledge = entries["600.00"]
    body = {"date": "06/04/2568", "reason": "x"}
    assert (
        outsider.post(f"/groups/{other.id}/meetings/{day.meeting.id}/entries/{pledge}/reverse", body).status_code == 404
    )
    assert outsider.post(base(day) + f"/entries/{pledge}/reverse", body).status_code in (403, 404)
    assert api.post(base(day) + "/entries/999999999/reverse", body).status_code == 404
