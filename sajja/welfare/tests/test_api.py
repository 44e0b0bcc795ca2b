"""The welfare API end to end with bearer tokens: a claim's life cycle with the exact journal lines,
refusals in Thai and English that write nothing, idempotency keys, a member's fence around their own
claims and slip, the funds, the rules, and the annual report's JSON."""

import datetime as dt

import pytest
from django.test import Client

from sajja.api.models import ApiToken
from sajja.core import testing as t
from sajja.ledger.models import JournalEntry, JournalLine, PostingKey
from sajja.welfare.models import FundReceipt, WelfareClaim

from .conftest import FUND, lines_of

API = "/api/v1"
D = dt.date


class Api:
    def __init__(self, user):
        self.client = Client(headers={"Authorization": f"Bearer {ApiToken.issue(user)}"})

    def get(self, path, **params):
        return self.client.get(API + path, params)

    def post(self, path, data=None, **headers):
        return self.client.post(API + path, data or {}, content_type="application/json", headers=headers)


def counts() -> tuple:
    return tuple(m.objects.count() for m in (JournalEntry, JournalLine, PostingKey, WelfareClaim, FundReceipt))


@pytest.fixture
def apis(village):
    return Api(village.maker), Api(village.checker)


def test_claim_life_cycle(village, apis):
    maker, checker = apis
    g = village.group.id
    body = {"member": village.member.id, "benefit": "illness", "event_date": "10/03/2569", "nights": "๕"}
    check = maker.post(f"/groups/{g}/welfare/claims/check", body)
    assert check.status_code == 200
    assert check.json()["payable"]
    assert check.json()["amount"] == "500.00"
    created = maker.post(f"/groups/{g}/welfare/claims", body)
    assert created.status_code == 201, created.content
    claim = created.json()
    assert (claim["amount"], claim["status"], claim["event_date"], claim["nights"]) == (
        "500.00",
        "pending",
        "2026-03-10",
        5,
    )
    # The maker may not approve their own claim.
    refused = maker.post(f"/groups/{g}/welfare/claims/{claim['id']}/approve")
    assert refused.status_code == 400
    assert refused.json()["code"] == "maker_checker"
    approved = checker.post(f"/groups/{g}/welfare/claims/{claim['id']}/approve")
    assert approved.status_code == 200
    assert approved.json()["status"] == "approved"
    paid = maker.post(f"/groups/{g}/welfare/claims/{claim['id']}/pay", {"date": "2026-03-20", "method": "bank"},
                      **{"Idempotency-Key": "pay-api-1"})  # fmt: skip
    assert paid.status_code == 201, paid.content
    assert paid.json()["status"] == "paid"
    assert paid.json()["entry"]["amount"] == "500.00"
    entry = JournalEntry.objects.get(id=paid.json()["entry"]["id"])
    m = village.member.id
    assert lines_of(entry) == [("3201", 500_00, 0, m), ("1102", 0, 500_00, m)]
    before = counts()
    again = maker.post(f"/groups/{g}/welfare/claims/{claim['id']}/pay", {"date": "2026-03-20", "key": "pay-api-1"})
    assert again.status_code == 200
    assert again.json()["entry"]["id"] == entry.id
    twice = maker.post(f"/groups/{g}/welfare/claims/{claim['id']}/pay", {"date": "2026-03-21", "key": "pay-api-2"})
    assert twice.status_code == 400
    assert twice.json()["code"] == "already_paid"
    assert counts() == before
    listed = maker.get(f"/groups/{g}/welfare/claims", status="paid", year="2569").json()
    assert [c["id"] for c in listed] == [claim["id"]]
    funds = {f["role"]: f for f in maker.get(f"/groups/{g}/welfare/funds", year="2569").json()["funds"]}
    assert funds["welfare_fund"]["opening"] == "10000.00"
    assert funds["welfare_fund"]["spent"] == "500.00"
    movements = maker.get(f"/groups/{g}/welfare/funds/movements", fund="welfare_fund", year="2026").json()
    assert movements["opening"] == "10000.00"
    assert movements["closing"] == "9500.00"
    assert [r["debit"] for r in movements["rows"]] == ["500.00"]


