"""Loan books as printable tables (``sajja.core.tables``): the loan register (ทะเบียนลูกหนี้) for the
PDF of ``pdf/tables.html`` and for Excel."""

from django.utils.translation import gettext as _

from sajja.core.tables import Table
from sajja.core.thai import format_date


def register_table(rows: list[dict]) -> Table:
    """One line a loan (``views.register_rows``), then the totals; money columns in satang."""
    body = [
        [
            r["loan"].number,
            r["member"].number,
            r["member"].full_name,
            r["kind"],
            format_date(r["loan"].disbursed_on),
            r["loan"].principal,
            r["rate"],
            r["outstanding"],
            r["days_overdue"] or None,
            r["status"],
            r["written_off"] or None,
        ]
        for r in rows
    ]
    body.append(
        [
            "",
            "",
            _("Total"),
            "",
            "",
            sum(r["loan"].principal for r in rows),
            "",
            sum(r["outstanding"] for r in rows),
            None,
            "",
            sum(r["written_off"] for r in rows),
        ]
    )
    headers = [
        _("loan"),
        _("No."),
        _("name"),
        _("kind of loan"),
        _("paid out on"),
        _("amount lent"),
        _("interest a month"),
        _("principal owed"),
        _("days overdue"),
        _("status"),
        _("written off"),
    ]
    return Table(_("Loan register"), headers, body, {5, 7, 10}, 1)
