"""Schemas of the meeting-day API (``sajja.meetings.api``), with the conventions of the rest of
``/api/v1/`` (see ``sajja.savings.schemas``): money in as baht text (Thai digits accepted; a JSON
float, three decimals or text that is not a number is a 400 in Thai and English), money out as
exact baht text with two decimals; dates in as ``dd/mm/yyyy`` (B.E. or C.E.) or ISO, out as ISO
with ``*_be`` in the Buddhist Era; ``key`` (or the ``Idempotency-Key`` header) never posts twice.

A cash count is ``{"<denomination in baht>": <number of notes or coins>}`` with the keys
``1000 500 100 50 20 10 5 2 1 0.50 0.25``.
"""

import datetime as dt
from typing import Annotated, Any

from ninja import Schema
from pydantic import Field, WithJsonSchema

from sajja.savings.schemas import Amount, Baht, EntryRef, _key, _method

Counts = Annotated[
    Any,
    WithJsonSchema(
        {
            "type": "object",
            "description": "Denomination in baht -> whole number of notes or coins.",
            "example": {"1000": 9, "500": 1, "100": 1, "0.50": 1},
        }
    ),
]


# --- in -------------------------------------------------------------------------------------------


class MeetingIn(Schema):
    date: str = Field("", description="The meeting date; default the next meeting date (today on a meeting day).")
    opening_cash: Amount = Field(None, description="The cash box counted at the opening (baht).")
    opening_counts: Counts = Field(None, description="Or the opening count by denomination.")


class AttendanceIn(Schema):
    member: int
    status: str = Field(description="present, represented or absent")
    representative: str = ""


class RowIn(Schema):
    member: int
    pledge: Amount = None
    instalment: Amount = None
    fines: Amount = None
    deposit: Amount = None
    loan: int | None = Field(None, description="The loan the instalment pays (when the member has several).")
    version: int | None = Field(None, description="The row's version from the sheet (refused as stale if it moved).")
    key: str = Field("", max_length=64, description="Idempotency key; also the Idempotency-Key header (single row).")


class RowsIn(Schema):
    rows: list[RowIn]


class PayoutIn(Schema):
    request: int = Field(description="The approved loan request's id.")
    method: str = _method()
    key: str = _key()


class CountIn(Schema):
    counts: Counts
    total: Amount = Field(None, description="The total the counter wrote down (must be the sum), optional.")


class DifferenceIn(Schema):
    reason: str
    key: str = _key()


class BankIn(Schema):
    amount: Amount
    date: str = Field("", description="Default the meeting day.")
    key: str = _key()


# --- out ------------------------------------------------------------------------------------------


class Signature(Schema):
    user: str | None
    at: dt.datetime | None


class MeetingOut(Schema):
    id: int
    date: dt.date
    date_be: str
    status: str
    version: int
    opening_cash: Baht
    opening_counts: dict
    closing_cash: Baht | None
    closing_counts: dict
    expected_cash: Baht | None
    difference_reason: str
    treasurer: Signature
    checker: Signature


class SheetLoanOut(Schema):
    loan_id: int
    number: str
    expected: Baht
    fines: Baht
    interest: Baht
    principal: Baht
    next_due: dt.date | None
    payoff: Baht


class PostedRowOut(Schema):
    id: int
    key: str
    member_id: int
    pledge: Baht
    instalment: Baht
    fines: Baht
    deposit: Baht
    loan_id: int | None
    posted_at: dt.datetime
    entries: list[EntryRef] = []


class SheetRowOut(Schema):
    member_id: int
    number: int
    full_name: str
    attendance: str | None
    representative: str
    pledge_due: Baht
    pledge_periods: list[dt.date]
    instalment_due: Baht
    loans: list[SheetLoanOut]
    fines_due: Baht
    loan_fines_due: Baht
    deposit_suggested: Baht
    has_deposit_account: bool
    posted: dict[str, Baht]
    version: int
    status: str


class PayoutWaitingOut(Schema):
    request_id: int
    member_id: int
    number: int
    full_name: str
    kind: str
    amount: Baht
    decided_on: dt.date | None


class LinkOut(Schema):
    id: int
    kind: str
    member_id: int | None
    request_id: int | None
    amount: Baht
    key: str
    entry: EntryRef


class SheetOut(Schema):
    meeting: MeetingOut
    next_meeting: dt.date
    version: int
    expected: dict[str, Baht]
    posted: dict[str, Baht]
    rows: list[SheetRowOut]
    payouts_waiting: list[PayoutWaitingOut]
    payouts_done: list[LinkOut]


class RowPostedOut(Schema):
    duplicate: bool
    row: PostedRowOut
    sheet_row: SheetRowOut | None = None


class RowsPostedOut(Schema):
    version: int
    results: list[RowPostedOut]


class PostedOut(Schema):
    duplicate: bool
    link: LinkOut


class SummaryOut(Schema):
    meeting: MeetingOut
    opening_cash: Baht
    cash_in: Baht
    cash_out: Baht
    expected_cash: Baht
    closing_cash: Baht | None
    difference: Baht | None
    explained: Baht
    banked: Baht
    by_kind: dict[str, Baht]
    rows_count: int
    members_paid: int
    attendance: dict[str, int]
    signed: bool


class NextOut(Schema):
    date: dt.date
    date_be: str
    meeting_id: int | None


class CorrectionOut(Schema):
    """A posting of the meeting undone: the reversing entry (dated the correction's day, not one of
    the meeting's own postings) and the kind of posting it undid."""

    kind: str
    reversal: EntryRef
