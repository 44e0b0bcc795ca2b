"""Thai helpers: digits, Buddhist-Era dates, baht in words, and Thai sort order. Pure Python.

Buddhist Era (พ.ศ.) = Common Era (ค.ศ.) + 543. People type either; the rule that decides which is
in ``parse_date``: a four-digit year from 2400 on is B.E., a year from 1800 to 2199 is C.E., and
anything else (two-digit years, 2200-2399) is refused as ambiguous rather than guessed. That way a
date is never silently shifted by 543 years.
"""

import datetime as dt
import re
from decimal import ROUND_HALF_UP, Decimal

BE_OFFSET = 543
THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙"
_DIGIT_TABLE = str.maketrans(THAI_DIGITS, "0123456789")

MONTHS_TH = [
    "มกราคม",
    "กุมภาพันธ์",
    "มีนาคม",
    "เมษายน",
    "พฤษภาคม",
    "มิถุนายน",
    "กรกฎาคม",
    "สิงหาคม",
    "กันยายน",
    "ตุลาคม",
    "พฤศจิกายน",
    "ธันวาคม",
]
MONTHS_TH_SHORT = [
    "ม.ค.",
    "ก.พ.",
    "มี.ค.",
    "เม.ย.",
    "พ.ค.",
    "มิ.ย.",
    "ก.ค.",
    "ส.ค.",
    "ก.ย.",
    "ต.ค.",
    "พ.ย.",
    "ธ.ค.",
]


class DateInputError(ValueError):
    """Raised by ``parse_date`` with a ``reason`` code: format, ambiguous_year, invalid."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def normalize_digits(text: str) -> str:
    """Replace Thai digits ๐-๙ with 0-9 (Thai keyboards type them; they are the same numbers)."""
    return text.translate(_DIGIT_TABLE)


def be_year(year_ce: int) -> int:
    return year_ce + BE_OFFSET


def year_to_ce(year: int) -> int:
    """A typed four-digit year -> C.E., by the rule in the module docstring."""
    if year >= 2400:
        return year - BE_OFFSET
    if 1800 <= year < 2200:
        return year
    raise DateInputError("ambiguous_year")


_DATE_DMY = re.compile(r"^\s*(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d+)\s*$")
_DATE_ISO = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$")


def parse_date(text: str) -> dt.date:
    """Parse ``d/m/yyyy`` (also ``.`` or ``-``) or ISO ``yyyy-mm-dd``, year in B.E. or C.E.

    >>> parse_date("25/11/2569") == parse_date("25/11/2026") == dt.date(2026, 11, 25)
    True
    """
    text = normalize_digits(text or "")
    m = _DATE_ISO.match(text)
    if m:
        year, month, day = (int(g) for g in m.groups())
    else:
        m = _DATE_DMY.match(text)
        if not m:
            raise DateInputError("format")
        day, month, year = (int(g) for g in m.groups())
        if len(m.group(3)) != 4:
            raise DateInputError("ambiguous_year")
    year = year_to_ce(year)
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise DateInputError("invalid") from None


def format_date(value: dt.date | None, style: str = "short") -> str:
    """A date in the Buddhist Era: ``short`` 25/11/2569, ``medium`` 25 พ.ย. 2569, ``long`` 25 พฤศจิกายน 2569,
    ``month`` พ.ย. 2569 (a pledge period)."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = value.date()
    year = be_year(value.year)
    if style == "long":
        return f"{value.day} {MONTHS_TH[value.month - 1]} {year}"
    if style == "medium":
        return f"{value.day} {MONTHS_TH_SHORT[value.month - 1]} {year}"
    if style == "month":
        return f"{MONTHS_TH_SHORT[value.month - 1]} {year}"
    return f"{value.day:02d}/{value.month:02d}/{year}"


# --- baht in Thai words (receipts, contracts) ----------------------------------------------------

