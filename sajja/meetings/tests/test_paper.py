"""The meeting's paper: receipts, passbook lines and the summary, checked against the ledger.

The worked example (the loans tests' village, meeting of 5 April 2025, opening cash 20,000 baht):
- borrower บุญมี: pledge 300.00 (April) + instalment 1,120.00 on loan L-… (12,000 baht at 1% a month
  on the declining balance: principal 1,000.00, interest 120.00) = 1,420.00
  (หนึ่งพันสี่ร้อยยี่สิบบาทถ้วน);
- guarantor ค้ำ0: deposit 250.50;
- borrower2 บุญชู: loan of 12,000.00 paid out in cash;
- cash in 1,670.50, out 12,000.00, expected 9,670.50; counted 9,660.50 (10.00 short, explained and
  posted to the shortage account); 5,000.00 banked.

The meeting's rows are linked to their entries here as the meetings services do (``MeetingEntry``):
the paper reads only the ledger and those links.
"""

import re
import shutil
import subprocess

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from sajja.core import promptpay
from sajja.core import testing as t
from sajja.groups.models import BankAccount
from sajja.ledger.models import JournalEntry, LedgerHead
from sajja.ledger.services import LineIn, entry_post
from sajja.ledger.verify import verify_group
from sajja.loans.tests.conftest import D, approve, lend, repay, request, village  # noqa: F401 (fixture)
from sajja.meetings import paper
from sajja.meetings.models import Attendance, Meeting, MeetingEntry
from sajja.members.models import Member
from sajja.savings import services as savings

DAY = D(2025, 4, 5)
PDFTOTEXT = shutil.which("pdftotext")


def link(meeting, entry, kind, member=None):
    amount = sum(line.debit for line in entry.lines.all())
    return MeetingEntry.objects.create(
        group=meeting.group, meeting=meeting, entry=entry, kind=kind, member=member, amount=amount
    )


@pytest.fixture
def held(village):  # noqa: F811
    """The meeting of 5 April 2025 run, counted, explained, banked and signed."""
    v = village
    group, actor = v.group, v.actor
    loan = lend(v)  # 12,000 baht to the borrower on 5 March 2025, paid out before this meeting
    savings.pledge_set(member=v.borrower, amount=300_00, effective_from=D(2025, 4, 1), actor=actor)
    account = savings.deposit_open(member=v.guarantors[0], product="savings", date=DAY, actor=actor)
    meeting = Meeting.objects.create(group=group, date=DAY, opening_cash=20_000_00, opened_by=actor)
    receipt = savings.pledge_receive(member=v.borrower, date=DAY, amount=300_00, actor=actor)
    link(meeting, receipt.entry, "pledge", v.borrower)
    repayment = repay(v, loan, DAY, 1_120_00)
    link(meeting, repayment.entry, "instalment", v.borrower)
    deposit = savings.deposit_receive(account=account, date=DAY, amount=250_50, actor=actor)
    link(meeting, deposit, "deposit", v.guarantors[0])
    req = request(v, member=v.borrower2, guarantors=v.guarantors[2:4], date=DAY)
    approve(v, req)
    from sajja.loans import services as loans

    new_loan = loans.loan_disburse(request=req, date=DAY, actor=actor)
    link(meeting, new_loan.entry, "payout", v.borrower2)
    shortage = entry_post(
        group=group, date=DAY, memo="เงินสดขาดบัญชี", actor=actor,
        lines=[LineIn("cash_shortage", debit=10_00), LineIn("cash", credit=10_00)],
    )  # fmt: skip
    link(meeting, shortage, "shortage")
    banked = entry_post(
        group=group, date=DAY, memo="นำเงินฝากธนาคาร", actor=actor,
        lines=[LineIn("bank", debit=5_000_00), LineIn("cash", credit=5_000_00)],
    )  # fmt: skip
    link(meeting, banked, "bank")
    for member, status, rep in (
        (v.borrower, "present", ""),
        (v.guarantors[0], "represented", "นางบัว (ภรรยา)"),
        (v.borrower2, "present", ""),
        (v.guarantors[1], "absent", ""),
    ):
        Attendance.objects.create(
            group=group, meeting=meeting, member=member, status=status, representative=rep, recorded_by=actor
        )
    now = timezone.now()
    Meeting.objects.filter(id=meeting.id).update(
        closing_cash=9_660_50, expected_cash=9_670_50, closing_counts={"100000": 9, "50000": 1, "10000": 1, "5000": 1, "1000": 1, "50": 1},
        counted_by=actor, counted_at=now, difference_reason="ทอนเงินผิด", difference_entry=shortage,
        treasurer_signed_by=actor, treasurer_signed_at=now, checker_signed_by=v.committee[0], checker_signed_at=now,
        signed_at=now, status="signed",
    )  # fmt: skip
    meeting.refresh_from_db()
    return meeting, loan, new_loan


