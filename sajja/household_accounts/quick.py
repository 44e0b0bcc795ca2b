"""The household book on a phone: quick entry (a spending in three taps: a category tile, the amount
on a keypad, Save), one-tap repeats of recent entries, and the month's entries with delete.

Every page opens the household through ``tenancy.require_book_household``: only the household's own
members and its chosen helper get past it, never the committee, the officer or an admin (404, so an
id reveals nothing). Each form carries a hidden idempotency key; the session remembers the keys it
has saved (the savings pages' guard), so a double tap saves once.
"""

import datetime as dt
import re
import uuid

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from sajja.core.errors import SajjaError
from sajja.core.fields import parse_date_input
from sajja.core.money import format_baht, to_satang
from sajja.core.submits import already_message, done_url, remember
from sajja.core.tenancy import Access, book_households, group_view, require_book_household, today
from sajja.core.thai import DateInputError, format_date, normalize_digits, year_to_ce

from . import domain, selectors, services
from .models import Entry
from .reports import category_name
from .taxonomy import EXPENSE, INCOME

MONTH_MESSAGE = gettext_lazy("Type the month as month/year, for example 06/2569.")


def _book_url(household) -> str:
    return reverse("hh_book", args=[household.group_id, household.id])


def _entries_url(household, month: dt.date | None = None) -> str:
    url = reverse("hh_entries", args=[household.group_id, household.id])
    return f"{url}?month={month.month:02d}/{month.year + 543}" if month else url


def _other_books(request, household):
    """The other households whose book this user keeps (a helper may keep several)."""
    return list(book_households(request.user, request.group.id).exclude(id=household.id).order_by("house_number"))


# --- the book: quick entry ----------------------------------------------------------------------


def _date_value(text, day: dt.date) -> str:
    """What the "another day" field shows again: the typed date as ``yyyy-mm-dd``, or today."""
    try:
        return parse_date_input(text, field="date").isoformat() if text else day.isoformat()
    except SajjaError:
        return ""


def _book_page(request, household, *, posted=None, error: SajjaError | None = None, status: int = 200):
    day = today()
    categories = selectors.categories(request.group)
    spending = [c for c in categories if c.kind == EXPENSE]
    income = [c for c in categories if c.kind == INCOME]
    recent = selectors.recent(household)
    for row in recent:
        row["amount_input"] = format_baht(row["amount"], unit=False)
        row["key"] = uuid.uuid4().hex
    posted = posted or {}
    chosen = next((c for c in categories if str(c.id) == str(posted.get("category", ""))), None)
    saved = None
    if saved_id := request.GET.get("saved", ""):
        if saved_id.isdigit():
            saved = Entry.objects.filter(household=household, id=int(saved_id)).select_related("category").first()
    context = {
        "household": household,
        "other_books": _other_books(request, household),
        "tile_sets": [(EXPENSE, _("Spending"), spending), (INCOME, _("Income"), income)],
        "chosen": chosen,
        "kind": chosen.kind if chosen else EXPENSE,
        "recent": recent,
        "today": day,
        "today_iso": day.isoformat(),
        "date_value": _date_value(posted.get("date"), day),
        "today_totals": selectors.totals(household, day, day),
        "month_totals": selectors.totals(household, domain.month_of(day), day),
        "key": uuid.uuid4().hex,
        "posted": posted,
        "error": error,
        "saved": saved,
        "add_url": reverse("hh_entry_add", args=[household.group_id, household.id]),
        "entries_url": _entries_url(household),
    }
    return render(request, "household_accounts/quick/book.html", context, status=status)


@group_view(Access.SELF)
@require_GET
def home(request):
    """The user's own household book; a helper who keeps no book of their own gets the list of
    the households they help; anyone else a 404."""
    try:
        household = require_book_household(request.user, request.group.id)
    except Http404:
        helped = list(book_households(request.user, request.group.id).order_by("house_number"))
        if not helped:
            raise
        return render(request, "household_accounts/quick/choose.html", {"households": helped})
    return _book_page(request, household)


@group_view(Access.SELF)
@require_GET
def book(request, household_id):
    household = require_book_household(request.user, request.group.id, household_id)
    return _book_page(request, household)


