"""Every savings write (rule 1): pledges, fines, the entry fee, deposits, interest and leaving.
Each posts one balanced entry through ``ledger.services`` with the member on the member's lines,
and records what the money was for in this app's registers, in the same transaction.

Amounts are integer satang (views and the API parse baht with ``core.money.to_satang``). Every
refusal is a ``SajjaError`` in Thai and English and writes nothing. ``key`` is an idempotency key:
a second call with the same key posts nothing and raises ``AlreadyPosted`` naming the first entry.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from sajja.bylaws.selectors import bylaw_book
from sajja.core.bulk import insert_rows
from sajja.core.errors import SajjaError, fmt, in_thai, thai
from sajja.core.money import lazy_baht, satang_amount
from sajja.core.thai import format_date
from sajja.ledger.models import JournalEntry
from sajja.ledger.services import EntryIn, LineIn, entries_post, entry_reverse, refuse_repeat
from sajja.members.models import Member
from sajja.members.services import member_leave, require_active

from . import domain, selectors
from .models import DepositAccount, Fine, InterestRun, PledgeAmount, PledgePayment, Settlement

METHOD_ROLE = {"cash": "cash", "bank": "bank"}


def _today() -> dt.date:
    from django.utils import timezone

    return timezone.localdate()


def _method(method: str) -> str:
    if method not in METHOD_ROLE:
        raise SajjaError(_("Paid in cash or by bank transfer?"), field="method", code="method")
    return METHOD_ROLE[method]


def _check_day(member: Member, day, *, field: str = "date", today: dt.date | None = None) -> dt.date:
    """A money event's date: a real date, not in the future, not before the member joined."""
    if not isinstance(day, dt.date) or isinstance(day, dt.datetime):
        raise SajjaError(_("Give the date."), field=field, code="date")
    if day > (today or _today()):
        raise SajjaError(_("The date is in the future."), field=field, code="future")
    if day < member.joined_on:
        raise SajjaError(
            fmt(_("The date is before the member joined (%(date)s)."), date=format_date(member.joined_on)),
            field=field,
            code="before_joining",
        )
    return day


def _no(member: Member) -> str:
    return in_thai(_("member no. %(number)s"), number=member.number)


# --- the pledge -------------------------------------------------------------------------------


PLEDGE_PROBLEMS = {
    "below_minimum": _("The pledge is below the smallest the bylaws allow (%(minimum)s)."),
    "above_maximum": _("The pledge is above the largest the bylaws allow (%(maximum)s)."),
    "not_multiple": _("The pledge must be a whole number of units of %(multiple)s."),
}


def pledge_set(*, member: Member, amount: int, effective_from: dt.date, note: str = "", actor) -> PledgeAmount:
    """Set the member's pledge a period from the period containing ``effective_from``.

    The bylaws in force then give the smallest, the largest and the unit; a member who already has a
    pledge may change it only from a period in one of the bylaws' change months, and not for a
    period already paid."""
    require_active(member)
    satang_amount(amount)
    if not isinstance(effective_from, dt.date):
        raise SajjaError(_("Give the date."), field="effective_from", code="date")
    period = domain.period_of(effective_from)
    if period < domain.period_of(member.joined_on):
        raise SajjaError(
            _("The pledge cannot start before the member joined."), field="effective_from", code="before_joining"
        )
    book = bylaw_book(member.group_id)
    rules = book.at(period)
    limits = {k: rules[f"pledge.{k}"] for k in ("minimum", "maximum", "multiple")}
    if problem := domain.pledge_problem(amount=amount, **limits):
        raise SajjaError(
            fmt(PLEDGE_PROBLEMS[problem], **{k: lazy_baht(v) for k, v in limits.items()}),
            field="amount",
            code=problem,
        )
    history = selectors.pledge_histories(member.group_id, [member.id]).get(member.id, [])
    if history and period.month not in rules["pledge.change_months"]:
        from sajja.bylaws.registry import MONTH_NAMES

        months = lazy(lambda ms: ", ".join(str(MONTH_NAMES[m - 1]) for m in ms), str)(rules["pledge.change_months"])
        raise SajjaError(
            fmt(_("The bylaws allow a change of pledge only from a period in: %(months)s."), months=months),
            field="effective_from",
            code="change_window",
        )
    if PledgePayment.objects.filter(member=member, reversal__isnull=True, period__gte=period).exists():
        raise SajjaError(
            _("Periods from this one on are already paid: the pledge cannot change for them."),
            field="effective_from",
            code="already_paid",
        )
    if any(day == period for day, _a in history):
        raise SajjaError(_("A pledge is already set from this period."), field="effective_from", code="duplicate")
    return PledgeAmount.objects.create(
        group_id=member.group_id,
        member=member,
        amount=amount,
        effective_from=period,
        note=note.strip()[:300],
        created_by=actor,
    )


