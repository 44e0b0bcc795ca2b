"""The loans services: worked examples with the exact journal lines of every money event, every
refusal with its message and nothing written, and what loans say about a member leaving.

The worked loan (see conftest for the bylaws): 12,000 baht ordinary loan, 12 months at 1% a month on
the declining balance, paid out on 5 March 2025. Each instalment repays 1,000 baht of principal with
the month's interest on what is still owed: 120 baht in April, 110 in May, 100 in June, ...
"""

import datetime as dt

import pytest
from django.utils import timezone

from sajja.bylaws.models import Bylaw
from sajja.core.errors import SajjaError
from sajja.ledger.models import JournalEntry
from sajja.ledger.selectors import balances
from sajja.ledger.services import AlreadyPosted
from sajja.ledger.verify import verify_group
from sajja.loans import selectors, services
from sajja.loans.models import Guarantee, Loan, LoanFine, LoanRequest, LoanVote, Repayment
from sajja.members.models import Member
from sajja.savings import services as savings
from sajja.savings.selectors import member_money

from .conftest import approve, counts, lend, lines_of, refused, repay, request, set_bylaw

D = dt.date
PAID_OUT = D(2025, 3, 5)


def role_balance(group, code: str) -> int:
    return next(b.balance for b in balances(group.id) if b.account.code == code)


def member_balance(member, code: str) -> int:
    """The debit-minus-credit of the member's lines on account ``code``."""
    from sajja.ledger.models import JournalLine

    rows = JournalLine.objects.filter(member=member, account__code=code).values_list("debit", "credit")
    return sum(d - c for d, c in rows)


# --- worked examples --------------------------------------------------------------------------


def test_pay_out_in_cash_posts_the_loan_to_the_borrower_and_fixes_the_schedule(village):
    b = village.borrower
    loan = lend(village)
    assert lines_of(loan.entry) == [("1201", 1_200_000, 0, b.id), ("1101", 0, 1_200_000, None)]
    assert loan.entry.date == PAID_OUT
    assert (loan.principal, loan.rate_bp_month, loan.method, loan.instalments, loan.status) == (
        1_200_000, 100, "declining", 12, Loan.Status.OPEN,
    )  # fmt: skip
    rows = list(loan.schedule.values_list("number", "due", "principal", "interest"))
    assert rows[0] == (1, D(2025, 4, 5), 100_000, 12_000)
    assert rows[1] == (2, D(2025, 5, 5), 100_000, 11_000)
    assert rows[-1] == (12, D(2026, 3, 5), 100_000, 1_000)
    assert sum(r[2] for r in rows) == 1_200_000
    assert sum(r[3] for r in rows) == 78_000  # 120 + 110 + ... + 10 baht
    assert loan.request.status == LoanRequest.Status.DISBURSED
    assert list(Guarantee.objects.filter(request=loan.request).values_list("guarantor", "held", "released_on")) == [
        (village.guarantors[0].id, 0, None),
        (village.guarantors[1].id, 0, None),
    ]
    assert member_balance(b, "1201") == 1_200_000
    assert verify_group(village.group.id, record=False).ok


def test_pay_out_by_bank_transfer(village):
    b2 = village.borrower2
    loan = lend(
        village, member=b2, kind="emergency", amount=5_000_00, term=5, guarantors=village.guarantors[2:], method="bank"
    )
    assert lines_of(loan.entry) == [("1202", 500_000, 0, b2.id), ("1102", 0, 500_000, None)]
    assert role_balance(village.group, "1102") == 500_000_00 - 500_000
    assert [(r.principal, r.interest) for r in loan.schedule.all()] == [
        (100_000, 5_000), (100_000, 4_000), (100_000, 3_000), (100_000, 2_000), (100_000, 1_000),
    ]  # fmt: skip


def test_on_time_instalment(village):
    b = village.borrower
    loan = lend(village)
    r = repay(village, loan, D(2025, 4, 5), 112_000)
    assert lines_of(r.entry) == [("1101", 112_000, 0, None), ("4102", 0, 12_000, b.id), ("1201", 0, 100_000, b.id)]
    assert (r.amount, r.fine, r.interest, r.principal, r.source) == (112_000, 0, 12_000, 100_000, "borrower")
    assert LoanFine.objects.count() == 0
    s = selectors.state(loan, D(2025, 4, 5))
    assert (s.outstanding, s.due_now, s.days_overdue, s.next_due, s.next_amount) == (
        1_100_000,
        0,
        0,
        D(2025, 5, 5),
        111_000,
    )
    assert member_balance(b, "1201") == 1_100_000


