"""Members in and out of Excel (.xlsx): the import template, reading an upload, the export.

Import rules: the first row holds exactly the template's Thai headers (in any order; the English
hint in brackets is optional); one member a row from the second row on; an empty row between
members is refused (it usually means a row was deleted by mistake or data is split); any cell holding
a formula is refused (we store values, and a formula's result is not in the file when it was never
opened in Excel). Numbers typed as numbers (member number, national ID, phone) are read as text
without a float in between; Excel dates are read as dates.
"""

import datetime as dt
import io
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils.exceptions import InvalidFileException

from sajja.core import tenancy
from sajja.core.errors import SajjaError, fmt
from sajja.core.natid import format_national_id
from sajja.core.thai import format_date

# (Thai header, field, English hint, example)
COLUMNS = [
    ("เลขที่สมาชิก", "number", "member number", "151"),
    ("คำนำหน้า", "title", "title", "นาง"),
    ("ชื่อ", "first_name", "first name", "สมศรี"),
    ("นามสกุล", "last_name", "last name", "ใจดี"),
    ("เลขประจำตัวประชาชน", "national_id", "national ID", "3650500123453"),
    ("วันเกิด", "birth_date", "birth date", "05/03/2512"),
    ("เพศ", "sex", "sex", "หญิง"),
    ("วันที่เข้าเป็นสมาชิก", "joined_on", "joined on", "01/01/2569"),
    ("โทรศัพท์", "phone", "phone", "0812345678"),
    ("ไลน์ไอดี", "line_id", "LINE ID", ""),
    ("ที่อยู่", "address", "address", "12 หมู่ 2 ต.บ้านดง"),
    ("บ้านเลขที่", "house_number", "house number", "12"),
    ("ผู้รับผลประโยชน์", "beneficiary_name", "beneficiary", "นายสมชาย ใจดี"),
    ("ความสัมพันธ์กับผู้รับผลประโยชน์", "beneficiary_relationship", "relationship", "สามี"),
]
REQUIRED_FIELDS = {"number", "title", "first_name", "last_name", "national_id", "birth_date", "sex", "joined_on"}
HEADER_TO_FIELD = {thai: key for thai, key, _en, _ex in COLUMNS}
MAX_ROWS = 20_000


def _header(thai: str, english: str) -> str:
    return f"{thai} ({english})"


def _normalize_header(text) -> str:
    """``"ชื่อ (first name)"`` and ``"ชื่อ"`` are the same header."""
    text = str(text or "").strip()
    return text.split("(")[0].strip()


def template_workbook() -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "สมาชิก"
    ws.append([_header(thai, en) for thai, _k, en, _ex in COLUMNS])
    ws.append([ex for *_rest, ex in COLUMNS])
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEEDD")
    for column in ws.columns:
        ws.column_dimensions[column[0].column_letter].width = 22
    notes = wb.create_sheet("คำอธิบาย")
    for line in (
        "กรอกสมาชิกหนึ่งคนต่อหนึ่งแถว เริ่มแถวที่ 2 (ลบแถวตัวอย่างก่อนนำเข้า)",
        "วันที่ให้กรอกเป็น วัน/เดือน/ปี พ.ศ. เช่น 05/03/2512 (ปี ค.ศ. ก็ได้ เช่น 05/03/1969)",
        "ห้ามเว้นแถวว่างระหว่างสมาชิก และห้ามใช้สูตร",
        "One member per row from row 2 (delete the example row). Dates: day/month/year, B.E. or C.E.",
    ):
        notes.append([line])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


@dataclass
class Upload:
    rows: list[tuple[int, dict]] = field(default_factory=list)
    errors: list = field(default_factory=list)  # file-level problems (messages)
    row_errors: dict[int, dict] = field(default_factory=dict)  # row -> field -> messages


def _cell_value(cell, key: str):
    value = cell.value
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # Excel stores every number as a float; a number or ID typed as a number is whole
    if isinstance(value, int):
        text = str(value)
        if key == "phone" and 8 <= len(text) <= 9:
            text = "0" + text  # a phone typed as a number lost its leading 0 (081... became 81...)
        return text
    if isinstance(value, float):
        return str(value)
    return value


