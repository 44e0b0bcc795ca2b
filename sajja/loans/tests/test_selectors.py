"""The loans selectors: a loan's state on several days (what is owed and why), many loans in a fixed
number of queries, arrears ageing with PAR30/PAR90 in basis points and the visit list, the pay-out
queue under each priority rule, the member's limit and the loan committee.

The worked loan (conftest): 12,000 baht, 12 months at 1% a month on the declining balance, paid out
on 5 March 2025; instalment n = 1,000 baht + interest on what is still owed (120, 110, 100 ... baht).
"""

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext

from sajja.loans import selectors, services

from .conftest import approve, lend, repay, request, set_bylaw

D = dt.date


def fields(s) -> tuple:
    return (
        s.outstanding,
        s.principal_due,
        s.interest_due,
        s.fines_due,
        s.days_overdue,
        s.next_due,
        s.next_amount,
        s.accrued,
    )


def test_state_before_the_first_due_date(village):
    loan = lend(village)
    s = selectors.state(loan, D(2025, 3, 20))
    # interest for the days: 12,000 × 12% × 15 / 365 = 59.178... → 59.18 baht, owed only on a payoff
    assert fields(s) == (1_200_000, 0, 0, 0, 0, D(2025, 4, 5), 112_000, 5_918)
    assert (s.due_now, s.payoff) == (0, 1_205_918)
    assert fields(selectors.state(loan, D(2025, 3, 5))) == (1_200_000, 0, 0, 0, 0, D(2025, 4, 5), 112_000, 0)


def test_state_on_the_due_date(village):
    loan = lend(village)
    s = selectors.state(loan, D(2025, 4, 5))
    assert fields(s) == (1_200_000, 100_000, 12_000, 0, 0, D(2025, 5, 5), 111_000, 0)
    assert (s.due_now, s.payoff) == (112_000, 1_212_000)


def test_state_when_late_and_after_partial_payments(village):
    loan = lend(village)
    late = selectors.state(loan, D(2025, 5, 20))
    # instalments 1 and 2 unpaid; late since 5 April (45 days); 15 days of interest since 5 May
    assert fields(late) == (1_200_000, 200_000, 23_000, 0, 45, D(2025, 6, 5), 110_000, 5_918)
    # The quote already counts the two late fines a payment today would charge first.
    assert (late.fines_pending, late.due_now) == (4_000, 227_000)
    fines = services.fines_charge(loan=loan, date=D(2025, 5, 20), actor=village.actor)
    assert [(f.instalment, f.amount) for f in fines] == [(1, 2_000), (2, 2_000)]
    charged = selectors.state(loan, D(2025, 5, 20))
    assert (charged.fines_due, charged.fines_pending, charged.due_now) == (4_000, 0, 227_000)
    assert selectors.state(loan, D(2025, 5, 19)).fines_due == 0  # not yet charged that day

    # 500 baht: the fines (40), the interest due (230), then 230 baht of principal
    r = repay(village, loan, D(2025, 5, 20), 50_000)
    assert (r.fine, r.interest, r.principal) == (4_000, 23_000, 23_000)
    s = selectors.state(loan, D(2025, 5, 20))
    assert fields(s) == (1_177_000, 177_000, 0, 0, 45, D(2025, 6, 5), 110_000, 5_804)  # 11,770 × 12% × 15/365 = 58.04

    # 1,800 baht more: all principal; instalments 1 and 2 covered, 30 baht paid ahead on instalment 3
    r = repay(village, loan, D(2025, 5, 25), 180_000)
    assert (r.fine, r.interest, r.principal) == (0, 0, 180_000)
    s = selectors.state(loan, D(2025, 5, 25))
    assert fields(s) == (997_000, 0, 0, 0, 0, D(2025, 6, 5), 107_000, 6_556)  # 9,970 × 12% × 20/365 = 65.556
    assert s.payoff == 997_000 + 6_556
    # On 6 June instalment 3 is a day late for what is still unpaid of it.
    s = selectors.state(loan, D(2025, 6, 6))
    assert (s.principal_due, s.interest_due, s.days_overdue, s.next_due) == (97_000, 10_000, 1, D(2025, 7, 5))


