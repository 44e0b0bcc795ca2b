"""The loan pages through the test client: a loan from request to payoff with exact figures, bad
input that writes nothing, the fence (a member sees only their own loans; only the loan committee
votes), the contract PDF and the loan register as PDF and Excel."""

import datetime as dt
import io
import shutil
import subprocess
from decimal import Decimal

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from sajja.core import testing as t
from sajja.core.thai import format_date
from sajja.ledger.models import Account, JournalEntry, JournalLine
from sajja.ledger.services import LineIn, entry_post
from sajja.loans import services
from sajja.loans.models import Guarantee, Loan, LoanRequest, LoanVote, Repayment, WriteOff

D = dt.date
ASKED = D(2025, 1, 10)
PAID_OUT = D(2025, 1, 15)


def en(user) -> Client:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(user)
    return client


def th(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def code(group, role: str) -> str:
    return Account.objects.get(group=group, roles__role=role).code


def lines(entry) -> list[tuple]:
    return list(
        JournalLine.objects.filter(entry=entry).order_by("id").values_list("account__code", "debit", "credit", "member")
    )


def errors(response) -> dict:
    assert response.status_code == 200, response.status_code
    return {field: [str(m) for m in msgs] for field, msgs in response.context["form"].errors.items()}


def form_errors(response, slot: str) -> list[str]:
    assert response.status_code == 200, response.status_code
    return [str(m) for msgs in response.context[slot].errors.values() for m in msgs]


def counts() -> tuple:
    return (
        JournalEntry.objects.count(),
        LoanRequest.objects.count(),
        LoanVote.objects.count(),
        Loan.objects.count(),
        Repayment.objects.count(),
        WriteOff.objects.count(),
        Guarantee.objects.filter(released_on__isnull=True).count(),
        tuple(LoanRequest.objects.order_by("id").values_list("status", flat=True)),
        tuple(Loan.objects.order_by("id").values_list("status", flat=True)),
    )


def pdf_text(pdf: bytes) -> str:
    assert pdf.startswith(b"%PDF-")
    return subprocess.run(
        [shutil.which("pdftotext"), "-layout", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()


class Village:
    """Group A with savings in the till, three loan-committee members, a borrower (world.member,
    who logs in as world.member_user) and two guarantors."""


@pytest.fixture
def v(world):
    g = world.group_a
    x = Village()
    x.world, x.group, x.treasurer = world, g, world.treasurer
    x.borrower = world.member
    x.guarantors = [t.make_member(g, first_name=f"ประกัน{i}") for i in (1, 2)]
    x.other = t.make_member(g, first_name="อื่น")
    x.committee = [t.make_committee(g, f"lc{i}", "loan_committee") for i in (1, 2, 3)]
    pledges = [x.borrower, *x.guarantors, x.other]
    entry_post(
        group=g,
        date=D(2025, 1, 5),
        memo="สัจจะ",
        actor=x.treasurer,
        lines=[
            LineIn("cash", debit=500_000 * len(pledges)),
            *[LineIn("pledge", credit=500_000, member=m) for m in pledges],
        ],
    )
    x.base = f"/g/{g.id}/"
    return x


def request_body(v, **over) -> dict:
    body = {
        "member": v.borrower.id,
        "kind": "ordinary",
        "amount": "10,000",
        "term_months": "3",
        "purpose": "ซื้อปุ๋ย",
        "guarantors": [g.id for g in v.guarantors],
        "date": format_date(ASKED),
        "key": "k-request",
    }
    body.update(over)
    return body


def make_loan(v, amount=1_000_000, term=3, day=PAID_OUT, member=None) -> Loan:
    """A loan through the services: asked, two committee votes, approved, paid out in cash."""
    asked = services.loan_request(
        member=member or v.borrower, kind="ordinary", amount=amount, term_months=term, purpose="ปุ๋ย",
        guarantors=v.guarantors, date=ASKED, actor=v.treasurer,
    )  # fmt: skip
    for user in v.committee[:2]:
        services.loan_vote(request=asked, vote="approve", date=ASKED, actor=user)
    services.loan_decide(request=asked, decision="approve", date=ASKED, actor=v.committee[0])
    return services.loan_disburse(request=asked, date=day, method="cash", actor=v.treasurer)


# --- from request to payoff ---------------------------------------------------------------------


def test_a_loan_from_request_to_payoff_through_the_pages(v):
    g, treasurer = v.group, en(v.treasurer)
    new = reverse("loan_request_new", args=[g.id])

    # The form shows the borrower's limits; "preview" shows the schedule and writes nothing.
    page = treasurer.get(f"{new}?member={v.borrower.id}")
    assert page.status_code == 200
    limits = {row["kind"]: row for row in page.context["limits"]}
    assert limits["ordinary"]["most"] == 200_000_00
    assert limits["secured"]["most"] == 500_000  # 1 × the borrower's pledge savings
    assert page.context["limits"][0]["savings"] == 500_000
    preview = treasurer.post(new, {**request_body(v), "preview": "1"})
    assert preview.status_code == 200
    rows = preview.context["preview"]["rows"]
    assert [(r.due, r.principal, r.interest) for r in rows] == [
        (D(2025, 2, 10), 333_333, 10_000), (D(2025, 3, 10), 333_333, 6_667), (D(2025, 4, 10), 333_334, 3_333),
    ]  # fmt: skip
    assert preview.context["preview"]["yearly"] == "12.00%"
    assert "200.00 baht" in preview.content.decode()  # the interest in all
    assert LoanRequest.objects.count() == 0

    # The request.
    response = treasurer.post(new, request_body(v))
    asked = LoanRequest.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("loan_request_detail", args=[g.id, asked.id])
    assert (asked.member, asked.amount, asked.term_months, asked.status) == (v.borrower, 1_000_000, 3, "requested")
    assert {x.guarantor for x in asked.guarantees.all()} == set(v.guarantors)
    again = treasurer.post(new, request_body(v))  # the same form posted twice
    assert again.status_code == 302
    assert again.url == response.url
    assert LoanRequest.objects.count() == 1

    # The committee votes and decides; the treasurer (not on it) may not.
    detail = reverse("loan_request_detail", args=[g.id, asked.id])
    vote, decide = (reverse(n, args=[g.id, asked.id]) for n in ("loan_vote", "loan_decide"))
    before = counts()
    refused = treasurer.post(vote, {"vote": "approve", "date": format_date(ASKED), "key": "kv0"})
    assert form_errors(refused, "vote_form") == ["Only a member of the loan committee may do this."]
    refused = treasurer.post(decide, {"decision": "approve", "date": format_date(ASKED), "key": "kd0"})
    assert form_errors(refused, "decide_form") == ["Only a member of the loan committee may do this."]
    assert en(v.world.member_user).post(vote, {"vote": "approve", "date": format_date(ASKED)}).status_code == 403
    assert counts() == before
    lc1, lc2 = en(v.committee[0]), en(v.committee[1])
    assert lc1.get(detail).context["vote_form"] is not None
    early = lc1.post(decide, {"decision": "approve", "date": format_date(ASKED), "key": "kd1"})
    assert form_errors(early, "decide_form") == ["No quorum: 0 of the 3 committee members have voted."]
    for n, client in enumerate((lc1, lc2)):
        done = client.post(vote, {"vote": "approve", "date": format_date(ASKED), "key": f"kv{n + 1}"})
        assert done.status_code == 302
        assert done.url == detail
    assert lc1.get(detail).context["vote_form"] is None  # voted once
    assert lc1.post(decide, {"decision": "approve", "date": format_date(ASKED), "key": "kd2"}).url == detail
    asked.refresh_from_db()
    assert (asked.status, asked.approved_amount, asked.decided_by) == ("approved", 1_000_000, v.committee[0])
    assert treasurer.get(reverse("loans_home", args=[g.id])).context["queue"] == [asked]

    # Pay-out in cash: loans receivable of the borrower / cash.
    paid = treasurer.post(
        reverse("loan_disburse", args=[g.id, asked.id]), {"date": format_date(PAID_OUT), "method": "cash", "key": "kp"}
    )
    loan = Loan.objects.get()
    assert paid.url == reverse("loan_detail", args=[g.id, loan.id])
    assert lines(loan.entry) == [
        (code(g, "loans_ordinary"), 1_000_000, 0, v.borrower.id), (code(g, "cash"), 0, 1_000_000, None),
    ]  # fmt: skip
    assert [(r.due, r.principal + r.interest) for r in loan.schedule.all()] == [
        (D(2025, 2, 15), 343_333), (D(2025, 3, 15), 340_000), (D(2025, 4, 15), 336_667),
    ]  # fmt: skip

    # The first instalment on its day: interest then principal, no fine.
    repay = reverse("loan_repay", args=[g.id, loan.id])
    first = {"date": format_date(D(2025, 2, 15)), "amount": "3,433.33", "method": "cash", "key": "kr1"}
    done = treasurer.post(repay, first)
    assert done.status_code == 302
    r1 = Repayment.objects.get()
    assert (r1.fine, r1.interest, r1.principal) == (0, 10_000, 333_333)
    assert lines(r1.entry) == [
        (code(g, "cash"), 343_333, 0, None), (code(g, "interest_income"), 0, 10_000, v.borrower.id),
        (code(g, "loans_ordinary"), 0, 333_333, v.borrower.id),
    ]  # fmt: skip
    assert treasurer.post(repay, first).status_code == 302  # a double click
    assert Repayment.objects.count() == 1

    # Paying off on 1 March: the principal still owed and 14 days' interest on it.
    # 666,667 satang × 12% × 14 / 365 = 3,068.49 → 3,068 satang.
    before = counts()
    over = treasurer.post(
        repay, {"date": format_date(D(2025, 3, 1)), "amount": "6,697.36", "method": "cash", "key": "kr2"}
    )
    assert form_errors(over, "repay_form") == [
        "6,697.36 baht is more than everything owed on this loan (6,697.35 baht)."
    ]
    assert counts() == before
    off = treasurer.post(
        repay, {"date": format_date(D(2025, 3, 1)), "amount": "6,697.35", "method": "bank", "key": "kr3"}
    )
    assert off.status_code == 302
    r2 = Repayment.objects.latest("id")
    assert (r2.fine, r2.interest, r2.principal) == (0, 3_068, 666_667)
    loan.refresh_from_db()
    assert (loan.status, loan.closed_on) == ("closed", D(2025, 3, 1))
    assert not Guarantee.objects.filter(request=asked, released_on__isnull=True).exists()

    # A closed loan takes no more money; its page shows it repaid and offers no forms.
    before = counts()
    closed = treasurer.post(repay, {"date": format_date(D(2025, 3, 2)), "amount": "1", "method": "cash", "key": "kr4"})
    assert form_errors(closed, "repay_form") == ["This loan is closed: nothing more is owed on it."]
    assert counts() == before
    page = treasurer.get(reverse("loan_detail", args=[g.id, loan.id]))
    assert page.context.get("repay_form") is None
    # Money covers instalments in order; the early payoff settled the last with less interest.
    assert [(r["status"], r["paid"], r["left"]) for r in page.context["rows"]] == [
        ("paid", 343_333, 0), ("paid", 340_000, 0), ("closed", 329_735, 0),
    ]  # fmt: skip


def test_the_decision_reduce_and_reject_need_what_they_need(v):
    asked = services.loan_request(
        member=v.borrower, kind="ordinary", amount=1_000_000, term_months=3, purpose="ปุ๋ย",
        guarantors=v.guarantors, date=ASKED, actor=v.treasurer,
    )  # fmt: skip
    for user in v.committee[:2]:
        services.loan_vote(request=asked, vote="approve", date=ASKED, actor=user)
    decide = reverse("loan_decide", args=[v.group.id, asked.id])
    lc = en(v.committee[2])
    before = counts()
    response = lc.post(
        decide, {"decision": "reduce", "amount": "12000", "reason": "เงินไม่พอ", "date": format_date(ASKED)}
    )
    assert form_errors(response, "decide_form") == ["A reduced amount is less than the amount asked."]
    response = lc.post(decide, {"decision": "reject", "date": format_date(ASKED)})
    assert form_errors(response, "decide_form") == ["The decision must follow the committee's votes."]
    assert counts() == before
    response = lc.post(
        decide, {"decision": "reduce", "amount": "8000", "reason": "เงินไม่พอ", "date": format_date(ASKED)}
    )
    assert response.status_code == 302
    asked.refresh_from_db()
    assert (asked.status, asked.approved_amount, asked.decision_reason) == ("approved", 800_000, "เงินไม่พอ")


# --- bad requests write nothing ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("over", "field", "message"),
    [
        ({"amount": "200,000.01"}, "amount", "The most the bylaws lend for this kind of loan is 200,000.00 baht."),
        ({"term_months": "25"}, "term_months", "The longest term the bylaws allow is 24 months."),
        ("one_guarantor", "guarantors", "This kind of loan needs 2 guarantors."),
        ("self_guarantor", "guarantors", "A borrower cannot guarantee their own loan."),
        ({"amount": "abc"}, "amount", "“abc” is not an amount of money."),
        ({"purpose": ""}, "purpose", "This field is required."),
    ],
)
def test_bad_requests_write_nothing(v, over, field, message):
    if over == "one_guarantor":
        over = {"guarantors": [v.guarantors[0].id]}
    elif over == "self_guarantor":
        over = {"guarantors": [v.guarantors[0].id, v.borrower.id]}
    before = counts()
    response = en(v.treasurer).post(reverse("loan_request_new", args=[v.group.id]), request_body(v, **over))
    assert errors(response) == {field: [message]}
    assert counts() == before


def test_a_member_asks_for_themselves_and_only_for_themselves(v):
    member = en(v.world.member_user)
    own = reverse("loan_request_self", args=[v.group.id, v.borrower.id])
    page = member.get(own)
    assert page.status_code == 200
    assert "member" not in page.context["form"].fields
    assert v.borrower.id not in dict(page.context["form"].fields["guarantors"].choices)
    body = request_body(v)
    del body["member"]
    response = member.post(own, body)
    asked = LoanRequest.objects.get()
    assert (asked.member, asked.created_by) == (v.borrower, v.world.member_user)
    assert response.url == reverse("loan_request_detail", args=[v.group.id, asked.id])
    assert member.get(response.url).status_code == 200
    # Someone else's form: 404 for a member, the treasurer's form for the treasurer.
    other = reverse("loan_request_self", args=[v.group.id, v.other.id])
    assert member.get(other).status_code == 404
    assert member.post(other, {**body, "key": "k2"}).status_code == 404
    assert LoanRequest.objects.count() == 1
    sent = en(v.treasurer).get(other)
    assert sent.status_code == 302
    assert sent.url.endswith(f"/loans/request/?member={v.other.id}")


# --- a member sees only their own ----------------------------------------------------------------


def test_a_member_sees_only_their_own_loans(v):
    own = make_loan(v)
    others = make_loan(v, member=v.other)
    member = en(v.world.member_user)
    g = v.group.id
    for name, arg in (("loan_detail", own.id), ("loan_contract", own.id), ("loan_request_detail", own.request_id)):
        assert member.get(reverse(name, args=[g, arg])).status_code == 200, name
    assert member.get(reverse("member_loans", args=[g, v.borrower.id])).status_code == 200
    for name, arg in (
        ("loan_detail", others.id),
        ("loan_contract", others.id),
        ("loan_request_detail", others.request_id),
        ("member_loans", v.other.id),
    ):
        assert member.get(reverse(name, args=[g, arg])).status_code == 404, name
    for name in ("loans_home", "loans_arrears", "loans_register", "loan_request_new"):
        assert member.get(reverse(name, args=[g])).status_code == 403, name
    for name in ("loan_repay", "loan_write_off", "loan_guarantor_pay"):
        assert member.post(reverse(name, args=[g, own.id]), {"amount": "1"}).status_code == 403, name
    # The member's own page: what is owed (on a loan more than a year late) and why.
    page = member.get(reverse("member_loans", args=[g, v.borrower.id]))
    [view] = page.context["open_loans"]
    st = view["state"]
    assert (st.outstanding, st.principal_due, st.interest_due) == (1_000_000, 1_000_000, 20_000)
    assert [r["status"] for r in view["rows"]] == ["overdue"] * 3
    assert page.context["can_ask"] is True


# --- guarantor payment and write-off ---------------------------------------------------------------


def test_a_guarantor_pays_and_the_rest_is_written_off(v):
    loan = make_loan(v)
    g, treasurer = v.group, en(v.treasurer)
    pay = reverse("loan_guarantor_pay", args=[g.id, loan.id])
    body = {"guarantor": v.guarantors[0].id, "date": format_date(D(2025, 2, 15)), "amount": "100", "method": "cash"}
    response = treasurer.post(pay, {**body, "key": "kg1"})
    assert response.status_code == 302
    paid = Repayment.objects.get()
    assert (paid.source, paid.guarantor, paid.interest, paid.principal) == ("guarantor", v.guarantors[0], 10_000, 0)
    before = counts()
    held = treasurer.post(pay, {**body, "from_held_savings": "on", "key": "kg2"})
    assert form_errors(held, "guarantor_form") == ["Only 0.00 baht of this guarantor's savings is held for the loan."]
    stranger = treasurer.post(pay, {**body, "guarantor": v.other.id, "key": "kg3"})
    assert form_errors(stranger, "guarantor_form") == [
        f"Select a valid choice. {v.other.id} is not one of the available choices."
    ]
    write_off = reverse("loan_write_off", args=[g.id, loan.id])
    no_reason = treasurer.post(write_off, {"date": format_date(D(2025, 6, 1)), "resolution": "มติ 3/2568"})
    assert form_errors(no_reason, "write_off_form") == ["Give the reason for the write-off."]
    assert counts() == before
    done = treasurer.post(
        write_off, {"date": format_date(D(2025, 6, 1)), "reason": "ย้ายออก", "resolution": "มติ 3/2568", "key": "kw"}
    )
    assert done.status_code == 302
    loan.refresh_from_db()
    assert loan.status == "written_off"
    assert lines(loan.write_off.entry) == [
        (code(g, "bad_debt_expense"), 1_000_000, 0, None), (code(g, "loans_ordinary"), 0, 1_000_000, v.borrower.id),
    ]  # fmt: skip
    page = treasurer.get(reverse("loan_detail", args=[g.id, loan.id]))
    assert page.context["write_off"].principal == 1_000_000
    assert page.context.get("write_off_form") is None


# --- arrears, the register, the contract ----------------------------------------------------------


def test_arrears_and_the_register(v):
    late = make_loan(v)  # nothing repaid: far more than 90 days late
    repaid = make_loan(v, amount=500_000, term=1, member=v.other)
    services.loan_repay(loan=repaid, date=D(2025, 2, 15), amount=505_000, actor=v.treasurer)
    reader = en(v.world.auditor)
    g = v.group.id
    arrears = reader.get(reverse("loans_arrears", args=[g])).context["arrears"]
    assert [(b["loans"], b["owed"]) for b in arrears.buckets] == [(0, 0), (0, 0), (1, 1_000_000)]
    assert (arrears.par30, arrears.par90) == (10_000, 10_000)
    [item] = arrears.late
    assert item["state"].loan == late
    assert {m.id for m in item["guarantors"]} == {m.id for m in v.guarantors}

    page = reader.get(reverse("loans_register", args=[g]))
    assert [(r["loan"], r["outstanding"], r["status"]) for r in page.context["rows"]] == [
        (late, 1_000_000, "open"), (repaid, 0, "repaid"),
    ]  # fmt: skip
    assert page.context["totals"] == {"principal": 1_500_000, "outstanding": 1_000_000, "written_off": 0}
    xlsx = reader.get(reverse("loans_register", args=[g]) + "?format=xlsx")
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    rows = {row[0]: row for row in sheet.iter_rows(values_only=True) if row[0] in (late.number, repaid.number)}
    assert rows[late.number][1] == v.borrower.number
    assert [Decimal(str(rows[late.number][i])) for i in (5, 7)] == [Decimal("10000"), Decimal("10000")]
    assert rows[late.number][8] > 400  # days overdue
    assert [Decimal(str(rows[repaid.number][i])) for i in (5, 7)] == [Decimal("5000"), Decimal("0")]
    total = list(sheet.iter_rows(values_only=True))[-1]
    assert [Decimal(str(total[i])) for i in (5, 7)] == [Decimal("15000"), Decimal("10000")]
    text = pdf_text(reader.get(reverse("loans_register", args=[g]) + "?format=pdf").content)
    assert late.number in text
    assert "10,000.00" in text
    assert "15,000.00" in text


def test_the_contract_pdf_has_the_amount_in_thai_words(v):
    loan = make_loan(v, amount=1_250_050)
    response = th(v.treasurer).get(reverse("loan_contract", args=[v.group.id, loan.id]))
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "หนึ่งหมื่นสองพันห้าร้อยบาทห้าสิบสตางค์" in text.replace(" ", "")
    assert "12,500.50" in text
    assert v.borrower.full_name in text
    for g in v.guarantors:
        assert g.full_name in text
    assert text.count(loan.number) >= 3  # the contract and each guarantee


def test_pages_render_for_every_role_that_may_see_them(v):
    loan = make_loan(v)
    g = v.group.id
    for user in (v.treasurer, v.world.auditor, v.world.officer, v.committee[0]):
        client = th(user)
        for url in (
            reverse("loans_home", args=[g]),
            reverse("loans_arrears", args=[g]),
            reverse("loans_register", args=[g]),
            reverse("loan_detail", args=[g, loan.id]),
            reverse("loan_request_detail", args=[g, loan.request_id]),
            reverse("member_loans", args=[g, v.borrower.id]),
        ):
            assert client.get(url).status_code == 200, (user, url)
    assert th(v.world.network_user).get(reverse("loans_home", args=[g])).status_code == 403


# --- restructuring and credit through the pages ------------------------------------------------------


def test_a_loan_is_restructured_and_a_credit_paid_back_through_the_pages(v):
    """10,000 baht paid out on 15 January 2025 over 3 months; nothing paid by 1 March: restructured
    over 6 months; the old schedule stays on the page as history."""
    from sajja.bylaws.services import bylaw_set
    from sajja.loans import selectors

    loan = make_loan(v)
    g, treasurer = v.group, en(v.treasurer)
    url = reverse("loan_restructure", args=[g.id, loan.id])
    body = {"date": format_date(D(2025, 3, 1)), "term_months": "6", "reason": "ภัยแล้ง", "resolution": "มติ 2/2568"}
    before = counts()
    no_resolution = treasurer.post(url, {**body, "resolution": "", "key": "kr0"})
    assert form_errors(no_resolution, "restructure_form") == ["Name the resolution that approved the change."]
    too_dear = treasurer.post(url, {**body, "rate": "1.5", "key": "kr1"})
    assert form_errors(too_dear, "restructure_form") == [
        "The new rate is a whole number of basis points, not above the loan's rate or the bylaws' rate."
    ]
    assert counts() == before
    assert en(v.world.member_user).post(url, {**body, "key": "kr2"}).status_code == 403
    done = treasurer.post(url, {**body, "rate": "0.5", "key": "kr3"})
    assert done.status_code == 302
    loan.refresh_from_db()
    assert (loan.version, loan.restructures.get().rate_bp_month, loan.schedule.filter(version=1).count()) == (1, 50, 6)
    page = treasurer.get(reverse("loan_detail", args=[g.id, loan.id]))
    assert [row["number"] for row in page.context["rows"]] == [1, 2, 3, 4, 5, 6]
    assert len(page.context["earlier_rows"]) == 3
    assert b'data-testid="restructure"' in page.content

    bylaw_set(
        group=g, key="loan.overpayment", value="credit", effective_from=D(2025, 1, 1), resolution="มติ 1/2568",
        actor=v.treasurer,
    )  # fmt: skip
    payoff = selectors.state(loan, D(2025, 3, 2)).payoff
    services.loan_repay(loan=loan, date=D(2025, 3, 2), amount=payoff + 1_000, actor=v.treasurer)
    mine = treasurer.get(reverse("member_loans", args=[g.id, v.borrower.id]))
    assert mine.context["credit"] == 1_000
    refund = reverse("member_credit_refund", args=[g.id, v.borrower.id])
    too_much = treasurer.post(refund, {"date": format_date(D(2025, 3, 3)), "amount": "10.01", "method": "cash"})
    assert too_much.status_code == 302
    assert selectors.credit(v.borrower) == 1_000
    paid = treasurer.post(refund, {"date": format_date(D(2025, 3, 3)), "amount": "10", "method": "cash", "key": "kc"})
    assert paid.status_code == 302
    assert selectors.credit(v.borrower) == 0
    assert en(v.world.member_user).post(refund, {"date": format_date(D(2025, 3, 3)), "amount": "1"}).status_code == 403
