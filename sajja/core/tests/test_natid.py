import pytest
from hypothesis import given
from hypothesis import strategies as st

from sajja.core.errors import SajjaError
from sajja.core.natid import (
    check_digit,
    clean_national_id,
    decrypt,
    encrypt,
    format_national_id,
    mask_national_id,
    national_id_hash,
)

VALID = "1101700207030"  # the check digit of 110170020703 is 0: 11 - (sum % 11) = 10 -> 0


def test_check_digit_worked_example():
    # 1*13 + 1*12 + 0*11 + 1*10 + 7*9 + 0*8 + 0*7 + 2*6 + 0*5 + 7*4 + 0*3 + 3*2 = 144; 144 % 11 = 1; 11-1 = 10 -> 0
    assert check_digit("110170020703") == 0
    assert clean_national_id(VALID) == VALID


@pytest.mark.parametrize("text", ["1-1017-00207-03-0", "๑๑๐๑๗๐๐๒๐๗๐๓๐", " 1101700207030 "])
def test_formats_and_thai_digits_accepted(text):
    assert clean_national_id(text) == VALID


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("1101700207031", "national_id_checksum"),
        ("110170020703", "national_id_length"),
        ("11017002070300", "national_id_length"),
        ("abcdefghijklm", "national_id_length"),
        ("0101700207030", "national_id_format"),
        ("", "national_id_length"),
    ],
)
def test_invalid_ids_refused(text, code):
    with pytest.raises(SajjaError) as error:
        clean_national_id(text)
    assert error.value.code == code
    assert error.value.field == "national_id"


@given(st.text(alphabet="0123456789", min_size=12, max_size=12).filter(lambda s: s[0] != "0"))
def test_exactly_one_check_digit_is_valid(first12):
    valid = [d for d in range(10) if _ok(first12 + str(d))]
    assert valid == [check_digit(first12)]


def _ok(text):
    try:
        clean_national_id(text)
        return True
    except SajjaError:
        return False


def test_mask_and_format():
    assert format_national_id(VALID) == "1-1017-00207-03-0"
    assert mask_national_id(VALID[-4:]) == "x-xxxx-xxxx7-03-0"
    assert VALID not in mask_national_id(VALID[-4:])


def test_encryption_round_trip_and_no_plaintext(settings):
    token = encrypt(VALID)
    assert VALID not in token
    assert decrypt(token) == VALID
    assert encrypt(VALID) != token  # a fresh nonce every time
    assert national_id_hash(VALID) == national_id_hash(VALID)
    settings.FIELD_ENCRYPTION_KEY = "another-key-" + "k" * 32
    assert (
        national_id_hash(VALID) != national_id_hash.__wrapped__(VALID)
        if hasattr(national_id_hash, "__wrapped__")
        else True
    )
    with pytest.raises(Exception):  # noqa: B017,PT011 - a wrong key cannot read the ID
        decrypt(token)
