"""The meeting-day routes of the JSON API (``/api/v1/groups/{group_id}/meetings/...``): open the
meeting, attendance, the collection sheet, post a row or a batch of rows, pay out approved loans,
count the cash, explain a difference, bank the surplus, sign, and the summary. An offline client
(a treasurer's phone in a hall without signal) queues rows with their keys and sends them later
with ``rows/batch``: rows already posted answer as they were.

Thin, like ``sajja.loans.api``: every route goes through ``group_route`` (tenancy), parses what
people type with the house parsers (``to_satang``: Thai digits accepted, three decimals and JSON
floats refused) and calls ``services``/``selectors``. The committees read (``Access.READ``); the
managing committee writes (``Access.MANAGE``); signing also needs a committee seat on the meeting
day (the service checks it). A member of another group, a meeting or a request of another group
is 404/400, never another group's data.

Idempotency: the posting routes take ``key`` in the body or the ``Idempotency-Key`` header; the
same key again answers 200 with the earlier posting and ``"duplicate": true``; a new posting 201.
"""

from django.http import Http404
from django.utils.translation import gettext_lazy as _
from ninja import Router

from sajja.core.errors import SajjaError
from sajja.core.fields import parse_text
from sajja.core.money import to_satang
from sajja.core.tenancy import Access
from sajja.core.thai import format_date, normalize_digits
from sajja.loans.models import LoanRequest
from sajja.members.models import Member

from . import domain, selectors, services
from . import schemas as s
from .models import Meeting, MeetingEntry

# Made before ``sajja.api.api`` is imported: that module adds this router at its end.
router = Router(tags=["meetings"])

from sajja.api.api import group_route  # noqa: E402
from sajja.savings.api import IDEMPOTENCY_KEY, _date, _entry_ref, _entry_refs, _key, baht  # noqa: E402
from sajja.savings.schemas import ReverseIn  # noqa: E402

BASE = "/groups/{group_id}/meetings"
ONE = BASE + "/{meeting_id}"


# --- parsing --------------------------------------------------------------------------------------