def test_late_instalment_is_fined_and_the_repayment_pays_fine_then_interest_then_principal(village):
    b = village.borrower
    loan = lend(village)
    repay(village, loan, D(2025, 4, 5), 112_000)
    s = selectors.state(loan, D(2025, 5, 20))
    assert (s.days_overdue, s.interest_due, s.principal_due, s.fines_due) == (15, 11_000, 100_000, 0)
    r = repay(village, loan, D(2025, 5, 20), 113_000)
    fine = LoanFine.objects.get()
    assert (fine.instalment, fine.amount, fine.charged_on) == (2, 2_000, D(2025, 5, 20))
    assert lines_of(fine.entry) == [("1302", 2_000, 0, b.id), ("4103", 0, 2_000, None)]
    assert lines_of(r.entry) == [
        ("1101", 113_000, 0, None),
        ("1302", 0, 2_000, b.id),
        ("4102", 0, 11_000, b.id),
        ("1201", 0, 100_000, b.id),
    ]
    assert (r.fine, r.interest, r.principal) == (2_000, 11_000, 100_000)
    assert member_balance(b, "1302") == 0
    # Charging again on the same day finds nothing new: one fine an instalment.
    assert services.fines_charge(loan=loan, date=D(2025, 5, 20), actor=village.actor) == []


def test_a_late_payment_too_small_for_the_fine_pays_the_fine_first(village):
    b = village.borrower
    loan = lend(village)
    r = repay(village, loan, D(2025, 4, 10), 5_000)
    assert lines_of(r.entry) == [("1101", 5_000, 0, None), ("1302", 0, 2_000, b.id), ("4102", 0, 3_000, b.id)]
    s = selectors.state(loan, D(2025, 4, 10))
    assert (s.fines_due, s.interest_due, s.principal_due, s.outstanding) == (0, 9_000, 100_000, 1_200_000)


def test_partial_payment_then_early_payoff_with_interest_for_the_days(village):
    b = village.borrower
    loan = lend(village)
    repay(village, loan, D(2025, 4, 5), 112_000)
    repay(village, loan, D(2025, 5, 20), 113_000)
    partial = repay(village, loan, D(2025, 6, 5), 50_000)
    assert lines_of(partial.entry) == [("1101", 50_000, 0, None), ("4102", 0, 10_000, b.id), ("1201", 0, 40_000, b.id)]
    s = selectors.state(loan, D(2025, 6, 5))
    assert (s.outstanding, s.principal_due, s.interest_due, s.days_overdue, s.accrued) == (960_000, 60_000, 0, 0, 0)
    assert selectors.state(loan, D(2025, 6, 6)).days_overdue == 1
    # 20 June: instalment 3 is late (fined 20 baht); interest on 9,600 baht for the 15 days since
    # 5 June at 12% a year = 9,600 × 0.12 × 15 / 365 = 47.342... → 47.34 baht.
    quote = selectors.state(loan, D(2025, 6, 20))
    assert (quote.accrued, quote.outstanding, quote.interest_due) == (4_734, 960_000, 0)
    payoff = 2_000 + 4_734 + 960_000
    r = repay(village, loan, D(2025, 6, 20), payoff)
    fine = LoanFine.objects.get(instalment=3)
    assert lines_of(fine.entry) == [("1302", 2_000, 0, b.id), ("4103", 0, 2_000, None)]
    assert lines_of(r.entry) == [
        ("1101", 966_734, 0, None),
        ("1302", 0, 2_000, b.id),
        ("4102", 0, 4_734, b.id),
        ("1201", 0, 960_000, b.id),
    ]
    loan.refresh_from_db()
    assert (loan.status, loan.closed_on) == (Loan.Status.CLOSED, D(2025, 6, 20))
    assert set(Guarantee.objects.filter(request=loan.request).values_list("released_on", flat=True)) == {D(2025, 6, 20)}
    assert (member_balance(b, "1201"), member_balance(b, "1302")) == (0, 0)
    assert sum(r.principal for r in loan.repayments.all()) == 1_200_000
    assert verify_group(village.group.id, record=False).ok


