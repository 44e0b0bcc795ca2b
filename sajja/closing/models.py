"""Tables of the year end. The money is in the ledger: these say which year, which plan the annual
general meeting approved, and what each member's share was and how it was paid."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from sajja.core.models import TenantModel
from sajja.ledger.models import Account, JournalEntry


class FiscalYear(TenantModel):
    """One fiscal year of a group (by ``Group.fiscal_year_start_month/_day``). ``open`` until a plan is
    made, ``closing`` while the plan is drafted, approved and posted, ``closed`` once the books are
    locked through ``end`` (``ledger.services.period_close``): a closed year never reopens."""

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        CLOSING = "closing", _("closing")
        CLOSED = "closed", _("closed")

    start = models.DateField(_("first day"))
    end = models.DateField(_("last day"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("fiscal year")
        verbose_name_plural = _("fiscal years")
        ordering = ["-start"]
        constraints = [
            models.UniqueConstraint(fields=["group", "start"], name="fiscalyear_unique_start"),
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="fiscalyear_end_after_start"),
            models.CheckConstraint(
                condition=Q(status="closed", closed_at__isnull=False) | ~Q(status="closed"),
                name="fiscalyear_closed_has_time",
            ),
        ]

    def __str__(self):
        return self.label

    @property
    def label(self) -> str:
        """The year in the Buddhist Era, as the group says it: "2568", or "2568/2569" across two years."""
        first, last = self.start.year + 543, self.end.year + 543
        return str(first) if first == last else f"{first}/{last}"

    @property
    def is_closed(self) -> bool:
        return self.status == self.Status.CLOSED


class AllocationCategory(TenantModel):
    """A category of the profit allocation that the GROUP adds to the built-in ones (for example a
    funeral fund), credited to one of its own equity or liability accounts. Dated like a bylaw: the
    row in force at the year end (latest ``effective_from`` on or before it) counts; rate 0 drops it."""

    code = models.SlugField(_("code"), max_length=40)
    name_th = models.CharField(_("name (Thai)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="+", verbose_name=_("account"))
    rate_bp = models.PositiveIntegerField(_("share (basis points)"))
    effective_from = models.DateField(_("takes effect"))
    resolution = models.CharField(_("resolution"), max_length=300)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["group", "code", "effective_from"], name="allocationcategory_once_a_day"),
            models.CheckConstraint(condition=Q(rate_bp__lte=10000), name="allocationcategory_rate_range"),
        ]


class AllocationPlan(TenantModel):
    """The allocation of one year's net profit: computed from the ledger and the bylaws in force at the
    year end (``draft``), approved by the annual general meeting with its resolution and vote
    (``approved``), then posted to the ledger in one entry (``posted``). Nothing posts unapproved."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        APPROVED = "approved", _("approved")
        POSTED = "posted", _("posted")

    fiscal_year = models.OneToOneField(FiscalYear, on_delete=models.PROTECT, related_name="plan")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    income_total = models.BigIntegerField(_("income"))
    expense_total = models.BigIntegerField(_("expenses"))
    net_profit = models.BigIntegerField(_("net profit"))
    basis = models.CharField(_("dividend basis"), max_length=20)
    unit = models.BigIntegerField(_("unit size"))
    rounding = models.CharField(_("rounding"), max_length=20)
    rounding_fund = models.CharField(_("rounding remainder to"), max_length=40)
    leavers = models.CharField(_("members who left"), max_length=20)
    dividend_pool = models.BigIntegerField(default=0)
    rebate_pool = models.BigIntegerField(default=0)
    remainder = models.BigIntegerField(_("rounding remainder"), default=0)
    meeting_date = models.DateField(_("meeting date"), null=True, blank=True)
    resolution_ref = models.CharField(_("resolution"), max_length=200, blank=True)
    resolution_text = models.TextField(_("resolution text"), blank=True)
    votes_for = models.PositiveIntegerField(_("votes for"), null=True, blank=True)
    votes_against = models.PositiveIntegerField(_("votes against"), null=True, blank=True)
    votes_abstain = models.PositiveIntegerField(_("abstentions"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    entry = models.OneToOneField(JournalEntry, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(status="draft") | (Q(meeting_date__isnull=False) & ~Q(resolution_ref="")),
                name="allocationplan_approved_has_resolution",
            ),
            models.CheckConstraint(  # a year without income or expenses posts nothing
                condition=~Q(status="posted") | Q(entry__isnull=False) | Q(income_total=0, expense_total=0),
                name="allocationplan_posted_has_entry",
            ),
            models.CheckConstraint(condition=Q(remainder__gte=0), name="allocationplan_remainder_positive"),
        ]


class AllocationLine(TenantModel):
    """One category of a plan: its share of the profit (basis points) and amount (satang)."""

    plan = models.ForeignKey(AllocationPlan, on_delete=models.CASCADE, related_name="lines")
    order = models.PositiveSmallIntegerField(default=0)
    code = models.CharField(max_length=40)
    name_th = models.CharField(max_length=200)
    name_en = models.CharField(max_length=200, blank=True)
    role = models.CharField(max_length=40, blank=True)
    account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="+")
    rate_bp = models.PositiveIntegerField()
    amount = models.BigIntegerField()

    class Meta:
        ordering = ["order"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "code"], name="allocationline_unique_code"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="allocationline_amount_positive"),
        ]

    @property
    def rate_percent(self) -> str:
        return f"{self.rate_bp / 100:.2f}"


class MemberShare(TenantModel):
    """One member's dividend and interest rebate of a plan, and how it was paid (cash at a meeting, or
    added to the pledge savings). Unpaid shares stay payable (the ledger's dividends and rebates
    payable, member-tagged); a share is paid once."""

    class Method(models.TextChoices):
        CASH = "cash", _("in cash")
        SAVINGS = "savings", _("added to pledge savings")

    plan = models.ForeignKey(AllocationPlan, on_delete=models.CASCADE, related_name="shares")
    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="closing_shares")
    weight = models.BigIntegerField(_("dividend weight"))
    interest_paid = models.BigIntegerField(_("interest paid in the year"))
    dividend = models.BigIntegerField(_("dividend"))
    rebate = models.BigIntegerField(_("interest rebate"))
    left_in_year = models.BooleanField(default=False)
    paid_entry = models.OneToOneField(JournalEntry, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    paid_method = models.CharField(_("paid"), max_length=10, choices=Method.choices, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["plan", "member"], name="membershare_once_a_plan"),
            models.CheckConstraint(
                condition=Q(dividend__gte=0, rebate__gte=0, weight__gte=0, interest_paid__gte=0),
                name="membershare_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(paid_entry__isnull=True) | (Q(paid_on__isnull=False) & ~Q(paid_method="")),
                name="membershare_paid_complete",
            ),
        ]

    @property
    def total(self) -> int:
        return self.dividend + self.rebate

    @property
    def is_paid(self) -> bool:
        return self.paid_entry_id is not None
