"""Paper where people want paper: what the meeting day prints, all read from the ledger.

- **Receipt** (ใบเสร็จรับเงิน) per member, A5: what the member paid at this meeting by kind (pledge,
  deposit, instalment split into principal and interest, fines), the total in figures and in Thai
  words, the journal entry numbers as the receipt number, the balances after the meeting, the
  treasurer's name and, where the group has a PromptPay ID on an active bank account, a PromptPay
  QR for the amount expected at the next meeting (see ``next_expected``).
- **Passbook lines to copy** (สมุดคู่ฝาก): per member, the lines this meeting added to the paper
  passbook (date, item, in, out, balance), balances as the ledger stood after each line.
- **Meeting summary** (to read aloud and post on the village board): totals by kind, new loans with
  borrowers, attendance, the cash (opening, in, out, expected, counted, difference and its reason,
  banked), the two signatures, and the seal of the books (the hash of the meeting's last entry in the
  group's hash chain) so anyone can check later that the books were not changed.

Rules:
- Every amount comes from the journal lines of the entries the meeting posted (``MeetingEntry``),
  classified by the account *role* of each line (``classify``); nothing is recomputed from the
  collection sheet and templates only format. A member's part of an entry is the entry's
  ``MeetingEntry.member`` (the interest line of a repayment carries no member itself).
- "Balances after" are the member's balances over the entries up to the meeting's last entry
  (by sequence number), so a receipt printed next week still shows the balances of that day.
- Query counts are constant in the number of members (a receipt for every member is one pass).
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Sum
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sajja.accounts.models import CommitteeSeat, Position
from sajja.core import promptpay
from sajja.core.errors import SajjaError
from sajja.core.pdf import pdf_response
from sajja.core.tenancy import Access, group_view, scope_members
from sajja.ledger.models import JournalEntry, JournalLine, LedgerHead
from sajja.ledger.selectors import LENDING_ROLES, role_map
from sajja.loans.models import Loan, Repayment
from sajja.members.models import Member

from . import selectors
from .models import Attendance, Meeting, MeetingEntry

# --- classifying the ledger lines -------------------------------------------------------------

MONEY_ROLES = ("cash", "bank")
SAVINGS_ROLES = ("deposits", "fixed_deposits")
INTEREST_ROLES = ("interest_income", "interest_receivable")

# Money a member paid in, in the order a receipt lists it.
IN_PARTS = ("pledge", "deposit", "principal", "interest", "fines", "other")
# Money paid out to a member.
OUT_PARTS = ("payout", "withdrawal", "pledge_out")

PART_LABELS = {
    "pledge": _("Pledge savings"),
    "deposit": _("Savings deposit"),
    "principal": _("Loan instalment: principal"),
    "interest": _("Loan instalment: interest"),
    "fines": _("Fines"),
    "other": _("Other receipts"),
    "payout": _("Loan paid out"),
    "withdrawal": _("Deposit withdrawn"),
    "pledge_out": _("Pledge savings used"),
}


def classify(role: str, debit: int, credit: int) -> tuple[str, int] | None:
    """The kind of money one journal line of a member's payment is, and its amount (None for the
    cash/bank side, which is the money itself). Pure.

    Credits on member accounts are money paid in (pledge, deposit, principal back, fines paid),
    credits on income accounts are interest or fines or other income; a debit on a loan account is a
    pay-out, on a deposit account a withdrawal."""
    if role in MONEY_ROLES:
        return None
    if role == "pledge":
        return ("pledge", credit) if credit else ("pledge_out", debit)
    if role in SAVINGS_ROLES:
        return ("deposit", credit) if credit else ("withdrawal", debit)
    if role in LENDING_ROLES:
        return ("principal", credit) if credit else ("payout", debit)
    if role in INTEREST_ROLES:
        return ("interest", credit) if credit else ("other", -debit)
    if role in ("fines_receivable", "fine_income"):
        return ("fines", credit) if credit else ("other", -debit)
    return ("other", credit - debit)


@dataclass(frozen=True)
class _Line:
    entry_id: int
    seq: int
    date: dt.date
    entry_memo: str
    memo: str
    account_id: int
    role: str
    debit: int
    credit: int
    member_id: int | None  # the member on the line itself
    kind: str  # MeetingEntry.kind
    owner_id: int | None  # MeetingEntry.member: whose posting this entry was
    loan_id: int | None  # the loan an instalment paid


def _meeting_lines(meeting: Meeting) -> list[_Line]:
    """Every line of every entry the meeting posted, in posting order. Three queries."""
    roles = {account_id: role for role, account_id in role_map(meeting.group_id).items()}
    rows = (
        JournalLine.objects.filter(group_id=meeting.group_id, entry__meeting_link__meeting_id=meeting.id)
        .order_by("entry__seq", "id")
        .values_list(
            "entry_id", "entry__seq", "entry__date", "entry__memo", "memo", "account_id", "debit", "credit",
            "member_id", "entry__meeting_link__kind", "entry__meeting_link__member_id",
        )
    )  # fmt: skip
    rows = list(rows)
    # The loan an instalment paid, from the loans register (one query).
    repaid = dict(
        Repayment.objects.filter(
            group_id=meeting.group_id, entry_id__in={r[0] for r in rows if r[9] == MeetingEntry.Kind.INSTALMENT}
        ).values_list("entry_id", "loan_id")
    )
    return [
        _Line(e, s, d, em, m, a, roles.get(a, ""), int(dr), int(cr), mem, k, owner, repaid.get(e))
        for e, s, d, em, m, a, dr, cr, mem, k, owner in rows
    ]


def _money_moved(lines: list[_Line]) -> list[_Line]:
    """The lines of the entries that moved money (have a cash or bank line). An entry without one
    (a late fine charged, say) is a charge, not a payment: it is in the passbook, not on a receipt."""
    moved = {line.entry_id for line in lines if line.role in MONEY_ROLES}
    return [line for line in lines if line.entry_id in moved]


def _owner(line: _Line) -> int | None:
    return line.owner_id or line.member_id


def entry_numbers(seqs) -> str:
    """Journal entry numbers as a receipt number: ``[12, 13, 14, 20]`` -> ``"12–14, 20"``. Pure."""
    seqs = sorted(set(seqs))
    runs: list[list[int]] = []
    for seq in seqs:
        if runs and seq == runs[-1][1] + 1:
            runs[-1][1] = seq
        else:
            runs.append([seq, seq])
    return ", ".join(str(a) if a == b else f"{a}–{b}" for a, b in runs)


# --- balances after the meeting -----------------------------------------------------------------


@dataclass
class Balances:
    """A member's balances (satang, on the normal side) as the books stood after an entry."""

    pledge: int = 0
    deposits: int = 0
    loans: int = 0  # principal still owed
    fines: int = 0  # fines still owed


