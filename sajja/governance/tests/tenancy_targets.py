"""Group B's governance records for ``sajja/core/tests/test_tenancy.py``: a committee term, an
election (paper, in counting, with a candidate and a nomination) of group B."""

import datetime as dt

from sajja.governance import services
from sajja.governance.models import Term

BODY = {
    "name": "ข้ามรั้ว",
    "title": "ข้ามรั้ว",
    "position": "president",
    "start_date": "01/01/2570",
    "end_date": "31/12/2571",
    "terms_start": "01/01/2570",
    "since": "01/01/2569",
    "positions": [],
    "counts": {},
    "candidate": 1,
    "winners": [],
    "accept": True,
    "answer": "accept",
    "committee": 1,
    "nominee": 1,
}


def targets(world) -> dict:
    group = world.group_b
    services.seats_adopt(group=group, actor=world.treasurer_b)
    committees = services.committees_ensure_standard(group=group)
    election = services.election_create(
        group=group,
        title="เลือกตั้งกลุ่ม B",
        date=dt.date(2026, 12, 5),
        terms_start=dt.date(2027, 1, 1),
        method="paper",
        positions=[services.PositionIn(committees["administration"], "president")],
        actor=world.treasurer_b,
    )
    nomination = services.nomination_create(
        position=election.positions.get(), nominee=world.member_b, nominated_by=None, actor=world.treasurer_b
    )
    return {
        "election_id": election.id,
        "nomination_id": nomination.id,
        "term_id": Term.objects.filter(group=group).first().id,
        "committee_id": committees["administration"].id,
    }
