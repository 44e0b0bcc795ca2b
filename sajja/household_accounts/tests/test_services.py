"""Writes of household accounts: exactly the row asked for, or a clear refusal that writes nothing."""

import contextlib
import datetime as dt

import pytest
from django.utils import timezone

from sajja.core import testing as t
from sajja.core.errors import SajjaError
from sajja.household_accounts import services
from sajja.household_accounts.models import Category, Entry, Plan, Sharing
from sajja.household_accounts.selectors import categories
from sajja.members.models import Household, Member
from sajja.members.services import member_leave

D = dt.date


@pytest.fixture
def household(world):
    household = Household.objects.create(group=world.group_a, house_number="12")
    world.member.household = household
    world.member.save(update_fields=["household"])
    return household


@pytest.fixture
def cats(world):
    return {c.code: c for c in categories(world.group_a)}


def counts() -> tuple:
    return (
        Entry.objects.count(),
        Category.objects.count(),
        Plan.objects.count(),
        Plan.categories.through.objects.count(),
        tuple(Sharing.objects.order_by("id").values_list("id", "in_village_picture", "helper_id")),
    )


@contextlib.contextmanager
def refused(code: str, message: str, field: str | None = None):
    """Expect a ``SajjaError`` with ``code`` and this English message (and a Thai one) that writes nothing."""
    before = counts()
    with pytest.raises(SajjaError) as caught:
        yield caught
    error = caught.value
    assert (error.code, error.in_language("en")) == (code, message)
    assert error.in_language("th")
    if field is not None:
        assert error.field == field
    assert counts() == before


def add(household, category, *, amount=12_050, date=None, actor, **kwargs):
    return services.entry_add(
        household=household,
        date=date or timezone.localdate(),
        category=category,
        amount=amount,
        actor=actor,
        **kwargs,
    )


# --- entries ------------------------------------------------------------------------------------


def test_entry_add_writes_exactly_the_row(world, household, cats):
    day = timezone.localdate() - dt.timedelta(days=3)
    entry = add(household, cats["food"], amount=12_050, date=day, note="  ข้าวสาร   ตลาดเช้า ", actor=world.member_user)
    row = Entry.objects.filter(id=entry.id).values(
        "group_id", "household_id", "date", "kind", "category_id", "amount", "note", "for_occupation", "in_kind",
        "created_by_id",
    ).get()  # fmt: skip
    assert row == {
        "group_id": world.group_a.id,
        "household_id": household.id,
        "date": day,
        "kind": "expense",
        "category_id": cats["food"].id,
        "amount": 12_050,
        "note": "ข้าวสาร ตลาดเช้า",
        "for_occupation": False,
        "in_kind": False,
        "created_by_id": world.member_user.id,
    }
    assert Entry.objects.count() == 1


def test_entry_add_takes_the_kind_from_the_category(world, household, cats):
    income = add(household, cats["farming"], amount=1_500_000, actor=world.member_user)
    assert (income.kind, income.for_occupation, income.in_kind) == ("income", False, False)
    by_id = add(household, cats["wages"].id, actor=world.member_user)  # an id works as well as a category
    assert (by_id.kind, by_id.category_id) == ("income", cats["wages"].id)


def test_for_occupation_defaults_from_the_category_and_spending_may_override(world, household, cats):
    farm = add(household, cats["farm_costs"], actor=world.member_user)
    assert farm.for_occupation is True  # seeds, fertiliser: usually for the work
    assert add(household, cats["farm_costs"], for_occupation=False, actor=world.member_user).for_occupation is False
    assert add(household, cats["food"], actor=world.member_user).for_occupation is False
    assert add(household, cats["transport"], for_occupation=True, actor=world.member_user).for_occupation is True


def test_an_income_is_never_for_occupation(world, household, cats):
    income = add(household, cats["business"], for_occupation=True, actor=world.member_user)
    assert Entry.objects.get(id=income.id).for_occupation is False


def test_in_kind_income(world, household, cats):
    entry = add(household, cats["in_kind"], amount=8_000, in_kind=True, note="ผักบุ้ง ปลานิล", actor=world.member_user)
    assert Entry.objects.values_list("kind", "in_kind", "amount").get(id=entry.id) == ("income", True, 8_000)


