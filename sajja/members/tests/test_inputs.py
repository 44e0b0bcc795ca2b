"""``parse_member``: one parser for the page form, the API and the Excel import."""

import datetime as dt

import pytest

from sajja.core.errors import ValidationErrors
from sajja.core.fields import DATE_MESSAGES
from sajja.core.testing import national_id
from sajja.core.thai import THAI_DIGITS
from sajja.members.inputs import FIELD_NAMES, MemberInput, parse_household, parse_member

TO_THAI = str.maketrans("0123456789", THAI_DIGITS)
VALID_ID = national_id(650500)  # a 13-digit ID with the right check digit


def raw(**overrides) -> dict:
    values = {
        "number": "151",
        "title": "นาง",
        "first_name": "สมศรี",
        "last_name": "ใจดี",
        "national_id": VALID_ID,
        "birth_date": "05/03/2512",
        "sex": "หญิง",
        "joined_on": "01/01/2569",
    }
    values.update(overrides)
    return values


def errors_of(data: dict) -> dict:
    with pytest.raises(ValidationErrors) as caught:
        parse_member(data)
    return caught.value.errors


def messages(data: dict, field: str) -> list[str]:
    return [str(m) for m in errors_of(data)[field]]


def test_valid_input_gives_exact_member_input():
    assert parse_member(raw(phone="081-234-5678", house_number=" 12 ")) == MemberInput(
        number=151,
        title="นาง",
        first_name="สมศรี",
        last_name="ใจดี",
        national_id=VALID_ID,
        birth_date=dt.date(1969, 3, 5),
        sex="F",
        joined_on=dt.date(2026, 1, 1),
        phone="0812345678",
        house_number="12",
    )


def test_every_required_field_is_reported_at_once():
    errors = errors_of({})
    assert set(errors) == {
        "number",
        "title",
        "first_name",
        "last_name",
        "national_id",
        "birth_date",
        "sex",
        "joined_on",
    }
    assert all(len(v) == 1 for v in errors.values())


def test_several_different_problems_are_reported_together():
    errors = errors_of(
        raw(number="abc", birth_date="31/02/2569", phone="12345", sex="x", first_name="=HYPERLINK(1)", national_id="1")
    )
    assert set(errors) == {"number", "birth_date", "phone", "sex", "first_name", "national_id"}


def test_the_error_keys_are_field_names():
    assert set(errors_of({})) <= set(FIELD_NAMES)


# --- Thai digits ------------------------------------------------------------------------------------


def test_thai_digits_accepted_in_number_id_dates_and_phone():
    data = parse_member(
        raw(
            number="๑๕๑",
            national_id=VALID_ID.translate(TO_THAI),
            birth_date="๐๕/๐๓/๒๕๑๒",
            joined_on="๐๑/๐๑/๒๕๖๙",
            phone="๐๘๑๒๓๔๕๖๗๘",
        )
    )
    assert data.number == 151
    assert data.national_id == VALID_ID
    assert data.birth_date == dt.date(1969, 3, 5)
    assert data.joined_on == dt.date(2026, 1, 1)
    assert data.phone == "0812345678"


def test_national_id_with_dashes_and_spaces_is_cleaned():
    printed = f"{VALID_ID[0]}-{VALID_ID[1:5]}-{VALID_ID[5:10]}-{VALID_ID[10:12]}-{VALID_ID[12]}"
    assert parse_member(raw(national_id=printed)).national_id == VALID_ID
    assert parse_member(raw(national_id=" ".join(VALID_ID))).national_id == VALID_ID


@pytest.mark.parametrize(
    "value",
    [
        VALID_ID[:12] + str((int(VALID_ID[12]) + 1) % 10),  # wrong check digit
        VALID_ID[:12],  # 12 digits
        VALID_ID + "1",  # 14 digits
        "0" + VALID_ID[1:],  # starts with 0
        "3-6505-0012x-45-7",
        "",
    ],
)
def test_bad_national_ids_are_refused(value):
    assert set(errors_of(raw(national_id=value))) == {"national_id"}


# --- number -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(("value", "expected"), [("7", 7), (" 1,234 ", 1234), (42, 42), ("999999", 999_999)])
def test_member_number_accepted(value, expected):
    assert parse_member(raw(number=value)).number == expected


@pytest.mark.parametrize("value", ["0", "-5", "1000000", "12a", "151.0", 151.0, True, ""])
def test_member_number_refused(value):
    assert set(errors_of(raw(number=value))) == {"number"}


# --- title and sex ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("นาย", "นาย"),
        ("Mr", "นาย"),
        ("MR.", "นาย"),
        (" นาง ", "นาง"),
        ("Mrs", "นาง"),
        ("น.ส.", "นางสาว"),
        ("Miss", "นางสาว"),
        ("ms", "นางสาว"),
        ("เด็กชาย", "ด.ช."),
        ("ด.ช.", "ด.ช."),
        ("เด็กหญิง", "ด.ญ."),
    ],
)
def test_title_aliases(value, expected):
    assert parse_member(raw(title=value)).title == expected


