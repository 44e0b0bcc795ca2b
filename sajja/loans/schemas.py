"""Schemas of the loans API (``sajja.loans.api``).

The conventions of the rest of ``/api/v1/`` (see ``sajja.savings.schemas``): money in as baht text
(a JSON float is refused with a 400 in Thai and English), money out as exact baht text with two
decimals; dates in as ``dd/mm/yyyy`` in B.E. or C.E. or ISO, out as ISO (with ``*_be`` in B.E. where
a person reads it); ``key`` (or the ``Idempotency-Key`` header) never posts twice. Rates are percent
text with two decimals: ``rate`` a month as the bylaws quote it (``"1.00"``), ``yearly_rate`` what
the borrower really pays a year on the money still owed (the legal cap is ``"15.00"``).
"""

import datetime as dt
from typing import Annotated, Any

from ninja import Schema
from pydantic import Field, WithJsonSchema

from sajja.savings.schemas import Amount, Baht, EntryRef, _key, _method

# A whole number as typed (``12``, ``"12"``, Thai digits): checked by ``core.fields.parse_positive_int``
# so that ``12.5`` gets a clear 400 in Thai and English, not a 422.
Months = Annotated[Any, WithJsonSchema({"type": "integer", "description": "Whole months, e.g. 12", "example": 12})]
Percent = Annotated[str, WithJsonSchema({"type": "string", "description": "Percent, two decimals", "example": "1.00"})]


# --- in -------------------------------------------------------------------------------------------


class PreviewIn(Schema):
    kind: str = Field(description="ordinary, emergency, production, secured or in_kind")
    amount: Amount
    term_months: Months
    date: str = Field("", description="The day of pay-out the schedule starts from; default today.")


class RequestIn(Schema):
    member: int | None = Field(
        None, description="The borrower's member id; a member asking for themselves may leave it out."
    )
    kind: str = Field(description="ordinary, emergency, production, secured or in_kind")
    amount: Amount
    term_months: Months
    purpose: str
    guarantors: list[int] = Field(default_factory=list, description="Member ids of the guarantors.")
    date: str = Field("", description="The day asked; default today.")


class VoteIn(Schema):
    vote: str = Field(description="approve, reject or abstain")
    date: str = Field("", description="Default today.")


class DecisionIn(Schema):
    decision: str = Field(description="approve, reduce or reject")
    amount: Amount = Field(None, description="The amount approved, with ``reduce`` (baht as text).")
    reason: str = ""
    date: str = Field("", description="Default today.")


class DisburseIn(Schema):
    date: str
    method: str = _method()
    key: str = _key()


class RepaymentIn(Schema):
    date: str
    amount: Amount
    method: str = _method()
    key: str = _key()


class GuarantorPaymentIn(Schema):
    guarantor: int = Field(description="The guarantor's member id.")
    date: str
    amount: Amount
    from_held_savings: bool = Field(False, description="Paid from the guarantor's savings held for this loan.")
    method: str = _method()
    key: str = _key()


class WriteOffIn(Schema):
    date: str
    reason: str
    resolution: str


# --- out ------------------------------------------------------------------------------------------


class ProductOut(Schema):
    kind: str
    label: str
    rate: Percent  # a month, as the bylaws quote it
    method: str  # declining, flat or annuity
    every_months: int
    max_term_months: int
    grace: int
    cap: Baht
    savings_multiple: int  # 0: no limit by savings
    guarantors: int
    yearly_rate: Percent  # on the largest loan over the longest term
    within_legal_cap: bool


class ProductsOut(Schema):
    date: dt.date
    products: list[ProductOut]
    guarantor_min_savings: Baht
    guarantor_max_loans: int
    guarantor_hold_share: Percent
    late_days: int
    late_fine: Baht
    late_fine_cap: Baht
    priority: str
    legal_cap: Percent


class LimitOut(Schema):
    kind: str
    label: str
    cap: Baht
    savings: Baht  # the member's pledge savings
    multiple: int
    by_savings: Baht | None
    most: Baht
    max_term_months: int
    guarantors: int


class LimitsOut(Schema):
    member_id: int
    date: dt.date
    limits: list[LimitOut]


class InstalmentOut(Schema):
    number: int
    due: dt.date
    due_be: str
    principal: Baht
    interest: Baht
    total: Baht
    balance_after: Baht  # principal still owed after it


class PreviewOut(Schema):
    kind: str
    amount: Baht
    term_months: int
    rate: Percent
    method: str
    every_months: int
    instalments: int
    grace: int
    yearly_rate: Percent
    principal_total: Baht
    interest_total: Baht
    total: Baht
    schedule: list[InstalmentOut]


class PersonOut(Schema):
    member_id: int
    number: int
    full_name: str


class GuaranteeOut(PersonOut):
    held: Baht = Field(description="Savings held at pay-out.")
    held_now: Baht | None = Field(
        None,
        description="Savings still held today (loans only; released as the loan is repaid, or at close, by the bylaws).",
    )
    released_on: dt.date | None


class VoteOut(PersonOut):
    vote: str
    cast_on: dt.date