def test_state_of_a_closed_loan(village):
    loan = lend(village)
    services.fines_charge(loan=loan, date=D(2025, 4, 20), actor=village.actor)  # instalment 1 is late
    repay(village, loan, D(2025, 4, 20), selectors.state(loan, D(2025, 4, 20)).payoff)
    loan.refresh_from_db()
    # Paid off on 20 April: 120 baht of interest for April, 59.18 for the days; later instalments'
    # scheduled interest (110 baht in May, ...) never falls due.
    s = selectors.state(loan, D(2025, 6, 1))
    assert (s.outstanding, s.due_now, s.days_overdue, s.accrued, s.payoff, s.next_due, s.next_amount) == (
        0,
        0,
        0,
        0,
        0,
        None,
        0,
    )
    assert selectors.state(loan, D(2025, 4, 20)).due_now == 0


def _many(village, n: int):
    set_bylaw(village, "loan.ordinary.guarantors", "0")
    loans = []
    for i in range(n):
        loan = lend(village, guarantors=[], amount=(1_000 + i) * 100, term=6)
        if i % 3 == 0:
            repay(village, loan, D(2025, 4, 10), 50_000)  # late: a fine, then part of instalment 1
        loans.append(loan)
    return loans


def test_states_reads_many_loans_in_a_constant_number_of_queries(village):
    loans = _many(village, 30)
    day = D(2025, 6, 1)
    with CaptureQueriesContext(connection) as three:
        few = selectors.states(selectors.open_loans(village.group.id).filter(id__in=[x.id for x in loans[:3]]), day)
    with CaptureQueriesContext(connection) as thirty:
        many = selectors.states(selectors.open_loans(village.group.id), day)
    assert (len(few), len(many)) == (3, 30)
    assert len(three.captured_queries) == len(thirty.captured_queries) == 5  # loans, 3 registers, the bylaws
    assert [fields(s) for s in many] == [fields(selectors.state(x, day)) for x in loans]
    with CaptureQueriesContext(connection) as arrears_queries:
        report = selectors.arrears(village.group, day)
    assert len(arrears_queries.captured_queries) == 6  # the states, and the guarantors of the late
    # a third paid 500 baht on 10 April: instalments 1 and 2 (about 177 baht each) and the fine covered
    assert len(report.late) == sum(1 for s in many if s.days_overdue > 0) == 20


def test_arrears_buckets_par_and_the_visit_list(village):
    g = village.guarantors
    b = [village.borrower, village.borrower2, village.poor, village.committee_members[0]]
    l3 = lend(village, member=b[2], guarantors=[g[0], g[2]], amount=3_000_00, term=6, date=D(2025, 3, 5))
    l2 = lend(village, member=b[1], guarantors=[g[2], g[3]], amount=6_000_00, term=6, date=D(2025, 5, 5))
    l4 = lend(village, member=b[3], guarantors=[g[1], g[3]], amount=1_000_00, term=3, date=D(2025, 6, 1))
    l1 = lend(village, member=b[0], guarantors=[g[0], g[1]], amount=12_000_00, term=12, date=D(2025, 6, 20))

    report = selectors.arrears(village.group, D(2025, 7, 10))
    assert report.outstanding == 2_200_000
    assert [(x["loans"], x["owed"]) for x in report.buckets] == [(1, 100_000), (1, 600_000), (1, 300_000)]
    # PAR30 = (6,000 + 3,000) / 22,000 = 40.909% ; PAR90 = 3,000 / 22,000 = 13.636%
    assert (report.par30, report.par90) == (4_091, 1_364)
    visit = [(x["state"].loan.id, x["state"].days_overdue, sorted(m.id for m in x["guarantors"])) for x in report.late]
    assert visit == [
        (l3.id, 96, sorted([g[0].id, g[2].id])),
        (l2.id, 35, sorted([g[2].id, g[3].id])),
        (l4.id, 9, sorted([g[1].id, g[3].id])),
    ]

    # 31 July: the loan due 1 July is exactly 30 days late (still 1-30, not in PAR30).
    report = selectors.arrears(village.group, D(2025, 7, 31))
    assert [(x["loans"], x["owed"]) for x in report.buckets] == [(2, 1_300_000), (1, 600_000), (1, 300_000)]
    assert (report.par30, report.par90) == (4_091, 1_364)
    assert [x["state"].days_overdue for x in report.late] == [117, 56, 30, 11]
    assert {x["state"].loan.id for x in report.late} == {l1.id, l2.id, l3.id, l4.id}

    # Paying l3 off takes it out of the portfolio: PAR90 falls to 0.
    repay(village, l3, D(2025, 7, 31), selectors.state(l3, D(2025, 7, 31)).payoff)  # its late fines included
    report = selectors.arrears(village.group, D(2025, 7, 31))
    assert (report.outstanding, report.par30, report.par90) == (1_900_000, 3_158, 0)  # 6,000 / 19,000