@dataclass(frozen=True)
class PledgeIn:
    """A pledge payment: ``amount`` pays the member's oldest unpaid periods in order (it must be
    their exact sum), or exactly the ``periods`` named."""

    member: Member
    date: dt.date
    amount: int
    periods: Sequence[dt.date] | None = None
    method: str = "cash"
    key: str = ""


@dataclass(frozen=True)
class PledgeReceipt:
    member: Member
    entry: JournalEntry
    periods: list[dt.date]
    amount: int


def pledges_receive(*, group, items: Sequence[PledgeIn], actor) -> list[PledgeReceipt]:
    """Receive many members' pledges in one transaction and one ledger batch (the meeting day):
    all or none. Each is checked as ``pledge_receive`` says."""
    if not items:
        return []
    refuse_repeat(group, *(item.key for item in items))
    book = bylaw_book(group.id)
    ids = {item.member.id for item in items}
    histories = selectors.pledge_histories(group.id, ids)
    paid = selectors.paid_periods(group.id, ids)
    plans, entries, today = [], [], _today()
    memo, member_no = thai(_("Pledge savings, %(member)s, %(periods)s")), thai(_("member no. %(number)s"))
    for item in items:
        member = item.member
        if member.group_id != group.id:
            raise SajjaError(_("This member is not one of the group's members."), field="member", code="foreign_member")
        require_active(member)
        _check_day(member, item.date, today=today)
        amount = satang_amount(item.amount)
        role = _method(item.method)
        periods = _periods_paid(member, item, book=book, history=histories.get(member.id, []), paid=paid[member.id])
        for period in periods:  # the next item of the same member continues after these
            paid[member.id][period] = item.date
        label = _periods_label(periods)
        entries.append(
            EntryIn(
                date=item.date,
                memo=memo % {"member": member_no % {"number": member.number}, "periods": label},
                source=f"pledge/{member.number}",
                key=item.key,
                lines=[LineIn(role, debit=amount), LineIn("pledge", credit=amount, memo=label, member=member)],
            )
        )
        plans.append((item, periods))
    with transaction.atomic():
        posted = entries_post(group=group, entries=entries, actor=actor)
        insert_rows(
            PledgePayment,
            ("group", "member", "period", "amount", "paid_on", "entry"),
            [
                (group.id, item.member.id, period, domain.pledge_for(histories.get(item.member.id, []), period),
                 item.date, entry.id)
                for (item, periods), entry in zip(plans, posted, strict=True)
                for period in periods
            ],
        )  # fmt: skip
    return [
        PledgeReceipt(item.member, entry, list(periods), item.amount)
        for (item, periods), entry in zip(plans, posted, strict=True)
    ]


def pledge_receive(
    *, member: Member, date: dt.date, amount: int, periods=None, method: str = "cash", key: str = "", actor
) -> PledgeReceipt:
    """Receive one member's pledge for one or more periods (also ahead, up to the bylaws' limit).

    Refused: an inactive member; a date in the future, before joining or in closed books; an amount
    that is not the exact pledge of whole periods; a period already paid or before joining; paying
    further ahead than the bylaws allow; no pledge set."""
    return pledges_receive(
        group=member.group,
        items=[PledgeIn(member=member, date=date, amount=amount, periods=periods, method=method, key=key)],
        actor=actor,
    )[0]


