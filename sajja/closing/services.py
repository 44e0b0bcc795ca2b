"""Every write of the year end (rule 1): open a fiscal year, make, approve and post the allocation
plan, close the year, pay each member's dividend and rebate. Each runs in one transaction; a refusal
is a ``SajjaError`` with a ``code`` and writes nothing.

The order of a year end, each step refusing the next out of turn:
``plan_make`` (after the year ended, with the checklist complete and the percentages totalling 100%)
→ ``plan_approve`` (the annual general meeting's resolution, date and vote) → ``plan_post`` (one
ledger entry dated the year end; refused when the books of the year changed since the plan was made)
→ ``year_close`` (``ledger.services.period_close`` through the year end: nothing can be posted into
the year any more, by the services nor by a raw insert, the database's trigger refuses it)
→ ``dividend_pay`` per member, in cash or into the pledge savings, once."""

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sajja.core.errors import SajjaError, ValidationErrors, fmt, in_thai
from sajja.core.tenancy import today
from sajja.core.thai import format_date
from sajja.ledger.models import Account, JournalEntry, LedgerHead
from sajja.ledger.services import EntryIn, LineIn, entries_post, period_close, refuse_repeat
from sajja.members.services import require_active

from . import domain, selectors
from .models import AllocationCategory, AllocationLine, AllocationPlan, FiscalYear, MemberShare


def fiscal_year_open(*, group, day: dt.date, actor=None) -> FiscalYear:
    """The record of ``group``'s fiscal year containing ``day`` (created on first use)."""
    if not isinstance(day, dt.date) or isinstance(day, dt.datetime):
        raise SajjaError(_("Give a date."), field="day", code="date")
    start, end = selectors.fiscal_year_bounds(group, day)
    year, _created = FiscalYear.objects.get_or_create(group=group, start=start, defaults={"end": end})
    return year


def category_add(
    *,
    group,
    code: str,
    name_th: str,
    name_en: str = "",
    account,
    rate_bp: int,
    effective_from: dt.date,
    resolution: str,
    actor,
) -> AllocationCategory:
    """The group adds (or, with a later date, changes or with rate 0 drops) an allocation category of
    its own, credited to one of its equity or liability accounts, by a general meeting's resolution."""
    from django.utils.text import slugify

    errors: dict[str, list] = {}
    code = slugify(str(code or ""))
    if not code or code in {c for c, *_ in domain.CATEGORIES}:
        errors["code"] = [_("Give the new category a short code of its own (letters, digits, dashes).")]
    if not str(name_th or "").strip():
        errors["name_th"] = [_("Give the category a name.")]
    if not isinstance(rate_bp, int) or isinstance(rate_bp, bool) or not 0 <= rate_bp <= domain.FULL:
        errors["rate_bp"] = [_("The share must be from 0 to 100 percent.")]
    account_obj = Account.objects.filter(group=group, id=getattr(account, "id", account)).first()
    if account_obj is None or account_obj.kind not in ("equity", "liability"):
        errors["account"] = [_("Choose one of the group's fund (equity) or liability accounts.")]
    if not str(resolution or "").strip():
        errors["resolution"] = [_("Name the resolution that approved this value.")]
    if not isinstance(effective_from, dt.date):
        errors["effective_from"] = [_("Give the date the value takes effect.")]
    else:
        head = LedgerHead.objects.filter(group=group).first()
        if head and head.closed_through and effective_from <= head.closed_through:
            errors["effective_from"] = [
                fmt(
                    _("The books are closed through %(date)s: a new value takes effect after it."),
                    date=format_date(head.closed_through),
                )
            ]
    if errors:
        raise ValidationErrors(errors)
    if AllocationCategory.objects.filter(group=group, code=code, effective_from=effective_from).exists():
        raise ValidationErrors({"effective_from": [_("This setting already has a value taking effect on this date.")]})
    return AllocationCategory.objects.create(
        group=group,
        code=code,
        name_th=name_th.strip(),
        name_en=str(name_en or "").strip(),
        account=account_obj,
        rate_bp=rate_bp,
        effective_from=effective_from,
        resolution=resolution.strip()[:300],
        created_by=actor,
    )