def test_payoff_on_a_due_date_has_no_interest_for_days(village):
    loan = lend(village)
    s = selectors.state(loan, D(2025, 4, 5))
    assert (s.accrued, s.payoff) == (0, 12_000 + 1_200_000)
    r = repay(village, loan, D(2025, 4, 5), 1_212_000)
    assert (r.interest, r.principal) == (12_000, 1_200_000)
    loan.refresh_from_db()
    assert loan.status == Loan.Status.CLOSED


def test_write_off_posts_bad_debt_against_the_loan(village):
    b2 = village.borrower2
    loan = lend(village, member=b2, amount=6_000_00, term=6)
    repay(village, loan, D(2025, 4, 5), 106_000)
    w = services.loan_write_off(
        loan=loan,
        date=D(2025, 9, 1),
        reason="ย้ายออกจากหมู่บ้าน ติดต่อไม่ได้",
        resolution="มติที่ประชุมใหญ่ 2/2568",
        actor=village.actor,
    )
    assert lines_of(w.entry) == [("5301", 500_000, 0, None), ("1201", 0, 500_000, b2.id)]
    assert w.principal == 500_000
    loan.refresh_from_db()
    assert (loan.status, loan.closed_on) == (Loan.Status.WRITTEN_OFF, D(2025, 9, 1))
    assert member_balance(b2, "1201") == 0
    assert role_balance(village.group, "5301") == 500_000
    with refused("loan_closed", "This loan is closed: nothing more is owed on it."):
        repay(village, loan, D(2025, 9, 2), 1_000)


def test_guarantor_pays_in_money(village):
    b, g = village.borrower, village.guarantors[0]
    loan = lend(village)
    r = services.guarantor_pay(
        loan=loan, guarantor=g, date=D(2025, 4, 5), amount=112_000, from_held_savings=False, actor=village.actor
    )
    assert lines_of(r.entry) == [("1101", 112_000, 0, None), ("4102", 0, 12_000, b.id), ("1201", 0, 100_000, b.id)]
    assert (r.source, r.guarantor_id) == (Repayment.Source.GUARANTOR, g.id)
    assert member_money(village.group.id, [g.id])[g.id].pledge == 200_000  # their savings untouched


def test_guarantor_pays_from_held_savings(village):
    b, g0, g1 = village.borrower, village.guarantors[0], village.guarantors[1]
    set_bylaw(village, "loan.guarantor.hold_share", "50")
    loan = lend(village)
    assert list(Guarantee.objects.filter(request=loan.request).order_by("id").values_list("held", flat=True)) == [
        100_000,
        100_000,
    ]
    r = services.guarantor_pay(
        loan=loan, guarantor=g1, date=D(2025, 4, 5), amount=100_000, from_held_savings=True, actor=village.actor
    )
    assert lines_of(r.entry) == [("2101", 100_000, 0, g1.id), ("4102", 0, 12_000, b.id), ("1201", 0, 88_000, b.id)]
    assert (r.source, r.guarantor_id, r.interest, r.principal) == (
        Repayment.Source.GUARANTOR_SAVINGS,
        g1.id,
        12_000,
        88_000,
    )
    money = member_money(village.group.id, [g0.id, g1.id])
    assert (money[g0.id].pledge, money[g1.id].pledge) == (200_000, 100_000)
    with refused("over_held", "Only 0.00 baht of this guarantor's savings is held for the loan."):
        services.guarantor_pay(
            loan=loan, guarantor=g1, date=D(2025, 4, 6), amount=1, from_held_savings=True, actor=village.actor
        )
    with refused("not_guarantor", "This member does not guarantee this loan."):
        services.guarantor_pay(
            loan=loan,
            guarantor=village.guarantors[2],
            date=D(2025, 4, 6),
            amount=1,
            from_held_savings=False,
            actor=village.actor,
        )


# --- the committee ----------------------------------------------------------------------------