def balances_after(group_id: int, member_ids, through_seq: int) -> dict[int, Balances]:
    """Each member's balances over the entries numbered up to ``through_seq``. Two queries."""
    roles = {account_id: role for role, account_id in role_map(group_id).items()}
    wanted = {a: r for a, r in roles.items() if r in ("pledge", *SAVINGS_ROLES, *LENDING_ROLES, "fines_receivable")}
    result: dict[int, Balances] = defaultdict(Balances)
    for row in (
        JournalLine.objects.filter(
            group_id=group_id, member_id__in=list(member_ids), account_id__in=list(wanted), entry__seq__lte=through_seq
        )
        .order_by()
        .values("member_id", "account_id")
        .annotate(d=Sum("debit"), c=Sum("credit"))
    ):
        b, role, debit, credit = result[row["member_id"]], wanted[row["account_id"]], int(row["d"]), int(row["c"])
        if role == "pledge":
            b.pledge += credit - debit
        elif role in SAVINGS_ROLES:
            b.deposits += credit - debit
        elif role in LENDING_ROLES:
            b.loans += debit - credit
        else:
            b.fines += debit - credit
    return result


# --- the receipt --------------------------------------------------------------------------------


@dataclass
class ReceiptPart:
    part: str
    amount: int
    loan_number: str = ""

    @property
    def label(self):
        return PART_LABELS[self.part]


