"""When things go wrong, and the limits around them: restructuring by resolution, overpayments held as
credit, the share of the group's money one loan may take, guarantors' held savings released as the
loan is repaid, and the idempotency key of a guarantor's payment.

The loan of every example is the fixture's ordinary loan (see ``conftest``): 12,000 baht paid out on
5 March 2025, 12 monthly instalments, 1% a month on the declining balance: each instalment repays
1,000 baht of principal; interest is 1% of the principal owed (120 baht in April, 110 in May, ...);
a late instalment is fined 20 baht, with no days of grace. Figures below are worked out by hand.
"""

import datetime as dt

import pytest

from sajja.core.errors import SajjaError
from sajja.ledger.services import AlreadyPosted
from sajja.loans import selectors, services
from sajja.loans.models import Instalment, Loan, LoanFine, Repayment, Restructure

from .conftest import approve, lend, lines_of, refused, repay, request, set_bylaw

D = dt.date


# --- restructuring --------------------------------------------------------------------------------


def restructure(village, loan, date=None, term=24, **kw):
    return services.loan_restructure(
        loan=loan,
        date=date or D(2025, 5, 20),
        term_months=term,
        reason="น้ำท่วมนาข้าว ผลผลิตเสียหาย",
        resolution="มติคณะกรรมการเงินกู้ ครั้งที่ 5/2568",
        actor=village.actor,
        **kw,
    )


def test_restructuring_a_late_loan_worked_example(village):
    """Nothing paid by 20 May 2025: instalments 1 (120 interest) and 2 (110) are late, each fined 20
    baht. The interest for 5-20 May (15 days) on 12,000 baht at 12% a year is 12,000 × 0.12 × 15 / 365
    = 59.178... → 59.18 baht. Restructured to 24 months: 24 instalments of 500 baht principal, interest
    1% of what is owed (120 baht on the first) plus the 230 + 59.18 baht carried = 409.18 baht."""
    loan = lend(village)
    assert selectors.state(loan, D(2025, 5, 20)).days_overdue == 45
    done = restructure(village, loan)
    assert (done.version, done.outstanding, done.interest_carried, done.instalments) == (1, 1_200_000, 28_918, 24)
    assert (done.rate_bp_month, done.method, done.every_months) == (100, "declining", 1)
    # The late fines of the old schedule were charged first, and stay owed.
    assert list(LoanFine.objects.filter(loan=loan).values_list("version", "instalment", "amount")) == [
        (0, 1, 2_000),
        (0, 2, 2_000),
    ]
    loan.refresh_from_db()
    assert loan.version == 1
    new = list(Instalment.objects.filter(loan=loan, version=1).order_by("number"))
    assert len(new) == 24
    assert sum(r.principal for r in new) == 1_200_000
    assert [(r.number, r.due, r.principal, r.interest) for r in new[:3]] == [
        (1, D(2025, 6, 20), 50_000, 12_000 + 28_918),
        (2, D(2025, 7, 20), 50_000, 11_500),
        (3, D(2025, 8, 20), 50_000, 11_000),
    ]
    assert (new[-1].due, new[-1].interest) == (D(2027, 5, 20), 500)
    # The contracted schedule is kept, untouched: it is the loan's history.
    assert Instalment.objects.filter(loan=loan, version=0).count() == 12

    st = selectors.state(loan, D(2025, 5, 20))
    assert (st.days_overdue, st.principal_due, st.interest_due, st.fines_due) == (0, 0, 0, 4_000)
    assert (st.carried, st.payoff, st.next_due, st.next_amount) == (28_918, 1_232_918, D(2025, 6, 20), 90_918)

    # The first new instalment and the fines, paid on their day: fines, then interest, then principal.
    paid = repay(village, loan, D(2025, 6, 20), 94_918)
    assert (paid.fine, paid.interest, paid.principal, paid.version) == (4_000, 40_918, 50_000, 1)
    assert lines_of(paid.entry) == [
        ("1101", 94_918, 0, None),
        ("1302", 0, 4_000, village.borrower.id),
        ("4102", 0, 40_918, village.borrower.id),
        ("1201", 0, 50_000, village.borrower.id),
    ]
    st = selectors.state(loan, D(2025, 7, 1))
    assert (st.outstanding, st.days_overdue, st.fines_due, st.next_amount) == (1_150_000, 0, 0, 61_500)
    # A month late on the new schedule: late again, fined under the new schedule's numbering.
    services.fines_charge(loan=loan, date=D(2025, 7, 21), actor=village.actor)
    assert LoanFine.objects.filter(loan=loan, version=1).values_list("instalment", "amount").get() == (2, 2_000)


