"""The pure savings rules (no database): periods, the pledge register's cells, fines, deposit
interest and the leaving settlement. Every figure is worked by hand in the comments."""

import dataclasses
import datetime as dt

import pytest

from sajja.savings import domain

D = dt.date


# --- periods ---------------------------------------------------------------------------------------


def test_periods_and_months():
    assert domain.period_of(D(2025, 3, 17)) == D(2025, 3, 1)
    assert domain.add_months(D(2025, 11, 1), 3) == D(2026, 2, 1)
    assert domain.add_months(D(2025, 1, 1), -1) == D(2024, 12, 1)
    assert domain.months_between(D(2024, 11, 1), D(2025, 2, 1)) == 3
    assert domain.months_between(D(2025, 2, 1), D(2025, 2, 1)) == 0
    assert domain.month_end(D(2024, 2, 1)) == D(2024, 2, 29)  # leap year
    assert domain.month_end(D(2025, 2, 1)) == D(2025, 2, 28)
    assert domain.fiscal_periods(D(2025, 4, 1)) == [domain.add_months(D(2025, 4, 1), i) for i in range(12)]
    assert domain.fiscal_periods(D(2025, 4, 1))[-1] == D(2026, 3, 1)


def test_due_date_is_the_meeting_day_plus_the_grace_days():
    assert domain.due_date(D(2025, 3, 1), 5, 0) == D(2025, 3, 5)
    assert domain.due_date(D(2025, 3, 1), 5, 3) == D(2025, 3, 8)
    assert domain.due_date(D(2025, 2, 1), 28, 3) == D(2025, 3, 3)  # the grace runs into the next month


def test_pledge_for_reads_the_history():
    history = [(D(2025, 1, 1), 10000), (D(2025, 7, 1), 20000)]
    assert domain.pledge_for(history, D(2024, 12, 1)) == 0
    assert domain.pledge_for(history, D(2025, 1, 1)) == 10000
    assert domain.pledge_for(history, D(2025, 6, 1)) == 10000
    assert domain.pledge_for(history, D(2025, 7, 1)) == 20000
    assert domain.pledge_for(history, D(2026, 1, 1)) == 20000
    assert domain.pledge_for([], D(2025, 1, 1)) == 0


# --- the pledge register's cells -------------------------------------------------------------------

MARCH = D(2025, 3, 1)
DUE = D(2025, 3, 5)


def status(**overrides):
    values = {
        "period": MARCH,
        "paid_on": None,
        "due": DUE,
        "today": D(2025, 3, 20),
        "first_period": D(2025, 1, 1),
        "last_period": None,
        "pledge": 10000,
    }
    values.update(overrides)
    return domain.period_status(**values)


def test_period_status_paid_on_time_ahead_and_late():
    assert status(paid_on=DUE) == domain.PAID  # on the due date is on time
    assert status(paid_on=D(2025, 1, 5)) == domain.PAID  # paid ahead
    assert status(paid_on=D(2025, 3, 6)) == domain.LATE
    # A payment counts even in a month where the member had no pledge or was not a member.
    assert status(paid_on=DUE, pledge=0) == domain.PAID


def test_period_status_unpaid():
    assert status(today=D(2025, 3, 6)) == domain.MISSED  # the day after the due date
    assert status(today=DUE) == domain.DUE  # on the due date it is still due
    assert status(today=D(2025, 3, 1)) == domain.DUE
    assert status(today=D(2025, 2, 20)) == domain.UPCOMING  # a later period
    assert status(first_period=D(2025, 4, 1)) == domain.NOT_MEMBER  # before joining
    assert status(last_period=D(2025, 2, 1)) == domain.NOT_MEMBER  # after leaving
    assert status(last_period=MARCH) == domain.MISSED  # the month of leaving still counts
    assert status(pledge=0) == domain.NO_PLEDGE


# --- the pledge ------------------------------------------------------------------------------------


def test_pledge_problem():
    limits = {"minimum": 1000, "maximum": 50000, "multiple": 1000}
    assert domain.pledge_problem(amount=1000, **limits) is None
    assert domain.pledge_problem(amount=50000, **limits) is None
    assert domain.pledge_problem(amount=999, **limits) == "below_minimum"
    assert domain.pledge_problem(amount=50001, **limits) == "above_maximum"
    assert domain.pledge_problem(amount=10500, **limits) == "not_multiple"
    assert domain.pledge_problem(amount=0, **limits) == "below_minimum"


def test_periods_covered_pays_the_oldest_periods_exactly():
    jan, feb, mar = D(2025, 1, 1), D(2025, 2, 1), D(2025, 3, 1)
    unpaid = [(jan, 10000), (feb, 10000), (mar, 20000)]
    assert domain.periods_covered(unpaid, 10000) == [jan]
    assert domain.periods_covered(unpaid, 20000) == [jan, feb]
    assert domain.periods_covered(unpaid, 40000) == [jan, feb, mar]
    assert domain.periods_covered(unpaid, 15000) is None  # not a whole pledge
    assert domain.periods_covered(unpaid, 30000) is None  # 100 + 100 + 200: no prefix sums to 300
    assert domain.periods_covered(unpaid, 50000) is None  # more than all the unpaid periods
    assert domain.periods_covered(unpaid, 0) is None
    assert domain.periods_covered([], 10000) is None