def pdf_text(content: bytes, tmp_path) -> str:
    path = tmp_path / "x.pdf"
    path.write_bytes(content)
    return subprocess.run([PDFTOTEXT, "-raw", str(path), "-"], capture_output=True, text=True, check=True).stdout


def manager(village):  # noqa: F811
    client = Client()
    client.force_login(village.actor)
    return client


def url(name, meeting, **kw):
    return reverse(name, kwargs={"group_id": meeting.group_id, "meeting_id": meeting.id, **kw})


# --- pure parts -------------------------------------------------------------------------------------


def test_entry_numbers_compress_runs():
    assert paper.entry_numbers([14, 12, 13, 20, 22, 21, 30]) == "12–14, 20–22, 30"
    assert paper.entry_numbers([]) == ""


@pytest.mark.parametrize(
    ("role", "debit", "credit", "expected"),
    [
        ("cash", 100, 0, None),
        ("pledge", 0, 300, ("pledge", 300)),
        ("deposits", 0, 250, ("deposit", 250)),
        ("deposits", 250, 0, ("withdrawal", 250)),
        ("loans_ordinary", 0, 1000, ("principal", 1000)),
        ("loans_emergency", 1000, 0, ("payout", 1000)),
        ("interest_income", 0, 120, ("interest", 120)),
        ("fines_receivable", 0, 20, ("fines", 20)),
        ("entry_fee_income", 0, 50, ("other", 50)),
    ],
)
def test_classify(role, debit, credit, expected):
    assert paper.classify(role, debit, credit) == expected


# --- receipts ---------------------------------------------------------------------------------------


def test_receipt_amounts_are_the_ledger_lines(held, village):  # noqa: F811
    meeting, loan, _new = held
    by_member = {r.member.id: r for r in paper.receipts(meeting)}
    assert set(by_member) == {village.borrower.id, village.guarantors[0].id, village.borrower2.id}
    r = by_member[village.borrower.id]
    assert [(p.part, p.amount, p.loan_number) for p in r.parts] == [
        ("pledge", 300_00, ""),
        ("principal", 1_000_00, loan.number),
        ("interest", 120_00, loan.number),
    ]
    assert r.total == r.received == 1_420_00
    seqs = sorted(e.entry.seq for e in MeetingEntry.objects.filter(meeting=meeting, member=village.borrower))
    assert r.seqs
    assert sorted(set(r.seqs)) == seqs
    assert (r.balances.pledge, r.balances.loans, r.balances.deposits) == (300_00, 11_000_00, 0)
    g = by_member[village.guarantors[0].id]
    assert [(p.part, p.amount) for p in g.parts] == [("deposit", 250_50)]
    assert g.balances.deposits == 250_50
    assert g.balances.pledge == 2_000_00  # paid January to April before
    b2 = by_member[village.borrower2.id]
    assert (b2.parts, b2.total) == ([], 0)
    assert [(p.part, p.amount) for p in b2.paid_out] == [("payout", 12_000_00)]
    assert b2.balances.loans == 12_000_00


def test_no_promptpay_id_no_qr(held):
    meeting, *_ = held
    assert all(r.qr_payload == "" and r.qr_svg == "" for r in paper.receipts(meeting))


