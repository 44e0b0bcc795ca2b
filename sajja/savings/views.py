"""Savings pages that read: a member's savings, their passbook (สมุดคู่ฝาก), the pledge register
(members × the twelve months of a fiscal year) and the members behind on their pledge.

Thin: tenancy through ``group_view`` (a member who is only a member sees their own record, any
other member is 404, as on the member pages), figures from ``selectors``, printed forms from
``reports`` (Excel through ``core.tables``) and ``core.pdf``. The writing pages (pledge, fines,
deposits, leaving) live in ``action_urls``; the links to them are built only when their URL
names exist, so this module does not depend on them.

A fiscal year is named by the year in which it begins (``?year=2569`` or ``?year=2026``): with the
usual year from 1 January the two readings agree; for a year from 1 April, "2569" is 1 April 2569 –
31 March 2570. The pages always print the first and last day so nobody has to guess.
"""

import datetime as dt

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sajja.bylaws.selectors import bylaw_book
from sajja.core.money import format_baht
from sajja.core.pdf import pdf_response
from sajja.core.tenancy import Access, group_view, today
from sajja.core.thai import DateInputError, be_year, format_date, normalize_digits, year_to_ce
from sajja.ledger import selectors as ledger_selectors
from sajja.ledger.views import _printed
from sajja.members.models import Member
from sajja.members.selectors import member_get

from . import domain, reports, selectors
from .models import DepositAccount, PledgeAmount
from .reports import STATUSES

REGISTER_PAGE_SIZE = 100
REGISTER_PDF_ROWS = 28  # members a landscape A4 page of the printed register holds

SECTION_TITLES = {
    "pledge": gettext_lazy("Pledge savings"),
    "deposits": gettext_lazy("Savings deposit"),
    "fixed_deposits": gettext_lazy("Fixed deposit"),
    "fines_receivable": gettext_lazy("Fines"),
}


def _url(name: str, *args) -> str | None:
    """The URL of a page another part of the app may or may not provide yet; None when it does not."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def _member_or_404(request, member_id) -> Member:
    try:
        return member_get(request.user, request.group.id, member_id)
    except Member.DoesNotExist:
        raise Http404 from None


def _decorate(cells: list[dict]) -> None:
    for cell in cells:
        cell["symbol"], cell["css"], cell["label"] = STATUSES[cell["status"]]


def legend() -> list[dict]:
    return [{"status": s, "symbol": sym, "css": css, "label": label} for s, (sym, css, label) in STATUSES.items()]


# --- fiscal years -------------------------------------------------------------------------------


def _fiscal_year(request) -> tuple[dt.date, str | None]:
    """The first day of the fiscal year asked for (``?year=``, B.E. or C.E.), default the current one."""
    current = ledger_selectors.fiscal_year_start(request.group, today())
    raw = normalize_digits(request.GET.get("year", "")).strip()
    if not raw:
        return current, None
    try:
        year = year_to_ce(int(raw))
    except (ValueError, DateInputError):
        return current, _("Give the fiscal year as a four-digit year, for example %(year)s.") % {
            "year": be_year(current.year)
        }
    return current.replace(year=year), None


def _year_end(start: dt.date) -> dt.date:
    return start.replace(year=start.year + 1) - dt.timedelta(days=1)


def _year_choices(group, current: dt.date) -> list[dict]:
    """The fiscal years to pick from: from the group's founding to the next year, newest first."""
    first = ledger_selectors.fiscal_year_start(group, group.founded_on).year
    choices = []
    for year in range(current.year + 1, first - 1, -1):
        start = current.replace(year=year)
        since, through = format_date(start, "medium"), format_date(_year_end(start), "medium")
        choices.append({"value": be_year(year), "label": f"{be_year(year)} ({since} – {through})"})
    return choices


def _period_text(start: dt.date) -> str:
    return _("fiscal year %(year)s (%(since)s – %(through)s)") % {
        "year": be_year(start.year),
        "since": format_date(start, "long"),
        "through": format_date(_year_end(start), "long"),
    }


# --- a member's savings -------------------------------------------------------------------------


