"""Member services (the one door for writes), the database constraints behind them, and ``domain``."""

import dataclasses
import datetime as dt
import json
import re

import pytest
from auditlog.models import LogEntry
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

from sajja.core import testing as t
from sajja.core.errors import SajjaError, ValidationErrors
from sajja.core.natid import encrypt, national_id_hash
from sajja.core.tenancy import today
from sajja.members import domain, services
from sajja.members.models import Household, Member
from sajja.members.services import ImportErrors

# Seeds far from the ones ``testing.member_input`` uses (100000 + a small counter).
SEED = 700_000


def member_data(n: int, **overrides):
    """Data for a member numbered ``900000 + n`` with its own national ID; no digits in the name."""
    values = {
        "seed": 900_000 + n,
        "number": 900_000 + n,
        "first_name": "ทดสอบ",
        "last_name": f"นามสกุล{'ก' * (n % 50)}",
        "national_id": t.national_id(SEED + n),
    }
    values.update(overrides)
    return t.member_input(**values)


def years_ago(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


@pytest.fixture
def group(world):
    return world.group_a


def counts(group):
    return (
        Member.objects.filter(group=group).count(),
        Household.objects.filter(group=group).count(),
        LogEntry.objects.count(),
    )


def refused(call, **kwargs) -> dict:
    with pytest.raises(ValidationErrors) as caught:
        call(**kwargs)
    return caught.value.errors


# --- member_create ----------------------------------------------------------------------------------


def test_create_stores_the_national_id_encrypted(world, group):
    data = member_data(1, house_number="12/1", phone="0899999999")
    member = services.member_create(group=group, data=data, actor=world.treasurer)

    stored = Member.objects.filter(id=member.id).values(
        "national_id_encrypted", "national_id_hash", "national_id_last4"
    )
    row = stored.get()
    assert data.national_id not in row["national_id_encrypted"]
    assert data.national_id not in row["national_id_hash"]
    assert row["national_id_last4"] == data.national_id[-4:]
    assert row["national_id_hash"] == national_id_hash(data.national_id)
    fresh = Member.objects.get(id=member.id)
    assert fresh.national_id_plain() == data.national_id
    assert fresh.national_id_masked.endswith(f"{data.national_id[-4]}-{data.national_id[-3:-1]}-{data.national_id[-1]}")
    assert fresh.status == Member.Status.ACTIVE
    assert fresh.status_date is None
    assert fresh.number == 900_001
    assert fresh.phone == "0899999999"


def test_create_makes_the_household_in_the_same_group(world, group):
    member = services.member_create(group=group, data=member_data(2, house_number="77"), actor=world.treasurer)
    household = Household.objects.get(id=member.household_id)
    assert household.group_id == group.id
    assert household.house_number == "77"
    # A second member of the same house joins the existing household; group B gets its own.
    other = services.member_create(group=group, data=member_data(3, house_number="77"), actor=world.treasurer)
    assert other.household_id == household.id
    in_b = services.member_create(group=world.group_b, data=member_data(4, house_number="77"), actor=world.treasurer_b)
    assert in_b.household_id != household.id
    assert Household.objects.get(id=in_b.household_id).group_id == world.group_b.id
    assert Household.objects.filter(house_number="77").count() == 2


def test_create_without_house_number_has_no_household(world, group):
    before = Household.objects.count()
    member = services.member_create(group=group, data=member_data(5), actor=world.treasurer)
    assert member.household_id is None
    assert Household.objects.count() == before


def test_create_is_audited_with_the_actor_and_without_the_national_id(world, group):
    data = member_data(6)
    member = services.member_create(group=group, data=data, actor=world.vice)
    entries = LogEntry.objects.get_for_object(member)
    assert entries.count() == 1
    entry = entries.get()
    assert entry.action == LogEntry.Action.CREATE
    assert entry.actor_id == world.vice.id
    logged = json.dumps(entry.changes, ensure_ascii=False) + entry.changes_text + json.dumps(entry.serialized_data)
    assert data.national_id not in logged
    assert "national_id_encrypted" not in entry.changes
    assert "national_id_hash" not in entry.changes
    assert "first_name" in entry.changes  # the log is not empty: it just leaves the ID out


def test_update_is_audited_with_its_actor(world, group):
    member = services.member_create(group=group, data=member_data(7), actor=world.treasurer)
    changed = dataclasses.replace(member_data(7), first_name="เปลี่ยนชื่อ")
    services.member_update(member=member, data=changed, actor=world.vice)
    latest = LogEntry.objects.get_for_object(member).order_by("-id").first()
    assert latest.action == LogEntry.Action.UPDATE
    assert latest.actor_id == world.vice.id
    assert latest.changes["first_name"] == ["ทดสอบ", "เปลี่ยนชื่อ"]
    assert member.national_id_plain() not in json.dumps(latest.changes)


# --- refusals: field keys, nothing written ------------------------------------------------------------


def test_duplicate_number_refused(world, group):
    existing = world.member.number
    before = counts(group)
    errors = refused(
        services.member_create,
        group=group,
        data=member_data(10, number=existing, house_number="5"),
        actor=world.treasurer,
    )
    assert list(errors) == ["number"]
    assert str(existing) in str(errors["number"][0])
    assert counts(group) == before


def test_duplicate_national_id_in_the_group_refused_but_allowed_in_another_group(world, group):
    services.member_create(group=group, data=member_data(11), actor=world.treasurer)
    before = counts(group)
    errors = refused(
        services.member_create,
        group=group,
        data=member_data(12, national_id=t.national_id(SEED + 11), house_number="5"),
        actor=world.treasurer,
    )
    assert list(errors) == ["national_id"]
    assert counts(group) == before

    in_b = services.member_create(
        group=world.group_b, data=member_data(12, national_id=t.national_id(SEED + 11)), actor=world.treasurer_b
    )
    assert in_b.group_id == world.group_b.id
    assert in_b.national_id_plain() == t.national_id(SEED + 11)


def test_same_number_in_another_group_is_allowed(world):
    member = services.member_create(
        group=world.group_b, data=member_data(13, number=world.member.number), actor=world.treasurer_b
    )
    assert member.number == world.member.number


@pytest.mark.parametrize(
    ("birth", "joined", "field"),
    [
        (lambda d: d + dt.timedelta(days=1), lambda d: d, "birth_date"),  # born tomorrow
        (lambda d: years_ago(d, 121), lambda d: dt.date(2010, 1, 1), "birth_date"),  # 121 years old
        (lambda d: dt.date(1970, 1, 1), lambda d: dt.date(1999, 12, 31), "joined_on"),  # before founding 2000-01-01
        (lambda d: dt.date(2005, 6, 1), lambda d: dt.date(2005, 6, 1), "joined_on"),  # on the birth day
        (lambda d: dt.date(2005, 6, 1), lambda d: dt.date(2003, 1, 1), "joined_on"),  # before birth
        (lambda d: dt.date(1970, 1, 1), lambda d: d + dt.timedelta(days=1), "joined_on"),  # tomorrow
    ],
    ids=[
        "birth-future",
        "birth-121-years",
        "join-before-founding",
        "join-on-birth",
        "join-before-birth",
        "join-future",
    ],
)
def test_date_rules_refused(world, group, birth, joined, field):
    day = today()
    before = counts(group)
    data = member_data(20, birth_date=birth(day), joined_on=joined(day), house_number="99")
    errors = refused(services.member_create, group=group, data=data, actor=world.treasurer)
    assert field in errors
    assert set(errors) <= {"birth_date", "joined_on"}
    assert counts(group) == before


def test_date_rules_accept_the_edges(world, group):
    day = today()
    # exactly 120 years old, joined today, group founded 2000-01-01
    old = services.member_create(
        group=group, data=member_data(21, birth_date=years_ago(day, 120), joined_on=day), actor=world.treasurer
    )
    assert old.joined_on == day
    on_founding = services.member_create(
        group=group, data=member_data(22, joined_on=group.founded_on), actor=world.treasurer
    )
    assert on_founding.joined_on == dt.date(2000, 1, 1)
    born_yesterday_joined_today = services.member_create(
        group=group,
        data=member_data(23, birth_date=day - dt.timedelta(days=1), joined_on=day),
        actor=world.treasurer,
    )
    assert born_yesterday_joined_today.id


def test_all_problems_of_one_member_are_reported_together(world, group):
    day = today()
    data = member_data(
        24,
        number=world.member.number,
        national_id=world.member.national_id_plain(),
        birth_date=day + dt.timedelta(days=3),
        joined_on=day + dt.timedelta(days=5),
    )
    errors = refused(services.member_create, group=group, data=data, actor=world.treasurer)
    assert set(errors) == {"number", "national_id", "birth_date", "joined_on"}


# --- member_update ----------------------------------------------------------------------------------


def test_update_keeps_its_own_number_and_id(world, group):
    member = services.member_create(group=group, data=member_data(30), actor=world.treasurer)
    changed = dataclasses.replace(member_data(30), last_name="ใหม่", phone="0811111111", house_number="3")
    updated = services.member_update(member=member, data=changed, actor=world.treasurer)
    fresh = Member.objects.get(id=member.id)
    assert fresh.number == 900_030
    assert fresh.last_name == "ใหม่"
    assert fresh.phone == "0811111111"
    assert fresh.household.house_number == "3"
    assert fresh.national_id_plain() == t.national_id(SEED + 30)
    assert updated.id == member.id


def test_update_to_another_members_number_or_id_refused(world, group):
    member = services.member_create(group=group, data=member_data(31), actor=world.treasurer)
    before = counts(group)
    errors = refused(
        services.member_update,
        member=member,
        data=member_data(31, number=world.member.number),
        actor=world.treasurer,
    )
    assert list(errors) == ["number"]
    errors = refused(
        services.member_update,
        member=member,
        data=member_data(31, national_id=world.member.national_id_plain()),
        actor=world.treasurer,
    )
    assert list(errors) == ["national_id"]
    fresh = Member.objects.get(id=member.id)
    assert fresh.number == 900_031
    assert fresh.national_id_plain() == t.national_id(SEED + 31)
    assert counts(group) == before


# --- member_leave -----------------------------------------------------------------------------------


def test_leave_closes_the_membership(world, group):
    member = services.member_create(group=group, data=member_data(40), actor=world.treasurer)
    day = today()
    services.member_leave(member=member, status="left", date=day, reason="  ย้ายบ้าน ", actor=world.treasurer)
    fresh = Member.objects.get(id=member.id)
    assert (fresh.status, fresh.status_date, fresh.status_reason) == ("left", day, "ย้ายบ้าน")
    assert LogEntry.objects.get_for_object(member).order_by("-id").first().actor_id == world.treasurer.id


def test_leave_on_the_join_date_is_allowed(world, group):
    member = services.member_create(group=group, data=member_data(41), actor=world.treasurer)
    services.member_leave(member=member, status="deceased", date=member.joined_on, reason="เสียชีวิต", actor=None)
    assert Member.objects.get(id=member.id).status == "deceased"


def test_leaving_twice_refused(world, group):
    member = services.member_create(group=group, data=member_data(42), actor=world.treasurer)
    services.member_leave(member=member, status="left", date=dt.date(2020, 5, 1), reason="ลาออก", actor=world.treasurer)
    errors = refused(
        services.member_leave,
        member=Member.objects.get(id=member.id),
        status="expelled",
        date=dt.date(2021, 1, 1),
        reason="ผิดระเบียบ",
        actor=world.treasurer,
    )
    assert list(errors) == ["status"]
    fresh = Member.objects.get(id=member.id)
    assert (fresh.status, fresh.status_date, fresh.status_reason) == ("left", dt.date(2020, 5, 1), "ลาออก")


@pytest.mark.parametrize(
    ("status", "date", "reason", "fields"),
    [
        ("left", lambda m: today() + dt.timedelta(days=1), "ลาออก", {"date"}),
        ("left", lambda m: m.joined_on - dt.timedelta(days=1), "ลาออก", {"date"}),
        ("left", lambda m: today(), "   ", {"reason"}),
        ("active", lambda m: today(), "ลาออก", {"status"}),
        ("retired", lambda m: today(), "ลาออก", {"status"}),
        ("active", lambda m: today() + dt.timedelta(days=1), "", {"status", "date", "reason"}),
    ],
    ids=["future", "before-joining", "no-reason", "status-active", "status-unknown", "all-wrong"],
)
def test_leave_refusals(world, group, status, date, reason, fields):
    member = services.member_create(group=group, data=member_data(43), actor=world.treasurer)
    logs = LogEntry.objects.count()
    errors = refused(
        services.member_leave, member=member, status=status, date=date(member), reason=reason, actor=world.treasurer
    )
    assert set(errors) == fields
    fresh = Member.objects.get(id=member.id)
    assert (fresh.status, fresh.status_date, fresh.status_reason) == ("active", None, "")
    assert LogEntry.objects.count() == logs


# --- households -------------------------------------------------------------------------------------


def test_household_save_creates_updates_and_refuses_duplicates(world, group):
    household = services.household_save(
        group=group, household=None, house_number="1", address="หมู่ 2", note="", actor=world.treasurer
    )
    assert (household.group_id, household.house_number, household.address) == (group.id, "1", "หมู่ 2")
    services.household_save(
        group=group, household=household, house_number="1", address="หมู่ 3", note="หลังวัด", actor=world.treasurer
    )
    household.refresh_from_db()
    assert (household.address, household.note) == ("หมู่ 3", "หลังวัด")
    other = services.household_save(
        group=group, household=None, house_number="2", address="", note="", actor=world.treasurer
    )
    errors = refused(
        services.household_save,
        group=group,
        household=other,
        house_number="1",
        address="",
        note="",
        actor=world.treasurer,
    )
    assert list(errors) == ["house_number"]
    errors = refused(
        services.household_save, group=group, household=None, house_number="1", address="", note="", actor=None
    )
    assert list(errors) == ["house_number"]
    # the same house number in another group is another household
    services.household_save(group=world.group_b, household=None, house_number="1", address="", note="", actor=None)
    assert Household.objects.filter(house_number="1").count() == 2


# --- the database refuses what the services refuse ------------------------------------------------------


def raw_member(group, **overrides):
    values = {
        "group": group,
        "number": 990_001,
        "title": "นาง",
        "first_name": "ตรง",
        "last_name": "ฐานข้อมูล",
        "national_id_encrypted": encrypt(t.national_id(SEED + 99)),
        "national_id_hash": national_id_hash(t.national_id(SEED + 99)),
        "national_id_last4": t.national_id(SEED + 99)[-4:],
        "birth_date": dt.date(1970, 1, 1),
        "sex": "F",
        "joined_on": dt.date(2010, 1, 1),
    }
    values.update(overrides)
    return Member.objects.create(**values)


def test_raw_member_is_accepted_when_valid(world, group):
    # the control for the constraint tests below: the same fields without the fault are stored
    assert raw_member(group).id


def test_database_refuses_duplicate_number(world, group):
    with pytest.raises(IntegrityError), transaction.atomic():
        raw_member(group, number=world.member.number)
    assert not Member.objects.filter(first_name="ตรง").exists()


def test_database_refuses_duplicate_national_id_hash(world, group):
    with pytest.raises(IntegrityError), transaction.atomic():
        raw_member(group, national_id_hash=world.member.national_id_hash)


def test_database_refuses_status_without_date(world, group):
    with pytest.raises(IntegrityError), transaction.atomic():
        raw_member(group, status="left", status_date=None)
    assert raw_member(group, status="left", status_date=dt.date(2020, 1, 1)).status == "left"


@pytest.mark.parametrize("joined", [dt.date(1970, 1, 1), dt.date(1969, 12, 31)])
def test_database_refuses_joining_not_after_birth(world, group, joined):
    with pytest.raises(IntegrityError), transaction.atomic():
        raw_member(group, birth_date=dt.date(1970, 1, 1), joined_on=joined)


def test_database_refuses_one_user_twice_in_a_group(world, group):
    with pytest.raises(IntegrityError), transaction.atomic():
        raw_member(group, user=world.member_user)


def test_race_on_the_number_becomes_a_readable_refusal(world, group):
    """If two saves pass the check at once, the constraint's IntegrityError becomes a SajjaError."""
    member = services._create(group, member_data(50))
    with pytest.raises(SajjaError) as caught:
        services._create(group, member_data(51, number=member.number))
    assert caught.value.code == "duplicate"
    assert Member.objects.filter(group=group, number=member.number).count() == 1


# --- members_import ---------------------------------------------------------------------------------


def rows_of(count: int, start: int = 100, first_row: int = 2):
    return [(first_row + i, member_data(start + i, house_number=str(i % 4))) for i in range(count)]


def test_import_writes_every_row(world, group):
    before = Member.objects.filter(group=group).count()
    created = services.members_import(group=group, rows=rows_of(30), actor=world.treasurer)
    assert len(created) == 30
    assert Member.objects.filter(group=group).count() == before + 30
    numbers = set(Member.objects.filter(group=group, number__gte=900_100).values_list("number", flat=True))
    assert numbers == set(range(900_100, 900_130))
    assert Household.objects.filter(group=group, house_number__in=["0", "1", "2", "3"]).count() == 4
    entries = LogEntry.objects.filter(content_type__model="member", object_pk__in=[str(m.id) for m in created])
    assert entries.count() == 30
    assert set(entries.values_list("actor_id", flat=True)) == {world.treasurer.id}


def test_import_is_all_or_nothing(world, group):
    rows = rows_of(5)
    row_number, data = rows[3]
    rows[3] = (row_number, dataclasses.replace(data, birth_date=today() + dt.timedelta(days=2)))
    before = counts(group)
    with pytest.raises(ImportErrors) as caught:
        services.members_import(group=group, rows=rows, actor=world.treasurer)
    assert list(caught.value.problems) == [5]
    assert "birth_date" in caught.value.problems[5]
    assert counts(group) == before


def test_import_problems_keyed_by_the_given_row_numbers(world, group):
    rows = [
        (17, member_data(200)),
        (23, member_data(201, number=world.member.number)),  # taken in the group
        (40, member_data(202, joined_on=dt.date(1999, 1, 1))),  # before founding
    ]
    with pytest.raises(ImportErrors) as caught:
        services.members_import(group=group, rows=rows, actor=world.treasurer)
    problems = caught.value.problems
    assert set(problems) == {23, 40}
    assert list(problems[23]) == ["number"]
    assert list(problems[40]) == ["joined_on"]


def test_import_duplicates_inside_the_file_name_the_earlier_row(world, group):
    first = member_data(300)
    rows = [
        (2, first),
        (3, member_data(301)),
        (4, member_data(302, number=first.number)),
        (6, member_data(303, national_id=first.national_id)),
        (7, member_data(304, number=first.number, national_id=first.national_id)),
    ]
    before = counts(group)
    with pytest.raises(ImportErrors) as caught:
        services.members_import(group=group, rows=rows, actor=world.treasurer)
    problems = caught.value.problems
    assert set(problems) == {4, 6, 7}  # the first occurrence (row 2) is not blamed
    assert list(problems[4]) == ["number"]
    assert list(problems[6]) == ["national_id"]
    assert set(problems[7]) == {"number", "national_id"}
    for row in (4, 6, 7):
        for messages in problems[row].values():
            assert [re.findall(r"\d+", str(m)) for m in messages] == [["2"]]
    assert counts(group) == before


def test_import_of_nothing_writes_nothing(world, group):
    assert services.members_import(group=group, rows=[], actor=world.treasurer) == []


def test_import_checking_takes_the_same_queries_for_10_and_30_rows(world, group):
    with CaptureQueriesContext(connection) as ten:
        assert services.import_problems(group, rows_of(10)) == {}
    with CaptureQueriesContext(connection) as thirty:
        assert services.import_problems(group, rows_of(30)) == {}
    assert len(ten.captured_queries) == len(thirty.captured_queries)
    assert len(thirty.captured_queries) <= 3


# --- domain (pure) ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("birth", "day", "age"),
    [
        (dt.date(1990, 11, 25), dt.date(2026, 11, 24), 35),
        (dt.date(1990, 11, 25), dt.date(2026, 11, 25), 36),
        (dt.date(1990, 11, 25), dt.date(2026, 11, 26), 36),
        (dt.date(2000, 2, 29), dt.date(2001, 2, 28), 0),
        (dt.date(2000, 2, 29), dt.date(2001, 3, 1), 1),
        (dt.date(2000, 2, 29), dt.date(2004, 2, 29), 4),
        (dt.date(2026, 1, 1), dt.date(2026, 1, 1), 0),
        (dt.date(1990, 12, 31), dt.date(2026, 1, 1), 35),
    ],
)
def test_age_on(birth, day, age):
    assert domain.age_on(birth, day) == age


