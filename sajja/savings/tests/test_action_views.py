"""The savings pages that write, through the test client: each page's exact ledger effect, bad
input that writes nothing, the fence (a member and the auditor get 403), and double submits."""

import datetime as dt

import pytest
from django.conf import settings
from django.urls import NoReverseMatch, reverse

from sajja.core import testing as t
from sajja.core.tenancy import today
from sajja.core.thai import format_date
from sajja.ledger.models import Account, JournalEntry, JournalLine
from sajja.members.models import Member
from sajja.savings import domain, selectors, services
from sajja.savings.models import DepositAccount, Fine, InterestRun, PledgeAmount, PledgePayment, Settlement

PERIOD = domain.period_of(today())
START = domain.add_months(PERIOD, -2)  # the test members join two months ago
_numbers = iter(range(5000, 6000))


def code(group, role: str) -> str:
    return Account.objects.get(group=group, roles__role=role).code


def lines(group, entry) -> list[tuple]:
    """(role's account code, debit, credit, member id) in posted order."""
    return list(
        JournalLine.objects.filter(entry=entry).order_by("id").values_list("account__code", "debit", "credit", "member")
    )


def money(member) -> selectors.MemberMoney:
    return selectors.member_money(member.group_id, [member.id]).get(member.id, selectors.MemberMoney())


def entries(group) -> int:
    return JournalEntry.objects.filter(group=group).count()


def last_entry(group) -> JournalEntry:
    return JournalEntry.objects.filter(group=group).order_by("-seq").first()


def joiner(world, **extra) -> Member:
    n = next(_numbers)
    return t.make_member(world.group_a, seed=n, number=n, joined_on=START, **extra)


def with_pledge(world, treasurer, amount=10000, **extra) -> Member:
    member = joiner(world, **extra)
    services.pledge_set(member=member, amount=amount, effective_from=START, actor=treasurer)
    return member


def url(name: str, member, *more) -> str:
    return reverse(name, args=[member.group_id, member.id, *more])


