"""Household book pages: the month and the year (exact figures), plans, sharing, the printed sheet,
the Excel export, the village picture (withheld below five households) and the group's categories.
And the fence: nobody but the household (and its helper) opens a household's page."""

import datetime as dt
import io
import re
import shutil
import subprocess
from decimal import Decimal

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from sajja.core import testing as t
from sajja.household_accounts import services
from sajja.household_accounts.models import Category, Plan, Sharing
from sajja.household_accounts.selectors import categories
from sajja.ledger.services import LineIn, entry_post
from sajja.members.models import Household

JAN, FEB = dt.date(2025, 1, 1), dt.date(2025, 2, 1)


def cat(group, code) -> Category:
    return next(c for c in categories(group) if c.code == code)


def client_for(user, lang="en") -> Client:
    client = Client()
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
    return client


def text_of(html: str, name: str) -> str:
    """The text of the element carrying ``data-testid="name"``, tags removed, spaces collapsed."""
    match = re.search(rf'data-testid="{name}"[^>]*>(.*?)</div>', html, re.S)
    assert match, f"no {name} on the page"
    return " ".join(re.sub(r"<[^>]+>", " ", match.group(1)).split())


@pytest.fixture
def book(world):
    """World's member (มะลิ) keeps the book of house 12: January and February 2025 written down."""
    household = Household.objects.create(group=world.group_a, house_number="12")
    world.member.household = household
    world.member.save(update_fields=["household"])
    g, actor = world.group_a, world.member_user

    def add(day, code, baht, **kw):
        services.entry_add(household=household, date=day, category=cat(g, code), amount=baht * 100, actor=actor, **kw)

    add(dt.date(2025, 1, 10), "food", 1200)
    add(dt.date(2025, 1, 20), "wages", 2000)
    add(dt.date(2025, 2, 3), "wages", 3000, note="รับจ้างดำนา")
    add(dt.date(2025, 2, 5), "food", 1000, note="ตลาดนัด")
    add(dt.date(2025, 2, 7), "farm_costs", 500, note="ปุ๋ย")
    world.household = household
    return world


def url(world, name, *extra):
    return reverse(name, args=[world.group_a.id, world.household.id, *extra])


# --- month and year ---------------------------------------------------------------------------------


def test_month_page_shows_exact_totals_rate_and_comparison(book):
    response = client_for(book.member_user).get(url(book, "hh_month") + "?month=02/2568")
    assert response.status_code == 200
    html = response.content.decode()
    assert text_of(html, "income") == "3,000.00 baht"
    assert text_of(html, "spending") == "1,500.00 baht"
    assert text_of(html, "left-over") == "1,500.00 baht"
    assert text_of(html, "savings-rate").startswith("50.00%")
    assert "Spending for work (farm, trade): <strong>500.00 baht</strong>" in html
    assert "for the home: <strong>1,000.00 baht</strong>" in html
    # Month to month, in words: spending 1,200 -> 1,500 and income 2,000 -> 3,000; food 1,200 -> 1,000.
    assert "▲</span> up 300.00 baht from the month before" in html
    assert "▲</span> up 1,000.00 baht from the month before" in html
    assert "▼</span> down 200.00 baht from the month before" in html
    assert "month-chart-data" in html
    assert '"1000.00"' in html
    assert '"500.00"' in html
    assert "vendor/chartjs/chart.umd.min.js" in html


def test_month_in_common_era_and_bad_month(book):
    client = client_for(book.member_user)
    html = client.get(url(book, "hh_month") + "?month=2/2025").content.decode()
    assert text_of(html, "spending") == "1,500.00 baht"
    html = client.get(url(book, "hh_month") + "?month=13/2568").content.decode()
    assert "A month is from 1 to 12." in html
    html = client.get(url(book, "hh_month") + "?month=2/68").content.decode()
    assert "Type the month as month/year" in html


def test_month_without_income_has_no_rate(book):
    services.entry_add(
        household=book.household, date=dt.date(2025, 3, 2), category=cat(book.group_a, "food"), amount=10000,
        actor=book.member_user,
    )  # fmt: skip
    html = client_for(book.member_user).get(url(book, "hh_month") + "?month=03/2568").content.decode()
    assert text_of(html, "savings-rate").startswith("—")
    assert text_of(html, "left-over") == "-100.00 baht"


