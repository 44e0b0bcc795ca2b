"""The proceedings demo on a small group: through the services, idempotent, with an overloaded member."""

import datetime as dt
from collections import Counter

from sajja.accounts.models import CommitteeSeat
from sajja.core import testing as t
from sajja.proceedings import demo, selectors
from sajja.proceedings.models import Meeting, Resolution, Task


def test_demo_ensure_is_idempotent_and_realistic(db):
    group = t.make_group()
    t.make_user("admin", is_superuser=True, is_staff=True)
    for position in ("president", "secretary", "treasurer", "loan_committee", "audit_committee", "promotion_committee"):
        member = t.make_member(group)
        CommitteeSeat.objects.create(group=group, member=member, position=position, start_date=dt.date(2025, 1, 1))
    for _ in range(20):
        t.make_member(group)
    created = Counter()
    demo.ensure(group=group, seed=2569, created=created)
    assert created["proceedings.Meeting"] >= 10
    assert created["proceedings.Resolution"] >= 10
    kinds = set(Meeting.objects.filter(group=group).values_list("kind", flat=True))
    assert kinds == {"committee", "general", "annual"}
    assert Meeting.objects.filter(group=group, approved_on__isnull=False).count() >= 8
    assert Resolution.objects.filter(group=group, reference="มติที่ประชุมใหญ่ 1/2568").exists()
    assert not Meeting.objects.filter(group=group, approved_on__isnull=True).exclude(kind="committee").exists()
    overloaded = [w for w in selectors.workload(group.id) if w.overloaded]
    assert any(set(w.flags) >= {"open_tasks", "overdue"} and "treasurer" in w.positions for w in overloaded)
    counts = (Meeting.objects.count(), Resolution.objects.count(), Task.objects.count())
    again = Counter()
    demo.ensure(group=group, seed=2569, created=again)
    assert sum(again.values()) == 0
    assert (Meeting.objects.count(), Resolution.objects.count(), Task.objects.count()) == counts
