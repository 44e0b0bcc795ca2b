"""Properties of the books under random sequences of balanced entries and reversals: they always
balance, every balance is the sum of its lines, the balance sheet balances, and the chain verifies."""

import datetime as dt
from collections import defaultdict

import pytest
from django.db import transaction
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from sajja.core import testing as t
from sajja.core.errors import SajjaError
from sajja.ledger import chart, domain, selectors, services
from sajja.ledger.models import Account, JournalEntry, JournalLine
from sajja.ledger.services import EntryIn, LineIn
from sajja.ledger.verify import verify_group

ROLES = [role for _code, _th, _en, _kind, role in chart.TEMPLATE if role]
CODE_OF = {role: code for code, _th, _en, _kind, role in chart.TEMPLATE if role}
KIND_OF = {code: kind for code, _th, _en, kind, _role in chart.TEMPLATE}
START = dt.date(2026, 1, 1)
MAX_SATANG = 10**9

SETTINGS = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def split(draw, total: int, parts: int) -> list[int]:
    """``total`` cut into ``parts`` positive whole amounts."""
    cuts = sorted(draw(st.sets(st.integers(1, total - 1), min_size=parts - 1, max_size=parts - 1))) if parts > 1 else []
    bounds = [0, *cuts, total]
    return [high - low for low, high in zip(bounds, bounds[1:], strict=False)]


@st.composite
def balanced_lines(draw) -> list[tuple[str, int, int]]:
    """2-4 lines over random roles, (role, debit, credit), debits = credits, each 1..10^9 satang."""
    count = draw(st.integers(2, 4))
    debits = draw(st.integers(1, count - 1))
    credits = count - debits
    total = draw(st.integers(max(debits, credits), MAX_SATANG))
    lines = [(draw(st.sampled_from(ROLES)), amount, 0) for amount in split(draw, total, debits)]
    lines += [(draw(st.sampled_from(ROLES)), 0, amount) for amount in split(draw, total, credits)]
    return draw(st.permutations(lines))


days = st.integers(0, 90).map(lambda n: START + dt.timedelta(days=n))

operations = st.lists(
    st.one_of(
        st.tuples(st.just("post"), st.lists(st.tuples(days, balanced_lines()), min_size=1, max_size=3)),
        st.tuples(st.just("reverse"), st.tuples(days, st.integers(0, 10**6))),
    ),
    min_size=1,
    max_size=10,
)


class Rollback(Exception):
    """Undo one example's writes, so each example starts from clean books."""


@pytest.fixture
def actor(db):
    return t.make_user("property_treasurer")


def run(ops, actor):
    """Apply ``ops`` to a fresh group; return it with a model of what was posted, kept in Python."""
    group = t.make_group()
    model = []  # per entry: {"date", "lines": [(code, debit, credit)], "reverses": index or None}
    posted: list[JournalEntry] = []
    for kind, payload in ops:
        if kind == "post":
            items = [
                EntryIn(date=day, memo=f"รายการ {n}", lines=[LineIn(role, debit=d, credit=c) for role, d, c in lines])
                for n, (day, lines) in enumerate(payload)
            ]
            posted += services.entries_post(group=group, entries=items, actor=actor)
            for day, lines in payload:
                model.append({"date": day, "lines": [(CODE_OF[r], d, c) for r, d, c in lines], "reverses": None})
            continue
        day, pick = payload
        if not posted:
            continue
        index = pick % len(posted)
        target = model[index]
        reversed_already = any(m["reverses"] == index for m in model)
        expected_refusal = (
            "reverse_reversal" if target["reverses"] is not None else "already_reversed" if reversed_already else None
        )
        if expected_refusal:
            with pytest.raises(SajjaError) as caught:
                services.entry_reverse(entry=posted[index], date=day, reason="แก้ไข", actor=actor)
            assert caught.value.code == expected_refusal
            event(f"refused: {expected_refusal}")
            continue
        posted.append(services.entry_reverse(entry=posted[index], date=day, reason="แก้ไข", actor=actor))
        event("reversed")
        model.append({"date": day, "lines": [(code, c, d) for code, d, c in target["lines"]], "reverses": index})
    return group, model


