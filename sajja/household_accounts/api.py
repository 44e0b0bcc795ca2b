"""The household accounts routes of the JSON API (``/api/v1/groups/{group_id}/book/...``).

Thin, like the pages: every route goes through ``group_route`` (tenancy), and every route about one
household opens it through ``tenancy.require_book_household``, so a household the caller may not
keep is 404, whatever the caller's role (the committee, the officer and admins included). The group
sees only ``book/village``: anonymous figures of consenting households, each withheld below
``domain.MIN_HOUSEHOLDS`` households.

Idempotency: ``POST .../entries`` takes ``key`` in the body or the ``Idempotency-Key`` header. A
household entry has no posting-key table (it is not a ledger entry), so the key is remembered in
Django's cache, by household and key, for a day: a resend within a day answers 200 with the first
entry and ``"duplicate": true``, and writes nothing. With the default cache (local memory) this
protects against resends to the same server process; a shared cache (Redis, database) extends it
to several servers.
"""

import datetime as dt
import hashlib
from decimal import Decimal, InvalidOperation

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from ninja import Header, Router

from sajja.core import tenancy
from sajja.core.errors import SajjaError, fmt
from sajja.core.fields import DATE_MESSAGES, parse_date_input, parse_positive_int
from sajja.core.money import to_decimal, to_satang
from sajja.core.tenancy import Access
from sajja.core.thai import DateInputError, normalize_digits, year_to_ce
from sajja.members.models import Member

from . import domain, selectors, services
from . import schemas as s
from .models import Category, Entry, Plan, Sharing

# Made before ``sajja.api.api`` is imported: that module adds this router at its end, so the two
# modules may be imported in either order (the routes below join the router in both cases).
router = Router(tags=["household accounts"])

from sajja.api.api import group_route  # noqa: E402
from sajja.savings.api import parse_period  # noqa: E402

BOOK = "/groups/{group_id}/book"
HOUSEHOLD = BOOK + "/households/{household_id}"
IDEMPOTENCY_KEY = Header("", alias="Idempotency-Key", description="Idempotency key (or ``key`` in the body).")
KEY_SECONDS = 24 * 60 * 60  # how long a key is remembered
PENDING = "pending"


# --- parsing --------------------------------------------------------------------------------------


def _household(request, group_id: int, household_id: int):
    """The household's book, or 404 (not the caller's own household, nor one that chose them as helper)."""
    return tenancy.require_book_household(request.user, group_id, household_id)


