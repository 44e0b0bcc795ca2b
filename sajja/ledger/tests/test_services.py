"""The ledger services (the one door for writes to the books): worked examples in satang, refusals
that write nothing, batches, and the per-group hash chain."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sajja.core.errors import SajjaError
from sajja.ledger import domain, selectors, services
from sajja.ledger.models import Account, AccountRole, JournalEntry, JournalLine, LedgerHead
from sajja.ledger.services import EntryIn, LineIn

D = dt.date(2026, 1, 5)


@pytest.fixture
def group(world):
    return world.group_a


@pytest.fixture
def actor(world):
    return world.treasurer


def lines_of(entry) -> list[tuple[str, int, int]]:
    """An entry's lines as posted: (account code, debit, credit), in posted order."""
    return list(JournalLine.objects.filter(entry=entry).order_by("id").values_list("account__code", "debit", "credit"))


def by_code(group) -> dict[str, int]:
    """Every account's balance on its normal side, by code."""
    return {row.account.code: row.balance for row in selectors.balances(group.id)}


def nonzero(group) -> dict[str, int]:
    return {code: value for code, value in by_code(group).items() if value}


def snapshot(group):
    head = LedgerHead.objects.get(group=group)
    return (
        JournalEntry.objects.count(),
        JournalLine.objects.count(),
        JournalEntry.objects.filter(group=group).count(),
        (head.seq, head.hash, head.closed_through),
    )


def post(group, actor, lines, *, date=D, memo="รายการ", source=""):
    return services.entry_post(group=group, date=date, memo=memo, lines=lines, source=source, actor=actor)


def pair(debit_role, credit_role, amount):
    return [LineIn(debit_role, debit=amount), LineIn(credit_role, credit=amount)]


# --- worked examples ---------------------------------------------------------------------------------


def test_entry_fee_of_20_baht(group, actor):
    entry = post(group, actor, pair("cash", "entry_fee_income", 2000), memo="ค่าธรรมเนียมแรกเข้า")
    assert lines_of(entry) == [("1101", 2000, 0), ("4101", 0, 2000)]
    assert nonzero(group) == {"1101": 2000, "4101": 2000}


def test_pledge_savings_of_100_baht(group, actor):
    entry = post(group, actor, pair("cash", "pledge", 10000), memo="เงินสัจจะ")
    assert lines_of(entry) == [("1101", 10000, 0), ("2101", 0, 10000)]
    assert nonzero(group) == {"1101": 10000, "2101": 10000}


def test_deposit_of_250_baht_50_satang(group, actor):
    entry = post(group, actor, pair("cash", "deposits", 25050), memo="ฝากออมทรัพย์")
    assert lines_of(entry) == [("1101", 25050, 0), ("2102", 0, 25050)]
    assert nonzero(group) == {"1101": 25050, "2102": 25050}


def test_loan_of_10000_baht_paid_out_in_cash(group, actor):
    entry = post(group, actor, pair("loans_ordinary", "cash", 1_000_000), memo="จ่ายเงินกู้สามัญ")
    assert lines_of(entry) == [("1201", 1_000_000, 0), ("1101", 0, 1_000_000)]
    # Cash on its normal (debit) side goes negative: the sign is kept, not clipped.
    assert nonzero(group) == {"1201": 1_000_000, "1101": -1_000_000}


def test_repayment_of_principal_interest_and_fine(group, actor):
    entry = post(
        group,
        actor,
        [
            LineIn("cash", debit=131500),
            LineIn("loans_ordinary", credit=100000, memo="เงินต้น"),
            LineIn("interest_income", credit=30000, memo="ดอกเบี้ย"),
            LineIn("fine_income", credit=1500, memo="ค่าปรับ"),
        ],
        memo="รับชำระเงินกู้",
    )
    assert lines_of(entry) == [("1101", 131500, 0), ("1201", 0, 100000), ("4102", 0, 30000), ("4103", 0, 1500)]
    assert list(JournalLine.objects.filter(entry=entry).order_by("id").values_list("memo", flat=True)) == [
        "",
        "เงินต้น",
        "ดอกเบี้ย",
        "ค่าปรับ",
    ]
    assert nonzero(group) == {"1101": 131500, "1201": -100000, "4102": 30000, "4103": 1500}


