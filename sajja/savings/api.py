"""The savings and bylaws routes of the JSON API (``/api/v1/groups/{group_id}/...``).

Thin: every route goes through ``group_route`` (tenancy), parses what people type with the house
parsers (``to_satang``, ``parse_date_input``) and calls the same services and selectors as the
pages. Money in and out is baht as exact decimal text (see ``schemas``). An ordinary member
(``Access.SELF``) may read only their own savings, fines, deposits and passbook; another member
is 404, like a member of another group.

Idempotency: the posting routes take ``key`` in the body or the ``Idempotency-Key`` header. A key
used before answers 200 with the earlier entry and ``"duplicate": true``; nothing is posted again.
The check comes before the service is called (a resend would otherwise be refused by the rules:
"period already paid", "balance too low"), and ``AlreadyPosted`` from the service covers the race.
"""

import datetime as dt
import re
from collections import defaultdict
from decimal import Decimal

from django.db.models import Sum
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from ninja import Header, Router

from sajja.bylaws import registry
from sajja.bylaws import services as bylaw_services
from sajja.bylaws.selectors import bylaw_book
from sajja.core import tenancy
from sajja.core.errors import SajjaError, ValidationErrors, fmt
from sajja.core.fields import DATE_MESSAGES, parse_date_input, parse_text
from sajja.core.money import to_decimal, to_satang
from sajja.core.tenancy import Access
from sajja.core.thai import DateInputError, format_date, normalize_digits, year_to_ce
from sajja.ledger.models import JournalEntry, JournalLine, PostingKey
from sajja.ledger.selectors import fiscal_year_start
from sajja.ledger.services import AlreadyPosted, posted_with_key
from sajja.members.models import Member

from . import domain, selectors, services
from . import schemas as s
from .models import DepositAccount, Fine, PledgeAmount, PledgePayment

# Made before ``sajja.api.api`` is imported: that module adds this router at its end, so the two
# modules may be imported in either order (the routes below join the router in both cases).
router = Router()

from sajja.api.api import _member, _member_out, group_route  # noqa: E402

IDEMPOTENCY_KEY = Header("", alias="Idempotency-Key", description="Idempotency key (or ``key`` in the body).")


# --- parsing --------------------------------------------------------------------------------------


def baht(satang: int) -> str:
    """Satang -> exact baht text with two decimals (``"1200.50"``)."""
    return str(to_decimal(int(satang)))


def _satang(value, field: str = "amount") -> int:
    """An amount as typed -> satang, more than zero; the message names ``field``."""
    if value is None or (isinstance(value, str) and not value.strip()):
        raise SajjaError(_("This field is required."), field=field, code="required")
    try:
        amount = to_satang(value)
    except SajjaError as error:
        raise SajjaError(error.message, field=field, code=error.code) from None
    if amount <= 0:
        raise SajjaError(_("The amount must be more than zero."), field=field, code="not_positive")
    return amount


def _date(value, field: str = "date") -> dt.date:
    return parse_date_input(value, field=field)


_MONTH_YEAR = re.compile(r"^\s*(\d{1,2})\s*[/.\-]\s*(\d{4})\s*$")
_YEAR_MONTH = re.compile(r"^\s*(\d{4})\s*-\s*(\d{1,2})\s*$")


def parse_period(value, field: str = "periods") -> dt.date:
    """A pledge period as typed: ``2026-01``, ``2569-01``, ``01/2569`` or any date in the month."""
    text = normalize_digits(str(value or ""))
    match = _YEAR_MONTH.match(text)
    if match:
        year, month = int(match.group(1)), int(match.group(2))
    elif match := _MONTH_YEAR.match(text):
        month, year = int(match.group(1)), int(match.group(2))
    else:
        return parse_date_input(value, field=field).replace(day=1)
    try:
        year = year_to_ce(year)
    except DateInputError as error:
        raise SajjaError(DATE_MESSAGES[error.reason], field=field, code=f"date_{error.reason}") from None
    if not 1 <= month <= 12:
        raise SajjaError(DATE_MESSAGES["invalid"], field=field, code="date_invalid")
    return dt.date(year, month, 1)