def test_refusals_in_thai_and_english_write_nothing(village, apis):
    maker, _checker = apis
    g = village.group.id
    other = t.make_member(t.make_group("กลุ่มอื่น"), joined_on=D(2020, 1, 1))
    before = counts()
    cases = [
        ({"member": village.newcomer.id, "benefit": "birth", "event_date": "27/02/2569"}, "waiting_period"),
        ({"member": village.member.id, "benefit": "birth", "event_date": "05/01/2569", "amount": 500.5}, "float"),
        (
            {"member": village.member.id, "benefit": "birth", "event_date": "05/01/2569", "amount": "600"},
            "over_event_cap",
        ),
        (
            {"member": village.member.id, "benefit": "illness", "event_date": "05/01/2569", "nights": "2.5"},
            "not_integer",
        ),
        ({"member": village.member.id, "benefit": "birth", "event_date": "05/01/69"}, "date_ambiguous_year"),
        ({"member": village.member.id, "benefit": "birth", "event_date": "31/02/2569"}, "date_invalid"),
        ({"member": other.id, "benefit": "birth", "event_date": "05/01/2569"}, "foreign_member"),
        ({"member": village.member.id, "benefit": "lottery", "event_date": "05/01/2569"}, "benefit"),
    ]
    for body, code in cases:
        response = maker.post(f"/groups/{g}/welfare/claims", body)
        assert response.status_code == 400, (body, response.content)
        data = response.json()
        assert data["code"] == code, (body, data)
        assert data["message_th"]
        assert data["message_en"]  # (Thai of the new messages comes with the catalogue merge)
    response = maker.post(f"/groups/{g}/welfare/claims/check",
                          {"member": village.newcomer.id, "benefit": "death", "event_date": "27/02/2569"})  # fmt: skip
    reasons = {r["code"] for r in response.json()["reasons"]}
    assert response.status_code == 200
    assert not response.json()["payable"]
    assert reasons == {"waiting_period", "beneficiary"}
    bad_fund = maker.post(f"/groups/{g}/welfare/funds/receipts", {"fund": "x", "amount": "10", "source": "y"})
    assert bad_fund.status_code == 400
    assert bad_fund.json()["code"] == "fund"
    assert counts() == before


def test_fund_receipt_once_a_key(village, apis):
    maker, _ = apis
    g = village.group.id
    body = {"fund": "public_benefit_fund", "amount": "1,250.50", "date": "01/02/2569", "source": "ผู้ใหญ่บ้าน",
            "key": "gift-1"}  # fmt: skip
    first = maker.post(f"/groups/{g}/welfare/funds/receipts", body)
    assert first.status_code == 201
    assert first.json()["amount"] == "1250.50"
    entry = JournalEntry.objects.get(id=first.json()["entry"]["id"])
    assert lines_of(entry) == [("1101", 1_250_50, 0, None), ("3202", 0, 1_250_50, None)]
    again = maker.post(f"/groups/{g}/welfare/funds/receipts", body)
    assert again.status_code == 200
    assert again.json()["duplicate"]
    assert again.json()["id"] == first.json()["id"]
    assert FundReceipt.objects.count() == 2  # the fixture's donation and this one


def test_a_member_sees_their_own_claims_only_and_cannot_write(village):
    from sajja.welfare import services

    user = t.make_user("welfare_member")
    village.member.user = user
    village.member.save(update_fields=["user"])
    mine = services.claim_create(group=village.group, member=village.member, benefit="birth",
                                 event_date=D(2026, 1, 5), actor=village.maker)  # fmt: skip
    theirs = services.claim_create(group=village.group, member=village.member2, benefit="birth",
                                   event_date=D(2026, 1, 5), actor=village.maker)  # fmt: skip
    api = Api(user)
    g = village.group.id
    assert [c["id"] for c in api.get(f"/groups/{g}/welfare/claims").json()] == [mine.id]
    assert api.get(f"/groups/{g}/welfare/claims/{mine.id}").status_code == 200
    assert api.get(f"/groups/{g}/welfare/claims/{theirs.id}").status_code == 404
    assert api.post(f"/groups/{g}/welfare/claims/{mine.id}/approve").status_code == 403
    body = {"member": village.member.id, "benefit": "birth", "event_date": "06/01/2569"}
    assert api.post(f"/groups/{g}/welfare/claims", body).status_code == 403
    assert api.get(f"/groups/{g}/welfare/funds/movements").status_code == 403
    rules = api.get(f"/groups/{g}/welfare/rules", date="01/01/2569").json()["rules"]
    illness = next(r for r in rules if r["benefit"] == "illness")
    assert (illness["amount"], illness["per_night"], illness["cap_event"], illness["cap_year"]) == (
        "100.00", True, "1000.00", "3000.00")  # fmt: skip
    assert api.get(f"/groups/{g}/annual-report/2025/slips/{village.member2.id}").status_code == 404
    own = api.get(f"/groups/{g}/annual-report/2025/slips/{village.member.id}")
    assert own.status_code == 200
    assert own.json()["allocated"] is False


def test_annual_report_json(village, apis):
    maker, _ = apis
    g = village.group.id
    data = maker.get(f"/groups/{g}/annual-report/2025").json()
    assert data["report_year"] == 2025
    assert data["label"] == "2568"
    assert data["allocation"] is None
    assert data["income_statement"]["income_total"] == "0.00"
    funds = {f["role"]: f for f in data["funds"]}
    assert funds["welfare_fund"]["closing"] == f"{FUND // 100}.00"
    assert data["balance_sheet"]["asset_total"] == data["balance_sheet"]["claims_total"] == "10000.00"
    assert len(data["savings_growth"]) == 5
    assert maker.get(f"/groups/{g}/annual-report/1234").status_code == 404
