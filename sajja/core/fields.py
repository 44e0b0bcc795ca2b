"""Parsing of what people type, shared by pages, the API and Excel imports.

Each ``parse_*`` takes raw input (a string, or an already typed value from JSON/Excel) and returns
the typed value or raises ``SajjaError`` with a message in the active language. Thai digits are
accepted everywhere digits are (they are the same numbers on a Thai keyboard).
"""

import datetime as dt
import re

from django.utils.translation import gettext_lazy as _

from .errors import SajjaError, fmt
from .thai import DateInputError, normalize_digits, parse_date

DATE_MESSAGES = {
    "format": _("Type the date as day/month/year, for example 25/11/2569."),
    "ambiguous_year": _("Type the year with four digits, in the Buddhist Era (2569) or the Common Era (2026)."),
    "invalid": _("This date does not exist in the calendar."),
}


def parse_date_input(value, *, field: str) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if value is None or str(value).strip() == "":
        raise SajjaError(_("This field is required."), field=field, code="required")
    try:
        return parse_date(str(value))
    except DateInputError as error:
        raise SajjaError(DATE_MESSAGES[error.reason], field=field, code=f"date_{error.reason}") from None


def parse_positive_int(value, *, field: str, maximum: int = 10**9) -> int:
    if isinstance(value, bool) or isinstance(value, float):
        raise SajjaError(_("Type a whole number."), field=field, code="not_integer")
    if isinstance(value, int):
        number = value
    else:
        text = normalize_digits(str(value if value is not None else "")).strip().replace(",", "")
        if text == "":
            raise SajjaError(_("This field is required."), field=field, code="required")
        if not re.fullmatch(r"\d+", text):
            raise SajjaError(_("Type a whole number using digits only."), field=field, code="not_integer")
        number = int(text)
    if number <= 0:
        raise SajjaError(_("The number must be greater than zero."), field=field, code="not_positive")
    if number > maximum:
        raise SajjaError(_("The number is too large."), field=field, code="too_large")
    return number


def parse_text(value, *, field: str, required: bool = True, max_length: int = 200) -> str:
    if value is None:
        value = ""
    if not isinstance(value, str):
        value = str(value)
    text = " ".join(value.split())
    if required and not text:
        raise SajjaError(_("This field is required."), field=field, code="required")
    if len(text) > max_length:
        raise SajjaError(fmt(_("Too long: at most %(max)d characters."), max=max_length), field=field, code="too_long")
    if text[:1] in ("=", "+", "@") or text.startswith("-="):
        # A spreadsheet formula is never a name or an address; refusing it keeps exports safe too.
        raise SajjaError(_("A formula is not accepted here; type the value itself."), field=field, code="formula")
    return text


def parse_phone(value, *, field: str = "phone") -> str:
    """A Thai phone number: 9 or 10 digits starting with 0 (spaces and dashes allowed), or empty."""
    text = re.sub(r"[\s\-]", "", normalize_digits(str(value or "")))
    if text.startswith("+66"):
        text = "0" + text[3:]
    if not text:
        return ""
    if not re.fullmatch(r"0\d{8,9}", text):
        raise SajjaError(
            _("A phone number has 9 or 10 digits and starts with 0, for example 081 234 5678."),
            field=field,
            code="phone",
        )
    return text
