"""The demo village's loans: planned purely, written through the loans services, every state of a
loan's life on record, and the ledger agreeing with every loan."""

import datetime as dt
from collections import Counter, defaultdict

import pytest
from django.db.models import Sum

from sajja.accounts.models import CommitteeSeat, Position
from sajja.bylaws.selectors import bylaw_book
from sajja.core.tenancy import today
from sajja.demo.generator import (
    DEFAULT_SEED,
    MAIN_GROUP,
    RECENT_LOANS,
    SPECIFIC_LOANS,
    _until,
    committee_term,
    load_demo,
    plan_group,
    plan_loans,
    plan_savings,
)
from sajja.ledger.models import AccountRole, JournalEntry, JournalLine
from sajja.ledger.selectors import balances, role_map, trial_balance
from sajja.ledger.verify import verify_group
from sajja.loans import domain, selectors
from sajja.loans.models import (
    KIND_ROLE,
    Guarantee,
    Loan,
    LoanFine,
    LoanRequest,
    LoanVote,
    Repayment,
    Restructure,
    WriteOff,
)
from sajja.members.models import Member

LOAN_TABLES = (LoanRequest, LoanVote, Guarantee, Loan, Repayment, LoanFine, WriteOff, JournalEntry, CommitteeSeat)
EARLIER = dt.date(2026, 7, 20)
LATER = dt.date(2026, 11, 25)


def planned(through: dt.date, seed: int = DEFAULT_SEED):
    people = plan_group(MAIN_GROUP, seed)
    money = plan_savings(MAIN_GROUP, people, seed, through)
    return people, money, plan_loans(MAIN_GROUP, people, money, seed, through)


def test_the_loan_plan_is_pure_and_a_later_day_only_adds():
    people, money, loans = planned(LATER)
    assert loans == planned(LATER)[2]
    assert loans != planned(LATER, DEFAULT_SEED + 1)[2]
    slugs = [loan.slug for loan in loans]
    assert len(set(slugs)) == len(slugs)
    assert {item.slug for item in (*SPECIFIC_LOANS, *RECENT_LOANS)} <= set(slugs)
    assert len(loans) >= 40

    leaving = {m.data.number for m in people.members if m.leave} | {money.expelled}
    committee = {n for n, position in people.committee if position == Position.LOAN_COMMITTEE}
    assert len(committee) == 4
    open_at: dict[int, list] = defaultdict(list)
    for loan in loans:
        dates = [loan.requested_on, loan.voted_on, loan.disbursed_on, loan.then_on, *loan.fines_on]
        dates += loan.dues[: loan.paid]
        assert all(MAIN_GROUP.savings_from <= d <= LATER for d in dates if d), loan.slug
        assert loan.number not in leaving | committee
        assert not set(loan.guarantors) & (leaving | committee | {loan.number})
        if loan.decision:
            approving = sum(vote == "approve" for _n, vote in loan.votes) * 2 > len(loan.votes)
            assert len(loan.votes) * 2 > len(committee)
            assert approving == (loan.decision != "reject")
        if loan.disbursed_on:
            open_at[loan.number].append(
                (loan.disbursed_on, loan.ends if loan.then or loan.paid == len(loan.dues) else LATER)
            )
    for spans in open_at.values():  # one loan at a time
        spans.sort()
        assert all(end < start for (_s, end), (start, _e) in zip(spans, spans[1:], strict=False))

    # Planned on an earlier day: the same loans up to that day (only the present is dated from the day).
    _people, _money, earlier = planned(EARLIER)
    decided = lambda plan: [loan for loan in plan if not loan.recent and loan.voted_on and loan.voted_on <= EARLIER]  # noqa: E731
    assert [_until(loan, EARLIER) for loan in decided(loans)] == decided(earlier)
    assert [loan for loan in earlier if loan.recent and loan.requested_on > EARLIER] == []


def ledger_loans(group) -> dict[tuple[int, int], int]:
    """(account id, member id) -> debit - credit of the loan accounts' member-tagged lines."""
    roles = role_map(group.id)
    accounts = [roles[role] for role in KIND_ROLE.values()]
    return {
        (row["account_id"], row["member_id"]): row["d"] - row["c"]
        for row in JournalLine.objects.filter(group=group, account_id__in=accounts, member__isnull=False)
        .values("account_id", "member_id")
        .annotate(d=Sum("debit"), c=Sum("credit"))
    }