def test_qr_carries_the_next_meetings_expected_amount(held, village):  # noqa: F811
    meeting, *_ = held
    BankAccount.objects.create(
        group=village.group, bank="ธ.ก.ส.", account_number="020012345678", account_name="กลุ่มออมทรัพย์ฯ", promptpay_id="080-123-4567"
    )  # fmt: skip
    by_member = {r.member.id: r for r in paper.receipts(meeting)}
    r = by_member[village.borrower.id]
    # Next meeting 5 May 2025: May's pledge 300.00 + the second instalment 1,000.00 + 1% on 11,000.00 = 1,410.00.
    assert r.next_date == D(2025, 5, 5)
    assert r.next_amount == 1_410_00
    fields = promptpay.decode(r.qr_payload)
    assert fields["54"] == "1410.00"
    assert fields["01"] == "12"
    assert fields["29"] == "0016A000000677010111" + "01130066801234567"
    assert r.qr_svg.startswith("<svg")
    # The guarantor owes nothing at the next meeting (pledges paid through April, pledge 500/month):
    g = by_member[village.guarantors[0].id]
    assert g.next_amount == 500_00
    assert promptpay.decode(g.qr_payload)["54"] == "500.00"
    # A member behind with the pledge: every unpaid period through May (February to May, 500.00 each).
    (poor,) = paper.receipts(meeting, [village.poor])
    assert poor.next_amount == 4 * 500_00
    # A member who owes nothing at the next meeting gets a static code (the payer types the amount).
    from sajja.savings.models import PledgeAmount

    PledgeAmount.objects.filter(member=village.poor).delete()
    (poor,) = paper.receipts(meeting, [village.poor])
    assert poor.next_amount == 0
    assert promptpay.decode(poor.qr_payload)["01"] == "11"
    assert "54" not in promptpay.decode(poor.qr_payload)


def test_an_invalid_promptpay_id_prints_no_qr(held, village):  # noqa: F811
    meeting, *_ = held
    BankAccount.objects.create(
        group=village.group, bank="ธ.ก.ส.", account_number="1", account_name="x", promptpay_id="12345"
    )
    assert all(r.qr_payload == "" for r in paper.receipts(meeting))


@pytest.mark.skipif(PDFTOTEXT is None, reason="poppler-utils not installed")
def test_receipt_pdf_shows_amounts_and_thai_words(held, village, tmp_path):  # noqa: F811
    meeting, *_ = held
    response = manager(village).get(url("meeting_receipt_pdf", meeting, member_id=village.borrower.id))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content, tmp_path)
    assert "1,420.00" in text
    assert "300.00" in text
    assert "1,000.00" in text
    assert "120.00" in text
    assert "11,000.00" in text  # loan still owed
    assert "หนึ่งพันสี่ร้อยยี่สิบบาทถ้วน" in text
    assert village.borrower.first_name in text
    assert "2568" in text  # the meeting date in the Buddhist Era


@pytest.mark.skipif(PDFTOTEXT is None, reason="poppler-utils not installed")
def test_all_receipts_one_page_each(held, village, tmp_path):  # noqa: F811
    meeting, *_ = held
    response = manager(village).get(url("meeting_receipts_pdf", meeting))
    assert response.status_code == 200
    text = pdf_text(response.content, tmp_path)
    pages = text.split("\f")
    pages = [p for p in pages if p.strip()]
    assert len(pages) == 3
    assert "1,420.00" in pages[0] or "1,420.00" in "".join(pages)
    assert "สองร้อยห้าสิบบาทห้าสิบสตางค์" in text  # the guarantor's deposit of 250.50
    assert "12,000.00" in text  # the loan paid out to borrower2


def test_a_member_sees_only_their_own_receipt(held, village):  # noqa: F811
    meeting, *_ = held
    user = t.make_user("borrower_user")
    village.borrower.user = user
    village.borrower.save(update_fields=["user"])
    client = Client()
    client.force_login(user)
    own = client.get(url("meeting_receipt_pdf", meeting, member_id=village.borrower.id))
    assert own.status_code == 200
    other = client.get(url("meeting_receipt_pdf", meeting, member_id=village.guarantors[0].id))
    assert other.status_code == 404
    assert client.get(url("meeting_receipts_pdf", meeting)).status_code == 403
    assert client.get(url("meeting_passbook_lines", meeting)).status_code == 403
    assert client.get(url("meeting_summary", meeting)).status_code == 200