def test_an_account_object_or_its_id_may_stand_for_a_role(group, actor):
    cash = Account.objects.get(group=group, code="1101")
    bank = Account.objects.get(group=group, code="1102")
    entry = post(group, actor, [LineIn(bank, debit=700), LineIn(cash.id, credit=700)], memo="ฝากธนาคาร")
    assert lines_of(entry) == [("1102", 700, 0), ("1101", 0, 700)]


def test_a_role_pointed_at_another_account_posts_there(group, actor):
    # A group may point a role at another account: the code follows the role, not a fixed id.
    AccountRole.objects.filter(group=group, role="cash").update(account=Account.objects.get(group=group, code="1102"))
    entry = post(group, actor, pair("cash", "pledge", 500))
    assert lines_of(entry) == [("1102", 500, 0), ("2101", 0, 500)]


def test_the_whole_worked_sequence_with_a_reversal(group, actor, world):
    fee = post(group, actor, pair("cash", "entry_fee_income", 2000), memo="ค่าธรรมเนียมแรกเข้า", date=dt.date(2026, 1, 5))
    post(group, actor, pair("cash", "pledge", 10000), memo="เงินสัจจะ", date=dt.date(2026, 1, 5))
    post(group, actor, pair("cash", "deposits", 25050), memo="ฝากออมทรัพย์", date=dt.date(2026, 1, 5))
    post(group, actor, pair("loans_ordinary", "cash", 1_000_000), memo="จ่ายเงินกู้", date=dt.date(2026, 1, 6))
    post(
        group,
        actor,
        [
            LineIn("cash", debit=131500),
            LineIn("loans_ordinary", credit=100000),
            LineIn("interest_income", credit=30000),
            LineIn("fine_income", credit=1500),
        ],
        memo="รับชำระเงินกู้",
        date=dt.date(2026, 2, 5),
    )
    before_mistake = by_code(group)

    # The deposit was keyed twice: 50 baht that never came in.
    mistake = post(
        group, actor, pair("cash", "deposits", 5000), memo="ฝากออมทรัพย์ (ซ้ำ)", source="สมุด 7", date=dt.date(2026, 2, 5)
    )
    assert by_code(group)["1101"] == before_mistake["1101"] + 5000
    reversal = services.entry_reverse(entry=mistake, date=dt.date(2026, 2, 6), reason="  บันทึกซ้ำ  ", actor=world.vice)

    assert (mistake.seq, reversal.seq) == (6, 7)
    reversal.refresh_from_db()
    assert reversal.reverses_id == mistake.id
    assert reversal.reason == "บันทึกซ้ำ"  # stripped
    assert reversal.source == "สมุด 7"
    assert reversal.date == dt.date(2026, 2, 6)
    assert reversal.created_by == world.vice
    assert str(mistake.seq) in reversal.memo
    assert lines_of(reversal) == [("1101", 0, 5000), ("2102", 5000, 0)]
    assert lines_of(mistake) == [("1101", 5000, 0), ("2102", 0, 5000)]  # the mistake is still there
    assert JournalEntry.objects.get(id=mistake.id).reversed_by.id == reversal.id
    assert by_code(group) == before_mistake

    # Hand-computed, in satang.
    cash = 2000 + 10000 + 25050 - 1_000_000 + 131500 + 5000 - 5000
    assert cash == -831450
    expected = {
        "1101": -831450,
        "1201": 1_000_000 - 100000,
        "2101": 10000,
        "2102": 25050 + 5000 - 5000,
        "4101": 2000,
        "4102": 30000,
        "4103": 1500,
    }
    assert nonzero(group) == expected
    rows = {row.account.code: (row.debit, row.credit) for row in selectors.balances(group.id)}
    assert rows["1101"] == (2000 + 10000 + 25050 + 131500 + 5000, 1_000_000 + 5000)
    assert rows["1101"] == (173550, 1005000)
    assert rows["2102"] == (5000, 30050)
    assert rows["1201"] == (1_000_000, 100000)
    assert all(rows[code] == (0, 0) for code in rows if code not in expected)
    assert len(rows) == len(Account.objects.filter(group=group)) == 35

    trial = selectors.trial_balance(group.id)
    assert trial["debit_total"] == trial["credit_total"] == 900000
    net = {row["account"].code: (row["debit"], row["credit"]) for row in trial["rows"] if row["debit"] or row["credit"]}
    assert net == {
        "1101": (0, 831450),
        "1201": (900000, 0),
        "2101": (0, 10000),
        "2102": (0, 25050),
        "4101": (0, 2000),
        "4102": (0, 30000),
        "4103": (0, 1500),
    }

    # The books as of 31 January: the repayment and the correction are later.
    jan = {row.account.code: row.balance for row in selectors.balances(group.id, through=dt.date(2026, 1, 31))}
    assert jan["1101"] == 2000 + 10000 + 25050 - 1_000_000
    assert jan["1201"] == 1_000_000
    assert jan["4102"] == 0
    feb = {row.account.code: row.balance for row in selectors.balances(group.id, since=dt.date(2026, 2, 1))}
    assert feb["1101"] == 131500
    assert feb["2102"] == 0

    # Group B's books are untouched.
    assert nonzero(world.group_b) == {}
    assert selectors.trial_balance(world.group_b.id)["debit_total"] == 0
    assert fee.group_id == group.id