def test_the_largest_amount_and_today_are_accepted(world, household, cats):
    entry = add(household, cats["farming"], amount=100_000_000, date=timezone.localdate(), actor=world.member_user)
    assert Entry.objects.get(id=entry.id).amount == 100_000_000


FLOAT = "Amounts must be whole satang (an integer), never a floating-point number."


@pytest.mark.parametrize(
    ("amount", "code", "message"),
    [
        (120.5, "float", FLOAT),
        (100.0, "float", FLOAT),
        (True, "float", FLOAT),
        ("12050", "float", FLOAT),
        (None, "float", FLOAT),
        (0, "not_positive", "The amount must be more than zero."),
        (-100, "not_positive", "The amount must be more than zero."),
        (100_000_001, "too_large", "The amount is too large for a household entry."),
    ],
)
def test_entry_add_refuses_bad_amounts(world, household, cats, amount, code, message):
    with refused(code, message, field="amount"):
        add(household, cats["food"], amount=amount, actor=world.member_user)


def test_entry_add_refuses_a_future_date(world, household, cats):
    with refused("future", "The date is in the future.", field="date"):
        add(household, cats["food"], date=timezone.localdate() + dt.timedelta(days=1), actor=world.member_user)


def test_entry_add_refuses_more_than_ten_years_ago(world, household, cats):
    today = timezone.localdate()
    ten_years = today.replace(year=today.year - 10, day=28 if (today.month, today.day) == (2, 29) else today.day)
    add(household, cats["food"], date=ten_years, actor=world.member_user)  # exactly ten years is fine
    with refused("too_old", "The date is more than ten years ago.", field="date"):
        add(household, cats["food"], date=ten_years - dt.timedelta(days=1), actor=world.member_user)


@pytest.mark.parametrize("date", [None, "2026-01-01", dt.datetime(2025, 1, 1, 12, 0)])
def test_entry_add_refuses_what_is_not_a_date(world, household, cats, date):
    with refused("date", "Give the date.", field="date"):
        services.entry_add(household=household, date=date, category=cats["food"], amount=100, actor=world.member_user)


def test_entry_add_refuses_another_groups_category_like_a_missing_one(world, household, cats):
    other = categories(world.group_b)[0]
    message = "Choose one of the group's categories."
    with refused("category", message, field="category"):
        add(household, other, actor=world.member_user)
    with refused("category", message, field="category"):
        add(household, other.id, actor=world.member_user)
    missing = Category.objects.order_by("-id").first().id + 1000
    with refused("category", message, field="category"):
        add(household, missing, actor=world.member_user)


def test_entry_add_refuses_in_kind_spending(world, household, cats):
    with refused("in_kind", "Only an income can come in kind.", field="in_kind"):
        add(household, cats["food"], in_kind=True, actor=world.member_user)


@pytest.mark.parametrize("note", ['=HYPERLINK("http://x")', "+1+1", "@SUM(A1)", "-=1"])
def test_entry_add_refuses_a_formula_as_note(world, household, cats, note):
    with refused("formula", "A formula is not accepted here; type the value itself.", field="note"):
        add(household, cats["food"], note=note, actor=world.member_user)


def test_entry_add_refuses_a_note_too_long(world, household, cats):
    with refused("too_long", "Too long: at most 200 characters.", field="note"):
        add(household, cats["food"], note="ก" * 201, actor=world.member_user)


def test_entry_delete(world, household, cats):
    keep = add(household, cats["food"], actor=world.member_user)
    gone = add(household, cats["food"], amount=5_000, actor=world.member_user)
    services.entry_delete(entry=gone, actor=world.member_user)
    assert list(Entry.objects.values_list("id", flat=True)) == [keep.id]


# --- the group's own categories ---------------------------------------------------------------------


def test_category_add(world, cats):
    category = services.category_add(
        group=world.group_a, kind="income", name_th="ขายไข่เป็ด", name_en="Duck eggs", icon="🥚", actor=world.treasurer
    )
    category.refresh_from_db()
    assert category.code == f"g{category.id}"
    assert (category.group_id, category.kind, category.name_th, category.name_en, category.icon) == (
        world.group_a.id, "income", "ขายไข่เป็ด", "Duck eggs", "🥚",
    )  # fmt: skip
    assert (category.standard, category.occupation) == (False, False)
    assert category.order == 200 + 22
    assert categories(world.group_a)[-1] == category  # after the standard ones
    assert category not in categories(world.group_b)
    # An English name defaults to the Thai one.
    second = services.category_add(group=world.group_a, kind="expense", name_th="ค่าหวยใต้ดิน", actor=world.treasurer)
    assert (second.name_en, second.code) == ("ค่าหวยใต้ดิน", f"g{second.id}")


