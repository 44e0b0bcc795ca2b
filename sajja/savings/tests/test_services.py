"""The savings services: a worked example with the exact journal lines for every money event, and
every refusal with its message and nothing written.

Template bylaws (a new group): entry fee 20 baht; pledge 10-500 baht in steps of 10, changed only
from a January period, paid up to 12 periods ahead, due on the meeting day (the 5th) with no grace;
a missed pledge is fined 5 baht, at most 60 baht a fiscal year; savings deposits earn 2% a year on
the daily balance, posted half-yearly, keep 100 baht, two withdrawals a month; fixed deposits earn
3%, 12 months' term. Chart codes: 1101 cash, 1102 bank, 1201 ordinary loans, 1302 fines
receivable, 2101 pledge savings, 2102 savings deposits, 2103 fixed deposits, 4101 entry fees,
4103 fine income, 5101 deposit interest expense.
"""

import datetime as dt

import pytest
from django.utils import timezone

from sajja.core import testing as t
from sajja.ledger.models import JournalEntry
from sajja.ledger.services import AlreadyPosted, LineIn, entry_post, period_close
from sajja.ledger.verify import verify_group
from sajja.members.models import Member
from sajja.savings import selectors, services
from sajja.savings.models import Fine, InterestRun, PledgePayment, Settlement
from sajja.savings.services import PledgeIn

from .conftest import JOINED, counts, lines_of, refused, set_bylaw

D = dt.date
JAN, FEB, MAR, APR, MAY, JUN, JUL = (D(2025, m, 1) for m in range(1, 8))


def pledge(member, actor, amount=10000, effective_from=JOINED):
    return services.pledge_set(member=member, amount=amount, effective_from=effective_from, actor=actor)


def pay(member, actor, amount, date, **kwargs):
    return services.pledge_receive(member=member, date=date, amount=amount, actor=actor, **kwargs)


def paid(member) -> list[dt.date]:
    return sorted(PledgePayment.objects.filter(member=member, reversal__isnull=True).values_list("period", flat=True))


def money(member) -> selectors.MemberMoney:
    return selectors.member_money(member.group_id, [member.id]).get(member.id, selectors.MemberMoney())


def savings_account(member, actor, date=JOINED, product="savings"):
    return services.deposit_open(member=member, product=product, date=date, actor=actor)


def deposit(account, actor, amount, date, **kwargs):
    return services.deposit_receive(account=account, date=date, amount=amount, actor=actor, **kwargs)


def withdraw(account, actor, amount, date, **kwargs):
    return services.deposit_withdraw(account=account, date=date, amount=amount, actor=actor, **kwargs)


def tomorrow() -> dt.date:
    return timezone.localdate() + dt.timedelta(days=1)


# --- the entry fee ---------------------------------------------------------------------------------


def test_entry_fee(group, member, actor):
    entry = services.entry_fee_receive(member=member, date=D(2025, 1, 5), actor=actor)
    assert lines_of(entry) == [("1101", 2000, 0, None), ("4101", 0, 2000, member.id)]
    assert entry.date == D(2025, 1, 5)
    assert entry.memo.endswith(f" {member.number}")  # the memo names the member (in Thai once translated)
    with refused("paid_twice", "The member has already paid the entry fee."):
        services.entry_fee_receive(member=member, date=D(2025, 1, 6), actor=actor)


def test_entry_fee_is_the_bylaws_value_on_the_day(group, actor):
    set_bylaw(group, actor, "entry_fee", "50", D(2025, 6, 1))
    early = t.make_member(group, joined_on=JOINED)
    late = t.make_member(group, joined_on=JOINED)
    assert lines_of(services.entry_fee_receive(member=early, date=D(2025, 5, 31), method="bank", actor=actor)) == [
        ("1102", 2000, 0, None),
        ("4101", 0, 2000, early.id),
    ]
    assert lines_of(services.entry_fee_receive(member=late, date=D(2025, 6, 1), actor=actor)) == [
        ("1101", 5000, 0, None),
        ("4101", 0, 5000, late.id),
    ]


# --- pledges ---------------------------------------------------------------------------------------


def test_pledge_for_one_period(member, actor):
    amount = pledge(member, actor)
    assert (amount.amount, amount.effective_from) == (10000, JAN)
    receipt = pay(member, actor, 10000, D(2025, 1, 5))
    assert receipt.periods == [JAN]
    assert lines_of(receipt.entry) == [("1101", 10000, 0, None), ("2101", 0, 10000, member.id)]
    row = PledgePayment.objects.get(member=member)
    assert (row.period, row.amount, row.paid_on, row.entry_id) == (JAN, 10000, D(2025, 1, 5), receipt.entry.id)
    assert money(member).pledge == 10000


def test_pledge_for_three_periods_at_once_oldest_first(member, actor):
    pledge(member, actor)
    # On 5 March the member is two periods behind: 300 baht pays January, February and March.
    receipt = pay(member, actor, 30000, D(2025, 3, 5), method="bank")
    assert receipt.periods == [JAN, FEB, MAR]
    assert lines_of(receipt.entry) == [("1102", 30000, 0, None), ("2101", 0, 30000, member.id)]
    assert list(
        PledgePayment.objects.filter(entry=receipt.entry).order_by("period").values_list("period", "amount")
    ) == [(JAN, 10000), (FEB, 10000), (MAR, 10000)]


