"""Savings pages that write: pledge, pledge payment, fines, entry fee, deposits, withdrawals,
leaving with its settlement, fines for missed pledges, deposit interest. All ``Access.MANAGE``.

Thin views: a form turns what was typed into values, the service decides and writes. A
``SajjaError`` puts its message next to its field and nothing is written. Every form carries a
hidden idempotency key made when it is shown:
- services that take a ``key`` get it, and their ``AlreadyPosted`` counts as success;
- and every page remembers, in the session, the keys it has done and where it went, so a double
  click on a form whose service takes no key (a pledge change, a waiver) lands on the same result
  page instead of showing a "duplicate" refusal.
"""

import datetime as dt

from django.contrib import messages
from django.db import transaction
from django.db.models import Sum
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from sajja.bylaws import registry
from sajja.bylaws.selectors import bylaw_book
from sajja.core import submits
from sajja.core.errors import SajjaError
from sajja.core.money import format_baht
from sajja.core.tenancy import Access, group_view, today
from sajja.core.thai import format_date
from sajja.ledger.models import JournalLine
from sajja.ledger.services import AlreadyPosted
from sajja.members import selectors as member_selectors
from sajja.members.forms import add_errors
from sajja.members.models import Member

from . import domain, selectors, services
from .forms import (
    DepositForm,
    DepositOpenForm,
    EntryFeeForm,
    FinesPayForm,
    FineWaiveForm,
    PledgePayForm,
    PledgeSetForm,
    SettleForm,
    ThroughForm,
    baht_input,
)
from .models import DepositAccount, Fine, InterestRun

# --- helpers ----------------------------------------------------------------------------------


def _member(request, member_id) -> Member:
    try:
        member = member_selectors.member_get(request.user, request.group.id, member_id)
    except Member.DoesNotExist:
        raise Http404 from None
    member.group = request.group  # the services read member.group: no second query
    return member


def _account(request, member: Member, deposit_id) -> DepositAccount:
    try:
        account = DepositAccount.objects.get(id=deposit_id, member=member, group=request.group)
    except DepositAccount.DoesNotExist:
        raise Http404 from None
    account.member = member
    return account


def savings_url(member: Member) -> str:
    """The member's savings page (``savings_member``), or their member page until it exists."""
    try:
        return reverse("savings_member", args=[member.group_id, member.id])
    except NoReverseMatch:
        return reverse("member_detail", args=[member.group_id, member.id])


def _handle(request, form, *, template: str, context: dict, write, done_url: str):
    """GET: the form. POST: ``write(cleaned_data)`` returns the success message; a refusal shows the
    form again with the message by its field; a key already used goes where it went the first time."""
    if request.method == "POST":
        key = request.POST.get("key", "").strip()
        if earlier := submits.done_url(request, key):
            messages.info(request, submits.already_message())
            return redirect(earlier)
        if form.is_valid():
            try:
                message = write(form.cleaned_data)
            except AlreadyPosted:
                submits.remember(request, key, done_url)
                messages.info(request, submits.already_message())
                return redirect(done_url)
            except SajjaError as error:
                add_errors(form, error)
            else:
                submits.remember(request, key, done_url)
                messages.success(request, message)
                return redirect(done_url)
    return render(request, template, {"back": done_url, **context, "form": form})


def _month(period: dt.date) -> str:
    return format_date(period, "month")


def _periods_label(periods) -> str:
    if not periods:
        return ""
    if len(periods) == 1:
        return _month(periods[0])
    return f"{_month(periods[0])} – {_month(periods[-1])}"


