"""Every write to the books goes through here (rule 1), and every money movement is one balanced
entry (rule 2). Entries are append-only (rule 3): a mistake is undone by ``entry_reverse``.

``entries_post`` posts a batch in a fixed number of SQL statements whatever its size (the meeting
day posts a whole village at once): the lines and the entries are one statement each
(``core.bulk.insert_rows``); ``entry_post`` is a batch of one.

How a batch is written, and why in this order: the group's ``LedgerHead`` row is locked (one
chain per group, no forks); entry ids are reserved; the lines go in first and the entries last,
because the database's insert trigger on an entry checks that its lines exist and balance, and
the trigger on a line refuses lines for an entry that is already posted (foreign keys are checked
at commit on both engines, so lines may briefly point at an entry not yet inserted).
"""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sajja.core.bulk import insert_rows, loaded, reserve_ids
from sajja.core.errors import SajjaError, fmt
from sajja.core.thai import format_date

from . import chart, domain
from .models import Account, AccountRole, JournalEntry, JournalLine, LedgerHead, PostingKey

PROBLEM_MESSAGES = {
    "too_few_lines": _("An entry needs at least two lines."),
    "float": _("Amounts must be whole satang (an integer), never a floating-point number."),
    "negative": _("An amount cannot be negative."),
    "zero": _("A line needs an amount: a debit or a credit."),
    "both_sides": _("A line is a debit or a credit, not both."),
    "unbalanced": _("The debits and the credits of an entry must be equal."),
}


@dataclass(frozen=True)
class LineIn:
    """``account``: a role name (``"cash"``), an ``Account`` of the group, or its id. ``member``: the
    member (or member id) whose money the line moves, on member accounts; it must be of the group."""

    account: object
    debit: int = 0
    credit: int = 0
    memo: str = ""
    member: object = None


@dataclass(frozen=True)
class EntryIn:
    date: dt.date
    memo: str
    lines: Sequence[LineIn]
    source: str = ""
    reverses: JournalEntry | None = None
    reason: str = ""
    key: str = ""  # idempotency key: an entry with a key already used is refused as a duplicate


def chart_create(*, group) -> None:
    """Give ``group`` the template chart of accounts and its roles (idempotent)."""
    existing = set(Account.objects.filter(group=group).values_list("code", flat=True))
    Account.objects.bulk_create(
        [
            Account(group=group, code=code, name_th=name_th, name_en=name_en, kind=kind)
            for code, name_th, name_en, kind, _role in chart.TEMPLATE
            if code not in existing
        ]
    )
    by_code = {a.code: a for a in Account.objects.filter(group=group)}
    roles = set(AccountRole.objects.filter(group=group).values_list("role", flat=True))
    AccountRole.objects.bulk_create(
        [
            AccountRole(group=group, role=role, account=by_code[code])
            for code, _th, _en, _kind, role in chart.TEMPLATE
            if role and role not in roles
        ]
    )
    LedgerHead.objects.get_or_create(group=group, defaults={"hash": domain.GENESIS_HASH})


class _Accounts:
    """Resolves roles, accounts and ids to the group's accounts in two queries per batch."""

    def __init__(self, group):
        self.group = group
        self.by_role = {r.role: r.account for r in AccountRole.objects.filter(group=group).select_related("account")}
        self.by_id = {a.id: a for a in Account.objects.filter(group=group)}

    def get(self, ref) -> Account:
        if isinstance(ref, str):
            if ref in self.by_role:
                return self.by_role[ref]
            raise SajjaError(fmt(_("The group has no account for “%(role)s”."), role=ref), code="no_account")
        account_id = ref.id if isinstance(ref, Account) else ref
        if account_id in self.by_id:
            return self.by_id[account_id]
        # Another group's account, or none at all: the same answer, so ids reveal nothing.
        raise SajjaError(_("This account is not one of the group's accounts."), code="foreign_account")


def _reserve_ids(count: int) -> list[int]:
    """Ids for ``count`` new entries, taken before the lines that point at them are inserted."""
    return reserve_ids(JournalEntry, count)


