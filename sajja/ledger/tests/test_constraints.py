"""The database's own refusal of bad books, on SQLite and on PostgreSQL, for writes that go around
the services (raw SQL and the ORM): posted rows are append-only, entries balance, lines are
positive and one-sided, no line joins a posted entry, nothing is dated in a closed period."""

import datetime as dt

import pytest
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone

from sajja.core import testing as t
from sajja.ledger import domain, services
from sajja.ledger.models import Account, JournalEntry, JournalLine, LedgerHead
from sajja.ledger.services import LineIn

D = dt.date(2026, 1, 5)

ENTRY_COLUMNS = "id, group_id, seq, date, memo, source, reverses_id, reason, created_by_id, created_at, prev_hash, hash"


@pytest.fixture
def group(world):
    return world.group_a


@pytest.fixture
def actor(world):
    return world.treasurer


@pytest.fixture
def posted(group, actor):
    """A posted entry: 100 baht of pledge savings received in cash."""
    return services.entry_post(
        group=group,
        date=D,
        memo="เงินสัจจะ",
        lines=[LineIn("cash", debit=10000), LineIn("pledge", credit=10000)],
        actor=actor,
    )


def account(group, code) -> Account:
    return Account.objects.get(group=group, code=code)


def state():
    """Everything the journal holds, to show a refusal changed nothing."""
    return (
        list(JournalEntry.objects.order_by("id").values_list("id", "seq", "date", "memo", "hash")),
        list(JournalLine.objects.order_by("id").values_list("id", "entry_id", "account_id", "debit", "credit", "memo")),
    )


APPEND_ONLY = "append-only"
POSTED_ENTRY = "lines cannot be added to a posted entry"
UNBALANCED = "two or more balanced lines"
CLOSED = "the period is closed"
ONE_SIDE = "journalline_one_positive_side"


def refused(write, match, error=DatabaseError):
    """``write`` fails inside its own atomic block, with the database's message ``match`` (so a typo
    in the test's SQL cannot pass for a refusal), and leaves the journal as it was."""
    before = state()
    with pytest.raises(error, match=match), transaction.atomic():
        write()
    assert state() == before


def sql(statement, params=()):
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def next_seq(group) -> int:
    return LedgerHead.objects.get(group=group).seq + 1


def insert_lines_orm(group, entry_id, amounts):
    """Lines around the service: ``amounts`` is a list of (account code, debit, credit)."""
    JournalLine.objects.bulk_create(
        [
            JournalLine(group=group, entry_id=entry_id, account=account(group, code), debit=debit, credit=credit)
            for code, debit, credit in amounts
        ]
    )


def insert_lines_sql(group, entry_id, amounts):
    for code, debit, credit in amounts:
        sql(
            "INSERT INTO ledger_journalline (group_id, entry_id, account_id, debit, credit, memo) VALUES (%s, %s, %s, %s, %s, '')",
            [group.id, entry_id, account(group, code).id, debit, credit],
        )


def entry_fields(group, actor, entry_id, *, date=D, reverses=None, reason="") -> dict:
    return {
        "id": entry_id,
        "group": group,
        "seq": next_seq(group),
        "date": date,
        "memo": "เขียนอ้อมบริการ",
        "source": "",
        "reverses": reverses,
        "reason": reason,
        "created_by": actor,
        "prev_hash": domain.GENESIS_HASH,
        "hash": "f" * 64,
    }


def insert_entry_orm(group, actor, entry_id, **kwargs):
    return JournalEntry.objects.create(**entry_fields(group, actor, entry_id, **kwargs))


def insert_entry_sql(group, actor, entry_id, *, date=D, reverses=None, reason=""):
    sql(
        f"INSERT INTO ledger_journalentry ({ENTRY_COLUMNS}) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",  # noqa: S608
        [
            entry_id,
            group.id,
            next_seq(group),
            date,
            "เขียนอ้อมบริการ",
            "",
            reverses.id if reverses else None,
            reason,
            actor.id,
            timezone.now(),
            domain.GENESIS_HASH,
            "f" * 64,
        ],
    )


INSERTERS = {
    "orm": (insert_lines_orm, insert_entry_orm),
    "sql": (insert_lines_sql, insert_entry_sql),
}


# --- posted rows are append-only ---------------------------------------------------------------------


def test_a_posted_lines_debit_cannot_be_changed_with_sql(posted):
    line = posted.lines.order_by("id").first()
    refused(lambda: sql("UPDATE ledger_journalline SET debit = debit + 100 WHERE id = %s", [line.id]), APPEND_ONLY)
    assert JournalLine.objects.get(id=line.id).debit == 10000


