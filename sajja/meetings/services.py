"""Every write of the meeting day (rule 1): open the meeting, attendance, post the collection
sheet's rows (pledge, fines, deposit, loan instalment), pay out approved loans, count the cash,
explain a difference, bank the surplus, and the two signatures that lock the meeting.

Money moves only through the savings, loans and ledger services: ``row_post`` calls
``savings.services.pledge_receive``, ``fines_pay``, ``deposit_receive`` and
``loans.services.loan_repay`` as they are; ``rows_post`` posts a whole sheet in one transaction and
a fixed number of queries with their batch forms ``pledges_receive``, ``fines_pay_many``,
``deposits_receive_many`` and ``loans_repay`` (the same lines, registers and memos; a test posts
the same sheet both ways and compares the journal).

Idempotency and two treasurers at one sheet:
- every row carries the client's key, unique in the group (``MeetingRow.key``, a DB constraint):
  the same key again answers the earlier row and posts nothing; the same key with other amounts is
  refused (``key_reused``). The row's key is the guard (the ledger's own ``PostingKey`` is not used
  for rows: one row posts up to four entries, and a whole sheet's keys would double the writes).
- each posting transaction first locks the meeting row (``SELECT ... FOR UPDATE`` on PostgreSQL;
  SQLite transactions take the write lock at BEGIN), so two requests with one key are serialised
  and the second finds the first's row.
- a client may send the ``version`` of the member's row it saw (the number of rows posted for the
  member at this meeting): if someone posted for the member since, the post is refused as stale
  (``stale``), so two tabs cannot each post "the pledge" for the same member.

After the treasurer has signed nothing more is posted; after both signatures (locked) only
corrections (``meeting_entry_reverse``: a reversing entry through the savings, loans or ledger
service of the posting's kind; a pay-out is settled in the loans register) and banking the counted
cash remain.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sajja.accounts.models import CommitteeSeat, Position
from sajja.core import tenancy
from sajja.core.bulk import insert_rows, loaded, reserve_ids
from sajja.core.errors import SajjaError, fmt, in_thai
from sajja.core.money import MAX_SATANG, lazy_baht
from sajja.core.thai import format_date
from sajja.ledger.models import JournalEntry
from sajja.ledger.services import EntryIn, LineIn, entries_post
from sajja.loans import services as loan_services
from sajja.loans.models import Loan, LoanRequest, Repayment
from sajja.members.models import Member
from sajja.savings import services as savings_services
from sajja.savings.models import DepositAccount

from . import domain, selectors
from .models import Attendance, Meeting, MeetingEntry, MeetingRow

KEY_MAX = 64


def _today() -> dt.date:
    return timezone.localdate()


# --- checks shared by the services ---------------------------------------------------------------


def _key(key, field: str = "key") -> str:
    if not isinstance(key, str) or not key.strip():
        raise SajjaError(
            _("The request has no idempotency key: send one key a posting."), field=field, code="key_required"
        )
    key = key.strip()
    if len(key) > KEY_MAX or any(c.isspace() for c in key):
        raise SajjaError(
            fmt(_("An idempotency key is at most %(n)s characters, without spaces."), n=KEY_MAX),
            field=field,
            code="key",
        )
    return key


def _part(value, field: str) -> int:
    """A row's amount of one kind: None or 0 is nothing; otherwise whole satang, not negative."""
    if value is None:
        return 0
    if isinstance(value, bool) or not isinstance(value, int):
        raise SajjaError(
            _("Amounts must be whole satang (an integer), never a floating-point number."), field=field, code="float"
        )
    if value < 0:
        raise SajjaError(_("An amount cannot be negative."), field=field, code="negative")
    if value > MAX_SATANG:
        raise SajjaError(_("The amount is too large."), field=field, code="too_large")
    return value


def _lock(meeting: Meeting) -> Meeting:
    """The meeting, locked for this transaction: postings to one meeting are serialised."""
    return Meeting.objects.select_for_update().select_related("group").get(id=meeting.id)


def _refuse_signed(meeting: Meeting) -> None:
    if meeting.locked:
        raise SajjaError(
            _("The meeting is signed and locked: nothing more can be posted; correct a mistake with a reversal."),
            code="meeting_locked",
        )
    if meeting.treasurer_signed_by_id:
        raise SajjaError(
            _(
                "The treasurer has signed the meeting's figures: nothing more can be posted before the second signature."
            ),
            code="meeting_signing",
        )


def _refuse_future(meeting: Meeting) -> None:
    if meeting.date > _today():
        raise SajjaError(
            fmt(
                _("The meeting of %(date)s has not come yet: nothing can be posted into it."),
                date=format_date(meeting.date),
            ),
            code="future",
        )


def _member_of(meeting: Meeting, member: Member) -> None:
    if member.group_id != meeting.group_id:
        raise SajjaError(_("This member is not one of the group's members."), field="member", code="foreign_member")


def _bump(meeting: Meeting) -> None:
    Meeting.objects.filter(id=meeting.id).update(version=F("version") + 1)
    meeting.refresh_from_db(fields=["version"])