# --- refusals ----------------------------------------------------------------------------------------


def refused(group, code, call):
    before = snapshot(group)
    with pytest.raises(SajjaError) as caught:
        call()
    assert caught.value.code == code
    assert snapshot(group) == before
    return caught.value


@pytest.mark.parametrize(
    ("lines", "code"),
    [
        ([], "too_few_lines"),
        ([LineIn("cash", debit=100)], "too_few_lines"),
        ([LineIn("cash", debit=0), LineIn("pledge", credit=0)], "zero"),
        ([LineIn("cash", debit=100), LineIn("pledge", credit=0), LineIn("deposits", credit=100)], "zero"),
        ([LineIn("cash", debit=-100), LineIn("pledge", credit=-100)], "negative"),
        ([LineIn("cash", debit=100), LineIn("pledge", credit=-100), LineIn("deposits", credit=200)], "negative"),
        ([LineIn("cash", debit=100.0), LineIn("pledge", credit=100)], "float"),
        ([LineIn("cash", debit=100), LineIn("pledge", credit=100.0)], "float"),
        ([LineIn("cash", debit=True), LineIn("pledge", credit=1)], "float"),
        ([LineIn("cash", debit=100, credit=100), LineIn("pledge", credit=0, debit=0)], "both_sides"),
        ([LineIn("cash", debit=100, credit=50), LineIn("pledge", credit=50)], "both_sides"),
        ([LineIn("cash", debit=10000), LineIn("pledge", credit=9999)], "unbalanced"),
        (
            [
                LineIn("cash", debit=131500),
                LineIn("loans_ordinary", credit=100000),
                LineIn("interest_income", credit=30000),
            ],
            "unbalanced",
        ),
    ],
)
def test_bad_lines_are_refused_and_nothing_is_written(group, actor, lines, code):
    post(group, actor, pair("cash", "pledge", 100))  # the chain is not empty
    error = refused(group, code, lambda: post(group, actor, lines))
    assert error.field == "lines"


def test_an_account_of_another_group_is_refused(group, actor, world):
    foreign = Account.objects.get(group=world.group_b, code="1101")
    refused(
        group, "foreign_account", lambda: post(group, actor, [LineIn(foreign, debit=100), LineIn("pledge", credit=100)])
    )
    refused(
        group,
        "foreign_account",
        lambda: post(group, actor, [LineIn("cash", debit=100), LineIn(foreign.id, credit=100)]),
    )
    missing = Account.objects.order_by("-id").first().id + 1000
    error = refused(
        group, "foreign_account", lambda: post(group, actor, [LineIn(missing, debit=100), LineIn("pledge", credit=100)])
    )
    # The same words for another group's account and for none at all: ids reveal nothing.
    with pytest.raises(SajjaError) as other:
        post(group, actor, [LineIn(foreign.id, debit=100), LineIn("pledge", credit=100)])
    assert str(other.value) == str(error)
    assert JournalLine.objects.filter(account__group=world.group_b).count() == 0


def test_an_unknown_role_is_refused(group, actor):
    refused(
        group, "no_account", lambda: post(group, actor, [LineIn("petty_cash", debit=100), LineIn("pledge", credit=100)])
    )