def _periods_paid(member, item: PledgeIn, *, book, history, paid) -> list[dt.date]:
    if not history:
        raise SajjaError(_("The member has no pledge set yet."), field="amount", code="no_pledge")
    ahead_max = book.value("pledge.ahead_max", item.date)
    current = domain.period_of(item.date)
    limit = domain.add_months(current, ahead_max)
    if item.periods:
        periods = sorted({domain.period_of(p) for p in item.periods})
        for period in periods:
            if period in paid:
                raise SajjaError(
                    fmt(_("The period %(period)s is already paid."), period=_month(period)),
                    field="periods",
                    code="paid_twice",
                )
            if period < domain.period_of(member.joined_on):
                raise SajjaError(_("The period is before the member joined."), field="periods", code="before_joining")
            if not domain.pledge_for(history, period):
                raise SajjaError(_("The member has no pledge set for this period."), field="periods", code="no_pledge")
        expected = sum(domain.pledge_for(history, p) for p in periods)
        if expected != item.amount:
            raise SajjaError(
                fmt(
                    _("The pledge for these periods is %(expected)s, not %(amount)s."),
                    expected=lazy_baht(expected),
                    amount=lazy_baht(item.amount),
                ),
                field="amount",
                code="not_pledge_amount",
            )
    else:
        unpaid = selectors.unpaid_periods(member, book=book, history=history, paid=paid, through=limit)
        periods = domain.periods_covered(unpaid, item.amount)
        if periods is None:
            first = unpaid[0][1] if unpaid else domain.pledge_for(history, current)
            raise SajjaError(
                fmt(
                    _(
                        "%(amount)s is not a whole number of pledges (the pledge is %(pledge)s a period; unpaid periods are paid oldest first, at most %(ahead)s ahead)."
                    ),
                    amount=lazy_baht(item.amount),
                    pledge=lazy_baht(first),
                    ahead=ahead_max,
                ),
                field="amount",
                code="not_pledge_amount",
            )
    if periods[-1] > limit:
        raise SajjaError(
            fmt(_("The bylaws allow paying at most %(ahead)s periods ahead."), ahead=ahead_max),
            field="periods",
            code="too_far_ahead",
        )
    return periods


def _month(period: dt.date) -> str:
    return format_date(period, "month")


def _periods_label(periods: list[dt.date]) -> str:
    if len(periods) == 1:
        return _month(periods[0])
    return f"{_month(periods[0])} – {_month(periods[-1])}"


def _check_correction_date(entry: JournalEntry, date) -> None:
    """A correction is dated between the entry it corrects and today."""
    if isinstance(date, dt.date) and date > _today():
        raise SajjaError(_("The date is in the future."), field="date", code="future")
    if isinstance(date, dt.date) and date < entry.date:
        raise SajjaError(_("A correction cannot be dated before the entry it corrects."), field="date", code="date")


def pledge_payment_reverse(*, entry: JournalEntry, date: dt.date, reason: str, actor) -> JournalEntry:
    """Undo a pledge payment posted by mistake: a reversing entry, and its periods unpaid again."""
    payments = PledgePayment.objects.filter(entry=entry, reversal__isnull=True)
    if not payments.exists():
        raise SajjaError(_("This entry is not a pledge payment that stands."), code="not_pledge_payment")
    _check_correction_date(entry, date)
    with transaction.atomic():
        reversal = entry_reverse(entry=entry, date=date, reason=reason, actor=actor)
        payments.update(reversal=reversal)
        return reversal


def fines_payment_reverse(*, entry: JournalEntry, date: dt.date, reason: str, actor) -> JournalEntry:
    """Undo a payment of fines posted by mistake: a reversing entry, and the fines it paid open
    again (owed as before; the books keep the payment and its reversal)."""
    if JournalEntry.objects.filter(reverses=entry).exists():
        raise SajjaError(_("This entry has already been reversed."), code="already_reversed")
    fines = Fine.objects.filter(group_id=entry.group_id, paid_entry=entry)
    if not fines.exists():
        raise SajjaError(_("This entry is not a payment of fines that stands."), code="not_fines_payment")
    _check_correction_date(entry, date)
    with transaction.atomic():
        reversal = entry_reverse(entry=entry, date=date, reason=reason, actor=actor)
        fines.update(paid_entry=None)
        return reversal


def pledge_withdraw(*, member: Member, amount: int, actor) -> None:
    """Pledge savings are the group's core capital: they are not withdrawn while a member stays."""
    raise SajjaError(
        _(
            "Pledge savings cannot be withdrawn while the member stays in the group: they are paid back, with any dividend, when the member leaves."
        ),
        field="amount",
        code="pledge_not_withdrawable",
    )


# --- fines ------------------------------------------------------------------------------------


