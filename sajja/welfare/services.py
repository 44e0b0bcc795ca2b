"""Every write of funds and welfare: a receipt into a fund, a welfare claim entered, approved or
rejected, paid. Money posts through ``ledger.services`` (one balanced entry, member-tagged lines on a
claim's payment, an idempotency key); refusals are ``SajjaError`` in Thai and English and write
nothing (each write is one ``transaction.atomic``).

Maker-checker: the committee member who approves (or rejects) a claim is not the one who entered it
(the database refuses it too). The rules are checked when the claim is entered, again when it is
approved and again when it is paid (a claim approved later may meet a yearly cap another claim used
in between); the fund must hold the amount on the day it is paid.
"""

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sajja.bylaws.selectors import bylaw_book
from sajja.core.errors import SajjaError, ValidationErrors, fmt, in_thai
from sajja.core.money import lazy_baht, satang_amount
from sajja.core.tenancy import Access, group_access
from sajja.core.thai import format_date
from sajja.ledger.selectors import fiscal_year_start
from sajja.ledger.services import EntryIn, LineIn, entries_post, refuse_repeat
from sajja.members.models import Member

from . import domain, selectors
from .models import FUND_ROLES, FundReceipt, WelfareClaim
from .rules import benefit_name

REASONS = {
    "future_event": _("The event is in the future."),
    "before_joining": _("The event is before the member joined the group."),
    "waiting_period": _("The member has not been a member long enough: the bylaws pay from %(date)s."),
    "not_member": _("The person is not a member of the group (left, expelled, or not covered on that day)."),
    "beneficiary": _("Name the beneficiary who receives the death benefit."),
    "nights": _("Give the number of nights in hospital (1 to 366)."),
    "too_young": _("The member is below the age the bylaws set for the old-age benefit."),
    "duplicate": _("This event was already claimed: a benefit is not paid twice."),
    "over_event_cap": _("The amount asked is more than the bylaws pay for this event (%(amount)s)."),
    "year_cap_reached": _("The member has already received the most the bylaws pay for this benefit this year."),
    "over_year_cap": _("The amount asked is more than is left of this year's cap (%(amount)s)."),
    "nothing_payable": _("The bylaws pay nothing for this benefit."),
}
REASON_FIELDS = {
    "future_event": "event_date",
    "before_joining": "event_date",
    "waiting_period": "event_date",
    "not_member": "member",
    "beneficiary": "beneficiary",
    "nights": "nights",
    "too_young": "member",
    "duplicate": "event_date",
    "over_event_cap": "amount",
    "year_cap_reached": "benefit",
    "over_year_cap": "amount",
    "nothing_payable": "benefit",
}


def reason_message(code: str, assessment: domain.Assessment):
    message = REASONS[code]
    if code == "waiting_period":
        return fmt(message, date=format_date(assessment.eligible_from))
    if code == "over_event_cap":
        return fmt(message, amount=lazy_baht(assessment.entitled))
    if code == "over_year_cap":
        return fmt(message, amount=lazy_baht(assessment.year_room or 0))
    return message


def refusal(assessment: domain.Assessment) -> ValidationErrors:
    """The reasons of a refused assessment as one error with every reason by its field; ``code`` is
    the first reason's code (the one a client branches on)."""
    errors: dict[str, list] = {}
    for code in assessment.reasons:
        errors.setdefault(REASON_FIELDS[code], []).append(reason_message(code, assessment))
    error = ValidationErrors(errors)
    error.code = assessment.reasons[0]
    error.reasons = assessment.reasons
    return error


def _day(value, field: str) -> dt.date:
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        raise SajjaError(_("Give the date."), field=field, code="date")
    return value


def _check_member(group, member) -> Member:
    if not isinstance(member, Member) or member.group_id != group.id:
        raise SajjaError(_("This member is not one of the group's members."), field="member", code="foreign_member")
    return member


def _method_role(method: str) -> str:
    if method not in ("cash", "bank"):
        raise SajjaError(_("Choose cash or bank transfer."), field="method", code="method")
    return method


def _text(value, field: str, max_length: int) -> str:
    text = " ".join(str(value or "").split())
    if len(text) > max_length:
        raise SajjaError(fmt(_("Too long: at most %(max)d characters."), max=max_length), field=field, code="too_long")
    if text[:1] in ("=", "+", "@"):
        raise SajjaError(_("A formula is not accepted here; type the value itself."), field=field, code="formula")
    return text


