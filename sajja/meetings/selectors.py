"""Reads of the meeting day: the next meeting date, the collection sheet (what every active member
is expected to pay today and what has been posted for them), the meeting's cash movements and
expected cash, the summary, and the unsigned meetings of a period (a year-end check).

The sheet is read in a fixed number of queries whatever the number of members: members, their
pledge histories and paid periods, open fines, open loans with their schedules, repayments and
fines (``loans.selectors.state`` on prefetched rows), deposit accounts, recent deposits and this
meeting's rows are each one query over the group.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.utils import timezone

from sajja.bylaws.selectors import bylaw_book
from sajja.ledger.models import JournalEntry, JournalLine
from sajja.ledger.selectors import role_map
from sajja.loans import selectors as loan_selectors
from sajja.loans.models import Loan, LoanRequest
from sajja.members.models import Member
from sajja.savings import domain as savings_domain
from sajja.savings import selectors as savings_selectors
from sajja.savings.models import DepositAccount, Fine

from . import domain
from .models import Attendance, Meeting, MeetingEntry, MeetingRow

ROW_KINDS = ("pledge", "instalment", "fines", "deposit")


# --- meetings -----------------------------------------------------------------------------------


def next_meeting_date(group, *, after: dt.date | None = None) -> dt.date:
    """The group's next meeting date (its ``meeting_day``) on or after ``after`` (default today)."""
    return domain.next_meeting_date(group.meeting_day, after or timezone.localdate())


def meetings(group):
    return Meeting.objects.filter(group=group).order_by("-date")


def meeting_for(group, date: dt.date) -> Meeting | None:
    return Meeting.objects.filter(group=group, date=date).first()


def current_meeting(group, *, today: dt.date | None = None) -> Meeting | None:
    """Today's meeting, or else the latest meeting not signed yet (a meeting left open)."""
    today = today or timezone.localdate()
    return (
        Meeting.objects.filter(group=group, date=today).first()
        or Meeting.objects.filter(group=group, date__lte=today).exclude(status=Meeting.Status.SIGNED).first()
    )


def unsigned_meetings(group, start: dt.date, end: dt.date) -> list[Meeting]:
    """Meetings from ``start`` to ``end`` (inclusive) not signed by two committee members: the
    year-end close asks for them to be signed (or explained) first."""
    return list(
        Meeting.objects.filter(group=group, date__gte=start, date__lte=end)
        .exclude(status=Meeting.Status.SIGNED)
        .order_by("date")
    )


def payouts_waiting(meeting: Meeting) -> list[LoanRequest]:
    """Approved loan requests waiting for pay-out (decided on or before the meeting day), in the
    order the bylaws' priority rule pays them."""
    return [r for r in loan_selectors.queue(meeting.group) if r.decided_on and r.decided_on <= meeting.date]


# --- the collection sheet -----------------------------------------------------------------------


@dataclass(frozen=True)
class SheetLoan:
    """An open loan on the sheet: what the borrower is expected to pay today (late fines, interest
    and principal due, and the next instalment when it falls due before the next meeting)."""

    loan: Loan
    expected: int
    fines: int
    interest: int
    principal: int
    next_due: dt.date | None
    payoff: int


@dataclass(frozen=True)
class SheetRow:
    member: Member
    attendance: str | None
    representative: str
    pledge_due: int
    pledge_periods: list[dt.date]
    loans: list[SheetLoan]
    instalment_due: int
    fines_due: int  # open savings fines: the row's ``fines`` pays them
    loan_fines_due: int  # late loan fines: paid first out of the instalment (inside instalment_due)
    deposit_suggested: int
    has_deposit_account: bool
    posted: dict[str, int]
    rows: list[MeetingRow]
    version: int
    status: str

    @property
    def expected_total(self) -> int:
        """What is still owed today (the pledge, instalments, fines; a deposit is voluntary)."""
        return self.pledge_due + self.instalment_due + self.fines_due

    @property
    def posted_total(self) -> int:
        return sum(self.posted.values())


