"""Reads of the meeting day: the collection sheet (what each member owes today, the suggested
deposit, row status, totals, pay-outs waiting) in a number of queries that does not grow with the
members, the meeting's cash movements, the summary, unsigned meetings and the next meeting date."""

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext

from sajja.core import testing as t
from sajja.meetings import selectors, services
from sajja.savings import services as savings

from .conftest import DAY, OPENING, approve, request

D = dt.date


def test_sheet_lists_active_members_with_what_is_due(day):
    v = day.v
    sheet = selectors.sheet(day.meeting)
    by_id = {r.member.id: r for r in sheet.rows}
    assert [r.member.number for r in sheet.rows] == sorted(r.member.number for r in sheet.rows)
    borrower = by_id[v.borrower.id]
    assert (borrower.pledge_due, borrower.pledge_periods) == (600_00, [D(2025, 3, 1), D(2025, 4, 1)])
    assert borrower.fines_due == 5_00
    (loan,) = borrower.loans
    assert (loan.expected, loan.interest, loan.principal, loan.fines) == (1_120_00, 120_00, 1_000_00, 0)
    assert loan.next_due == D(2025, 5, 5)
    assert borrower.instalment_due == 1_120_00
    assert (borrower.status, borrower.version, borrower.attendance) == ("waiting", 0, None)
    poor = by_id[v.poor.id]
    # 500 baht a month, January paid: February to April due, and the fines for February and March.
    assert (poor.pledge_due, poor.fines_due) == (1_500_00, 10_00)
    assert by_id[v.guarantors[0].id].status == "nothing_due"  # paid to April
    assert sheet.expected == {"pledge": 2_100_00, "instalment": 1_120_00, "fines": 15_00, "deposit": 0}
    assert sheet.posted == {"pledge": 0, "instalment": 0, "fines": 0, "deposit": 0, "payout": 0}
    assert sheet.next_meeting == D(2025, 5, 5)


def test_row_status_moves_as_rows_post(day):
    v = day.v
    services.row_post(meeting=day.meeting, member=v.borrower, pledge=300_00, key="a", actor=day.actor)
    row = selectors.sheet_row(day.meeting, v.borrower)
    assert (row.status, row.pledge_due, row.posted["pledge"], row.version) == ("partial", 300_00, 300_00, 1)
    services.row_post(
        meeting=day.meeting, member=v.borrower, pledge=300_00, instalment=1_120_00, fines=5_00, key="b", actor=day.actor
    )
    row = selectors.sheet_row(day.meeting, v.borrower)
    assert (row.status, row.expected_total, row.posted_total, row.version) == ("done", 0, 1_725_00, 2)
    sheet = selectors.sheet(day.meeting)
    assert sheet.posted["pledge"] == 600_00
    assert sheet.expected["pledge"] == 1_500_00  # only the poor member's left
    assert sheet.version == 2


def test_next_instalment_due_before_the_next_meeting_is_expected(day):
    """A loan paid out on the 10th: its instalment falls due on the 10th, after the meeting of the
    5th and before the next: the sheet of the 5th asks for it."""
    v = day.v
    req = request(v, member=v.borrower2, guarantors=v.guarantors[2:4], date=D(2025, 4, 10))
    approve(v, req)
    from sajja.loans import services as loans

    loans.loan_disburse(request=req, date=D(2025, 4, 10), actor=v.actor)
    may = services.meeting_open(group=v.group, date=D(2025, 5, 5), opening_cash=0, actor=v.actor)
    row = selectors.sheet_row(may, v.borrower2)
    assert row.loans[0].next_due == D(2025, 5, 10)
    assert row.instalment_due == 1_120_00