def test_month_shows_the_members_group_savings_read_only(book):
    entry_post(
        group=book.group_a, date=dt.date(2025, 1, 5), memo="สัจจะ", actor=book.treasurer,
        lines=[LineIn("cash", debit=25000), LineIn("pledge", credit=25000, member=book.member)],
    )  # fmt: skip
    html = client_for(book.member_user).get(url(book, "hh_month") + "?month=02/2568").content.decode()
    assert text_of(html, "group-savings") == "250.00 baht"
    assert text_of(html, "group-debts") == "0.00 baht"
    assert reverse("savings_member", args=[book.group_a.id, book.member.id]) in html


def test_plan_progress_met_and_not_met(book):
    g = book.group_a
    services.plan_save(
        household=book.household, title="อาหารไม่เกิน 800", kind="spend_at_most", categories_chosen=[cat(g, "food")],
        target=80000, first_month=FEB, last_month=dt.date(2025, 12, 1), actor=book.member_user,
    )  # fmt: skip
    services.plan_save(
        household=book.household, title="รับจ้าง 2,000", kind="earn_at_least", categories_chosen=[cat(g, "wages")],
        target=200000, first_month=FEB, last_month=dt.date(2025, 12, 1), actor=book.member_user,
    )  # fmt: skip
    # spend 10% less on food than the three months before (Nov-Jan: 0 + 0 + 1,200 -> 400 a month).
    services.plan_save(
        household=book.household, title="ลดค่าอาหาร", kind="spend_less", categories_chosen=[cat(g, "food")],
        target=1000, first_month=FEB, last_month=dt.date(2025, 12, 1), actor=book.member_user,
    )  # fmt: skip
    plans = {p.title: p.id for p in Plan.objects.filter(household=book.household)}
    html = client_for(book.member_user).get(url(book, "hh_month") + "?month=02/2568").content.decode()
    assert f'data-plan="{plans["อาหารไม่เกิน 800"]}" data-met="no"' in html
    assert f'data-plan="{plans["รับจ้าง 2,000"]}" data-met="yes"' in html
    assert f'data-plan="{plans["ลดค่าอาหาร"]}" data-met="no"' in html
    assert "Spent 1,000.00 baht; the plan allows at most 360.00 baht." in html  # 400 less 10%
    assert "Earned 3,000.00 baht of at least 2,000.00 baht." in html


def test_year_page_twelve_months_and_categories(book):
    response = client_for(book.member_user).get(url(book, "hh_year") + "?year=2568")
    html = response.content.decode()
    assert text_of(html, "income") == "5,000.00 baht"
    assert text_of(html, "spending") == "2,700.00 baht"
    assert text_of(html, "left-over") == "2,300.00 baht"
    assert text_of(html, "savings-rate") == "46.00%"
    assert html.count('<tr data-month="2025-') == 12
    jan = re.search(r'<tr data-month="2025-01">(.*?)</tr>', html, re.S).group(1)
    assert re.findall(r"[\d,]+\.\d\d", jan) == ["2,000.00", "1,200.00", "800.00"]
    food = re.search(r"อาหารและเครื่องดื่ม</td><td class=\"money\">([^<]+)<", html)
    assert food is None  # English page: the English names
    assert re.search(r"Food and drink</td><td class=\"money\">2,200.00 baht<", html)
    thai = client_for(book.member_user, "th").get(url(book, "hh_year") + "?year=2025").content.decode()
    assert re.search(r"อาหารและเครื่องดื่ม</td><td class=\"money\">2,200.00", thai)


# --- plans ------------------------------------------------------------------------------------------


def test_plan_add_from_the_form_and_delete(book):
    client = client_for(book.member_user)
    food, lottery = cat(book.group_a, "food"), cat(book.group_a, "lottery_gambling")
    response = client.post(
        url(book, "hh_plans"),
        {"title": "ลดหวย 30%", "kind": "spend_less", "categories": [lottery.id, food.id], "target": "30",
         "first_month": "03/2568", "last_month": "12/2568"},
    )  # fmt: skip
    assert response.status_code == 302
    plan = Plan.objects.get(household=book.household)
    assert (plan.target, plan.first_month, plan.last_month) == (3000, dt.date(2025, 3, 1), dt.date(2025, 12, 1))
    assert set(plan.categories.values_list("code", flat=True)) == {"food", "lottery_gambling"}
    response = client.post(
        url(book, "hh_plans"),
        {"title": "สวนครัว", "kind": "earn_at_least", "categories": [cat(book.group_a, "in_kind").id],
         "target": "1,000.50", "first_month": "1/2026", "last_month": "6/2026"},
    )  # fmt: skip
    assert Plan.objects.get(title="สวนครัว").target == 100050
    html = client.get(url(book, "hh_plans")).content.decode()
    assert "ลดหวย 30%" in html
    assert "30.00%" in html
    assert "1,000.50 baht" in html
    assert client.get(url(book, "hh_plan_delete", plan.id)).status_code == 405
    assert client.post(url(book, "hh_plan_delete", plan.id)).status_code == 302
    assert not Plan.objects.filter(id=plan.id).exists()