# --- opening ------------------------------------------------------------------------------------


def _counts(counts: Mapping, field: str) -> dict[int, int]:
    if not isinstance(counts, Mapping):
        raise SajjaError(_("Give the number of notes and coins of each kind."), field=field, code="bad_count")
    try:
        return domain.count_total(counts)
    except domain.CountProblem as problem:
        if problem.code == "denomination":
            raise SajjaError(
                _(
                    "Count only notes of 1000, 500, 100, 50 and 20 baht and coins of 10, 5, 2 and 1 baht, 50 and 25 satang."
                ),
                field=field,
                code="denomination",
            ) from None
        raise SajjaError(
            fmt(
                _("The count of %(denomination)s must be a whole number of notes or coins, 0 or more."),
                denomination=lazy_baht(problem.denomination),
            ),
            field=field,
            code="bad_count",
        ) from None


def _stored(counts: dict[int, int]) -> dict[str, int]:
    return {str(d): n for d, n in counts.items() if n}


def meeting_open(
    *, group, date: dt.date, opening_cash: int | None = None, opening_counts: Mapping | None = None, actor
) -> Meeting:
    """Open the meeting of ``date`` with the cash box counted: ``opening_cash`` (satang), or the count
    by denomination (``opening_counts``; when both are given they must agree). One meeting a day.
    A meeting may be opened ahead, for the next scheduled date at the latest (the sheet is ready),
    but nothing is posted into it before its day."""
    if not tenancy.can_manage(actor, group.id):
        raise SajjaError(_("Only the group's committee can run the meeting."), code="not_committee")
    if not isinstance(date, dt.date) or isinstance(date, dt.datetime):
        raise SajjaError(_("Give the date."), field="date", code="date")
    latest = selectors.next_meeting_date(group, after=_today())
    if date > latest:
        raise SajjaError(
            fmt(_("The next meeting is on %(date)s: a later meeting cannot be opened yet."), date=format_date(latest)),
            field="date",
            code="future",
        )
    stored = {}
    if opening_counts is not None:
        counts = _counts(opening_counts, "opening_counts")
        total = domain.cash_of(counts)
        if opening_cash is not None and _part(opening_cash, "opening_cash") != total:
            raise SajjaError(
                fmt(
                    _("The notes and coins add up to %(counted)s, not %(declared)s."),
                    counted=lazy_baht(total),
                    declared=lazy_baht(opening_cash),
                ),
                field="opening_cash",
                code="total_mismatch",
            )
        opening_cash, stored = total, _stored(counts)
    if opening_cash is None:
        raise SajjaError(_("Count the cash box first."), field="opening_cash", code="required")
    opening_cash = _part(opening_cash, "opening_cash")
    duplicate = SajjaError(
        fmt(_("The meeting of %(date)s is already open."), date=format_date(date)), field="date", code="duplicate"
    )
    if Meeting.objects.filter(group=group, date=date).exists():
        raise duplicate
    try:
        with transaction.atomic():
            return Meeting.objects.create(
                group=group, date=date, opening_cash=opening_cash, opening_counts=stored, opened_by=actor
            )
    except IntegrityError:  # opened at the same moment in another tab
        raise duplicate from None


# The entries of a day posted before the meeting day pages were used, by their source document.
HELD_KINDS = {
    "pledge": MeetingEntry.Kind.PLEDGE,
    "deposit": MeetingEntry.Kind.DEPOSIT,
    "fine": MeetingEntry.Kind.FINES,
    "loan": MeetingEntry.Kind.INSTALMENT,
    "loan-request": MeetingEntry.Kind.PAYOUT,
}


def meeting_record_held(*, group, date: dt.date, actor) -> Meeting:
    """Record a meeting held before its money was posted from the collection sheet (a group moving
    onto Sajja, or the demo's history): the day's pledges, deposits, fines, instalments and pay-outs
    were already posted through the savings and loans services, so nothing is posted here. The
    meeting is opened with the cash the books held before the day, and every entry of that day that
    moved cash and is not yet any meeting's is linked to it by its source; then it is counted and
    signed like any other. A day in the past only."""
    from django.db.models import Sum

    from sajja.ledger.models import JournalLine
    from sajja.ledger.selectors import role_map

    if not tenancy.can_manage(actor, group.id):
        raise SajjaError(_("Only the group's committee can run the meeting."), code="not_committee")
    if not isinstance(date, dt.date) or isinstance(date, dt.datetime):
        raise SajjaError(_("Give the date."), field="date", code="date")
    if date >= _today():
        raise SajjaError(_("Only a meeting of a past day is recorded as held."), field="date", code="future")
    cash = role_map(group.id)["cash"]
    before = JournalLine.objects.filter(group=group, account_id=cash, entry__date__lt=date).aggregate(
        d=Sum("debit"), c=Sum("credit")
    )
    opening = int(before["d"] or 0) - int(before["c"] or 0)
    with transaction.atomic():
        if Meeting.objects.filter(group=group, date=date).exists():
            raise SajjaError(
                fmt(_("The meeting of %(date)s is already open."), date=format_date(date)),
                field="date",
                code="duplicate",
            )
        meeting = Meeting.objects.create(group=group, date=date, opening_cash=max(0, opening), opened_by=actor)
        moved = list(
            JournalLine.objects.filter(
                group=group, account_id=cash, entry__date=date, entry__meeting_link__isnull=True
            ).values_list("entry_id", "entry__source")
        )
        kinds = {e: HELD_KINDS.get(source.split("/")[0]) for e, source in moved}
        kinds = {e: k for e, k in kinds.items() if k}
        totals, members = {}, {}
        for entry_id, debit, member_id in JournalLine.objects.filter(entry_id__in=list(kinds)).values_list(
            "entry_id", "debit", "member_id"
        ):
            totals[entry_id] = totals.get(entry_id, 0) + debit
            if member_id and entry_id not in members:
                members[entry_id] = member_id
        MeetingEntry.objects.bulk_create(
            [
                MeetingEntry(
                    group=group, meeting=meeting, entry_id=e, kind=k, member_id=members.get(e), amount=totals[e]
                )
                for e, k in sorted(kinds.items())
            ]
        )
        return meeting