def test_request_votes_and_decision_are_on_record(village):
    req = request(village)
    assert (req.status, req.amount, req.term_months) == (LoanRequest.Status.REQUESTED, 1_200_000, 12)
    services.loan_vote(request=req, vote="approve", date=PAID_OUT, actor=village.committee[0])
    services.loan_vote(request=req, vote="reject", date=PAID_OUT, actor=village.committee[1])
    services.loan_vote(request=req, vote="approve", date=PAID_OUT, actor=village.committee[2])
    assert sorted(LoanVote.objects.filter(request=req).values_list("voter", "vote")) == sorted(
        zip([m.id for m in village.committee_members], ["approve", "reject", "approve"], strict=True)
    )
    req = services.loan_decide(
        request=req,
        decision="reduce",
        amount=1_000_000,
        reason="เงินกองทุนไม่พอ",
        date=PAID_OUT,
        actor=village.committee[1],
    )
    assert (req.status, req.decision, req.approved_amount, req.decided_by) == (
        "approved",
        "reduce",
        1_000_000,
        village.committee[1],
    )
    loan = services.loan_disburse(request=req, date=PAID_OUT, actor=village.actor)
    assert loan.principal == 1_000_000


def test_rejection_follows_the_votes_and_gives_the_reason(village):
    req = request(village)
    for user in village.committee[:2]:
        services.loan_vote(request=req, vote="reject", date=PAID_OUT, actor=user)
    with refused("reason", "Give the reason for the decision."):
        services.loan_decide(request=req, decision="reject", date=PAID_OUT, actor=village.committee[0])
    req = services.loan_decide(
        request=req, decision="reject", reason="ค้างชำระกลุ่มอื่น", date=PAID_OUT, actor=village.committee[0]
    )
    assert (req.status, req.approved_amount) == (LoanRequest.Status.REJECTED, None)
    # A rejected request no longer ties up its guarantors.
    assert selectors.guarantees_open([g.id for g in village.guarantors[:2]]) == {}


# --- bad input: nothing written ---------------------------------------------------------------


def test_over_the_cap(village):
    with refused("over_cap", "The most the bylaws lend for this kind of loan is 200,000.00 baht."):
        request(village, amount=200_000_01)


def test_over_the_savings_multiple(village):
    set_bylaw(village, "loan.ordinary.savings_multiple", "3")
    g = village.guarantors
    with refused(
        "over_savings", "The bylaws lend at most 3 times the borrower's pledge savings (2,000.00 baht): 6,000.00 baht."
    ):
        request(village, member=g[0], guarantors=g[1:3], amount=6_000_01)
    assert request(village, member=g[0], guarantors=g[1:3], amount=6_000_00).amount == 600_000


def test_too_few_guarantors(village):
    with refused("guarantor_count", "This kind of loan needs 2 guarantors."):
        request(village, guarantors=village.guarantors[:1])


def test_borrower_as_their_own_guarantor(village):
    g = village.guarantors
    with refused("guarantor_self", "A borrower cannot guarantee their own loan."):
        request(village, member=g[0], guarantors=[g[1], g[0]])


def test_guarantor_named_twice(village):
    g = village.guarantors[0]
    with refused("guarantor_twice", "A guarantor is named twice."):
        request(village, guarantors=[g, g])


def test_guarantor_with_too_little_savings(village):
    poor = village.poor
    with refused(
        "guarantor_savings", f"{poor.full_name} has less than 1,000.00 baht of pledge savings to guarantee a loan."
    ):
        request(village, guarantors=[village.guarantors[0], poor])


def test_guarantor_of_another_group_or_not_active(village, world):
    with refused("guarantor_not_member", "A guarantor must be an active member of the group."):
        request(village, guarantors=[village.guarantors[0], world.member_b])


def test_guarantor_already_guaranteeing_the_maximum(village):
    g = village.guarantors
    request(village, member=village.borrower, guarantors=[g[0], g[1]])
    request(village, member=village.borrower2, guarantors=[g[0], g[2]])
    with refused("guarantor_busy", f"{g[0].full_name} already guarantees 2 loans, the most the bylaws allow."):
        request(village, member=g[3], guarantors=[g[0], g[2]], date=D(2025, 3, 6))


def test_guarantor_in_arrears(village):
    g = village.guarantors
    lend(village, member=g[0], guarantors=[g[2], g[3]], amount=5_000_00, term=5)  # first due 5 April, unpaid
    with refused("guarantor_in_arrears", f"{g[0].full_name} is late on a loan and cannot guarantee one."):
        request(village, guarantors=[g[0], g[1]], date=D(2025, 4, 6))
    assert (
        request(village, guarantors=[g[0], g[1]], date=D(2025, 4, 5)).status == "requested"
    )  # not late on the due day


