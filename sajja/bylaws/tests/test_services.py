"""Deciding bylaw values: each dated and approved, never edited; the value in force on any day;
refusals with their message and nothing written."""

import datetime as dt

import pytest
from django.utils import translation

from sajja.bylaws import registry
from sajja.bylaws.models import Bylaw
from sajja.bylaws.selectors import bylaw_book, bylaw_sections, bylaws_at
from sajja.bylaws.services import bylaw_set
from sajja.core import testing as t
from sajja.core.errors import SajjaError, ValidationErrors
from sajja.ledger.services import period_close

D = dt.date
RESOLUTION = "มติที่ประชุมใหญ่ ครั้งที่ 1/2568"


@pytest.fixture
def group(db):
    return t.make_group()


@pytest.fixture
def actor(db):
    return t.make_user("bylaws_secretary")


def decide(group, actor, key, value, day, resolution=RESOLUTION):
    return bylaw_set(group=group, key=key, value=value, effective_from=day, resolution=resolution, actor=actor)


def refused(group, actor, key, value, day, resolution=RESOLUTION) -> dict[str, list[str]]:
    """Expect a refusal that writes nothing; return the English messages by field."""
    before = list(Bylaw.objects.values_list("id", "key", "value", "effective_from"))
    with pytest.raises(SajjaError) as caught:
        decide(group, actor, key, value, day, resolution)
    assert list(Bylaw.objects.values_list("id", "key", "value", "effective_from")) == before
    error = caught.value
    assert error.in_language("th")
    if isinstance(error, ValidationErrors):
        return {field: [error_en(m) for m in messages] for field, messages in error.errors.items()}
    return {error.field: [error.in_language("en")]}


def error_en(message) -> str:
    with translation.override("en"):
        return str(message)


def test_a_decision_is_stored_parsed_with_its_resolution(group, actor):
    row = decide(group, actor, "entry_fee", "๕๐", D(2025, 6, 1), resolution="  มติที่ประชุมใหญ่ 2/2568 ")
    assert (row.key, row.value, row.effective_from, row.resolution, row.created_by) == (
        "entry_fee",
        5000,
        D(2025, 6, 1),
        "มติที่ประชุมใหญ่ 2/2568",
        actor,
    )


def test_the_value_in_force_on_each_day(group, actor):
    decide(group, actor, "deposit.savings.rate", "2.5", D(2025, 1, 1))
    decide(group, actor, "deposit.savings.rate", "3", D(2025, 7, 1))
    decide(group, actor, "pledge.change_months", "1,7", D(2025, 3, 1))
    book = bylaw_book(group.id)
    assert book.value("deposit.savings.rate", D(2024, 12, 31)) == 200  # the template default before any decision
    assert book.value("deposit.savings.rate", D(2025, 1, 1)) == 250
    assert book.value("deposit.savings.rate", D(2025, 6, 30)) == 250
    assert book.value("deposit.savings.rate", D(2025, 7, 1)) == 300
    assert book.value("deposit.savings.rate", D(2030, 1, 1)) == 300
    default = book.decided("deposit.savings.rate", D(2024, 1, 1))
    assert (default.effective_from, default.resolution, default.shown) == (None, None, "2.00%")
    decided = book.decided("deposit.savings.rate", D(2025, 8, 1))
    assert (decided.value, decided.effective_from, decided.resolution, decided.shown) == (
        300,
        D(2025, 7, 1),
        RESOLUTION,
        "3.00%",
    )
    assert [row.value for row in book.history("deposit.savings.rate")] == [300, 250]  # newest first
    at = bylaws_at(group.id, D(2025, 3, 1))
    assert (at["deposit.savings.rate"], at["pledge.change_months"], at["entry_fee"]) == (250, [1, 7], 2000)
    sections = bylaw_sections(group.id, D(2025, 8, 1))
    rows = {row["decided"].setting.key: row for _section, rows in sections for row in rows}
    assert rows["deposit.savings.rate"]["decided"].value == 300
    assert len(rows["deposit.savings.rate"]["history"]) == 2
    assert set(rows) == {s.key for s in registry.SETTINGS}


def test_another_groups_decisions_do_not_count(group, actor):
    other = t.make_group("กลุ่มอื่น")
    decide(other, actor, "entry_fee", "100", D(2025, 1, 1))
    assert bylaw_book(group.id).value("entry_fee", D(2025, 6, 1)) == 2000
    assert bylaw_book(other.id).value("entry_fee", D(2025, 6, 1)) == 10000


def test_an_unknown_setting(group, actor):
    assert refused(group, actor, "pledge.colour", "red", D(2025, 1, 1)) == {
        "key": ["There is no setting “pledge.colour”."]
    }


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("entry_fee", "abc", "“abc” is not an amount of money."),
        ("deposit.savings.rate", "1.234", "A percentage can have at most two decimals."),
        ("pledge.change_months", "13", "Choose at least one month (1 to 12)."),
        ("deposit.savings.posting", "weekly", "Choose one of the options."),
        ("deposit.savings.rate", "20", "The value must be from 0.00% to 15.00%."),
        ("pledge.minimum", "600", "The smallest pledge cannot be above the largest."),
        ("pledge.maximum", "5", "The smallest pledge cannot be above the largest."),
        ("pledge.multiple", "3", "The smallest pledge must be a whole number of pledge units."),
    ],
)
def test_bad_values(group, actor, key, value, message):
    assert refused(group, actor, key, value, D(2025, 1, 1)) == {"value": [message]}