def test_pledge_paid_ahead(member, actor):
    pledge(member, actor)
    receipt = pay(member, actor, 30000, D(2025, 1, 5))
    assert receipt.periods == [JAN, FEB, MAR]  # February and March ahead
    assert lines_of(receipt.entry) == [("1101", 30000, 0, None), ("2101", 0, 30000, member.id)]
    # Named periods, further ahead, skipping April.
    receipt = pay(member, actor, 20000, D(2025, 1, 20), periods=[D(2025, 6, 15), MAY])
    assert receipt.periods == [MAY, JUN]
    assert lines_of(receipt.entry) == [("1101", 20000, 0, None), ("2101", 0, 20000, member.id)]
    assert paid(member) == [JAN, FEB, MAR, MAY, JUN]
    # The next amount pays the oldest unpaid period: April.
    assert pay(member, actor, 10000, D(2025, 2, 5)).periods == [APR]


def test_pledge_change_in_an_allowed_month(group, member, actor):
    set_bylaw(group, actor, "pledge.change_months", "1,7", JAN)
    pledge(member, actor, 10000)
    pay(member, actor, 50000, D(2025, 5, 5))  # January to May
    changed = pledge(member, actor, 25000, D(2025, 7, 10))
    assert changed.effective_from == JUL
    # June at the old pledge and July at the new one: 100 + 250 baht.
    receipt = pay(member, actor, 35000, D(2025, 7, 5))
    assert receipt.periods == [JUN, JUL]
    assert lines_of(receipt.entry) == [("1101", 35000, 0, None), ("2101", 0, 35000, member.id)]
    assert list(
        PledgePayment.objects.filter(entry=receipt.entry).order_by("period").values_list("period", "amount")
    ) == [(JUN, 10000), (JUL, 25000)]


def test_pledges_of_a_meeting_in_one_batch(group, member, actor):
    other = t.make_member(group, joined_on=JOINED)
    pledge(member, actor, 10000)
    pledge(other, actor, 20000)
    receipts = services.pledges_receive(
        group=group,
        items=[
            PledgeIn(member=member, date=D(2025, 1, 5), amount=10000),
            PledgeIn(member=other, date=D(2025, 1, 5), amount=40000),
            PledgeIn(member=member, date=D(2025, 1, 5), amount=10000),  # the same member again: February
        ],
        actor=actor,
    )
    assert [r.periods for r in receipts] == [[JAN], [JAN, FEB], [FEB]]
    assert [lines_of(r.entry) for r in receipts] == [
        [("1101", 10000, 0, None), ("2101", 0, 10000, member.id)],
        [("1101", 40000, 0, None), ("2101", 0, 40000, other.id)],
        [("1101", 10000, 0, None), ("2101", 0, 10000, member.id)],
    ]
    assert [r.entry.seq for r in receipts] == [1, 2, 3]


def test_pledge_payment_reversed_makes_its_periods_unpaid_again(member, actor):
    pledge(member, actor)
    receipt = pay(member, actor, 20000, D(2025, 1, 5))
    reversal = services.pledge_payment_reverse(entry=receipt.entry, date=D(2025, 1, 20), reason="บันทึกผิดคน", actor=actor)
    assert reversal.reverses_id == receipt.entry.id
    assert reversal.reason == "บันทึกผิดคน"
    assert lines_of(reversal) == [("1101", 0, 20000, None), ("2101", 20000, 0, member.id)]
    assert paid(member) == []
    assert set(PledgePayment.objects.filter(entry=receipt.entry).values_list("reversal", flat=True)) == {reversal.id}
    assert money(member).pledge == 0
    # The periods can be paid again, oldest first.
    assert pay(member, actor, 10000, D(2025, 1, 21)).periods == [JAN]
    assert money(member).pledge == 10000
    with refused("not_pledge_payment", "This entry is not a pledge payment that stands."):
        services.pledge_payment_reverse(entry=receipt.entry, date=D(2025, 1, 22), reason="ซ้ำ", actor=actor)


def test_pledge_payment_reversal_refused(member, actor):
    pledge(member, actor)
    receipt = pay(member, actor, 10000, D(2025, 1, 5))
    with refused("reason", "Give the reason for the correction."):
        services.pledge_payment_reverse(entry=receipt.entry, date=D(2025, 1, 20), reason=" ", actor=actor)
    with refused("future", "The date is in the future."):
        services.pledge_payment_reverse(entry=receipt.entry, date=tomorrow(), reason="ผิด", actor=actor)
    with refused("date", "A correction cannot be dated before the entry it corrects."):
        services.pledge_payment_reverse(entry=receipt.entry, date=D(2025, 1, 4), reason="ผิด", actor=actor)
    assert paid(member) == [JAN]


def test_pledge_is_not_withdrawn(member, actor):
    pledge(member, actor)
    pay(member, actor, 10000, D(2025, 1, 5))
    with refused(
        "pledge_not_withdrawable",
        "Pledge savings cannot be withdrawn while the member stays in the group: they are paid back, "
        "with any dividend, when the member leaves.",
    ):
        services.pledge_withdraw(member=member, amount=10000, actor=actor)