def _periods(values, field: str = "periods") -> list[dt.date] | None:
    return [parse_period(v, field) for v in values] if values else None


def period_text(period: dt.date | None) -> str | None:
    return f"{period:%Y-%m}" if period else None


def _key(body_key: str, header_key: str | None) -> str:
    """The idempotency key from the body or the header (the same one if both are given)."""
    body, header = (body_key or "").strip(), (header_key or "").strip()
    if body and header and body != header:
        raise SajjaError(
            _("The key in the body and the Idempotency-Key header differ: send one key."), field="key", code="key"
        )
    key = body or header
    if len(key) > 80:
        raise SajjaError(fmt(_("Too long: at most %(max)d characters."), max=80), field="key", code="too_long")
    return key


def _year(value: str) -> int:
    """A year as typed, in B.E. (2569) or C.E. (2026) -> C.E."""
    text = normalize_digits(value or "").strip()
    if not re.fullmatch(r"\d{4}", text):
        raise SajjaError(
            _("Type the year with four digits, in the Buddhist Era (2569) or the Common Era (2026)."),
            field="year",
            code="year",
        )
    try:
        return year_to_ce(int(text))
    except DateInputError as error:
        raise SajjaError(DATE_MESSAGES[error.reason], field="year", code="year") from None


# --- output ---------------------------------------------------------------------------------------


def _entry_refs(entries) -> dict[int, dict]:
    """Entries -> their short form with the total of each (one query whatever the number)."""
    entries = [e for e in entries if e is not None]
    totals = dict(
        JournalLine.objects.filter(entry_id__in=[e.id for e in entries])
        .order_by()
        .values("entry_id")
        .annotate(total=Sum("debit"))
        .values_list("entry_id", "total")
    )
    return {
        e.id: {
            "id": e.id,
            "seq": e.seq,
            "date": e.date,
            "date_be": format_date(e.date),
            "memo": e.memo,
            "amount": baht(totals.get(e.id) or 0),
        }
        for e in entries
    }


def _entry_ref(entry: JournalEntry | None) -> dict | None:
    return _entry_refs([entry])[entry.id] if entry is not None else None


def _fine_out(fine: Fine) -> dict:
    return {
        "id": fine.id,
        "member_id": fine.member_id,
        "kind": fine.kind,
        "period": period_text(fine.period),
        "amount": baht(fine.amount),
        "assessed_on": fine.assessed_on,
        "status": fine.status,
        "waiver_reason": fine.waiver_reason,
        "waiver_resolution": fine.waiver_resolution,
    }


def _deposit_out(account: DepositAccount, money: selectors.MemberMoney) -> dict:
    balance = money.savings if account.product == DepositAccount.Product.SAVINGS else money.fixed
    return {
        "id": account.id,
        "member_id": account.member_id,
        "number": account.number,
        "product": account.product,
        "opened_on": account.opened_on,
        "closed_on": account.closed_on,
        "balance": baht(balance),
    }


def _money(member: Member) -> selectors.MemberMoney:
    return selectors.member_money(member.group_id, [member.id]).get(member.id, selectors.MemberMoney())


def _payments_out(entries, *, duplicate: bool, member_id=None) -> list[dict]:
    """Pledge payment answers for entries already posted (a duplicate): their periods from the register."""
    refs = _entry_refs(entries)
    periods, members = defaultdict(list), {}
    for entry_id, member, period in (
        PledgePayment.objects.filter(entry__in=[e.id for e in entries])
        .order_by("period")
        .values_list("entry_id", "member_id", "period")
    ):
        periods[entry_id].append(period_text(period))
        members[entry_id] = member
    return [
        {
            "duplicate": duplicate,
            "member_id": members.get(e.id, member_id),
            "entry": refs[e.id],
            "periods": periods[e.id],
            "amount": refs[e.id]["amount"],
        }
        for e in entries
    ]