@dataclass(frozen=True)
class Sheet:
    meeting: Meeting
    rows: list[SheetRow]
    expected: dict[str, int]  # still owed (deposit: suggested), by kind
    posted: dict[str, int]  # posted at this meeting, by kind (with pay-outs)
    payouts_waiting: list[LoanRequest]
    payouts_done: list[MeetingEntry]
    version: int
    next_meeting: dt.date = field(default=None)


def sheet_loan(st, next_meeting: dt.date) -> SheetLoan:
    """What the sheet expects on a loan today: what is due (fines charged and about to be charged,
    interest, principal), plus the next instalment when it falls due before the next meeting."""
    expected = st.due_now
    if st.next_due and st.next_due < next_meeting:
        expected += st.next_amount
    return SheetLoan(
        loan=st.loan,
        expected=min(expected, st.payoff),
        fines=st.fines_due + st.fines_pending,
        interest=st.interest_due,
        principal=st.principal_due,
        next_due=st.next_due,
        payoff=st.payoff,
    )


def recent_deposits(meeting: Meeting, member_ids=None) -> dict[int, int]:
    """member id -> the deposit to suggest today: their most recent one when they deposited at two
    or more of the last three meetings (the meetings held, or the scheduled dates where fewer were
    held). Deposits are read from the ledger (credits to the savings-deposit account on those
    days), so deposits taken before the meeting app existed count too. Three queries."""
    group = meeting.group
    held = list(
        Meeting.objects.filter(group=group, date__lt=meeting.date).order_by("-date").values_list("date", flat=True)[:3]
    )
    dates = (
        held
        + [d for d in domain.previous_meeting_dates(group.meeting_day, min(held, default=meeting.date), 3 - len(held))][
            : 3 - len(held)
        ]
    )
    account = role_map(group.id).get("deposits")
    if account is None or not dates:
        return {}
    lines = JournalLine.objects.filter(
        group=group, account_id=account, credit__gt=0, member__isnull=False, entry__date__in=dates
    ).exclude(entry__source__startswith="interest/")
    if member_ids is not None:
        lines = lines.filter(member_id__in=list(member_ids))
    by_member: dict[int, dict[dt.date, int]] = defaultdict(lambda: defaultdict(int))
    for member_id, date, credit in lines.values_list("member_id", "entry__date", "credit"):
        by_member[member_id][date] += credit
    result = {}
    for member_id, amounts in by_member.items():
        if suggestion := domain.deposit_suggestion([amounts.get(d, 0) for d in dates]):
            result[member_id] = suggestion
    return result


