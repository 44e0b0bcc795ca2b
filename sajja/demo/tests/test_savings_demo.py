"""The demo village's money: planned purely, written through the services, the books hold after it,
and a later load only adds the months since."""

import datetime as dt
from collections import Counter

import pytest
from django.db.models import Sum

from sajja.bylaws.models import Bylaw
from sajja.bylaws.selectors import bylaw_book
from sajja.core.tenancy import today
from sajja.demo.generator import (
    AHEAD_STEPS,
    DEFAULT_SEED,
    MAIN_GROUP,
    WAIVER,
    load_demo,
    plan_group,
    plan_savings,
)
from sajja.ledger.models import AccountRole, JournalEntry, JournalLine
from sajja.ledger.selectors import balances, trial_balance
from sajja.ledger.verify import verify_group
from sajja.members.models import Member
from sajja.savings import domain, selectors
from sajja.savings.models import DepositAccount, Fine, InterestRun, PledgeAmount, PledgePayment, Settlement

START = MAIN_GROUP.savings_from
EARLIER = dt.date(2026, 7, 20)  # a day after the plan's last join and leave dates (AS_OF)


def history_of(plan, number):
    return sorted((p.effective_from, p.amount) for p in plan.pledges if p.number == number)


def planned_payments(plan) -> set[tuple[int, dt.date, dt.date, int]]:
    """(member number, period, paid on, pledge) of every planned payment."""
    histories = {n: history_of(plan, n) for n in {p.number for p in plan.pledges}}
    return {
        (payment.number, period, meeting, domain.pledge_for(histories[payment.number], period))
        for meeting, items in plan.payments.items()
        for payment in items
        for period in payment.periods
    }


def test_the_money_plan_is_pure_and_a_later_day_only_adds_months():
    people = plan_group(MAIN_GROUP)
    later = plan_savings(MAIN_GROUP, people, DEFAULT_SEED, dt.date(2026, 11, 25))
    assert later == plan_savings(MAIN_GROUP, people, DEFAULT_SEED, dt.date(2026, 11, 25))
    assert later != plan_savings(MAIN_GROUP, people, DEFAULT_SEED + 1, dt.date(2026, 11, 25))
    assert later.meetings[0] == dt.date(2024, 1, 5)
    assert later.meetings[-1] == dt.date(2026, 11, 5)
    assert len(later.meetings) == 35

    earlier = plan_savings(MAIN_GROUP, people, DEFAULT_SEED, EARLIER)
    assert later.meetings[: len(earlier.meetings)] == earlier.meetings
    assert {m: later.payments[m] for m in earlier.meetings} == earlier.payments
    assert set(earlier.pledges) <= set(later.pledges)
    assert [d for d in later.deposits if d.date <= EARLIER] == list(earlier.deposits)
    assert [s for s in later.settlements if s.leave.date <= EARLIER] == list(earlier.settlements)


def test_planned_payments_are_what_the_pledge_rules_accept():
    people = plan_group(MAIN_GROUP)
    plan = plan_savings(MAIN_GROUP, people, DEFAULT_SEED, dt.date(2026, 11, 25))
    seen: set[tuple[int, dt.date]] = set()
    ahead = Counter()
    for meeting, items in plan.payments.items():
        for payment in items:
            history = history_of(plan, payment.number)
            assert payment.amount == sum(domain.pledge_for(history, p) for p in payment.periods)
            for period in payment.periods:
                assert (payment.number, period) not in seen  # a period is paid once
                seen.add((payment.number, period))
                assert domain.pledge_for(history, period) > 0
                assert period <= domain.add_months(meeting.replace(day=1), 6)  # the bylaws' 6 periods ahead
                ahead[payment.number] += period > meeting.replace(day=1)
    assert {n for n, count in ahead.items() if count >= 10} >= set(plan.ahead)
    assert len(plan.ahead) == len(AHEAD_STEPS)
    for pledge in plan.pledges:  # changes only in the bylaws' change months, within the limits
        first = history_of(plan, pledge.number)[0][0]
        assert pledge.effective_from == first or pledge.effective_from.month in (1, 7)
        assert 5000 <= pledge.amount <= (200_000 if pledge.effective_from.year >= 2026 else 100_000)
        assert pledge.amount % 1000 == 0
    statuses = Counter(s.leave.status for s in plan.settlements)
    assert statuses == {Member.Status.DECEASED: 1, Member.Status.LEFT: 1, Member.Status.EXPELLED: 1}


def member_balances_add_up(group) -> None:
    """Every member's balance (from member_money) adds up to the ledger's account of that role."""
    money = selectors.member_money(group.id)
    roles = dict(AccountRole.objects.filter(group=group).values_list("role", "account_id"))
    account = {b.account.id: b.balance for b in balances(group.id)}
    assert sum(m.pledge for m in money.values()) == account[roles["pledge"]] > 0
    assert sum(m.savings for m in money.values()) == account[roles["deposits"]] > 0
    assert sum(m.fixed for m in money.values()) == account[roles["fixed_deposits"]] > 0
    assert sum(m.fines for m in money.values()) == account[roles["fines_receivable"]]