def fines_assess(*, group, through: dt.date, actor) -> list[Fine]:
    """Charge the fine for every pledge period whose due date passed unpaid on or before
    ``through``, for active members, once a period, as the bylaws in force on the due date say,
    capped at the most the bylaws let a member pay in a fiscal year (waived fines do not count).
    Posted dated ``through``. Idempotent: a period already fined is not fined again."""
    if through > _today():
        raise SajjaError(_("The date is in the future."), field="through", code="future")
    members = list(Member.objects.filter(group=group, status=Member.Status.ACTIVE, joined_on__lte=through))
    ids = [m.id for m in members]
    book = bylaw_book(group.id)
    histories = selectors.pledge_histories(group.id, ids)
    paid = selectors.paid_periods(group.id, ids)
    fined = set(Fine.objects.filter(group=group, kind=Fine.Kind.MISSED_PLEDGE).values_list("member_id", "period"))
    # (member, fiscal year's first day) -> fines charged in it towards the cap; a waived fine was
    # forgiven, so it does not use up the cap.
    charged: dict[tuple[int, dt.date], int] = {}
    for member_id, period, amount in Fine.objects.filter(
        group=group, kind=Fine.Kind.MISSED_PLEDGE, waived_entry__isnull=True
    ).values_list("member_id", "period", "amount"):
        key = (member_id, selectors.fiscal_first_period(group, period))
        charged[key] = charged.get(key, 0) + amount
    plans = []
    for member in members:
        history = histories.get(member.id, [])
        for period, pledge in selectors.unpaid_periods(
            member, book=book, history=history, paid=paid[member.id], through=domain.period_of(through)
        ):
            due = domain.due_date(period, group.meeting_day, book.value("pledge.grace_days", period))
            # Not yet due, already fined, or due before the member joined (nobody can pay on time
            # for a meeting held before they joined: that period is owed, but not fined).
            if due >= through or (member.id, period) in fined or due < member.joined_on:
                continue
            rules = book.at(due)
            year = (member.id, selectors.fiscal_first_period(group, period))
            amount = domain.fine_for_missed(
                kind=rules["fine.missed_pledge.kind"],
                fixed=rules["fine.missed_pledge.amount"],
                rate=rules["fine.missed_pledge.rate"],
                pledge=pledge,
                cap_year=rules["fine.missed_pledge.cap_year"],
                charged_in_year=charged.get(year, 0),
            )
            if amount:
                charged[year] = charged.get(year, 0) + amount
                plans.append((member, period, amount))
    entries = [
        EntryIn(
            date=through,
            memo=in_thai(_("Fine for a missed pledge, %(member)s, %(period)s"), member=_no(m), period=_month(p)),
            source=f"fine/{m.number}",
            lines=[LineIn("fines_receivable", debit=a, member=m), LineIn("fine_income", credit=a)],
        )
        for m, p, a in plans
    ]
    with transaction.atomic():
        posted = entries_post(group=group, entries=entries, actor=actor)
        return Fine.objects.bulk_create(
            [
                Fine(
                    group=group,
                    member=m,
                    kind=Fine.Kind.MISSED_PLEDGE,
                    period=p,
                    amount=a,
                    assessed_on=through,
                    entry=e,
                )
                for (m, p, a), e in zip(plans, posted, strict=True)
            ]
        )


def _open_fines(member: Member, fines) -> list[Fine]:
    chosen = selectors.open_fines(member)
    if fines is not None:
        wanted = {f.id if isinstance(f, Fine) else f for f in fines}
        chosen = [f for f in chosen if f.id in wanted]
        if len(chosen) != len(wanted):
            raise SajjaError(
                _("A fine chosen is not an open fine of this member."), field="fines", code="not_open_fine"
            )
    if not chosen:
        raise SajjaError(_("The member has no open fines."), field="fines", code="no_fines")
    return chosen


def fines_pay(*, member: Member, date: dt.date, fines=None, method: str = "cash", key: str = "", actor) -> JournalEntry:
    """Receive payment of the member's open fines (all, or those given), each paid whole."""
    refuse_repeat(member.group, key)
    _check_day(member, date)
    role = _method(method)
    with transaction.atomic():
        chosen = _open_fines(member, fines)
        total = sum(f.amount for f in chosen)
        entry = entries_post(
            group=member.group,
            entries=[
                EntryIn(
                    date=date,
                    memo=in_thai(_("Fines paid, %(member)s"), member=_no(member)),
                    source=f"fine/{member.number}",
                    key=key,
                    lines=[LineIn(role, debit=total), LineIn("fines_receivable", credit=total, member=member)],
                )
            ],
            actor=actor,
        )[0]
        Fine.objects.filter(id__in=[f.id for f in chosen]).update(paid_entry=entry)
        return entry


@dataclass(frozen=True)
class AmountIn:
    """A member's payment of a meeting's batch: fines (``fines_pay_many``) or a deposit
    (``deposits_receive_many``), in satang."""

    member: Member
    amount: int


def open_fines(group_id: int, member_ids) -> dict[int, list[Fine]]:
    """member id -> open savings fines, oldest first (one query)."""
    result = defaultdict(list)
    for fine in Fine.objects.filter(
        group_id=group_id, member_id__among=list(member_ids), paid_entry__isnull=True, waived_entry__isnull=True
    ).order_by("assessed_on", "id"):
        result[fine.member_id].append(fine)
    return result