def _receipts_out(receipts: list[services.PledgeReceipt]) -> list[dict]:
    refs = _entry_refs([r.entry for r in receipts])
    return [
        {
            "duplicate": False,
            "member_id": r.member.id,
            "entry": refs[r.entry.id],
            "periods": [period_text(p) for p in r.periods],
            "amount": baht(r.amount),
        }
        for r in receipts
    ]


def _deposit(group_id: int, deposit_id: int) -> DepositAccount:
    try:
        return DepositAccount.objects.select_related("member__group").get(group_id=group_id, id=deposit_id)
    except DepositAccount.DoesNotExist:
        raise Http404 from None


def _fine(group_id: int, fine_id: int) -> Fine:
    try:
        return Fine.objects.select_related("member__group").get(group_id=group_id, id=fine_id)
    except Fine.DoesNotExist:
        raise Http404 from None


def _posted(request, key: str, post, answer):
    """Run ``post(key)`` unless ``key`` was used: (201, answer(entry, False)) or (200, answer(earlier, True))."""
    if earlier := posted_with_key(request.group, key):
        return 200, answer(earlier, True)
    try:
        entry = post(key)
    except AlreadyPosted as error:  # the same key sent twice at once: the other request won
        return 200, answer(error.entry, True)
    return 201, answer(entry, False)


# --- bylaws ---------------------------------------------------------------------------------------


def _bylaw_value(setting: registry.Setting, value):
    """A stored value in the form it is typed (money in baht, a rate in percent)."""
    if setting.kind == "money":
        return baht(value)
    if setting.kind == "rate":
        return f"{Decimal(value) / 100:.2f}"
    return value


@router.get("/groups/{group_id}/bylaws", response=s.BylawsOut, tags=["bylaws"])
@group_route(Access.READ)
def bylaws(request, group_id: int, date: str = ""):
    """Every setting's value in force on ``date`` (default today), with the date it took effect and
    the resolution that approved it (both null for the template default nobody voted on)."""
    day = _date(date) if date else tenancy.today()
    book = bylaw_book(group_id)
    rows = []
    for setting in registry.SETTINGS:
        decided = book.decided(setting.key, day)
        rows.append(
            {
                "key": setting.key,
                "kind": setting.kind,
                "section": str(setting.section),
                "label": str(setting.label),
                "value": _bylaw_value(setting, decided.value),
                "shown": decided.shown,
                "effective_from": decided.effective_from,
                "resolution": decided.resolution,
                "is_default": decided.effective_from is None,
            }
        )
    return {"date": day, "settings": rows}


@router.get("/groups/{group_id}/bylaws/{key}/history", response=s.BylawHistoryOut, tags=["bylaws"])
@group_route(Access.READ)
def bylaw_history(request, group_id: int, key: str):
    """Every value the group decided for ``key``, newest first."""
    setting = registry.get(key)
    return {
        "key": setting.key,
        "kind": setting.kind,
        "label": str(setting.label),
        "default": _bylaw_value(setting, setting.default),
        "history": [
            {
                "value": _bylaw_value(setting, row.value),
                "shown": registry.display(setting, row.value),
                "effective_from": row.effective_from,
                "resolution": row.resolution,
                "recorded_by": str(row.created_by),
                "recorded_at": row.created_at,
            }
            for row in bylaw_book(group_id).history(key)
        ],
    }


@router.post("/groups/{group_id}/bylaws/{key}", response={201: s.BylawSetOut}, tags=["bylaws"])
@group_route(Access.MANAGE)
def bylaw_set(request, group_id: int, key: str, payload: s.BylawIn):
    """Record a new value of a setting from ``effective_from``, approved by ``resolution``. Values are
    typed as on the page: money in baht (``"20.00"``), a rate in percent (``"2.5"``), a whole number,
    a choice's code, or month numbers (``[1, 7]``)."""
    setting = registry.get(key)
    row = bylaw_services.bylaw_set(
        group=request.group,
        key=key,
        value=payload.value,
        effective_from=_date(payload.effective_from, "effective_from"),
        resolution=payload.resolution,
        actor=request.user,
    )
    return 201, {
        "key": row.key,
        "value": _bylaw_value(setting, row.value),
        "shown": registry.display(setting, row.value),
        "effective_from": row.effective_from,
        "resolution": row.resolution,
    }