def attendance_record(*, meeting: Meeting, member: Member, status: str, representative: str = "", actor) -> Attendance:
    """Mark a member present, present by a representative (named), or absent; changeable until the
    meeting is signed."""
    _member_of(meeting, member)
    if status not in Attendance.Status.values:
        raise SajjaError(_("Choose present, by a representative, or absent."), field="status", code="status")
    representative = (representative or "").strip()[:200]
    if status == Attendance.Status.REPRESENTED and not representative:
        raise SajjaError(_("Name the representative."), field="representative", code="representative")
    if status != Attendance.Status.REPRESENTED:
        representative = ""
    with transaction.atomic():
        meeting = _lock(meeting)
        if meeting.locked:
            _refuse_signed(meeting)
        mark, _created = Attendance.objects.update_or_create(
            meeting=meeting,
            member=member,
            defaults={
                "group_id": meeting.group_id,
                "status": status,
                "representative": representative,
                "recorded_by": actor,
            },
        )
        return mark


# --- posting the sheet --------------------------------------------------------------------------


@dataclass(frozen=True)
class RowIn:
    """One row to post: satang amounts (0 = nothing of that kind). ``loan``: the loan the
    instalment pays (needed only when the member has more than one open loan). ``version``: the
    ``SheetRow.version`` the client saw (optional; refused as stale when it changed)."""

    member: Member
    key: str
    pledge: int = 0
    instalment: int = 0
    fines: int = 0
    deposit: int = 0
    loan: Loan | int | None = None
    version: int | None = None


@dataclass(frozen=True)
class RowResult:
    row: MeetingRow
    entries: list[JournalEntry]
    duplicate: bool = False


@dataclass(frozen=True)
class _Row:
    """A checked row."""

    member: Member
    key: str
    pledge: int
    instalment: int
    fines: int
    deposit: int
    loan_id: int | None
    version: int | None

    def same_as(self, row: MeetingRow) -> bool:
        return (
            row.member_id == self.member.id
            and (row.pledge, row.instalment, row.fines, row.deposit)
            == (self.pledge, self.instalment, self.fines, self.deposit)
            and (self.loan_id is None or row.loan_id == self.loan_id)
        )


def _check_row(item: RowIn) -> _Row:
    if not isinstance(item.member, Member):
        raise SajjaError(_("This member is not one of the group's members."), field="member", code="foreign_member")
    loan = item.loan
    loan_id = loan.id if isinstance(loan, Loan) else loan
    if loan_id is not None and (isinstance(loan_id, bool) or not isinstance(loan_id, int)):
        raise SajjaError(_("This loan is not one of the member's open loans."), field="loan", code="not_members_loan")
    version = item.version
    if version is not None and (isinstance(version, bool) or not isinstance(version, int) or version < 0):
        raise SajjaError(_("The row's version is not valid: reload the sheet."), field="version", code="stale")
    row = _Row(
        member=item.member,
        key=_key(item.key),
        pledge=_part(item.pledge, "pledge"),
        instalment=_part(item.instalment, "instalment"),
        fines=_part(item.fines, "fines"),
        deposit=_part(item.deposit, "deposit"),
        loan_id=loan_id,
        version=version,
    )
    if not (row.pledge or row.instalment or row.fines or row.deposit):
        raise SajjaError(_("The row has nothing to post."), field="pledge", code="empty_row")
    return row


def _earlier(meeting: Meeting, rows: list[_Row]) -> dict[str, RowResult]:
    """Rows of this batch already posted under their keys (two queries): the same request again
    gives the earlier result; the same key with another request is refused."""
    found = {r.key: r for r in MeetingRow.objects.filter(group_id=meeting.group_id, key__in=[r.key for r in rows])}
    if not found:
        return {}
    entries = defaultdict(list)
    for link in MeetingEntry.objects.filter(row__in=found.values()).select_related("entry").order_by("entry__seq"):
        entries[link.row_id].append(link.entry)
    result = {}
    for row in rows:
        if (earlier := found.get(row.key)) is None:
            continue
        if earlier.meeting_id != meeting.id or not row.same_as(earlier):
            raise SajjaError(
                fmt(
                    _(
                        "The key %(key)s was used for another posting: this one was not posted. Reload the sheet and try again."
                    ),
                    key=row.key,
                ),
                field="key",
                code="key_reused",
            )
        result[row.key] = RowResult(row=earlier, entries=entries[earlier.id], duplicate=True)
    return result


