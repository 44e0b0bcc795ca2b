"""The year-end pages and API on the worked village: the whole year end through the pages (make,
approve, post, close, pay) and through the API, who may do what, and refusals shown, nothing written."""

import pytest
from django.test import Client
from django.urls import reverse

from sajja.accounts.models import CommitteeSeat
from sajja.api.models import ApiToken
from sajja.closing import selectors
from sajja.closing.models import AllocationPlan, MemberShare
from sajja.core import testing as t
from sajja.ledger.models import JournalEntry

from .conftest import build_village


def en(user) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    client.cookies["django_language"] = "en"
    return client


def api(user) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {ApiToken.issue(user)}", HTTP_ACCEPT_LANGUAGE="en")


@pytest.fixture
def v(db):
    village = build_village()
    village.auditor = t.make_committee(village.group, "closing_auditor", "audit_committee")
    village.member_user = t.make_user("closing_member")
    m4 = village.members[4]
    m4.user = village.member_user
    m4.save(update_fields=["user"])
    return village


def test_the_year_end_through_the_pages(v):
    client = en(v.actor)
    group = v.group.id
    year_url = reverse("closing_year", args=[group, v.year.id])
    page = client.get(year_url)
    assert page.status_code == 200
    assert "12,345.67" in page.content.decode()

    client.post(reverse("closing_plan_make", args=[group, v.year.id]), {"key": "k1"})
    plan = AllocationPlan.objects.get()
    assert plan.status == "draft"
    # a refused approval (vote not carried) is shown and writes nothing
    response = client.post(
        reverse("closing_plan_approve", args=[group, v.year.id]),
        {
            "key": "k2",
            "meeting_date": "20/01/2569",
            "resolution_ref": "มติ 1/2569",
            "votes_for": "3",
            "votes_against": "9",
        },
        follow=True,
    )
    assert "more votes for than against" in response.content.decode()
    plan.refresh_from_db()
    assert plan.status == "draft"
    client.post(
        reverse("closing_plan_approve", args=[group, v.year.id]),
        {
            "key": "k3",
            "meeting_date": "๒๐/๐๑/๒๕๖๙",
            "resolution_ref": "มติ 1/2569",
            "votes_for": "๑๒๐",
            "votes_against": "3",
            "votes_abstain": "0",
        },
    )
    plan.refresh_from_db()
    assert plan.status == "approved"
    assert str(plan.meeting_date) == "2026-01-20"
    assert plan.votes_for == 120
    client.post(reverse("closing_plan_post", args=[group, v.year.id]), {"key": "k4"})
    plan.refresh_from_db()
    assert plan.status == "posted"
    assert plan.entry_id
    client.post(reverse("closing_year_close", args=[group, v.year.id]), {"key": "k5"})
    v.year.refresh_from_db()
    assert v.year.status == "closed"
    # closing twice: the message, nothing more
    response = client.post(reverse("closing_year_close", args=[group, v.year.id]), {"key": "k6"}, follow=True)
    assert "already closed" in response.content.decode()

    share = MemberShare.objects.get(member=v.members[8])
    pay = reverse("closing_share_pay", args=[group, share.id])
    entries = JournalEntry.objects.count()
    client.post(pay, {"key": "k7", "method": "cash", "date": "20/01/2569"})
    client.post(pay, {"key": "k7", "method": "cash", "date": "20/01/2569"})  # double submit
    response = client.post(pay, {"key": "k8", "method": "cash", "date": "20/01/2569"}, follow=True)
    assert "already paid" in response.content.decode()
    assert JournalEntry.objects.count() == entries + 1
    share.refresh_from_db()
    assert share.is_paid
    assert share.paid_method == "cash"

    page = client.get(year_url).content.decode()
    assert 'data-testid="reconciliation"' in page
    assert "12,345.67" in page
    assert page.count('name="method" value="cash"') == len(
        [s for s in selectors.shares(plan) if s.total and not s.is_paid]
    )


def test_who_may_do_what_on_the_pages(v):
    group = v.group.id
    year_url = reverse("closing_year", args=[group, v.year.id])
    assert en(v.auditor).get(year_url).status_code == 200
    assert en(v.auditor).post(reverse("closing_plan_make", args=[group, v.year.id]), {"key": "a"}).status_code == 403
    assert en(v.member_user).get(year_url).status_code == 403
    assert not AllocationPlan.objects.exists()


def test_a_member_sees_only_their_own_share(v):
    from .conftest import closed_year

    closed_year(v)
    home = en(v.member_user).get(reverse("closing_home", args=[v.group.id])).content.decode()
    assert "1,338.31" in home  # member 4: dividend 1,009.09 + rebate 329.22
    assert "2,975.53" not in home  # member 5's dividend
    mine = api(v.member_user).get(f"/api/v1/groups/{v.group.id}/closing/my-shares").json()["shares"]
    assert [(s["dividend"], s["rebate"], s["total"]) for s in mine] == [("1009.09", "329.22", "1338.31")]
    shares = api(v.member_user).get(f"/api/v1/groups/{v.group.id}/closing/years/{v.year.id}/shares").json()["shares"]
    assert [s["member_id"] for s in shares] == [v.members[4].id]
    other = MemberShare.objects.get(member=v.members[5])
    assert api(v.member_user).get(f"/api/v1/groups/{v.group.id}/closing/shares/{other.id}").status_code == 404
    assert api(v.member_user).get(f"/api/v1/groups/{v.group.id}/closing/years/{v.year.id}").status_code == 403