def _pledge_state(member: Member, day: dt.date) -> dict:
    """The member's pledge now, its history, and the periods still unpaid up to the bylaws' limit ahead."""
    book = bylaw_book(member.group_id)
    history = selectors.pledge_histories(member.group_id, [member.id]).get(member.id, [])
    paid = selectors.paid_periods(member.group_id, [member.id])[member.id]
    ahead_max = book.value("pledge.ahead_max", day)
    current = domain.period_of(day)
    limit = domain.add_months(current, ahead_max)
    unpaid = selectors.unpaid_periods(member, book=book, history=history, paid=paid, through=limit)
    return {
        "book": book,
        "history": history,
        "paid": paid,
        "pledge_now": domain.pledge_for(history, current),
        "ahead_max": ahead_max,
        "current": current,
        "unpaid": unpaid,
    }


# --- the pledge -------------------------------------------------------------------------------


def _next_change_period(member: Member, state: dict, day: dt.date) -> dt.date:
    """The first period from this one on in which the bylaws let the pledge change and none is paid yet."""
    period = domain.period_of(day)
    if not state["history"]:
        return max(period, domain.period_of(member.joined_on))
    for _i in range(24):
        months = state["book"].value("pledge.change_months", period)
        if period.month in months and not any(p >= period for p in state["paid"]):
            return period
        period = domain.add_months(period, 1)
    return domain.period_of(day)


@group_view(Access.MANAGE)
@require_http_methods(["GET", "POST"])
def pledge_set(request, member_id):
    member = _member(request, member_id)
    day = today()
    state = _pledge_state(member, day)
    initial = {"effective_from": _next_change_period(member, state, day)}
    if state["pledge_now"]:
        initial["amount"] = baht_input(state["pledge_now"])
    form = PledgeSetForm(request.POST or None, initial=initial)
    rules = state["book"].at(day)
    limits = [
        (registry.BY_KEY[key].label, registry.display(registry.BY_KEY[key], rules[key]))
        for key in ("pledge.minimum", "pledge.maximum", "pledge.multiple", "pledge.change_months")
    ]

    def write(data):
        pledge = services.pledge_set(
            member=member,
            amount=data["amount"],
            effective_from=data["effective_from"],
            note=data.get("note", ""),
            actor=request.user,
        )
        return _("The pledge is now %(amount)s a month from %(period)s.") % {
            "amount": format_baht(pledge.amount),
            "period": _month(pledge.effective_from),
        }

    context = {"member": member, "limits": limits, "history": list(reversed(state["history"]))}
    return _handle(
        request, form, template="savings/actions/pledge_set.html", context=context, write=write,
        done_url=savings_url(member),
    )  # fmt: skip


@group_view(Access.MANAGE)
@require_http_methods(["GET", "POST"])
def pledge_pay(request, member_id):
    member = _member(request, member_id)
    state = _pledge_state(member, today())
    unpaid = state["unpaid"]
    initial = {"amount": baht_input(unpaid[0][1])} if unpaid else {}
    form = PledgePayForm(request.POST or None, initial=initial)
    # How many periods an amount pays: the running totals of the unpaid periods, oldest first.
    options, total = [], 0
    for count, (period, pledge) in enumerate(unpaid, start=1):
        total += pledge
        options.append({"count": count, "through": period, "amount": total, "due": period <= state["current"]})

    def write(data):
        receipt = services.pledge_receive(
            member=member,
            date=data["date"],
            amount=data["amount"],
            method=data["method"],
            key=data.get("key", ""),
            actor=request.user,
        )
        return _("Pledge of %(amount)s received for %(periods)s (%(count)s periods).") % {
            "amount": format_baht(receipt.amount),
            "periods": _periods_label(receipt.periods),
            "count": len(receipt.periods),
        }

    context = {
        "member": member,
        "options": options,
        "overdue": [(p, a) for p, a in unpaid if p <= state["current"]],
        "pledge_now": state["pledge_now"],
        "ahead_max": state["ahead_max"],
    }
    return _handle(
        request, form, template="savings/actions/pledge_pay.html", context=context, write=write,
        done_url=savings_url(member),
    )  # fmt: skip


