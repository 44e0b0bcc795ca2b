"""The scheduled interest posting: a cron job runs ``savings_interest`` daily; each period posts once."""

import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command

from sajja.savings import services
from sajja.savings.models import InterestRun


@pytest.mark.django_db
def test_the_command_posts_due_interest_once(world):
    member = world.member
    account = services.deposit_open(member=member, product="savings", date=dt.date(2025, 1, 1), actor=world.treasurer)
    services.deposit_receive(account=account, date=dt.date(2025, 1, 1), amount=100_000_00, actor=world.treasurer)
    out = io.StringIO()
    call_command("savings_interest", "--group", str(world.group_a.id), "--through", "31/12/2568", stdout=out)
    runs = InterestRun.objects.filter(group=world.group_a).order_by("period_end")
    # Half-yearly from January: 30 June and 31 December 2025, each posted once.
    assert [r.period_end for r in runs] == [dt.date(2025, 6, 30), dt.date(2025, 12, 31)]
    assert all(r.entry_id for r in runs)
    assert runs[0].entry.created_by.username == "sajja-system"
    assert not runs[0].entry.created_by.has_usable_password()
    assert "2 posted" in out.getvalue()
    call_command("savings_interest", "--group", str(world.group_a.id), "--through", "31/12/2568", stdout=io.StringIO())
    assert InterestRun.objects.filter(group=world.group_a).count() == 2


@pytest.mark.django_db
def test_the_command_refuses_a_bad_date_and_an_unknown_group(world):
    with pytest.raises(CommandError, match="no group"):
        call_command("savings_interest", "--group", "999999", stdout=io.StringIO())
    with pytest.raises(CommandError):
        call_command("savings_interest", "--through", "31/13/2568", stdout=io.StringIO())
