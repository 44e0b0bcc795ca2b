"""Members in and out of Excel: the template, reading uploads, the import pages and the export."""

import datetime as dt
import io
import re

import pytest
from django.contrib.messages import constants as message_levels
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from sajja.core import testing as t
from sajja.core.errors import ValidationErrors
from sajja.core.natid import format_national_id
from sajja.members import excel
from sajja.members.inputs import MemberInput, parse_member
from sajja.members.models import Member
from sajja.members.views import IMPORT_SESSION_KEY, XLSX

SEED = 710_000
HEADERS = [thai for thai, *_rest in excel.COLUMNS]


def people(count: int = 3, start: int = 0) -> list[dict]:
    """Rows as a treasurer types them: text in every cell, B.E. dates."""
    return [
        {
            "number": str(800_000 + start + i),
            "title": ["นาง", "นาย", "นางสาว"][i % 3],
            "first_name": ["บัวแก้ว", "สมชาย", "ดวงใจ", "ทองคำ", "มณี"][i % 5],
            "last_name": f"ทดสอบ{'ก' * (start + i)}",
            "national_id": t.national_id(SEED + start + i),
            "birth_date": f"{(i % 27) + 1:02d}/03/2512",
            "sex": ["หญิง", "ชาย", "หญิง"][i % 3],
            "joined_on": "01/01/2569",
            "phone": "081234567" + str(i % 10),
            "line_id": "",
            "address": f"{i} หมู่ 2",
            "house_number": str(10 + i),
            "beneficiary_name": "",
            "beneficiary_relationship": "",
        }
        for i in range(count)
    ]


def filled_template(rows: list[dict]) -> Workbook:
    wb = load_workbook(io.BytesIO(excel.template_workbook()))
    ws = wb.worksheets[0]
    ws.delete_rows(2)  # the example row
    for row in rows:
        ws.append([row.get(key) for _thai, key, *_rest in excel.COLUMNS])
    return wb


def to_bytes(wb: Workbook) -> bytes:
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def column(key: str) -> int:
    """1-based column of a field in the template."""
    return [k for _thai, k, *_rest in excel.COLUMNS].index(key) + 1


def expected_input(row: dict) -> MemberInput:
    day, month, year = (int(p) for p in row["birth_date"].split("/"))
    return MemberInput(
        number=int(row["number"]),
        title=row["title"],
        first_name=row["first_name"],
        last_name=row["last_name"],
        national_id=row["national_id"],
        birth_date=dt.date(year - 543, month, day),
        sex={"หญิง": "F", "ชาย": "M"}[row["sex"]],
        joined_on=dt.date(2026, 1, 1),
        phone=row["phone"],
        address=row["address"],
        house_number=row["house_number"],
    )


# --- the template -----------------------------------------------------------------------------------


def test_template_has_the_thai_headers_in_row_one():
    wb = load_workbook(io.BytesIO(excel.template_workbook()))
    ws = wb.worksheets[0]
    header = [c.value for c in ws[1]]
    assert header[0] == "เลขที่สมาชิก (member number)"
    assert [h.split(" (")[0] for h in header] == HEADERS
    assert len(header) == 14
    assert ws.max_row == 2  # headers and one example row
    assert [c.value for c in ws[2]][:3] == ["151", "นาง", "สมศรี"]


def test_filled_template_reads_back_as_exactly_those_members():
    rows = people(3)
    upload = excel.read_upload(to_bytes(filled_template(rows)))
    assert upload.errors == []
    assert upload.row_errors == {}
    assert [n for n, _raw in upload.rows] == [2, 3, 4]
    assert [parse_member(raw) for _n, raw in upload.rows] == [expected_input(r) for r in rows]


def test_headers_without_the_english_hint_and_in_another_order_are_accepted():
    rows = people(2)
    order = list(reversed(excel.COLUMNS))
    wb = Workbook()
    ws = wb.active
    ws.append([thai for thai, *_rest in order])
    for row in rows:
        ws.append([row[key] for _thai, key, *_rest in order])
    upload = excel.read_upload(to_bytes(wb))
    assert upload.errors == []
    assert [parse_member(raw) for _n, raw in upload.rows] == [expected_input(r) for r in rows]