@group_view(Access.MANAGE)
@require_http_methods(["GET", "POST"])
def pledge_withdraw(request, member_id):
    """Pledge savings are not withdrawn while the member stays: the page says so and why, and
    points to the settlement on leaving. A POST gets the same answer and writes nothing."""
    member = _member(request, member_id)
    money = selectors.member_money(request.group.id, [member.id]).get(member.id, selectors.MemberMoney())
    try:
        services.pledge_withdraw(member=member, amount=money.pledge, actor=request.user)
        refusal = None  # pragma: no cover - the service always refuses
    except SajjaError as error:
        refusal = str(error)
    return render(
        request,
        "savings/actions/pledge_withdraw.html",
        {"member": member, "money": money, "refusal": refusal, "back": savings_url(member)},
    )


# --- fines ------------------------------------------------------------------------------------


@group_view(Access.MANAGE)
@require_http_methods(["GET", "POST"])
def fines_pay(request, member_id):
    member = _member(request, member_id)
    open_fines = selectors.open_fines(member)
    form = FinesPayForm(request.POST or None, open_fines=open_fines, scope=request.POST.get("scope"))

    def write(data):
        entry = services.fines_pay(
            member=member,
            date=data["date"],
            fines=form.chosen(),
            method=data["method"],
            key=data.get("key", ""),
            actor=request.user,
        )
        paid = JournalLine.objects.filter(entry=entry).aggregate(total=Sum("debit"))["total"] or 0
        return _("Fines of %(amount)s received.") % {"amount": format_baht(paid)}

    context = {"member": member, "open_fines": open_fines, "total": sum(f.amount for f in open_fines)}
    return _handle(
        request, form, template="savings/actions/fines_pay.html", context=context, write=write,
        done_url=savings_url(member),
    )  # fmt: skip


@group_view(Access.MANAGE)
@require_http_methods(["GET", "POST"])
def fine_waive(request, member_id, fine_id):
    member = _member(request, member_id)
    try:
        fine = Fine.objects.get(id=fine_id, member=member, group=request.group)
    except Fine.DoesNotExist:
        raise Http404 from None
    fine.member = member
    form = FineWaiveForm(request.POST or None)

    def write(data):
        services.fine_waive(
            fine=fine, date=data["date"], reason=data["reason"], resolution=data["resolution"], actor=request.user
        )
        return _("The fine of %(amount)s was waived.") % {"amount": format_baht(fine.amount)}

    return _handle(
        request, form, template="savings/actions/fine_waive.html", context={"member": member, "fine": fine},
        write=write, done_url=savings_url(member),
    )  # fmt: skip


def _dry_run(run):
    """What ``run()`` would write, computed by the real service and rolled back (a preview that
    cannot disagree with the posting)."""

    class _Undo(Exception):
        pass

    result = None
    try:
        with transaction.atomic():
            result = run()
            raise _Undo
    except _Undo:
        pass
    return result


@group_view(Access.MANAGE)
@require_http_methods(["GET", "POST"])
def fines_assess(request):
    form = ThroughForm(request.POST or None)
    context = {"preview": None}
    if request.method == "POST" and request.POST.get("action") == "preview":
        if form.is_valid():
            try:
                fines = _dry_run(
                    lambda: services.fines_assess(
                        group=request.group, through=form.cleaned_data["through"], actor=request.user
                    )
                )
            except SajjaError as error:
                add_errors(form, error)
            else:
                members = {m.id: m for m in Member.objects.filter(id__in={f.member_id for f in fines})}
                context["preview"] = {
                    "rows": [{"member": members[f.member_id], "period": f.period, "amount": f.amount} for f in fines],
                    "total": sum(f.amount for f in fines),
                }
        return render(request, "savings/actions/fines_assess.html", {**context, "form": form})

    def write(data):
        fines = services.fines_assess(group=request.group, through=data["through"], actor=request.user)
        if not fines:
            return _("No pledge is missed without its fine: nothing was charged.")
        return _("%(count)s fines charged, %(amount)s in all.") % {
            "count": len(fines),
            "amount": format_baht(sum(f.amount for f in fines)),
        }

    return _handle(
        request, form, template="savings/actions/fines_assess.html", context=context, write=write,
        done_url=reverse("savings_fines_assess", args=[request.group.id]),
    )  # fmt: skip


