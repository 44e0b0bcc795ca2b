"""The year end through the services, on the worked village (see conftest and ``test_domain``):
the exact journal lines of the allocation and of the payments, every refusal with its code and
nothing written, and the locked year on both databases (run this file on SQLite and PostgreSQL)."""

import datetime as dt

import pytest
from django.db import DatabaseError, transaction

from sajja.closing import checks, selectors, services
from sajja.closing.models import AllocationLine, AllocationPlan, FiscalYear, MemberShare
from sajja.core.errors import SajjaError
from sajja.ledger.models import JournalEntry, JournalLine, LedgerHead
from sajja.ledger.selectors import balances
from sajja.ledger.services import AlreadyPosted, LineIn, entry_post
from sajja.ledger.tests.test_constraints import CLOSED, INSERTERS, state

from .conftest import AGM, YEAR_END, approve, closed_year, lines_of

D = dt.date
DIVIDENDS = {1: 50_455, 2: 77_622, 3: 67_920, 4: 100_909, 5: 297_553, 6: 7_762, 8: 236_749, 10: 25_227}
REBATES = {4: 32_922, 7: 98_765, 8: 16_461}


def numbered(village, amounts: dict) -> dict:
    return {village.members[n].number: a for n, a in amounts.items()}


def refused(code, call, *args, **kwargs):
    """``call`` raises a ``SajjaError`` with ``code`` and the books and plans are unchanged."""
    before = (
        state(),
        list(AllocationPlan.objects.values_list("id", "status", "net_profit")),
        list(MemberShare.objects.values_list("id", "paid_entry_id")),
        list(FiscalYear.objects.values_list("id", "status")),
        list(LedgerHead.objects.values_list("closed_through", flat=True)),
    )
    with pytest.raises(SajjaError) as error:
        call(*args, **kwargs)
    assert error.value.code == code, error.value.code
    after = (
        state(),
        list(AllocationPlan.objects.values_list("id", "status", "net_profit")),
        list(MemberShare.objects.values_list("id", "paid_entry_id")),
        list(FiscalYear.objects.values_list("id", "status")),
        list(LedgerHead.objects.values_list("closed_through", flat=True)),
    )
    assert after == before
    return error.value


# --- the worked example -------------------------------------------------------------------------


def test_profit_with_its_parts(village):
    statement = selectors.income_statement(village.year)
    assert [(r["account"].code, r["amount"]) for r in statement["income"]] == [("4102", 520_000), ("4103", 800_000)]
    assert [(r["account"].code, r["amount"]) for r in statement["expenses"]] == [("5201", 85_433)]
    assert statement["net_profit"] == 1_234_567


def test_month_end_balances_come_from_one_query(village, django_assert_num_queries):
    with django_assert_num_queries(1):
        ends = selectors.pledge_month_ends(village.group.id, D(2025, 1, 1))
    m = village.members
    assert ends[m[1].id] == tuple(100_00 * k for k in range(1, 13))
    assert ends[m[5].id] == (500_000,) * 5 + (300_000,) * 7
    assert ends[m[9].id] == (300_000,) * 4 + (0,) * 8
    interest = selectors.interest_paid(village.group.id, D(2025, 1, 1), YEAR_END)
    assert interest == {m[4].id: 100_000, m[7].id: 300_000, m[8].id: 50_000, m[9].id: 70_000}