@dataclass
class Receipt:
    member: Member
    parts: list[ReceiptPart] = field(default_factory=list)  # money in, in IN_PARTS order
    paid_out: list[ReceiptPart] = field(default_factory=list)  # money out to the member
    total: int = 0  # sum of ``parts``
    received: int = 0  # what came into cash and bank from the member (equals ``total``)
    seqs: list[int] = field(default_factory=list)
    balances: Balances = field(default_factory=Balances)
    next_date: dt.date | None = None  # the next meeting
    next_amount: int = 0  # expected at the next meeting (the QR's amount; 0 = a static QR)
    promptpay: "PromptPayAccount | None" = None
    qr_payload: str = ""
    qr_svg: str = ""

    @property
    def number(self) -> str:
        return entry_numbers(self.seqs)


@dataclass(frozen=True)
class PromptPayAccount:
    target: promptpay.Target
    account_name: str
    bank: str


def promptpay_account(group_id: int) -> PromptPayAccount | None:
    """The group's PromptPay ID: the first active bank account that has one (by id). An ID that is
    not a valid PromptPay ID prints no QR rather than a code that pays somebody else."""
    from sajja.groups.models import BankAccount

    for account in (
        BankAccount.objects.filter(group_id=group_id, is_active=True).exclude(promptpay_id="").order_by("id")
    ):
        try:
            return PromptPayAccount(promptpay.parse_target(account.promptpay_id), account.account_name, account.bank)
        except SajjaError:
            continue
    return None


def next_meeting_date(group, after: dt.date) -> dt.date:
    """The group's next meeting day after ``after`` (the meetings selectors' rule)."""
    return selectors.next_meeting_date(group, after=after + dt.timedelta(days=1))


def next_expected(group, members, day: dt.date) -> dict[int, int]:
    """What each member is expected to bring to the meeting on ``day``, as the collection sheet will
    ask it: every unpaid pledge period through that month, the savings fines still open, and on each
    open loan what will be due that day (late fines, interest and principal of the instalments fallen
    due, as the loan's state computes it from the schedule and the payments so far). The receipt's
    QR carries this amount; it is an expectation made today, and the sheet at that meeting is what
    counts. Constant queries."""
    from sajja.bylaws.selectors import bylaw_book
    from sajja.loans import selectors as loans
    from sajja.savings import domain as savings_domain
    from sajja.savings import selectors as savings
    from sajja.savings.models import Fine

    ids = [m.id for m in members]
    through = savings_domain.period_of(day)
    book = bylaw_book(group.id)
    histories = savings.pledge_histories(group.id, ids)
    paid = savings.paid_periods(group.id, ids)
    result = {}
    for member in members:
        unpaid = savings.unpaid_periods(
            member, book=book, history=histories.get(member.id, []), paid=paid.get(member.id, {}), through=through
        )
        result[member.id] = sum(amount for _period, amount in unpaid)
    open_fines = (
        Fine.objects.filter(group_id=group.id, member_id__in=ids, paid_entry__isnull=True, waived_entry__isnull=True)
        .order_by()
        .values("member_id")
        .annotate(total=Sum("amount"))
    )
    for row in open_fines:
        result[row["member_id"]] += int(row["total"])
    for state in loans.states(loans.open_loans(group.id, ids), day):
        result[state.loan.member_id] = result.get(state.loan.member_id, 0) + state.due_now
    return result