@pytest.mark.django_db
def test_the_demo_books_hold_and_tell_the_savings_story():
    group = load_demo().group
    day = today()
    plan = plan_savings(MAIN_GROUP, plan_group(MAIN_GROUP), DEFAULT_SEED, day)

    # The books: an unbroken chain, a balanced trial balance, members adding up to the accounts.
    result = verify_group(group.id, record=False)
    assert result.ok, result
    assert result.entries == JournalEntry.objects.filter(group=group).count() > 5000
    trial = trial_balance(group.id)
    assert trial["debit_total"] == trial["credit_total"] > 0
    member_balances_add_up(group)
    entries = JournalEntry.objects.filter(group=group)
    assert not entries.filter(date__gt=day).exists()
    assert not entries.filter(date__lt=START).exists()

    # Exactly the planned pledge payments, paid on the meeting days, each recorded with its pledge.
    stored = set(
        PledgePayment.objects.filter(group=group, reversal__isnull=True).values_list(
            "member__number", "period", "paid_on", "amount"
        )
    )
    assert stored == planned_payments(plan)
    assert {paid_on.day for _n, _p, paid_on, _a in stored} == {group.meeting_day}
    # What was paid in, less what leavers took out, is what the pledge account holds.
    paid_in = PledgePayment.objects.filter(group=group).aggregate(total=Sum("amount"))["total"]
    paid_out = Settlement.objects.filter(group=group).aggregate(total=Sum("pledge"))["total"]
    pledge_account = AccountRole.objects.get(group=group, role="pledge").account_id
    lines = JournalLine.objects.filter(group=group, account_id=pledge_account).aggregate(
        d=Sum("debit"), c=Sum("credit")
    )
    # ... and the dividends members chose to add to their savings at the year end.
    to_savings = JournalLine.objects.filter(
        group=group, account_id=pledge_account, entry__source__startswith="closing/share/"
    ).aggregate(c=Sum("credit"))["c"]
    assert (lines["c"], lines["d"]) == (paid_in + (to_savings or 0), paid_out)

    # The bylaws as voted, with a change in the second year that the history shows.
    book = bylaw_book(group.id)
    assert book.value("fine.missed_pledge.amount", dt.date(2024, 6, 1)) == 1000
    assert book.value("fine.missed_pledge.amount", dt.date(2025, 6, 1)) == 2000
    assert book.value("entry_fee", dt.date(2024, 6, 1)) == 10000
    assert book.value("entry_fee", dt.date(2025, 6, 1)) == 20000
    assert [b.resolution for b in book.history("deposit.savings.rate")] == [
        "มติที่ประชุมใหญ่สามัญประจำปี ครั้งที่ 1/2568",
        "มติที่ประชุมใหญ่สามัญประจำปี ครั้งที่ 1/2567",
    ]
    savings_bylaws = Bylaw.objects.filter(group=group).exclude(key__startswith="loan.")
    assert savings_bylaws.exclude(key__startswith="governance.").count() == 18  # governance has its own demo votes

    # Pledges: one each from the start, a few changed in a change month.
    changes = PledgeAmount.objects.filter(group=group, effective_from__gt=START).exclude(note="")
    assert 5 <= changes.count() <= 40
    assert {d.month for d in changes.values_list("effective_from", flat=True)} <= {1, 7}

    # Entry fees of those who joined from 2024, at the fee in force on the day they joined.
    fee_account = AccountRole.objects.get(group=group, role="entry_fee_income").account_id
    fee_lines = JournalLine.objects.filter(
        group=group, account_id=fee_account, member__isnull=False
    )  # not the year-end close
    fees = dict(fee_lines.values_list("member__number", "credit"))
    joiners = Member.objects.filter(group=group, joined_on__gte=START)
    assert fees == {m.number: 10000 if m.joined_on.year == 2024 else 20000 for m in joiners}
    assert len(fees) >= 10

    # The register of last fiscal year: most paid on time, some late, a few missed, two paid ahead.
    register = selectors.pledge_register(group, year_start=dt.date(2025, 1, 1), today=day)
    cells = Counter(cell["status"] for row in register.rows for cell in row.cells)
    assert cells[domain.PAID] > 10 * cells[domain.LATE] > 0
    assert 0 < cells[domain.MISSED] < cells[domain.LATE]
    assert (
        register.total
        == PledgePayment.objects.filter(group=group, period__year=2025, reversal__isnull=True).aggregate(
            total=Sum("amount")
        )["total"]
    )
    ahead = PledgePayment.objects.filter(group=group, member__number__in=plan.ahead, period__gt=dt.date(2026, 11, 1))
    assert ahead.exists()

    # Fines: charged monthly at the fine in force, most paid, one waived by resolution.
    fines = Fine.objects.filter(group=group)
    assert set(fines.values_list("amount", flat=True)) <= {1000, 2000}
    status = Counter(f.status for f in fines)
    assert status["paid"] > status["open"]
    assert status["waived"] == 1
    waived = fines.get(waived_entry__isnull=False)
    assert (waived.waiver_reason, waived.waiver_resolution) == WAIVER[1:]
    assert waived.assessed_on <= WAIVER[0]

    # Deposits: savings accounts of a part of the members with some withdrawals; two fixed deposits.
    accounts = Counter(DepositAccount.objects.filter(group=group).values_list("product", flat=True))
    assert 25 <= accounts["savings"] <= 70
    assert accounts["fixed"] == 2
    deposits_account = AccountRole.objects.get(group=group, role="deposits").account_id
    withdrawals = JournalLine.objects.filter(group=group, account_id=deposits_account, debit__gt=0)
    assert withdrawals.exclude(entry__source__startswith="member/").count() >= 5
    runs = InterestRun.objects.filter(group=group, entry__isnull=False)
    assert sorted(runs.filter(product="savings").values_list("period_end", flat=True)) == [
        dt.date(2024, 6, 30),
        dt.date(2024, 12, 31),
        dt.date(2025, 6, 30),
        dt.date(2025, 12, 31),
        dt.date(2026, 6, 30),
    ]
    assert sorted(runs.filter(product="fixed").values_list("period_end", flat=True)) == [
        dt.date(2024, 12, 31),
        dt.date(2025, 12, 31),
    ]

    # Three leave with their settlement: the death paid to the beneficiary; nothing is left on their accounts.
    settlements = {s.member.status: s for s in Settlement.objects.filter(group=group).select_related("member")}
    assert set(settlements) == {Member.Status.DECEASED, Member.Status.LEFT, Member.Status.EXPELLED}
    deceased = settlements[Member.Status.DECEASED]
    assert deceased.paid_to == deceased.member.beneficiary_name != ""
    for settlement in settlements.values():
        assert settlement.member.status_date == settlement.date
        assert settlement.net == settlement.pledge + settlement.deposits + settlement.interest_due - settlement.fines
        assert settlement.pledge > 0
        assert selectors.member_role_balances(settlement.member) == {
            role: 0 for role in selectors.member_role_balances(settlement.member)
        }
    assert settlements[Member.Status.EXPELLED].member.number == plan.expelled

    # The register and the members behind (read in bulk, for speed) agree with the rules applied
    # one cell and one member at a time.
    histories = selectors.pledge_histories(group.id)
    paid = selectors.paid_periods(group.id)
    members = {m.id: m for m in Member.objects.filter(group=group)}
    for on in (day, dt.date(2026, 3, 3), dt.date(2024, 7, 20)):
        for year in (2024, 2025, 2026):
            register = selectors.pledge_register(group, year_start=dt.date(year, 1, 1), today=on)
            for row in register.rows:
                member = members[row.member.id]
                assert (row.member.number, row.member.full_name) == (member.number, member.full_name)
                expected = [
                    selectors.status_of(
                        member, p, group=group, book=book, history=histories[member.id], paid=paid[member.id], today=on
                    )
                    for p in register.periods
                ]
                assert [c["status"] for c in row.cells] == expected, (row.member.number, year, on)
            assert register.total == sum(register.month_totals) == sum(r.paid_total for r in register.rows)
        reference = []
        for member in Member.objects.filter(group=group, status=Member.Status.ACTIVE).order_by("number"):
            history = histories[member.id]
            unpaid = selectors.unpaid_periods(
                member, book=book, history=history, paid=paid[member.id], through=domain.period_of(on)
            )
            late = [(p, a) for p, a in unpaid if on > domain.due_date(p, group.meeting_day, 0)]
            if late:
                reference.append((member.number, [p for p, _a in late], sum(a for _p, a in late)))
        reference.sort(key=lambda r: (-len(r[1]), r[0]))
        behind = selectors.members_behind(group, today=on)
        assert [(b.member.number, b.periods, b.amount) for b in behind] == reference
        assert len(reference) >= 3


