"""Household book pages that look back and plan: the month and the year with charts, the plans, the
household's sharing choices, the printable monthly sheet (PDF), the Excel export, the group's
anonymous village picture and the group's categories. (Quick entry lives in ``quick_views``.)

Privacy: every household page is ``group_view(Access.SELF)`` and then
``tenancy.require_book_household``, which is 404 for anybody who does not keep that household's
book: the committee, the officer and an admin included. The group sees only ``village_picture``.
The sharing choices (consent to the village picture, the helper) are the household's own: its
helper sees them but may not change them.

The printed sheet keeps the Thai column headings of the paper book (วัน เดือน ปี, รายการ, รายรับ,
รายจ่าย) whatever the language of the page: it is a copy of a Thai form that people already know;
the rest of the sheet is translated as usual.
"""

import datetime as dt
import re
import uuid
from decimal import Decimal, InvalidOperation

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from sajja.core import submits
from sajja.core.errors import SajjaError
from sajja.core.money import format_baht, to_decimal, to_satang
from sajja.core.pdf import pdf_response
from sajja.core.tables import to_xlsx
from sajja.core.tenancy import Access, group_view, require_book_household, scope_members, today
from sajja.core.thai import DateInputError, be_year, format_date, normalize_digits, year_to_ce
from sajja.members.forms import add_errors
from sajja.members.models import Member

from . import domain, reports, selectors, services
from .models import KINDS, Plan, Sharing

SHEET_MIN_LINES = 15  # the printed sheet has at least this many lines, as the paper book does
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

MONTH_HELP = gettext_lazy("month/year, for example 01/2569")
_MONTH_DMY = re.compile(r"^(\d{1,2})\s*[/.\-]\s*(\d{4})$")
_MONTH_ISO = re.compile(r"^(\d{4})-(\d{1,2})$")


# --- input ----------------------------------------------------------------------------------------


def parse_month(raw, *, field: str = "month") -> dt.date:
    """``MM/YYYY`` (B.E. or C.E., Thai digits too) or ``YYYY-MM`` -> the first day of that month."""
    text = normalize_digits(str(raw or "")).strip()
    if not text:
        raise SajjaError(gettext_lazy("This field is required."), field=field, code="required")
    if m := _MONTH_ISO.match(text):
        year, month = int(m.group(1)), int(m.group(2))
    elif m := _MONTH_DMY.match(text):
        month, year = int(m.group(1)), int(m.group(2))
    else:
        raise SajjaError(
            gettext_lazy("Type the month as month/year, for example 01/2569."), field=field, code="month_format"
        )
    try:
        year = year_to_ce(year)
    except DateInputError:
        raise SajjaError(
            gettext_lazy("Type the year with four digits, in the Buddhist Era (2569) or the Common Era (2026)."),
            field=field,
            code="month_year",
        ) from None
    if not 1 <= month <= 12:
        raise SajjaError(gettext_lazy("A month is from 1 to 12."), field=field, code="month_invalid")
    return dt.date(year, month, 1)


def _month_param(request) -> tuple[dt.date, str | None]:
    current = domain.month_of(today())
    raw = request.GET.get("month", "").strip()
    if not raw:
        return current, None
    try:
        return parse_month(raw), None
    except SajjaError as error:
        return current, str(error)


def _year_param(request) -> tuple[int, str | None]:
    current = today().year
    raw = normalize_digits(request.GET.get("year", "")).strip()
    if not raw:
        return current, None
    try:
        return year_to_ce(int(raw)), None
    except (ValueError, DateInputError):
        return current, _("Give the year with four digits, for example %(year)s.") % {"year": be_year(current)}


def _month_text(month: dt.date) -> str:
    return f"{month.month:02d}/{be_year(month.year)}"


def _percent_to_basis_points(raw) -> int:
    text = normalize_digits(str(raw or "")).replace("%", "").replace(",", "").strip()
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise SajjaError(gettext_lazy("Give a percentage from 0.01 to 100."), field="target", code="target") from None
    points = value * 100
    if not value.is_finite() or points != points.to_integral_value():
        raise SajjaError(gettext_lazy("Give a percentage from 0.01 to 100."), field="target", code="target")
    return int(points)


