"""Tables of the proceedings capability: meetings with their agenda, attendance, minutes and
resolutions; the duty list of each position; tasks given at meetings.

Invariant kept by the database as well as by the services: once a meeting's minutes are approved
(``Meeting.approved_on`` set), the meeting, its agenda items (with the minutes text), attendance and
resolutions are never changed or deleted, and nothing is added to them (triggers in migration 0002
on SQLite and PostgreSQL, like the ledger's append-only triggers).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sajja.core.models import TenantModel


class Meeting(TenantModel):
    class Kind(models.TextChoices):
        COMMITTEE = "committee", _("committee meeting")
        GENERAL = "general", _("general meeting")
        ANNUAL = "annual", _("annual general meeting")

    class Committee(models.TextChoices):
        ALL = "all", _("the whole committee")
        ADMINISTRATION = "administration", _("administration committee")
        LOANS = "loans", _("loan committee")
        AUDIT = "audit", _("audit committee")
        PROMOTION = "promotion", _("promotion committee")

    kind = models.CharField(_("kind of meeting"), max_length=10, choices=Kind.choices)
    committee = models.CharField(_("committee"), max_length=16, choices=Committee.choices, blank=True)
    number = models.PositiveIntegerField(_("number in the year"))
    year_be = models.PositiveIntegerField(_("year (B.E.)"))
    date = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    approved_on = models.DateField(_("minutes approved on"), null=True, blank=True)
    approved_by = models.ForeignKey("members.Member", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    approved_at = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="approved_minutes"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind="committee") & ~Q(committee="")) | (~Q(kind="committee") & Q(committee="")),
                name="meeting_committee_only_for_committee",
            ),
            models.CheckConstraint(
                condition=(Q(approved_on__isnull=True) & Q(approved_by__isnull=True))
                | (Q(approved_on__isnull=False) & Q(approved_by__isnull=False) & Q(approved_on__gte=models.F("date"))),
                name="meeting_approval_whole",
            ),
            models.UniqueConstraint(fields=["group", "kind", "committee", "year_be", "number"], name="meeting_number"),
        ]
        indexes = [models.Index(fields=["group", "date"])]

    @property
    def body(self) -> str:
        """``general`` for general and annual meetings (one numbering), ``committee`` otherwise."""
        return "committee" if self.kind == self.Kind.COMMITTEE else "general"

    @property
    def approved(self) -> bool:
        return self.approved_on is not None

    def __str__(self):
        return f"{self.get_kind_display()} {self.number}/{self.year_be}"


class AgendaItem(TenantModel):
    """One item of the agenda (วาระ) with what the minutes say about it."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="agenda")
    order = models.PositiveSmallIntegerField(_("item no."))
    title = models.CharField(_("agenda item"), max_length=300)
    minutes = models.TextField(_("minutes"), blank=True)

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["order"]
        constraints = [models.UniqueConstraint(fields=["meeting", "order"], name="agenda_order")]


class Attendance(TenantModel):
    class Status(models.TextChoices):
        PRESENT = "present", _("present")
        ABSENT = "absent", _("absent")
        EXCUSED = "excused", _("excused")

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="attendance")
    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("attendance"), max_length=8, choices=Status.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["meeting", "member"], name="attendance_once")]


class Resolution(TenantModel):
    """A decision of a meeting, with its vote. ``reference`` (e.g. "มติที่ประชุมใหญ่ 2/2569") is
    the stable text other capabilities cite; it is unique in the group and never changes."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="resolutions")
    item = models.ForeignKey(AgendaItem, on_delete=models.PROTECT, null=True, blank=True, related_name="resolutions")
    body = models.CharField(max_length=10)  # general | committee: the numbering it belongs to
    number = models.PositiveIntegerField(_("number"))
    year_be = models.PositiveIntegerField(_("year (B.E.)"))
    reference = models.CharField(_("reference"), max_length=80)
    text = models.TextField(_("resolution"))
    votes_for = models.PositiveIntegerField(_("votes for"), default=0)
    votes_against = models.PositiveIntegerField(_("against"), default=0)
    votes_abstain = models.PositiveIntegerField(_("abstained"), default=0)
    passed = models.BooleanField(_("passed"))

    class Meta:
        verbose_name = _("resolution")
        verbose_name_plural = _("resolutions")
        constraints = [
            models.UniqueConstraint(fields=["group", "body", "year_be", "number"], name="resolution_number"),
            models.UniqueConstraint(fields=["group", "reference"], name="resolution_reference"),
            models.CheckConstraint(condition=Q(body__in=["general", "committee"]), name="resolution_body"),
        ]

    def __str__(self):
        return self.reference


class Duty(TenantModel):
    """One line of a position's duty list in this group (defaults from ``duties.DEFAULT_DUTIES``)."""

    position = models.CharField(_("position"), max_length=24)
    text = models.CharField(_("duty"), max_length=300)
    order = models.PositiveSmallIntegerField(_("order"))

    class Meta:
        verbose_name = _("duty")
        verbose_name_plural = _("duties")
        ordering = ["position", "order"]
        constraints = [models.UniqueConstraint(fields=["group", "position", "order"], name="duty_order")]


class Task(TenantModel):
    class Status(models.TextChoices):
        OPEN = "open", _("to do")
        DONE = "done", _("done")

    title = models.CharField(_("task"), max_length=300)
    owner = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="+")
    due_on = models.DateField(_("due on"))
    status = models.CharField(_("status"), max_length=4, choices=Status.choices, default=Status.OPEN)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, null=True, blank=True, related_name="tasks")
    resolution = models.ForeignKey(Resolution, on_delete=models.PROTECT, null=True, blank=True, related_name="tasks")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        constraints = [
            models.CheckConstraint(
                condition=(Q(status="open") & Q(done_on__isnull=True)) | (Q(status="done") & Q(done_on__isnull=False)),
                name="task_done_dated",
            )
        ]
        indexes = [models.Index(fields=["group", "owner", "status"])]