@pytest.mark.parametrize("memo", ["", "   ", "\n\t"])
def test_an_entry_needs_a_memo(group, actor, memo):
    error = refused(group, "memo", lambda: post(group, actor, pair("cash", "pledge", 100), memo=memo))
    assert error.field == "memo"


@pytest.mark.parametrize("date", [None, "2026-01-05", dt.datetime(2026, 1, 5, 10, 0)])
def test_an_entry_needs_a_date(group, actor, date):
    refused(group, "date", lambda: post(group, actor, pair("cash", "pledge", 100), date=date))


def test_nothing_is_posted_on_or_before_the_closed_date(group, actor, world):
    early = post(group, actor, pair("cash", "pledge", 100), date=dt.date(2026, 1, 31))
    head = services.period_close(group=group, through=dt.date(2026, 1, 31), actor=actor)
    assert head.closed_through == dt.date(2026, 1, 31)
    assert LedgerHead.objects.get(group=group).closed_through == dt.date(2026, 1, 31)
    for day in (dt.date(2026, 1, 31), dt.date(2026, 1, 1), dt.date(2025, 12, 31)):
        error = refused(
            group, "closed_period", lambda day=day: post(group, actor, pair("cash", "pledge", 100), date=day)
        )
        assert error.field == "date"
    # A correction of a closed month is dated after the close.
    refused(
        group,
        "closed_period",
        lambda: services.entry_reverse(entry=early, date=dt.date(2026, 1, 31), reason="ผิด", actor=actor),
    )
    reversal = services.entry_reverse(entry=early, date=dt.date(2026, 2, 1), reason="ผิด", actor=actor)
    assert reversal.seq == 2
    later = post(group, actor, pair("cash", "pledge", 100), date=dt.date(2026, 2, 1))
    assert later.seq == 3
    # Another group's books are not closed.
    other = post(world.group_b, world.treasurer_b, pair("cash", "pledge", 100), date=dt.date(2026, 1, 1))
    assert other.seq == 1


def test_a_close_never_moves_back(group, actor):
    services.period_close(group=group, through=dt.date(2026, 3, 31), actor=actor)
    refused(
        group, "close_backwards", lambda: services.period_close(group=group, through=dt.date(2026, 2, 28), actor=actor)
    )
    refused(
        group, "close_backwards", lambda: services.period_close(group=group, through=dt.date(2026, 3, 31), actor=actor)
    )
    services.period_close(group=group, through=dt.date(2026, 4, 30), actor=actor)
    assert LedgerHead.objects.get(group=group).closed_through == dt.date(2026, 4, 30)


def test_an_entry_is_reversed_once_and_a_reversal_never(group, actor):
    entry = post(group, actor, pair("cash", "pledge", 10000))
    reversal = services.entry_reverse(entry=entry, date=D, reason="ผิดคน", actor=actor)
    refused(group, "already_reversed", lambda: services.entry_reverse(entry=entry, date=D, reason="อีกครั้ง", actor=actor))
    refused(
        group, "reverse_reversal", lambda: services.entry_reverse(entry=reversal, date=D, reason="กลับ", actor=actor)
    )
    # Fetched afresh from the database, the answers are the same.
    fresh = JournalEntry.objects.get(id=entry.id)
    refused(group, "already_reversed", lambda: services.entry_reverse(entry=fresh, date=D, reason="อีกครั้ง", actor=actor))
    refused(
        group,
        "reverse_reversal",
        lambda: services.entry_reverse(
            entry=JournalEntry.objects.get(id=reversal.id), date=D, reason="กลับ", actor=actor
        ),
    )


@pytest.mark.parametrize("reason", ["", "   "])
def test_a_reversal_needs_a_reason(group, actor, reason):
    entry = post(group, actor, pair("cash", "pledge", 10000))
    error = refused(group, "reason", lambda: services.entry_reverse(entry=entry, date=D, reason=reason, actor=actor))
    assert error.field == "reason"
    assert not JournalEntry.objects.filter(reverses=entry).exists()


def test_a_group_without_a_chart_cannot_post(world, actor):
    from sajja.groups.models import Group

    bare = Group.objects.create(name="ไม่มีผังบัญชี", village=world.group_a.village, founded_on=D)
    with pytest.raises(SajjaError) as caught:
        post(bare, actor, pair("cash", "pledge", 100))
    assert caught.value.code == "no_chart"
    assert JournalEntry.objects.count() == 0


