from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from sajja.core.models import Timestamped


class Place(models.Model):
    """A Thai administrative area with its official code (Department of Provincial Administration)."""

    name_th = models.CharField(_("name (Thai)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100, blank=True)

    class Meta:
        abstract = True

    def __str__(self):
        return self.name_th


class Province(Place):
    code = models.CharField(_("code"), max_length=2, unique=True)

    class Meta:
        verbose_name = _("province")
        verbose_name_plural = _("provinces")


class District(Place):
    province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="districts")
    code = models.CharField(_("code"), max_length=4, unique=True)

    class Meta:
        verbose_name = _("district")
        verbose_name_plural = _("districts")


class Subdistrict(Place):
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="subdistricts")
    code = models.CharField(_("code"), max_length=6, unique=True)

    class Meta:
        verbose_name = _("sub-district")
        verbose_name_plural = _("sub-districts")


class Village(models.Model):
    subdistrict = models.ForeignKey(Subdistrict, on_delete=models.PROTECT, related_name="villages")
    number = models.PositiveSmallIntegerField(_("village number (Moo)"), validators=[MinValueValidator(1)])
    name_th = models.CharField(_("name (Thai)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("village")
        verbose_name_plural = _("villages")
        constraints = [models.UniqueConstraint(fields=["subdistrict", "number"], name="village_unique_moo")]

    def __str__(self):
        return f"{self.name_th} หมู่ {self.number}"


class Network(Timestamped):
    class Level(models.TextChoices):
        SUBDISTRICT = "subdistrict", _("sub-district network")
        DISTRICT = "district", _("district network")
        PROVINCE = "province", _("province network")

    name = models.CharField(_("name"), max_length=200)
    level = models.CharField(_("level"), max_length=12, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent network"),
    )
    province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="networks")
    district = models.ForeignKey(District, on_delete=models.PROTECT, null=True, blank=True, related_name="networks")
    subdistrict = models.ForeignKey(
        Subdistrict, on_delete=models.PROTECT, null=True, blank=True, related_name="networks"
    )

    class Meta:
        verbose_name = _("network")
        verbose_name_plural = _("networks")

    def __str__(self):
        return self.name


class Group(Timestamped):
    """One savings group for production (กลุ่มออมทรัพย์เพื่อการผลิต) of one village."""

    name = models.CharField(_("name"), max_length=200)
    village = models.ForeignKey(Village, on_delete=models.PROTECT, related_name="groups", verbose_name=_("village"))
    network = models.ForeignKey(
        Network, on_delete=models.PROTECT, null=True, blank=True, related_name="groups", verbose_name=_("network")
    )
    founded_on = models.DateField(_("founded on"))
    fiscal_year_start_month = models.PositiveSmallIntegerField(
        _("fiscal year starts in month"), default=1, validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    fiscal_year_start_day = models.PositiveSmallIntegerField(
        _("fiscal year starts on day"), default=1, validators=[MinValueValidator(1), MaxValueValidator(28)]
    )
    meeting_day = models.PositiveSmallIntegerField(
        _("meeting day of the month"), default=5, validators=[MinValueValidator(1), MaxValueValidator(28)]
    )
    phone = models.CharField(_("phone"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("savings group")
        verbose_name_plural = _("savings groups")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(fiscal_year_start_month__gte=1, fiscal_year_start_month__lte=12),
                name="group_fiscal_month_range",
            ),
            models.CheckConstraint(
                condition=models.Q(fiscal_year_start_day__gte=1, fiscal_year_start_day__lte=28),
                name="group_fiscal_day_range",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def district(self):
        return self.village.subdistrict.district


class BankAccount(Timestamped):
    group = models.ForeignKey(Group, on_delete=models.PROTECT, related_name="bank_accounts")
    bank = models.CharField(_("bank"), max_length=100)
    branch = models.CharField(_("branch"), max_length=100, blank=True)
    account_number = models.CharField(_("account number"), max_length=20)
    account_name = models.CharField(_("account name"), max_length=200)
    promptpay_id = models.CharField(_("PromptPay ID"), max_length=20, blank=True)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("bank account")
        verbose_name_plural = _("bank accounts")
        constraints = [
            models.UniqueConstraint(fields=["group", "bank", "account_number"], name="bankaccount_unique_in_group")
        ]

    def __str__(self):
        return f"{self.bank} {self.account_number}"
