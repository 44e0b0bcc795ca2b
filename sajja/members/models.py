from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sajja.core.models import TenantModel, Timestamped
from sajja.core.natid import decrypt, mask_national_id


class Household(TenantModel, Timestamped):
    house_number = models.CharField(_("house number"), max_length=20)
    address = models.CharField(_("address"), max_length=300, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("household")
        verbose_name_plural = _("households")
        constraints = [models.UniqueConstraint(fields=["group", "house_number"], name="household_unique_number")]

    def __str__(self):
        return _("House no. %(number)s") % {"number": self.house_number}


class Member(TenantModel, Timestamped):
    class Title(models.TextChoices):
        MR = "นาย", _("Mr")
        MRS = "นาง", _("Mrs")
        MISS = "นางสาว", _("Miss")
        MASTER = "ด.ช.", _("Master (boy)")
        GIRL = "ด.ญ.", _("Miss (girl)")

    class Sex(models.TextChoices):
        MALE = "M", _("male")
        FEMALE = "F", _("female")

    class Status(models.TextChoices):
        ACTIVE = "active", _("active")
        LEFT = "left", _("left")
        DECEASED = "deceased", _("deceased")
        EXPELLED = "expelled", _("expelled")

    number = models.PositiveIntegerField(_("member number"))
    title = models.CharField(_("title"), max_length=10, choices=Title.choices)
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    national_id_encrypted = models.TextField(editable=False)
    national_id_hash = models.CharField(max_length=64, editable=False)
    national_id_last4 = models.CharField(max_length=4, editable=False)
    birth_date = models.DateField(_("birth date"))
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    line_id = models.CharField(_("LINE ID"), max_length=50, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    household = models.ForeignKey(
        Household, on_delete=models.PROTECT, null=True, blank=True, related_name="members", verbose_name=_("household")
    )
    joined_on = models.DateField(_("joined on"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE)
    status_date = models.DateField(_("status since"), null=True, blank=True)
    status_reason = models.CharField(_("reason"), max_length=300, blank=True)
    beneficiary_name = models.CharField(_("beneficiary"), max_length=200, blank=True)
    beneficiary_relationship = models.CharField(_("beneficiary's relationship"), max_length=100, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="memberships"
    )

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")
        constraints = [
            models.UniqueConstraint(fields=["group", "number"], name="member_unique_number"),
            models.UniqueConstraint(fields=["group", "national_id_hash"], name="member_unique_national_id"),
            models.UniqueConstraint(
                fields=["group", "user"], condition=Q(user__isnull=False), name="member_unique_user"
            ),
            models.CheckConstraint(
                condition=Q(status="active") | Q(status_date__isnull=False), name="member_status_has_date"
            ),
            models.CheckConstraint(condition=Q(joined_on__gt=models.F("birth_date")), name="member_joined_after_birth"),
        ]
        indexes = [models.Index(fields=["group", "status"])]

    def __str__(self):
        return f"{self.number} {self.full_name}"

    @property
    def full_name(self) -> str:
        return f"{self.title}{self.first_name} {self.last_name}"

    @property
    def national_id_masked(self) -> str:
        return mask_national_id(self.national_id_last4)

    def national_id_plain(self) -> str:
        """The whole ID. Callers must have checked ``tenancy.can_see_national_id`` first."""
        return decrypt(self.national_id_encrypted)