# --- the entry fee ----------------------------------------------------------------------------


@group_view(Access.MANAGE)
@require_http_methods(["GET", "POST"])
def entry_fee(request, member_id):
    member = _member(request, member_id)
    form = EntryFeeForm(request.POST or None)
    paid = JournalLine.objects.filter(member=member, account__roles__role="entry_fee_income").select_related("entry")
    fee_now = bylaw_book(request.group.id).value("entry_fee", today())

    def write(data):
        entry = services.entry_fee_receive(
            member=member, date=data["date"], method=data["method"], key=data.get("key", ""), actor=request.user
        )
        amount = JournalLine.objects.filter(entry=entry).aggregate(total=Sum("debit"))["total"] or 0
        return _("Entry fee of %(amount)s received.") % {"amount": format_baht(amount)}

    context = {"member": member, "fee_now": fee_now, "paid": list(paid)}
    return _handle(
        request, form, template="savings/actions/entry_fee.html", context=context, write=write,
        done_url=savings_url(member),
    )  # fmt: skip


# --- deposits ---------------------------------------------------------------------------------


@group_view(Access.MANAGE)
@require_http_methods(["GET", "POST"])
def deposit_open(request, member_id):
    member = _member(request, member_id)
    accounts = list(DepositAccount.objects.filter(member=member))
    form = DepositOpenForm(request.POST or None)

    def write(data):
        account = services.deposit_open(member=member, product=data["product"], date=data["date"], actor=request.user)
        return _("Account %(number)s (%(product)s) was opened.") % {
            "number": account.number,
            "product": account.get_product_display(),
        }

    return _handle(
        request, form, template="savings/actions/deposit_open.html", context={"member": member, "accounts": accounts},
        write=write, done_url=savings_url(member),
    )  # fmt: skip


def _deposit_context(member: Member, account: DepositAccount) -> dict:
    money = selectors.member_money(member.group_id, [member.id]).get(member.id, selectors.MemberMoney())
    balance = money.savings if account.product == DepositAccount.Product.SAVINGS else money.fixed
    book = bylaw_book(member.group_id)
    rules = [
        (registry.BY_KEY[key].label, registry.display(registry.BY_KEY[key], book.value(key, today())))
        for key in (
            f"deposit.{account.product}.minimum_balance",
            f"deposit.{account.product}.withdrawals_a_month",
            f"deposit.{account.product}.term_months",
            f"deposit.{account.product}.rate",
        )
    ]
    return {"member": member, "account": account, "balance": balance, "rules": rules}


def _deposit_move(request, member_id, deposit_id, *, withdrawing: bool):
    """Money into or out of a member's deposit account: one form, the service decides the rules."""
    member = _member(request, member_id)
    account = _account(request, member, deposit_id)
    form = DepositForm(request.POST or None)
    service = services.deposit_withdraw if withdrawing else services.deposit_receive
    done = (
        _("%(amount)s withdrawn from account %(number)s.")
        if withdrawing
        else _("%(amount)s deposited into account %(number)s.")
    )

    def write(data):
        service(
            account=account,
            date=data["date"],
            amount=data["amount"],
            method=data["method"],
            key=data.get("key", ""),
            actor=request.user,
        )
        return done % {"amount": format_baht(data["amount"]), "number": account.number}

    context = {**_deposit_context(member, account), "withdrawing": withdrawing}
    return _handle(
        request, form, template="savings/actions/deposit.html", context=context, write=write,
        done_url=savings_url(member),
    )  # fmt: skip


