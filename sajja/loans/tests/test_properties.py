"""Properties of a loan under any sequence of repayments (random amounts up to the payoff, on random
days after the pay-out), sometimes ending in a write-off. After every step:

- principal still owed + principal repaid + principal written off == principal lent;
- the ledger's loan account, on the lines tagged with the borrower, == the principal still owed;
  fines receivable of the borrower == fines charged − fines paid; interest income == interest paid;
- a refused repayment (more than the payoff, or all the principal short of the interest for the
  days) writes nothing;
- debits == credits, and the hash chain verifies.
"""

import datetime as dt

import pytest
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sajja.core.errors import SajjaError
from sajja.ledger.models import JournalLine
from sajja.ledger.selectors import trial_balance
from sajja.ledger.verify import verify_group
from sajja.loans import selectors, services
from sajja.loans.models import Loan, LoanFine, Repayment, WriteOff

from .conftest import counts, lend, set_bylaw

D = dt.date
START = D(2025, 3, 5)

SETTINGS = settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)

steps = st.lists(
    st.tuples(
        st.integers(0, 45),  # days after the previous step
        st.one_of(st.just("payoff"), st.integers(1, 1000)),  # the payoff, or this many thousandths of it
    ),
    min_size=1,
    max_size=12,
)


class Rollback(Exception):
    """Undo one example's writes, so each example starts from the fixture's group."""


def ledger_of(member, code: str) -> int:
    row = JournalLine.objects.filter(member=member, account__code=code).aggregate(d=Sum("debit"), c=Sum("credit"))
    return (row["d"] or 0) - (row["c"] or 0)


def check(village, loan: Loan, day: dt.date) -> None:
    loan.refresh_from_db()
    written_off = sum(WriteOff.objects.filter(loan=loan).values_list("principal", flat=True))
    repaid = sum(Repayment.objects.filter(loan=loan).values_list("principal", flat=True))
    s = selectors.state(loan, day)
    assert s.outstanding + repaid + written_off == loan.principal
    assert s.outstanding >= 0
    assert ledger_of(loan.member, "1201") == s.outstanding
    fines = sum(LoanFine.objects.filter(loan=loan).values_list("amount", flat=True))
    paid_fines = sum(Repayment.objects.filter(loan=loan).values_list("fine", flat=True))
    assert ledger_of(loan.member, "1302") == fines - paid_fines == s.fines_due
    interest = sum(Repayment.objects.filter(loan=loan).values_list("interest", flat=True))
    income = JournalLine.objects.filter(group=village.group, account__code="4102").aggregate(
        d=Sum("debit"), c=Sum("credit")
    )
    assert (income["c"] or 0) - (income["d"] or 0) == interest
    tb = trial_balance(village.group.id)
    assert tb["debit_total"] == tb["credit_total"]
    if loan.status == Loan.Status.CLOSED:
        assert (s.outstanding, s.due_now) == (0, 0)
        assert set(loan.request.guarantees.values_list("released_on", flat=True)) == {loan.closed_on}


@pytest.mark.django_db(transaction=False)
@SETTINGS
@given(
    amount=st.integers(100_00, 50_000_00),
    term=st.integers(1, 24),
    method=st.sampled_from(["declining", "annuity"]),
    rate=st.sampled_from(["0.5", "1", "1.25"]),
    plan=steps,
    write_off=st.booleans(),
)
def test_any_sequence_of_repayments_keeps_the_principal_and_the_ledger_agreeing(
    village, amount, term, method, rate, plan, write_off
):
    today = timezone.localdate()
    try:
        with transaction.atomic():
            set_bylaw(village, "loan.ordinary.method", method, D(2025, 2, 1))
            set_bylaw(village, "loan.ordinary.rate", rate, D(2025, 2, 1))
            loan = lend(village, amount=amount, term=term, date=START)
            day = START
            check(village, loan, day)
            for days, part in plan:
                day += dt.timedelta(days=days)
                if day > today or loan.status != Loan.Status.OPEN:
                    break
                services.fines_charge(loan=loan, date=day, actor=village.actor)
                quote = selectors.state(loan, day)
                pay = quote.payoff if part == "payoff" else max(1, quote.payoff * part // 1000)
                if quote.accrued and quote.payoff - quote.accrued <= pay < quote.payoff:
                    # all the principal but not the interest for the days: refused, nothing written
                    before = counts()
                    with pytest.raises(SajjaError) as caught:
                        services.loan_repay(loan=loan, date=day, amount=pay, actor=village.actor)
                    assert caught.value.code == "short_of_payoff"
                    assert counts() == before
                else:
                    services.loan_repay(loan=loan, date=day, amount=pay, actor=village.actor)
                check(village, loan, day)
            loan.refresh_from_db()
            if write_off and loan.status == Loan.Status.OPEN and day <= today:
                w = services.loan_write_off(
                    loan=loan, date=day, reason="ย้ายถิ่น", resolution="มติ 1/2568", actor=village.actor
                )
                assert w.principal == selectors.state(loan, day).outstanding
                check(village, loan, day)
                assert ledger_of(loan.member, "1201") == 0
            assert verify_group(village.group.id, record=False).ok
            raise Rollback
    except Rollback:
        pass
