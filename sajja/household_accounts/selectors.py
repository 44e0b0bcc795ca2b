"""Reads of household accounts. A household's own figures (month, year, recent entries, plans) are
read only after ``tenancy.require_book_household``; the group's view is ``village_picture``, which
never returns a single household's figure and withholds any figure of fewer than 5 households."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Sum
from django.utils import translation

from sajja.members.models import Household, Member

from . import domain
from .models import Category, Entry, Plan, Sharing
from .taxonomy import STANDARD


def categories(group) -> list[Category]:
    """The group's categories, the standard ones created on first use (idempotent)."""
    found = list(Category.objects.filter(group=group))
    missing = {code for code, *_rest in STANDARD} - {c.code for c in found}
    if missing:
        with translation.override("en"):  # the English names, whatever language the first user reads
            names_en = {code: str(en) for code, _kind, _th, en, *_rest in STANDARD}
        Category.objects.bulk_create(
            [
                Category(
                    group=group,
                    code=code,
                    kind=kind,
                    name_th=th,
                    name_en=names_en[code],
                    icon=icon,
                    occupation=occ,
                    standard=True,
                    order=i,
                )  # fmt: skip
                for i, (code, kind, th, _en, icon, occ) in enumerate(STANDARD)
                if code in missing
            ],
            ignore_conflicts=True,  # two first uses at once: the unique code keeps one set
        )
        found = list(Category.objects.filter(group=group))
    return sorted(found, key=lambda c: (c.order, c.id))


def totals(household, since: dt.date, until: dt.date) -> domain.Totals:
    """The household's totals for the days ``since``..``until`` (one grouped query)."""
    result = domain.Totals()
    rows = (
        Entry.objects.filter(household=household, date__gte=since, date__lte=until)
        .values("kind", "category_id", "for_occupation")
        .annotate(amount=Sum("amount"), n=Count("id"))
        .order_by()
    )
    for row in rows:
        result.add(row["kind"], row["category_id"], int(row["amount"]), row["for_occupation"], row["n"])
    return result


def month_end(month: dt.date) -> dt.date:
    return domain.add_months(month, 1) - dt.timedelta(days=1)


@dataclass
class MonthView:
    month: dt.date
    totals: domain.Totals
    previous: domain.Totals
    rows: list[dict] = field(default_factory=list)  # per category: category, amount, previous, change


def month_view(household, month: dt.date) -> MonthView:
    """This month by category next to the month before (the month-to-month comparison)."""
    month = domain.month_of(month)
    before = domain.add_months(month, -1)
    now, prev = totals(household, month, month_end(month)), totals(household, before, month_end(before))
    view = MonthView(month, now, prev)
    for category in categories(household.group):
        amount, previous = now.by_category.get(category.id, 0), prev.by_category.get(category.id, 0)
        if amount or previous:
            view.rows.append(
                {"category": category, "amount": amount, "previous": previous, "change": amount - previous}
            )
    return view


def year_view(household, first_month: dt.date) -> list[tuple[dt.date, domain.Totals]]:
    """Twelve months from ``first_month``, each with its totals (one query)."""
    first = domain.month_of(first_month)
    months = [domain.add_months(first, i) for i in range(12)]
    by_month = {m: domain.Totals() for m in months}
    for row in (
        Entry.objects.filter(household=household, date__gte=first, date__lte=month_end(months[-1]))
        .values("date", "kind", "category_id", "for_occupation", "amount")
        .order_by()
    ):
        by_month[domain.month_of(row["date"])].add(
            row["kind"], row["category_id"], row["amount"], row["for_occupation"]
        )
    return [(m, by_month[m]) for m in months]


def recent(household, limit: int = 6) -> list[dict]:
    """The household's most recent distinct (category, amount, note) entries: one tap repeats one."""
    seen, result = set(), []
    for entry in Entry.objects.filter(household=household).select_related("category").order_by("-date", "-id")[:60]:
        key = (entry.category_id, entry.amount, entry.note)
        if key not in seen:
            seen.add(key)
            result.append(
                {"category": entry.category, "amount": entry.amount, "note": entry.note, "in_kind": entry.in_kind}
            )
        if len(result) == limit:
            break
    return result


