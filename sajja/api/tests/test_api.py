"""The API end to end through ``django.test.Client``: tokens, lockout, two-step codes, bearer auth,
members and households through tenancy, refusals with both languages, imports and PDPA masking."""

import datetime as dt
import hashlib
import json
import re

import pytest
from auditlog.models import LogEntry
from django.conf import settings
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from sajja.api.models import ApiToken
from sajja.core import testing as t
from sajja.members.models import Household, Member

API = "/api/v1"

# Valid national IDs (check digit computed by hand-checked ``testing.national_id``) and their printed form.
NID_1 = "3000009000016"
NID_1_PRINTED = "3-0000-09000-01-6"
NID_2 = "3000009000024"
NID_3 = "3000009000032"
NID_BAD_CHECK = "3000009000017"  # NID_1 with the last digit changed

# --- helpers ------------------------------------------------------------------------------------------


def get_token(user, client=None, **extra) -> str:
    client = client or Client()
    response = client.post(
        f"{API}/auth/token",
        {"username": user.username, "password": t.password_of(user), **extra},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    return response.json()["token"]


class Api:
    """A client that sends the bearer token of one user."""

    def __init__(self, user):
        self.user = user
        self.client = Client(headers={"Authorization": f"Bearer {get_token(user)}"})

    def get(self, path, **params):
        return self.client.get(API + path, params)

    def post(self, path, data):
        return self.client.post(API + path, data, content_type="application/json")

    def put(self, path, data):
        return self.client.put(API + path, data, content_type="application/json")


def member_payload(**overrides) -> dict:
    payload = {
        "number": "7101",
        "title": "นาง",
        "first_name": "ทองคำ",
        "last_name": "ศรีสุข",
        "national_id": NID_1_PRINTED,
        "birth_date": "15/03/2513",  # B.E. -> 1970-03-15
        "sex": "หญิง",
        "joined_on": "01/06/2560",  # B.E. -> 2017-06-01
        "phone": "081-234-5679",
    }
    payload.update(overrides)
    return payload


def only_digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def wrong_code(device) -> str:
    """A six-digit code that matches none of the steps the device accepts now."""
    accepted = {totp(device.bin_key, device.step, device.t0, device.digits, device.drift + d) for d in (-1, 0, 1)}
    return f"{next(c for c in range(1, 10) if c not in accepted):06d}"


def current_code(device) -> str:
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def assert_bilingual_error(body: dict):
    assert body["message_th"].strip()
    assert body["message_en"].strip()


# --- token ----------------------------------------------------------------------------------------------


def test_token_is_issued_for_the_right_password_and_only_its_hash_is_stored(world):
    token = get_token(world.treasurer)

    stored = ApiToken.objects.get(user=world.treasurer)
    assert stored.key_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in stored.key_hash
    assert len(token) >= 32
    # The token works.
    response = Client().get(f"{API}/me", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200
    assert response.json()["username"] == "treasurer_a"
    stored.refresh_from_db()
    assert stored.last_used_at is not None


def test_token_wrong_password_is_401_and_issues_nothing(world):
    response = Client().post(
        f"{API}/auth/token", {"username": "treasurer_a", "password": "not-it"}, content_type="application/json"
    )
    assert response.status_code == 401
    body = response.json()
    assert body["code"] == "unauthorized"
    assert_bilingual_error(body)
    assert body["message_en"] == "Wrong username, password or code."
    assert not ApiToken.objects.exists()


def test_token_error_is_in_thai_and_in_english(world):
    response = Client().post(
        f"{API}/auth/token", {"username": "treasurer_a", "password": "not-it"}, content_type="application/json"
    )
    body = response.json()
    assert_bilingual_error(body)
    assert body["message_th"] != body["message_en"]
    assert re.search("[\u0e00-\u0e7f]", body["message_th"])


def test_locked_out_user_gets_no_token_even_with_the_right_password(world):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = client.post(
            f"{API}/auth/token", {"username": "treasurer_a", "password": "guess"}, content_type="application/json"
        )
        assert response.status_code in (401, 429)
    assert response.status_code == 429  # the attempt that reaches the limit is answered by axes

    response = client.post(
        f"{API}/auth/token",
        {"username": "treasurer_a", "password": t.password_of(world.treasurer)},
        content_type="application/json",
    )
    assert response.status_code == 429
    body = response.json()  # an API client gets the usual JSON error, not the lockout page
    assert body["code"] == "locked_out"
    assert "ล็อก" in body["message_th"]
    assert "locked" in body["message_en"]
    assert not ApiToken.objects.exists()
    # The lockout is by username: another user still gets a token.
    assert get_token(world.vice, client)


def test_token_with_two_step_needs_the_code(world):
    device = TOTPDevice.objects.create(user=world.treasurer, name="phone", confirmed=True)
    client = Client()
    credentials = {"username": "treasurer_a", "password": t.password_of(world.treasurer)}

    response = client.post(f"{API}/auth/token", credentials, content_type="application/json")
    assert response.status_code == 401
    assert_bilingual_error(response.json())

    response = client.post(
        f"{API}/auth/token", {**credentials, "otp": wrong_code(device)}, content_type="application/json"
    )
    assert response.status_code == 401
    assert not ApiToken.objects.exists()


def test_token_with_two_step_and_the_right_code(world):
    device = TOTPDevice.objects.create(user=world.treasurer, name="phone", confirmed=True)
    response = Client().post(
        f"{API}/auth/token",
        {"username": "treasurer_a", "password": t.password_of(world.treasurer), "otp": current_code(device)},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert ApiToken.objects.filter(user=world.treasurer).count() == 1


def test_unconfirmed_device_does_not_ask_for_a_code(world):
    TOTPDevice.objects.create(user=world.treasurer, name="phone", confirmed=False)
    assert get_token(world.treasurer)


# --- bearer auth and /me --------------------------------------------------------------------------------


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer nope"}, {"Authorization": "Token x"}])
def test_me_needs_a_valid_bearer_token(world, headers):
    get_token(world.treasurer)  # a real token exists, but is not the one sent
    response = Client(headers=headers).get(f"{API}/me")
    assert response.status_code == 401


def test_token_of_an_inactive_user_is_refused(world):
    api = Api(world.treasurer)
    world.treasurer.is_active = False
    world.treasurer.save(update_fields=["is_active"])
    assert api.get("/me").status_code == 401


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("treasurer", {"A": "manage"}),
        ("auditor", {"A": "read"}),
        ("officer", {"A": "read"}),
        ("member_user", {"A": "self"}),
        ("network_user", {"A": "summary"}),
        ("treasurer_b", {"B": "manage"}),
        ("admin", {"A": "manage", "B": "manage"}),
    ],
)
def test_me_lists_exactly_the_users_groups_with_access(world, who, expected):
    user = getattr(world, who)
    body = Api(user).get("/me").json()
    ids = {"A": world.group_a.id, "B": world.group_b.id}
    assert body["username"] == user.username
    assert body["is_superuser"] is (who == "admin")
    assert {g["id"]: g["access"] for g in body["groups"]} == {ids[k]: v for k, v in expected.items()}


def test_group_list_and_detail(world):
    api = Api(world.treasurer)
    groups = api.get("/groups").json()
    assert [g["id"] for g in groups] == [world.group_a.id]
    detail = api.get(f"/groups/{world.group_a.id}").json()
    assert detail["founded_on"] == "2000-01-01"
    assert detail["founded_on_be"] == "01/01/2543"
    assert detail["district"] == "ชาติตระการ"
    assert detail["active_members"] == 4  # treasurer, vice-president, auditor, member
    assert detail["households"] == 0
    # Group B is not confirmed to exist for group A's treasurer.
    assert api.get(f"/groups/{world.group_b.id}").status_code == 404


# --- members ----------------------------------------------------------------------------------------------


def test_member_list_is_in_thai_name_order(world):
    for number, first in ((7001, "ขวัญ"), (7002, "เกษร"), (7003, "กมล")):
        t.make_member(world.group_a, number=number, first_name=first)
    names = [m["first_name"] for m in Api(world.treasurer).get(f"/groups/{world.group_a.id}/members").json()]
    # เกษร sorts under ก (after กมล), not after ข as code points would put it.
    assert names[:4] == ["กมล", "เกษร", "ขวัญ", "มะลิ"]
    assert len(names) == 7
    assert all(n.startswith("สมศรี") for n in names[4:])


def test_member_search_by_number_name_and_thai_digits(world):
    t.make_member(world.group_a, number=7002, first_name="เกษร", last_name="ทองดี")
    t.make_member(world.group_a, number=7003, first_name="กมล", last_name="ทองมา")
    api = Api(world.treasurer)
    url = f"/groups/{world.group_a.id}/members"

    def numbers(q):
        return [m["number"] for m in api.get(url, q=q).json()]

    assert numbers("7002") == [7002]
    assert numbers("๗๐๐๒") == [7002]  # Thai digits are the same number
    assert numbers("เกษร") == [7002]
    assert numbers("ทอง") == [7003, 7002]  # part of the last name; Thai order
    assert numbers("กมล ทองมา") == [7003]
    assert numbers("ไม่มีใคร") == []
    assert numbers("70") == []  # the number matches exactly, not as a prefix


def test_member_create_returns_201_and_audits_the_token_user(world):
    api = Api(world.treasurer)
    response = api.post(f"/groups/{world.group_a.id}/members", member_payload())
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["number"] == 7101
    assert body["full_name"] == "นางทองคำ ศรีสุข"
    assert body["birth_date"] == "1970-03-15"
    assert body["joined_on"] == "2017-06-01"
    assert body["sex"] == "F"
    assert body["phone"] == "0812345679"
    assert body["national_id"] == NID_1_PRINTED
    assert body["national_id_masked"] is False
    assert body["status"] == "active"

    member = Member.objects.get(id=body["id"])
    assert member.group_id == world.group_a.id
    assert member.national_id_plain() == NID_1
    assert NID_1 not in member.national_id_encrypted
    entry = LogEntry.objects.get_for_object(member).get(action=LogEntry.Action.CREATE)
    assert entry.actor == world.treasurer


def test_member_get_update_and_leave(world):
    api = Api(world.treasurer)
    url = f"/groups/{world.group_a.id}/members"
    created = api.post(url, member_payload(house_number="12/3")).json()
    member_url = f"{url}/{created['id']}"

    got = api.get(member_url).json()
    assert got == created
    assert got["house_number"] == "12/3"
    assert Household.objects.get(id=got["household_id"]).house_number == "12/3"

    response = api.put(member_url, member_payload(first_name="ทองใบ", phone="", line_id="thongbai"))
    assert response.status_code == 200, response.content
    assert response.json()["full_name"] == "นางทองใบ ศรีสุข"
    member = Member.objects.get(id=created["id"])
    assert (member.first_name, member.phone, member.line_id, member.household_id) == ("ทองใบ", "", "thongbai", None)
    entry = LogEntry.objects.get_for_object(member).filter(action=LogEntry.Action.UPDATE).latest("timestamp")
    assert entry.actor == world.treasurer

    response = api.post(f"{member_url}/leave", {"status": "left", "date": "01/11/2569", "reason": "ย้ายไปอยู่กรุงเทพ"})
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["status"], body["status_date"], body["status_reason"]) == ("left", "2026-11-01", "ย้ายไปอยู่กรุงเทพ")
    member.refresh_from_db()
    assert (member.status, member.status_date) == ("left", dt.date(2026, 11, 1))
    # Left members drop out of the active list.
    active = api.get(url, status="active").json()
    assert created["id"] not in [m["id"] for m in active]