@pytest.mark.django_db
def test_a_load_next_month_adds_only_the_months_since(monkeypatch):
    with monkeypatch.context() as clock:
        clock.setattr("django.utils.timezone.localdate", lambda *args, **kwargs: EARLIER)
        first = load_demo()
        group = first.group
        assert PledgePayment.objects.filter(group=group, paid_on__gt=EARLIER).count() == 0
        assert verify_group(group.id, record=False).ok
    entries = JournalEntry.objects.filter(group=group).count()
    second = load_demo()
    day = today()
    plan = plan_savings(MAIN_GROUP, plan_group(MAIN_GROUP), DEFAULT_SEED, day)
    stored = set(PledgePayment.objects.filter(group=group).values_list("member__number", "period", "paid_on", "amount"))
    assert stored == planned_payments(plan)
    new_payments = sum(len(p.periods) for m in plan.meetings if m > EARLIER for p in plan.payments[m])
    assert second.created["PledgePayment"] == new_payments > 300
    assert second.created["JournalEntry"] == JournalEntry.objects.filter(group=group).count() - entries
    assert not second.created["Member"]
    assert verify_group(group.id, record=False).ok
    trial = trial_balance(group.id)
    assert trial["debit_total"] == trial["credit_total"]
    member_balances_add_up(group)
