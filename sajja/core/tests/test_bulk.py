"""``core.bulk`` (rows written in one statement a table, instances built without reading them back)
and the ``__among`` lookup (a long list of ids as one parameter), on the engine the suite runs on."""

import datetime as dt
import re

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from sajja.core import testing as t
from sajja.core.bulk import insert_rows, loaded, reserve_ids
from sajja.groups.models import Group
from sajja.members.models import Household

FIELDS = ("id", "group", "created_at", "updated_at", "house_number", "address", "note")  # the model's order
WHEN = dt.datetime(2026, 6, 5, 9, 30, 15, 123456, tzinfo=dt.UTC)


def statements(captured) -> list[str]:
    # An executemany is logged as "N times: INSERT ...": one statement.
    return [re.sub(r"^\d+ times: ", "", q["sql"]) for q in captured.captured_queries]


def rows_for(group, ids):
    return [(i, group.id, WHEN, WHEN, f"{i}/7", "หมู่ 3 บ้านนาซาน", "") for i in ids]


@pytest.fixture
def group(db):
    return t.make_group()


def test_rows_past_the_parameter_limit_go_in_one_statement_and_read_back_the_same(group):
    """7,000 rows of 7 fields are 49,000 values: more than SQLite's 32,766 parameters a statement,
    so a multi-row INSERT would need two; here it is one on both engines."""
    ids = reserve_ids(Household, 7_000)
    assert ids == list(range(ids[0], ids[0] + 7_000))
    with CaptureQueriesContext(connection) as captured:
        insert_rows(Household, FIELDS, rows_for(group, ids))
    assert [s.split()[0] for s in statements(captured)] == ["INSERT"]
    assert Household.objects.filter(group=group).count() == 7_000
    first = Household.objects.get(id=ids[0])
    assert (first.house_number, first.address, first.created_at) == (f"{ids[0]}/7", "หมู่ 3 บ้านนาซาน", WHEN)
    # The next reservation starts after them.
    assert reserve_ids(Household, 2)[0] > ids[-1]


def test_the_tables_constraints_still_refuse_a_bad_row_and_nothing_is_written(group):
    ids = reserve_ids(Household, 3)
    rows = rows_for(group, ids)
    rows[2] = (ids[2], group.id, WHEN, WHEN, rows[0][4], "", "")  # the house number of row 0 again
    with pytest.raises(IntegrityError), transaction.atomic():
        insert_rows(Household, FIELDS, rows)
    assert not Household.objects.filter(group=group).exists()


def test_nothing_to_insert_is_no_statement(group):
    with CaptureQueriesContext(connection) as captured:
        insert_rows(Household, FIELDS, [])
        assert reserve_ids(Household, 0) == []
    assert captured.captured_queries == []


def test_loaded_instances_are_the_rows_as_read_back(group):
    ids = reserve_ids(Household, 2)
    rows = rows_for(group, ids)
    insert_rows(Household, FIELDS, rows)
    made = loaded(Household, FIELDS, rows, group=group)
    for instance in made:
        stored = Household.objects.get(id=instance.id)
        assert [getattr(instance, f.attname) for f in Household._meta.concrete_fields] == [
            getattr(stored, f.attname) for f in Household._meta.concrete_fields
        ]
        assert not instance._state.adding
        assert instance._state.db == connection.alias
    with CaptureQueriesContext(connection) as captured:
        assert made[0].group is group  # the instance given, no query
    assert captured.captured_queries == []
    # A saved instance updates its row (an UPDATE, not a second INSERT).
    made[0].note = "ย้ายบ้าน"
    made[0].save(update_fields=["note"])
    assert Household.objects.get(id=ids[0]).note == "ย้ายบ้าน"


def test_loaded_needs_every_field_in_order(group):
    with pytest.raises(ValueError, match="every concrete field in order"):
        loaded(Household, ("group", "id", "house_number"), [(group.id, 1, "1")])


def test_among_finds_what_in_finds_with_one_parameter(world):
    a, b = world.group_a, world.group_b
    ids = reserve_ids(Household, 1_500)
    insert_rows(Household, FIELDS, rows_for(a, ids[:1_000]) + rows_for(b, ids[1_000:]))
    wanted = ids[::3] + [10**12]  # one id that does not exist
    among = Household.objects.filter(id__among=wanted)
    assert sorted(among.values_list("id", flat=True)) == sorted(
        Household.objects.filter(id__in=wanted).values_list("id", flat=True)
    )
    sql, params = among.query.sql_with_params()
    assert len(params) == 1
    # On a foreign key, and with other filters.
    in_a = Household.objects.filter(group__among=[a.id], id__among=wanted)
    assert in_a.count() == len(ids[:1_000:3])
    assert Household.objects.filter(group_id__among={b.id}).count() == 500
    assert not Household.objects.filter(id__among=[]).exists()
    assert Group.objects.filter(id__among=(a.id, b.id)).count() == 2


@pytest.mark.parametrize("bad", [["1"], [1.0], [None], [True]])
def test_among_takes_whole_numbers_only(db, bad):
    with pytest.raises(TypeError, match="whole numbers"):
        Household.objects.filter(id__among=bad)


def test_timezone_aware_times_round_trip(group):
    now = timezone.now()
    (i,) = reserve_ids(Household, 1)
    insert_rows(Household, FIELDS, [(i, group.id, now, now, "9", "", "")])
    assert Household.objects.get(id=i).created_at == now
