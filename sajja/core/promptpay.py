"""Thai PromptPay QR codes: the EMVCo merchant-presented payload (Thai QR Payment standard) and its SVG.

A member scans the code with any Thai banking app and the app fills in the group's PromptPay
account (and the amount, when the code carries one). The payload is a string of TLV data objects
``<tag 2 digits><length 2 digits><value>``:

====  ========================================================================================
tag   value
====  ========================================================================================
00    payload format indicator ``01``
01    point of initiation: ``11`` static (the payer types the amount), ``12`` dynamic (amount set)
29    merchant account information, itself TLV: ``00`` = AID ``A000000677010111`` (PromptPay
      credit transfer) and one of ``01`` mobile number (``0066`` + 9 digits, the leading 0 dropped,
      13 characters), ``02`` national ID / tax ID (13 digits), ``03`` e-wallet ID (15 digits)
58    country ``TH``
53    currency ``764`` (baht)
54    amount, only in a dynamic code: baht with exactly two decimals, made from integer satang
63    CRC-16/CCITT-FALSE (poly 0x1021, init 0xFFFF, no reflection, no final xor) over the whole
      payload up to and including ``6304``, four upper-case hex digits
====  ========================================================================================

EMVCo fixes only that tag 00 comes first and tag 63 last; the order between is free. We write
58 before 53/54 as the widely used implementations do (dtinth/promptpay-qr, kittinan and
keenthekeen/php-promptpay-qr), so their published test vectors match ours byte for byte.

Pure Python (no database). Amounts are integer satang: a float is refused, never rounded.
"""

import re
from dataclasses import dataclass
from enum import Enum

from django.utils.translation import gettext_lazy as _

from .errors import SajjaError
from .money import MAX_SATANG
from .thai import normalize_digits

AID_PROMPTPAY = "A000000677010111"
CURRENCY_THB = "764"
COUNTRY_TH = "TH"
POI_STATIC = "11"
POI_DYNAMIC = "12"


class Kind(Enum):
    """What a PromptPay ID is; the value is its sub-tag inside tag 29."""

    MOBILE = "01"
    NATIONAL_ID = "02"  # also a juristic person's tax ID: both are 13 digits
    EWALLET = "03"


@dataclass(frozen=True)
class Target:
    kind: Kind
    value: str  # as written into the payload: 0066XXXXXXXXX, 13 digits or 15 digits

    @property
    def display(self) -> str:
        """For people: a mobile number as 08X-XXX-XXXX, an ID grouped as on the card."""
        v = self.value
        if self.kind is Kind.MOBILE:
            local = "0" + v[4:]
            return f"{local[:3]}-{local[3:6]}-{local[6:]}"
        if self.kind is Kind.NATIONAL_ID:
            return f"{v[0]}-{v[1:5]}-{v[5:10]}-{v[10:12]}-{v[12]}"
        return v


_SEPARATORS = re.compile(r"[\s\-.()]")


def parse_target(text: str) -> Target:
    """A PromptPay ID as people write it -> ``Target``.

    Accepted: a mobile number ``0812345678`` / ``081-234-5678`` / ``+66 81 234 5678`` (10 digits
    starting with 0, or 66 + 9 digits), a national or tax ID (13 digits, dashes allowed), an e-wallet
    ID (15 digits). Thai digits are read as digits. Anything else is refused: a wrong ID would send
    the members' money to somebody else, so nothing is guessed.
    """
    raw = normalize_digits(str(text or "")).strip()
    digits = _SEPARATORS.sub("", raw)
    if digits.startswith("+"):
        digits = digits[1:]
        if not digits.startswith("66"):
            raise SajjaError(
                _("A PromptPay mobile number must be a Thai number."), field="promptpay_id", code="promptpay_id"
            )
    if not digits.isdigit() or not digits.isascii():
        raise SajjaError(
            _("A PromptPay ID is a mobile number, a 13-digit national or tax ID, or a 15-digit e-wallet ID."),
            field="promptpay_id",
            code="promptpay_id",
        )
    if len(digits) == 10 and digits.startswith("0"):
        return Target(Kind.MOBILE, "0066" + digits[1:])
    if len(digits) == 11 and digits.startswith("66"):
        return Target(Kind.MOBILE, "00" + digits)
    if len(digits) == 13:
        return Target(Kind.NATIONAL_ID, digits)
    if len(digits) == 15:
        return Target(Kind.EWALLET, digits)
    raise SajjaError(
        _("A PromptPay ID is a mobile number, a 13-digit national or tax ID, or a 15-digit e-wallet ID."),
        field="promptpay_id",
        code="promptpay_id",
    )