def test_a_payoff_before_the_first_new_instalment_pays_the_carried_interest(village):
    loan = lend(village)
    restructure(village, loan)
    # 31 May: 11 days since the restructuring: 12,000 × 0.12 × 11 / 365 = 43.397 → 43.40 baht.
    quote = selectors.state(loan, D(2025, 5, 31))
    assert (quote.carried, quote.accrued, quote.fines_due) == (28_918, 4_340, 4_000)
    paid = repay(village, loan, D(2025, 5, 31), quote.payoff)
    assert (paid.fine, paid.interest, paid.principal) == (4_000, 28_918 + 4_340, 1_200_000)
    loan.refresh_from_db()
    assert loan.status == Loan.Status.CLOSED


def test_restructuring_twice_keeps_every_schedule_and_the_principal_adds_up(village):
    loan = lend(village)
    repay(village, loan, D(2025, 4, 5), 112_000)  # instalment 1: 120 interest + 1,000 principal
    restructure(village, loan, date=D(2025, 4, 10), term=6)
    repay(village, loan, D(2025, 5, 10), 200_000)
    second = restructure(village, loan, date=D(2025, 6, 1), term=12, rate_bp_month=50)
    assert (second.version, second.rate_bp_month) == (2, 50)
    loan.refresh_from_db()
    assert [loan.schedule.filter(version=v).count() for v in (0, 1, 2)] == [12, 6, 12]
    assert sum(r.principal for r in loan.schedule.filter(version=2)) == second.outstanding
    principal_repaid = sum(Repayment.objects.filter(loan=loan).values_list("principal", flat=True))
    assert second.outstanding + principal_repaid == loan.principal
    assert selectors.state(loan, D(2025, 6, 1)).outstanding == second.outstanding


def test_restructuring_refusals_write_nothing(village):
    loan = lend(village)
    with refused("reason"):
        services.loan_restructure(
            loan=loan, date=D(2025, 5, 20), term_months=12, reason=" ", resolution="มติ 1", actor=village.actor
        )
    with refused("resolution"):
        services.loan_restructure(
            loan=loan, date=D(2025, 5, 20), term_months=12, reason="น้ำท่วม", resolution="", actor=village.actor
        )
    with refused("over_term"):
        restructure(village, loan, term=25)  # ordinary loans: at most 24 months
    with refused("term"):
        restructure(village, loan, term=0)
    with refused("rate"):
        restructure(village, loan, rate_bp_month=101)  # above the loan's 1% a month
    with refused("future"):
        restructure(village, loan, date=dt.date.today() + dt.timedelta(days=1))
    repay(village, loan, D(2025, 4, 5), 112_000)
    with refused("too_early"):
        restructure(village, loan, date=D(2025, 4, 4))  # before the last repayment
    repay(village, loan, D(2025, 4, 20), selectors.state(loan, D(2025, 4, 20)).payoff)
    with refused("loan_closed"):
        restructure(village, loan, date=D(2025, 4, 21))
    assert not Restructure.objects.exists()


# --- overpayment held as credit -------------------------------------------------------------------