def _require_open(fiscal_year: FiscalYear) -> None:
    if fiscal_year.is_closed:
        raise SajjaError(fmt(_("The year %(year)s is already closed."), year=fiscal_year.label), code="already_closed")


def _require_checklist(fiscal_year: FiscalYear) -> None:
    """Nothing is allocated while the pre-close checklist misses something (an unsigned meeting,
    interest not posted, fines not charged, cash not counted)."""
    missing = selectors.missing_items(fiscal_year)
    if missing:
        raise SajjaError(
            fmt(
                _("The year is not ready to close (%(count)s items missing), first: %(first)s"),
                count=len(missing),
                first=missing[0],
            ),
            code="checklist",
        )


def plan_make(*, fiscal_year: FiscalYear, actor) -> AllocationPlan:
    """Compute the year's allocation plan from the ledger and the bylaws in force at the year end and
    store it as a draft (a draft is made again from scratch each time). Refused: a closed year, a
    year not yet over, a plan already approved, the checklist incomplete, percentages ≠ 100%."""
    if fiscal_year.end >= today():
        raise SajjaError(
            fmt(_("The year ends on %(date)s: the profit is allocated after it."), date=format_date(fiscal_year.end)),
            code="year_not_over",
        )
    with transaction.atomic():
        fiscal_year = FiscalYear.objects.select_for_update().select_related("group").get(id=fiscal_year.id)
        _require_open(fiscal_year)
        existing = selectors.plan_of(fiscal_year)
        if existing and existing.status != AllocationPlan.Status.DRAFT:
            raise SajjaError(
                _("The plan was already approved by the general meeting; it is not made again."), code="plan_approved"
            )
        _require_checklist(fiscal_year)
        computed = selectors.compute(fiscal_year)
        if existing:
            existing.shares.all().delete()
            existing.lines.all().delete()
            existing.delete()
        plan = _store(fiscal_year, computed, actor)
        if fiscal_year.status == FiscalYear.Status.OPEN:
            fiscal_year.status = FiscalYear.Status.CLOSING
            fiscal_year.save(update_fields=["status"])
        return plan


def _store(fiscal_year: FiscalYear, computed: selectors.Computed, actor) -> AllocationPlan:
    result, rules, statement = computed.share_out, computed.rules, computed.statement
    group = fiscal_year.group
    plan = AllocationPlan.objects.create(
        group=group,
        fiscal_year=fiscal_year,
        income_total=statement["income_total"],
        expense_total=statement["expense_total"],
        net_profit=statement["net_profit"],
        basis=rules.basis,
        unit=rules.unit,
        rounding=rules.rounding,
        rounding_fund=rules.rounding_fund,
        leavers=rules.leavers,
        dividend_pool=result.categories.get(domain.DIVIDEND, 0),
        rebate_pool=result.categories.get(domain.REBATE, 0),
        remainder=result.remainder,
        created_by=actor,
    )
    roles = selectors.role_map(group.id)
    lines = []
    for order, category in enumerate(rules.categories):
        account_id = category.account_id or roles.get(category.role)
        if account_id is None:
            raise SajjaError(fmt(_("The group has no account for “%(role)s”."), role=category.role), code="no_account")
        lines.append(
            AllocationLine(
                group=group,
                plan=plan,
                order=order,
                code=category.code,
                name_th=category.name_th,
                name_en=category.name_en,
                role=category.role,
                account_id=account_id,
                rate_bp=category.rate_bp,
                amount=result.categories[category.code],
            )
        )
    AllocationLine.objects.bulk_create(lines)
    MemberShare.objects.bulk_create(
        [
            MemberShare(
                group=group,
                plan=plan,
                member_id=saver.member_id,
                weight=result.weights[saver.member_id],
                interest_paid=result.interest[saver.member_id],
                dividend=result.dividends[saver.member_id],
                rebate=result.rebates[saver.member_id],
                left_in_year=saver.left,
            )
            for saver in computed.savers
            if _kept(saver)
        ],
        batch_size=2000,
    )
    return plan