@pytest.fixture
def en_client(client, world):
    """The treasurer, reading English (the messages are compared in English)."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(world.treasurer)
    return client


def errors(response) -> dict:
    assert response.status_code == 200, response.status_code
    return {field: [str(m) for m in messages] for field, messages in response.context["form"].errors.items()}


def shown_key(response) -> str:
    key = response.context["form"].initial["key"]
    assert len(key) == 32
    return key


def savings_page(member) -> str:
    try:
        return reverse("savings_member", args=[member.group_id, member.id])
    except NoReverseMatch:
        return reverse("member_detail", args=[member.group_id, member.id])


# --- the pledge -------------------------------------------------------------------------------


def test_pledge_set_shows_the_bylaws_and_saves(en_client, world):
    member = joiner(world)
    target = url("savings_pledge_set", member)
    page = en_client.get(target)
    assert page.status_code == 200
    body = page.content.decode()
    assert "Smallest pledge a period" in body
    assert "10.00 baht" in body
    assert "500.00 baht" in body
    assert "January" in body  # the change months
    response = en_client.post(
        target, {"amount": "๑๒๐", "effective_from": format_date(START), "note": "เริ่ม", "key": shown_key(page)}
    )
    assert response.status_code == 302
    assert response.url == savings_page(member)
    pledge = PledgeAmount.objects.get(member=member)
    assert (pledge.amount, pledge.effective_from, pledge.note) == (12000, START, "เริ่ม")
    assert entries(world.group_a) == 0  # a pledge is a promise, no money yet


@pytest.mark.parametrize(
    ("amount", "field", "message"),
    [
        ("abc", "amount", "“abc” is not an amount of money."),
        ("5", "amount", "The pledge is below the smallest the bylaws allow (10.00 baht)."),
        ("15", "amount", "The pledge must be a whole number of units of 10.00 baht."),
        ("-100", "amount", "The amount must be more than zero."),
        ("1.005", "amount", "An amount can have at most two decimals (satang)."),
        ("", "amount", "This field is required."),
    ],
)
def test_pledge_set_refusals(en_client, world, amount, field, message):
    member = joiner(world)
    response = en_client.post(
        url("savings_pledge_set", member), {"amount": amount, "effective_from": format_date(START)}
    )
    assert errors(response) == {field: [message]}
    assert not PledgeAmount.objects.filter(member=member).exists()


def test_pledge_pay_prefills_and_pays_whole_periods(en_client, world):
    member = with_pledge(world, world.treasurer)
    target = url("savings_pledge_pay", member)
    page = en_client.get(target)
    assert page.context["form"].initial["amount"] == "100.00"
    options = page.context["options"]
    assert [(o["count"], o["amount"]) for o in options[:3]] == [(1, 10000), (2, 20000), (3, 30000)]
    assert [p for p, _a in page.context["overdue"]] == [START, domain.add_months(START, 1), PERIOD]

    response = en_client.post(
        target, {"date": format_date(today()), "amount": "200", "method": "cash", "key": shown_key(page)}
    )
    assert response.status_code == 302
    assert response.url == savings_page(member)
    entry = last_entry(world.group_a)
    g = world.group_a
    assert lines(g, entry) == [(code(g, "cash"), 20000, 0, None), (code(g, "pledge"), 0, 20000, member.id)]
    assert money(member).pledge == 20000
    assert set(PledgePayment.objects.filter(member=member).values_list("period", flat=True)) == {
        START,
        domain.add_months(START, 1),
    }

    by_bank = en_client.post(target, {"date": format_date(today()), "amount": "๑๐๐", "method": "bank"})
    assert by_bank.status_code == 302
    g_bank = code(g, "bank")
    assert lines(g, last_entry(g))[0] == (g_bank, 10000, 0, None)
    assert money(member).pledge == 30000


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("abc", "“abc” is not an amount of money."),
        ("-100", "The amount must be more than zero."),
        (
            "150",
            "150.00 baht is not a whole number of pledges (the pledge is 100.00 baht a period; unpaid periods are "
            "paid oldest first, at most 12 ahead).",
        ),
        ("100.5", None),
    ],
)
def test_pledge_pay_refusals_write_nothing(en_client, world, amount, message):
    member = with_pledge(world, world.treasurer)
    before = entries(world.group_a)
    response = en_client.post(url("savings_pledge_pay", member), {"date": format_date(today()), "amount": amount})
    found = errors(response)
    assert list(found) == ["amount"]
    if message:
        assert found["amount"] == [message]
    assert entries(world.group_a) == before
    assert not PledgePayment.objects.filter(member=member).exists()


def test_pledge_pay_date_in_the_future_or_garbage(en_client, world):
    member = with_pledge(world, world.treasurer)
    target = url("savings_pledge_pay", member)
    future = en_client.post(target, {"date": format_date(today() + dt.timedelta(days=1)), "amount": "100"})
    assert errors(future) == {"date": ["The date is in the future."]}
    garbage = en_client.post(target, {"date": "32/13/2569", "amount": "100"})
    assert list(errors(garbage)) == ["date"]
    assert entries(world.group_a) == 0


def test_double_submit_posts_once(en_client, world):
    member = with_pledge(world, world.treasurer)
    target = url("savings_pledge_pay", member)
    key = shown_key(en_client.get(target))
    data = {"date": format_date(today()), "amount": "100", "method": "cash", "key": key}
    first = en_client.post(target, data)
    second = en_client.post(target, data)
    assert first.status_code == second.status_code == 302
    assert entries(world.group_a) == 1
    assert money(member).pledge == 10000
    followed = en_client.get(second.url)
    assert "already recorded" in " ".join(str(m) for m in followed.context["messages"])


def test_the_same_key_from_another_session_is_already_posted(client, world):
    """The key reaches the ledger: a second browser (the vice-president) sending the same form posts
    nothing, even where the rules alone would now refuse (all fines are paid already)."""
    member = with_pledge(world, world.treasurer)
    services.fines_assess(group=world.group_a, through=today(), actor=world.treasurer)
    owed = money(member).fines
    assert owed > 0
    data = {"date": format_date(today()), "method": "cash", "key": "f" * 32, "scope": "all"}
    client.force_login(world.treasurer)
    assert client.post(url("savings_fines_pay", member), data).status_code == 302
    paid = entries(world.group_a)
    client.force_login(world.vice)
    again = client.post(url("savings_fines_pay", member), data)
    assert again.status_code == 302
    assert entries(world.group_a) == paid
    assert money(member).fines == 0


def test_pledge_withdraw_is_refused_with_the_reason(en_client, world):
    member = with_pledge(world, world.treasurer)
    services.pledge_receive(member=member, date=today(), amount=10000, actor=world.treasurer)
    target = url("savings_pledge_withdraw", member)
    message = "Pledge savings cannot be withdrawn while the member stays in the group"
    page = en_client.get(target)
    assert page.status_code == 200
    assert message in page.content.decode()
    before = entries(world.group_a)
    posted = en_client.post(target, {"amount": "100"})
    assert posted.status_code == 200
    assert message in posted.content.decode()
    assert entries(world.group_a) == before
    assert money(member).pledge == 10000


# --- fines ------------------------------------------------------------------------------------


def _missed(group) -> list[dt.date]:
    """The test member's periods whose due date passed before today (fined through today)."""
    return [
        p for p in (START, domain.add_months(START, 1), PERIOD) if domain.due_date(p, group.meeting_day, 0) < today()
    ]


