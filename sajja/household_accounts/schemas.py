"""Schemas of the household accounts API (``sajja.household_accounts.api``).

The conventions of the rest of ``/api/v1/``: money in as baht text (``"120.50"``; Thai digits
accepted; a JSON float refused with a 400 in Thai and English), money out as exact baht text with
two decimals; dates in as ``dd/mm/yyyy`` (B.E. or C.E.) or ISO, out as ISO; months in as
``"2026-01"`` (also ``"2569-01"``, ``"01/2569"``), out as ``"2026-01"``; percentages as text with
at most two decimals (``"30"``, ``"12.50"``).
"""

import datetime as dt
from typing import Annotated, Any

from ninja import Schema
from pydantic import Field, WithJsonSchema

from sajja.savings.schemas import Amount, Baht

Percent = Annotated[
    str | None, WithJsonSchema({"type": ["string", "null"], "description": "Percent, two decimals", "example": "25.00"})
]
Month = Annotated[str, WithJsonSchema({"type": "string", "description": "yyyy-mm", "example": "2026-01"})]
# Ids checked by the route (a 400 with a message, not a 422).
Id = Annotated[Any, WithJsonSchema({"type": "integer", "description": "an id"})]


# --- in -------------------------------------------------------------------------------------------


class EntryIn(Schema):
    date: str
    category: Id = Field(description="The id of one of the group's categories (see book/categories).")
    amount: Amount
    note: str = ""
    for_occupation: bool | None = Field(
        None, description="A spending for the household's work; absent: the category's usual answer."
    )
    in_kind: bool = Field(False, description="An income received in kind, valued at the market price.")
    key: str = Field("", description="Idempotency key; also accepted as the Idempotency-Key header.")


class PlanIn(Schema):
    title: str
    kind: str = Field(description="spend_less, spend_at_most or earn_at_least")
    categories: list[Id]
    target: Amount = Field(description='spend_less: the percentage to cut ("30"); otherwise baht a month ("1000.00").')
    first_month: str
    last_month: str


class SharingIn(Schema):
    in_village_picture: bool
    helper_user_id: int | None = None


# --- out ------------------------------------------------------------------------------------------


class HouseholdOut(Schema):
    id: int
    house_number: str
    own: bool = Field(description="The caller lives in it (otherwise the caller is its chosen helper).")


class CategoryOut(Schema):
    id: int
    code: str
    kind: str
    name: str = Field(description="In the language of the request (Thai or English).")
    name_th: str
    name_en: str
    icon: str
    occupation: bool
    standard: bool


class EntryOut(Schema):
    id: int
    household_id: int
    date: dt.date
    kind: str
    category: int
    category_code: str
    amount: Baht
    note: str
    for_occupation: bool
    in_kind: bool


class EntryPostOut(EntryOut):
    duplicate: bool = Field(description="True when the key was used before: this is the earlier entry.")


class TotalsOut(Schema):
    income: Baht
    spending: Baht
    occupation_spending: Baht
    left_over: Baht
    savings_rate: Percent = Field(description="What was left of the income, in percent; null without income.")
    entries: int


class MonthRowOut(Schema):
    category: CategoryOut
    amount: Baht
    previous: Baht
    change: Baht


class MonthOut(Schema):
    household_id: int
    month: Month
    previous_month: Month
    totals: TotalsOut
    previous: TotalsOut
    by_category: list[MonthRowOut]


class YearMonthOut(TotalsOut):
    month: Month


class YearOut(Schema):
    household_id: int
    year: int
    totals: TotalsOut
    months: list[YearMonthOut]


class MoneyOut(Schema):
    household_id: int
    savings: Baht = Field(description="The household members' pledge savings and deposits in the group.")
    debts: Baht = Field(description="Their loans and unpaid fines in the group.")


class ProgressOut(Schema):
    month: Month
    in_force: bool = Field(description="The month is one of the plan's months.")
    goal: Baht
    actual: Baht
    met: bool
    baseline: Baht | None = Field(description="spend_less: the monthly average of the three months before.")


class PlanOut(Schema):
    id: int
    title: str
    kind: str
    categories: list[int]
    target: str = Field(description="spend_less: percent; otherwise baht a month.")
    target_unit: str = Field(description="percent or baht")
    first_month: Month
    last_month: Month
    progress: ProgressOut


class SharingOut(Schema):
    household_id: int
    in_village_picture: bool
    helper_user_id: int | None
    helper_name: str | None


class ReasonOut(Schema):
    code: str
    message: str
    message_th: str
    message_en: str


class VillageCategoryOut(Schema):
    category: CategoryOut
    median: Baht
    households: int


class TrendOut(Schema):
    month: Month
    median_spending: Baht | None


class VillageOut(Schema):
    month: Month
    min_households: int
    households: int = Field(description="Households registered in the group.")
    keeping: int | None = Field(description="Households that wrote in their book this month; null below the minimum.")
    sharing: int = Field(description="Consenting households the figures rest on (0 when withheld).")
    withheld: bool
    reason: ReasonOut | None
    median_spending: Baht | None
    median_income: Baht | None
    by_category: list[VillageCategoryOut]
    trend: list[TrendOut]