def test_birth_date_problem():
    day = dt.date(2026, 11, 25)
    assert domain.birth_date_problem(dt.date(2026, 11, 26), day) == "future"
    assert domain.birth_date_problem(day, day) is None
    assert domain.birth_date_problem(dt.date(1906, 11, 25), day) is None  # exactly 120
    assert domain.birth_date_problem(dt.date(1905, 11, 26), day) is None  # 120 until tomorrow
    assert domain.birth_date_problem(dt.date(1905, 11, 25), day) == "too_old"  # 121 today
    assert domain.birth_date_problem(dt.date(1906, 11, 26), day) is None  # 119


def test_join_date_problem():
    founded, day, birth = dt.date(2000, 1, 1), dt.date(2026, 11, 25), dt.date(1970, 1, 1)

    def problem(joined, birth=birth):
        return domain.join_date_problem(joined, birth=birth, founded=founded, today=day)

    assert problem(dt.date(2026, 11, 26)) == "future"
    assert problem(day) is None
    assert problem(founded) is None
    assert problem(dt.date(1999, 12, 31)) == "before_founding"
    assert problem(dt.date(2010, 5, 1), birth=dt.date(2010, 5, 1)) == "before_birth"
    assert problem(dt.date(2010, 5, 2), birth=dt.date(2010, 5, 1)) is None
    assert problem(dt.date(2010, 4, 30), birth=dt.date(2010, 5, 1)) == "before_birth"
    # the future wins over the other problems; founding is checked before birth
    assert problem(dt.date(2027, 1, 1), birth=dt.date(2028, 1, 1)) == "future"
    assert problem(dt.date(1990, 1, 1), birth=dt.date(1995, 1, 1)) == "before_founding"


@pytest.mark.parametrize(
    ("existing", "expected"), [([], 1), ([1], 2), ([3, 1, 7], 8), ([5, 2], 6), ([999_998], 999_999)]
)
def test_next_member_number(existing, expected):
    assert domain.next_member_number(existing) == expected