def test_worked_example_plan_post_and_close(village):
    """The hand-computed figures of ``test_domain.test_worked_example_to_the_satang``, stored, posted
    in one entry with exactly these lines, and the year locked."""
    plan = services.plan_make(fiscal_year=village.year, actor=village.actor)
    assert (plan.status, plan.net_profit, plan.income_total, plan.expense_total) == (
        "draft",
        1_234_567,
        1_320_000,
        85_433,
    )
    assert list(plan.lines.values_list("code", "rate_bp", "amount")) == [
        ("reserve", 1000, 123_457),
        ("dividend", 7000, 864_197),
        ("rebate", 1200, 148_148),
        ("committee", 300, 37_037),
        ("welfare", 350, 43_210),
        ("public_benefit", 50, 6_173),
        ("training", 100, 12_345),
    ]
    shares = {s.member.number: s for s in selectors.shares(plan)}
    assert {n: s.dividend for n, s in shares.items() if s.dividend} == numbered(village, DIVIDENDS)
    assert {n: s.rebate for n, s in shares.items() if s.rebate} == numbered(village, REBATES)
    leaver = shares[village.members[9].number]
    assert leaver.left_in_year
    assert (leaver.dividend, leaver.rebate) == (0, 0)
    village.year.refresh_from_db()
    assert village.year.status == "closing"

    approve(plan, village.actor)
    entry = services.plan_post(plan=plan, actor=village.actor)
    m = {n: village.members[n].number for n in village.members}
    expected = (
        [("2301", 0, amount, m[n]) for n, amount in DIVIDENDS.items()]
        + [("2302", 0, amount, m[n]) for n, amount in REBATES.items()]
        + [
            ("2303", 0, 37_037, None),
            ("3101", 0, 123_457, None),
            ("3201", 0, 43_210, None),
            ("3202", 0, 6_173, None),
            ("3203", 0, 12_345, None),
            ("3301", 0, 1_234_567, None),
            ("3301", 1_234_567, 0, None),
            ("4102", 520_000, 0, None),
            ("4103", 800_000, 0, None),
            ("5201", 0, 85_433, None),
        ]
    )
    assert lines_of(entry) == sorted(expected, key=lambda r: (r[0], r[1], r[2], r[3] or 0))
    assert (entry.date, entry.source) == (YEAR_END, f"closing/{village.year.id}")
    assert "2568" in entry.memo

    recon = selectors.reconciliation(AllocationPlan.objects.get(id=plan.id))
    assert recon["ok"]
    assert recon["total"] == 1_234_567
    assert (recon["fund_total"], recon["dividend_total"], recon["rebate_total"], recon["remainder"]) == (
        222_222, 864_197, 148_148, 0,
    )  # fmt: skip

    # the year's income and expense accounts are closed; the report still reads the year's profit
    by_code = {b.account.code: b.balance for b in balances(village.group.id, through=YEAR_END)}
    assert by_code["4102"] == by_code["4103"] == by_code["5201"] == by_code["3301"] == 0
    assert by_code["3101"] == 123_457
    assert by_code["2301"] == 864_197
    assert selectors.income_statement(village.year)["net_profit"] == 1_234_567

    services.year_close(fiscal_year=village.year, actor=village.actor)
    village.year.refresh_from_db()
    assert village.year.status == "closed"
    assert village.year.closed_by == village.actor
    assert LedgerHead.objects.get(group=village.group).closed_through == YEAR_END


def test_baht_down_rounding_sends_the_remainder_to_the_named_fund(village):
    from sajja.bylaws.services import bylaw_set

    for key, value in (("closing.rounding", "baht_down"), ("closing.rounding_fund", "welfare")):
        bylaw_set(
            group=village.group,
            key=key,
            value=value,
            effective_from=D(2025, 1, 1),
            resolution="มติ 1/2568",
            actor=village.actor,
        )
    plan = services.plan_make(fiscal_year=village.year, actor=village.actor)
    assert plan.remainder == 445
    assert plan.rounding_fund == "welfare"
    approve(plan, village.actor)
    entry = services.plan_post(plan=plan, actor=village.actor)
    welfare = JournalLine.objects.get(entry=entry, account__code="3201")
    assert welfare.credit == 43_210 + 445
    assert selectors.reconciliation(plan)["ok"]


# --- paying out ---------------------------------------------------------------------------------