# --- pledges refused ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("amount", "code", "message"),
    [
        (10500, "not_multiple", "The pledge must be a whole number of units of 10.00 baht."),
        (500, "below_minimum", "The pledge is below the smallest the bylaws allow (10.00 baht)."),
        (60000, "above_maximum", "The pledge is above the largest the bylaws allow (500.00 baht)."),
    ],
)
def test_pledge_set_refuses_what_the_bylaws_refuse(member, actor, amount, code, message):
    with refused(code, message):
        pledge(member, actor, amount)


def test_pledge_set_uses_the_bylaws_of_the_period(group, member, actor):
    set_bylaw(group, actor, "pledge.maximum", "1000", D(2026, 1, 1))
    with refused("above_maximum"):
        pledge(member, actor, 60000, D(2025, 3, 1))
    assert pledge(member, actor, 60000, D(2026, 1, 1)).amount == 60000


def test_pledge_change_refused_outside_the_allowed_months_and_for_paid_periods(member, actor):
    pledge(member, actor, 10000)
    with refused("change_window", "The bylaws allow a change of pledge only from a period in: January."):
        pledge(member, actor, 20000, D(2025, 3, 1))
    with refused("duplicate", "A pledge is already set from this period."):
        pledge(member, actor, 20000, D(2025, 1, 20))
    pay(member, actor, 130000, D(2025, 1, 5))  # January 2025 to January 2026 (12 ahead)
    with refused("already_paid", "Periods from this one on are already paid: the pledge cannot change for them."):
        pledge(member, actor, 20000, D(2026, 1, 1))
    with refused("before_joining", "The pledge cannot start before the member joined."):
        pledge(member, actor, 20000, D(2024, 12, 1))


def test_paying_a_period_twice_is_refused(group, member, actor):
    pledge(member, actor)
    pay(member, actor, 10000, D(2025, 1, 5))
    with refused("paid_twice", "The period ม.ค. 2568 is already paid."):
        pay(member, actor, 10000, D(2025, 1, 6), periods=[JAN])
    with refused("paid_twice"):
        pay(member, actor, 20000, D(2025, 1, 6), periods=[FEB, JAN])
    # By amount, with nothing left to pay in the periods allowed: refused, not paid twice.
    set_bylaw(group, actor, "pledge.ahead_max", "0", JAN)
    with refused(
        "not_pledge_amount",
        "100.00 baht is not a whole number of pledges (the pledge is 100.00 baht a period; unpaid periods "
        "are paid oldest first, at most 0 ahead).",
    ):
        pay(member, actor, 10000, D(2025, 1, 20))
    assert paid(member) == [JAN]


def test_paying_further_ahead_than_allowed(group, member, actor):
    set_bylaw(group, actor, "pledge.ahead_max", "2", JAN)
    pledge(member, actor)
    with refused("too_far_ahead", "The bylaws allow paying at most 2 periods ahead."):
        pay(member, actor, 10000, D(2025, 1, 5), periods=[APR])
    with refused("not_pledge_amount"):
        pay(member, actor, 40000, D(2025, 1, 5))  # January + 3 ahead
    assert pay(member, actor, 30000, D(2025, 1, 5)).periods == [JAN, FEB, MAR]


def test_an_amount_that_is_not_a_whole_number_of_pledges(member, actor):
    pledge(member, actor)
    with refused(
        "not_pledge_amount",
        "150.00 baht is not a whole number of pledges (the pledge is 100.00 baht a period; unpaid periods "
        "are paid oldest first, at most 12 ahead).",
    ):
        pay(member, actor, 15000, D(2025, 1, 5))
    with refused("not_pledge_amount", "The pledge for these periods is 200.00 baht, not 100.00 baht."):
        pay(member, actor, 10000, D(2025, 1, 5), periods=[JAN, FEB])


def test_no_pledge_set(member, actor):
    with refused("no_pledge", "The member has no pledge set yet."):
        pay(member, actor, 10000, D(2025, 1, 5))


@pytest.mark.parametrize("amount", [100.0, -10000, 0, True, "100"])
def test_amounts_must_be_positive_whole_satang(member, actor, amount):
    pledge(member, actor)
    account = savings_account(member, actor)
    deposit(account, actor, 50000, D(2025, 1, 5))
    code = "not_positive" if isinstance(amount, int) and not isinstance(amount, bool) else "float"
    with refused(code):
        pay(member, actor, amount, D(2025, 1, 5))
    with refused(code):
        pledge(member, actor, amount, FEB)
    with refused(code):
        deposit(account, actor, amount, D(2025, 1, 5))
    with refused(code):
        withdraw(account, actor, amount, D(2025, 1, 5))


