"""The annual report and the dividend slips on the year-end tests' worked village (ten members,
fiscal year 2025, net profit exactly 12,345.67 baht; ``sajja.closing.tests.conftest``): every figure
equals the ledger, the allocation comes from the closing app's plan, the PDFs say the right amounts in
Thai, the slips are personal, and the report's queries do not grow with the members."""

import datetime as dt
import re
import shutil
import subprocess
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from sajja.closing import selectors as closing_selectors
from sajja.closing.tests.conftest import build_village, closed_year
from sajja.core import testing as t
from sajja.core.errors import SajjaError
from sajja.core.money import format_baht
from sajja.core.thai import baht_text
from sajja.ledger.selectors import balance_sheet, balances, income_statement
from sajja.ledger.services import LineIn, entry_post
from sajja.welfare import report, services

D = dt.date
NET_PROFIT = 12_345_67


@pytest.fixture
def village(db):
    return build_village()


def pdf_text(content: bytes, tmp_path) -> str:
    path = tmp_path / "x.pdf"
    path.write_bytes(content)
    # pdftotext reads sara aa (า) of the embedded Sarabun subset back as sara am (ำ) (the printed page
    # is right: looked at), so text is compared with both read as one (``thai``).
    out = subprocess.run(["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return thai(out)


def thai(text: str) -> str:
    return text.replace("ำ", "า")


def test_open_year_figures_equal_the_ledger_and_say_not_allocated(village):
    data = report.annual_report(village.group, 2025)
    ledger = income_statement(village.group.id, since=D(2025, 1, 1), through=D(2025, 12, 31))
    assert data["income"]["net_profit"] == ledger["net_profit"] == NET_PROFIT
    assert data["income"]["income_total"] == ledger["income_total"] == 13_200_00
    assert data["income"]["expense_total"] == 854_33
    sheet = balance_sheet(village.group.id, through=D(2025, 12, 31))
    assert data["sheet"]["asset_total"] == sheet["asset_total"] == data["sheet"]["claims_total"]
    assert data["sheet"]["profit"] == NET_PROFIT
    assert data["allocation"] is None
    assert data["year"].label == "2568"
    assert not data["year"].closed


def test_closed_year_reads_the_closing_app(village):
    plan = closed_year(village)
    data = report.annual_report(village.group, 2025)
    # The closing entry closed income and expenses inside the year: the report still shows the year's.
    assert income_statement(village.group.id, since=D(2025, 1, 1), through=D(2025, 12, 31))["net_profit"] == 0
    assert data["income"]["net_profit"] == NET_PROFIT == plan.net_profit
    assert data["income"]["income_total"] == 13_200_00
    sheet = data["sheet"]
    assert sheet["profit"] == 0
    assert sheet["asset_total"] == sheet["claims_total"]
    alloc = data["allocation"]
    assert alloc["plan"].id == plan.id
    assert alloc["reconciliation"]["ok"]
    assert sum(line.amount for line in alloc["lines"]) + plan.remainder == NET_PROFIT
    welfare_line = next(line for line in alloc["lines"] if line.code == "welfare")
    funds = {f["role"]: f for f in data["funds"]}
    extra = plan.remainder if plan.rounding_fund == "welfare" else 0
    assert funds["welfare_fund"]["received"] == welfare_line.amount + extra
    by_code = {r.account.code: r for r in balances(village.group.id, through=D(2025, 12, 31))}
    assert funds["welfare_fund"]["closing"] == by_code["3201"].balance
    assert funds["reserve_fund"]["closing"] == by_code["3101"].balance


def test_members_savings_loans_and_welfare(village):
    data = report.annual_report(village.group, 2025)
    # Eleven members joined in 2010 (the ten savers and the treasurer); member 9 left on 20 May 2025.
    assert data["members"]["joined"]["total"] == 0
    assert data["members"]["left"]["total"] == 1
    assert data["members"]["active"]["total"] == 10
    growth = data["growth"]
    assert [g["label"] for g in growth] == ["2564", "2565", "2566", "2567", "2568"]
    pledge = next(r for r in balances(village.group.id, through=D(2025, 12, 31)) if r.account.code == "2101")
    assert growth[-1]["pledge"] == pledge.balance > 0
    before = next(r for r in balances(village.group.id, through=D(2024, 12, 31)) if r.account.code == "2101")
    assert growth[-2]["pledge"] == before.balance
    assert growth[0]["pledge"] == 0
    assert data["loans"]["count"] == 0  # the village's loan line was posted without the loans app
    assert data["welfare_total"] == 0


def test_welfare_paid_by_benefit_in_the_report(village):
    group, actor = village.group, village.actor
    checker = t.make_committee(group, "report_president", "president")
    services.fund_receive(group=group, fund="welfare_fund", amount=5_000_00, date=D(2025, 2, 1), source="วัด",
                          actor=actor)  # fmt: skip
    claim = services.claim_create(group=group, member=village.members[1], benefit="illness", event_date=D(2025, 3, 1),
                                  nights=2, actor=actor)  # fmt: skip
    services.claim_approve(claim=claim, actor=checker)
    services.claim_pay(claim=claim, date=D(2025, 3, 5), actor=actor)
    data = report.annual_report(group, 2025)
    illness = next(r for r in data["welfare"] if r["benefit"] == "illness")
    assert (illness["count"], illness["amount"]) == (1, 200_00)
    funds = {f["role"]: f for f in data["funds"]}
    assert (funds["welfare_fund"]["received"], funds["welfare_fund"]["spent"]) == (5_000_00, 200_00)


def test_report_queries_do_not_grow_with_members(village):
    report.annual_report(village.group, 2025)  # warm caches (content types, ...)
    with CaptureQueriesContext(connection) as first:
        report.annual_report(village.group, 2025)
    for i in range(15):
        member = t.make_member(village.group, joined_on=D(2025, 3, 1), first_name=f"เพิ่ม{i}")
        entry_post(group=village.group, date=D(2025, 4, 5), memo="สัจจะ", actor=village.actor,
                   lines=[LineIn("cash", debit=100_00), LineIn("pledge", credit=100_00, member=member)])  # fmt: skip
    with CaptureQueriesContext(connection) as second:
        data = report.annual_report(village.group, 2025)
    assert data["members"]["joined"]["total"] == 15
    assert len(second) == len(first) <= 30


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="needs poppler's pdftotext")
def test_report_pdf_says_the_amounts_in_thai(village, tmp_path):
    closed_year(village)
    client = Client()
    client.force_login(village.actor)
    response = client.get(f"/g/{village.group.id}/annual-report/2025/pdf/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content, tmp_path)
    assert "12,345.67" in text  # the net profit
    assert "13,200.00" in text  # total income
    assert "2568" in text
    assert thai("ทุนสำรอง") in text  # an account of the balance sheet, in Thai
    assert "<svg" not in text


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="needs poppler's pdftotext")
def test_dividend_slips_are_personal_and_in_words(village, tmp_path):
    plan = closed_year(village)
    shares = {s.member.number: s for s in closing_selectors.shares(plan)}
    share = next(s for s in shares.values() if s.total > 0)
    member = share.member
    user = t.make_user("slip_owner")
    member.user = user
    member.save(update_fields=["user"])
    own = Client()
    own.force_login(user)
    base = f"/g/{village.group.id}/annual-report/2025/slips/"
    response = own.get(f"{base}{member.id}/")
    assert response.status_code == 200
    text = pdf_text(response.content, tmp_path)
    assert format_baht(share.dividend, unit=False) in text
    assert format_baht(share.total, unit=False) in text
    assert thai(baht_text(Decimal(share.total) / 100)) in text.replace("\n", "").replace(" ", "")
    other = next(s for s in shares.values() if s.member_id != member.id)
    assert own.get(f"{base}{other.member_id}/").status_code == 404
    assert own.get(base).status_code == 403  # all slips: the committees only
    committee = Client()
    committee.force_login(village.actor)
    everything = committee.get(base)
    assert everything.status_code == 200
    path = tmp_path / "all.pdf"
    path.write_bytes(everything.content)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"^Pages:\s+(\d+)$", info, re.M).group(1) == str(len(shares))  # one slip a page


