"""Properties of savings under random meeting-day sequences: pledges (also ahead, and refused when
too far ahead), deposits, withdrawals (refused when the bylaws say no, writing nothing), fines
assessed, paid and waived, deposit interest posted, and pledge payments reversed. After every sequence:

- each member's balances as a model kept in Python == ``selectors.member_money`` == the passbook;
- the members' balances add up to the ledger balance of the pledge, deposits, fixed deposits and
  fines receivable accounts (``ledger.selectors.balances``);
- the registers agree with the ledger (standing pledge payments, open fines);
- debits == credits, and the hash chain verifies.
"""

import datetime as dt
from collections import defaultdict

import pytest
from django.db import transaction
from django.db.models import Sum
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from sajja.core import testing as t
from sajja.core.errors import SajjaError
from sajja.ledger import selectors as ledger_selectors
from sajja.ledger.models import JournalLine
from sajja.ledger.verify import verify_group
from sajja.savings import selectors, services
from sajja.savings.models import Fine, PledgePayment

from .conftest import lines_of

START = dt.date(2025, 1, 1)
PLEDGES = (10000, 20000, 5000)  # each member's pledge a period
SECTION = {"pledge": "pledge", "deposits": "savings", "fixed_deposits": "fixed", "fines_receivable": "fines"}
CODE = {"pledge": "2101", "savings": "2102", "fixed": "2103", "fines": "1302"}