def _baht(raw, field: str) -> int:
    try:
        return to_satang(str(raw or "").strip() or "0")
    except SajjaError as error:
        error.field = field
        raise


# --- helpers --------------------------------------------------------------------------------------


def _url(name: str, *args) -> str | None:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def _book(request, household_id):
    """The household whose book is opened: 404 unless the user keeps it (``tenancy``)."""
    household = require_book_household(request.user, request.group.id, household_id)
    household.group = request.group  # the selectors read household.group: no second query
    return household


def _is_own(request, household) -> bool:
    """Whether the user is a member of the household (not only its helper)."""
    return Member.objects.filter(household=household, user=request.user, status=Member.Status.ACTIVE).exists()


def _money(satang: int) -> str:
    """Satang as a plain decimal string for the charts (exact; Chart.js reads numeric strings)."""
    return str(to_decimal(int(satang)))


def _base_context(request, household, active: str) -> dict:
    gid, hid = request.group.id, household.id
    members = list(Member.objects.filter(household=household, status=Member.Status.ACTIVE).order_by("number"))
    return {
        "household": household,
        "household_members": members,
        "active": active,
        "book_url": _url("hh_book", gid, hid) or _url("hh_home", gid),
        "tabs": [
            ("month", _("Month"), reverse("hh_month", args=[gid, hid])),
            ("year", _("Year"), reverse("hh_year", args=[gid, hid])),
            ("plans", _("Plans"), reverse("hh_plans", args=[gid, hid])),
            ("sharing", _("Sharing"), reverse("hh_sharing", args=[gid, hid])),
        ],
    }


def _plan_rows(plans, month: dt.date) -> list[dict]:
    rows = []
    for plan in plans:
        active = plan.first_month <= month <= plan.last_month
        progress = selectors.plan_progress(plan, month) if active else None
        rows.append(
            {
                "plan": plan,
                "categories": [reports.category_name(c) for c in plan.categories.all()],
                "active": active,
                "progress": progress,
                "target_text": reports.percent(plan.target)
                if plan.kind == Plan.Kind.SPEND_LESS
                else format_baht(plan.target),
                "months_text": f"{format_date(plan.first_month, 'month')} – {format_date(plan.last_month, 'month')}",
            }
        )
    return rows


# --- the month ------------------------------------------------------------------------------------


@group_view(Access.SELF)
def month(request, household_id):
    """The month by category next to the month before, what is left, the savings rate, spending for
    work vs the home, the members' group savings and debts, and each plan's progress."""
    household = _book(request, household_id)
    month_, error = _month_param(request)
    view = selectors.month_view(household, month_)
    now, before = view.totals, view.previous
    rows = {"income": [], "expense": []}
    for row in view.rows:
        category = row["category"]
        rows[category.kind].append(
            {
                "icon": category.icon,
                "name": reports.category_name(category),
                "amount": row["amount"],
                "previous": row["previous"],
                "change": reports.change(row["amount"], row["previous"], more_is_good=category.kind == "income"),
            }
        )
    comparison = [
        {"label": _("Income"), "now": now.income, "before": before.income,
         "change": reports.change(now.income, before.income, more_is_good=True)},
        {"label": _("Spending"), "now": now.spending, "before": before.spending,
         "change": reports.change(now.spending, before.spending, more_is_good=False)},
        {"label": _("Left over"), "now": now.left_over, "before": before.left_over,
         "change": reports.change(now.left_over, before.left_over, more_is_good=True)},
    ]  # fmt: skip
    spending = [r for r in rows["expense"] if r["amount"]]
    chart = {
        "labels": [f"{r['icon']} {r['name']}".strip() for r in spending],
        "values": [_money(r["amount"]) for r in spending],
        "label": _("Spending by category"),
    }
    plans = Plan.objects.filter(household=household, first_month__lte=view.month, last_month__gte=view.month)
    visible = set(
        scope_members(request.user, request.group.id, Member.objects.filter(household=household)).values_list(
            "id", flat=True
        )
    )
    context = _base_context(request, household, "month")
    for member in context["household_members"]:
        member.savings_url = _url("savings_member", request.group.id, member.id) if member.id in visible else None
    context.update(
        {
            "error": error,
            "month": view.month,
            "month_text": _month_text(view.month),
            "previous_month": _month_text(domain.add_months(view.month, -1)),
            "next_month": _month_text(domain.add_months(view.month, 1)),
            "totals": now,
            "previous": before,
            "savings_rate": reports.percent(now.savings_rate),
            "previous_savings_rate": reports.percent(before.savings_rate),
            "home_spending": now.spending - now.occupation_spending,
            "income_rows": rows["income"],
            "spending_rows": rows["expense"],
            "comparison": comparison,
            "chart": chart,
            "money": selectors.household_money(household),
            "plans": _plan_rows(plans.prefetch_related("categories").order_by("id"), view.month),
            "sheet_url": reverse("hh_sheet", args=[request.group.id, household.id])
            + f"?month={_month_text(view.month)}",
        }
    )
    return render(request, "household_accounts/month.html", context)


