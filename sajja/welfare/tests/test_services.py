"""Welfare writes through the services: worked examples with the exact journal lines, and every
refusal writing nothing."""

import datetime as dt

import pytest

from sajja.bylaws.services import bylaw_set
from sajja.core.errors import SajjaError
from sajja.core.testing import make_group, make_member
from sajja.ledger.models import JournalEntry, JournalLine
from sajja.ledger.services import AlreadyPosted, period_close
from sajja.welfare import selectors, services
from sajja.welfare.models import FundReceipt, WelfareClaim

from .conftest import FUND, approved_claim, lines_of

D = dt.date


def test_a_donation_debits_cash_and_credits_the_fund(village):
    receipt = FundReceipt.objects.get(group=village.group)
    assert lines_of(receipt.entry) == [("1101", FUND, 0, None), ("3201", 0, FUND, None)]
    assert "อบต.บ้านดง" in receipt.entry.memo
    assert selectors.fund_balance(village.group.id, "welfare_fund") == FUND


def test_worked_example_an_illness_of_four_nights_paid_in_cash(village):
    """4 nights × 100 baht = 400 baht: debit the welfare fund 400.00, credit cash 400.00, both lines
    tagged with the member; the fund falls from 10,000 to 9,600 baht."""
    claim = services.claim_create(
        group=village.group, member=village.member, benefit="illness", event_date=D(2026, 3, 10), nights=4,
        note="โรงพยาบาลชาติตระการ", actor=village.maker,
    )  # fmt: skip
    assert claim.amount == 400_00
    assert claim.status == "pending"
    assert claim.fiscal_year == 2026
    claim = services.claim_approve(claim=claim, actor=village.checker)
    assert claim.status == "approved"
    assert claim.decided_by == village.checker
    assert claim.decided_at
    paid = services.claim_pay(claim=claim, date=D(2026, 3, 20), method="cash", key="w-1", actor=village.maker)
    assert paid.status == "paid"
    assert paid.paid_on == D(2026, 3, 20)
    member = village.member.id
    assert lines_of(paid.entry) == [("3201", 400_00, 0, member), ("1101", 0, 400_00, member)]
    assert paid.entry.date == D(2026, 3, 20)
    assert paid.entry.source == f"welfare:{claim.number}"
    assert selectors.fund_balance(village.group.id, "welfare_fund") == FUND - 400_00


def test_worked_example_a_death_benefit_by_bank_to_the_beneficiary(village):
    claim = approved_claim(village, benefit="death", event_date=D(2026, 2, 1), nights=None, beneficiary="นายสมชาย ใจดี")
    paid = services.claim_pay(claim=claim, date=D(2026, 2, 5), method="bank", actor=village.maker)
    member = village.member.id
    assert lines_of(paid.entry) == [("3201", 3_000_00, 0, member), ("1102", 0, 3_000_00, member)]
    assert paid.beneficiary == "นายสมชาย ใจดี"


def test_maker_checker_the_one_who_entered_cannot_approve(village):
    claim = services.claim_create(
        group=village.group, member=village.member, benefit="birth", event_date=D(2026, 1, 5), actor=village.maker
    )
    with pytest.raises(SajjaError) as error:
        services.claim_approve(claim=claim, actor=village.maker)
    assert error.value.code == "maker_checker"
    claim.refresh_from_db()
    assert claim.status == "pending"
    assert claim.decided_by is None


def test_only_the_managing_committee_approves(village):
    from sajja.core.testing import make_committee

    auditor = make_committee(village.group, "welfare_auditor", "audit_committee")
    claim = services.claim_create(
        group=village.group, member=village.member, benefit="birth", event_date=D(2026, 1, 5), actor=village.maker
    )
    with pytest.raises(SajjaError) as error:
        services.claim_approve(claim=claim, actor=auditor)
    assert error.value.code == "not_committee"


