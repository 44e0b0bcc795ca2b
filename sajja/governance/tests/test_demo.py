"""The demo hook on a small village built like the demo's: the sitting committee's seats from the
generator's ``committee_term``, three committee logins to count ballots."""

import datetime as dt
from collections import Counter

import pytest

from sajja.accounts.models import CommitteeSeat
from sajja.core import testing as t
from sajja.core.tenancy import today
from sajja.demo.generator import committee_term
from sajja.governance import demo, selectors
from sajja.governance.models import Election, Nomination, Term

D = dt.date


@pytest.fixture
def village(db):
    t.make_user("admin", is_superuser=True, is_staff=True)
    group = t.make_group()
    start, end = committee_term(today())
    seats = ["president", "vice_president", "secretary", "treasurer", "loan_committee", "loan_committee",
             "audit_committee"]  # fmt: skip
    for i, position in enumerate(seats):
        user = t.make_user(f"demo_{i}") if position in ("president", "treasurer", "audit_committee") else None
        member = t.make_member(group, user=user, birth_date=D(1960 + i, 1, 1))
        CommitteeSeat.objects.create(group=group, member=member, position=position, start_date=start, end_date=end)
    for i in range(20):
        t.make_member(group, birth_date=D(1970 + i, 6, 1))
    return group


def test_demo_elections_take_over_the_seats_and_show_the_warnings(village):
    created = Counter()
    demo.ensure(group=village, seed=2569, created=created, stdout=None)
    start, end = committee_term(today())
    closed = Election.objects.filter(group=village, status="closed").order_by("date")
    assert [e.terms_start.year for e in closed] == [start.year - 6, start.year - 4, start.year - 2, start.year]
    # The sitting seats were taken over by the last election, not written twice.
    assert CommitteeSeat.objects.filter(group=village, start_date=start).count() == 7
    assert Term.objects.filter(group=village, start_date=start, election=closed.last()).count() == 7
    boards = {b.committee.code: b for b in selectors.committee_boards(village.id, today())}
    president = next(r for r in boards["administration"].sitting if r.term.position == "president")
    assert (president.number, president.consecutive) == (4, 4)
    codes = {(w.warning.code, w.warning.position) for w in selectors.succession(village.id, today())}
    assert ("too_long", "president") in codes
    if (end - today()).days <= 90:
        assert ("term_ends_no_candidate", "treasurer") in codes
        assert ("term_ends_no_candidate", "president") not in codes  # the vice-president stands
        upcoming = Election.objects.get(group=village, status="open")
        assert upcoming.terms_start == end + dt.timedelta(days=1)
        assert Nomination.objects.filter(election=upcoming).count() == 3
    assert created["governance.Election"] >= 4
    before = (Election.objects.count(), Term.objects.count(), Nomination.objects.count())
    again = Counter()
    demo.ensure(group=village, seed=2569, created=again, stdout=None)
    assert (Election.objects.count(), Term.objects.count(), Nomination.objects.count()) == before
    assert sum(again.values()) == 0
