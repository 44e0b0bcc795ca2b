"""Records of group B for the tenancy test (``sajja/core/tests/test_tenancy.py``)."""

import datetime as dt

from sajja.core.tenancy import today
from sajja.voice import services


def targets(world) -> dict:
    g, actor = world.group_b, world.treasurer_b
    suggestion = services.suggestion_post(group=g, text="ข้อเสนอ", member=None, anonymous=True, actor=actor)
    poll = services.poll_create(
        group=g, question="คำถาม", choices=["ใช่", "ไม่"], opens_on=today(), closes_on=today(), actor=actor
    )
    services.evaluation_open(group=g, year=today().year, opens_on=today(), closes_on=today(), actor=actor)
    training = services.training_record(group=g, title="อบรมบัญชี", date=dt.date(2026, 2, 1), actor=actor)
    activity = services.activity_record(
        group=g, kind="songkran", title="รดน้ำดำหัว", date=dt.date(2026, 4, 13), actor=actor
    )
    return {
        "suggestion_id": suggestion.id,
        "poll_id": poll.id,
        "survey_year": today().year,
        "training_id": training.id,
        "activity_id": activity.id,
    }