def test_deposit_suggestion_from_the_last_three_meetings(day):
    v = day.v
    g0, g1 = v.guarantors[0], v.guarantors[1]
    account0 = savings.deposit_open(member=g0, product="savings", date=D(2025, 1, 5), actor=v.actor)
    account1 = savings.deposit_open(member=g1, product="savings", date=D(2025, 1, 5), actor=v.actor)
    # g0 deposits at the meetings of February and March (scheduled dates: none were held here).
    savings.deposit_receive(account=account0, date=D(2025, 2, 5), amount=100_00, actor=v.actor)
    savings.deposit_receive(account=account0, date=D(2025, 3, 5), amount=150_00, actor=v.actor)
    # g1 only once.
    savings.deposit_receive(account=account1, date=D(2025, 3, 5), amount=80_00, actor=v.actor)
    sheet = selectors.sheet(day.meeting)
    by_id = {r.member.id: r for r in sheet.rows}
    assert by_id[g0.id].deposit_suggested == 150_00
    assert by_id[g1.id].deposit_suggested == 0
    assert by_id[g0.id].has_deposit_account
    assert sheet.expected["deposit"] == 150_00
    services.row_post(meeting=day.meeting, member=g0, deposit=150_00, key="d", actor=v.actor)
    assert selectors.sheet_row(day.meeting, g0).deposit_suggested == 0  # deposited today


def test_sheet_queries_do_not_grow_with_members(day):
    v = day.v

    def members(n):
        made = [t.make_member(v.group, joined_on=D(2025, 1, 1)) for _ in range(n)]
        for m in made:
            savings.pledge_set(member=m, amount=100_00, effective_from=D(2025, 1, 1), actor=v.actor)
        return made

    with CaptureQueriesContext(connection) as small:
        selectors.sheet(day.meeting)
    members(8)
    req = request(v, member=v.borrower2, guarantors=v.guarantors[2:4], date=DAY)
    approve(v, req)
    services.payout_post(meeting=day.meeting, request=req, key="p", actor=v.actor)
    with CaptureQueriesContext(connection) as large:
        sheet = selectors.sheet(day.meeting)
    assert len(sheet.rows) == 19
    assert len(large) == len(small), [q["sql"][:120] for q in large.captured_queries]
    assert len(large) <= 25


def test_cash_movements_and_summary(day):
    v = day.v
    services.row_post(meeting=day.meeting, member=v.borrower, pledge=600_00, key="a", actor=day.actor)
    req = request(v, member=v.borrower2, guarantors=v.guarantors[2:4], date=DAY)
    approve(v, req)
    services.payout_post(meeting=day.meeting, request=req, key="p", actor=v.actor)
    moves = selectors.cash_movements(day.meeting)
    assert (moves["pledge"], moves["payout"], moves["bank"]) == (600_00, -12_000_00, 0)
    assert selectors.expected_cash(day.meeting) == OPENING + 600_00 - 12_000_00
    s = selectors.summary(day.meeting)
    assert (s.cash_in, s.cash_out, s.expected_cash) == (600_00, 12_000_00, 8_600_00)
    assert (s.rows_count, s.members_paid, s.attendance["present"]) == (1, 1, 1)
    assert s.by_kind["payout"] == 12_000_00
    assert [link.kind for link in selectors.meeting_entries(day.meeting)] == ["pledge", "payout"]


def test_unsigned_meetings_and_current(day):
    v = day.v
    may = services.meeting_open(group=v.group, date=D(2025, 5, 5), opening_cash=0, actor=v.actor)
    assert selectors.unsigned_meetings(v.group, D(2025, 1, 1), D(2025, 12, 31)) == [day.meeting, may]
    assert selectors.unsigned_meetings(v.group, D(2025, 5, 1), D(2025, 5, 31)) == [may]
    assert selectors.current_meeting(v.group, today=D(2025, 5, 5)) == may
    assert selectors.current_meeting(v.group, today=D(2025, 4, 20)) == day.meeting
    assert selectors.meeting_for(v.group, DAY) == day.meeting


def test_next_meeting_date_follows_the_group_day(day):
    group = day.group
    group.meeting_day = 28
    assert selectors.next_meeting_date(group, after=D(2025, 2, 1)) == D(2025, 2, 28)
    assert selectors.next_meeting_date(group, after=D(2025, 3, 1)) == D(2025, 3, 28)