def test_dates_refused(group, member, actor):
    pledge(member, actor)
    with refused("before_joining", "The date is before the member joined (01/01/2568)."):
        pay(member, actor, 10000, D(2024, 12, 31))
    with refused("future", "The date is in the future."):
        pay(member, actor, 10000, tomorrow())
    with refused("date", "Give the date."):
        pay(member, actor, 10000, dt.datetime(2025, 1, 5, 10, 0))
    period_close(group=group, through=D(2025, 1, 31), actor=actor)
    with refused("closed_period", "The books are closed through 31/01/2568: post a correction dated after it."):
        pay(member, actor, 10000, D(2025, 1, 20))
    account = savings_account(member, actor)
    with refused("closed_period"):
        deposit(account, actor, 10000, D(2025, 1, 20))
    with refused("future"):
        deposit(account, actor, 10000, tomorrow())
    with refused("future"):
        services.entry_fee_receive(member=member, date=tomorrow(), actor=actor)
    with refused("future"):
        services.fines_assess(group=group, through=tomorrow(), actor=actor)
    with refused("future"):
        services.interest_post(group=group, through=tomorrow(), actor=actor)
    assert pay(member, actor, 10000, D(2025, 2, 1)).periods == [JAN]


def test_another_groups_member_is_refused(group, member, actor):
    other_group = t.make_group("กลุ่มอื่น")
    stranger = t.make_member(other_group, joined_on=JOINED)
    pledge(member, actor)
    pledge(stranger, actor)
    with refused("foreign_member", "This member is not one of the group's members."):
        services.pledges_receive(
            group=group,
            items=[
                PledgeIn(member=member, date=D(2025, 1, 5), amount=10000),
                PledgeIn(member=stranger, date=D(2025, 1, 5), amount=10000),
            ],
            actor=actor,
        )


def test_one_bad_item_refuses_the_whole_batch(group, member, actor):
    other = t.make_member(group, joined_on=JOINED)
    pledge(member, actor)
    pledge(other, actor)
    with refused("not_pledge_amount"):
        services.pledges_receive(
            group=group,
            items=[
                PledgeIn(member=member, date=D(2025, 1, 5), amount=10000),
                PledgeIn(member=other, date=D(2025, 1, 5), amount=15000),
            ],
            actor=actor,
        )


def test_a_double_submit_posts_once(member, actor):
    pledge(member, actor)
    first = pay(member, actor, 10000, D(2025, 1, 5), key="meeting-2025-01/7")
    before = counts()
    with pytest.raises(AlreadyPosted) as caught:
        pay(member, actor, 10000, D(2025, 1, 5), key="meeting-2025-01/7")
    assert caught.value.entry.id == first.entry.id
    assert caught.value.code == "duplicate"
    assert counts() == before
    assert paid(member) == [JAN]
    # Named periods: the second submit is the same event, not "already paid".
    second = pay(member, actor, 10000, D(2025, 1, 5), periods=[FEB], key="meeting-2025-01/7b")
    with pytest.raises(AlreadyPosted) as caught:
        pay(member, actor, 10000, D(2025, 1, 5), periods=[FEB], key="meeting-2025-01/7b")
    assert caught.value.entry.id == second.entry.id
    assert paid(member) == [JAN, FEB]
    account = savings_account(member, actor)
    deposit(account, actor, 50000, D(2025, 1, 5), key="dep-1")
    before = counts()
    with pytest.raises(AlreadyPosted):
        deposit(account, actor, 50000, D(2025, 1, 5), key="dep-1")
    assert counts() == before
    assert money(member).savings == 50000
    withdraw(account, actor, 50000, D(2025, 1, 6), key="wd-1")  # the whole balance
    before = counts()
    with pytest.raises(AlreadyPosted):
        withdraw(account, actor, 50000, D(2025, 1, 6), key="wd-1")
    assert counts() == before


def test_an_inactive_member_is_refused(member, actor):
    pledge(member, actor)
    services.member_settle(member=member, status=Member.Status.LEFT, date=D(2025, 1, 3), reason="ย้ายบ้าน", actor=actor)
    member.refresh_from_db()
    with refused("not_active", "This member is no longer active."):
        pay(member, actor, 10000, D(2025, 1, 5))


# --- fines -----------------------------------------------------------------------------------------


def fines_of(member) -> list[tuple[dt.date, int, str]]:
    return [(f.period, f.amount, f.status) for f in Fine.objects.filter(member=member).order_by("period")]


def test_fixed_fine_for_a_missed_pledge(group, member, actor):
    pledge(member, actor)
    assert services.fines_assess(group=group, through=D(2025, 1, 5), actor=actor) == []  # due today: not missed
    fines = services.fines_assess(group=group, through=D(2025, 1, 6), actor=actor)
    assert [(f.member_id, f.period, f.amount, f.assessed_on) for f in fines] == [(member.id, JAN, 500, D(2025, 1, 6))]
    assert lines_of(fines[0].entry) == [("1302", 500, 0, member.id), ("4103", 0, 500, None)]
    assert fines[0].entry.date == D(2025, 1, 6)
    assert services.fines_assess(group=group, through=D(2025, 1, 20), actor=actor) == []  # once a period
    assert money(member).fines == 500


def test_late_payment_after_the_grace_days(group, member, actor):
    set_bylaw(group, actor, "pledge.grace_days", "3", JAN)
    pledge(member, actor)
    assert services.fines_assess(group=group, through=D(2025, 1, 8), actor=actor) == []
    assert [f.period for f in services.fines_assess(group=group, through=D(2025, 1, 9), actor=actor)] == [JAN]