def entries_post(*, group, entries: Sequence[EntryIn], actor) -> list[JournalEntry]:
    """Post ``entries`` to ``group``'s books, all or none; returns them with their numbers and hashes."""
    if not entries:
        return []
    with transaction.atomic():
        head = LedgerHead.objects.select_for_update().filter(group=group).first()
        if head is None:
            raise SajjaError(_("The group has no chart of accounts yet."), code="no_chart")
        accounts = _Accounts(group)
        ids = _reserve_ids(len(entries))
        seq, prev_hash, now = head.seq, head.hash, timezone.now()
        entry_rows, new_lines, member_ids = [], [], set()
        for entry_id, item in zip(ids, entries, strict=True):
            _check(item, head)
            lines = []
            for line in item.lines:
                account = accounts.get(line.account)
                member_id = _member_id(group, line.member, member_ids)
                lines.append(domain.Line(account.code, line.debit, line.credit, line.memo, member_id))
                new_lines.append((group.id, entry_id, account.id, line.debit, line.credit, line.memo, member_id))
            seq += 1
            reverses = item.reverses
            entry_hash = domain.entry_hash(
                prev_hash=prev_hash,
                seq=seq,
                date=item.date.isoformat(),
                memo=item.memo,
                source=item.source,
                reverses_seq=reverses.seq if reverses else None,
                reason=item.reason,
                lines=lines,
            )
            entry_rows.append(
                (entry_id, group.id, seq, item.date, item.memo, item.source, reverses.id if reverses else None,
                 item.reason, actor.id, now, prev_hash, entry_hash)
            )  # fmt: skip
            prev_hash = entry_hash
        _check_members(group, member_ids)
        insert_rows(JournalLine, _LINE_FIELDS, new_lines)
        insert_rows(JournalEntry, _ENTRY_FIELDS, entry_rows)
        new_entries = loaded(JournalEntry, _ENTRY_FIELDS, entry_rows, group=group, created_by=actor)
        for entry, item in zip(new_entries, entries, strict=True):
            if item.reverses:
                entry.reverses = item.reverses
        _keep_keys(group, entries, new_entries)
        LedgerHead.objects.filter(id=head.id).update(seq=seq, hash=prev_hash)
        return new_entries


_LINE_FIELDS = ("group", "entry", "account", "debit", "credit", "memo", "member")
# Every field, in the model's order (``core.bulk.loaded`` builds the entries from these rows).
_ENTRY_FIELDS = (
    "id", "group", "seq", "date", "memo", "source", "reverses", "reason", "created_by", "created_at", "prev_hash", "hash",
)  # fmt: skip


class AlreadyPosted(SajjaError):
    """An entry's idempotency key was used before: the earlier entry stands, nothing new is posted."""

    def __init__(self, entry: JournalEntry):
        super().__init__(_("This was already recorded; it has not been recorded twice."), code="duplicate")
        self.entry = entry


def posted_with_key(group, key: str) -> JournalEntry | None:
    """The entry posted with idempotency key ``key``, if any."""
    if not key:
        return None
    found = PostingKey.objects.filter(group=group, key=key).select_related("entry").first()
    return found.entry if found else None


def refuse_repeat(group, *keys: str) -> None:
    """Raise ``AlreadyPosted`` when any of ``keys`` was used before, before any rule is checked: a
    resend of a payment that emptied what it paid (all fines, a closed loan) is the same event, not a
    refusal. One query for a whole meeting's batch."""
    keys = [key for key in keys if key]
    if keys and (found := PostingKey.objects.filter(group=group, key__in=keys).select_related("entry").first()):
        raise AlreadyPosted(found.entry)


def _keep_keys(group, items: Sequence[EntryIn], posted: list[JournalEntry]) -> None:
    keyed = [
        PostingKey(group=group, key=item.key, entry=entry)
        for item, entry in zip(items, posted, strict=True)
        if item.key
    ]
    if not keyed:
        return
    keys = [k.key for k in keyed]
    if len(set(keys)) != len(keys) or PostingKey.objects.filter(group=group, key__in=keys).exists():
        earlier = PostingKey.objects.filter(group=group, key__in=keys).select_related("entry").first()
        raise AlreadyPosted(earlier.entry if earlier else posted[0])
    # A concurrent request with the same key fails here on the unique constraint and rolls back.
    try:
        with transaction.atomic():
            PostingKey.objects.bulk_create(keyed)
    except IntegrityError:
        raise AlreadyPosted(posted_with_key(group, keys[0]) or posted[0]) from None


