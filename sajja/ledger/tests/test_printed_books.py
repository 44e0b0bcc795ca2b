"""Receipts and payments, the trial balance and the general ledger as page, PDF and Excel."""

import datetime as dt
import io
import shutil
import subprocess
from decimal import Decimal

import pytest
from django.test import Client
from openpyxl import load_workbook

from sajja.ledger import selectors
from sajja.ledger.models import AccountRole
from sajja.ledger.services import LineIn, entry_post


@pytest.fixture
def month(world):
    g, t = world.group_a, world.treasurer
    for day, lines in [
        (dt.date(2026, 1, 5), [LineIn("cash", debit=500_000), LineIn("pledge", credit=500_000)]),  # before the month
        (dt.date(2026, 2, 5), [LineIn("cash", debit=150_000), LineIn("pledge", credit=150_000)]),
        (dt.date(2026, 2, 5), [LineIn("cash", debit=2_000), LineIn("entry_fee_income", credit=2_000)]),
        (dt.date(2026, 2, 5), [LineIn("loans_ordinary", debit=300_000), LineIn("cash", credit=300_000)]),
        (dt.date(2026, 2, 6), [LineIn("bank", debit=200_000), LineIn("cash", credit=200_000)]),  # not a receipt
        (
            dt.date(2026, 2, 7),
            [
                LineIn("cash", debit=31_500),
                LineIn("interest_income", credit=30_000),
                LineIn("fine_income", credit=1_500),
            ],
        ),
        (dt.date(2026, 3, 1), [LineIn("cash", debit=9_900), LineIn("pledge", credit=9_900)]),  # after
    ]:
        entry_post(group=g, date=day, memo="ตัวอย่าง", lines=lines, actor=t)
    return g


def test_receipts_and_payments_exact(month):
    rp = selectors.receipts_and_payments(month.id, since=dt.date(2026, 2, 1), through=dt.date(2026, 2, 28))
    assert rp["opening"] == 500_000
    assert {r["account"].code: r["amount"] for r in rp["receipts"]} == {
        "2101": 150_000,
        "4101": 2_000,
        "4102": 30_000,
        "4103": 1_500,
    }
    assert {r["account"].code: r["amount"] for r in rp["payments"]} == {"1201": 300_000}
    assert (rp["received"], rp["paid"], rp["closing"]) == (183_500, 300_000, 383_500)


def test_receipts_and_payments_printed(world, month):
    client = Client()
    client.force_login(world.member_user)
    query = "?since=01/02/2569&through=28/02/2569"
    page = client.get(f"/g/{month.id}/books/receipts-payments/{query}").content.decode()
    assert 'data-testid="rp-closing">เงินสดและเงินฝากธนาคารคงเหลือ 3,835.00 บาท' in page
    wb = load_workbook(io.BytesIO(client.get(f"/g/{month.id}/books/receipts-payments/{query}&format=xlsx").content))
    values = {row[0]: row[1] for row in wb["รายรับ"].iter_rows(values_only=True) if len(row) > 1}
    assert Decimal(str(values["รวมรับ"])) == Decimal("1835.00")
    pdf = client.get(f"/g/{month.id}/books/receipts-payments/{query}&format=pdf").content
    text = subprocess.run(
        [shutil.which("pdftotext"), "-layout", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()
    assert "งบรับ-จ่าย" in text
    assert "1,835.00" in text
    assert "3,835.00" in text


def test_trial_balance_and_cash_book_printed(world, month):
    client = Client()
    client.force_login(world.treasurer)
    wb = load_workbook(io.BytesIO(client.get(f"/g/{month.id}/books/?through=31/03/2569&format=xlsx").content))
    totals = [row for row in wb.active.iter_rows(values_only=True) if row[1] == "รวม"][0]
    assert Decimal(str(totals[2])) == Decimal(str(totals[3])) == Decimal("6934.00")
    cash = AccountRole.objects.get(group=month, role="cash").account_id
    pdf = client.get(f"/g/{month.id}/books/accounts/{cash}/?since=01/02/2569&through=28/02/2569&format=pdf").content
    text = subprocess.run(
        [shutil.which("pdftotext"), "-layout", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()
    assert "ยอดยกมา" in text
    assert "5,000.00" in text  # brought forward
    assert "1,835.00" in text  # cash: 5,000 + 1,500 + 20 - 3,000 - 2,000 + 315