def fines_paid_by(member: Member, amount: int, fines: list[Fine]) -> list[Fine]:
    """The member's oldest open ``fines`` that ``amount`` pays whole (a fine is paid whole, oldest
    first: an amount that is not such a sum is refused with what is owed)."""
    count = domain.fines_prefix([f.amount for f in fines], amount)
    if not count:
        if not fines:
            raise SajjaError(
                fmt(_("Member no. %(number)s has no open fines."), number=member.number), field="fines", code="no_fines"
            )
        raise SajjaError(
            fmt(
                _("Fines are paid whole, oldest first: member no. %(number)s owes %(total)s in fines of %(amounts)s."),
                number=member.number,
                total=lazy_baht(sum(f.amount for f in fines)),
                amounts=", ".join(str(lazy_baht(f.amount)) for f in fines),
            ),
            field="fines",
            code="fines_not_whole",
        )
    return fines[:count]


def fines_pay_many(*, group, date: dt.date, items: Sequence[AmountIn], actor) -> list[JournalEntry]:
    """Many members' fines paid in cash on ``date`` (a meeting's sheet), each amount paying the
    member's oldest open fines whole (``fines_paid_by``): one ledger batch and one update of the
    fines, the same lines and memos as ``fines_pay``. A member's second item pays the next fines."""
    if not items:
        return []
    waiting = open_fines(group.id, {item.member.id for item in items})
    plans, today = [], _today()
    for item in items:
        _check_day(item.member, date, today=today)
        chosen = fines_paid_by(item.member, satang_amount(item.amount), waiting[item.member.id])
        waiting[item.member.id] = waiting[item.member.id][len(chosen) :]
        plans.append(chosen)
    memo, member_no = thai(_("Fines paid, %(member)s")), thai(_("member no. %(number)s"))
    with transaction.atomic():
        posted = entries_post(
            group=group,
            entries=[
                EntryIn(
                    date=date,
                    memo=memo % {"member": member_no % {"number": item.member.number}},
                    source=f"fine/{item.member.number}",
                    lines=[
                        LineIn("cash", debit=item.amount),
                        LineIn("fines_receivable", credit=item.amount, member=item.member),
                    ],
                )
                for item in items
            ],
            actor=actor,
        )
        paid = []
        for chosen, entry in zip(plans, posted, strict=True):
            for fine in chosen:
                fine.paid_entry = entry
                paid.append(fine)
        Fine.objects.bulk_update(paid, ["paid_entry"])
    return posted


def fine_waive(*, fine: Fine, date: dt.date, reason: str, resolution: str, actor) -> JournalEntry:
    """Waive an open fine by a committee or general-meeting resolution, with the reason: the fine
    income is taken back (a new entry, so it works after the fine's month is closed)."""
    errors = {}
    if not reason.strip():
        errors["reason"] = _("Give the reason for the waiver.")
    if not resolution.strip():
        errors["resolution"] = _("Name the resolution that approved the waiver.")
    for field_name, message in errors.items():
        raise SajjaError(message, field=field_name, code=field_name)
    _check_day(fine.member, date)
    with transaction.atomic():
        locked = Fine.objects.select_for_update().get(id=fine.id)
        if locked.status != "open":
            raise SajjaError(_("This fine is already paid or waived."), code="not_open_fine")
        entry = entries_post(
            group=fine.member.group,
            entries=[
                EntryIn(
                    date=date,
                    memo=in_thai(
                        _("Fine waived, %(member)s: %(reason)s"), member=_no(fine.member), reason=reason.strip()
                    ),
                    source=f"fine/{fine.member.number}",
                    lines=[
                        LineIn("fine_income", debit=fine.amount),
                        LineIn("fines_receivable", credit=fine.amount, member=fine.member),
                    ],
                )
            ],
            actor=actor,
        )[0]
        Fine.objects.filter(id=fine.id).update(
            waived_entry=entry, waiver_reason=reason.strip()[:300], waiver_resolution=resolution.strip()[:300]
        )
        return entry


# --- the entry fee ----------------------------------------------------------------------------


def entry_fee_receive(*, member: Member, date: dt.date, method: str = "cash", key: str = "", actor) -> JournalEntry:
    """Receive the entry fee the bylaws set on ``date`` (not refundable), once a member."""
    refuse_repeat(member.group, key)
    require_active(member)
    _check_day(member, date)
    role = _method(method)
    amount = bylaw_book(member.group_id).value("entry_fee", date)
    if not amount:
        raise SajjaError(_("The bylaws set no entry fee."), code="no_entry_fee")
    from sajja.ledger.models import JournalLine

    if JournalLine.objects.filter(member=member, account__roles__role="entry_fee_income").exists():
        raise SajjaError(_("The member has already paid the entry fee."), code="paid_twice")
    return entries_post(
        group=member.group,
        entries=[
            EntryIn(
                date=date,
                memo=in_thai(_("Entry fee, %(member)s"), member=_no(member)),
                source=f"member/{member.number}",
                key=key,
                lines=[LineIn(role, debit=amount), LineIn("entry_fee_income", credit=amount, member=member)],
            )
        ],
        actor=actor,
    )[0]