def test_overpayment_is_refused_by_default(village):
    loan = lend(village)
    with refused("overpayment"):
        repay(village, loan, D(2025, 4, 5), 1_212_001)  # the payoff on 5 April is 12,120 baht


def test_overpayment_held_as_credit_refunded_and_spent(village):
    set_bylaw(village, "loan.overpayment", "credit")
    loan = lend(village)
    paid = repay(village, loan, D(2025, 4, 5), 1_250_000)  # 380 baht above the 12,120 payoff
    assert (paid.interest, paid.principal, paid.credit, paid.amount) == (12_000, 1_200_000, 38_000, 1_250_000)
    assert lines_of(paid.entry) == [
        ("1101", 1_250_000, 0, None),
        ("4102", 0, 12_000, village.borrower.id),
        ("1201", 0, 1_200_000, village.borrower.id),
        ("2104", 0, 38_000, village.borrower.id),
    ]
    loan.refresh_from_db()
    assert loan.status == Loan.Status.CLOSED
    assert selectors.credit(village.borrower) == 38_000

    # The member cannot leave while the group holds their money as credit.
    assert any("credit" in str(r) or "เครดิต" in str(r) for r in _leaving_reasons(village.borrower, D(2025, 4, 6)))

    refund = services.credit_refund(
        member=village.borrower, date=D(2025, 4, 6), amount=20_000, key="refund-1", actor=village.actor
    )
    assert lines_of(refund) == [("2104", 20_000, 0, village.borrower.id), ("1101", 0, 20_000, None)]
    with pytest.raises(AlreadyPosted):
        services.credit_refund(
            member=village.borrower, date=D(2025, 4, 6), amount=20_000, key="refund-1", actor=village.actor
        )
    with refused("over_credit"):
        services.credit_refund(member=village.borrower, date=D(2025, 4, 6), amount=18_001, actor=village.actor)
    assert selectors.credit(village.borrower) == 18_000

    # The rest pays part of the member's next loan: no cash moves, the credit account is debited.
    second = lend(village, guarantors=village.guarantors[2:4], date=D(2025, 4, 7))
    spent = repay(village, second, D(2025, 4, 8), 18_000, method="credit")
    assert lines_of(spent.entry) == [("2104", 18_000, 0, village.borrower.id), ("1201", 0, 18_000, village.borrower.id)]
    assert selectors.credit(village.borrower) == 0
    with refused("over_credit"):
        repay(village, second, D(2025, 4, 8), 1, method="credit")
    assert _leaving_reasons(village.borrower, D(2025, 4, 9)) == [
        "The member has an open loan: it is paid off before they leave."
    ]


def _leaving_reasons(member, day):
    from django.utils import translation

    from sajja.loans.leaving import open_loans_block_leaving

    with translation.override("en"):
        return [str(reason) for reason in open_loans_block_leaving(member, day)]


def test_a_guarantor_cannot_overpay_into_credit(village):
    set_bylaw(village, "loan.overpayment", "credit")
    loan = lend(village)
    with refused("overpayment"):
        services.guarantor_pay(
            loan=loan, guarantor=village.guarantors[0], date=D(2025, 4, 5), amount=1_212_001,
            from_held_savings=False, actor=village.actor,
        )  # fmt: skip


# --- the share of the group's money ---------------------------------------------------------------


def test_limit_as_a_share_of_the_groups_money(village):
    """The group holds 1,000,000 baht in the till, 500,000 in the bank and took 8,500 baht of pledges
    (in the till): 1,508,500 baht. At 1% a loan, at most 15,085 baht."""
    set_bylaw(village, "loan.ordinary.cash_share", "1")
    most = selectors.limit(village.borrower, "ordinary", D(2025, 3, 5))
    assert (most["money"], most["by_cash"], most["most"]) == (150_850_000, 1_508_500, 1_508_500)
    with refused("over_cash_share"):
        request(village, amount=1_508_501)
    approve(village, request(village, amount=1_508_500))
    # The bylaws tighten before the pay-out: the pay-out is checked again on its day.
    set_bylaw(village, "loan.ordinary.cash_share", "0.5", D(2025, 3, 6))
    req = village.borrower.loan_requests.get()
    with refused("over_cash_share"):
        services.loan_disburse(request=req, date=D(2025, 3, 6), actor=village.actor)


