"""The statements as an Excel workbook: amounts as numbers in baht (two decimals), Thai labels."""

import io
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Font

from sajja.core.thai import format_date

MONEY = "#,##0.00"


def _baht(satang: int) -> Decimal:
    return Decimal(satang) / 100


def _section(ws, title: str, rows: list[dict]) -> None:
    ws.append([title])
    ws.cell(ws.max_row, 1).font = Font(bold=True)
    for r in rows:
        ws.append([r["account"].code, r["account"].name_th, _baht(r["amount"])])
        ws.cell(ws.max_row, 3).number_format = MONEY


def _total(ws, label: str, satang: int) -> None:
    ws.append(["", label, _baht(satang)])
    ws.cell(ws.max_row, 2).font = ws.cell(ws.max_row, 3).font = Font(bold=True)
    ws.cell(ws.max_row, 3).number_format = MONEY


def statements_workbook(context: dict) -> bytes:
    group, income, sheet = context["group"], context["income"], context["sheet"]
    wb = Workbook()
    ws = wb.active
    ws.title = "งบกำไรขาดทุน"
    ws.append([group.name])
    ws.append([f"งบกำไรขาดทุน {format_date(context['since'], 'long')} – {format_date(context['through'], 'long')}"])
    _section(ws, "รายได้", income["income"])
    _total(ws, "รวมรายได้", income["income_total"])
    _section(ws, "ค่าใช้จ่าย", income["expenses"])
    _total(ws, "รวมค่าใช้จ่าย", income["expense_total"])
    _total(ws, "กำไรสุทธิ", income["net_profit"])
    bs = wb.create_sheet("งบดุล")
    bs.append([group.name])
    bs.append([f"งบดุล ณ วันที่ {format_date(context['through'], 'long')}"])
    _section(bs, "สินทรัพย์", sheet["assets"])
    _total(bs, "รวมสินทรัพย์", sheet["asset_total"])
    _section(bs, "หนี้สิน (เงินของสมาชิก)", sheet["liabilities"])
    _section(bs, "ทุนและกองทุน", sheet["equity"])
    _total(bs, "กำไรที่ยังไม่ได้จัดสรร", sheet["profit"])
    _total(bs, "รวมหนี้สินและทุน", sheet["claims_total"])
    for sheet_ in (ws, bs):
        sheet_.column_dimensions["A"].width = 10
        sheet_.column_dimensions["B"].width = 40
        sheet_.column_dimensions["C"].width = 18
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
