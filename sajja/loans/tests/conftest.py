"""Fixtures for the loans tests: a group with money in the till and the bank, a loan committee of
three members with their users, borrowers, and guarantors with pledge savings paid through
``sajja.savings.services``; and helpers that run a loan through its life cycle and read back
exactly what was posted.

Template bylaws (a new group): ordinary loans 1% a month on the declining balance, monthly, at
most 24 months and 200,000 baht, two guarantors each with at least 1,000 baht of pledge savings
and guaranteeing at most two loans, nothing held; emergency loans 1% a month, at most 6 months
and 5,000 baht; a late instalment is fined 20 baht (at most 200 baht a loan), no days of grace.
Chart codes: 1101 cash, 1102 bank, 1201 ordinary loans, 1202 emergency loans, 1302 fines
receivable, 2101 pledge savings, 4102 loan interest income, 4103 fine income, 4109 other income,
5301 bad debts.
"""

import contextlib
import datetime as dt
from dataclasses import dataclass

import pytest

from sajja.accounts.models import CommitteeSeat
from sajja.bylaws.models import Bylaw
from sajja.bylaws.services import bylaw_set
from sajja.core import testing as t
from sajja.core.errors import SajjaError
from sajja.ledger.models import JournalEntry, JournalLine, PostingKey
from sajja.ledger.services import LineIn, entry_post
from sajja.loans import services
from sajja.loans.models import Guarantee, Loan, LoanFine, LoanRequest, LoanVote, Repayment, WriteOff
from sajja.savings import services as savings

D = dt.date
JOINED = D(2025, 1, 1)
FUNDED = D(2025, 1, 2)
CASH = 1_000_000_00  # 1,000,000 baht in the till
BANK = 500_000_00  # 500,000 baht in the bank
GUARANTOR_PLEDGE = 500_00  # 500 baht a month, paid for January to April 2025: 2,000 baht of savings


@dataclass
class Village:
    group: object
    actor: object  # the treasurer's user (records requests, pay-outs and repayments)
    committee: list  # three users with a loan-committee seat
    committee_members: list
    borrower: object
    borrower2: object
    guarantors: list  # four members with 2,000 baht of pledge savings each
    poor: object  # a member with 500 baht of pledge savings (too little to guarantee)


@pytest.fixture
def village(db) -> Village:
    group = t.make_group()
    actor = t.make_committee(group, "loans_treasurer", "treasurer")
    committee = [t.make_committee(group, f"loans_committee_{i}", "loan_committee") for i in range(3)]
    committee_members = [CommitteeSeat.objects.get(member__user=user).member for user in committee]
    borrower = t.make_member(group, joined_on=JOINED, first_name="บุญมี")
    borrower2 = t.make_member(group, joined_on=JOINED, first_name="บุญชู")
    guarantors = [t.make_member(group, joined_on=JOINED, first_name=f"ค้ำ{i}") for i in range(4)]
    poor = t.make_member(group, joined_on=JOINED, first_name="น้อย")
    for member in guarantors:
        savings.pledge_set(member=member, amount=GUARANTOR_PLEDGE, effective_from=JOINED, actor=actor)
        savings.pledge_receive(member=member, date=D(2025, 1, 5), amount=4 * GUARANTOR_PLEDGE, actor=actor)
    savings.pledge_set(member=poor, amount=GUARANTOR_PLEDGE, effective_from=JOINED, actor=actor)
    savings.pledge_receive(member=poor, date=D(2025, 1, 5), amount=GUARANTOR_PLEDGE, actor=actor)
    entry_post(
        group=group,
        date=FUNDED,
        memo="ทุนตั้งต้น",
        lines=[LineIn("cash", debit=CASH), LineIn("bank", debit=BANK), LineIn("other_income", credit=CASH + BANK)],
        actor=actor,
    )
    return Village(group, actor, committee, committee_members, borrower, borrower2, guarantors, poor)


def set_bylaw(village: Village, key: str, value, effective_from=JOINED):
    return bylaw_set(
        group=village.group,
        key=key,
        value=value,
        effective_from=effective_from,
        resolution="มติที่ประชุมใหญ่ ครั้งที่ 1/2568",
        actor=village.actor,
    )


def request(
    village: Village,
    *,
    member=None,
    guarantors=None,
    kind="ordinary",
    amount=12_000_00,
    term=12,
    date=None,
    **kw,
):
    return services.loan_request(
        member=member or village.borrower,
        kind=kind,
        amount=amount,
        term_months=term,
        purpose="ซื้อปุ๋ยและเมล็ดพันธุ์ข้าว",
        guarantors=village.guarantors[:2] if guarantors is None else guarantors,
        date=date or D(2025, 3, 5),
        actor=village.actor,
        **kw,
    )


def approve(village: Village, req, date=None, votes=2):
    date = date or req.requested_on
    for user in village.committee[:votes]:
        services.loan_vote(request=req, vote="approve", date=date, actor=user)
    return services.loan_decide(request=req, decision="approve", date=date, actor=village.committee[0])


def lend(village: Village, *, method="cash", key="", **kw) -> Loan:
    """A loan through the whole flow: request, two votes for, approval and pay-out on the same day."""
    req = request(village, **kw)
    approve(village, req)
    return services.loan_disburse(request=req, date=req.requested_on, method=method, key=key, actor=village.actor)


def repay(village: Village, loan, date, amount, **kw):
    return services.loan_repay(loan=loan, date=date, amount=amount, actor=village.actor, **kw)


def lines_of(entry) -> list[tuple[str, int, int, int | None]]:
    """An entry's lines as posted: (account code, debit, credit, member id), in posted order."""
    return list(
        JournalLine.objects.filter(entry=entry).order_by("id").values_list("account__code", "debit", "credit", "member")
    )


def counts() -> tuple:
    """How many rows every money and loan table holds (a refusal must leave them all alone)."""
    return (
        JournalEntry.objects.count(),
        JournalLine.objects.count(),
        PostingKey.objects.count(),
        LoanRequest.objects.count(),
        tuple(LoanRequest.objects.order_by("id").values_list("status", "approved_amount")),
        LoanVote.objects.count(),
        Guarantee.objects.count(),
        tuple(Guarantee.objects.order_by("id").values_list("held", "released_on")),
        Loan.objects.count(),
        tuple(Loan.objects.order_by("id").values_list("status", "closed_on")),
        Repayment.objects.count(),
        LoanFine.objects.count(),
        WriteOff.objects.count(),
        Bylaw.objects.count(),
    )


@contextlib.contextmanager
def refused(code: str, message: str | None = None):
    """Expect a ``SajjaError`` with ``code`` (and, when given, this English message) that writes nothing."""
    before = counts()
    with pytest.raises(SajjaError) as caught:
        yield caught
    assert caught.value.code == code, (caught.value.code, caught.value.in_language("en"))
    if message is not None:
        assert caught.value.in_language("en") == message
    assert caught.value.in_language("th")
    assert counts() == before
