"""Savings books as printable tables (``sajja.core.tables``): the pledge register and the members
behind on their pledge, for Excel (and the members behind also for the PDF of ``pdf/tables.html``)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from sajja.core.tables import Table

from . import domain

# Each cell of the register: a symbol, a colour and a word (the legend), never the colour alone.
# The PDF prints the symbols with Sarabun and falls back to DejaVu Sans (fonts-dejavu-core, which
# fontconfig pulls in) for ✓ ✗ ○, which Sarabun lacks.
STATUSES = {
    domain.PAID: ("✓", "success", _lazy("paid")),
    domain.LATE: ("!", "warning", _lazy("paid late")),
    domain.MISSED: ("✗", "danger", _lazy("missed")),
    domain.DUE: ("○", "primary", _lazy("due now")),
    domain.UPCOMING: ("·", "secondary", _lazy("upcoming")),
    domain.NOT_MEMBER: ("—", "light", _lazy("not a member")),
    domain.NO_PLEDGE: ("?", "info", _lazy("no pledge set")),
}


def register_tables(register, months: list[str]) -> list[Table]:
    """Two sheets: the amounts paid a month (numbers a treasurer can add up), and each cell's
    status in words (paid, paid late, missed, ...)."""
    headers = [_("No."), _("name"), *months]
    amounts = [
        [row.member.number, row.member.full_name, *[c["amount"] or None for c in row.cells], row.paid_total, row.missed]
        for row in register.rows
    ]
    amounts.append(["", _("Total"), *register.month_totals, register.total, sum(r.missed for r in register.rows)])
    money = set(range(2, 2 + len(months) + 1))
    statuses = [
        [
            row.member.number,
            row.member.full_name,
            *[f"{STATUSES[c['status']][0]} {STATUSES[c['status']][2]}" for c in row.cells],
        ]
        for row in register.rows
    ]
    return [
        Table(_("Pledge register"), [*headers, _("paid"), _("periods missed")], amounts, money, 1),
        Table(_("Status of each period"), headers, statuses, set(), 0),
    ]


def behind_table(rows: list[dict]) -> Table:
    body = [
        [r["member"].number, r["member"].full_name, ", ".join(r["months"]), r["count"], r["amount"], r["fines"] or None]
        for r in rows
    ]
    body.append(
        [
            "",
            _("Total"),
            "",
            sum(r["count"] for r in rows),
            sum(r["amount"] for r in rows),
            sum(r["fines"] for r in rows),
        ]
    )
    headers = [_("No."), _("name"), _("months missed"), _("periods"), _("amount behind"), _("unpaid fines")]
    return Table(_("Members behind on their pledge"), headers, body, {4, 5}, 1)