def read_upload(content: bytes) -> Upload:
    """Read an uploaded workbook into raw rows (strings/dates) and every problem found in it."""
    upload = Upload()
    try:
        wb = load_workbook(io.BytesIO(content), data_only=False, read_only=True)
    except (InvalidFileException, KeyError, OSError, ValueError, Exception):  # noqa: BLE001 - any unreadable file
        upload.errors.append(_("This file is not an Excel workbook (.xlsx). Download the template and use it."))
        return upload
    ws = wb.worksheets[0]
    rows = ws.iter_rows()
    header_cells = next(rows, None)
    headers = [_normalize_header(c.value) for c in header_cells or []]
    while headers and not headers[-1]:
        headers.pop()
    unknown = [h for h in headers if h and h not in HEADER_TO_FIELD]
    missing = [thai for thai, key, _e, _x in COLUMNS if key in REQUIRED_FIELDS and thai not in headers]
    if unknown or missing or len(set(headers)) != len(headers):
        message = _("The first row must hold the template's headers.")
        if missing:
            message = fmt(
                _("The first row must hold the template's headers. Missing: %(missing)s."), missing=", ".join(missing)
            )
        if unknown:
            upload.errors.append(fmt(_("Unknown column: %(names)s."), names=", ".join(unknown)))
        upload.errors.append(message)
        return upload
    keys = [HEADER_TO_FIELD.get(h) for h in headers]
    pending_empty: list[int] = []
    for row_number, cells in enumerate(rows, start=2):
        if row_number > MAX_ROWS + 1:
            upload.errors.append(fmt(_("The file has more than %(max)d rows."), max=MAX_ROWS))
            break
        raw, problems = {}, {}
        for key, cell in zip(keys, cells, strict=False):
            if key is None:
                continue
            if cell.data_type == "f" or (isinstance(cell.value, str) and cell.value.startswith("=")):
                problems.setdefault(key, []).append(_("A formula is not accepted; type the value itself."))
                continue
            raw[key] = _cell_value(cell, key)
        if all(v in (None, "") for v in raw.values()) and not problems:
            pending_empty.append(row_number)
            continue
        for empty in pending_empty:  # an empty row followed by more members
            upload.row_errors[empty] = {"": [_("This row is empty. Delete it or fill it in.")]}
        pending_empty = []
        if problems:
            upload.row_errors[row_number] = problems
        upload.rows.append((row_number, raw))
    wb.close()
    if not upload.rows and not upload.errors:
        upload.errors.append(_("The file has no members in it."))
    return upload


@dataclass
class Preview:
    """What the import page shows: every row with its problems, and the rows ready to write."""

    rows: list[dict]  # {"row": n, "raw": {...}, "errors": {field: [messages]}}
    file_errors: list
    ready: list[tuple[int, dict]]  # (row, raw) when every row is valid, else empty

    @property
    def valid(self) -> bool:
        return bool(self.ready)

    @property
    def error_count(self) -> int:
        return sum(1 for row in self.rows if row["errors"])


def preview_upload(group, content: bytes) -> Preview:
    """Read the file, parse every row and check every row against the group; write nothing."""
    from .services import check_import_rows

    upload = read_upload(content)
    _parsed, problems = check_import_rows(group, upload.rows)
    rows = {n: {"row": n, "raw": raw, "errors": {}} for n, raw in upload.rows}
    for n, errors in [*upload.row_errors.items(), *problems.items()]:
        entry = rows.setdefault(n, {"row": n, "raw": {}, "errors": {}})
        for field_name, messages in errors.items():
            entry["errors"].setdefault(field_name, []).extend(messages)
    ordered = [rows[n] for n in sorted(rows)]
    valid = not upload.errors and not any(row["errors"] for row in ordered)
    return Preview(rows=ordered, file_errors=upload.errors, ready=upload.rows if valid else [])


def _safe(value):
    """Text that a spreadsheet would run as a formula gets a leading apostrophe (CSV/XLSX injection)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def export_members(user, members) -> bytes:
    """The member register as a workbook; national IDs and contacts only where the user may see them."""
    wb = Workbook()
    ws = wb.active
    ws.title = "ทะเบียนสมาชิก"
    ws.append([_header(thai, en) for thai, _k, en, _ex in COLUMNS] + ["สถานะ (status)"])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for m in members:
        contact = tenancy.can_see_contact(user, m)
        national_id = (
            format_national_id(m.national_id_plain()) if tenancy.can_see_national_id(user, m) else m.national_id_masked
        )
        row = [
            m.number,
            m.title,
            m.first_name,
            m.last_name,
            national_id,
            format_date(m.birth_date),
            str(m.get_sex_display()),
            format_date(m.joined_on),
            m.phone if contact else "",
            m.line_id if contact else "",
            m.address if contact else "",
            m.household.house_number if m.household_id else "",
            m.beneficiary_name,
            m.beneficiary_relationship,
            str(m.get_status_display()),
        ]
        ws.append([_safe(v) for v in row])
    for column in ws.columns:
        ws.column_dimensions[column[0].column_letter].width = 20
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def require_xlsx(upload_file) -> bytes:
    if upload_file.size > 5 * 1024 * 1024:
        raise SajjaError(_("The file is larger than 5 MB."), field="file")
    return upload_file.read()
