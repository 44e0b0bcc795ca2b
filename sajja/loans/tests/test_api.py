"""The loans API end to end through ``django.test.Client`` with bearer tokens: the life cycle with
exact satang (request → votes → decision → pay-out → repayments → payoff), refusals that write
nothing (in Thai and English), idempotency keys, a member's fence around their own loans, and the
OpenAPI schema.

The clock is fixed at 25 November 2026. The group lends its ordinary loan as the template bylaws
set it: 1% a month on the declining balance, monthly, at most 24 months and 200,000 baht, two
guarantors each with at least 1,000 baht of pledge savings. Expected figures are worked out here
from those terms, not read back from the code under test."""

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.test import Client
from django.utils import timezone

from sajja.api.models import ApiToken
from sajja.bylaws.models import Bylaw
from sajja.core import testing as t
from sajja.ledger.models import JournalEntry, JournalLine, PostingKey
from sajja.ledger.services import LineIn, entry_post
from sajja.loans.models import Guarantee, Loan, LoanFine, LoanRequest, LoanVote, Repayment, WriteOff

API = "/api/v1"
TODAY = dt.date(2026, 11, 25)
FLOAT_EN = "Amounts must be exact: a floating-point number is not accepted."


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    real = timezone.localdate

    def localdate(value=None, timezone=None):
        return TODAY if value is None else real(value, timezone)

    monkeypatch.setattr("django.utils.timezone.localdate", localdate)


class Api:
    def __init__(self, user):
        self.client = Client(headers={"Authorization": f"Bearer {ApiToken.issue(user)}"})

    def get(self, path, **params):
        return self.client.get(API + path, params)

    def post(self, path, data=None, **headers):
        return self.client.post(API + path, data or {}, content_type="application/json", headers=headers)


def counts() -> tuple:
    """What a refusal must leave unchanged."""
    return tuple(
        model.objects.count()
        for model in (
            JournalEntry,
            JournalLine,
            PostingKey,
            LoanRequest,
            Guarantee,
            LoanVote,
            Loan,
            Repayment,
            LoanFine,
            WriteOff,
        )
    )


def lines_of(entry_id) -> list[tuple]:
    return sorted(
        (line.account.roles.get().role, line.debit, line.credit, line.member_id)
        for line in JournalLine.objects.filter(entry_id=entry_id).select_related("account")
    )


def refused(response, status=400, *, code=None, field=None, message_en=None) -> dict:
    assert response.status_code == status, response.content
    body = response.json()
    assert body["message_th"].strip()
    assert body["message_en"].strip()
    if code:
        assert body["code"] == code, body
    if field:
        assert body["field"] == field, body
    if message_en:
        assert body["message_en"] == message_en
    return body


def half_up(value: Decimal) -> int:
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def baht(satang: int) -> str:
    return f"{Decimal(satang) / 100:.2f}"


@pytest.fixture
def g(world):
    """Group A with cash to lend, a loan committee of three, two guarantors with 2,000 baht of
    pledge savings each, one member with none, and clients for everyone."""

    class G:
        pass

    g = G()
    g.w, g.group = world, world.group_a
    g.base = f"/groups/{world.group_a.id}"
    g.loans = f"{g.base}/loans"
    g.borrower = world.member
    g.g1 = t.make_member(g.group, first_name="ค้ำหนึ่ง", phone="0811111111")
    g.g2 = t.make_member(g.group, first_name="ค้ำสอง", phone="0822222222")
    g.poor = t.make_member(g.group, first_name="ยังไม่ออม")
    g.committee = [t.make_committee(g.group, f"loan_c{i}", "loan_committee") for i in (1, 2, 3)]
    entry_post(
        group=g.group,
        date=dt.date(2026, 1, 2),
        memo="ทุนตั้งต้น",
        actor=world.treasurer,
        lines=[
            LineIn("cash", debit=5_000_000),
            LineIn("pledge", credit=200_000, member=g.g1),
            LineIn("pledge", credit=200_000, member=g.g2),
            LineIn("other_income", credit=4_600_000),
        ],
    )
    g.treasurer = Api(world.treasurer)
    g.member = Api(world.member_user)
    g.auditor = Api(world.auditor)
    g.lc = [Api(user) for user in g.committee]
    return g


def ask(g, client=None, **overrides):
    body = {
        "kind": "ordinary",
        "amount": "12,000",
        "term_months": 12,
        "purpose": "ซื้อปุ๋ยทำนา",
        "guarantors": [g.g1.id, g.g2.id],
        "date": "05/01/2569",
    }
    body.update(overrides)
    return (client or g.treasurer).post(f"{g.loans}/requests", {"member": g.borrower.id, **body})