def _check_new(meeting: Meeting, rows: list[_Row]) -> None:
    """Rules for rows about to post: the meeting open and its day come, members of the group, active,
    joined by the day, each key once, each member's row as the client saw it (``version``)."""
    _refuse_signed(meeting)
    _refuse_future(meeting)
    keys = [r.key for r in rows]
    if len(set(keys)) != len(keys):
        raise SajjaError(_("The same key is used for two rows of one batch."), field="key", code="key_twice")
    for row in rows:
        _member_of(meeting, row.member)
        if row.member.status != Member.Status.ACTIVE:
            raise SajjaError(
                fmt(_("Member no. %(number)s is no longer active."), number=row.member.number),
                field="member",
                code="not_active",
            )
        if row.member.joined_on > meeting.date:
            raise SajjaError(
                fmt(_("Member no. %(number)s joined after this meeting."), number=row.member.number),
                field="member",
                code="before_joining",
            )
    checked = [r for r in rows if r.version is not None]
    if checked:
        counts = dict(
            MeetingRow.objects.filter(meeting=meeting, member_id__among={r.member.id for r in checked})
            .values_list("member_id")
            .annotate(n=Count("id"))
            .order_by()
        )
        for row in checked:
            if counts.get(row.member.id, 0) != row.version:
                raise SajjaError(
                    fmt(
                        _(
                            "Someone else has posted for member no. %(number)s since you opened the sheet: reload it and check before posting again."
                        ),
                        number=row.member.number,
                    ),
                    field="version",
                    code="stale",
                )


# Every field of a row, in the model's order (``core.bulk.loaded`` builds the rows from the values).
_ROW_FIELDS = (
    "id", "group", "meeting", "member", "key", "pledge", "instalment", "loan", "fines", "deposit", "posted_by", "posted_at",
)  # fmt: skip


def _record(meeting: Meeting, rows: list[_Row], parts: dict[str, list], actor) -> list[RowResult]:
    """Write the rows, link their entries to the meeting, mark the members present (when not marked
    yet) and bump the meeting's version. ``parts[kind][i]``: the entry of row i of that kind, or None.
    A whole sheet is a few thousand rows of these tables: they are inserted without a model
    instance each (``core.bulk``), on ids taken first, and the rows' instances are built from the
    same values."""
    group_id, now = meeting.group_id, timezone.now()
    ids = reserve_ids(MeetingRow, len(rows))
    values = [
        (row_id, group_id, meeting.id, r.member.id, r.key, r.pledge, r.instalment, parts["loan_ids"][i], r.fines,
         r.deposit, actor.id, now)
        for i, (row_id, r) in enumerate(zip(ids, rows, strict=True))
    ]  # fmt: skip
    insert_rows(MeetingRow, _ROW_FIELDS, values)
    made = loaded(MeetingRow, _ROW_FIELDS, values, meeting=meeting, posted_by=actor)
    links, results = [], []
    for i, (row, r) in enumerate(zip(made, rows, strict=True)):
        row._state.fields_cache["member"] = r.member
        entries = []
        for kind in ("pledge", "fines", "deposit", "instalment"):
            if (entry := parts[kind][i]) is not None:
                entries.append(entry)
                links.append((group_id, meeting.id, entry.id, kind, row.id, r.member.id, None, getattr(r, kind), ""))
        results.append(RowResult(row=row, entries=entries))
    insert_rows(MeetingEntry, ("group", "meeting", "entry", "kind", "row", "member", "request", "amount", "key"), links)
    marked = set(
        Attendance.objects.filter(meeting=meeting, member_id__among={r.member.id for r in rows}).values_list(
            "member_id", flat=True
        )
    )
    new_marks = {r.member.id for r in rows if r.member.id not in marked}
    insert_rows(
        Attendance,
        ("group", "meeting", "member", "status", "representative", "recorded_by", "recorded_at"),
        [(group_id, meeting.id, m, Attendance.Status.PRESENT, "", actor.id, now) for m in sorted(new_marks)],
    )
    _bump(meeting)
    return results


