"""``manage.py ledger_verify`` and ``verify.verify_group``: a clean chain passes and is recorded; a
quiet edit made with the database's guards switched off is found and named."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from sajja.ledger import domain, selectors, services
from sajja.ledger.models import Account, JournalEntry, JournalLine, LedgerHead, LedgerVerification
from sajja.ledger.services import EntryIn, LineIn
from sajja.ledger.verify import Result, verify_group

D = dt.date(2026, 1, 5)


def pair(debit_role, credit_role, amount):
    return [LineIn(debit_role, debit=amount), LineIn(credit_role, credit=amount)]


@pytest.fixture
def books(world):
    """Five entries in group A (the third a repayment, the fifth reversing the fourth), two in B."""
    a = world.group_a
    services.entries_post(
        group=a,
        actor=world.treasurer,
        entries=[
            EntryIn(date=D, memo="ค่าธรรมเนียมแรกเข้า", lines=pair("cash", "entry_fee_income", 2000)),
            EntryIn(date=D, memo="จ่ายเงินกู้", lines=pair("loans_ordinary", "cash", 1_000_000)),
            EntryIn(
                date=dt.date(2026, 2, 5),
                memo="รับชำระเงินกู้",
                source="ใบเสร็จ 3",
                lines=[
                    LineIn("cash", debit=131500),
                    LineIn("loans_ordinary", credit=100000),
                    LineIn("interest_income", credit=30000),
                    LineIn("fine_income", credit=1500),
                ],
            ),
        ],
    )
    fourth = services.entry_post(
        group=a, date=dt.date(2026, 2, 5), memo="ฝาก", lines=pair("cash", "deposits", 5000), actor=world.treasurer
    )
    services.entry_reverse(entry=fourth, date=dt.date(2026, 2, 6), reason="บันทึกซ้ำ", actor=world.treasurer)
    for n in (1, 2):
        services.entry_post(
            group=world.group_b,
            date=D,
            memo=f"สัจจะ {n}",
            lines=pair("cash", "pledge", 100 * n),
            actor=world.treasurer_b,
        )
    return a


def entry(group, seq) -> JournalEntry:
    return JournalEntry.objects.get(group=group, seq=seq)


def unlock(*tables):
    """Switch the append-only guards off inside the test's transaction (rolled back with it)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # ALTER TABLE refuses while deferred checks of this transaction are pending: run them now.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            for table in tables:
                cursor.execute(f"ALTER TABLE ledger_{table} DISABLE TRIGGER USER")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        else:
            for table in tables:
                cursor.execute(f"DROP TRIGGER ledger_{table}_no_update")
                cursor.execute(f"DROP TRIGGER ledger_{table}_no_delete")


def sql(statement, params=()):
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        return cursor.rowcount


def verify_command(group_id=None) -> tuple[str, CommandError | None]:
    out = io.StringIO()
    args = ["--group", str(group_id)] if group_id else []
    try:
        call_command("ledger_verify", *args, stdout=out)
    except CommandError as error:
        return out.getvalue(), error
    return out.getvalue(), None


# --- a clean chain -----------------------------------------------------------------------------------


def test_a_clean_chain_passes_and_is_recorded(world, books):
    head = LedgerHead.objects.get(group=books)
    output, error = verify_command()
    assert error is None
    assert f"group {books.id} {books.name}: 5 entries OK, head {head.hash}" in output
    head_b = LedgerHead.objects.get(group=world.group_b)
    assert f"group {world.group_b.id} {world.group_b.name}: 2 entries OK, head {head_b.hash}" in output
    assert "BROKEN" not in output

    record = LedgerVerification.objects.get(group=books)
    assert (record.ok, record.entries, record.head_hash, record.first_bad_seq) == (True, 5, head.hash, None)
    assert LedgerVerification.objects.get(group=world.group_b).ok is True
    status = selectors.status(books.id)
    assert (status.verified_ok, status.verified_at) == (True, record.verified_at)


