"""Repayment schedules checked against values computed independently of ``domain.schedule``:
``numpy-financial`` for equal instalments (annuity), tables worked out by hand for declining balance
and flat, and properties that hold for any loan. Money in satang, rates in basis points a month."""

import datetime as dt
import itertools
from decimal import ROUND_HALF_UP, Decimal

import numpy_financial as npf
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sajja.loans import domain
from sajja.loans.domain import ANNUITY, DECLINING, FLAT, add_months, schedule

START = dt.date(2024, 1, 31)  # a month end in a leap year: due dates fall on 29 Feb, 30 Apr...


def half_up(value: Decimal) -> int:
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def float_half_up(value: float) -> int:
    """A float from numpy-financial, half up to the satang, refusing to guess when the float lies so
    near a half satang that its rounding error could decide which way it goes."""
    fraction = value - int(value)
    assert abs(fraction - 0.5) > 1e-6, f"{value!r} is too near half a satang to round from a float"
    return int(value + 0.5)


def table(rows) -> list[tuple]:
    return [(r.number, r.due, r.principal, r.interest, r.balance_after) for r in rows]


# --- equal instalments against numpy-financial -------------------------------------------------

AMOUNTS = (500_000, 1_000_000, 3_750_050, 20_000_000)  # 5,000 / 10,000 / 37,500.50 / 200,000 baht
RATES = (50, 75, 100, 125)  # 0.5% / 0.75% / 1% / 1.25% a month
TERMS = (6, 12, 24, 36, 60)
ANNUITY_CASES = [
    *[(amount, rate, term, 1, 0) for amount, rate, term in itertools.product(AMOUNTS, RATES, TERMS)],
    *[(amount, rate, term, 3, 0) for amount, rate, term in itertools.product(AMOUNTS, RATES, (4, 8, 20))],
    *[(amount, rate, term, 1, 2) for amount, rate, term in itertools.product(AMOUNTS, RATES, (6, 12, 36))],
    *[(amount, rate, 10, 3, 2) for amount, rate in itertools.product(AMOUNTS, RATES)],
]


@pytest.mark.parametrize(("amount", "rate_bp", "instalments", "every", "grace"), ANNUITY_CASES)
def test_annuity_matches_numpy_financial(amount, rate_bp, instalments, every, grace):
    rows = schedule(
        method=ANNUITY,
        principal=amount,
        rate_bp_month=rate_bp,
        instalments=instalments,
        start=START,
        every_months=every,
        grace=grace,
    )
    paying = instalments - grace
    rate = rate_bp * every / 10_000  # the period rate, for numpy-financial
    exact_rate = Decimal(rate_bp * every) / 10_000
    exact_pmt = -npf.pmt(rate, paying, amount)  # what a period pays, unrounded (float)
    payment = float_half_up(exact_pmt)

    assert len(rows) == instalments
    assert sum(r.principal for r in rows) == amount  # the amount lent, exactly
    assert [r.due for r in rows] == [add_months(START, every * k) for k in range(1, instalments + 1)]
    for row in rows[:grace]:  # grace periods: interest only, on the whole amount
        assert (row.principal, row.balance_after) == (0, amount)
        assert row.interest == half_up(amount * exact_rate)

    # The rounded schedule drifts from numpy-financial's unrounded one by at most ``drift`` satang:
    # each period's interest and payment are each within half a satang of the unrounded figure,
    # and what the balance is off grows at the period rate.
    balance, drift = amount, 0.0
    for k, row in enumerate(rows[grace:], start=1):
        assert row.interest == half_up(balance * exact_rate)  # on the balance before, half up
        exact_interest = -npf.ipmt(rate, k, paying, amount)
        exact_principal = -npf.ppmt(rate, k, paying, amount)
        assert abs(row.interest - exact_interest) <= rate * drift + 0.5 + 1e-6
        if k < paying:
            assert row.total == payment  # every payment but the last: numpy's, half up
            assert abs(row.principal - exact_principal) <= rate * drift + 1 + 1e-6
        else:  # the last takes what remains of the principal
            assert row.principal == balance
            assert abs(row.total - exact_pmt) <= (1 + rate) * drift + 1 + 1e-6
        balance -= row.principal
        assert row.balance_after == balance
        drift = (1 + rate) * drift + 1
        exact_balance = amount + sum(npf.ppmt(rate, j, paying, amount) for j in range(1, k + 1))
        assert abs(row.balance_after - exact_balance) <= drift + 1e-6
    assert balance == 0


