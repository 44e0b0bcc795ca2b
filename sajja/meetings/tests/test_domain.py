"""The meeting day's pure rules: the cash count, the difference, meeting dates, the suggested
deposit, a row's status and which fines an amount pays."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sajja.meetings import domain

D = dt.date


def test_denominations_are_the_thai_notes_and_coins():
    baht = [d / 100 for d in domain.DENOMINATIONS]
    assert baht == [1000, 500, 100, 50, 20, 10, 5, 2, 1, 0.5, 0.25]


def test_count_total_worked_example():
    # 9 × 1000 + 1 × 500 + 1 × 100 + 1 × 50 + 1 × 10 + 1 × 0.50 + 3 × 0.25 = 9,661.25 baht
    counts = domain.count_total({"100000": 9, 50_000: 1, "10000": 1, "5000": 1, "1000": 1, "50": 1, "25": 3})
    assert counts[100_000] == 9
    assert counts[2_000] == 0  # every denomination present
    assert domain.cash_of(counts) == 966_125


@pytest.mark.parametrize(
    ("counts", "code"),
    [
        ({"100000": -1}, "bad_count"),
        ({"100000": 1.0}, "bad_count"),
        ({"100000": True}, "bad_count"),
        ({"100000": "3"}, "bad_count"),
        ({"100000": 10**6}, "bad_count"),
        ({"30000": 1}, "denomination"),  # no 300-baht note
        ({"abc": 1}, "denomination"),
        ({"0100000": 1}, "denomination"),
        ({"1000.00": 1}, "denomination"),
    ],
)
def test_count_problems(counts, code):
    with pytest.raises(domain.CountProblem) as caught:
        domain.count_total(counts)
    assert caught.value.code == code


@given(st.dictionaries(st.sampled_from(domain.DENOMINATIONS), st.integers(0, domain.MAX_PIECES)))
def test_cash_of_is_the_sum_of_pieces(counts):
    normal = domain.count_total(counts)
    assert domain.cash_of(normal) == sum(d * n for d, n in counts.items())
    assert domain.cash_of(normal) >= 0


def test_difference_sign():
    assert domain.difference(counted=9_660_50, expected=9_670_50) == -10_00  # shortage
    assert domain.difference(counted=9_680_50, expected=9_670_50) == 10_00  # overage
    assert domain.difference(counted=1, expected=1) == 0


def test_next_meeting_date():
    assert domain.next_meeting_date(5, D(2025, 4, 5)) == D(2025, 4, 5)  # the day itself
    assert domain.next_meeting_date(5, D(2025, 4, 6)) == D(2025, 5, 5)
    assert domain.next_meeting_date(5, D(2025, 12, 6)) == D(2026, 1, 5)
    assert domain.next_meeting_date(28, D(2025, 2, 1)) == D(2025, 2, 28)
    assert domain.meeting_date_in(2024, 2, 31) == D(2024, 2, 29)  # a shorter month: its last day


def test_previous_meeting_dates():
    assert domain.previous_meeting_dates(5, D(2025, 4, 5), 3) == [D(2025, 3, 5), D(2025, 2, 5), D(2025, 1, 5)]
    assert domain.previous_meeting_dates(5, D(2025, 1, 6), 2) == [D(2025, 1, 5), D(2024, 12, 5)]


@pytest.mark.parametrize(
    ("last", "suggested"),
    [
        ([100_00, 200_00, 0], 100_00),  # two of three: the most recent
        ([0, 200_00, 50_00], 200_00),
        ([100_00, 0, 0], 0),  # once is not a habit
        ([0, 0, 0], 0),
        ([], 0),
        ([30_00, 40_00, 50_00, 60_00], 30_00),  # only the last three count
    ],
)
def test_deposit_suggestion(last, suggested):
    assert domain.deposit_suggestion(last) == suggested


@pytest.mark.parametrize(
    ("remaining", "posted", "status"),
    [(0, 0, "nothing_due"), (100, 0, "waiting"), (100, 50, "partial"), (0, 50, "done")],
)
def test_row_status(remaining, posted, status):
    assert domain.row_status(remaining=remaining, posted=posted) == status


def test_counts_for_fewest_pieces():
    counts = domain.counts_for(1_788_75)  # 1,788.75 baht
    assert {d: n for d, n in counts.items() if n} == {
        100_000: 1, 50_000: 1, 10_000: 2, 5_000: 1, 2_000: 1, 1_000: 1, 500: 1, 200: 1, 100: 1, 50: 1, 25: 1
    }  # fmt: skip
    assert domain.cash_of(counts) == 1_788_75
    assert domain.cash_of(domain.counts_for(1_00_92)) == 1_00_75  # 17 satang: no coin that small