def test_percent_fine_rounds_half_up(group, member, actor):
    set_bylaw(group, actor, "pledge.multiple", "0.01", JAN)
    set_bylaw(group, actor, "fine.missed_pledge.kind", "percent", JAN)  # 10% by default
    pledge(member, actor, 12345)
    # 10% of 123.45 baht = 1234.5 satang -> 12.35 baht
    fines = services.fines_assess(group=group, through=D(2025, 1, 6), actor=actor)
    assert lines_of(fines[0].entry) == [("1302", 1235, 0, member.id), ("4103", 0, 1235, None)]


def test_the_yearly_cap_stops_fines(group, member, actor):
    set_bylaw(group, actor, "fine.missed_pledge.cap_year", "12", JAN)
    pledge(member, actor)
    services.fines_assess(group=group, through=D(2025, 2, 6), actor=actor)  # January and February: 5 + 5
    services.fines_assess(group=group, through=D(2025, 5, 6), actor=actor)  # March: 2 more, then the cap
    assert fines_of(member) == [(JAN, 500, "open"), (FEB, 500, "open"), (MAR, 200, "open")]
    # A new fiscal year (from January) starts a new cap.
    services.fines_assess(group=group, through=D(2026, 1, 6), actor=actor)
    assert fines_of(member)[-1] == (D(2026, 1, 1), 500, "open")
    assert len(fines_of(member)) == 4
    assert money(member).fines == 1700


def test_no_fine_for_a_meeting_held_before_the_member_joined(group, actor):
    late_joiner = t.make_member(group, number=77, joined_on=D(2025, 1, 20))  # January's meeting was on the 5th
    services.pledge_set(member=late_joiner, amount=10000, effective_from=D(2025, 1, 20), actor=actor)
    services.fines_assess(group=group, through=D(2025, 2, 6), actor=actor)
    assert fines_of(late_joiner) == [(FEB, 500, "open")]  # January is owed but not fined


def test_a_waived_fine_does_not_use_up_the_yearly_cap(group, member, actor):
    set_bylaw(group, actor, "fine.missed_pledge.cap_year", "10", JAN)
    pledge(member, actor)
    jan, feb = services.fines_assess(group=group, through=D(2025, 2, 6), actor=actor)  # 5 + 5: the cap
    services.fine_waive(fine=jan, date=D(2025, 2, 7), reason="ป่วย", resolution="มติกรรมการ 2/2568", actor=actor)
    services.fines_assess(group=group, through=D(2025, 3, 6), actor=actor)  # March fits in the 5 freed
    assert fines_of(member) == [(JAN, 500, "waived"), (FEB, 500, "open"), (MAR, 500, "open")]
    assert money(member).fines == 1000


def test_a_fine_for_a_period_before_a_bylaw_change_uses_the_old_fine(group, member, actor):
    set_bylaw(group, actor, "fine.missed_pledge.amount", "10", D(2025, 3, 1))
    pledge(member, actor)
    services.fines_assess(group=group, through=D(2025, 3, 10), actor=actor)
    assert fines_of(member) == [(JAN, 500, "open"), (FEB, 500, "open"), (MAR, 1000, "open")]


def test_fines_paid(group, member, actor):
    pledge(member, actor)
    jan, feb = services.fines_assess(group=group, through=D(2025, 2, 6), actor=actor)
    entry = services.fines_pay(member=member, date=D(2025, 2, 10), fines=[feb], actor=actor)
    assert lines_of(entry) == [("1101", 500, 0, None), ("1302", 0, 500, member.id)]
    assert fines_of(member) == [(JAN, 500, "open"), (FEB, 500, "paid")]
    entry = services.fines_pay(member=member, date=D(2025, 2, 11), method="bank", actor=actor)
    assert lines_of(entry) == [("1102", 500, 0, None), ("1302", 0, 500, member.id)]
    assert Fine.objects.get(id=jan.id).paid_entry_id == entry.id
    assert money(member).fines == 0
    with refused("no_fines", "The member has no open fines."):
        services.fines_pay(member=member, date=D(2025, 2, 12), actor=actor)
    with refused("not_open_fine", "A fine chosen is not an open fine of this member."):
        services.fines_pay(member=member, date=D(2025, 2, 12), fines=[jan], actor=actor)


def test_fine_waived_by_a_resolution(group, member, actor):
    pledge(member, actor)
    (fine,) = services.fines_assess(group=group, through=D(2025, 1, 6), actor=actor)
    with refused("reason", "Give the reason for the waiver."):
        services.fine_waive(fine=fine, date=D(2025, 1, 10), reason=" ", resolution="มติกรรมการ 3/2568", actor=actor)
    with refused("resolution", "Name the resolution that approved the waiver."):
        services.fine_waive(fine=fine, date=D(2025, 1, 10), reason="ป่วยเข้าโรงพยาบาล", resolution="", actor=actor)
    entry = services.fine_waive(
        fine=fine, date=D(2025, 1, 10), reason="ป่วยเข้าโรงพยาบาล", resolution="มติกรรมการ 3/2568", actor=actor
    )
    assert lines_of(entry) == [("4103", 500, 0, None), ("1302", 0, 500, member.id)]
    fine.refresh_from_db()
    assert (fine.status, fine.waived_entry_id, fine.waiver_reason, fine.waiver_resolution) == (
        "waived",
        entry.id,
        "ป่วยเข้าโรงพยาบาล",
        "มติกรรมการ 3/2568",
    )
    assert "ป่วยเข้าโรงพยาบาล" in entry.memo
    assert money(member).fines == 0
    with refused("not_open_fine", "This fine is already paid or waived."):
        services.fine_waive(fine=fine, date=D(2025, 1, 11), reason="ซ้ำ", resolution="มติ", actor=actor)