@pytest.mark.parametrize("every", [1, 3])
def test_annuity_without_interest_is_equal_parts(every):
    rows = schedule(
        method=ANNUITY, principal=1_000_000, rate_bp_month=0, instalments=3, start=START, every_months=every
    )
    assert [(r.principal, r.interest) for r in rows] == [(333_333, 0), (333_333, 0), (333_334, 0)]
    assert npf.pmt(0, 3, 1_000_000) == pytest.approx(-333_333.33, abs=0.01)


def test_annuity_of_a_real_loan_to_the_satang():
    """10,000 baht at 1% a month for 12 months: numpy-financial's payment is 888.4878867...
    baht, so 888.49 baht a month; the last pays what remains, 879.67 baht, and 8.80 baht of
    interest (1% of 879.67 baht = 8.7967 baht): 888.47 baht. Worked out row by row, by hand."""
    assert -npf.pmt(0.01, 12, 1_000_000) == pytest.approx(88_848.78867, abs=1e-4)
    rows = schedule(method=ANNUITY, principal=1_000_000, rate_bp_month=100, instalments=12, start=START)
    assert {r.total for r in rows[:-1]} == {88_849}
    assert (rows[0].interest, rows[0].principal) == (10_000, 78_849)
    assert (rows[-1].principal, rows[-1].interest, rows[-1].balance_after) == (87_967, 880, 0)
    assert sum(r.interest for r in rows) == 66_186


# --- declining balance and flat against hand tables ---------------------------------------------

# (number, due, principal, interest, balance after), each worked out by hand.
D = dt.date
HAND_TABLES = {
    # 1,200 baht at 1% a month for 3 months: 400 baht of principal a month.
    (DECLINING, 120_000, 100, 3, 0): [
        (1, D(2024, 2, 29), 40_000, 1_200, 80_000),  # 1% of 1,200.00 baht = 12.00 baht
        (2, D(2024, 3, 31), 40_000, 800, 40_000),  # 1% of 800.00 baht
        (3, D(2024, 4, 30), 40_000, 400, 0),  # 1% of 400.00 baht
    ],
    (FLAT, 120_000, 100, 3, 0): [
        (1, D(2024, 2, 29), 40_000, 1_200, 80_000),  # always 1% of the 1,200 baht lent
        (2, D(2024, 3, 31), 40_000, 1_200, 40_000),
        (3, D(2024, 4, 30), 40_000, 1_200, 0),
    ],
    # 10,000 baht at 0.75% a month for 4 months: 2,500 baht of principal a month.
    (DECLINING, 1_000_000, 75, 4, 0): [
        (1, D(2024, 2, 29), 250_000, 7_500, 750_000),  # 0.75% of 10,000 baht = 75.00 baht
        (2, D(2024, 3, 31), 250_000, 5_625, 500_000),  # 0.75% of 7,500 baht = 56.25 baht
        (3, D(2024, 4, 30), 250_000, 3_750, 250_000),
        (4, D(2024, 5, 31), 250_000, 1_875, 0),
    ],
    (FLAT, 1_000_000, 75, 4, 0): [
        (1, D(2024, 2, 29), 250_000, 7_500, 750_000),
        (2, D(2024, 3, 31), 250_000, 7_500, 500_000),
        (3, D(2024, 4, 30), 250_000, 7_500, 250_000),
        (4, D(2024, 5, 31), 250_000, 7_500, 0),
    ],
    # 1,000 baht at 1.25% for 3 months: 333.33 1/3 baht rounds to 333.33; the last takes 333.34.
    (DECLINING, 100_000, 125, 3, 0): [
        (1, D(2024, 2, 29), 33_333, 1_250, 66_667),
        (2, D(2024, 3, 31), 33_333, 833, 33_334),  # 1.25% of 666.67 baht = 8.333375 baht → 8.33
        (3, D(2024, 4, 30), 33_334, 417, 0),  # 1.25% of 333.34 baht = 4.16675 baht → 4.17
    ],
    (FLAT, 100_000, 125, 3, 0): [
        (1, D(2024, 2, 29), 33_333, 1_250, 66_667),
        (2, D(2024, 3, 31), 33_333, 1_250, 33_334),
        (3, D(2024, 4, 30), 33_334, 1_250, 0),
    ],
    # 1,501.50 baht at 1% for 2 months: half a satang rounds up.
    (DECLINING, 150_150, 100, 2, 0): [
        (1, D(2024, 2, 29), 75_075, 1_502, 75_075),  # 1% of 1,501.50 baht = 15.015 baht → 15.02
        (2, D(2024, 3, 31), 75_075, 751, 0),  # 1% of 750.75 baht = 7.5075 baht → 7.51
    ],
    (FLAT, 150_150, 100, 2, 0): [
        (1, D(2024, 2, 29), 75_075, 1_502, 75_075),
        (2, D(2024, 3, 31), 75_075, 1_502, 0),
    ],
    # 10,000 baht at 0.75% for 4 months, the first a grace period: 3 principal parts of 3,333.33.
    (DECLINING, 1_000_000, 75, 4, 1): [
        (1, D(2024, 2, 29), 0, 7_500, 1_000_000),  # interest only
        (2, D(2024, 3, 31), 333_333, 7_500, 666_667),
        (3, D(2024, 4, 30), 333_333, 5_000, 333_334),  # 0.75% of 6,666.67 baht = 50.000025 → 50.00
        (4, D(2024, 5, 31), 333_334, 2_500, 0),  # 0.75% of 3,333.34 baht = 25.00005 → 25.00
    ],
    (FLAT, 1_000_000, 75, 4, 1): [
        (1, D(2024, 2, 29), 0, 7_500, 1_000_000),
        (2, D(2024, 3, 31), 333_333, 7_500, 666_667),
        (3, D(2024, 4, 30), 333_333, 7_500, 333_334),
        (4, D(2024, 5, 31), 333_334, 7_500, 0),
    ],
}