def test_fines_assess_preview_then_charge(en_client, world):
    member = with_pledge(world, world.treasurer)
    target = reverse("savings_fines_assess", args=[world.group_a.id])
    data = {"through": format_date(today()), "key": "a" * 32}
    preview = en_client.post(target, {**data, "action": "preview"})
    assert preview.status_code == 200
    rows = preview.context["preview"]["rows"]
    expected = _missed(world.group_a)
    assert [(r["member"].id, r["period"], r["amount"]) for r in rows] == [(member.id, p, 500) for p in expected]
    assert Fine.objects.count() == 0
    assert entries(world.group_a) == 0

    charged = en_client.post(target, {**data, "action": "post"})
    assert charged.status_code == 302
    fines = list(Fine.objects.filter(member=member).order_by("period"))
    assert [(f.period, f.amount) for f in fines] == [(p, 500) for p in expected]
    g = world.group_a
    assert lines(g, fines[0].entry) == [
        (code(g, "fines_receivable"), 500, 0, member.id),
        (code(g, "fine_income"), 0, 500, None),
    ]
    assert money(member).fines == 500 * len(expected)
    # Again (another key): nothing more to charge.
    en_client.post(target, {**data, "key": "b" * 32, "action": "post"})
    assert Fine.objects.count() == len(expected)


def _fined(world):
    member = with_pledge(world, world.treasurer)
    services.fines_assess(group=world.group_a, through=today(), actor=world.treasurer)
    fines = list(Fine.objects.filter(member=member).order_by("period"))
    assert len(fines) >= 2
    return member, fines


def test_fines_pay_all_and_ticked(en_client, world):
    member, fines = _fined(world)
    target = url("savings_fines_pay", member)
    page = en_client.get(target)
    assert page.context["total"] == 500 * len(fines)
    g = world.group_a
    ticked = en_client.post(
        target, {"date": format_date(today()), "method": "cash", "scope": "ticked", "fines": [str(fines[0].id)]}
    )
    assert ticked.status_code == 302
    assert lines(g, last_entry(g)) == [
        (code(g, "cash"), 500, 0, None),
        (code(g, "fines_receivable"), 0, 500, member.id),
    ]
    assert Fine.objects.get(id=fines[0].id).status == "paid"
    assert Fine.objects.get(id=fines[1].id).status == "open"
    rest = 500 * (len(fines) - 1)
    assert en_client.post(target, {"date": format_date(today()), "method": "cash", "scope": "all"}).status_code == 302
    assert lines(g, last_entry(g)) == [
        (code(g, "cash"), rest, 0, None),
        (code(g, "fines_receivable"), 0, rest, member.id),
    ]
    assert money(member).fines == 0
    none_left = en_client.post(target, {"date": format_date(today()), "scope": "all"})
    assert errors(none_left) == {"fines": ["The member has no open fines."]}