def _satang(value, field: str = "amount") -> int:
    """Baht as typed -> satang (zero, negative and too large are refused by the services)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        raise SajjaError(_("This field is required."), field=field, code="required")
    try:
        return to_satang(value)
    except SajjaError as error:
        raise SajjaError(error.message, field=field, code=error.code) from None


def _id(value, field: str) -> int:
    return parse_positive_int(value, field=field, maximum=2**62)


def _basis_points(value, field: str = "target") -> int:
    """A percentage as typed (``"30"``, ``"12.5"``, Thai digits) -> basis points (3000)."""
    if isinstance(value, float):
        raise SajjaError(
            _("Amounts must be exact: a floating-point number is not accepted."), field=field, code="float"
        )
    if value is None or isinstance(value, bool) or str(value).strip() == "":
        raise SajjaError(_("This field is required."), field=field, code="required")
    text = normalize_digits(str(value)).strip().rstrip("%").strip()
    try:
        percent = Decimal(text)
    except InvalidOperation:
        raise SajjaError(
            fmt(_("“%(value)s” is not a percentage."), value=value), field=field, code="not_number"
        ) from None
    if not percent.is_finite():
        raise SajjaError(fmt(_("“%(value)s” is not a percentage."), value=value), field=field, code="not_number")
    basis_points = percent * 100
    if basis_points != basis_points.to_integral_value():
        raise SajjaError(_("A percentage can have at most two decimals."), field=field, code="precision")
    return int(basis_points)


def _month(value, field: str = "month") -> dt.date:
    return parse_period(value, field) if value else domain.month_of(tenancy.today())


def _year(value) -> int:
    if not value:
        return tenancy.today().year
    text = normalize_digits(str(value)).strip()
    try:
        if not text.isdigit() or len(text) != 4:
            raise DateInputError("ambiguous_year")
        return year_to_ce(int(text))
    except DateInputError:
        raise SajjaError(DATE_MESSAGES["ambiguous_year"], field="year", code="year") from None


def _key(body_key: str, header_key: str | None) -> str:
    body, header = (body_key or "").strip(), (header_key or "").strip()
    if body and header and body != header:
        raise SajjaError(
            _("The key in the body and the Idempotency-Key header differ: send one key."), field="key", code="key"
        )
    key = body or header
    if len(key) > 80:
        raise SajjaError(fmt(_("Too long: at most %(max)d characters."), max=80), field="key", code="too_long")
    return key


# --- output ---------------------------------------------------------------------------------------


def baht(satang: int) -> str:
    return str(to_decimal(int(satang)))


def percent(basis_points: int | None) -> str | None:
    return None if basis_points is None else f"{Decimal(basis_points) / 100:.2f}"


def month_text(month: dt.date) -> str:
    return f"{month:%Y-%m}"


def category_name(category: Category) -> str:
    """Thai when the request is in Thai, English otherwise."""
    return category.name_th if (translation.get_language() or "th").startswith("th") else category.name_en


def _category_out(c: Category) -> dict:
    return {
        "id": c.id, "code": c.code, "kind": c.kind, "name": category_name(c), "name_th": c.name_th,
        "name_en": c.name_en, "icon": c.icon, "occupation": c.occupation, "standard": c.standard,
    }  # fmt: skip


def _entry_out(e: Entry, **extra) -> dict:
    return {
        "id": e.id, "household_id": e.household_id, "date": e.date, "kind": e.kind, "category": e.category_id,
        "category_code": e.category.code, "amount": baht(e.amount), "note": e.note,
        "for_occupation": e.for_occupation, "in_kind": e.in_kind, **extra,
    }  # fmt: skip


def _totals_out(t: domain.Totals) -> dict:
    return {
        "income": baht(t.income), "spending": baht(t.spending), "occupation_spending": baht(t.occupation_spending),
        "left_over": baht(t.left_over), "savings_rate": percent(t.savings_rate), "entries": t.entries,
    }  # fmt: skip


def _plan_out(plan: Plan, month: dt.date) -> dict:
    progress = selectors.plan_progress(plan, month)
    spend_less = plan.kind == Plan.Kind.SPEND_LESS
    return {
        "id": plan.id,
        "title": plan.title,
        "kind": plan.kind,
        "categories": sorted(c.id for c in plan.categories.all()),
        "target": percent(plan.target) if spend_less else baht(plan.target),
        "target_unit": "percent" if spend_less else "baht",
        "first_month": month_text(plan.first_month),
        "last_month": month_text(plan.last_month),
        "progress": {
            "month": month_text(month),
            "in_force": plan.first_month <= month <= plan.last_month,
            "goal": baht(progress.goal),
            "actual": baht(progress.actual),
            "met": progress.met,
            "baseline": None if progress.baseline is None else baht(progress.baseline),
        },
    }


def _sharing_out(household) -> dict:
    sharing = Sharing.objects.filter(household=household).select_related("helper").first()
    helper = sharing.helper if sharing else None
    return {
        "household_id": household.id,
        "in_village_picture": bool(sharing and sharing.in_village_picture),
        "helper_user_id": helper.id if helper else None,
        "helper_name": str(helper) if helper else None,
    }


# --- the households and categories ----------------------------------------------------------------


@router.get(BOOK + "/households", response=list[s.HouseholdOut])
@group_route(Access.SELF)
def book_households(request, group_id: int):
    """The households whose book the caller may keep: their own, and those that chose them as helper."""
    own = set(
        Member.objects.filter(
            group_id=group_id, user=request.user, status=Member.Status.ACTIVE, household__isnull=False
        ).values_list("household_id", flat=True)
    )
    households = tenancy.book_households(request.user, group_id).order_by("house_number", "id")
    return [{"id": h.id, "house_number": h.house_number, "own": h.id in own} for h in households]


@router.get(BOOK + "/categories", response=list[s.CategoryOut])
@group_route(Access.SELF)
def book_categories(request, group_id: int):
    """The group's income and spending categories: the standard ones and the group's own."""
    return [_category_out(c) for c in selectors.categories(request.group)]


# --- entries --------------------------------------------------------------------------------------


@router.get(HOUSEHOLD + "/entries", response=list[s.EntryOut])
@group_route(Access.SELF)
def entry_list(
    request, group_id: int, household_id: int, since: str = "", until: str = "", offset: int = 0, limit: int = 200
):
    """The household's entries from ``since`` to ``until`` (default: this month up to today), newest first."""
    household = _household(request, group_id, household_id)
    until_day = parse_date_input(until, field="until") if until else tenancy.today()
    since_day = parse_date_input(since, field="since") if since else domain.month_of(until_day)
    if until_day < since_day:
        raise SajjaError(_("The period ends before it starts."), field="until", code="period")
    limit = max(1, min(limit, 500))
    entries = (
        Entry.objects.filter(household=household, date__gte=since_day, date__lte=until_day)
        .select_related("category")
        .order_by("-date", "-id")[max(0, offset) : max(0, offset) + limit]
    )
    return [_entry_out(e) for e in entries]


