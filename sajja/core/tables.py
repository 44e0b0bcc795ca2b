"""One shape for a printed book or statement, written out as a PDF or an Excel workbook.

A ``Table`` has headers and rows; money columns hold integer satang and are shown as baht with
satang (PDF) or as numbers with two decimals (Excel, so a treasurer can add them up)."""

import io
from dataclasses import dataclass, field
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Font

from .money import format_baht


@dataclass
class Table:
    title: str
    headers: list[str]
    rows: list[list]
    money: set[int] = field(default_factory=set)  # indices of money columns
    total_rows: int = 0  # how many rows at the end are totals (bold)

    def cells(self) -> list[list[dict]]:
        """Rows ready for a template: text, whether money, whether a total row."""
        first_total = len(self.rows) - self.total_rows
        return [
            [
                {
                    "text": format_baht(v, unit=False)
                    if i in self.money and v is not None
                    else (v if v is not None else ""),
                    "money": i in self.money,
                    "total": n >= first_total,
                }
                for i, v in enumerate(row)
            ]
            for n, row in enumerate(self.rows)
        ]


def to_xlsx(heading: list[str], tables: list[Table]) -> bytes:
    wb = Workbook()
    wb.remove(wb.active)
    for table in tables:
        ws = wb.create_sheet(table.title[:31])
        for line in heading + [table.title]:
            ws.append([line])
        ws.append(table.headers)
        # ws.max_row rescans the sheet on every call: count the rows ourselves (1,000 rows went from
        # seconds to milliseconds).
        row_number = ws.max_row
        for cell in ws[row_number]:
            cell.font = Font(bold=True)
        first_total = len(table.rows) - table.total_rows
        for n, row in enumerate(table.rows):
            ws.append([Decimal(v) / 100 if i in table.money and v is not None else v for i, v in enumerate(row)])
            row_number += 1
            for i in table.money:
                ws.cell(row_number, i + 1).number_format = "#,##0.00"
            if n >= first_total:
                for cell in ws[row_number]:
                    cell.font = Font(bold=True)
        for i in range(len(table.headers)):
            ws.column_dimensions[chr(ord("A") + i)].width = 16 if i in table.money else 36
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
