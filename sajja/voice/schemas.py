"""Schemas of the members' voice API. Inputs take what people type and are checked by the services
(a bad value is a 400 in Thai and English, not a 422); dates out are ISO."""

import datetime as dt
from decimal import Decimal
from typing import Any

from ninja import Schema
from pydantic import Field


class SuggestionIn(Schema):
    text: Any = ""
    anonymous: bool = Field(True, description="true: no trace of the author is kept (the default)")


class ReplyIn(Schema):
    reply: Any = ""


class PollIn(Schema):
    question: Any = ""
    choices: list[Any] = Field(default_factory=list)
    opens_on: Any = ""
    closes_on: Any = ""
    secret: bool = True


class AnswerIn(Schema):
    choice: Any = Field(None, description="the choice id")


class RoundIn(Schema):
    year: Any = Field("", description="B.E. (2569) or C.E. (2026)")
    opens_on: Any = ""
    closes_on: Any = ""


class EvaluationIn(Schema):
    scores: dict[str, Any] = Field(default_factory=dict, description="question code -> 1..5")
    comment: Any = ""


class TrainingIn(Schema):
    kind: Any = "training"
    title: Any = ""
    date: Any = ""
    place: Any = ""
    learned: Any = ""
    lesson: Any = ""
    participants: list[Any] = Field(default_factory=list, description="member ids")


class ActivityIn(Schema):
    kind: Any = ""
    title: Any = ""
    date: Any = ""
    note: Any = ""
    participants: list[Any] = Field(default_factory=list, description="member ids")


class SuggestionOut(Schema):
    id: int
    text: str
    anonymous: bool
    author_id: int | None
    author: str | None
    posted_on: dt.date
    status: str
    reply: str
    replied_on: dt.date | None
    done_on: dt.date | None


class ChoiceOut(Schema):
    id: int
    text: str
    votes: int | None
    percent: Decimal | None


class PollOut(Schema):
    id: int
    question: str
    opens_on: dt.date
    closes_on: dt.date
    secret: bool
    is_open: bool
    answered: bool
    total: int | None
    choices: list[ChoiceOut]


class QuestionOut(Schema):
    code: str
    text: str


class RoundOut(Schema):
    year: int
    year_be: int
    opens_on: dt.date
    closes_on: dt.date
    is_open: bool
    answered: bool
    questions: list[QuestionOut]
    comment_label: str


class QuestionSummaryOut(Schema):
    code: str
    text: str
    count: int
    average: Decimal | None
    distribution: list[int]


class SummaryOut(Schema):
    year: int
    year_be: int
    responses: int
    members: int
    overall: Decimal | None
    questions: list[QuestionSummaryOut]
    comments: list[str]


class RecordOut(Schema):
    id: int
    kind: str
    title: str
    date: dt.date
    date_be: str
    place: str = ""
    learned: str = ""
    lesson: str = ""
    note: str = ""
    participants: list[int]
