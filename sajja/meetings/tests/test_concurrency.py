"""Two treasurers (two connections, two threads) post at the same instant (PostgreSQL: SQLite has
one writer at a time, which serialises the requests by itself):
- the same row under the same key (a second tab resending): one posting, the other answers it;
- the same member's row under two keys, both from a sheet at version 0: one posts, the other is
  refused as stale. Nothing is ever posted twice."""

import threading

import pytest
from django.db import connection, connections

from sajja.core.errors import SajjaError
from sajja.ledger.models import JournalEntry
from sajja.loans.tests.conftest import D
from sajja.meetings import services
from sajja.meetings.models import MeetingRow
from sajja.savings.models import PledgePayment

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="concurrent writers need PostgreSQL (SQLite has one writer at a time)"
)


def race(*calls):
    """Run the calls at the same instant in threads; their outcomes ("posted", "duplicate" or an error code)."""
    barrier = threading.Barrier(len(calls))
    outcomes = []

    def run(call):
        try:
            barrier.wait()
            result = call()
            outcomes.append("duplicate" if result.duplicate else "posted")
        except SajjaError as error:
            outcomes.append(error.code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(c,)) for c in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sorted(outcomes)


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_same_key_at_the_same_instant_posts_once():
    from sajja.core import testing as t
    from sajja.savings import services as savings

    group = t.make_group()
    treasurer = t.make_committee(group, "pg_treasurer", "treasurer")
    member = t.make_member(group, joined_on=D(2025, 1, 1))
    savings.pledge_set(member=member, amount=100_00, effective_from=D(2025, 1, 1), actor=treasurer)
    meeting = services.meeting_open(group=group, date=D(2025, 4, 5), opening_cash=0, actor=treasurer)

    def post(key, version=None):
        return lambda: services.row_post(
            meeting=meeting, member=member, pledge=100_00, key=key, version=version, actor=treasurer
        )

    for round_ in range(3):
        entries = JournalEntry.objects.count()
        assert race(post(f"same-{round_}"), post(f"same-{round_}")) == ["duplicate", "posted"]
        assert JournalEntry.objects.count() == entries + 1
        assert MeetingRow.objects.filter(key=f"same-{round_}").count() == 1
    # Two keys, one stale sheet: one posts, the other is told to reload.
    version = MeetingRow.objects.filter(meeting=meeting, member=member).count()
    assert race(post("tab-a", version), post("tab-b", version)) == ["posted", "stale"]
    assert PledgePayment.objects.filter(member=member).count() == 4