def sheet(meeting: Meeting, *, members=None) -> Sheet:
    """The collection sheet of ``meeting``: every active member (by number) with what is still
    expected today and what has been posted for them at this meeting, the running totals by kind,
    and the loans approved and waiting for pay-out. A fixed number of queries whatever the number
    of members (about twenty)."""
    group = meeting.group
    day = meeting.date
    period = savings_domain.period_of(day)
    next_meeting = domain.next_meeting_date(group.meeting_day, day + dt.timedelta(days=1))
    if members is None:
        members = list(Member.objects.filter(group=group, status=Member.Status.ACTIVE).order_by("number"))
    ids = [m.id for m in members]
    book = bylaw_book(group.id)
    histories = savings_selectors.pledge_histories(group.id, ids)
    paid = savings_selectors.paid_periods(group.id, ids)
    fines = defaultdict(int)
    for member_id, amount in Fine.objects.filter(
        group=group, member_id__in=ids, paid_entry__isnull=True, waived_entry__isnull=True
    ).values_list("member_id", "amount"):
        fines[member_id] += amount
    loans = list(Loan.objects.filter(group=group, status=Loan.Status.OPEN, member_id__in=ids).order_by("id"))
    states = {st.loan.id: st for st in loan_selectors.states(loans, day)}
    loans_of = defaultdict(list)
    for loan in loans:
        loans_of[loan.member_id].append(sheet_loan(states[loan.id], next_meeting))
    accounts = set(
        DepositAccount.objects.filter(
            group=group, member_id__in=ids, product=DepositAccount.Product.SAVINGS, closed_on__isnull=True
        ).values_list("member_id", flat=True)
    )
    suggested = recent_deposits(meeting, ids)
    attendance = {
        a.member_id: a for a in Attendance.objects.filter(meeting=meeting).only("member_id", "status", "representative")
    }
    rows_of = defaultdict(list)
    for row in MeetingRow.objects.filter(meeting=meeting).order_by("id"):
        rows_of[row.member_id].append(row)
    expected = dict.fromkeys(ROW_KINDS, 0)
    posted_total = dict.fromkeys((*ROW_KINDS, "payout"), 0)
    result = []
    for member in members:
        unpaid = savings_selectors.unpaid_periods(
            member, book=book, history=histories.get(member.id, []), paid=paid[member.id], through=period
        )
        sheet_loans = loans_of[member.id]
        posted = {kind: sum(getattr(r, kind) for r in rows_of[member.id]) for kind in ROW_KINDS}
        pledge_due = sum(amount for _p, amount in unpaid)
        instalment_due = sum(s.expected for s in sheet_loans)
        deposit = 0 if posted["deposit"] else suggested.get(member.id, 0)
        remaining = pledge_due + instalment_due + fines[member.id]
        mark = attendance.get(member.id)
        result.append(
            SheetRow(
                member=member,
                attendance=mark.status if mark else None,
                representative=mark.representative if mark else "",
                pledge_due=pledge_due,
                pledge_periods=[p for p, _a in unpaid],
                loans=sheet_loans,
                instalment_due=instalment_due,
                fines_due=fines[member.id],
                loan_fines_due=sum(s.fines for s in sheet_loans),
                deposit_suggested=deposit,
                has_deposit_account=member.id in accounts,
                posted=posted,
                rows=rows_of[member.id],
                version=len(rows_of[member.id]),
                status=domain.row_status(remaining=remaining, posted=sum(posted.values())),
            )
        )
        for kind, amount in (
            ("pledge", pledge_due),
            ("instalment", instalment_due),
            ("fines", fines[member.id]),
            ("deposit", deposit),
        ):
            expected[kind] += amount
        for kind in ROW_KINDS:
            posted_total[kind] += posted[kind]
    done = list(
        MeetingEntry.objects.filter(meeting=meeting, kind=MeetingEntry.Kind.PAYOUT)
        .select_related("member", "request", "entry")
        .order_by("id")
    )
    posted_total["payout"] = sum(e.amount for e in done)
    return Sheet(
        meeting=meeting,
        rows=result,
        expected=expected,
        posted=posted_total,
        payouts_waiting=payouts_waiting(meeting),
        payouts_done=done,
        # Read afresh: the caller's instance may predate postings made since (the version is what a
        # client compares to learn its sheet is stale).
        version=Meeting.objects.filter(id=meeting.id).values_list("version", flat=True).first() or 0,
        next_meeting=next_meeting,
    )


def sheet_row(meeting: Meeting, member: Member) -> SheetRow:
    """One member's row of the sheet (after posting it, for the page to redraw the row)."""
    return sheet(meeting, members=[member]).rows[0]


# --- cash ---------------------------------------------------------------------------------------


# The kinds whose cash the closing count must show; banking happens after the count, and the
# shortage/overage entries are what explains a difference.
COUNTED_KINDS = tuple(k for k in MeetingEntry.Kind.values if k not in (MeetingEntry.Kind.BANK, "shortage", "overage"))


def cash_movements(meeting: Meeting) -> dict[str, int]:
    """Net cash in (+) and out (−) of the meeting's entries on the cash account, by kind (one query)."""
    cash = role_map(meeting.group_id).get("cash")
    totals = dict.fromkeys(MeetingEntry.Kind.values, 0)
    rows = (
        JournalLine.objects.filter(group_id=meeting.group_id, account_id=cash, entry__meeting_link__meeting=meeting)
        .values("entry__meeting_link__kind")
        .annotate(d=Sum("debit"), c=Sum("credit"))
        .order_by()
    )
    for row in rows:
        totals[row["entry__meeting_link__kind"]] += int(row["d"]) - int(row["c"])
    return totals


def expected_cash(meeting: Meeting, movements: dict[str, int] | None = None) -> int:
    """What the cash box should hold at the close: the opening count plus the cash the meeting's
    rows took in, less the loans paid out in cash (the cash account's lines of the meeting's
    entries: the ledger, not a total kept on the side)."""
    movements = cash_movements(meeting) if movements is None else movements
    return meeting.opening_cash + sum(movements[k] for k in COUNTED_KINDS)