def test_the_waiting_period_to_the_day(village):
    with pytest.raises(SajjaError) as error:
        services.claim_create(
            group=village.group,
            member=village.newcomer,
            benefit="birth",
            event_date=D(2026, 2, 27),
            actor=village.maker,
        )
    assert error.value.code == "waiting_period"
    assert error.value.field == "event_date"
    assert WelfareClaim.objects.count() == 0
    claim = services.claim_create(
        group=village.group, member=village.newcomer, benefit="birth", event_date=D(2026, 2, 28), actor=village.maker
    )
    assert claim.amount == 500_00


def test_the_rule_in_force_on_the_event_date_is_used(village):
    bylaw_set(group=village.group, key="welfare.illness.amount", value="150", effective_from=D(2026, 4, 1),
              resolution="มติที่ประชุมใหญ่ 1/2569", actor=village.maker)  # fmt: skip
    before = services.claim_create(group=village.group, member=village.member, benefit="illness",
                                   event_date=D(2026, 3, 31), nights=2, actor=village.maker)  # fmt: skip
    after = services.claim_create(group=village.group, member=village.member, benefit="illness",
                                  event_date=D(2026, 4, 1), nights=2, actor=village.maker)  # fmt: skip
    assert (before.amount, after.amount) == (200_00, 300_00)


def test_cap_per_event_and_per_year(village):
    first = approved_claim(village, nights=15)  # 1,500 -> 1,000 (cap a stay)
    assert first.amount == 1_000_00
    approved_claim(village, nights=10, event_date=D(2026, 4, 10))
    third = approved_claim(village, nights=12, event_date=D(2026, 5, 10))
    assert third.amount == 1_000_00  # 3,000 used now
    with pytest.raises(SajjaError) as error:
        services.claim_create(group=village.group, member=village.member, benefit="illness",
                              event_date=D(2026, 5, 20), nights=1, actor=village.maker)  # fmt: skip
    assert error.value.code == "year_cap_reached"
    # The next fiscal year starts afresh; another member has their own cap.
    other = services.claim_create(group=village.group, member=village.member2, benefit="illness",
                                  event_date=D(2026, 5, 20), nights=1, actor=village.maker)  # fmt: skip
    assert other.amount == 100_00
    with pytest.raises(SajjaError) as error:
        services.claim_create(group=village.group, member=village.member, benefit="birth", event_date=D(2026, 1, 5),
                              amount=600_00, actor=village.maker)  # fmt: skip
    assert error.value.code == "over_event_cap"


def test_a_rejected_claim_frees_the_event_and_the_cap(village):
    claim = services.claim_create(group=village.group, member=village.member, benefit="birth",
                                  event_date=D(2026, 1, 5), actor=village.maker)  # fmt: skip
    with pytest.raises(SajjaError) as error:
        services.claim_create(group=village.group, member=village.member, benefit="birth",
                              event_date=D(2026, 1, 5), actor=village.maker)  # fmt: skip
    assert error.value.code == "duplicate"
    with pytest.raises(SajjaError) as error:
        services.claim_reject(claim=claim, reason="", actor=village.checker)
    assert error.value.code == "reason"
    services.claim_reject(claim=claim, reason="ไม่มีสูติบัตร", actor=village.checker)
    again = services.claim_create(group=village.group, member=village.member, benefit="birth",
                                  event_date=D(2026, 1, 5), actor=village.maker)  # fmt: skip
    assert again.amount == 500_00


def test_paying_twice_is_refused_and_a_resent_key_posts_once(village):
    claim = approved_claim(village)
    services.claim_pay(claim=claim, date=D(2026, 3, 20), key="pay-1", actor=village.maker)
    count = JournalEntry.objects.filter(group=village.group).count()
    with pytest.raises(AlreadyPosted):
        services.claim_pay(claim=claim, date=D(2026, 3, 20), key="pay-1", actor=village.maker)
    with pytest.raises(SajjaError) as error:
        services.claim_pay(claim=claim, date=D(2026, 3, 21), key="pay-2", actor=village.maker)
    assert error.value.code == "already_paid"
    assert JournalEntry.objects.filter(group=village.group).count() == count