def test_only_required_columns_are_enough():
    required = [c for c in excel.COLUMNS if c[1] in excel.REQUIRED_FIELDS]
    wb = Workbook()
    ws = wb.active
    ws.append([thai for thai, *_rest in required])
    row = people(1)[0]
    ws.append([row[key] for _thai, key, *_rest in required])
    upload = excel.read_upload(to_bytes(wb))
    assert upload.errors == []
    data = parse_member(upload.rows[0][1])
    assert (data.number, data.phone, data.house_number) == (800_000, "", "")


def test_numbers_typed_as_numbers_are_read_as_text():
    valid_id = "3650500123453"  # the template's example ID 3650500123457 with its right check digit
    rows = people(1)
    wb = filled_template(rows)
    ws = wb.worksheets[0]
    ws.cell(row=2, column=column("number"), value=151.0)
    ws.cell(row=2, column=column("national_id"), value=int(valid_id))
    ws.cell(row=2, column=column("house_number"), value=12)
    upload = excel.read_upload(to_bytes(wb))
    raw = upload.rows[0][1]
    assert raw["number"] == "151"
    assert raw["national_id"] == valid_id
    assert raw["house_number"] == "12"
    data = parse_member(raw)
    assert (data.number, data.national_id, data.house_number) == (151, valid_id, "12")


def test_a_fractional_number_is_not_rounded_into_a_member_number():
    wb = filled_template(people(1))
    wb.worksheets[0].cell(row=2, column=column("number"), value=151.5)
    raw = excel.read_upload(to_bytes(wb)).rows[0][1]
    assert raw["number"] == "151.5"
    with pytest.raises(ValidationErrors) as caught:
        parse_member(raw)
    assert set(caught.value.errors) == {"number"}


def test_excel_date_cells_are_read_as_dates():
    wb = filled_template(people(1))
    ws = wb.worksheets[0]
    ws.cell(row=2, column=column("birth_date"), value=dt.date(1969, 3, 5))
    ws.cell(row=2, column=column("joined_on"), value=dt.datetime(2026, 1, 1))
    raw = excel.read_upload(to_bytes(wb)).rows[0][1]
    assert raw["birth_date"] == dt.date(1969, 3, 5)
    assert raw["joined_on"] == dt.date(2026, 1, 1)
    data = parse_member(raw)
    assert (data.birth_date, data.joined_on) == (dt.date(1969, 3, 5), dt.date(2026, 1, 1))


def test_wrong_header_names_the_unknown_and_the_missing_column():
    wb = filled_template(people(2))
    wb.worksheets[0].cell(row=1, column=column("first_name"), value="ชื่อเล่น")
    upload = excel.read_upload(to_bytes(wb))
    assert upload.rows == []
    assert len(upload.errors) == 2
    unknown, missing = (str(e) for e in upload.errors)
    assert "ชื่อเล่น" in unknown
    assert "ชื่อ" in missing
    assert "ชื่อเล่น" not in missing
    assert "นามสกุล" not in missing  # only what is really missing


def test_missing_required_column_is_named():
    wb = Workbook()
    ws = wb.active
    ws.append([thai for thai, key, *_rest in excel.COLUMNS if key != "national_id"])
    upload = excel.read_upload(to_bytes(wb))
    assert upload.rows == []
    assert len(upload.errors) == 1
    assert "เลขประจำตัวประชาชน" in str(upload.errors[0])


def test_a_header_twice_is_refused():
    wb = Workbook()
    ws = wb.active
    ws.append(HEADERS + ["ชื่อ"])
    assert excel.read_upload(to_bytes(wb)).errors


def test_an_empty_row_between_members_is_reported():
    rows = people(3)
    wb = filled_template([rows[0]])
    ws = wb.worksheets[0]
    ws.append([])  # row 3 left empty
    for row in rows[1:]:
        ws.append([row.get(key) for _thai, key, *_rest in excel.COLUMNS])
    upload = excel.read_upload(to_bytes(wb))
    assert upload.errors == []
    assert list(upload.row_errors) == [3]
    assert [n for n, _raw in upload.rows] == [2, 4, 5]


