"""The loans' pure arithmetic besides the schedule itself: the legal cap, the repayment order,
interest for time elapsed, month arithmetic, arrears and portfolio at risk."""

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sajja.loans import domain
from sajja.loans.domain import (
    ANNUITY,
    DECLINING,
    FLAT,
    Allocation,
    add_months,
    allocate,
    bucket,
    days_overdue,
    interest_for,
    over_legal_cap,
    portfolio_at_risk,
    schedule,
    yearly_rate_bp,
)

D = dt.date
START = D(2024, 1, 15)


def loan(method, rate_bp, *, principal=1_000_000, instalments=12, every=1, grace=0):
    return schedule(
        method=method,
        principal=principal,
        rate_bp_month=rate_bp,
        instalments=instalments,
        start=START,
        every_months=every,
        grace=grace,
    )


# --- the legal cap: 15% a year ----------------------------------------------------------------


@pytest.mark.parametrize("method", [DECLINING, ANNUITY])
@pytest.mark.parametrize("instalments", [1, 6, 12, 36])
def test_one_and_a_quarter_percent_a_month_is_the_cap_and_passes(method, instalments):
    rows = loan(method, 125, instalments=instalments)
    assert yearly_rate_bp(rows, 1_000_000) == 1500
    assert over_legal_cap(rows, 1_000_000) is None


@pytest.mark.parametrize("method", [DECLINING, ANNUITY])
def test_one_point_two_six_percent_a_month_is_refused(method):
    rows = loan(method, 126)
    assert over_legal_cap(rows, 1_000_000) == 1512


@pytest.mark.parametrize(("instalments", "yearly_bp"), [(6, 2029), (12, 2146), (24, 2157)])
def test_flat_one_percent_a_month_costs_nearly_double_and_is_refused(instalments, yearly_bp):
    """Flat 1% a month on 10,000 baht over 12 months: the internal rate is about 1.788% a month,
    21.46% a year, though the quote is 12%."""
    rows = loan(FLAT, 100, instalments=instalments)
    assert yearly_rate_bp(rows, 1_000_000) == yearly_bp
    assert over_legal_cap(rows, 1_000_000) == yearly_bp


def test_flat_under_the_cap_passes():
    rows = loan(FLAT, 60)  # 0.6% flat a month over a year: about 12.9% a year
    assert over_legal_cap(rows, 1_000_000) is None
    assert 1200 < yearly_rate_bp(rows, 1_000_000) < 1500


@pytest.mark.parametrize("rate_bp", [0, 50, 75, 100, 110, 125])
@pytest.mark.parametrize(("every", "instalments", "grace"), [(1, 12, 0), (1, 24, 2), (3, 8, 0), (3, 8, 1)])
def test_annuity_and_declining_cost_the_quoted_rate_times_twelve(rate_bp, every, instalments, grace):
    for method in (ANNUITY, DECLINING):
        rows = loan(method, rate_bp, principal=5_000_000, instalments=instalments, every=every, grace=grace)
        assert yearly_rate_bp(rows, 5_000_000, every) == rate_bp * 12


@pytest.mark.parametrize(
    ("principal", "instalments"),
    [(119_800, 1), (100_040, 1), (149_400, 2), (100_763, 12)],  # 1,198 / 1,000.40 / 1,494 / 1,007.63 baht
)
def test_lawful_rate_on_a_small_loan_is_not_refused_for_half_a_satang(principal, instalments):
    """1,198 baht for a month at 1.25%: interest 14.975 baht rounds up to 14.98 baht, which is
    15.005% a year (1501 bp). The half satang is the rounding rule's, not the lender's: passes."""
    for method in (DECLINING, ANNUITY):
        rows = loan(method, 125, principal=principal, instalments=instalments)
        assert yearly_rate_bp(rows, principal) <= 1501
        assert over_legal_cap(rows, principal) is None
        assert over_legal_cap(loan(method, 126, principal=principal, instalments=instalments), principal) > 1500


@settings(max_examples=40, deadline=None)
@given(
    principal=st.integers(1, 1_000_000_000),
    rate_bp=st.integers(0, 125),
    instalments=st.integers(1, 60),
    method=st.sampled_from((DECLINING, ANNUITY)),
    every=st.sampled_from((1, 3)),
)
def test_declining_and_annuity_at_or_under_the_cap_are_never_refused(principal, rate_bp, instalments, method, every):
    rows = loan(method, rate_bp, principal=principal, instalments=instalments, every=every)
    assert over_legal_cap(rows, principal, every) is None


@settings(max_examples=40, deadline=None)
@given(
    principal=st.integers(100_000, 1_000_000_000),  # 1,000 baht and more
    rate_bp=st.integers(126, 300),
    instalments=st.integers(1, 60),
    method=st.sampled_from(domain.METHODS),
)
def test_over_the_cap_is_refused(principal, rate_bp, instalments, method):
    rows = loan(method, rate_bp, principal=principal, instalments=instalments)
    assert over_legal_cap(rows, principal) > 1500


