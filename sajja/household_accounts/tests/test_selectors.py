"""Reads of household accounts: the household's own views, the anonymous village picture, and the
privacy fence (``tenancy.book_households``)."""

import datetime as dt

import pytest
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from sajja.core import testing as t
from sajja.core.tenancy import book_households, require_book_household
from sajja.household_accounts import domain, selectors, services
from sajja.household_accounts.models import Category
from sajja.household_accounts.taxonomy import STANDARD
from sajja.members.models import Household, Member
from sajja.members.services import member_leave

D = dt.date
TODAY = timezone.localdate
THIS_MONTH = lambda: domain.month_of(TODAY())  # noqa: E731
LAST_MONTH = lambda: domain.add_months(THIS_MONTH(), -1)  # noqa: E731


@pytest.fixture
def household(world):
    household = Household.objects.create(group=world.group_a, house_number="12")
    world.member.household = household
    world.member.save(update_fields=["household"])
    return household


@pytest.fixture
def cats(world):
    return {c.code: c for c in selectors.categories(world.group_a)}


def add(household, category, amount, date, actor, **kwargs):
    return services.entry_add(household=household, date=date, category=category, amount=amount, actor=actor, **kwargs)


# --- categories ---------------------------------------------------------------------------------


def test_categories_creates_the_standard_ones_once_per_group(world):
    first = selectors.categories(world.group_a)
    assert [c.code for c in first] == [code for code, *_rest in STANDARD]
    assert len(first) == 22
    assert all(c.standard and c.group_id == world.group_a.id for c in first)
    food = next(c for c in first if c.code == "food")
    assert (food.kind, food.name_th, food.name_en, food.icon) == ("expense", "อาหารและเครื่องดื่ม", "Food and drink", "🍚")
    assert next(c for c in first if c.code == "farm_costs").occupation is True
    assert sum(c.kind == "income" for c in first) == 7

    again = selectors.categories(world.group_a)
    assert [c.id for c in again] == [c.id for c in first]
    assert Category.objects.count() == 22  # the second call wrote nothing

    other = selectors.categories(world.group_b)
    assert len(other) == 22
    assert not {c.id for c in other} & {c.id for c in first}
    assert Category.objects.count() == 44


def test_categories_completes_a_group_missing_some(world):
    selectors.categories(world.group_a)
    Category.objects.filter(group=world.group_a, code="lottery_gambling").delete()
    assert len(selectors.categories(world.group_a)) == 22
    assert Category.objects.filter(group=world.group_a).count() == 22


def test_categories_reads_in_one_query_once_created(world, django_assert_num_queries):
    selectors.categories(world.group_a)
    with django_assert_num_queries(1):
        selectors.categories(world.group_a)


# --- a household's own views -----------------------------------------------------------------------


def test_month_view_by_category_next_to_the_month_before(world, household, cats):
    now, before = LAST_MONTH(), domain.add_months(LAST_MONTH(), -1)
    user = world.member_user
    add(household, cats["farming"], 1_200_000, now.replace(day=3), user)
    add(household, cats["in_kind"], 30_000, now.replace(day=4), user, in_kind=True)
    add(household, cats["food"], 15_050, now.replace(day=5), user)
    add(household, cats["food"], 4_950, now.replace(day=28), user)
    add(household, cats["farm_costs"], 250_000, now.replace(day=10), user)
    add(household, cats["food"], 30_000, before.replace(day=20), user)
    add(household, cats["alcohol_tobacco"], 12_000, before.replace(day=21), user)
    add(household, cats["wages"], 900_000, before.replace(day=1), user)
    # Not in either month: the month before that, and another household of the group.
    add(household, cats["food"], 77_700, domain.add_months(before, -1).replace(day=15), user)
    other = Household.objects.create(group=world.group_a, house_number="99")
    add(other, cats["food"], 55_500, now.replace(day=5), user)

    view = selectors.month_view(household, now.replace(day=17))
    assert view.month == now
    assert (view.totals.income, view.totals.spending, view.totals.occupation_spending) == (1_230_000, 270_000, 250_000)
    assert view.totals.entries == 5
    assert view.totals.left_over == 960_000
    assert view.totals.savings_rate == 7804  # 960,000 / 1,230,000 = 78.048…%
    assert (view.previous.income, view.previous.spending, view.previous.entries) == (900_000, 42_000, 3)
    rows = [(r["category"].code, r["amount"], r["previous"], r["change"]) for r in view.rows]
    assert rows == [  # in the taxonomy's order
        ("wages", 0, 900_000, -900_000),
        ("farming", 1_200_000, 0, 1_200_000),
        ("in_kind", 30_000, 0, 30_000),
        ("food", 20_000, 30_000, -10_000),
        ("alcohol_tobacco", 0, 12_000, -12_000),
        ("farm_costs", 250_000, 0, 250_000),
    ]


