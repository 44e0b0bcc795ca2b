"""``closing.demo.ensure`` on the worked village (the full demo loader is exercised by the demo's own
tests and takes a minute; here the same function runs on a small group): every fiscal year that
ended is made, approved, posted and closed in order, most shares are paid at the general meeting,
a few stay unclaimed, and a second call adds nothing."""

from collections import Counter

from sajja.closing import demo, selectors
from sajja.closing.models import FiscalYear, MemberShare
from sajja.ledger.models import JournalEntry, LedgerHead

from .conftest import YEAR_END


def test_the_past_years_are_closed_and_shared_out(village):
    created = Counter()
    demo.ensure(group=village.group, seed=2569, created=created)
    years = list(FiscalYear.objects.filter(group=village.group).order_by("start"))
    # the opening balances are dated 31 December 2024, so 2024 (nothing to allocate) closes first
    assert [(y.label, y.status) for y in years] == [("2567", "closed"), ("2568", "closed")]
    assert LedgerHead.objects.get(group=village.group).closed_through == YEAR_END
    assert created["closing.years_closed"] == 2
    plan = selectors.plan_of(years[1])
    assert plan.net_profit == 1_234_567
    assert selectors.reconciliation(plan)["ok"]
    payable = [s for s in selectors.shares(plan) if s.total]
    paid = [s for s in payable if s.is_paid]
    assert created["closing.payments"] == len(paid) >= 1
    assert {s.paid_on for s in paid} == {plan.meeting_date}
    assert all(s.paid_method == "cash" for s in paid if s.member.status != "active")

    entries = JournalEntry.objects.count()
    again = Counter()
    demo.ensure(group=village.group, seed=2569, created=again)
    assert again == Counter()
    assert JournalEntry.objects.count() == entries
    assert MemberShare.objects.filter(paid_entry__isnull=False).count() == len(paid)