def row_post(
    *,
    meeting: Meeting,
    member: Member,
    pledge: int | None = None,
    instalment: int | None = None,
    fines: int | None = None,
    deposit: int | None = None,
    loan: Loan | int | None = None,
    key: str,
    version: int | None = None,
    actor,
) -> RowResult:
    """Post one member's row of the collection sheet, all parts or none, through the savings and
    loans services as they are: the pledge (``pledge_receive``: whole unpaid periods, oldest first),
    open fines (``fines_pay``: the oldest fines the amount pays whole), a deposit into the member's
    savings deposit account (``deposit_receive``; the account is opened when the member has none),
    the loan instalment (``loan_repay``: late fines, interest and principal in the bylaws' order).
    Idempotent by ``key`` (see the module's docstring)."""
    row = _check_row(
        RowIn(
            member=member,
            key=key,
            pledge=pledge,
            instalment=instalment,
            fines=fines,
            deposit=deposit,
            loan=loan,
            version=version,
        )
    )
    with transaction.atomic():
        meeting = _lock(meeting)
        if earlier := _earlier(meeting, [row]):
            return earlier[row.key]
        _check_new(meeting, [row])
        date, parts = meeting.date, {k: [None] for k in ("pledge", "fines", "deposit", "instalment", "loan_ids")}
        if row.pledge:
            parts["pledge"][0] = savings_services.pledge_receive(
                member=member, date=date, amount=row.pledge, actor=actor
            ).entry
        if row.fines:
            chosen = savings_services.fines_paid_by(
                member, row.fines, savings_services.open_fines(member.group_id, [member.id])[member.id]
            )
            parts["fines"][0] = savings_services.fines_pay(
                member=member, date=date, fines=[f.id for f in chosen], actor=actor
            )
        if row.deposit:
            account = DepositAccount.objects.filter(
                member=member, product=DepositAccount.Product.SAVINGS
            ).first() or savings_services.deposit_open(
                member=member, product=DepositAccount.Product.SAVINGS, date=date, actor=actor
            )
            parts["deposit"][0] = savings_services.deposit_receive(
                account=account, date=date, amount=row.deposit, actor=actor
            )
        if row.instalment:
            (loan_id,) = _loans_of(meeting, [row])
            parts["instalment"][0] = loan_services.loan_repay(
                loan=Loan.objects.get(id=loan_id), date=date, amount=row.instalment, actor=actor
            ).entry
            parts["loan_ids"][0] = loan_id
        return _record(meeting, [row], parts, actor)[0]


def rows_post(*, meeting: Meeting, rows: Sequence[RowIn], actor) -> list[RowResult]:
    """Post many rows (a whole sheet, or an offline client's queue) in ONE transaction, all or none,
    in a fixed number of queries whatever the number of rows. Rows whose key was posted before
    come back as they were (``duplicate``); the others are checked as ``row_post`` checks them."""
    checked = [_check_row(item) for item in rows]
    if not checked:
        return []
    with transaction.atomic():
        meeting = _lock(meeting)
        earlier = _earlier(meeting, checked)
        new = [r for r in checked if r.key not in earlier]
        posted: dict[str, RowResult] = {}
        if new:
            _check_new(meeting, new)
            posted = dict(zip([r.key for r in new], _post_many(meeting, new, actor), strict=True))
        return [earlier.get(r.key) or posted[r.key] for r in checked]


def _post_many(meeting: Meeting, rows: list[_Row], actor) -> list[RowResult]:
    group, date, n = meeting.group, meeting.date, len(rows)
    parts = {k: [None] * n for k in ("pledge", "fines", "deposit", "instalment", "loan_ids")}
    pledged = [i for i, r in enumerate(rows) if r.pledge]
    if pledged:
        receipts = savings_services.pledges_receive(
            group=group,
            items=[savings_services.PledgeIn(member=rows[i].member, date=date, amount=rows[i].pledge) for i in pledged],
            actor=actor,
        )
        for i, receipt in zip(pledged, receipts, strict=True):
            parts["pledge"][i] = receipt.entry
    # Fines and deposits: a savings batch service each, of (member, amount) items.
    for kind, post in (
        ("fines", savings_services.fines_pay_many),
        ("deposit", savings_services.deposits_receive_many),
    ):
        which = [i for i, r in enumerate(rows) if getattr(r, kind)]
        items = [savings_services.AmountIn(member=rows[i].member, amount=getattr(rows[i], kind)) for i in which]
        for i, entry in zip(which, post(group=group, date=date, items=items, actor=actor), strict=True):
            parts[kind][i] = entry
    paying = [i for i, r in enumerate(rows) if r.instalment]
    if paying:
        repayments = _loans_repay_many(meeting, [rows[i] for i in paying], actor)
        for i, (entry, loan_id) in zip(paying, repayments, strict=True):
            parts["instalment"][i] = entry
            parts["loan_ids"][i] = loan_id
    return _record(meeting, rows, parts, actor)


# --- loan instalments ---------------------------------------------------------------------------


def _loans_of(meeting: Meeting, rows: list[_Row]) -> list[int]:
    """The id of the open loan each row's instalment pays: the loan named, or the member's only open
    loan. One query (``loans_repay`` locks and reads the loans themselves)."""
    by_member = defaultdict(list)
    for loan_id, member_id in (
        Loan.objects.filter(
            group_id=meeting.group_id, member_id__among={r.member.id for r in rows}, status=Loan.Status.OPEN
        )
        .order_by("id")
        .values_list("id", "member_id")
    ):
        by_member[member_id].append(loan_id)
    result = []
    for row in rows:
        mine = by_member[row.member.id]
        if row.loan_id is not None:
            if row.loan_id not in mine:
                raise SajjaError(
                    _("This loan is not one of the member's open loans."), field="loan", code="not_members_loan"
                )
            result.append(row.loan_id)
        elif len(mine) == 1:
            result.append(mine[0])
        elif not mine:
            raise SajjaError(
                fmt(_("Member no. %(number)s has no open loan."), number=row.member.number),
                field="instalment",
                code="no_loan",
            )
        else:
            raise SajjaError(
                fmt(
                    _("Member no. %(number)s has several open loans: choose the loan this instalment pays."),
                    number=row.member.number,
                ),
                field="loan",
                code="which_loan",
            )
    return result