def test_category_add_refuses_a_duplicate(world, cats):
    services.category_add(group=world.group_a, kind="income", name_th="ขายไข่เป็ด", actor=world.treasurer)
    with refused("duplicate", "The group already has this category.", field="name_th"):
        services.category_add(group=world.group_a, kind="income", name_th=" ขายไข่เป็ด ", actor=world.treasurer)
    with refused("duplicate", "The group already has this category.", field="name_th"):
        services.category_add(group=world.group_a, kind="expense", name_th="เหล้า บุหรี่", actor=world.treasurer)
    # The same name as the other kind, or in another group, is another category.
    services.category_add(group=world.group_a, kind="expense", name_th="ขายไข่เป็ด", actor=world.treasurer)
    services.category_add(group=world.group_b, kind="income", name_th="ขายไข่เป็ด", actor=world.treasurer_b)


@pytest.mark.parametrize(
    ("kwargs", "code", "message"),
    [
        ({"kind": "gift"}, "kind", "Choose income or spending."),
        ({"name_th": "  "}, "required", "This field is required."),
        ({"name_th": "=1+1"}, "formula", "A formula is not accepted here; type the value itself."),
    ],
)
def test_category_add_refusals(world, cats, kwargs, code, message):
    values = {"group": world.group_a, "kind": "income", "name_th": "ขายไข่เป็ด", "actor": world.treasurer, **kwargs}
    with refused(code, message):
        services.category_add(**values)


# --- plans -------------------------------------------------------------------------------------------


def plan(household, actor, **overrides):
    values = {
        "household": household,
        "title": "ลดเหล้าและหวยลง 30%",
        "kind": "spend_less",
        "categories_chosen": [],
        "target": 3000,
        "first_month": D(2026, 7, 15),
        "last_month": D(2026, 12, 31),
        "actor": actor,
    }
    values.update(overrides)
    return services.plan_save(**values)


def test_plan_save_spend_less(world, household, cats):
    saved = plan(household, world.member_user, categories_chosen=[cats["alcohol_tobacco"], cats["lottery_gambling"].id])
    saved = Plan.objects.get(id=saved.id)
    assert (saved.group_id, saved.household_id, saved.title, saved.kind, saved.target) == (
        world.group_a.id, household.id, "ลดเหล้าและหวยลง 30%", "spend_less", 3000,
    )  # fmt: skip
    assert (saved.first_month, saved.last_month) == (D(2026, 7, 1), D(2026, 12, 1))  # whole months
    assert {c.code for c in saved.categories.all()} == {"alcohol_tobacco", "lottery_gambling"}
    assert saved.created_by == world.member_user


def test_plan_save_spend_at_most_and_earn_at_least(world, household, cats):
    spend = plan(household, world.member_user, kind="spend_at_most", target=300_000, categories_chosen=[cats["food"]])
    earn = plan(
        household,
        world.member_user,
        title="รายได้จากสวนครัวเดือนละ 1,000 บาท",
        kind="earn_at_least",
        target=100_000,
        categories_chosen=[cats["in_kind"], cats["farming"]],
        first_month=D(2026, 1, 1),
        last_month=D(2030, 12, 1),  # five years exactly
    )
    assert Plan.objects.values_list("kind", "target").get(id=spend.id) == ("spend_at_most", 300_000)
    assert Plan.objects.values_list("kind", "target", "last_month").get(id=earn.id) == (
        "earn_at_least", 100_000, D(2030, 12, 1),
    )  # fmt: skip
    assert {c.code for c in earn.categories.all()} == {"in_kind", "farming"}


def test_plan_save_of_a_single_month(world, household, cats):
    saved = plan(household, world.member_user, categories_chosen=[cats["food"]], last_month=D(2026, 7, 31))
    assert (saved.first_month, saved.last_month) == (D(2026, 7, 1), D(2026, 7, 1))


TYPES = "An income plan takes income categories; a spending plan takes spending categories."


