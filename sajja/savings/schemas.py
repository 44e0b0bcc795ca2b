"""Schemas of the savings and bylaws API (``sajja.savings.api``).

Conventions (the same as the rest of ``/api/v1/``):
- money in: baht as text (``"100.00"``, ``"1,200"``, Thai digits ``"๑๐๐.๐๐"``); a JSON number with a
  fraction (a float) is refused with a message in Thai and English, because it is not exact. Money
  out: baht as exact decimal text with two places (``"1200.50"``), never a float.
- dates in: ``dd/mm/yyyy`` in the Buddhist Era or the Common Era (``05/01/2569`` = ``05/01/2026``), or
  ISO ``yyyy-mm-dd``; Thai digits accepted. Dates out: ISO ``yyyy-mm-dd``.
- pledge periods: ``"2026-01"`` (also ``"2569-01"``, ``"01/2569"`` or any date in the month) in,
  ``"2026-01"`` out.
- ``key``: an idempotency key (or the ``Idempotency-Key`` header): the same key never posts twice.
"""

import datetime as dt
from typing import Annotated, Any

from ninja import Schema
from pydantic import Field, WithJsonSchema

from sajja.api.schemas import MemberOut

# Input as people type it; checked by ``core.money.to_satang`` (so a float gets a clear 400, not a 422).
Amount = Annotated[
    Any,
    WithJsonSchema(
        {
            "type": "string",
            "description": 'Baht as text, e.g. "100.00"; Thai digits accepted; JSON floats are refused.',
            "example": "100.00",
        }
    ),
]
Baht = Annotated[
    str, WithJsonSchema({"type": "string", "description": "Baht, exact, two decimals", "example": "100.00"})
]
BylawValue = Annotated[
    Any,
    WithJsonSchema(
        {
            "description": 'As typed: money in baht as text, a rate as a percent as text ("2.5"), a whole '
            "number, a choice's code, or a list of month numbers.",
            "anyOf": [{"type": "string"}, {"type": "integer"}, {"type": "array", "items": {"type": "integer"}}],
        }
    ),
]


def _method():
    return Field("cash", description="cash or bank")


def _key():
    return Field("", max_length=80, description="Idempotency key; also accepted as the Idempotency-Key header.")


# --- in -------------------------------------------------------------------------------------------


class BylawIn(Schema):
    value: BylawValue
    effective_from: str
    resolution: str


class PledgeSetIn(Schema):
    amount: Amount
    effective_from: str
    note: str = ""


class PledgePaymentIn(Schema):
    """``amount`` pays the oldest unpaid periods (it must be their exact pledge) or exactly ``periods``."""

    date: str
    amount: Amount
    periods: list[str] | None = None
    method: str = _method()
    key: str = _key()


class BatchPaymentIn(PledgePaymentIn):
    member_id: int


class BatchIn(Schema):
    payments: list[BatchPaymentIn]


class PledgeWithdrawIn(Schema):
    amount: Amount = None


class ReverseIn(Schema):
    date: str
    reason: str


class ThroughIn(Schema):
    through: str


class FinesPayIn(Schema):
    date: str
    fines: list[int] | None = Field(None, description="Ids of the open fines to pay; all open fines when absent.")
    method: str = _method()
    key: str = _key()


class WaiveIn(Schema):
    date: str
    reason: str
    resolution: str


class EntryFeeIn(Schema):
    date: str
    method: str = _method()
    key: str = _key()


class DepositOpenIn(Schema):
    product: str = Field(description="savings or fixed")
    date: str


class DepositMoneyIn(Schema):
    date: str
    amount: Amount
    method: str = _method()
    key: str = _key()


class LeaveIn(Schema):
    """Why and when the member leaves; the settlement is paid to the member (or, when they died, to
    ``paid_to``, by default their beneficiary) in cash or by bank transfer."""

    status: str
    date: str
    reason: str
    paid_to: str = ""
    method: str = _method()


# --- out ------------------------------------------------------------------------------------------


class Message(Schema):
    message_th: str
    message_en: str


class EntryRef(Schema):
    """A journal entry posted (``GET ledger/entries`` shows its lines)."""

    id: int
    seq: int
    date: dt.date
    date_be: str
    memo: str
    amount: Baht  # the entry's total (its debits)


class PledgeReverseOut(Schema):
    reversal: EntryRef
    periods: list[str]  # unpaid again


class PostedOut(Schema):
    duplicate: bool  # true: the key was used before; this is the earlier entry, nothing new was posted
    entry: EntryRef