# --- fines -----------------------------------------------------------------------------------------


def fine(**overrides):
    values = {"kind": "fixed", "fixed": 500, "rate": 1000, "pledge": 10000, "cap_year": 6000, "charged_in_year": 0}
    values.update(overrides)
    return domain.fine_for_missed(**values)


def test_fixed_fine_and_its_yearly_cap():
    assert fine() == 500
    assert fine(charged_in_year=5500) == 500  # reaches the cap exactly
    assert fine(charged_in_year=5800) == 200  # only what is left under the cap
    assert fine(charged_in_year=6000) == 0  # the cap stops fines
    assert fine(charged_in_year=7000) == 0  # never negative
    assert fine(kind="none") == 0


def test_percent_fine_rounds_half_up_to_the_satang():
    # 10% of 123.45 baht = 12.345 baht = 1234.5 satang -> 1235 (half up)
    assert fine(kind="percent", rate=1000, pledge=12345) == 1235
    # 2.5% of 100.10 baht = 2.5025 baht = 250.25 satang -> 250
    assert fine(kind="percent", rate=250, pledge=10010) == 250
    # 2.5% of 100.30 baht = 250.75 satang -> 251
    assert fine(kind="percent", rate=250, pledge=10030) == 251
    # 1% of 0.50 baht = 0.5 satang -> 1 (half up, not to even)
    assert fine(kind="percent", rate=100, pledge=50) == 1
    # 10% of 100 baht = 1000 satang, 300 left under the cap
    assert fine(kind="percent", rate=1000, pledge=10000, charged_in_year=5700) == 300


# --- deposit interest ------------------------------------------------------------------------------


def test_interest_period_ends_follow_the_fiscal_year():
    # Half-yearly with a fiscal year from April: periods end on 30 September and 31 March.
    assert domain.interest_period_ends(
        posting="half_yearly", fiscal_start_month=4, since=D(2024, 12, 31), through=D(2026, 4, 30)
    ) == [D(2025, 3, 31), D(2025, 9, 30), D(2026, 3, 31)]
    # ``since`` itself is not an end again; ``through`` is included.
    assert domain.interest_period_ends(
        posting="half_yearly", fiscal_start_month=4, since=D(2025, 3, 31), through=D(2025, 9, 30)
    ) == [D(2025, 9, 30)]
    assert (
        domain.interest_period_ends(
            posting="half_yearly", fiscal_start_month=4, since=D(2025, 3, 31), through=D(2025, 9, 29)
        )
        == []
    )
    # Half-yearly from January: June and December.
    assert domain.interest_period_ends(
        posting="half_yearly", fiscal_start_month=1, since=D(2025, 1, 10), through=D(2025, 12, 31)
    ) == [D(2025, 6, 30), D(2025, 12, 31)]
    assert domain.interest_period_ends(
        posting="quarterly", fiscal_start_month=10, since=D(2025, 1, 1), through=D(2025, 12, 31)
    ) == [D(2025, 3, 31), D(2025, 6, 30), D(2025, 9, 30), D(2025, 12, 31)]
    assert domain.interest_period_ends(
        posting="yearly", fiscal_start_month=10, since=D(2024, 1, 1), through=D(2025, 12, 31)
    ) == [D(2024, 9, 30), D(2025, 9, 30)]
    assert domain.interest_period_ends(
        posting="monthly", fiscal_start_month=4, since=D(2025, 1, 31), through=D(2025, 4, 15)
    ) == [D(2025, 2, 28), D(2025, 3, 31)]


def test_round_interest_half_up():
    assert domain.round_interest(5, 10) == 1  # 0.5 -> 1
    assert domain.round_interest(4, 10) == 0
    assert domain.round_interest(15, 10) == 2  # 1.5 -> 2 (not to even)
    assert domain.round_interest(25, 10) == 3  # 2.5 -> 3 (not to even)
    assert domain.round_interest(14, 10) == 1
    assert domain.round_interest(0, 10) == 0


def flat(rate):
    return lambda day: rate


