"""Registers of the loans capability. The money is in the ledger (loan lines tagged with the
borrower); these tables say what it was for: the request and the committee's votes and decision,
the guarantees, the loan with its schedule (the contract), each repayment's split, late fines."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from sajja.core.models import TenantModel
from sajja.ledger.models import JournalEntry

KIND_CHOICES = (
    ("ordinary", _("Ordinary loan")),
    ("emergency", _("Emergency loan")),
    ("production", _("Production loan")),
    ("secured", _("Loan against own savings")),
    ("in_kind", _("Loan in kind (fertiliser, seed)")),
)
KIND_ROLE = {
    "ordinary": "loans_ordinary",
    "emergency": "loans_emergency",
    "production": "loans_production",
    "secured": "loans_secured",
    "in_kind": "loans_in_kind",
}


class LoanRequest(TenantModel):
    class Status(models.TextChoices):
        REQUESTED = "requested", _("waiting for the loan committee")
        APPROVED = "approved", _("approved, waiting for pay-out")
        REJECTED = "rejected", _("rejected")
        DISBURSED = "disbursed", _("paid out")
        CANCELLED = "cancelled", _("cancelled")

    class Decision(models.TextChoices):
        APPROVE = "approve", _("approve")
        REDUCE = "reduce", _("approve a smaller amount")
        REJECT = "reject", _("reject")

    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="loan_requests")
    kind = models.CharField(_("kind of loan"), max_length=12, choices=KIND_CHOICES)
    amount = models.BigIntegerField(_("amount asked (satang)"))
    term_months = models.PositiveSmallIntegerField(_("term (months)"))
    purpose = models.CharField(_("purpose"), max_length=300)
    requested_on = models.DateField(_("requested on"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.REQUESTED)
    decision = models.CharField(_("decision"), max_length=8, choices=Decision.choices, blank=True)
    approved_amount = models.BigIntegerField(_("amount approved (satang)"), null=True, blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    decision_reason = models.CharField(_("reason"), max_length=300, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="loanrequest_positive")]
        indexes = [models.Index(fields=["group", "status"])]


class Guarantee(TenantModel):
    """A member guaranteeing a request; ``held`` of their pledge savings is held while the loan is open."""

    request = models.ForeignKey(LoanRequest, on_delete=models.PROTECT, related_name="guarantees")
    guarantor = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="guarantees")
    held = models.BigIntegerField(_("savings held (satang)"), default=0)
    released_on = models.DateField(_("released on"), null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["request", "guarantor"], name="guarantee_once")]


class LoanVote(TenantModel):
    """One loan-committee member's vote on a request (recorded openly: a committee decision is on record)."""

    class Vote(models.TextChoices):
        APPROVE = "approve", _("approve")
        REJECT = "reject", _("reject")
        ABSTAIN = "abstain", _("abstain")

    request = models.ForeignKey(LoanRequest, on_delete=models.PROTECT, related_name="votes")
    voter = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="+")
    vote = models.CharField(_("vote"), max_length=8, choices=Vote.choices)
    cast_on = models.DateField(_("date"))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["request", "voter"], name="loanvote_once")]


class Loan(TenantModel):
    class Status(models.TextChoices):
        OPEN = "open", pgettext_lazy("loan status", "open")
        CLOSED = "closed", _("repaid")
        WRITTEN_OFF = "written_off", _("written off")

    request = models.OneToOneField(LoanRequest, on_delete=models.PROTECT, related_name="loan")
    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="loans")
    kind = models.CharField(_("kind of loan"), max_length=12, choices=KIND_CHOICES)
    principal = models.BigIntegerField(_("amount lent (satang)"))
    rate_bp_month = models.PositiveIntegerField(_("interest a month (basis points)"))
    method = models.CharField(_("interest method"), max_length=10)
    every_months = models.PositiveSmallIntegerField(default=1)
    instalments = models.PositiveSmallIntegerField(_("instalments"))
    grace = models.PositiveSmallIntegerField(default=0)
    disbursed_on = models.DateField(_("paid out on"))
    entry = models.ForeignKey(JournalEntry, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.OPEN)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    # The schedule in force: 0 is the one contracted at pay-out, n the one of the n-th restructuring.
    version = models.PositiveSmallIntegerField(default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [models.CheckConstraint(condition=Q(principal__gt=0), name="loan_positive")]
        indexes = [models.Index(fields=["group", "status"])]

    @property
    def number(self) -> str:
        return f"L-{self.id:05d}"


class Instalment(TenantModel):
    """One row of a schedule: ``version`` 0 as contracted at pay-out, n as set by the n-th
    restructuring. Rows of earlier versions are kept: they are the loan's history."""

    loan = models.ForeignKey(Loan, on_delete=models.PROTECT, related_name="schedule")
    version = models.PositiveSmallIntegerField(default=0)
    number = models.PositiveSmallIntegerField()
    due = models.DateField(_("due"))
    principal = models.BigIntegerField(_("principal"))
    interest = models.BigIntegerField(_("interest"))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["loan", "version", "number"], name="instalment_once")]
        ordering = ["version", "number"]


