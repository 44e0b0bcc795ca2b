"""Fixtures for the meeting-day tests, on the loans tests' village (``sajja.loans.tests.conftest``):
a group with 1,000,000 baht in the till and 500,000 in the bank, a treasurer (``village.actor``),
three loan-committee members with users (``village.committee``), a borrower, a second borrower,
four guarantors with 2,000 baht of pledge savings (500 a month, January-April 2025 paid).

``day`` (the meeting of 5 April 2025) adds: the borrower's loan of 12,000 baht paid out on
5 March 2025 (12 months, 1% a month on the declining balance: instalment of 5 April = principal
1,000.00 + interest 120.00), the borrower's pledge of 300 baht a month from March 2025 (March
unpaid, so the fine for a missed pledge, 5 baht, is charged on 5 April before the meeting), and
the meeting opened with 20,000 baht in the cash box.
"""

import contextlib
import datetime as dt
from dataclasses import dataclass

import pytest

from sajja.core.errors import SajjaError
from sajja.ledger.models import JournalEntry, JournalLine, PostingKey
from sajja.loans.models import LoanFine, Repayment
from sajja.loans.tests.conftest import D, Village, approve, lend, request, village  # noqa: F401 (fixtures)
from sajja.meetings import services
from sajja.meetings.models import Attendance, Meeting, MeetingEntry, MeetingRow
from sajja.savings import services as savings
from sajja.savings.models import Fine, PledgePayment

DAY = D(2025, 4, 5)
OPENING = 20_000_00


@dataclass
class Day:
    v: Village
    meeting: Meeting
    loan: object
    fine: Fine

    @property
    def group(self):
        return self.v.group

    @property
    def actor(self):
        return self.v.actor


@pytest.fixture
def day(village) -> Day:  # noqa: F811
    v = village
    loan = lend(v)
    savings.pledge_set(member=v.borrower, amount=300_00, effective_from=D(2025, 3, 1), actor=v.actor)
    savings.fines_assess(group=v.group, through=DAY, actor=v.actor)
    fine = Fine.objects.get(member=v.borrower)
    meeting = services.meeting_open(group=v.group, date=DAY, opening_cash=OPENING, actor=v.actor)
    return Day(v, meeting, loan, fine)


def lines(entry) -> list[tuple[str, int, int, int | None]]:
    return list(
        JournalLine.objects.filter(entry=entry).order_by("id").values_list("account__code", "debit", "credit", "member")
    )


def state() -> tuple:
    """Everything a posting writes (a refusal, or a replay, must leave it all alone)."""
    return (
        JournalEntry.objects.count(),
        JournalLine.objects.count(),
        PostingKey.objects.count(),
        MeetingRow.objects.count(),
        MeetingEntry.objects.count(),
        Attendance.objects.count(),
        PledgePayment.objects.count(),
        tuple(Fine.objects.order_by("id").values_list("paid_entry", flat=True)),
        Repayment.objects.count(),
        LoanFine.objects.count(),
        tuple(Meeting.objects.order_by("id").values_list("status", "closing_cash", "treasurer_signed_by", "signed_at")),
    )


@contextlib.contextmanager
def refused(code: str):
    """Expect a ``SajjaError`` with ``code`` that writes nothing, in Thai and English."""
    before = state()
    with pytest.raises(SajjaError) as caught:
        yield caught
    assert caught.value.code == code, (caught.value.code, caught.value.in_language("en"))
    assert caught.value.in_language("th")
    assert caught.value.in_language("en")
    assert state() == before


__all__ = ["DAY", "Day", "approve", "dt", "request"]