def _member_year(member: Member, day: dt.date) -> list[dict]:
    """The member's twelve pledge periods of the fiscal year containing ``day``: status, pledge, paid on."""
    group = member.group
    periods = domain.fiscal_periods(selectors.fiscal_first_period(group, day))
    history = selectors.pledge_histories(group.id, [member.id]).get(member.id, [])
    paid = selectors.paid_periods(group.id, [member.id], since=periods[0], until=periods[-1])[member.id]
    book = bylaw_book(group.id)
    rows = []
    for period in periods:
        status = selectors.status_of(member, period, group=group, book=book, history=history, paid=paid, today=day)
        rows.append(
            {
                "period": period,
                "status": status,
                "pledge": domain.pledge_for(history, period),
                "paid_on": paid.get(period),
                "due": domain.due_date(period, group.meeting_day, book.value("pledge.grace_days", period)),
            }
        )
    _decorate(rows)
    return rows


def _actions(group_id: int, member: Member) -> list[dict]:
    """Links to the writing pages that exist, for those who manage the group."""
    if member.status != Member.Status.ACTIVE:
        return []
    wanted = [
        ("savings_pledge_pay", gettext_lazy("Receive the pledge")),
        ("savings_pledge_set", gettext_lazy("Set or change the pledge")),
        ("savings_fines_pay", gettext_lazy("Receive fines")),
        ("savings_entry_fee", gettext_lazy("Receive the entry fee")),
        ("savings_deposit_open", gettext_lazy("Open a deposit account")),
        ("savings_pledge_withdraw", gettext_lazy("Withdraw pledge savings")),
        ("savings_leave", gettext_lazy("Leave the group and settle")),
    ]
    links = [{"url": _url(name, group_id, member.id), "label": label, "name": name} for name, label in wanted]
    return [link for link in links if link["url"]]


@group_view(Access.SELF)
def member_savings(request, member_id):
    """One member's savings: balances from the ledger, the pledge and its history, this fiscal
    year's twelve periods, open fines and deposit accounts."""
    member = _member_or_404(request, member_id)
    group, day = request.group, today()
    member.group = group
    money = selectors.member_money(group.id, [member.id]).get(member.id, selectors.MemberMoney())
    history = list(PledgeAmount.objects.filter(member=member).order_by("-effective_from"))
    current_pledge = domain.pledge_for([(p.effective_from, p.amount) for p in reversed(history)], day)
    year = _member_year(member, day)
    can_manage = request.access >= Access.MANAGE
    fines = selectors.open_fines(member)
    accounts = list(DepositAccount.objects.filter(member=member).order_by("product"))
    for account in accounts:
        account.member = member
        account.balance = money.savings if account.product == DepositAccount.Product.SAVINGS else money.fixed
        account.deposit_url = (
            can_manage and not account.closed_on and _url("savings_deposit", group.id, member.id, account.id)
        )
        account.withdraw_url = (
            can_manage and not account.closed_on and _url("savings_withdraw", group.id, member.id, account.id)
        )
    for fine in fines:
        fine.waive_url = can_manage and _url("savings_fine_waive", group.id, member.id, fine.id)
    year_start = selectors.fiscal_first_period(group, day)
    context = {
        "member": member,
        "money": money,
        "history": history,
        "current_pledge": current_pledge,
        "year": year,
        "year_paid": sum(r["pledge"] for r in year if r["status"] in (domain.PAID, domain.LATE)),
        "year_text": _period_text(ledger_selectors.fiscal_year_start(group, day)),
        "year_value": be_year(year_start.year),
        "fines": fines,
        "fines_total": sum(f.amount for f in fines),
        "accounts": accounts,
        "actions": _actions(group.id, member) if can_manage else [],
        "legend": legend(),
        "today": day,
    }
    return render(request, "savings/member_savings.html", context)


# --- the passbook -------------------------------------------------------------------------------


