"""Registers of the savings capability. The money is in the ledger (lines tagged with the member);
these tables say what the money was for: which pledge periods a payment covered, which fines were
assessed and how they ended, which deposit accounts a member holds, which interest runs posted."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sajja.core.models import TenantModel
from sajja.ledger.models import JournalEntry


class PledgeAmount(TenantModel):
    """A member's pledge a period, from the period ``effective_from`` (the first of a month) on."""

    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="pledge_amounts")
    amount = models.BigIntegerField(_("pledge a period (satang)"))
    effective_from = models.DateField(_("from the period of"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["member", "effective_from"], name="pledgeamount_one_a_period"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="pledgeamount_positive"),
        ]


class PledgePayment(TenantModel):
    """One pledge period paid by a member: the period, what it cost, the day paid and the entry.
    A period is paid once (unique while not reversed); a reversed payment stays, marked."""

    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="pledge_payments")
    period = models.DateField(_("period"))  # the first day of the month paid for
    amount = models.BigIntegerField(_("amount (satang)"))
    paid_on = models.DateField(_("paid on"))
    entry = models.ForeignKey(JournalEntry, on_delete=models.PROTECT, related_name="+")
    reversal = models.ForeignKey(JournalEntry, on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["member", "period"], condition=Q(reversal__isnull=True), name="pledgepayment_period_once"
            ),
            models.CheckConstraint(condition=Q(amount__gt=0), name="pledgepayment_positive"),
        ]
        indexes = [models.Index(fields=["group", "period"])]


class Fine(TenantModel):
    """A fine charged to a member, then paid or waived (by a resolution, with the reason)."""

    class Kind(models.TextChoices):
        MISSED_PLEDGE = "missed_pledge", _("missed pledge")

    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="fines")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    period = models.DateField(_("period"), null=True, blank=True)
    amount = models.BigIntegerField(_("amount (satang)"))
    assessed_on = models.DateField(_("charged on"))
    entry = models.ForeignKey(JournalEntry, on_delete=models.PROTECT, related_name="+")
    paid_entry = models.ForeignKey(JournalEntry, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    waived_entry = models.ForeignKey(JournalEntry, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    waiver_reason = models.CharField(_("reason for the waiver"), max_length=300, blank=True)
    waiver_resolution = models.CharField(_("resolution"), max_length=300, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["member", "kind", "period"], name="fine_once_a_period"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="fine_positive"),
            models.CheckConstraint(
                condition=Q(paid_entry__isnull=True) | Q(waived_entry__isnull=True), name="fine_paid_or_waived"
            ),
        ]

    @property
    def status(self) -> str:
        return "paid" if self.paid_entry_id else "waived" if self.waived_entry_id else "open"


class DepositAccount(TenantModel):
    """A member's deposit account of one product; its balance is the ledger lines tagged with the
    member on the product's account (one account a product a member, so the tag is enough)."""

    class Product(models.TextChoices):
        SAVINGS = "savings", _("savings deposit")
        FIXED = "fixed", _("fixed deposit")

    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="deposit_accounts")
    product = models.CharField(_("product"), max_length=10, choices=Product.choices)
    opened_on = models.DateField(_("opened on"))
    closed_on = models.DateField(_("closed on"), null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["member", "product"], name="depositaccount_one_a_product")]

    @property
    def number(self) -> str:
        return f"{'S' if self.product == self.Product.SAVINGS else 'F'}-{self.member.number:04d}"


class InterestRun(TenantModel):
    """Deposit interest of one product posted for the interest period ending ``period_end``."""

    product = models.CharField(max_length=10, choices=DepositAccount.Product.choices)
    period_end = models.DateField()
    entry = models.ForeignKey(JournalEntry, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["group", "product", "period_end"], name="interestrun_once")]


class Settlement(TenantModel):
    """A leaving member's settlement as posted: the parts (satang) and who was paid."""

    member = models.OneToOneField("members.Member", on_delete=models.PROTECT, related_name="settlement")
    date = models.DateField()
    pledge = models.BigIntegerField()
    deposits = models.BigIntegerField()
    interest_due = models.BigIntegerField()
    loans = models.BigIntegerField()
    fines = models.BigIntegerField()
    net = models.BigIntegerField()
    paid_to = models.CharField(max_length=200)
    method = models.CharField(max_length=10)
    entry = models.ForeignKey(JournalEntry, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
