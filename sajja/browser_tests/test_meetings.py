"""A treasurer runs a whole meeting day for 30 members in a real browser: opens the meeting with
the cash box counted, marks attendance, confirms most rows of the collection sheet with ONE
keystroke each (Enter), types three other amounts (one found with the search key "/"), pays out
an approved loan, counts the cash by note and coin, signs, and hands over to the vice-president,
who signs second and locks the meeting. Then the ledger, the passbooks and the meeting summary
must tell the same story to the satang.

The keystrokes are counted: every ``page.keyboard.press`` goes through ``press`` below, which
charges it to the sheet row that has the focus. After each single Enter the row must be posted
and the focus on the next row still to post.

Books posted by a live-server test stay in the database until the test's flush. On SQLite the
flush is ``DELETE FROM`` every table, which the ledger's append-only triggers refuse, so
``ledger_flush`` (below) lifts the two delete triggers for that flush only and puts them back
straight after; PostgreSQL's flush is ``TRUNCATE``, which fires no row trigger, and needs nothing.
"""

import importlib
from collections import Counter

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import Sum
from django.utils import translation

from sajja.core import testing as t
from sajja.core.money import format_baht
from sajja.core.thai import format_date
from sajja.ledger.models import JournalEntry, JournalLine, LedgerHead
from sajja.ledger.selectors import role_map
from sajja.loans.models import Repayment
from sajja.meetings import selectors
from sajja.meetings.models import Meeting, MeetingEntry, MeetingRow
from sajja.meetings.tests.test_views import GUARANTOR_PLEDGE, PAYOUT, PLEDGE, build_village
from sajja.savings import selectors as savings_selectors

from .conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MEMBERS = 30
DENOMINATIONS = (100_000, 50_000, 10_000, 5_000, 2_000, 1_000, 500, 200, 100, 50, 25)


def in_thai_baht(satang: int) -> str:
    """An amount as the Thai page shows it (whatever language an earlier test left active here)."""
    with translation.override("th"):
        return format_baht(satang)


@pytest.fixture
def ledger_flush():
    """Let the end-of-test flush empty the ledger on SQLite (see the module's docstring)."""
    yield
    if connection.vendor != "sqlite":
        return
    triggers = importlib.import_module("sajja.ledger.migrations.0002_triggers").SQLITE
    deletes = [sql for sql in triggers if "BEFORE DELETE" in sql]
    assert len(deletes) == 2
    with connection.cursor() as cursor:
        for table in ("journalentry", "journalline"):
            cursor.execute(f"DROP TRIGGER IF EXISTS ledger_{table}_no_delete")
    try:
        call_command("flush", interactive=False, verbosity=0)
    finally:
        with connection.cursor() as cursor:
            for sql in deletes:
                cursor.execute(sql)
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'ledger_%_no_delete'")
            assert len(cursor.fetchall()) == 2, "the ledger's delete triggers are back for the next test"


def log_in(page, base_url, user):
    page.goto(f"{base_url}/accounts/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", t.password_of(user))
    page.click("main button[type=submit]")


def focused_row(page) -> str | None:
    return page.evaluate("(() => { const r = document.activeElement.closest('.sheet-row'); return r ? r.id : null })()")


def open_rows(page) -> list[str]:
    return page.evaluate(
        "Array.from(document.querySelectorAll('#sheet form.sheet-row')).filter(r => r.dataset.due !== '0').map(r => r.id)"
    )


def next_open(rows: list[str], current: str) -> str | None:
    """The row the script should move to after ``current`` is posted: the next one still to post
    below it, or from the top."""
    rest = [r for r in rows if r != current]
    if not rest:
        return None
    below = rows[rows.index(current) + 1 :]
    return below[0] if below else rest[0]


def denominations_for(satang: int) -> dict[int, int]:
    counts = {}
    for value in DENOMINATIONS:
        counts[value], satang = divmod(satang, value)
    assert satang == 0
    return counts