def _kept(saver: domain.Saver) -> bool:
    """A member gets a share row (perhaps of 0, for a member who left) when they had pledge savings
    at a month-end of the year or paid loan interest in it."""
    return any(b > 0 for b in saver.balances) or saver.interest > 0


def plan_approve(
    *,
    plan: AllocationPlan,
    meeting_date: dt.date,
    resolution_ref: str,
    resolution_text: str = "",
    votes_for: int,
    votes_against: int = 0,
    votes_abstain: int = 0,
    actor,
) -> AllocationPlan:
    """Record the annual general meeting's approval of the plan: its date (after the year end, not in
    the future), the resolution's reference and text, and the vote, which must carry (more for than
    against). Only a draft is approved; an approved plan is not changed."""
    errors: dict[str, list] = {}
    fiscal_year = plan.fiscal_year
    if not isinstance(meeting_date, dt.date) or isinstance(meeting_date, dt.datetime):
        errors["meeting_date"] = [_("Give the date of the general meeting.")]
    elif meeting_date <= fiscal_year.end or meeting_date > today():
        errors["meeting_date"] = [
            fmt(
                _(
                    "The general meeting approving the plan is held after the year end (%(date)s) and not in the future."
                ),
                date=format_date(fiscal_year.end),
            )
        ]
    if not str(resolution_ref or "").strip():
        errors["resolution_ref"] = [_("Name the resolution that approved this value.")]
    for field, value in (("votes_for", votes_for), ("votes_against", votes_against), ("votes_abstain", votes_abstain)):
        if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 100_000:
            errors[field] = [_("Type a whole number.")]
    if not errors and votes_for <= votes_against:
        errors["votes_for"] = [_("The resolution is carried only with more votes for than against.")]
    if errors:
        raise ValidationErrors(errors)
    with transaction.atomic():
        plan = AllocationPlan.objects.select_for_update().select_related("fiscal_year").get(id=plan.id)
        if plan.status != AllocationPlan.Status.DRAFT:
            raise SajjaError(_("The plan is already approved."), code="already_approved")
        plan.meeting_date = meeting_date
        plan.resolution_ref = resolution_ref.strip()[:200]
        plan.resolution_text = str(resolution_text or "").strip()
        plan.votes_for, plan.votes_against, plan.votes_abstain = votes_for, votes_against, votes_abstain
        plan.approved_by = actor
        plan.approved_at = timezone.now()
        plan.status = AllocationPlan.Status.APPROVED
        plan.save()
        return plan


def _same(plan: AllocationPlan, computed: selectors.Computed) -> bool:
    """The stored plan still matches the books and the bylaws as they are now."""
    result = computed.share_out
    lines = {line.code: (line.rate_bp, line.amount) for line in plan.lines.all()}
    expected = {c.code: (c.rate_bp, result.categories[c.code]) for c in computed.rules.categories}
    stored = {row[0]: row[1:] for row in plan.shares.values_list("member_id", "dividend", "rebate")}
    shared = {
        s.member_id: (result.dividends[s.member_id], result.rebates[s.member_id]) for s in computed.savers if _kept(s)
    }
    return (
        plan.net_profit == computed.statement["net_profit"]
        and plan.remainder == result.remainder
        and lines == expected
        and stored == shared
    )


