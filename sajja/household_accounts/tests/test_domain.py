"""Pure rules of household accounts: totals, savings rate, median, the privacy threshold, plan progress."""

import datetime as dt

import pytest

from sajja.household_accounts import domain
from sajja.household_accounts.domain import Totals, median, plan_progress, shown


def test_totals_add_income_spending_and_work_spending():
    totals = Totals()
    totals.add("income", 1, 500_000, False)
    totals.add("expense", 2, 120_050, False, count=3)
    totals.add("expense", 3, 40_000, True)
    totals.add("expense", 2, 10_000, False)
    assert totals.income == 500_000
    assert totals.spending == 170_050
    assert totals.occupation_spending == 40_000
    assert totals.by_category == {1: 500_000, 2: 130_050, 3: 40_000}
    assert totals.entries == 6
    assert totals.left_over == 329_950


def test_an_income_marked_for_work_does_not_count_as_work_spending():
    totals = Totals()
    totals.add("income", 1, 1_000, True)
    assert (totals.income, totals.spending, totals.occupation_spending) == (1_000, 0, 0)


def test_savings_rate_in_basis_points_rounded_down():
    totals = Totals(income=300_000, spending=200_000)
    assert totals.savings_rate == 3333  # 33.333…% rounded down, not 3334
    assert Totals(income=300_000, spending=100_000).savings_rate == 6666  # 66.666…%, not 6667
    assert Totals(income=100_000, spending=100_000).savings_rate == 0
    assert Totals(income=100_000, spending=0).savings_rate == 10_000


def test_savings_rate_without_income_is_none():
    assert Totals().savings_rate is None
    assert Totals(income=0, spending=50_000).savings_rate is None


def test_savings_rate_of_a_month_spending_more_than_it_earned_is_negative():
    totals = Totals(income=100_000, spending=150_000)
    assert totals.left_over == -50_000
    assert totals.savings_rate == -5000
    # Rounded down means towards minus infinity: -33.333…% is -3334 basis points.
    assert Totals(income=300_000, spending=400_000).savings_rate == -3334


def test_median_of_an_odd_count_is_the_middle_value():
    assert median([900, 100, 500]) == 500
    assert median([7]) == 7
    assert median([5, 1, 5, 3, 100]) == 5


def test_median_of_an_even_count_is_the_mean_of_the_middle_two_rounded_half_up():
    assert median([100, 200]) == 150
    assert median([100, 201]) == 151  # 150.5 rounds up
    assert median([400, 1, 2, 100]) == 51  # (2 + 100) / 2 = 51 exactly
    assert median([0, 3, 1, 9]) == 2  # (1 + 3) / 2
    assert median([0, 0, 1, 1000]) == 1  # (0 + 1) / 2 = 0.5 rounds up


def test_median_does_not_change_its_argument():
    values = [3, 1, 2]
    median(values)
    assert values == [3, 1, 2]


def test_shown_only_from_five_households():
    assert domain.MIN_HOUSEHOLDS == 5
    assert not shown(0)
    assert not shown(4)
    assert shown(5)
    assert shown(50)


def test_plan_progress_spend_less_is_the_baseline_less_the_percentage_rounded_down():
    # 30% less than 1,234.57 baht: 864.199 baht, rounded down to 86419 satang.
    progress = plan_progress(kind="spend_less", target=3000, actual=86_419, baseline=123_457)
    assert progress.goal == 86_419
    assert progress.met is True
    assert progress.baseline == 123_457
    assert progress.actual == 86_419
    assert plan_progress(kind="spend_less", target=3000, actual=86_420, baseline=123_457).met is False


def test_plan_progress_spend_less_without_a_baseline_has_a_goal_of_zero():
    progress = plan_progress(kind="spend_less", target=3000, actual=0, baseline=None)
    assert (progress.goal, progress.met) == (0, True)
    assert plan_progress(kind="spend_less", target=3000, actual=1, baseline=0).met is False


def test_plan_progress_spend_less_by_100_percent_means_nothing_at_all():
    assert plan_progress(kind="spend_less", target=10_000, actual=0, baseline=50_000).goal == 0
    assert plan_progress(kind="spend_less", target=10_000, actual=1, baseline=50_000).met is False


@pytest.mark.parametrize(("actual", "met"), [(99_999, True), (100_000, True), (100_001, False)])
def test_plan_progress_spend_at_most(actual, met):
    progress = plan_progress(kind="spend_at_most", target=100_000, actual=actual)
    assert progress == domain.Progress(goal=100_000, actual=actual, met=met, baseline=None)


@pytest.mark.parametrize(("actual", "met"), [(99_999, False), (100_000, True), (250_000, True)])
def test_plan_progress_earn_at_least(actual, met):
    progress = plan_progress(kind="earn_at_least", target=100_000, actual=actual)
    assert progress == domain.Progress(goal=100_000, actual=actual, met=met, baseline=None)


def test_months():
    assert domain.month_of(dt.date(2026, 2, 28)) == dt.date(2026, 2, 1)
    assert domain.add_months(dt.date(2026, 11, 1), 2) == dt.date(2027, 1, 1)
    assert domain.add_months(dt.date(2026, 1, 1), -1) == dt.date(2025, 12, 1)
    assert domain.add_months(dt.date(2026, 3, 1), -15) == dt.date(2024, 12, 1)