# --- a member's savings ---------------------------------------------------------------------------


@router.get("/groups/{group_id}/members/{member_id}/savings", response=s.SavingsOut, tags=["savings"])
@group_route(Access.SELF)
def member_savings(request, group_id: int, member_id: int):
    """A member's balances (from the ledger), pledge now and its history, open fines and deposit
    accounts. A member sees only their own."""
    member = _member(request, group_id, member_id)
    money = _money(member)
    history = list(PledgeAmount.objects.filter(member=member).order_by("-effective_from"))
    current = next((p for p in history if p.effective_from <= domain.period_of(tenancy.today())), None)
    return {
        "member_id": member.id,
        "number": member.number,
        "full_name": member.full_name,
        "balances": {
            "pledge": baht(money.pledge),
            "savings": baht(money.savings),
            "fixed": baht(money.fixed),
            "deposits": baht(money.deposits),
            "fines": baht(money.fines),
            "loans": baht(money.loans),
        },
        "pledge": {
            "current": baht(current.amount) if current else None,
            "effective_from": current.effective_from if current else None,
            "history": [
                {"amount": baht(p.amount), "effective_from": p.effective_from, "note": p.note} for p in history
            ],
        },
        "open_fines": [_fine_out(f) for f in selectors.open_fines(member)],
        "deposits": [_deposit_out(a, money) for a in DepositAccount.objects.filter(member=member).order_by("product")],
    }


# --- the pledge -----------------------------------------------------------------------------------


@router.post("/groups/{group_id}/members/{member_id}/pledge", response={201: s.PledgeAmountOut}, tags=["savings"])
@group_route(Access.MANAGE)
def pledge_set(request, group_id: int, member_id: int, payload: s.PledgeSetIn):
    """Set the member's pledge a period from the period containing ``effective_from`` (within the
    bylaws' smallest, largest and unit, and only in the months the bylaws allow a change)."""
    member = _member(request, group_id, member_id)
    pledge = services.pledge_set(
        member=member,
        amount=_satang(payload.amount),
        effective_from=_date(payload.effective_from, "effective_from"),
        note=parse_text(payload.note, field="note", required=False, max_length=300),
        actor=request.user,
    )
    return 201, {"amount": baht(pledge.amount), "effective_from": pledge.effective_from, "note": pledge.note}


@router.post(
    "/groups/{group_id}/members/{member_id}/pledge/payments",
    response={200: s.PledgePaymentOut, 201: s.PledgePaymentOut},
    tags=["savings"],
)
@group_route(Access.MANAGE)
def pledge_payment(
    request, group_id: int, member_id: int, payload: s.PledgePaymentIn, idempotency_key: str = IDEMPOTENCY_KEY
):
    """Receive a member's pledge: ``amount`` pays the oldest unpaid periods (it must be their exact
    pledge), or exactly the ``periods`` named; also ahead, as far as the bylaws allow."""
    member = _member(request, group_id, member_id)
    key = _key(payload.key, idempotency_key)
    date, amount, periods = _date(payload.date), _satang(payload.amount), _periods(payload.periods)

    if earlier := posted_with_key(request.group, key):
        return 200, _payments_out([earlier], duplicate=True, member_id=member.id)[0]
    try:
        receipt = services.pledge_receive(
            member=member, date=date, amount=amount, periods=periods, method=payload.method, key=key,
            actor=request.user,
        )  # fmt: skip
    except AlreadyPosted as error:  # the same key sent twice at once: the other request won
        return 200, _payments_out([error.entry], duplicate=True, member_id=member.id)[0]
    return 201, _receipts_out([receipt])[0]


