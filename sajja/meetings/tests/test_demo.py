"""``meetings.demo.ensure`` and ``services.meeting_record_held`` on the loans tests' village (the full demo loader is exercised by the
demo's own tests): the next meeting is opened with the cash the books hold, and a second call adds
nothing."""

from collections import Counter

import pytest

from sajja.core.errors import SajjaError
from sajja.ledger.selectors import balances
from sajja.loans.tests.conftest import D
from sajja.meetings import demo, selectors
from sajja.meetings.models import Meeting


def test_demo_opens_the_next_meeting_once(village):
    created = Counter()
    demo.ensure(group=village.group, seed=2569, created=created)
    meeting = Meeting.objects.get(group=village.group)
    assert meeting.date == selectors.next_meeting_date(village.group)
    cash = next(b.balance for b in balances(village.group.id) if b.account.code == "1101")
    assert meeting.opening_cash == cash == 1_000_000_00 + 8_500_00  # the funding and the pledges received
    assert meeting.opened_by == village.actor  # the treasurer
    assert created == Counter({"Meeting": 1})
    assert len(selectors.sheet(meeting).rows) == 11  # every member (the committee and the borrowers too)
    again = Counter()
    demo.ensure(group=village.group, seed=2569, created=again)
    assert again == Counter()
    assert Meeting.objects.filter(group=village.group).count() == 1


def test_demo_records_the_last_meetings_as_held_and_signed(village):
    from sajja.accounts.models import CommitteeSeat
    from sajja.core import testing as t

    t.make_committee(village.group, "demo_president", "president")
    created = Counter()
    demo.ensure(group=village.group, seed=2569, created=created)
    held = list(Meeting.objects.filter(group=village.group).order_by("date"))
    assert len(held) == 4  # three past meetings and the next one
    for meeting in held[:3]:
        assert meeting.locked
        assert meeting.closing_cash == meeting.opening_cash  # nothing moved cash on those days here
        assert meeting.checker_signed_by.username == "demo_president"
    assert not held[3].locked
    assert created == Counter({"Meeting": 4})
    assert CommitteeSeat.objects.filter(group=village.group, position="president").count() == 1
    again = Counter()
    demo.ensure(group=village.group, seed=2569, created=again)
    assert again == Counter()


def test_meeting_record_held_links_the_days_entries_and_posts_nothing(day):
    from sajja.ledger.models import JournalEntry
    from sajja.meetings import services
    from sajja.savings import services as savings

    v = day.v
    may = D(2025, 5, 5)
    savings.pledge_receive(member=v.borrower, date=may, amount=300_00, actor=v.actor)
    from sajja.loans import services as loans

    loans.loan_repay(loan=day.loan, date=may, amount=500_00, actor=v.actor)
    entries = JournalEntry.objects.count()
    meeting = services.meeting_record_held(group=v.group, date=may, actor=v.actor)
    assert JournalEntry.objects.count() == entries
    assert sorted(meeting.entries.values_list("kind", "amount", "member_id")) == [
        ("instalment", 500_00, v.borrower.id),
        ("pledge", 300_00, v.borrower.id),
    ]
    assert selectors.expected_cash(meeting) == meeting.opening_cash + 800_00
    with pytest.raises(SajjaError) as caught:
        services.meeting_record_held(group=v.group, date=may, actor=v.actor)
    assert caught.value.code == "duplicate"