def test_two_lines_changed_together_so_the_entry_still_balances_are_refused(posted):
    refused(
        lambda: sql(
            "UPDATE ledger_journalline SET debit = debit * 2, credit = credit * 2 WHERE entry_id = %s", [posted.id]
        ),
        APPEND_ONLY,
    )


def test_a_posted_lines_memo_or_account_cannot_be_changed(group, posted):
    line = posted.lines.order_by("id").first()
    refused(lambda: sql("UPDATE ledger_journalline SET memo = 'x' WHERE id = %s", [line.id]), APPEND_ONLY)
    refused(
        lambda: sql(
            "UPDATE ledger_journalline SET account_id = %s WHERE id = %s", [account(group, "1102").id, line.id]
        ),
        APPEND_ONLY,
    )


def test_a_posted_line_cannot_be_deleted_with_sql(posted):
    line = posted.lines.order_by("id").first()
    refused(lambda: sql("DELETE FROM ledger_journalline WHERE id = %s", [line.id]), APPEND_ONLY)
    refused(lambda: sql("DELETE FROM ledger_journalline WHERE entry_id = %s", [posted.id]), APPEND_ONLY)


def test_the_orm_cannot_update_journal_lines(posted):
    refused(lambda: JournalLine.objects.filter(entry=posted).update(memo="แก้"), APPEND_ONLY)
    refused(
        lambda: JournalLine.objects.filter(entry=posted).update(debit=F("debit") * 2, credit=F("credit") * 2),
        APPEND_ONLY,
    )
    line = posted.lines.order_by("id").first()
    line.debit = 1

    def save():
        line.save()

    refused(save, APPEND_ONLY)
    assert sorted(JournalLine.objects.filter(entry=posted).values_list("debit", "credit")) == [(0, 10000), (10000, 0)]


def test_the_orm_cannot_delete_journal_lines(posted):
    refused(lambda: JournalLine.objects.filter(entry=posted)._raw_delete(connection.alias), APPEND_ONLY)


def test_a_posted_entry_cannot_be_changed(posted):
    refused(lambda: sql("UPDATE ledger_journalentry SET memo = 'แก้' WHERE id = %s", [posted.id]), APPEND_ONLY)
    refused(
        lambda: sql("UPDATE ledger_journalentry SET date = %s WHERE id = %s", [dt.date(2026, 2, 1), posted.id]),
        APPEND_ONLY,
    )
    refused(lambda: JournalEntry.objects.filter(id=posted.id).update(hash="0" * 64), APPEND_ONLY)
    entry = JournalEntry.objects.get(id=posted.id)
    entry.memo = "แก้"

    def save():
        entry.save()

    refused(save, APPEND_ONLY)
    assert JournalEntry.objects.get(id=posted.id).memo == "เงินสัจจะ"


def test_a_posted_entry_cannot_be_deleted(posted):
    refused(lambda: sql("DELETE FROM ledger_journalentry WHERE id = %s", [posted.id]), APPEND_ONLY)
    # Even after its lines were (if they could be) gone: delete both in one block.
    refused(
        lambda: (
            sql("DELETE FROM ledger_journalline WHERE entry_id = %s", [posted.id]),
            sql("DELETE FROM ledger_journalentry WHERE id = %s", [posted.id]),
        ),
        APPEND_ONLY,
    )
    refused(lambda: JournalEntry.objects.filter(id=posted.id)._raw_delete(connection.alias), APPEND_ONLY)


# --- entries written around the services -------------------------------------------------------------


@pytest.mark.parametrize("how", ["orm", "sql"])
def test_a_balanced_entry_written_around_the_service_is_accepted(group, actor, posted, how):
    """The control for the refusals below: the same writes with good data go in."""
    insert_lines, insert_entry = INSERTERS[how]
    (entry_id,) = services._reserve_ids(1)
    with transaction.atomic():
        insert_lines(group, entry_id, [("1101", 500, 0), ("4109", 0, 500)])
        insert_entry(group, actor, entry_id)
    assert JournalLine.objects.filter(entry_id=entry_id).count() == 2
    assert JournalEntry.objects.filter(id=entry_id, group=group).exists()