@group_view(Access.MANAGE)
@require_http_methods(["GET", "POST"])
def deposit(request, member_id, deposit_id):
    return _deposit_move(request, member_id, deposit_id, withdrawing=False)


@group_view(Access.MANAGE)
@require_http_methods(["GET", "POST"])
def withdraw(request, member_id, deposit_id):
    return _deposit_move(request, member_id, deposit_id, withdrawing=True)


@group_view(Access.MANAGE)
@require_http_methods(["GET", "POST"])
def interest(request):
    form = ThroughForm(request.POST or None)
    runs = (
        InterestRun.objects.filter(group=request.group)
        .annotate(total=Sum("entry__lines__credit"))
        .order_by("-period_end", "product")
    )
    context = {"runs": runs, "preview": None}
    if request.method == "POST" and request.POST.get("action") == "preview":
        if form.is_valid():
            try:
                preview = _dry_run(
                    lambda: [
                        (run.product, run.get_product_display(), run.period_end, _entry_total(run.entry))
                        for run in services.interest_post(
                            group=request.group, through=form.cleaned_data["through"], actor=request.user
                        )
                    ]
                )
            except SajjaError as error:
                add_errors(form, error)
            else:
                context["preview"] = preview
        return render(request, "savings/actions/interest.html", {**context, "form": form})

    def write(data):
        posted = services.interest_post(group=request.group, through=data["through"], actor=request.user)
        if not posted:
            return _("Every interest period up to this date is already posted.")
        total = sum(_entry_total(run.entry) for run in posted)
        return _("Interest of %(count)s periods posted, %(amount)s in all.") % {
            "count": len(posted),
            "amount": format_baht(total),
        }

    return _handle(
        request, form, template="savings/actions/interest.html", context=context, write=write,
        done_url=reverse("savings_interest", args=[request.group.id]),
    )  # fmt: skip


def _entry_total(entry) -> int:
    if entry is None:
        return 0
    return JournalLine.objects.filter(entry=entry).aggregate(total=Sum("debit"))["total"] or 0


# --- leaving ----------------------------------------------------------------------------------


def leave_page(request, member: Member, *, done_url: str, template: str = "savings/actions/leave.html"):
    """The settlement statement for the day given (today when none) and the confirmation.
    Used by ``savings_leave`` and by the members app's ``member_leave``, so nobody leaves
    without their settlement."""
    form = SettleForm(request.POST or None, initial={"paid_to": member.beneficiary_name})
    day = today()
    if form.is_bound and form.is_valid():
        day = form.cleaned_data["date"] or day
    elif request.method == "GET" and request.GET.get("date"):
        from sajja.core.fields import parse_date_input

        try:
            day = parse_date_input(request.GET["date"], field="date")
            form.initial["date"] = format_date(day)
        except SajjaError:
            pass
    quote = selectors.settlement_quote(member, day) if member.status == Member.Status.ACTIVE else None
    blockers = [str(reason) for reason in services.leaving_blockers(member, day)]

    def write(data):
        settlement = services.member_settle(
            member=member,
            status=data["status"],
            date=data["date"],
            reason=data["reason"],
            paid_to=data.get("paid_to", ""),
            method=data["method"],
            actor=request.user,
        )
        return _("The membership was closed and %(amount)s paid to %(name)s.") % {
            "amount": format_baht(settlement.net),
            "name": settlement.paid_to,
        }

    def write_or_status(data):
        try:
            return write(data)
        except SajjaError as error:
            if error.field == "member":  # no longer active: the choice of status is what is refused
                error.field = "status"
            raise

    context = {
        "member": member,
        "quote": quote,
        "day": day,
        "blockers": blockers,
        "fines": selectors.open_fines(member),
    }
    return _handle(request, form, template=template, context=context, write=write_or_status, done_url=done_url)


@group_view(Access.MANAGE)
@require_http_methods(["GET", "POST"])
def leave(request, member_id):
    member = _member(request, member_id)
    return leave_page(request, member, done_url=savings_url(member))
