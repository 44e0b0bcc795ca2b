"""Reads of loans: each loan's state on a day (what is owed and why), the payoff quote, the
member's limit, the loan committee, the pay-out queue, and arrears with portfolio at risk. Loan
states are computed from the contracted schedule and the repayments, in a fixed number of queries."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from sajja.accounts.models import CommitteeSeat, Position
from sajja.bylaws.selectors import bylaw_book
from sajja.ledger.selectors import balances, role_map
from sajja.members.models import Member

from . import domain
from .models import Guarantee, Instalment, Loan, LoanFine, LoanRequest, Repayment, Restructure


@dataclass(frozen=True)
class LoanState:
    """A loan on ``day``: principal still owed, what has fallen due and is unpaid, and how late."""

    loan: Loan
    day: dt.date
    outstanding: int  # principal still owed
    principal_due: int  # principal of instalments due by ``day``, unpaid
    interest_due: int  # interest of instalments due by ``day``, unpaid
    fines_due: int  # late fines charged, unpaid
    days_overdue: int
    next_due: dt.date | None
    next_amount: int  # what the next instalment asks (principal + interest), less anything paid ahead
    accrued: int  # interest for the days since the last due date, owed only on an early payoff

    @property
    def due_now(self) -> int:
        return self.fines_due + self.fines_pending + self.interest_due + self.principal_due

    fines_pending: int = 0  # late fines a payment today charges first (see ``pending_fines``)
    version: int = 0  # the schedule in force (0: as contracted; n: after the n-th restructuring)
    carried: int = 0  # interest carried by a restructuring into an instalment not yet due (owed on a payoff)

    @property
    def payoff(self) -> int:
        """What closes the loan today: fines (charged and about to be), interest due and accrued,
        and all the principal."""
        return self.fines_due + self.fines_pending + self.interest_due + self.carried + self.accrued + self.outstanding


def terms_on(loan: Loan, day: dt.date, restructures) -> tuple[int, Restructure | None]:
    """The schedule version in force on ``day`` and the restructuring that set it (None: the
    schedule contracted at pay-out)."""
    latest = None
    for r in restructures:
        if r.date <= day and (latest is None or r.version > latest.version):
            latest = r
    return (latest.version, latest) if latest else (0, None)


def pending_fines(
    loan: Loan, day: dt.date, *, rules: dict, schedule, repayments, fines, version: int = 0
) -> list[tuple[int, int]]:
    """The late fines a payment on ``day`` charges first (``services.fines_charge`` writes exactly
    these), so a quote made today already includes them. ``schedule`` and ``repayments`` are those
    of schedule ``version``; ``fines`` all the loan's (the bylaws' cap is for the whole loan)."""
    if loan.status != Loan.Status.OPEN:
        return []
    paid = sum(r.principal + r.interest for r in repayments if r.date <= day)
    return domain.late_fines(
        [(row.number, row.due, row.principal + row.interest) for row in schedule],
        paid=paid,
        fined={f.instalment for f in fines if f.version == version},
        day=day,
        late_days=rules["loan.late_days"],
        fine=rules["loan.late_fine"],
        room=rules["loan.late_fine_cap"] - sum(f.amount for f in fines),
    )


def state(
    loan: Loan, day: dt.date, *, schedule=None, repayments=None, fines=None, restructures=None, rules=None
) -> LoanState:
    """``loan`` on ``day``. Pass ``schedule``/``repayments``/``fines``/``restructures``/``rules``
    (already fetched) to read many loans without a query each. A written-off loan owes nothing more.

    What has fallen due is measured against the schedule in force on ``day`` and the repayments
    made under it (a restructured loan starts its new schedule from the principal then owed); the
    principal owed counts every repayment."""
    if rules is None:
        rules = bylaw_book(loan.group_id).at(day)
    restructures = list(loan.restructures.all()) if restructures is None else restructures
    version, terms = terms_on(loan, day, restructures)
    schedule = [row for row in (loan.schedule.all() if schedule is None else schedule) if row.version == version]
    written_off = 0
    if loan.status == Loan.Status.WRITTEN_OFF and loan.closed_on and day >= loan.closed_on:
        written_off = loan.write_off.principal
    if loan.status != Loan.Status.OPEN and loan.closed_on and day >= loan.closed_on:
        schedule = []  # nothing more falls due on a loan paid off or written off
    all_repayments = [r for r in (loan.repayments.all() if repayments is None else repayments) if r.date <= day]
    repayments = [r for r in all_repayments if r.version == version]
    fines = [f for f in (loan.fines.all() if fines is None else fines) if f.charged_on <= day]
    outstanding = loan.principal - sum(r.principal for r in all_repayments) - written_off
    paid_principal = sum(r.principal for r in repayments) + written_off
    paid_interest = sum(r.interest for r in repayments)
    paid_fines = sum(r.fine for r in all_repayments)
    due_rows = [row for row in schedule if row.due <= day]
    interest_due = max(0, sum(r.interest for r in due_rows) - paid_interest)
    principal_due = min(outstanding, max(0, sum(r.principal for r in due_rows) - paid_principal))
    # The oldest instalment not yet covered by what was paid (paid money covers instalments in order).
    covered, oldest, next_row = paid_principal + paid_interest, None, None
    running = 0
    for row in schedule:
        running += row.principal + row.interest
        if running > covered:
            if row.due <= day and oldest is None:
                oldest = row.due
            if row.due > day and next_row is None:
                next_row = (row, running - covered)
    start = terms.date if terms else loan.disbursed_on
    last_due = max([row.due for row in due_rows], default=start)
    accrued = 0
    if outstanding > 0 and loan.status == Loan.Status.OPEN:
        accrued = domain.interest_for(
            outstanding,
            terms.rate_bp_month if terms else loan.rate_bp_month,
            since=max(last_due, start),
            until=day,
            basis=rules["loan.interest_basis"],
        )
    return LoanState(
        loan=loan,
        day=day,
        outstanding=outstanding,
        principal_due=principal_due,
        interest_due=interest_due,
        fines_due=sum(f.amount for f in fines) - paid_fines,
        days_overdue=domain.days_overdue(oldest, day) if outstanding > 0 or interest_due > 0 else 0,
        next_due=next_row[0].due if next_row else None,
        next_amount=min(next_row[1], next_row[0].principal + next_row[0].interest) if next_row else 0,
        accrued=accrued,
        fines_pending=sum(
            amount
            for _n, amount in pending_fines(
                loan, day, rules=rules, schedule=schedule, repayments=repayments, fines=fines, version=version
            )
        ),
        version=version,
        carried=max(0, terms.interest_carried - paid_interest) if terms and not due_rows and outstanding > 0 else 0,
    )


def open_loans(group_id: int, member_ids=None):
    loans = Loan.objects.filter(group_id=group_id, status=Loan.Status.OPEN).select_related("member")
    if member_ids is not None:
        loans = loans.filter(member_id__in=list(member_ids))
    return loans


def _plain(model, **filters):
    """Rows of ``model`` as named tuples of its columns (``loan_id``, ``due``, ``principal``...): what
    ``state`` reads, without building a model instance a row (a thousand loans have twelve thousand
    instalments; this halves the time of reading them)."""
    names = [f.attname for f in model._meta.concrete_fields]
    return model.objects.filter(**filters).values_list(*names, named=True)


def loan_rows(loans, *, due_by: dt.date | None = None) -> dict[str, dict[int, list]]:
    """The schedules (every version), repayments, late fines and restructurings of ``loans``, by
    loan id, as plain rows: four queries at most, whatever their number (the restructurings only
    when one of the loans was restructured).

    ``due_by``: only the instalments falling due by that day. That is all ``state`` on that day
    needs for what is owed, late and fined (a payment's split, its fines); only its ``next_due``
    and ``next_amount`` (the instalment after the day) then read as none. A meeting's batch of a
    thousand yearly loans so reads a thousand instalments instead of twelve thousand."""
    ids = [loan.id for loan in loans]
    by = {name: defaultdict(list) for name in ("schedule", "repayments", "fines", "restructures")}
    due = {} if due_by is None else {"due__lte": due_by}
    for row in _plain(Instalment, loan_id__among=ids, **due).order_by("loan_id", "version", "number"):
        by["schedule"][row.loan_id].append(row)
    for row in _plain(Repayment, loan_id__among=ids).order_by("date", "id"):
        by["repayments"][row.loan_id].append(row)
    for row in _plain(LoanFine, loan_id__among=ids).order_by("id"):
        by["fines"][row.loan_id].append(row)
    restructured = [loan.id for loan in loans if loan.version]
    for row in Restructure.objects.filter(loan_id__in=restructured) if restructured else ():
        by["restructures"][row.loan_id].append(row)
    return by


def states(loans, day: dt.date) -> list[LoanState]:
    """The state of many loans in five queries whatever their number (one bylaws read a group; a
    sixth reads the restructurings when one of the loans was restructured)."""
    loans = list(loans)
    by = loan_rows(loans)
    books = {group_id: bylaw_book(group_id).at(day) for group_id in {loan.group_id for loan in loans}}
    return [
        state(
            loan,
            day,
            schedule=by["schedule"][loan.id],
            repayments=by["repayments"][loan.id],
            fines=by["fines"][loan.id],
            restructures=by["restructures"][loan.id],
            rules=books[loan.group_id],
        )
        for loan in loans
    ]


def loan_committee(group_id: int, day: dt.date) -> list[Member]:
    """The members holding a loan-committee seat on ``day``."""
    seats = CommitteeSeat.objects.filter(
        Q(end_date__isnull=True) | Q(end_date__gte=day),
        group_id=group_id,
        position=Position.LOAN_COMMITTEE,
        start_date__lte=day,
    ).select_related("member")
    return sorted({seat.member for seat in seats}, key=lambda m: m.number)


def member_pledge(member: Member) -> int:
    from sajja.savings.selectors import MemberMoney, member_money

    return member_money(member.group_id, [member.id]).get(member.id, MemberMoney()).pledge


def group_money(group_id: int, day: dt.date) -> int:
    """The group's money on hand on ``day``: cash and bank together, from the ledger (one query)."""
    roles = role_map(group_id)
    places = {roles["cash"], roles["bank"]}
    return sum(row.balance for row in balances(group_id, through=day) if row.account.id in places)


def limit(member: Member, kind: str, day: dt.date) -> dict:
    """The most ``member`` may borrow of ``kind`` on ``day`` and why: the bylaws' cap, a multiple of
    their pledge savings, and a share of the group's cash and bank money, where the bylaws set them
    (so one loan cannot take all the money the other members may need)."""
    rules = bylaw_book(member.group_id).at(day)
    cap = rules[f"loan.{kind}.cap"]
    multiple = rules[f"loan.{kind}.savings_multiple"]
    pledge = member_pledge(member)
    by_savings = multiple * pledge if multiple else None
    cash_share = rules[f"loan.{kind}.cash_share"]
    money = group_money(member.group_id, day) if cash_share else None
    by_cash = max(0, money * cash_share // 10_000) if cash_share else None
    return {
        "cap": cap,
        "savings": pledge,
        "multiple": multiple,
        "by_savings": by_savings,
        "cash_share": cash_share,
        "money": money,
        "by_cash": by_cash,
        "most": min(x for x in (cap, by_savings, by_cash) if x is not None),
        "max_term_months": rules[f"loan.{kind}.max_term_months"],
        "guarantors": rules[f"loan.{kind}.guarantors"],
    }


def guarantees_open(member_ids) -> dict[int, int]:
    """member id -> guarantees of requests still pending or loans still open."""
    counts: dict[int, int] = defaultdict(int)
    for guarantor_id in Guarantee.objects.filter(
        Q(request__status__in=[LoanRequest.Status.REQUESTED, LoanRequest.Status.APPROVED])
        | Q(request__loan__status=Loan.Status.OPEN),
        guarantor_id__in=list(member_ids),
        released_on__isnull=True,
    ).values_list("guarantor_id", flat=True):
        counts[guarantor_id] += 1
    return counts


def in_arrears(group_id: int, member_ids, day: dt.date) -> set[int]:
    """The members with an open loan overdue on ``day``."""
    return {s.loan.member_id for s in states(open_loans(group_id, member_ids), day) if s.days_overdue > 0}


def queue(group) -> list[LoanRequest]:
    """Approved requests waiting for pay-out, in the order the bylaws' priority rule pays them."""
    rule = bylaw_book(group.id).value("loan.priority", timezone.localdate())
    waiting = list(LoanRequest.objects.filter(group=group, status=LoanRequest.Status.APPROVED).select_related("member"))
    if rule == "smallest_first":
        key = lambda r: (r.approved_amount, r.requested_on, r.id)  # noqa: E731
    elif rule == "first_asked":
        key = lambda r: (r.requested_on, r.id)  # noqa: E731
    else:
        key = lambda r: (r.kind != "emergency", r.requested_on, r.id)  # noqa: E731
    return sorted(waiting, key=key)


@dataclass
class Arrears:
    day: dt.date
    buckets: list[dict]  # per domain.BUCKETS: loans, principal owed
    par30: int | None
    par90: int | None
    outstanding: int
    late: list[dict]  # the borrowers to visit: state, guarantors


def arrears(group, day: dt.date) -> Arrears:
    """Arrears ageing (1-30, 31-90, over 90 days), PAR30 and PAR90, and the list of late borrowers
    with their guarantors to visit. Six queries whatever the number of loans."""
    all_states = states(open_loans(group.id), day)
    buckets = [{"low": low, "high": high, "loans": 0, "owed": 0} for low, high in domain.BUCKETS]
    for s in all_states:
        if (index := domain.bucket(s.days_overdue)) is not None:
            buckets[index]["loans"] += 1
            buckets[index]["owed"] += s.outstanding
    pairs = [(s.outstanding, s.days_overdue) for s in all_states]
    late = sorted((s for s in all_states if s.days_overdue > 0), key=lambda s: -s.days_overdue)
    guarantors = defaultdict(list)
    for g in Guarantee.objects.filter(request__loan__in=[s.loan for s in late]).select_related("guarantor"):
        guarantors[g.request_id].append(g.guarantor)
    return Arrears(
        day=day,
        buckets=buckets,
        par30=domain.portfolio_at_risk(pairs, 30),
        par90=domain.portfolio_at_risk(pairs, 90),
        outstanding=sum(s.outstanding for s in all_states),
        late=[{"state": s, "guarantors": guarantors[s.loan.request_id]} for s in late],
    )


@dataclass(frozen=True)
class Hold:
    guarantee: Guarantee
    used: int  # of the hold, already paid on the borrower's debt
    now: int  # still held today


def holds(loan: Loan, day: dt.date, *, outstanding: int | None = None) -> list[Hold]:
    """Each guarantor of ``loan`` with the savings still held for it on ``day`` (``domain.still_held``:
    released in step with the principal repaid, or at close, as the bylaws say). Two queries."""
    guarantees = list(
        Guarantee.objects.filter(request_id=loan.request_id).select_related("guarantor").order_by("guarantor__number")
    )
    if outstanding is None:
        outstanding = state(loan, day).outstanding if loan.status == Loan.Status.OPEN else 0
    used: dict[int, int] = defaultdict(int)
    for guarantor_id, amount in Repayment.objects.filter(
        loan=loan, source=Repayment.Source.GUARANTOR_SAVINGS, date__lte=day
    ).values_list("guarantor_id", "amount"):
        used[guarantor_id] += amount
    gradual = bylaw_book(loan.group_id).value("loan.guarantor.release", day) == "gradual"
    return [
        Hold(
            guarantee=g,
            used=used[g.guarantor_id],
            now=0
            if g.released_on and g.released_on <= day
            else domain.still_held(
                held=g.held,
                principal=loan.principal,
                outstanding=outstanding,
                used=used[g.guarantor_id],
                gradual=gradual,
            ),
        )
        for g in guarantees
    ]


def schedule_in_force(loan: Loan) -> list[Instalment]:
    """The rows of the schedule the loan is now repaid on (the latest restructuring's, or as contracted)."""
    return list(loan.schedule.filter(version=loan.version))


def credit(member: Member, day: dt.date | None = None) -> int:
    """What the group holds for ``member`` from overpayments (``loan.overpayment`` = credit), not yet
    refunded or spent on a repayment: their lines on the ``member_credit`` account (two queries)."""
    from django.db.models import Sum

    from sajja.ledger.models import JournalLine

    account = role_map(member.group_id).get("member_credit")
    lines = JournalLine.objects.filter(group_id=member.group_id, account_id=account, member=member)
    if day is not None:
        lines = lines.filter(entry__date__lte=day)
    sums = lines.aggregate(d=Sum("debit"), c=Sum("credit"))
    return int(sums["c"] or 0) - int(sums["d"] or 0)
