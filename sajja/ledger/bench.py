"""Benchmarks of the books (``make bench``): posting, the trial balance and verifying the chain.

- ``ledger.post``: ``n`` entries of 2-4 lines posted by ``entries_post`` in one batch. Floor: the
  same rows (lines, then entries) inserted into the same tables with one ``executemany`` each, on
  reserved ids, with no checks and no hashing in Python. The database's triggers run for the floor
  too: they are the books' own refusal of bad rows, which no write to the books can skip, so the
  ratio measures what the service adds on top of the least a write must cost.
  Extra keys: the same figures without Django's DEBUG query log (``nolog_*``), and against a floor
  of multi-row inserts (``nolog_multirow_*``), which is faster than ``executemany`` on both engines.
- ``ledger.trial_balance``: the trial balance of a group of ``n`` lines, written raw (reading is
  what is measured). Floor: one raw ``GROUP BY`` over the lines. On PostgreSQL the tables are
  analysed after they are filled, as autovacuum would have done.
- ``ledger.verify``: ``verify_group`` over a chain of ``n`` entries. Floor: the same rows read by
  one raw query (streamed) and hashed with ``hashlib``. ``verify_tracemalloc_peak_mb`` and
  ``verify_rss_growth_mb`` (at n and at n/10) show that its memory does not grow with the chain.

On PostgreSQL the foreign keys and the balanced-at-commit trigger are deferred to COMMIT; the bench
rolls every scenario back, so each timed write (ours and the floor's) fires them itself with
``SET CONSTRAINTS ALL IMMEDIATE`` as the commit would, on the raw connection (not counted as the
operation's queries).
"""

import datetime as dt
import gc
import hashlib
import itertools
import random
import tracemalloc

from django.db import connection
from django.test.utils import override_settings

from sajja.accounts.models import User
from sajja.core.bench import Case, median_seconds, paired_median_seconds, peak_rss_mb, reset_peak_rss, scenario
from sajja.core.testing import make_group

from .models import JournalEntry, JournalLine
from .selectors import role_map, trial_balance
from .services import EntryIn, LineIn, _reserve_ids, entries_post
from .verify import verify_group

_users = itertools.count(1)

DEBIT_ROLES = ("cash", "cash", "cash", "bank", "loans_ordinary", "loans_emergency", "admin_expense")
CREDIT_ROLES = ("pledge", "pledge", "deposits", "loans_ordinary", "interest_income", "fine_income", "welfare_fund")
MEMOS = ("รับเงินสัจจะสะสม สมาชิกเลขที่ {}", "รับชำระเงินกู้และดอกเบี้ย สมาชิกเลขที่ {}", "จ่ายเงินกู้สามัญ สมาชิกเลขที่ {}")

LINE_COLUMNS = "group_id, entry_id, account_id, debit, credit, memo, member_id"
ENTRY_COLUMNS = "id, group_id, seq, date, memo, source, reverses_id, reason, created_by_id, created_at, prev_hash, hash"
INSERT_LINE = f"INSERT INTO ledger_journalline ({LINE_COLUMNS}) VALUES (%s, %s, %s, %s, %s, %s, %s)"  # noqa: S608
INSERT_ENTRY = f"INSERT INTO ledger_journalentry ({ENTRY_COLUMNS}) VALUES ({', '.join(['%s'] * 12)})"  # noqa: S608