def test_one_group_is_verified_with_group(world, books):
    output, error = verify_command(books.id)
    assert error is None
    assert f"group {books.id} " in output
    assert f"group {world.group_b.id} " not in output
    assert LedgerVerification.objects.filter(group=books, ok=True).count() == 1
    assert not LedgerVerification.objects.filter(group=world.group_b).exists()


def test_an_unknown_group_is_an_error(books):
    with pytest.raises(CommandError, match="no group 999999"):
        call_command("ledger_verify", "--group", "999999", stdout=io.StringIO())


def test_verify_group_fields_on_a_clean_chain(books):
    head = LedgerHead.objects.get(group=books)
    result = verify_group(books.id, record=False)
    assert result == Result(group_id=books.id, entries=5, ok=True, head_hash=head.hash, first_bad_seq=None, problem="")
    assert head.hash == entry(books, 5).hash
    assert not LedgerVerification.objects.exists()  # record=False records nothing


def test_an_empty_chain_is_ok(world):
    result = verify_group(world.group_a.id)
    assert (result.ok, result.entries, result.head_hash) == (True, 0, domain.GENESIS_HASH)
    assert LedgerVerification.objects.get(group=world.group_a).ok is True


def test_a_long_chain_is_walked_in_chunks(world):
    services.entries_post(
        group=world.group_a,
        actor=world.treasurer,
        entries=[EntryIn(date=D, memo=f"ฝาก {n}", lines=pair("cash", "deposits", n)) for n in range(1, 61)],
    )
    assert [e.seq for e, _lines in selectors.chain(world.group_a.id, chunk=7)] == list(range(1, 61))
    assert verify_group(world.group_a.id).ok


# --- tampering ---------------------------------------------------------------------------------------


def assert_broken(group, seq, problem, *, entries, head_hash):
    output, error = verify_command(group.id)
    assert error is not None
    assert f"ledger chain broken in group(s) {group.id}" in str(error)
    assert f"group {group.id} {group.name}: BROKEN at entry #{seq}: {problem}" in output
    record = LedgerVerification.objects.filter(group=group).latest("verified_at")
    assert (record.ok, record.first_bad_seq, record.entries, record.head_hash) == (False, seq, entries, head_hash)
    result = verify_group(group.id, record=False)
    assert result == Result(group.id, entries, False, head_hash, seq, problem)


def test_changed_amounts_in_entry_3_are_found_even_when_it_still_balances(world, books):
    before = selectors.trial_balance(books.id)
    unlock("journalline")
    third = entry(books, 3)
    # 1,315 baht received becomes 1,215: cash and the interest both lose 100 baht.
    assert sql("UPDATE ledger_journalline SET debit = 121500 WHERE entry_id = %s AND debit = 131500", [third.id]) == 1
    assert sql("UPDATE ledger_journalline SET credit = 20000 WHERE entry_id = %s AND credit = 30000", [third.id]) == 1
    assert sorted(JournalLine.objects.filter(entry=third).values_list("debit", "credit")) == [
        (0, 1500),
        (0, 20000),
        (0, 100000),
        (121500, 0),
    ]
    # The trial balance cannot see it: it still agrees, only lower.
    after = selectors.trial_balance(books.id)
    assert after["debit_total"] == after["credit_total"]
    assert after != before

    assert_broken(books, 3, "content changed after posting", entries=3, head_hash=entry(books, 2).hash)
    # The other group's chain is still sound, and said to be.
    output, error = verify_command()
    assert f"group {world.group_b.id} {world.group_b.name}: 2 entries OK" in output
    assert f"ledger chain broken in group(s) {books.id}" == str(error)


def test_a_line_moved_to_another_account_is_found(books):
    unlock("journalline")
    third = entry(books, 3)
    fine_income = JournalLine.objects.get(entry=third, credit=1500)
    other = Account.objects.get(group=books, code="4109")
    assert sql("UPDATE ledger_journalline SET account_id = %s WHERE id = %s", [other.id, fine_income.id]) == 1
    assert_broken(books, 3, "content changed after posting", entries=3, head_hash=entry(books, 2).hash)