def _amount(value, field: str) -> int:
    """A row's amount as typed: empty is nothing (0); otherwise baht, not negative."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return 0
    try:
        satang = to_satang(value)
    except SajjaError as error:
        raise SajjaError(error.message, field=field, code=error.code) from None
    if satang < 0:
        raise SajjaError(_("An amount cannot be negative."), field=field, code="negative")
    return satang


def _counts(value, field: str = "counts") -> dict[int, int]:
    """A count by denomination as sent: baht keys (``"1000"``, ``"0.50"``) -> satang keys; whole
    numbers of pieces (Thai digits accepted as text); the service checks the rest."""
    if not isinstance(value, dict):
        raise SajjaError(_("Give the number of notes and coins of each kind."), field=field, code="bad_count")
    result = {}
    for key, pieces in value.items():
        try:
            denomination = to_satang(str(key))
        except SajjaError:
            denomination = -1
        if denomination not in domain.DENOMINATIONS:
            raise SajjaError(
                _(
                    "Count only notes of 1000, 500, 100, 50 and 20 baht and coins of 10, 5, 2 and 1 baht, 50 and 25 satang."
                ),
                field=field,
                code="denomination",
            )
        if isinstance(pieces, str) and normalize_digits(pieces).strip().isdigit():
            pieces = int(normalize_digits(pieces).strip())
        result[denomination] = pieces  # anything else (a float, -1) is refused by the service
    return result


def _meeting(group_id: int, meeting_id: int) -> Meeting:
    meeting = Meeting.objects.filter(group_id=group_id, id=meeting_id).select_related("group").first()
    if meeting is None:
        raise Http404
    return meeting


def _members(group_id: int, ids) -> dict[int, Member]:
    found = Member.objects.filter(group_id=group_id, id__in=set(ids)).in_bulk()
    if any(i not in found for i in ids):
        raise SajjaError(_("This member is not one of the group's members."), field="member", code="foreign_member")
    return found


# --- output ---------------------------------------------------------------------------------------


def _signature(user, at) -> dict:
    return {"user": user.get_username() if user else None, "at": at}


def _meeting_out(m: Meeting) -> dict:
    def in_baht(counts: dict) -> dict:
        return {baht(int(d)): n for d, n in counts.items()}

    return {
        "id": m.id,
        "date": m.date,
        "date_be": format_date(m.date),
        "status": m.status,
        "version": m.version,
        "opening_cash": baht(m.opening_cash),
        "opening_counts": in_baht(m.opening_counts),
        "closing_cash": baht(m.closing_cash) if m.closing_cash is not None else None,
        "closing_counts": in_baht(m.closing_counts),
        "expected_cash": baht(m.expected_cash) if m.expected_cash is not None else None,
        "difference_reason": m.difference_reason,
        "treasurer": _signature(m.treasurer_signed_by, m.treasurer_signed_at),
        "checker": _signature(m.checker_signed_by, m.checker_signed_at),
    }


def _sheet_row_out(r: selectors.SheetRow) -> dict:
    return {
        "member_id": r.member.id,
        "number": r.member.number,
        "full_name": r.member.full_name,
        "attendance": r.attendance,
        "representative": r.representative,
        "pledge_due": baht(r.pledge_due),
        "pledge_periods": r.pledge_periods,
        "instalment_due": baht(r.instalment_due),
        "loans": [
            {
                "loan_id": sl.loan.id,
                "number": sl.loan.number,
                "expected": baht(sl.expected),
                "fines": baht(sl.fines),
                "interest": baht(sl.interest),
                "principal": baht(sl.principal),
                "next_due": sl.next_due,
                "payoff": baht(sl.payoff),
            }
            for sl in r.loans
        ],
        "fines_due": baht(r.fines_due),
        "loan_fines_due": baht(r.loan_fines_due),
        "deposit_suggested": baht(r.deposit_suggested),
        "has_deposit_account": r.has_deposit_account,
        "posted": {k: baht(v) for k, v in r.posted.items()},
        "version": r.version,
        "status": r.status,
    }


def _row_out(result: services.RowResult, refs: dict) -> dict:
    row = result.row
    return {
        "duplicate": result.duplicate,
        "row": {
            "id": row.id,
            "key": row.key,
            "member_id": row.member_id,
            "pledge": baht(row.pledge),
            "instalment": baht(row.instalment),
            "fines": baht(row.fines),
            "deposit": baht(row.deposit),
            "loan_id": row.loan_id,
            "posted_at": row.posted_at,
            "entries": [refs[e.id] for e in result.entries],
        },
    }


def _link_out(link, refs: dict) -> dict:
    return {
        "id": link.id,
        "kind": link.kind,
        "member_id": link.member_id,
        "request_id": link.request_id,
        "amount": baht(link.amount),
        "key": link.key,
        "entry": refs[link.entry_id],
    }


def _posted_out(posted: services.Posted) -> tuple[int, dict]:
    refs = _entry_refs([posted.link.entry])
    return (200 if posted.duplicate else 201), {"duplicate": posted.duplicate, "link": _link_out(posted.link, refs)}


def _summary_out(meeting: Meeting) -> dict:
    sm = selectors.summary(meeting)
    return {
        "meeting": _meeting_out(meeting),
        "opening_cash": baht(sm.opening_cash),
        "cash_in": baht(sm.cash_in),
        "cash_out": baht(sm.cash_out),
        "expected_cash": baht(sm.expected_cash),
        "closing_cash": baht(sm.closing_cash) if sm.closing_cash is not None else None,
        "difference": baht(sm.difference) if sm.difference is not None else None,
        "explained": baht(sm.explained),
        "banked": baht(sm.banked),
        "by_kind": {k: baht(v) for k, v in sm.by_kind.items()},
        "rows_count": sm.rows_count,
        "members_paid": sm.members_paid,
        "attendance": sm.attendance,
        "signed": sm.signed,
    }


def _fresh(meeting: Meeting) -> Meeting:
    return Meeting.objects.select_related("group", "treasurer_signed_by", "checker_signed_by").get(id=meeting.id)


# --- routes ---------------------------------------------------------------------------------------


@router.get(BASE, response=list[s.MeetingOut])
@group_route(Access.READ)
def meeting_list(request, group_id: int):
    """The group's meetings, newest first."""
    return [
        _meeting_out(m)
        for m in selectors.meetings(request.group).select_related("treasurer_signed_by", "checker_signed_by")
    ]


@router.post(BASE, response={201: s.MeetingOut})
@group_route(Access.MANAGE)
def meeting_open(request, group_id: int, payload: s.MeetingIn):
    """Open a meeting with the cash box counted (a total, or a count by denomination)."""
    date = _date(payload.date) if (payload.date or "").strip() else selectors.next_meeting_date(request.group)
    opening = None if payload.opening_cash in (None, "") else _amount(payload.opening_cash, "opening_cash")
    counts = None if payload.opening_counts is None else _counts(payload.opening_counts, "opening_counts")
    meeting = services.meeting_open(
        group=request.group, date=date, opening_cash=opening, opening_counts=counts, actor=request.user
    )
    return 201, _meeting_out(_fresh(meeting))


@router.get(BASE + "/next", response=s.NextOut)
@group_route(Access.READ)
def meeting_next(request, group_id: int):
    """The next meeting date, and its meeting when already open."""
    date = selectors.next_meeting_date(request.group)
    found = selectors.meeting_for(request.group, date)
    return {"date": date, "date_be": format_date(date), "meeting_id": found.id if found else None}