def _loans_repay_many(meeting: Meeting, rows: list[_Row], actor) -> list[tuple[JournalEntry, int]]:
    """Each row's instalment paid on its loan by ``loans.services.loans_repay`` (one batch, a fixed
    number of queries: the loans' rules in one place). Returns each row's (entry, loan id)."""
    loan_ids = _loans_of(meeting, rows)
    items = [
        loan_services.RepayIn(loan=loan_id, amount=row.instalment, borrower=row.member)
        for row, loan_id in zip(rows, loan_ids, strict=True)
    ]
    try:
        repayments = loan_services.loans_repay(group=meeting.group, date=meeting.date, items=items, actor=actor)
    except SajjaError as error:
        if error.field == "amount":
            error.field = "instalment"  # the sheet's name for the amount paid on the loan
        raise
    return [(repayment.entry, repayment.loan_id) for repayment in repayments]


# --- pay-outs, cash, banking --------------------------------------------------------------------


@dataclass(frozen=True)
class Posted:
    """A pay-out, a banking or a difference posted by the meeting; ``duplicate``: the key was
    used before and this is the earlier posting (nothing new posted)."""

    link: MeetingEntry
    duplicate: bool = False

    @property
    def entry(self) -> JournalEntry:
        return self.link.entry


def _earlier_link(meeting: Meeting, key: str, kinds: tuple[str, ...], **same) -> Posted | None:
    """The meeting's earlier posting under ``key``, when it was this same request; another request
    under the key is refused."""
    earlier = MeetingEntry.objects.filter(group_id=meeting.group_id, key=key).select_related("entry").first()
    if earlier is None:
        return None
    if (
        earlier.meeting_id != meeting.id
        or earlier.kind not in kinds
        or any(getattr(earlier, k) != v for k, v in same.items())
    ):
        raise SajjaError(
            fmt(_("The key %(key)s was used for another posting: this one was not posted."), key=key),
            field="key",
            code="key_reused",
        )
    return Posted(earlier, duplicate=True)


def payout_post(*, meeting: Meeting, request: LoanRequest, method: str = "cash", key: str, actor) -> Posted:
    """Pay out an approved loan at the meeting (``loans.services.loan_disburse`` dated the meeting
    day). Idempotent by ``key``."""
    key = _key(key)
    with transaction.atomic():
        meeting = _lock(meeting)
        if request.group_id != meeting.group_id:
            raise SajjaError(_("This loan request is not one of the group's."), field="request", code="foreign_request")
        if earlier := _earlier_link(meeting, key, (MeetingEntry.Kind.PAYOUT,), request_id=request.id):
            return earlier
        _refuse_signed(meeting)
        _refuse_future(meeting)
        loan = loan_services.loan_disburse(request=request, date=meeting.date, method=method, key=key, actor=actor)
        link = MeetingEntry.objects.create(
            group_id=meeting.group_id, meeting=meeting, entry=loan.entry, kind=MeetingEntry.Kind.PAYOUT,
            member=loan.member, request=request, amount=loan.principal, key=key,
        )  # fmt: skip
        _bump(meeting)
        return Posted(link)


def _remaining_difference(meeting: Meeting) -> int:
    """Counted − (expected + what shortages/overages already explained): 0 when the cash agrees."""
    movements = selectors.cash_movements(meeting)
    explained = movements[MeetingEntry.Kind.SHORTAGE] + movements[MeetingEntry.Kind.OVERAGE]
    return meeting.closing_cash - selectors.expected_cash(meeting, movements) - explained


def cash_count(*, meeting: Meeting, counts: Mapping, declared_total: int | None = None, actor) -> Meeting:
    """The closing count by denomination: whole non-negative numbers of each note and coin; when
    the counter also writes the total, it must be the sum. Records the expected cash (opening + the
    meeting's cash movements from the ledger) beside it. A recount replaces the count until a
    difference has been posted or the meeting signed; the same count sent again changes nothing."""
    with transaction.atomic():
        meeting = _lock(meeting)
        normal = _counts(counts, "counts")
        total = domain.cash_of(normal)
        if meeting.closing_cash is not None and meeting.closing_counts == _stored(normal):
            if declared_total is None or declared_total == total:
                return meeting  # the same count again (a resend): nothing changes
        _refuse_signed(meeting)
        if declared_total is not None and _part(declared_total, "declared_total") != total:
            raise SajjaError(
                fmt(
                    _("The notes and coins add up to %(counted)s, not %(declared)s."),
                    counted=lazy_baht(total),
                    declared=lazy_baht(declared_total),
                ),
                field="declared_total",
                code="total_mismatch",
            )
        if meeting.difference_entry_id:
            raise SajjaError(
                _("A cash difference is already posted for this count: reverse it before counting again."),
                code="difference_posted",
            )
        meeting.closing_counts = _stored(normal)
        meeting.closing_cash = total
        meeting.expected_cash = selectors.expected_cash(meeting)
        meeting.counted_by = actor
        meeting.counted_at = timezone.now()
        meeting.status = Meeting.Status.COUNTED
        meeting.save(
            update_fields=["closing_counts", "closing_cash", "expected_cash", "counted_by", "counted_at", "status"]
        )
        return meeting


