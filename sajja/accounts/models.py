from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sajja.core.models import TenantModel, Timestamped


class User(AbstractUser):
    """A person who logs in. Names are the Thai names people use."""

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self):
        return self.get_full_name() or self.username


class OfficerAssignment(Timestamped):
    """A community development officer (พัฒนากร) oversees every group in these districts."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="officer_assignments")
    district = models.ForeignKey("groups.District", on_delete=models.PROTECT, related_name="officers")
    start_date = models.DateField(_("from"))
    end_date = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        verbose_name = _("officer assignment")
        verbose_name_plural = _("officer assignments")
        constraints = [models.UniqueConstraint(fields=["user", "district", "start_date"], name="officer_unique")]


class NetworkCommitteeSeat(Timestamped):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="network_seats")
    network = models.ForeignKey("groups.Network", on_delete=models.PROTECT, related_name="committee_seats")
    position = models.CharField(_("position"), max_length=100, blank=True)
    start_date = models.DateField(_("term starts"))
    end_date = models.DateField(_("term ends"), null=True, blank=True)

    class Meta:
        verbose_name = _("network committee seat")
        verbose_name_plural = _("network committee seats")


class Position(models.TextChoices):
    PRESIDENT = "president", _("president")
    VICE_PRESIDENT = "vice_president", _("vice-president")
    SECRETARY = "secretary", _("secretary")
    TREASURER = "treasurer", _("treasurer")
    ADMIN_COMMITTEE = "admin_committee", _("administration committee")
    LOAN_COMMITTEE = "loan_committee", _("loan committee")
    AUDIT_COMMITTEE = "audit_committee", _("audit committee")
    PROMOTION_COMMITTEE = "promotion_committee", _("promotion committee")


class CommitteeSeat(TenantModel, Timestamped):
    """A member holding a committee position in their group for a term (usually two years)."""

    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="committee_seats")
    position = models.CharField(_("position"), max_length=24, choices=Position.choices)
    start_date = models.DateField(_("term starts"))
    end_date = models.DateField(_("term ends"), null=True, blank=True)

    class Meta:
        verbose_name = _("committee seat")
        verbose_name_plural = _("committee seats")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="committeeseat_term_order",
            )
        ]

    def __str__(self):
        return f"{self.get_position_display()}: {self.member}"