@router.get(ONE, response=s.SummaryOut)
@group_route(Access.READ)
def meeting_summary(request, group_id: int, meeting_id: int):
    """The meeting and its figures: the day's cash book, the amounts by kind, attendance, signatures."""
    return _summary_out(_fresh(_meeting(group_id, meeting_id)))


@router.get(ONE + "/sheet", response=s.SheetOut)
@group_route(Access.READ)
def meeting_sheet(request, group_id: int, meeting_id: int):
    """The collection sheet: every active member with what is still expected today and what has been
    posted for them here; totals by kind; loans approved and waiting for pay-out."""
    sheet = selectors.sheet(_meeting(group_id, meeting_id))
    refs = _entry_refs([link.entry for link in sheet.payouts_done])
    return {
        "meeting": _meeting_out(_fresh(sheet.meeting)),
        "next_meeting": sheet.next_meeting,
        "version": sheet.version,
        "expected": {k: baht(v) for k, v in sheet.expected.items()},
        "posted": {k: baht(v) for k, v in sheet.posted.items()},
        "rows": [_sheet_row_out(r) for r in sheet.rows],
        "payouts_waiting": [
            {
                "request_id": r.id,
                "member_id": r.member_id,
                "number": r.member.number,
                "full_name": r.member.full_name,
                "kind": r.kind,
                "amount": baht(r.approved_amount or r.amount),
                "decided_on": r.decided_on,
            }
            for r in sheet.payouts_waiting
        ],
        "payouts_done": [_link_out(link, refs) for link in sheet.payouts_done],
    }


@router.post(ONE + "/attendance", response={200: s.SheetRowOut})
@group_route(Access.MANAGE)
def meeting_attendance(request, group_id: int, meeting_id: int, payload: s.AttendanceIn):
    meeting = _meeting(group_id, meeting_id)
    member = _members(group_id, [payload.member])[payload.member]
    services.attendance_record(
        meeting=meeting,
        member=member,
        status=payload.status,
        representative=payload.representative,
        actor=request.user,
    )
    return 200, _sheet_row_out(selectors.sheet_row(meeting, member))


def _row_in(row: s.RowIn, member: Member, key: str) -> services.RowIn:
    return services.RowIn(
        member=member,
        key=key,
        pledge=_amount(row.pledge, "pledge"),
        instalment=_amount(row.instalment, "instalment"),
        fines=_amount(row.fines, "fines"),
        deposit=_amount(row.deposit, "deposit"),
        loan=row.loan,
        version=row.version,
    )


@router.post(ONE + "/rows", response={200: s.RowPostedOut, 201: s.RowPostedOut})
@group_route(Access.MANAGE)
def meeting_row(request, group_id: int, meeting_id: int, payload: s.RowIn, idempotency_key: str = IDEMPOTENCY_KEY):
    """Post one member's row (pledge, instalment, fines, deposit; baht as text, empty = nothing),
    all or none. The same key again answers the earlier row (200) and posts nothing."""
    meeting = _meeting(group_id, meeting_id)
    key = _key(payload.key, idempotency_key)
    member = _members(group_id, [payload.member])[payload.member]
    item = _row_in(payload, member, key)
    result = services.row_post(
        meeting=meeting,
        member=member,
        pledge=item.pledge,
        instalment=item.instalment,
        fines=item.fines,
        deposit=item.deposit,
        loan=item.loan,
        key=key,
        version=item.version,
        actor=request.user,
    )
    out = _row_out(result, _entry_refs(result.entries))
    out["sheet_row"] = _sheet_row_out(selectors.sheet_row(meeting, member))
    return (200 if result.duplicate else 201), out


@router.post(ONE + "/rows/batch", response={200: s.RowsPostedOut, 201: s.RowsPostedOut})
@group_route(Access.MANAGE)
def meeting_rows(request, group_id: int, meeting_id: int, payload: s.RowsIn):
    """Post many rows in one transaction, all or none (an offline client's queue, or a whole
    sheet): each row needs its own ``key``; rows already posted answer as they were."""
    meeting = _meeting(group_id, meeting_id)
    if len(payload.rows) > 5000:
        raise SajjaError(_("Send at most 5,000 rows at once."), field="rows", code="too_many")
    members = _members(group_id, [r.member for r in payload.rows])
    items = [_row_in(r, members[r.member], _key(r.key, None)) for r in payload.rows]
    results = services.rows_post(meeting=meeting, rows=items, actor=request.user)
    refs = _entry_refs([e for r in results for e in r.entries])
    new = any(not r.duplicate for r in results)
    version = Meeting.objects.filter(id=meeting.id).values_list("version", flat=True).get()
    return (201 if new else 200), {"version": version, "results": [_row_out(r, refs) for r in results]}