# --- deposits --------------------------------------------------------------------------------------


def test_deposit_and_withdrawal(member, actor):
    account = savings_account(member, actor)
    entry = deposit(account, actor, 50050, D(2025, 1, 5))
    assert lines_of(entry) == [("1101", 50050, 0, None), ("2102", 0, 50050, member.id)]
    entry = withdraw(account, actor, 20000, D(2025, 1, 20), method="bank")
    assert lines_of(entry) == [("2102", 20000, 0, member.id), ("1102", 0, 20000, None)]
    assert money(member).savings == 30050
    fixed = savings_account(member, actor, product="fixed")
    entry = deposit(fixed, actor, 100000, D(2025, 1, 5))
    assert lines_of(entry) == [("1101", 100000, 0, None), ("2103", 0, 100000, member.id)]
    assert (money(member).fixed, money(member).deposits) == (100000, 130050)
    with refused("duplicate", "The member already has an account of this kind."):
        savings_account(member, actor)


def test_withdrawals_refused(group, member, actor):
    account = savings_account(member, actor)
    deposit(account, actor, 50000, D(2025, 1, 5))
    with refused("withdrawal_refused", "The balance is only 500.00 baht."):
        withdraw(account, actor, 50001, D(2025, 1, 6))
    with refused(
        "withdrawal_refused",
        "The account must keep at least 100.00 baht (withdraw the whole 500.00 baht to empty it).",
    ):
        withdraw(account, actor, 45000, D(2025, 1, 6))
    withdraw(account, actor, 10000, D(2025, 1, 6))
    withdraw(account, actor, 10000, D(2025, 1, 7))
    with refused("withdrawal_refused", "The bylaws allow 2 withdrawals a month; this month's are used."):
        withdraw(account, actor, 10000, D(2025, 1, 8))
    withdraw(account, actor, 30000, D(2025, 2, 1))  # a new month; the whole balance may go
    assert money(member).savings == 0


def test_a_fixed_deposit_before_its_term(member, actor):
    fixed = savings_account(member, actor, D(2025, 1, 15), product="fixed")
    deposit(fixed, actor, 100000, D(2025, 1, 15))
    with refused("withdrawal_refused", "Money in this account may be withdrawn from 15/01/2569."):
        withdraw(fixed, actor, 100000, D(2026, 1, 14))
    assert lines_of(withdraw(fixed, actor, 100000, D(2026, 1, 15))) == [
        ("2103", 100000, 0, member.id),
        ("1101", 0, 100000, None),
    ]


def test_deposit_dates(member, actor):
    account = savings_account(member, actor, D(2025, 2, 1))
    with refused("before_opening", "The date is before the account was opened."):
        deposit(account, actor, 10000, D(2025, 1, 20))
    with refused("before_joining"):
        services.deposit_open(member=member, product="fixed", date=D(2024, 12, 1), actor=actor)
    with refused("product", "Choose the kind of deposit account."):
        services.deposit_open(member=member, product="current", date=D(2025, 2, 1), actor=actor)
    with refused("method", "Paid in cash or by bank transfer?"):
        deposit(account, actor, 10000, D(2025, 2, 1), method="cheque")


# --- deposit interest ------------------------------------------------------------------------------


def test_daily_balance_interest_half_yearly_with_a_fiscal_year_from_april(group, actor):
    """Half-yearly from April: periods end 31 March and 30 September. 2% a year, 3% from 1 July.

    Member A: 1,000 baht from 10 January 2025 (account opened that day), + 500 baht on 1 June.
    Member B: 300 baht from 1 February 2025.

    To 31 March (A: 10 Jan-31 Mar = 22 + 28 + 31 = 81 days; B: 1 Feb-31 Mar = 59 days):
      A: 100000 × 200 × 81 / 3,650,000 = 1,620,000,000 / 3,650,000 = 443.84 -> 444 satang
      B:  30000 × 200 × 59 / 3,650,000 =   354,000,000 / 3,650,000 =  96.99 ->  97 satang
    To 30 September (the interest added on 31 March earns from 1 April):
      A: 1 Apr-31 May 61 days at 100444 × 2%, 1-30 Jun 30 days at 150444 × 2%, 1 Jul-30 Sep 92 days at 150444 × 3%
         (100444×61×200 + 150444×30×200 + 150444×92×300) = 1,225,416,800 + 902,664,000 + 4,152,254,400
         = 6,280,335,200 / 3,650,000 = 1720.64 -> 1721 satang
      B: 30097 × (91 × 200 + 92 × 300) = 30097 × 45800 = 1,378,442,600 / 3,650,000 = 377.66 -> 378 satang
    """
    group.fiscal_year_start_month = 4
    group.save(update_fields=["fiscal_year_start_month"])
    set_bylaw(group, actor, "deposit.savings.rate", "3", JUL)
    a = t.make_member(group, joined_on=JOINED)
    b = t.make_member(group, joined_on=JOINED)
    account_a = savings_account(a, actor, D(2025, 1, 10))
    account_b = savings_account(b, actor, D(2025, 2, 1))
    deposit(account_a, actor, 100000, D(2025, 1, 10))
    deposit(account_b, actor, 30000, D(2025, 2, 1))
    deposit(account_a, actor, 50000, D(2025, 6, 1))
    assert services.interest_post(group=group, through=D(2025, 3, 30), actor=actor) == []

    runs = services.interest_post(group=group, through=D(2025, 10, 15), actor=actor)
    assert [(r.product, r.period_end) for r in runs] == [("savings", D(2025, 3, 31)), ("savings", D(2025, 9, 30))]
    first, second = (r.entry for r in runs)
    assert first.date == D(2025, 3, 31)
    assert lines_of(first)[0] == ("5101", 541, 0, None)
    assert sorted(lines_of(first)[1:]) == sorted([("2102", 0, 444, a.id), ("2102", 0, 97, b.id)])
    assert second.date == D(2025, 9, 30)
    assert lines_of(second)[0] == ("5101", 2099, 0, None)
    assert sorted(lines_of(second)[1:]) == sorted([("2102", 0, 1721, a.id), ("2102", 0, 378, b.id)])
    assert money(a).savings == 150000 + 444 + 1721
    assert money(b).savings == 30000 + 97 + 378
    before = counts()
    assert services.interest_post(group=group, through=D(2025, 10, 15), actor=actor) == []  # once a period
    assert counts() == before


