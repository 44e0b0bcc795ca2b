"""The savings pages that read: a member's savings, the passbook (page and PDF), the pledge register
(page, PDF, Excel, query count) and the members behind. Data is made through the services.

The pages' "today" is fixed at 3 June 2024 (B.E. 2567) so every cell's status is known: the meeting
day is the 5th with no grace days, so April and May are missed, June is due and July on upcoming.
"""

import datetime as dt
import io
import re
import shutil
import subprocess
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from openpyxl import load_workbook

from sajja.core import testing as t
from sajja.savings import services
from sajja.savings.reports import STATUSES

D = dt.date
TODAY = D(2024, 6, 3)


@pytest.fixture(autouse=True)
def _pages_today(monkeypatch):
    monkeypatch.setattr("sajja.savings.views.today", lambda: TODAY)


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def pdf_text(pdf: bytes) -> str:
    assert pdf.startswith(b"%PDF-")
    return subprocess.run(
        [shutil.which("pdftotext"), "-layout", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()


@pytest.fixture
def savings(world):
    """world.member: 100 baht a month from January 2024, paid January and February on the meeting
    day, March late (20 March), April and May not (fined 5 baht each), a savings deposit of 250 baht.
    A second member joined 1 March 2024 with 50 baht a month, paid March to June ahead."""
    g, actor, m = world.group_a, world.treasurer, world.member
    services.pledge_set(member=m, amount=10_000, effective_from=D(2024, 1, 1), actor=actor)
    for day in (D(2024, 1, 5), D(2024, 2, 5), D(2024, 3, 20)):
        services.pledge_receive(member=m, date=day, amount=10_000, actor=actor)
    second = t.make_member(g, first_name="ดาวเรือง", joined_on=D(2024, 3, 1))
    services.pledge_set(member=second, amount=5_000, effective_from=D(2024, 3, 1), actor=actor)
    services.pledge_receive(member=second, date=D(2024, 3, 1), amount=20_000, actor=actor)
    fines = services.fines_assess(group=g, through=TODAY, actor=actor)
    assert [(f.member_id, f.period, f.amount) for f in fines] == [
        (m.id, D(2024, 4, 1), 500),
        (m.id, D(2024, 5, 1), 500),
    ]
    account = services.deposit_open(member=m, product="savings", date=D(2024, 1, 5), actor=actor)
    services.deposit_receive(account=account, date=D(2024, 1, 5), amount=25_000, actor=actor)
    return {"member": m, "second": second, "account": account}


def cells(page: str, number: int) -> list[str]:
    """The statuses of one member's row of the register page, January to December."""
    row = re.search(rf'<tr data-member="{number}">(.*?)</tr>', page, re.S).group(1)
    return re.findall(r'data-status="(\w+)"', row)


# --- a member's savings -------------------------------------------------------------------------


def test_member_savings_page_shows_balances_pledge_year_fines_and_deposits(world, savings):
    m = savings["member"]
    page = client_for(world.member_user).get(f"/g/{world.group_a.id}/members/{m.id}/savings/").content.decode()
    assert 'data-testid="pledge-balance">300.00 บาท<' in page
    assert 'data-testid="savings-balance">250.00 บาท<' in page
    assert 'data-testid="fixed-balance">0.00 บาท<' in page
    assert 'data-testid="fines-balance">10.00 บาท<' in page
    assert 'data-testid="current-pledge">เดือนละ 100.00 บาท<' in page
    statuses = re.findall(r'<tr data-period="(\d{4}-\d\d)" data-status="(\w+)">', page)
    assert statuses == [
        ("2024-01", "paid"),
        ("2024-02", "paid"),
        ("2024-03", "late"),
        ("2024-04", "missed"),
        ("2024-05", "missed"),
        ("2024-06", "due"),
        *[(f"2024-{month:02d}", "upcoming") for month in range(7, 13)],
    ]
    assert 'data-testid="year-paid">300.00 บาท<' in page
    assert 'data-testid="fines-total">10.00 บาท<' in page
    assert "S-" in page
    assert "250.00 บาท" in page
    assert "20/03/2567" in page  # the late payment's date, in the Buddhist Era
    assert 'data-testid="actions"' not in page  # a member does not get the committee's buttons
    assert "savings/register/" not in page  # nor a link to a page they may not open


def test_a_member_sees_only_their_own_savings_and_passbook(world, savings):
    client = client_for(world.member_user)
    g = world.group_a.id
    other = savings["second"].id
    assert client.get(f"/g/{g}/members/{savings['member'].id}/passbook/").status_code == 200
    assert client.get(f"/g/{g}/members/{other}/passbook/").status_code == 404
    assert client.get(f"/g/{g}/members/{other}/savings/").status_code == 404
    assert client.get(f"/g/{g}/members/{other}/passbook/?format=pdf").status_code == 404
    # Read access sees everyone; the network (summary only) sees no member's savings.
    assert client_for(world.officer).get(f"/g/{g}/members/{other}/passbook/").status_code == 200
    assert client_for(world.network_user).get(f"/g/{g}/members/{other}/savings/").status_code == 403


def test_committee_gets_the_action_links_that_exist(world, savings):
    from django.urls import NoReverseMatch, reverse

    page = client_for(world.treasurer).get(f"/g/{world.group_a.id}/members/{savings['member'].id}/savings/")
    html = page.content.decode()
    try:
        url = reverse("savings_pledge_pay", args=[world.group_a.id, savings["member"].id])
    except NoReverseMatch:
        assert 'data-action="savings_pledge_pay"' not in html
    else:
        assert f'href="{url}" data-action="savings_pledge_pay"' in html


# --- the passbook -------------------------------------------------------------------------------


def test_passbook_page_has_running_balances(world, savings):
    m = savings["member"]
    page = client_for(world.member_user).get(f"/g/{world.group_a.id}/members/{m.id}/passbook/").content.decode()
    pledge = re.search(r'data-testid="passbook-pledge">(.*?)</table>', page, re.S).group(1)
    assert re.findall(r"<td class=\"money\">([\d,.]+ บาท)</td></tr>", pledge) == [
        "100.00 บาท",
        "200.00 บาท",
        "300.00 บาท",
    ]
    assert ["05/01/2567", "05/02/2567", "20/03/2567"] == re.findall(r"\d\d/\d\d/2567", pledge)
    assert 'data-testid="balance-pledge">300.00 บาท<' in page
    assert 'data-testid="balance-deposits">250.00 บาท<' in page
    assert 'data-testid="balance-fines_receivable">10.00 บาท<' in page
    assert "S-" in page


def test_passbook_pdf_is_a_thai_passbook(world, savings):
    from sajja.ledger.selectors import status

    m = savings["member"]
    response = client_for(world.member_user).get(f"/g/{world.group_a.id}/members/{m.id}/passbook/?format=pdf")
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert world.group_a.name in text  # Thai, shaped and extractable
    assert m.full_name in text
    assert str(m.number) in text
    for figure in ("100.00", "200.00", "300.00", "250.00", "10.00", "05/01/2567", "20/03/2567"):
        assert figure in text
    head = status(world.group_a.id).head_hash
    assert head[:16] in text.replace("\n", "")


# --- the pledge register ------------------------------------------------------------------------


def test_register_cells_totals_and_legend(world, savings):
    m, second = savings["member"], savings["second"]
    page = client_for(world.officer).get(f"/g/{world.group_a.id}/savings/register/?year=2567").content.decode()
    assert cells(page, m.number) == [
        "paid", "paid", "late", "missed", "missed", "due", *["upcoming"] * 6,
    ]  # fmt: skip
    assert cells(page, second.number) == [
        "not_member", "not_member", "paid", "paid", "paid", "paid", *["upcoming"] * 6,
    ]  # fmt: skip
    treasurer_number = world.treasurer.memberships.get().number
    assert cells(page, treasurer_number) == ["no_pledge"] * 12
    assert re.findall(r'data-testid="month-total">([\d,.]+)<', page) == [
        "100.00", "100.00", "150.00", "50.00", "50.00", "50.00", *["0.00"] * 6,
    ]  # fmt: skip
    assert 'data-testid="register-total">500.00<' in page
    row = re.search(rf'<tr data-member="{m.number}">(.*?)</tr>', page, re.S).group(1)
    assert 'data-testid="row-total">300.00<' in row
    # The legend says what every symbol means, with how many cells carry it (5 members × 12).
    legend = re.search(r'data-testid="legend">(.*?)</ul>', page, re.S).group(1)
    assert re.findall(r'aria-hidden="true">(.)</span>[^<]*\((\d+)\)', legend) == [
        ("✓", "6"), ("!", "1"), ("✗", "2"), ("○", "1"), ("·", "12"), ("—", "2"), ("?", "36"),
    ]  # fmt: skip
    with translation.override("th"):
        assert all(str(label) in legend for _symbol, _css, label in STATUSES.values())
    assert "2567 (1 ม.ค. 2567 – 31 ธ.ค. 2567)" in page


def test_register_year_in_ce_is_the_same_and_bad_year_is_explained(world, savings):
    client = client_for(world.officer)
    url = f"/g/{world.group_a.id}/savings/register/"
    be = client.get(url + "?year=2567").content.decode()
    ce = client.get(url + "?year=2024").content.decode()
    assert cells(be, savings["member"].number) == cells(ce, savings["member"].number)
    bad = client.get(url + "?year=67").content.decode()
    assert 'data-testid="year-error"' in bad
    # The default is the fiscal year of "today" (2567).
    assert cells(client.get(url).content.decode(), savings["member"].number)[3] == "missed"


def test_register_is_for_read_access_only(world, savings):
    url = f"/g/{world.group_a.id}/savings/register/"
    assert client_for(world.officer).get(url).status_code == 200
    assert client_for(world.auditor).get(url).status_code == 200
    assert client_for(world.member_user).get(url).status_code == 403
    assert client_for(world.network_user).get(url).status_code == 403
    assert client_for(world.treasurer_b).get(url).status_code == 404


def test_register_excel_holds_the_figures(world, savings):
    m, second = savings["member"], savings["second"]
    response = client_for(world.officer).get(f"/g/{world.group_a.id}/savings/register/?year=2567&format=xlsx")
    wb = load_workbook(io.BytesIO(response.content))
    amounts, statuses = wb.worksheets
    rows = {row[0]: row for row in amounts.iter_rows(values_only=True) if isinstance(row[0], int)}
    assert [Decimal(str(v)) if v is not None else None for v in rows[m.number][2:16]] == [
        Decimal("100"), Decimal("100"), Decimal("100"), *[None] * 9, Decimal("300"), 2,
    ]  # fmt: skip
    assert Decimal(str(rows[second.number][14])) == Decimal("200")
    total = list(amounts.iter_rows(values_only=True))[-1]  # the totals row closes the sheet
    assert [Decimal(str(v)) for v in total[2:15]] == [
        Decimal(x) for x in ("100", "100", "150", "50", "50", "50", "0", "0", "0", "0", "0", "0", "500")
    ]
    words = {row[0]: row for row in statuses.iter_rows(values_only=True) if isinstance(row[0], int)}
    with translation.override("th"):
        expected = [f"{STATUSES[s][0]} {STATUSES[s][2]}" for s in ("paid", "paid", "late", "missed", "missed", "due")]
    assert list(words[m.number][2:8]) == expected


def test_register_pdf_is_landscape_with_the_grid(world, savings):
    response = client_for(world.officer).get(f"/g/{world.group_a.id}/savings/register/?year=2567&format=pdf")
    text = pdf_text(response.content)
    assert world.group_a.name in text
    assert savings["member"].full_name in text
    assert "ม.ค." in text
    assert "ธ.ค." in text
    assert "2567" in text
    assert "500.00" in text
    assert "300.00" in text
    assert "✓" in text
    assert "✗" in text
    info = subprocess.run(
        [shutil.which("pdfinfo"), "-"], input=response.content, capture_output=True, check=True
    ).stdout.decode()
    width, height = map(float, re.search(r"Page size:\s+([\d.]+) x ([\d.]+)", info).groups())
    assert width > height  # landscape A4 (842 x 595 pt)


def _register_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_register_queries_do_not_grow_with_members(world):
    g, actor = world.group_a, world.treasurer

    def add_members(n):
        members = [t.make_member(g, joined_on=D(2023, 1, 1)) for _ in range(n)]
        for member in members:
            services.pledge_set(member=member, amount=2_000, effective_from=D(2024, 1, 1), actor=actor)
        services.pledges_receive(
            group=g,
            items=[services.PledgeIn(member=member, date=D(2024, 1, 5), amount=4_000) for member in members],
            actor=actor,
        )

    client = client_for(world.officer)
    url = f"/g/{g.id}/savings/register/?year=2567"
    add_members(3)
    small = _register_queries(client, url)
    add_members(27)
    large = _register_queries(client, url)
    assert large == small, (small, large)
    page = client.get(url).content.decode()
    assert 'data-testid="register-total">1,200.00<' in page  # 30 members × 2 periods × 20 baht


# --- members behind -----------------------------------------------------------------------------


def test_members_behind_lists_periods_amounts_and_fines(world, savings):
    m = savings["member"]
    page = client_for(world.auditor).get(f"/g/{world.group_a.id}/savings/behind/").content.decode()
    rows = re.findall(r'<tr data-member="(\d+)">(.*?)</tr>', page, re.S)
    assert [int(number) for number, _row in rows] == [m.number]  # the second member paid ahead
    row = rows[0][1]
    assert "เม.ย. 2567, พ.ค. 2567" in row
    assert 'data-testid="count">2<' in row
    assert 'data-testid="amount">200.00 บาท<' in row
    assert 'data-testid="fines">10.00 บาท<' in row
    assert f"/g/{world.group_a.id}/members/{m.id}/savings/" in row
    assert 'data-testid="amount-total">200.00 บาท<' in page
    assert client_for(world.member_user).get(f"/g/{world.group_a.id}/savings/behind/").status_code == 403


def test_members_behind_excel_and_pdf(world, savings):
    client = client_for(world.officer)
    url = f"/g/{world.group_a.id}/savings/behind/"
    wb = load_workbook(io.BytesIO(client.get(url + "?format=xlsx").content))
    rows = [row for row in wb.active.iter_rows(values_only=True) if row[0] == savings["member"].number]
    assert len(rows) == 1
    assert rows[0][3] == 2
    assert Decimal(str(rows[0][4])) == Decimal("200")
    assert Decimal(str(rows[0][5])) == Decimal("10")
    text = pdf_text(client.get(url + "?format=pdf").content)
    assert savings["member"].full_name in text
    assert "200.00" in text


def test_nobody_behind(world):
    page = client_for(world.officer).get(f"/g/{world.group_a.id}/savings/behind/").content.decode()
    assert 'data-testid="nobody-behind"' in page