def plan(
    count: int, *, seed: int = 7, start: int = 0
) -> list[tuple[dt.date, str, str, list[tuple[str, int, int, str]]]]:
    """``count`` balanced entries of 2-4 lines, as (date, memo, source, [(role, debit, credit, memo)]).
    Seeded: the same arguments give the same entries. Dates run forward over about four years."""
    rng = random.Random(seed * 1_000_003 + start)  # noqa: S311 - test data
    first = dt.date(2021, 1, 3)
    entries = []
    for i in range(start, start + count):
        member = i % 500 + 1
        amounts = [rng.randrange(100, 50_000) * 100 for _ in range(rng.choice((1, 2, 2, 3)))]
        total = sum(amounts)
        if rng.random() < 0.8:  # money in: one debit, one to three credits
            lines = [(rng.choice(DEBIT_ROLES[:2]), total, 0, "")]
            lines += [(rng.choice(CREDIT_ROLES), 0, a, f"สมาชิก {member}") for a in amounts]
        else:  # money out: one to three debits, one credit
            lines = [(rng.choice(DEBIT_ROLES), a, 0, f"สมาชิก {member}") for a in amounts]
            lines += [(rng.choice(DEBIT_ROLES[:2]), 0, total, "")]
        date = first + dt.timedelta(days=7 * (i // 250))
        entries.append((date, MEMOS[i % len(MEMOS)].format(member), f"meeting/{i // 250}", lines))
    return entries


def entry_inputs(entries) -> list[EntryIn]:
    return [
        EntryIn(
            date=date,
            memo=memo,
            source=source,
            lines=[LineIn(role, debit, credit, m) for role, debit, credit, m in lines],
        )
        for date, memo, source, lines in entries
    ]


def bench_books(label: str):
    """A group with its chart and ledger head (``make_group``), and a user who posts."""
    group = make_group(f"กลุ่มทดสอบบัญชี {label}")
    actor = User.objects.create(username=f"bench-ledger-{label}-{next(_users)}")
    return group, actor


def settle() -> None:
    """Fire the checks PostgreSQL defers to COMMIT (foreign keys, balanced-at-commit) now, as the
    commit the bench never makes would. On the raw connection: not one of the operation's queries."""
    if connection.vendor == "postgresql":
        connection.ensure_connection()
        with connection.connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")


class RawBooks:
    """Writes planned entries straight into the ledger tables: ids reserved, lines first with one
    ``executemany``, entries last with another (so the database's triggers run), no other check.
    A planned line is (role, debit, credit, memo) or (role, debit, credit, memo, member id)."""

    def __init__(self, group, actor):
        self.group, self.actor = group, actor
        self.accounts = role_map(group.id)
        self.seq = 0
        self.created_at = connection.ops.adapt_datetimefield_value(dt.datetime.now(dt.UTC))

    def rows(self, entries, hashes):
        """The (lines, entries) rows of ``entries``, ready to insert."""
        ids = _reserve_ids(len(entries))
        group_id, accounts, date = self.group.id, self.accounts, connection.ops.adapt_datefield_value
        line_rows = [
            (group_id, entry_id, accounts[role], debit, credit, memo, member_id)
            for entry_id, (_d, _m, _s, lines) in zip(ids, entries, strict=True)
            for role, debit, credit, memo, member_id in (_with_member(line) for line in lines)
        ]
        entry_rows = []
        for entry_id, (day, memo, source, _lines), (prev_hash, entry_hash) in zip(ids, entries, hashes, strict=True):
            self.seq += 1
            row = (entry_id, group_id, self.seq, date(day), memo, source, None, "", self.actor.id, self.created_at)
            entry_rows.append((*row, prev_hash, entry_hash))
        return line_rows, entry_rows

    @staticmethod
    def insert(line_rows, entry_rows) -> None:
        with connection.cursor() as cursor:
            cursor.executemany(INSERT_LINE, line_rows)
            cursor.executemany(INSERT_ENTRY, entry_rows)

    @staticmethod
    def insert_multirow(line_rows, entry_rows) -> None:
        """The same rows in the fewest statements each engine takes: multi-row ``VALUES`` on SQLite
        (as many parameters a statement as the connection allows), one ``INSERT ... SELECT FROM
        UNNEST`` a table on PostgreSQL."""
        with connection.cursor() as cursor:
            for model, columns, rows in (
                (JournalLine, LINE_COLUMNS, line_rows),
                (JournalEntry, ENTRY_COLUMNS, entry_rows),
            ):
                names = columns.split(", ")
                insert = f"INSERT INTO {model._meta.db_table} ({columns}) "
                if connection.vendor == "postgresql":
                    fields = {f.column: f for f in model._meta.concrete_fields}
                    arrays = ", ".join(f"(%s)::{fields[name].db_type(connection).split('(')[0]}[]" for name in names)
                    sql = f"{insert}SELECT * FROM UNNEST({arrays})"  # noqa: S608 - our own names
                    cursor.execute(sql, [list(c) for c in zip(*rows, strict=True)])
                    continue
                size = connection.features.max_query_params // len(names)
                for start in range(0, len(rows), size):
                    batch = rows[start : start + size]
                    values = ", ".join(["(" + ", ".join(["%s"] * len(names)) + ")"] * len(batch))
                    cursor.execute(f"{insert}VALUES {values}", [value for row in batch for value in row])

    def post(self, entries, hashes) -> None:
        self.insert(*self.rows(entries, hashes))


def _with_member(line: tuple) -> tuple:
    """A planned line as (role, debit, credit, memo, member id): the member is optional."""
    return line if len(line) == 5 else (*line, None)


def placeholder_hashes(count: int) -> list[tuple[str, str]]:
    """(prev_hash, hash) pairs of the right shape: the floor inserts rows, it computes nothing."""
    hashes = [hashlib.sha256(str(i).encode()).hexdigest() for i in range(count + 1)]
    return list(itertools.pairwise(hashes))


@scenario(
    "ledger.post",
    "n entries of 2-4 lines posted by entries_post in one batch; floor: the same rows by executemany",
    n=20_000,
)
def post(n: int) -> Case:
    entries = plan(n)
    items = entry_inputs(entries)
    group, actor = bench_books(f"post {n}")
    floor_books = RawBooks(*bench_books(f"post floor {n}"))
    hashes = placeholder_hashes(n)

    def run():
        posted = entries_post(group=group, entries=items, actor=actor)
        settle()
        assert len(posted) == n

    def floor():
        floor_books.post(entries, hashes)
        settle()

    def floor_multirow():
        floor_books.insert_multirow(*floor_books.rows(entries, hashes))
        settle()

    def extra():
        """The figures as in production, without Django's DEBUG query log (on SQLite it re-quotes
        every parameter of every statement, and only ours: ``executemany`` is not quoted), and
        against a floor of multi-row inserts, which is faster than ``executemany`` on both engines."""
        with override_settings(DEBUG=False):
            seconds, floor_seconds = paired_median_seconds(run, floor, repeats=3)
            multirow_seconds = median_seconds(floor_multirow, 3)
        return {
            "lines": _count(entries),
            "batches": 1,
            "nolog_seconds": round(seconds, 4),
            "nolog_floor_seconds": round(floor_seconds, 4),
            "nolog_ratio": round(seconds / floor_seconds, 2),
            "nolog_multirow_floor_seconds": round(multirow_seconds, 4),
            "nolog_multirow_ratio": round(seconds / multirow_seconds, 2),
        }

    return Case(run=run, floor=floor, extra=extra)


@scenario(
    "ledger.trial_balance",
    "trial balance of a group of n journal lines; floor: one raw GROUP BY over the lines",
    n=1_000_000,
)
def trial(n: int) -> Case:
    group, actor = bench_books(f"trial balance {n}")
    books = RawBooks(group, actor)
    # Reading is measured here, so the n lines are written raw in chunks (lines, then entries, all
    # balanced); their hashes are placeholders: this group's chain is not verified.
    for entries in entries_of_lines(n, seed=11):
        books.post(entries, placeholder_hashes(len(entries)))
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # autovacuum would have analysed tables of this size
            cursor.execute("ANALYZE ledger_journalline")
            cursor.execute("ANALYZE ledger_journalentry")
            cursor.execute("ANALYZE ledger_account")
    floor_sql = (
        "SELECT account_id, SUM(debit), SUM(credit) FROM ledger_journalline WHERE group_id = %s GROUP BY account_id"
    )

    def run():
        result = trial_balance(group.id)
        assert result["debit_total"] == result["credit_total"]

    def floor():
        with connection.cursor() as cursor:
            cursor.execute(floor_sql, [group.id])
            return cursor.fetchall()

    return Case(run=run, floor=floor, extra=lambda: {"entries": books.seq})


def _count(entries) -> int:
    return sum(len(entry[3]) for entry in entries)


def entries_of_lines(n: int, *, seed: int, chunk: int = 20_000):
    """Planned entries of exactly ``n`` lines in all (n >= 2), in chunks of at most ``chunk + 2``."""
    taken, start = 0, 0
    while True:
        entries = []
        for entry in plan(chunk, seed=seed, start=start):
            size = len(entry[3])
            if n - taken - size < 2 and n - taken != size:
                break
            entries.append(entry)
            taken += size
        else:
            if entries:
                yield entries
            start += chunk
            continue
        left = n - taken  # 0, or 2 to 5 lines: one or two entries more
        date = entries[-1][0] if entries else dt.date(2021, 1, 3)
        entries += [_exact_entry(date, size) for size in ((2, 3) if left == 5 else (left,) if left else ())]
        if entries:
            yield entries
        return


def _exact_entry(date: dt.date, lines: int):
    """One balanced entry of exactly ``lines`` (2 to 4) lines."""
    credits = [(role, 0, 10_000, "") for role in CREDIT_ROLES[1:lines]]
    return (date, "ปรับยอดท้ายชุดข้อมูล", "", [("cash", 10_000 * (lines - 1), 0, ""), *credits])


@scenario(
    "ledger.verify",
    "verify_group over a chain of n entries (streamed); floor: one raw query of the same rows hashed by hashlib",
    n=100_000,
    queries="per_item",
)
def verify(n: int) -> Case:
    group, actor = bench_books(f"verify {n}")
    for start in range(0, n, 10_000):  # the chain is built by the service: its hashes are real
        entries_post(group=group, entries=entry_inputs(plan(min(10_000, n - start), seed=13, start=start)), actor=actor)
    settle()
    floor_sql = (
        "SELECT e.seq, e.date, e.memo, e.source, r.seq, e.reason, e.prev_hash, e.hash, a.code, l.debit, l.credit, l.memo "
        "FROM ledger_journalentry e JOIN ledger_journalline l ON l.entry_id = e.id "
        "JOIN ledger_account a ON a.id = l.account_id LEFT JOIN ledger_journalentry r ON r.id = e.reverses_id "
        "WHERE e.group_id = %s ORDER BY e.seq, l.id"
    )

    def run():
        result = verify_group(group.id)
        assert result.ok, result
        assert result.entries == n, result

    def floor():
        count, seq, digest = 0, None, None
        with connection.chunked_cursor() as cursor:  # server-side on PostgreSQL: streamed as ours is
            cursor.execute(floor_sql, [group.id])
            while rows := cursor.fetchmany(2000):
                for row in rows:
                    if row[0] != seq:
                        if digest is not None:
                            digest.hexdigest()
                        seq, count, digest = row[0], count + 1, hashlib.sha256("\x1f".join(map(str, row[:8])).encode())
                    digest.update("\x1f".join(map(str, row[8:])).encode())
        if digest is not None:
            digest.hexdigest()
        assert count == n, count

    def extra():
        gc.collect()
        reset, before = reset_peak_rss(), peak_rss_mb()  # the peak starts again from the RSS now
        verify_group(group.id, record=False)
        growth = round(peak_rss_mb() - before, 1) if reset else None
        tracemalloc.start()
        verify_group(group.id, record=False)
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        return {"verify_tracemalloc_peak_mb": round(peak / 2**20, 1), "verify_rss_growth_mb": growth}

    return Case(run=run, floor=floor, extra=extra)
