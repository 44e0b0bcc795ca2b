"""The savings and bylaws API end to end through ``django.test.Client`` with bearer tokens: every
route's happy path with exact amounts, refusals that write nothing (in Thai and English), a
member's fence around their own records, idempotency keys, and the OpenAPI schema.

The clock is fixed at 25 November 2026 (``timezone.localdate``), so "past due" and "in the future"
do not move with the day the suite runs."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from sajja.api.api import api as ninja_api
from sajja.api.models import ApiToken
from sajja.bylaws.models import Bylaw
from sajja.core import testing as t
from sajja.ledger.models import JournalEntry, JournalLine
from sajja.members.models import Member
from sajja.savings.models import DepositAccount, Fine, PledgeAmount, PledgePayment, Settlement

API = "/api/v1"
TODAY = dt.date(2026, 11, 25)
FLOAT_EN = "Amounts must be exact: a floating-point number is not accepted."
FLOAT_TH = "จำนวนเงินต้องเป็นค่าที่แน่นอน ไม่รับตัวเลขทศนิยมแบบลอยตัว (floating-point)"


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


def counts():
    """What a refusal must leave unchanged."""
    return (
        JournalEntry.objects.count(),
        JournalLine.objects.count(),
        PledgePayment.objects.count(),
        PledgeAmount.objects.count(),
        Fine.objects.count(),
        DepositAccount.objects.count(),
        Bylaw.objects.count(),
    )


def lines_of(entry_id) -> list[tuple]:
    return sorted(
        (line.account.roles.get().role, line.debit, line.credit, line.member_id)
        for line in JournalLine.objects.filter(entry_id=entry_id).select_related("account")
    )


def assert_refused(response, status=400, *, field=None, message_en=None):
    assert response.status_code == status, response.content
    body = response.json()
    if status == 400:
        assert body["message_th"].strip()
        assert body["message_en"].strip()
        if field:
            assert body["field"] == field
        if message_en:
            assert body["message_en"] == message_en
    return body


@pytest.fixture
def g(world):
    """Group A's treasurer client, a member who joined on 1 January 2026 with a pledge of 100 baht
    a month from January 2026, and the URLs."""

    class G:
        pass

    g = G()
    g.w = world
    g.group = world.group_a
    g.api = Api(world.treasurer)
    g.base = f"/groups/{world.group_a.id}"
    g.saver = t.make_member(world.group_a, first_name="ออมสิน", joined_on=dt.date(2026, 1, 1))
    g.m = f"{g.base}/members/{g.saver.id}"
    response = g.api.post(f"{g.m}/pledge", {"amount": "100", "effective_from": "01/01/2569", "note": "สมัครใหม่"})
    assert response.status_code == 201, response.content
    return g


# --- bylaws -------------------------------------------------------------------------------------------


def test_bylaws_in_force_on_a_date_set_and_history(world):
    api, base = Api(world.treasurer), f"/groups/{world.group_a.id}"
    got = {row["key"]: row for row in api.get(f"{base}/bylaws").json()["settings"]}
    assert got["entry_fee"]["value"] == "20.00"
    assert (got["entry_fee"]["is_default"], got["entry_fee"]["effective_from"]) == (True, None)
    assert got["deposit.savings.rate"]["value"] == "2.00"
    assert got["pledge.change_months"]["value"] == [1]

    response = api.post(
        f"{base}/bylaws/entry_fee",
        {"value": "๓๐.๐๐", "effective_from": "01/01/2569", "resolution": "มติที่ประชุมใหญ่ 1/2569"},
    )
    assert response.status_code == 201, response.content
    assert response.json() == {
        "key": "entry_fee",
        "value": "30.00",
        "shown": response.json()["shown"],
        "effective_from": "2026-01-01",
        "resolution": "มติที่ประชุมใหญ่ 1/2569",
    }
    assert Bylaw.objects.get(group=world.group_a, key="entry_fee").value == 3000
    assert (
        api.post(
            f"{base}/bylaws/deposit.savings.rate",
            {"value": "2.5", "effective_from": "2026-07-01", "resolution": "มติ 2/2569"},
        ).json()["value"]
        == "2.50"
    )
    assert api.post(
        f"{base}/bylaws/pledge.change_months",
        {"value": [7, 1], "effective_from": "2026-07-01", "resolution": "มติ 2/2569"},
    ).json()["value"] == [1, 7]

    on_new_year = {r["key"]: r for r in api.get(f"{base}/bylaws", date="01/01/2569").json()["settings"]}
    assert on_new_year["entry_fee"]["value"] == "30.00"
    assert on_new_year["entry_fee"]["effective_from"] == "2026-01-01"
    assert on_new_year["entry_fee"]["resolution"] == "มติที่ประชุมใหญ่ 1/2569"
    assert on_new_year["deposit.savings.rate"]["value"] == "2.00"  # 2.5% only from July
    before = {r["key"]: r for r in api.get(f"{base}/bylaws", date="2025-12-31").json()["settings"]}
    assert (before["entry_fee"]["value"], before["entry_fee"]["is_default"]) == ("20.00", True)

    api.post(f"{base}/bylaws/entry_fee", {"value": "50", "effective_from": "01/06/2569", "resolution": "มติ 3/2569"})
    history = api.get(f"{base}/bylaws/entry_fee/history").json()
    assert history["default"] == "20.00"
    assert [(h["value"], h["effective_from"]) for h in history["history"]] == [
        ("50.00", "2026-06-01"),
        ("30.00", "2026-01-01"),
    ]
    assert history["history"][0]["recorded_by"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"value": 30.5, "effective_from": "01/01/2569", "resolution": "มติ"}, "value"),
        ({"value": "abc", "effective_from": "01/01/2569", "resolution": "มติ"}, "value"),
        ({"value": "30", "effective_from": "31/02/2569", "resolution": "มติ"}, "effective_from"),
        ({"value": "30", "effective_from": "01/01/2569", "resolution": "  "}, "resolution"),
    ],
)
def test_bylaw_refusals_write_nothing(world, body, field):
    api, base = Api(world.treasurer), f"/groups/{world.group_a.id}"
    before = counts()
    body = assert_refused(api.post(f"{base}/bylaws/entry_fee", body))
    assert field in body["errors"]
    assert counts() == before


def test_bylaw_float_is_refused_in_both_languages(world):
    body = assert_refused(
        Api(world.treasurer).post(
            f"/groups/{world.group_a.id}/bylaws/entry_fee",
            {"value": 30.5, "effective_from": "2026-01-01", "resolution": "x"},
        )
    )
    assert body["errors"]["value"] == [{"message_th": FLOAT_TH, "message_en": FLOAT_EN}]


def test_unknown_bylaw_key_is_refused(world):
    api, base = Api(world.treasurer), f"/groups/{world.group_a.id}"
    assert_refused(api.get(f"{base}/bylaws/no.such/history"), field="key")
    assert_refused(
        api.post(f"{base}/bylaws/no.such", {"value": "1", "effective_from": "2026-01-01", "resolution": "x"})
    )
    assert not Bylaw.objects.exists()


def test_bylaws_need_read_to_see_and_manage_to_set(world):
    base = f"/groups/{world.group_a.id}"
    assert Api(world.auditor).get(f"{base}/bylaws").status_code == 200
    body = {"value": "30", "effective_from": "2026-01-01", "resolution": "x"}
    assert Api(world.auditor).post(f"{base}/bylaws/entry_fee", body).status_code == 403
    assert Api(world.member_user).get(f"{base}/bylaws").status_code == 403
    assert not Bylaw.objects.exists()


# --- the pledge -----------------------------------------------------------------------------------------


def test_pledge_set_and_payments_with_exact_lines(g):
    pledge = PledgeAmount.objects.get(member=g.saver)
    assert (pledge.amount, pledge.effective_from, pledge.note) == (10000, dt.date(2026, 1, 1), "สมัครใหม่")

    response = g.api.post(f"{g.m}/pledge/payments", {"date": "05/01/2569", "amount": "200.00"})
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["duplicate"], body["member_id"], body["periods"], body["amount"]) == (
        False, g.saver.id, ["2026-01", "2026-02"], "200.00"
    )  # fmt: skip
    entry = JournalEntry.objects.get(id=body["entry"]["id"])
    assert (body["entry"]["seq"], body["entry"]["date"], body["entry"]["amount"]) == (entry.seq, "2026-01-05", "200.00")
    assert lines_of(entry.id) == [("cash", 20000, 0, None), ("pledge", 0, 20000, g.saver.id)]

    # Thai digits, an ISO date, a named period, by bank transfer.
    response = g.api.post(
        f"{g.m}/pledge/payments", {"date": "2026-02-05", "amount": "๑๐๐.๐๐", "periods": ["2569-05"], "method": "bank"}
    )
    assert response.status_code == 201, response.content
    assert response.json()["periods"] == ["2026-05"]
    assert lines_of(response.json()["entry"]["id"]) == [("bank", 10000, 0, None), ("pledge", 0, 10000, g.saver.id)]
    assert sorted(PledgePayment.objects.filter(member=g.saver).values_list("period", "amount")) == [
        (dt.date(2026, 1, 1), 10000), (dt.date(2026, 2, 1), 10000), (dt.date(2026, 5, 1), 10000)
    ]  # fmt: skip

    savings = g.api.get(f"{g.m}/savings").json()
    assert savings["balances"] == {
        "pledge": "300.00", "savings": "0.00", "fixed": "0.00", "deposits": "0.00", "fines": "0.00", "loans": "0.00"
    }  # fmt: skip
    assert savings["pledge"]["current"] == "100.00"
    assert savings["pledge"]["effective_from"] == "2026-01-01"
    assert savings["pledge"]["history"] == [{"amount": "100.00", "effective_from": "2026-01-01", "note": "สมัครใหม่"}]
    assert (savings["open_fines"], savings["deposits"]) == ([], [])


def test_pledge_change_follows_the_bylaws(g):
    # A change only from a January period (the default change month) ...
    assert_refused(
        g.api.post(f"{g.m}/pledge", {"amount": "200", "effective_from": "01/06/2569"}), field="effective_from"
    )
    # ... and within the smallest (10 baht), the largest (500 baht) and the unit (10 baht).
    assert_refused(g.api.post(f"{g.m}/pledge", {"amount": "505", "effective_from": "01/01/2570"}), field="amount")
    response = g.api.post(f"{g.m}/pledge", {"amount": "150", "effective_from": "15/01/2027"})
    assert response.status_code == 201, response.content
    assert response.json() == {"amount": "150.00", "effective_from": "2027-01-01", "note": ""}


@pytest.mark.parametrize(
    ("body", "field", "message_en"),
    [
        ({"date": "05/01/2569", "amount": 100.5}, "amount", FLOAT_EN),
        ({"date": "05/01/2569", "amount": 100.0}, "amount", FLOAT_EN),
        ({"date": "05/01/2569", "amount": "abc"}, "amount", "“abc” is not an amount of money."),
        ({"date": "05/01/2569", "amount": "-100"}, "amount", "The amount must be more than zero."),
        ({"date": "05/01/2569", "amount": "0"}, "amount", "The amount must be more than zero."),
        ({"date": "05/01/2569", "amount": "100.001"}, "amount", "An amount can have at most two decimals (satang)."),
        ({"date": "05/01/2569", "amount": ""}, "amount", "This field is required."),
        ({"date": "05/01/2569", "amount": "150"}, "amount", None),  # not a whole number of pledges
        ({"date": "31/02/2569", "amount": "100"}, "date", "This date does not exist in the calendar."),
        ({"date": "05/01/69", "amount": "100"}, "date", None),  # two-digit year: ambiguous
        ({"date": "05/01/2570", "amount": "100"}, "date", "The date is in the future."),
        ({"date": "05/12/2568", "amount": "100"}, "date", None),  # before joining
        ({"date": "05/01/2569", "amount": "100", "method": "cheque"}, "method", None),
        ({"date": "05/01/2569", "amount": "100", "periods": ["2026-13"]}, "periods", None),
        ({"date": "05/01/2569", "amount": "100", "periods": ["2025-12"]}, "periods", None),  # before joining
        ({"date": "05/01/2569", "amount": "200", "periods": ["2026-03"]}, "amount", None),  # not its pledge
        ({"date": "05/01/2569", "amount": "100", "periods": ["2027-03"]}, "periods", None),  # too far ahead
        ({"date": "05/01/2569", "amount": "1400"}, "amount", None),  # 14 periods: beyond 12 ahead
    ],
)
def test_bad_pledge_payments_are_400_and_write_nothing(g, body, field, message_en):
    before = counts()
    assert_refused(g.api.post(f"{g.m}/pledge/payments", body), field=field, message_en=message_en)
    assert counts() == before


def test_a_float_amount_is_refused_in_thai_and_english(g):
    body = assert_refused(g.api.post(f"{g.m}/pledge/payments", {"date": "05/01/2569", "amount": 100.5}))
    assert (body["message_th"], body["message_en"], body["code"]) == (FLOAT_TH, FLOAT_EN, "float")
    assert body["errors"] == {"amount": [{"message_th": FLOAT_TH, "message_en": FLOAT_EN}]}


def test_a_period_paid_twice_is_refused(g):
    assert (
        g.api.post(
            f"{g.m}/pledge/payments", {"date": "05/01/2569", "amount": "100", "periods": ["2026-01"]}
        ).status_code
        == 201
    )
    before = counts()
    body = assert_refused(
        g.api.post(f"{g.m}/pledge/payments", {"date": "06/01/2569", "amount": "100", "periods": ["01/2569"]}),
        field="periods",
    )
    assert body["code"] == "paid_twice"
    assert counts() == before


def test_a_missing_field_is_422_and_writes_nothing(g):
    before = counts()
    assert g.api.post(f"{g.m}/pledge/payments", {"amount": "100"}).status_code == 422
    assert counts() == before


def test_the_same_key_posts_once(g):
    url, body = f"{g.m}/pledge/payments", {"date": "05/01/2569", "amount": "100", "key": "pay-0001"}
    first = g.api.post(url, body)
    assert first.status_code == 201, first.content
    before = counts()
    second = g.api.post(url, body)
    assert second.status_code == 200, second.content
    assert second.json() == {**first.json(), "duplicate": True}
    assert counts() == before
    # The header works the same, also where the rules would refuse a resend (the period is paid).
    named = {"date": "05/01/2569", "amount": "100", "periods": ["2026-02"]}
    assert g.api.post(url, named, **{"Idempotency-Key": "pay-0002"}).status_code == 201
    before = counts()
    again = g.api.post(url, named, **{"Idempotency-Key": "pay-0002"})
    assert (again.status_code, again.json()["duplicate"], again.json()["periods"]) == (200, True, ["2026-02"])
    assert counts() == before
    # Two different keys at once is a mistake.
    assert_refused(g.api.post(url, {**named, "key": "a"}, **{"Idempotency-Key": "b"}), field="key")
    assert counts() == before


def test_batch_of_payments_all_or_none(g):
    other = t.make_member(g.group, first_name="ขยัน", joined_on=dt.date(2026, 1, 1))
    g.api.post(f"{g.base}/members/{other.id}/pledge", {"amount": "50", "effective_from": "01/01/2569"})
    url = f"{g.base}/pledge/payments"
    good = {"member_id": g.saver.id, "date": "05/01/2569", "amount": "100", "key": "m1"}
    before = counts()
    # One bad payment (the other member pays 60 with a pledge of 50): nothing is written.
    body = assert_refused(
        g.api.post(
            url, {"payments": [good, {"member_id": other.id, "date": "05/01/2569", "amount": "60", "key": "m2"}]}
        )
    )
    assert body["field"] == "amount"
    assert counts() == before
    # A parse error names the payment.
    body = assert_refused(
        g.api.post(url, {"payments": [good, {"member_id": other.id, "date": "05/01/2569", "amount": 50.0}]})
    )
    assert body["errors"]["payments.1.amount"] == [{"message_th": FLOAT_TH, "message_en": FLOAT_EN}]
    # A member of another group.
    body = assert_refused(
        g.api.post(url, {"payments": [good, {"member_id": g.w.member_b.id, "date": "05/01/2569", "amount": "50"}]})
    )
    assert "payments.1.member_id" in body["errors"]
    assert counts() == before

    payments = [good, {"member_id": other.id, "date": "05/01/2569", "amount": "100", "key": "m2"}]
    response = g.api.post(url, {"payments": payments})
    assert response.status_code == 201, response.content
    got = response.json()
    assert got["duplicate"] is False
    assert [(p["member_id"], p["periods"], p["amount"]) for p in got["payments"]] == [
        (g.saver.id, ["2026-01"], "100.00"), (other.id, ["2026-01", "2026-02"], "100.00")
    ]  # fmt: skip
    assert lines_of(got["payments"][1]["entry"]["id"]) == [("cash", 10000, 0, None), ("pledge", 0, 10000, other.id)]
    before = counts()
    again = g.api.post(url, {"payments": payments})
    assert again.status_code == 200
    assert again.json() == {"duplicate": True, "payments": [{**p, "duplicate": True} for p in got["payments"]]}
    # Mixing a used key with a new one is refused whole.
    assert_refused(g.api.post(url, {"payments": [good, {**payments[1], "key": "m3"}]}), field="key")
    assert_refused(g.api.post(url, {"payments": []}), field="payments")
    assert counts() == before


def test_batch_keys_from_the_header(g):
    url = f"{g.base}/pledge/payments"
    payments = [{"member_id": g.saver.id, "date": "05/01/2569", "amount": "100"}]
    assert g.api.post(url, {"payments": payments}, **{"Idempotency-Key": "meeting-2569-01"}).status_code == 201
    assert JournalEntry.objects.get(posting_key__key="meeting-2569-01/1")
    again = g.api.post(url, {"payments": payments}, **{"Idempotency-Key": "meeting-2569-01"})
    assert (again.status_code, again.json()["duplicate"]) == (200, True)
    assert PledgePayment.objects.count() == 1


def test_reverse_a_pledge_payment(g):
    paid = g.api.post(f"{g.m}/pledge/payments", {"date": "05/01/2569", "amount": "200"}).json()
    url = f"{g.base}/pledge/payments/{paid['entry']['id']}/reverse"
    before = counts()
    assert_refused(g.api.post(url, {"date": "06/01/2569", "reason": " "}), field="reason")
    assert counts() == before
    response = g.api.post(url, {"date": "06/01/2569", "reason": "บันทึกผิดคน"})
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["periods"], body["reversal"]["amount"], body["reversal"]["date"]) == (
        ["2026-01", "2026-02"], "200.00", "2026-01-06"
    )  # fmt: skip
    assert lines_of(body["reversal"]["id"]) == [("cash", 0, 20000, None), ("pledge", 20000, 0, g.saver.id)]
    assert g.api.get(f"{g.m}/savings").json()["balances"]["pledge"] == "0.00"
    # The periods are unpaid again; the payment cannot be reversed twice.
    assert g.api.post(f"{g.m}/pledge/payments", {"date": "06/01/2569", "amount": "100"}).json()["periods"] == [
        "2026-01"
    ]
    before = counts()
    assert_refused(g.api.post(url, {"date": "06/01/2569", "reason": "อีกครั้ง"}))
    assert counts() == before


def test_pledge_withdrawal_is_always_refused(g):
    g.api.post(f"{g.m}/pledge/payments", {"date": "05/01/2569", "amount": "100"})
    before = counts()
    body = assert_refused(g.api.post(f"{g.m}/pledge/withdraw", {"amount": "50"}))
    assert body["code"] == "pledge_not_withdrawable"
    assert "leaves" in body["message_en"]
    assert_refused(g.api.post(f"{g.m}/pledge/withdraw", {}))
    assert counts() == before


# --- fines ----------------------------------------------------------------------------------------------


def test_fines_assess_pay_and_waive(g):
    g.api.post(f"{g.m}/pledge/payments", {"date": "05/01/2569", "amount": "200"})  # January and February
    assessed = g.api.post(f"{g.base}/fines/assess", {"through": "10/03/2569"})
    assert assessed.status_code == 201, assessed.content
    body = assessed.json()
    assert (body["through"], body["total"]) == ("2026-03-10", "5.00")
    (march,) = body["fines"]
    assert (march["member_id"], march["period"], march["amount"], march["status"]) == (
        g.saver.id,
        "2026-03",
        "5.00",
        "open",
    )
    assert lines_of(Fine.objects.get(id=march["id"]).entry_id) == [
        ("fine_income", 0, 500, None), ("fines_receivable", 500, 0, g.saver.id)
    ]  # fmt: skip
    # Again: nothing new.
    assert g.api.post(f"{g.base}/fines/assess", {"through": "10/03/2569"}).json() == {
        "through": "2026-03-10", "total": "0.00", "fines": []
    }  # fmt: skip
    assert g.api.post(f"{g.base}/fines/assess", {"through": "10/04/2569"}).json()["total"] == "5.00"
    assert g.api.get(f"{g.m}/savings").json()["balances"]["fines"] == "10.00"

    # Pay March's fine only.
    paid = g.api.post(f"{g.m}/fines/pay", {"date": "10/04/2569", "fines": [march["id"]], "key": "fine-1"})
    assert paid.status_code == 201, paid.content
    assert (paid.json()["entry"]["amount"], [f["status"] for f in paid.json()["fines"]]) == ("5.00", ["paid"])
    assert lines_of(paid.json()["entry"]["id"]) == [("cash", 500, 0, None), ("fines_receivable", 0, 500, g.saver.id)]
    again = g.api.post(f"{g.m}/fines/pay", {"date": "10/04/2569", "fines": [march["id"]], "key": "fine-1"})
    assert (again.status_code, again.json()["duplicate"], again.json()["entry"]) == (200, True, paid.json()["entry"])
    before = counts()
    assert_refused(g.api.post(f"{g.m}/fines/pay", {"date": "10/04/2569", "fines": [march["id"]]}), field="fines")
    assert counts() == before

    # Waive April's by a resolution.
    april = Fine.objects.get(member=g.saver, period=dt.date(2026, 4, 1))
    url = f"{g.base}/fines/{april.id}/waive"
    assert_refused(g.api.post(url, {"date": "11/04/2569", "reason": "ป่วย", "resolution": ""}), field="resolution")
    assert counts() == before
    waived = g.api.post(url, {"date": "11/04/2569", "reason": "ป่วยหนัก นอนโรงพยาบาล", "resolution": "มติกรรมการ 4/2569"})
    assert waived.status_code == 201, waived.content
    fine = waived.json()["fine"]
    assert (fine["status"], fine["waiver_reason"], fine["waiver_resolution"]) == (
        "waived", "ป่วยหนัก นอนโรงพยาบาล", "มติกรรมการ 4/2569"
    )  # fmt: skip
    assert lines_of(waived.json()["entry"]["id"]) == [
        ("fine_income", 500, 0, None),
        ("fines_receivable", 0, 500, g.saver.id),
    ]
    before = counts()
    assert_refused(g.api.post(url, {"date": "11/04/2569", "reason": "x", "resolution": "y"}))
    assert_refused(g.api.post(f"{g.m}/fines/pay", {"date": "10/04/2569"}), field="fines")  # none open
    assert counts() == before
    fines = g.api.get(f"{g.m}/fines").json()
    assert [(f["period"], f["status"]) for f in fines] == [("2026-04", "waived"), ("2026-03", "paid")]
    assert g.api.get(f"{g.m}/savings").json()["balances"]["fines"] == "0.00"


# --- the entry fee --------------------------------------------------------------------------------------


def test_entry_fee_once(g):
    url = f"{g.m}/entry-fee"
    response = g.api.post(url, {"date": "05/01/2569", "key": "fee-1"})
    assert response.status_code == 201, response.content
    assert response.json()["entry"]["amount"] == "20.00"
    assert lines_of(response.json()["entry"]["id"]) == [
        ("cash", 2000, 0, None),
        ("entry_fee_income", 0, 2000, g.saver.id),
    ]
    before = counts()
    repeat = g.api.post(url, {"date": "05/01/2569"}, **{"Idempotency-Key": "fee-1"})
    assert (repeat.status_code, repeat.json()) == (200, {**response.json(), "duplicate": True})
    assert assert_refused(g.api.post(url, {"date": "05/01/2569", "key": "fee-2"}))["code"] == "paid_twice"
    assert counts() == before


# --- deposits -------------------------------------------------------------------------------------------


def test_deposits_open_pay_in_withdraw_and_interest(g):
    opened = g.api.post(f"{g.m}/deposits", {"product": "savings", "date": "05/01/2569"})
    assert opened.status_code == 201, opened.content
    account = opened.json()
    assert (account["product"], account["opened_on"], account["balance"]) == ("savings", "2026-01-05", "0.00")
    assert account["number"] == f"S-{g.saver.number:04d}"
    before = counts()
    assert_refused(g.api.post(f"{g.m}/deposits", {"product": "savings", "date": "05/01/2569"}), field="product")
    assert_refused(g.api.post(f"{g.m}/deposits", {"product": "gold", "date": "05/01/2569"}), field="product")
    assert counts() == before

    url = f"{g.base}/deposits/{account['id']}"
    paid_in = g.api.post(f"{url}/deposit", {"date": "05/01/2569", "amount": "1,500.00", "key": "dep-1"})
    assert paid_in.status_code == 201, paid_in.content
    assert paid_in.json()["account"]["balance"] == "1500.00"
    assert lines_of(paid_in.json()["entry"]["id"]) == [("cash", 150000, 0, None), ("deposits", 0, 150000, g.saver.id)]
    repeat = g.api.post(f"{url}/deposit", {"date": "05/01/2569", "amount": "1,500.00", "key": "dep-1"})
    assert (repeat.status_code, repeat.json()["duplicate"], repeat.json()["account"]["balance"]) == (
        200,
        True,
        "1500.00",
    )

    before = counts()
    body = assert_refused(g.api.post(f"{url}/withdraw", {"date": "10/02/2569", "amount": "2000"}), field="amount")
    assert body["message_en"] == "The balance is only 1,500.00 baht."
    assert_refused(g.api.post(f"{url}/withdraw", {"date": "10/02/2569", "amount": "1450"}), field="amount")  # min 100
    assert_refused(g.api.post(f"{url}/withdraw", {"date": "10/02/2569", "amount": 500.0}), field="amount")
    assert counts() == before
    out = g.api.post(f"{url}/withdraw", {"date": "10/02/2569", "amount": "500", "method": "bank", "key": "wd-1"})
    assert out.status_code == 201, out.content
    assert out.json()["account"]["balance"] == "1000.00"
    assert lines_of(out.json()["entry"]["id"]) == [("bank", 0, 50000, None), ("deposits", 50000, 0, g.saver.id)]
    # A resend of the withdrawal is the same withdrawal, not a second one.
    again = g.api.post(f"{url}/withdraw", {"date": "10/02/2569", "amount": "500", "method": "bank", "key": "wd-1"})
    assert (again.status_code, again.json()["account"]["balance"]) == (200, "1000.00")

    # Interest: 2% a year on each day's balance, posted for the half year to 30 June:
    # 1,500 baht for 36 days (5 Jan - 9 Feb) + 1,000 baht for 141 days (10 Feb - 30 Jun)
    # = (150,000 × 36 + 100,000 × 141) × 2% / 365 = 1,068.49 satang -> 10.68 baht.
    posted = g.api.post(f"{g.base}/interest", {"through": "30/06/2569"})
    assert posted.status_code == 201, posted.content
    (run,) = posted.json()["runs"]
    assert (run["product"], run["period_end"], run["amount"]) == ("savings", "2026-06-30", "10.68")
    assert lines_of(run["entry"]["id"]) == [
        ("deposit_interest_expense", 1068, 0, None),
        ("deposits", 0, 1068, g.saver.id),
    ]
    assert g.api.post(f"{g.base}/interest", {"through": "30/06/2569"}).json()["runs"] == []
    deposits = g.api.get(f"{g.m}/deposits").json()
    assert [(d["number"], d["balance"]) for d in deposits] == [(f"S-{g.saver.number:04d}", "1010.68")]


# --- leaving --------------------------------------------------------------------------------------------


def test_settlement_quote_and_leave(g):
    g.api.post(f"{g.m}/pledge/payments", {"date": "05/01/2569", "amount": "200"})
    g.api.post(f"{g.base}/fines/assess", {"through": "10/03/2569"})
    quote = g.api.get(f"{g.m}/settlement", date="15/03/2569")
    assert quote.status_code == 200, quote.content
    assert quote.json() == {
        "member_id": g.saver.id,
        "date": "2026-03-15",
        "pledge": "200.00",
        "deposits": "0.00",
        "interest_due": "0.00",
        "loans": "0.00",
        "fines": "5.00",
        "owed_to_member": "200.00",
        "owed_by_member": "5.00",
        "net": "195.00",
        "blockers": [],
    }
    before = counts()
    assert_refused(
        g.api.post(f"{g.m}/leave", {"status": "left", "date": "15/03/2569", "reason": "ย้าย", "method": "gold"})
    )
    assert counts() == before
    left = g.api.post(f"{g.m}/leave", {"status": "left", "date": "15/03/2569", "reason": "ย้ายไปอยู่กรุงเทพ"})
    assert left.status_code == 200, left.content
    body = left.json()
    assert (body["status"], body["status_date"], body["status_reason"]) == ("left", "2026-03-15", "ย้ายไปอยู่กรุงเทพ")
    settlement = body["settlement"]
    assert {k: settlement[k] for k in ("pledge", "fines", "net", "paid_to", "method")} == {
        "pledge": "200.00", "fines": "5.00", "net": "195.00", "paid_to": g.saver.full_name, "method": "cash"
    }  # fmt: skip
    assert lines_of(settlement["entry"]["id"]) == [
        ("cash", 0, 19500, None), ("fines_receivable", 0, 500, g.saver.id), ("pledge", 20000, 0, g.saver.id)
    ]  # fmt: skip
    assert Settlement.objects.get(member=g.saver).net == 19500
    assert g.api.get(f"{g.m}/savings").json()["balances"]["pledge"] == "0.00"
    assert Fine.objects.get(member=g.saver).status == "paid"
    before = counts()
    assert_refused(g.api.post(f"{g.m}/leave", {"status": "left", "date": "16/03/2569", "reason": "อีกครั้ง"}))
    assert counts() == before


def test_a_deceased_members_settlement_goes_to_the_beneficiary(g):
    g.api.post(f"{g.m}/pledge/payments", {"date": "05/01/2569", "amount": "100"})
    body = assert_refused(g.api.post(f"{g.m}/leave", {"status": "deceased", "date": "01/02/2569", "reason": "เสียชีวิต"}))
    assert body["field"] == "paid_to"
    left = g.api.post(
        f"{g.m}/leave",
        {"status": "deceased", "date": "01/02/2569", "reason": "เสียชีวิต", "paid_to": "นายสมหมาย ใจดี", "method": "bank"},
    )
    assert left.status_code == 200, left.content
    assert (left.json()["settlement"]["paid_to"], left.json()["settlement"]["net"]) == ("นายสมหมาย ใจดี", "100.00")
    assert lines_of(left.json()["settlement"]["entry"]["id"]) == [
        ("bank", 0, 10000, None),
        ("pledge", 10000, 0, g.saver.id),
    ]


# --- books ----------------------------------------------------------------------------------------------


def test_passbook_register_and_behind(g):
    g.api.post(f"{g.m}/pledge/payments", {"date": "05/01/2569", "amount": "100"})
    g.api.post(f"{g.m}/pledge/payments", {"date": "20/02/2569", "amount": "100"})  # late: due 5 February
    g.api.post(f"{g.base}/fines/assess", {"through": "10/03/2569"})

    passbook = g.api.get(f"{g.m}/passbook").json()
    sections = {s["role"]: s for s in passbook["sections"]}
    assert set(sections) == {"pledge", "fines_receivable"}
    assert [(r["date"], r["money_in"], r["money_out"], r["balance"]) for r in sections["pledge"]["rows"]] == [
        ("2026-01-05", "100.00", "0.00", "100.00"), ("2026-02-20", "100.00", "0.00", "200.00")
    ]  # fmt: skip
    assert sections["pledge"]["rows"][0]["date_be"] == "05/01/2569"
    assert (sections["pledge"]["balance"], sections["fines_receivable"]["balance"]) == ("200.00", "5.00")

    register = g.api.get(f"{g.base}/savings/register", year="2569").json()
    assert register == g.api.get(f"{g.base}/savings/register", year="2026").json()
    assert register["year_start"] == "2026-01-01"
    assert register["periods"][0] == "2026-01"
    assert register["periods"][-1] == "2026-12"
    (row,) = [r for r in register["rows"] if r["member_id"] == g.saver.id]
    assert [c["status"] for c in row["cells"][:4]] == ["paid", "late", "missed", "missed"]
    assert [c["status"] for c in row["cells"][10:]] == ["missed", "upcoming"]  # November is past its 5th
    assert (row["paid_total"], row["missed"]) == ("200.00", 9)  # March to November
    assert (register["month_totals"][:3], register["total"]) == (["100.00", "100.00", "0.00"], "200.00")
    assert_refused(g.api.get(f"{g.base}/savings/register", year="69"), field="year")

    behind = g.api.get(f"{g.base}/savings/behind").json()
    (me,) = [b for b in behind if b["member_id"] == g.saver.id]
    assert me["periods"] == [f"2026-{m:02d}" for m in range(3, 12)]
    assert (me["amount"], me["fines"]) == ("900.00", "5.00")


# --- tenancy --------------------------------------------------------------------------------------------


def test_a_member_reads_only_their_own_savings_and_writes_nothing(world):
    api, base = Api(world.member_user), f"/groups/{world.group_a.id}"
    own, other = f"{base}/members/{world.member.id}", f"{base}/members/{world.treasurer.memberships.get().id}"
    for path in ("savings", "fines", "deposits", "passbook"):
        assert api.get(f"{own}/{path}").status_code == 200, path
        assert api.get(f"{other}/{path}").status_code == 404, path
    assert api.get(f"{own}/savings").json()["member_id"] == world.member.id
    for path in ("settlement",):
        assert api.get(f"{own}/{path}").status_code == 403
    assert api.get(f"{base}/savings/register").status_code == 403
    assert api.get(f"{base}/savings/behind").status_code == 403
    before = counts()
    for path, body in (
        (f"{own}/pledge", {"amount": "100", "effective_from": "01/01/2569"}),
        (f"{own}/pledge/payments", {"date": "05/01/2569", "amount": "100"}),
        (f"{own}/entry-fee", {"date": "05/01/2569"}),
        (f"{own}/deposits", {"product": "savings", "date": "05/01/2569"}),
        (f"{own}/leave", {"status": "left", "date": "05/01/2569", "reason": "x"}),
        (f"{base}/fines/assess", {"through": "05/01/2569"}),
        (f"{base}/interest", {"through": "05/01/2569"}),
        (f"{base}/pledge/payments", {"payments": []}),
    ):
        response = api.post(path, body)
        assert response.status_code == 403, path
        assert response.json()["message_th"]
        assert response.json()["message_en"]
    assert counts() == before
    assert Member.objects.get(id=world.member.id).status == "active"


def test_ids_of_another_group_are_404(g):
    w = g.w
    deposit = DepositAccount.objects.create(
        group=w.group_b, member=w.member_b, product="savings", opened_on=w.member_b.joined_on
    )
    response = Api(w.treasurer_b).post(
        f"/groups/{w.group_b.id}/members/{w.member_b.id}/pledge", {"amount": "100", "effective_from": "01/01/2569"}
    )
    assert response.status_code == 201
    paid = Api(w.treasurer_b).post(
        f"/groups/{w.group_b.id}/members/{w.member_b.id}/pledge/payments", {"date": "05/01/2569", "amount": "100"}
    )
    entry_b = paid.json()["entry"]["id"]
    before = counts()
    for path, body in (
        (f"{g.base}/members/{w.member_b.id}/pledge/payments", {"date": "05/01/2569", "amount": "100"}),
        (f"{g.base}/deposits/{deposit.id}/deposit", {"date": "05/01/2569", "amount": "100"}),
        (f"{g.base}/deposits/{deposit.id}/withdraw", {"date": "05/01/2569", "amount": "100"}),
        (f"{g.base}/pledge/payments/{entry_b}/reverse", {"date": "05/01/2569", "reason": "x"}),
        (f"{g.base}/members/{w.member_b.id}/leave", {"status": "left", "date": "05/01/2569", "reason": "x"}),
    ):
        assert g.api.post(path, body).status_code == 404, path
    for path in ("savings", "fines", "deposits", "passbook", "settlement"):
        assert g.api.get(f"{g.base}/members/{w.member_b.id}/{path}").status_code == 404
    assert counts() == before


def test_openapi_schema_builds_with_the_savings_routes(world):
    response = Client().get(f"{API}/openapi.json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    assert f"{API}/groups/{{group_id}}/members/{{member_id}}/pledge/payments" in paths
    assert f"{API}/groups/{{group_id}}/bylaws/{{key}}" in paths
    operation = paths[f"{API}/groups/{{group_id}}/deposits/{{deposit_id}}/withdraw"]["post"]
    assert "Idempotency-Key" in [p["name"] for p in operation["parameters"]]
    assert "savings" in operation["tags"]
    assert ninja_api.get_openapi_schema()["info"]["title"] == "Sajja API"


def test_queries_do_not_grow_with_members(g):
    """The batch, the register and the members behind: the same number of queries for 2 or 8 members."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def run(n, first_number):
        members = [
            t.make_member(g.group, first_name=f"ชุด{first_number + i}", joined_on=dt.date(2026, 1, 1)) for i in range(n)
        ]
        for m in members:
            g.api.post(f"{g.base}/members/{m.id}/pledge", {"amount": "100", "effective_from": "01/01/2569"})
        payments = [{"member_id": m.id, "date": "05/01/2569", "amount": "100"} for m in members]
        used = []
        for request in (
            lambda: g.api.post(f"{g.base}/pledge/payments", {"payments": payments}),
            lambda: g.api.get(f"{g.base}/savings/register", year="2569"),
            lambda: g.api.get(f"{g.base}/savings/behind"),
        ):
            with CaptureQueriesContext(connection) as queries:
                assert request().status_code in (200, 201)
            used.append(len(queries))
        return used

    assert run(2, 100) == run(8, 200)
