"""Every loan write: request, vote, decision, pay-out, repayment, late fines, guarantor payment,
write-off. Money posts through ``ledger.services`` with the borrower on the loan lines (so the
savings settlement and the member's statement read the same lines). Refusals are ``SajjaError``
in Thai and English and write nothing."""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sajja.bylaws import registry
from sajja.bylaws.selectors import bylaw_book
from sajja.core.bulk import insert_rows, loaded, reserve_ids
from sajja.core.errors import SajjaError, fmt, in_thai, thai
from sajja.core.money import lazy_baht, satang_amount
from sajja.core.thai import format_date
from sajja.ledger.selectors import balances, role_map
from sajja.ledger.services import EntryIn, LineIn, entries_post, refuse_repeat
from sajja.members.models import Member
from sajja.members.services import require_active

from . import domain, selectors
from .models import (
    KIND_ROLE,
    Guarantee,
    Instalment,
    Loan,
    LoanFine,
    LoanRequest,
    LoanVote,
    Repayment,
    Restructure,
    WriteOff,
)


def _day(day, *, not_before: dt.date | None = None, field: str = "date") -> dt.date:
    if not isinstance(day, dt.date) or isinstance(day, dt.datetime):
        raise SajjaError(_("Give the date."), field=field, code="date")
    if day > timezone.localdate():
        raise SajjaError(_("The date is in the future."), field=field, code="future")
    if not_before and day < not_before:
        raise SajjaError(
            fmt(_("The date is before %(date)s."), date=format_date(not_before)), field=field, code="too_early"
        )
    return day


