"""Fixtures and small readers for the savings tests: a group with its chart, a treasurer, a member
who joined on 1 January 2025, and helpers that read back exactly what was posted."""

import contextlib
import datetime as dt

import pytest

from sajja.bylaws.models import Bylaw
from sajja.bylaws.services import bylaw_set
from sajja.core import testing as t
from sajja.core.errors import SajjaError
from sajja.ledger.models import JournalEntry, JournalLine, LedgerHead, PostingKey
from sajja.members.models import Member
from sajja.savings.models import DepositAccount, Fine, InterestRun, PledgeAmount, PledgePayment, Settlement

D = dt.date
JOINED = D(2025, 1, 1)


@pytest.fixture
def group(db):
    return t.make_group()


@pytest.fixture
def actor(db):
    return t.make_user("savings_treasurer")


@pytest.fixture
def member(group):
    return t.make_member(group, joined_on=JOINED, beneficiary_name="นายสมชาย ใจดี")


def lines_of(entry) -> list[tuple[str, int, int, int | None]]:
    """An entry's lines as posted: (account code, debit, credit, member id), in posted order."""
    return list(
        JournalLine.objects.filter(entry=entry).order_by("id").values_list("account__code", "debit", "credit", "member")
    )


def counts() -> tuple:
    """How many rows every money and register table holds (a refusal must leave them all alone)."""
    return (
        JournalEntry.objects.count(),
        JournalLine.objects.count(),
        PostingKey.objects.count(),
        PledgeAmount.objects.count(),
        PledgePayment.objects.count(),
        Fine.objects.filter(paid_entry__isnull=True, waived_entry__isnull=True).count(),
        Fine.objects.count(),
        DepositAccount.objects.count(),
        DepositAccount.objects.filter(closed_on__isnull=True).count(),
        InterestRun.objects.count(),
        Settlement.objects.count(),
        Member.objects.filter(status=Member.Status.ACTIVE).count(),
        Bylaw.objects.count(),
        tuple(LedgerHead.objects.order_by("id").values_list("seq", "hash")),
    )


@contextlib.contextmanager
def refused(code: str, message: str | None = None):
    """Expect a ``SajjaError`` with ``code`` (and, when given, this English message) that writes nothing."""
    before = counts()
    with pytest.raises(SajjaError) as caught:
        yield caught
    assert caught.value.code == code, (caught.value.code, caught.value.in_language("en"))
    if message is not None:
        assert caught.value.in_language("en") == message
    assert caught.value.in_language("th")  # a Thai message too
    assert counts() == before


def set_bylaw(group, actor, key, value, effective_from):
    return bylaw_set(
        group=group,
        key=key,
        value=value,
        effective_from=effective_from,
        resolution="มติที่ประชุมใหญ่ ครั้งที่ 1/2568",
        actor=actor,
    )
