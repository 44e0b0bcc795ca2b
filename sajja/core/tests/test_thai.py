import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sajja.core import thai
from sajja.core.thai import DateInputError, baht_text, format_date, parse_date, thai_sort_key


@pytest.mark.parametrize(
    "text",
    ["25/11/2569", "25/11/2026", "2026-11-25", "๒๕/๑๑/๒๕๖๙", "25.11.2569", "25-11-2026", " 25 / 11 / 2569 "],
)
def test_be_and_ce_years_give_the_same_day(text):
    assert parse_date(text) == dt.date(2026, 11, 25)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("25/11/69", "ambiguous_year"),  # two-digit year: B.E. 2569 or C.E. 2069? refuse, never guess
        ("25/11/2300", "ambiguous_year"),  # neither a plausible B.E. nor C.E. year
        ("31/02/2569", "invalid"),
        ("29/02/2569", "invalid"),  # 2026 is not a leap year
        ("hello", "format"),
        ("", "format"),
    ],
)
def test_bad_dates_are_refused_with_a_reason(text, reason):
    with pytest.raises(DateInputError) as error:
        parse_date(text)
    assert error.value.reason == reason


def test_leap_day_in_be():
    assert parse_date("29/02/2567") == dt.date(2024, 2, 29)


def test_format_date_in_buddhist_era():
    day = dt.date(2026, 11, 25)
    assert format_date(day) == "25/11/2569"
    assert format_date(day, "medium") == "25 พ.ย. 2569"
    assert format_date(day, "long") == "25 พฤศจิกายน 2569"
    assert format_date(None) == ""


@given(st.dates(min_value=dt.date(1857, 1, 1), max_value=dt.date(2199, 12, 31)))
def test_format_then_parse_round_trips(day):
    assert parse_date(format_date(day)) == day


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        ("0", "ศูนย์บาทถ้วน"),
        ("1", "หนึ่งบาทถ้วน"),
        ("11", "สิบเอ็ดบาทถ้วน"),
        ("21", "ยี่สิบเอ็ดบาทถ้วน"),
        ("101", "หนึ่งร้อยเอ็ดบาทถ้วน"),
        ("250", "สองร้อยห้าสิบบาทถ้วน"),
        ("1000000", "หนึ่งล้านบาทถ้วน"),
        ("1000001", "หนึ่งล้านเอ็ดบาทถ้วน"),
        ("21000000", "ยี่สิบเอ็ดล้านบาทถ้วน"),
        ("1234.50", "หนึ่งพันสองร้อยสามสิบสี่บาทห้าสิบสตางค์"),
        ("0.25", "ยี่สิบห้าสตางค์"),
        ("120000.01", "หนึ่งแสนสองหมื่นบาทหนึ่งสตางค์"),
    ],
)
def test_baht_text(amount, words):
    assert baht_text(Decimal(amount)) == words


def test_baht_text_refuses_float_and_negative():
    with pytest.raises(TypeError):
        baht_text(1.5)
    with pytest.raises(ValueError, match="negative"):
        baht_text(Decimal("-1"))


def test_thai_digits():
    assert thai.normalize_digits("๐๑๒๓๔๕๖๗๘๙") == "0123456789"


def test_thai_dictionary_order():
    names = ["ไก่", "กา", "ขวด", "เก", "ก่อน", "กัน", "โต", "ตา"]
    assert sorted(names, key=thai_sort_key) == ["ก่อน", "กัน", "กา", "เก", "ไก่", "ขวด", "ตา", "โต"]


def test_tone_marks_only_break_ties():
    assert sorted(["ก้า", "กา", "ก่า"], key=thai_sort_key) == ["กา", "ก่า", "ก้า"]