def test_pay_in_cash_and_into_savings_then_twice_refused(village):
    plan = closed_year(village)
    m = village.members
    share4 = selectors.member_share(plan, m[4])
    entry = services.dividend_pay(share=share4, method="cash", date=AGM, key="pay-4", actor=village.actor)
    assert lines_of(entry) == sorted(
        [("1101", 0, 133_831, None), ("2301", 100_909, 0, m[4].number), ("2302", 32_922, 0, m[4].number)],
        key=lambda r: (r[0], r[1], r[2], r[3] or 0),
    )
    # the same request again (a double click): the first payment stands, nothing new
    with pytest.raises(AlreadyPosted) as again:
        services.dividend_pay(share=share4, method="cash", date=AGM, key="pay-4", actor=village.actor)
    assert again.value.entry.id == entry.id
    # another request for the same share: refused as paid
    refused(
        "already_paid",
        services.dividend_pay,
        share=share4,
        method="savings",
        date=AGM,
        key="pay-4b",
        actor=village.actor,
    )

    share5 = selectors.member_share(plan, m[5])
    entry5 = services.dividend_pay(share=share5, method="savings", date=AGM, actor=village.actor)
    assert lines_of(entry5) == [("2101", 0, 297_553, m[5].number), ("2301", 297_553, 0, m[5].number)]
    share5.refresh_from_db()
    assert (share5.paid_method, share5.paid_on) == ("savings", AGM)

    totals = selectors.share_totals(plan)
    assert totals["paid"] == 133_831 + 297_553
    assert totals["unpaid"] == 864_197 + 148_148 - totals["paid"]
    unclaimed = selectors.unclaimed(village.group)
    assert m[4].id not in {s.member_id for s in unclaimed}
    assert m[1].id in {s.member_id for s in unclaimed}
    # what stays payable is on the ledger, member by member
    payable = JournalLine.objects.filter(account__code="2301", member=m[1], group=village.group)
    assert sum(r.credit - r.debit for r in payable) == 50_455


def test_payment_refusals(village):
    plan = services.plan_make(fiscal_year=village.year, actor=village.actor)
    share = selectors.member_share(plan, village.members[1])
    refused("not_posted", services.dividend_pay, share=share, method="cash", date=AGM, actor=village.actor)
    approve(plan, village.actor)
    services.plan_post(plan=plan, actor=village.actor)
    refused("method", services.dividend_pay, share=share, method="bank", date=AGM, actor=village.actor)
    refused("date", services.dividend_pay, share=share, method="cash", date=D(2025, 12, 31), actor=village.actor)
    refused("date", services.dividend_pay, share=share, method="cash", date=D(2099, 1, 1), actor=village.actor)
    leaver = selectors.member_share(plan, village.members[9])
    refused("nothing_to_pay", services.dividend_pay, share=leaver, method="cash", date=AGM, actor=village.actor)


def test_a_member_who_left_is_paid_in_cash_not_into_savings(village):
    from sajja.bylaws.services import bylaw_set

    bylaw_set(
        group=village.group,
        key="closing.leavers",
        value="pro_rata",
        effective_from=D(2025, 1, 1),
        resolution="มติ",
        actor=village.actor,
    )
    plan = closed_year(village)
    share = selectors.member_share(plan, village.members[9])
    assert share.left_in_year
    assert share.dividend > 0
    assert share.rebate > 0
    refused("not_active", services.dividend_pay, share=share, method="savings", date=AGM, actor=village.actor)
    services.dividend_pay(share=share, method="cash", date=AGM, actor=village.actor)


# --- refusals of the year end -------------------------------------------------------------------


def test_nothing_posts_before_the_meetings_approval(village):
    plan = services.plan_make(fiscal_year=village.year, actor=village.actor)
    refused("not_approved", services.plan_post, plan=plan, actor=village.actor)
    refused("not_posted", services.year_close, fiscal_year=village.year, actor=village.actor)