def test_period_rate_of_flows():
    assert domain.period_rate_of([-1_000, 1_000]) == 0
    assert domain.period_rate_of([-1_000, 900]) == 0  # a loss is no interest
    assert abs(domain.period_rate_of([-1_000, 1_100]) - domain.Decimal("0.1")) < domain.Decimal("1e-11")


# --- allocating a repayment --------------------------------------------------------------------


def test_allocate_default_order_fine_interest_principal():
    assert allocate(100_000, fine=5_000, interest=10_000, principal=500_000) == Allocation(5_000, 10_000, 85_000, 0)


def test_allocate_custom_order():
    owed = {"fine": 5_000, "interest": 10_000, "principal": 500_000}
    assert allocate(12_000, **owed, order=("interest", "fine", "principal")) == Allocation(2_000, 10_000, 0, 0)
    assert allocate(12_000, **owed, order=["principal", "interest", "fine"]) == Allocation(0, 0, 12_000, 0)


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        (1, Allocation(1, 0, 0, 0)),
        (5_000, Allocation(5_000, 0, 0, 0)),
        (5_001, Allocation(5_000, 1, 0, 0)),
        (15_000, Allocation(5_000, 10_000, 0, 0)),
        (15_001, Allocation(5_000, 10_000, 1, 0)),
        (515_000, Allocation(5_000, 10_000, 500_000, 0)),
    ],
)
def test_allocate_partial_payments(amount, expected):
    assert allocate(amount, fine=5_000, interest=10_000, principal=500_000) == expected


def test_allocate_excess_is_kept_apart():
    result = allocate(600_000, fine=5_000, interest=10_000, principal=500_000)
    assert result == Allocation(5_000, 10_000, 500_000, 85_000)
    assert result.fine + result.interest + result.principal + result.excess == 600_000
    assert allocate(100, fine=0, interest=0, principal=0) == Allocation(0, 0, 0, 100)


@pytest.mark.parametrize(
    "order",
    [
        ("fine", "interest"),
        ("fine", "fine", "principal"),
        ("fine", "interest", "principal", "principal"),
        ("fine", "interest", "capital"),
        (),
    ],
)
def test_allocate_refuses_a_bad_order(order):
    with pytest.raises(ValueError, match="order"):
        allocate(1_000, fine=0, interest=100, principal=1_000, order=order)


@pytest.mark.parametrize("amount", [0, -1])
def test_allocate_refuses_nothing_or_less(amount):
    with pytest.raises(ValueError, match="positive"):
        allocate(amount, fine=0, interest=100, principal=1_000)


# --- interest for the time elapsed -------------------------------------------------------------


def test_interest_for_days_exact():
    # 10,000 baht at 1% a month for 31 days: 1,000,000 × 0.12 × 31 / 365 = 10,191.78 satang.
    assert interest_for(1_000_000, 100, since=D(2024, 1, 1), until=D(2024, 2, 1)) == 10_192
    # 1.25% a month for 73 days (a fifth of a year) is 3%: 3% of 10,000.50 baht = 300.015 → 300.02.
    assert interest_for(1_000_050, 125, since=D(2023, 1, 1), until=D(2023, 3, 15)) == 30_002
    assert interest_for(150, 125, since=D(2023, 1, 1), until=D(2023, 3, 15)) == 5  # 4.5 satang, half up
    # a leap year still divides by 365: 366 days at 1% a month on 3,650 baht is 438 × 366/365 baht
    assert interest_for(365_000, 100, since=D(2024, 1, 1), until=D(2025, 1, 1)) == 43_920


@pytest.mark.parametrize(
    ("since", "until", "months"),
    [
        (D(2024, 1, 15), D(2024, 1, 16), 1),  # a day into a month: the month counts whole
        (D(2024, 1, 15), D(2024, 2, 15), 1),
        (D(2024, 1, 15), D(2024, 2, 16), 2),
        (D(2024, 1, 31), D(2024, 2, 29), 1),  # 31 Jan to the end of February: one month
        (D(2024, 1, 31), D(2024, 3, 1), 2),
        (D(2024, 3, 31), D(2024, 4, 30), 1),
        (D(2024, 1, 15), D(2025, 1, 15), 12),
        (D(2024, 12, 20), D(2025, 1, 5), 1),
    ],
)
def test_interest_for_months_begun(since, until, months):
    # 1% of 10,000.50 baht is 100.005 baht a month: half up to 100.01 for a month
    assert interest_for(1_000_050, 100, since=since, until=until, basis="months") == (
        domain.round_satang(domain.Decimal(1_000_050) * months / 100)
    )
    assert interest_for(1_000_000, 100, since=since, until=until, basis="months") == 10_000 * months