def test_month_view_of_an_empty_month(world, household, cats):
    view = selectors.month_view(household, THIS_MONTH())
    assert view.rows == []
    assert view.totals.savings_rate is None
    assert view.totals.entries == 0


def test_year_view_twelve_months(world, household, cats):
    first = domain.add_months(THIS_MONTH(), -11)
    user = world.member_user
    add(household, cats["food"], 10_000, first, user)  # the first day of the first month
    add(household, cats["farming"], 500_000, domain.add_months(first, 3).replace(day=15), user)
    add(household, cats["farm_costs"], 80_000, domain.add_months(first, 3).replace(day=16), user)
    add(household, cats["food"], 20_000, selectors.month_end(domain.add_months(first, 3)), user)
    add(household, cats["food"], 5_000, TODAY(), user)  # the last month
    add(household, cats["food"], 99_900, first - dt.timedelta(days=1), user)  # before the year

    year = selectors.year_view(household, first.replace(day=20))
    assert [m for m, _t in year] == [domain.add_months(first, i) for i in range(12)]
    figures = [(tot.income, tot.spending, tot.occupation_spending, tot.entries) for _m, tot in year]
    expected = [(0, 0, 0, 0)] * 12
    expected[0] = (0, 10_000, 0, 1)
    expected[3] = (500_000, 100_000, 80_000, 3)
    expected[11] = (0, 5_000, 0, 1)
    assert figures == expected
    assert year[3][1].by_category == {
        cats["farming"].id: 500_000,
        cats["farm_costs"].id: 80_000,
        cats["food"].id: 20_000,
    }
    assert year[3][1].savings_rate == 8000


def test_recent_is_distinct_newest_first_and_limited(world, household, cats):
    user, day = world.member_user, TODAY() - dt.timedelta(days=20)
    add(household, cats["food"], 5_000, day, user, note="ข้าวแกง")
    add(household, cats["transport"], 10_000, day, user, note="น้ำมันรถ")
    for i in range(1, 8):
        add(household, cats["food"], 5_000, day + dt.timedelta(days=i), user, note="ข้าวแกง")
    add(household, cats["food"], 5_000, day + dt.timedelta(days=8), user, note="กับข้าว")
    add(household, cats["food"], 6_000, day + dt.timedelta(days=9), user, note="กับข้าว")
    add(household, cats["in_kind"], 4_000, day + dt.timedelta(days=10), user, note="ผักบุ้ง", in_kind=True)
    add(household, cats["lottery_gambling"], 8_000, day + dt.timedelta(days=11), user)
    add(Household.objects.create(group=world.group_a, house_number="7"), cats["health"], 1, day, user)

    recent = selectors.recent(household)
    assert [(r["category"].code, r["amount"], r["note"], r["in_kind"]) for r in recent] == [
        ("lottery_gambling", 8_000, "", False),
        ("in_kind", 4_000, "ผักบุ้ง", True),
        ("food", 6_000, "กับข้าว", False),
        ("food", 5_000, "กับข้าว", False),
        ("food", 5_000, "ข้าวแกง", False),
        ("transport", 10_000, "น้ำมันรถ", False),
    ]
    assert [r["amount"] for r in selectors.recent(household, limit=3)] == [8_000, 4_000, 6_000]


