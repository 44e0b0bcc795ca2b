"""Every write to members and households (rule 1: one door). Each runs in one transaction and
records its actor in the audit log.

Business rules enforced here (whatever the caller: page, API, import, demo loader):
- the member number and the national ID are unique in the group;
- the birth date is not in the future and not more than 120 years ago;
- the join date is after birth, not before the group was founded and not in the future;
- a household given by house number is the group's own (created when new);
- leaving needs a status other than active, a date from the join date to today, and a reason.
"""

import datetime as dt
from collections.abc import Sequence

from auditlog.context import set_actor
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from sajja.core.errors import SajjaError, ValidationErrors, fmt
from sajja.core.natid import encrypt, national_id_hash
from sajja.core.tenancy import today

from . import domain
from .inputs import MemberInput, parse_member
from .models import Household, Member

BIRTH_MESSAGES = {
    "future": _("The birth date is in the future."),
    "too_old": _("The birth date is more than 120 years ago: check the year (Buddhist or Common Era?)."),
}
JOIN_MESSAGES = {
    "future": _("The join date is in the future."),
    "before_founding": _("The join date is before the group was founded."),
    "before_birth": _("The join date must be after the birth date."),
}


def _taken(group, *, exclude_id: int | None = None) -> tuple[set[int], set[str]]:
    """Member numbers and national-ID hashes already used in the group (two queries, any size)."""
    others = Member.objects.filter(group=group)
    if exclude_id:
        others = others.exclude(id=exclude_id)
    return set(others.values_list("number", flat=True)), set(others.values_list("national_id_hash", flat=True))


def _check_member(group, data: MemberInput, taken: tuple[set[int], set[str]]) -> dict:
    """All rule violations of one member's data against the group: field -> messages."""
    numbers, hashes = taken
    errors: dict[str, list] = {}
    day = today()
    if problem := domain.birth_date_problem(data.birth_date, day):
        errors.setdefault("birth_date", []).append(BIRTH_MESSAGES[problem])
    if problem := domain.join_date_problem(data.joined_on, birth=data.birth_date, founded=group.founded_on, today=day):
        errors.setdefault("joined_on", []).append(JOIN_MESSAGES[problem])
    if data.number in numbers:
        errors.setdefault("number", []).append(
            fmt(_("Member number %(number)d is already used in this group."), number=data.number)
        )
    if national_id_hash(data.national_id) in hashes:
        errors.setdefault("national_id", []).append(_("A member with this national ID is already in the group."))
    return errors


def _household_for(group, house_number: str) -> Household | None:
    if not house_number:
        return None
    household, _created = Household.objects.get_or_create(group=group, house_number=house_number)
    return household


def _apply(member: Member, data: MemberInput) -> None:
    member.number = data.number
    member.title = data.title
    member.first_name = data.first_name
    member.last_name = data.last_name
    member.national_id_encrypted = encrypt(data.national_id)
    member.national_id_hash = national_id_hash(data.national_id)
    member.national_id_last4 = data.national_id[-4:]
    member.birth_date = data.birth_date
    member.sex = data.sex
    member.joined_on = data.joined_on
    member.phone = data.phone
    member.line_id = data.line_id
    member.address = data.address
    member.household = _household_for(member.group, data.house_number)
    member.beneficiary_name = data.beneficiary_name
    member.beneficiary_relationship = data.beneficiary_relationship


def _save(member: Member) -> None:
    try:
        with transaction.atomic():
            member.save()
    except IntegrityError:
        # Two people saving the same number at once: the database's unique constraint caught what
        # the check above could not see yet.
        raise SajjaError(_("Member number or national ID is already used in this group."), code="duplicate") from None


def member_create(*, group, data: MemberInput, actor) -> Member:
    """Register a new active member of ``group``."""
    with set_actor(actor), transaction.atomic():
        if errors := _check_member(group, data, _taken(group)):
            raise ValidationErrors(errors)
        return _create(group, data)


def _create(group, data: MemberInput) -> Member:
    member = Member(group=group, status=Member.Status.ACTIVE)
    _apply(member, data)
    _save(member)
    return member


def member_update(*, member: Member, data: MemberInput, actor) -> Member:
    """Correct a member's details (not their status: see ``member_leave``)."""
    with set_actor(actor), transaction.atomic():
        if errors := _check_member(member.group, data, _taken(member.group, exclude_id=member.id)):
            raise ValidationErrors(errors)
        _apply(member, data)
        _save(member)
        return member