def normal_balance(kind: str, debit: int, credit: int) -> int:
    return debit - credit if kind in ("asset", "expense") else credit - debit


def model_balances(model, *, through=None) -> dict[str, int]:
    totals = defaultdict(lambda: [0, 0])
    for entry in model:
        if through is None or entry["date"] <= through:
            for code, debit, credit in entry["lines"]:
                totals[code][0] += debit
                totals[code][1] += credit
    return {code: normal_balance(KIND_OF[code], *totals[code]) for code in KIND_OF}


def check(group, model):
    lines = list(JournalLine.objects.filter(group=group).values_list("account__code", "debit", "credit"))
    assert len(lines) == sum(len(entry["lines"]) for entry in model)

    # Debits = credits over the whole journal.
    assert sum(d for _code, d, _c in lines) == sum(c for _code, _d, c in lines)

    # Every account's balance is the sum of its lines (read back from the rows), and what was posted.
    from_rows = defaultdict(lambda: [0, 0])
    for code, debit, credit in lines:
        from_rows[code][0] += debit
        from_rows[code][1] += credit
    rows = selectors.balances(group.id)
    assert len(rows) == len(KIND_OF)
    for row in rows:
        debit, credit = from_rows[row.account.code]
        assert (row.debit, row.credit) == (debit, credit)
        assert row.balance == normal_balance(row.account.kind, debit, credit)
    balances = {row.account.code: row.balance for row in rows}
    assert balances == model_balances(model)

    # The balance sheet balances: assets = liabilities + equity + (income - expenses).
    by_kind = defaultdict(int)
    for row in rows:
        by_kind[row.account.kind] += row.balance
    assert by_kind["asset"] == by_kind["liability"] + by_kind["equity"] + (by_kind["income"] - by_kind["expense"])

    trial = selectors.trial_balance(group.id)
    assert trial["debit_total"] == trial["credit_total"]

    # The chain: numbered 1..n, linked, and it verifies.
    entries = list(JournalEntry.objects.filter(group=group).order_by("seq"))
    assert [e.seq for e in entries] == list(range(1, len(model) + 1))
    assert [e.reverses.seq if e.reverses_id else None for e in entries] == [
        None if m["reverses"] is None else m["reverses"] + 1 for m in model
    ]
    prev = domain.GENESIS_HASH
    for entry in entries:
        assert entry.prev_hash == prev
        prev = entry.hash
    result = verify_group(group.id, record=False)
    assert result.ok, result
    assert (result.entries, result.head_hash) == (len(model), prev)


@SETTINGS
@given(ops=operations)
def test_random_books_always_balance_and_verify(actor, ops):
    try:
        with transaction.atomic():
            group, model = run(ops, actor)
            check(group, model)
            raise Rollback
    except Rollback:
        pass


@SETTINGS
@given(ops=operations, through=days)
def test_balances_through_a_date_are_the_lines_up_to_that_date(actor, ops, through):
    try:
        with transaction.atomic():
            group, model = run(ops, actor)
            rows = selectors.balances(group.id, through=through)
            assert {row.account.code: row.balance for row in rows} == model_balances(model, through=through)
            trial = selectors.trial_balance(group.id, through=through)
            assert trial["debit_total"] == trial["credit_total"]
            raise Rollback
    except Rollback:
        pass


@SETTINGS
@given(lines=balanced_lines())
def test_generated_entries_are_what_the_domain_accepts(lines):
    """The generator itself: every entry it makes is one the rules accept, in bounds."""
    assert 2 <= len(lines) <= 4
    assert domain.entry_problem([(d, c) for _role, d, c in lines]) is None
    assert all(1 <= d + c <= MAX_SATANG for _role, d, c in lines)


def test_accounts_of_the_template_are_the_chart(world):
    """The model's chart (codes and kinds from the template) is the one the group has."""
    assert dict(Account.objects.filter(group=world.group_a).values_list("code", "kind")) == KIND_OF