def treasurer_name(meeting: Meeting) -> str:
    """Who received the money: the treasurer who signed the meeting, else the treasurer of the day."""
    user = meeting.treasurer_signed_by
    if user is not None:
        member = Member.objects.filter(group_id=meeting.group_id, user=user).first()
        return member.full_name if member else str(user)
    seat = (
        CommitteeSeat.objects.filter(
            group_id=meeting.group_id, position=Position.TREASURER, start_date__lte=meeting.date
        )
        .exclude(end_date__lt=meeting.date)
        .select_related("member")
        .order_by("-start_date")
        .first()
    )
    return seat.member.full_name if seat else ""


def receipts(meeting: Meeting, members=None, *, with_qr: bool = True) -> list[Receipt]:
    """The receipts of the meeting: one for each member in ``members`` (default: every member who
    paid or was paid at the meeting), by member number. A member with nothing at the meeting gets an
    empty receipt. Amounts are the ledger lines of the meeting's entries."""
    lines = _meeting_lines(meeting)
    by_member: dict[int, list[_Line]] = defaultdict(list)
    for line in _money_moved(lines):
        owner = _owner(line)
        if owner and line.kind not in (MeetingEntry.Kind.BANK, MeetingEntry.Kind.SHORTAGE, MeetingEntry.Kind.OVERAGE):
            by_member[owner].append(line)
    if members is None:
        members = list(Member.objects.filter(group_id=meeting.group_id, id__in=list(by_member)).order_by("number"))
    else:
        members = sorted(members, key=lambda m: m.number)
    last_seq = max((line.seq for line in lines), default=0)
    ids = [m.id for m in members]
    balances = balances_after(meeting.group_id, ids, last_seq) if last_seq else {}
    account = promptpay_account(meeting.group_id) if with_qr else None
    next_date = next_meeting_date(meeting.group, meeting.date)
    expected = next_expected(meeting.group, members, next_date) if account else {}
    result = []
    for member in members:
        receipt = Receipt(member=member, balances=balances.get(member.id, Balances()), next_date=next_date)
        parts: dict[tuple[str, int | None], int] = defaultdict(int)
        for line in by_member.get(member.id, []):
            receipt.seqs.append(line.seq)
            if line.role in MONEY_ROLES:
                receipt.received += line.debit
                continue
            kind = classify(line.role, line.debit, line.credit)
            if kind and kind[1]:
                loan = line.loan_id if kind[0] in ("principal", "interest") else None
                parts[(kind[0], loan)] += kind[1]
        for (part, loan), amount in sorted(parts.items(), key=lambda kv: _part_order(kv[0])):
            item = ReceiptPart(part, amount, f"L-{loan:05d}" if loan else "")
            (receipt.parts if part in IN_PARTS else receipt.paid_out).append(item)
        receipt.total = sum(p.amount for p in receipt.parts)
        if account:
            receipt.promptpay = account
            receipt.next_amount = expected.get(member.id, 0)
            receipt.qr_payload = promptpay.payload(account.target, receipt.next_amount or None)
            receipt.qr_svg = promptpay.qr_svg(receipt.qr_payload, scale=3, border=2)
        result.append(receipt)
    return result


def _part_order(key: tuple[str, int | None]) -> tuple[int, int]:
    part, loan = key
    order = (*IN_PARTS, *OUT_PARTS)
    return (order.index(part), loan or 0)


# --- the passbook lines ---------------------------------------------------------------------------

PASSBOOK_SECTIONS = {
    "pledge": _("Pledge savings"),
    "deposits": _("Savings deposits"),
    "fixed_deposits": _("Fixed deposits"),
    "fines_receivable": _("Fines"),
    "loans": _("Loans"),
}


@dataclass
class PassbookLine:
    section: str
    date: dt.date
    seq: int
    memo: str
    money_in: int
    money_out: int
    balance: int


@dataclass
class MemberPassbook:
    member: Member
    lines: list[PassbookLine] = field(default_factory=list)


