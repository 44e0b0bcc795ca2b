"""The welfare pages as the committee and a member use them: enter a claim in B.E. with Thai digits,
approve as another committee member, pay, a double submit posts once, refusals shown by their field,
and a member sees only their own claims."""

import datetime as dt

from django.test import Client
from django.utils import translation

from sajja.core import testing as t
from sajja.ledger.models import JournalEntry
from sajja.welfare.models import FundReceipt, WelfareClaim

D = dt.date


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    client.cookies["django_language"] = "en"
    return client


def test_enter_approve_and_pay_a_claim_through_the_pages(village):
    g = village.group.id
    maker, checker = client_for(village.maker), client_for(village.checker)
    form = maker.get(f"/g/{g}/welfare/claims/new/")
    assert form.status_code == 200
    key = form.context["form"].initial["key"]
    data = {"key": key, "member": village.member.id, "benefit": "illness", "event_date": "๑๐/๐๓/๒๕๖๙", "nights": "๓"}
    response = maker.post(f"/g/{g}/welfare/claims/new/", data)
    assert response.status_code == 302
    claim = WelfareClaim.objects.get()
    assert (claim.event_date, claim.nights, claim.amount) == (D(2026, 3, 10), 3, 300_00)
    # A second post of the same form (a double tap) goes where the first went.
    again = maker.post(f"/g/{g}/welfare/claims/new/", data)
    assert again.status_code == 302
    assert again["Location"] == response["Location"]
    assert WelfareClaim.objects.count() == 1
    page = maker.get(response["Location"])
    assert page.context["decide_form"] is None
    assert page.context["maker_waits"]
    page = checker.get(response["Location"])
    assert page.context["decide_form"] is not None
    checker.post(f"/g/{g}/welfare/claims/{claim.id}/decide/", {"action": "approve", "key": "k-approve"})
    claim.refresh_from_db()
    assert claim.status == "approved"
    assert claim.decided_by == village.checker
    entries = JournalEntry.objects.count()
    pay = {"key": "k-pay", "date": "20/03/2569", "method": "cash"}
    assert maker.post(f"/g/{g}/welfare/claims/{claim.id}/pay/", pay).status_code == 302
    assert maker.post(f"/g/{g}/welfare/claims/{claim.id}/pay/", pay).status_code == 302
    claim.refresh_from_db()
    assert claim.status == "paid"
    assert claim.paid_on == D(2026, 3, 20)
    assert JournalEntry.objects.count() == entries + 1


def test_a_refusal_is_shown_by_its_field_and_writes_nothing(village):
    g = village.group.id
    maker = client_for(village.maker)
    data = {"key": "k1", "member": village.newcomer.id, "benefit": "birth", "event_date": "27/02/2569"}
    with translation.override("en"):
        response = maker.post(f"/g/{g}/welfare/claims/new/", data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "event_date" in errors
    assert "28/02/2569" in errors["event_date"][0]
    bad = maker.post(f"/g/{g}/welfare/claims/new/", {**data, "key": "k2", "event_date": "27/02/69"})
    assert "event_date" in bad.context["form"].errors
    assert WelfareClaim.objects.count() == 0


def test_reject_needs_a_reason(village):
    from sajja.welfare import services

    claim = services.claim_create(group=village.group, member=village.member, benefit="birth",
                                  event_date=D(2026, 1, 5), actor=village.maker)  # fmt: skip
    checker = client_for(village.checker)
    url = f"/g/{village.group.id}/welfare/claims/{claim.id}/decide/"
    response = checker.post(url, {"action": "reject", "key": "r1", "reason": ""})
    assert response.status_code == 400
    claim.refresh_from_db()
    assert claim.status == "pending"
    checker.post(url, {"action": "reject", "key": "r2", "reason": "เอกสารไม่ครบ"})
    claim.refresh_from_db()
    assert claim.status == "rejected"
    assert claim.decision_reason == "เอกสารไม่ครบ"


def test_funds_page_and_a_donation(village):
    g = village.group.id
    maker = client_for(village.maker)
    page = maker.get(f"/g/{g}/welfare/funds/?fund=welfare_fund&year=2568")
    assert page.status_code == 200
    assert page.context["ledger"]["closing"] == 10_000_00
    data = {"key": "d1", "fund": "training_fund", "amount": "๒,๕๐๐", "date": "01/02/2569", "source": "กศน.ตำบล",
            "method": "bank"}  # fmt: skip
    response = maker.post(f"/g/{g}/welfare/funds/?fund=training_fund&year=2569", data)
    assert response.status_code == 302
    receipt = FundReceipt.objects.get(fund="training_fund")
    assert (receipt.amount, receipt.method, receipt.date) == (2_500_00, "bank", D(2026, 2, 1))
    assert maker.post(f"/g/{g}/welfare/funds/", data).status_code == 302  # the same form again
    assert FundReceipt.objects.filter(fund="training_fund").count() == 1


def test_a_member_sees_the_rules_and_only_their_claims(village):
    from sajja.welfare import services

    user = t.make_user("welfare_page_member")
    village.member.user = user
    village.member.save(update_fields=["user"])
    mine = services.claim_create(group=village.group, member=village.member, benefit="birth",
                                 event_date=D(2026, 1, 5), actor=village.maker)  # fmt: skip
    theirs = services.claim_create(group=village.group, member=village.member2, benefit="birth",
                                   event_date=D(2026, 1, 5), actor=village.maker)  # fmt: skip
    client = client_for(user)
    g = village.group.id
    home = client.get(f"/g/{g}/welfare/")
    assert home.status_code == 200
    assert [c.id for c in home.context["claims"]] == [mine.id]
    assert len(home.context["rules"]) == 5
    assert client.get(f"/g/{g}/welfare/claims/{theirs.id}/").status_code == 404
    assert client.get(f"/g/{g}/welfare/claims/{mine.id}/").status_code == 200
    assert client.get(f"/g/{g}/welfare/claims/new/").status_code == 403
    assert client.get(f"/g/{g}/welfare/funds/").status_code == 403
    assert client.get(f"/g/{g}/annual-report/2025/").status_code == 200


def test_welfare_home_and_claim_list_queries_do_not_grow_with_claims(village):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from sajja.welfare import services

    client = client_for(village.maker)
    url = f"/g/{village.group.id}/welfare/"

    def add_claims(members):
        for member in members:
            services.claim_create(group=village.group, member=member, benefit="birth", event_date=D(2026, 1, 5),
                                  actor=village.maker)  # fmt: skip

    add_claims([village.member])
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    add_claims([t.make_member(village.group, joined_on=D(2020, 1, 1)) for _ in range(8)])
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert len(response.context["claims"]) == 9
    assert len(many) == len(few)