@pytest.mark.parametrize("basis", ["days", "months"])
def test_interest_for_nothing(basis):
    day = D(2024, 5, 1)
    assert interest_for(1_000_000, 100, since=day, until=day, basis=basis) == 0
    assert interest_for(1_000_000, 100, since=day, until=day - dt.timedelta(days=1), basis=basis) == 0
    assert interest_for(0, 100, since=day, until=D(2024, 6, 1), basis=basis) == 0
    assert interest_for(-5, 100, since=day, until=D(2024, 6, 1), basis=basis) == 0
    assert interest_for(1_000_000, 0, since=day, until=D(2024, 6, 1), basis=basis) == 0


def test_interest_for_refuses_an_unknown_basis():
    with pytest.raises(ValueError, match="days or months"):
        interest_for(1_000_000, 100, since=D(2024, 1, 1), until=D(2024, 2, 1), basis="month")


# --- month arithmetic --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (D(2024, 1, 31), 1, D(2024, 2, 29)),  # leap year
        (D(2023, 1, 31), 1, D(2023, 2, 28)),
        (D(2100, 1, 31), 1, D(2100, 2, 28)),  # divisible by 100: not leap
        (D(2000, 1, 31), 1, D(2000, 2, 29)),  # divisible by 400: leap
        (D(2024, 1, 31), 2, D(2024, 3, 31)),  # from the start date, not from 29 Feb
        (D(2024, 2, 29), 12, D(2025, 2, 28)),
        (D(2024, 2, 29), 48, D(2028, 2, 29)),
        (D(2023, 12, 31), 2, D(2024, 2, 29)),  # across the year
        (D(2024, 11, 30), 3, D(2025, 2, 28)),
        (D(2024, 3, 31), -1, D(2024, 2, 29)),
        (D(2024, 1, 15), 0, D(2024, 1, 15)),
        (D(2024, 5, 31), 1, D(2024, 6, 30)),
    ],
)
def test_add_months(day, months, expected):
    assert add_months(day, months) == expected


# --- arrears -----------------------------------------------------------------------------------


def test_days_overdue():
    today = D(2024, 3, 1)
    assert days_overdue(None, today) == 0
    assert days_overdue(D(2024, 3, 5), today) == 0  # not yet due
    assert days_overdue(today, today) == 0  # due today: not overdue
    assert days_overdue(D(2024, 2, 29), today) == 1
    assert days_overdue(D(2024, 1, 31), today) == 30
    assert days_overdue(D(2023, 3, 1), today) == 366


@pytest.mark.parametrize(
    ("days", "index"),
    [(-1, None), (0, None), (1, 0), (30, 0), (31, 1), (90, 1), (91, 2), (10_000, 2)],
)
def test_bucket_boundaries(days, index):
    assert bucket(days) == index


def test_portfolio_at_risk_exact():
    loans = [(100_000, 0), (50_000, 31), (30_000, 91), (20_000, 30)]  # 2,000 baht owed in all
    assert portfolio_at_risk(loans, 30) == 4_000  # PAR30: (500 + 300) / 2,000 baht = 40.00%
    assert portfolio_at_risk(loans, 90) == 1_500  # PAR90: 300 / 2,000 baht = 15.00%
    assert portfolio_at_risk(loans, 0) == 5_000  # anything overdue
    assert portfolio_at_risk(loans, 91) == 0  # more than 91 days: none


def test_portfolio_at_risk_rounds_half_up_to_the_basis_point():
    assert portfolio_at_risk([(1, 31), (2, 0)], 30) == 3_333  # 33.333...%
    assert portfolio_at_risk([(2, 31), (1, 0)], 30) == 6_667  # 66.666...%
    assert portfolio_at_risk([(1, 31), (19_999, 0)], 30) == 1  # 0.5 bp, half up


def test_portfolio_at_risk_none_when_nothing_is_owed():
    assert portfolio_at_risk([], 30) is None
    assert portfolio_at_risk([(0, 45), (0, 0)], 30) is None


# --- schedule refusals ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"method": "compound"}, "unknown interest method"),
        ({"instalments": 0}, "at least one instalment"),
        ({"instalments": 3, "grace": 3}, "at least one instalment"),
        ({"instalments": 3, "grace": 4}, "at least one instalment"),
        ({"grace": -1}, "at least one instalment"),
        ({"principal": -100}, "positive amount"),
        ({"principal": 0}, "positive amount"),
        ({"rate_bp_month": -1}, "rate >= 0"),
        ({"every_months": 0}, "positive amount"),
    ],
)
def test_schedule_refusals(changes, message):
    args = {
        "method": DECLINING,
        "principal": 1_000_000,
        "rate_bp_month": 100,
        "instalments": 12,
        "start": START,
    } | changes
    with pytest.raises(ValueError, match=message):
        schedule(**args)


def test_one_instalment_pays_everything():
    for method in domain.METHODS:
        (row,) = loan(method, 100, instalments=1)
        assert (row.number, row.due, row.principal, row.interest, row.balance_after) == (
            1,
            D(2024, 2, 15),
            1_000_000,
            10_000,
            0,
        )
        assert row.total == 1_010_000