def passbook_lines(meeting: Meeting, members=None) -> list[MemberPassbook]:
    """Per member, the lines this meeting adds to the paper passbook: on pledge savings, deposits,
    fines and loans (the debtor card), each with money in, money out and the balance after it as
    the ledger stood. Savings and deposits: in = paid in. Fines and loans (owed by the member): in =
    charged or lent, out = paid. Four queries whatever the number of members."""
    roles = {account_id: role for role, account_id in role_map(meeting.group_id).items()}
    section_of = {}
    for account_id, role in roles.items():
        if role in ("pledge", *SAVINGS_ROLES, "fines_receivable"):
            section_of[account_id] = role
        elif role in LENDING_ROLES:
            section_of[account_id] = "loans"
    meeting_entries = dict(
        MeetingEntry.objects.filter(meeting=meeting).values_list("entry_id", "entry__seq")
    )  # entry id -> seq
    if not meeting_entries:
        return []
    first, last = min(meeting_entries.values()), max(meeting_entries.values())
    mine = JournalLine.objects.filter(group_id=meeting.group_id, account_id__in=list(section_of), member__isnull=False)
    if members is not None:
        mine = mine.filter(member_id__in=[m.id for m in members])
    # Each (member, section) balance before the meeting's first entry, then every line from the
    # first to the last entry (other entries posted meanwhile count in the balance, not as lines).
    opening: dict[tuple[int, str], int] = defaultdict(int)
    for row in (
        mine.filter(entry__seq__lt=first)
        .order_by()
        .values("member_id", "account_id")
        .annotate(d=Sum("debit"), c=Sum("credit"))
    ):
        section = section_of[row["account_id"]]
        opening[(row["member_id"], section)] += _signed(section, int(row["d"]), int(row["c"]))
    running = dict(opening)
    books: dict[int, list[PassbookLine]] = defaultdict(list)
    for member_id, account_id, debit, credit, memo, entry_id, seq, date, entry_memo in (
        mine.filter(entry__seq__gte=first, entry__seq__lte=last)
        .order_by("entry__seq", "id")
        .values_list("member_id", "account_id", "debit", "credit", "memo", "entry_id", "entry__seq", "entry__date", "entry__memo")
    ):  # fmt: skip
        section = section_of[account_id]
        key = (member_id, section)
        running[key] = running.get(key, 0) + _signed(section, debit, credit)
        if entry_id not in meeting_entries:
            continue
        owed = section in ("fines_receivable", "loans")
        money_in, money_out = (debit, credit) if owed else (credit, debit)
        books[member_id].append(
            PassbookLine(section, date, seq, _passbook_memo(entry_memo, memo), money_in, money_out, running[key])
        )
    people = {m.id: m for m in (members or Member.objects.filter(group_id=meeting.group_id, id__in=list(books)))}
    return [
        MemberPassbook(people[member_id], sorted(lines, key=lambda line: (_section_order(line.section), line.seq)))
        for member_id, lines in sorted(books.items(), key=lambda kv: people[kv[0]].number)
        if member_id in people
    ]


def _signed(section: str, debit: int, credit: int) -> int:
    return debit - credit if section in ("fines_receivable", "loans") else credit - debit


def _section_order(section: str) -> int:
    return list(PASSBOOK_SECTIONS).index(section)


def _passbook_memo(entry_memo: str, line_memo: str) -> str:
    """The entry's memo names the member (for the books); in the member's own passbook the line memo
    (the periods paid, say) is added when it says more."""
    if line_memo and line_memo not in entry_memo:
        return f"{entry_memo} ({line_memo})"
    return entry_memo


# --- the meeting summary --------------------------------------------------------------------------


@dataclass
class Payout:
    member: Member
    amount: int
    loan_number: str
    seq: int


@dataclass
class Signature:
    name: str
    at: dt.datetime | None


@dataclass
class Seal:
    seq: int  # the meeting's last journal entry
    hash: str  # its hash in the group's chain: covers every entry before it
    head_seq: int  # the chain's head now (later entries continue from the seal)
    head_hash: str


