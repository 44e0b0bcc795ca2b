"""Fixtures for the welfare tests: a group with two managing committee members (the maker and the
checker), members who joined on known dates, and a welfare fund holding 10,000 baht received as a
donation (``fund_receive``). Template bylaws (welfare defaults of ``sajja.welfare.rules``): illness
100 baht a night, at most 1,000 baht a stay and 3,000 baht a year, after 6 months; birth 500 baht,
at most 1,000 a year, after 6 months; death 3,000 baht after 12 months. Chart codes: 1101 cash,
1102 bank, 3201 welfare fund."""

import datetime as dt
from dataclasses import dataclass

import pytest

from sajja.core import testing as t
from sajja.welfare import services

D = dt.date
JOINED = D(2024, 1, 1)
FUND = 10_000_00


@dataclass
class Village:
    group: object
    maker: object  # the treasurer: enters claims and pays
    checker: object  # the president: approves
    member: object
    member2: object
    newcomer: object  # joined 31 Aug 2025: six months end on 28 Feb 2026


@pytest.fixture
def village(db) -> Village:
    group = t.make_group()
    maker = t.make_committee(group, "welfare_treasurer", "treasurer")
    checker = t.make_committee(group, "welfare_president", "president")
    member = t.make_member(group, joined_on=JOINED, first_name="บุญมี")
    member2 = t.make_member(group, joined_on=JOINED, first_name="บุญชู")
    newcomer = t.make_member(group, joined_on=D(2025, 8, 31), first_name="ใหม่")
    services.fund_receive(
        group=group, fund="welfare_fund", amount=FUND, date=D(2025, 1, 10), source="อบต.บ้านดง", actor=maker
    )
    return Village(group, maker, checker, member, member2, newcomer)


def lines_of(entry) -> list[tuple]:
    """An entry's lines as (account code, debit, credit, member id), in posted order."""
    return [
        (line.account.code, line.debit, line.credit, line.member_id)
        for line in entry.lines.select_related("account").order_by("id")
    ]


def approved_claim(village: Village, **kw):
    values = dict(group=village.group, member=village.member, benefit="illness", event_date=D(2026, 3, 10), nights=4)
    values.update(kw)
    claim = services.claim_create(actor=village.maker, **values)
    return services.claim_approve(claim=claim, actor=village.checker)