def test_borrower_in_arrears(village):
    g = village.guarantors
    lend(village, amount=5_000_00, term=5)
    with refused("borrower_in_arrears", "The member is late on a loan: that must be put right first."):
        request(village, guarantors=[g[2], g[3]], amount=1_000_00, date=D(2025, 4, 6))


def test_rate_over_the_legal_cap(village):
    # bylaw_set refuses it itself; a row written some other way is still caught when a loan is made.
    with pytest.raises(SajjaError) as caught:
        set_bylaw(village, "loan.ordinary.rate", "1.5")
    assert "18.00%" in caught.value.in_language("en")
    Bylaw.objects.create(
        group=village.group,
        key="loan.ordinary.rate",
        value=150,
        effective_from=D(2025, 2, 1),
        resolution="x",
        created_by=village.actor,
    )
    with refused("over_legal_cap", "This loan would cost the borrower 18.00% a year: the law allows at most 15%."):
        request(village)


def test_a_rate_just_at_the_cap_is_lent(village):
    Bylaw.objects.create(
        group=village.group,
        key="loan.ordinary.rate",
        value=125,
        effective_from=D(2025, 2, 1),
        resolution="x",
        created_by=village.actor,
    )
    loan = lend(village, amount=1_198_00, term=1)
    assert list(loan.schedule.values_list("principal", "interest")) == [(119_800, 1_498)]


def test_term_over_the_maximum(village):
    with refused("over_term", "The longest term the bylaws allow is 24 months."):
        request(village, term=25)
    with refused("term", "Give the term in whole months."):
        request(village, term=0)


def test_other_request_refusals(village):
    with refused("kind", "Choose the kind of loan."):
        request(village, kind="holiday")
    with refused("purpose", "Say what the loan is for."):
        services.loan_request(
            member=village.borrower, kind="ordinary", amount=1_000_00, term_months=6, purpose="  ",
            guarantors=village.guarantors[:2], date=PAID_OUT, actor=village.actor,
        )  # fmt: skip


def test_vote_or_decision_by_someone_not_on_the_loan_committee(village):
    req = request(village)
    with refused("not_loan_committee", "Only a member of the loan committee may do this."):
        services.loan_vote(request=req, vote="approve", date=PAID_OUT, actor=village.actor)
    for user in village.committee[:2]:
        services.loan_vote(request=req, vote="approve", date=PAID_OUT, actor=user)
    with refused("not_loan_committee", "Only a member of the loan committee may do this."):
        services.loan_decide(request=req, decision="approve", date=PAID_OUT, actor=village.actor)


def test_a_seat_that_ended_no_longer_votes(village):
    from sajja.accounts.models import CommitteeSeat

    CommitteeSeat.objects.filter(member__user=village.committee[2]).update(end_date=D(2025, 2, 28))
    req = request(village)
    with refused("not_loan_committee"):
        services.loan_vote(request=req, vote="approve", date=PAID_OUT, actor=village.committee[2])


def test_voting_twice(village):
    req = request(village)
    services.loan_vote(request=req, vote="approve", date=PAID_OUT, actor=village.committee[0])
    with refused("voted_twice", "You have already voted on this request."):
        services.loan_vote(request=req, vote="reject", date=PAID_OUT, actor=village.committee[0])
    with refused("vote", "Vote approve, reject or abstain."):
        services.loan_vote(request=req, vote="maybe", date=PAID_OUT, actor=village.committee[1])


def test_no_quorum(village):
    req = request(village)
    services.loan_vote(request=req, vote="approve", date=PAID_OUT, actor=village.committee[0])
    with refused("no_quorum", "No quorum: 1 of the 3 committee members have voted."):
        services.loan_decide(request=req, decision="approve", date=PAID_OUT, actor=village.committee[0])