def test_another_groups_meeting_is_404(held, village):  # noqa: F811
    meeting, *_ = held
    other = t.make_group(name="กลุ่มอื่น")
    other_treasurer = t.make_committee(other, "other_treasurer")
    foreign = Meeting.objects.create(group=other, date=DAY, opening_cash=0, opened_by=other_treasurer)
    client = manager(village)
    wrong = reverse("meeting_summary", kwargs={"group_id": village.group.id, "meeting_id": foreign.id})
    assert client.get(wrong).status_code == 404
    outsider = t.make_member(other)
    wrong = reverse(
        "meeting_receipt_pdf",
        kwargs={"group_id": village.group.id, "meeting_id": meeting.id, "member_id": outsider.id},
    )
    assert client.get(wrong).status_code == 404


@pytest.mark.skipif(PDFTOTEXT is None, reason="poppler-utils not installed")
def test_a_member_with_nothing_at_the_meeting_gets_an_empty_receipt(held, village, tmp_path):  # noqa: F811
    meeting, *_ = held
    client = manager(village)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(url("meeting_receipt_pdf", meeting, member_id=village.poor.id))
    assert response.status_code == 200
    text = pdf_text(response.content, tmp_path)
    assert "Nothing was received from this member at this meeting." in text
    assert "500.00" in text  # the balance of pledge savings still shows


# --- passbook lines ---------------------------------------------------------------------------------


def test_passbook_lines(held, village):  # noqa: F811
    meeting, loan, new_loan = held
    books = {b.member.id: b for b in paper.passbook_lines(meeting)}
    assert set(books) == {village.borrower.id, village.guarantors[0].id, village.borrower2.id}
    rows = [(x.section, x.money_in, x.money_out, x.balance) for x in books[village.borrower.id].lines]
    assert rows == [("pledge", 300_00, 0, 300_00), ("loans", 0, 1_000_00, 11_000_00)]
    assert [(x.section, x.money_in, x.balance) for x in books[village.guarantors[0].id].lines] == [
        ("deposits", 250_50, 250_50)
    ]
    assert [(x.section, x.money_in, x.money_out, x.balance) for x in books[village.borrower2.id].lines] == [
        ("loans", 12_000_00, 0, 12_000_00)
    ]
    assert all(x.date == DAY for b in books.values() for x in b.lines)
    assert "เม.ย. 2568" in books[village.borrower.id].lines[0].memo  # the period paid


def test_passbook_balance_counts_entries_posted_meanwhile(held, village):  # noqa: F811
    """An entry posted outside the meeting between two of its entries moves the balance, not the lines."""
    meeting, *_ = held
    books = {b.member.id: b for b in paper.passbook_lines(meeting)}
    g = books[village.guarantors[0].id].lines
    assert g[0].balance == 250_50


@pytest.mark.skipif(PDFTOTEXT is None, reason="poppler-utils not installed")
def test_passbook_lines_page_and_pdf(held, village, tmp_path):  # noqa: F811
    meeting, *_ = held
    client = manager(village)
    page = client.get(url("meeting_passbook_lines", meeting))
    assert page.status_code == 200
    html = page.content.decode()
    assert village.borrower.first_name in html
    assert "11,000.00" in html
    response = client.get(url("meeting_passbook_lines_pdf", meeting))
    assert response.status_code == 200
    text = pdf_text(response.content, tmp_path)
    assert "250.50" in text
    assert "11,000.00" in text


# --- the summary ------------------------------------------------------------------------------------


