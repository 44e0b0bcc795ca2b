"""The demo village's household accounts: planned purely, written through the services, private,
enough consenting households for the village picture, and a later load only adds the days since."""

import datetime as dt
from collections import Counter

import pytest
from django.http import Http404

from sajja.accounts.models import User
from sajja.core.tenancy import book_households, require_book_household, today
from sajja.demo.generator import (
    BOOK_CONSENTING,
    BOOK_HOUSEHOLDS,
    BOOK_MONTHS,
    BOOK_PLAN_TITLE,
    DEFAULT_SEED,
    MAIN_GROUP,
    load_demo,
    plan_book_day,
    plan_books,
    plan_group,
)
from sajja.household_accounts import domain, selectors
from sajja.household_accounts.models import Category, Entry, Plan, Sharing
from sajja.members.models import Member


def first_day(day: dt.date) -> dt.date:
    return domain.add_months(domain.month_of(day), -(BOOK_MONTHS - 1))


def planned_entries(habits, since: dt.date, until: dt.date, cutting: dict) -> Counter:
    """(house number, date, category code, amount, note, in kind) of every planned entry, counted."""
    planned = Counter()
    for h in habits:
        day = since
        while day <= until:
            for e in plan_book_day(h, DEFAULT_SEED, day, cutting_from=cutting.get(h.house_number)):
                planned[(h.house_number, e.date, e.code, e.amount, e.note, e.in_kind)] += 1
            day += dt.timedelta(days=1)
    return planned


def stored_entries(group) -> Counter:
    return Counter(
        Entry.objects.filter(group=group).values_list(
            "household__house_number", "date", "category__code", "amount", "note", "in_kind"
        )
    )


def test_the_book_plan_is_pure_and_has_its_cast():
    people = plan_group(MAIN_GROUP)
    habits = plan_books(MAIN_GROUP, people, DEFAULT_SEED)
    assert habits == plan_books(MAIN_GROUP, people, DEFAULT_SEED)
    assert habits != plan_books(MAIN_GROUP, people, DEFAULT_SEED + 1)
    assert len({h.house_number for h in habits}) == len(habits) == BOOK_HOUSEHOLDS
    assert sum(h.consents for h in habits) == BOOK_CONSENTING >= 8
    assert [h.keeper for h in habits].count("member") == 1
    assert [h.keeper for h in habits].count("helped") == 1
    own = next(h for h in habits if h.keeper == "member")
    ordinary = next(m for m in people.members if m.data.number == people.ordinary_member)
    assert own.house_number == ordinary.data.house_number
    assert own.drinks
    assert own.lottery
    helped = next(h for h in habits if h.keeper == "helped")
    helped_people = [m for m in people.members if m.data.house_number == helped.house_number]
    assert len(helped_people) == 1
    assert helped_people[0].data.birth_date.year < 1962
    chosen = {h.house_number for h in habits}
    assert all(m.leave is None for m in people.members if m.data.house_number in chosen)
    assert sum(h.garden_plan for h in habits) == 1

    day = dt.date(2026, 10, 28)
    assert plan_book_day(own, DEFAULT_SEED, day) == plan_book_day(own, DEFAULT_SEED, day)
    assert all(e.date == day and e.amount > 0 and e.amount % 100 == 0 for e in plan_book_day(own, DEFAULT_SEED, day))


def test_the_plan_cuts_drinking_and_the_lottery_from_its_month():
    own = next(h for h in plan_books(MAIN_GROUP, plan_group(MAIN_GROUP), DEFAULT_SEED) if h.keeper == "member")
    months = [dt.date(2026, m, 1) for m in range(1, 13)]

    def spent(cutting_from):
        total = 0
        for month in months:
            day = month
            while day.month == month.month:
                total += sum(
                    e.amount
                    for e in plan_book_day(own, DEFAULT_SEED, day, cutting_from=cutting_from)
                    if e.code in ("alcohol_tobacco", "lottery_gambling")
                )
                day += dt.timedelta(days=1)
        return total

    assert spent(dt.date(2026, 1, 1)) * 2 < spent(None)