def test_chart_create_is_idempotent(group):
    accounts, roles = Account.objects.filter(group=group).count(), AccountRole.objects.filter(group=group).count()
    services.chart_create(group=group)
    assert Account.objects.filter(group=group).count() == accounts == 35
    assert AccountRole.objects.filter(group=group).count() == roles == 35
    assert LedgerHead.objects.filter(group=group).count() == 1


# --- batches -----------------------------------------------------------------------------------------


def deposit(n: int, *, day=D) -> EntryIn:
    return EntryIn(date=day, memo=f"ฝาก {n}", lines=pair("cash", "deposits", 100 * n))


def test_an_empty_batch_writes_nothing(group, actor):
    before = snapshot(group)
    assert services.entries_post(group=group, entries=[], actor=actor) == []
    assert snapshot(group) == before


def test_a_batch_of_50_is_posted_in_order(group, actor):
    entries = services.entries_post(group=group, entries=[deposit(n) for n in range(1, 51)], actor=actor)
    assert [e.seq for e in entries] == list(range(1, 51))
    assert JournalLine.objects.filter(group=group).count() == 100
    assert by_code(group)["1101"] == 100 * sum(range(1, 51)) == 127500
    assert lines_of(entries[49]) == [("1101", 5000, 0), ("2102", 0, 5000)]


@pytest.mark.parametrize(
    ("bad", "code"),
    [
        (EntryIn(date=D, memo="ผิด", lines=pair("cash", "deposits", 100)[:1]), "too_few_lines"),
        (EntryIn(date=D, memo="ผิด", lines=[LineIn("cash", debit=100), LineIn("deposits", credit=99)]), "unbalanced"),
        (EntryIn(date=D, memo="", lines=pair("cash", "deposits", 100)), "memo"),
        (EntryIn(date=D, memo="ผิด", lines=pair("cash", "nowhere", 100)), "no_account"),
    ],
)
def test_a_batch_is_all_or_none(group, actor, bad, code):
    post(group, actor, pair("cash", "pledge", 100))
    batch = [deposit(n) for n in range(1, 50)] + [bad]
    assert len(batch) == 50
    refused(group, code, lambda: services.entries_post(group=group, entries=batch, actor=actor))
    assert JournalEntry.objects.filter(group=group).count() == 1
    # The books go on from where they were.
    assert post(group, actor, pair("cash", "pledge", 100)).seq == 2


def test_a_batch_with_a_foreign_account_in_its_last_entry_writes_nothing(group, actor, world):
    foreign = Account.objects.get(group=world.group_b, code="2102")
    batch = [deposit(n) for n in range(1, 50)] + [EntryIn(date=D, memo="ผิด", lines=pair("cash", foreign, 100))]
    refused(group, "foreign_account", lambda: services.entries_post(group=group, entries=batch, actor=actor))


def queries_to_post(group, actor, n: int) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        services.entries_post(group=group, entries=[deposit(i) for i in range(1, n + 1)], actor=actor)
    return [query["sql"] for query in queries.captured_queries]


def inserts(statements: list[str]) -> int:
    # Django logs an executemany (SQLite) as "N times: INSERT ...": one statement all the same.
    return sum(1 for sql in statements if re.sub(r"^\d+ times: ", "", sql.lstrip()).upper().startswith("INSERT"))


def test_a_batch_takes_the_same_number_of_queries_whatever_its_size(group, actor):
    ten = queries_to_post(group, actor, 10)
    hundred = queries_to_post(group, actor, 100)
    assert len(ten) == len(hundred)
    assert inserts(hundred) == 2  # the lines, then the entries
    assert JournalEntry.objects.filter(group=group).count() == 110


def test_one_insert_a_table_whatever_the_size_of_the_batch(group, actor):
    """The lines and the entries are one statement each on every engine, also past the database's
    parameter limit (2,500 entries, 5,000 lines: more than one multi-row INSERT could hold)."""
    runs = [queries_to_post(group, actor, n) for n in (1, 10, 2_500)]
    assert len(runs[0]) == len(runs[1]) == len(runs[2])
    assert [inserts(run) for run in runs] == [2, 2, 2]
    assert JournalEntry.objects.filter(group=group).count() == 2_511
    assert JournalLine.objects.filter(group=group).count() == 2 * 2_511


# --- the chain ---------------------------------------------------------------------------------------


