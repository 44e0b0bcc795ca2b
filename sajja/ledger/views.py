"""Pages of the books: the trial balance with a plain-language summary, one account's ledger,
and the journal. Reads only; posting happens through the money features' services."""

import datetime as dt

from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from sajja.core import tables as tables_module
from sajja.core.errors import SajjaError
from sajja.core.fields import parse_date_input
from sajja.core.pdf import pdf_response
from sajja.core.tenancy import Access, group_view, today
from sajja.core.thai import format_date

from . import reports, selectors
from .models import Account, JournalEntry

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _date_param(request, name: str, default: dt.date) -> tuple[dt.date, str | None]:
    raw = request.GET.get(name, "").strip()
    if not raw:
        return default, None
    try:
        return parse_date_input(raw, field=name), None
    except SajjaError as error:
        return default, str(error)


def _printed(request, title: str, period: str, tables) -> HttpResponse | None:
    """``?format=pdf`` or ``?format=xlsx``: the same figures as the page, as a document."""
    kind = request.GET.get("format")
    if kind not in ("pdf", "xlsx"):
        return None
    heading = [request.group.name, f"{title} · {period}"]
    filename = f"{request.resolver_match.url_name}-{request.group.id}.{kind}"
    if kind == "xlsx":
        response = HttpResponse(tables_module.to_xlsx(heading, tables), content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
    seal = _("Latest seal of the books (compare it with the figure read out at the meeting):")
    context = {"heading": heading, "tables": tables, "seal": f"{seal} {selectors.status(request.group.id).head_hash}"}
    return pdf_response("pdf/tables.html", context, filename, request)


@group_view(Access.SUMMARY)
def books(request):
    """Trial balance as of a date, and where the group's money is, in plain words."""
    through, error = _date_param(request, "through", today())
    rows = selectors.balances(request.group.id, through=through)
    trial = selectors.trial_balance_from(rows)
    if printed := _printed(
        request, _("Trial balance"), format_date(through, "long"), [reports.trial_balance_table(trial)]
    ):
        return printed
    roles = selectors.role_map(request.group.id)
    context = {
        "through": through,
        "date_error": error,
        "trial": trial,
        "summary": selectors.money_summary(rows, roles),
        "cash_account_id": roles.get("cash"),
        "status": selectors.status(request.group.id),
        "can_read_details": request.access >= Access.READ,
    }
    return render(request, "ledger/books.html", context)


@group_view(Access.READ)
def account_ledger(request, account_id):
    through, error_to = _date_param(request, "through", today())
    since, error_from = _date_param(request, "since", through.replace(month=1, day=1))
    try:
        ledger = selectors.account_ledger(request.group.id, account_id, since=since, through=through)
    except Account.DoesNotExist:
        raise Http404 from None
    period = f"{format_date(since, 'long')} – {format_date(through, 'long')}"
    if printed := _printed(request, _("General ledger"), period, [reports.account_ledger_table(ledger)]):
        return printed
    context = {**ledger, "since": since, "through": through, "date_error": error_from or error_to}
    return render(request, "ledger/account_ledger.html", context)


@group_view(Access.SUMMARY)
def receipts_payments(request):
    """Receipts and payments of a period (default: this month so far), as read out at the meeting."""
    through, error_to = _date_param(request, "through", today())
    since, error_from = _date_param(request, "since", through.replace(day=1))
    rp = selectors.receipts_and_payments(request.group.id, since=since, through=through)
    period = f"{format_date(since, 'long')} – {format_date(through, 'long')}"
    tables = reports.receipts_payments_tables(rp)
    if printed := _printed(request, _("Receipts and payments"), period, tables):
        return printed
    context = {"rp": rp, "tables": tables, "since": since, "through": through, "date_error": error_from or error_to}
    return render(request, "ledger/receipts_payments.html", context)


@group_view(Access.READ)
def journal(request):
    entries = (
        JournalEntry.objects.filter(group=request.group)
        .select_related("reverses", "created_by")
        .prefetch_related("lines__account")
        .order_by("-seq")
    )
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    return render(request, "ledger/journal.html", {"page": page})


def _statements_context(request) -> dict:
    through, error_to = _date_param(request, "through", today())
    since, error_from = _date_param(request, "since", selectors.fiscal_year_start(request.group, through))
    return {
        "group": request.group,
        "since": since,
        "through": through,
        "date_error": error_from or error_to,
        "income": selectors.income_statement(request.group.id, since=since, through=through),
        "sheet": selectors.balance_sheet(request.group.id, through=through),
        "status": selectors.status(request.group.id),
    }


@group_view(Access.SUMMARY)
def statements(request):
    """Income statement for a period and balance sheet at its end (default: this fiscal year)."""
    return render(request, "ledger/statements.html", _statements_context(request))


@group_view(Access.SUMMARY)
def statements_pdf(request):
    context = _statements_context(request)
    return pdf_response("ledger/statements_pdf.html", context, f"statements-{request.group.id}.pdf", request)


@group_view(Access.SUMMARY)
def statements_xlsx(request):
    context = _statements_context(request)
    heading = [
        request.group.name,
        f"{format_date(context['since'], 'long')} – {format_date(context['through'], 'long')}",
    ]
    tables = reports.statements_tables(context["income"], context["sheet"])
    response = HttpResponse(tables_module.to_xlsx(heading, tables), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="statements-{request.group.id}.xlsx"'
    return response