def test_an_unapproved_claim_is_not_paid(village):
    claim = services.claim_create(group=village.group, member=village.member, benefit="birth",
                                  event_date=D(2026, 1, 5), actor=village.maker)  # fmt: skip
    with pytest.raises(SajjaError) as error:
        services.claim_pay(claim=claim, date=D(2026, 1, 6), actor=village.maker)
    assert error.value.code == "not_approved"


def test_the_fund_must_hold_the_amount(db):
    from sajja.core.testing import make_committee

    group = make_group()
    maker, checker = make_committee(group, "m1", "treasurer"), make_committee(group, "c1", "president")
    member = make_member(group, joined_on=D(2020, 1, 1))
    services.fund_receive(group=group, fund="welfare_fund", amount=2_999_99, date=D(2025, 1, 1), source="ผู้ใจบุญ",
                          actor=maker)  # fmt: skip
    claim = services.claim_create(group=group, member=member, benefit="death", event_date=D(2026, 1, 1),
                                  beneficiary="ลูกชาย", actor=maker)  # fmt: skip
    claim = services.claim_approve(claim=claim, actor=checker)
    before = JournalLine.objects.filter(group=group).count()
    with pytest.raises(SajjaError) as error:
        services.claim_pay(claim=claim, date=D(2026, 1, 2), actor=maker)
    assert error.value.code == "fund_short"
    assert JournalLine.objects.filter(group=group).count() == before
    claim.refresh_from_db()
    assert claim.status == "approved"
    services.fund_receive(group=group, fund="welfare_fund", amount=1, date=D(2026, 1, 2), source="ผู้ใจบุญ", actor=maker)
    assert services.claim_pay(claim=claim, date=D(2026, 1, 2), actor=maker).status == "paid"
    assert selectors.fund_balance(group.id, "welfare_fund") == 0


def test_members_who_left_and_other_groups_members(village):
    from sajja.members.models import Member

    Member.objects.filter(id=village.member2.id).update(status="left", status_date=D(2026, 1, 1))
    village.member2.refresh_from_db()
    with pytest.raises(SajjaError) as error:
        services.claim_create(group=village.group, member=village.member2, benefit="birth",
                              event_date=D(2026, 1, 5), actor=village.maker)  # fmt: skip
    assert error.value.code == "not_member"
    stranger = make_member(make_group("กลุ่มอื่น"), joined_on=D(2020, 1, 1))
    with pytest.raises(SajjaError) as error:
        services.claim_create(group=village.group, member=stranger, benefit="birth",
                              event_date=D(2026, 1, 5), actor=village.maker)  # fmt: skip
    assert error.value.code == "foreign_member"
    assert WelfareClaim.objects.count() == 0


def test_bad_input_writes_nothing(village):
    g, m, a = village.group, village.member, village.maker
    bad = [
        (dict(benefit="lottery", event_date=D(2026, 1, 5)), "benefit"),
        (dict(benefit="birth", event_date="05/01/2569"), "date"),
        (dict(benefit="illness", event_date=D(2026, 1, 5), nights=2.5), "nights"),
        (dict(benefit="illness", event_date=D(2026, 1, 5), nights=0), "nights"),
        (dict(benefit="birth", event_date=D(2026, 1, 5), amount=-100), "not_positive"),
        (dict(benefit="birth", event_date=D(2026, 1, 5), amount=100.0), "float"),
        (dict(benefit="birth", event_date=D(2099, 1, 5)), "future_event"),
        (dict(benefit="birth", event_date=D(2026, 1, 5), note="=cmd()"), "formula"),
    ]
    for kwargs, code in bad:
        with pytest.raises(SajjaError) as error:
            services.claim_create(group=g, member=m, actor=a, **kwargs)
        assert error.value.code == code, kwargs
    for kwargs, code in [
        (dict(fund="casino_fund", amount=100), "fund"),
        (dict(fund="welfare_fund", amount=0), "not_positive"),
        (dict(fund="welfare_fund", amount=100, source=""), "source"),
        (dict(fund="welfare_fund", amount=100, method="gold"), "method"),
    ]:
        kwargs.setdefault("source", "x")
        with pytest.raises(SajjaError) as error:
            services.fund_receive(group=g, date=D(2026, 1, 5), actor=a, **kwargs)
        assert error.value.code == code
    assert WelfareClaim.objects.count() == 0
    assert FundReceipt.objects.count() == 1