def test_plan_progress_spend_less_against_the_three_months_before(world, household, cats):
    user = world.member_user
    start = LAST_MONTH()
    plan = services.plan_save(
        household=household,
        title="ลดเหล้าและหวยลง 30%",
        kind="spend_less",
        categories_chosen=[cats["alcohol_tobacco"], cats["lottery_gambling"]],
        target=3000,
        first_month=start,
        last_month=domain.add_months(start, 5),
        actor=user,
    )
    m1, m2, m3 = (domain.add_months(start, -i) for i in (1, 2, 3))
    add(household, cats["alcohol_tobacco"], 60_000, m1.replace(day=2), user)
    add(household, cats["lottery_gambling"], 20_001, m1.replace(day=16), user)
    add(household, cats["alcohol_tobacco"], 45_000, m2.replace(day=9), user)
    add(household, cats["lottery_gambling"], 35_000, selectors.month_end(m3), user)
    add(household, cats["alcohol_tobacco"], 99_999, m3 - dt.timedelta(days=1), user)  # four months before: not counted
    add(household, cats["food"], 88_888, m1.replace(day=3), user)  # not a category of the plan
    # The month of the plan.
    add(household, cats["alcohol_tobacco"], 70_000, start.replace(day=5), user)
    add(household, cats["lottery_gambling"], 8_000, start.replace(day=16), user)
    add(household, cats["food"], 50_000, start.replace(day=16), user)

    progress = selectors.plan_progress(plan, start.replace(day=20))
    baseline = (60_000 + 20_001 + 45_000 + 35_000) // 3  # 53,333.67 baht rounded down to the satang
    assert progress.baseline == baseline == 53_333
    assert progress.goal == 53_333 * 7000 // 10_000 == 37_333
    assert (progress.actual, progress.met) == (78_000, False)
    # The next month, nothing spent on them yet: met.
    later = selectors.plan_progress(plan, domain.add_months(start, 1))
    assert (later.baseline, later.goal, later.actual, later.met) == (53_333, 37_333, 0, True)


def test_plan_progress_earn_at_least(world, household, cats):
    user, month = world.member_user, LAST_MONTH()
    plan = services.plan_save(
        household=household,
        title="รายได้จากสวนครัวเดือนละ 1,000 บาท",
        kind="earn_at_least",
        categories_chosen=[cats["in_kind"]],
        target=100_000,
        first_month=month,
        last_month=month,
        actor=user,
    )
    add(household, cats["in_kind"], 60_000, month.replace(day=1), user, in_kind=True)
    add(household, cats["in_kind"], 40_000, month.replace(day=2), user, in_kind=True)
    add(household, cats["farming"], 500_000, month.replace(day=2), user)
    progress = selectors.plan_progress(plan, month)
    assert progress == domain.Progress(goal=100_000, actual=100_000, met=True, baseline=None)


def test_household_money_reads_the_members_savings(world, household):
    from sajja.savings import services as savings

    joined = D(2025, 1, 1)
    world.member.joined_on = joined
    world.member.save(update_fields=["joined_on"])
    savings.pledge_set(member=world.member, amount=20_000, effective_from=joined, actor=world.treasurer)
    savings.pledge_receive(member=world.member, date=D(2025, 1, 5), amount=20_000, actor=world.treasurer)
    savings.pledge_receive(member=world.member, date=D(2025, 2, 5), amount=20_000, actor=world.treasurer)
    # A member of another household, and a member of the household who left, do not count.
    other = t.make_member(world.group_a, joined_on=joined)
    savings.pledge_set(member=other, amount=10_000, effective_from=joined, actor=world.treasurer)
    savings.pledge_receive(member=other, date=D(2025, 1, 5), amount=10_000, actor=world.treasurer)

    money = selectors.household_money(household)
    from sajja.savings.selectors import member_money

    assert money == {"savings": member_money(world.group_a.id, [world.member.id])[world.member.id].pledge, "debts": 0}
    assert money == {"savings": 40_000, "debts": 0}
    other.household = household
    other.save(update_fields=["household"])
    assert selectors.household_money(household) == {"savings": 50_000, "debts": 0}
    empty = Household.objects.create(group=world.group_a, house_number="3")
    assert selectors.household_money(empty) == {"savings": 0, "debts": 0}


# --- the village picture -----------------------------------------------------------------------------


