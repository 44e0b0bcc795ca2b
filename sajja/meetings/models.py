"""Tables of the meeting day. The money is in the ledger; these tables say which meeting a
posting belonged to, who came, what was asked to be posted under which idempotency key, the cash
counts and the two signatures that lock the meeting.

- ``Meeting``: one a group a date (unique); the opening count; the closing count by denomination;
  the difference and its explanation; the maker (treasurer) and checker signatures. Signed = locked.
- ``Attendance``: one a member a meeting (present, present by a representative, absent).
- ``MeetingRow``: one posting request of the collection sheet (a member's pledge, instalment,
  fines, deposit) under the client's idempotency key (unique in the group): a resend with the
  same key finds this row and posts nothing.
- ``MeetingEntry``: every journal entry the meeting posted (row parts, pay-outs, banking, the
  shortage/overage), so the meeting's cash movements are one query on the ledger.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from sajja.core.models import TenantModel
from sajja.ledger.models import JournalEntry

from .domain import DENOMINATIONS  # noqa: F401  (re-exported for the pages)


class Meeting(TenantModel):
    """A meeting day of a group. ``opening_cash`` is the cash box counted at the opening; the
    closing count is ``closing_counts`` (denomination in satang, as text -> number of notes or
    coins) with its total ``closing_cash``; ``expected_cash`` is opening + the meeting's cash
    movements at the time of the count. A difference is explained by ``difference_entry``
    (shortage or overage, with ``difference_reason``). Two different committee members sign; the
    second signature locks the meeting (``signed_at``)."""

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        COUNTED = "counted", _("cash counted")
        SIGNED = "signed", _("signed and locked")

    date = models.DateField(_("meeting date"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    opening_cash = models.BigIntegerField(_("opening cash count (satang)"))
    opening_counts = models.JSONField(_("opening count by denomination"), default=dict, blank=True)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    opened_at = models.DateTimeField(auto_now_add=True)
    # Bumped by every posting: a client that sends the version it saw learns its sheet is stale.
    version = models.PositiveIntegerField(default=0)
    closing_counts = models.JSONField(_("closing count by denomination"), default=dict, blank=True)
    closing_cash = models.BigIntegerField(_("closing cash count (satang)"), null=True, blank=True)
    expected_cash = models.BigIntegerField(_("expected cash (satang)"), null=True, blank=True)
    counted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    counted_at = models.DateTimeField(null=True, blank=True)
    difference_reason = models.CharField(_("reason for the difference"), max_length=300, blank=True)
    difference_entry = models.ForeignKey(
        JournalEntry, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    treasurer_signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    treasurer_signed_at = models.DateTimeField(null=True, blank=True)
    checker_signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    checker_signed_at = models.DateTimeField(null=True, blank=True)
    signed_at = models.DateTimeField(_("locked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-date"]
        constraints = [
            models.UniqueConstraint(fields=["group", "date"], name="meeting_one_a_day"),
            models.CheckConstraint(condition=Q(opening_cash__gte=0), name="meeting_opening_not_negative"),
            models.CheckConstraint(
                condition=Q(closing_cash__isnull=True) | Q(closing_cash__gte=0), name="meeting_closing_not_negative"
            ),
            # Maker-checker: the two signatures are of two different people.
            models.CheckConstraint(
                condition=Q(checker_signed_by__isnull=True) | ~Q(checker_signed_by=F("treasurer_signed_by")),
                name="meeting_two_signers",
            ),
            # Locked only with both signatures and a cash count.
            models.CheckConstraint(
                condition=~Q(status="signed")
                | (
                    Q(treasurer_signed_by__isnull=False)
                    & Q(checker_signed_by__isnull=False)
                    & Q(closing_cash__isnull=False)
                    & Q(signed_at__isnull=False)
                ),
                name="meeting_signed_complete",
            ),
        ]

    def __str__(self):
        return f"{self.group_id}/{self.date}"

    @property
    def locked(self) -> bool:
        return self.status == self.Status.SIGNED


class Attendance(TenantModel):
    class Status(models.TextChoices):
        PRESENT = "present", _("present")
        REPRESENTED = "represented", _("by a representative")
        ABSENT = "absent", _("absent")

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="attendance")
    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("attendance"), max_length=12, choices=Status.choices)
    representative = models.CharField(_("representative"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["meeting", "member"], name="meetingattendance_once"),
            models.CheckConstraint(
                condition=~Q(status="represented") | ~Q(representative=""), name="meetingattendance_rep_named"
            ),
        ]


class MeetingRow(TenantModel):
    """One posting request of the collection sheet, as asked (satang; 0 = nothing of that kind)
    under the client's idempotency ``key``. The entries it posted are its ``MeetingEntry`` rows."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="rows")
    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="+")
    key = models.CharField(_("idempotency key"), max_length=64)
    pledge = models.BigIntegerField(default=0)
    instalment = models.BigIntegerField(default=0)
    loan = models.ForeignKey("loans.Loan", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    fines = models.BigIntegerField(default=0)
    deposit = models.BigIntegerField(default=0)
    posted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    posted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["group", "key"], name="meetingrow_key_once"),
            models.CheckConstraint(
                condition=Q(pledge__gte=0) & Q(instalment__gte=0) & Q(fines__gte=0) & Q(deposit__gte=0),
                name="meetingrow_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(pledge__gt=0) | Q(instalment__gt=0) | Q(fines__gt=0) | Q(deposit__gt=0),
                name="meetingrow_something",
            ),
        ]
        indexes = [models.Index(fields=["meeting", "member"])]

    @property
    def total(self) -> int:
        return self.pledge + self.instalment + self.fines + self.deposit


class MeetingEntry(TenantModel):
    """A journal entry posted by the meeting, what kind of posting it was, for whom, and (pay-outs,
    banking, the difference) the idempotency key it was asked with."""

    class Kind(models.TextChoices):
        PLEDGE = "pledge", _("pledge savings")
        INSTALMENT = "instalment", _("loan instalment")
        FINES = "fines", _("fines")
        DEPOSIT = "deposit", _("deposit")
        PAYOUT = "payout", _("loan pay-out")
        BANK = "bank", _("cash banked")
        SHORTAGE = "shortage", _("cash shortage")
        OVERAGE = "overage", _("cash overage")

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="entries")
    entry = models.OneToOneField(JournalEntry, on_delete=models.PROTECT, related_name="meeting_link")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    row = models.ForeignKey(MeetingRow, on_delete=models.PROTECT, null=True, blank=True, related_name="entries")
    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    request = models.ForeignKey("loans.LoanRequest", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    amount = models.BigIntegerField()
    key = models.CharField(max_length=64, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["group", "key"], condition=~Q(key=""), name="meetingentry_key_once"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="meetingentry_positive"),
        ]
        indexes = [models.Index(fields=["meeting", "kind"])]
