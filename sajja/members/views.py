"""Member and household pages. Thin: tenancy via ``group_view``, reads via selectors, writes via services."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from sajja.core import tenancy
from sajja.core.errors import SajjaError
from sajja.core.natid import format_national_id
from sajja.core.tenancy import Access, group_view

from . import excel, selectors, services
from .domain import next_member_number
from .forms import HouseholdForm, ImportForm, MemberForm, add_errors
from .inputs import member_to_raw, parse_member
from .models import Household, Member

PAGE_SIZE = 50
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
IMPORT_SESSION_KEY = "sajja_member_import"


def _member_or_404(request, member_id) -> Member:
    try:
        return selectors.member_get(request.user, request.group.id, member_id)
    except Member.DoesNotExist:
        raise Http404 from None


def _household_or_404(request, household_id) -> Household:
    try:
        return selectors.household_get(request.user, request.group.id, household_id)
    except Household.DoesNotExist:
        raise Http404 from None


@group_view(Access.SELF)
def member_list(request):
    """All members with search; a member who is only a member goes to their own page."""
    if request.access == Access.SELF:
        own = tenancy.grants_for(request.user).member_ids[request.group.id]
        return redirect("member_detail", request.group.id, own)
    q = request.GET.get("q", "")
    status = request.GET.get("status", Member.Status.ACTIVE)
    members = selectors.member_list(request.user, request.group.id, q=q, status=status or None)
    page = Paginator(members, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "q": q,
        "status": status,
        "statuses": Member.Status.choices,
        "member_query": urlencode({"q": q, "status": status}) + "&",  # kept by the page links
    }
    template = "members/_member_rows.html" if request.htmx else "members/member_list.html"
    return render(request, template, context)


@group_view(Access.SELF)
def member_detail(request, member_id):
    member = _member_or_404(request, member_id)
    show_id = tenancy.can_see_national_id(request.user, member)
    context = {
        "member": member,
        "national_id": format_national_id(member.national_id_plain()) if show_id else member.national_id_masked,
        "show_contact": tenancy.can_see_contact(request.user, member),
        "can_manage": tenancy.can_manage(request.user, request.group.id),
    }
    return render(request, "members/member_detail.html", context)


@group_view(Access.MANAGE)
@require_http_methods(["GET", "POST"])
def member_create(request):
    form = MemberForm(request.POST or None)
    if request.method == "GET":
        numbers = list(Member.objects.filter(group=request.group).values_list("number", flat=True))
        form.initial["number"] = next_member_number(numbers)
    if request.method == "POST" and form.is_valid():
        try:
            member = services.member_create(group=request.group, data=form.member_input, actor=request.user)
        except SajjaError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Member %(name)s was added.") % {"name": member.full_name})
            return redirect("member_detail", request.group.id, member.id)
    return render(request, "members/member_form.html", {"form": form, "creating": True})


@group_view(Access.MANAGE)
@require_http_methods(["GET", "POST"])
def member_edit(request, member_id):
    member = _member_or_404(request, member_id)
    locked = "" if tenancy.can_see_national_id(request.user, member) else member.national_id_plain()
    initial = member_to_raw(member)
    if locked:
        initial["national_id"] = member.national_id_masked
    form = MemberForm(request.POST or None, initial=initial, locked_national_id=locked)
    if request.method == "POST" and form.is_valid():
        try:
            services.member_update(member=member, data=form.member_input, actor=request.user)
        except SajjaError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The member's details were saved."))
            return redirect("member_detail", request.group.id, member.id)
    return render(request, "members/member_form.html", {"form": form, "member": member, "creating": False})


@group_view(Access.MANAGE)
@require_http_methods(["GET", "POST"])
def member_leave(request, member_id):
    """Leaving goes through the savings settlement (``savings.actions.leave_page``): the member's
    savings, deposits, loans and fines are settled in the same transaction as the status change."""
    from sajja.savings.actions import leave_page

    member = _member_or_404(request, member_id)
    member.group = request.group
    done_url = reverse("member_detail", args=[request.group.id, member.id])
    return leave_page(request, member, done_url=done_url, template="members/member_leave.html")


@group_view(Access.READ)
def member_export(request):
    members = selectors.member_list(request.user, request.group.id)
    response = HttpResponse(excel.export_members(request.user, members), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="members-{request.group.id}.xlsx"'
    return response


@group_view(Access.MANAGE)
def member_import_template(request):
    response = HttpResponse(excel.template_workbook(), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="sajja-members-template.xlsx"'
    return response


@group_view(Access.MANAGE)
@require_http_methods(["GET", "POST"])
def member_import(request):
    """Upload -> preview with every row's problems -> confirm. Nothing is written unless all rows
    are valid; the rows wait in the session between preview and confirm (a double confirm finds
    them gone and writes nothing twice)."""
    form = ImportForm(request.POST or None, request.FILES or None)
    context = {"form": form, "columns": excel.COLUMNS}
    if request.method == "POST" and form.is_valid():
        try:
            preview = excel.preview_upload(request.group, excel.require_xlsx(form.cleaned_data["file"]))
        except SajjaError as error:
            add_errors(form, error)
        else:
            if preview.valid:
                request.session[IMPORT_SESSION_KEY] = {"group": request.group.id, "rows": _jsonable(preview.ready)}
            context["preview"] = preview
    return render(request, "members/member_import.html", context)


def _jsonable(rows):
    """Rows as the session can store them: dates as ISO text, which ``parse_member`` reads back."""
    return [[n, {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in raw.items()}] for n, raw in rows]


@group_view(Access.MANAGE)
@require_POST
def member_import_confirm(request):
    pending = request.session.pop(IMPORT_SESSION_KEY, None)
    if not pending or pending["group"] != request.group.id:
        messages.warning(request, _("There is nothing waiting to be imported (it may have been imported already)."))
        return redirect("member_list", request.group.id)
    try:
        rows = [(n, parse_member(raw)) for n, raw in pending["rows"]]
        created = services.members_import(group=request.group, rows=rows, actor=request.user)
    except SajjaError as error:
        messages.error(request, str(error))
        return redirect("member_import", request.group.id)
    messages.success(request, _("%(count)d members were imported.") % {"count": len(created)})
    return redirect("member_list", request.group.id)


@group_view(Access.SELF)
def household_list(request):
    if request.access == Access.SELF:
        households = list(selectors.household_list(request.user, request.group.id))
        if len(households) == 1:
            return redirect("household_detail", request.group.id, households[0].id)
    households = selectors.household_list(request.user, request.group.id).annotate(
        active_members=Count("members", filter=Q(members__status=Member.Status.ACTIVE))
    )
    page = Paginator(households, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "members/household_list.html", {"page": page})


@group_view(Access.SELF)
def household_detail(request, household_id):
    household = _household_or_404(request, household_id)
    members = selectors.household_members(request.user, household)
    return render(
        request,
        "members/household_detail.html",
        {"household": household, "members": members, "can_manage": tenancy.can_manage(request.user, request.group.id)},
    )


@group_view(Access.MANAGE)
@require_http_methods(["GET", "POST"])
def household_create(request):
    return _household_form(request, None)


@group_view(Access.MANAGE)
@require_http_methods(["GET", "POST"])
def household_edit(request, household_id):
    return _household_form(request, _household_or_404(request, household_id))


def _household_form(request, household):
    initial = (
        {"house_number": household.house_number, "address": household.address, "note": household.note}
        if household
        else {}
    )
    form = HouseholdForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            household = services.household_save(
                group=request.group, household=household, actor=request.user, **form.household_input
            )
        except SajjaError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The household was saved."))
            return redirect("household_detail", request.group.id, household.id)
    return render(request, "members/household_form.html", {"form": form, "household": household})
