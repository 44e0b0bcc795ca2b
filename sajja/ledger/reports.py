"""The books as printable tables (``sajja.core.tables``): trial balance, an account's ledger
(the cash book is the ledger of the cash account), and receipts and payments."""

from django.utils.translation import gettext as _

from sajja.core.tables import Table
from sajja.core.thai import format_date


def trial_balance_table(trial: dict) -> Table:
    rows = [
        [r["account"].code, r["account"].name_th, r["debit"] or None, r["credit"] or None]
        for r in trial["rows"]
        if r["debit"] or r["credit"]
    ]
    rows.append(["", _("Total"), trial["debit_total"], trial["credit_total"]])
    return Table(_("Trial balance"), [_("code"), _("account"), _("debit"), _("credit")], rows, {2, 3}, 1)


def account_ledger_table(ledger: dict) -> Table:
    account = ledger["account"]
    rows = [["", "", _("Brought forward"), None, None, ledger["opening"]]]
    for r in ledger["rows"]:
        memo = r["entry"].memo + (f" · {r['line'].memo}" if r["line"].memo else "")
        rows.append(
            [
                format_date(r["entry"].date),
                r["entry"].seq,
                memo,
                r["line"].debit or None,
                r["line"].credit or None,
                r["balance"],
            ]
        )
    rows.append(["", "", _("Balance"), None, None, ledger["closing"]])
    headers = [_("date"), _("No."), _("memo"), _("debit"), _("credit"), _("balance")]
    return Table(f"{account.code} {account.name_th}", headers, rows, {3, 4, 5}, 1)


def receipts_payments_tables(rp: dict) -> list[Table]:
    receipts = [[_("Brought forward (cash and bank)"), rp["opening"]]]
    receipts += [[f"{r['account'].code} {r['account'].name_th}", r["amount"]] for r in rp["receipts"]]
    receipts.append([_("Total received"), rp["received"]])
    payments = [[f"{r['account'].code} {r['account'].name_th}", r["amount"]] for r in rp["payments"]]
    payments.append([_("Total paid"), rp["paid"]])
    payments.append([_("Carried forward (cash and bank)"), rp["closing"]])
    return [
        Table(_("Receipts"), [_("item"), _("amount")], receipts, {1}, 1),
        Table(_("Payments"), [_("item"), _("amount")], payments, {1}, 2),
    ]


def _lines(rows: list[dict]) -> list[list]:
    return [[r["account"].code, r["account"].name_th, r["amount"]] for r in rows]


def statements_tables(income: dict, sheet: dict) -> list[Table]:
    """The income statement and the balance sheet, with their section headings and totals."""
    headers = [_("code"), _("account"), _("amount")]
    income_rows = [
        ["", _("Income"), None],
        *_lines(income["income"]),
        ["", _("Total income"), income["income_total"]],
        ["", _("Expenses"), None],
        *_lines(income["expenses"]),
        ["", _("Total expenses"), income["expense_total"]],
        ["", _("Net profit"), income["net_profit"]],
    ]
    sheet_rows = [
        ["", _("Assets"), None],
        *_lines(sheet["assets"]),
        ["", _("Total assets"), sheet["asset_total"]],
        ["", _("Liabilities (owed to members)"), None],
        *_lines(sheet["liabilities"]),
        ["", _("Funds"), None],
        *_lines(sheet["equity"]),
        ["", _("Profit not yet allocated"), sheet["profit"]],
        ["", _("Total liabilities and funds"), sheet["claims_total"]],
    ]
    return [
        Table(_("Income statement"), headers, income_rows, {2}, 1),
        Table(_("Balance sheet"), headers, sheet_rows, {2}, 1),
    ]