SETTINGS = settings(
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

who = st.integers(0, len(PLEDGES) - 1)
product = st.sampled_from(["savings", "fixed"])
operation = st.one_of(
    st.tuples(st.just("pledge"), who, st.integers(1, 4)),
    st.tuples(st.just("deposit"), who, product, st.integers(1, 5_000_000)),
    st.tuples(st.just("withdraw"), st.integers(0, 5), st.integers(1, 100)),  # which account, % of its balance
    st.tuples(st.just("assess")),
    st.tuples(st.just("interest")),
    st.tuples(st.just("pay_fines"), who),
    st.tuples(st.just("waive"), who),
    st.tuples(st.just("reverse"), who),
)
sequences = st.lists(st.tuples(st.integers(0, 31), operation), min_size=3, max_size=16)  # (days later, op)


class Rollback(Exception):
    """Undo one example's writes, so each example starts from a fresh group."""


@pytest.fixture
def actor(db):
    return t.make_user("property_savings")


@pytest.fixture
def setup(actor):
    """A group whose members joined on 1 January 2025 with their pledges and two deposit accounts
    each; every example runs in a transaction rolled back at its end, so each starts from here."""
    group = t.make_group()
    members = [t.make_member(group, joined_on=START) for _ in PLEDGES]
    accounts = {}
    for member, amount in zip(members, PLEDGES, strict=True):
        services.pledge_set(member=member, amount=amount, effective_from=START, actor=actor)
        for kind in ("savings", "fixed"):
            accounts[member.id, kind] = services.deposit_open(member=member, product=kind, date=START, actor=actor)
    return group, members, accounts


def snapshot() -> tuple:
    return (JournalLine.objects.count(), PledgePayment.objects.count(), Fine.objects.count())


def attempt(code: str, call, **kwargs):
    """``call(**kwargs)``; a refusal must be ``code`` and write nothing. Returns the result or None."""
    before = snapshot()
    try:
        return call(**kwargs)
    except SajjaError as error:
        refusal = error
    assert refusal.code == code, (refusal.code, refusal.in_language("en"))
    assert snapshot() == before
    event(f"refused: {refusal.code} {refusal.in_language('en')[:40]}")
    return None


def run(ops, setup, actor):
    group, members, accounts = setup
    model = defaultdict(lambda: defaultdict(int))  # member id -> {"pledge", "savings", "fixed", "fines"}
    day = START
    for gap, (kind, *args) in ops:
        day += dt.timedelta(days=gap)
        if kind == "pledge":
            index, periods = args
            member, amount = members[index], periods * PLEDGES[index]
            if attempt(
                "not_pledge_amount", services.pledge_receive, member=member, date=day, amount=amount, actor=actor
            ):
                model[member.id]["pledge"] += amount
                event(f"paid {periods} periods")
        elif kind == "deposit":
            index, product, amount = args
            member = members[index]
            services.deposit_receive(account=accounts[member.id, product], date=day, amount=amount, actor=actor)
            model[member.id][product] += amount
        elif kind == "withdraw":
            pick, percent = args
            held = [(m, kind) for m in members for kind in ("savings", "fixed") if model[m.id][kind]]
            if not held:
                continue
            member, product = held[pick % len(held)]  # an account with money in it
            balance = model[member.id][product]
            amount = max(1, balance * percent // 100)
            account = accounts[member.id, product]
            if attempt(
                "withdrawal_refused", services.deposit_withdraw, account=account, date=day, amount=amount, actor=actor
            ):
                model[member.id][product] -= amount
                event("withdrawn")
        elif kind == "assess":
            for fine in services.fines_assess(group=group, through=day, actor=actor):
                model[fine.member_id]["fines"] += fine.amount
                event("fined")
        elif kind == "interest":
            for interest in services.interest_post(group=group, through=day, actor=actor):
                product_of = {"2102": "savings", "2103": "fixed"}
                for code, _debit, credit, member_id in lines_of(interest.entry) if interest.entry else []:
                    if member_id:
                        model[member_id][product_of[code]] += credit
                        event("interest added")
        elif kind == "pay_fines":
            member = members[args[0]]
            if attempt("no_fines", services.fines_pay, member=member, date=day, actor=actor):
                model[member.id]["fines"] = 0
        elif kind == "waive":
            member = members[args[0]]
            fine = Fine.objects.filter(member=member, paid_entry=None, waived_entry=None).order_by("id").first()
            if fine is None:
                continue
            services.fine_waive(fine=fine, date=day, reason="เจ็บป่วย", resolution="มติกรรมการ", actor=actor)
            model[member.id]["fines"] -= fine.amount
            event("waived")
        elif kind == "reverse":
            member = members[args[0]]
            last = PledgePayment.objects.filter(member=member, reversal=None).order_by("-id").first()
            if last is None:
                continue
            amount = sum(PledgePayment.objects.filter(entry=last.entry).values_list("amount", flat=True))
            services.pledge_payment_reverse(entry=last.entry, date=day, reason="บันทึกผิด", actor=actor)
            model[member.id]["pledge"] -= amount
            event("reversed")
    return group, members, model


def check(group, members, model):
    money = selectors.member_money(group.id)
    for member in members:
        held = money.get(member.id, selectors.MemberMoney())
        expected = model[member.id]
        got = {"pledge": held.pledge, "savings": held.savings, "fixed": held.fixed, "fines": held.fines}
        assert got == {k: expected[k] for k in got}, member.number
        assert held.loans == 0
        # The passbook's closing balance of each section is the member's money.
        sections = {SECTION[s.role]: s.balance for s in selectors.passbook(member)}
        assert {k: sections.get(k, 0) for k in got} == got
        # The registers say the same as the ledger.
        standing = PledgePayment.objects.filter(member=member, reversal=None).values_list("amount", flat=True)
        assert sum(standing) == held.pledge
        open_fines = Fine.objects.filter(member=member, paid_entry=None, waived_entry=None)
        assert sum(open_fines.values_list("amount", flat=True)) == held.fines
    # The members' balances add up to the accounts.
    by_code = {row.account.code: row.balance for row in ledger_selectors.balances(group.id)}
    for name, code in CODE.items():
        assert sum(getattr(m, name) for m in money.values()) == by_code[code], name
    totals = JournalLine.objects.filter(group=group).aggregate(d=Sum("debit", default=0), c=Sum("credit", default=0))
    assert totals["d"] == totals["c"]
    trial = ledger_selectors.trial_balance(group.id)
    assert trial["debit_total"] == trial["credit_total"]
    assert verify_group(group.id, record=False).ok


@SETTINGS
@given(ops=sequences)
def test_member_money_adds_up_to_the_ledger(setup, actor, ops):
    try:
        with transaction.atomic():
            group, members, model = run(ops, setup, actor)
            check(group, members, model)
            raise Rollback
    except Rollback:
        pass