@router.post("/groups/{group_id}/pledge/payments", response={200: s.BatchOut, 201: s.BatchOut}, tags=["savings"])
@group_route(Access.MANAGE)
def pledge_payments(request, group_id: int, payload: s.BatchIn, idempotency_key: str = IDEMPOTENCY_KEY):
    """Receive many members' pledges at once (the meeting day): all are recorded, or none.

    Each payment may carry its ``key``; with the ``Idempotency-Key`` header, a payment without its
    own key gets ``<header>/<its number from 1>``. Sent again with the same keys, the answer is the
    earlier entries with ``"duplicate": true``. A batch mixing keys already used with new ones is
    refused whole (send the new ones alone)."""
    if not payload.payments:
        raise SajjaError(_("Give at least one payment."), field="payments", code="required")
    header = (idempotency_key or "").strip()
    keys = [_key(p.key or (f"{header}/{i}" if header else ""), None) for i, p in enumerate(payload.payments, start=1)]
    if any(keys):
        used = {
            k.key: k.entry
            for k in PostingKey.objects.filter(group=request.group, key__in=[k for k in keys if k]).select_related(
                "entry"
            )
        }
        if used and all(k in used for k in keys):
            return 200, {"duplicate": True, "payments": _payments_out([used[k] for k in keys], duplicate=True)}
        if used:
            raise SajjaError(
                _("Some of these payments were recorded before (their keys were used): nothing was recorded."),
                field="key",
                code="duplicate",
            )
    members = {
        m.id: m for m in Member.objects.filter(group=request.group, id__in={p.member_id for p in payload.payments})
    }
    errors, items = {}, []
    for i, (p, key) in enumerate(zip(payload.payments, keys, strict=True)):
        try:
            if p.member_id not in members:
                raise SajjaError(_("This member is not one of the group's members."), field="member_id")
            items.append(
                services.PledgeIn(
                    member=members[p.member_id],
                    date=_date(p.date),
                    amount=_satang(p.amount),
                    periods=_periods(p.periods),
                    method=p.method,
                    key=key,
                )
            )
        except SajjaError as error:
            errors[f"payments.{i}.{error.field}"] = [error.message]
    if errors:
        raise ValidationErrors(errors)
    try:
        receipts = services.pledges_receive(group=request.group, items=items, actor=request.user)
    except AlreadyPosted as error:  # a race with the same keys: the other request recorded them
        raise SajjaError(error.message, field="key", code="duplicate") from None
    return 201, {"duplicate": False, "payments": _receipts_out(receipts)}


@router.post(
    "/groups/{group_id}/pledge/payments/{entry_id}/reverse", response={201: s.PledgeReverseOut}, tags=["savings"]
)
@group_route(Access.MANAGE)
def pledge_payment_reverse(request, group_id: int, entry_id: int, payload: s.ReverseIn):
    """Undo a pledge payment posted by mistake (a reversing entry, with the reason); its periods
    are unpaid again."""
    try:
        entry = JournalEntry.objects.get(group_id=group_id, id=entry_id)
    except JournalEntry.DoesNotExist:
        raise Http404 from None
    periods = list(
        PledgePayment.objects.filter(entry=entry, reversal__isnull=True)
        .order_by("period")
        .values_list("period", flat=True)
    )
    reversal = services.pledge_payment_reverse(
        entry=entry,
        date=_date(payload.date),
        reason=parse_text(payload.reason, field="reason", max_length=300),
        actor=request.user,
    )
    return 201, {"reversal": _entry_ref(reversal), "periods": [period_text(p) for p in periods]}


@router.post("/groups/{group_id}/members/{member_id}/pledge/withdraw", response={400: dict}, tags=["savings"])
@group_route(Access.MANAGE)
def pledge_withdraw(request, group_id: int, member_id: int, payload: s.PledgeWithdrawIn):
    """Always refused, with the reason: pledge savings are paid back only when the member leaves."""
    member = _member(request, group_id, member_id)
    amount = _satang(payload.amount) if payload.amount is not None else 0
    services.pledge_withdraw(member=member, amount=amount, actor=request.user)
    raise AssertionError("pledge_withdraw always refuses")  # pragma: no cover