def test_trailing_empty_rows_are_ignored():
    rows = people(2)
    wb = filled_template(rows)
    ws = wb.worksheets[0]
    ws.append([None] * 14)
    ws.append([""] * 14)
    ws.cell(row=8, column=1, value="")
    upload = excel.read_upload(to_bytes(wb))
    assert upload.errors == []
    assert upload.row_errors == {}
    assert [n for n, _raw in upload.rows] == [2, 3]


def test_a_formula_cell_is_an_error_on_its_row():
    wb = filled_template(people(2))
    wb.worksheets[0]["C2"] = "=A1"
    upload = excel.read_upload(to_bytes(wb))
    assert upload.errors == []
    assert list(upload.row_errors) == [2]
    assert list(upload.row_errors[2]) == ["first_name"]
    assert "first_name" not in dict(upload.rows)[2]  # the formula is not taken as a name
    assert [n for n, _raw in upload.rows] == [2, 3]


@pytest.mark.parametrize("content", [b"hello", b"", b"PK\x03\x04 not really a zip", "ชื่อ,นามสกุล\n".encode()])
def test_a_non_excel_file_is_a_clear_error(content):
    upload = excel.read_upload(content)
    assert upload.rows == []
    assert len(upload.errors) == 1
    assert ".xlsx" in str(upload.errors[0])


def test_headers_only_is_an_empty_file():
    upload = excel.read_upload(to_bytes(filled_template([])))
    assert upload.rows == []
    assert len(upload.errors) == 1


def test_safe_escapes_formula_starts():
    assert excel._safe("=1+1") == "'=1+1"
    assert excel._safe("+66812345678") == "'+66812345678"
    assert excel._safe("-1") == "'-1"
    assert excel._safe("@SUM(A1)") == "'@SUM(A1)"
    assert excel._safe("สมศรี = ดี") == "สมศรี = ดี"
    assert excel._safe(151) == 151
    assert excel._safe("") == ""


def test_a_name_starting_with_equals_cannot_be_entered():
    raw = {**people(1)[0], "first_name": "=1+1"}
    with pytest.raises(ValidationErrors) as caught:
        parse_member(raw)
    assert list(caught.value.errors) == ["first_name"]


# --- the import pages -------------------------------------------------------------------------------