def test_min_monthly_balance_interest(group, member, actor):
    """Lowest balance of each whole month × the rate on the month's last day / 12; half-yearly
    from January: the period ends 30 June. 2% a year, 3% from 15 May (so May and June at 3%).

    1,000 baht in on 1 January, + 500 on 10 February, - 300 on 15 March. Lowest balances:
    January 0 (the month opened empty), February 1,000, March 1,200, April 1,200, May 1,200, June 1,200.
    (100000 + 120000 + 120000) × 200 + (120000 + 120000) × 300 = 68,000,000 + 72,000,000
    = 140,000,000 / 120,000 = 1166.67 -> 1167 satang
    """
    set_bylaw(group, actor, "deposit.savings.method", "min_monthly_balance", JAN)
    set_bylaw(group, actor, "deposit.savings.rate", "3.00%", D(2025, 5, 15))
    account = savings_account(member, actor)
    deposit(account, actor, 100000, JAN)
    deposit(account, actor, 50000, D(2025, 2, 10))
    withdraw(account, actor, 30000, D(2025, 3, 15))
    (run,) = services.interest_post(group=group, through=D(2025, 7, 10), actor=actor)
    assert (run.product, run.period_end) == ("savings", D(2025, 6, 30))
    assert lines_of(run.entry) == [("5101", 1167, 0, None), ("2102", 0, 1167, member.id)]
    assert InterestRun.objects.filter(group=group).count() == 1


# --- leaving ---------------------------------------------------------------------------------------


def test_resignation(group, member, actor):
    """Pledge 300 + savings 500 + interest due 0.82 - one fine 5 = 794.82 baht paid in cash.

    Interest due: 500 baht from 1 to 30 April (30 days) at 2%: 50000 × 200 × 30 / 3,650,000 = 82.19 -> 82 satang.
    """
    services.entry_fee_receive(member=member, date=D(2025, 1, 5), actor=actor)
    pledge(member, actor)
    pay(member, actor, 30000, D(2025, 3, 5))  # January to March
    account = savings_account(member, actor, APR)
    deposit(account, actor, 50000, APR)
    (fine,) = services.fines_assess(group=group, through=D(2025, 4, 6), actor=actor)  # April missed
    quote = selectors.settlement_quote(member, D(2025, 4, 30))
    assert (quote.pledge, quote.deposits, quote.interest_due, quote.loans, quote.fines, quote.net) == (
        30000, 50000, 82, 0, 500, 79582,
    )  # fmt: skip

    settlement = services.member_settle(
        member=member, status=Member.Status.LEFT, date=D(2025, 4, 30), reason="ย้ายไปต่างจังหวัด", actor=actor
    )
    lines = lines_of(settlement.entry)
    assert sorted(lines[:-2]) == sorted([("2101", 30000, 0, member.id), ("2102", 50000, 0, member.id), ("1302", 0, 500, member.id)])  # fmt: skip
    assert lines[-2:] == [("5101", 82, 0, None), ("1101", 0, 79582, None)]
    assert settlement.entry.date == D(2025, 4, 30)
    row = Settlement.objects.get(member=member)
    assert (row.pledge, row.deposits, row.interest_due, row.loans, row.fines, row.net) == (
        30000,
        50000,
        82,
        0,
        500,
        79582,
    )
    assert (row.paid_to, row.method, row.date) == (member.full_name, "cash", D(2025, 4, 30))
    member.refresh_from_db()
    assert (member.status, member.status_date, member.status_reason) == ("left", D(2025, 4, 30), "ย้ายไปต่างจังหวัด")
    assert money(member) == selectors.MemberMoney()  # every account emptied
    assert selectors.member_role_balances(member) == {"pledge": 0, "deposits": 0, "fines_receivable": 0}
    fine.refresh_from_db()
    assert (fine.status, fine.paid_entry_id) == ("paid", settlement.entry.id)
    account.refresh_from_db()
    assert account.closed_on == D(2025, 4, 30)
    # The interest due was paid in the settlement: the half-year's interest run adds nothing to the closed account.
    services.interest_post(group=group, through=D(2025, 7, 10), actor=actor)
    assert money(member) == selectors.MemberMoney()
    assert verify_group(group.id, record=False).ok