# --- fines ----------------------------------------------------------------------------------------


@router.get("/groups/{group_id}/members/{member_id}/fines", response=list[s.FineOut], tags=["savings"])
@group_route(Access.SELF)
def member_fines(request, group_id: int, member_id: int):
    """Every fine of the member (open, paid and waived), newest first."""
    member = _member(request, group_id, member_id)
    return [_fine_out(f) for f in Fine.objects.filter(member=member).order_by("-assessed_on", "-id")]


@router.post("/groups/{group_id}/fines/assess", response={201: s.AssessOut}, tags=["savings"])
@group_route(Access.MANAGE)
def fines_assess(request, group_id: int, payload: s.ThroughIn):
    """Charge the bylaws' fine for every pledge missed through ``through`` (each once, capped a
    fiscal year). Repeating it charges only what is new."""
    through = _date(payload.through, "through")
    fines = services.fines_assess(group=request.group, through=through, actor=request.user)
    return 201, {
        "through": through,
        "total": baht(sum(f.amount for f in fines)),
        "fines": [_fine_out(f) for f in fines],
    }


@router.post(
    "/groups/{group_id}/members/{member_id}/fines/pay",
    response={200: s.FinesPaidOut, 201: s.FinesPaidOut},
    tags=["savings"],
)
@group_route(Access.MANAGE)
def fines_pay(request, group_id: int, member_id: int, payload: s.FinesPayIn, idempotency_key: str = IDEMPOTENCY_KEY):
    """Receive the member's open fines (all, or the ``fines`` named), each paid whole."""
    member = _member(request, group_id, member_id)
    key = _key(payload.key, idempotency_key)
    date = _date(payload.date)

    def post(key):
        return services.fines_pay(
            member=member, date=date, fines=payload.fines, method=payload.method, key=key, actor=request.user
        )

    def answer(entry, duplicate):
        fines = Fine.objects.filter(paid_entry=entry).order_by("assessed_on", "id")
        return {"duplicate": duplicate, "entry": _entry_ref(entry), "fines": [_fine_out(f) for f in fines]}

    return _posted(request, key, post, answer)


@router.post("/groups/{group_id}/fines/{fine_id}/waive", response={201: s.FineWaiveOut}, tags=["savings"])
@group_route(Access.MANAGE)
def fine_waive(request, group_id: int, fine_id: int, payload: s.WaiveIn):
    """Waive an open fine by a resolution, with the reason (the fine income is taken back)."""
    fine = _fine(group_id, fine_id)
    entry = services.fine_waive(
        fine=fine,
        date=_date(payload.date),
        reason=parse_text(payload.reason, field="reason", max_length=300),
        resolution=parse_text(payload.resolution, field="resolution", max_length=300),
        actor=request.user,
    )
    return 201, {"entry": _entry_ref(entry), "fine": _fine_out(_fine(group_id, fine_id))}


# --- the entry fee --------------------------------------------------------------------------------


@router.post(
    "/groups/{group_id}/members/{member_id}/entry-fee", response={200: s.PostedOut, 201: s.PostedOut}, tags=["savings"]
)
@group_route(Access.MANAGE)
def entry_fee(request, group_id: int, member_id: int, payload: s.EntryFeeIn, idempotency_key: str = IDEMPOTENCY_KEY):
    """Receive the entry fee the bylaws set on ``date`` (once a member, not refundable)."""
    member = _member(request, group_id, member_id)
    key = _key(payload.key, idempotency_key)
    date = _date(payload.date)
    return _posted(
        request,
        key,
        lambda key: services.entry_fee_receive(
            member=member, date=date, method=payload.method, key=key, actor=request.user
        ),
        lambda entry, duplicate: {"duplicate": duplicate, "entry": _entry_ref(entry)},
    )


# --- deposits -------------------------------------------------------------------------------------


@router.get("/groups/{group_id}/members/{member_id}/deposits", response=list[s.DepositOut], tags=["savings"])
@group_route(Access.SELF)
def member_deposits(request, group_id: int, member_id: int):
    member = _member(request, group_id, member_id)
    money = _money(member)
    return [_deposit_out(a, money) for a in DepositAccount.objects.filter(member=member).order_by("product")]