# --- the year -------------------------------------------------------------------------------------


@group_view(Access.SELF)
def year(request, household_id):
    """The twelve months of a calendar year, income against spending, and the year by category."""
    household = _book(request, household_id)
    year_, error = _year_param(request)
    months = selectors.year_view(household, dt.date(year_, 1, 1))
    income = sum(t.income for _m, t in months)
    spending = sum(t.spending for _m, t in months)
    total = domain.Totals(income=income, spending=spending)
    by_category = reports.year_by_category(months, selectors.categories(request.group))
    context = _base_context(request, household, "year")
    context.update(
        {
            "error": error,
            "year": year_,
            "year_be": be_year(year_),
            "months": [{"month": m, "totals": t, "text": _month_text(m)} for m, t in months],
            "total": total,
            "savings_rate": reports.percent(total.savings_rate),
            "income_categories": [r for r in by_category if r["kind"] == "income"],
            "spending_categories": [r for r in by_category if r["kind"] == "expense"],
            "chart": {
                "labels": [format_date(m, "month") for m, _t in months],
                "income": [_money(t.income) for _m, t in months],
                "spending": [_money(t.spending) for _m, t in months],
                "income_label": _("Income"),
                "spending_label": _("Spending"),
            },
            "export_url": reverse("hh_export", args=[request.group.id, household.id]) + f"?year={be_year(year_)}",
        }
    )
    return render(request, "household_accounts/year.html", context)


# --- plans ----------------------------------------------------------------------------------------


class PlanForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("plan"), required=False, max_length=200)
    kind = forms.ChoiceField(label=gettext_lazy("kind"), choices=Plan.Kind.choices, widget=forms.RadioSelect)
    categories = forms.MultipleChoiceField(
        label=gettext_lazy("categories"), required=False, widget=forms.CheckboxSelectMultiple
    )
    target = forms.CharField(
        label=gettext_lazy("target"),
        required=False,
        help_text=gettext_lazy(
            "For a plan to spend less, a percentage (30 means 30 in a hundred less); for the others, baht a month."
        ),
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )
    first_month = forms.CharField(label=gettext_lazy("from the month of"), required=False, help_text=MONTH_HELP)
    last_month = forms.CharField(label=gettext_lazy("to the month of"), required=False, help_text=MONTH_HELP)

    def __init__(self, *args, categories=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["categories"].choices = [
            (str(c.id), f"{c.icon} {reports.category_name(c)} ({_('income') if c.kind == 'income' else _('spending')})")
            for c in categories
        ]


@group_view(Access.SELF)
def plans(request, household_id):
    """The household's plans with this month's progress, and a form to add one."""
    household = _book(request, household_id)
    categories = selectors.categories(request.group)
    month_ = domain.month_of(today())
    initial = {
        "kind": Plan.Kind.SPEND_LESS,
        "first_month": _month_text(month_),
        "last_month": _month_text(domain.add_months(month_, 11)),
    }
    form = PlanForm(request.POST or None, initial=initial, categories=categories)
    key = request.POST.get("key", "").strip()
    if request.method == "POST" and (earlier := submits.done_url(request, key)):
        messages.info(request, submits.already_message())  # a double tap saves one plan
        return redirect(earlier)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            kind = data["kind"]
            target = (
                _percent_to_basis_points(data["target"])
                if kind == Plan.Kind.SPEND_LESS
                else _baht(data["target"], "target")
            )
            plan = services.plan_save(
                household=household,
                title=data["title"],
                kind=kind,
                categories_chosen=[int(c) for c in data["categories"]],
                target=target,
                first_month=parse_month(data["first_month"], field="first_month"),
                last_month=parse_month(data["last_month"], field="last_month"),
                actor=request.user,
            )
        except SajjaError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The plan “%(title)s” is saved.") % {"title": plan.title})
            url = reverse("hh_plans", args=[request.group.id, household.id])
            submits.remember(request, key, url)
            return redirect(url)
    all_plans = Plan.objects.filter(household=household).prefetch_related("categories").order_by("-last_month", "id")
    context = _base_context(request, household, "plans")
    context.update(
        {"form": form, "plans": _plan_rows(all_plans, month_), "month": month_, "key": key or uuid.uuid4().hex}
    )
    return render(request, "household_accounts/plans.html", context)


@require_POST
@group_view(Access.SELF)
def plan_delete(request, household_id, plan_id):
    household = _book(request, household_id)
    plan = Plan.objects.filter(id=plan_id, household=household).first()
    if plan is None:
        raise Http404
    services.plan_delete(plan=plan, actor=request.user)
    messages.success(request, _("The plan “%(title)s” is deleted.") % {"title": plan.title})
    return redirect("hh_plans", request.group.id, household.id)


# --- sharing --------------------------------------------------------------------------------------


class SharingForm(forms.Form):
    in_village_picture = forms.BooleanField(
        label=gettext_lazy("Count our figures, without our name, in the village picture"), required=False
    )
    helper = forms.ChoiceField(label=gettext_lazy("helper who may keep the book with us"), required=False)

    def __init__(self, *args, helpers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["helper"].choices = [("", _("nobody"))] + [
            (str(m.user_id), f"{m.full_name} (#{m.number})") for m in helpers
        ]


@group_view(Access.SELF)
def sharing(request, household_id):
    """The household's choices: whether its figures count, anonymously, in the village picture, and
    who (an active member of the group with a login) may help keep the book. Only the household's
    own members change them."""
    household = _book(request, household_id)
    own = _is_own(request, household)
    current = Sharing.objects.filter(household=household).select_related("helper").first()
    helpers = list(
        Member.objects.filter(group=request.group, status=Member.Status.ACTIVE, user__isnull=False)
        .exclude(household=household)
        .order_by("number")
    )
    initial = {
        "in_village_picture": bool(current and current.in_village_picture),
        "helper": str(current.helper_id) if current and current.helper_id else "",
    }
    form = SharingForm(request.POST or None, initial=initial, helpers=helpers)
    if request.method == "POST":
        if not own:
            raise PermissionDenied
        if form.is_valid():
            helper_id = form.cleaned_data["helper"]
            helper = next((m.user for m in helpers if str(m.user_id) == helper_id), None) if helper_id else None
            try:
                services.sharing_set(
                    household=household,
                    in_village_picture=form.cleaned_data["in_village_picture"],
                    helper=helper,
                    actor=request.user,
                )
            except SajjaError as error:
                add_errors(form, error)
            else:
                messages.success(request, _("Your choices are saved."))
                return redirect("hh_sharing", request.group.id, household.id)
    helper_member = next((m for m in helpers if current and m.user_id == current.helper_id), None)
    context = _base_context(request, household, "sharing")
    context.update(
        {
            "form": form,
            "own": own,
            "current": current,
            "helper_member": helper_member,
            "min_households": domain.MIN_HOUSEHOLDS,
        }
    )
    return render(request, "household_accounts/sharing.html", context)


# --- printed sheet and export ---------------------------------------------------------------------


@group_view(Access.SELF)
def sheet(request, household_id):
    """The month as the familiar paper household account book, as a PDF to print."""
    household = _book(request, household_id)
    month_, _error = _month_param(request)
    rows, income, spending = reports.sheet_rows(household, month_)
    members = list(Member.objects.filter(household=household, status=Member.Status.ACTIVE).order_by("number"))
    context = {
        "group": request.group,
        "household": household,
        "members": members,
        "month": month_,
        "rows": rows,
        "blanks": range(max(0, SHEET_MIN_LINES - len(rows))),  # lines to write on by hand
        "income": format_baht(income, unit=False),
        "spending": format_baht(spending, unit=False),
        "left_over": format_baht(income - spending, unit=False),
        "today": today(),
    }
    filename = f"household-book-{household.house_number}-{month_:%Y-%m}.pdf"
    return pdf_response("household_accounts/sheet_pdf.html", context, filename, request)


@group_view(Access.SELF)
def export(request, household_id):
    """The year's entries, months and categories as an Excel workbook."""
    household = _book(request, household_id)
    year_, _error = _year_param(request)
    months = selectors.year_view(household, dt.date(year_, 1, 1))
    tables = reports.year_tables(household, year_, months, selectors.categories(request.group))
    heading = [
        request.group.name,
        _("Household account book · %(household)s · year %(year)s") % {"household": household, "year": be_year(year_)},
    ]
    response = HttpResponse(to_xlsx(heading, tables), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="household-book-{household.id}-{be_year(year_)}.xlsx"'
    return response


# --- the village picture --------------------------------------------------------------------------


@group_view(Access.SELF)
def village(request):
    """The group's anonymous picture: households that consented, each figure withheld when it would
    rest on fewer than five households. Never a single household's figure."""
    month_, error = _month_param(request)
    picture = selectors.village_picture(request.group, month_)
    keeping_share = (
        reports.percent(picture.keeping * 10_000 // picture.households)
        if picture.keeping is not None and picture.households
        else None
    )
    context = {
        "error": error,
        "picture": picture,
        "month_text": _month_text(picture.month),
        "previous_month": _month_text(domain.add_months(picture.month, -1)),
        "next_month": _month_text(domain.add_months(picture.month, 1)),
        "keeping_share": keeping_share,
        "by_category": [{**r, "name": reports.category_name(r["category"])} for r in picture.by_category],
        "trend": [{"month": m, "median": v} for m, v in picture.trend],
        "chart": {
            "labels": [format_date(m, "month") for m, _v in picture.trend],
            "values": [_money(v) if v is not None else None for _m, v in picture.trend],
            "label": _("Median spending of a household"),
        },
        "min_households": domain.MIN_HOUSEHOLDS,
    }
    return render(request, "household_accounts/village.html", context)


# --- the group's categories -----------------------------------------------------------------------


class CategoryForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("kind"), choices=KINDS, widget=forms.RadioSelect)
    name_th = forms.CharField(label=gettext_lazy("name (Thai)"), required=False, max_length=100)
    name_en = forms.CharField(label=gettext_lazy("name (English)"), required=False, max_length=100)
    icon = forms.CharField(
        label=gettext_lazy("icon"), required=False, max_length=8, help_text=gettext_lazy("one emoji, for example 🐟")
    )


@group_view(Access.MANAGE)
def categories(request):
    """The group's income and spending categories: the standard ones and its own; add one."""
    form = CategoryForm(request.POST or None, initial={"kind": "expense"})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            category = services.category_add(
                group=request.group,
                kind=data["kind"],
                name_th=data["name_th"],
                name_en=data["name_en"],
                icon=data["icon"].strip(),
                actor=request.user,
            )
        except SajjaError as error:
            add_errors(form, error)
        else:
            messages.success(
                request, _("The category “%(name)s” is added.") % {"name": reports.category_name(category)}
            )
            return redirect("hh_categories", request.group.id)
    found = selectors.categories(request.group)
    rows = [{"category": c, "name": reports.category_name(c)} for c in found]
    context = {
        "form": form,
        "income": [r for r in rows if r["category"].kind == "income"],
        "spending": [r for r in rows if r["category"].kind == "expense"],
    }
    return render(request, "household_accounts/categories.html", context)
