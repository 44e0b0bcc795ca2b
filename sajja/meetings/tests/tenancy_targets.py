"""Records of group B for the tenancy test (``sajja/core/tests/test_tenancy.py``): a meeting of
group B opened through the service, so every ``meeting_id`` route is aimed at another group's."""

import datetime as dt

from sajja.meetings import services

# Fields the meeting routes' bodies require (so an outsider's request reaches the fence, not a 422).
BODY = {"request": 1, "counts": {}}


def targets(world) -> dict:
    meeting = services.meeting_open(
        group=world.group_b, date=dt.date(2026, 1, 5), opening_cash=0, actor=world.treasurer_b
    )
    return {"meeting_id": meeting.id}