@pytest.mark.parametrize("how", ["orm", "sql"])
@pytest.mark.parametrize(
    "amounts",
    [
        [("1101", 10000, 0), ("2101", 0, 9999)],  # unbalanced by one satang
        [("1101", 10000, 0), ("2101", 0, 5000), ("4101", 0, 4000)],
        [("1101", 10000, 0), ("2101", 10000, 0)],  # two debits
        [("1101", 10000, 0)],  # one line
        [],  # no lines at all
    ],
)
def test_an_unbalanced_entry_is_refused_at_its_insert(group, actor, posted, how, amounts):
    insert_lines, insert_entry = INSERTERS[how]
    (entry_id,) = services._reserve_ids(1)
    before = state()
    reached = []

    def write():
        if amounts:
            insert_lines(group, entry_id, amounts)
        reached.append("lines")  # the lines themselves are accepted ...
        insert_entry(group, actor, entry_id)  # ... the entry that would post them is not
        reached.append("entry")

    with pytest.raises(DatabaseError, match=UNBALANCED), transaction.atomic():
        write()
    assert reached == ["lines"]
    assert state() == before


@pytest.mark.django_db(transaction=True)
def test_lines_whose_entry_is_never_inserted_fail_at_commit():
    """Lines pointing at a reserved entry id that never arrives: accepted by each INSERT, refused
    when the transaction commits (PostgreSQL: the deferred checks; SQLite: the deferred foreign key)."""
    group = t.make_group()
    reached = []

    def write():
        (entry_id,) = services._reserve_ids(1)
        insert_lines_orm(group, entry_id, [("1101", 10000, 0), ("2101", 0, 9000)])
        reached.append("lines")

    with pytest.raises(DatabaseError), transaction.atomic():
        write()
    assert reached == ["lines"]
    assert JournalLine.objects.count() == 0
    assert JournalEntry.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_balanced_lines_without_their_entry_also_fail_at_commit():
    group = t.make_group()
    with pytest.raises(DatabaseError), transaction.atomic():
        insert_lines_sql(group, services._reserve_ids(1)[0], [("1101", 10000, 0), ("2101", 0, 10000)])
    assert JournalLine.objects.count() == 0


@pytest.mark.parametrize("how", ["orm", "sql"])
@pytest.mark.parametrize(
    "amounts",
    [
        [("1101", -100, 0), ("2101", 0, -100)],
        [("1101", 0, -100), ("2101", -100, 0)],
        [("1101", 100, 0), ("2101", 0, 200), ("4101", -100, 0)],
    ],
)
def test_a_negative_amount_line_is_refused(group, posted, how, amounts):
    insert_lines, _insert_entry = INSERTERS[how]
    (entry_id,) = services._reserve_ids(1)
    refused(lambda: insert_lines(group, entry_id, amounts), ONE_SIDE)


@pytest.mark.parametrize("how", ["orm", "sql"])
@pytest.mark.parametrize(
    "amounts",
    [
        [("1101", 100, 100), ("2101", 0, 0)],  # both sides, and an empty line
        [("1101", 100, 50), ("2101", 0, 50)],  # both sides, balanced overall
        [("1101", 0, 0), ("2101", 0, 0)],  # zero
    ],
)
def test_a_line_with_both_sides_or_none_is_refused(group, posted, how, amounts):
    insert_lines, _insert_entry = INSERTERS[how]
    (entry_id,) = services._reserve_ids(1)
    refused(lambda: insert_lines(group, entry_id, amounts), ONE_SIDE)


@pytest.mark.parametrize("how", ["orm", "sql"])
def test_no_line_is_added_to_a_posted_entry(group, posted, how):
    insert_lines, _insert_entry = INSERTERS[how]
    # Even a balanced pair, which would leave the entry balanced.
    refused(lambda: insert_lines(group, posted.id, [("1102", 500, 0), ("4109", 0, 500)]), POSTED_ENTRY)
    refused(lambda: insert_lines(group, posted.id, [("1101", 1, 0)]), POSTED_ENTRY)
    assert JournalLine.objects.filter(entry=posted).count() == 2


@pytest.mark.parametrize("how", ["orm", "sql"])
def test_an_entry_dated_in_the_closed_period_is_refused(group, actor, posted, how):
    services.period_close(group=group, through=dt.date(2026, 1, 31), actor=actor)
    insert_lines, insert_entry = INSERTERS[how]
    for day in (dt.date(2026, 1, 31), dt.date(2026, 1, 1), dt.date(2020, 6, 30)):
        (entry_id,) = services._reserve_ids(1)
        refused(
            lambda day=day, entry_id=entry_id: (
                insert_lines(group, entry_id, [("1101", 500, 0), ("4109", 0, 500)]),
                insert_entry(group, actor, entry_id, date=day),
            ),
            CLOSED,
        )
    # The day after the close is open.
    (entry_id,) = services._reserve_ids(1)
    with transaction.atomic():
        insert_lines(group, entry_id, [("1101", 500, 0), ("4109", 0, 500)])
        insert_entry(group, actor, entry_id, date=dt.date(2026, 2, 1))
    assert JournalEntry.objects.get(id=entry_id).date == dt.date(2026, 2, 1)


