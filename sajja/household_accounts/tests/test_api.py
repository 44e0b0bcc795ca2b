"""The household accounts API end to end through ``django.test.Client`` with bearer tokens: every
route's happy path with exact satang, bad input refused with a 400 in Thai and English that writes
nothing, someone else's household 404, and idempotency keys.

The clock is fixed at 25 November 2026 (``timezone.localdate``)."""

import datetime as dt

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from sajja.api.api import api as ninja_api
from sajja.api.models import ApiToken
from sajja.household_accounts import services
from sajja.household_accounts.models import Entry, Plan, Sharing
from sajja.household_accounts.selectors import categories
from sajja.ledger.services import LineIn, entry_post
from sajja.members.models import Household

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


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Idempotency keys live in the cache: each test starts with none."""
    cache.clear()
    yield
    cache.clear()


class Api:
    def __init__(self, user, **headers):
        self.client = Client(headers={"Authorization": f"Bearer {ApiToken.issue(user)}", **headers})

    def get(self, path, **params):
        return self.client.get(API + path, params)

    def post(self, path, data=None, **headers):
        return self.client.post(API + path, data or {}, content_type="application/json", headers=headers)

    def put(self, path, data=None):
        return self.client.put(API + path, data or {}, content_type="application/json")

    def delete(self, path):
        return self.client.delete(API + path)


class Book:
    """World's member in house no. 12 of group A, with the group's categories by code."""

    def __init__(self, world):
        self.world = world
        self.household = Household.objects.create(group=world.group_a, house_number="12")
        world.member.household = self.household
        world.member.save(update_fields=["household"])
        self.cats = {c.code: c for c in categories(world.group_a)}
        self.api = Api(world.member_user)
        self.base = f"/groups/{world.group_a.id}/book"
        self.path = f"{self.base}/households/{self.household.id}"

    def add(self, day, code, satang, note="", **extra):
        return services.entry_add(
            household=self.household, date=day, category=self.cats[code], amount=satang, note=note,
            actor=self.world.member_user, **extra,
        )  # fmt: skip


@pytest.fixture
def book(world):
    return Book(world)


def counts():
    return (Entry.objects.count(), Plan.objects.count(), Sharing.objects.count())


def assert_refused(response, status=400, *, field=None, message_en=None):
    assert response.status_code == status, response.content
    body = response.json()
    if status == 400:
        assert body["message_th"].strip()
        assert body["message_en"].strip()
        if field:
            assert body["field"] == field, body
        if message_en:
            assert body["message_en"] == message_en
    return body


# --- households and categories --------------------------------------------------------------------


def test_the_caller_sees_only_the_households_they_keep(world, book):
    response = book.api.get(f"{book.base}/households")
    assert response.status_code == 200
    assert response.json() == [{"id": book.household.id, "house_number": "12", "own": True}]
    # The treasurer manages the group, but keeps no household book here.
    assert Api(world.treasurer).get(f"{book.base}/households").json() == []
    assert Api(world.admin).get(f"{book.base}/households").json() == []


def test_categories_are_the_standard_taxonomy_named_in_the_request_language(world, book):
    response = book.api.get(f"{book.base}/categories")
    assert response.status_code == 200
    rows = {row["code"]: row for row in response.json()}
    assert len(rows) == 22
    food = rows["food"]
    assert food == {
        "id": book.cats["food"].id, "code": "food", "kind": "expense", "name": "อาหารและเครื่องดื่ม",
        "name_th": "อาหารและเครื่องดื่ม", "name_en": "Food and drink", "icon": "🍚", "occupation": False,
        "standard": True,
    }  # fmt: skip
    assert rows["farm_costs"]["occupation"] is True
    assert rows["in_kind"]["kind"] == "income"
    english = Api(world.member_user)
    english.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # the language the person chose
    names = {row["code"]: row["name"] for row in english.get(f"{book.base}/categories").json()}
    assert names["food"] == "Food and drink"


# --- entries --------------------------------------------------------------------------------------


def test_an_expense_is_written_with_exact_satang(world, book):
    response = book.api.post(
        f"{book.path}/entries",
        {"date": "05/11/2569", "category": book.cats["food"].id, "amount": "1,234.56", "note": "ข้าวสาร"},
    )
    assert response.status_code == 201, response.content
    body = response.json()
    entry = Entry.objects.get()
    assert body == {
        "id": entry.id, "household_id": book.household.id, "date": "2026-11-05", "kind": "expense",
        "category": book.cats["food"].id, "category_code": "food", "amount": "1234.56", "note": "ข้าวสาร",
        "for_occupation": False, "in_kind": False, "duplicate": False,
    }  # fmt: skip
    assert (entry.amount, entry.date, entry.kind, entry.group_id, entry.created_by) == (
        123456,
        dt.date(2026, 11, 5),
        "expense",
        world.group_a.id,
        world.member_user,
    )


def test_farm_costs_are_for_the_occupation_and_produce_can_come_in_kind(book):
    farm = book.api.post(
        f"{book.path}/entries", {"date": "2026-11-06", "category": book.cats["farm_costs"].id, "amount": "850"}
    )
    assert farm.status_code == 201, farm.content
    assert farm.json()["for_occupation"] is True
    home = book.api.post(
        f"{book.path}/entries",
        {"date": "2026-11-06", "category": book.cats["farm_costs"].id, "amount": "10", "for_occupation": False},
    )
    assert home.json()["for_occupation"] is False
    garden = book.api.post(
        f"{book.path}/entries",
        {"date": "06/11/2026", "category": book.cats["in_kind"].id, "amount": "๑๒๐.๕๐", "in_kind": True},
    )
    assert garden.status_code == 201, garden.content
    assert (garden.json()["amount"], garden.json()["in_kind"], garden.json()["kind"]) == ("120.50", True, "income")
    assert sorted(Entry.objects.values_list("amount", flat=True)) == [1000, 12050, 85000]


def test_entries_are_listed_in_the_period_asked(book):
    book.add(dt.date(2026, 10, 31), "food", 10000, "ตุลา")
    book.add(dt.date(2026, 11, 1), "food", 20000, "ต้นเดือน")
    book.add(dt.date(2026, 11, 20), "transport", 30050, "น้ำมัน")
    default = book.api.get(f"{book.path}/entries")
    assert [(e["date"], e["amount"], e["note"]) for e in default.json()] == [
        ("2026-11-20", "300.50", "น้ำมัน"),
        ("2026-11-01", "200.00", "ต้นเดือน"),
    ]
    asked = book.api.get(f"{book.path}/entries", since="31/10/2569", until="2026-11-01")
    assert [e["note"] for e in asked.json()] == ["ต้นเดือน", "ตุลา"]
    assert_refused(book.api.get(f"{book.path}/entries", since="2026-11-02", until="2026-11-01"), field="until")


@pytest.mark.parametrize(
    ("change", "field", "message_en"),
    [
        ({"amount": 12.5}, "amount", FLOAT_EN),
        ({"amount": "-5"}, "amount", "The amount must be more than zero."),
        ({"amount": "0"}, "amount", "The amount must be more than zero."),
        ({"amount": "abc"}, "amount", "“abc” is not an amount of money."),
        ({"amount": "1000000.01"}, "amount", "The amount is too large for a household entry."),
        ({"amount": "1e30"}, "amount", None),
        ({"amount": "10.005"}, "amount", None),
        ({"amount": ""}, "amount", None),
        ({"date": "26/11/2569"}, "date", "The date is in the future."),
        ({"date": "31/02/2569"}, "date", None),
        ({"date": "yesterday"}, "date", None),
        ({"category": "abc"}, "category", None),
        ({"category": 999999}, "category", "Choose one of the group's categories."),
        ({"in_kind": True}, "in_kind", None),
        ({"note": "=HYPERLINK(1)"}, "note", None),
        ({"note": "ก" * 201}, "note", None),
        ({"key": "k" * 81}, "key", None),
    ],
)
def test_bad_input_is_refused_in_both_languages_and_writes_nothing(book, change, field, message_en):
    before = counts()
    data = {"date": "05/11/2569", "category": book.cats["food"].id, "amount": "100", "note": "", **change}
    body = assert_refused(book.api.post(f"{book.path}/entries", data), field=field, message_en=message_en)
    if message_en == FLOAT_EN:
        assert body["message_th"] == FLOAT_TH
    assert counts() == before


def test_a_category_of_another_group_is_refused(world, book):
    other = next(c for c in categories(world.group_b) if c.code == "food")
    before = counts()
    response = book.api.post(f"{book.path}/entries", {"date": "05/11/2569", "category": other.id, "amount": "100"})
    assert_refused(response, field="category", message_en="Choose one of the group's categories.")
    assert counts() == before


def test_someone_elses_household_is_404_and_nothing_is_written(world, book):
    neighbour = Household.objects.create(group=world.group_a, house_number="13")
    other_group = Household.objects.create(group=world.group_b, house_number="14")
    world.member_b.household = other_group
    world.member_b.save(update_fields=["household"])
    data = {"date": "05/11/2569", "category": book.cats["food"].id, "amount": "100", "note": "x"}
    before = counts()
    assert_refused(book.api.post(f"{book.base}/households/{neighbour.id}/entries", data), 404)
    assert_refused(book.api.get(f"{book.base}/households/{neighbour.id}/month"), 404)
    assert_refused(book.api.post(f"/groups/{world.group_b.id}/book/households/{other_group.id}/entries", data), 404)
    assert_refused(book.api.post(f"{book.base}/households/{other_group.id}/entries", data), 404)
    for who in (world.treasurer, world.auditor, world.officer, world.admin):
        assert_refused(Api(who).post(f"{book.path}/entries", data), 404)
        assert_refused(Api(who).get(f"{book.path}/entries"), 404)
    assert_refused(Api(world.network_user).get(f"{book.path}/entries"), 403)
    assert counts() == before


def test_the_same_key_writes_one_entry(book):
    data = {"date": "05/11/2569", "category": book.cats["food"].id, "amount": "45.25", "key": "phone-1"}
    first = book.api.post(f"{book.path}/entries", data)
    again = book.api.post(f"{book.path}/entries", {**data, "amount": "99"})  # a resend: the first answer
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json() == {**first.json(), "duplicate": True}
    assert list(Entry.objects.values_list("amount", flat=True)) == [4525]
    # The header works the same way, and a key differing from the body's is refused.
    header = book.api.post(f"{book.path}/entries", {**data, "key": ""}, **{"Idempotency-Key": "phone-1"})
    assert (header.status_code, header.json()["id"]) == (200, first.json()["id"])
    assert_refused(book.api.post(f"{book.path}/entries", data, **{"Idempotency-Key": "other"}), field="key")
    # A new key is a new entry; no key at all is always a new entry.
    assert book.api.post(f"{book.path}/entries", {**data, "key": "phone-2"}).status_code == 201
    assert book.api.post(f"{book.path}/entries", {**data, "key": ""}).status_code == 201
    assert book.api.post(f"{book.path}/entries", {**data, "key": ""}).status_code == 201
    assert Entry.objects.count() == 4


def test_a_refused_entry_does_not_use_up_its_key(book):
    data = {"date": "26/11/2569", "category": book.cats["food"].id, "amount": "45.25", "key": "phone-9"}
    assert_refused(book.api.post(f"{book.path}/entries", data), field="date")
    fixed = book.api.post(f"{book.path}/entries", {**data, "date": "25/11/2569"})
    assert fixed.status_code == 201
    assert Entry.objects.get().date == TODAY


def test_a_key_is_the_households_own(world, book):
    """Two households using the same key (two phones counting from 1) get their own entries."""
    other = Household.objects.create(group=world.group_a, house_number="20")
    world.vice.memberships.update(household=other)
    data = {"date": "05/11/2569", "category": book.cats["food"].id, "amount": "10", "key": "1"}
    assert book.api.post(f"{book.path}/entries", data).status_code == 201
    response = Api(world.vice).post(f"{book.base}/households/{other.id}/entries", data)
    assert response.status_code == 201, response.content
    assert sorted(Entry.objects.values_list("household_id", flat=True)) == sorted([book.household.id, other.id])


def test_an_entry_is_taken_back_by_its_household_only(world, book):
    entry = book.add(dt.date(2026, 11, 5), "food", 5000)
    neighbour = Household.objects.create(group=world.group_a, house_number="13")
    world.vice.memberships.update(household=neighbour)
    theirs = services.entry_add(
        household=neighbour, date=dt.date(2026, 11, 5), category=book.cats["food"], amount=7000, actor=world.vice
    )
    assert_refused(book.api.delete(f"{book.path}/entries/{theirs.id}"), 404)
    assert_refused(book.api.delete(f"{book.base}/households/{neighbour.id}/entries/{theirs.id}"), 404)
    assert_refused(Api(world.treasurer).delete(f"{book.path}/entries/{entry.id}"), 404)
    assert Entry.objects.count() == 2
    response = book.api.delete(f"{book.path}/entries/{entry.id}")
    assert response.status_code == 204
    assert list(Entry.objects.values_list("id", flat=True)) == [theirs.id]


# --- summaries ------------------------------------------------------------------------------------


def test_the_month_by_category_next_to_the_month_before(book):
    book.add(dt.date(2026, 10, 3), "food", 100000)
    book.add(dt.date(2026, 10, 9), "wages", 500000)
    book.add(dt.date(2026, 11, 1), "wages", 1000000)
    book.add(dt.date(2026, 11, 2), "food", 150025)
    book.add(dt.date(2026, 11, 25), "farm_costs", 100025)
    response = book.api.get(f"{book.path}/month", month="2569-11")
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["month"], body["previous_month"]) == ("2026-11", "2026-10")
    assert body["totals"] == {
        "income": "10000.00",
        "spending": "2500.50",
        "occupation_spending": "1000.25",
        "left_over": "7499.50",
        "savings_rate": "74.99",
        "entries": 3,
    }  # fmt: skip  (7499.50 / 10000 = 74.995 %, rounded down)
    assert body["previous"]["savings_rate"] == "80.00"
    rows = {r["category"]["code"]: (r["amount"], r["previous"], r["change"]) for r in body["by_category"]}
    assert rows == {
        "wages": ("10000.00", "5000.00", "5000.00"),
        "food": ("1500.25", "1000.00", "500.25"),
        "farm_costs": ("1000.25", "0.00", "1000.25"),
    }
    empty = book.api.get(f"{book.path}/month", month="2026-01").json()
    assert empty["totals"]["savings_rate"] is None
    assert empty["by_category"] == []
    assert_refused(book.api.get(f"{book.path}/month", month="2026-13"), field="month")


def test_the_year_and_its_twelve_months(book):
    book.add(dt.date(2026, 1, 3), "wages", 300000)
    book.add(dt.date(2026, 1, 4), "alcohol_tobacco", 12345)
    book.add(dt.date(2026, 11, 4), "food", 100)
    book.add(dt.date(2025, 12, 31), "food", 99999)  # the year before
    body = book.api.get(f"{book.path}/year", year="2569").json()
    assert body["year"] == 2026
    assert [m["month"] for m in body["months"]] == [f"2026-{i:02d}" for i in range(1, 13)]
    assert body["months"][0]["spending"] == "123.45"
    assert body["months"][10]["spending"] == "1.00"
    assert body["totals"]["income"] == "3000.00"
    assert body["totals"]["spending"] == "124.45"
    assert body["totals"]["entries"] == 3
    assert book.api.get(f"{book.path}/year", year="2026").json() == body
    assert_refused(book.api.get(f"{book.path}/year", year="69"), field="year")


def test_savings_and_debts_come_from_the_group_ledger(world, book):
    assert book.api.get(f"{book.path}/money").json() == {
        "household_id": book.household.id,
        "savings": "0.00",
        "debts": "0.00",
    }
    entry_post(
        group=world.group_a, date=dt.date(2026, 11, 5), memo="สัจจะ", actor=world.treasurer,
        lines=[LineIn("cash", debit=150050), LineIn("pledge", credit=150050, member=world.member)],
    )  # fmt: skip
    entry_post(
        group=world.group_a, date=dt.date(2026, 11, 5), memo="ค่าปรับ", actor=world.treasurer,
        lines=[LineIn("fines_receivable", debit=2000, member=world.member), LineIn("fine_income", credit=2000)],
    )  # fmt: skip
    body = book.api.get(f"{book.path}/money").json()
    assert (body["savings"], body["debts"]) == ("1500.50", "20.00")


# --- plans ----------------------------------------------------------------------------------------


def test_a_spend_less_plan_with_this_months_progress(book):
    for month in (8, 9, 10):
        book.add(dt.date(2026, month, 10), "lottery_gambling", 30000)
    book.add(dt.date(2026, 11, 10), "lottery_gambling", 15000)
    response = book.api.post(
        f"{book.path}/plans",
        {
            "title": "ลดหวย 30%", "kind": "spend_less", "categories": [book.cats["lottery_gambling"].id],
            "target": "30", "first_month": "2569-11", "last_month": "10/2570",
        },
    )  # fmt: skip
    assert response.status_code == 201, response.content
    plan = Plan.objects.get()
    assert (plan.target, plan.first_month, plan.last_month) == (3000, dt.date(2026, 11, 1), dt.date(2027, 10, 1))
    body = response.json()
    assert body == {
        "id": plan.id, "title": "ลดหวย 30%", "kind": "spend_less", "categories": [book.cats["lottery_gambling"].id],
        "target": "30.00", "target_unit": "percent", "first_month": "2026-11", "last_month": "2027-10",
        "progress": {"month": "2026-11", "in_force": True, "goal": "210.00", "actual": "150.00", "met": True,
                     "baseline": "300.00"},
    }  # fmt: skip
    assert book.api.get(f"{book.path}/plans").json() == [body]


def test_an_earning_plan_in_baht(book):
    book.add(dt.date(2026, 11, 3), "in_kind", 60000, in_kind=True)
    response = book.api.post(
        f"{book.path}/plans",
        {
            "title": "ผักสวนครัว", "kind": "earn_at_least", "categories": [book.cats["in_kind"].id],
            "target": "1,000", "first_month": "2026-11", "last_month": "2026-12",
        },
    )  # fmt: skip
    assert response.status_code == 201, response.content
    assert Plan.objects.get().target == 100000
    progress = response.json()["progress"]
    assert (progress["goal"], progress["actual"], progress["met"], progress["baseline"]) == (
        "1000.00",
        "600.00",
        False,
        None,
    )


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"target": 30.5}, "target"),
        ({"target": "abc"}, "target"),
        ({"target": "30.001"}, "target"),
        ({"target": "0"}, "target"),
        ({"target": "101"}, "target"),
        ({"categories": []}, "categories"),
        ({"categories": ["x"]}, "categories"),
        ({"categories": "wages"}, "categories"),
        ({"kind": "dream"}, "kind"),
        ({"title": ""}, "title"),
        ({"first_month": "2026-12", "last_month": "2026-11"}, "last_month"),
        ({"first_month": "13/2569"}, "first_month"),
    ],
)
def test_a_bad_plan_is_refused_and_nothing_is_written(book, change, field):
    data = {
        "title": "ลดเหล้า", "kind": "spend_less", "categories": [book.cats["alcohol_tobacco"].id], "target": "30",
        "first_month": "2026-11", "last_month": "2026-12", **change,
    }  # fmt: skip
    before = counts()
    response = book.api.post(f"{book.path}/plans", data)
    if change.get("categories") == "wages":  # not a list: the schema's own 422
        assert response.status_code == 422
    else:
        assert_refused(response, field=field)
    assert counts() == before


def test_a_plan_on_a_spending_category_of_another_group_or_kind_is_refused(world, book):
    other = next(c for c in categories(world.group_b) if c.code == "alcohol_tobacco")
    data = {"title": "x", "kind": "spend_at_most", "target": "100", "first_month": "2026-11", "last_month": "2026-11"}
    assert_refused(book.api.post(f"{book.path}/plans", {**data, "categories": [other.id]}), field="category")
    assert_refused(
        book.api.post(f"{book.path}/plans", {**data, "categories": [book.cats["wages"].id]}), field="categories"
    )
    assert Plan.objects.count() == 0


def test_a_plan_is_deleted_by_its_household_only(world, book):
    plan = services.plan_save(
        household=book.household, title="ลดเหล้า", kind="spend_at_most", categories_chosen=[book.cats["alcohol_tobacco"]],
        target=50000, first_month=dt.date(2026, 11, 1), last_month=dt.date(2026, 12, 1), actor=world.member_user,
    )  # fmt: skip
    assert_refused(Api(world.treasurer).delete(f"{book.path}/plans/{plan.id}"), 404)
    assert_refused(book.api.delete(f"{book.path}/plans/{plan.id + 1000}"), 404)
    assert Plan.objects.count() == 1
    assert book.api.delete(f"{book.path}/plans/{plan.id}").status_code == 204
    assert Plan.objects.count() == 0


# --- sharing --------------------------------------------------------------------------------------


def test_sharing_is_private_by_default_and_set_by_the_household(world, book):
    assert book.api.get(f"{book.path}/sharing").json() == {
        "household_id": book.household.id, "in_village_picture": False, "helper_user_id": None, "helper_name": None,
    }  # fmt: skip
    response = book.api.put(f"{book.path}/sharing", {"in_village_picture": True, "helper_user_id": world.vice.id})
    assert response.status_code == 200, response.content
    assert response.json()["in_village_picture"] is True
    assert response.json()["helper_user_id"] == world.vice.id
    sharing = Sharing.objects.get()
    assert (sharing.household, sharing.in_village_picture, sharing.helper) == (book.household, True, world.vice)

    # The helper now keeps the book (not as their own), but may not change the household's choices.
    helper = Api(world.vice)
    assert helper.get(f"{book.base}/households").json() == [
        {"id": book.household.id, "house_number": "12", "own": False}
    ]
    assert (
        helper.post(
            f"{book.path}/entries", {"date": "05/11/2569", "category": book.cats["food"].id, "amount": "10"}
        ).status_code
        == 201
    )
    assert_refused(helper.put(f"{book.path}/sharing", {"in_village_picture": False, "helper_user_id": None}), 403)
    assert Sharing.objects.get().in_village_picture is True

    # Back to private: the helper loses the book.
    assert book.api.put(f"{book.path}/sharing", {"in_village_picture": False}).json()["helper_user_id"] is None
    assert_refused(helper.get(f"{book.path}/entries"), 404)


def test_a_helper_must_be_an_active_member_of_the_group(world, book):
    for user_id in (world.treasurer_b.id, world.officer.id, 999999):
        response = book.api.put(f"{book.path}/sharing", {"in_village_picture": True, "helper_user_id": user_id})
        assert_refused(response, field="helper")
    assert Sharing.objects.count() == 0


# --- the village picture --------------------------------------------------------------------------


def _households_sharing(world, n, *, spend_from=100000, consent=True, prefix="v"):
    cats = {c.code: c for c in categories(world.group_a)}
    for i in range(n):
        household = Household.objects.create(group=world.group_a, house_number=f"{prefix}{i}")
        services.sharing_set(household=household, in_village_picture=consent, actor=world.admin)
        services.entry_add(
            household=household, date=dt.date(2026, 11, 3), category=cats["food"], amount=spend_from + i * 1000,
            actor=world.admin,
        )  # fmt: skip
        services.entry_add(
            household=household, date=dt.date(2026, 11, 3), category=cats["wages"], amount=500000, actor=world.admin
        )


def test_the_village_picture_is_withheld_below_five_households(world, book):
    _households_sharing(world, 4)
    body = Api(world.officer).get(f"{book.base}/village", month="2026-11").json()
    assert body["withheld"] is True
    assert body["reason"]["code"] == "too_few_households"
    assert body["reason"]["message_th"]
    assert body["reason"]["message_en"]
    assert (body["median_spending"], body["median_income"], body["by_category"], body["sharing"]) == (None, None, [], 0)
    assert body["keeping"] is None
    assert len(body["trend"]) == 12
    assert all(p["median_spending"] is None for p in body["trend"])


def test_the_village_picture_shows_medians_of_five_households(world, book):
    _households_sharing(world, 5)  # food 1000, 1010, 1020, 1030, 1040 baht
    response = Api(world.officer).get(f"{book.base}/village", month="11/2569")
    assert response.status_code == 200
    body = response.json()
    assert (body["withheld"], body["reason"], body["sharing"], body["keeping"]) == (False, None, 5, 5)
    assert (body["median_spending"], body["median_income"]) == ("1020.00", "5000.00")
    assert [(r["category"]["code"], r["median"], r["households"]) for r in body["by_category"]] == [
        ("food", "1020.00", 5)
    ]
    assert body["trend"][-1] == {"month": "2026-11", "median_spending": "1020.00"}
    # The network sees group figures, but the village picture is for the group and its officer.
    assert_refused(Api(world.network_user).get(f"{book.base}/village"), 403)


def test_the_openapi_schema_lists_the_household_routes():
    schema = ninja_api.get_openapi_schema()
    paths = [p for p in schema["paths"] if "/book/" in p]
    assert "/api/v1/groups/{group_id}/book/households/{household_id}/entries" in paths
    assert "/api/v1/groups/{group_id}/book/village" in paths
    operation = schema["paths"]["/api/v1/groups/{group_id}/book/households/{household_id}/entries"]["post"]
    assert operation["tags"] == ["household accounts"]


def test_a_key_being_saved_by_another_request_is_not_saved_twice(book):
    """Two sends at once: the second finds the key taken but no entry yet, and writes nothing."""
    from sajja.household_accounts.api import PENDING, _key_slot

    cache.set(_key_slot(book.household, "phone-7"), PENDING, 60)
    data = {"date": "05/11/2569", "category": book.cats["food"].id, "amount": "10", "key": "phone-7"}
    body = assert_refused(book.api.post(f"{book.path}/entries", data), 409)
    assert body["code"] == "in_progress"
    assert body["message_th"]
    assert Entry.objects.count() == 0