def test_approval_needs_a_resolution_a_date_after_the_year_and_a_carried_vote(village):
    plan = services.plan_make(fiscal_year=village.year, actor=village.actor)
    for overrides, field in (
        ({"resolution_ref": "  "}, "resolution_ref"),
        ({"meeting_date": D(2025, 12, 31)}, "meeting_date"),
        ({"meeting_date": D(2099, 1, 1)}, "meeting_date"),
        ({"meeting_date": "2026-01-20"}, "meeting_date"),
        ({"votes_for": 3, "votes_against": 3}, "votes_for"),
        ({"votes_for": -1}, "votes_for"),
        ({"votes_for": 1.5}, "votes_for"),
    ):
        error = refused("invalid", approve, plan, village.actor, **overrides)
        assert field in error.errors
    approve(plan, village.actor)
    refused("already_approved", approve, plan, village.actor)
    refused("plan_approved", services.plan_make, fiscal_year=village.year, actor=village.actor)


def test_percentages_not_totalling_100_are_refused(village):
    from sajja.bylaws.services import bylaw_set

    bylaw_set(
        group=village.group,
        key="closing.reserve",
        value="12",
        effective_from=D(2025, 1, 1),
        resolution="มติ",
        actor=village.actor,
    )
    error = refused("rates_total", services.plan_make, fiscal_year=village.year, actor=village.actor)
    from django.utils import translation

    with translation.override("en"):
        assert "102.00%" in str(error)
        assert "not 100%" in str(error)
    assert not AllocationPlan.objects.exists()


def test_a_group_category_joins_the_plan_with_its_account(village):
    from sajja.bylaws.services import bylaw_set
    from sajja.ledger.models import Account

    funeral = Account.objects.create(
        group=village.group, code="3204", name_th="กองทุนฌาปนกิจ", name_en="Funeral fund", kind="equity"
    )
    services.category_add(
        group=village.group, code="funeral", name_th="กองทุนฌาปนกิจ", account=funeral, rate_bp=200,
        effective_from=D(2025, 1, 1), resolution="มติ 1/2568", actor=village.actor,
    )  # fmt: skip
    refused("rates_total", services.plan_make, fiscal_year=village.year, actor=village.actor)
    bylaw_set(
        group=village.group,
        key="closing.dividend",
        value="68",
        effective_from=D(2025, 1, 1),
        resolution="มติ",
        actor=village.actor,
    )
    plan = services.plan_make(fiscal_year=village.year, actor=village.actor)
    line = AllocationLine.objects.get(plan=plan, code="funeral")
    assert (line.rate_bp, line.amount, line.account_id) == (200, 24_691, funeral.id)  # 1,234,567 x 2% = 24,691.34
    approve(plan, village.actor)
    entry = services.plan_post(plan=plan, actor=village.actor)
    assert JournalLine.objects.get(entry=entry, account=funeral).credit == 24_691
    assert selectors.reconciliation(plan)["ok"]


def test_category_add_refuses_bad_input(village):
    from sajja.ledger.models import Account

    cash = Account.objects.get(group=village.group, code="1101")
    with pytest.raises(SajjaError) as error:
        services.category_add(
            group=village.group, code="reserve", name_th="", account=cash, rate_bp=20_000,
            effective_from=D(2025, 1, 1), resolution="", actor=village.actor,
        )  # fmt: skip
    assert set(error.value.errors) == {"code", "name_th", "account", "rate_bp", "resolution"}


def test_allocating_before_the_meetings_are_signed_is_refused(village, monkeypatch):
    """A check another app adds (the meeting day's "every meeting signed") blocks the plan and the posting."""
    monkeypatch.setattr(checks, "CLOSE_CHECKS", [*checks.CLOSE_CHECKS])
    checks.register(checks.CloseCheck("meetings", "meetings signed", lambda year: ["5/06/2568 not signed"]))
    refused("checklist", services.plan_make, fiscal_year=village.year, actor=village.actor)
    result = {r.code: r for r in selectors.checklist(village.year)}
    assert not result["meetings"].ok
    assert result["interest"].ok
    assert result["cash"].ok


