"""The meeting day's services: posting rows (worked example to the satang, idempotency, a second
tab, batches), pay-outs, the cash count and its difference, banking, maker-checker signing and the
lock. The fixture ``day`` is described in ``conftest``."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sajja.core import testing as t
from sajja.core.errors import SajjaError
from sajja.ledger.models import JournalLine
from sajja.ledger.selectors import balances
from sajja.loans import selectors as loan_selectors
from sajja.loans.models import Loan, Repayment
from sajja.meetings import selectors, services
from sajja.meetings.models import Attendance, Meeting, MeetingEntry, MeetingRow
from sajja.members.services import member_leave
from sajja.savings import services as savings
from sajja.savings.models import Fine, PledgePayment

from .conftest import DAY, OPENING, approve, lines, refused, request, state

D = dt.date


def post(day, member=None, *, key="row-1", **parts):
    parts = parts or {"pledge": 600_00, "instalment": 1_120_00, "fines": 5_00}
    return services.row_post(meeting=day.meeting, member=member or day.v.borrower, key=key, actor=day.actor, **parts)


def post_batch(day, rows):
    return services.rows_post(meeting=day.meeting, rows=rows, actor=day.actor)


# --- the worked example -------------------------------------------------------------------------


@pytest.mark.parametrize("how", ["row_post", "rows_post"])
def test_worked_example_row_pledge_instalment_fine(day, how):
    """The borrower pays March and April's pledge (2 × 300.00), the April instalment (principal
    1,000.00 + interest 120.00) and the 5.00 fine for missing March: 1,725.00 in cash, three entries.
    The single path (the savings and loans services as they are) and the batch path post the same."""
    b = day.v.borrower
    if how == "row_post":
        result = post(day)
    else:
        (result,) = post_batch(
            day, [services.RowIn(member=b, key="row-1", pledge=600_00, instalment=1_120_00, fines=5_00)]
        )
    assert not result.duplicate
    pledge, fines, instalment = sorted(result.entries, key=lambda e: {"2101": 0, "1302": 1}.get(lines(e)[1][0], 2))
    assert lines(pledge) == [("1101", 600_00, 0, None), ("2101", 0, 600_00, b.id)]
    assert lines(fines) == [("1101", 5_00, 0, None), ("1302", 0, 5_00, b.id)]
    assert lines(instalment) == [("1101", 1_120_00, 0, None), ("4102", 0, 120_00, b.id), ("1201", 0, 1_000_00, b.id)]
    assert pledge.memo == f"เงินสัจจะสะสม สมาชิกเลขที่ {b.number} งวด มี.ค. 2568 – เม.ย. 2568"
    assert {e.date for e in result.entries} == {DAY}
    # The registers say what the money was for.
    assert sorted(PledgePayment.objects.filter(member=b).values_list("period", "amount")) == [
        (D(2025, 3, 1), 300_00),
        (D(2025, 4, 1), 300_00),
    ]
    day.fine.refresh_from_db()
    assert day.fine.paid_entry_id == fines.id
    rep = Repayment.objects.get(entry=instalment)
    assert (rep.amount, rep.fine, rep.interest, rep.principal) == (1_120_00, 0, 120_00, 1_000_00)
    # The meeting's own records.
    row = result.row
    assert (row.pledge, row.instalment, row.fines, row.deposit, row.loan_id) == (600_00, 1_120_00, 5_00, 0, day.loan.id)
    assert sorted(MeetingEntry.objects.filter(row=row).values_list("kind", "amount")) == [
        ("fines", 5_00),
        ("instalment", 1_120_00),
        ("pledge", 600_00),
    ]
    assert Attendance.objects.get(meeting=day.meeting, member=b).status == "present"
    day.meeting.refresh_from_db()
    assert day.meeting.version == 1
    assert selectors.expected_cash(day.meeting) == OPENING + 1_725_00
    sheet_row = selectors.sheet_row(day.meeting, b)
    assert (sheet_row.pledge_due, sheet_row.instalment_due, sheet_row.fines_due) == (0, 0, 0)
    assert sheet_row.status == "done"
    assert sheet_row.posted == {"pledge": 600_00, "instalment": 1_120_00, "fines": 5_00, "deposit": 0}


def test_deposit_opens_the_savings_account_when_missing(day):
    g = day.v.guarantors[0]
    result = post(day, g, deposit=250_50)
    (entry,) = result.entries
    assert lines(entry) == [("1101", 250_50, 0, None), ("2102", 0, 250_50, g.id)]
    assert entry.memo == f"ฝากเงิน บัญชีเลขที่ S-{g.number:04d}"
    (batch,) = post_batch(day, [services.RowIn(member=g, key="row-2", deposit=100_00)])  # the account exists now
    assert lines(batch.entries[0]) == [("1101", 100_00, 0, None), ("2102", 0, 100_00, g.id)]
    assert batch.entries[0].memo == entry.memo  # the batch writes the memo deposit_receive writes


def test_loan_payment_of_another_amount_is_allocated_by_the_loans_rules(day):
    """1,200.00 on an instalment of 1,120.00: interest 120.00 first, then 1,080.00 of principal."""
    (result,) = post_batch(day, [services.RowIn(member=day.v.borrower, key="k", instalment=1_200_00)])
    rep = Repayment.objects.get(entry=result.entries[0])
    assert (rep.interest, rep.principal) == (120_00, 1_080_00)


def test_batch_late_fine_charged_first_like_loan_repay(day):
    """Paying on 5 May for an instalment of 5 April that was never paid: the loans rules charge the
    late fine (20.00) first and the payment pays it first, in the batch exactly as ``loan_repay``."""
    may = services.meeting_open(group=day.group, date=D(2025, 5, 5), opening_cash=0, actor=day.actor)
    (result,) = services.rows_post(
        meeting=may, rows=[services.RowIn(member=day.v.borrower, key="late", instalment=500_00)], actor=day.actor
    )
    rep = Repayment.objects.get(entry=result.entries[0])
    # Fine 20.00 (April's instalment is late), then interest due (April 120.00 + May 110.00), then principal.
    assert (rep.fine, rep.interest, rep.principal) == (20_00, 230_00, 250_00)
    fine_entries = JournalLine.objects.filter(account__code="4103", credit__gt=0, entry__date=D(2025, 5, 5))
    assert sum(fine_entries.values_list("credit", flat=True)) == rep.fine


# --- idempotency --------------------------------------------------------------------------------


def test_resend_same_key_posts_nothing_and_answers_the_earlier_row(day):
    first = post(day)
    before = state()
    again = post(day)  # a double click, a resend after a dropped connection
    assert again.duplicate
    assert again.row.id == first.row.id
    assert [e.id for e in again.entries] == sorted(e.id for e in first.entries)
    (batch,) = post_batch(
        day, [services.RowIn(member=day.v.borrower, key="row-1", pledge=600_00, instalment=1_120_00, fines=5_00)]
    )
    assert batch.duplicate
    assert state() == before


def test_same_key_other_amounts_refused(day):
    post(day)
    with refused("key_reused"):
        post(day, pledge=300_00)
    with refused("key_reused"):
        post(day, day.v.guarantors[0], deposit=5_00)  # another member under the same key
    with refused("key_reused"):
        post_batch(day, [services.RowIn(member=day.v.borrower, key="row-1", pledge=300_00)])


def test_second_tab_with_a_stale_sheet_is_refused(day):
    """Two treasurers opened the sheet (version 0 for the borrower). The first posts the pledge; the
    second, with another key (another click in another tab) but the same version, is told to reload."""
    b = day.v.borrower
    row = selectors.sheet_row(day.meeting, b)
    assert row.version == 0
    services.row_post(meeting=day.meeting, member=b, pledge=300_00, key="tab-a", version=row.version, actor=day.actor)
    with refused("stale") as caught:
        services.row_post(
            meeting=day.meeting, member=b, pledge=300_00, key="tab-b", version=row.version, actor=day.actor
        )
    assert "reload" in caught.value.in_language("en")
    # After reloading, the row says what was posted and the version moved on.
    fresh = selectors.sheet_row(day.meeting, b)
    assert (fresh.version, fresh.posted["pledge"], fresh.pledge_due) == (1, 300_00, 300_00)
    services.row_post(meeting=day.meeting, member=b, pledge=300_00, key="tab-b", version=1, actor=day.actor)
    assert PledgePayment.objects.filter(member=b).count() == 2


def test_replaying_every_request_of_a_meeting_changes_nothing(day):
    """Every posting request of a whole meeting sent twice: the journal and the balances are the same."""
    v = day.v
    req = request(v, member=v.borrower2, guarantors=v.guarantors[2:4], date=DAY)
    approve(v, req)

    def run():
        out = [
            post(day),
            *post_batch(
                day,
                [
                    services.RowIn(member=v.guarantors[0], key="g0", deposit=250_50),
                    services.RowIn(member=v.poor, key="poor", pledge=1_500_00, fines=10_00),
                ],
            ),
        ]
        services.payout_post(meeting=day.meeting, request=req, key="payout-1", actor=day.actor)
        services.cash_count(
            meeting=day.meeting, counts={"100000": 9, "10000": 6, "5000": 1, "1000": 1}, actor=day.actor
        )
        services.cash_difference_post(meeting=day.meeting, reason="ทอนเงินผิด", key="diff-1", actor=day.actor)
        services.cash_bank(meeting=day.meeting, amount=5_000_00, key="bank-1", actor=day.actor)
        return out

    first = run()
    lines_before = JournalLine.objects.count()
    books_before = [(b.account.code, b.debit, b.credit) for b in balances(day.group.id)]
    before = state()
    second = run()
    assert all(r.duplicate for r in second)
    assert [r.row.id for r in second] == [r.row.id for r in first]
    assert JournalLine.objects.count() == lines_before
    assert [(b.account.code, b.debit, b.credit) for b in balances(day.group.id)] == books_before
    assert state() == before
    day.meeting.refresh_from_db()
    summary = selectors.summary(day.meeting)
    assert summary.banked == 5_000_00
    # Expected: 20,000 + 1,725 + 250.50 + 1,510 − 12,000 = 11,485.50; counted 9,660.00: 1,825.50 short,
    # posted once to the shortage account.
    assert summary.expected_cash == 11_485_50
    assert (summary.closing_cash, summary.difference, summary.explained) == (9_660_00, -1_825_50, -1_825_50)
    assert MeetingEntry.objects.filter(meeting=day.meeting, kind="shortage").count() == 1


# --- refusals -----------------------------------------------------------------------------------


def test_member_who_left_is_refused(day):
    poor = day.v.poor
    member_leave(member=poor, status="left", date=DAY, reason="ย้ายบ้าน", actor=day.actor)
    poor.refresh_from_db()
    with refused("not_active"):
        post(day, poor, pledge=500_00)
    with refused("not_active"):
        post_batch(day, [services.RowIn(member=poor, key="x", pledge=500_00)])


def test_member_of_another_group_is_refused(day):
    other = t.make_group("กลุ่มอื่น")
    stranger = t.make_member(other)
    with refused("foreign_member"):
        post(day, stranger, pledge=300_00)


@pytest.mark.parametrize(
    ("parts", "code"),
    [
        ({"pledge": -300_00}, "negative"),
        ({"pledge": 300.0}, "float"),
        ({"pledge": True}, "float"),
        ({"pledge": "300"}, "float"),
        ({"pledge": 0, "fines": None}, "empty_row"),
        ({"pledge": 10**12}, "too_large"),
        ({"fines": 3_00}, "fines_not_whole"),
        ({"pledge": 250_00}, "not_pledge_amount"),
        ({"instalment": 20_000_00}, "overpayment"),
    ],
)
def test_bad_rows_are_refused_and_change_nothing(day, parts, code):
    with refused(code):
        post(day, **parts)
    with refused(code):
        post_batch(day, [services.RowIn(member=day.v.borrower, key="b", **{k: v for k, v in parts.items()})])


def test_a_bad_row_in_a_batch_posts_none(day):
    with refused("fines_not_whole"):
        post_batch(
            day,
            [
                services.RowIn(member=day.v.guarantors[0], key="ok", deposit=100_00),
                services.RowIn(member=day.v.borrower, key="bad", fines=1_00),
            ],
        )
    with refused("key_twice"):
        post_batch(
            day,
            [
                services.RowIn(member=day.v.guarantors[0], key="same", deposit=100_00),
                services.RowIn(member=day.v.guarantors[1], key="same", deposit=100_00),
            ],
        )


def test_key_is_required(day):
    with refused("key_required"):
        post(day, key="", pledge=300_00)
    with refused("key"):
        post(day, key="x" * 65, pledge=300_00)


def test_no_loan_and_which_loan(day):
    with refused("no_loan"):
        post(day, day.v.guarantors[0], instalment=100_00)
    v = day.v
    second = request(v, amount=2_000_00, term=2, guarantors=v.guarantors[2:4], date=DAY)
    approve(v, second)
    services.payout_post(meeting=day.meeting, request=second, key="p2", actor=day.actor)
    with refused("which_loan"):
        post(day, instalment=1_120_00)
    result = post(day, instalment=1_120_00, loan=day.loan)
    assert result.row.loan_id == day.loan.id


def test_future_meeting_is_ready_but_refuses_posting(day):
    nxt = selectors.next_meeting_date(day.group, after=dt.date.today() + dt.timedelta(days=1))
    if nxt > selectors.next_meeting_date(day.group):  # today is a meeting day: the next is a month on
        pytest.skip("today is a meeting day")
    future = services.meeting_open(group=day.group, date=nxt, opening_cash=0, actor=day.actor)
    assert selectors.sheet(future).rows
    with refused("future"):
        services.row_post(meeting=future, member=day.v.borrower, pledge=300_00, key="f", actor=day.actor)


def test_meeting_open_rules(day):
    with refused("duplicate"):
        services.meeting_open(group=day.group, date=DAY, opening_cash=0, actor=day.actor)
    with refused("future"):
        services.meeting_open(
            group=day.group, date=dt.date.today() + dt.timedelta(days=40), opening_cash=0, actor=day.actor
        )
    with refused("negative"):
        services.meeting_open(group=day.group, date=D(2025, 5, 5), opening_cash=-1, actor=day.actor)
    with refused("total_mismatch"):
        services.meeting_open(
            group=day.group, date=D(2025, 5, 5), opening_cash=1_000_00, opening_counts={"50000": 1}, actor=day.actor
        )
    with refused("not_committee"):
        services.meeting_open(group=day.group, date=D(2025, 5, 5), opening_cash=0, actor=t.make_user("nobody"))
    m = services.meeting_open(
        group=day.group, date=D(2025, 5, 5), opening_counts={"50000": 2, "25": 4}, actor=day.actor
    )
    assert (m.opening_cash, m.opening_counts) == (1_001_00, {"50000": 2, "25": 4})


# --- pay-outs -----------------------------------------------------------------------------------


def test_payout_through_loan_disburse_idempotent(day):
    v = day.v
    req = request(v, member=v.borrower2, guarantors=v.guarantors[2:4], date=DAY)
    approve(v, req)
    assert [r.id for r in selectors.sheet(day.meeting).payouts_waiting] == [req.id]
    posted = services.payout_post(meeting=day.meeting, request=req, key="pay-1", actor=day.actor)
    loan = Loan.objects.get(request=req)
    assert posted.entry.id == loan.entry_id
    assert lines(posted.entry) == [("1201", 12_000_00, 0, v.borrower2.id), ("1101", 0, 12_000_00, None)]
    assert (posted.link.kind, posted.link.amount, posted.link.member_id) == ("payout", 12_000_00, v.borrower2.id)
    before = state()
    again = services.payout_post(meeting=day.meeting, request=req, key="pay-1", actor=day.actor)
    assert again.duplicate
    assert again.link.id == posted.link.id
    assert state() == before
    sheet = selectors.sheet(day.meeting)
    assert sheet.payouts_waiting == []
    assert [p.request_id for p in sheet.payouts_done] == [req.id]
    assert sheet.posted["payout"] == 12_000_00
    assert selectors.expected_cash(day.meeting) == OPENING - 12_000_00
    with refused("not_reversible"):  # a pay-out is settled in the loans register, not undone here
        services.meeting_entry_reverse(
            meeting=day.meeting, entry=posted.entry, date=DAY, reason="จ่ายผิดคน", actor=day.actor
        )


# --- the cash count, the difference, banking ------------------------------------------------------


def count(day, counts, **kw):
    return services.cash_count(meeting=day.meeting, counts=counts, actor=day.actor, **kw)


def test_cash_count_arithmetic_and_refusals(day):
    post(day)  # 1,725.00 in: expected 21,725.00
    m = count(day, {"100000": 21, "50000": 1, "10000": 2, "2000": 1, "500": 1}, declared_total=21_725_00)
    assert (m.closing_cash, m.expected_cash, m.status) == (21_725_00, 21_725_00, "counted")
    assert m.closing_counts == {"100000": 21, "50000": 1, "10000": 2, "2000": 1, "500": 1}
    with refused("total_mismatch"):
        count(day, {"100000": 21}, declared_total=21_725_00)
    with refused("bad_count"):
        count(day, {"100000": -1})
    with refused("bad_count"):
        count(day, {"100000": 2.5})
    with refused("denomination"):
        count(day, {"30000": 1})
    with refused("bad_count"):
        count(day, ["100000"])
    day.meeting.refresh_from_db()
    assert selectors.summary(day.meeting).difference == 0


def test_shortage_posts_to_the_suspense_asset(day):
    post(day)
    count(day, {"100000": 21, "50000": 1, "10000": 2})  # 21,700.00: 25.00 short
    with refused("difference_unexplained"):
        services.meeting_sign(meeting=day.meeting, actor=day.actor)
    with refused("reason"):
        services.cash_difference_post(meeting=day.meeting, reason="  ", actor=day.actor)
    posted = services.cash_difference_post(meeting=day.meeting, reason="ทอนเงินผิด", key="d1", actor=day.actor)
    assert lines(posted.entry) == [("1901", 25_00, 0, None), ("1101", 0, 25_00, None)]
    assert posted.entry.memo.endswith(": ทอนเงินผิด")
    assert (posted.link.kind, posted.link.amount) == ("shortage", 25_00)
    day.meeting.refresh_from_db()
    assert (day.meeting.difference_reason, day.meeting.difference_entry_id) == ("ทอนเงินผิด", posted.entry.id)
    with refused("no_difference"):
        services.cash_difference_post(meeting=day.meeting, reason="อีกครั้ง", actor=day.actor)
    with refused("difference_posted"):
        count(day, {"100000": 22})
    s = selectors.summary(day.meeting)
    assert (s.expected_cash, s.closing_cash, s.difference, s.explained) == (21_725_00, 21_700_00, -25_00, -25_00)


def test_overage_posts_to_the_suspense_liability(day):
    count(day, {"100000": 20, "2000": 1})  # 20,020.00 against 20,000.00
    posted = services.cash_difference_post(meeting=day.meeting, reason="ไม่ทราบที่มา", actor=day.actor)
    assert lines(posted.entry) == [("1101", 20_00, 0, None), ("2401", 0, 20_00, None)]
    assert posted.link.kind == "overage"
    services.meeting_sign(meeting=day.meeting, actor=day.actor)  # explained: the treasurer may sign


def test_bank_the_surplus(day):
    with refused("not_counted"):
        services.cash_bank(meeting=day.meeting, amount=1_000_00, key="b1", actor=day.actor)
    count(day, {"100000": 20})
    posted = services.cash_bank(meeting=day.meeting, amount=15_000_00, key="b1", actor=day.actor)
    assert lines(posted.entry) == [("1102", 15_000_00, 0, None), ("1101", 0, 15_000_00, None)]
    with refused("over_cash"):
        services.cash_bank(meeting=day.meeting, amount=5_000_01, key="b2", actor=day.actor)
    with refused("key_reused"):
        services.cash_bank(meeting=day.meeting, amount=1_00, key="b1", actor=day.actor)
    # Banking is not part of what the count must show.
    day.meeting.refresh_from_db()
    assert selectors.summary(day.meeting).difference == 0
    assert selectors.summary(day.meeting).banked == 15_000_00


# --- signing and the lock -----------------------------------------------------------------------


def test_maker_checker_signing_locks_the_meeting(day):
    v = day.v
    with refused("not_counted"):
        services.meeting_sign(meeting=day.meeting, actor=day.actor)
    post(day)
    count(day, {"100000": 21, "50000": 1, "10000": 2, "2000": 1, "500": 1})
    with refused("not_treasurer"):
        services.meeting_sign(meeting=day.meeting, actor=v.committee[0])  # the treasurer signs first
    outsider = t.make_user("outsider")
    t.make_member(v.group, user=outsider)
    with refused("not_committee"):
        services.meeting_sign(meeting=day.meeting, actor=outsider)
    services.meeting_sign(meeting=day.meeting, actor=day.actor)
    with refused("same_signer"):
        services.meeting_sign(meeting=day.meeting, actor=day.actor)
    with refused("meeting_signing"):
        post(day, v.guarantors[0], key="late", deposit=100_00)
    with refused("not_committee"):
        services.meeting_sign(meeting=day.meeting, actor=outsider)
    m = services.meeting_sign(meeting=day.meeting, actor=v.committee[0])
    assert m.locked
    assert (m.treasurer_signed_by, m.checker_signed_by) == (day.actor, v.committee[0])
    # Locked: no posting, no recount, no second signature; a resend of a posted row still answers.
    with refused("meeting_locked"):
        post(day, v.guarantors[0], key="late", deposit=100_00)
    with refused("meeting_locked"):
        post_batch(day, [services.RowIn(member=v.guarantors[0], key="late", deposit=100_00)])
    with refused("meeting_locked"):
        count(day, {"100000": 1})
    with refused("meeting_locked"):
        services.meeting_sign(meeting=day.meeting, actor=v.committee[1])
    assert post(day).duplicate
    # Banking the next day is still allowed.
    services.cash_bank(meeting=day.meeting, amount=20_000_00, key="bank", date=D(2025, 4, 6), actor=day.actor)
    assert selectors.unsigned_meetings(day.group, D(2025, 1, 1), D(2025, 12, 31)) == []


def test_committee_seat_must_be_held_on_the_meeting_day(day):
    from sajja.accounts.models import CommitteeSeat

    count(day, {"100000": 20})
    CommitteeSeat.objects.filter(member__user=day.actor).update(start_date=D(2025, 6, 1))  # elected after the meeting
    with refused("not_committee"):
        services.meeting_sign(meeting=day.meeting, actor=day.actor)


def test_database_refuses_one_person_signing_twice(day):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Meeting.objects.filter(id=day.meeting.id).update(treasurer_signed_by=day.actor, checker_signed_by=day.actor)
    with pytest.raises(IntegrityError), transaction.atomic():
        Meeting.objects.filter(id=day.meeting.id).update(status="signed")  # no signatures, no count


# --- attendance ---------------------------------------------------------------------------------


def test_attendance(day):
    v = day.v
    services.attendance_record(meeting=day.meeting, member=v.borrower2, status="absent", actor=day.actor)
    mark = services.attendance_record(
        meeting=day.meeting, member=v.borrower2, status="represented", representative="นางบัว (ภรรยา)", actor=day.actor
    )
    assert (mark.status, mark.representative) == ("represented", "นางบัว (ภรรยา)")
    assert Attendance.objects.filter(meeting=day.meeting).count() == 1
    with pytest.raises(SajjaError) as caught:
        services.attendance_record(meeting=day.meeting, member=v.borrower2, status="represented", actor=day.actor)
    assert caught.value.code == "representative"
    with pytest.raises(SajjaError) as caught:
        services.attendance_record(meeting=day.meeting, member=v.borrower2, status="late", actor=day.actor)
    assert caught.value.code == "status"
    # A row posted for a member already marked keeps the mark.
    post(day, v.borrower2, key="b2", pledge=None, deposit=10_00)
    assert Attendance.objects.get(meeting=day.meeting, member=v.borrower2).status == "represented"
    assert selectors.sheet_row(day.meeting, v.borrower2).representative == "นางบัว (ภรรยา)"


# --- queries ------------------------------------------------------------------------------------


def test_rows_post_queries_do_not_grow_with_rows(day):
    """Pledges, deposits and fines for 2 members, then for 6: the same number of queries."""
    v = day.v
    extra = [t.make_member(v.group, joined_on=D(2025, 1, 1)) for _ in range(6)]
    for m in extra:
        savings.pledge_set(member=m, amount=100_00, effective_from=D(2025, 4, 1), actor=v.actor)
    services_rows = [services.RowIn(member=m, key=f"q{i}", pledge=100_00, deposit=20_00) for i, m in enumerate(extra)]
    may = services.meeting_open(group=v.group, date=D(2025, 5, 5), opening_cash=0, actor=v.actor)
    with CaptureQueriesContext(connection) as small:
        services.rows_post(meeting=day.meeting, rows=services_rows[:2], actor=v.actor)
    with CaptureQueriesContext(connection) as large:
        services.rows_post(meeting=day.meeting, rows=services_rows[2:], actor=v.actor)
    assert len(large) == len(small), (len(small), len(large))
    # Instalments too: one borrower, then two.
    req = request(v, member=v.borrower2, guarantors=v.guarantors[2:4], date=DAY)
    approve(v, req)
    services.payout_post(meeting=day.meeting, request=req, key="p", actor=v.actor)
    with CaptureQueriesContext(connection) as one:
        services.rows_post(
            meeting=may, rows=[services.RowIn(member=v.borrower, key="i1", instalment=1_120_00)], actor=v.actor
        )
    june = services.meeting_open(group=v.group, date=D(2025, 6, 5), opening_cash=0, actor=v.actor)
    with CaptureQueriesContext(connection) as two:
        services.rows_post(
            meeting=june,
            rows=[
                services.RowIn(member=v.borrower, key="i2", instalment=1_110_00),
                services.RowIn(member=v.borrower2, key="i3", instalment=1_120_00),
            ],
            actor=v.actor,
        )
    assert len(two) <= len(one) + 1, (len(one), len(two))  # + the late-fine batch the June rows may need
    assert MeetingRow.objects.filter(meeting=june).count() == 2
    assert Fine.objects.exists()


def test_corrections_after_signing_are_reversals(day):
    v = day.v
    result = post(day)
    deposit = post(day, v.guarantors[0], key="dep", deposit=100_00)
    count(day, {"100000": 21, "50000": 1, "10000": 3, "2000": 1, "500": 1})
    services.meeting_sign(meeting=day.meeting, actor=day.actor)
    services.meeting_sign(meeting=day.meeting, actor=v.committee[0])
    pledge = next(e for e in result.entries if lines(e)[1][0] == "2101")
    reversal = services.meeting_entry_reverse(
        meeting=day.meeting, entry=pledge, date=D(2025, 4, 6), reason="รับเงินซ้ำ", actor=day.actor
    )
    assert lines(reversal) == [("1101", 0, 600_00, None), ("2101", 600_00, 0, v.borrower.id)]
    assert not PledgePayment.objects.filter(member=v.borrower, reversal__isnull=True).exists()  # unpaid again
    dep = services.meeting_entry_reverse(
        meeting=day.meeting, entry=deposit.entries[0], date=D(2025, 4, 6), reason="ผิดบัญชี", actor=day.actor
    )
    assert lines(dep) == [("1101", 0, 100_00, None), ("2102", 100_00, 0, v.guarantors[0].id)]
    instalment = next(e for e in result.entries if lines(e)[-1][0] == "1201")
    with refused("date"):
        services.meeting_entry_reverse(
            meeting=day.meeting, entry=instalment, date=D(2025, 4, 4), reason="x", actor=day.actor
        )
    # The instalment: the ledger's opposite lines, a repayment row of the parts negated, owed again.
    paid = Repayment.objects.get(entry=instalment)
    undone = services.meeting_entry_reverse(
        meeting=day.meeting, entry=instalment, date=D(2025, 4, 6), reason="พิมพ์ยอดผิด", actor=day.actor
    )
    b = v.borrower
    assert lines(undone) == [("1101", 0, 1_120_00, None), ("4102", 120_00, 0, b.id), ("1201", 1_000_00, 0, b.id)]
    back = Repayment.objects.get(entry=undone)
    assert (back.amount, back.fine, back.interest, back.principal, back.reverses_id, back.date) == (
        -1_120_00, 0, -120_00, -1_000_00, paid.id, D(2025, 4, 6),
    )  # fmt: skip
    owed = loan_selectors.state(Loan.objects.get(id=day.loan.id), D(2025, 4, 6))
    assert (owed.outstanding, owed.principal_due, owed.interest_due) == (12_000_00, 1_000_00, 120_00)
    with refused("already_reversed"):
        services.meeting_entry_reverse(
            meeting=day.meeting, entry=instalment, date=D(2025, 4, 6), reason="x", actor=day.actor
        )
    # The fines paid: owed again.
    fines = next(e for e in result.entries if lines(e)[1][0] == "1302")
    again = services.meeting_entry_reverse(
        meeting=day.meeting, entry=fines, date=D(2025, 4, 6), reason="จ่ายซ้ำ", actor=day.actor
    )
    assert lines(again) == [("1101", 0, 5_00, None), ("1302", 5_00, 0, b.id)]
    day.fine.refresh_from_db()
    assert day.fine.status == "open"
    with refused("not_meeting_entry"):
        services.meeting_entry_reverse(meeting=day.meeting, entry=dep, date=D(2025, 4, 6), reason="x", actor=day.actor)
    # The signed meeting's figures are unchanged.
    day.meeting.refresh_from_db()
    assert selectors.summary(day.meeting).difference == 0