def test_member_of_another_group_is_404(world):
    api = Api(world.treasurer)
    assert api.get(f"/groups/{world.group_a.id}/members/{world.member_b.id}").status_code == 404
    assert api.get(f"/groups/{world.group_b.id}/members/{world.member_b.id}").status_code == 404
    assert api.post(f"/groups/{world.group_b.id}/members", member_payload()).status_code == 404
    assert not Member.objects.filter(number=7101).exists()


def test_reader_may_not_create(world):
    response = Api(world.auditor).post(f"/groups/{world.group_a.id}/members", member_payload())
    assert response.status_code == 403
    assert_bilingual_error(response.json())
    assert not Member.objects.filter(number=7101).exists()


# --- bad input: 400, both languages, nothing written -------------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "field", "message_en"),
    [
        (
            {"national_id": NID_BAD_CHECK},
            "national_id",
            "This national ID is not valid: its check digit does not match. Please check each digit.",
        ),
        ({"birth_date": "01/01/2600"}, "birth_date", "The birth date is in the future."),  # 2600 B.E. = 2057
        (
            {"birth_date": "01/01/2300"},
            "birth_date",
            "Type the year with four digits, in the Buddhist Era (2569) or the Common Era (2026).",
        ),
        ({"number": "abc"}, "number", "Type a whole number using digits only."),
        ({"first_name": "=SUM(A1)"}, "first_name", "A formula is not accepted here; type the value itself."),
        # Next year in the Buddhist Era (a fixed date would stop being in the future one day).
        ({"joined_on": f"01/01/{dt.date.today().year + 544}"}, "joined_on", "The join date is in the future."),
    ],
)
def test_bad_member_input_is_400_and_writes_nothing(world, overrides, field, message_en):
    api = Api(world.treasurer)
    before = (Member.objects.count(), Household.objects.count(), LogEntry.objects.count())
    with_house = {"house_number": "99", **overrides}
    response = api.post(f"/groups/{world.group_a.id}/members", member_payload(**with_house))

    assert response.status_code == 400
    body = response.json()
    assert_bilingual_error(body)
    assert field in body["errors"]
    assert {"message_th", "message_en"} <= set(body["errors"][field][0])
    assert message_en in [m["message_en"] for m in body["errors"][field]]
    assert (Member.objects.count(), Household.objects.count(), LogEntry.objects.count()) == before