def claim_assess(
    *,
    group,
    member: Member,
    benefit: str,
    event_date: dt.date,
    nights: int | None = None,
    beneficiary: str = "",
    amount: int | None = None,
    exclude_id: int | None = None,
    today: dt.date | None = None,
) -> domain.Assessment:
    """What the bylaws in force on ``event_date`` pay for this claim, or why they do not (nothing is
    written). ``exclude_id``: a claim being re-checked does not count against itself."""
    _check_member(group, member)
    if benefit not in domain.BENEFITS:
        raise SajjaError(_("Choose the benefit."), field="benefit", code="benefit")
    _day(event_date, "event_date")
    if amount is not None:
        satang_amount(amount)
    rule = domain.Rule.from_bylaws(benefit, bylaw_book(group.id).at(event_date))
    year = fiscal_year_start(group, event_date).year
    facts = domain.Facts(
        event_date=event_date,
        today=today or timezone.localdate(),
        joined_on=member.joined_on,
        birth_date=member.birth_date,
        member_status=member.status,
        status_date=member.status_date,
        nights=nights,
        beneficiary=beneficiary or "",
        asked=amount,
        used_this_year=selectors.used_in_year(group.id, member.id, benefit, year, exclude_id=exclude_id),
        same_event_claimed=selectors.claimed_before(group.id, member.id, benefit, event_date, exclude_id=exclude_id),
    )
    return domain.assess(rule, facts)


def claim_create(
    *,
    group,
    member: Member,
    benefit: str,
    event_date: dt.date,
    nights: int | None = None,
    beneficiary: str = "",
    note: str = "",
    amount: int | None = None,
    actor,
) -> WelfareClaim:
    """Enter a member's claim (the committee, for the member). Checked against the rules in force on
    the event date; the amount is what they pay (or ``amount`` when the claim asks less). Refused with
    every reason at once: before the waiting period, beyond a cap, a member who left, the same event
    twice, ..."""
    beneficiary = _text(beneficiary, "beneficiary", 200)
    note = _text(note, "note", 300)
    if nights is not None and (not isinstance(nights, int) or isinstance(nights, bool)):
        raise SajjaError(_("Give the number of nights in hospital (1 to 366)."), field="nights", code="nights")
    if benefit not in domain.PER_NIGHT:
        nights = None
    with transaction.atomic():
        # One claim at a time per member: the yearly cap and "paid twice" are read and written together.
        Member.objects.select_for_update().filter(id=getattr(member, "id", None)).first()
        assessment = claim_assess(
            group=group,
            member=member,
            benefit=benefit,
            event_date=event_date,
            nights=nights,
            beneficiary=beneficiary,
            amount=amount,
        )
        if not assessment.ok:
            raise refusal(assessment)
        try:
            with transaction.atomic():
                return WelfareClaim.objects.create(
                    group=group,
                    member=member,
                    benefit=benefit,
                    event_date=event_date,
                    nights=nights,
                    beneficiary=beneficiary if benefit == "death" else "",
                    note=note,
                    amount=assessment.payable,
                    fiscal_year=fiscal_year_start(group, event_date).year,
                    created_by=actor,
                )
        except IntegrityError:
            raise SajjaError(REASONS["duplicate"], field="event_date", code="duplicate") from None


def _recheck(claim: WelfareClaim) -> None:
    """The claim still within the rules (the yearly cap may have been used by another claim)."""
    assessment = claim_assess(
        group=claim.group,
        member=claim.member,
        benefit=claim.benefit,
        event_date=claim.event_date,
        nights=claim.nights,
        beneficiary=claim.beneficiary,
        amount=claim.amount,
        exclude_id=claim.id,
    )
    if not assessment.ok:
        raise refusal(assessment)


def _locked(claim: WelfareClaim) -> WelfareClaim:
    locked = WelfareClaim.objects.select_for_update().select_related("member", "group").get(id=claim.id)
    return locked


def _check_checker(claim: WelfareClaim, actor) -> None:
    if group_access(actor, claim.group_id) < Access.MANAGE:
        raise SajjaError(_("Only the managing committee decides welfare claims."), code="not_committee")
    if actor.id == claim.created_by_id:
        raise SajjaError(
            _("The committee member who entered a claim cannot approve it: another committee member must."),
            code="maker_checker",
        )


def claim_approve(*, claim: WelfareClaim, actor) -> WelfareClaim:
    """The committee approves a pending claim (who and when are recorded); not the one who entered it."""
    with transaction.atomic():
        claim = _locked(claim)
        if claim.status != WelfareClaim.Status.PENDING:
            raise SajjaError(_("Only a claim waiting for approval can be approved."), code="not_pending")
        _check_checker(claim, actor)
        Member.objects.select_for_update().filter(id=claim.member_id).first()
        _recheck(claim)
        claim.status = WelfareClaim.Status.APPROVED
        claim.decided_by = actor
        claim.decided_at = timezone.now()
        claim.save(update_fields=["status", "decided_by", "decided_at"])
        return claim