def village(world, cats, spending: list[int], *, consent=True, month=None, start=0, income=None, group=None):
    """A household per amount, each spending it on food last month (and earning ``income`` if given)."""
    month, group = month or LAST_MONTH(), group or world.group_a
    households = []
    for i, amount in enumerate(spending):
        household = Household.objects.create(group=group, house_number=f"{start + i + 100}")
        add(household, cats["food"], amount, month.replace(day=1 + i % 27), world.member_user)
        if income is not None and income[i]:
            add(household, cats["wages"], income[i], month.replace(day=2), world.member_user)
        services.sharing_set(household=household, in_village_picture=consent, actor=world.member_user)
        households.append(household)
    return households


def test_village_picture_withholds_everything_below_five_households(world, cats):
    village(world, cats, [10_000, 20_000, 30_000, 40_000], income=[1, 2, 3, 4])
    picture = selectors.village_picture(world.group_a, LAST_MONTH())
    assert picture.households == 4
    assert (picture.keeping, picture.sharing, picture.median_spending, picture.median_income) == (None, 0, None, None)
    assert picture.by_category == []
    assert len(picture.trend) == 12
    assert all(value is None for _m, value in picture.trend)
    assert picture.trend[-1][0] == LAST_MONTH()


def test_village_picture_of_five_households_odd_medians(world, cats):
    village(world, cats, [50_000, 10_000, 30_000, 20_000, 40_000], income=[100_000, 900_000, 300_000, 1, 500_000])
    picture = selectors.village_picture(world.group_a, LAST_MONTH())
    assert (picture.households, picture.keeping, picture.sharing) == (5, 5, 5)
    assert picture.median_spending == 30_000
    assert picture.median_income == 300_000
    assert [(row["category"].code, row["median"], row["households"]) for row in picture.by_category] == [
        ("food", 30_000, 5)
    ]
    assert picture.trend[-1] == (LAST_MONTH(), 30_000)
    assert all(value is None for _m, value in picture.trend[:-1])


def test_village_picture_even_medians_and_categories_few_spend_on(world, cats):
    user, month = world.member_user, LAST_MONTH()
    households = village(world, cats, [10_000, 20_000, 30_000, 40_001, 50_000, 60_000])
    # Five of six households spend on transport; four on alcohol (withheld: it would point at them).
    for household, amount in zip(households[:5], [1_000, 2_000, 3_000, 4_000, 5_001], strict=True):
        add(household, cats["transport"], amount, month.replace(day=20), user)
    for household in households[:4]:
        add(household, cats["alcohol_tobacco"], 100_000, month.replace(day=21), user)
    picture = selectors.village_picture(world.group_a, month)
    # Spending: 111,000 122,000 133,000 144,001 55,001 60,000 → the middle two are 111,000 and 122,000.
    assert picture.median_spending == 116_500
    assert picture.median_income == 0
    assert [(row["category"].code, row["median"], row["households"]) for row in picture.by_category] == [
        ("food", 35_001, 6),  # (30,000 + 40,001) / 2 = 35,000.5 → 35,001
        ("transport", 2_500, 5),  # 0, 1,000, 2,000, 3,000, 4,000, 5,001 → (2,000 + 3,000) / 2
    ]


def test_village_picture_leaves_out_households_that_did_not_consent(world, cats):
    month = LAST_MONTH()
    village(world, cats, [10_000, 20_000, 30_000, 40_000, 50_000])
    village(world, cats, [9_000_000, 9_000_000], consent=False, start=10)
    # A household that said yes and then no again.
    changed = village(world, cats, [8_000_000], start=20)[0]
    services.sharing_set(household=changed, in_village_picture=False, actor=world.member_user)
    picture = selectors.village_picture(world.group_a, month)
    assert (picture.households, picture.keeping, picture.sharing) == (8, 5, 5)
    assert picture.median_spending == 30_000
    assert [(row["category"].code, row["median"]) for row in picture.by_category] == [("food", 30_000)]


def test_keeping_counts_only_consenting_households_and_only_from_five(world, cats):
    month = LAST_MONTH()
    village(world, cats, [10_000, 20_000, 30_000, 40_000])
    village(world, cats, [40_000, 70_000], consent=False, start=10)
    picture = selectors.village_picture(world.group_a, month)
    # Six wrote, but only four said yes: a household that did not consent is not even counted as keeping.
    assert (picture.households, picture.keeping, picture.sharing, picture.median_spending) == (6, None, 0, None)
    Household.objects.create(group=world.group_a, house_number="5")  # a household that keeps no book
    assert selectors.village_picture(world.group_a, month).keeping is None
    village(world, cats, [50_000], start=20)
    picture = selectors.village_picture(world.group_a, month)
    assert (picture.households, picture.keeping, picture.sharing, picture.median_spending) == (8, 5, 5, 30_000)


