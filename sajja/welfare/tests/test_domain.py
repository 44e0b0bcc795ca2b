"""The welfare rules on constructed cases, without a database: the waiting period to the day, the
cap per event, nights × the nightly amount, the cap a year, and who is covered."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sajja.welfare import domain
from sajja.welfare.domain import Facts, Rule, add_months, assess

D = dt.date
ILLNESS = Rule("illness", min_months=6, amount=100_00, cap_event=1_000_00, cap_year=3_000_00)
BIRTH = Rule("birth", min_months=6, amount=500_00, cap_event=500_00, cap_year=1_000_00)
DEATH = Rule("death", min_months=12, amount=3_000_00, cap_event=3_000_00, cap_year=3_000_00)
OLD_AGE = Rule("old_age", min_months=60, amount=1_000_00, cap_event=1_000_00, cap_year=1_000_00, min_age=60)


def facts(**over) -> Facts:
    values = dict(
        event_date=D(2026, 3, 10),
        today=D(2026, 6, 1),
        joined_on=D(2020, 1, 1),
        birth_date=D(1970, 5, 5),
        member_status="active",
        status_date=None,
    )
    values.update(over)
    return Facts(**values)


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (D(2025, 1, 31), 6, D(2025, 7, 31)),
        (D(2025, 8, 31), 6, D(2026, 2, 28)),
        (D(2023, 8, 31), 6, D(2024, 2, 29)),  # a leap year
        (D(2025, 11, 15), 3, D(2026, 2, 15)),  # across the year end
        (D(2025, 5, 5), 0, D(2025, 5, 5)),
    ],
)
def test_add_months_clamps_to_the_month_end(day, months, expected):
    assert add_months(day, months) == expected


def test_waiting_period_ends_on_the_same_day_of_the_month():
    joined = D(2025, 8, 31)  # six months -> 28 Feb 2026
    on_the_day = assess(BIRTH, facts(joined_on=joined, event_date=D(2026, 2, 28)))
    day_before = assess(BIRTH, facts(joined_on=joined, event_date=D(2026, 2, 27)))
    assert on_the_day.ok
    assert on_the_day.payable == 500_00
    assert day_before.reasons == ("waiting_period",)
    assert day_before.payable == 0
    assert day_before.eligible_from == D(2026, 2, 28)


def test_event_before_joining_is_not_a_waiting_period():
    result = assess(BIRTH, facts(joined_on=D(2026, 1, 1), event_date=D(2025, 12, 31)))
    assert result.reasons == ("before_joining",)


@pytest.mark.parametrize(
    ("nights", "payable"), [(1, 100_00), (7, 700_00), (10, 1_000_00), (11, 1_000_00), (30, 1_000_00)]
)
def test_illness_pays_nights_times_rate_up_to_the_cap_per_event(nights, payable):
    result = assess(ILLNESS, facts(nights=nights))
    assert result.ok
    assert result.payable == payable
    assert result.entitled == payable


@pytest.mark.parametrize("nights", [None, 0, -1, 367, True])
def test_illness_needs_a_sensible_number_of_nights(nights):
    assert "nights" in assess(ILLNESS, facts(nights=nights)).reasons


def test_cap_a_year_counts_what_was_claimed_and_pays_what_is_left():
    assert assess(ILLNESS, facts(nights=10, used_this_year=2_500_00)).payable == 500_00
    exactly = assess(ILLNESS, facts(nights=5, used_this_year=2_500_00))
    assert exactly.ok
    assert exactly.payable == 500_00
    assert exactly.year_room == 500_00
    full = assess(ILLNESS, facts(nights=3, used_this_year=3_000_00))
    assert full.reasons == ("year_cap_reached",)
    assert full.payable == 0


def test_an_amount_asked_beyond_a_cap_is_refused_not_cut():
    assert assess(BIRTH, facts(asked=500_01)).reasons == ("over_event_cap",)
    assert assess(BIRTH, facts(asked=500_00)).payable == 500_00
    assert assess(BIRTH, facts(asked=400_00, used_this_year=700_00)).reasons == ("over_year_cap",)
    assert assess(BIRTH, facts(asked=300_00, used_this_year=700_00)).payable == 300_00


def test_a_cap_of_zero_is_no_cap():
    open_rule = Rule("illness", min_months=0, amount=150_00, cap_event=0, cap_year=0)
    result = assess(open_rule, facts(nights=40, used_this_year=99_000_00))
    assert result.ok
    assert result.payable == 6_000_00
    assert result.year_room is None


def test_members_who_left_are_not_covered_and_the_dead_only_by_the_death_benefit():
    left = facts(member_status="left", status_date=D(2026, 4, 1))
    assert assess(BIRTH, left).reasons == ("not_member",)
    died = facts(member_status="deceased", status_date=D(2026, 3, 10), beneficiary="นายสมชาย ใจดี")
    assert assess(DEATH, died).ok
    assert assess(DEATH, died).payable == 3_000_00
    assert assess(DEATH, facts(beneficiary="")).reasons == ("beneficiary",)
    earlier = facts(member_status="deceased", status_date=D(2026, 1, 1), beneficiary="x")
    assert assess(DEATH, earlier).reasons == ("not_member",)
    assert assess(DEATH, facts(member_status="left", status_date=D(2026, 4, 1), beneficiary="x")).reasons == (
        "not_member",
    )


def test_old_age_needs_the_age_on_the_event_date():
    born = D(1966, 3, 10)  # 60 on 10 Mar 2026
    assert assess(OLD_AGE, facts(birth_date=born, event_date=D(2026, 3, 10))).ok
    assert assess(OLD_AGE, facts(birth_date=born, event_date=D(2026, 3, 9))).reasons == ("too_young",)


def test_duplicate_future_and_several_reasons_at_once():
    result = assess(BIRTH, facts(same_event_claimed=True, event_date=D(2026, 7, 1), joined_on=D(2026, 5, 1)))
    assert set(result.reasons) == {"duplicate", "future_event", "waiting_period"}
    assert result.payable == 0


def test_every_reason_has_a_message():
    from sajja.welfare.services import REASON_FIELDS, REASONS

    codes = {"future_event", "before_joining", "waiting_period", "not_member", "beneficiary", "nights",
             "too_young", "duplicate", "over_event_cap", "year_cap_reached", "over_year_cap", "nothing_payable"}  # fmt: skip
    assert set(REASONS) == codes == set(REASON_FIELDS)
    assert set(domain.BENEFITS) == {"birth", "illness", "death", "old_age", "education"}


money = st.integers(min_value=0, max_value=100_000_00)


@given(
    amount=st.integers(min_value=1, max_value=10_000_00),
    cap_event=money,
    cap_year=money,
    nights=st.integers(min_value=1, max_value=366),
    used=money,
    months=st.integers(min_value=0, max_value=120),
    days_after=st.integers(min_value=-400, max_value=4000),
)
def test_property_never_more_than_a_cap_and_refused_means_nothing(amount, cap_event, cap_year, nights, used, months,
                                                                  days_after):  # fmt: skip
    rule = Rule("illness", min_months=months, amount=amount, cap_event=cap_event, cap_year=cap_year)
    joined = D(2015, 1, 31)
    event = add_months(joined, months) + dt.timedelta(days=days_after)
    result = assess(rule, facts(joined_on=joined, event_date=event, today=D(2030, 1, 1), nights=nights,
                                used_this_year=used))  # fmt: skip
    assert result.entitled == (min(amount * nights, cap_event) if cap_event else amount * nights)
    if result.ok:
        assert 0 < result.payable <= result.entitled
        assert not cap_year or used + result.payable <= cap_year
        assert event >= add_months(joined, months)
    else:
        assert result.payable == 0
        assert (event < add_months(joined, months)) == (
            "waiting_period" in result.reasons or "before_joining" in result.reasons
        )