def plan_progress(plan: Plan, month: dt.date) -> domain.Progress:
    """How ``month`` did against ``plan`` (two queries at most)."""
    category_ids = [c.id for c in plan.categories.all()]
    month = domain.month_of(month)
    actual = (
        Entry.objects.filter(
            household_id=plan.household_id, category_id__in=category_ids, date__gte=month, date__lte=month_end(month)
        ).aggregate(total=Sum("amount"))["total"]
        or 0
    )
    baseline = None
    if plan.kind == Plan.Kind.SPEND_LESS:
        start = domain.add_months(plan.first_month, -domain.BASELINE_MONTHS)
        before = (
            Entry.objects.filter(
                household_id=plan.household_id, category_id__in=category_ids, date__gte=start, date__lt=plan.first_month
            ).aggregate(total=Sum("amount"))["total"]
            or 0
        )
        baseline = int(before) // domain.BASELINE_MONTHS
    return domain.plan_progress(kind=plan.kind, target=plan.target, actual=int(actual), baseline=baseline)


def household_money(household) -> dict:
    """The household members' savings and loans in the group, read-only from the ledger."""
    from sajja.savings.selectors import member_money

    ids = list(Member.objects.filter(household=household, status=Member.Status.ACTIVE).values_list("id", flat=True))
    money = member_money(household.group_id, ids)
    return {
        "savings": sum(money[i].pledge + money[i].deposits for i in ids if i in money),
        "debts": sum(money[i].loans + money[i].fines for i in ids if i in money),
    }


# --- the village picture (anonymous) --------------------------------------------------------------


@dataclass
class VillagePicture:
    month: dt.date
    households: int  # households in the group
    keeping: int | None  # consenting households that wrote at least one entry this month (None: withheld)
    sharing: int  # consenting households that wrote this month (the base of the figures below)
    median_spending: int | None
    median_income: int | None
    by_category: list[dict]  # {"category", "median"}; only when shown
    trend: list[tuple[dt.date, int | None]]  # median spending a month, None where withheld


def village_picture(group, month: dt.date, months: int = 12) -> VillagePicture:
    """What the group and the officer may see: figures over households that consented, each
    withheld below ``domain.MIN_HOUSEHOLDS``; never a single household's figure. Four queries."""
    month = domain.month_of(month)
    first = domain.add_months(month, -(months - 1))
    consenting = set(
        Sharing.objects.filter(group=group, in_village_picture=True).values_list("household_id", flat=True)
    )
    households = Household.objects.filter(group=group).count()
    per: dict[tuple[dt.date, int], dict] = defaultdict(lambda: {"income": 0, "spending": 0, "cats": defaultdict(int)})
    keepers_this_month = set()
    for household_id, day, kind, category_id, amount in (
        # Households that did not consent are never read, not even as "keeping a book".
        Entry.objects.filter(group=group, household_id__in=consenting, date__gte=first, date__lte=month_end(month))
        .values_list("household_id", "date", "kind", "category_id", "amount")
        .order_by()
    ):
        m = domain.month_of(day)
        if m == month:
            keepers_this_month.add(household_id)
        cell = per[(m, household_id)]
        cell["income" if kind == "income" else "spending"] += amount
        if kind != "income":
            cell["cats"][category_id] += amount
    this_month = [cell for (m, _h), cell in per.items() if m == month]
    base = len(this_month)
    show = domain.shown(base)
    by_category = []
    if show:
        for category in categories(group):
            if category.kind == "income":
                continue
            values = [cell["cats"].get(category.id, 0) for cell in this_month]
            spenders = sum(1 for v in values if v)
            if domain.shown(spenders):  # a category few households spend on would point at them
                by_category.append({"category": category, "median": domain.median(values), "households": spenders})
    trend = []
    for i in range(months):
        m = domain.add_months(first, i)
        values = [cell["spending"] for (mm, _h), cell in per.items() if mm == m]
        trend.append((m, domain.median(values) if domain.shown(len(values)) else None))
    return VillagePicture(
        month=month,
        households=households,
        keeping=len(keepers_this_month) if domain.shown(len(keepers_this_month)) else None,
        sharing=base if show else 0,
        median_spending=domain.median([c["spending"] for c in this_month]) if show else None,
        median_income=domain.median([c["income"] for c in this_month]) if show else None,
        by_category=by_category,
        trend=trend,
    )
