"""Pages of the books: the trial balance with a plain-language summary, one account's ledger,
and the journal. Reads only; posting happens through the money features' services."""

import datetime as dt

from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render

from sajja.core.errors import SajjaError
from sajja.core.fields import parse_date_input
from sajja.core.pdf import pdf_response
from sajja.core.tenancy import Access, group_view, today

from . import excel, selectors
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


@group_view(Access.SUMMARY)
def books(request):
    """Trial balance as of a date, and where the group's money is, in plain words."""
    through, error = _date_param(request, "through", today())
    rows = selectors.balances(request.group.id, through=through)
    trial = selectors.trial_balance_from(rows)
    context = {
        "through": through,
        "date_error": error,
        "trial": trial,
        "summary": selectors.money_summary(rows, selectors.role_map(request.group.id)),
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
    context = {**ledger, "since": since, "through": through, "date_error": error_from or error_to}
    return render(request, "ledger/account_ledger.html", context)


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
    response = HttpResponse(excel.statements_workbook(context), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="statements-{request.group.id}.xlsx"'
    return response