# --- guarantors' held savings ---------------------------------------------------------------------


def test_held_savings_are_released_as_the_loan_is_repaid(village):
    """Half of each guarantor's 2,000 baht of savings is held: 1,000 baht. The hold follows the
    principal still owed: when half is repaid, half is released. A guarantor paying from the hold
    spends it, and what is left of it still follows the principal owed."""
    set_bylaw(village, "loan.guarantor.hold_share", "50")
    loan = lend(village)
    g0, g1 = village.guarantors[:2]
    assert [(h.guarantee.held, h.now) for h in selectors.holds(loan, D(2025, 3, 5))] == [(100_000, 100_000)] * 2
    repay(village, loan, D(2025, 4, 5), 612_000)  # 120 interest + 6,000 principal: half of it
    assert [h.now for h in selectors.holds(loan, D(2025, 4, 5))] == [50_000, 50_000]
    with refused("over_held"):
        services.guarantor_pay(
            loan=loan, guarantor=g0, date=D(2025, 4, 6), amount=50_001, from_held_savings=True, actor=village.actor
        )
    paid = services.guarantor_pay(
        loan=loan, guarantor=g0, date=D(2025, 4, 6), amount=50_000, from_held_savings=True, key="g-1",
        actor=village.actor,
    )  # fmt: skip
    assert lines_of(paid.entry)[0] == ("2101", 50_000, 0, g0.id)  # from the guarantor's pledge savings
    with pytest.raises(AlreadyPosted):
        services.guarantor_pay(
            loan=loan, guarantor=g0, date=D(2025, 4, 6), amount=50_000, from_held_savings=True, key="g-1",
            actor=village.actor,
        )  # fmt: skip
    holds = {h.guarantee.guarantor_id: h for h in selectors.holds(loan, D(2025, 4, 6))}
    # 5,500 baht still owed of 12,000: each hold is 1,000 × 5,500 / 12,000 = 458.33 → 458.34 (rounded
    # up); g0 still has 500 baht of the hold left after paying 500, so 458.34 of it stays held.
    assert (holds[g0.id].used, holds[g0.id].now, holds[g1.id].now) == (50_000, 45_834, 45_834)
    repay(village, loan, D(2025, 4, 10), selectors.state(loan, D(2025, 4, 10)).payoff)
    assert [h.now for h in selectors.holds(loan, D(2025, 4, 10))] == [0, 0]


def test_held_savings_kept_whole_until_the_close_when_the_bylaws_say_so(village):
    set_bylaw(village, "loan.guarantor.hold_share", "50")
    set_bylaw(village, "loan.guarantor.release", "at_close")
    loan = lend(village)
    repay(village, loan, D(2025, 4, 5), 612_000)
    assert [h.now for h in selectors.holds(loan, D(2025, 4, 5))] == [100_000, 100_000]


def test_a_guarantor_of_another_loan_or_a_bad_date_is_refused(village):
    loan = lend(village)
    with refused("not_guarantor"):
        services.guarantor_pay(
            loan=loan, guarantor=village.guarantors[3], date=D(2025, 4, 6), amount=100, from_held_savings=False,
            actor=village.actor,
        )  # fmt: skip
    with pytest.raises(SajjaError) as caught:
        services.guarantor_pay(
            loan=loan, guarantor=village.guarantors[0], date="2025-04-06", amount=100, from_held_savings=False,
            actor=village.actor,
        )  # fmt: skip
    assert caught.value.code == "date"


