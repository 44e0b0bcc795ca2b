"""A group with a committee of six (president, secretary, treasurer, two on the loan committee,
one auditor) and four ordinary members; all members since 2010 and seats since 2020."""

import datetime as dt
from dataclasses import dataclass

import pytest

from sajja.accounts.models import CommitteeSeat
from sajja.core import testing as t

D = dt.date


@dataclass
class Club:
    group: object
    president: object  # user
    seats: dict  # position label -> member
    plain: list  # ordinary members
    other_group: object
    outsider: object  # a member of the other group


@pytest.fixture
def club(db):
    group = t.make_group()
    president = t.make_committee(group, "pres", "president")
    seats = {"president": president.memberships.get()}
    for label, position in [
        ("secretary", "secretary"),
        ("treasurer", "treasurer"),
        ("loan1", "loan_committee"),
        ("loan2", "loan_committee"),
        ("auditor", "audit_committee"),
    ]:
        member = t.make_member(group)
        CommitteeSeat.objects.create(group=group, member=member, position=position, start_date=D(2020, 1, 1))
        seats[label] = member
    plain = [t.make_member(group) for _ in range(4)]
    other = t.make_group("กลุ่มอื่น")
    outsider = t.make_member(other)
    return Club(group, president, seats, plain, other, outsider)