@pytest.mark.django_db
def test_the_demo_households_keep_their_books_through_the_services():
    result = load_demo(savings=False)
    group, day = result.group, today()
    first = first_day(day)
    habits = plan_books(MAIN_GROUP, plan_group(MAIN_GROUP), DEFAULT_SEED)

    # Exactly the planned entries, from the first day of the month three months back to today.
    plans = {p.household.house_number: p for p in Plan.objects.filter(group=group, kind="spend_less")}
    cutting = {house: p.first_month for house, p in plans.items()}
    assert stored_entries(group) == planned_entries(habits, first, day, cutting)
    assert result.created["BookEntry"] == Entry.objects.count() > 200 * BOOK_HOUSEHOLDS
    assert result.created["BookCategory"] == Category.objects.filter(group=group).count() == 22
    entries = Entry.objects.filter(group=group)
    assert not entries.filter(date__gt=day).exists()
    assert entries.filter(date=first).exists()
    assert entries.values("household").distinct().count() == BOOK_HOUSEHOLDS
    # As the services write them: the category's kind, "in kind" only on income, work spending from the category.
    for kind, category_kind, in_kind, for_occupation, occupation in entries.values_list(
        "kind", "category__kind", "in_kind", "for_occupation", "category__occupation"
    ):
        assert kind == category_kind
        assert not in_kind or kind == "income"
        assert for_occupation == occupation
    codes = set(entries.values_list("category__code", flat=True))
    assert {"food", "farming", "in_kind", "alcohol_tobacco", "lottery_gambling", "farm_costs", "wages"} <= codes
    assert entries.filter(in_kind=True).count() > 50

    # Sharing: nine say yes; the member login helps the elder next door; nobody else helps.
    sharing = Sharing.objects.filter(group=group)
    assert sharing.count() == BOOK_HOUSEHOLDS
    assert sharing.filter(in_village_picture=True).count() == BOOK_CONSENTING
    member_user = User.objects.get(username="member")
    assert list(sharing.exclude(helper=None).values_list("helper", flat=True)) == [member_user.id]

    # The member login opens its own book (with entries this month and a plan) and the helped one.
    own = require_book_household(member_user, group.id)
    assert Member.objects.filter(household=own, user=member_user).exists()
    assert book_households(member_user, group.id).count() == 2
    view = selectors.month_view(own, domain.add_months(domain.month_of(day), -1))
    assert view.totals.income > 0
    assert view.totals.spending > 0
    assert view.rows
    plan = Plan.objects.get(household=own)
    assert (plan.title, plan.kind, plan.target, plan.first_month) == (
        BOOK_PLAN_TITLE,
        "spend_less",
        3000,
        domain.month_of(day),
    )
    assert {c.code for c in plan.categories.all()} == {"alcohol_tobacco", "lottery_gambling"}
    progress = selectors.plan_progress(plan, day)
    assert progress.baseline > 0  # the three months before the plan are in the book
    assert Plan.objects.filter(group=group).count() == 2

    # Nobody else may open a demo household's book.
    for username in ("treasurer", "president", "auditor", "officer", "network", "admin"):
        user = User.objects.get(username=username)
        assert not book_households(user, group.id).filter(id=own.id).exists(), username
        with pytest.raises(Http404):
            require_book_household(user, group.id, own.id)

    # The village picture shows figures: enough households said yes.
    picture = selectors.village_picture(group, domain.add_months(domain.month_of(day), -1))
    assert picture.sharing == BOOK_CONSENTING
    assert picture.median_spending > 0
    assert picture.median_income > 0
    assert "food" in {row["category"].code for row in picture.by_category}
    assert all(row["households"] >= 5 for row in picture.by_category)
    assert [value is not None for _m, value in picture.trend[-3:]] == [True, True, True]


@pytest.mark.django_db
def test_a_second_load_adds_no_book_entry():
    load_demo(savings=False)
    counts = (Entry.objects.count(), Plan.objects.count(), Sharing.objects.count(), Category.objects.count())
    second = load_demo(savings=False)
    assert (Entry.objects.count(), Plan.objects.count(), Sharing.objects.count(), Category.objects.count()) == counts
    assert not any(table.startswith("Book") for table in second.created)
    assert second.created_total == 0


@pytest.mark.django_db
def test_the_households_own_changes_are_kept_on_a_reload():
    group = load_demo(savings=False).group
    member_user = User.objects.get(username="member")
    own = require_book_household(member_user, group.id)
    sharing = Sharing.objects.get(household=own)
    sharing.in_village_picture = False
    sharing.save()
    mine = Entry.objects.filter(household=own).order_by("id").first()
    Entry.objects.create(
        group=group,
        household=own,
        date=mine.date,
        kind=mine.kind,
        category=mine.category,
        amount=mine.amount,
        note=mine.note,
        created_by=member_user,
    )  # the same entry again, by hand: a real second purchase
    before = Entry.objects.count()
    load_demo(savings=False)
    assert Entry.objects.count() == before
    assert Sharing.objects.get(household=own).in_village_picture is False


@pytest.mark.django_db
def test_a_later_load_adds_only_the_days_since(monkeypatch):
    earlier = today() - dt.timedelta(days=45)
    with monkeypatch.context() as clock:
        clock.setattr("django.utils.timezone.localdate", lambda *args, **kwargs: earlier)
        group = load_demo(savings=False).group
        assert not Entry.objects.filter(date__gt=earlier).exists()
    before = stored_entries(group)
    second = load_demo(savings=False)
    day = today()
    habits = plan_books(MAIN_GROUP, plan_group(MAIN_GROUP), DEFAULT_SEED)
    plan = Plan.objects.get(group=group, kind="spend_less")
    assert plan.first_month == domain.month_of(earlier)  # made at the first load, kept
    cutting = {plan.household.house_number: plan.first_month}
    assert stored_entries(group) == planned_entries(habits, first_day(earlier), day, cutting)
    added = stored_entries(group) - before
    assert all(key[1] > earlier for key in added)
    assert second.created["BookEntry"] == sum(added.values()) > 0
    assert "BookPlan" not in second.created
    assert "BookSharing" not in second.created
