"""Records of group B for the tenancy test (``sajja/core/tests/test_tenancy.py``)."""

import datetime as dt

from sajja.proceedings import services
from sajja.proceedings.models import Duty


def targets(world) -> dict:
    meeting = services.meeting_create(
        group=world.group_b, kind="committee", committee="all", date=dt.date(2026, 1, 5), agenda=["เงินกู้"],
        actor=world.treasurer_b,
    )  # fmt: skip
    resolution = services.resolution_add(meeting=meeting, text="อนุมัติ", votes_for=1, actor=world.treasurer_b)
    task = services.task_create(
        group=world.group_b, title="ติดตาม", owner=world.member_b, due_on=dt.date(2026, 2, 1), meeting=meeting,
        actor=world.treasurer_b,
    )  # fmt: skip
    services.duties_seed(group=world.group_b, positions=["treasurer"], actor=world.treasurer_b)
    return {
        "proceeding_id": meeting.id,
        "agenda_id": meeting.agenda.get().id,
        "resolution_id": resolution.id,
        "task_id": task.id,
        "duty_id": Duty.objects.filter(group=world.group_b).first().id,
    }
