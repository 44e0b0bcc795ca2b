"""Schemas of the proceedings API. Inputs take what people type (dates ``dd/mm/yyyy`` in B.E. or
C.E. or ISO, numbers with Thai digits) and are checked by the services, so a bad value gets a 400 in
Thai and English rather than a 422. Dates out are ISO with ``*_be`` in the Buddhist Era."""

import datetime as dt
from typing import Any

from ninja import Schema
from pydantic import Field


class MeetingIn(Schema):
    kind: Any = Field("", description="committee, general or annual")
    committee: Any = Field("", description="committee meetings: all, administration, loans, audit or promotion")
    date: Any = Field("", description="dd/mm/yyyy (B.E. or C.E.) or ISO")
    place: Any = ""
    agenda: list[Any] = Field(default_factory=list, description="agenda item titles, in order")


class AgendaIn(Schema):
    title: Any = ""


class MinutesIn(Schema):
    minutes: Any = ""
    title: Any = None


class Mark(Schema):
    member: Any = None
    status: Any = Field("", description="present, absent or excused")


class AttendanceIn(Schema):
    marks: list[Mark] = Field(default_factory=list)


class ResolutionIn(Schema):
    text: Any = ""
    item: Any = Field(None, description="agenda item id (optional)")
    votes_for: Any = 0
    votes_against: Any = 0
    votes_abstain: Any = 0


class ApproveIn(Schema):
    at_meeting: Any = Field(None, description="id of the later meeting that approved the minutes")
    approved_by: Any = Field(None, description="member id of the committee member who approved them")


class TaskIn(Schema):
    title: Any = ""
    owner: Any = Field(None, description="member id")
    due_on: Any = ""
    meeting: Any = None
    resolution: Any = None


class TaskStatusIn(Schema):
    status: Any = Field("done", description="done or open")
    on: Any = Field("", description="the day it was done (default today)")


class DutyIn(Schema):
    position: Any = ""
    text: Any = ""


class AgendaOut(Schema):
    id: int
    order: int
    title: str
    minutes: str


class ResolutionOut(Schema):
    id: int
    meeting_id: int
    reference: str
    number: int
    year_be: int
    text: str
    votes_for: int
    votes_against: int
    votes_abstain: int
    passed: bool
    date: dt.date
    locked: bool


class QuorumOut(Schema):
    expected: int
    present: int
    absent: int
    excused: int
    needed: int
    percent: int
    met: bool


class AttendanceOut(Schema):
    member_id: int
    name: str
    status: str


class MeetingOut(Schema):
    id: int
    kind: str
    committee: str
    number: int
    year_be: int
    title: str
    date: dt.date
    date_be: str
    place: str
    approved_on: dt.date | None
    approved_by_id: int | None
    approved_at_id: int | None


class MeetingDetailOut(MeetingOut):
    agenda: list[AgendaOut]
    resolutions: list[ResolutionOut]
    attendance: list[AttendanceOut]
    quorum: QuorumOut


class TaskOut(Schema):
    id: int
    title: str
    owner_id: int
    owner: str
    due_on: dt.date
    due_on_be: str
    status: str
    done_on: dt.date | None
    overdue: bool
    meeting_id: int | None
    resolution: str | None


class DutyOut(Schema):
    id: int | None
    position: str
    order: int
    text: str
    standard: bool


class WorkloadOut(Schema):
    member_id: int
    name: str
    positions: list[str]
    duties: list[str]
    open_tasks: list[TaskOut]
    overdue: int
    meetings: list[MeetingOut]
    flags: list[str]
    overloaded: bool
