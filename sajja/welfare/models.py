"""Registers of funds and welfare. The money is in the ledger (the fund accounts' lines); these
tables say what it was for: a welfare claim with the committee's decision and its payment entry,
and a receipt into a fund (a donation or a transfer) with who gave it."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sajja.core.models import TenantModel
from sajja.ledger.models import JournalEntry

from .rules import BENEFIT_NAMES

BENEFIT_CHOICES = tuple(BENEFIT_NAMES.items())
FUND_ROLES = ("reserve_fund", "welfare_fund", "public_benefit_fund", "training_fund")
FUND_CHOICES = (
    ("reserve_fund", _("Reserve fund")),
    ("welfare_fund", _("Welfare fund")),
    ("public_benefit_fund", _("Public benefit fund")),
    ("training_fund", _("Training and development fund")),
)
METHOD_CHOICES = (("cash", _("cash")), ("bank", _("bank transfer")))


class WelfareClaim(TenantModel):
    """A member's claim for a welfare benefit: entered, approved by another committee member, paid.

    ``amount`` is what the rules in force on the event date allowed when the claim was entered; the
    rules are checked again at approval and payment (the yearly cap counts the claims in between)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting for approval")
        APPROVED = "approved", _("approved, waiting for payment")
        PAID = "paid", _("paid")
        REJECTED = "rejected", _("rejected")

    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="welfare_claims")
    benefit = models.CharField(_("benefit"), max_length=12, choices=BENEFIT_CHOICES)
    event_date = models.DateField(_("date of the event"))
    nights = models.PositiveSmallIntegerField(_("nights in hospital"), null=True, blank=True)
    beneficiary = models.CharField(_("beneficiary"), max_length=200, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    amount = models.BigIntegerField(_("amount (satang)"))
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year (C.E. year it starts)"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.CharField(_("reason"), max_length=300, blank=True)
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    method = models.CharField(_("paid by"), max_length=4, choices=METHOD_CHOICES, blank=True)
    entry = models.OneToOneField(JournalEntry, on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("welfare claim")
        verbose_name_plural = _("welfare claims")
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="welfareclaim_positive"),
            # Paying twice: one live claim per member, benefit and event (a rejected one may be made again).
            models.UniqueConstraint(
                fields=["group", "member", "benefit", "event_date"],
                condition=~Q(status="rejected"),
                name="welfareclaim_once_an_event",
            ),
            models.CheckConstraint(
                condition=~Q(status="paid") | (Q(entry__isnull=False) & Q(paid_on__isnull=False)),
                name="welfareclaim_paid_has_entry",
            ),
            models.CheckConstraint(
                condition=Q(status="pending") | Q(decided_by__isnull=False), name="welfareclaim_decided_by"
            ),
            models.CheckConstraint(
                condition=Q(decided_by__isnull=True) | ~Q(decided_by=models.F("created_by")),
                name="welfareclaim_maker_checker",
            ),
        ]
        indexes = [
            models.Index(fields=["group", "status"]),
            models.Index(fields=["group", "member", "benefit", "fiscal_year"], name="welfareclaim_year"),
        ]

    def __str__(self):
        return f"W-{self.id:05d}"

    @property
    def number(self) -> str:
        return f"W-{self.id:05d}"


class FundReceipt(TenantModel):
    """Money received into a fund: a donation (villages receive donations for welfare) or a
    transfer the meeting decided; the ledger entry debits cash or bank and credits the fund."""

    fund = models.CharField(_("fund"), max_length=24, choices=FUND_CHOICES)
    amount = models.BigIntegerField(_("amount (satang)"))
    date = models.DateField(_("date"))
    source = models.CharField(_("received from"), max_length=200)
    method = models.CharField(_("received by"), max_length=4, choices=METHOD_CHOICES)
    note = models.CharField(_("note"), max_length=300, blank=True)
    entry = models.OneToOneField(JournalEntry, on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("receipt into a fund")
        verbose_name_plural = _("receipts into funds")
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="fundreceipt_positive")]