def _key_slot(household, key: str) -> str:
    return f"sajja:hh-entry-key:{household.id}:{hashlib.sha256(key.encode()).hexdigest()}"


def _earlier(household, slot: str) -> Entry | None:
    """The entry a key already wrote (None when the key is new, or its entry was since deleted)."""
    entry_id = cache.get(slot)
    if not isinstance(entry_id, int):
        return None
    earlier = Entry.objects.filter(household=household, id=entry_id).select_related("category").first()
    if earlier is None:
        cache.delete(slot)
    return earlier


@router.post(HOUSEHOLD + "/entries", response={200: s.EntryPostOut, 201: s.EntryPostOut, 409: dict})
@group_route(Access.SELF)
def entry_create(request, group_id: int, household_id: int, payload: s.EntryIn, idempotency_key: str = IDEMPOTENCY_KEY):
    """Write one income or spending. Refused with a 400 in Thai and English, writing nothing: a date
    in the future, a category of another group, an amount that is not positive or above 1,000,000
    baht, a float. Sent again with the same ``key`` within a day: 200 with the first entry."""
    household = _household(request, group_id, household_id)
    key = _key(payload.key, idempotency_key)
    date = parse_date_input(payload.date, field="date")
    amount = _satang(payload.amount)
    category = _id(payload.category, "category")
    slot = _key_slot(household, key) if key else None
    if slot:
        if earlier := _earlier(household, slot):
            return 200, _entry_out(earlier, duplicate=True)
        if not cache.add(slot, PENDING, timeout=60):  # the same key is being saved by another request
            if earlier := _earlier(household, slot):
                return 200, _entry_out(earlier, duplicate=True)
            error = SajjaError(_("This entry is being saved already; send it again in a moment."), code="in_progress")
            return 409, error.as_dict()
    try:
        entry = services.entry_add(
            household=household, date=date, category=category, amount=amount, note=payload.note,
            for_occupation=payload.for_occupation, in_kind=payload.in_kind, actor=request.user,
        )  # fmt: skip
    except BaseException:
        if slot:
            cache.delete(slot)
        raise
    if slot:
        cache.set(slot, entry.id, KEY_SECONDS)
    return 201, _entry_out(Entry.objects.select_related("category").get(id=entry.id), duplicate=False)


@router.delete(HOUSEHOLD + "/entries/{book_entry_id}", response={204: None})
@group_route(Access.SELF)
def entry_delete(request, group_id: int, household_id: int, book_entry_id: int):
    """Take back an entry (a typo): the household's own notebook, not the group's books."""
    household = _household(request, group_id, household_id)
    entry = Entry.objects.filter(household=household, id=book_entry_id).first()
    if entry is None:
        raise Http404
    services.entry_delete(entry=entry, actor=request.user)
    return 204, None


# --- summaries ------------------------------------------------------------------------------------


@router.get(HOUSEHOLD + "/month", response=s.MonthOut)
@group_route(Access.SELF)
def month_view(request, group_id: int, household_id: int, month: str = ""):
    """A month by category next to the month before; income, spending, savings rate."""
    household = _household(request, group_id, household_id)
    view = selectors.month_view(household, _month(month))
    return {
        "household_id": household.id,
        "month": month_text(view.month),
        "previous_month": month_text(domain.add_months(view.month, -1)),
        "totals": _totals_out(view.totals),
        "previous": _totals_out(view.previous),
        "by_category": [
            {
                "category": _category_out(row["category"]),
                "amount": baht(row["amount"]),
                "previous": baht(row["previous"]),
                "change": baht(row["change"]),
            }
            for row in view.rows
        ],
    }


@router.get(HOUSEHOLD + "/year", response=s.YearOut)
@group_route(Access.SELF)
def year_view(request, group_id: int, household_id: int, year: str = ""):
    """The twelve months of a calendar year (``2569`` or ``2026``) and their sum."""
    household = _household(request, group_id, household_id)
    first = dt.date(_year(year), 1, 1)
    months = selectors.year_view(household, first)
    whole = domain.Totals()
    for _month_start, t in months:
        whole.income += t.income
        whole.spending += t.spending
        whole.occupation_spending += t.occupation_spending
        whole.entries += t.entries
    return {
        "household_id": household.id,
        "year": first.year,
        "totals": _totals_out(whole),
        "months": [{"month": month_text(m), **_totals_out(t)} for m, t in months],
    }


@router.get(HOUSEHOLD + "/money", response=s.MoneyOut)
@group_route(Access.SELF)
def money(request, group_id: int, household_id: int):
    """The household members' savings and debts in the group (read-only, from the ledger)."""
    household = _household(request, group_id, household_id)
    found = selectors.household_money(household)
    return {"household_id": household.id, "savings": baht(found["savings"]), "debts": baht(found["debts"])}