def test_a_changed_memo_is_found(books):
    unlock("journalentry")
    assert sql("UPDATE ledger_journalentry SET memo = %s WHERE id = %s", ["รับชำระ", entry(books, 3).id]) == 1
    assert_broken(books, 3, "content changed after posting", entries=3, head_hash=entry(books, 2).hash)


def test_a_changed_line_memo_is_found(books):
    unlock("journalline")
    line = JournalLine.objects.filter(entry=entry(books, 2)).order_by("id").first()
    assert sql("UPDATE ledger_journalline SET memo = %s WHERE id = %s", ["x", line.id]) == 1
    assert_broken(books, 2, "content changed after posting", entries=2, head_hash=entry(books, 1).hash)


@pytest.mark.parametrize(
    ("column", "value"),
    [("date", dt.date(2026, 1, 6)), ("source", ""), ("reason", "อื่น")],
)
def test_other_changed_fields_are_found(books, column, value):
    unlock("journalentry")
    seq = 5 if column == "reason" else 3
    assert sql(f"UPDATE ledger_journalentry SET {column} = %s WHERE id = %s", [value, entry(books, seq).id]) == 1  # noqa: S608
    assert_broken(books, seq, "content changed after posting", entries=seq, head_hash=entry(books, seq - 1).hash)


def test_a_rewritten_previous_hash_is_found(books):
    unlock("journalentry")
    assert sql("UPDATE ledger_journalentry SET prev_hash = %s WHERE id = %s", ["1" * 64, entry(books, 4).id]) == 1
    assert_broken(books, 4, "previous hash does not match", entries=4, head_hash=entry(books, 3).hash)


def test_a_deleted_last_entry_is_found(books):
    unlock("journalline", "journalentry")
    last = entry(books, 5)
    fourth_hash = entry(books, 4).hash
    assert sql("DELETE FROM ledger_journalline WHERE entry_id = %s", [last.id]) == 2
    assert sql("DELETE FROM ledger_journalentry WHERE id = %s", [last.id]) == 1
    head = LedgerHead.objects.get(group=books)
    assert (head.seq, head.hash) == (5, last.hash)  # the head points further than the chain goes
    assert_broken(books, 5, "entries missing at the end", entries=4, head_hash=fourth_hash)


def test_a_deleted_entry_in_the_middle_is_found(books):
    unlock("journalline", "journalentry")
    second = entry(books, 2)
    sql("DELETE FROM ledger_journalline WHERE entry_id = %s", [second.id])
    sql("DELETE FROM ledger_journalentry WHERE id = %s", [second.id])
    assert_broken(books, 3, "missing entry before this one", entries=2, head_hash=entry(books, 1).hash)


def test_a_head_moved_back_is_found(books):
    """Hiding the last entries by moving the head back is as visible as deleting them."""
    LedgerHead.objects.filter(group=books).update(seq=4, hash=entry(books, 4).hash)
    output, error = verify_command(books.id)
    assert error is not None
    assert "BROKEN" in output
    result = verify_group(books.id, record=False)
    assert (result.ok, result.entries, result.head_hash) == (False, 5, entry(books, 5).hash)


def test_a_line_moved_to_another_groups_account_is_found(world, books):
    unlock("journalline")
    cash_line = JournalLine.objects.get(entry=entry(books, 3), debit=131500)
    cash_b = Account.objects.get(group=world.group_b, code="1101")
    assert sql("UPDATE ledger_journalline SET account_id = %s WHERE id = %s", [cash_b.id, cash_line.id]) == 1
    trial = selectors.trial_balance(books.id)
    assert trial["debit_total"] != trial["credit_total"]  # group A's books no longer balance ...
    assert not verify_group(books.id).ok  # ... and this is what fails today: the chain still verifies