def test_a_plan_submitted_twice_is_saved_once(book):
    client = client_for(book.member_user)
    page = client.get(url(book, "hh_plans")).content.decode()
    key = re.search(r'name="key" value="([0-9a-f]{32})"', page).group(1)
    data = {"title": "ลดหวย", "kind": "spend_less", "categories": [cat(book.group_a, "lottery_gambling").id],
            "target": "30", "first_month": "03/2568", "last_month": "12/2568", "key": key}  # fmt: skip
    assert client.post(url(book, "hh_plans"), data).status_code == 302
    assert client.post(url(book, "hh_plans"), data).status_code == 302
    assert Plan.objects.filter(household=book.household).count() == 1


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"target": "30.555"}, "Give a percentage from 0.01 to 100."),
        ({"target": "150"}, "Give a percentage from 0.01 to 100."),
        ({"categories": []}, "Choose at least one category."),
        ({"last_month": "01/2568"}, "The plan ends before it starts."),
        ({"first_month": "2568"}, "Type the month as month/year"),
        ({"title": ""}, "This field is required."),
    ],
)
def test_plan_bad_input_writes_nothing(book, changes, message):
    data = {"title": "ลดหวย", "kind": "spend_less", "categories": [cat(book.group_a, "lottery_gambling").id],
            "target": "30", "first_month": "03/2568", "last_month": "12/2568", **changes}  # fmt: skip
    response = client_for(book.member_user).post(url(book, "hh_plans"), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Plan.objects.exists()


def test_plan_of_another_household_cannot_be_deleted(book):
    other = Household.objects.create(group=book.group_a, house_number="13")
    plan = Plan.objects.create(
        group=book.group_a, household=other, title="x", kind="spend_at_most", target=100,
        first_month=FEB, last_month=FEB, created_by=book.treasurer,
    )  # fmt: skip
    response = client_for(book.member_user).post(url(book, "hh_plan_delete", plan.id))
    assert response.status_code == 404
    assert Plan.objects.filter(id=plan.id).exists()


# --- sharing ----------------------------------------------------------------------------------------


def test_sharing_change_is_saved_and_the_helper_may_read_but_not_change(book):
    client = client_for(book.member_user)
    html = client.get(url(book, "hh_sharing")).content.decode()
    assert "Not counted in the village picture." in html
    assert "fewer than 5 households" in html
    response = client.post(url(book, "hh_sharing"), {"in_village_picture": "on", "helper": str(book.vice.id)})
    assert response.status_code == 302
    sharing = Sharing.objects.get(household=book.household)
    assert sharing.in_village_picture is True
    assert sharing.helper_id == book.vice.id
    # The helper opens the book but does not decide for the household.
    helper = client_for(book.vice)
    assert helper.get(url(book, "hh_month")).status_code == 200
    assert helper.get(url(book, "hh_sharing")).status_code == 200
    assert helper.post(url(book, "hh_sharing"), {"helper": ""}).status_code == 403
    assert Sharing.objects.get(household=book.household).helper_id == book.vice.id
    # Back to private, no helper: the helper is out.
    client.post(url(book, "hh_sharing"), {"helper": ""})
    sharing.refresh_from_db()
    assert sharing.in_village_picture is False
    assert sharing.helper_id is None
    assert helper.get(url(book, "hh_month")).status_code == 404


def test_sharing_refuses_a_helper_who_is_not_an_active_member_with_a_login(book):
    response = client_for(book.member_user).post(
        url(book, "hh_sharing"), {"in_village_picture": "on", "helper": str(book.officer.id)}
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Sharing.objects.exists()


# --- printed sheet and Excel -----------------------------------------------------------------------


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils not installed")
def test_sheet_pdf_has_the_thai_columns_and_the_amounts(book, tmp_path):
    response = client_for(book.member_user, "th").get(url(book, "hh_sheet") + "?month=02/2568")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    pdf = tmp_path / "sheet.pdf"
    pdf.write_bytes(response.content)

    def extract(mode):
        # pdftotext reads sara aa (า) of the embedded regular Sarabun subset back as sara am (ำ);
        # the printed page is right (looked at), so compare with both read as one.
        out = subprocess.run(["pdftotext", mode, str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        return out.replace("ำ", "า")

    raw, text = extract("-raw"), extract("-layout")
    for heading in ("บัญชีรับ-จ่ายครัวเรือน", "ประจาเดือน ก.พ. 2568", "วัน เดือน ปี", "รายการ", "รายรับ", "รายจ่าย"):
        assert heading in raw, heading
    lines = [line for line in text.splitlines() if line.strip()]
    dated = [line for line in lines if re.match(r"\s*\d\d/02/2568", line)]
    assert [re.match(r"\s*(\S+)", line).group(1) for line in dated] == ["03/02/2568", "05/02/2568", "07/02/2568"]
    assert dated[0].rstrip().endswith("3,000.00")
    assert "รับจ้างดานา" in dated[0]
    assert dated[1].rstrip().endswith("1,000.00")
    assert "ตลาดนัด" in dated[1]
    total = next(line for line in lines if "รวม" in line)
    assert re.findall(r"[\d,]+\.\d\d", total) == ["3,000.00", "1,500.00"]
    left = next(line for line in lines if "คงเหลือ" in line)
    assert re.findall(r"[\d,]+\.\d\d", left) == ["1,500.00"]
    assert "12" in text
    assert "มะลิ" in text


def test_export_xlsx_holds_the_right_numbers(book):
    services.entry_add(
        household=book.household, date=dt.date(2025, 2, 9), category=cat(book.group_a, "in_kind"), amount=12025,
        in_kind=True, note="ผักสวนครัว", actor=book.member_user,
    )  # fmt: skip
    response = client_for(book.member_user).get(url(book, "hh_export") + "?year=2568")
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    entries, months, by_category = workbook.worksheets
    rows = [r for r in entries.iter_rows(values_only=True) if r and r[0] and re.match(r"\d\d/\d\d/\d{4}", str(r[0]))]
    assert [r[0] for r in rows] == ["10/01/2568", "20/01/2568", "03/02/2568", "05/02/2568", "07/02/2568", "09/02/2568"]
    in_kind = rows[-1]
    assert in_kind[2] == "ผักสวนครัว"
    assert Decimal(str(in_kind[3])) == Decimal("120.25")
    assert in_kind[4] is None
    total = [r for r in entries.iter_rows(values_only=True) if r[1] == "Total"][0]
    assert (Decimal(str(total[3])), Decimal(str(total[4]))) == (Decimal("5120.25"), Decimal("2700"))
    feb = [r for r in months.iter_rows(values_only=True) if r[0] == "ก.พ. 2568"][0]
    assert [Decimal(str(v)) for v in feb[1:]] == [Decimal("3120.25"), Decimal("1500"), Decimal("1620.25")]
    food = [r for r in by_category.iter_rows(values_only=True) if r[1] == "Food and drink"][0]
    assert Decimal(str(food[2])) == Decimal("2200")


# --- the village picture ----------------------------------------------------------------------------


def _village(world, consenting: int, refusing: int = 0):
    """Households writing February 2025: consenting ones spend 100, 200, ... baht on food and earn
    1,000, 2,000, ...; refusing ones spend 90,000 and earn 1 baht (they would move every median)."""
    g = world.group_a
    for i in range(consenting + refusing):
        household = Household.objects.create(group=g, house_number=f"v{i}")
        consent = i < consenting
        services.sharing_set(household=household, in_village_picture=consent, actor=world.member_user)
        spend, earn = ((i + 1) * 10000, (i + 1) * 100000) if consent else (9_000_000, 100)
        for code, amount in (("food", spend), ("wages", earn)):
            services.entry_add(
                household=household, date=dt.date(2025, 2, 10), category=cat(g, code), amount=amount,
                actor=world.member_user,
            )  # fmt: skip


def test_village_picture_withholds_below_five_households(world):
    _village(world, consenting=4, refusing=3)
    response = client_for(world.member_user).get(reverse("hh_village", args=[world.group_a.id]) + "?month=02/2568")
    html = response.content.decode()
    withheld = "fewer than 5 households: not shown, to keep households private"
    for name in ("keeping", "median-spending", "median-income"):
        assert text_of(html, name) == withheld
    assert 'data-testid="by-category"' not in html
    # 4 of 4 would be a figure of 4 households; non-consenting ones are not counted as "keeping" either.
    assert not re.search(r"\d+ of \d+ households", html)
    assert "250.00" not in html
    assert "2,500.00" not in html


def test_village_picture_shows_exact_medians_of_five_consenting_households(world):
    _village(world, consenting=5, refusing=2)
    for user in (world.member_user, world.officer, world.treasurer, world.admin):
        html = client_for(user).get(reverse("hh_village", args=[world.group_a.id]) + "?month=02/2568").content.decode()
        assert text_of(html, "median-spending") == "300.00 baht"
        assert text_of(html, "median-income") == "3,000.00 baht"
        assert "5 of 7 households" in text_of(html, "keeping")
        assert text_of(html, "keeping").startswith("71.42%")  # 5/7 rounded down
        assert re.search(r"Food and drink</td><td class=\"money\">300.00 baht</td><td class=\"money\">5<", html)
        assert "90,000.00" not in html


def test_village_picture_is_not_for_the_network(world):
    response = client_for(world.network_user).get(reverse("hh_village", args=[world.group_a.id]))
    assert response.status_code == 403


# --- categories -------------------------------------------------------------------------------------


def test_categories_page_is_for_the_committee(world):
    page = reverse("hh_categories", args=[world.group_a.id])
    assert client_for(world.member_user).get(page).status_code == 403
    assert client_for(world.member_user).post(page, {"kind": "income", "name_th": "ขายปลา"}).status_code == 403
    assert client_for(world.officer).get(page).status_code == 403
    client = client_for(world.treasurer)
    assert "Food and drink" in client.get(page).content.decode()
    response = client.post(
        page, {"kind": "income", "name_th": "ขายปลาร้า", "name_en": "Fermented fish sold", "icon": "🐟"}
    )
    assert response.status_code == 302
    added = Category.objects.get(group=world.group_a, name_th="ขายปลาร้า")
    assert (added.kind, added.icon, added.standard) == ("income", "🐟", False)
    response = client.post(page, {"kind": "income", "name_th": "ขายปลาร้า"})
    assert "The group already has this category." in response.content.decode()
    response = client.post(page, {"kind": "expense", "name_th": "=SUM(A1)"})
    assert "A formula is not accepted here" in response.content.decode()
    assert Category.objects.filter(group=world.group_a, standard=False).count() == 1


# --- the fence --------------------------------------------------------------------------------------


HOUSEHOLD_PAGES = ["hh_month", "hh_year", "hh_plans", "hh_sharing", "hh_sheet", "hh_export"]


@pytest.mark.parametrize("who", ["treasurer", "vice", "auditor", "officer", "admin"])
def test_no_one_else_opens_a_household_page(book, who):
    plan = services.plan_save(
        household=book.household, title="x", kind="spend_at_most", categories_chosen=[cat(book.group_a, "food")],
        target=100, first_month=FEB, last_month=FEB, actor=book.member_user,
    )  # fmt: skip
    client = client_for(getattr(book, who))
    for name in HOUSEHOLD_PAGES:
        assert client.get(url(book, name)).status_code == 404, name
        assert client.post(url(book, name), {"in_village_picture": "on", "title": "x"}).status_code == 404, name
    assert client.post(url(book, "hh_plan_delete", plan.id)).status_code == 404
    assert Plan.objects.filter(id=plan.id).exists()
    assert not Sharing.objects.exists()
    # The owner reaches every one of them.
    owner = client_for(book.member_user)
    for name in HOUSEHOLD_PAGES:
        assert owner.get(url(book, name)).status_code == 200, name


def test_nav_links(book):
    html = client_for(book.member_user).get(url(book, "hh_month")).content.decode()
    assert reverse("hh_village", args=[book.group_a.id]) in html
    other = client_for(t.make_user("stranger"))
    assert other.get(reverse("hh_village", args=[book.group_a.id])).status_code == 404
