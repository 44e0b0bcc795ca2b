"""The welfare demo on a small group built like the demo village's main group (treasurer and
president logins, members of every kind): claims in every state through the services, the fund
topped up by a recorded donation when it would not cover them, and a second call adds nothing."""

import datetime as dt
from collections import Counter

from sajja.core import testing as t
from sajja.ledger.models import JournalEntry
from sajja.members.models import Member
from sajja.welfare import demo, selectors
from sajja.welfare.models import FundReceipt, WelfareClaim

D = dt.date


def _village():
    group = t.make_group()
    t.make_committee(group, "treasurer", "treasurer")
    t.make_committee(group, "president", "president")
    for i in range(12):
        t.make_member(group, joined_on=D(2015, 1, 1), birth_date=D(1950 + i * 4, 6, 1), sex="F" if i % 2 else "M")
    dead = t.make_member(group, joined_on=D(2015, 1, 1), beneficiary_name="นายลูก ชาย")
    Member.objects.filter(id=dead.id).update(status="deceased", status_date=D(2025, 9, 9))
    return group


def test_demo_claims_through_the_services_and_idempotent(db):
    group = _village()
    created = Counter()
    demo.ensure(group=group, seed=2569, created=created)
    claims = {c.benefit: c for c in WelfareClaim.objects.filter(group=group)}
    assert set(claims) == {"illness", "birth", "old_age", "education", "death"}
    statuses = sorted(c.status for c in WelfareClaim.objects.filter(group=group))
    assert statuses == ["approved", "paid", "paid", "paid", "paid", "pending"]
    capped = WelfareClaim.objects.get(group=group, benefit="illness", nights=12)
    assert capped.amount == 1_000_00
    assert capped.method == "bank"
    assert claims["death"].beneficiary == "นายลูก ชาย"
    assert claims["death"].amount == 3_000_00
    # Every paid claim was approved by someone other than who entered it.
    for claim in WelfareClaim.objects.filter(group=group).exclude(status="pending"):
        assert claim.decided_by_id != claim.created_by_id
    # The empty fund was topped up by one donation, rounded up to 10,000 baht, and never went negative.
    donation = FundReceipt.objects.get(group=group)
    paid = sum(c.amount for c in WelfareClaim.objects.filter(group=group, status="paid"))
    assert donation.amount == 10_000_00 > paid
    assert selectors.fund_balance(group.id, "welfare_fund") == donation.amount - paid
    assert created["welfare_claims"] == 6
    assert created["welfare_payments"] == 4
    entries = JournalEntry.objects.filter(group=group).count()
    again = Counter()
    demo.ensure(group=group, seed=2569, created=again)
    assert sum(again.values()) == 0
    assert JournalEntry.objects.filter(group=group).count() == entries
