"""The bylaws registry (no database): every value as typed is parsed to what is stored or refused
with a message, and what is stored is shown and typed back unchanged."""

import pytest
from django.utils import translation

from sajja.bylaws import registry
from sajja.core.errors import SajjaError


def parse(key, raw):
    return registry.parse_value(registry.get(key), raw)


def refusal(key, raw) -> tuple[str, str]:
    with pytest.raises(SajjaError) as caught:
        parse(key, raw)
    assert caught.value.field == "value"
    assert caught.value.in_language("th")
    return caught.value.code, caught.value.in_language("en")


def test_every_setting_has_a_default_it_accepts():
    assert len({s.key for s in registry.SETTINGS}) == len(registry.SETTINGS)
    for setting in registry.SETTINGS:
        assert registry.parse_value(setting, registry.as_input(setting, setting.default)) == setting.default, (
            setting.key
        )
        assert registry.display(setting, setting.default)


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("entry_fee", 0),
        ("entry_fee", 2050),
        ("entry_fee", 10_000_000),
        ("pledge.multiple", 1),
        ("pledge.ahead_max", 0),
        ("pledge.ahead_max", 12),
        ("deposit.savings.rate", 0),
        ("deposit.savings.rate", 125),
        ("deposit.savings.rate", 1500),
        ("fine.missed_pledge.rate", 5),
        ("pledge.change_months", [1, 4, 10]),
        ("deposit.fixed.posting", "quarterly"),
    ],
)
def test_round_trip_stored_typed_stored(key, value):
    setting = registry.get(key)
    assert registry.parse_value(setting, registry.as_input(setting, value)) == value


def test_thai_digits_are_accepted():
    assert parse("entry_fee", "๒๐.๕๐") == 2050
    assert parse("entry_fee", "๑,๒๓๔ บาท") == 123400
    assert parse("pledge.ahead_max", "๑๒") == 12
    assert parse("deposit.savings.rate", "๑.๕") == 150
    assert parse("pledge.change_months", "๑, ๗") == [1, 7]


def test_values_as_typed_and_as_json():
    assert parse("entry_fee", "1,234.50") == 123450
    assert parse("entry_fee", 20) == 2000  # JSON numbers are baht
    assert parse("deposit.savings.rate", "1.5%") == 150
    assert parse("deposit.savings.rate", " 2 ") == 200
    assert parse("pledge.change_months", "7 1 7") == [1, 7]
    assert parse("pledge.change_months", [7, "1"]) == [1, 7]
    assert parse("pledge.ahead_max", 6) == 6
    assert parse("fine.missed_pledge.kind", "percent") == "percent"


def test_display_in_both_languages():
    with translation.override("en"):
        assert registry.display(registry.get("entry_fee"), 2050) == "20.50 baht"
        assert registry.display(registry.get("pledge.change_months"), [1, 7]) == "January, July"
        assert registry.display(registry.get("deposit.savings.method"), "daily_balance") == "on the balance of each day"
    with translation.override("th"):
        assert registry.display(registry.get("entry_fee"), 123450) == "1,234.50 บาท"
    assert registry.display(registry.get("deposit.savings.rate"), 150) == "1.50%"
    assert registry.display(registry.get("pledge.ahead_max"), 12) == "12"
    # What is shown in Thai is typed back to the same value (money and rates).
    with translation.override("th"):
        for key, value in (("entry_fee", 123450), ("deposit.savings.rate", 150)):
            setting = registry.get(key)
            assert registry.parse_value(setting, registry.display(setting, value)) == value
    assert registry.as_input(registry.get("entry_fee"), 123450) == "1234.50"
    assert registry.as_input(registry.get("deposit.savings.rate"), 150) == "1.50"
    assert registry.as_input(registry.get("pledge.change_months"), [1, 7]) == "1,7"


@pytest.mark.parametrize(
    ("key", "raw", "code", "message"),
    [
        ("entry_fee", "abc", "not_number", "“abc” is not an amount of money."),
        ("entry_fee", "1.234", "precision", "An amount can have at most two decimals (satang)."),
        ("entry_fee", 20.0, "float", "Amounts must be exact: a floating-point number is not accepted."),
        ("entry_fee", True, "float", "Amounts must be exact: a floating-point number is not accepted."),
        ("entry_fee", "-5", "range", "The value must be from 0.00 baht to 100,000.00 baht."),
        ("entry_fee", "100000.01", "range", "The value must be from 0.00 baht to 100,000.00 baht."),
        ("pledge.minimum", "0.50", "range", "The value must be from 1.00 baht to 1,000,000.00 baht."),
        ("deposit.savings.rate", "1.234", "precision", "A percentage can have at most two decimals."),
        ("deposit.savings.rate", "abc", "not_number", "“abc” is not a percentage."),
        ("deposit.savings.rate", 1.5, "float", "Amounts must be exact: a floating-point number is not accepted."),
        ("deposit.savings.rate", "15.01", "range", "The value must be from 0.00% to 15.00%."),  # the legal cap
        ("deposit.savings.rate", "-1", "range", "The value must be from 0.00% to 15.00%."),
        ("pledge.ahead_max", "1.5", "not_integer", "Type a whole number."),
        ("pledge.ahead_max", True, "not_integer", "Type a whole number."),
        ("pledge.ahead_max", 2.0, "not_integer", "Type a whole number."),
        ("pledge.ahead_max", "13", "range", "The value must be from 0 to 12."),
        ("pledge.ahead_max", "-1", "range", "The value must be from 0 to 12."),
        ("pledge.change_months", "13", "months", "Choose at least one month (1 to 12)."),
        ("pledge.change_months", "0", "months", "Choose at least one month (1 to 12)."),
        ("pledge.change_months", "", "months", "Choose at least one month (1 to 12)."),
        ("pledge.change_months", [], "months", "Choose at least one month (1 to 12)."),
        ("pledge.change_months", "January", "months", "Choose at least one month (1 to 12)."),
        ("deposit.savings.method", "weekly", "choice", "Choose one of the options."),
        ("pledge.period", "weekly", "choice", "Choose one of the options."),
    ],
)
def test_bad_values_are_refused_with_a_message(key, raw, code, message):
    assert refusal(key, raw) == (code, message)


def test_an_unknown_setting():
    with pytest.raises(SajjaError) as caught:
        registry.get("pledge.colour")
    assert (caught.value.code, caught.value.field) == ("unknown_setting", "key")
    assert caught.value.in_language("en") == "There is no setting “pledge.colour”."