def test_death_pays_the_beneficiary(group, member, actor):
    pledge(member, actor)
    pay(member, actor, 20000, D(2025, 2, 5))
    settlement = services.member_settle(
        member=member, status=Member.Status.DECEASED, date=D(2025, 3, 2), reason="ถึงแก่กรรม", method="bank", actor=actor
    )
    assert lines_of(settlement.entry) == [("2101", 20000, 0, member.id), ("1102", 0, 20000, None)]
    assert "นายสมชาย ใจดี" in settlement.entry.memo
    assert (settlement.paid_to, settlement.method, settlement.net) == ("นายสมชาย ใจดี", "bank", 20000)
    member.refresh_from_db()
    assert member.status == Member.Status.DECEASED


def test_death_without_a_beneficiary_is_refused(group, actor):
    member = t.make_member(group, joined_on=JOINED)
    pledge(member, actor)
    pay(member, actor, 10000, D(2025, 1, 5))
    with refused("paid_to", "Name the beneficiary who receives the payout."):
        services.member_settle(member=member, status="deceased", date=D(2025, 1, 20), reason="ถึงแก่กรรม", actor=actor)
    settlement = services.member_settle(
        member=member, status="deceased", date=D(2025, 1, 20), reason="ถึงแก่กรรม", paid_to="นางบุญมา ใจดี", actor=actor
    )
    assert settlement.paid_to == "นางบุญมา ใจดี"


def test_expulsion(group, member, actor):
    pledge(member, actor)
    pay(member, actor, 10000, D(2025, 1, 5))
    settlement = services.member_settle(
        member=member, status=Member.Status.EXPELLED, date=D(2025, 6, 1), reason="มติที่ประชุมใหญ่ ผิดสัจจะ", actor=actor
    )
    assert lines_of(settlement.entry) == [("2101", 10000, 0, member.id), ("1101", 0, 10000, None)]
    member.refresh_from_db()
    assert (member.status, settlement.paid_to) == ("expelled", member.full_name)


def loan(group, member, actor, amount, date=MAR + dt.timedelta(days=9)):
    return entry_post(
        group=group,
        date=date,
        memo="จ่ายเงินกู้สามัญ",
        lines=[LineIn("loans_ordinary", debit=amount, member=member), LineIn("cash", credit=amount)],
        actor=actor,
    )


def test_loans_outstanding_are_settled_first(group, member, actor):
    pledge(member, actor)
    pay(member, actor, 30000, D(2025, 3, 5))
    loan(group, member, actor, 20000)
    settlement = services.member_settle(member=member, status="left", date=D(2025, 4, 1), reason="ลาออก", actor=actor)
    lines = lines_of(settlement.entry)
    assert sorted(lines[:-1]) == sorted([("2101", 30000, 0, member.id), ("1201", 0, 20000, member.id)])
    assert lines[-1] == ("1101", 0, 10000, None)
    assert (settlement.loans, settlement.net) == (20000, 10000)
    assert money(member) == selectors.MemberMoney()


def test_debts_above_savings_are_refused(group, member, actor):
    pledge(member, actor)
    pay(member, actor, 30000, D(2025, 3, 5))
    loan(group, member, actor, 50000)
    with refused(
        "debts_exceed_savings", "The member owes 200.00 baht more than their savings: collect it before they leave."
    ):
        services.member_settle(member=member, status="left", date=D(2025, 4, 1), reason="ลาออก", actor=actor)
    member.refresh_from_db()
    assert member.status == Member.Status.ACTIVE


def test_a_leaving_check_blocks_leaving(monkeypatch, member, actor):
    def guarantor(m, date):
        return ["Guarantees the open loan of member no. 7."] if m.id == member.id else []

    monkeypatch.setattr(services, "LEAVING_CHECKS", [*services.LEAVING_CHECKS, guarantor])
    pledge(member, actor)
    pay(member, actor, 10000, D(2025, 1, 5))
    with refused("leaving_blocked", "Guarantees the open loan of member no. 7."):
        services.member_settle(member=member, status="left", date=D(2025, 2, 1), reason="ลาออก", actor=actor)
    monkeypatch.undo()
    assert guarantor not in services.LEAVING_CHECKS
    assert (
        services.member_settle(member=member, status="left", date=D(2025, 2, 1), reason="ลาออก", actor=actor).net
        == 10000
    )


def test_leaving_refused_without_a_reason_writes_nothing(member, actor):
    pledge(member, actor)
    pay(member, actor, 10000, D(2025, 1, 5))
    with refused("invalid", "Give the reason."):
        services.member_settle(member=member, status="left", date=D(2025, 2, 1), reason=" ", actor=actor)
    with refused("future"):
        services.member_settle(member=member, status="left", date=tomorrow(), reason="ลาออก", actor=actor)
    assert not JournalEntry.objects.filter(memo__contains="พ้นสภาพ").exists()