# --- plans ----------------------------------------------------------------------------------------


@router.get(HOUSEHOLD + "/plans", response=list[s.PlanOut])
@group_route(Access.SELF)
def plan_list(request, group_id: int, household_id: int):
    """The household's plans, each with this month's progress."""
    household = _household(request, group_id, household_id)
    month = domain.month_of(tenancy.today())
    plans = Plan.objects.filter(household=household).prefetch_related("categories").order_by("-last_month", "id")
    return [_plan_out(p, month) for p in plans]


@router.post(HOUSEHOLD + "/plans", response={201: s.PlanOut})
@group_route(Access.SELF)
def plan_create(request, group_id: int, household_id: int, payload: s.PlanIn):
    """A new target: ``spend_less`` by ``target`` percent than the three months before, spend at
    most or earn at least ``target`` baht a month, from ``first_month`` to ``last_month``."""
    household = _household(request, group_id, household_id)
    if payload.kind == Plan.Kind.SPEND_LESS:
        target = _basis_points(payload.target)
    else:
        target = _satang(payload.target, "target")
    plan = services.plan_save(
        household=household,
        title=payload.title,
        kind=payload.kind,
        categories_chosen=[_id(c, "categories") for c in payload.categories],
        target=target,
        first_month=parse_period(payload.first_month, "first_month"),
        last_month=parse_period(payload.last_month, "last_month"),
        actor=request.user,
    )
    return 201, _plan_out(plan, domain.month_of(tenancy.today()))


@router.delete(HOUSEHOLD + "/plans/{plan_id}", response={204: None})
@group_route(Access.SELF)
def plan_delete(request, group_id: int, household_id: int, plan_id: int):
    household = _household(request, group_id, household_id)
    plan = Plan.objects.filter(household=household, id=plan_id).first()
    if plan is None:
        raise Http404
    services.plan_delete(plan=plan, actor=request.user)
    return 204, None


# --- sharing --------------------------------------------------------------------------------------


@router.get(HOUSEHOLD + "/sharing", response=s.SharingOut)
@group_route(Access.SELF)
def sharing_get(request, group_id: int, household_id: int):
    """Whether the household counts, anonymously, in the village picture, and who helps keep its book."""
    return _sharing_out(_household(request, group_id, household_id))


@router.put(HOUSEHOLD + "/sharing", response=s.SharingOut)
@group_route(Access.SELF)
def sharing_set(request, group_id: int, household_id: int, payload: s.SharingIn):
    """Set the household's choices. Only the household's own members decide them (a helper may keep
    the book but not choose who else sees it, nor consent for the household)."""
    household = _household(request, group_id, household_id)
    if not household.members.filter(user=request.user, status=Member.Status.ACTIVE).exists():
        raise PermissionDenied
    helper = None
    if payload.helper_user_id is not None:
        helper = get_user_model().objects.filter(id=payload.helper_user_id, is_active=True).first()
        if helper is None:
            raise SajjaError(
                _("The helper must be an active member of the group with a login."), field="helper", code="helper"
            )
    services.sharing_set(
        household=household, in_village_picture=payload.in_village_picture, helper=helper, actor=request.user
    )
    return _sharing_out(household)


# --- the village picture --------------------------------------------------------------------------


@router.get(BOOK + "/village", response=s.VillageOut)
@group_route(Access.SELF)
def village(request, group_id: int, month: str = ""):
    """The anonymous picture of the group's households that consented: medians of the month and a
    twelve-month trend. A figure resting on fewer than 5 households is null (``reason`` says why)."""
    picture = selectors.village_picture(request.group, _month(month))
    withheld = picture.median_spending is None
    reason = None
    if withheld:
        error = SajjaError(
            fmt(
                _(
                    "Fewer than %(min)d households shared their figures this month: they are withheld so that no household can be recognised."
                ),
                min=domain.MIN_HOUSEHOLDS,
            ),
            code="too_few_households",
        )
        data = error.as_dict()
        reason = {k: data[k] for k in ("code", "message", "message_th", "message_en")}
    return {
        "month": month_text(picture.month),
        "min_households": domain.MIN_HOUSEHOLDS,
        "households": picture.households,
        "keeping": picture.keeping,
        "sharing": picture.sharing,
        "withheld": withheld,
        "reason": reason,
        "median_spending": None if withheld else baht(picture.median_spending),
        "median_income": None if picture.median_income is None else baht(picture.median_income),
        "by_category": [
            {"category": _category_out(row["category"]), "median": baht(row["median"]), "households": row["households"]}
            for row in picture.by_category
        ],
        "trend": [
            {"month": month_text(m), "median_spending": None if v is None else baht(v)} for m, v in picture.trend
        ],
    }