def crc16_ccitt_false(data: bytes) -> int:
    """CRC-16/CCITT-FALSE: poly 0x1021, init 0xFFFF, MSB first, no final xor (check value 0x29B1)."""
    crc = 0xFFFF
    for byte in data:
        crc ^= byte << 8
        for _bit in range(8):
            crc = ((crc << 1) ^ 0x1021) if crc & 0x8000 else (crc << 1)
            crc &= 0xFFFF
    return crc


def _tlv(tag: str, value: str) -> str:
    if len(value) > 99:
        raise ValueError(f"value of tag {tag} is too long")
    return f"{tag}{len(value):02d}{value}"


def format_amount(amount_satang: int) -> str:
    """Integer satang -> the tag-54 text, ``12345`` -> ``"123.45"`` (integer arithmetic only)."""
    if isinstance(amount_satang, bool) or not isinstance(amount_satang, int):
        raise SajjaError(
            _("Amounts must be whole satang (an integer), never a floating-point number."),
            field="amount",
            code="float",
        )
    if amount_satang <= 0:
        raise SajjaError(_("The amount must be more than zero."), field="amount", code="not_positive")
    if amount_satang > MAX_SATANG:
        raise SajjaError(_("The amount is too large."), field="amount", code="too_large")
    baht, satang = divmod(amount_satang, 100)
    return f"{baht}.{satang:02d}"


def payload(target: Target | str, amount_satang: int | None = None) -> str:
    """The QR payload for ``target``; static without an amount, dynamic (tag 54) with one.

    >>> payload("0801234567")
    '00020101021129370016A000000677010111011300668012345675802TH530376463046197'
    """
    if not isinstance(target, Target):
        target = parse_target(target)
    parts = [
        _tlv("00", "01"),
        _tlv("01", POI_STATIC if amount_satang is None else POI_DYNAMIC),
        _tlv("29", _tlv("00", AID_PROMPTPAY) + _tlv(target.kind.value, target.value)),
        _tlv("58", COUNTRY_TH),
        _tlv("53", CURRENCY_THB),
    ]
    if amount_satang is not None:
        parts.append(_tlv("54", format_amount(amount_satang)))
    body = "".join(parts) + "6304"
    return body + f"{crc16_ccitt_false(body.encode('ascii')):04X}"


def decode(text: str) -> dict[str, str]:
    """Parse a payload into ``{tag: value}`` after checking its CRC; raises ``ValueError`` if broken.

    Used by the tests (and anybody checking a printed code): the order of the tags does not matter.
    """
    if len(text) < 8 or text[-8:-4] != "6304":
        raise ValueError("no CRC at the end")
    if f"{crc16_ccitt_false(text[:-4].encode('ascii')):04X}" != text[-4:].upper():
        raise ValueError("CRC does not match")
    fields, i = {}, 0
    while i < len(text):
        tag, length = text[i : i + 2], text[i + 2 : i + 4]
        if not length.isdigit():
            raise ValueError(f"bad length at {i}")
        value = text[i + 4 : i + 4 + int(length)]
        if len(value) != int(length):
            raise ValueError(f"tag {tag} runs past the end")
        if tag in fields:
            raise ValueError(f"tag {tag} twice")
        fields[tag] = value
        i += 4 + int(length)
    return fields


def qr_svg(text: str, *, scale: int = 4, border: int = 4) -> str:
    """The QR code as an inline ``<svg>`` (error correction M, quiet zone of ``border`` modules).

    Inline SVG prints sharp in WeasyPrint and in browsers; no image file is written.
    """
    import segno  # imported here: pages without a QR do not load it

    return segno.make(text, error="m", micro=False, boost_error=False).svg_inline(scale=scale, border=border)


def qr_data_uri(text: str, *, scale: int = 4, border: int = 4) -> str:
    """The QR code as a ``data:image/svg+xml`` URI, for an ``<img src>``."""
    import segno

    return segno.make(text, error="m", micro=False, boost_error=False).svg_data_uri(scale=scale, border=border)