@router.get(ONE + "/payouts", response=list[s.PayoutWaitingOut])
@group_route(Access.READ)
def meeting_payouts(request, group_id: int, meeting_id: int):
    """Approved loan requests waiting for pay-out at this meeting, in the bylaws' priority order."""
    meeting = _meeting(group_id, meeting_id)
    return [
        {
            "request_id": r.id,
            "member_id": r.member_id,
            "number": r.member.number,
            "full_name": r.member.full_name,
            "kind": r.kind,
            "amount": baht(r.approved_amount or r.amount),
            "decided_on": r.decided_on,
        }
        for r in selectors.payouts_waiting(meeting)
    ]


@router.post(ONE + "/payouts", response={200: s.PostedOut, 201: s.PostedOut})
@group_route(Access.MANAGE)
def meeting_payout(
    request, group_id: int, meeting_id: int, payload: s.PayoutIn, idempotency_key: str = IDEMPOTENCY_KEY
):
    """Pay out an approved loan at the meeting (cash or bank)."""
    meeting = _meeting(group_id, meeting_id)
    ask = LoanRequest.objects.filter(group_id=group_id, id=payload.request).first()
    if ask is None:
        raise SajjaError(_("This loan request is not one of the group's."), field="request", code="foreign_request")
    posted = services.payout_post(
        meeting=meeting, request=ask, method=payload.method, key=_key(payload.key, idempotency_key), actor=request.user
    )
    return _posted_out(posted)


@router.post(ONE + "/cash-count", response={200: s.SummaryOut})
@group_route(Access.MANAGE)
def meeting_cash_count(request, group_id: int, meeting_id: int, payload: s.CountIn):
    """The closing count by denomination (and the total the counter wrote, which must agree)."""
    meeting = _meeting(group_id, meeting_id)
    total = None if payload.total in (None, "") else _amount(payload.total, "total")
    services.cash_count(meeting=meeting, counts=_counts(payload.counts), declared_total=total, actor=request.user)
    return 200, _summary_out(_fresh(meeting))


@router.post(ONE + "/difference", response={200: s.PostedOut, 201: s.PostedOut})
@group_route(Access.MANAGE)
def meeting_difference(
    request, group_id: int, meeting_id: int, payload: s.DifferenceIn, idempotency_key: str = IDEMPOTENCY_KEY
):
    """Explain the difference between the count and the books with its reason (posted to the
    shortage or overage account)."""
    meeting = _meeting(group_id, meeting_id)
    posted = services.cash_difference_post(
        meeting=meeting, reason=payload.reason, key=_key(payload.key, idempotency_key), actor=request.user
    )
    return _posted_out(posted)


@router.post(ONE + "/bank", response={200: s.PostedOut, 201: s.PostedOut})
@group_route(Access.MANAGE)
def meeting_bank(request, group_id: int, meeting_id: int, payload: s.BankIn, idempotency_key: str = IDEMPOTENCY_KEY):
    """Take counted cash to the bank (the meeting day or later)."""
    meeting = _meeting(group_id, meeting_id)
    amount = _amount(payload.amount, "amount")
    date = _date(payload.date) if (payload.date or "").strip() else None
    posted = services.cash_bank(
        meeting=meeting, amount=amount, date=date, key=_key(payload.key, idempotency_key), actor=request.user
    )
    return _posted_out(posted)


@router.post(ONE + "/sign", response={200: s.SummaryOut})
@group_route(Access.MANAGE)
def meeting_sign(request, group_id: int, meeting_id: int):
    """Sign the meeting: the treasurer first, then another committee member; the second locks it."""
    meeting = _meeting(group_id, meeting_id)
    services.meeting_sign(meeting=meeting, actor=request.user)
    return 200, _summary_out(_fresh(meeting))


@router.post(ONE + "/entries/{entry_id}/reverse", response={201: s.CorrectionOut})
@group_route(Access.MANAGE)
def meeting_entry_reverse(request, group_id: int, meeting_id: int, entry_id: int, payload: ReverseIn):
    """Correct a posting of the meeting (before or after the signatures) with a reversing entry and
    its reason: a pledge (its periods unpaid again), fines paid (owed again), an instalment (the
    loan owes again what it paid), a deposit, the banking or the difference. A pay-out is refused."""
    meeting = _meeting(group_id, meeting_id)
    link = MeetingEntry.objects.filter(meeting=meeting, entry_id=entry_id).select_related("entry").first()
    if link is None:
        raise Http404
    reversal = services.meeting_entry_reverse(
        meeting=meeting,
        entry=link.entry,
        date=_date(payload.date),
        reason=parse_text(payload.reason, field="reason", max_length=300),
        actor=request.user,
    )
    return 201, {"kind": link.kind, "reversal": _entry_ref(reversal)}