def test_decision_against_the_votes(village):
    req = request(village)
    services.loan_vote(request=req, vote="approve", date=PAID_OUT, actor=village.committee[0])
    services.loan_vote(request=req, vote="reject", date=PAID_OUT, actor=village.committee[1])
    # one for, one against: not more than half for, so only a rejection follows the votes
    with refused("against_votes", "The decision must follow the committee's votes."):
        services.loan_decide(request=req, decision="approve", date=PAID_OUT, actor=village.committee[0])
    services.loan_vote(request=req, vote="approve", date=PAID_OUT, actor=village.committee[2])
    with refused("against_votes", "The decision must follow the committee's votes."):
        services.loan_decide(request=req, decision="reject", reason="ไม่", date=PAID_OUT, actor=village.committee[0])
    with refused("not_reduced", "A reduced amount is less than the amount asked."):
        services.loan_decide(
            request=req, decision="reduce", amount=1_200_000, reason="x", date=PAID_OUT, actor=village.committee[0]
        )


def test_pay_out_of_a_request_not_approved(village):
    req = request(village)
    with refused("not_approved", "Only an approved loan is paid out."):
        services.loan_disburse(request=req, date=PAID_OUT, actor=village.actor)


def test_not_enough_cash(village):
    set_bylaw(village, "loan.ordinary.cap", "2000000")
    # 1,000,000 baht put in + 4 × 2,000 + 500 baht of pledge savings = 1,008,500 baht in the till
    req = request(village, amount=1_008_500_01)
    approve(village, req)
    with refused("not_enough_money", "The group has only 1,008,500.00 baht there: not enough for this loan."):
        services.loan_disburse(request=req, date=PAID_OUT, actor=village.actor)
    with refused("method", "Paid in cash or by bank transfer?"):
        services.loan_disburse(request=req, date=PAID_OUT, method="cheque", actor=village.actor)


def test_repayment_on_a_closed_loan(village):
    loan = lend(village)
    repay(village, loan, D(2025, 4, 5), 1_212_000)
    with refused("loan_closed", "This loan is closed: nothing more is owed on it."):
        repay(village, loan, D(2025, 4, 6), 1_000)


def test_overpayment(village):
    loan = lend(village)
    with refused("overpayment", "12,120.01 baht is more than everything owed on this loan (12,120.00 baht)."):
        repay(village, loan, D(2025, 4, 5), 1_212_001)


def test_paying_the_principal_without_the_interest_for_the_days_does_not_close_the_loan(village):
    """An amount that pays the fines, the interest due and all the principal but not the interest
    for the days since the last due date is refused: a loan never closes short of its payoff quote."""
    loan = lend(village)
    repay(village, loan, D(2025, 4, 5), 112_000)
    s = selectors.state(loan, D(2025, 4, 20))
    assert s.accrued == 5_425  # 11,000 baht × 12% × 15 / 365 = 54.246... baht
    short = s.fines_due + s.interest_due + s.outstanding
    with refused(
        "short_of_payoff",
        "This pays all the principal but not everything else owed (fines, or interest for the days since the last"
        " due date): 11,054.25 baht closes the loan.",
    ):
        repay(village, loan, D(2025, 4, 20), short)
    repay(village, loan, D(2025, 4, 20), s.payoff)
    loan.refresh_from_db()
    assert loan.status == Loan.Status.CLOSED


@pytest.mark.parametrize("amount", [1000.0, -5, 0, True, "1000"])
def test_float_negative_or_odd_amounts(village, amount):
    loan = lend(village)
    code = "not_positive" if amount in (-5, 0) and not isinstance(amount, bool) else "float"
    with refused(code):
        repay(village, loan, D(2025, 4, 5), amount)
    with refused(code):
        request(village, amount=amount, guarantors=village.guarantors[2:], member=village.borrower2)


def test_future_dates(village):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    with refused("future", "The date is in the future."):
        request(village, date=tomorrow)
    req = request(village)
    with refused("future"):
        services.loan_vote(request=req, vote="approve", date=tomorrow, actor=village.committee[0])
    approve(village, req)
    with refused("future"):
        services.loan_disburse(request=req, date=tomorrow, actor=village.actor)
    loan = services.loan_disburse(request=req, date=PAID_OUT, actor=village.actor)
    with refused("future"):
        repay(village, loan, tomorrow, 1_000)
    with refused("too_early"):
        repay(village, loan, D(2025, 3, 4), 1_000)
    with refused("future"):
        services.loan_write_off(loan=loan, date=tomorrow, reason="x", resolution="y", actor=village.actor)


def test_double_submit_of_a_repayment_with_the_same_key(village):
    loan = lend(village)
    first = repay(village, loan, D(2025, 4, 5), 112_000, key="form-123")
    before = counts()
    with pytest.raises(AlreadyPosted) as caught:
        repay(village, loan, D(2025, 4, 5), 112_000, key="form-123")
    assert caught.value.entry == first.entry
    assert counts() == before
    assert Repayment.objects.count() == 1


