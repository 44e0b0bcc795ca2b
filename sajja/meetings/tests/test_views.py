"""The meeting pages through Django's test client: the list and the opening, the meeting page, the
collection sheet (prefilled with what is expected), posting a row (by the script's JSON and by a
plain form), bad input kept in the row with its message, a double submit posting once, a signed
meeting showing no form, and who may see what.

The village (``build_village``, also used by the browser test): a treasurer, a vice-president who
signs second, a loan committee of two, ``n`` members pledging 100 baht a month (paid up to last
month, so this month's 100 baht is due), two guarantors pledging 500 baht, one borrower with a
12,000 baht loan paid out a month ago (its first instalment is due today: 1,000 baht principal +
120 baht interest), and one approved 5,000 baht request waiting to be paid out at the meeting.
The meeting day is today (nothing is posted into a meeting before its day).
"""

import datetime as dt
import json
from dataclasses import dataclass, field

import pytest
from django.db.models import Max
from django.test import Client
from django.urls import reverse
from django.utils import translation

from sajja.accounts.models import CommitteeSeat
from sajja.core import testing as t
from sajja.core.tenancy import today
from sajja.ledger.models import JournalEntry, JournalLine, PostingKey
from sajja.ledger.services import LineIn, entry_post
from sajja.loans import selectors as loans_selectors
from sajja.loans import services as loans
from sajja.loans.domain import add_months
from sajja.meetings import services
from sajja.meetings.models import Meeting, MeetingEntry, MeetingRow
from sajja.members.models import Member
from sajja.savings import services as savings

PLEDGE = 100_00
GUARANTOR_PLEDGE = 500_00
LOAN = 12_000_00
PAYOUT = 5_000_00


@dataclass
class Village:
    group: object
    treasurer: object  # user
    vice: object  # user: the second signer
    loan_committee: list
    members: list  # every member with a pledge, by number (borrower and guarantors included)
    borrower: object
    guarantors: list
    loan: object
    approved: object  # the request waiting for pay-out
    day: dt.date
    extra: dict = field(default_factory=dict)


def build_village(n: int = 6, *, day: dt.date | None = None) -> Village:
    """A group meeting today with ``n`` ordinary members (see the module's docstring)."""
    day = day or today()
    month = day.replace(day=1)
    start = add_months(month, -3)
    group = t.make_group()
    group.meeting_day = min(day.day, 28)
    group.save(update_fields=["meeting_day"])
    treasurer = t.make_committee(group, "m_treasurer", "treasurer")
    vice = t.make_committee(group, "m_vice", "vice_president")
    committee = [t.make_committee(group, f"m_loan_{i}", "loan_committee") for i in range(2)]
    entry_post(
        group=group,
        date=start,
        memo="ทุนตั้งต้น",
        lines=[LineIn("cash", debit=200_000_00), LineIn("other_income", credit=200_000_00)],
        actor=treasurer,
    )
    names = ["สมศรี", "บุญมี", "มะลิ", "ทองดี", "คำปั่น", "บัวลอย", "สายทอง", "จันทร์เพ็ญ", "ประยูร", "สมใจ"]
    members = []
    first = Member.objects.filter(group=group).aggregate(m=Max("number"))["m"] + 1
    for i in range(n):
        member = t.make_member(
            group, number=first + i, first_name=names[i % len(names)] + (str(i) if i >= len(names) else ""),
            joined_on=add_months(start, -1),
        )  # fmt: skip
        members.append(member)
    guarantors, borrower = members[:2], members[2]
    for member in members:
        amount = GUARANTOR_PLEDGE if member in guarantors else PLEDGE
        savings.pledge_set(member=member, amount=amount, effective_from=start, actor=treasurer)
        savings.pledge_receive(member=member, date=month - dt.timedelta(days=1), amount=3 * amount, actor=treasurer)
    lent_on = add_months(day, -1)
    request = loans.loan_request(
        member=borrower, kind="ordinary", amount=LOAN, term_months=12, purpose="ซื้อปุ๋ย",
        guarantors=guarantors, date=lent_on, actor=treasurer,
    )  # fmt: skip
    for user in committee:
        loans.loan_vote(request=request, vote="approve", date=lent_on, actor=user)
    loans.loan_decide(request=request, decision="approve", date=lent_on, actor=committee[0])
    loan = loans.loan_disburse(request=request, date=lent_on, actor=treasurer)
    waiting = loans.loan_request(
        member=members[3], kind="ordinary", amount=PAYOUT, term_months=10, purpose="ซื้อพันธุ์ข้าว",
        guarantors=guarantors, date=day, actor=treasurer,
    )  # fmt: skip
    for user in committee:
        loans.loan_vote(request=waiting, vote="approve", date=day, actor=user)
    loans.loan_decide(request=waiting, decision="approve", date=day, actor=committee[0])
    return Village(group, treasurer, vice, committee, members, borrower, guarantors, loan, waiting, day)


