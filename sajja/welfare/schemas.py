"""Schemas of the funds, welfare and annual-report API (``sajja.welfare.api``).

The conventions of the rest of ``/api/v1/`` (see ``sajja.savings.schemas``): money in as baht text
(a JSON float is refused with a 400 in Thai and English), money out as exact baht text with two
decimals; dates in as ``dd/mm/yyyy`` in B.E. or C.E. or ISO, out as ISO with ``*_be`` in B.E.;
``key`` (or the ``Idempotency-Key`` header) never posts twice. ``report_year`` in a path is the C.E.
year the fiscal year starts in (2025); a ``year`` query parameter takes B.E. (2568) or C.E.
"""

import datetime as dt
from typing import Annotated, Any

from ninja import Schema
from pydantic import Field, WithJsonSchema

from sajja.savings.schemas import Amount, Baht, EntryRef, _key, _method

Nights = Annotated[Any, WithJsonSchema({"type": "integer", "description": "Whole nights, e.g. 3", "example": 3})]


class ClaimIn(Schema):
    member: int = Field(description="The member's id.")
    benefit: str = Field(description="birth, illness, death, old_age or education")
    event_date: str = Field(description="The day of the event (birth, admission, death, ...).")
    nights: Nights = Field(None, description="Nights in hospital (illness).")
    beneficiary: str = Field("", description="Who receives a death benefit.")
    amount: Amount = Field(None, description="An amount asked; leave out to pay what the bylaws give.")
    note: str = ""


class RejectIn(Schema):
    reason: str


class PayIn(Schema):
    date: str = Field("", description="Default today.")
    method: str = _method()
    key: str = _key()


class ReceiveIn(Schema):
    fund: str = Field(description="reserve_fund, welfare_fund, public_benefit_fund or training_fund")
    amount: Amount
    date: str = Field("", description="Default today.")
    source: str = Field(description="Who gave the money.")
    method: str = _method()
    note: str = ""
    key: str = _key()


class RuleOut(Schema):
    benefit: str
    name: str
    min_months: int
    amount: Baht
    per_night: bool
    cap_event: Baht | None
    cap_year: Baht | None
    min_age: int | None
    since: dt.date | None
    resolution: str | None


class RulesOut(Schema):
    date: dt.date
    rules: list[RuleOut]


class AssessmentOut(Schema):
    payable: bool
    amount: Baht
    entitled: Baht
    year_room: Baht | None
    eligible_from: dt.date
    eligible_from_be: str
    reasons: list[dict]


class ClaimOut(Schema):
    id: int
    number: str
    member_id: int
    member_number: int
    full_name: str
    benefit: str
    event_date: dt.date
    event_date_be: str
    nights: int | None
    beneficiary: str
    note: str
    amount: Baht
    fiscal_year: int
    status: str
    created_by: str
    created_at: dt.datetime
    decided_by: str | None
    decided_at: dt.datetime | None
    decision_reason: str
    paid_on: dt.date | None
    method: str
    entry: EntryRef | None


class FundOut(Schema):
    role: str
    name: str
    account_code: str
    opening: Baht
    received: Baht
    spent: Baht
    closing: Baht


class FundsOut(Schema):
    since: dt.date
    through: dt.date
    funds: list[FundOut]


class MovementOut(Schema):
    date: dt.date
    date_be: str
    seq: int
    memo: str
    debit: Baht
    credit: Baht
    balance: Baht


class MovementsOut(Schema):
    fund: str
    since: dt.date
    through: dt.date
    opening: Baht
    rows: list[MovementOut]
    closing: Baht


class ReceiptOut(Schema):
    id: int
    fund: str
    amount: Baht
    date: dt.date
    source: str
    method: str
    entry: EntryRef
    duplicate: bool = False


class SlipOut(Schema):
    member_id: int
    member_number: int
    full_name: str
    basis: str
    basis_label: str
    basis_figure: str
    interest_paid: Baht
    dividend: Baht
    rebate: Baht
    total: Baht
    total_words: str
    paid: bool
    paid_on: dt.date | None
    paid_method: str


class SlipsOut(Schema):
    report_year: int
    label: str
    allocated: bool
    slips: list[SlipOut]