def test_a_plan_made_before_a_late_entry_is_refused_at_posting(village):
    plan = services.plan_make(fiscal_year=village.year, actor=village.actor)
    approve(plan, village.actor)
    entry_post(
        group=village.group,
        date=D(2025, 12, 30),
        memo="ค่าใช้จ่ายที่ลงช้า",
        lines=[LineIn("admin_expense", debit=100), LineIn("cash", credit=100)],
        actor=village.actor,
    )
    refused("plan_stale", services.plan_post, plan=plan, actor=village.actor)


def test_the_year_is_not_allocated_before_it_ends(village):
    from sajja.core.tenancy import today

    current = services.fiscal_year_open(group=village.group, day=today())
    refused("year_not_over", services.plan_make, fiscal_year=current, actor=village.actor)


def test_closing_twice_is_refused(village):
    closed_year(village)
    refused("already_closed", services.year_close, fiscal_year=village.year, actor=village.actor)
    refused("already_closed", services.plan_make, fiscal_year=village.year, actor=village.actor)


def test_an_earlier_open_year_is_closed_first(village):
    services.fiscal_year_open(group=village.group, day=D(2024, 6, 1))
    plan = services.plan_make(fiscal_year=village.year, actor=village.actor)
    approve(plan, village.actor)
    services.plan_post(plan=plan, actor=village.actor)
    refused("earlier_open", services.year_close, fiscal_year=village.year, actor=village.actor)


@pytest.mark.parametrize("how", ["orm", "sql"])
def test_a_closed_year_refuses_postings_through_the_service_and_around_it(village, how):
    """Run on SQLite and on PostgreSQL: the service refuses, and the database's trigger refuses an
    entry written around the service (raw SQL and the ORM) dated in the closed year."""
    closed_year(village)
    group, actor = village.group, village.actor
    for day in (YEAR_END, D(2025, 6, 15)):
        with pytest.raises(SajjaError) as error:
            entry_post(
                group=group,
                date=day,
                memo="ลงย้อนหลัง",
                lines=[LineIn("cash", debit=100), LineIn("other_income", credit=100)],
                actor=actor,
            )
        assert error.value.code == "closed_period"
    from sajja.ledger import services as ledger_services

    insert_lines, insert_entry = INSERTERS[how]
    before = state()
    for day in (YEAR_END, D(2025, 1, 1)):
        (entry_id,) = ledger_services._reserve_ids(1)
        with pytest.raises(DatabaseError, match=CLOSED), transaction.atomic():  # noqa: PT012 - lines, then the entry
            insert_lines(group, entry_id, [("1101", 500, 0), ("4109", 0, 500)])
            insert_entry(group, actor, entry_id, date=day)
    assert state() == before
    # the day after the year end is open
    entry = entry_post(
        group=group,
        date=D(2026, 1, 1),
        memo="ปีใหม่",
        lines=[LineIn("cash", debit=100), LineIn("other_income", credit=100)],
        actor=actor,
    )
    assert JournalEntry.objects.filter(id=entry.id).exists()


def test_an_unsigned_meeting_of_the_year_blocks_the_allocation(village):
    """With the meeting-day app: its ``unsigned_meetings`` is on the checklist (registered at start-up)."""
    if "meetings" not in {c.code for c in checks.CLOSE_CHECKS}:
        pytest.skip("the meeting-day app offers no unsigned_meetings")
    from django.utils import translation

    from sajja.meetings.models import Meeting

    Meeting.objects.create(group=village.group, date=D(2025, 6, 5), opening_cash=0, opened_by=village.actor)
    Meeting.objects.create(group=village.group, date=D(2026, 1, 5), opening_cash=0, opened_by=village.actor)
    error = refused("checklist", services.plan_make, fiscal_year=village.year, actor=village.actor)
    with translation.override("en"):
        assert "05/06/2568" in str(error)
    result = {r.code: r for r in selectors.checklist(village.year)}
    assert len(result["meetings"].missing) == 1  # the January 2026 meeting is of the next year