# --- deposits ---------------------------------------------------------------------------------


def deposit_open(*, member: Member, product: str, date: dt.date, actor) -> DepositAccount:
    require_active(member)
    _check_day(member, date)
    if product not in DepositAccount.Product.values:
        raise SajjaError(_("Choose the kind of deposit account."), field="product", code="product")
    if DepositAccount.objects.filter(member=member, product=product).exists():
        raise SajjaError(_("The member already has an account of this kind."), field="product", code="duplicate")
    return DepositAccount.objects.create(group_id=member.group_id, member=member, product=product, opened_on=date)


def _deposit_entry(account: DepositAccount, *, date, amount, method, key, memo, into: bool) -> EntryIn:
    role, product_role = _method(method), selectors.PRODUCT_ROLE[account.product]
    member = account.member
    lines = (
        [LineIn(role, debit=amount), LineIn(product_role, credit=amount, member=member)]
        if into
        else [LineIn(product_role, debit=amount, member=member), LineIn(role, credit=amount)]
    )
    return EntryIn(date=date, memo=memo, source=f"deposit/{account.number}", key=key, lines=lines)


def _open_account(account: DepositAccount, date: dt.date) -> None:
    require_active(account.member)
    _check_day(account.member, date)
    if account.closed_on:
        raise SajjaError(_("This account is closed."), code="closed_account")
    if date < account.opened_on:
        raise SajjaError(_("The date is before the account was opened."), field="date", code="before_opening")


def deposit_receive(
    *, account: DepositAccount, date: dt.date, amount: int, method: str = "cash", key: str = "", actor
) -> JournalEntry:
    """Money paid into a member's deposit account."""
    _open_account(account, date)
    satang_amount(amount)
    memo = in_thai(_("Deposit, account %(account)s"), account=account.number)
    return entries_post(
        group=account.member.group,
        entries=[_deposit_entry(account, date=date, amount=amount, method=method, key=key, memo=memo, into=True)],
        actor=actor,
    )[0]


def _savings_accounts(group, members: list[Member], date: dt.date) -> dict[int, DepositAccount]:
    """member id -> the member's savings deposit account, opened on ``date`` when missing
    (``deposit_open``'s rule: one account a product a member)."""
    savings = DepositAccount.Product.SAVINGS
    accounts = {
        a.member_id: a
        for a in DepositAccount.objects.filter(
            group_id=group.id, member_id__among=[m.id for m in members], product=savings
        )
    }
    missing = [m for m in members if m.id not in accounts]
    for account in DepositAccount.objects.bulk_create(
        [DepositAccount(group_id=group.id, member=m, product=savings, opened_on=date) for m in missing]
    ):
        accounts[account.member_id] = account
    by_id = {m.id: m for m in members}
    for member_id, account in accounts.items():
        account.member = by_id[member_id]  # the account number reads the member's number
        if account.closed_on:
            raise SajjaError(
                fmt(_("The savings account of member no. %(number)s is closed."), number=account.member.number),
                field="deposit",
                code="closed_account",
            )
        if account.opened_on > date:
            raise SajjaError(_("The date is before the account was opened."), field="deposit", code="before_opening")
    return accounts


def deposits_receive_many(*, group, date: dt.date, items: Sequence[AmountIn], actor) -> list[JournalEntry]:
    """Many members' cash deposits into their savings deposit accounts on ``date`` (a meeting's
    sheet; an account is opened when the member has none): one ledger batch, the same lines and
    memos as ``deposit_receive``."""
    if not items:
        return []
    today = _today()
    for item in items:
        _check_day(item.member, date, today=today)
        satang_amount(item.amount)
    memo = thai(_("Deposit, account %(account)s"))
    with transaction.atomic():
        accounts = _savings_accounts(group, list({item.member.id: item.member for item in items}.values()), date)
        return entries_post(
            group=group,
            entries=[
                _deposit_entry(
                    accounts[item.member.id],
                    date=date,
                    amount=item.amount,
                    method="cash",
                    key="",
                    memo=memo % {"account": accounts[item.member.id].number},
                    into=True,
                )  # fmt: skip
                for item in items
            ],
            actor=actor,
        )


