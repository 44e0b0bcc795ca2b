"""Records of group B for the tenancy test (``sajja/core/tests/test_tenancy.py``): a repayment on
group B's loan (made around the services, on the entry the test already made: tenancy is what is
tested), so the repayment routes are aimed at another group's."""

import datetime as dt

from sajja.loans.models import Loan, Repayment


def targets(world) -> dict:
    loan = Loan.objects.get(group=world.group_b)
    repayment = Repayment.objects.create(
        group=world.group_b, loan=loan, date=dt.date(2026, 2, 5), amount=10000, principal=10000, entry=loan.entry
    )
    return {"repayment_id": repayment.id}