def test_fines_pay_ticked_without_a_tick_is_refused(en_client, world):
    member, _fines = _fined(world)
    before = entries(world.group_a)
    response = en_client.post(url("savings_fines_pay", member), {"date": format_date(today()), "scope": "ticked"})
    assert errors(response) == {"fines": ["Tick the fines being paid."]}
    assert entries(world.group_a) == before


def test_fine_waive_needs_reason_and_resolution(en_client, world):
    member, fines = _fined(world)
    target = url("savings_fine_waive", member, fines[0].id)
    before = entries(world.group_a)
    no_reason = en_client.post(target, {"date": format_date(today()), "reason": "", "resolution": ""})
    assert errors(no_reason) == {
        "reason": ["Give the reason for the waiver."],
        "resolution": ["Name the resolution that approved the waiver."],
    }
    assert entries(world.group_a) == before
    done = en_client.post(target, {"date": format_date(today()), "reason": "ป่วย", "resolution": "มติกรรมการ 3/2569"})
    assert done.status_code == 302
    fine = Fine.objects.get(id=fines[0].id)
    assert (fine.status, fine.waiver_reason, fine.waiver_resolution) == ("waived", "ป่วย", "มติกรรมการ 3/2569")
    g = world.group_a
    assert lines(g, fine.waived_entry) == [
        (code(g, "fine_income"), 500, 0, None),
        (code(g, "fines_receivable"), 0, 500, member.id),
    ]
    assert money(member).fines == 500 * (len(fines) - 1)


def test_fine_of_another_member_is_404(en_client, world):
    member, fines = _fined(world)
    other = joiner(world)
    assert en_client.get(url("savings_fine_waive", other, fines[0].id)).status_code == 404
    assert en_client.get(url("savings_fine_waive", member, 999_999)).status_code == 404


# --- the entry fee ----------------------------------------------------------------------------


def test_entry_fee_once(en_client, world):
    member = joiner(world)
    target = url("savings_entry_fee", member)
    page = en_client.get(target)
    assert page.context["fee_now"] == 2000
    assert (
        en_client.post(target, {"date": format_date(today()), "method": "cash", "key": shown_key(page)}).status_code
        == 302
    )
    g = world.group_a
    assert lines(g, last_entry(g)) == [
        (code(g, "cash"), 2000, 0, None),
        (code(g, "entry_fee_income"), 0, 2000, member.id),
    ]
    again = en_client.post(target, {"date": format_date(today()), "method": "cash", "key": "c" * 32})
    assert errors(again) == {"__all__": ["The member has already paid the entry fee."]}
    assert entries(g) == 1


# --- deposits ---------------------------------------------------------------------------------


def _account(en_client, world, member) -> DepositAccount:
    response = en_client.post(url("savings_deposit_open", member), {"product": "savings", "date": format_date(START)})
    assert response.status_code == 302
    return DepositAccount.objects.get(member=member, product="savings")


def test_deposit_open_deposit_withdraw(en_client, world):
    member = joiner(world)
    account = _account(en_client, world, member)
    assert account.opened_on == START
    duplicate = en_client.post(url("savings_deposit_open", member), {"product": "savings", "date": format_date(START)})
    assert errors(duplicate) == {"product": ["The member already has an account of this kind."]}

    g = world.group_a
    deposit = url("savings_deposit", member, account.id)
    assert en_client.post(deposit, {"date": format_date(today()), "amount": "๕๐๐", "method": "cash"}).status_code == 302
    assert lines(g, last_entry(g)) == [(code(g, "cash"), 50000, 0, None), (code(g, "deposits"), 0, 50000, member.id)]
    assert money(member).savings == 50000

    withdraw = url("savings_withdraw", member, account.id)
    page = en_client.get(withdraw)
    assert page.context["balance"] == 50000
    assert "Savings deposit: minimum balance" in page.content.decode()
    before = entries(g)
    too_much = en_client.post(withdraw, {"date": format_date(today()), "amount": "600"})
    assert errors(too_much) == {"amount": ["The balance is only 500.00 baht."]}
    below_minimum = en_client.post(withdraw, {"date": format_date(today()), "amount": "450"})
    assert errors(below_minimum) == {
        "amount": ["The account must keep at least 100.00 baht (withdraw the whole 500.00 baht to empty it)."]
    }
    assert entries(g) == before
    assert (
        en_client.post(withdraw, {"date": format_date(today()), "amount": "300", "method": "cash"}).status_code == 302
    )
    assert lines(g, last_entry(g)) == [(code(g, "deposits"), 30000, 0, member.id), (code(g, "cash"), 0, 30000, None)]
    assert money(member).savings == 20000


