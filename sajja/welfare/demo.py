"""Welfare in the demo village, through the services (called by ``sajja.demo.generator.load_demo``
after the closing app's demo, so the welfare fund already has the share-outs of the closed years).

What it adds to the main group, found again by natural keys so a second call adds nothing:

- when the welfare fund would not cover the claims to pay, a donation from the sub-district
  administration (อบต.บ้านดง) recorded with ``fund_receive`` (key ``demo:welfare:donation``);
- welfare claims, entered by the treasurer and approved by the president (maker-checker): an
  illness of 3 nights (paid in cash), a birth in December 2025 (paid at the January meeting), an illness of 12 nights capped at the
  1,000 baht a stay (paid by bank), the death benefit of the member who died in the demo (paid to the
  beneficiary), an old-age benefit approved and waiting for payment, and an education benefit waiting
  for approval. Members are picked with ``random.Random(f"{seed}:welfare")`` among those who meet the
  rules, so the same seed picks the same people. A claim the rules refuse is shown in the tests,
  not in the data.

Payments are dated after the closed books (``closed_through``) and never after today.
"""

import datetime as dt
import random

from sajja.accounts.models import User
from sajja.core.tenancy import today
from sajja.ledger.models import LedgerHead
from sajja.ledger.services import posted_with_key
from sajja.members.models import Member

from . import domain, selectors, services
from .models import WelfareClaim

D = dt.date
DONATION_KEY = "demo:welfare:donation"
DONOR = "องค์การบริหารส่วนตำบลบ้านดง"


def _plan(group, seed: int) -> list[dict]:
    """The claims to have: member, benefit, event, nights, what happens (pay date and method)."""
    rng = random.Random(f"{seed}:welfare")
    members = list(Member.objects.filter(group=group).order_by("number"))
    active = [m for m in members if m.status == Member.Status.ACTIVE and m.joined_on <= D(2023, 6, 30)]
    picked: set[int] = set()

    def pick(condition=lambda m: True):
        candidates = [m for m in active if m.id not in picked and condition(m)]
        if not candidates:
            return None
        member = rng.choice(candidates)
        picked.add(member.id)
        return member

    plan = [
        {"member": pick(), "benefit": "illness", "event": D(2026, 1, 20), "nights": 3, "pay": D(2026, 2, 5)},
        {"member": pick(lambda m: m.sex == "F" and m.birth_date >= D(1981, 1, 1)), "benefit": "birth",
         "event": D(2025, 12, 20), "pay": D(2026, 1, 5)},
        {"member": pick(), "benefit": "illness", "event": D(2026, 4, 2), "nights": 12, "pay": D(2026, 4, 10),
         "method": "bank", "note": "โรงพยาบาลพุทธชินราช"},
        {"member": pick(lambda m: domain.age_on(m.birth_date, D(2026, 3, 5)) >= 60
                        and m.joined_on <= D(2021, 3, 5)), "benefit": "old_age", "event": D(2026, 3, 5),
         "approve": True},
        {"member": pick(), "benefit": "education", "event": D(2026, 5, 16), "note": "ค่าเทอมบุตร ม.1"},
    ]  # fmt: skip
    dead = next(
        (
            m
            for m in members
            if m.status == Member.Status.DECEASED
            and m.status_date
            and m.status_date >= D(2025, 1, 1)
            and domain.add_months(m.joined_on, 12) <= m.status_date
        ),
        None,
    )
    if dead is not None:
        plan.append(
            {"member": dead, "benefit": "death", "event": dead.status_date,
             "beneficiary": dead.beneficiary_name or "ทายาทโดยธรรม", "pay": dead.status_date + dt.timedelta(days=7)}
        )  # fmt: skip
    return [p for p in plan if p["member"] is not None and p["event"] <= today()]


def _pay_day(planned: dt.date, closed: dt.date | None, not_before: dt.date) -> dt.date | None:
    day = max(planned, not_before)
    if closed and day <= closed:
        day = closed + dt.timedelta(days=1)
    return day if day <= today() else None


def ensure(*, group, seed: int, created, stdout=None) -> None:
    maker = User.objects.get(username="treasurer")
    checker = User.objects.get(username="president")
    head = LedgerHead.objects.get(group=group)
    closed = head.closed_through
    plan = _plan(group, seed)
    existing = {
        (c.member_id, c.benefit, c.event_date): c
        for c in WelfareClaim.objects.filter(group=group).exclude(status=WelfareClaim.Status.REJECTED)
    }
    # The fund must cover what is still to be paid: a donation if it would not.
    to_pay = 0
    for item in plan:
        claim = existing.get((item["member"].id, item["benefit"], item["event"]))
        if item.get("pay") and (claim is None or claim.status != WelfareClaim.Status.PAID):
            rule = domain.Rule.from_bylaws(item["benefit"], _rules(group, item["event"]))
            to_pay += domain.entitlement(rule, item.get("nights"))
    first_day = _pay_day(D(2026, 1, 5), closed, D(2026, 1, 5))
    if first_day is None:
        return  # the demo's payment dates have not come yet
    balance = selectors.fund_balance(group.id, "welfare_fund")
    if to_pay > balance and not posted_with_key(group, DONATION_KEY):
        shortfall = to_pay - balance
        donation = -(-shortfall // 10_000_00) * 10_000_00  # rounded up to 10,000 baht
        services.fund_receive(
            group=group, fund="welfare_fund", amount=donation, date=first_day, source=DONOR,
            note="เงินอุดหนุนกองทุนสวัสดิการ", key=DONATION_KEY, actor=maker,
        )  # fmt: skip
        created["welfare_donations"] += 1
    for item in plan:
        member = item["member"]
        claim = existing.get((member.id, item["benefit"], item["event"]))
        if claim is None:
            claim = services.claim_create(
                group=group, member=member, benefit=item["benefit"], event_date=item["event"],
                nights=item.get("nights"), beneficiary=item.get("beneficiary", ""), note=item.get("note", ""),
                actor=maker,
            )  # fmt: skip
            created["welfare_claims"] += 1
        if claim.status == WelfareClaim.Status.PENDING and (item.get("approve") or item.get("pay")):
            claim = services.claim_approve(claim=claim, actor=checker)
        if claim.status == WelfareClaim.Status.APPROVED and item.get("pay"):
            day = _pay_day(item["pay"], closed, max(first_day, item["event"]))
            if day is not None:
                services.claim_pay(
                    claim=claim, date=day, method=item.get("method", "cash"),
                    key=f"demo:welfare:{member.number}:{item['benefit']}:{item['event'].isoformat()}", actor=maker,
                )  # fmt: skip
                created["welfare_payments"] += 1
    if stdout is not None:
        stdout.write(f"welfare: {WelfareClaim.objects.filter(group=group).count()} claims\n")


def _rules(group, day: dt.date) -> dict:
    from sajja.bylaws.selectors import bylaw_book

    return bylaw_book(group.id).at(day)
