"""The Thai 13-digit national ID (เลขประจำตัวประชาชน): check digit, masking and encryption at rest.

Check digit rule (Department of Provincial Administration): multiply the first 12 digits by
13, 12, ..., 2, sum, and the 13th digit must equal (11 - sum mod 11) mod 10.

PDPA: the full number is personal data. It is stored encrypted (AES-GCM, key from the environment
``FIELD_ENCRYPTION_KEY``) with a keyed hash for duplicate checks and the last four digits for the
masked display; only roles that need it see it whole (see ``sajja.core.tenancy.can_see_national_id``).
"""

import base64
import hashlib
import hmac
import os
import re

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .errors import SajjaError
from .thai import normalize_digits


def check_digit(first12: str) -> int:
    total = sum(int(d) * (13 - i) for i, d in enumerate(first12))
    return (11 - total % 11) % 10


def clean_national_id(value: str) -> str:
    """Normalise (Thai digits, spaces and dashes allowed) and validate; returns 13 ASCII digits."""
    text = re.sub(r"[\s\-]", "", normalize_digits(value or ""))
    if not re.fullmatch(r"\d{13}", text):
        raise SajjaError(_("A national ID has exactly 13 digits."), field="national_id", code="national_id_length")
    if text[0] == "0":
        raise SajjaError(_("A national ID cannot start with 0."), field="national_id", code="national_id_format")
    if check_digit(text[:12]) != int(text[12]):
        raise SajjaError(
            _("This national ID is not valid: its check digit does not match. Please check each digit."),
            field="national_id",
            code="national_id_checksum",
        )
    return text


def format_national_id(digits: str) -> str:
    """1-2345-67890-12-1, the way it is printed on the card."""
    return f"{digits[0]}-{digits[1:5]}-{digits[5:10]}-{digits[10:12]}-{digits[12]}"


def mask_national_id(last4: str) -> str:
    """Only the last four digits show: x-xxxx-xxxx0-12-1."""
    if len(last4) != 4:
        return ""
    return f"x-xxxx-xxxx{last4[0]}-{last4[1:3]}-{last4[3]}"


def _key() -> bytes:
    material = settings.FIELD_ENCRYPTION_KEY or settings.SECRET_KEY
    return hashlib.sha256(("sajja-field-key:" + material).encode()).digest()


def national_id_hash(digits: str) -> str:
    """Keyed hash: finds duplicates without decrypting, and is useless without the key."""
    return hmac.new(_key(), digits.encode(), hashlib.sha256).hexdigest()


def encrypt(digits: str) -> str:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    nonce = os.urandom(12)
    return base64.b64encode(nonce + AESGCM(_key()).encrypt(nonce, digits.encode(), None)).decode()


def decrypt(token: str) -> str:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    raw = base64.b64decode(token)
    return AESGCM(_key()).decrypt(raw[:12], raw[12:], None).decode()