def test_deposit_account_of_another_member_is_404(en_client, world):
    member = joiner(world)
    account = _account(en_client, world, member)
    other = joiner(world)
    assert en_client.get(url("savings_deposit", other, account.id)).status_code == 404
    assert en_client.post(url("savings_withdraw", other, account.id), {"amount": "1"}).status_code == 404


def test_interest_posting_page(en_client, world):
    member = t.make_member(world.group_a, seed=5999, number=5999, joined_on=dt.date(2025, 1, 1))
    account = services.deposit_open(member=member, product="savings", date=dt.date(2025, 1, 1), actor=world.treasurer)
    services.deposit_receive(account=account, date=dt.date(2025, 1, 1), amount=100000, actor=world.treasurer)
    target = reverse("savings_interest", args=[world.group_a.id])
    through = format_date(today())
    preview = en_client.post(target, {"through": through, "action": "preview"})
    assert preview.status_code == 200
    assert preview.context["preview"]
    assert InterestRun.objects.count() == 0
    assert money(member).savings == 100000

    assert en_client.post(target, {"through": through, "action": "post", "key": "d" * 32}).status_code == 302
    runs = list(InterestRun.objects.filter(group=world.group_a, product="savings").order_by("period_end"))
    ends = domain.interest_period_ends(
        posting="half_yearly", fiscal_start_month=1, since=dt.date(2024, 12, 31), through=today()
    )
    assert [r.period_end for r in runs] == ends
    assert [(r.product, r.period_end) for r in runs] == [(p, e) for p, _l, e, _a in preview.context["preview"]]
    # The first half of 2025 (1 Jan - 30 Jun, 181 days) on 1,000 baht at 2% a year, half up:
    # 100000 × 200 × 181 / 3,650,000 = 991.78 -> 992 satang.
    g = world.group_a
    assert lines(g, runs[0].entry) == [
        (code(g, "deposit_interest_expense"), 992, 0, None),
        (code(g, "deposits"), 0, 992, member.id),
    ]
    posted = sum(
        JournalLine.objects.filter(entry__in=[r.entry for r in runs], member=member).values_list("credit", flat=True)
    )
    assert money(member).savings == 100000 + posted
    page = en_client.get(target)
    assert len(page.context["runs"]) == len(runs)
    assert "9.92 baht" in page.content.decode()
    again = en_client.post(target, {"through": through, "action": "post", "key": "e" * 32})
    assert again.status_code == 302
    assert InterestRun.objects.count() == len(runs)


# --- leaving ----------------------------------------------------------------------------------


def test_leave_settles_every_line(en_client, world):
    member = with_pledge(world, world.treasurer, beneficiary_name="นายสมชาย ใจดี")
    services.pledge_receive(member=member, date=today(), amount=20000, actor=world.treasurer)
    account = services.deposit_open(member=member, product="savings", date=START, actor=world.treasurer)
    services.deposit_receive(account=account, date=START, amount=50000, actor=world.treasurer)
    services.fines_assess(group=world.group_a, through=today(), actor=world.treasurer)
    fines = money(member).fines
    target = url("savings_leave", member)
    page = en_client.get(target)
    quote = page.context["quote"]
    assert (quote.pledge, quote.deposits, quote.fines, quote.loans) == (20000, 50000, fines, 0)
    assert quote.net == 70000 + quote.interest_due - fines
    assert page.context["form"].initial["paid_to"] == "นายสมชาย ใจดี"

    before = entries(world.group_a)
    no_reason = en_client.post(target, {"status": "deceased", "date": format_date(today()), "reason": ""})
    assert list(errors(no_reason)) == ["reason"]
    assert entries(world.group_a) == before
    assert Member.objects.get(id=member.id).status == "active"

    done = en_client.post(
        target, {"status": "deceased", "date": format_date(today()), "reason": "เสียชีวิต", "paid_to": "นายสมชาย ใจดี"}
    )
    assert done.status_code == 302
    settlement = Settlement.objects.get(member=member)
    assert (settlement.paid_to, settlement.net, settlement.method) == ("นายสมชาย ใจดี", quote.net, "cash")
    g = world.group_a
    got = lines(g, settlement.entry)
    assert (code(g, "cash"), 0, quote.net, None) in got
    assert (code(g, "pledge"), 20000, 0, member.id) in got
    assert (code(g, "fines_receivable"), 0, fines, member.id) in got
    assert sum(d for _c, d, _cr, _m in got) == sum(c for _c, _d, c, _m in got)
    after = money(member)
    assert (after.pledge, after.savings, after.fines) == (0, 0, 0)
    member.refresh_from_db()
    assert (member.status, member.status_date) == ("deceased", today())