def test_duplicate_member_number_is_400_and_writes_nothing(world):
    api = Api(world.treasurer)
    before = Member.objects.count()
    response = api.post(f"/groups/{world.group_a.id}/members", member_payload(number=str(world.member.number)))
    assert response.status_code == 400
    body = response.json()
    assert_bilingual_error(body)
    assert body["errors"]["number"][0]["message_en"] == (
        f"Member number {world.member.number} is already used in this group."
    )
    assert Member.objects.count() == before


def test_all_problems_are_reported_at_once(world):
    response = Api(world.treasurer).post(
        f"/groups/{world.group_a.id}/members",
        member_payload(number="abc", national_id="123", first_name="", sex="x"),
    )
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"number", "national_id", "first_name", "sex"}


def test_buddhist_year_2569_is_2026(world):
    response = Api(world.treasurer).post(
        f"/groups/{world.group_a.id}/members",
        member_payload(birth_date="01/01/2569", joined_on="๐๑/๐๖/๒๕๖๙"),  # Thai digits in the date too
    )
    assert response.status_code == 201, response.content
    member = Member.objects.get(id=response.json()["id"])
    assert (member.birth_date, member.joined_on) == (dt.date(2026, 1, 1), dt.date(2026, 6, 1))


def test_thai_digits_in_the_member_number(world):
    response = Api(world.treasurer).post(f"/groups/{world.group_a.id}/members", member_payload(number="๗๑๕๑"))
    assert response.status_code == 201, response.content
    assert response.json()["number"] == 7151
    assert Member.objects.get(id=response.json()["id"]).number == 7151


