"""Every write of household accounts: entries, the group's own categories, plans, and the
household's sharing choices. Refusals are ``SajjaError`` in Thai and English and write nothing.
Callers have already opened the household through ``tenancy.require_book_household``."""

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sajja.core.errors import SajjaError
from sajja.core.fields import parse_text
from sajja.core.money import satang_amount
from sajja.members.models import Member

from . import domain
from .models import Category, Entry, Plan, Sharing
from .selectors import categories
from .taxonomy import EXPENSE, INCOME


def _amount(amount, *, field: str = "amount", maximum: int = domain.MAX_ENTRY) -> int:
    satang_amount(amount, field)
    if amount > maximum:
        raise SajjaError(_("The amount is too large for a household entry."), field=field, code="too_large")
    return amount


def _category(household, category) -> Category:
    category_id = getattr(category, "id", category)
    found = Category.objects.filter(group_id=household.group_id, id=category_id).first()
    if found is None:  # another group's category, or none: the same answer
        raise SajjaError(_("Choose one of the group's categories."), field="category", code="category")
    return found


def entry_add(
    *,
    household,
    date: dt.date,
    category,
    amount: int,
    note: str = "",
    for_occupation=None,
    in_kind: bool = False,
    actor,
) -> Entry:
    """Write one income or spending of ``household``. Refused: a date in the future or more than
    ten years back, a category of another group, an amount that is not positive whole satang or
    above 1,000,000 baht, "in kind" on a spending."""
    if not isinstance(date, dt.date) or isinstance(date, dt.datetime):
        raise SajjaError(_("Give the date."), field="date", code="date")
    today = timezone.localdate()
    if date > today:
        raise SajjaError(_("The date is in the future."), field="date", code="future")
    if date < today.replace(year=today.year - 10, day=28 if (today.month, today.day) == (2, 29) else today.day):
        raise SajjaError(_("The date is more than ten years ago."), field="date", code="too_old")
    category = _category(household, category)
    amount = _amount(amount)
    if in_kind and category.kind != INCOME:
        raise SajjaError(_("Only an income can come in kind."), field="in_kind", code="in_kind")
    note = parse_text(note, field="note", required=False, max_length=200)
    return Entry.objects.create(
        group_id=household.group_id,
        household=household,
        date=date,
        kind=category.kind,
        category=category,
        amount=amount,
        note=note,
        for_occupation=category.occupation
        if for_occupation is None
        else bool(for_occupation and category.kind == EXPENSE),
        in_kind=in_kind,
        created_by=actor,
    )


def entry_delete(*, entry: Entry, actor) -> None:
    """A household may take back its own entry (a typo): this is its own notebook, not the group's books."""
    entry.delete()


def category_add(*, group, kind: str, name_th: str, name_en: str = "", icon: str = "", actor) -> Category:
    """A category of the group's own (the committee adds it; every household of the group sees it)."""
    if kind not in (INCOME, EXPENSE):
        raise SajjaError(_("Choose income or spending."), field="kind", code="kind")
    name_th = parse_text(name_th, field="name_th", max_length=100)
    name_en = parse_text(name_en, field="name_en", required=False, max_length=100) or name_th
    existing = categories(group)
    if any(c.name_th == name_th and c.kind == kind for c in existing):
        raise SajjaError(_("The group already has this category."), field="name_th", code="duplicate")
    with transaction.atomic():
        category = Category.objects.create(
            group=group, kind=kind, name_th=name_th, name_en=name_en, icon=icon[:8], code="", order=200 + len(existing)
        )
        category.code = f"g{category.id}"
        category.save(update_fields=["code"])
        return category


def plan_save(
    *,
    household,
    title: str,
    kind: str,
    categories_chosen,
    target: int,
    first_month: dt.date,
    last_month: dt.date,
    actor,
) -> Plan:
    """A new target for the household. ``target``: basis points for ``spend_less`` (3000 = 30%),
    satang a month otherwise. Months are whole months, first no later than last."""
    title = parse_text(title, field="title", max_length=200)
    if kind not in Plan.Kind.values:
        raise SajjaError(_("Choose the kind of plan."), field="kind", code="kind")
    chosen = [_category(household, c) for c in categories_chosen or []]
    if not chosen:
        raise SajjaError(_("Choose at least one category."), field="categories", code="categories")
    wanted = INCOME if kind == Plan.Kind.EARN_AT_LEAST else EXPENSE
    if any(c.kind != wanted for c in chosen):
        raise SajjaError(
            _("An income plan takes income categories; a spending plan takes spending categories."),
            field="categories",
            code="categories",
        )
    if kind == Plan.Kind.SPEND_LESS:
        if isinstance(target, bool) or not isinstance(target, int) or not 0 < target <= 10_000:
            raise SajjaError(_("Give a percentage from 0.01 to 100."), field="target", code="target")
    else:
        _amount(target, field="target")
    first, last = domain.month_of(first_month), domain.month_of(last_month)
    if last < first:
        raise SajjaError(_("The plan ends before it starts."), field="last_month", code="months")
    if last >= domain.add_months(first, 60):  # 60 months, first and last included
        raise SajjaError(_("A plan covers at most five years."), field="last_month", code="months")
    with transaction.atomic():
        plan = Plan.objects.create(
            group_id=household.group_id, household=household, title=title, kind=kind, target=target,
            first_month=first, last_month=last, created_by=actor,
        )  # fmt: skip
        plan.categories.set(chosen)
        return plan


def plan_delete(*, plan: Plan, actor) -> None:
    plan.delete()


def sharing_set(*, household, in_village_picture: bool, helper=None, actor) -> Sharing:
    """The household's choices: count its figures anonymously in the village picture or not, and
    who may help keep the book: a user who is an active member of the same group, or nobody."""
    if (
        helper is not None
        and not Member.objects.filter(group_id=household.group_id, user=helper, status=Member.Status.ACTIVE).exists()
    ):
        raise SajjaError(
            _("The helper must be an active member of the group with a login."), field="helper", code="helper"
        )
    sharing, _created = Sharing.objects.update_or_create(
        household=household,
        defaults={"group_id": household.group_id, "in_village_picture": bool(in_village_picture), "helper": helper},
    )
    return sharing
