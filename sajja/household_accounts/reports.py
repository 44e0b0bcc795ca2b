"""Household books as tables and printed forms: the year's entries for Excel (``core.tables``), the
rows of the printable monthly sheet, and the small formatting rules the pages share (a category's
name in the reader's language, a savings rate in percent, a month-to-month change in words)."""

import datetime as dt
from decimal import Decimal

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from sajja.core.money import format_baht
from sajja.core.tables import Table
from sajja.core.thai import format_date

from . import domain
from .models import Category, Entry
from .selectors import month_end


def category_name(category: Category) -> str:
    """``name_th`` when the page is in Thai, ``name_en`` otherwise (falling back to the Thai name)."""
    if (get_language() or "th").startswith("th"):
        return category.name_th
    return category.name_en or category.name_th


def percent(basis_points: int | None) -> str:
    """Basis points -> ``"50.00%"``; ``"—"`` when there is nothing to divide by."""
    if basis_points is None:
        return "—"
    return f"{Decimal(basis_points) / 100:.2f}%"


def change(now: int, before: int, *, more_is_good: bool) -> dict:
    """A month-to-month change for a page: an arrow and words (never the colour alone)."""
    difference = now - before
    amount = format_baht(abs(difference))
    if difference > 0:
        arrow, words = "▲", _("up %(amount)s from the month before") % {"amount": amount}
    elif difference < 0:
        arrow, words = "▼", _("down %(amount)s from the month before") % {"amount": amount}
    else:
        arrow, words = "=", _("the same as the month before")
    good = difference == 0 or (difference > 0) == more_is_good
    return {"arrow": arrow, "words": words, "difference": difference, "css": "success" if good else "danger"}


def sheet_rows(household, month: dt.date) -> tuple[list[dict], int, int]:
    """The month's entries in date order, as the lines of the paper book: date, item, income or
    spending. Returns (rows, income, spending)."""
    entries = (
        Entry.objects.filter(household=household, date__gte=month, date__lte=month_end(month))
        .select_related("category")
        .order_by("date", "id")
    )
    rows, income, spending = [], 0, 0
    for entry in entries:
        item = category_name(entry.category)
        if entry.note:
            item = f"{item}: {entry.note}"
        if entry.in_kind:
            item = f"{item} ({_('in kind')})"
        is_income = entry.kind == "income"
        income += entry.amount if is_income else 0
        spending += 0 if is_income else entry.amount
        rows.append(
            {
                "date": entry.date,
                "item": item,
                "income": format_baht(entry.amount, unit=False) if is_income else "",
                "spending": "" if is_income else format_baht(entry.amount, unit=False),
            }
        )
    return rows, income, spending


def year_tables(household, year: int, months: list[tuple[dt.date, domain.Totals]], categories) -> list[Table]:
    """Three sheets for Excel: every entry of the year, the twelve months, and the year by category."""
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    entries = (
        Entry.objects.filter(household=household, date__gte=first, date__lte=last)
        .select_related("category")
        .order_by("date", "id")
    )
    rows, income, spending = [], 0, 0
    for e in entries:
        is_income = e.kind == "income"
        income += e.amount if is_income else 0
        spending += 0 if is_income else e.amount
        rows.append(
            [
                format_date(e.date),
                category_name(e.category),
                e.note,
                e.amount if is_income else None,
                None if is_income else e.amount,
                _("yes") if e.for_occupation else "",
                _("yes") if e.in_kind else "",
            ]
        )
    rows.append(["", _("Total"), "", income, spending, "", ""])
    entries_table = Table(
        _("Entries"),
        [_("date"), _("category"), _("note"), _("income"), _("spending"), _("for work"), _("in kind")],
        rows,
        {3, 4},
        1,
    )
    month_rows = [[format_date(m, "month"), t.income, t.spending, t.left_over] for m, t in months]
    month_rows.append([_("Total"), income, spending, income - spending])
    months_table = Table(
        _("Months"), [_("month"), _("income"), _("spending"), _("left over")], month_rows, {1, 2, 3}, 1
    )
    by_category = year_by_category(months, categories)
    category_rows = [[r["kind_label"], r["name"], r["amount"]] for r in by_category]
    categories_table = Table(_("By category"), [_("kind"), _("category"), _("amount")], category_rows, {2}, 0)
    return [entries_table, months_table, categories_table]


def year_by_category(months: list[tuple[dt.date, domain.Totals]], categories) -> list[dict]:
    """The year's amount per category (income first, then spending), only categories used."""
    amounts: dict[int, int] = {}
    for _month, totals in months:
        for category_id, amount in totals.by_category.items():
            amounts[category_id] = amounts.get(category_id, 0) + amount
    result = []
    for kind in ("income", "expense"):
        for category in categories:
            if category.kind == kind and amounts.get(category.id):
                result.append(
                    {
                        "category": category,
                        "name": category_name(category),
                        "icon": category.icon,
                        "kind": kind,
                        "kind_label": _("income") if kind == "income" else _("spending"),
                        "amount": amounts[category.id],
                    }
                )
    return result