def test_another_groups_close_does_not_refuse_this_group(world, actor, posted):
    services.period_close(group=world.group_b, through=dt.date(2026, 12, 31), actor=world.treasurer_b)
    (entry_id,) = services._reserve_ids(1)
    with transaction.atomic():
        insert_lines_sql(world.group_a, entry_id, [("1101", 500, 0), ("4109", 0, 500)])
        insert_entry_sql(world.group_a, actor, entry_id, date=D)
    assert JournalEntry.objects.filter(id=entry_id).exists()


def test_a_reversal_row_needs_a_reason(group, actor, posted):
    (entry_id,) = services._reserve_ids(1)

    def write():
        insert_lines_orm(group, entry_id, [("1101", 0, 10000), ("2101", 10000, 0)])
        insert_entry_orm(group, actor, entry_id, reverses=posted, reason="")

    refused(write, "journalentry_reversal_reason", IntegrityError)


def test_an_entry_is_reversed_at_most_once_even_around_the_service(group, actor, posted):
    services.entry_reverse(entry=posted, date=D, reason="ผิด", actor=actor)
    (entry_id,) = services._reserve_ids(1)

    def write():
        insert_lines_orm(group, entry_id, [("1101", 0, 10000), ("2101", 10000, 0)])
        insert_entry_orm(group, actor, entry_id, reverses=posted, reason="อีกครั้ง")

    refused(write, "reverses_id", IntegrityError)
    assert JournalEntry.objects.filter(reverses=posted).count() == 1


def test_a_sequence_number_is_used_once_per_group(group, actor, posted):
    (entry_id,) = services._reserve_ids(1)

    def write():
        insert_lines_orm(group, entry_id, [("1101", 500, 0), ("4109", 0, 500)])
        JournalEntry.objects.create(**{**entry_fields(group, actor, entry_id), "seq": posted.seq})

    refused(write, "seq", IntegrityError)


# --- PostgreSQL's second look at commit --------------------------------------------------------------

postgresql_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="the commit-time check is PostgreSQL's")


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_postgresql_refuses_an_unbalanced_entry_at_commit_even_past_the_insert_trigger():
    """With the insert-time trigger switched off (in the same transaction), the deferred trigger
    still refuses the unbalanced entry when the block commits."""
    group, actor = t.make_group(), t.make_user("writer")
    reached = []

    def write():
        sql("ALTER TABLE ledger_journalentry DISABLE TRIGGER ledger_entry_checks")
        (entry_id,) = services._reserve_ids(1)
        insert_lines_sql(group, entry_id, [("1101", 10000, 0), ("2101", 0, 9999)])
        insert_entry_orm(group, actor, entry_id)
        reached.append("entry")  # accepted at the insert: the refusal comes at the block's exit

    with pytest.raises(DatabaseError, match="unbalanced entry"), transaction.atomic():
        write()
    assert reached == ["entry"]
    assert JournalEntry.objects.count() == JournalLine.objects.count() == 0
    with connection.cursor() as cursor:  # the ALTER was rolled back with the rest
        cursor.execute("SELECT tgenabled FROM pg_trigger WHERE tgname = 'ledger_entry_checks'")
        assert cursor.fetchone() == ("O",)


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_postgresql_refuses_lines_without_a_posted_entry_by_its_own_trigger():
    group = t.make_group()

    def write():
        insert_lines_sql(group, services._reserve_ids(1)[0], [("1101", 10000, 0), ("2101", 0, 10000)])
        # Run the ledger's deferred check now, ahead of the foreign key's, to see its own words.
        sql("SET CONSTRAINTS ledger_balanced_at_commit IMMEDIATE")

    with pytest.raises(DatabaseError, match="lines without a posted entry"), transaction.atomic():
        write()
    assert JournalLine.objects.count() == 0


# --- known gaps --------------------------------------------------------------------------------------


@pytest.mark.parametrize("how", ["orm", "sql"])
def test_a_line_on_another_groups_account_is_refused(world, actor, posted, how):
    a, b = world.group_a, world.group_b
    (entry_id,) = services._reserve_ids(1)
    insert_entry = INSERTERS[how][1]

    def write():
        JournalLine.objects.bulk_create(
            [
                JournalLine(group=a, entry_id=entry_id, account=account(b, "1101"), debit=500),
                JournalLine(group=a, entry_id=entry_id, account=account(a, "4109"), credit=500),
            ]
        )
        insert_entry(a, actor, entry_id)

    refused(write, None)