def test_arrears_with_no_loans(village):
    report = selectors.arrears(village.group, D(2025, 7, 10))
    assert (report.outstanding, report.par30, report.par90, report.late) == (0, None, None, [])


def test_in_arrears_names_the_late_borrowers(village):
    loan = lend(village)
    ids = [village.borrower.id, village.borrower2.id]
    assert selectors.in_arrears(village.group.id, ids, D(2025, 4, 5)) == set()
    assert selectors.in_arrears(village.group.id, ids, D(2025, 4, 6)) == {village.borrower.id}
    repay(village, loan, D(2025, 4, 6), 114_000)  # the fine and instalment 1
    assert selectors.in_arrears(village.group.id, ids, D(2025, 4, 6)) == set()


def _three_waiting(village):
    g = village.guarantors
    r1 = request(village, member=village.borrower, guarantors=[g[0], g[1]], amount=3_000_00, date=D(2025, 3, 1))
    r2 = request(
        village,
        member=village.borrower2,
        kind="emergency",
        guarantors=[g[2], g[3]],
        amount=4_000_00,
        term=6,
        date=D(2025, 3, 3),
    )
    r3 = request(village, member=village.poor, guarantors=[g[0], g[2]], amount=2_000_00, date=D(2025, 3, 2))
    for r in (r1, r2, r3):
        approve(village, r)
    return r1, r2, r3


def test_queue_order_for_each_priority_rule(village):
    r1, r2, r3 = _three_waiting(village)
    waiting = request(
        village, member=village.committee_members[0], guarantors=[g for g in village.guarantors[1:4:2]], amount=1_00
    )
    assert [r.id for r in selectors.queue(village.group)] == [r2.id, r1.id, r3.id]  # emergency first, then as asked
    set_bylaw(village, "loan.priority", "first_asked", D(2025, 4, 1))
    assert [r.id for r in selectors.queue(village.group)] == [r1.id, r3.id, r2.id]
    set_bylaw(village, "loan.priority", "smallest_first", D(2025, 5, 1))
    assert [r.id for r in selectors.queue(village.group)] == [r3.id, r1.id, r2.id]
    services.loan_disburse(request=r1, date=D(2025, 3, 5), actor=village.actor)
    assert [r.id for r in selectors.queue(village.group)] == [r3.id, r2.id]
    assert waiting.id not in [r.id for r in selectors.queue(village.group)]


def test_limit(village):
    g0 = village.guarantors[0]
    assert selectors.limit(g0, "ordinary", D(2025, 3, 5)) == {
        "cap": 200_000_00, "savings": 200_000, "multiple": 0, "by_savings": None, "most": 200_000_00,
        "max_term_months": 24, "guarantors": 2, "cash_share": 0, "money": None, "by_cash": None,
    }  # fmt: skip
    assert selectors.limit(g0, "secured", D(2025, 3, 5)) == {
        "cap": 200_000_00, "savings": 200_000, "multiple": 1, "by_savings": 200_000, "most": 200_000,
        "max_term_months": 24, "guarantors": 0, "cash_share": 0, "money": None, "by_cash": None,
    }  # fmt: skip
    set_bylaw(village, "loan.ordinary.savings_multiple", "3", D(2025, 6, 1))
    set_bylaw(village, "loan.ordinary.cap", "5000", D(2025, 7, 1))
    assert selectors.limit(g0, "ordinary", D(2025, 5, 31))["most"] == 200_000_00
    assert selectors.limit(g0, "ordinary", D(2025, 6, 1))["most"] == 600_000
    assert selectors.limit(g0, "ordinary", D(2025, 7, 1))["most"] == 500_000
    assert selectors.limit(village.borrower, "ordinary", D(2025, 6, 1))["most"] == 0  # no savings, no loan


def test_loan_committee_and_open_guarantees(village):
    assert [m.id for m in selectors.loan_committee(village.group.id, D(2025, 3, 5))] == sorted(
        (m.id for m in village.committee_members), key=lambda i: i
    )
    assert selectors.loan_committee(village.group.id, D(2019, 12, 31)) == []  # seats start in 2020
    g = village.guarantors
    loan = lend(village)
    request(village, member=village.borrower2, guarantors=[g[0], g[2]], amount=1_000_00)
    assert selectors.guarantees_open([x.id for x in g]) == {g[0].id: 2, g[1].id: 1, g[2].id: 1}
    repay(village, loan, D(2025, 4, 5), 1_212_000)
    assert selectors.guarantees_open([x.id for x in g]) == {g[0].id: 1, g[2].id: 1}