def test_leave_with_a_future_date_is_400_and_changes_nothing(world):
    api = Api(world.treasurer)
    url = f"/groups/{world.group_a.id}/members/{world.member.id}/leave"
    response = api.post(url, {"status": "left", "date": "01/01/2570", "reason": "ย้ายบ้าน"})
    assert response.status_code == 400
    body = response.json()
    assert_bilingual_error(body)
    assert body["errors"]["date"][0]["message_en"] == "The date is in the future."
    world.member.refresh_from_db()
    assert (world.member.status, world.member.status_date, world.member.status_reason) == ("active", None, "")


def test_leave_needs_a_leaving_status(world):
    api = Api(world.treasurer)
    url = f"/groups/{world.group_a.id}/members/{world.member.id}/leave"
    response = api.post(url, {"status": "active", "date": "01/11/2569", "reason": "ย้ายบ้าน"})
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"status"}
    world.member.refresh_from_db()
    assert world.member.status == "active"


def test_leave_needs_a_reason(world):
    api = Api(world.treasurer)
    url = f"/groups/{world.group_a.id}/members/{world.member.id}/leave"
    response = api.post(url, {"status": "left", "date": "01/11/2569", "reason": "  "})
    assert response.status_code == 400
    body = response.json()
    assert_bilingual_error(body)
    assert body["field"] == "reason"
    world.member.refresh_from_db()
    assert world.member.status == "active"


def test_double_submit_creates_one_member(world):
    api = Api(world.treasurer)
    url = f"/groups/{world.group_a.id}/members"
    first = api.post(url, member_payload())
    second = api.post(url, member_payload())
    assert first.status_code == 201
    assert second.status_code == 400
    assert "number" in second.json()["errors"]
    assert Member.objects.filter(group=world.group_a, number=7101).count() == 1