def test_a_payment_into_closed_books_is_refused_whole(village):
    claim = approved_claim(village)
    period_close(group=village.group, through=D(2026, 3, 31), actor=village.maker)
    with pytest.raises(SajjaError) as error:
        services.claim_pay(claim=claim, date=D(2026, 3, 20), actor=village.maker)
    assert error.value.code == "closed_period"
    claim.refresh_from_db()
    assert claim.status == "approved"
    assert claim.entry_id is None
    assert services.claim_pay(claim=claim, date=D(2026, 4, 1), actor=village.maker).status == "paid"


def test_welfare_bylaws_must_agree(village):
    with pytest.raises(SajjaError):
        bylaw_set(group=village.group, key="welfare.birth.cap_event", value="100", effective_from=D(2026, 1, 1),
                  resolution="x", actor=village.maker)  # fmt: skip
    with pytest.raises(SajjaError):
        bylaw_set(group=village.group, key="welfare.death.cap_year", value="1000", effective_from=D(2026, 1, 1),
                  resolution="x", actor=village.maker)  # fmt: skip


def test_funds_summary_equals_the_ledger(village):
    claim = approved_claim(village)
    services.claim_pay(claim=claim, date=D(2026, 3, 20), actor=village.maker)
    services.fund_receive(group=village.group, fund="training_fund", amount=250_00, date=D(2026, 2, 1),
                          source="กศน.", method="bank", actor=village.maker)  # fmt: skip
    rows = {r["role"]: r for r in selectors.funds(village.group.id, since=D(2026, 1, 1), through=D(2026, 12, 31))}
    assert rows["welfare_fund"] | {} == rows["welfare_fund"]
    w = rows["welfare_fund"]
    assert (w["opening"], w["received"], w["spent"], w["closing"]) == (FUND, 0, 400_00, FUND - 400_00)
    t = rows["training_fund"]
    assert (t["opening"], t["received"], t["spent"], t["closing"]) == (0, 250_00, 0, 250_00)
    assert rows["reserve_fund"]["closing"] == 0
    paid = {
        r["benefit"]: r
        for r in selectors.paid_by_benefit(village.group.id, since=D(2026, 1, 1), through=D(2026, 12, 31))
    }
    assert paid["illness"]["count"] == 1
    assert paid["illness"]["amount"] == 400_00


def test_the_fund_must_hold_the_amount_on_the_day_paid(db):
    """Money given after the payment day does not pay an earlier payment (the fund would be
    negative on that day)."""
    from sajja.core.testing import make_committee

    group = make_group()
    maker, checker = make_committee(group, "m2", "treasurer"), make_committee(group, "c2", "president")
    member = make_member(group, joined_on=D(2020, 1, 1))
    services.fund_receive(group=group, fund="welfare_fund", amount=5_000_00, date=D(2026, 2, 1), source="วัด",
                          actor=maker)  # fmt: skip
    claim = services.claim_create(group=group, member=member, benefit="birth", event_date=D(2026, 1, 3), actor=maker)
    claim = services.claim_approve(claim=claim, actor=checker)
    with pytest.raises(SajjaError) as error:
        services.claim_pay(claim=claim, date=D(2026, 1, 10), actor=maker)
    assert error.value.code == "fund_short"
    assert services.claim_pay(claim=claim, date=D(2026, 2, 1), actor=maker).status == "paid"