def test_no_resolution(group, actor):
    assert refused(group, actor, "entry_fee", "30", D(2025, 1, 1), resolution="  ") == {
        "resolution": ["Name the resolution that approved this value."]
    }
    assert refused(group, actor, "entry_fee", "abc", D(2025, 1, 1), resolution="") == {
        "value": ["“abc” is not an amount of money."],
        "resolution": ["Name the resolution that approved this value."],
    }


def test_a_date_on_or_before_the_closed_books(group, actor):
    period_close(group=group, through=D(2025, 1, 31), actor=actor)
    message = "The books are closed through 31/01/2568: a new value takes effect after it."
    assert refused(group, actor, "entry_fee", "30", D(2025, 1, 31)) == {"effective_from": [message]}
    assert refused(group, actor, "entry_fee", "30", D(2024, 6, 1)) == {"effective_from": [message]}
    assert decide(group, actor, "entry_fee", "30", D(2025, 2, 1)).value == 3000
    assert refused(group, actor, "entry_fee", "30", "2025-03-01") == {
        "effective_from": ["Give the date the value takes effect."]
    }


def test_two_values_the_same_day(group, actor):
    decide(group, actor, "entry_fee", "30", D(2025, 2, 1))
    assert refused(group, actor, "entry_fee", "40", D(2025, 2, 1)) == {
        "effective_from": ["This setting already has a value taking effect on this date."]
    }
    assert bylaw_book(group.id).value("entry_fee", D(2025, 2, 1)) == 3000
    decide(group, actor, "pledge.ahead_max", "6", D(2025, 2, 1))  # another setting the same day is fine


def test_pledge_limits_must_agree_on_every_later_day_too(group, actor):
    decide(group, actor, "pledge.maximum", "300", D(2025, 7, 1))
    # From January a smallest pledge of 400 agrees with the largest of 500, but not with 300 from July.
    assert refused(group, actor, "pledge.minimum", "400", D(2025, 1, 1)) == {
        "value": ["The smallest pledge cannot be above the largest."]
    }
    # Until a later smallest pledge replaces it before July, it is fine.
    decide(group, actor, "pledge.minimum", "100", D(2025, 6, 1))
    assert decide(group, actor, "pledge.minimum", "400", D(2025, 1, 1)).value == 40000
    book = bylaw_book(group.id)
    assert [book.value("pledge.minimum", day) for day in (D(2025, 1, 1), D(2025, 6, 1), D(2025, 7, 1))] == [
        40000,
        10000,
        10000,
    ]
    # A unit of 40 baht: 400 is a whole number of them, but the 100 from June is not.
    assert refused(group, actor, "pledge.multiple", "40", D(2025, 1, 1)) == {
        "value": ["The smallest pledge must be a whole number of pledge units."]
    }


# --- loan products and the legal cap (15% a year) ---------------------------------------------


def test_a_loan_rate_over_the_legal_cap_is_refused_with_the_yearly_rate(group, actor):
    day = dt.date(2025, 1, 1)
    # Declining balance: 1.25% a month is 15.00% a year, the most the law allows.
    bylaw_set(
        group=group, key="loan.ordinary.rate", value="1.25", effective_from=day, resolution="มติ 1/2568", actor=actor
    )
    with pytest.raises(ValidationErrors) as refused:
        bylaw_set(
            group=group,
            key="loan.ordinary.rate",
            value="1.26",
            effective_from=dt.date(2025, 2, 1),
            resolution="มติ 2/2568",
            actor=actor,
        )
    assert "15.12% a year" in refused.value.in_language("en")
    # A flat rate of 1% a month over 24 months really costs about 22% a year: the method is refused.
    bylaw_set(
        group=group, key="loan.emergency.rate", value="1.00", effective_from=day, resolution="มติ 1/2568", actor=actor
    )
    with pytest.raises(ValidationErrors) as refused:
        bylaw_set(
            group=group,
            key="loan.emergency.method",
            value="flat",
            effective_from=dt.date(2025, 3, 1),
            resolution="มติ 3/2568",
            actor=actor,
        )
    assert "a year: the law allows at most 15%." in refused.value.in_language("en")
    assert Bylaw.objects.filter(group=group, key__in=["loan.ordinary.rate", "loan.emergency.method"]).count() == 1
    # A flat rate low enough passes: 0.6% a month over 6 months.
    bylaw_set(
        group=group,
        key="loan.emergency.rate",
        value="0.60",
        effective_from=dt.date(2025, 4, 1),
        resolution="มติ 4/2568",
        actor=actor,
    )
    bylaw_set(
        group=group,
        key="loan.emergency.method",
        value="flat",
        effective_from=dt.date(2025, 4, 1),
        resolution="มติ 4/2568",
        actor=actor,
    )