def counts(group) -> dict[str, int]:
    return {model.__name__: model.objects.filter(group=group).count() for model in LOAN_TABLES}


@pytest.mark.django_db
def test_the_demo_loans_live_every_life_and_agree_with_the_ledger():
    first = load_demo(books=False)
    group, day = first.group, today()
    roles = role_map(group.id)
    people, _money, plan = planned(day)

    # The books hold: an unbroken chain, balanced, nothing dated after today, the till never below zero.
    result = verify_group(group.id, record=False)
    assert result.ok, result
    trial = trial_balance(group.id)
    assert trial["debit_total"] == trial["credit_total"] > 0
    assert not JournalEntry.objects.filter(group=group, date__gt=day).exists()
    for meeting in _money.meetings:
        cash = {b.account.id: b.balance for b in balances(group.id, through=meeting)}[roles["cash"]]
        assert cash >= 0, meeting

    # Every open loan: what the loan says is owed is what the ledger holds on the borrower's loan account.
    tagged = ledger_loans(group)
    open_loans = list(selectors.open_loans(group.id))
    states = selectors.states(open_loans, day)
    assert len(states) >= 10
    for st in states:
        assert st.outstanding == tagged[(roles[KIND_ROLE[st.loan.kind]], st.loan.member_id)] > 0, st.loan.number
    assert sum(st.outstanding for st in states) == sum(tagged.values())  # closed loans leave nothing behind
    for loan in Loan.objects.filter(group=group):  # the contracted schedule, exact to the satang
        rows = list(loan.schedule.filter(version=0))
        expected = domain.schedule(
            method=loan.method, principal=loan.principal, rate_bp_month=loan.rate_bp_month,
            instalments=loan.instalments, start=loan.disbursed_on, every_months=loan.every_months, grace=loan.grace,
        )  # fmt: skip
        assert [(r.number, r.due, r.principal, r.interest) for r in rows] == [
            (e.number, e.due, e.principal, e.interest) for e in expected
        ]
        assert sum(r.principal for r in rows) == loan.principal
        repaid = loan.repayments.aggregate(p=Sum("principal"))["p"] or 0
        written = WriteOff.objects.filter(loan=loan).aggregate(p=Sum("principal"))["p"] or 0
        owed = selectors.state(loan, day).outstanding if loan.status == Loan.Status.OPEN else 0
        assert repaid + written + owed == loan.principal, loan.number

    # One late loan restructured today by a resolution: its new schedule repays what was owed.
    restructure = Restructure.objects.get(group=group)
    assert (restructure.date, restructure.version, restructure.loan.version) == (day, 1, 1)
    assert (
        sum(restructure.loan.schedule.filter(version=1).values_list("principal", flat=True)) == restructure.outstanding
    )
    assert selectors.state(restructure.loan, day).days_overdue == 0
    assert restructure.resolution

    # The requests in every state, as planned.
    statuses = Counter(LoanRequest.objects.filter(group=group).values_list("status", "decision"))
    assert statuses[(LoanRequest.Status.REQUESTED, "")] == 3
    assert statuses[(LoanRequest.Status.REJECTED, "reject")] == 2
    assert statuses[(LoanRequest.Status.APPROVED, "approve")] == 2
    assert statuses[(LoanRequest.Status.APPROVED, "reduce")] == 1
    assert statuses[(LoanRequest.Status.DISBURSED, "reduce")] == 1
    assert statuses[(LoanRequest.Status.DISBURSED, "approve")] >= 25
    assert LoanRequest.objects.filter(group=group).count() == len(plan)
    assert not LoanRequest.objects.filter(group=group, decision__in=["reject", "reduce"], decision_reason="").exists()
    queue = selectors.queue(group)
    assert [r.kind for r in queue] == ["emergency", "ordinary", "ordinary"]  # emergency loans first
    waiting_votes = LoanRequest.objects.get(group=group, purpose="ลงทุนปลูกแตงโมหลังนา")
    assert waiting_votes.votes.count() == 2
    assert waiting_votes.status == LoanRequest.Status.REQUESTED

    # Every vote by a member of the loan committee on that day, with their own login, and a quorum.
    for request in LoanRequest.objects.filter(group=group).exclude(decision="").prefetch_related("votes"):
        committee = selectors.loan_committee(group.id, request.decided_on)
        assert len(committee) == 4
        votes = list(request.votes.all())
        assert len(votes) * 2 > len(committee)
        assert {v.voter_id for v in votes} <= {m.id for m in committee}
        assert all(m.user_id for m in committee)
        assert request.decided_by_id in {m.user_id for m in committee}
    seats = CommitteeSeat.objects.filter(group=group, position=Position.LOAN_COMMITTEE)
    terms = range(committee_term(MAIN_GROUP.savings_from)[0].year, committee_term(day)[0].year + 1, 2)
    assert sorted({s.start_date for s in seats}) == [dt.date(year, 1, 1) for year in terms]

    # The loans' lives: open, closed on time, paid off early, late in each bucket with fines,
    # a guarantor who paid, a write-off by resolution.
    loans = Loan.objects.filter(group=group)
    assert Counter(loans.values_list("status", flat=True)).keys() == {"open", "closed", "written_off"}
    early = [
        loan
        for loan in loans.filter(status=Loan.Status.CLOSED)
        if loan.closed_on < max(r.due for r in loan.schedule.all())
    ]
    assert len(early) >= 3
    arrears = selectors.arrears(group, day)
    assert all(b["loans"] >= 1 for b in arrears.buckets), arrears.buckets
    assert 0 < arrears.par90 < arrears.par30 < 10_000
    for row in arrears.late:
        assert row["state"].fines_due > 0
        assert len(row["guarantors"]) >= 1
    over_90 = [row["state"] for row in arrears.late if row["state"].days_overdue > 90]
    assert over_90
    assert over_90[0].fines_due >= 3 * bylaw_book(group.id).value("loan.late_fine", day)
    by_guarantor = Repayment.objects.get(group=group, source=Repayment.Source.GUARANTOR)
    assert by_guarantor.loan.status == Loan.Status.CLOSED
    assert by_guarantor.fine > 0
    assert by_guarantor.guarantor_id in set(by_guarantor.loan.request.guarantees.values_list("guarantor_id", flat=True))
    assert not by_guarantor.loan.request.guarantees.filter(released_on__isnull=True).exists()
    write_off = WriteOff.objects.get(group=group)
    assert write_off.loan.status == Loan.Status.WRITTEN_OFF
    assert write_off.resolution
    assert write_off.reason
    bad_debt = JournalLine.objects.filter(entry=write_off.entry, account_id=roles["bad_debt_expense"]).get()
    assert bad_debt.debit == write_off.principal > 0
    assert LoanFine.objects.filter(loan=write_off.loan).aggregate(t=Sum("amount"))["t"] == 30_000  # the cap

    # The bylaws as voted, and each loan's terms from the bylaws of its day.
    book = bylaw_book(group.id)
    assert book.value("loan.ordinary.rate", dt.date(2025, 6, 1)) == 100
    assert book.value("loan.ordinary.rate", dt.date(2026, 6, 1)) == 90
    assert book.value("loan.emergency.rate", day) == 50
    assert book.value("loan.production.rate", day) == 75
    for loan in loans:
        assert loan.rate_bp_month == book.value(f"loan.{loan.kind}.rate", loan.disbursed_on)

    # Nobody who left had a loan or a guarantee; the member login sees their loans.
    gone = Member.objects.filter(group=group).exclude(status=Member.Status.ACTIVE)
    assert gone.count() >= 6
    assert not LoanRequest.objects.filter(member__in=gone).exists()
    assert not Guarantee.objects.filter(guarantor__in=gone).exists()
    mine = Loan.objects.filter(member__user__username="member")
    assert sorted(mine.values_list("status", flat=True)) == ["closed", "open"]
    assert selectors.state(mine.get(status="open"), day).next_due > day

    # Money: fines receivable on the ledger are what the fines add up to, less what was paid.
    fines = LoanFine.objects.filter(group=group).aggregate(t=Sum("amount"))["t"]
    fines_paid = Repayment.objects.filter(group=group).aggregate(t=Sum("fine"))["t"]
    savings_fines = AccountRole.objects.get(group=group, role="fines_receivable").account_id
    loan_fine_lines = JournalLine.objects.filter(
        group=group, account_id=savings_fines, entry__source__startswith="loan/"
    ).aggregate(d=Sum("debit"), c=Sum("credit"))
    assert (loan_fine_lines["d"], loan_fine_lines["c"]) == (fines, fines_paid)

    # A second load adds nothing.
    before = counts(group)
    second = load_demo(books=False)
    assert second.created_total == 0
    assert not second.changed
    assert counts(group) == before
