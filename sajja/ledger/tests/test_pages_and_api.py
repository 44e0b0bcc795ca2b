"""The books as members, the committee and API clients see them."""

import datetime as dt

import pytest
from django.test import Client

from sajja.api.models import ApiToken
from sajja.ledger.models import AccountRole, JournalEntry
from sajja.ledger.services import LineIn, entry_post

API = "/api/v1"


@pytest.fixture
def books(world):
    g = world.group_a
    entry_post(
        group=g,
        date=dt.date(2026, 1, 5),
        memo="เงินสัจจะ มกราคม",
        actor=world.treasurer,
        lines=[LineIn("cash", debit=1_500_000), LineIn("pledge", credit=1_500_000)],
    )
    entry_post(
        group=g,
        date=dt.date(2026, 1, 6),
        memo="ฝากธนาคาร",
        actor=world.treasurer,
        lines=[LineIn("bank", debit=1_000_000), LineIn("cash", credit=1_000_000)],
    )
    entry_post(
        group=g,
        date=dt.date(2026, 2, 5),
        memo="จ่ายเงินกู้",
        actor=world.treasurer,
        lines=[LineIn("loans_ordinary", debit=300_000), LineIn("cash", credit=300_000)],
    )
    return g


def test_members_read_where_the_money_is_in_plain_words(world, books):
    client = Client()
    client.force_login(world.member_user)
    page = client.get(f"/g/{books.id}/books/?through=28/02/2569").content.decode()
    # 15,000 in: 10,000 to the bank, 3,000 lent, 2,000 left in cash.
    assert "15,000.00 บาท" in page
    assert "3,000.00 บาท" in page
    assert "10,000.00 บาท" in page
    assert "2,000.00 บาท" in page
    assert 'data-testid="debit-total">15,000.00 บาท' in page
    assert 'data-testid="credit-total">15,000.00 บาท' in page
    head = JournalEntry.objects.filter(group=books).order_by("-seq").first().hash
    assert head in page
    # A member sees the totals but not the account pages.
    assert client.get(f"/g/{books.id}/books/journal/").status_code == 403


def test_the_books_as_of_an_earlier_date(world, books):
    client = Client()
    client.force_login(world.treasurer)
    page = client.get(f"/g/{books.id}/books/?through=05/01/2026").content.decode()
    assert 'data-testid="debit-total">15,000.00 บาท' in page
    assert "3,000.00" not in page


def test_account_ledger_running_balance(world, books):
    client = Client()
    client.force_login(world.auditor)
    cash_id = AccountRole.objects.get(group=books, role="cash").account_id
    page = client.get(f"/g/{books.id}/books/accounts/{cash_id}/?since=01/02/2569&through=28/02/2569").content.decode()
    assert "5,000.00" in page  # brought forward: 15,000 - 10,000
    assert 'data-testid="closing">2,000.00 บาท' in page


def test_api_post_reverse_and_trial_balance(world, books):
    token = ApiToken.issue(world.treasurer)
    client = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    response = client.post(
        f"{API}/groups/{books.id}/ledger/entries",
        {
            "date": "05/03/2569",
            "memo": "ค่าธรรมเนียมแรกเข้า",
            "lines": [{"account": "1101", "debit": "๒๐.๐๐"}, {"account": "4101", "credit": "20"}],
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["seq"] == 4
    assert [(ln["account"], ln["debit"], ln["credit"]) for ln in body["lines"]] == [
        ("1101", 2000, 0),
        ("4101", 0, 2000),
    ]
    reversal = client.post(
        f"{API}/groups/{books.id}/ledger/entries/{body['id']}/reverse",
        {"date": "06/03/2569", "reason": "บันทึกผิดคน"},
        content_type="application/json",
    )
    assert reversal.status_code == 201
    assert reversal.json()["reverses_seq"] == 4
    assert reversal.json()["prev_hash"] == body["hash"]
    trial = client.get(f"{API}/groups/{books.id}/ledger/trial-balance?through=31/03/2569").json()
    assert trial["debit_total"] == trial["credit_total"] == 1_500_000
    assert trial["entries"] == 5


@pytest.mark.parametrize(
    ("lines", "code"),
    [
        ([{"account": "1101", "debit": "10"}, {"account": "4101", "credit": "9"}], "unbalanced"),
        ([{"account": "1101", "debit": "-10"}, {"account": "4101", "credit": "-10"}], "negative"),
        ([{"account": "1101", "debit": "abc"}, {"account": "4101", "credit": "10"}], "not_number"),
        ([{"account": "9999", "debit": "10"}, {"account": "4101", "credit": "10"}], "foreign_account"),
        ([{"account": "1101", "debit": "10.005"}, {"account": "4101", "credit": "10.005"}], "precision"),
    ],
)
def test_api_refuses_bad_entries_and_writes_nothing(world, books, lines, code):
    client = Client(HTTP_AUTHORIZATION=f"Bearer {ApiToken.issue(world.treasurer)}")
    before = JournalEntry.objects.count()
    response = client.post(
        f"{API}/groups/{books.id}/ledger/entries",
        {"date": "05/03/2569", "memo": "x", "lines": lines},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["code"] == code
    assert response.json()["message_th"] != response.json()["message_en"]
    assert JournalEntry.objects.count() == before


def test_auditor_may_read_but_not_post(world, books):
    client = Client(HTTP_AUTHORIZATION=f"Bearer {ApiToken.issue(world.auditor)}")
    assert client.get(f"{API}/groups/{books.id}/ledger/entries").status_code == 200
    response = client.post(
        f"{API}/groups/{books.id}/ledger/entries",
        {
            "date": "05/03/2569",
            "memo": "x",
            "lines": [{"account": "1101", "debit": "1"}, {"account": "4101", "credit": "1"}],
        },
        content_type="application/json",
    )
    assert response.status_code == 403