def upload_file(wb: Workbook, name="members.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, to_bytes(wb), content_type=XLSX)


@pytest.fixture
def treasurer_client(client, world):
    client.force_login(world.treasurer)
    return client


def urls(group):
    return {
        name: reverse(f"member_{name}", args=[group.id])
        for name in ("import", "import_confirm", "import_template", "list", "export")
    }


def test_template_download_is_an_xlsx(treasurer_client, world):
    response = treasurer_client.get(urls(world.group_a)["import_template"])
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert "attachment" in response["Content-Disposition"]
    ws = load_workbook(io.BytesIO(response.content)).worksheets[0]
    assert [c.value.split(" (")[0] for c in ws[1]] == HEADERS


ROW = re.compile(r'<tr class="(table-danger)?">\s*<td>(\d+)</td>')


def preview_rows(content: str) -> dict[int, bool]:
    """Row number -> has problems, as the preview table shows them."""
    return {int(number): bool(danger) for danger, number in ROW.findall(content)}


def test_upload_with_errors_previews_the_problems_and_writes_nothing(treasurer_client, world):
    rows = people(3)
    rows[1]["national_id"] = rows[1]["national_id"][:12] + str((int(rows[1]["national_id"][12]) + 1) % 10)
    rows[2]["number"] = str(world.member.number)  # already used in the group
    before = Member.objects.count()
    response = treasurer_client.post(urls(world.group_a)["import"], {"file": upload_file(filled_template(rows))})
    assert response.status_code == 200
    content = response.content.decode()
    assert preview_rows(content) == {2: False, 3: True, 4: True}
    assert 'data-testid="row-errors"' in content
    assert urls(world.group_a)["import_confirm"] not in content  # no confirm button
    assert IMPORT_SESSION_KEY not in treasurer_client.session
    assert Member.objects.count() == before


def test_upload_with_a_wrong_header_shows_the_file_error(treasurer_client, world):
    wb = filled_template(people(1))
    wb.worksheets[0].cell(row=1, column=column("first_name"), value="ชื่อเล่น")
    response = treasurer_client.post(urls(world.group_a)["import"], {"file": upload_file(wb)})
    content = response.content.decode()
    assert 'data-testid="file-errors"' in content
    assert "ชื่อเล่น" in content
    assert urls(world.group_a)["import_confirm"] not in content


def test_upload_of_a_non_excel_file_shows_a_clear_error(treasurer_client, world):
    before = Member.objects.count()
    response = treasurer_client.post(
        urls(world.group_a)["import"], {"file": SimpleUploadedFile("members.xlsx", b"hello")}
    )
    assert response.status_code == 200
    assert 'data-testid="file-errors"' in response.content.decode()
    assert urls(world.group_a)["import_confirm"] not in response.content.decode()
    assert Member.objects.count() == before


def test_valid_upload_then_confirm_then_double_confirm(treasurer_client, world):
    rows = people(3)
    page = urls(world.group_a)
    before = Member.objects.filter(group=world.group_a).count()

    response = treasurer_client.post(page["import"], {"file": upload_file(filled_template(rows))})
    assert response.status_code == 200
    content = response.content.decode()
    assert preview_rows(content) == {2: False, 3: False, 4: False}
    assert "alert-success" in content
    assert 'data-testid="row-errors"' not in content
    assert f'action="{page["import_confirm"]}"' in content
    assert Member.objects.filter(group=world.group_a).count() == before  # nothing yet

    response = treasurer_client.post(page["import_confirm"], follow=True)
    assert response.redirect_chain[-1][0] == page["list"]
    assert Member.objects.filter(group=world.group_a).count() == before + 3
    created = Member.objects.filter(group=world.group_a, number__in=[800_000, 800_001, 800_002]).order_by("number")
    assert [m.national_id_plain() for m in created] == [r["national_id"] for r in rows]
    assert [m.birth_date for m in created] == [dt.date(1969, 3, 1), dt.date(1969, 3, 2), dt.date(1969, 3, 3)]
    assert [m.household.house_number for m in created] == ["10", "11", "12"]
    assert [m.level for m in response.context["messages"]] == [message_levels.SUCCESS]

    response = treasurer_client.post(page["import_confirm"], follow=True)  # the second click
    assert Member.objects.filter(group=world.group_a).count() == before + 3
    assert [m.level for m in response.context["messages"]] == [message_levels.WARNING]


def test_confirm_without_a_preview_writes_nothing(treasurer_client, world):
    before = Member.objects.count()
    response = treasurer_client.post(urls(world.group_a)["import_confirm"])
    assert response.status_code == 302
    assert Member.objects.count() == before


def test_rows_previewed_for_one_group_are_not_imported_into_another(client, world):
    """Someone who manages two groups previews for A and confirms on B's URL: nothing is written."""
    client.force_login(world.admin)
    client.post(urls(world.group_a)["import"], {"file": upload_file(filled_template(people(2)))})
    before = Member.objects.count()
    client.post(urls(world.group_b)["import_confirm"])
    assert Member.objects.count() == before


def test_confirm_rechecks_the_rules_at_confirm_time(treasurer_client, world):
    """A row that became a duplicate between preview and confirm is not written (all or nothing)."""
    rows = people(2)
    page = urls(world.group_a)
    treasurer_client.post(page["import"], {"file": upload_file(filled_template(rows))})
    t.make_member(world.group_a, number=800_001, national_id=t.national_id(SEED + 500))
    before = Member.objects.count()
    response = treasurer_client.post(page["import_confirm"])
    assert response.status_code == 302
    assert response.url == page["import"]
    assert Member.objects.count() == before


@pytest.mark.parametrize("name", ["import", "import_template", "import_confirm"])
def test_officer_may_not_import(client, world, name):
    client.force_login(world.officer)
    url = urls(world.group_a)[name]
    assert client.get(url).status_code == 403
    before = Member.objects.count()
    response = client.post(url, {"file": upload_file(filled_template(people(1)))} if name == "import" else {})
    assert response.status_code == 403
    assert Member.objects.count() == before


def test_treasurer_of_another_group_gets_404(client, world):
    client.force_login(world.treasurer_b)
    assert client.get(urls(world.group_a)["import"]).status_code == 404
    assert client.get(urls(world.group_a)["export"]).status_code == 404


# --- export -----------------------------------------------------------------------------------------

ID_COLUMN = column("national_id") - 1
PHONE_COLUMN = column("phone") - 1
WHOLE_ID = re.compile(r"^\d-\d{4}-\d{5}-\d{2}-\d$")
MASKED_ID = re.compile(r"^x-xxxx-xxxx\d-\d{2}-\d$")


def exported_rows(client, group) -> list[tuple]:
    response = client.get(reverse("member_export", args=[group.id]))
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    ws = load_workbook(io.BytesIO(response.content)).worksheets[0]
    return list(ws.iter_rows(min_row=2, values_only=True))


def test_export_for_the_treasurer_has_whole_national_ids(treasurer_client, world):
    rows = exported_rows(treasurer_client, world.group_a)
    members = Member.objects.filter(group=world.group_a)
    assert len(rows) == members.count() == 4
    by_number = {row[0]: row for row in rows}
    for member in members:
        assert by_number[member.number][ID_COLUMN] == format_national_id(member.national_id_plain())
        assert WHOLE_ID.match(by_number[member.number][ID_COLUMN])
    assert by_number[world.member.number][PHONE_COLUMN] == "0812345678"
    assert "บัวขาว" not in [row[2] for row in rows]  # group B's member is not in group A's register


def test_export_for_the_officer_masks_national_ids(client, world):
    client.force_login(world.officer)
    rows = exported_rows(client, world.group_a)
    assert len(rows) == 4
    assert all(MASKED_ID.match(row[ID_COLUMN]) for row in rows)
    member_row = next(row for row in rows if row[0] == world.member.number)
    assert member_row[ID_COLUMN] == world.member.national_id_masked
    everything = " ".join(str(v) for row in rows for v in row)
    assert not re.search(r"\d{13}", everything.replace("-", ""))
    for member in Member.objects.filter(group=world.group_a):
        assert format_national_id(member.national_id_plain()) not in everything
    # Contacts follow ``tenancy.can_see_contact``, which gives the district officer phones (as
    # on the member page); see the report for the brief's "no phones" expectation.
    assert member_row[PHONE_COLUMN] == "0812345678"


def test_export_escapes_a_formula_that_reached_the_database(treasurer_client, world):
    Member.objects.filter(id=world.member.id).update(first_name="=1+1", address="@SUM(A1)")
    rows = exported_rows(treasurer_client, world.group_a)
    member_row = next(row for row in rows if row[0] == world.member.number)
    assert member_row[2] == "'=1+1"
    assert member_row[column("address") - 1] == "'@SUM(A1)"


def test_a_phone_typed_as_a_number_gets_its_leading_zero_back():
    wb = Workbook()
    ws = wb.active
    ws.append([thai for thai, *_rest in excel.COLUMNS])
    row = {key: example for _thai, key, _en, example in excel.COLUMNS}
    row["phone"] = 812345678  # what Excel keeps of 0812345678 typed into a number cell
    ws.append([row[key] for _thai, key, _en, _ex in excel.COLUMNS])
    buffer = io.BytesIO()
    wb.save(buffer)
    upload = excel.read_upload(buffer.getvalue())
    assert upload.rows[0][1]["phone"] == "0812345678"
    assert parse_member(upload.rows[0][1]).phone == "0812345678"