@dataclass
class PaperSummary:
    meeting: Meeting
    totals: dict[str, int]  # IN_PARTS and OUT_PARTS -> satang (every member together)
    instalments: int  # principal + interest
    received: int  # everything paid in by members (IN_PARTS)
    members_paid: int
    payouts: list[Payout]
    attendance: dict[str, int]  # present, represented, absent, not_recorded
    active_members: int
    opening_cash: int
    cash_in: int
    cash_out: int
    expected_cash: int  # opening + in - out: what the count should find
    closing_cash: int | None
    difference: int | None  # counted - expected
    difference_reason: str
    difference_posted: int  # the shortage (-) or overage (+) entry's amount, 0 when none
    banked: int
    cash_left: int | None  # counted - banked (+ an overage posted, which is in the count already)
    treasurer: Signature | None
    checker: Signature | None
    seal: Seal | None
    entries: int  # journal entries the meeting posted


def _signature(meeting: Meeting, user, at) -> Signature | None:
    if user is None:
        return None
    member = Member.objects.filter(group_id=meeting.group_id, user=user).first()
    return Signature(member.full_name if member else str(user), timezone.localtime(at) if at else None)


def summary(meeting: Meeting) -> PaperSummary:
    """The meeting's figures from the ledger. Cash in and out are the cash lines of the members'
    postings and pay-outs (not the banking, shortage or overage entries, which come after the
    count); the expected cash is the opening count plus cash in less cash out, and equals what the
    backend stored as ``meeting.expected_cash`` at the count. About ten queries whatever the size."""
    lines = _meeting_lines(meeting)
    after_count = (MeetingEntry.Kind.BANK, MeetingEntry.Kind.SHORTAGE, MeetingEntry.Kind.OVERAGE)
    totals = dict.fromkeys((*IN_PARTS, *OUT_PARTS), 0)
    cash_in = cash_out = banked = difference_posted = 0
    paying, payout_entries = set(), {}
    for line in _money_moved(lines):
        if line.kind in after_count:
            if line.kind == MeetingEntry.Kind.BANK and line.role == "cash":
                banked += line.credit
            elif line.kind == MeetingEntry.Kind.SHORTAGE and line.role == "cash":
                difference_posted -= line.credit
            elif line.kind == MeetingEntry.Kind.OVERAGE and line.role == "cash":
                difference_posted += line.debit
            continue
        if line.role == "cash":
            cash_in += line.debit
            cash_out += line.credit
        kind = classify(line.role, line.debit, line.credit)
        if kind and kind[1]:
            totals[kind[0]] += kind[1]
            if kind[0] in IN_PARTS and _owner(line):
                paying.add(_owner(line))
            if kind[0] == "payout":
                payout_entries[line.entry_id] = (_owner(line), kind[1], line.seq)
    loans = dict(Loan.objects.filter(entry_id__in=list(payout_entries)).values_list("entry_id", "id"))
    people = {m.id: m for m in Member.objects.filter(id__in=[v[0] for v in payout_entries.values()])}
    payouts = [
        Payout(people[owner], amount, f"L-{loans[entry_id]:05d}" if loans.get(entry_id) else "", seq)
        for entry_id, (owner, amount, seq) in sorted(payout_entries.items(), key=lambda kv: kv[1][2])
    ]
    active = Member.objects.filter(group_id=meeting.group_id, status=Member.Status.ACTIVE).count()
    attendance = dict.fromkeys(Attendance.Status.values, 0)
    for row in Attendance.objects.filter(meeting=meeting).order_by().values("status").annotate(n=Count("id")):
        attendance[row["status"]] = row["n"]
    attendance["not_recorded"] = max(active - sum(attendance.values()), 0)
    expected = meeting.opening_cash + cash_in - cash_out
    closing = meeting.closing_cash
    seal = None
    if lines:
        last = max(lines, key=lambda line: line.seq)
        entry_hash = JournalEntry.objects.filter(id=last.entry_id).values_list("hash", flat=True).first()
        head = LedgerHead.objects.filter(group_id=meeting.group_id).values_list("seq", "hash").first() or (0, "")
        seal = Seal(last.seq, entry_hash, head[0], head[1])
    received = sum(totals[p] for p in IN_PARTS)
    return PaperSummary(
        meeting=meeting,
        totals=totals,
        instalments=totals["principal"] + totals["interest"],
        received=received,
        members_paid=len(paying),
        payouts=payouts,
        attendance=attendance,
        active_members=active,
        opening_cash=meeting.opening_cash,
        cash_in=cash_in,
        cash_out=cash_out,
        expected_cash=expected,
        closing_cash=closing,
        difference=None if closing is None else closing - expected,
        difference_reason=meeting.difference_reason,
        difference_posted=difference_posted,
        banked=banked,
        cash_left=None if closing is None else closing - banked,
        treasurer=_signature(meeting, meeting.treasurer_signed_by, meeting.treasurer_signed_at),
        checker=_signature(meeting, meeting.checker_signed_by, meeting.checker_signed_at),
        seal=seal,
        entries=len({line.entry_id for line in lines}),
    )