def test_savings_fixture_is_what_the_examples_assume(village):
    """The figures above rest on the fixture: 8,500 baht of pledges taken in the till."""
    total = sum(savings_of(m) for m in [*village.guarantors, village.poor])
    assert total == 850_000


def savings_of(member):
    from sajja.savings.selectors import member_money

    return member_money(member.group_id, [member.id])[member.id].pledge


# --- a repayment recorded by mistake ------------------------------------------------------------


def reverse(village, repayment, date=None, reason="พิมพ์ยอดผิด"):
    date = date or D(2025, 4, 6)
    return services.repayment_reverse(repayment=repayment, date=date, reason=reason, actor=village.actor)


def test_reversing_a_payoff_opens_the_loan_again_with_its_guarantees(village):
    """The whole 1,212,000 satang (12,000 interest + 1,200,000 principal) typed on 5 April instead of
    the instalment closed the loan and released the guarantees; its reversal the same day posts the
    opposite lines, a repayment row of the parts negated, and the loan owes what it owed before."""
    loan = lend(village)
    before = selectors.state(loan, D(2025, 4, 5))
    paid = repay(village, loan, D(2025, 4, 5), 1_212_000)
    loan.refresh_from_db()
    assert loan.status == Loan.Status.CLOSED
    assert not loan.request.guarantees.filter(released_on__isnull=True).exists()
    back = reverse(village, paid, date=D(2025, 4, 5))
    b = village.borrower
    assert lines_of(back.entry) == [
        ("1101", 0, 1_212_000, None),
        ("4102", 12_000, 0, b.id),
        ("1201", 1_200_000, 0, b.id),
    ]
    assert back.entry.reverses_id == paid.entry_id
    assert (back.amount, back.interest, back.principal, back.reverses_id) == (-1_212_000, -12_000, -1_200_000, paid.id)
    loan.refresh_from_db()
    assert (loan.status, loan.closed_on) == (Loan.Status.OPEN, None)
    assert loan.request.guarantees.filter(released_on__isnull=True).count() == 2
    after = selectors.state(loan, D(2025, 4, 5))
    assert (after.outstanding, after.interest_due, after.payoff) == (
        before.outstanding,
        before.interest_due,
        before.payoff,
    )
    # And the instalment is paid again, correctly this time, on the day: no late fine.
    again = repay(village, loan, D(2025, 4, 5), 112_000)
    assert (again.fine, again.interest, again.principal) == (0, 12_000, 100_000)


def test_only_the_latest_standing_repayment_is_reversed_and_only_once(village):
    loan = lend(village)
    first = repay(village, loan, D(2025, 4, 5), 112_000)
    second = repay(village, loan, D(2025, 5, 5), 111_000)
    with refused("not_latest"):
        reverse(village, first, date=D(2025, 5, 6))
    with refused("too_early"):
        reverse(village, second, date=D(2025, 5, 4))  # before the payment it corrects
    with refused("reason"):
        reverse(village, second, date=D(2025, 5, 6), reason="  ")
    undone = reverse(village, second, date=D(2025, 5, 6))
    with refused("already_reversed"):
        reverse(village, second, date=D(2025, 5, 6))
    with refused("already_reversed"):
        reverse(village, undone, date=D(2025, 5, 6))  # a correction is not corrected; post anew
    # With the second undone, the first is the latest standing one again.
    reverse(village, first, date=D(2025, 5, 6))
    assert selectors.state(loan, D(2025, 5, 6)).outstanding == 1_200_000
    assert sum(Repayment.objects.filter(loan=loan).values_list("amount", flat=True)) == 0


def test_a_restructured_loan_keeps_its_earlier_repayments(village):
    loan = lend(village)
    paid = repay(village, loan, D(2025, 4, 5), 112_000)
    restructure(village, loan)
    with refused("loan_changed"):
        reverse(village, paid, date=D(2025, 5, 21))