@router.post("/groups/{group_id}/members/{member_id}/deposits", response={201: s.DepositOut}, tags=["savings"])
@group_route(Access.MANAGE)
def deposit_open(request, group_id: int, member_id: int, payload: s.DepositOpenIn):
    """Open a deposit account (``savings`` or ``fixed``) for the member: one of each kind at most."""
    member = _member(request, group_id, member_id)
    account = services.deposit_open(
        member=member, product=payload.product, date=_date(payload.date), actor=request.user
    )
    return 201, _deposit_out(account, _money(member))


def _deposit_move(request, group_id, deposit_id, payload, idempotency_key, service):
    account = _deposit(group_id, deposit_id)
    key = _key(payload.key, idempotency_key)
    date, amount = _date(payload.date), _satang(payload.amount)

    def answer(entry, duplicate):
        account.refresh_from_db()
        return {
            "duplicate": duplicate,
            "entry": _entry_ref(entry),
            "account": _deposit_out(account, _money(account.member)),
        }

    return _posted(
        request,
        key,
        lambda key: service(
            account=account, date=date, amount=amount, method=payload.method, key=key, actor=request.user
        ),
        answer,
    )


@router.post(
    "/groups/{group_id}/deposits/{deposit_id}/deposit",
    response={200: s.DepositPostedOut, 201: s.DepositPostedOut},
    tags=["savings"],
)
@group_route(Access.MANAGE)
def deposit_receive(
    request, group_id: int, deposit_id: int, payload: s.DepositMoneyIn, idempotency_key: str = IDEMPOTENCY_KEY
):
    """Money paid into a member's deposit account."""
    return _deposit_move(request, group_id, deposit_id, payload, idempotency_key, services.deposit_receive)


@router.post(
    "/groups/{group_id}/deposits/{deposit_id}/withdraw",
    response={200: s.DepositPostedOut, 201: s.DepositPostedOut},
    tags=["savings"],
)
@group_route(Access.MANAGE)
def deposit_withdraw(
    request, group_id: int, deposit_id: int, payload: s.DepositMoneyIn, idempotency_key: str = IDEMPOTENCY_KEY
):
    """Money taken out of a deposit account, if the balance and the bylaws (minimum balance,
    withdrawals a month, term) allow it."""
    return _deposit_move(request, group_id, deposit_id, payload, idempotency_key, services.deposit_withdraw)


@router.post("/groups/{group_id}/interest", response={201: s.InterestOut}, tags=["savings"])
@group_route(Access.MANAGE)
def interest_post(request, group_id: int, payload: s.ThroughIn):
    """Post the deposit interest of every interest period ended on or before ``through`` and not
    posted yet (by each product's schedule in the bylaws). Repeating it posts only what is new."""
    through = _date(payload.through, "through")
    runs = services.interest_post(group=request.group, through=through, actor=request.user)
    refs = _entry_refs([r.entry for r in runs])
    return 201, {
        "through": through,
        "runs": [
            {
                "product": r.product,
                "period_end": r.period_end,
                "amount": refs[r.entry_id]["amount"] if r.entry_id else baht(0),
                "entry": refs.get(r.entry_id),
            }
            for r in runs
        ],
    }


# --- leaving --------------------------------------------------------------------------------------


@router.get("/groups/{group_id}/members/{member_id}/settlement", response=s.QuoteOut, tags=["savings"])
@group_route(Access.READ)
def settlement_quote(request, group_id: int, member_id: int, date: str = ""):
    """What the member would be paid on leaving on ``date`` (default today): savings and interest
    due less loans and unpaid fines; ``blockers`` say why they cannot leave yet."""
    member = _member(request, group_id, member_id)
    day = _date(date) if date else tenancy.today()
    quote = selectors.settlement_quote(member, day)
    blockers = [SajjaError(m) for m in services.leaving_blockers(member, day)]
    return {
        "member_id": member.id,
        "date": day,
        **{
            name: baht(getattr(quote, name))
            for name in (
                "pledge",
                "deposits",
                "interest_due",
                "loans",
                "fines",
                "owed_to_member",
                "owed_by_member",
                "net",
            )
        },
        "blockers": [{"message_th": b.in_language("th"), "message_en": b.in_language("en")} for b in blockers],
    }