def test_summary_figures_equal_the_ledger(held, village):  # noqa: F811
    meeting, loan, new_loan = held
    s = paper.summary(meeting)
    assert s.totals["pledge"] == 300_00
    assert s.totals["principal"] == 1_000_00
    assert s.totals["interest"] == 120_00
    assert s.totals["deposit"] == 250_50
    assert s.totals["payout"] == 12_000_00
    assert s.instalments == 1_120_00
    assert s.received == 1_670_50
    assert s.members_paid == 2
    assert [(p.member.id, p.amount, p.loan_number) for p in s.payouts] == [
        (village.borrower2.id, 12_000_00, new_loan.number)
    ]
    assert (s.opening_cash, s.cash_in, s.cash_out, s.expected_cash) == (20_000_00, 1_670_50, 12_000_00, 9_670_50)
    assert s.expected_cash == meeting.expected_cash
    assert (s.closing_cash, s.difference, s.difference_posted) == (9_660_50, -10_00, -10_00)
    assert (s.banked, s.cash_left) == (5_000_00, 4_660_50)
    assert s.attendance == {"present": 2, "represented": 1, "absent": 1, "not_recorded": s.active_members - 4}
    assert s.treasurer.name == Member.objects.get(group=village.group, user=village.actor).full_name
    assert s.checker.at is not None
    assert s.entries == 6
    # The cash account moved by exactly the summary's figures over the meeting's entries.
    ids = MeetingEntry.objects.filter(meeting=meeting).values_list("entry_id", flat=True)
    from sajja.ledger.models import JournalLine

    cash = JournalLine.objects.filter(entry_id__in=ids, account__code="1101")
    moved = sum(cash.values_list("debit", flat=True)) - sum(cash.values_list("credit", flat=True))
    assert moved == s.cash_in - s.cash_out + s.difference_posted - s.banked


def test_the_seal_is_the_chain_hash_after_the_meeting(held, village):  # noqa: F811
    meeting, *_ = held
    s = paper.summary(meeting)
    last = JournalEntry.objects.filter(meeting_link__meeting=meeting).order_by("-seq").first()
    assert (s.seal.seq, s.seal.hash) == (last.seq, last.hash)
    head = LedgerHead.objects.get(group=village.group)
    assert (s.seal.head_seq, s.seal.head_hash) == (head.seq, head.hash)
    assert verify_group(village.group.id, record=False).ok
    # A later entry moves the head on; the meeting's seal stays.
    entry_post(
        group=village.group, date=D(2025, 4, 6), memo="ค่าเครื่องเขียน", actor=village.actor,
        lines=[LineIn("stationery_expense", debit=100), LineIn("cash", credit=100)],
    )  # fmt: skip
    later = paper.summary(meeting)
    assert (later.seal.seq, later.seal.hash) == (last.seq, last.hash)
    assert later.seal.head_seq == last.seq + 1


@pytest.mark.skipif(PDFTOTEXT is None, reason="poppler-utils not installed")
def test_summary_page_and_pdf(held, village, tmp_path):  # noqa: F811
    meeting, *_ = held
    client = manager(village)
    page = client.get(url("meeting_summary", meeting))
    assert page.status_code == 200
    html = page.content.decode()
    s = paper.summary(meeting)
    assert s.seal.hash in html
    assert "9,670.50" in html
    assert village.borrower2.first_name in html
    response = client.get(url("meeting_summary_pdf", meeting))
    assert response.status_code == 200
    text = pdf_text(response.content, tmp_path)
    for figure in ("20,000.00", "1,670.50", "12,000.00", "9,670.50", "9,660.50", "5,000.00", "1,120.00"):
        assert figure in text, figure
    assert "ทอนเงินผิด" in text
    flat = re.sub(r"\s+", "", text)
    assert s.seal.hash in flat


def test_query_counts_do_not_grow_with_members(village):  # noqa: F811
    """Receipts, passbook lines and the summary of a meeting with 3 and with 13 paying members."""
    v = village
    meeting = Meeting.objects.create(group=v.group, date=DAY, opening_cash=0, opened_by=v.actor)
    members = []

    def add(n):
        for _i in range(n):
            m = t.make_member(v.group, joined_on=D(2025, 1, 1))
            savings.pledge_set(member=m, amount=100_00, effective_from=D(2025, 4, 1), actor=v.actor)
            r = savings.pledge_receive(member=m, date=DAY, amount=100_00, actor=v.actor)
            link(meeting, r.entry, "pledge", m)
            members.append(m)

    def measure():
        with CaptureQueriesContext(connection) as ctx:
            paper.receipts(meeting, with_qr=True)
            paper.passbook_lines(meeting)
            paper.summary(meeting)
        return len(ctx.captured_queries)

    BankAccount.objects.create(
        group=v.group, bank="ธ.ก.ส.", account_number="2", account_name="กลุ่ม", promptpay_id="0801234567"
    )
    add(3)
    small = measure()
    add(10)
    assert measure() == small
    assert len(paper.receipts(meeting)) == 13