_NUM = ["ศูนย์", "หนึ่ง", "สอง", "สาม", "สี่", "ห้า", "หก", "เจ็ด", "แปด", "เก้า"]
_PLACE = ["", "สิบ", "ร้อย", "พัน", "หมื่น", "แสน"]


def _words_below_million(n: int) -> str:
    digits = str(n)
    out = []
    length = len(digits)
    for i, ch in enumerate(digits):
        d = int(ch)
        place = length - i - 1
        if d == 0:
            continue
        if place == 1 and d == 1:
            out.append("สิบ")
        elif place == 1 and d == 2:
            out.append("ยี่สิบ")
        elif place == 0 and d == 1 and length > 1:
            out.append("เอ็ด")
        else:
            out.append(_NUM[d] + _PLACE[place])
    return "".join(out)


def number_words(n: int) -> str:
    """A non-negative integer in Thai words: 21 -> ยี่สิบเอ็ด, 1,000,000 -> หนึ่งล้าน."""
    if n < 0:
        raise ValueError("negative")
    if n == 0:
        return _NUM[0]
    parts = []
    while n > 0:
        parts.append(n % 1_000_000)
        n //= 1_000_000
    words = ""
    for i, chunk in enumerate(reversed(parts)):
        if chunk == 1 and i > 0:
            words += "เอ็ด"  # 1,000,001 is หนึ่งล้านเอ็ด: a final 1 after a higher digit is เอ็ด
        elif chunk:
            words += _words_below_million(chunk)
        if i < len(parts) - 1:
            words += "ล้าน"
    return words


def baht_text(amount: Decimal) -> str:
    """Baht in Thai words as on a cheque: 1234.50 -> หนึ่งพันสองร้อยสามสิบสี่บาทห้าสิบสตางค์.

    Satang are rounded half up to two places first (the only rounding here). Negative amounts are
    refused: a receipt never shows a negative sum in words.
    """
    if isinstance(amount, float):
        raise TypeError("amount must be Decimal, not float")
    amount = Decimal(amount).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    if amount < 0:
        raise ValueError("negative amount")
    baht = int(amount)
    satang = int((amount - baht) * 100)
    if baht == 0 and satang == 0:
        return "ศูนย์บาทถ้วน"
    text = number_words(baht) + "บาท" if baht else ""
    text += number_words(satang) + "สตางค์" if satang else "ถ้วน"
    return text


# --- Thai sort order -------------------------------------------------------------------------------

_LEADING_VOWELS = set("เแโใไ")
_TONE_AND_MARKS = set("\u0e47\u0e48\u0e49\u0e4a\u0e4b\u0e4c\u0e4d\u0e4e")  # ็ ่ ้ ๊ ๋ ์ ํ ๎


def _swap_leading_vowels(text: str) -> str:
    chars = list(text)
    i = 0
    while i < len(chars) - 1:
        if chars[i] in _LEADING_VOWELS and "\u0e01" <= chars[i + 1] <= "\u0e2e":
            chars[i], chars[i + 1] = chars[i + 1], chars[i]
            i += 2
        else:
            i += 1
    return "".join(chars)


def thai_sort_key(text: str) -> tuple[str, str]:
    """Dictionary order for Thai (as in the Royal Institute dictionary), good enough for names.

    A leading vowel (เ แ โ ใ ไ) sorts after the consonant it precedes in writing, so เก sorts under
    ก; tone marks and other diacritics only break ties. This is what ICU's Thai collation does for
    the primary and tertiary levels; PostgreSQL uses ICU itself (``th-TH-x-icu``).
    """
    swapped = _swap_leading_vowels(text or "")
    primary = "".join(c for c in swapped if c not in _TONE_AND_MARKS).casefold()
    return primary, swapped


def thai_compare(a: str, b: str) -> int:
    ka, kb = thai_sort_key(a), thai_sort_key(b)
    return (ka > kb) - (ka < kb)