# --- import ---------------------------------------------------------------------------------------------


def import_rows() -> list[dict]:
    return [
        member_payload(number="7201", national_id=NID_1, first_name="หนึ่ง"),
        member_payload(number="7202", national_id=NID_2, first_name="สอง"),
        member_payload(number="7203", national_id=NID_3, first_name="สาม"),
    ]


def test_import_dry_run_reports_a_number_twice_in_the_payload_and_writes_nothing(world):
    rows = import_rows()
    rows[2]["number"] = "7201"  # the same number as row 1
    before = Member.objects.count()

    response = Api(world.treasurer).post(f"/groups/{world.group_a.id}/members/import", {"rows": rows})

    assert response.status_code == 200
    body = response.json()
    assert (body["valid"], body["created"]) == (False, 0)
    assert set(body["errors"]) == {"3"}
    assert set(body["errors"]["3"]) == {"number"}
    assert body["errors"]["3"]["number"][0]["message_en"] == "The same member number is on row 1."
    assert Member.objects.count() == before


def test_import_dry_run_reports_invalid_ids_per_row_and_writes_nothing(world):
    rows = import_rows()
    rows[1]["national_id"] = NID_BAD_CHECK
    rows[2]["national_id"] = "123"
    before = Member.objects.count()

    response = Api(world.treasurer).post(f"/groups/{world.group_a.id}/members/import", {"rows": rows})

    body = response.json()
    assert (body["valid"], body["created"]) == (False, 0)
    assert set(body["errors"]) == {"2", "3"}
    assert body["errors"]["2"]["national_id"][0]["message_en"] == (
        "This national ID is not valid: its check digit does not match. Please check each digit."
    )
    assert body["errors"]["3"]["national_id"][0]["message_en"] == "A national ID has exactly 13 digits."
    assert Member.objects.count() == before


def test_import_dry_run_of_valid_rows_writes_nothing(world):
    before = Member.objects.count()
    response = Api(world.treasurer).post(f"/groups/{world.group_a.id}/members/import", {"rows": import_rows()})
    assert response.json() == {"valid": True, "created": 0, "errors": {}}
    assert Member.objects.count() == before


def test_import_writes_all_valid_rows(world):
    before = Member.objects.count()
    response = Api(world.treasurer).post(
        f"/groups/{world.group_a.id}/members/import", {"rows": import_rows(), "dry_run": False}
    )
    assert response.json() == {"valid": True, "created": 3, "errors": {}}
    assert Member.objects.count() == before + 3
    created = Member.objects.filter(group=world.group_a, number__in=[7201, 7202, 7203]).order_by("number")
    assert [m.first_name for m in created] == ["หนึ่ง", "สอง", "สาม"]
    assert all(LogEntry.objects.get_for_object(m).get().actor == world.treasurer for m in created)


def test_import_with_one_bad_row_writes_none(world):
    rows = import_rows()
    rows[2]["number"] = str(world.member.number)  # already used in the group
    before = Member.objects.count()
    response = Api(world.treasurer).post(f"/groups/{world.group_a.id}/members/import", {"rows": rows, "dry_run": False})
    body = response.json()
    assert (body["valid"], body["created"]) == (False, 0)
    assert set(body["errors"]) == {"3"}
    assert Member.objects.count() == before


# --- PDPA -------------------------------------------------------------------------------------------------


def create_with_known_id(world) -> int:
    response = Api(world.treasurer).post(f"/groups/{world.group_a.id}/members", member_payload())
    assert response.status_code == 201
    return response.json()["id"]


@pytest.mark.parametrize("who", ["officer", "vice", "auditor"])
def test_national_id_is_masked_for_those_without_need_to_know(world, who):
    member_id = create_with_known_id(world)
    api = Api(getattr(world, who))
    listed = {m["id"]: m for m in api.get(f"/groups/{world.group_a.id}/members").json()}
    detail = api.get(f"/groups/{world.group_a.id}/members/{member_id}").json()
    for shown in (listed[member_id], detail):
        assert shown["national_id_masked"] is True
        assert shown["national_id"] == "x-xxxx-xxxx0-01-6"
        assert NID_1 not in only_digits(shown["national_id"])
    own_id = Member.objects.filter(user=getattr(world, who)).values_list("id", flat=True).first()
    assert all(m["national_id_masked"] for m in listed.values() if m["id"] != own_id)
    # Officers and committees may still see contact details.
    assert detail["phone"] == "0812345679"