def test_double_submit_of_a_payoff_with_the_same_key_is_already_posted_not_loan_closed(village):
    loan = lend(village)
    first = repay(village, loan, D(2025, 4, 5), 1_212_000, key="payoff-1")
    before = counts()
    with pytest.raises(AlreadyPosted) as caught:
        repay(village, loan, D(2025, 4, 5), 1_212_000, key="payoff-1")
    assert caught.value.entry == first.entry
    assert counts() == before


def test_double_submit_of_a_pay_out_with_the_same_key(village):
    loan = lend(village, key="payout-1")
    before = counts()
    with pytest.raises(AlreadyPosted) as caught:
        services.loan_disburse(request=loan.request, date=PAID_OUT, key="payout-1", actor=village.actor)
    assert caught.value.entry == loan.entry
    assert counts() == before
    assert JournalEntry.objects.filter(source=f"loan-request/{loan.request_id}").count() == 1


def test_write_off_needs_reason_and_resolution(village):
    loan = lend(village)
    with refused("reason", "Give the reason for the write-off."):
        services.loan_write_off(loan=loan, date=D(2025, 9, 1), reason=" ", resolution="y", actor=village.actor)
    with refused("resolution", "Name the resolution that approved the write-off."):
        services.loan_write_off(loan=loan, date=D(2025, 9, 1), reason="x", resolution="", actor=village.actor)


# --- leaving ----------------------------------------------------------------------------------


def settle(village, member, date=None):
    return savings.member_settle(
        member=member,
        status=Member.Status.LEFT,
        date=date or D(2025, 7, 1),
        reason="ย้ายไปต่างจังหวัด",
        actor=village.actor,
    )


def test_guarantor_and_borrower_of_an_open_loan_cannot_leave_until_it_is_paid_off(village):
    b, g = village.borrower, village.guarantors[0]
    loan = lend(village)
    message = f"The member guarantees the open loan of {b.full_name}: that must be resolved before they leave."
    before = counts()
    with pytest.raises(SajjaError) as caught:
        settle(village, g)
    assert (caught.value.code, caught.value.in_language("en")) == ("leaving_blocked", message)
    with pytest.raises(SajjaError) as caught:
        settle(village, b)
    assert (caught.value.code, caught.value.in_language("en")) == (
        "leaving_blocked", "The member has an open loan: it is paid off before they leave.",
    )  # fmt: skip
    assert counts() == before
    assert Member.objects.filter(status=Member.Status.ACTIVE, id__in=[b.id, g.id]).count() == 2
    repay(village, loan, D(2025, 4, 5), 1_212_000)
    settled = settle(village, g)
    assert (settled.pledge, settled.loans, settled.net) == (200_000, 0, 200_000)
    assert settle(village, b).loans == 0
    assert Member.objects.filter(id__in=[b.id, g.id], status=Member.Status.LEFT).count() == 2


def test_a_written_off_loan_no_longer_blocks_its_guarantor(village):
    g = village.guarantors[0]
    loan = lend(village)
    services.loan_write_off(loan=loan, date=D(2025, 9, 1), reason="x", resolution="y", actor=village.actor)
    assert settle(village, g, date=D(2025, 9, 2)).net == 200_000


def test_the_bylaws_repayment_order_and_interest_basis(village):
    """The repayment order and how interest on an early payoff is counted come from the bylaws."""
    set_bylaw(village, "loan.repayment_order", "interest_principal_fine")
    set_bylaw(village, "loan.interest_basis", "months")
    loan = lend(village)
    # 20 May: instalments 1 and 2 (5 April, 5 May) are late: two fines of 20 baht are charged first.
    s = selectors.state(loan, D(2025, 5, 20))
    assert (s.fines_pending, s.interest_due, s.principal_due) == (4_000, 23_000, 200_000)
    # Interest for the months begun since 5 May: one month on 12,000 baht at 1% = 120 baht.
    assert s.accrued == 12_000
    r = repay(village, loan, D(2025, 5, 20), 30_000)
    assert (r.interest, r.principal, r.fine) == (23_000, 7_000, 0)  # interest, then principal, fines last