def banked(meeting: Meeting) -> int:
    return (
        MeetingEntry.objects.filter(meeting=meeting, kind=MeetingEntry.Kind.BANK).aggregate(s=Sum("amount"))["s"] or 0
    )


@dataclass(frozen=True)
class Summary:
    meeting: Meeting
    opening_cash: int
    cash_in: int
    cash_out: int
    expected_cash: int
    closing_cash: int | None
    difference: int | None  # counted − expected (negative: shortage)
    explained: int  # shortage (−) / overage (+) posted
    banked: int
    by_kind: dict[str, int]  # amounts posted by MeetingEntry kind
    rows_count: int
    members_paid: int
    attendance: dict[str, int]
    signed: bool
    treasurer_signed_by: object
    checker_signed_by: object


def summary(meeting: Meeting) -> Summary:
    """The meeting's figures for the sign-off and for telling the members: the cash book of the day
    (opening, in, out, expected, counted, difference and how it was explained, banked), the amounts
    by kind, how many came. Six queries."""
    movements = cash_movements(meeting)
    by_kind = dict.fromkeys(MeetingEntry.Kind.values, 0)
    for kind, amount in (
        MeetingEntry.objects.filter(meeting=meeting).values_list("kind").annotate(s=Sum("amount")).order_by()
    ):
        by_kind[kind] = int(amount)
    counted = [movements[k] for k in COUNTED_KINDS]
    expected = meeting.opening_cash + sum(counted)
    attendance = dict.fromkeys(Attendance.Status.values, 0)
    for status, n in meeting.attendance.values_list("status").annotate(n=Count("id")).order_by():
        attendance[status] = n
    rows = MeetingRow.objects.filter(meeting=meeting)
    return Summary(
        meeting=meeting,
        opening_cash=meeting.opening_cash,
        cash_in=sum(m for m in counted if m > 0),
        cash_out=-sum(m for m in counted if m < 0),
        expected_cash=expected,
        closing_cash=meeting.closing_cash,
        difference=None
        if meeting.closing_cash is None
        else domain.difference(counted=meeting.closing_cash, expected=expected),
        explained=movements[MeetingEntry.Kind.OVERAGE] + movements[MeetingEntry.Kind.SHORTAGE],
        banked=by_kind[MeetingEntry.Kind.BANK],
        by_kind=by_kind,
        rows_count=rows.count(),
        members_paid=rows.values("member_id").distinct().count(),
        attendance=attendance,
        signed=meeting.locked,
        treasurer_signed_by=meeting.treasurer_signed_by,
        checker_signed_by=meeting.checker_signed_by,
    )


def meeting_entries(meeting: Meeting):
    """The journal entries the meeting posted, in order, with their lines (for the day's journal)."""
    return (
        MeetingEntry.objects.filter(meeting=meeting)
        .select_related("entry", "member", "row")
        .prefetch_related("entry__lines__account")
        .order_by("entry__seq")
    )


# Postings a correction can undo (a pay-out is settled in the loans register instead).
REVERSIBLE_KINDS = frozenset(MeetingEntry.Kind.values) - {MeetingEntry.Kind.PAYOUT}


def postings(meeting: Meeting, search: str = "", *, limit: int = 100) -> list[MeetingEntry]:
    """The meeting's postings, latest first (one query): each with its entry and member, and
    ``reversed`` (a correction undid it). ``search``: a member number, or part of a member's name.
    At most ``limit`` (a whole village's sheet is thousands of postings; the treasurer looks for one
    member's)."""
    links = (
        MeetingEntry.objects.filter(meeting=meeting)
        .select_related("entry", "member")
        .annotate(reversed=Exists(JournalEntry.objects.filter(reverses_id=OuterRef("entry_id"))))
        .order_by("-entry__seq")
    )
    search = search.strip()
    if search.isdigit():
        links = links.filter(member__number=int(search))
    elif search:
        links = links.filter(Q(member__first_name__icontains=search) | Q(member__last_name__icontains=search))
    return list(links[:limit])