# --- end to end through the meetings services --------------------------------------------------------


@pytest.fixture
def run(day):
    """The conftest's meeting of 5 April 2025 run through the meetings services: the borrower pays
    March and April's pledges (600.00), the instalment (1,120.00) and the missed-pledge fine (5.00);
    guarantor ค้ำ0 deposits 250.50; borrower2's loan of 12,000.00 is paid out; the count finds 10.00
    short (explained), 5,000.00 is banked, and two committee members sign."""
    from sajja.meetings import services

    v, meeting = day.v, day.meeting
    services.attendance_record(meeting=meeting, member=v.borrower, status="present", actor=v.actor)
    services.attendance_record(meeting=meeting, member=v.guarantors[1], status="absent", actor=v.actor)
    services.row_post(
        meeting=meeting, member=v.borrower, pledge=600_00, instalment=1_120_00, fines=5_00, key="r-1", actor=v.actor
    )
    services.row_post(meeting=meeting, member=v.guarantors[0], deposit=250_50, key="r-2", actor=v.actor)
    req = request(v, member=v.borrower2, guarantors=v.guarantors[2:4], date=DAY)
    approve(v, req)
    services.payout_post(meeting=meeting, request=req, key="p-1", actor=v.actor)
    # 20,000 + 600 + 1,120 + 5 + 250.50 - 12,000 = 9,975.50 expected; 9,965.50 counted.
    counts = {100_000: 9, 50_000: 1, 10_000: 4, 5_000: 1, 1_000: 1, 500: 1, 50: 1}
    services.cash_count(meeting=meeting, counts=counts, actor=v.actor)
    services.cash_difference_post(meeting=meeting, reason="ทอนเงินผิด", key="d-1", actor=v.actor)
    services.cash_bank(meeting=meeting, amount=5_000_00, key="b-1", actor=v.actor)
    services.meeting_sign(meeting=meeting, actor=v.actor)
    services.meeting_sign(meeting=meeting, actor=v.committee[0])
    meeting.refresh_from_db()
    return day, meeting


def test_paper_agrees_with_the_meetings_selectors(run):
    from sajja.meetings import selectors

    day, meeting = run
    v = day.v
    assert meeting.locked
    mine, theirs = paper.summary(meeting), selectors.summary(meeting)
    assert (mine.opening_cash, mine.cash_in, mine.cash_out, mine.expected_cash) == (
        theirs.opening_cash, theirs.cash_in, theirs.cash_out, theirs.expected_cash,
    )  # fmt: skip
    assert (mine.cash_in, mine.cash_out, mine.expected_cash) == (1_975_50, 12_000_00, 9_975_50)
    assert mine.expected_cash == meeting.expected_cash
    assert (mine.closing_cash, mine.difference) == (theirs.closing_cash, theirs.difference) == (9_965_50, -10_00)
    assert mine.difference_posted == theirs.explained == -10_00
    assert mine.banked == theirs.banked == 5_000_00
    assert mine.members_paid == theirs.members_paid == 2
    assert {k: mine.attendance[k] for k in theirs.attendance} == theirs.attendance
    assert mine.totals["pledge"] == theirs.by_kind["pledge"] == 600_00
    assert mine.instalments == theirs.by_kind["instalment"] == 1_120_00
    assert mine.totals["fines"] == theirs.by_kind["fines"] == 5_00
    assert mine.totals["deposit"] == theirs.by_kind["deposit"] == 250_50
    assert mine.totals["payout"] == theirs.by_kind["payout"] == 12_000_00
    assert mine.checker.name == Member.objects.get(user=v.committee[0]).full_name
    receipt = next(r for r in paper.receipts(meeting) if r.member.id == v.borrower.id)
    row = meeting.rows.get(member=v.borrower)
    assert receipt.total == receipt.received == row.total == 1_725_00
    assert [(p.part, p.amount) for p in receipt.parts] == [
        ("pledge", 600_00), ("principal", 1_000_00), ("interest", 120_00), ("fines", 5_00),
    ]  # fmt: skip