def test_report_year_in_urls_and_forms(village):
    client = Client()
    client.force_login(village.actor)
    response = client.get(f"/g/{village.group.id}/annual-report/2025/")
    assert response.status_code == 200
    assert response.context["year"].start == D(2025, 1, 1)
    assert b'data-testid="not-allocated"' in response.content
    # B.E. typed in the form is turned into C.E.; nonsense is refused with a message.
    assert client.get(f"/g/{village.group.id}/annual-report/?year=2568")["Location"].endswith("/annual-report/2025/")
    assert client.get(f"/g/{village.group.id}/annual-report/?year=๒๕๖๘")["Location"].endswith("/annual-report/2025/")
    assert client.get(f"/g/{village.group.id}/annual-report/99999/").status_code == 404
    assert report.parse_report_year("2568") == report.parse_report_year("2025") == 2025
    for bad in ("68", "abc", "", "3000", "25.68", "-2568"):
        with pytest.raises(SajjaError) as error:
            report.parse_report_year(bad)
        assert error.value.code == "year"


def test_a_fiscal_year_from_april_is_named_by_the_year_it_starts(db):
    group = t.make_group()
    group.fiscal_year_start_month, group.fiscal_year_start_day = 4, 1
    group.save()
    year = report.fiscal_year(group, 2025)
    assert (year.start, year.end, year.label) == (D(2025, 4, 1), D(2026, 3, 31), "2568/2569")
    growth = report.savings_growth(group, year)
    assert [g["end"] for g in growth] == [
        D(2022, 3, 31),
        D(2023, 3, 31),
        D(2024, 3, 31),
        D(2025, 3, 31),
        D(2026, 3, 31),
    ]
    data = report.annual_report(group, 2025)
    assert data["allocation"] is None
    assert data["net_loss"] == 0