def test_daily_balance_interest():
    # 1,000 baht all February 2025 (28 days) at 2% a year:
    # 100000 × 200 × 28 / (10000 × 365) = 560,000,000 / 3,650,000 = 153.42 -> 153 satang
    n, d = domain.interest_numerator(
        method="daily_balance", opening=100000, movements=[], since=D(2025, 1, 31), through=D(2025, 2, 28),
        rate_on=flat(200),
    )  # fmt: skip
    assert (n, d) == (560_000_000, 3_650_000)
    assert domain.round_interest(n, d) == 153
    # + 500 baht on 15 February: 14 days at 1,000, 14 days at 1,500 (the day's closing balance):
    # (100000 × 14 + 150000 × 14) × 200 = 700,000,000 / 3,650,000 = 191.78 -> 192
    n, d = domain.interest_numerator(
        method="daily_balance", opening=100000, movements=[(D(2025, 2, 15), 50000)], since=D(2025, 1, 31),
        through=D(2025, 2, 28), rate_on=flat(200),
    )  # fmt: skip
    assert n == 700_000_000
    assert domain.round_interest(n, d) == 192


def test_daily_balance_interest_uses_each_days_rate():
    # 2% until 14 February, 3% from the 15th: 100000×14×200 + 150000×14×300 = 280,000,000 + 630,000,000
    # = 910,000,000 / 3,650,000 = 249.32 -> 249 satang
    def rate(day):
        return 200 if day < D(2025, 2, 15) else 300

    n, d = domain.interest_numerator(
        method="daily_balance", opening=100000, movements=[(D(2025, 2, 15), 50000)], since=D(2025, 1, 31),
        through=D(2025, 2, 28), rate_on=rate,
    )  # fmt: skip
    assert n == 910_000_000
    assert domain.round_interest(n, d) == 249


def test_daily_balance_never_earns_on_a_negative_balance():
    n, _d = domain.interest_numerator(
        method="daily_balance", opening=-5000, movements=[], since=D(2025, 1, 31), through=D(2025, 2, 28),
        rate_on=flat(200),
    )  # fmt: skip
    assert n == 0


def test_min_monthly_balance_interest():
    # Opening 1,000 baht at the end of 2024; +500 on 10 Jan, -300 on 10 Feb, +100 on 20 Mar.
    # Lowest of January 1,000 (the opening), February 1,200 (after the withdrawal), March 1,200
    # (its opening): (100000 + 120000 + 120000) × 200 / (10000 × 12) = 68,000,000 / 120,000 = 566.67 -> 567
    moves = [(D(2025, 1, 10), 50000), (D(2025, 2, 10), -30000), (D(2025, 3, 20), 10000)]
    n, d = domain.interest_numerator(
        method="min_monthly_balance", opening=100000, movements=moves, since=D(2024, 12, 31),
        through=D(2025, 3, 31), rate_on=flat(200),
    )  # fmt: skip
    assert (n, d) == (68_000_000, 120_000)
    assert domain.round_interest(n, d) == 567
    # Only whole months earn: from 15 January (January is not whole) to 15 April (April is not over):
    # February 1,200 and March 1,200 -> 240000 × 200 / 120,000 = 400 satang.
    n, d = domain.interest_numerator(
        method="min_monthly_balance", opening=150000, movements=moves[1:], since=D(2025, 1, 15),
        through=D(2025, 4, 15), rate_on=flat(200),
    )  # fmt: skip
    assert n == 48_000_000
    assert domain.round_interest(n, d) == 400


def test_min_monthly_balance_uses_the_rate_of_the_months_last_day():
    # 1,000 baht for January (2% on 31 Jan) and February (3% from 15 Feb, so 3% on 28 Feb):
    # (100000 × 200 + 100000 × 300) / 120,000 = 50,000,000 / 120,000 = 416.67 -> 417
    def rate(day):
        return 200 if day < D(2025, 2, 15) else 300

    n, d = domain.interest_numerator(
        method="min_monthly_balance", opening=100000, movements=[], since=D(2024, 12, 31), through=D(2025, 2, 28),
        rate_on=rate,
    )  # fmt: skip
    assert n == 50_000_000
    assert domain.round_interest(n, d) == 417


# --- leaving ---------------------------------------------------------------------------------------


def test_settlement():
    s = domain.Settlement(pledge=120000, deposits=50000, interest_due=123, loans=30000, fines=1000)
    assert s.owed_to_member == 170123
    assert s.owed_by_member == 31000
    assert s.net == 139123
    owing = domain.Settlement(pledge=10000, deposits=0, interest_due=0, loans=30000, fines=500)
    assert owing.net == -20500  # the member still owes 205 baht
    with pytest.raises(dataclasses.FrozenInstanceError):
        s.pledge = 0


def test_fines_prefix_pays_oldest_whole():
    assert domain.fines_prefix([500, 500, 2_000], 500) == 1
    assert domain.fines_prefix([500, 500, 2_000], 1_000) == 2
    assert domain.fines_prefix([500, 500, 2_000], 3_000) == 3
    assert domain.fines_prefix([500, 500, 2_000], 2_000) is None  # not the oldest
    assert domain.fines_prefix([500, 500, 2_000], 750) is None  # part of a fine
    assert domain.fines_prefix([500], 600) is None  # more than owed
    assert domain.fines_prefix([], 500) is None