def settle(request, group_id: int, member_id: int, payload: s.LeaveIn) -> dict:
    """The leave route (``sajja.api.api.member_leave``): nobody leaves without a settlement."""
    member = _member(request, group_id, member_id)
    settlement = services.member_settle(
        member=member,
        status=payload.status,
        date=_date(payload.date),
        reason=parse_text(payload.reason, field="reason", max_length=300),
        paid_to=parse_text(payload.paid_to, field="paid_to", required=False, max_length=200),
        method=payload.method,
        actor=request.user,
    )
    return {
        **_member_out(request.user, _member(request, group_id, member_id)),
        "settlement": {
            "date": settlement.date,
            **{
                name: baht(getattr(settlement, name))
                for name in ("pledge", "deposits", "interest_due", "loans", "fines", "net")
            },
            "paid_to": settlement.paid_to,
            "method": settlement.method,
            "entry": _entry_ref(settlement.entry),
        },
    }


# --- books ----------------------------------------------------------------------------------------


@router.get("/groups/{group_id}/members/{member_id}/passbook", response=s.PassbookOut, tags=["savings"])
@group_route(Access.SELF)
def passbook(request, group_id: int, member_id: int):
    """The member's passbook: pledge savings, each deposit account and fines, with running balances."""
    member = _member(request, group_id, member_id)
    return {
        "member_id": member.id,
        "sections": [
            {
                "role": section.role,
                "balance": baht(section.balance),
                "rows": [
                    {
                        "date": row["date"],
                        "date_be": format_date(row["date"]),
                        "seq": row["seq"],
                        "memo": row["memo"],
                        "money_in": baht(row["in"]),
                        "money_out": baht(row["out"]),
                        "balance": baht(row["balance"]),
                    }
                    for row in section.rows
                ],
            }
            for section in selectors.passbook(member)
        ],
    }


@router.get("/groups/{group_id}/savings/register", response=s.RegisterOut, tags=["savings"])
@group_route(Access.READ)
def register(request, group_id: int, year: str = ""):
    """The pledge register of the fiscal year that begins in ``year`` (B.E. ``2569`` or C.E.
    ``2026``; default: the fiscal year of today): every member × month, paid/late/missed/due/upcoming."""
    group = request.group
    today = tenancy.today()
    if year:
        start = dt.date(_year(year), group.fiscal_year_start_month, group.fiscal_year_start_day)
    else:
        start = fiscal_year_start(group, today)
    book = selectors.pledge_register(group, year_start=start, today=today)
    return {
        "year_start": start,
        "periods": [period_text(p) for p in book.periods],
        "rows": [
            {
                "member_id": row.member.id,
                "number": row.member.number,
                "full_name": row.member.full_name,
                "cells": [
                    {"period": period_text(c["period"]), "status": c["status"], "amount": baht(c["amount"])}
                    for c in row.cells
                ],
                "paid_total": baht(row.paid_total),
                "missed": row.missed,
            }
            for row in book.rows
        ],
        "month_totals": [baht(t) for t in book.month_totals],
        "total": baht(book.total),
    }


@router.get("/groups/{group_id}/savings/behind", response=list[s.BehindOut], tags=["savings"])
@group_route(Access.READ)
def behind(request, group_id: int):
    """Active members with pledge periods past due and unpaid, most periods first."""
    return [
        {
            "member_id": b.member.id,
            "number": b.member.number,
            "full_name": b.member.full_name,
            "periods": [period_text(p) for p in b.periods],
            "amount": baht(b.amount),
            "fines": baht(b.fines),
        }
        for b in selectors.members_behind(request.group, today=tenancy.today())
    ]