class RequestOut(Schema):
    id: int
    member_id: int
    member_number: int
    full_name: str
    kind: str
    amount: Baht
    term_months: int
    purpose: str
    requested_on: dt.date
    requested_on_be: str
    status: str  # requested, approved, rejected, disbursed, cancelled
    decision: str
    approved_amount: Baht | None
    decided_on: dt.date | None
    decision_reason: str
    loan_id: int | None
    guarantors: list[GuaranteeOut]
    votes: list[VoteOut]
    committee: int  # members of the loan committee today
    quorum: bool  # more than half of them have voted


class StateOut(Schema):
    """What is owed on ``date`` and why."""

    date: dt.date
    outstanding: Baht  # principal still owed
    principal_due: Baht  # principal of instalments fallen due and unpaid
    interest_due: Baht  # interest of instalments fallen due and unpaid
    fines_due: Baht  # late fines charged and unpaid
    fines_pending: Baht  # late fines a payment today charges first
    due_now: Baht
    days_overdue: int
    next_due: dt.date | None
    next_due_be: str
    next_amount: Baht  # what the next instalment asks, less anything paid ahead
    accrued: Baht  # interest since the last due date, owed only on an early payoff
    payoff: Baht


class LoanOut(Schema):
    id: int
    number: str
    request_id: int
    member_id: int
    member_number: int
    full_name: str
    kind: str
    principal: Baht
    rate: Percent
    method: str
    every_months: int
    instalments: int
    grace: int
    disbursed_on: dt.date
    disbursed_on_be: str
    status: str  # open, closed or written_off
    closed_on: dt.date | None
    state: StateOut | None  # null when written off (see ``write_off``)


class PayoffOut(Schema):
    loan_id: int
    date: dt.date
    fines: Baht
    interest_due: Baht
    accrued: Baht
    principal: Baht
    total: Baht  # what closes the loan on ``date`` (late fines not yet charged are added when paid)


class RepaymentOut(Schema):
    id: int
    date: dt.date
    amount: Baht
    fine: Baht
    interest: Baht
    principal: Baht
    credit: Baht  # paid above everything owed, held as the member's credit
    source: str  # borrower, guarantor, guarantor_savings, settlement
    guarantor_id: int | None
    entry: EntryRef
    reverses: int | None = None  # a correction: the id of the repayment it undoes (parts negated)


class LoanFineOut(Schema):
    instalment: int
    amount: Baht
    charged_on: dt.date


class WriteOffOut(Schema):
    date: dt.date
    principal: Baht
    reason: str
    resolution: str
    entry: EntryRef


class RestructureOut(Schema):
    version: int
    date: dt.date
    outstanding: Baht
    interest_carried: Baht
    rate: str  # percent a month
    method: str
    every_months: int
    instalments: int
    grace: int
    reason: str
    resolution: str
    earlier_schedule: list[InstalmentOut] = Field(description="The schedule this restructuring replaced (history).")


class RestructureIn(Schema):
    date: str
    term_months: int
    rate: str = Field(
        "", description="New interest a month in percent, if the resolution lowers it; empty keeps the loan's."
    )
    reason: str
    resolution: str


class CreditOut(Schema):
    member_id: int
    credit: Baht = Field(description="Held for the member from overpayments on loans, not yet paid back or used.")


class CreditRefundIn(Schema):
    date: str
    amount: Amount
    method: str = _method()
    key: str = _key()


class CreditRefundOut(Schema):
    duplicate: bool
    entry: EntryRef
    credit: CreditOut


class LoanDetailOut(LoanOut):
    entry: EntryRef  # the pay-out
    schedule: list[InstalmentOut] = Field(description="The schedule in force (after the latest restructuring, if any).")
    restructures: list[RestructureOut]
    payoff: PayoffOut
    repayments: list[RepaymentOut]
    fines: list[LoanFineOut]
    guarantors: list[GuaranteeOut]
    write_off: WriteOffOut | None


class DisburseOut(Schema):
    duplicate: bool  # true: the key was used before; this is the loan paid out then
    loan: LoanDetailOut


class RepaymentPostedOut(Schema):
    duplicate: bool
    repayment: RepaymentOut
    loan: LoanOut


class RepaymentReverseIn(Schema):
    date: str
    reason: str


class RepaymentReversedOut(Schema):
    repayment: RepaymentOut  # the correction
    loan: LoanOut


class BucketOut(Schema):
    low: int
    high: int | None
    loans: int
    owed: Baht


class VisitPersonOut(PersonOut):
    phone: str


class LateOut(Schema):
    loan_id: int
    loan_number: str
    borrower: VisitPersonOut
    days_overdue: int
    due_now: Baht
    outstanding: Baht
    guarantors: list[VisitPersonOut]


class ArrearsOut(Schema):
    date: dt.date
    buckets: list[BucketOut]  # 1-30, 31-90, over 90 days
    par30: Percent | None  # of the principal owed, on loans more than 30 days late
    par90: Percent | None
    outstanding: Baht
    late: list[LateOut]  # the borrowers to visit, latest first


class QueueOut(Schema):
    priority: str
    cash: Baht
    bank: Baht
    requests: list[RequestOut]  # in the order they are paid out


class MemberLoansOut(Schema):
    member_id: int
    loans: list[LoanOut]
    requests: list[RequestOut]