@pytest.mark.parametrize("value", ["ดร.", "Dr", "นายนาง", ""])
def test_unknown_title_refused(value):
    assert set(errors_of(raw(title=value))) == {"title"}


@pytest.mark.parametrize(
    ("value", "expected"),
    [("ชาย", "M"), ("ช", "M"), ("M", "M"), ("male", "M"), ("หญิง", "F"), ("ญ", "F"), ("F", "F"), ("Female", "F")],
)
def test_sex_aliases(value, expected):
    assert parse_member(raw(sex=value)).sex == expected


@pytest.mark.parametrize("value", ["x", "ชายหญิง", "", None])
def test_unknown_sex_refused(value):
    assert set(errors_of(raw(sex=value))) == {"sex"}


# --- dates ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["25/11/2569", "25/11/2026", "2026-11-25", "๒๕/๑๑/๒๕๖๙", "25.11.2569", "25-11-2026"])
def test_date_forms_give_the_same_day(value):
    assert parse_member(raw(joined_on=value)).joined_on == dt.date(2026, 11, 25)


def test_typed_dates_pass_through():
    data = parse_member(raw(birth_date=dt.date(1969, 3, 5), joined_on=dt.datetime(2026, 1, 1, 8, 30)))
    assert data.birth_date == dt.date(1969, 3, 5)
    assert data.joined_on == dt.date(2026, 1, 1)


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("25/11/69", "ambiguous_year"),
        ("25/11/2300", "ambiguous_year"),
        ("25/11/2200", "ambiguous_year"),
        ("25/11/2399", "ambiguous_year"),
        ("31/02/2569", "invalid"),
        ("29/02/2569", "invalid"),  # 2026 is not a leap year
        ("32/01/2569", "invalid"),
        ("25 พ.ย. 2569", "format"),
        ("yesterday", "format"),
    ],
)
def test_bad_dates_refused_with_the_reason(value, reason):
    assert messages(raw(birth_date=value), "birth_date") == [str(DATE_MESSAGES[reason])]


def test_year_boundaries_between_eras():
    assert parse_member(raw(birth_date="01/01/2199", joined_on="01/01/2569")).birth_date == dt.date(2199, 1, 1)
    assert parse_member(raw(birth_date="01/01/2400")).birth_date == dt.date(1857, 1, 1)
    assert parse_member(raw(birth_date="29/02/2567")).birth_date == dt.date(2024, 2, 29)


def test_missing_date_is_required_not_format():
    errors = errors_of(raw(birth_date="  "))
    assert list(errors) == ["birth_date"]
    assert errors["birth_date"][0] != DATE_MESSAGES["format"]


# --- phone ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("+66812345678", "0812345678"),
        ("+66 81 234 5678", "0812345678"),
        ("081-234-5678", "0812345678"),
        ("055123456", "055123456"),
        ("", ""),
        (None, ""),
    ],
)
def test_phone_accepted(value, expected):
    assert parse_member(raw(phone=value)).phone == expected


@pytest.mark.parametrize("value", ["12345", "812345678", "08123456789", "081234567a", "+1 202 555 0100"])
def test_phone_refused(value):
    assert set(errors_of(raw(phone=value))) == {"phone"}


# --- text -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("field", ["first_name", "last_name", "address", "line_id", "house_number", "beneficiary_name"])
@pytest.mark.parametrize("value", ["=1+1", '=HYPERLINK("http://x")', "+1", "@SUM(A1)", "-=1"])
def test_text_refuses_a_leading_formula(field, value):
    assert set(errors_of(raw(**{field: value}))) == {field}


def test_text_with_equals_inside_is_fine_and_spaces_collapse():
    data = parse_member(raw(first_name="  สม   ศรี ", address="บ้าน = 12 หมู่ 2", beneficiary_relationship="-"))
    assert data.first_name == "สม ศรี"
    assert data.address == "บ้าน = 12 หมู่ 2"
    assert data.beneficiary_relationship == "-"


@pytest.mark.parametrize(
    ("field", "limit"),
    [
        ("first_name", 100),
        ("last_name", 100),
        ("line_id", 50),
        ("address", 300),
        ("house_number", 20),
        ("beneficiary_name", 200),
        ("beneficiary_relationship", 100),
    ],
)
def test_max_lengths(field, limit):
    assert getattr(parse_member(raw(**{field: "ก" * limit})), field) == "ก" * limit
    assert set(errors_of(raw(**{field: "ก" * (limit + 1)}))) == {field}


def test_required_text_of_only_spaces_is_missing():
    assert set(errors_of(raw(first_name="   ", last_name="\t"))) == {"first_name", "last_name"}


# --- household --------------------------------------------------------------------------------------


def test_parse_household():
    assert parse_household({"house_number": " 12/3 ", "address": None}) == {
        "house_number": "12/3",
        "address": "",
        "note": "",
    }
    with pytest.raises(ValidationErrors) as caught:
        parse_household({"house_number": "", "address": "=cmd", "note": "ก" * 301})
    assert set(caught.value.errors) == {"house_number", "address", "note"}