def test_a_treasurer_runs_a_whole_meeting_day(live_server, laptop, phone, ledger_flush):
    v = build_village(MEMBERS)
    group, day = v.group, v.day
    base = f"{live_server.url}/g/{group.id}"
    typed_pledge, typed_partial, typed_deposit = v.members[5], v.borrower, v.members[9]
    opening = 3_000_00

    # --- opening: the date of the group's meeting day and the cash box counted --------------------
    page = laptop
    log_in(page, live_server.url, v.treasurer)
    page.wait_for_url(f"{live_server.url}/g/{group.id}/")
    page.goto(f"{base}/meetings/")
    page.fill("[data-testid=open-form] input[name=date]", format_date(day))
    page.fill("[data-testid=open-form] input[name=count_100000]", "2")
    page.fill("[data-testid=open-form] input[name=count_50000]", "๒")  # Thai digits
    assert page.inner_text("[data-testid=open-form] [data-testid=count-total]") == "3,000.00"
    page.click("[data-testid=open-meeting]")
    page.wait_for_selector("[data-testid=meeting-status]")
    meeting = Meeting.objects.get(group=group)
    assert (meeting.date, meeting.opening_cash) == (day, opening)

    # --- attendance: one tap each (htmx swaps the member's line) -----------------------------------
    page.click("[data-testid=attendance-block] summary")
    for member, status in ((v.members[0], "present"), (v.members[1], "absent"), (v.borrower, "present")):
        line = page.locator(f"#att-{member.id}")
        line.locator(f"[data-testid=att-{status}]").click()
        page.wait_for_selector(f"#att-{member.id} [data-testid=att-{status}][aria-pressed=true]")
    assert dict(meeting.attendance.values_list("member_id", "status")) == {
        v.members[0].id: "present",
        v.members[1].id: "absent",
        v.borrower.id: "present",
    }

    # --- the collection sheet, keyboard only -------------------------------------------------------
    page.click("[data-testid=open-sheet]")
    page.wait_for_selector("#sheet form.sheet-row")
    presses: Counter = Counter()

    def press(key: str):
        presses[focused_row(page) or "outside"] += 1
        page.keyboard.press(key)

    rows = open_rows(page)
    assert len(rows) == MEMBERS  # the committee's own members pledge nothing: nothing due, skipped
    assert focused_row(page) == rows[0], "the first row to post has the focus when the sheet opens"
    screenshot(page, "meeting-sheet-1280")

    # The search: "/" then the borrower's number jumps to their row; the instalment is part paid.
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "sheet-search"
    page.keyboard.type(str(typed_partial.number))
    page.keyboard.press("Enter")
    assert focused_row(page) == f"row-{typed_partial.id}"
    one_key: dict[str, int] = {}
    typed: dict[str, dict] = {}
    while rows := open_rows(page):
        current = focused_row(page)
        assert current in rows, f"the focus is on {current}, not on a row still to post"
        expected_next = next_open(rows, current)
        member_id = int(current.removeprefix("row-"))
        if member_id == typed_partial.id:  # 100 pledge as expected, 500 of the 1,120 instalment
            press("Tab")
            page.keyboard.type("500")
            typed[current] = {"pledge": PLEDGE, "instalment": 500_00}
        elif member_id == typed_pledge.id:  # two months of pledge, mistyped first
            page.keyboard.type("2oo")
            press("Enter")
            error = page.locator(f"#{current} [data-testid=row-error]")
            error.wait_for()
            assert error.inner_text()  # the server's message, in the row
            assert page.input_value(f"#{current} input[name=pledge]") == "2oo"  # what was typed stays
            assert focused_row(page) == current
            assert not MeetingRow.objects.filter(member_id=member_id).exists()
            page.keyboard.type("200")  # over the selected mistake
            typed[current] = {"pledge": 200_00}
        elif member_id == typed_deposit.id:  # the pledge and a first deposit of 350.50
            press("Tab")
            press("Tab")
            press("Tab")
            page.keyboard.type("350.50")
            typed[current] = {"pledge": PLEDGE, "deposit": 350_50}
        before = presses[current]
        press("Enter")
        page.wait_for_selector(f"#{current}[data-posted='1']")
        if current not in typed:
            one_key[current] = presses[current] - before
        if expected_next:
            page.wait_for_function(
                "id => document.activeElement && document.activeElement.closest('.sheet-row')?.id === id",
                arg=expected_next,
            )
        if len(one_key) == 12:
            screenshot(page, "meeting-sheet-1280-halfway")

    # ONE keystroke for every member who paid what was expected.
    assert len(one_key) == MEMBERS - 3
    assert set(one_key.values()) == {1}, one_key
    assert all(presses[row] == 1 for row in one_key)
    assert presses[f"row-{typed_partial.id}"] == 2  # Tab, Enter
    assert presses[f"row-{typed_deposit.id}"] == 4  # Tab Tab Tab, Enter
    assert presses[f"row-{typed_pledge.id}"] == 2  # Enter refused ("2oo"), Enter
    assert "outside" not in presses
    rows_posted = MeetingRow.objects.filter(meeting=meeting)
    assert rows_posted.count() == MEMBERS  # one posting a member: nothing twice

    expected_pledge = 2 * GUARANTOR_PLEDGE + (MEMBERS - 2) * PLEDGE + (200_00 - PLEDGE)
    received = expected_pledge + 500_00 + 350_50
    totals = page.inner_text("[data-testid=sheet-totals]")
    assert format_baht(expected_pledge, unit=False) in page.inner_text("[data-testid=total-pledge-posted]")
    assert format_baht(500_00, unit=False) in page.inner_text("[data-testid=total-instalment-posted]")
    assert format_baht(received, unit=False) in page.inner_text("[data-testid=total-received]"), totals
    screenshot(page, "meeting-sheet-1280-done")

    # The same sheet on a phone: one member a card, nothing wider than the screen.
    log_in(phone, live_server.url, v.treasurer)
    phone.wait_for_url(f"{live_server.url}/g/{group.id}/")
    phone.goto(f"{base}/meetings/{meeting.id}/sheet/?again={v.members[20].id}")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    card = phone.locator(f"#row-{v.members[20].id}")
    assert card.locator("input[name=pledge]").bounding_box()["width"] < 180  # two amounts side by side
    screenshot(phone, "meeting-sheet-360")
    phone.goto(f"{base}/meetings/{meeting.id}/")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot(phone, "meeting-page-360")

    # --- the pay-out ---------------------------------------------------------------------------------
    page.goto(f"{base}/meetings/{meeting.id}/")
    page.click(f"[data-testid=payout-{v.approved.id}]")
    page.wait_for_selector("[data-testid=payouts-done]")
    v.approved.refresh_from_db()
    assert v.approved.status == "disbursed"

    # --- the closing count: exactly what the books expect --------------------------------------------
    expected_cash = opening + received - PAYOUT
    assert page.inner_text("[data-testid=expected-cash]") == in_thai_baht(expected_cash)
    form = page.locator("[data-testid=count-form]")
    for value, pieces in denominations_for(expected_cash).items():
        if pieces:
            form.locator(f"input[name=count_{value}]").fill(str(pieces))
    assert form.locator("[data-testid=count-total]").inner_text() == format_baht(expected_cash, unit=False)
    assert form.locator("[data-testid=count-diff]").inner_text() == "0.00"
    page.click("[data-testid=count-submit]")
    page.wait_for_selector("[data-testid=closing]")
    assert page.inner_text("[data-testid=difference]") == in_thai_baht(0)
    screenshot(page, "meeting-close-1280")

    # --- two signatures: the treasurer, then the vice-president on the same laptop ----------------
    page.click("[data-testid=sign]")
    page.wait_for_selector("[data-testid=hand-over]")
    page.click("[data-testid=hand-over]")
    page.wait_for_url("**/accounts/login/**")
    page.fill("#id_username", v.vice.username)
    page.fill("#id_password", t.password_of(v.vice))
    page.click("main button[type=submit]")
    page.wait_for_url(f"{base}/meetings/{meeting.id}/")
    page.click("[data-testid=sign]")
    page.wait_for_selector("[data-testid=locked]")
    meeting.refresh_from_db()
    assert meeting.locked
    assert (meeting.treasurer_signed_by_id, meeting.checker_signed_by_id) == (v.treasurer.id, v.vice.id)
    page.goto(f"{base}/meetings/{meeting.id}/sheet/")
    assert page.locator("#sheet form").count() == 0  # locked: no form left
    screenshot(page, "meeting-locked-1280")

    # --- the ledger, the passbooks and the summary agree ---------------------------------------------
    roles = role_map(group.id)
    cash = JournalLine.objects.filter(account_id=roles["cash"], entry__meeting_link__meeting=meeting).aggregate(
        d=Sum("debit"), c=Sum("credit")
    )
    assert (cash["d"], cash["c"]) == (received, PAYOUT)
    pledge_lines = JournalLine.objects.filter(account_id=roles["pledge"], entry__meeting_link__meeting=meeting)
    assert pledge_lines.aggregate(c=Sum("credit"))["c"] == expected_pledge
    assert not pledge_lines.filter(debit__gt=0).exists()
    repayment = Repayment.objects.get(loan=v.loan)
    assert (repayment.amount, repayment.fine, repayment.interest, repayment.principal) == (500_00, 0, 120_00, 380_00)

    for member in v.members:
        book = {s.role: s for s in savings_selectors.passbook(member)}
        pledge = GUARANTOR_PLEDGE if member in v.guarantors else PLEDGE
        paid_today = 200_00 if member == typed_pledge else pledge
        assert book["pledge"].balance == 3 * pledge + paid_today, member.number
        assert book["pledge"].rows[-1]["in"] == paid_today
        assert book["pledge"].rows[-1]["date"] == day
        if member == typed_deposit:
            assert book["deposits"].balance == 350_50
        else:
            assert "deposits" not in book

    summary = selectors.summary(meeting)
    assert summary.opening_cash == opening
    assert (summary.cash_in, summary.cash_out) == (received, PAYOUT)
    assert summary.expected_cash == summary.closing_cash == expected_cash
    assert summary.difference == 0
    assert summary.by_kind[MeetingEntry.Kind.PLEDGE] == expected_pledge
    assert summary.by_kind[MeetingEntry.Kind.INSTALMENT] == 500_00
    assert summary.by_kind[MeetingEntry.Kind.DEPOSIT] == 350_50
    assert summary.by_kind[MeetingEntry.Kind.PAYOUT] == PAYOUT
    assert summary.members_paid == MEMBERS
    # Who paid is marked present unless marked otherwise: member 1 stays absent (paid through someone).
    assert (summary.attendance["present"], summary.attendance["absent"]) == (MEMBERS - 1, 1)
    assert summary.signed

    # The summary page read out at the meeting shows the same figures.
    page.goto(f"{base}/meetings/{meeting.id}/summary/")
    text = page.inner_text("main")
    for amount in (opening, received, PAYOUT, expected_cash, expected_pledge):
        assert format_baht(amount, unit=False) in text, amount
    last = JournalEntry.objects.filter(meeting_link__meeting=meeting).order_by("-seq").first()
    assert last.hash == LedgerHead.objects.get(group=group).hash  # nothing posted after the meeting
    assert last.hash in text  # the seal read out is the ledger's own
    # An entry a pledge, the instalment, the deposit and the pay-out.
    assert JournalEntry.objects.filter(meeting_link__meeting=meeting).count() == MEMBERS + 3
    screenshot(page, "meeting-summary-1280")

    # --- a correction after the signatures: the instalment typed for the wrong amount --------------
    page.goto(f"{base}/meetings/{meeting.id}/postings/")
    page.fill("[data-testid=postings-search]", str(v.borrower.number))
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/postings/?q={v.borrower.number}")
    link = MeetingEntry.objects.get(meeting=meeting, kind=MeetingEntry.Kind.INSTALMENT)
    row = page.locator(f"[data-testid=posting-{link.entry_id}]")
    row.locator("summary").click()
    row.locator("input[name=reason]").fill("พิมพ์ยอดค่างวดผิด")
    row.locator("button[type=submit]").click()
    page.wait_for_selector(f"[data-testid=posting-{link.entry_id}] [data-testid=reversed]")
    reversal = JournalEntry.objects.get(reverses_id=link.entry_id)
    assert reversal.reason == "พิมพ์ยอดค่างวดผิด"
    assert sum(Repayment.objects.filter(loan=v.loan).values_list("amount", flat=True)) == 0  # owed again
    assert selectors.summary(meeting).difference == 0  # the signed meeting's figures stand
    screenshot(page, "meeting-postings-1280")