class Restructure(TenantModel):
    """A loan's repayment terms changed by a resolution (ปรับโครงสร้างหนี้): from ``date`` the
    principal still owed is repaid on a new schedule (``version``); interest already due and unpaid
    is carried into its first instalment, so nothing owed is forgiven without saying so. No money
    moves, so nothing posts; the earlier schedule and repayments stay as they were."""

    loan = models.ForeignKey(Loan, on_delete=models.PROTECT, related_name="restructures")
    version = models.PositiveSmallIntegerField()
    date = models.DateField(_("date"))
    outstanding = models.BigIntegerField(_("principal still owed"))
    interest_carried = models.BigIntegerField(_("interest carried into the new schedule"), default=0)
    rate_bp_month = models.PositiveIntegerField(_("interest a month (basis points)"))
    method = models.CharField(_("interest method"), max_length=10)
    every_months = models.PositiveSmallIntegerField(default=1)
    instalments = models.PositiveSmallIntegerField(_("instalments"))
    grace = models.PositiveSmallIntegerField(default=0)
    reason = models.CharField(_("reason"), max_length=300)
    resolution = models.CharField(_("resolution"), max_length=300)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["loan", "version"], name="restructure_once"),
            models.CheckConstraint(condition=Q(version__gt=0, outstanding__gt=0), name="restructure_positive"),
        ]
        ordering = ["version"]


class Repayment(TenantModel):
    """A payment on a loan and how it was split (fine → interest → principal by default)."""

    class Source(models.TextChoices):
        BORROWER = "borrower", _("the borrower")
        GUARANTOR = "guarantor", _("a guarantor")
        GUARANTOR_SAVINGS = "guarantor_savings", _("a guarantor's held savings")
        SETTLEMENT = "settlement", _("the borrower's settlement on leaving")

    loan = models.ForeignKey(Loan, on_delete=models.PROTECT, related_name="repayments")
    date = models.DateField(_("date"))
    amount = models.BigIntegerField(_("amount"))
    fine = models.BigIntegerField(default=0)
    interest = models.BigIntegerField(default=0)
    principal = models.BigIntegerField(default=0)
    credit = models.BigIntegerField(default=0)  # paid above everything owed, held as the member's credit
    source = models.CharField(max_length=20, choices=Source.choices, default=Source.BORROWER)
    guarantor = models.ForeignKey("members.Member", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    entry = models.ForeignKey(JournalEntry, on_delete=models.PROTECT, related_name="+")
    version = models.PositiveSmallIntegerField(default=0)  # the schedule in force when it was paid
    # A correction: this row undoes ``reverses`` with the same parts negated (``repayment_reverse``),
    # so every sum over a loan's repayments nets it out and both rows stay as its history.
    reverses = models.OneToOneField("self", on_delete=models.PROTECT, null=True, blank=True, related_name="reversed_by")

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    amount=models.F("fine") + models.F("interest") + models.F("principal") + models.F("credit")
                ),
                name="repayment_parts_add_up",
            ),
            models.CheckConstraint(
                condition=Q(reverses__isnull=True, amount__gt=0) | Q(reverses__isnull=False, amount__lt=0),
                name="repayment_sign",
            ),
        ]


class LoanFine(TenantModel):
    """A late-instalment fine charged on a loan (once an instalment)."""

    loan = models.ForeignKey(Loan, on_delete=models.PROTECT, related_name="fines")
    version = models.PositiveSmallIntegerField(default=0)  # of the schedule the late instalment belongs to
    instalment = models.PositiveSmallIntegerField()
    amount = models.BigIntegerField()
    charged_on = models.DateField()
    entry = models.ForeignKey(JournalEntry, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["loan", "version", "instalment"], name="loanfine_once")]


class WriteOff(TenantModel):
    loan = models.OneToOneField(Loan, on_delete=models.PROTECT, related_name="write_off")
    date = models.DateField()
    principal = models.BigIntegerField()
    reason = models.CharField(max_length=300)
    resolution = models.CharField(max_length=300)
    entry = models.ForeignKey(JournalEntry, on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
