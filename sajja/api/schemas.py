import datetime as dt

from ninja import Schema


class TokenIn(Schema):
    username: str
    password: str
    otp: str | None = None


class TokenOut(Schema):
    token: str


class GroupOut(Schema):
    id: int
    name: str
    village: str
    village_number: int
    subdistrict: str
    district: str
    province: str
    network: str | None
    founded_on: dt.date
    founded_on_be: str
    fiscal_year_start_month: int
    fiscal_year_start_day: int
    meeting_day: int
    access: str
    active_members: int | None = None
    households: int | None = None


class MeOut(Schema):
    username: str
    name: str
    is_superuser: bool
    groups: list[GroupOut]


class MemberIn(Schema):
    """Member details as people type them: dates ``dd/mm/yyyy`` in B.E. or C.E., or ISO ``yyyy-mm-dd``;
    Thai digits accepted. The same parser and rules as the page and the Excel import."""

    number: int | str
    title: str
    first_name: str
    last_name: str
    national_id: str
    birth_date: str
    sex: str
    joined_on: str
    phone: str = ""
    line_id: str = ""
    address: str = ""
    house_number: str = ""
    beneficiary_name: str = ""
    beneficiary_relationship: str = ""


class MemberOut(Schema):
    id: int
    group_id: int
    number: int
    title: str
    first_name: str
    last_name: str
    full_name: str
    national_id: str  # whole only for those who may see it, else masked
    national_id_masked: bool
    birth_date: dt.date
    sex: str
    phone: str | None
    line_id: str | None
    address: str | None
    household_id: int | None
    house_number: str | None
    joined_on: dt.date
    status: str
    status_date: dt.date | None
    status_reason: str
    beneficiary_name: str
    beneficiary_relationship: str


class LeaveIn(Schema):
    status: str
    date: str
    reason: str


class HouseholdIn(Schema):
    house_number: str
    address: str = ""
    note: str = ""


class HouseholdOut(Schema):
    id: int
    group_id: int
    house_number: str
    address: str
    note: str


class ImportIn(Schema):
    rows: list[dict]
    dry_run: bool = True


class ImportOut(Schema):
    valid: bool
    created: int
    errors: dict[int, dict[str, list[dict]]]


class LineIn(Schema):
    """``account``: the account's code in the group's chart (e.g. ``"1101"``); amounts in baht as
    text (``"100.50"``, Thai digits accepted), one of debit or credit."""

    account: str
    debit: str = "0"
    credit: str = "0"
    memo: str = ""


class EntryIn(Schema):
    date: str
    memo: str
    source: str = ""
    lines: list[LineIn]


class LineOut(Schema):
    account: str
    account_name: str
    debit: int  # satang
    credit: int
    memo: str


class EntryOut(Schema):
    id: int
    seq: int
    date: dt.date
    memo: str
    source: str
    reverses_seq: int | None
    reason: str
    hash: str
    prev_hash: str
    lines: list[LineOut]


class ReverseIn(Schema):
    date: str
    reason: str


class TrialBalanceRow(Schema):
    code: str
    name_th: str
    name_en: str
    kind: str
    debit: int  # satang, net
    credit: int


class TrialBalanceOut(Schema):
    through: dt.date
    rows: list[TrialBalanceRow]
    debit_total: int
    credit_total: int
    head_hash: str
    entries: int