def plan_post(*, plan: AllocationPlan, actor) -> JournalEntry | None:
    """Post the approved plan as ONE ledger entry dated the year end (source ``closing/<year id>``):

    - each income account debited and each expense account credited by its balance for the year,
      undistributed profit credited the net profit (a loss: debited);
    - undistributed profit debited the profit allocated, each category's account credited its
      amount (the rounding remainder on top of its fund's), and dividends payable and rebates
      payable credited with one member-tagged line per member.

    A year without income or expenses posts no entry (``None``). Refused: a plan not approved or
    already posted; the checklist incomplete; a plan no longer
    matching the books (something was posted into the year since it was made: make it again)."""
    with transaction.atomic():
        plan = AllocationPlan.objects.select_for_update().select_related("fiscal_year__group").get(id=plan.id)
        fiscal_year = plan.fiscal_year
        _require_open(fiscal_year)
        if plan.status == AllocationPlan.Status.DRAFT:
            raise SajjaError(
                _("The general meeting has not approved the plan yet: record its resolution first."),
                code="not_approved",
            )
        if plan.status == AllocationPlan.Status.POSTED:
            raise SajjaError(_("The plan is already posted."), code="already_posted")
        _require_checklist(fiscal_year)
        computed = selectors.compute(fiscal_year)
        if not _same(plan, computed):
            raise SajjaError(
                _(
                    "The books of the year changed since the plan was made: make the plan again and have it approved again."
                ),
                code="plan_stale",
            )
        lines = _allocation_lines(plan, computed)
        if not lines:  # no income, no expense: nothing to close or allocate, the plan stands alone
            plan.status = AllocationPlan.Status.POSTED
            plan.save(update_fields=["status"])
            return None
        entry = entries_post(
            group=fiscal_year.group,
            entries=[
                EntryIn(
                    date=fiscal_year.end,
                    memo=in_thai(
                        _("Year end %(year)s: profit closed and allocated (%(resolution)s)"),
                        year=fiscal_year.label,
                        resolution=plan.resolution_ref,
                    )[:300],
                    source=selectors.closing_source(fiscal_year),
                    key=selectors.closing_source(fiscal_year),
                    lines=lines,
                )
            ],
            actor=actor,
        )[0]
        plan.entry = entry
        plan.status = AllocationPlan.Status.POSTED
        plan.save(update_fields=["entry", "status"])
        return entry


def _allocation_lines(plan: AllocationPlan, computed: selectors.Computed) -> list[LineIn]:
    statement, result = computed.statement, computed.share_out
    lines: list[LineIn] = []
    for row in statement["income"]:
        if row["amount"] > 0:
            lines.append(LineIn(row["account"].id, debit=row["amount"]))
        elif row["amount"] < 0:
            lines.append(LineIn(row["account"].id, credit=-row["amount"]))
    for row in statement["expenses"]:
        if row["amount"] > 0:
            lines.append(LineIn(row["account"].id, credit=row["amount"]))
        elif row["amount"] < 0:
            lines.append(LineIn(row["account"].id, debit=-row["amount"]))
    profit = statement["net_profit"]
    if profit > 0:
        lines.append(LineIn("undistributed_profit", credit=profit, memo=in_thai(_("Net profit of the year"))))
        lines.append(LineIn("undistributed_profit", debit=profit, memo=in_thai(_("Net profit allocated"))))
    elif profit < 0:
        lines.append(LineIn("undistributed_profit", debit=-profit, memo=in_thai(_("Net loss of the year"))))
    by_code = {line.code: line for line in plan.lines.all()}
    for code, amount in result.funds.items():
        if amount:
            lines.append(LineIn(by_code[code].account_id, credit=amount, memo=by_code[code].name_th[:200]))
    for member_id, amount in result.dividends.items():
        if amount:
            lines.append(LineIn("dividends_payable", credit=amount, member=member_id))
    for member_id, amount in result.rebates.items():
        if amount:
            lines.append(LineIn("rebates_payable", credit=amount, member=member_id))
    return lines