def _passbook_sections(member: Member) -> list[dict]:
    numbers = {}
    for account in DepositAccount.objects.filter(member=member):
        account.member = member
        numbers[selectors.PRODUCT_ROLE[account.product]] = account.number
    sections = []
    for section in selectors.passbook(member):
        owed = section.role == "fines_receivable"
        for row in section.rows:  # the printed passbook shows plain figures under a baht heading
            row.update({f"{k}_text": format_baht(row[k], unit=False) for k in ("in", "out", "balance")})
        sections.append(
            {
                "role": section.role,
                "title": SECTION_TITLES[section.role],
                "number": numbers.get(section.role, ""),
                "rows": section.rows,
                "balance": section.balance,
                "balance_text": format_baht(section.balance, unit=False),
                "in_label": _("charged") if owed else _("money in"),
                "out_label": _("paid or waived") if owed else _("money out"),
                "balance_label": _("still owed") if owed else _("balance"),
            }
        )
    return sections


@group_view(Access.SELF)
def passbook(request, member_id):
    """The member's passbook: one section an account, each line dated in the Buddhist Era with
    money in, money out and the balance. ``?format=pdf`` prints it."""
    member = _member_or_404(request, member_id)
    context = {"member": member, "sections": _passbook_sections(member), "today": today(), "group": request.group}
    if request.GET.get("format") == "pdf":
        context["status"] = ledger_selectors.status(request.group.id)
        filename = f"passbook-{request.group.id}-{member.number}.pdf"
        return pdf_response("savings/passbook_pdf.html", context, filename, request)
    return render(request, "savings/passbook.html", context)


# --- the pledge register ------------------------------------------------------------------------


@group_view(Access.READ)
def pledge_register(request):
    """Members × the twelve months of a fiscal year. Query count does not depend on the members:
    the selector reads everything in a few queries and the page shows 100 members at a time (the
    totals are of all members); the PDF and Excel carry every member."""
    year_start, error = _fiscal_year(request)
    register = selectors.pledge_register(request.group, year_start=year_start, today=today())
    months = [format_date(p, "month") for p in register.periods]
    period_text = _period_text(year_start)
    if request.GET.get("format") == "xlsx":
        return _printed(request, _("Pledge register"), period_text, reports.register_tables(register, months))
    counts = {status: 0 for status in STATUSES}
    for row in register.rows:
        for cell in row.cells:
            counts[cell["status"]] += 1
    context = {
        "register": register,
        "months": months,
        "year_text": period_text,
        "year_value": be_year(year_start.year),
        "year_error": error,
        "legend": [{**item, "count": counts[item["status"]]} for item in legend()],
        "missed_total": sum(row.missed for row in register.rows),
        "month_totals": [format_baht(t, unit=False) for t in register.month_totals],
        "total_text": format_baht(register.total, unit=False),
    }
    if request.GET.get("format") == "pdf":
        for row in register.rows:
            _decorate(row.cells)
            row.paid_total_text = format_baht(row.paid_total, unit=False)
        rows, size = register.rows, REGISTER_PDF_ROWS
        context["chunks"] = [rows[i : i + size] for i in range(0, len(rows), size)]
        context["status"] = ledger_selectors.status(request.group.id)
        context["group"] = request.group
        return pdf_response("savings/register_pdf.html", context, f"pledge-register-{request.group.id}.pdf", request)
    page = Paginator(register.rows, REGISTER_PAGE_SIZE).get_page(request.GET.get("page"))
    for row in page.object_list:
        _decorate(row.cells)
        row.paid_total_text = format_baht(row.paid_total, unit=False)
    context.update(
        page=page,
        years=_year_choices(request.group, ledger_selectors.fiscal_year_start(request.group, today())),
    )
    return render(request, "savings/register.html", context)


# --- members behind -----------------------------------------------------------------------------


@group_view(Access.READ)
def members_behind(request):
    """Active members with pledge periods unpaid past their due date, most periods first."""
    day = today()
    behind = selectors.members_behind(request.group, today=day)
    rows = [
        {
            "member": b.member,
            "months": [format_date(p, "month") for p in b.periods],
            "count": len(b.periods),
            "amount": b.amount,
            "fines": b.fines,
        }
        for b in behind
    ]
    if printed := _printed(
        request, _("Members behind on their pledge"), format_date(day, "long"), [reports.behind_table(rows)]
    ):
        return printed
    context = {
        "rows": rows,
        "today": day,
        "amount_total": sum(r["amount"] for r in rows),
        "fines_total": sum(r["fines"] for r in rows),
        "count_total": sum(r["count"] for r in rows),
    }
    return render(request, "savings/behind.html", context)
