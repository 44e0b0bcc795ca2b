from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sajja.core.models import TenantModel


class Account(TenantModel):
    class Kind(models.TextChoices):
        ASSET = "asset", _("asset")
        LIABILITY = "liability", _("liability")
        EQUITY = "equity", _("equity")
        INCOME = "income", _("income")
        EXPENSE = "expense", _("expense")

    code = models.CharField(_("code"), max_length=10)
    name_th = models.CharField(_("name (Thai)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("account")
        verbose_name_plural = _("accounts")
        constraints = [models.UniqueConstraint(fields=["group", "code"], name="account_unique_code")]
        ordering = ["code"]

    def __str__(self):
        return f"{self.code} {self.name_th}"


class AccountRole(TenantModel):
    """Which of the group's accounts plays a role the domain code names (``cash``, ``pledge``, ...)."""

    role = models.CharField(max_length=40)
    account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="roles")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["group", "role"], name="accountrole_unique_role")]


class LedgerHead(TenantModel):
    """The head of a group's chain and its closed date; the one ledger row that is ever updated."""

    seq = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64)
    closed_through = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["group"], name="ledgerhead_one_per_group")]


class JournalEntry(TenantModel):
    seq = models.PositiveBigIntegerField(_("number"))
    date = models.DateField(_("date"))
    memo = models.CharField(_("memo"), max_length=300)
    source = models.CharField(_("source document"), max_length=100, blank=True)
    reverses = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="reversed_by", verbose_name=_("reverses")
    )
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("journal entry")
        verbose_name_plural = _("journal entries")
        constraints = [
            models.UniqueConstraint(fields=["group", "seq"], name="journalentry_unique_seq"),
            models.CheckConstraint(
                condition=Q(reverses__isnull=True) | ~Q(reason=""), name="journalentry_reversal_reason"
            ),
        ]
        indexes = [models.Index(fields=["group", "date"])]

    def __str__(self):
        return f"#{self.seq} {self.date} {self.memo}"


class JournalLine(TenantModel):
    entry = models.ForeignKey(JournalEntry, on_delete=models.PROTECT, related_name="lines")
    account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="lines")
    debit = models.BigIntegerField(_("debit (satang)"), default=0)
    credit = models.BigIntegerField(_("credit (satang)"), default=0)
    memo = models.CharField(_("memo"), max_length=200, blank=True)
    # The member whose money this line moves, on member accounts (pledge savings, deposits, fines
    # and loans receivable): the member-level books (passbooks, settlements) are these lines.
    member = models.ForeignKey(
        "members.Member", on_delete=models.PROTECT, null=True, blank=True, related_name="ledger_lines"
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(Q(debit__gt=0) & Q(credit=0)) | (Q(credit__gt=0) & Q(debit=0)),
                name="journalline_one_positive_side",
            )
        ]
        indexes = [
            models.Index(fields=["group", "account"]),
            models.Index(fields=["member", "account"], name="journalline_member_account"),
        ]


class PostingKey(TenantModel):
    """An idempotency key a client sent with an entry: the same key never posts twice (a double
    click, a resend after a dropped connection, a second tab)."""

    key = models.CharField(max_length=80)
    entry = models.OneToOneField(JournalEntry, on_delete=models.PROTECT, related_name="posting_key")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["group", "key"], name="postingkey_unique")]


class LedgerVerification(TenantModel):
    verified_at = models.DateTimeField(auto_now_add=True)
    entries = models.PositiveBigIntegerField()
    ok = models.BooleanField()
    head_hash = models.CharField(max_length=64)
    first_bad_seq = models.PositiveBigIntegerField(null=True, blank=True)