def test_village_picture_trend_withholds_each_month_on_its_own(world, cats):
    month = LAST_MONTH()
    before, two_before = domain.add_months(month, -1), domain.add_months(month, -2)
    households = village(world, cats, [10_000, 20_000, 30_000, 40_000, 50_000])
    for household, amount in zip(households[:4], [1, 2, 3, 4], strict=True):  # four wrote the month before
        add(household, cats["food"], amount, before.replace(day=9), world.member_user)
    for household, amount in zip(households, [5, 6, 7, 8, 9], strict=True):  # five wrote two months before
        add(household, cats["food"], amount, two_before.replace(day=9), world.member_user)
    village(world, cats, [100, 200], consent=False, start=10, month=before)  # not consenting: never counted
    picture = selectors.village_picture(world.group_a, month)
    assert picture.trend[-3:] == [(two_before, 7), (before, None), (month, 30_000)]
    assert all(value is None for _m, value in picture.trend[:-3])
    assert [m for m, _v in picture.trend] == [domain.add_months(month, i - 11) for i in range(12)]
    three = selectors.village_picture(world.group_a, month, months=3)
    assert three.trend == [(two_before, 7), (before, None), (month, 30_000)]


def test_village_picture_of_an_earlier_month(world, cats):
    month = LAST_MONTH()
    village(world, cats, [10_000, 20_000, 30_000, 40_000, 50_000], month=domain.add_months(month, -1))
    picture = selectors.village_picture(world.group_a, month)
    assert (picture.keeping, picture.median_spending) == (None, None)  # nobody wrote last month
    assert picture.trend[-2][1] == 30_000


def test_village_picture_holds_only_other_groups_apart(world, cats):
    village(world, cats, [10_000, 20_000, 30_000, 40_000])
    cats_b = {c.code: c for c in selectors.categories(world.group_b)}
    household_b = Household.objects.create(group=world.group_b, house_number="1")
    add(household_b, cats_b["food"], 1_000, LAST_MONTH(), world.member_user)
    services.sharing_set(household=household_b, in_village_picture=True, actor=world.member_user)
    picture = selectors.village_picture(world.group_a, LAST_MONTH())
    assert (picture.households, picture.keeping, picture.median_spending) == (4, None, None)


def _picture_queries(world, n):
    group = t.make_group(f"กลุ่ม {n}")
    cats = {c.code: c for c in selectors.categories(group)}
    village(world, cats, [1_000 * (i + 1) for i in range(n)], income=[500 * (i + 1) for i in range(n)], group=group)
    for household in Household.objects.filter(group=group).order_by("id")[:5]:
        add(household, cats["transport"], 700, LAST_MONTH(), world.member_user)
        add(household, cats["food"], 300, domain.add_months(LAST_MONTH(), -3), world.member_user)
    with CaptureQueriesContext(connection) as queries:
        picture = selectors.village_picture(group, LAST_MONTH())
    return len(queries), picture


def test_village_picture_query_count_does_not_grow_with_households(world):
    few, picture = _picture_queries(world, 5)
    assert (picture.sharing, picture.median_spending, picture.median_income) == (5, 3_700, 1_500)
    many, picture = _picture_queries(world, 50)
    assert (picture.sharing, picture.median_spending, picture.median_income) == (50, 25_500, 12_750)
    assert few == many <= 5


# --- the privacy fence: whose book a user may open ---------------------------------------------------


def test_book_households_own_household_only(world, household):
    other = Household.objects.create(group=world.group_a, house_number="13")
    assert list(book_households(world.member_user, world.group_a.id)) == [household]
    assert require_book_household(world.member_user, world.group_a.id) == household
    assert require_book_household(world.member_user, world.group_a.id, household.id) == household
    with pytest.raises(Http404):
        require_book_household(world.member_user, world.group_a.id, other.id)
    with pytest.raises(Http404):  # the member's household, asked for in another group
        require_book_household(world.member_user, world.group_b.id, household.id)
    assert not book_households(world.member_user, world.group_b.id).exists()