def withdrawal_problem(account: DepositAccount, date: dt.date, amount: int):
    """Why the bylaws refuse this withdrawal (a message), or None. The balance is read from the ledger."""
    book = bylaw_book(account.group_id)
    rules = {
        k: book.value(f"deposit.{account.product}.{k}", date)
        for k in ("minimum_balance", "withdrawals_a_month", "term_months")
    }
    money = selectors.member_money(account.group_id, [account.member_id]).get(
        account.member_id, selectors.MemberMoney()
    )
    balance = money.savings if account.product == DepositAccount.Product.SAVINGS else money.fixed
    if amount > balance:
        return fmt(_("The balance is only %(balance)s."), balance=lazy_baht(balance))
    if balance - amount < rules["minimum_balance"] and amount != balance:
        return fmt(
            _("The account must keep at least %(minimum)s (withdraw the whole %(balance)s to empty it)."),
            minimum=lazy_baht(rules["minimum_balance"]),
            balance=lazy_baht(balance),
        )
    if rules["term_months"]:
        free_from = domain.add_months(domain.period_of(account.opened_on), rules["term_months"]).replace(
            day=min(account.opened_on.day, 28)
        )
        if date < free_from:
            return fmt(_("Money in this account may be withdrawn from %(date)s."), date=format_date(free_from))
    if rules["withdrawals_a_month"]:
        from sajja.ledger.models import JournalLine

        month = domain.period_of(date)
        done = JournalLine.objects.filter(
            member=account.member,
            account__roles__role=selectors.PRODUCT_ROLE[account.product],
            debit__gt=0,
            entry__date__gte=month,
            entry__date__lte=domain.month_end(month),
        ).count()
        if done >= rules["withdrawals_a_month"]:
            return fmt(
                _("The bylaws allow %(count)s withdrawals a month; this month's are used."),
                count=rules["withdrawals_a_month"],
            )
    return None


def deposit_withdraw(
    *, account: DepositAccount, date: dt.date, amount: int, method: str = "cash", key: str = "", actor
) -> JournalEntry:
    """Money taken out of a member's deposit account, if the balance and the bylaws allow it."""
    refuse_repeat(account.member.group, key)
    _open_account(account, date)
    satang_amount(amount)
    with transaction.atomic():
        DepositAccount.objects.select_for_update().filter(id=account.id).first()  # one withdrawal at a time
        if problem := withdrawal_problem(account, date, amount):
            raise SajjaError(problem, field="amount", code="withdrawal_refused")
        memo = in_thai(_("Withdrawal, account %(account)s"), account=account.number)
        return entries_post(
            group=account.member.group,
            entries=[_deposit_entry(account, date=date, amount=amount, method=method, key=key, memo=memo, into=False)],
            actor=actor,
        )[0]


def interest_post(*, group, through: dt.date, actor) -> list[InterestRun]:
    """Post the deposit interest of every interest period (by each product's posting schedule in
    the bylaws) that ended on or before ``through`` and is not posted yet: one entry a period and
    product, debiting deposit interest expense and crediting each account, dated the period's end.
    Each account's interest is rounded half up to the satang. Idempotent."""
    if through > _today():
        raise SajjaError(_("The date is in the future."), field="through", code="future")
    book = bylaw_book(group.id)
    runs = []
    with transaction.atomic():
        for product in DepositAccount.Product.values:
            accounts = list(DepositAccount.objects.filter(group=group, product=product).select_related("member"))
            if not accounts:
                continue
            last = selectors.last_interest_end(group.id, product)
            start = last or min(a.opened_on for a in accounts) - dt.timedelta(days=1)
            ends = domain.interest_period_ends(
                posting=book.value(f"deposit.{product}.posting", through),
                fiscal_start_month=group.fiscal_year_start_month,
                since=start,
                through=through,
            )
            if not ends:
                continue
            role = selectors.PRODUCT_ROLE[product]
            movements = selectors.deposit_movements(group.id, role, through=ends[-1])
            for end in ends:
                lines = []
                for account in accounts:
                    # A closed account's interest was paid in the leaving settlement, to the day.
                    if account.opened_on > end or account.closed_on:
                        continue
                    since = max(start, account.opened_on - dt.timedelta(days=1))
                    numerator, denominator = selectors.interest_between(
                        product=product,
                        movements=movements.get(account.member_id, []),
                        since=since,
                        through=end,
                        book=book,
                    )
                    if amount := domain.round_interest(numerator, denominator):
                        lines.append(LineIn(role, credit=amount, member=account.member, memo=account.number))
                        movements.setdefault(account.member_id, []).append((end, amount))
                entry = None
                if lines:
                    total = sum(line.credit for line in lines)
                    memo = in_thai(
                        _("Deposit interest to %(date)s, %(product)s"),
                        date=format_date(end),
                        product=DepositAccount.Product(product).label,
                    )
                    entry = entries_post(
                        group=group,
                        entries=[
                            EntryIn(
                                date=end,
                                memo=memo,
                                source=f"interest/{product}",
                                lines=[LineIn("deposit_interest_expense", debit=total), *lines],
                            )
                        ],
                        actor=actor,
                    )[0]
                runs.append(
                    InterestRun.objects.create(
                        group=group, product=product, period_end=end, entry=entry, created_by=actor
                    )
                )
                start = end
    return runs