def test_replaying_every_posting_changes_no_paper(run):
    """The same requests again (a resend after a dropped connection): duplicates, and the paper is the same."""
    from sajja.meetings import services

    day, meeting = run
    v = day.v
    before = (paper.summary(meeting), [(r.member.id, r.total, r.seqs) for r in paper.receipts(meeting)])
    again = services.row_post(
        meeting=meeting, member=v.borrower, pledge=600_00, instalment=1_120_00, fines=5_00, key="r-1", actor=v.actor
    )
    assert again.duplicate
    assert services.row_post(
        meeting=meeting, member=v.guarantors[0], deposit=250_50, key="r-2", actor=v.actor
    ).duplicate
    after = (paper.summary(meeting), [(r.member.id, r.total, r.seqs) for r in paper.receipts(meeting)])
    assert after[1] == before[1]
    assert after[0].received == before[0].received
    assert after[0].seal == before[0].seal


@pytest.mark.skipif(PDFTOTEXT is None, reason="poppler-utils not installed")
def test_signed_meeting_pdfs(run, tmp_path):
    day, meeting = run
    client = manager(day.v)
    text = pdf_text(client.get(url("meeting_receipt_pdf", meeting, member_id=day.v.borrower.id)).content, tmp_path)
    assert "1,725.00" in text
    assert "หนึ่งพันเจ็ดร้อยยี่สิบห้าบาทถ้วน" in text
    text = pdf_text(client.get(url("meeting_summary_pdf", meeting)).content, tmp_path)
    for figure in ("9,975.50", "9,965.50", "-10.00", "5,000.00", "1,975.50"):
        assert figure in text, figure


# --- tenancy of the paper routes ---------------------------------------------------------------------

PAPER_ROUTES = [
    ("meeting_receipts_pdf", False),
    ("meeting_receipt_pdf", True),
    ("meeting_passbook_lines", False),
    ("meeting_passbook_lines_pdf", False),
    ("meeting_summary", False),
    ("meeting_summary_pdf", False),
]


def test_paper_routes_refuse_outsiders_and_serve_the_insider(world):
    """The central tenancy test covers every route; this one pins the paper's own (group B's meeting
    and member, aimed at by group A's people and answered for group B's treasurer)."""
    from sajja.meetings.tests.tenancy_targets import targets

    meeting_id = targets(world)["meeting_id"]

    def address(name, with_member):
        kwargs = {"group_id": world.group_b.id, "meeting_id": meeting_id}
        if with_member:
            kwargs["member_id"] = world.member_b.id
        return reverse(name, kwargs=kwargs)

    for who in ("member_user", "treasurer", "officer", "network_user"):
        client = Client()
        client.force_login(getattr(world, who))
        for name, with_member in PAPER_ROUTES:
            assert client.get(address(name, with_member)).status_code in (403, 404), (who, name)
    insider = Client()
    insider.force_login(world.treasurer_b)
    for name, with_member in PAPER_ROUTES:
        assert insider.get(address(name, with_member)).status_code == 200, name


def test_a_charge_without_money_is_in_the_passbook_not_on_the_receipt(held, village):  # noqa: F811
    meeting, *_ = held
    charge = entry_post(
        group=village.group, date=DAY, memo="ค่าปรับส่งช้า", actor=village.actor,
        lines=[LineIn("fines_receivable", debit=20_00, member=village.borrower), LineIn("fine_income", credit=20_00)],
    )  # fmt: skip
    link(meeting, charge, "fines", village.borrower)
    r = next(r for r in paper.receipts(meeting) if r.member.id == village.borrower.id)
    assert r.total == 1_420_00
    assert [p.part for p in r.parts] == ["pledge", "principal", "interest"]
    assert r.balances.fines == 20_00
    assert paper.summary(meeting).totals["fines"] == 0
    book = next(b for b in paper.passbook_lines(meeting) if b.member.id == village.borrower.id)
    assert [(x.section, x.money_in, x.money_out, x.balance) for x in book.lines if x.section == "fines_receivable"] == [
        ("fines_receivable", 20_00, 0, 20_00)
    ]