def claim_reject(*, claim: WelfareClaim, reason: str, actor) -> WelfareClaim:
    """The committee rejects a pending claim, with the reason (the event may then be claimed again)."""
    reason = _text(reason, "reason", 300)
    if not reason:
        raise SajjaError(_("Give the reason."), field="reason", code="reason")
    with transaction.atomic():
        claim = _locked(claim)
        if claim.status != WelfareClaim.Status.PENDING:
            raise SajjaError(_("Only a claim waiting for approval can be rejected."), code="not_pending")
        _check_checker(claim, actor)
        claim.status = WelfareClaim.Status.REJECTED
        claim.decided_by = actor
        claim.decided_at = timezone.now()
        claim.decision_reason = reason
        claim.save(update_fields=["status", "decided_by", "decided_at", "decision_reason"])
        return claim


def claim_pay(*, claim: WelfareClaim, date: dt.date, method: str = "cash", key: str = "", actor):
    """Pay an approved claim from the welfare fund: debit the welfare fund, credit cash (or bank),
    both lines tagged with the member. Refused: not approved (or paid already), a date in the future
    or before the event, the fund's balance on that day below the amount. ``key``: the same key never
    pays twice (``AlreadyPosted``)."""
    role = _method_role(method)
    _day(date, "date")
    if date > timezone.localdate():
        raise SajjaError(_("The date is in the future."), field="date", code="future")
    with transaction.atomic():
        refuse_repeat(claim.group, key)
        claim = _locked(claim)
        if claim.status == WelfareClaim.Status.PAID:
            raise SajjaError(_("This claim has already been paid: it is not paid twice."), code="already_paid")
        if claim.status != WelfareClaim.Status.APPROVED:
            raise SajjaError(_("A claim is paid once the committee has approved it."), code="not_approved")
        if date < claim.event_date:
            raise SajjaError(_("A claim is paid on or after the day of the event."), field="date", code="too_early")
        Member.objects.select_for_update().filter(id=claim.member_id).first()
        _recheck(claim)
        # The fund must hold the amount on the day paid and today (a later payment may have used it).
        balance = min(
            selectors.fund_balance(claim.group_id, "welfare_fund", through=date),
            selectors.fund_balance(claim.group_id, "welfare_fund"),
        )
        if balance < claim.amount:
            raise SajjaError(
                fmt(
                    _("The welfare fund holds %(balance)s: not enough to pay %(amount)s."),
                    balance=lazy_baht(balance),
                    amount=lazy_baht(claim.amount),
                ),
                field="amount",
                code="fund_short",
            )
        memo = in_thai(
            _("Welfare %(benefit)s: %(name)s (claim %(number)s)"),
            benefit=benefit_name(claim.benefit),
            name=claim.member.full_name,
            number=claim.number,
        )
        entry = entries_post(
            group=claim.group,
            entries=[
                EntryIn(
                    date=date,
                    memo=memo[:300],
                    source=f"welfare:{claim.number}",
                    key=key,
                    lines=[
                        LineIn("welfare_fund", debit=claim.amount, member=claim.member),
                        LineIn(role, credit=claim.amount, member=claim.member),
                    ],
                )
            ],
            actor=actor,
        )[0]
        claim.status = WelfareClaim.Status.PAID
        claim.paid_on = date
        claim.method = method
        claim.entry = entry
        claim.save(update_fields=["status", "paid_on", "method", "entry"])
        return claim


def fund_receive(
    *,
    group,
    fund: str,
    amount: int,
    date: dt.date,
    source: str,
    method: str = "cash",
    note: str = "",
    key: str = "",
    actor,
) -> FundReceipt:
    """Money received into a fund (a donation to the welfare fund, a grant for training, a transfer
    the meeting decided): debit cash (or bank), credit the fund. ``source``: who gave it."""
    if fund not in FUND_ROLES:
        raise SajjaError(_("Choose the fund."), field="fund", code="fund")
    satang_amount(amount)
    role = _method_role(method)
    _day(date, "date")
    if date > timezone.localdate():
        raise SajjaError(_("The date is in the future."), field="date", code="future")
    source = _text(source, "source", 200)
    if not source:
        raise SajjaError(_("Say who the money is from."), field="source", code="source")
    note = _text(note, "note", 300)
    with transaction.atomic():
        refuse_repeat(group, key)
        memo = in_thai(_("Received into the %(fund)s from %(source)s"), fund=selectors.fund_name(fund), source=source)
        entry = entries_post(
            group=group,
            entries=[
                EntryIn(
                    date=date,
                    memo=memo[:300],
                    source="welfare:fund",
                    key=key,
                    lines=[LineIn(role, debit=amount), LineIn(fund, credit=amount)],
                )
            ],
            actor=actor,
        )[0]
        return FundReceipt.objects.create(
            group=group,
            fund=fund,
            amount=amount,
            date=date,
            source=source,
            method=method,
            note=note,
            entry=entry,
            created_by=actor,
        )