def test_a_member_without_a_household_has_no_book(world):
    assert not book_households(world.member_user, world.group_a.id).exists()
    with pytest.raises(Http404):
        require_book_household(world.member_user, world.group_a.id)


@pytest.mark.parametrize("who", ["treasurer", "vice", "auditor", "officer", "network_user", "admin"])
def test_the_committee_officer_network_and_admin_see_no_household(world, household, who):
    user = getattr(world, who)
    assert not book_households(user, world.group_a.id).exists()
    with pytest.raises(Http404):
        require_book_household(user, world.group_a.id, household.id)
    with pytest.raises(Http404):
        require_book_household(user, world.group_a.id)


def test_a_treasurer_keeps_only_their_own_households_book(world, household):
    own = Household.objects.create(group=world.group_a, house_number="40")
    Member.objects.filter(group=world.group_a, user=world.treasurer).update(household=own)
    assert list(book_households(world.treasurer, world.group_a.id)) == [own]
    with pytest.raises(Http404):
        require_book_household(world.treasurer, world.group_a.id, household.id)


def test_the_chosen_helper_keeps_the_book_until_unchosen(world, household):
    helper = t.make_user("helper_a")
    helper_member = t.make_member(world.group_a, user=helper)
    assert not book_households(helper, world.group_a.id).exists()
    services.sharing_set(household=household, in_village_picture=False, helper=helper, actor=world.member_user)
    assert list(book_households(helper, world.group_a.id)) == [household]
    assert require_book_household(helper, world.group_a.id, household.id) == household
    with pytest.raises(Http404):  # the helper has no household of their own
        require_book_household(helper, world.group_a.id)
    # With a household of their own, the helper keeps both (and opens their own by default).
    own = Household.objects.create(group=world.group_a, house_number="41")
    helper_member.household = own
    helper_member.save(update_fields=["household"])
    assert set(book_households(helper, world.group_a.id)) == {household, own}
    assert require_book_household(helper, world.group_a.id) == own
    # A helper who leaves the group keeps nothing.
    member_leave(member=helper_member, status=Member.Status.LEFT, date=TODAY(), reason="ย้ายบ้าน", actor=None)
    helper = type(helper).objects.get(id=helper.id)  # grants are cached on the user object
    assert not book_households(helper, world.group_a.id).exists()


def test_unchosen_helper_loses_the_book(world, household):
    helper = t.make_user("helper_a")
    t.make_member(world.group_a, user=helper)
    services.sharing_set(household=household, in_village_picture=False, helper=helper, actor=world.member_user)
    services.sharing_set(household=household, in_village_picture=False, helper=None, actor=world.member_user)
    assert not book_households(helper, world.group_a.id).exists()


def test_a_member_who_left_keeps_no_book(world, household):
    member_leave(member=world.member, status=Member.Status.LEFT, date=TODAY(), reason="ย้ายบ้าน", actor=None)
    user = type(world.member_user).objects.get(id=world.member_user.id)
    assert not book_households(user, world.group_a.id).exists()
    with pytest.raises(Http404):
        require_book_household(user, world.group_a.id)
    with pytest.raises(Http404):
        require_book_household(user, world.group_a.id, household.id)


def test_a_left_member_whose_family_stays_does_not_see_the_household(world, household):
    """A member who left stays linked to the household, and a family member still keeps its book."""
    family = t.make_member(world.group_a)
    family.household = household
    family.save(update_fields=["household"])
    member_leave(member=world.member, status=Member.Status.LEFT, date=TODAY(), reason="ย้ายบ้าน", actor=None)
    user = type(world.member_user).objects.get(id=world.member_user.id)
    assert not book_households(user, world.group_a.id).exists()
    family_user = t.make_user("family_a")
    family.user = family_user
    family.save(update_fields=["user"])
    assert list(book_households(family_user, world.group_a.id)) == [household]


def test_an_inactive_user_keeps_no_book(world, household):
    world.member_user.is_active = False
    world.member_user.save(update_fields=["is_active"])
    user = type(world.member_user).objects.get(id=world.member_user.id)
    assert not book_households(user, world.group_a.id).exists()