# --- views ----------------------------------------------------------------------------------------


def _meeting_or_404(request, meeting_id) -> Meeting:
    meeting = (
        Meeting.objects.filter(group=request.group, id=meeting_id)
        .select_related("group__village", "treasurer_signed_by", "checker_signed_by")
        .first()
    )
    if meeting is None:
        raise Http404
    return meeting


def _context(request, meeting: Meeting, **extra) -> dict:
    return {"group": request.group, "meeting": meeting, **extra}


def _filename(meeting: Meeting, what: str) -> str:
    return f"meeting-{meeting.group_id}-{meeting.date.isoformat()}-{what}.pdf"


@group_view(Access.SELF)
def receipt_pdf(request, meeting_id, member_id):
    """One member's receipt of the meeting (A5 PDF). A member sees only their own."""
    meeting = _meeting_or_404(request, meeting_id)
    member = scope_members(request.user, request.group.id, Member.objects.all()).filter(id=member_id).first()
    if member is None:
        raise Http404
    context = _context(request, meeting, receipts=receipts(meeting, [member]), treasurer=treasurer_name(meeting))
    return pdf_response("meetings/pdf/receipts.html", context, _filename(meeting, f"receipt-{member.number}"), request)


@group_view(Access.READ)
def receipts_pdf(request, meeting_id):
    """The receipts of every member who paid or was paid at the meeting, one A5 page each."""
    meeting = _meeting_or_404(request, meeting_id)
    context = _context(request, meeting, receipts=receipts(meeting), treasurer=treasurer_name(meeting))
    return pdf_response("meetings/pdf/receipts.html", context, _filename(meeting, "receipts"), request)


@group_view(Access.READ)
def passbook_lines_page(request, meeting_id):
    """The lines to copy into each member's paper passbook, on screen (``passbook-lines.pdf`` prints them)."""
    meeting = _meeting_or_404(request, meeting_id)
    context = _context(request, meeting, books=passbook_lines(meeting), sections=PASSBOOK_SECTIONS)
    return render(request, "meetings/pdf/page_passbook_lines.html", context)


@group_view(Access.READ)
def passbook_lines_pdf(request, meeting_id):
    meeting = _meeting_or_404(request, meeting_id)
    context = _context(request, meeting, books=passbook_lines(meeting), sections=PASSBOOK_SECTIONS)
    return pdf_response("meetings/pdf/passbook_lines.html", context, _filename(meeting, "passbook-lines"), request)


@group_view(Access.SELF)
def summary_page(request, meeting_id):
    """The meeting's summary to read aloud and post on the village board (members may read it)."""
    meeting = _meeting_or_404(request, meeting_id)
    return render(request, "meetings/pdf/page_summary.html", _context(request, meeting, s=summary(meeting)))


@group_view(Access.SELF)
def summary_pdf(request, meeting_id):
    meeting = _meeting_or_404(request, meeting_id)
    context = _context(request, meeting, s=summary(meeting))
    return pdf_response("meetings/pdf/summary.html", context, _filename(meeting, "summary"), request)