@pytest.mark.parametrize(
    ("overrides", "code", "message"),
    [
        ({"categories_chosen": []}, "categories", "Choose at least one category."),
        ({"categories_chosen": ["farming"]}, "categories", TYPES),
        ({"categories_chosen": ["food", "wages"]}, "categories", TYPES),
        ({"kind": "earn_at_least", "target": 100_000, "categories_chosen": ["food"]}, "categories", TYPES),
        ({"kind": "spend_at_most", "target": 100_000, "categories_chosen": ["in_kind"]}, "categories", TYPES),
        ({"target": 10_001}, "target", "Give a percentage from 0.01 to 100."),
        ({"target": 0}, "target", "Give a percentage from 0.01 to 100."),
        ({"target": 30.0}, "target", "Give a percentage from 0.01 to 100."),
        ({"kind": "spend_at_most", "target": 0}, "not_positive", "The amount must be more than zero."),
        ({"kind": "spend_at_most", "target": 150.5}, "float", FLOAT),
        ({"kind": "what"}, "kind", "Choose the kind of plan."),
        ({"title": ""}, "required", "This field is required."),
        ({"first_month": D(2026, 8, 1), "last_month": D(2026, 7, 31)}, "months", "The plan ends before it starts."),
        ({"first_month": D(2026, 1, 1), "last_month": D(2031, 1, 1)}, "months", "A plan covers at most five years."),
    ],
)
def test_plan_save_refusals(world, household, cats, overrides, code, message):
    chosen = overrides.pop("categories_chosen", ["alcohol_tobacco"])
    with refused(code, message):
        plan(household, world.member_user, categories_chosen=[cats[c] for c in chosen], **overrides)


def test_plan_save_refuses_another_groups_category(world, household, cats):
    other = categories(world.group_b)[8]
    with refused("category", "Choose one of the group's categories.", field="category"):
        plan(household, world.member_user, categories_chosen=[cats["food"], other])


def test_plan_delete(world, household, cats):
    saved = plan(household, world.member_user, categories_chosen=[cats["food"]])
    services.plan_delete(plan=saved, actor=world.member_user)
    assert not Plan.objects.exists()


# --- sharing -----------------------------------------------------------------------------------------


def test_sharing_set_consent_and_helper(world, household):
    helper = t.make_user("helper_a")
    t.make_member(world.group_a, user=helper)
    sharing = services.sharing_set(household=household, in_village_picture=True, helper=helper, actor=world.member_user)
    assert Sharing.objects.values_list("group_id", "household_id", "in_village_picture", "helper_id").get() == (
        world.group_a.id, household.id, True, helper.id,
    )  # fmt: skip
    again = services.sharing_set(household=household, in_village_picture=False, actor=world.member_user)
    assert again.id == sharing.id  # one row a household
    assert Sharing.objects.values_list("in_village_picture", "helper_id").get() == (False, None)


HELPER = "The helper must be an active member of the group with a login."


def test_sharing_set_refuses_another_groups_user(world, household):
    services.sharing_set(household=household, in_village_picture=True, actor=world.member_user)
    with refused("helper", HELPER, field="helper"):
        services.sharing_set(
            household=household, in_village_picture=False, helper=world.treasurer_b, actor=world.member_user
        )


@pytest.mark.parametrize("who", ["officer", "admin", "network_user"])
def test_sharing_set_refuses_a_helper_who_is_not_a_member(world, household, who):
    with refused("helper", HELPER, field="helper"):
        services.sharing_set(
            household=household, in_village_picture=True, helper=getattr(world, who), actor=world.member_user
        )


def test_sharing_set_refuses_a_member_who_left(world, household):
    helper = t.make_user("helper_a")
    member = t.make_member(world.group_a, user=helper)
    member_leave(member=member, status=Member.Status.LEFT, date=timezone.localdate(), reason="ย้ายบ้าน", actor=None)
    with refused("helper", HELPER, field="helper"):
        services.sharing_set(household=household, in_village_picture=True, helper=helper, actor=world.member_user)


def test_ten_years_back_from_the_29th_of_february(world, household, cats, monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args, **kwargs: D(2028, 2, 29))
    add(household, cats["food"], date=D(2018, 2, 28), actor=world.member_user)
    with refused("too_old", "The date is more than ten years ago.", field="date"):
        add(household, cats["food"], date=D(2018, 2, 27), actor=world.member_user)