def open_meeting(v: Village, opening: int = 5_000_00) -> Meeting:
    return services.meeting_open(
        group=v.group, date=v.day, opening_cash=opening, opening_counts={100_000: opening // 100_000}, actor=v.treasurer
    )


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def url(name, v: Village, *args):
    return reverse(name, args=[v.group.id, *args])


def ledger_state() -> tuple:
    return (
        JournalEntry.objects.count(),
        JournalLine.objects.count(),
        PostingKey.objects.count(),
        MeetingRow.objects.count(),
    )


JSON = {"HTTP_ACCEPT": "application/json"}


@pytest.fixture
def village(db) -> Village:
    return build_village()


@pytest.fixture
def meeting(village) -> Meeting:
    return open_meeting(village)


# --- the list and the opening --------------------------------------------------------------------


def test_the_list_offers_todays_meeting_and_opens_it_with_a_count(village):
    client = client_of(village.treasurer)
    page = client.get(url("meeting_list", village))
    assert page.status_code == 200
    assert b'data-testid="open-form"' in page.content
    assert page.context["next_date"] == village.day
    data = {"key": "open-1", "date": village.day.strftime("%d/%m/") + str(village.day.year + 543)}
    data |= {"count_100000": "๒", "count_50000": "1", "count_25": "4"}  # Thai digits, as a Thai keyboard types
    response = client.post(url("meeting_open", village), data)
    meeting = Meeting.objects.get(group=village.group)
    assert response.status_code == 302
    assert response["Location"] == url("meeting_detail", village, meeting.id)
    assert meeting.date == village.day
    assert meeting.opening_cash == 2 * 100_000 + 50_000 + 4 * 25  # 2,501.00 baht
    assert meeting.opening_counts == {"100000": 2, "50000": 1, "25": 4}
    again = client.post(url("meeting_open", village), data)  # the same form sent twice
    assert again.status_code == 302
    assert Meeting.objects.filter(group=village.group).count() == 1


def test_a_bad_count_opens_nothing_and_says_why(village):
    client = client_of(village.treasurer)
    data = {"key": "open-2", "date": village.day.strftime("%d/%m/%Y"), "count_10000": "2.5", "count_500": "-1"}
    with translation.override("en"):
        response = client.post(url("meeting_open", village), data, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    form = response.context["open_form"]
    assert set(form.errors) == {"count_10000", "count_500"}
    assert not Meeting.objects.exists()


# --- the meeting page ----------------------------------------------------------------------------


def test_the_meeting_page_shows_cash_attendance_and_the_payout(village, meeting):
    page = client_of(village.treasurer).get(url("meeting_detail", village, meeting.id))
    assert page.status_code == 200
    assert page.context["expected_cash"] == 5_000_00
    assert [p["request"].id for p in page.context["payouts"]] == [village.approved.id]
    assert len(page.context["attendance_rows"]) == len(village.members) + 4  # with the committee's members
    content = page.content.decode()
    assert f'data-testid="payout-{village.approved.id}"' in content
    assert 'data-testid="count-form"' in content


def test_attendance_is_one_tap_and_a_representative_needs_a_name(village, meeting):
    client = client_of(village.treasurer)
    member = village.members[0]
    address = url("meeting_attendance", village, meeting.id, member.id)
    response = client.post(address, {"status": "present"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert b'aria-pressed="true" data-testid="att-present"' in response.content
    refused = client.post(address, {"status": "represented", "representative": ""}, HTTP_HX_REQUEST="true")
    assert refused["X-Sajja-Refused"] == "1"
    assert b'data-testid="att-error"' in refused.content
    client.post(address, {"status": "represented", "representative": "นายดำ ลูกชาย"})
    assert meeting.attendance.get(member=member).representative == "นายดำ ลูกชาย"


def test_the_payout_button_pays_the_approved_loan_once(village, meeting):
    client = client_of(village.treasurer)
    data = {"key": "payout-1", "method": "cash"}
    first = client.post(url("meeting_payout", village, meeting.id, village.approved.id), data)
    assert first.status_code == 302
    village.approved.refresh_from_db()
    assert village.approved.status == "disbursed"
    before = ledger_state()
    client.post(url("meeting_payout", village, meeting.id, village.approved.id), data)
    assert ledger_state() == before
    page = client.get(url("meeting_detail", village, meeting.id))
    assert page.context["expected_cash"] == 5_000_00 - PAYOUT


# --- the collection sheet ------------------------------------------------------------------------


def test_the_sheet_prefills_what_is_expected(village, meeting):
    page = client_of(village.treasurer).get(url("meeting_sheet", village, meeting.id))
    assert page.status_code == 200
    rows = {r["member"].id: r for r in page.context["rows"]}
    assert rows[village.members[0].id]["values"]["pledge"] == "500.00"  # a guarantor pledges 500
    borrower = rows[village.borrower.id]
    assert borrower["values"] == {"pledge": "100.00", "instalment": "1120.00", "fines": "", "deposit": ""}
    assert borrower["instalment_hint"] == {"principal": 1_000_00, "interest": 120_00, "fines": 0}
    assert all(r["form"] for r in page.context["rows"])
    content = page.content.decode()
    assert content.count('data-testid="sheet-row"') == len(page.context["rows"])
    assert f'name="key" value="meeting-{meeting.id}-member-{village.borrower.id}-' in content
    assert 'id="sheet-search"' in content


def row_data(meeting, member, key_tail="a1b2c3", **amounts):
    data = {"key": f"meeting-{meeting.id}-member-{member.id}-{key_tail}", "version": "0"}
    data.update({k: v for k, v in amounts.items()})
    return data


def test_posting_a_row_by_the_script_returns_the_row_and_the_totals(village, meeting):
    client = client_of(village.treasurer)
    borrower = village.borrower
    address = url("meeting_row_post", village, meeting.id, borrower.id)
    response = client.post(address, row_data(meeting, borrower, pledge="100.00", instalment="1120.00"), **JSON)
    assert response.status_code == 200
    data = response.json()
    assert data["ok"] is True
    assert data["duplicate"] is False
    assert 'data-testid="row-done"' in data["row_html"]
    assert "1,220.00" in data["row_html"]
    assert 'data-testid="total-instalment-posted">1,120.00' in data["totals_html"].replace("\n", "")
    row = MeetingRow.objects.get(meeting=meeting, member=borrower)
    assert (row.pledge, row.instalment, row.fines, row.deposit) == (100_00, 1_120_00, 0, 0)
    repayment = village.loan.repayments.get()
    assert (repayment.principal, repayment.interest, repayment.fine) == (1_000_00, 120_00, 0)


def test_a_plain_form_post_goes_back_to_the_row(village, meeting):
    client = client_of(village.treasurer)
    member = village.members[4]
    response = client.post(
        url("meeting_row_post", village, meeting.id, member.id), row_data(meeting, member, pledge="100")
    )
    assert response.status_code == 302
    assert response["Location"].endswith(f"/sheet/#row-{member.id}")
    page = client.get(url("meeting_sheet", village, meeting.id))
    row = next(r for r in page.context["rows"] if r["member"].id == member.id)
    assert row["handled"]
    assert not row["form"]
    assert row["posted"]["pledge"] == 100_00


def test_double_submit_posts_once(village, meeting):
    client = client_of(village.treasurer)
    member = village.members[5]
    address = url("meeting_row_post", village, meeting.id, member.id)
    data = row_data(meeting, member, key_tail="double", pledge="100.00")
    first = client.post(address, data, **JSON)
    after_first = ledger_state()
    second = client.post(address, data, **JSON)  # a second Enter, or a resend after a dropped line
    third = client_of(village.vice).post(address, data)  # the same key from another device, no script
    assert first.json()["duplicate"] is False
    assert second.status_code == 200
    assert second.json()["duplicate"] is True
    assert third.status_code == 302
    assert ledger_state() == after_first
    assert MeetingRow.objects.filter(member=member).count() == 1


@pytest.mark.parametrize(
    ("amounts", "field", "code"),
    [
        ({"pledge": "abc"}, "pledge", "not_number"),
        ({"pledge": "100.005"}, "pledge", "precision"),  # three decimals
        ({"instalment": "99999999999"}, "instalment", "too_large"),
        ({"instalment": "-5"}, "instalment", "negative"),
        ({"pledge": "", "instalment": ""}, "pledge", "empty_row"),
    ],
)
def test_bad_input_is_refused_in_the_row_and_nothing_is_posted(village, meeting, amounts, field, code):
    client = client_of(village.treasurer)
    member = village.borrower
    before = ledger_state()
    with translation.override("en"):
        response = client.post(
            url("meeting_row_post", village, meeting.id, member.id), row_data(meeting, member, **amounts), **JSON
        )
    assert response.status_code == 400
    error = response.json()["error"]
    assert (error["field"], error["code"]) == (field, code)
    assert error["message_th"]
    assert error["message_en"]
    assert ledger_state() == before


def test_bad_input_without_the_script_keeps_what_was_typed(village, meeting):
    client = client_of(village.treasurer)
    member = village.borrower
    data = row_data(meeting, member, pledge="๑๐๐", instalment="12x")
    response = client.post(url("meeting_row_post", village, meeting.id, member.id), data)
    assert response.status_code == 400
    row = next(r for r in response.context["rows"] if r["member"].id == member.id)
    assert row["form"]
    assert row["error"]
    assert row["values"]["instalment"] == "12x"
    assert row["values"]["pledge"] == "๑๐๐"
    assert row["key"] == data["key"]  # the same key: correcting and sending again still posts once
    assert row["error_field"] == "instalment"
    assert 'value="12x"' in response.content.decode()
    assert not MeetingRow.objects.exists()


def test_a_key_of_another_row_is_refused(village, meeting):
    client = client_of(village.treasurer)
    other = village.members[0]
    data = row_data(meeting, other, pledge="100")  # other's key sent for the borrower's row
    response = client.post(url("meeting_row_post", village, meeting.id, village.borrower.id), data, **JSON)
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "bad_key"


def test_another_groups_meeting_and_member_are_not_found(village, meeting, world):
    client = client_of(village.treasurer)
    outsider = world.member_b
    response = client.post(
        url("meeting_row_post", village, meeting.id, outsider.id), row_data(meeting, outsider, pledge="100")
    )
    assert response.status_code == 404
    other_meeting = services.meeting_open(group=world.group_b, date=today(), opening_cash=0, actor=world.treasurer_b)
    assert client.get(url("meeting_sheet", village, other_meeting.id)).status_code == 404


def sign_off(village, meeting):
    services.cash_count(meeting=meeting, counts={100_000: 5}, actor=village.treasurer)
    services.meeting_sign(meeting=meeting, actor=village.treasurer)
    services.meeting_sign(meeting=meeting, actor=village.vice)
    meeting.refresh_from_db()
    return meeting


def test_a_signed_meeting_shows_no_form_and_refuses_posts(village, meeting):
    meeting = sign_off(village, meeting)
    assert meeting.locked
    client = client_of(village.treasurer)
    sheet = client.get(url("meeting_sheet", village, meeting.id)).content.decode()
    assert '<form class="sheet-row' not in sheet
    assert 'id="sheet-search"' not in sheet
    assert 'data-testid="locked"' in sheet
    page = client.get(url("meeting_detail", village, meeting.id)).content.decode()
    for form in ("count-form", "sign-form", "payout-", "bank-form"):
        assert f'data-testid="{form}' not in page
    before = ledger_state()
    member = village.members[1]
    response = client.post(
        url("meeting_row_post", village, meeting.id, member.id), row_data(meeting, member, pledge="500"), **JSON
    )
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "meeting_locked"
    assert ledger_state() == before


def test_the_closing_count_difference_and_two_signatures_through_the_page(village, meeting):
    treasurer, vice = client_of(village.treasurer), client_of(village.vice)
    counts = {"key": "count-1", "count_100000": "4", "count_50000": "1", "count_10000": "4", "count_5000": "1"}
    treasurer.post(url("meeting_count", village, meeting.id), counts)  # 4,950 baht: 50 baht short
    meeting.refresh_from_db()
    assert meeting.closing_cash == 4_950_00
    page = treasurer.get(url("meeting_detail", village, meeting.id))
    assert page.context["difference"] == -50_00
    assert page.context["difference_form"] is not None
    refused = treasurer.post(url("meeting_sign", village, meeting.id), {"key": "sign-0"})
    assert refused.status_code == 400  # not before the difference is explained
    assert refused.context["sign_form"].errors
    treasurer.post(url("meeting_difference", village, meeting.id), {"key": "diff-1", "reason": "ทอนเงินผิด"})
    treasurer.post(url("meeting_sign", village, meeting.id), {"key": "sign-1"})
    same = treasurer.get(url("meeting_detail", village, meeting.id))
    assert same.context["sign_form"] is None  # the treasurer cannot sign twice
    vice.post(url("meeting_sign", village, meeting.id), {"key": "sign-2"})
    meeting.refresh_from_db()
    assert meeting.locked
    assert (meeting.treasurer_signed_by_id, meeting.checker_signed_by_id) == (village.treasurer.id, village.vice.id)


def test_who_sees_what(village, meeting):
    member_user = t.make_user("m_plain")
    plain = village.members[0]
    plain.user = member_user
    plain.save(update_fields=["user"])
    seat = CommitteeSeat.objects.get(member__user=village.loan_committee[0])
    assert seat.position == "loan_committee"
    reader = client_of(village.loan_committee[0])  # a loan committee member reads, without forms
    sheet = reader.get(url("meeting_sheet", village, meeting.id))
    assert sheet.status_code == 200
    assert '<form class="sheet-row' not in sheet.content.decode()
    assert reader.post(url("meeting_row_post", village, meeting.id, plain.id), {}).status_code == 403
    member = client_of(member_user)
    assert member.get(url("meeting_list", village)).status_code == 200
    assert member.get(url("meeting_sheet", village, meeting.id)).status_code == 403
    assert member.get(url("meeting_detail", village, meeting.id)).status_code == 403


def test_the_sheet_is_read_in_a_fixed_number_of_queries(village, meeting):
    client = client_of(village.treasurer)
    client.get(url("meeting_sheet", village, meeting.id))  # warm the session and the caches
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(url("meeting_sheet", village, meeting.id))
    for _i in range(8):
        t.make_member(village.group)
    with CaptureQueriesContext(connection) as more:
        client.get(url("meeting_sheet", village, meeting.id))
    assert len(more) == len(few), json.dumps([q["sql"][:120] for q in more.captured_queries], ensure_ascii=False)


def test_another_payment_reopens_a_posted_row_and_a_stale_sheet_is_refused(village, meeting):
    """Two treasurers on one sheet: the second, whose page still shows the member unposted, is told
    to reload instead of posting the pledge a second time."""
    first, second = client_of(village.treasurer), client_of(village.vice)
    member = village.members[4]
    address = url("meeting_row_post", village, meeting.id, member.id)
    stale_page = second.get(url("meeting_sheet", village, meeting.id))
    stale_row = next(r for r in stale_page.context["rows"] if r["member"].id == member.id)
    assert stale_row["version"] == 0
    first.post(address, row_data(meeting, member, key_tail="first", pledge="100"), **JSON)
    before = ledger_state()
    refused = second.post(address, row_data(meeting, member, key_tail="second", pledge="100"), **JSON)
    assert refused.status_code == 400
    assert refused.json()["error"]["code"] == "stale"
    assert ledger_state() == before
    again = first.get(url("meeting_sheet", village, meeting.id), {"again": member.id})
    row = next(r for r in again.context["rows"] if r["member"].id == member.id)
    assert row["form"]
    assert row["handled"]
    assert row["version"] == 1
    assert row["values"]["pledge"] == ""  # this month's pledge is paid: nothing prefilled
    more = first.post(address, {**row_data(meeting, member, key_tail="more", deposit="50"), "version": "1"}, **JSON)
    assert more.status_code == 200
    assert MeetingRow.objects.filter(member=member).count() == 2


def test_a_bad_count_is_refused_by_its_field_and_the_surplus_is_banked(village, meeting):
    client = client_of(village.treasurer)
    refused = client.post(url("meeting_count", village, meeting.id), {"key": "c-1", "count_100000": "สาม"})
    assert refused.status_code == 400
    assert "count_100000" in refused.context["close_form"].errors
    meeting.refresh_from_db()
    assert meeting.closing_cash is None
    client.post(url("meeting_count", village, meeting.id), {"key": "c-2", "count_100000": "5"})
    page = client.get(url("meeting_detail", village, meeting.id))
    assert page.context["difference"] == 0
    assert page.context["bank_form"] is not None
    too_much = client.post(url("meeting_bank", village, meeting.id), {"key": "b-0", "amount": "5000.01"})
    assert too_much.status_code == 400
    assert too_much.context["bank_form"].errors
    banked = client.post(url("meeting_bank", village, meeting.id), {"key": "b-1", "amount": "4,000"})
    assert banked.status_code == 302
    client.post(url("meeting_bank", village, meeting.id), {"key": "b-1", "amount": "4,000"})  # sent twice
    page = client.get(url("meeting_detail", village, meeting.id))
    assert page.context["banked"] == 4_000_00


# --- postings and their corrections ----------------------------------------------------------------


def test_a_posting_typed_by_mistake_is_undone_from_the_postings_page(village, meeting):
    """The borrower's instalment (1,120 baht) is posted with the pledge; the treasurer finds the
    member on the postings page and undoes the instalment with a reason: the ledger has the reversal,
    the loan owes the instalment again, and the page shows the posting as undone without a form."""
    b = village.borrower
    client = client_of(village.treasurer)
    services.row_post(meeting=meeting, member=b, pledge=PLEDGE, instalment=1_120_00, key="r-b", actor=village.treasurer)
    page = client.get(url("meeting_postings", village, meeting.id), {"q": str(b.number)})
    assert page.status_code == 200
    rows = page.context["rows"]
    assert sorted(r["link"].kind for r in rows) == ["instalment", "pledge"]
    assert all(r["link"].member_id == b.id for r in rows)
    instalment = next(r["link"] for r in rows if r["link"].kind == "instalment")
    # Thai digits in the search find the same member.
    thai = str(b.number).translate(str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙"))
    assert len(client.get(url("meeting_postings", village, meeting.id), {"q": thai}).context["rows"]) == 2
    action = url("meeting_entry_reverse", village, meeting.id, instalment.entry_id)
    before = ledger_state()
    empty = client.post(action, {"key": "undo-0", "reason": "  ", "q": str(b.number)})
    assert empty.status_code == 400  # a correction needs its reason
    assert ledger_state() == before
    done = client.post(action, {"key": "undo-1", "reason": "รับเงินงวดผิดคน", "q": str(b.number)})
    assert done.status_code == 302
    assert done["Location"].endswith(f"?q={b.number}")
    reversal = JournalEntry.objects.get(reverses_id=instalment.entry_id)
    assert (reversal.reason, reversal.date) == ("รับเงินงวดผิดคน", village.day)
    assert loans_selectors.state(village.loan, village.day).interest_due == 120_00  # owed again
    again = client.post(action, {"key": "undo-1", "reason": "รับเงินงวดผิดคน"})  # the same form sent twice
    assert again.status_code == 302
    assert JournalEntry.objects.filter(reverses_id=instalment.entry_id).count() == 1
    page = client.get(url("meeting_postings", village, meeting.id), {"q": str(b.number)})
    undone = next(r for r in page.context["rows"] if r["link"].entry_id == instalment.entry_id)
    assert undone["link"].reversed
    assert undone["form"] is None
    assert 'data-testid="reversed"' in page.content.decode()


def test_the_postings_page_is_read_only_for_readers_and_fenced_by_group(village, meeting, world):
    b = village.borrower
    services.row_post(meeting=meeting, member=b, pledge=PLEDGE, key="r-b", actor=village.treasurer)
    link = MeetingEntry.objects.get(meeting=meeting)
    reader = client_of(village.loan_committee[0])
    page = reader.get(url("meeting_postings", village, meeting.id))
    assert page.status_code == 200
    assert [r["form"] for r in page.context["rows"]] == [None]
    assert (
        reader.post(url("meeting_entry_reverse", village, meeting.id, link.entry_id), {"reason": "x"}).status_code
        == 403
    )
    # Another group's treasurer reaches neither the page nor the posting.
    other = client_of(world.treasurer_b)
    assert other.get(url("meeting_postings", village, meeting.id)).status_code in (403, 404)
    own = reverse("meeting_entry_reverse", args=[world.group_b.id, meeting.id, link.entry_id])
    assert other.post(own, {"reason": "x"}).status_code == 404
    assert not JournalEntry.objects.filter(reverses_id=link.entry_id).exists()
