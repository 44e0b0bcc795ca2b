"""Group B's year-end records for the tenancy test (made around the services: the fence is tested)."""

import datetime as dt

from sajja.closing.models import AllocationPlan, FiscalYear, MemberShare


def targets(world) -> dict:
    year = FiscalYear.objects.create(group=world.group_b, start=dt.date(2025, 1, 1), end=dt.date(2025, 12, 31))
    plan = AllocationPlan.objects.create(
        group=world.group_b, fiscal_year=year, income_total=0, expense_total=0, net_profit=0,
        basis="month_weighted", unit=100_00, rounding="satang", rounding_fund="reserve", leavers="none",
        created_by=world.treasurer_b,
    )  # fmt: skip
    share = MemberShare.objects.create(
        group=world.group_b, plan=plan, member=world.member_b, weight=0, interest_paid=0, dividend=0, rebate=0
    )
    return {"fiscal_year_id": year.id, "share_id": share.id}


BODY = {
    "meeting_date": "20/01/2569",
    "resolution_text": "ข้ามรั้ว",
    "votes_for": 1,
    "votes_against": 0,
    "votes_abstain": 0,
    "name_th": "ข้ามรั้ว",
    "rate": "1",
}
