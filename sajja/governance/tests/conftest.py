"""A group for the governance tests: a president and a secretary (committee users who count paper
ballots), an audit committee member, four ordinary members with logins who vote, a member who left,
and another group with its own member. Their committee seats start on 1 Jan 2020 with no end (as
``core.testing.make_committee`` records them) and are adopted as terms."""

import datetime as dt
from dataclasses import dataclass

import pytest

from sajja.core import testing as t
from sajja.governance import services
from sajja.governance.models import Committee
from sajja.members.services import member_leave

D = dt.date


@dataclass
class Gov:
    group: object
    president: object  # users
    secretary: object
    auditor: object
    voters: list  # users of ordinary members
    members: list  # their members
    left: object  # a member who left
    other_group: object
    outsider: object  # a member of the other group
    committees: dict

    def member_of(self, user):
        return user.memberships.get(group=self.group)


@pytest.fixture
def gov(db) -> Gov:
    group = t.make_group()
    president = t.make_committee(group, "gov_president", "president")
    secretary = t.make_committee(group, "gov_secretary", "secretary")
    auditor = t.make_committee(group, "gov_auditor", "audit_committee")
    voters, members = [], []
    for i in range(4):
        user = t.make_user(f"gov_voter{i}")
        voters.append(user)
        members.append(t.make_member(group, user=user, first_name=f"ผู้ลงคะแนน{i}", birth_date=D(1985 + i, 3, 1)))
    left = t.make_member(group, first_name="ย้ายออก")
    member_leave(member=left, status="left", date=D(2025, 6, 1), reason="ย้ายบ้าน", actor=president)
    other_group = t.make_group("กลุ่มอื่น")
    outsider = t.make_member(other_group, first_name="คนนอก")
    services.seats_adopt(group=group, actor=president)
    committees = {c.code: c for c in Committee.objects.filter(group=group)}
    return Gov(group, president, secretary, auditor, voters, members, left, other_group, outsider, committees)
