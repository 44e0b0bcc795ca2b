"""Schemas of the governance API (``sajja.governance.api``). Dates in as ``dd/mm/yyyy`` in B.E. or
C.E. or ISO, out as ISO with ``*_be`` in the Buddhist Era. Ids are the numbers the listing routes
return; ``position`` is a position code (``president``, ``loan_committee`` …) when recording a term
or an understudy and the election position's id (as given by the election) when nominating, voting
or counting."""

from typing import Any

from ninja import Schema
from pydantic import Field


class CommitteeIn(Schema):
    name: str = Field(description="The new committee's name, e.g. คณะกรรมการสวัสดิการ")


class TermIn(Schema):
    committee: int
    position: str = Field(description="president, vice_president, secretary, treasurer, admin_committee, …")
    member: int
    start_date: str
    end_date: str = ""


class TermEndIn(Schema):
    end_date: str


class UnderstudyIn(Schema):
    committee: int
    position: str
    member: int
    since: str
    trained_on: str = ""


class PositionIn(Schema):
    committee: int
    position: str
    seats: int = 1


class ElectionIn(Schema):
    title: str
    date: str = Field(description="The election day (the annual meeting)")
    terms_start: str = Field(description="The day the winners' terms start")
    method: str = Field("paper", description="paper (counted at the meeting) or app (members vote in the app)")
    positions: list[PositionIn] = Field(
        default_factory=list, description="Left empty: every position of the four standard committees."
    )


class NominationIn(Schema):
    position: Any = Field(description="The election position's id")
    member: int | None = Field(None, description="The nominee; left out: the caller nominates themselves")


class AnswerIn(Schema):
    accept: bool


class VoteIn(Schema):
    position: Any = Field(description="The election position's id")
    candidate: int = Field(description="The accepted nomination's id")


class TallyIn(Schema):
    position: Any = Field(description="The election position's id")
    counts: dict[str, Any] = Field(description="Nomination id -> ballots read out for that candidate")
    blank: Any = 0


class DrawIn(Schema):
    position: Any
    winners: list[int] = Field(description="The nomination ids chosen by lot")
    note: str = Field(description="How and before whom the lots were drawn")
