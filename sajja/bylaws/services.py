"""Writes of the bylaws: a new value of a setting, dated and approved. Nothing is ever edited."""

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from sajja.core.errors import SajjaError, ValidationErrors, fmt
from sajja.core.thai import format_date
from sajja.ledger.models import LedgerHead

from . import registry
from .models import Bylaw
from .selectors import bylaw_book


def bylaw_set(*, group, key: str, value, effective_from: dt.date, resolution: str, actor) -> Bylaw:
    """Record that ``group`` decided ``value`` for setting ``key`` from ``effective_from``, by
    ``resolution`` (for example "มติที่ประชุมใหญ่ ครั้งที่ 1/2569").

    Refused: an unknown setting; a value of the wrong kind or out of range; no resolution; a date on
    or before the closed books (it would change what the closed periods were computed with); a
    second value for the same setting on the same date; a smallest pledge above the largest."""
    setting = registry.get(key)
    errors: dict[str, list] = {}
    try:
        parsed = registry.parse_value(setting, value)
    except SajjaError as error:
        errors["value"] = [error.message]
    if not str(resolution or "").strip():
        errors["resolution"] = [_("Name the resolution that approved this value.")]
    head = LedgerHead.objects.filter(group=group).first()
    if not isinstance(effective_from, dt.date):
        errors["effective_from"] = [_("Give the date the value takes effect.")]
    elif head and head.closed_through and effective_from <= head.closed_through:
        errors["effective_from"] = [
            fmt(
                _("The books are closed through %(date)s: a new value takes effect after it."),
                date=format_date(head.closed_through),
            )
        ]
    if errors:
        raise ValidationErrors(errors)
    _check_with_others(group, key, parsed, effective_from)
    try:
        with transaction.atomic():
            return Bylaw.objects.create(
                group=group,
                key=key,
                value=parsed,
                effective_from=effective_from,
                resolution=resolution.strip()[:300],
                created_by=actor,
            )
    except IntegrityError:
        raise ValidationErrors(
            {"effective_from": [_("This setting already has a value taking effect on this date.")]}
        ) from None


# Later apps add rules between their own settings here (from their ``AppConfig.ready``): a function
# ``check(key, in_force)`` raising ``ValidationErrors`` when the settings in force (with the new
# value) disagree, and the keys it reads in ``AGREEING_LATER`` (so a later change of one of them is
# checked against the new value too).
AGREEMENT_CHECKS: list = []
AGREEING_LATER: list[str] = []

AGREEING = (
    "pledge.minimum",
    "pledge.maximum",
    "pledge.multiple",
    *[
        f"loan.{kind}.{part}"
        for kind, *_rest in registry.LOAN_KINDS
        for part in ("rate", "method", "every_months", "max_term_months")
    ],
)


def _check_with_others(group, key: str, value, day: dt.date) -> None:
    """Settings that must agree with each other: on the day the new value takes effect, and on
    every later day one of the others changes while the new value is still in force."""
    book = bylaw_book(group.id)
    until = min((row.effective_from for row in book.history(key) if row.effective_from > day), default=None)
    days = {day} | {
        row.effective_from
        for other in (*AGREEING, *AGREEING_LATER)
        for row in book.history(other)
        if row.effective_from > day and (until is None or row.effective_from < until)
    }
    for when in sorted(days):
        in_force = book.at(when)
        in_force[key] = value
        if in_force["pledge.minimum"] > in_force["pledge.maximum"]:
            raise ValidationErrors({"value": [_("The smallest pledge cannot be above the largest.")]})
        if in_force["pledge.minimum"] % in_force["pledge.multiple"]:
            raise ValidationErrors({"value": [_("The smallest pledge must be a whole number of pledge units.")]})
        for kind, name, *_rest in registry.LOAN_KINDS:
            if key.startswith(f"loan.{kind}.") and (yearly := _over_legal_cap(in_force, kind)):
                raise ValidationErrors(
                    {
                        "value": [
                            fmt(
                                _("%(kind)s would cost the borrower %(rate)s a year: the law allows at most 15%%."),
                                kind=name,
                                rate=registry.format_rate(yearly),
                            )
                        ]
                    }
                )
        for check in AGREEMENT_CHECKS:
            check(key, in_force)


def _over_legal_cap(in_force: dict, kind: str) -> int | None:
    """The yearly rate (bp) a loan of this kind would really cost when above the legal cap, measured on
    a loan of the longest term allowed (a flat rate costs more the longer the loan; the other
    methods cost their quote whatever the term). Each loan is checked again when it is made."""
    from sajja.loans import domain as loan_domain

    every = in_force[f"loan.{kind}.every_months"]
    rows = loan_domain.schedule(
        method=in_force[f"loan.{kind}.method"],
        principal=100_000_00,
        rate_bp_month=in_force[f"loan.{kind}.rate"],
        instalments=max(1, in_force[f"loan.{kind}.max_term_months"] // every),
        start=dt.date(2000, 1, 1),
        every_months=every,
    )
    return loan_domain.over_legal_cap(rows, 100_000_00, every)