def year_close(*, fiscal_year: FiscalYear, actor) -> FiscalYear:
    """Lock the year: ``ledger.services.period_close`` through its last day, after the allocation is
    posted. Refused: a year already closed, a year without a posted allocation, an earlier year of
    the group still open."""
    with transaction.atomic():
        fiscal_year = FiscalYear.objects.select_for_update().select_related("group").get(id=fiscal_year.id)
        _require_open(fiscal_year)
        plan = selectors.plan_of(fiscal_year)
        if plan is None or plan.status != AllocationPlan.Status.POSTED:
            raise SajjaError(_("Post the approved profit allocation before closing the year."), code="not_posted")
        earlier = (
            FiscalYear.objects.filter(group=fiscal_year.group, start__lt=fiscal_year.start)
            .exclude(status=FiscalYear.Status.CLOSED)
            .order_by("start")
            .first()
        )
        if earlier:
            raise SajjaError(fmt(_("Close the year %(year)s first."), year=earlier.label), code="earlier_open")
        period_close(group=fiscal_year.group, through=fiscal_year.end, actor=actor)
        fiscal_year.status = FiscalYear.Status.CLOSED
        fiscal_year.closed_at = timezone.now()
        fiscal_year.closed_by = actor
        fiscal_year.save(update_fields=["status", "closed_at", "closed_by"])
        return fiscal_year


def dividend_pay(*, share: MemberShare, method: str, date: dt.date | None = None, key: str = "", actor):
    """Pay a member's dividend and interest rebate of a posted plan, together: in cash (at a meeting)
    or added to their pledge savings, as the member chooses. One entry: dividends payable and rebates
    payable debited (member-tagged), cash credited or the member's pledge savings credited.

    Refused: a resend with a used ``key`` (``AlreadyPosted``: the first payment stands); a share
    already paid; a plan not posted; nothing to pay; a method other than cash or savings; savings for
    a member who has left (they are paid in cash); a date in the closed year or in the future."""
    refuse_repeat(share.group, key)
    if method not in MemberShare.Method.values:
        raise SajjaError(
            _("Choose how it is paid: in cash or added to the pledge savings."), field="method", code="method"
        )
    day = today() if date is None else date
    if not isinstance(day, dt.date) or isinstance(day, dt.datetime):
        raise SajjaError(_("Give a date."), field="date", code="date")
    with transaction.atomic():
        share = MemberShare.objects.select_for_update().select_related("member", "plan__fiscal_year").get(id=share.id)
        fiscal_year = share.plan.fiscal_year
        if share.plan.status != AllocationPlan.Status.POSTED:
            raise SajjaError(_("The allocation is not posted yet: nothing is payable."), code="not_posted")
        if share.is_paid:
            raise SajjaError(
                fmt(_("This share was already paid on %(date)s."), date=format_date(share.paid_on)), code="already_paid"
            )
        if not share.total:
            raise SajjaError(_("There is nothing to pay on this share."), code="nothing_to_pay")
        if day <= fiscal_year.end or day > today():
            raise SajjaError(
                fmt(
                    _("The payment is dated after the year end (%(date)s) and not in the future."),
                    date=format_date(fiscal_year.end),
                ),
                field="date",
                code="date",
            )
        member = share.member
        if method == MemberShare.Method.SAVINGS:
            require_active(member)
        lines = []
        if share.dividend:
            lines.append(LineIn("dividends_payable", debit=share.dividend, member=member))
        if share.rebate:
            lines.append(LineIn("rebates_payable", debit=share.rebate, member=member))
        if method == MemberShare.Method.CASH:
            lines.append(LineIn("cash", credit=share.total))
        else:
            lines.append(LineIn("pledge", credit=share.total, member=member))
        entry = entries_post(
            group=member.group,
            entries=[
                EntryIn(
                    date=day,
                    memo=in_thai(
                        _("Dividend and rebate %(year)s, member %(number)s"),
                        year=fiscal_year.label,
                        number=member.number,
                    ),
                    source=f"closing/share/{share.id}",
                    key=key,
                    lines=lines,
                )
            ],
            actor=actor,
        )[0]
        share.paid_entry = entry
        share.paid_on = day
        share.paid_method = method
        share.save(update_fields=["paid_entry", "paid_on", "paid_method"])
        return entry