def _member_id(group, member, unchecked: set[int]) -> int | None:
    """The id of a line's member. A member given as an instance is checked at once (its group is
    at hand: a meeting's batch names a thousand members, already read); one given by id is added
    to ``unchecked`` for ``_check_members``. The database refuses a member of another group
    either way (a trigger); this is the clear message."""
    if member is None:
        return None
    if isinstance(member, int):
        unchecked.add(member)
        return member
    if member.group_id != group.id:
        raise SajjaError(_("This member is not one of the group's members."), code="foreign_member")
    return member.id


def _check_members(group, member_ids: set[int]) -> None:
    """Every member given by id is one of the group's (one query per batch)."""
    if not member_ids:
        return
    from sajja.members.models import Member

    if Member.objects.filter(group=group, id__in=member_ids).count() != len(member_ids):
        raise SajjaError(_("This member is not one of the group's members."), code="foreign_member")


def _check(item: EntryIn, head: LedgerHead) -> None:
    if not isinstance(item.date, dt.date) or isinstance(item.date, dt.datetime):
        raise SajjaError(_("An entry needs a date."), field="date", code="date")
    if head.closed_through and item.date <= head.closed_through:
        raise SajjaError(
            fmt(
                _("The books are closed through %(date)s: post a correction dated after it."),
                date=format_date(head.closed_through),
            ),
            field="date",
            code="closed_period",
        )
    if not item.memo.strip():
        raise SajjaError(_("Say what the entry is for."), field="memo", code="memo")
    if problem := domain.entry_problem([(line.debit, line.credit) for line in item.lines]):
        raise SajjaError(PROBLEM_MESSAGES[problem], field="lines", code=problem)


def entry_post(*, group, date: dt.date, memo: str, lines: Sequence[LineIn], source: str = "", actor) -> JournalEntry:
    """Post one balanced entry."""
    return entries_post(group=group, entries=[EntryIn(date=date, memo=memo, lines=lines, source=source)], actor=actor)[
        0
    ]


def entry_reverse(*, entry: JournalEntry, date: dt.date, reason: str, actor) -> JournalEntry:
    """Undo ``entry`` with a new entry of the opposite lines, dated ``date``, for ``reason``.
    An entry is reversed at most once, and a reversal is not itself reversed (post anew instead)."""
    if not reason.strip():
        raise SajjaError(_("Give the reason for the correction."), field="reason", code="reason")
    with transaction.atomic():
        # Lock the chain first, so two people reversing the same entry at once get the clear answer.
        LedgerHead.objects.select_for_update().filter(group_id=entry.group_id).first()
        return _reverse(entry, date, reason, actor)


def _reverse(entry: JournalEntry, date: dt.date, reason: str, actor) -> JournalEntry:
    if entry.reverses_id:
        raise SajjaError(_("A correction cannot be reversed; post a new entry instead."), code="reverse_reversal")
    if JournalEntry.objects.filter(reverses=entry).exists():
        raise SajjaError(_("This entry has already been reversed."), code="already_reversed")
    lines = [
        LineIn(account=line.account_id, debit=line.credit, credit=line.debit, memo=line.memo, member=line.member_id)
        for line in entry.lines.order_by("id")
    ]
    item = EntryIn(
        date=date,
        memo=fmt(_("Reversal of entry %(seq)d"), seq=entry.seq).__str__(),
        lines=lines,
        source=entry.source,
        reverses=entry,
        reason=reason.strip(),
    )
    return entries_post(group=entry.group, entries=[item], actor=actor)[0]


def period_close(*, group, through: dt.date, actor) -> LedgerHead:
    """Close the books through ``through``: nothing may be posted on or before it any more.
    A close never moves back (reopening would let history be rewritten)."""
    with transaction.atomic():
        head = LedgerHead.objects.select_for_update().get(group=group)
        if head.closed_through and through <= head.closed_through:
            raise SajjaError(_("The books are already closed through a later date."), code="close_backwards")
        head.closed_through = through
        head.save(update_fields=["closed_through"])
        return head
