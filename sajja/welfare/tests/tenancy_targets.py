"""Group B's welfare records for the tenancy test (made around the services: the fence is tested)."""

import datetime as dt

from sajja.welfare.models import WelfareClaim


def targets(world) -> dict:
    claim = WelfareClaim.objects.create(
        group=world.group_b, member=world.member_b, benefit="birth", event_date=dt.date(2026, 1, 5), amount=500_00,
        fiscal_year=2026, created_by=world.treasurer_b,
    )  # fmt: skip
    return {"claim_id": claim.id, "report_year": 2025}


BODY = {
    "benefit": "birth",
    "event_date": "05/01/2569",
    "nights": 1,
    "beneficiary": "ข้ามรั้ว",
    "fund": "welfare_fund",
    "source": "ข้ามรั้ว",
}