def _occupation(value):
    """The "for our work" choice: "1" yes, "0" no, nothing: the category's usual."""
    return {"1": True, "0": False}.get((value or "").strip())


def _category_id(value):
    text = normalize_digits(str(value or "")).strip()
    return int(text) if text.isdigit() else None


def _amount(value) -> int:
    if not str(value or "").strip():
        raise SajjaError(_("Type the amount."), field="amount", code="required")
    try:
        return to_satang(str(value))
    except SajjaError as error:
        error.field = "amount"
        raise


@group_view(Access.SELF)
@require_POST
def entry_add(request, household_id):
    household = require_book_household(request.user, request.group.id, household_id)
    key = request.POST.get("key", "").strip()[:64]
    if earlier := done_url(request, key):
        messages.info(request, already_message())
        return redirect(earlier)
    posted = {
        name: request.POST.get(name, "") for name in ("category", "amount", "date", "note", "for_occupation", "in_kind")
    }
    try:
        day = parse_date_input(posted["date"], field="date") if posted["date"].strip() else today()
        entry = services.entry_add(
            household=household,
            date=day,
            category=_category_id(posted["category"]),
            amount=_amount(posted["amount"]),
            note=posted["note"],
            for_occupation=_occupation(posted["for_occupation"]),
            in_kind=bool(posted["in_kind"]),
            actor=request.user,
        )
    except SajjaError as error:
        return _book_page(request, household, posted=posted, error=error)
    url = f"{_book_url(household)}?saved={entry.id}"
    remember(request, key, url)
    return redirect(url)


# --- the month's entries ------------------------------------------------------------------------


def parse_month(text: str) -> dt.date:
    """``MM/YYYY`` (Buddhist Era, or Common Era) -> the first day of that month."""
    match = re.fullmatch(r"\s*(\d{1,2})\s*/\s*(\d{4})\s*", normalize_digits(text or ""))
    if not match or not 1 <= int(match.group(1)) <= 12:
        raise SajjaError(MONTH_MESSAGE, field="month", code="month")
    try:
        year = year_to_ce(int(match.group(2)))
    except DateInputError:
        raise SajjaError(MONTH_MESSAGE, field="month", code="month") from None
    return dt.date(year, int(match.group(1)), 1)


@group_view(Access.SELF)
@require_GET
def entries(request, household_id):
    household = require_book_household(request.user, request.group.id, household_id)
    this_month = domain.month_of(today())
    month, error = this_month, None
    if request.GET.get("month"):
        try:
            month = parse_month(request.GET["month"])
        except SajjaError as e:
            error = e
    last_day = selectors.month_end(month)
    rows = list(
        Entry.objects.filter(household=household, date__gte=month, date__lte=last_day).select_related("category")
    )
    previous, following = domain.add_months(month, -1), domain.add_months(month, 1)
    context = {
        "household": household,
        "other_books": _other_books(request, household),
        "month": month,
        "month_input": f"{month.month:02d}/{month.year + 543}",
        "month_label": format_date(month, "month"),
        "error": error,
        "rows": rows,
        "totals": selectors.totals(household, month, last_day),
        "previous_url": _entries_url(household, previous),
        "next_url": _entries_url(household, following) if following <= this_month else None,
        "previous_label": format_date(previous, "month"),
        "next_label": format_date(following, "month"),
        "book_url": _book_url(household),
        "here": request.get_full_path(),
    }
    return render(request, "household_accounts/quick/entries.html", context)


@group_view(Access.SELF)
@require_POST
def entry_delete(request, household_id, book_entry_id):
    household = require_book_household(request.user, request.group.id, household_id)
    entry = (
        Entry.objects.filter(id=book_entry_id, household=household, group=request.group)
        .select_related("category")
        .first()
    )
    if entry is None:
        raise Http404
    described = _("Deleted: %(icon)s %(name)s %(amount)s on %(date)s.") % {
        "icon": entry.category.icon,
        "name": category_name(entry.category),
        "amount": format_baht(entry.amount),
        "date": format_date(entry.date),
    }
    month = domain.month_of(entry.date)
    services.entry_delete(entry=entry, actor=request.user)
    messages.success(request, described)
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        back = _entries_url(household, month)
    elif "saved=" in back:  # the confirmation of the entry just taken back: the book without it
        back = _book_url(household)
    return redirect(back)