def test_treasurer_sees_the_whole_national_id(world):
    member_id = create_with_known_id(world)
    detail = Api(world.treasurer).get(f"/groups/{world.group_a.id}/members/{member_id}").json()
    assert (detail["national_id"], detail["national_id_masked"]) == (NID_1_PRINTED, False)


@pytest.mark.parametrize("sent", ["x-xxxx-xxxx0-01-6", "", NID_2])
def test_editor_who_may_not_see_the_id_cannot_change_it(world, sent):
    member_id = create_with_known_id(world)
    api = Api(world.vice)  # manages the group, but sees national IDs masked
    response = api.put(
        f"/groups/{world.group_a.id}/members/{member_id}", member_payload(national_id=sent, phone="0899999999")
    )
    assert response.status_code == 200, response.content
    assert response.json()["national_id"] == "x-xxxx-xxxx0-01-6"
    member = Member.objects.get(id=member_id)
    assert member.phone == "0899999999"
    assert member.national_id_plain() == NID_1


def test_member_sees_only_themselves_and_their_whole_id(world):
    create_with_known_id(world)
    api = Api(world.member_user)
    listed = api.get(f"/groups/{world.group_a.id}/members").json()
    assert [m["id"] for m in listed] == [world.member.id]
    own = listed[0]
    assert own["national_id_masked"] is False
    assert only_digits(own["national_id"]) == world.member.national_id_plain()
    assert own["phone"] == "0812345678"
    other = Member.objects.get(number=7101)
    assert api.get(f"/groups/{world.group_a.id}/members/{other.id}").status_code == 404
    assert api.post(f"/groups/{world.group_a.id}/members", member_payload(number="7102")).status_code == 403


def test_network_committee_sees_the_group_summary_but_no_members(world):
    api = Api(world.network_user)
    response = api.get(f"/groups/{world.group_a.id}/members")
    assert response.status_code == 403
    assert_bilingual_error(response.json())
    assert api.get(f"/groups/{world.group_a.id}/members/{world.member.id}").status_code == 403
    assert api.get(f"/groups/{world.group_a.id}/households").status_code == 403
    detail = api.get(f"/groups/{world.group_a.id}")
    assert detail.status_code == 200
    assert detail.json()["access"] == "summary"
    assert detail.json()["active_members"] == 4


def test_export_is_for_readers_only(world):
    url = f"/groups/{world.group_a.id}/members/export.xlsx"
    response = Api(world.officer).get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert Api(world.member_user).get(url).status_code == 403


# --- households -------------------------------------------------------------------------------------------


def test_households_create_list_update_and_duplicate(world):
    api = Api(world.treasurer)
    url = f"/groups/{world.group_a.id}/households"
    response = api.post(url, {"house_number": "45", "address": "หมู่ 2"})
    assert response.status_code == 201
    household = response.json()
    assert (household["house_number"], household["address"], household["group_id"]) == ("45", "หมู่ 2", world.group_a.id)

    before = Household.objects.count()
    duplicate = api.post(url, {"house_number": "45"})
    assert duplicate.status_code == 400
    assert "house_number" in duplicate.json()["errors"]
    assert Household.objects.count() == before

    updated = api.put(f"{url}/{household['id']}", {"house_number": "45/1", "note": "ริมถนน"})
    assert updated.status_code == 200
    assert (updated.json()["house_number"], updated.json()["note"]) == ("45/1", "ริมถนน")
    assert [h["house_number"] for h in api.get(url).json()] == ["45/1"]
    assert Api(world.treasurer_b).get(f"/groups/{world.group_b.id}/households").json() == []


# --- OpenAPI ----------------------------------------------------------------------------------------------


def test_openapi_lists_the_paths(world):
    response = Client().get(f"{API}/openapi.json")
    assert response.status_code == 200
    schema = json.loads(response.content)
    assert schema["openapi"].startswith("3.")
    paths = set(schema["paths"])
    assert {
        f"{API}/auth/token",
        f"{API}/me",
        f"{API}/groups",
        f"{API}/groups/{{group_id}}",
        f"{API}/groups/{{group_id}}/members",
        f"{API}/groups/{{group_id}}/members/{{member_id}}",
        f"{API}/groups/{{group_id}}/members/import",
        f"{API}/groups/{{group_id}}/households",
    } <= paths
