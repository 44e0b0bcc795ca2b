"""PromptPay payloads against published test vectors, the CRC against its catalogue check value."""

import pytest

from sajja.core import promptpay
from sajja.core.errors import SajjaError

# Published vectors, each with its source (repository and test file; not written by us):
# [dtinth] dtinth/promptpay-qr, index.test.js (the npm package ``promptpay-qr``)
# [kittinan] kittinan/php-promptpay-qr, tests/PromptPayTest.php
# [keen] keenthekeen/php-promptpay-qr, tests/PromptPayTest.php (adds e-wallet / K PLUS IDs)
STATIC_VECTORS = [
    ("0801234567", "00020101021129370016A000000677010111011300668012345675802TH530376463046197"),  # dtinth
    ("080-123-4567", "00020101021129370016A000000677010111011300668012345675802TH530376463046197"),  # dtinth
    ("+66-89-123-4567", "00020101021129370016A000000677010111011300668912345675802TH5303764630429C1"),  # dtinth
    ("1111111111111", "00020101021129370016A000000677010111021311111111111115802TH530376463047B5A"),  # dtinth
    ("1-1111-11111-11-1", "00020101021129370016A000000677010111021311111111111115802TH530376463047B5A"),  # dtinth
    ("0123456789012", "00020101021129370016A000000677010111021301234567890125802TH530376463040CBD"),  # dtinth
    ("0899999999", "00020101021129370016A000000677010111011300668999999995802TH53037646304FE29"),  # kittinan
    ("0891234567", "00020101021129370016A000000677010111011300668912345675802TH5303764630429C1"),  # kittinan
    ("0000000000", "00020101021129370016A000000677010111011300660000000005802TH530376463048956"),  # kittinan
    ("1234567890123", "00020101021129370016A000000677010111021312345678901235802TH53037646304EC40"),  # kittinan
    ("004999000288505", "00020101021129390016A00000067701011103150049990002885055802TH530376463041521"),  # keen
    ("004000006579718", "00020101021129390016A00000067701011103150040000065797185802TH53037646304FBB5"),  # keen
]
DYNAMIC_VECTORS = [
    # (id, amount in satang, payload)
    (
        "000-000-0000",
        422,
        "00020101021229370016A000000677010111011300660000000005802TH530376454044.226304E469",
    ),  # dtinth
    (
        "089-123-4567",
        1_337_133_775,
        "00020101021229370016A000000677010111011300668912345675802TH5303764541113371337.756304B7D7",
    ),  # kittinan
    ("1234567890123", 42_000, "00020101021229370016A000000677010111021312345678901235802TH53037645406420.006304BF7B"),
    (
        "004999000288505",
        10_025,
        "00020101021229390016A00000067701011103150049990002885055802TH53037645406100.256304369A",
    ),  # keen
    (
        "004000006579718",
        20_050,
        "00020101021229390016A00000067701011103150040000065797185802TH53037645406200.5063048A37",
    ),  # keen
]


def test_crc_check_value():
    # The catalogue check value of CRC-16/CCITT-FALSE (Greg Cook's CRC RevEng catalogue): "123456789" -> 0x29B1.
    assert promptpay.crc16_ccitt_false(b"123456789") == 0x29B1
    assert promptpay.crc16_ccitt_false(b"") == 0xFFFF


def test_crc_of_published_payload_bodies():
    # kittinan/php-promptpay-qr testCrc16 (from https://www.blognone.com/node/95133)
    body = "00020101021129370016A000000677010111011300660000000005802TH53037646304"
    assert f"{promptpay.crc16_ccitt_false(body.encode()):04X}" == "8956"
    body = "00020101021129370016A000000677010111011300668999999995802TH53037646304"
    assert f"{promptpay.crc16_ccitt_false(body.encode()):04X}" == "FE29"


@pytest.mark.parametrize(("target", "expected"), STATIC_VECTORS)
def test_static_vectors(target, expected):
    assert promptpay.payload(target) == expected


@pytest.mark.parametrize(("target", "satang", "expected"), DYNAMIC_VECTORS)
def test_dynamic_vectors(target, satang, expected):
    assert promptpay.payload(target, satang) == expected


def test_other_tag_order_decodes_to_the_same_fields():
    # pheerathach/promptpay (Java), ThaiQRPromptPayTest.testCreditTransferMobileNumberWithoutAmount:
    # 53 before 58. EMVCo leaves the order between 00 and 63 free, so it is the same code.
    theirs = "00020101021129370016A0000006770101110113006600000000053037645802TH630456EA"
    ours = promptpay.payload("0000000000")
    assert promptpay.decode(theirs) | {"63": ""} == promptpay.decode(ours) | {"63": ""}


def test_thai_digits_and_spaces():
    assert promptpay.payload("๐๘๐ ๑๒๓ ๔๕๖๗") == STATIC_VECTORS[0][1]


def test_target_kinds_and_display():
    t = promptpay.parse_target("081-234-5678")
    assert (t.kind, t.value, t.display) == (promptpay.Kind.MOBILE, "0066812345678", "081-234-5678")
    t = promptpay.parse_target("3100600123452")
    assert (t.kind, t.display) == (promptpay.Kind.NATIONAL_ID, "3-1006-00123-45-2")
    assert promptpay.parse_target("004999000288505").kind is promptpay.Kind.EWALLET


def test_amount_formatting_is_integer_exact():
    assert promptpay.format_amount(1) == "0.01"
    assert promptpay.format_amount(100) == "1.00"
    assert promptpay.format_amount(123_456_789) == "1234567.89"
    # 0.1 + 0.2 style float traps cannot arise: the amount never passes through a float.
    fields = promptpay.decode(promptpay.payload("0801234567", 30))
    assert fields["54"] == "0.30"
    assert fields["01"] == "12"


@pytest.mark.parametrize(
    ("amount", "code"),
    [
        (4.22, "float"),
        (True, "float"),
        ("422", "float"),
        (0, "not_positive"),
        (-100, "not_positive"),
        (10**12, "too_large"),
    ],
)
def test_bad_amounts_refused(amount, code):
    with pytest.raises(SajjaError) as err:
        promptpay.payload("0801234567", amount)
    assert err.value.code == code


@pytest.mark.parametrize(
    "target", ["", "080123456", "08012345678", "1234", "abc0801234567", "+1 415 555 0100", "12345678901234", None]
)
def test_bad_targets_refused(target):
    with pytest.raises(SajjaError) as err:
        promptpay.parse_target(target)
    assert err.value.code == "promptpay_id"
    assert err.value.field == "promptpay_id"


def test_decode_refuses_a_changed_payload():
    good = promptpay.payload("0801234567", 50_000)
    assert promptpay.decode(good)["54"] == "500.00"
    tampered = good.replace("500.00", "900.00")
    with pytest.raises(ValueError, match="CRC"):
        promptpay.decode(tampered)


def test_svg_is_a_qr_code():
    svg = promptpay.qr_svg(STATIC_VECTORS[0][1])
    assert svg.startswith("<svg")
    assert "<path" in svg
    uri = promptpay.qr_data_uri(STATIC_VECTORS[0][1])
    assert uri.startswith("data:image/svg+xml")