# --- leaving ----------------------------------------------------------------------------------

# Checks other capabilities add (the loans app: "guarantees an open loan"): each takes (member,
# date) and returns the reasons the member cannot leave yet, as translatable messages.
LEAVING_CHECKS: list = []


def leaving_blockers(member: Member, date: dt.date) -> list:
    return [reason for check in LEAVING_CHECKS for reason in check(member, date)]


def member_settle(
    *, member: Member, status: str, date: dt.date, reason: str, paid_to: str = "", method: str = "cash", actor
) -> Settlement:
    """Close a membership with its settlement: pledge savings + deposits + interest due − loans
    outstanding − unpaid fines, posted as one entry that empties the member's accounts and pays
    the rest in cash or by bank transfer (to the beneficiary when the member died).

    Refused: a member whose leaving another capability blocks (a guarantor of an open loan); a
    member who owes more than they are owed (collect the difference first); no beneficiary named
    for a deceased member."""
    require_active(member)
    _check_day(member, date)
    role = _method(method)
    if blockers := leaving_blockers(member, date):
        raise SajjaError(blockers[0], code="leaving_blocked")
    if status == Member.Status.DECEASED:
        paid_to = (paid_to or member.beneficiary_name).strip()
        if not paid_to:
            raise SajjaError(_("Name the beneficiary who receives the payout."), field="paid_to", code="paid_to")
    else:
        paid_to = member.full_name
    with transaction.atomic():
        Member.objects.select_for_update().filter(id=member.id).first()
        quote = selectors.settlement_quote(member, date)
        if quote.net < 0:
            raise SajjaError(
                fmt(
                    _("The member owes %(amount)s more than their savings: collect it before they leave."),
                    amount=lazy_baht(-quote.net),
                ),
                code="debts_exceed_savings",
            )
        lines = _settlement_lines(member, quote, role)
        entry = None
        if lines:
            entry = entries_post(
                group=member.group,
                entries=[
                    EntryIn(
                        date=date,
                        memo=in_thai(
                            _("Settlement on leaving, %(member)s, paid to %(name)s"), member=_no(member), name=paid_to
                        ),
                        source=f"member/{member.number}",
                        lines=lines,
                    )
                ],
                actor=actor,
            )[0]
        Fine.objects.filter(member=member, paid_entry__isnull=True, waived_entry__isnull=True).update(paid_entry=entry)
        DepositAccount.objects.filter(member=member, closed_on__isnull=True).update(closed_on=date)
        member_leave(member=member, status=status, date=date, reason=reason, actor=actor)
        return Settlement.objects.create(
            group_id=member.group_id,
            member=member,
            date=date,
            pledge=quote.pledge,
            deposits=quote.deposits,
            interest_due=quote.interest_due,
            loans=quote.loans,
            fines=quote.fines,
            net=quote.net,
            paid_to=paid_to[:200],
            method=method,
            entry=entry,
            created_by=actor,
        )


def _settlement_lines(member: Member, quote: domain.Settlement, cash_role: str) -> list[LineIn]:
    """Empty each of the member's accounts on the ledger (by role, tagged with the member) and pay the net."""
    balances = selectors.member_role_balances(member)
    lines = []
    for role, balance in balances.items():
        if balance == 0:
            continue
        liability = role in ("pledge", "deposits", "fixed_deposits")
        # A liability (savings owed to the member) is emptied by a debit; an asset (owed by the member) by a credit.
        debit, credit = (balance, 0) if liability == (balance > 0) else (0, abs(balance))
        lines.append(LineIn(role, debit=debit, credit=credit, member=member))
    if quote.interest_due:
        lines.append(LineIn("deposit_interest_expense", debit=quote.interest_due))
    if quote.net:
        lines.append(LineIn(cash_role, credit=quote.net))
    return lines