def test_the_year_end_through_the_api(v):
    client = api(v.actor)
    base = f"/api/v1/groups/{v.group.id}/closing"
    opened = client.post(f"{base}/years", {"date": "15/06/2568"}, content_type="application/json")
    assert opened.status_code == 200
    assert opened.json()["id"] == v.year.id
    assert opened.json()["label"] == "2568"
    detail = client.get(f"{base}/years/{v.year.id}").json()
    assert detail["net_profit"] == "12345.67"
    assert all(c["ok"] for c in detail["checklist"])
    assert client.post(f"{base}/years/{v.year.id}/post").status_code == 404  # no plan yet
    plan = client.post(f"{base}/years/{v.year.id}/plan").json()
    assert [(line["code"], line["rate"], line["amount"]) for line in plan["lines"]][:2] == [
        ("reserve", "10.00", "1234.57"),
        ("dividend", "70.00", "8641.97"),
    ]
    refused = client.post(f"{base}/years/{v.year.id}/post")
    assert refused.status_code == 400
    assert refused.json()["code"] == "not_approved"
    bad = client.post(
        f"{base}/years/{v.year.id}/approve",
        {"meeting_date": "20/01/2569", "resolution": "มติ 1/2569", "votes_for": 1.5},
        content_type="application/json",
    )
    assert bad.status_code == 400
    assert bad.json()["field"] == "votes_for"
    approved = client.post(
        f"{base}/years/{v.year.id}/approve",
        {"meeting_date": "20/01/2569", "resolution": "มติ 1/2569", "votes_for": 100, "votes_against": 2},
        content_type="application/json",
    )
    assert approved.status_code == 200
    assert approved.json()["status"] == "approved"
    posted = client.post(f"{base}/years/{v.year.id}/post").json()
    assert posted["status"] == "posted"
    assert posted["reconciliation"]["ok"]
    assert posted["reconciliation"]["total"] == "12345.67"
    closed = client.post(f"{base}/years/{v.year.id}/close")
    assert closed.json()["status"] == "closed"
    again = client.post(f"{base}/years/{v.year.id}/close")
    assert again.status_code == 400
    assert again.json()["code"] == "already_closed"

    share = MemberShare.objects.get(member=v.members[7])
    body = {"method": "savings", "date": "20/01/2569", "key": "api-pay-7"}
    first = client.post(f"{base}/shares/{share.id}/pay", body, content_type="application/json")
    assert first.status_code == 201
    assert first.json()["total"] == "987.65"
    assert first.json()["paid_method"] == "savings"
    resend = client.post(f"{base}/shares/{share.id}/pay", body, content_type="application/json")
    assert resend.status_code == 200
    assert resend.json()["repeated"]
    assert resend.json()["entry_id"] == first.json()["entry_id"]
    twice = client.post(f"{base}/shares/{share.id}/pay", {**body, "key": "other"}, content_type="application/json")
    assert twice.status_code == 400
    assert twice.json()["code"] == "already_paid"
    unclaimed = client.get(f"{base}/unclaimed").json()["shares"]
    assert v.members[7].id not in [s["member_id"] for s in unclaimed]
    # the auditor reads but may not pay
    assert api(v.auditor).get(f"{base}/years/{v.year.id}").status_code == 200
    other = MemberShare.objects.get(member=v.members[1])
    assert (
        api(v.auditor)
        .post(f"{base}/shares/{other.id}/pay", {"method": "cash"}, content_type="application/json")
        .status_code
        == 403
    )
    categories = client.get(f"{base}/categories").json()
    assert categories["total"] == "100.00"
    assert len(categories["categories"]) == 7
    assert CommitteeSeat.objects.filter(group=v.group).count() == 2


def test_a_group_category_through_the_api(v):
    from sajja.ledger.models import Account

    Account.objects.create(group=v.group, code="3204", name_th="กองทุนฌาปนกิจ", name_en="Funeral fund", kind="equity")
    client = api(v.actor)
    url = f"/api/v1/groups/{v.group.id}/closing/categories"
    body = {
        "code": "funeral",
        "name_th": "กองทุนฌาปนกิจ",
        "account": "3204",
        "rate": "๒.๐๐",
        "effective_from": "01/01/2568",
        "resolution": "มติ 1/2568",
    }
    bad = client.post(url, {**body, "rate": "2.005"}, content_type="application/json")
    assert bad.status_code == 400
    assert bad.json()["code"] == "precision"
    wrong = client.post(url, {**body, "account": "1101"}, content_type="application/json")
    assert wrong.status_code == 400
    assert "account" in wrong.json()["errors"]
    made = client.post(url, body, content_type="application/json")
    assert made.status_code == 201
    assert made.json()["rate"] == "2.00"
    listed = client.get(url).json()
    assert listed["total"] == "102.00"
    assert [c["code"] for c in listed["categories"]][-1] == "funeral"