def test_sequence_numbers_run_1_to_n_per_group_independently(world):
    a, b = world.group_a, world.group_b
    posted_a = [post(a, world.treasurer, pair("cash", "pledge", 100 + n)) for n in range(5)]
    posted_b = [post(b, world.treasurer_b, pair("cash", "pledge", 200 + n)) for n in range(3)]
    posted_a += services.entries_post(group=a, entries=[deposit(n) for n in range(1, 4)], actor=world.treasurer)
    assert [e.seq for e in posted_a] == [1, 2, 3, 4, 5, 6, 7, 8]
    assert [e.seq for e in posted_b] == [1, 2, 3]
    assert list(JournalEntry.objects.filter(group=a).order_by("seq").values_list("seq", flat=True)) == list(range(1, 9))
    assert list(JournalEntry.objects.filter(group=b).order_by("seq").values_list("seq", flat=True)) == [1, 2, 3]
    head_a, head_b = LedgerHead.objects.get(group=a), LedgerHead.objects.get(group=b)
    assert (head_a.seq, head_a.hash) == (8, posted_a[-1].hash)
    assert (head_b.seq, head_b.hash) == (3, posted_b[-1].hash)


def test_each_entry_chains_the_previous_hash(group, actor):
    posted = [post(group, actor, pair("cash", "pledge", 100 * n), memo=f"สัจจะ {n}") for n in range(1, 4)]
    posted += services.entries_post(group=group, entries=[deposit(n) for n in range(1, 4)], actor=actor)
    stored = list(JournalEntry.objects.filter(group=group).order_by("seq"))
    assert [e.hash for e in stored] == [e.hash for e in posted]
    assert stored[0].prev_hash == domain.GENESIS_HASH
    for before, entry in zip(stored, stored[1:], strict=False):
        assert entry.prev_hash == before.hash
    assert len({e.hash for e in stored}) == 6


def test_the_stored_hash_is_the_domain_hash_of_what_was_posted(group, actor):
    first = post(group, actor, pair("cash", "pledge", 10000), memo="เงินสัจจะ", source="ใบเสร็จ 1")
    second = services.entry_reverse(entry=first, date=dt.date(2026, 1, 6), reason="ผิดคน", actor=actor)
    assert first.hash == domain.entry_hash(
        prev_hash=domain.GENESIS_HASH,
        seq=1,
        date="2026-01-05",
        memo="เงินสัจจะ",
        source="ใบเสร็จ 1",
        reverses_seq=None,
        reason="",
        lines=[domain.Line("1101", debit=10000), domain.Line("2101", credit=10000)],
    )
    stored = JournalEntry.objects.get(id=second.id)
    assert stored.hash == domain.entry_hash(
        prev_hash=first.hash,
        seq=2,
        date="2026-01-06",
        memo=stored.memo,
        source="ใบเสร็จ 1",
        reverses_seq=1,
        reason="ผิดคน",
        lines=[domain.Line("1101", credit=10000), domain.Line("2101", debit=10000)],
    )


def test_a_refused_post_leaves_no_gap_in_the_numbers(group, actor):
    post(group, actor, pair("cash", "pledge", 100))
    with pytest.raises(SajjaError):
        post(group, actor, [LineIn("cash", debit=100), LineIn("pledge", credit=1)])
    assert post(group, actor, pair("cash", "pledge", 100)).seq == 2


def test_status_shows_the_head(group, actor):
    assert selectors.status(group.id).entries == 0
    assert selectors.status(group.id).head_hash == domain.GENESIS_HASH
    last = services.entries_post(group=group, entries=[deposit(n) for n in range(1, 4)], actor=actor)[-1]
    status = selectors.status(group.id)
    assert (status.entries, status.head_hash, status.verified_ok) == (3, last.hash, None)


def test_money_summary(group, actor):
    post(group, actor, pair("cash", "pledge", 1_500_000))
    post(group, actor, pair("bank", "cash", 1_000_000))
    post(group, actor, pair("loans_ordinary", "cash", 300_000))
    post(group, actor, pair("loans_emergency", "bank", 50_000))
    summary = selectors.money_summary(selectors.balances(group.id), selectors.role_map(group.id))
    assert summary == selectors.Summary(total=1_500_000, cash=200_000, bank=950_000, lent=350_000)