def cash_difference_post(*, meeting: Meeting, reason: str, key: str = "", actor) -> Posted:
    """Explain a difference between the count and the cash book with its reason, through the
    ledger: a shortage moves the missing cash to ``cash_shortage`` (an asset held in suspense until
    it is found or written off by a resolution); an overage moves the extra cash to
    ``cash_overage`` (a liability until its owner is found)."""
    reason = (reason or "").strip()
    if not reason:
        raise SajjaError(_("Give the reason for the difference."), field="reason", code="reason")
    key = _key(key) if key else ""
    with transaction.atomic():
        meeting = _lock(meeting)
        if key and (earlier := _earlier_link(meeting, key, (MeetingEntry.Kind.SHORTAGE, MeetingEntry.Kind.OVERAGE))):
            return earlier
        _refuse_signed(meeting)
        if meeting.closing_cash is None:
            raise SajjaError(_("Count the cash first."), code="not_counted")
        difference = _remaining_difference(meeting)
        if difference == 0:
            raise SajjaError(
                _("The cash agrees with the books: there is no difference to explain."), code="no_difference"
            )
        amount = abs(difference)
        if difference < 0:
            kind = MeetingEntry.Kind.SHORTAGE
            memo = in_thai(
                _("Cash short at the meeting of %(date)s: %(reason)s"), date=format_date(meeting.date), reason=reason
            )
            lines = [LineIn("cash_shortage", debit=amount), LineIn("cash", credit=amount)]
        else:
            kind = MeetingEntry.Kind.OVERAGE
            memo = in_thai(
                _("Cash over at the meeting of %(date)s: %(reason)s"), date=format_date(meeting.date), reason=reason
            )
            lines = [LineIn("cash", debit=amount), LineIn("cash_overage", credit=amount)]
        entry = entries_post(
            group=meeting.group,
            entries=[
                EntryIn(
                    date=meeting.date,
                    memo=memo[:300],
                    source=f"meeting/{meeting.date.isoformat()}",
                    key=key and f"{key}:difference",
                    lines=lines,
                )
            ],
            actor=actor,
        )[0]
        link = MeetingEntry.objects.create(
            group_id=meeting.group_id, meeting=meeting, entry=entry, kind=kind, amount=amount, key=key
        )
        meeting.difference_reason = reason[:300]
        meeting.difference_entry = entry
        meeting.save(update_fields=["difference_reason", "difference_entry"])
        return Posted(link)


def cash_bank(*, meeting: Meeting, amount: int, key: str, date: dt.date | None = None, actor) -> Posted:
    """Take counted cash to the bank (cash → bank), on the meeting day or later, at most the cash
    counted less what was banked already. Allowed after the signatures: banking is often the next
    day. Idempotent by ``key``."""
    key = _key(key)
    amount = _part(amount, "amount")
    if amount <= 0:
        raise SajjaError(_("The amount must be more than zero."), field="amount", code="not_positive")
    date = meeting.date if date is None else date
    if not isinstance(date, dt.date) or isinstance(date, dt.datetime):
        raise SajjaError(_("Give the date."), field="date", code="date")
    with transaction.atomic():
        meeting = _lock(meeting)
        if earlier := _earlier_link(meeting, key, (MeetingEntry.Kind.BANK,), amount=amount):
            return earlier
        if meeting.closing_cash is None:
            raise SajjaError(
                _("Count the cash first: the surplus is banked from the counted cash."), code="not_counted"
            )
        if date < meeting.date or date > _today():
            raise SajjaError(
                _("Banking is dated the meeting day or later, and not in the future."), field="date", code="date"
            )
        left = meeting.closing_cash - selectors.banked(meeting)
        if amount > left:
            raise SajjaError(
                fmt(_("Only %(amount)s of the counted cash is left to bank."), amount=lazy_baht(left)),
                field="amount",
                code="over_cash",
            )
        entry = entries_post(
            group=meeting.group,
            entries=[
                EntryIn(
                    date=date,
                    memo=in_thai(_("Cash banked from the meeting of %(date)s"), date=format_date(meeting.date)),
                    source=f"meeting/{meeting.date.isoformat()}",
                    key=f"{key}:bank",
                    lines=[LineIn("bank", debit=amount), LineIn("cash", credit=amount)],
                )
            ],
            actor=actor,
        )[0]
        return Posted(
            MeetingEntry.objects.create(
                group_id=meeting.group_id,
                meeting=meeting,
                entry=entry,
                kind=MeetingEntry.Kind.BANK,
                amount=amount,
                key=key,
            )
        )


