"""One parser for a member's details, used by the page form, the API and the Excel import.

``parse_member(raw)`` collects *every* problem (not only the first) and raises ``ValidationErrors``
mapping field -> messages, so a form or an import preview can show them all at once.
"""

import datetime as dt
from dataclasses import dataclass, fields

from django.utils.translation import gettext_lazy as _

from sajja.core.errors import SajjaError, ValidationErrors
from sajja.core.fields import parse_date_input, parse_phone, parse_positive_int, parse_text
from sajja.core.natid import clean_national_id

from .models import Member

TITLE_ALIASES = {
    "นาย": "นาย",
    "mr": "นาย",
    "mr.": "นาย",
    "นาง": "นาง",
    "mrs": "นาง",
    "mrs.": "นาง",
    "นางสาว": "นางสาว",
    "น.ส.": "นางสาว",
    "miss": "นางสาว",
    "ms": "นางสาว",
    "ms.": "นางสาว",
    "ด.ช.": "ด.ช.",
    "เด็กชาย": "ด.ช.",
    "ด.ญ.": "ด.ญ.",
    "เด็กหญิง": "ด.ญ.",
}
SEX_ALIASES = {"m": "M", "ช": "M", "ชาย": "M", "male": "M", "f": "F", "ญ": "F", "หญิง": "F", "female": "F"}


@dataclass(frozen=True)
class MemberInput:
    number: int
    title: str
    first_name: str
    last_name: str
    national_id: str
    birth_date: dt.date
    sex: str
    joined_on: dt.date
    phone: str = ""
    line_id: str = ""
    address: str = ""
    house_number: str = ""
    beneficiary_name: str = ""
    beneficiary_relationship: str = ""


FIELD_NAMES = [f.name for f in fields(MemberInput)]


def _choice(value, aliases: dict, *, field: str, message) -> str:
    key = str(value or "").strip().lower()
    if key in aliases:
        return aliases[key]
    raise SajjaError(message, field=field, code="choice")


def parse_member(raw: dict) -> MemberInput:
    """Raw strings (or typed values) -> ``MemberInput``; all problems at once in ``ValidationErrors``."""
    parsers = {
        "number": lambda v: parse_positive_int(v, field="number", maximum=999_999),
        "title": lambda v: _choice(
            v, TITLE_ALIASES, field="title", message=_("Choose a title: นาย, นาง, นางสาว, ด.ช. or ด.ญ.")
        ),
        "first_name": lambda v: parse_text(v, field="first_name", max_length=100),
        "last_name": lambda v: parse_text(v, field="last_name", max_length=100),
        "national_id": lambda v: clean_national_id(str(v) if v is not None else ""),
        "birth_date": lambda v: parse_date_input(v, field="birth_date"),
        "sex": lambda v: _choice(v, SEX_ALIASES, field="sex", message=_("Choose the sex: male or female.")),
        "joined_on": lambda v: parse_date_input(v, field="joined_on"),
        "phone": lambda v: parse_phone(v),
        "line_id": lambda v: parse_text(v, field="line_id", required=False, max_length=50),
        "address": lambda v: parse_text(v, field="address", required=False, max_length=300),
        "house_number": lambda v: parse_text(v, field="house_number", required=False, max_length=20),
        "beneficiary_name": lambda v: parse_text(v, field="beneficiary_name", required=False),
        "beneficiary_relationship": lambda v: parse_text(
            v, field="beneficiary_relationship", required=False, max_length=100
        ),
    }
    values, errors = {}, {}
    for name, parse in parsers.items():
        try:
            values[name] = parse(raw.get(name))
        except SajjaError as error:
            errors.setdefault(name, []).append(error.message)
    if errors:
        raise ValidationErrors(errors)
    return MemberInput(**values)


def member_to_raw(member: Member) -> dict:
    """A member's current values in the shape ``parse_member`` reads (to prefill an edit)."""
    return {
        "number": member.number,
        "title": member.title,
        "first_name": member.first_name,
        "last_name": member.last_name,
        "national_id": member.national_id_plain(),
        "birth_date": member.birth_date,
        "sex": member.sex,
        "joined_on": member.joined_on,
        "phone": member.phone,
        "line_id": member.line_id,
        "address": member.address,
        "house_number": member.household.house_number if member.household_id else "",
        "beneficiary_name": member.beneficiary_name,
        "beneficiary_relationship": member.beneficiary_relationship,
    }


def parse_household(raw: dict) -> dict:
    """House number (required), address and note, cleaned; all problems at once."""
    values, errors = {}, {}
    for name, required, max_length in (("house_number", True, 20), ("address", False, 300), ("note", False, 300)):
        try:
            values[name] = parse_text(raw.get(name), field=name, required=required, max_length=max_length)
        except SajjaError as error:
            errors.setdefault(name, []).append(error.message)
    if errors:
        raise ValidationErrors(errors)
    return values