class PledgePaymentOut(Schema):
    duplicate: bool
    member_id: int | None
    entry: EntryRef
    periods: list[str]
    amount: Baht


class BatchOut(Schema):
    duplicate: bool
    payments: list[PledgePaymentOut]


class BylawOut(Schema):
    key: str
    kind: str
    section: str
    label: str
    value: Any  # in the form it is typed (see ``BylawIn``)
    shown: str
    effective_from: dt.date | None  # None: the template default, never voted on
    resolution: str | None
    is_default: bool


class BylawsOut(Schema):
    date: dt.date
    settings: list[BylawOut]


class BylawDecisionOut(Schema):
    value: Any
    shown: str
    effective_from: dt.date
    resolution: str
    recorded_by: str
    recorded_at: dt.datetime


class BylawHistoryOut(Schema):
    key: str
    kind: str
    label: str
    default: Any
    history: list[BylawDecisionOut]  # newest first


class BylawSetOut(Schema):
    key: str
    value: Any
    shown: str
    effective_from: dt.date
    resolution: str


class PledgeAmountOut(Schema):
    amount: Baht
    effective_from: dt.date
    note: str


class PledgeOut(Schema):
    current: Baht | None
    effective_from: dt.date | None
    history: list[PledgeAmountOut]  # newest first


class FineOut(Schema):
    id: int
    member_id: int
    kind: str
    period: str | None
    amount: Baht
    assessed_on: dt.date
    status: str  # open, paid or waived
    waiver_reason: str
    waiver_resolution: str


class DepositOut(Schema):
    id: int
    member_id: int
    number: str
    product: str
    opened_on: dt.date
    closed_on: dt.date | None
    balance: Baht


class BalancesOut(Schema):
    pledge: Baht
    savings: Baht
    fixed: Baht
    deposits: Baht
    fines: Baht  # unpaid fines
    loans: Baht  # loans and interest owed


class SavingsOut(Schema):
    member_id: int
    number: int
    full_name: str
    balances: BalancesOut
    pledge: PledgeOut
    open_fines: list[FineOut]
    deposits: list[DepositOut]


class AssessOut(Schema):
    through: dt.date
    total: Baht
    fines: list[FineOut]


class InterestRunOut(Schema):
    product: str
    period_end: dt.date
    amount: Baht
    entry: EntryRef | None


class InterestOut(Schema):
    through: dt.date
    runs: list[InterestRunOut]


class QuoteOut(Schema):
    member_id: int
    date: dt.date
    pledge: Baht
    deposits: Baht
    interest_due: Baht
    loans: Baht
    fines: Baht
    owed_to_member: Baht
    owed_by_member: Baht
    net: Baht  # negative: the member owes the group this much before leaving
    blockers: list[Message]  # reasons the member cannot leave yet


class SettlementOut(Schema):
    date: dt.date
    pledge: Baht
    deposits: Baht
    interest_due: Baht
    loans: Baht
    fines: Baht
    net: Baht
    paid_to: str
    method: str
    entry: EntryRef | None


class LeaveOut(MemberOut):
    settlement: SettlementOut


class PassbookRow(Schema):
    date: dt.date
    date_be: str
    seq: int
    memo: str
    money_in: Baht
    money_out: Baht
    balance: Baht


class PassbookSection(Schema):
    role: str  # pledge, deposits, fixed_deposits, fines_receivable
    balance: Baht
    rows: list[PassbookRow]


class PassbookOut(Schema):
    member_id: int
    sections: list[PassbookSection]


class RegisterCell(Schema):
    period: str
    status: str  # paid, late, missed, due, upcoming, not_member, no_pledge
    amount: Baht


class RegisterRow(Schema):
    member_id: int
    number: int
    full_name: str
    cells: list[RegisterCell]
    paid_total: Baht
    missed: int


class RegisterOut(Schema):
    year_start: dt.date
    periods: list[str]
    rows: list[RegisterRow]
    month_totals: list[Baht]
    total: Baht


class BehindOut(Schema):
    member_id: int
    number: int
    full_name: str
    periods: list[str]
    amount: Baht
    fines: Baht


class FinesPaidOut(Schema):
    duplicate: bool
    entry: EntryRef
    fines: list[FineOut]


class FineWaiveOut(Schema):
    entry: EntryRef
    fine: FineOut


class DepositPostedOut(Schema):
    duplicate: bool
    entry: EntryRef
    account: DepositOut