@pytest.mark.parametrize(("case", "expected"), HAND_TABLES.items(), ids=lambda v: str(v)[:40])
def test_hand_tables(case, expected):
    method, amount, rate_bp, instalments, grace = case
    rows = schedule(
        method=method, principal=amount, rate_bp_month=rate_bp, instalments=instalments, start=START, grace=grace
    )
    assert table(rows) == expected
    assert sum(r.principal for r in rows) == amount


def test_every_three_months_hand_table():
    """12,000 baht at 1% a month, paid every 3 months (3% a period) over 4 periods."""
    rows = schedule(
        method=DECLINING, principal=1_200_000, rate_bp_month=100, instalments=4, start=START, every_months=3
    )
    assert table(rows) == [
        (1, D(2024, 4, 30), 300_000, 36_000, 900_000),
        (2, D(2024, 7, 31), 300_000, 27_000, 600_000),
        (3, D(2024, 10, 31), 300_000, 18_000, 300_000),
        (4, D(2025, 1, 31), 300_000, 9_000, 0),
    ]
    flat = schedule(method=FLAT, principal=1_200_000, rate_bp_month=100, instalments=4, start=START, every_months=3)
    assert [r.interest for r in flat] == [36_000] * 4


# --- properties of any schedule ---------------------------------------------------------------


@st.composite
def loans(draw):
    instalments = draw(st.integers(1, 120))
    return {
        "principal": draw(st.integers(1, 1_000_000_000)),  # 1 satang to 10 million baht
        "rate_bp_month": draw(st.integers(0, 300)),
        "instalments": instalments,
        "grace": draw(st.integers(0, instalments - 1)),
        "every_months": draw(st.sampled_from((1, 1, 2, 3, 6))),
        "start": draw(st.dates(dt.date(2000, 1, 1), dt.date(2090, 12, 31))),
    }


@settings(max_examples=300, deadline=None)
@given(loan=loans())
def test_schedule_properties(loan):
    by_method = {method: schedule(method=method, **loan) for method in domain.METHODS}
    rate = Decimal(loan["rate_bp_month"] * loan["every_months"]) / 10_000
    for method, rows in by_method.items():
        assert len(rows) == loan["instalments"]
        assert [r.number for r in rows] == list(range(1, loan["instalments"] + 1))
        assert sum(r.principal for r in rows) == loan["principal"], method
        assert all(r.principal >= 0 and r.interest >= 0 and r.balance_after >= 0 for r in rows), method
        assert rows[-1].balance_after == 0
        dues = [loan["start"], *[r.due for r in rows]]
        assert all(a < b for a, b in itertools.pairwise(dues)), method
        balance = loan["principal"]
        for row in rows:
            expected = half_up((loan["principal"] if method == FLAT else balance) * rate)
            assert row.interest == expected, (method, row)
            if row.number <= loan["grace"]:
                assert row.principal == 0
            balance -= row.principal
            assert row.balance_after == balance
    for declining, flat in zip(by_method[DECLINING], by_method[FLAT], strict=True):
        assert declining.interest <= flat.interest
        assert (declining.principal, declining.balance_after) == (flat.principal, flat.balance_after)
