from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sajja.core.errors import SajjaError
from sajja.core.money import MAX_SATANG, format_baht, to_decimal, to_satang


@pytest.mark.parametrize(
    ("value", "satang"),
    [("1,234.50", 123450), ("๑๒๐", 12000), (Decimal("0.01"), 1), (7, 700), ("฿ 10", 1000), ("-5.25", -525)],
)
def test_to_satang(value, satang):
    assert to_satang(value) == satang


@pytest.mark.parametrize(
    ("value", "code"),
    [
        (1.5, "float"),
        (True, "float"),
        ("abc", "not_number"),
        ("1.005", "precision"),
        ("NaN", "not_number"),
        ("Infinity", "not_number"),
        ("1e20", "too_large"),
        (None, "not_number"),
    ],
)
def test_to_satang_refuses(value, code):
    with pytest.raises(SajjaError) as error:
        to_satang(value)
    assert error.value.code == code
    assert error.value.in_language("th") != error.value.in_language("en") or code == "float"


def test_format_baht():
    assert format_baht(123450, unit=False) == "1,234.50"
    assert format_baht(-5, unit=False) == "-0.05"


@given(st.integers(min_value=-MAX_SATANG, max_value=MAX_SATANG))
def test_satang_round_trip(satang):
    assert to_satang(to_decimal(satang)) == satang
    assert to_satang(format_baht(satang, unit=False)) == satang


def test_format_baht_unit_in_both_languages():
    from django.utils import translation

    with translation.override("th"):
        assert format_baht(123450) == "1,234.50 บาท"
    with translation.override("en"):
        assert format_baht(123450) == "1,234.50 baht"