def _schedule(kind: str, amount: int, term_months: int, start: dt.date, rules: dict, rate: int | None = None):
    """The schedule of ``amount`` over ``term_months`` by the kind's bylaws in ``rules`` (at the
    kind's rate, or ``rate``), refused over the legal cap: (rows, every, instalments, grace)."""
    every = rules[f"loan.{kind}.every_months"]
    instalments = max(1, term_months // every)
    grace = min(rules[f"loan.{kind}.grace"], instalments - 1)
    rows = domain.schedule(
        method=rules[f"loan.{kind}.method"],
        principal=amount,
        rate_bp_month=rules[f"loan.{kind}.rate"] if rate is None else rate,
        instalments=instalments,
        start=start,
        every_months=every,
        grace=grace,
    )
    if yearly := domain.over_legal_cap(rows, amount, every):
        raise SajjaError(
            fmt(
                _("This loan would cost the borrower %(rate)s a year: the law allows at most 15%%."),
                rate=registry.format_rate(yearly),
            ),
            code="over_legal_cap",
        )
    return rows, every, instalments, grace


def loan_request(
    *,
    member: Member,
    kind: str,
    amount: int,
    term_months: int,
    purpose: str,
    guarantors: Sequence[Member],
    date: dt.date,
    actor,
) -> LoanRequest:
    """A member asks for a loan (or the treasurer for them). Checked against the bylaws in force:
    the amount within the cap and the multiple of the borrower's pledge savings, the term, the
    legal rate cap; the borrower active and not late on another loan; the number of guarantors, each
    an active member of the group, not the borrower, with enough pledge savings, not guaranteeing too
    many loans already, and not late on a loan of their own."""
    require_active(member)
    if kind not in KIND_ROLE:
        raise SajjaError(_("Choose the kind of loan."), field="kind", code="kind")
    satang_amount(amount)
    _day(date, not_before=member.joined_on)
    if not str(purpose or "").strip():
        raise SajjaError(_("Say what the loan is for."), field="purpose", code="purpose")
    rules = bylaw_book(member.group_id).at(date)
    most = selectors.limit(member, kind, date)
    if amount > most["cap"]:
        raise SajjaError(
            fmt(_("The most the bylaws lend for this kind of loan is %(amount)s."), amount=lazy_baht(most["cap"])),
            field="amount",
            code="over_cap",
        )
    if most["by_savings"] is not None and amount > most["by_savings"]:
        raise SajjaError(
            fmt(
                _("The bylaws lend at most %(times)s times the borrower's pledge savings (%(savings)s): %(amount)s."),
                times=most["multiple"], savings=lazy_baht(most["savings"]), amount=lazy_baht(most["by_savings"]),
            ),
            field="amount", code="over_savings",
        )  # fmt: skip
    _refuse_over_cash_share(amount, most)
    if not isinstance(term_months, int) or isinstance(term_months, bool) or term_months < 1:
        raise SajjaError(_("Give the term in whole months."), field="term_months", code="term")
    _refuse_over_term(term_months, most["max_term_months"])
    _schedule(kind, amount, term_months, date, rules)  # refuses a rate over the legal cap
    group_id = member.group_id
    if member.id in selectors.in_arrears(group_id, [member.id], date):
        raise SajjaError(
            _("The member is late on a loan: that must be put right first."), field="member", code="borrower_in_arrears"
        )
    guarantors = list(guarantors)
    _check_guarantors(member, guarantors, most["guarantors"], rules, date)
    with transaction.atomic():
        request = LoanRequest.objects.create(
            group_id=group_id, member=member, kind=kind, amount=amount, term_months=term_months,
            purpose=purpose.strip()[:300], requested_on=date, created_by=actor,
        )  # fmt: skip
        Guarantee.objects.bulk_create([Guarantee(group_id=group_id, request=request, guarantor=g) for g in guarantors])
        return request


def _refuse_over_term(term_months: int, longest: int) -> None:
    if term_months > longest:
        raise SajjaError(
            fmt(_("The longest term the bylaws allow is %(months)s months."), months=longest),
            field="term_months",
            code="over_term",
        )


def _refuse_over_cash_share(amount: int, most: dict) -> None:
    if most["by_cash"] is not None and amount > most["by_cash"]:
        raise SajjaError(
            fmt(
                _("The bylaws lend at most %(share)s of the group's money (%(money)s) on one loan: %(amount)s."),
                share=registry.format_rate(most["cash_share"]), money=lazy_baht(most["money"]), amount=lazy_baht(most["by_cash"]),
            ),
            field="amount", code="over_cash_share",
        )  # fmt: skip


def _check_guarantors(member: Member, guarantors: list[Member], needed: int, rules: dict, date: dt.date) -> None:
    if len({g.id for g in guarantors}) != len(guarantors):
        raise SajjaError(_("A guarantor is named twice."), field="guarantors", code="guarantor_twice")
    if len(guarantors) != needed:
        raise SajjaError(
            fmt(_("This kind of loan needs %(count)s guarantors."), count=needed),
            field="guarantors",
            code="guarantor_count",
        )
    if not guarantors:
        return
    from sajja.savings.selectors import MemberMoney, member_money

    ids = [g.id for g in guarantors]
    money = member_money(member.group_id, ids)
    busy = selectors.guarantees_open(ids)
    late = selectors.in_arrears(member.group_id, ids, date)
    for g in guarantors:
        name = g.full_name
        if g.id == member.id:
            raise SajjaError(
                _("A borrower cannot guarantee their own loan."), field="guarantors", code="guarantor_self"
            )
        if g.group_id != member.group_id or g.status != Member.Status.ACTIVE:
            raise SajjaError(
                _("A guarantor must be an active member of the group."), field="guarantors", code="guarantor_not_member"
            )
        if money.get(g.id, MemberMoney()).pledge < rules["loan.guarantor.min_savings"]:
            raise SajjaError(
                fmt(_("%(name)s has less than %(amount)s of pledge savings to guarantee a loan."), name=name, amount=lazy_baht(rules["loan.guarantor.min_savings"])),
                field="guarantors", code="guarantor_savings",
            )  # fmt: skip
        if busy.get(g.id, 0) >= rules["loan.guarantor.max_loans"]:
            raise SajjaError(
                fmt(_("%(name)s already guarantees %(count)s loans, the most the bylaws allow."), name=name, count=busy[g.id]),
                field="guarantors", code="guarantor_busy",
            )  # fmt: skip
        if g.id in late:
            raise SajjaError(
                fmt(_("%(name)s is late on a loan and cannot guarantee one."), name=name),
                field="guarantors",
                code="guarantor_in_arrears",
            )


def _committee_member(request: LoanRequest, actor, day: dt.date) -> Member:
    committee = selectors.loan_committee(request.group_id, day)
    for member in committee:
        if member.user_id == actor.id:
            return member
    raise SajjaError(_("Only a member of the loan committee may do this."), code="not_loan_committee")


def loan_vote(*, request: LoanRequest, vote: str, date: dt.date, actor) -> LoanVote:
    """A loan-committee member's vote on a waiting request, once each."""
    if request.status != LoanRequest.Status.REQUESTED:
        raise SajjaError(_("This request is no longer waiting for the committee."), code="not_waiting")
    if vote not in LoanVote.Vote.values:
        raise SajjaError(_("Vote approve, reject or abstain."), field="vote", code="vote")
    _day(date, not_before=request.requested_on)
    voter = _committee_member(request, actor, date)
    if LoanVote.objects.filter(request=request, voter=voter).exists():
        raise SajjaError(_("You have already voted on this request."), code="voted_twice")
    return LoanVote.objects.create(group_id=request.group_id, request=request, voter=voter, vote=vote, cast_on=date)


def loan_decide(
    *, request: LoanRequest, decision: str, date: dt.date, reason: str = "", amount: int | None = None, actor
) -> LoanRequest:
    """Record the loan committee's decision. It needs a quorum (more than half of the committee has
    voted) and must follow the votes: approve or reduce only when more than half of the votes cast
    approve, reject otherwise. A reduced amount is below the amount asked; a rejection gives the reason."""
    with transaction.atomic():
        request = LoanRequest.objects.select_for_update().get(id=request.id)
        if request.status != LoanRequest.Status.REQUESTED:
            raise SajjaError(_("This request is no longer waiting for the committee."), code="not_waiting")
        _day(date, not_before=request.requested_on)
        _committee_member(request, actor, date)
        committee = selectors.loan_committee(request.group_id, date)
        votes = list(request.votes.all())
        if len(votes) * 2 <= len(committee):
            raise SajjaError(
                fmt(
                    _("No quorum: %(votes)s of the %(members)s committee members have voted."),
                    votes=len(votes),
                    members=len(committee),
                ),
                code="no_quorum",
            )
        approving = sum(1 for v in votes if v.vote == LoanVote.Vote.APPROVE) * 2 > len(votes)
        if decision not in LoanRequest.Decision.values:
            raise SajjaError(_("Choose approve, reduce or reject."), field="decision", code="decision")
        if (decision == LoanRequest.Decision.REJECT) == approving:
            raise SajjaError(
                _("The decision must follow the committee's votes."), field="decision", code="against_votes"
            )
        approved = None
        if decision == LoanRequest.Decision.APPROVE:
            approved = request.amount
        elif decision == LoanRequest.Decision.REDUCE:
            approved = satang_amount(amount)
            if approved >= request.amount:
                raise SajjaError(
                    _("A reduced amount is less than the amount asked."), field="amount", code="not_reduced"
                )
        if decision != LoanRequest.Decision.APPROVE and not reason.strip():
            raise SajjaError(_("Give the reason for the decision."), field="reason", code="reason")
        request.decision = decision
        request.approved_amount = approved
        request.decided_on = date
        request.decision_reason = reason.strip()[:300]
        request.decided_by = actor
        request.status = (
            LoanRequest.Status.REJECTED if decision == LoanRequest.Decision.REJECT else LoanRequest.Status.APPROVED
        )
        request.save()
        return request


def loan_disburse(*, request: LoanRequest, date: dt.date, method: str = "cash", key: str = "", actor) -> Loan:
    """Pay out an approved loan in cash or by bank transfer: the contracted schedule is fixed, the
    entry posts (loans receivable of the borrower / cash or bank), and guarantors' held savings are
    recorded. Refused when the group has less money than the loan in the chosen place."""
    refuse_repeat(request.group_id, key)
    if method not in ("cash", "bank"):
        raise SajjaError(_("Paid in cash or by bank transfer?"), field="method", code="method")
    with transaction.atomic():
        request = LoanRequest.objects.select_for_update().select_related("member").get(id=request.id)
        if request.status != LoanRequest.Status.APPROVED:
            raise SajjaError(_("Only an approved loan is paid out."), code="not_approved")
        _day(date, not_before=request.decided_on)
        member = request.member
        require_active(member)
        rules = bylaw_book(request.group_id).at(date)
        amount = request.approved_amount
        _refuse_over_cash_share(amount, selectors.limit(member, request.kind, date))
        rows, every, instalments, grace = _schedule(request.kind, amount, request.term_months, date, rules)
        roles = role_map(request.group_id)
        money = {row.account.id: row.balance for row in balances(request.group_id, through=date)}
        available = money.get(roles[method], 0)
        if available < amount:
            raise SajjaError(
                fmt(_("The group has only %(amount)s there: not enough for this loan."), amount=lazy_baht(available)),
                code="not_enough_money",
            )
        entry = entries_post(
            group=member.group,
            entries=[
                EntryIn(
                    date=date,
                    memo=in_thai(_("Loan paid out, member no. %(number)s"), number=member.number),
                    source=f"loan-request/{request.id}",
                    key=key,
                    lines=[LineIn(KIND_ROLE[request.kind], debit=amount, member=member), LineIn(method, credit=amount)],
                )
            ],
            actor=actor,
        )[0]
        loan = Loan.objects.create(
            group_id=request.group_id, request=request, member=member, kind=request.kind, principal=amount,
            rate_bp_month=rules[f"loan.{request.kind}.rate"], method=rules[f"loan.{request.kind}.method"],
            every_months=every, instalments=instalments, grace=grace, disbursed_on=date, entry=entry, created_by=actor,
        )  # fmt: skip
        Instalment.objects.bulk_create(
            [
                Instalment(
                    group_id=loan.group_id,
                    loan=loan,
                    number=r.number,
                    due=r.due,
                    principal=r.principal,
                    interest=r.interest,
                )
                for r in rows
            ]
        )
        from sajja.savings.selectors import MemberMoney, member_money

        guarantees = list(request.guarantees.all())
        savings = member_money(request.group_id, [g.guarantor_id for g in guarantees])
        share = rules["loan.guarantor.hold_share"]
        for g in guarantees:
            g.held = savings.get(g.guarantor_id, MemberMoney()).pledge * share // 10_000
        Guarantee.objects.bulk_update(guarantees, ["held"])
        request.status = LoanRequest.Status.DISBURSED
        request.save(update_fields=["status"])
        return loan


def fines_charge(*, loan: Loan, date: dt.date, actor) -> list[LoanFine]:
    """Charge the bylaws' fine for each instalment late on ``date`` (unpaid past its due date and the
    days of grace), once an instalment, never above the bylaws' most on one loan."""
    return fines_charge_many(group=loan.member.group, loans=[loan], date=date, actor=actor)


def fines_charge_many(*, group, loans: Sequence[Loan], date: dt.date, actor) -> list[LoanFine]:
    """``fines_charge`` for many loans of ``group`` at once, in a fixed number of queries: each
    loan's late instalments under the schedule in force on ``date`` (``selectors.pending_fines``)."""
    loans = list(loans)
    rows = selectors.loan_rows(loans, due_by=date)
    return _fines_charge(group, loans, date, rows, bylaw_book(group.id).at(date), actor)


def _fines_charge(group, loans: list[Loan], date: dt.date, rows: dict, rules: dict, actor) -> list[LoanFine]:
    """``fines_charge_many`` on loan rows already read (``selectors.loan_rows``); the fines charged
    are added to ``rows`` so a state computed from them afterwards includes them."""
    plans = []
    for loan in loans:
        version, _terms = selectors.terms_on(loan, date, rows["restructures"][loan.id])
        for number, amount in selectors.pending_fines(
            loan, date, rules=rules,
            schedule=[r for r in rows["schedule"][loan.id] if r.version == version],
            repayments=[r for r in rows["repayments"][loan.id] if r.version == version],
            fines=rows["fines"][loan.id], version=version,
        ):  # fmt: skip
            plans.append((loan, version, number, amount))
    if not plans:
        return []
    memo = thai(_("Fine for a late instalment %(n)s, loan %(loan)s"))
    posted = entries_post(
        group=group,
        entries=[
            EntryIn(
                date=date,
                memo=memo % {"n": number, "loan": loan.number},
                source=f"loan/{loan.id}",
                lines=[
                    LineIn("fines_receivable", debit=amount, member=loan.member),
                    LineIn("fine_income", credit=amount),
                ],
            )
            for loan, _version, number, amount in plans
        ],
        actor=actor,
    )
    fines = LoanFine.objects.bulk_create(
        [
            LoanFine(
                group_id=group.id,
                loan=loan,
                version=version,
                instalment=number,
                amount=amount,
                charged_on=date,
                entry=entry,
            )  # fmt: skip
            for (loan, version, number, amount), entry in zip(plans, posted, strict=True)
        ]
    )
    for fine in fines:
        rows["fines"][fine.loan_id].append(fine)
    return fines


@dataclass(frozen=True)
class RepayIn:
    """One repayment of a batch (``loans_repay``): ``amount`` satang on ``loan`` (a loan or its id),
    paid in cash, by bank, from the borrower's credit (``method``), or by a guarantor (``source``,
    ``guarantor``). ``borrower``: the loan's member where the caller has it at hand (a meeting's
    sheet has every member), so it is not read again; it must be the loan's."""

    loan: Loan | int
    amount: int
    method: str = "cash"
    source: str = Repayment.Source.BORROWER
    guarantor: Member | None = None
    key: str = ""
    borrower: Member | None = None


def loan_repay(
    *,
    loan: Loan,
    date: dt.date,
    amount: int,
    method: str = "cash",
    key: str = "",
    actor,
    source: str = Repayment.Source.BORROWER,
    guarantor: Member | None = None,
) -> Repayment:
    """A repayment of any amount (``loans_repay`` for one loan; the rules are there)."""
    item = RepayIn(loan=loan, amount=amount, method=method, source=source, guarantor=guarantor, key=key)
    return loans_repay(group=loan.member.group, date=date, items=[item], actor=actor)[0]


def _paid_from(item: RepayIn) -> str:
    if item.source == Repayment.Source.GUARANTOR_SAVINGS:
        return "pledge"
    if item.method in ("cash", "bank"):
        return item.method
    if item.method == "credit":
        return "member_credit"
    raise SajjaError(_("Paid in cash or by bank transfer?"), field="method", code="method")


def loans_repay(*, group, date: dt.date, items: Sequence[RepayIn], actor) -> list[Repayment]:
    """Repayments of any amount on many loans of ``group`` on ``date``, in one transaction and a fixed
    number of queries (the meeting day posts a whole collection sheet this way).

    Each loan's late fines are charged first; then its amount pays fines, interest due and principal
    in the bylaws' order (by default fines, then interest, then principal). Paying everything owed
    closes the loan, with the interest for the days since the last due date (and any interest a
    restructuring carried), and releases the guarantees. An amount that would pay all the principal
    but not the interest for the days since the last due date is refused. More than the payoff is
    refused, or, where the bylaws say so (``loan.overpayment``), the rest is held as the borrower's
    credit (``member_credit``), refunded by ``credit_refund`` or spent with ``method="credit"``. A
    key makes a resend post nothing (``AlreadyPosted``); one loan appears once a batch."""
    items = list(items)
    refuse_repeat(group.id, *[item.key for item in items if item.key])
    for item in items:
        satang_amount(item.amount)
        _paid_from(item)
    ids = [getattr(item.loan, "id", item.loan) for item in items]
    if len(set(ids)) != len(ids):
        raise SajjaError(
            _("Two repayments of one batch pay the same loan: post them one after the other."),
            field="loan",
            code="loan_twice",
        )
    with transaction.atomic():
        by_id = {loan.id: loan for loan in Loan.objects.select_for_update().filter(group_id=group.id, id__among=ids)}
        if len(by_id) != len(ids):
            raise SajjaError(_("This loan is not one of the group's loans."), field="loan", code="foreign_loan")
        loans = [by_id[i] for i in ids]
        _borrowers(items, loans, group)
        _day(date)
        for loan in loans:
            if loan.status != Loan.Status.OPEN:
                raise SajjaError(_("This loan is closed: nothing more is owed on it."), code="loan_closed")
            if date < loan.disbursed_on:
                _day(date, not_before=loan.disbursed_on)  # the refusal, with its message
        rows, rules = selectors.loan_rows(loans, due_by=date), bylaw_book(group.id).at(date)
        _fines_charge(group, loans, date, rows, rules, actor)  # late fines first: the states below include them
        order = tuple(rules["loan.repayment_order"].split("_"))
        memo = thai(_("Loan repayment, loan %(loan)s, member no. %(number)s"))
        plans, entries = [], []
        for item, loan in zip(items, loans, strict=True):
            st = selectors.state(
                loan, date, schedule=rows["schedule"][loan.id], repayments=rows["repayments"][loan.id],
                fines=rows["fines"][loan.id], restructures=rows["restructures"][loan.id], rules=rules,
            )  # fmt: skip
            lines, parts, credit = _repayment_lines(item, loan, st, rules, order)
            entries.append(
                EntryIn(
                    date=date,
                    memo=memo % {"loan": loan.number, "number": loan.member.number},
                    source=f"loan/{loan.id}",
                    key=item.key,
                    lines=lines,
                )
            )
            closes = parts.principal == st.outstanding and parts.fine == st.fines_due
            plans.append((item, loan, parts, credit, st.version, closes))
        posted = entries_post(group=group, entries=entries, actor=actor)
        ids = reserve_ids(Repayment, len(plans))
        rows = [
            (repayment_id, group.id, loan.id, date, item.amount, parts.fine, parts.interest, parts.principal, credit,
             item.source, item.guarantor.id if item.guarantor else None, entry.id, version, None)
            for repayment_id, (item, loan, parts, credit, version, _closes), entry in zip(
                ids, plans, posted, strict=True
            )
        ]  # fmt: skip
        insert_rows(Repayment, _REPAYMENT_FIELDS, rows)
        repayments = loaded(Repayment, _REPAYMENT_FIELDS, rows)
        for repayment, (item, loan, *_rest), entry in zip(repayments, plans, posted, strict=True):
            repayment._state.fields_cache.update(loan=loan, entry=entry, guarantor=item.guarantor)
        if closed := [loan for _item, loan, *_rest, closes in plans if closes]:
            Loan.objects.filter(id__in=[loan.id for loan in closed]).update(status=Loan.Status.CLOSED, closed_on=date)
            Guarantee.objects.filter(
                request_id__in=[loan.request_id for loan in closed], released_on__isnull=True
            ).update(released_on=date)
            for loan in closed:
                loan.status, loan.closed_on = Loan.Status.CLOSED, date
        return repayments


# Every field, in the model's order (``core.bulk.loaded`` builds the repayments from these rows).
_REPAYMENT_FIELDS = (
    "id", "group", "loan", "date", "amount", "fine", "interest", "principal", "credit", "source", "guarantor", "entry",
    "version", "reverses",
)  # fmt: skip


def _borrowers(items: list[RepayIn], loans: list[Loan], group) -> None:
    """Give each loan its member: the one the item brings (``borrower``, or the member already read
    with the loan it names), the others in one query."""
    known = {}
    for item, loan in zip(items, loans, strict=True):
        given = item.borrower
        if given is None and isinstance(item.loan, Loan) and Loan.member.is_cached(item.loan):
            given = item.loan.member
        if given is not None:
            if given.id != loan.member_id:
                raise SajjaError(
                    _("This loan is not one of the member's open loans."), field="loan", code="not_members_loan"
                )
            known[loan.id] = given
    missing = {loan.member_id for loan in loans if loan.id not in known}
    read = Member.objects.in_bulk(list(missing)) if missing else {}
    for loan in loans:
        loan.member = known.get(loan.id) or read[loan.member_id]
        loan.member.group = group


def _repayment_lines(item: RepayIn, loan: Loan, st, rules: dict, order: tuple):
    """The lines of one repayment and its split (the rules of ``loans_repay``)."""
    amount, member = item.amount, loan.member
    if item.method == "credit" and amount > (held := selectors.credit(member, st.day)):
        raise SajjaError(
            fmt(_("The member's credit is only %(amount)s."), amount=lazy_baht(held)),
            field="amount",
            code="over_credit",
        )
    credit = 0
    if amount > st.payoff:
        holding = rules["loan.overpayment"] == "credit"
        if not holding or item.source != Repayment.Source.BORROWER or item.method == "credit":
            raise SajjaError(
                fmt(_("%(amount)s is more than everything owed on this loan (%(payoff)s)."), amount=lazy_baht(amount), payoff=lazy_baht(st.payoff)),
                field="amount", code="overpayment",
            )  # fmt: skip
        credit = amount - st.payoff
    paying = amount - credit
    paying_off = paying == st.payoff
    interest_owed = st.interest_due + (st.carried + st.accrued if paying_off else 0)
    parts = domain.allocate(paying, fine=st.fines_due, interest=interest_owed, principal=st.outstanding, order=order)
    if not paying_off and parts.principal == st.outstanding:
        raise SajjaError(
            fmt(_("This pays all the principal but not everything else owed (fines, or interest for the days since the last due date): %(payoff)s closes the loan."), payoff=lazy_baht(st.payoff)),
            field="amount", code="short_of_payoff",
        )  # fmt: skip
    if item.source == Repayment.Source.GUARANTOR_SAVINGS:
        payer = item.guarantor
    elif item.method == "credit":
        payer = member
    else:
        payer = None
    lines = [LineIn(_paid_from(item), debit=amount, member=payer)]
    if parts.fine:
        lines.append(LineIn("fines_receivable", credit=parts.fine, member=member))
    if parts.interest:
        lines.append(LineIn("interest_income", credit=parts.interest, member=member))
    if parts.principal:
        lines.append(LineIn(KIND_ROLE[loan.kind], credit=parts.principal, member=member))
    if credit:
        lines.append(LineIn("member_credit", credit=credit, member=member))
    return lines, parts, credit


def repayment_reverse(*, repayment: Repayment, date: dt.date, reason: str, actor) -> Repayment:
    """Undo a repayment recorded by mistake (a wrong amount typed at the meeting, the wrong loan):
    the ledger's reversing entry dated ``date`` for ``reason``, and a repayment row with the same
    parts negated, so the loan owes again what that payment had paid (a loan it closed is open
    again and its guarantees held again). Late fines charged when it was paid stay: the instalment
    was late all the same.

    Refused: a correction of a correction or one already reversed; a repayment that is not the
    loan's latest standing one (the later ones were split on top of it: reverse them first); a loan
    restructured or written off since; credit held from it that has been refunded or spent."""
    from sajja.ledger.services import entry_reverse

    with transaction.atomic():
        loan = Loan.objects.select_for_update().select_related("member").get(id=repayment.loan_id)
        repayment = Repayment.objects.select_related("entry").get(id=repayment.id)
        if repayment.reverses_id or Repayment.objects.filter(reverses=repayment).exists():
            raise SajjaError(_("This repayment has already been corrected."), code="already_reversed")
        standing = Repayment.objects.filter(loan=loan, reverses__isnull=True, reversed_by__isnull=True)
        if standing.filter(Q(date__gt=repayment.date) | Q(date=repayment.date, id__gt=repayment.id)).exists():
            raise SajjaError(
                _("Later repayments of this loan were split on top of this one: correct the latest first."),
                code="not_latest",
            )
        if loan.status == Loan.Status.WRITTEN_OFF or loan.restructures.filter(date__gte=repayment.date).exists():
            raise SajjaError(
                _("The loan was restructured or written off since this repayment: it cannot be undone here."),
                code="loan_changed",
            )
        _day(date, not_before=repayment.date)
        if repayment.credit and selectors.credit(loan.member, date) < repayment.credit:
            raise SajjaError(
                _("The credit this repayment left has been refunded or spent: it cannot be undone."),
                code="credit_used",
            )
        reversal = entry_reverse(entry=repayment.entry, date=date, reason=reason, actor=actor)
        undone = Repayment.objects.create(
            group_id=repayment.group_id, loan=loan, date=date, amount=-repayment.amount, fine=-repayment.fine,
            interest=-repayment.interest, principal=-repayment.principal, credit=-repayment.credit,
            source=repayment.source, guarantor_id=repayment.guarantor_id, entry=reversal, version=repayment.version,
            reverses=repayment,
        )  # fmt: skip
        if loan.status == Loan.Status.CLOSED:
            Guarantee.objects.filter(request_id=loan.request_id, released_on=loan.closed_on).update(released_on=None)
            loan.status, loan.closed_on = Loan.Status.OPEN, None
            loan.save(update_fields=["status", "closed_on"])
        return undone


def guarantor_pay(
    *,
    loan: Loan,
    guarantor: Member,
    date: dt.date,
    amount: int,
    from_held_savings: bool,
    method: str = "cash",
    key: str = "",
    actor,
) -> Repayment:
    """A guarantor pays on a borrower's loan: in money, or from the guarantor's savings held for it
    (never more than is still held). ``key`` makes a resend post nothing (``AlreadyPosted``)."""
    refuse_repeat(loan.group_id, key)
    _day(date, not_before=loan.disbursed_on)
    hold = next((h for h in selectors.holds(loan, date) if h.guarantee.guarantor_id == guarantor.id), None)
    if hold is None:
        raise SajjaError(_("This member does not guarantee this loan."), field="guarantor", code="not_guarantor")
    if from_held_savings and amount > hold.now:
        raise SajjaError(
            fmt(_("Only %(amount)s of this guarantor's savings is held for the loan."), amount=lazy_baht(hold.now)),
            field="amount",
            code="over_held",
        )
    source = Repayment.Source.GUARANTOR_SAVINGS if from_held_savings else Repayment.Source.GUARANTOR
    return loan_repay(
        loan=loan, date=date, amount=amount, method=method, key=key, actor=actor, source=source, guarantor=guarantor
    )


def loan_write_off(*, loan: Loan, date: dt.date, reason: str, resolution: str, actor) -> WriteOff:
    """Write off the principal still owed on a loan that cannot be recovered, by a resolution with
    the reason: bad-debt expense against the loan; the loan is closed as written off."""
    if not reason.strip():
        raise SajjaError(_("Give the reason for the write-off."), field="reason", code="reason")
    if not resolution.strip():
        raise SajjaError(_("Name the resolution that approved the write-off."), field="resolution", code="resolution")
    with transaction.atomic():
        loan = Loan.objects.select_for_update().select_related("member").get(id=loan.id)
        if loan.status != Loan.Status.OPEN:
            raise SajjaError(_("This loan is closed: nothing more is owed on it."), code="loan_closed")
        _day(date, not_before=loan.disbursed_on)
        owed = selectors.state(loan, date).outstanding
        entry = entries_post(
            group=loan.member.group,
            entries=[
                EntryIn(
                    date=date,
                    memo=in_thai(
                        _("Loan written off, loan %(loan)s: %(reason)s"), loan=loan.number, reason=reason.strip()
                    ),
                    source=f"loan/{loan.id}",
                    lines=[
                        LineIn("bad_debt_expense", debit=owed),
                        LineIn(KIND_ROLE[loan.kind], credit=owed, member=loan.member),
                    ],
                )
            ],
            actor=actor,
        )[0]
        loan.status, loan.closed_on = Loan.Status.WRITTEN_OFF, date
        loan.save(update_fields=["status", "closed_on"])
        Guarantee.objects.filter(request=loan.request, released_on__isnull=True).update(released_on=date)
        return WriteOff.objects.create(
            group_id=loan.group_id, loan=loan, date=date, principal=owed, reason=reason.strip()[:300],
            resolution=resolution.strip()[:300], entry=entry, created_by=actor,
        )  # fmt: skip


def credit_refund(*, member: Member, date: dt.date, amount: int, method: str = "cash", key: str = "", actor):
    """Pay back to ``member`` (part of) the credit held from their overpayments, in cash or by bank."""
    refuse_repeat(member.group_id, key)
    satang_amount(amount)
    if method not in ("cash", "bank"):
        raise SajjaError(_("Paid in cash or by bank transfer?"), field="method", code="method")
    _day(date)
    with transaction.atomic():
        Member.objects.select_for_update().get(id=member.id)  # one refund of a member at a time
        held = selectors.credit(member, date)
        if amount > held:
            raise SajjaError(
                fmt(_("The member's credit is only %(amount)s."), amount=lazy_baht(held)),
                field="amount",
                code="over_credit",
            )
        return entries_post(
            group=member.group,
            entries=[
                EntryIn(
                    date=date,
                    memo=in_thai(_("Credit refunded, member no. %(number)s"), number=member.number),
                    source=f"member/{member.id}",
                    key=key,
                    lines=[LineIn("member_credit", debit=amount, member=member), LineIn(method, credit=amount)],
                )
            ],
            actor=actor,
        )[0]


def loan_restructure(
    *,
    loan: Loan,
    date: dt.date,
    term_months: int,
    reason: str,
    resolution: str,
    rate_bp_month: int | None = None,
    actor,
) -> Restructure:
    """Put an open loan on a new schedule by a resolution (ปรับโครงสร้างหนี้): from ``date``, the
    principal still owed is repaid over ``term_months`` by the method and period of the loan's kind in
    the bylaws then, at the loan's rate or a lower one the resolution sets. Late fines due are charged
    first and stay owed; interest due and unpaid, and the interest since the last due date, is carried
    into the first new instalment (nothing is forgiven silently). The earlier schedule and repayments
    are kept: they are the loan's history. The new schedule must respect the legal cap and the kind's
    longest term; nothing posts (no money moves)."""
    if not str(reason or "").strip():
        raise SajjaError(_("Give the reason for the change."), field="reason", code="reason")
    if not str(resolution or "").strip():
        raise SajjaError(_("Name the resolution that approved the change."), field="resolution", code="resolution")
    if not isinstance(term_months, int) or isinstance(term_months, bool) or term_months < 1:
        raise SajjaError(_("Give the term in whole months."), field="term_months", code="term")
    with transaction.atomic():
        loan = Loan.objects.select_for_update().select_related("member").get(id=loan.id)
        if loan.status != Loan.Status.OPEN:
            raise SajjaError(_("This loan is closed: nothing more is owed on it."), code="loan_closed")
        last = max(
            [
                loan.disbursed_on,
                *loan.repayments.values_list("date", flat=True),
                *loan.restructures.values_list("date", flat=True),
            ]
        )
        _day(date, not_before=last)
        rules = bylaw_book(loan.group_id).at(date)
        _refuse_over_term(term_months, rules[f"loan.{loan.kind}.max_term_months"])
        current = loan.restructures.get(version=loan.version).rate_bp_month if loan.version else loan.rate_bp_month
        rate = current if rate_bp_month is None else rate_bp_month
        if (
            not isinstance(rate, int)
            or isinstance(rate, bool)
            or not 0 <= rate <= max(current, rules[f"loan.{loan.kind}.rate"])
        ):
            raise SajjaError(
                _("The new rate is a whole number of basis points, not above the loan's rate or the bylaws' rate."),
                field="rate", code="rate",
            )  # fmt: skip
        fines_charge(loan=loan, date=date, actor=actor)
        st = selectors.state(loan, date)
        rows, every, instalments, grace = _schedule(loan.kind, st.outstanding, term_months, date, rules, rate=rate)
        method = rules[f"loan.{loan.kind}.method"]
        carried = st.interest_due + st.accrued
        version = loan.version + 1
        restructure = Restructure.objects.create(
            group_id=loan.group_id, loan=loan, version=version, date=date, outstanding=st.outstanding,
            interest_carried=carried, rate_bp_month=rate, method=method, every_months=every, instalments=instalments,
            grace=grace, reason=reason.strip()[:300], resolution=resolution.strip()[:300], created_by=actor,
        )  # fmt: skip
        Instalment.objects.bulk_create(
            [
                Instalment(
                    group_id=loan.group_id,
                    loan=loan,
                    version=version,
                    number=r.number,
                    due=r.due,
                    principal=r.principal,
                    interest=r.interest + (carried if r.number == 1 else 0),
                )  # fmt: skip
                for r in rows
            ]
        )
        loan.version = version
        loan.save(update_fields=["version"])
        return restructure