LEAVING_STATUSES = {Member.Status.LEFT, Member.Status.DECEASED, Member.Status.EXPELLED}


def require_active(member: Member, field: str = "member") -> None:
    """Money events and loans are for active members only."""
    if member.status != Member.Status.ACTIVE:
        raise SajjaError(_("This member is no longer active."), field=field, code="not_active")


def member_leave(*, member: Member, status: str, date: dt.date, reason: str, actor) -> Member:
    """Close a membership: resigned (left), deceased or expelled, on ``date`` for ``reason``.

    The money side (settlement of savings against loans and guarantees) joins with the savings
    capability; here the member's status changes and they drop out of active lists.
    """
    errors: dict[str, list] = {}
    if status not in LEAVING_STATUSES:
        errors["status"] = [_("Choose why the member leaves: left, deceased or expelled.")]
    if member.status != Member.Status.ACTIVE:
        errors.setdefault("status", []).append(_("This member is no longer active."))
    if date > today():
        errors["date"] = [_("The date is in the future.")]
    elif date < member.joined_on:
        errors["date"] = [_("The date is before the member joined.")]
    if not reason.strip():
        errors["reason"] = [_("Give the reason.")]
    if errors:
        raise ValidationErrors(errors)
    with set_actor(actor), transaction.atomic():
        member.status = status
        member.status_date = date
        member.status_reason = reason.strip()
        member.save(update_fields=["status", "status_date", "status_reason", "updated_at"])
        return member


def household_save(*, group, household: Household | None, house_number: str, address: str, note: str, actor):
    """Create (``household=None``) or update a household of ``group``; house numbers are unique."""
    others = Household.objects.filter(group=group, house_number=house_number)
    if household is not None:
        others = others.exclude(id=household.id)
    if others.exists():
        raise ValidationErrors({"house_number": [_("This house number is already registered.")]})
    with set_actor(actor), transaction.atomic():
        household = household or Household(group=group)
        household.house_number = house_number
        household.address = address
        household.note = note
        household.save()
        return household


def members_import(*, group, rows: Sequence[tuple[int, MemberInput]], actor) -> list[Member]:
    """Create many members at once, all or nothing. ``rows`` are (spreadsheet row number, data).

    Every row is checked against the group *and* against the other rows (a number or ID twice in
    the file); if any row has a problem nothing is written and ``ImportErrors`` lists them by row.
    """
    with set_actor(actor), transaction.atomic():
        if problems := import_problems(group, rows):
            raise ImportErrors(problems)
        return [_create(group, data) for _row, data in rows]


class ImportErrors(SajjaError):
    def __init__(self, problems: dict[int, dict]):
        super().__init__(_("Some rows have problems; nothing was imported."), code="import")
        self.problems = problems


def check_import_rows(group, rows: Sequence[tuple[int, dict]]) -> tuple[list[tuple[int, MemberInput]], dict[int, dict]]:
    """Parse raw rows and check them against the group and each other, all at once: the rows
    that parsed, and row -> field -> messages for every problem (parsing and rules together)."""
    parsed, problems = [], {}
    for row_number, raw in rows:
        try:
            parsed.append((row_number, parse_member(raw)))
        except ValidationErrors as error:
            problems[row_number] = {field: list(messages) for field, messages in error.errors.items()}
    for row_number, errors in import_problems(group, parsed).items():
        for field, messages in errors.items():
            problems.setdefault(row_number, {}).setdefault(field, []).extend(messages)
    return parsed, problems


def import_problems(group, rows: Sequence[tuple[int, MemberInput]]) -> dict[int, dict]:
    """Row number -> field -> messages, for the rows the group would refuse."""
    numbers, hashes = _taken(group)
    problems: dict[int, dict] = {}
    first_row_of: dict = {}
    for row_number, data in rows:
        errors = _check_member(group, data, (numbers, hashes))
        for key, field, message in (
            (("number", data.number), "number", _("The same member number is on row %(row)d.")),
            (("id", data.national_id), "national_id", _("The same national ID is on row %(row)d.")),
        ):
            if key in first_row_of:
                errors.setdefault(field, []).append(fmt(message, row=first_row_of[key]))
            else:
                first_row_of[key] = row_number
        if errors:
            problems[row_number] = errors
    return problems