def lend(g, key="", **overrides) -> int:
    """Request, two votes, approval and pay-out on 10 January 2026; the loan's id."""
    response = ask(g, **overrides)
    assert response.status_code == 201, response.content
    request_id = response.json()["id"]
    for client in g.lc[:2]:
        assert (
            client.post(f"{g.loans}/requests/{request_id}/votes", {"vote": "approve", "date": "06/01/2569"}).status_code
            == 201
        )
    response = g.lc[0].post(f"{g.loans}/requests/{request_id}/decision", {"decision": "approve", "date": "06/01/2569"})
    assert response.status_code == 201, response.content
    response = g.treasurer.post(
        f"{g.loans}/requests/{request_id}/disburse", {"date": "10/01/2569", "method": "cash", "key": key}
    )
    assert response.status_code == 201, response.content
    return response.json()["loan"]["id"]


# --- the life cycle -------------------------------------------------------------------------------


def test_products_limit_and_preview(g):
    products = g.member.get(f"{g.loans}/products")
    assert products.status_code == 200, products.content
    by_kind = {p["kind"]: p for p in products.json()["products"]}
    assert by_kind["ordinary"] == {
        "kind": "ordinary", "label": "เงินกู้สามัญ", "rate": "1.00", "method": "declining", "every_months": 1,
        "max_term_months": 24, "grace": 0, "cap": "200000.00", "savings_multiple": 0, "guarantors": 2,
        "yearly_rate": "12.00", "within_legal_cap": True,
    }  # fmt: skip
    assert by_kind["secured"]["guarantors"] == 0
    assert by_kind["secured"]["savings_multiple"] == 1
    assert products.json()["guarantor_min_savings"] == "1000.00"
    assert products.json()["legal_cap"] == "15.00"

    limit = g.member.get(f"{g.base}/members/{g.g1.id}/loan-limit", kind="secured")
    assert limit.status_code == 404  # another member's
    limit = g.treasurer.get(f"{g.base}/members/{g.g1.id}/loan-limit", kind="secured", date="01/06/2569")
    assert [{**x, "label": ""} for x in limit.json()["limits"]] == [
        {
            "kind": "secured", "label": "", "cap": "200000.00", "savings": "2000.00", "multiple": 1,
            "by_savings": "2000.00", "most": "2000.00", "max_term_months": 24, "guarantors": 0,
        }
    ]  # fmt: skip
    assert len(g.member.get(f"{g.base}/members/{g.borrower.id}/loan-limit").json()["limits"]) == 5

    before = counts()
    preview = g.member.post(
        f"{g.loans}/schedule-preview",
        {"kind": "ordinary", "amount": "12000", "term_months": "๑๒", "date": "10/01/2569"},
    )
    assert preview.status_code == 200, preview.content
    body = preview.json()
    assert (body["yearly_rate"], body["instalments"], body["interest_total"], body["total"]) == (
        "12.00",
        12,
        "780.00",
        "12780.00",
    )
    # Declining balance by hand: 1,000 baht of principal a month, 1% on what is still owed.
    assert [(r["number"], r["due"], r["principal"], r["interest"], r["balance_after"]) for r in body["schedule"]] == [
        (
            k,
            dt.date(2026 + (k // 12), k % 12 + 1, 10).isoformat(),
            "1000.00",
            baht(1_000 * (13 - k)),
            baht(100_000 * (12 - k)),
        )
        for k in range(1, 13)
    ]
    assert counts() == before


def test_the_life_cycle_to_the_satang(g):
    before_entries = JournalEntry.objects.count()
    # The member asks for themselves (no ``member`` in the body).
    response = g.member.post(
        f"{g.loans}/requests",
        {
            "kind": "ordinary",
            "amount": "12000.00",
            "term_months": 12,
            "purpose": "ซื้อปุ๋ย",
            "guarantors": [g.g1.id, g.g2.id],
            "date": "05/01/2569",
        },
    )
    assert response.status_code == 201, response.content
    request = response.json()
    assert (request["member_id"], request["amount"], request["status"], request["requested_on"]) == (
        g.borrower.id,
        "12000.00",
        "requested",
        "2026-01-05",
    )
    assert [x["member_id"] for x in request["guarantors"]] == [g.g1.id, g.g2.id]
    assert (request["committee"], request["quorum"]) == (3, False)
    rid = request["id"]
    assert g.member.get(f"{g.loans}/requests/{rid}").status_code == 200  # their own

    response = g.lc[0].post(f"{g.loans}/requests/{rid}/votes", {"vote": "approve", "date": "2026-01-06"})
    assert response.status_code == 201
    assert response.json()["quorum"] is False
    refused(
        g.lc[0].post(f"{g.loans}/requests/{rid}/decision", {"decision": "approve", "date": "06/01/2569"}),
        code="no_quorum",
    )
    refused(
        g.lc[0].post(f"{g.loans}/requests/{rid}/votes", {"vote": "approve", "date": "06/01/2569"}), code="voted_twice"
    )
    response = g.lc[1].post(f"{g.loans}/requests/{rid}/votes", {"vote": "approve", "date": "06/01/2569"})
    assert [(v["member_id"], v["vote"]) for v in response.json()["votes"]] == [
        (g.committee[0].memberships.get().id, "approve"),
        (g.committee[1].memberships.get().id, "approve"),
    ]
    assert response.json()["quorum"] is True
    refused(
        g.lc[2].post(
            f"{g.loans}/requests/{rid}/decision", {"decision": "reject", "reason": "ไม่", "date": "06/01/2569"}
        ),
        code="against_votes",
    )
    response = g.lc[2].post(f"{g.loans}/requests/{rid}/decision", {"decision": "approve", "date": "06/01/2569"})
    assert response.status_code == 201, response.content
    assert (response.json()["status"], response.json()["approved_amount"]) == ("approved", "12000.00")
    queue = g.treasurer.get(f"{g.loans}/queue").json()
    assert ([r["id"] for r in queue["requests"]], queue["cash"]) == ([rid], "50000.00")
    assert JournalEntry.objects.count() == before_entries  # nothing posted before the pay-out

    response = g.treasurer.post(
        f"{g.loans}/requests/{rid}/disburse", {"date": "10/01/2569", "method": "cash", "key": "payout-1"}
    )
    assert response.status_code == 201, response.content
    loan = response.json()["loan"]
    lid, borrower = loan["id"], g.borrower.id
    assert (loan["principal"], loan["rate"], loan["method"], loan["instalments"], loan["status"]) == (
        "12000.00",
        "1.00",
        "declining",
        12,
        "open",
    )
    assert lines_of(loan["entry"]["id"]) == [("cash", 0, 1_200_000, None), ("loans_ordinary", 1_200_000, 0, borrower)]
    assert [r["interest"] for r in loan["schedule"]] == [baht(1_000 * (13 - k)) for k in range(1, 13)]
    assert sum(Decimal(r["principal"]) for r in loan["schedule"]) == Decimal("12000.00")
    assert g.treasurer.get(f"{g.loans}/queue").json()["requests"] == []

    # An instalment on time: 120 baht of interest, 1,000 of principal.
    response = g.treasurer.post(f"{g.loans}/{lid}/repayments", {"date": "10/02/2569", "amount": "1120", "key": "rep-1"})
    assert response.status_code == 201, response.content
    paid = response.json()["repayment"]
    assert (paid["fine"], paid["interest"], paid["principal"], paid["source"]) == (
        "0.00",
        "120.00",
        "1000.00",
        "borrower",
    )
    assert lines_of(paid["entry"]["id"]) == [
        ("cash", 112_000, 0, None), ("interest_income", 0, 12_000, borrower), ("loans_ordinary", 0, 100_000, borrower)
    ]  # fmt: skip
    # 500 baht before the next due date: nothing is due, so all of it is principal paid ahead.
    response = g.treasurer.post(f"{g.loans}/{lid}/repayments", {"date": "25/02/2569", "amount": "500", "key": "rep-2"})
    paid = response.json()["repayment"]
    assert (paid["interest"], paid["principal"]) == ("0.00", "500.00")

    # What is owed today (25 Nov 2026) and why: instalments 2 to 10 fell due; the scheduled
    # interest stays as contracted; 15 days of interest since 10 Nov would close it early.
    state = g.member.get(f"{g.loans}/{lid}").json()["state"]
    interest_due = sum(1_000 * (13 - k) for k in range(2, 11))  # 110 + 100 + ... + 30 baht
    accrued = half_up(Decimal(1_050_000) * Decimal("0.12") * 15 / 365)
    assert state == {
        "date": "2026-11-25",
        "outstanding": "10500.00",
        "principal_due": baht(1_000_000 - 150_000),
        "interest_due": baht(interest_due),
        "fines_due": "0.00",
        # Instalments 2 to 10 are late: 20 baht each, at most 200 baht on one loan (the bylaws).
        "fines_pending": "180.00",
        "due_now": baht(850_000 + interest_due + 18_000),
        "days_overdue": (TODAY - dt.date(2026, 3, 10)).days,
        "next_due": "2026-12-10",
        "next_due_be": "10/12/2569",
        "next_amount": "1020.00",
        "accrued": baht(accrued),
        "payoff": baht(18_000 + interest_due + accrued + 1_050_000),
    }
    assert (interest_due, accrued) == (63_000, 5_178)

    # The payoff quote on the second due date, and paying exactly that closes the loan.
    quote = g.member.get(f"{g.loans}/{lid}/payoff", date="10/03/2569").json()
    assert quote == {
        "loan_id": lid, "date": "2026-03-10", "fines": "0.00", "interest_due": "110.00", "accrued": "0.00",
        "principal": "10500.00", "total": "10610.00",
    }  # fmt: skip
    response = g.treasurer.post(
        f"{g.loans}/{lid}/repayments", {"date": "10/03/2569", "amount": quote["total"], "key": "rep-3"}
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["loan"]["status"], body["loan"]["closed_on"]) == ("closed", "2026-03-10")
    assert {body["loan"]["state"][k] for k in ("outstanding", "due_now", "accrued", "payoff")} == {"0.00"}
    assert lines_of(body["repayment"]["entry"]["id"]) == [
        ("cash", 1_061_000, 0, None), ("interest_income", 0, 11_000, borrower), ("loans_ordinary", 0, 1_050_000, borrower)
    ]  # fmt: skip

    detail = g.treasurer.get(f"{g.loans}/{lid}").json()
    assert [(r["date"], r["amount"]) for r in detail["repayments"]] == [
        ("2026-02-10", "1120.00"), ("2026-02-25", "500.00"), ("2026-03-10", "10610.00")
    ]  # fmt: skip
    assert sum(Decimal(r["principal"]) for r in detail["repayments"]) == Decimal("12000.00")
    assert [x["released_on"] for x in detail["guarantors"]] == ["2026-03-10", "2026-03-10"]
    assert detail["payoff"]["total"] == "0.00"
    # The ledger agrees: the borrower owes nothing; the group earned 230 baht of interest.
    loan_lines = JournalLine.objects.filter(account__roles__role="loans_ordinary", member=g.borrower)
    assert sum(x.debit - x.credit for x in loan_lines) == 0
    assert (
        sum(x.credit for x in JournalLine.objects.filter(group=g.group, account__roles__role="interest_income"))
        == 23_000
    )
    assert JournalEntry.objects.count() == before_entries + 4
    refused(g.treasurer.post(f"{g.loans}/{lid}/repayments", {"date": "11/03/2569", "amount": "1"}), code="loan_closed")

    mine = g.member.get(f"{g.base}/members/{borrower}/loans").json()
    assert ([x["id"] for x in mine["loans"]], [x["id"] for x in mine["requests"]]) == ([lid], [rid])
    assert mine["requests"][0]["loan_id"] == lid
    assert [x["id"] for x in g.treasurer.get(g.loans, status="closed").json()] == [lid]
    assert g.treasurer.get(g.loans, status="open").json() == []


def test_early_payoff_with_the_interest_for_the_days_and_idempotent_keys(g):
    lid = lend(g, key="payout-A")
    before = counts()
    # The same pay-out sent again: the loan paid out then, nothing new.
    request_id = Loan.objects.get(id=lid).request_id
    again = g.treasurer.post(f"{g.loans}/requests/{request_id}/disburse", {"date": "10/01/2569", "key": "payout-A"})
    assert again.status_code == 200, again.content
    assert (again.json()["duplicate"], again.json()["loan"]["id"]) == (True, lid)
    assert counts() == before

    # Paid off after 15 days: the interest for the days elapsed at 12% a year, rounded half up.
    accrued = half_up(Decimal(1_200_000) * Decimal("0.12") * 15 / 365)
    assert accrued == 5_918
    quote = g.treasurer.get(f"{g.loans}/{lid}/payoff", date="25/01/2569").json()
    assert (quote["accrued"], quote["total"]) == (baht(accrued), baht(1_200_000 + accrued))
    first = g.treasurer.post(
        f"{g.loans}/{lid}/repayments",
        {"date": "25/01/2569", "amount": quote["total"]},
        **{"Idempotency-Key": "payoff-A"},
    )
    assert first.status_code == 201, first.content
    second = g.treasurer.post(
        f"{g.loans}/{lid}/repayments",
        {"date": "25/01/2569", "amount": quote["total"]},
        **{"Idempotency-Key": "payoff-A"},
    )
    assert second.status_code == 200, second.content
    assert second.json()["duplicate"] is True
    assert second.json()["repayment"]["id"] == first.json()["repayment"]["id"]
    assert (Repayment.objects.filter(loan_id=lid).count(), JournalEntry.objects.count()) == (1, before[0] + 1)
    assert lines_of(first.json()["repayment"]["entry"]["id"]) == [
        ("cash", 1_200_000 + accrued, 0, None), ("interest_income", 0, accrued, g.borrower.id), ("loans_ordinary", 0, 1_200_000, g.borrower.id)
    ]  # fmt: skip
    assert Loan.objects.get(id=lid).status == Loan.Status.CLOSED

    # A key used for something else is not a repayment of this loan: refused, nothing written.
    before = counts()
    refused(
        g.treasurer.post(f"{g.loans}/{lid}/repayments", {"date": "26/01/2569", "amount": "1", "key": "payout-A"}),
        code="key_reused",
    )
    refused(
        g.treasurer.post(
            f"{g.loans}/{lid}/repayments", {"date": "26/01/2569", "amount": "1", "key": "a"}, **{"Idempotency-Key": "b"}
        ),
        field="key",
    )
    assert counts() == before


def test_arrears_guarantor_payment_and_write_off(g):
    lid = lend(g)
    arrears = g.auditor.get(f"{g.loans}/arrears").json()
    days = (TODAY - dt.date(2026, 2, 10)).days
    assert [(b["low"], b["high"], b["loans"], b["owed"]) for b in arrears["buckets"]] == [
        (1, 30, 0, "0.00"), (31, 90, 0, "0.00"), (91, None, 1, "12000.00")
    ]  # fmt: skip
    assert (arrears["par30"], arrears["par90"], arrears["outstanding"]) == ("100.00", "100.00", "12000.00")
    late = arrears["late"]
    assert [(x["loan_id"], x["days_overdue"], x["borrower"]["member_id"]) for x in late] == [(lid, days, g.borrower.id)]
    assert [(x["member_id"], x["phone"]) for x in late[0]["guarantors"]] == [
        (g.g1.id, "0811111111"),
        (g.g2.id, "0822222222"),
    ]
    # Before the first due date nobody was late.
    early = g.auditor.get(f"{g.loans}/arrears", date="2026-02-10").json()
    assert (early["par30"], early["late"]) == ("0.00", [])

    # A guarantor pays 300 baht on 10 February (on the due date: no fine): interest first.
    response = g.treasurer.post(
        f"{g.loans}/{lid}/guarantor-payments",
        {"guarantor": g.g1.id, "date": "10/02/2569", "amount": "300", "method": "cash"},
    )
    assert response.status_code == 201, response.content
    paid = response.json()["repayment"]
    assert (paid["source"], paid["guarantor_id"], paid["interest"], paid["principal"]) == (
        "guarantor",
        g.g1.id,
        "120.00",
        "180.00",
    )
    before = counts()
    refused(
        g.treasurer.post(
            f"{g.loans}/{lid}/guarantor-payments", {"guarantor": g.poor.id, "date": "10/02/2569", "amount": "1"}
        ),
        code="not_guarantor",
    )
    assert counts() == before

    response = g.treasurer.post(
        f"{g.loans}/{lid}/write-off", {"date": "01/11/2569", "reason": "ย้ายไปต่างประเทศ", "resolution": "มติ 5/2569"}
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["status"], body["state"], body["write_off"]["principal"]) == ("written_off", None, "11820.00")
    assert lines_of(body["write_off"]["entry"]["id"]) == [
        ("bad_debt_expense", 1_182_000, 0, None),
        ("loans_ordinary", 0, 1_182_000, g.borrower.id),
    ]
    assert g.auditor.get(f"{g.loans}/arrears").json()["late"] == []
    assert [x["state"] for x in g.treasurer.get(g.loans, status="written_off").json()] == [None]


# --- bad input ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "code", "field"),
    [
        ({"amount": 12000.5}, "float", "amount"),
        ({"amount": "-100"}, "not_positive", "amount"),
        ({"amount": "abc"}, "not_number", "amount"),
        ({"amount": "200000.01"}, "over_cap", "amount"),
        ({"term_months": 25}, "over_term", "term_months"),
        ({"term_months": 12.5}, "not_integer", "term_months"),
        ({"kind": "car"}, "kind", "kind"),
        ({"purpose": "  "}, "required", "purpose"),
        ({"date": "05/01/2570"}, "future", "date"),
        ({"guarantors": []}, "guarantor_count", "guarantors"),
        ({"guarantors": "one"}, None, None),  # not a list of ids: pydantic's 422
    ],
)
def test_a_bad_request_writes_nothing(g, change, code, field):
    before = counts()
    response = ask(g, **change)
    if code is None:
        assert response.status_code == 422
    else:
        body = refused(response, code=code, field=field)
        if code == "float":
            assert body["message_en"] == FLOAT_EN
    assert counts() == before


def test_ineligible_guarantors_are_refused(g):
    before = counts()
    refused(ask(g, guarantors=[g.borrower.id, g.g1.id]), code="guarantor_self")
    refused(ask(g, guarantors=[g.g1.id, g.g1.id]), code="guarantor_twice")
    body = refused(ask(g, guarantors=[g.g1.id, g.poor.id]), code="guarantor_savings")
    assert "1,000.00" in body["message_en"]
    refused(ask(g, guarantors=[g.g1.id, 999_999]), code="guarantor_not_member")
    refused(ask(g, guarantors=[g.g1.id, g.w.member_b.id]), code="guarantor_not_member")  # another group's
    assert counts() == before
    # A member guaranteeing two loans already (the bylaws' most) cannot take on a third.
    for purpose in ("ก", "ข"):
        assert ask(g, purpose=purpose).status_code == 201
    before = counts()
    refused(ask(g, purpose="ค"), code="guarantor_busy")
    assert counts() == before


def test_a_rate_over_the_legal_cap_is_refused(g):
    # 2% a month is 24% a year: the bylaw check would refuse it, so it is written around it.
    Bylaw.objects.create(
        group=g.group, key="loan.ordinary.rate", value=200, effective_from=dt.date(2026, 1, 1),
        resolution="ทดสอบ", created_by=g.w.treasurer,
    )  # fmt: skip
    before = counts()
    body = refused(ask(g), code="over_legal_cap")
    assert "24.00%" in body["message_en"]
    assert "15%" in body["message_en"]
    refused(
        g.member.post(f"{g.loans}/schedule-preview", {"kind": "ordinary", "amount": "12000", "term_months": 12}),
        code="over_legal_cap",
    )
    assert counts() == before
    ordinary = next(p for p in g.member.get(f"{g.loans}/products").json()["products"] if p["kind"] == "ordinary")
    assert (ordinary["rate"], ordinary["yearly_rate"], ordinary["within_legal_cap"]) == ("2.00", "24.00", False)
    # Before the change the rate was lawful.
    assert ask(g, date="31/12/2568").status_code == 201


def test_only_the_loan_committee_votes_and_decides(g):
    rid = ask(g).json()["id"]
    before = counts()
    # The treasurer manages the group but holds no loan-committee seat; so the auditor.
    for client in (g.treasurer, g.auditor):
        refused(client.post(f"{g.loans}/requests/{rid}/votes", {"vote": "approve"}), 403, code="not_loan_committee")
        refused(
            client.post(f"{g.loans}/requests/{rid}/decision", {"decision": "approve"}), 403, code="not_loan_committee"
        )
    refused(g.member.post(f"{g.loans}/requests/{rid}/votes", {"vote": "approve"}), 403, code="forbidden")
    refused(g.lc[0].post(f"{g.loans}/requests/{rid}/votes", {"vote": "yes"}), code="vote", field="vote")
    assert counts() == before
    for client in g.lc:
        assert client.post(f"{g.loans}/requests/{rid}/votes", {"vote": "approve"}).status_code == 201
    before = counts()
    refused(
        g.lc[0].post(f"{g.loans}/requests/{rid}/decision", {"decision": "reduce", "amount": "12000"}),
        code="not_reduced",
    )
    refused(
        g.lc[0].post(
            f"{g.loans}/requests/{rid}/decision", {"decision": "reduce", "amount": 8000.0, "reason": "เงินไม่พอ"}
        ),
        code="float",
    )
    assert counts() == before
    response = g.lc[0].post(
        f"{g.loans}/requests/{rid}/decision", {"decision": "reduce", "amount": "8,000", "reason": "เงินไม่พอ"}
    )
    assert response.status_code == 201, response.content
    assert (response.json()["approved_amount"], response.json()["decision_reason"], response.json()["decided_on"]) == (
        "8000.00",
        "เงินไม่พอ",
        "2026-11-25",
    )


def test_an_overpayment_and_a_payout_without_the_money_write_nothing(g):
    lid = lend(g)
    before = counts()
    # Late by 10 March: the fine would be charged first, but the refusal takes it back too.
    body = refused(
        g.treasurer.post(f"{g.loans}/{lid}/repayments", {"date": "10/03/2569", "amount": "20000"}),
        code="overpayment",
        field="amount",
    )
    assert "20,000.00" in body["message_en"]
    refused(
        g.treasurer.post(f"{g.loans}/{lid}/repayments", {"date": "10/03/2569", "amount": 100.25}),
        code="float",
        message_en=FLOAT_EN,
    )
    refused(g.treasurer.post(f"{g.loans}/{lid}/repayments", {"date": "10/03/2569", "amount": "0"}), code="not_positive")
    refused(g.treasurer.post(f"{g.loans}/{lid}/repayments", {"date": "09/01/2569", "amount": "10"}), code="too_early")
    refused(
        g.treasurer.post(f"{g.loans}/{lid}/repayments", {"date": "10/03/2569", "amount": "10", "method": "cow"}),
        code="method",
    )
    assert counts() == before

    big = ask(g, amount="150000", purpose="รถไถ").json()["id"]
    for client in g.lc[:2]:
        client.post(f"{g.loans}/requests/{big}/votes", {"vote": "approve"})
    assert g.lc[0].post(f"{g.loans}/requests/{big}/decision", {"decision": "approve"}).status_code == 201
    before = counts()
    refused(g.treasurer.post(f"{g.loans}/requests/{big}/disburse", {"date": "25/11/2569"}), code="not_enough_money")
    assert counts() == before


# --- the fence ------------------------------------------------------------------------------------


def test_a_member_sees_only_their_own_loans_and_writes_nothing(g):
    own = lend(g)
    other_request = ask(g, member=g.g1.id, kind="secured", amount="1000", guarantors=[]).json()
    assert other_request["member_id"] == g.g1.id
    member = g.member
    assert member.get(f"{g.loans}/{own}").status_code == 200
    assert member.get(f"{g.loans}/{own}/payoff").status_code == 200
    assert member.get(f"{g.loans}/requests/{other_request['id']}").status_code == 404
    assert member.get(f"{g.base}/members/{g.g1.id}/loans").status_code == 404
    assert member.get(f"{g.base}/members/{g.g1.id}/loan-limit").status_code == 404
    for path in ("", "/requests", "/arrears", "/queue"):
        assert member.get(g.loans + path).status_code == 403, path

    # Another member's loan is 404, like a loan of another group.
    assert g.treasurer.get(f"{g.loans}/{own}").status_code == 200
    other_loan = Loan.objects.create(
        group=g.group, request=LoanRequest.objects.get(id=other_request["id"]), member=g.g1, kind="ordinary",
        principal=100_000, rate_bp_month=100, method="declining", instalments=12, disbursed_on=dt.date(2026, 1, 10),
        entry=Loan.objects.get(id=own).entry, created_by=g.w.treasurer,
    )  # fmt: skip
    assert member.get(f"{g.loans}/{other_loan.id}").status_code == 404
    assert member.get(f"{g.loans}/{other_loan.id}/payoff").status_code == 404

    before = counts()
    writes = [
        (
            f"{g.loans}/requests",
            {"member": g.g1.id, "kind": "ordinary", "amount": "100", "term_months": 1, "purpose": "x"},
        ),
        (f"{g.loans}/{own}/repayments", {"date": "10/02/2569", "amount": "100"}),
        (f"{g.loans}/{own}/guarantor-payments", {"guarantor": g.g1.id, "date": "10/02/2569", "amount": "100"}),
        (f"{g.loans}/{own}/write-off", {"date": "10/02/2569", "reason": "x", "resolution": "x"}),
        (f"{g.loans}/requests/{other_request['id']}/disburse", {"date": "10/02/2569"}),
        (f"{g.loans}/requests/{other_request['id']}/decision", {"decision": "reject", "reason": "x"}),
    ]
    for path, body in writes:
        refused(member.post(path, body), 403)
    assert counts() == before
    # The loan committee reads everything but does not handle money.
    assert g.lc[0].get(f"{g.loans}/{other_loan.id}").status_code == 200
    refused(g.lc[0].post(f"{g.loans}/{own}/repayments", {"date": "10/02/2569", "amount": "100"}), 403)
    assert counts() == before


def test_the_openapi_schema_still_builds(g):
    response = Client().get(f"{API}/openapi.json")
    assert response.status_code == 200, response.content
    paths = response.json()["paths"]
    for path in (
        "/loans", "/loans/{loan_id}", "/loans/{loan_id}/repayments", "/loans/requests/{request_id}/votes",
        "/loans/arrears", "/members/{member_id}/loan-limit",
    ):  # fmt: skip
        assert f"{API}/groups/{{group_id}}{path}" in paths, path


# --- when things go wrong: restructuring, credit, a guarantor's key -------------------------------


def test_restructure_credit_and_a_guarantors_key(g):
    """The loan of 10 January 2026 is restructured on 1 March: instalment 1 (due 10 February, 120 baht
    of interest) is unpaid and fined 20 baht; 19 days of interest since then on 12,000 baht at 12% a
    year is 74.96 baht; 194.96 baht is carried into the first of 12 new instalments (120 + 194.96)."""
    from sajja.bylaws.services import bylaw_set

    lid = lend(g)
    body = {"date": "01/03/2569", "term_months": 12, "reason": "ภัยแล้ง", "resolution": "มติคณะกรรมการ 2/2569"}
    refused(g.member.post(f"{g.loans}/{lid}/restructure", body), status=403)
    before = counts()
    refused(g.treasurer.post(f"{g.loans}/{lid}/restructure", {**body, "rate": "abc"}), field="value")
    refused(g.treasurer.post(f"{g.loans}/{lid}/restructure", {**body, "term_months": 25}), code="over_term")
    assert counts() == before
    response = g.treasurer.post(f"{g.loans}/{lid}/restructure", body)
    assert response.status_code == 201, response.content
    detail = response.json()
    carried = 12_000 + half_up(Decimal(1_200_000) * Decimal("0.12") * 19 / 365)
    assert carried == 19_496
    [done] = detail["restructures"]
    assert (done["version"], done["outstanding"], done["interest_carried"], done["instalments"]) == (
        1, "12000.00", baht(carried), 12
    )  # fmt: skip
    assert len(done["earlier_schedule"]) == 12
    assert (detail["schedule"][0]["due"], detail["schedule"][0]["interest"]) == ("2026-04-01", baht(12_000 + carried))
    assert sum(Decimal(r["principal"]) for r in detail["schedule"]) == Decimal("12000.00")

    # A guarantor's payment with an idempotency key posts once.
    pay = {"guarantor": g.g1.id, "date": "02/03/2569", "amount": "100", "key": "gp-1"}
    first = g.treasurer.post(f"{g.loans}/{lid}/guarantor-payments", pay)
    assert first.status_code == 201, first.content
    again = g.treasurer.post(f"{g.loans}/{lid}/guarantor-payments", pay)
    assert (again.status_code, again.json()["duplicate"]) == (200, True)
    assert again.json()["repayment"]["id"] == first.json()["repayment"]["id"]
    assert Repayment.objects.filter(loan_id=lid).count() == 1

    # Overpayment held as credit, by the bylaws.
    bylaw_set(
        group=g.group, key="loan.overpayment", value="credit", effective_from=dt.date(2026, 1, 1),
        resolution="มติที่ประชุมใหญ่ 1/2569", actor=g.w.treasurer,
    )  # fmt: skip
    quote = g.treasurer.get(f"{g.loans}/{lid}/payoff", date="02/03/2569").json()
    over = Decimal(quote["total"]) + Decimal("50.25")
    paid = g.treasurer.post(f"{g.loans}/{lid}/repayments", {"date": "02/03/2569", "amount": str(over), "key": "p-1"})
    assert paid.status_code == 201, paid.content
    assert paid.json()["repayment"]["credit"] == "50.25"
    credit = g.member.get(f"{g.base}/members/{g.borrower.id}/credit").json()
    assert credit == {"member_id": g.borrower.id, "credit": "50.25"}
    refund = {"date": "03/03/2569", "amount": "50.25", "key": "r-1"}
    first = g.treasurer.post(f"{g.base}/members/{g.borrower.id}/credit/refunds", refund)
    assert first.status_code == 201, first.content
    again = g.treasurer.post(f"{g.base}/members/{g.borrower.id}/credit/refunds", refund)
    assert (again.status_code, again.json()["duplicate"], again.json()["credit"]["credit"]) == (200, True, "0.00")
    assert lines_of(first.json()["entry"]["id"]) == sorted(
        [("member_credit", 5_025, 0, g.borrower.id), ("cash", 0, 5_025, None)]
    )
    refused(g.member.post(f"{g.base}/members/{g.borrower.id}/credit/refunds", {**refund, "key": "r-2"}), status=403)


def test_a_payoff_recorded_by_mistake_is_reversed_and_the_loan_is_open_again(g):
    lid = lend(g)
    paid = g.treasurer.post(f"{g.loans}/{lid}/repayments", {"date": "10/02/2569", "amount": "12,120", "key": "p"})
    assert paid.status_code == 201, paid.content
    assert paid.json()["loan"]["status"] == "closed"
    rid = paid.json()["repayment"]["id"]
    url = f"{g.loans}/{lid}/repayments/{rid}/reverse"
    before = counts()
    refused(g.treasurer.post(url, {"date": "11/02/2569", "reason": ""}), code="required", field="reason")
    refused(g.auditor.post(url, {"date": "11/02/2569", "reason": "ผิด"}), status=403)
    assert counts() == before
    done = g.treasurer.post(url, {"date": "๑๐/๐๒/๒๕๖๙", "reason": "รับเงินผิดสัญญา"})
    assert done.status_code == 201, done.content
    out = done.json()
    assert (out["repayment"]["amount"], out["repayment"]["principal"], out["repayment"]["reverses"]) == (
        "-12120.00", "-12000.00", rid,
    )  # fmt: skip
    assert out["loan"]["status"] == "open"
    assert lines_of(out["repayment"]["entry"]["id"]) == [
        ("cash", 0, 1_212_000, None), ("interest_income", 12_000, 0, g.borrower.id), ("loans_ordinary", 1_200_000, 0, g.borrower.id)
    ]  # fmt: skip
    refused(g.treasurer.post(url, {"date": "11/02/2569", "reason": "ซ้ำ"}), code="already_reversed")
    # Another group's treasurer finds neither the loan nor the repayment.
    other = Api(g.w.treasurer_b)
    assert (
        other.post(
            f"/groups/{g.w.group_b.id}/loans/{lid}/repayments/{rid}/reverse", {"date": "11/02/2569", "reason": "x"}
        ).status_code
        == 404
    )
    assert (
        g.treasurer.post(
            f"{g.loans}/{lid}/repayments/999999/reverse", {"date": "11/02/2569", "reason": "x"}
        ).status_code
        == 404
    )