# --- corrections --------------------------------------------------------------------------------


def meeting_entry_reverse(*, meeting: Meeting, entry: JournalEntry, date: dt.date, reason: str, actor) -> JournalEntry:
    """Correct a posting of the meeting (before or after the signatures) with a reversing entry
    dated ``date`` for ``reason``; the meeting's own figures stay as signed (the reversal is a new
    entry of its own day, not one of the meeting's). A pledge payment is reversed by
    ``savings.services.pledge_payment_reverse`` (its periods become unpaid again); a deposit, the
    banking or a shortage/overage by ``ledger.services.entry_reverse``; fines paid by
    ``savings.services.fines_payment_reverse`` (the fines are owed again); an instalment by
    ``loans.services.repayment_reverse`` (the loan owes again what it paid). A pay-out is not
    undone here (``not_reversible``): a loan paid out by mistake is repaid or written off in the
    loans register, where its guarantees and schedule are."""
    from sajja.ledger.services import entry_reverse

    link = MeetingEntry.objects.filter(meeting=meeting, entry_id=getattr(entry, "id", None)).first()
    if link is None:
        raise SajjaError(_("This entry is not one of the meeting's postings."), field="entry", code="not_meeting_entry")
    if not isinstance(date, dt.date) or isinstance(date, dt.datetime) or date > _today() or date < meeting.date:
        raise SajjaError(
            _("A correction is dated the meeting day or later, and not in the future."), field="date", code="date"
        )
    if link.kind == MeetingEntry.Kind.PLEDGE:
        return savings_services.pledge_payment_reverse(entry=link.entry, date=date, reason=reason, actor=actor)
    if link.kind in (
        MeetingEntry.Kind.DEPOSIT,
        MeetingEntry.Kind.BANK,
        MeetingEntry.Kind.SHORTAGE,
        MeetingEntry.Kind.OVERAGE,
    ):
        return entry_reverse(entry=link.entry, date=date, reason=reason, actor=actor)
    if link.kind == MeetingEntry.Kind.FINES:
        return savings_services.fines_payment_reverse(entry=link.entry, date=date, reason=reason, actor=actor)
    if link.kind == MeetingEntry.Kind.INSTALMENT:
        repayment = Repayment.objects.get(entry=link.entry)
        return loan_services.repayment_reverse(repayment=repayment, date=date, reason=reason, actor=actor).entry
    raise SajjaError(
        _("A loan paid out by mistake is repaid or written off in the loans register, not undone here."),
        code="not_reversible",
    )


# --- signing ------------------------------------------------------------------------------------


def seats_of(meeting: Meeting, user) -> set[str]:
    """The committee positions ``user`` holds in the meeting's group on the meeting day."""
    return set(
        CommitteeSeat.objects.filter(
            Q(end_date__isnull=True) | Q(end_date__gte=meeting.date),
            group_id=meeting.group_id,
            member__user=user,
            start_date__lte=meeting.date,
        ).values_list("position", flat=True)
    )


def meeting_sign(*, meeting: Meeting, actor) -> Meeting:
    """Sign the meeting's figures (maker-checker). The treasurer signs first, then a different
    person holding a committee seat on the meeting day signs as the checker; the second signature
    locks the meeting. Refused before the cash is counted and any difference explained, and for
    the same person twice."""
    with transaction.atomic():
        meeting = _lock(meeting)
        if meeting.locked:
            raise SajjaError(_("The meeting is already signed."), code="meeting_locked")
        if meeting.closing_cash is None:
            raise SajjaError(_("Count the cash before signing."), code="not_counted")
        if difference := _remaining_difference(meeting):
            raise SajjaError(
                fmt(
                    _("The cash counted differs from the books by %(amount)s: explain the difference before signing."),
                    amount=lazy_baht(difference),
                ),
                code="difference_unexplained",
            )
        seats = seats_of(meeting, actor)
        now = timezone.now()
        if meeting.treasurer_signed_by_id is None:
            if Position.TREASURER not in seats:
                raise SajjaError(
                    _("The treasurer signs first: you do not hold the treasurer's seat on the meeting day."),
                    code="not_treasurer" if seats else "not_committee",
                )
            meeting.treasurer_signed_by, meeting.treasurer_signed_at = actor, now
            meeting.save(update_fields=["treasurer_signed_by", "treasurer_signed_at"])
            return meeting
        if meeting.treasurer_signed_by_id == actor.id:
            raise SajjaError(
                _("The second signature must be another committee member's: the same person cannot sign twice."),
                code="same_signer",
            )
        if not seats:
            raise SajjaError(
                _("Only a member of the committee on the meeting day can sign as the second signer."),
                code="not_committee",
            )
        meeting.checker_signed_by, meeting.checker_signed_at = actor, now
        meeting.status, meeting.signed_at = Meeting.Status.SIGNED, now
        meeting.save(update_fields=["checker_signed_by", "checker_signed_at", "status", "signed_at"])
        return meeting