def test_the_members_leave_page_goes_through_the_settlement(client, world):
    member = with_pledge(world, world.treasurer)
    services.pledge_receive(member=member, date=today(), amount=10000, actor=world.treasurer)
    client.force_login(world.treasurer)
    target = reverse("member_leave", args=[world.group_a.id, member.id])
    page = client.get(target)
    assert page.context["quote"].net == 10000
    response = client.post(target, {"status": "left", "date": format_date(today()), "reason": "ย้ายบ้าน"})
    assert response.status_code == 302
    assert response.url == reverse("member_detail", args=[world.group_a.id, member.id])
    settlement = Settlement.objects.get(member=member)
    assert settlement.net == 10000
    assert money(member).pledge == 0


# --- the fence --------------------------------------------------------------------------------


def _write_urls(world, member, fine, account) -> list[str]:
    g = world.group_a.id
    return [
        url("savings_pledge_set", member),
        url("savings_pledge_pay", member),
        url("savings_pledge_withdraw", member),
        url("savings_fines_pay", member),
        url("savings_fine_waive", member, fine.id),
        url("savings_entry_fee", member),
        url("savings_deposit_open", member),
        url("savings_deposit", member, account.id),
        url("savings_withdraw", member, account.id),
        url("savings_leave", member),
        reverse("savings_fines_assess", args=[g]),
        reverse("savings_interest", args=[g]),
    ]


@pytest.mark.parametrize("who", ["member_user", "auditor"])
def test_members_and_the_auditor_cannot_write(client, world, who):
    member, fines = _fined(world)
    account = services.deposit_open(member=member, product="savings", date=START, actor=world.treasurer)
    own = world.member  # the member user's own record too
    client.force_login(getattr(world, who))
    before = (
        entries(world.group_a),
        Fine.objects.filter(waived_entry__isnull=True).count(),
        Member.objects.filter(status="active").count(),
    )
    body = {
        "date": format_date(today()),
        "amount": "100",
        "reason": "x",
        "resolution": "x",
        "status": "left",
        "through": format_date(today()),
        "action": "post",
        "product": "fixed",
    }
    for target in _write_urls(world, member, fines[0], account) + [url("savings_pledge_pay", own)]:
        assert client.get(target).status_code == 403, target
        assert client.post(target, body).status_code == 403, target
    after = (
        entries(world.group_a),
        Fine.objects.filter(waived_entry__isnull=True).count(),
        Member.objects.filter(status="active").count(),
    )
    assert after == before
    assert DepositAccount.objects.filter(member=member).count() == 1


def test_double_submit_of_a_form_whose_service_takes_no_key(en_client, world):
    """A pledge change posted twice with the form's key: the second lands on the same page, no "duplicate" refusal."""
    member = joiner(world)
    target = url("savings_pledge_set", member)
    data = {"amount": "100", "effective_from": format_date(START), "key": shown_key(en_client.get(target))}
    first, second = en_client.post(target, data), en_client.post(target, data)
    assert first.status_code == second.status_code == 302
    assert second.url == first.url
    assert PledgeAmount.objects.filter(member=member).count() == 1
    other_key = en_client.post(target, {**data, "key": "9" * 32})
    assert list(errors(other_key)) == ["effective_from"]  # a real second change is still the rules' to judge
