from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sajja.core.models import TenantModel

from .taxonomy import EXPENSE, INCOME

KINDS = ((INCOME, _("income")), (EXPENSE, _("spending")))


class Category(TenantModel):
    """An income or spending category of the group: the standard ones (``standard``) and its own."""

    code = models.CharField(max_length=40)
    kind = models.CharField(_("kind"), max_length=10, choices=KINDS)
    name_th = models.CharField(_("name (Thai)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100)
    icon = models.CharField(_("icon"), max_length=8, blank=True)
    occupation = models.BooleanField(_("usually for the household's work"), default=False)
    standard = models.BooleanField(default=False)
    order = models.PositiveSmallIntegerField(default=100)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["group", "code"], name="hh_category_unique_code")]
        ordering = ["order", "id"]

    def __str__(self):
        return self.name_th


class Entry(TenantModel):
    household = models.ForeignKey("members.Household", on_delete=models.PROTECT, related_name="book_entries")
    date = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=10, choices=KINDS)  # the category's, kept for aggregates
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="entries")
    amount = models.BigIntegerField(_("amount (satang)"))
    note = models.CharField(_("note"), max_length=200, blank=True)
    for_occupation = models.BooleanField(_("for the household's work"), default=False)
    in_kind = models.BooleanField(_("in kind, at market price"), default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="hh_entry_positive")]
        indexes = [models.Index(fields=["household", "date"]), models.Index(fields=["group", "date"])]
        ordering = ["-date", "-id"]


class Plan(TenantModel):
    """A target: spend ``target`` basis points less in a category than before the plan
    (``spend_less``), spend at most ``target`` satang a month (``spend_at_most``), or earn at least
    ``target`` satang a month (``earn_at_least``), in the months ``first_month``..``last_month``."""

    class Kind(models.TextChoices):
        SPEND_LESS = "spend_less", _("spend less than before, by a percentage")
        SPEND_AT_MOST = "spend_at_most", _("spend at most an amount a month")
        EARN_AT_LEAST = "earn_at_least", _("earn at least an amount a month")

    household = models.ForeignKey("members.Household", on_delete=models.PROTECT, related_name="book_plans")
    title = models.CharField(_("plan"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    categories = models.ManyToManyField(Category, related_name="+", verbose_name=_("categories"))
    target = models.BigIntegerField(_("target"))
    first_month = models.DateField(_("from the month of"))
    last_month = models.DateField(_("to the month of"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.CheckConstraint(condition=Q(target__gt=0), name="hh_plan_positive")]


class Sharing(TenantModel):
    """A household's choices about its book (one row a household; absent = private, no helper)."""

    household = models.OneToOneField("members.Household", on_delete=models.PROTECT, related_name="book_sharing")
    in_village_picture = models.BooleanField(_("count my figures, anonymously, in the village picture"), default=False)
    helper = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("helper who may keep the book with us"),
    )  # fmt: skip
    updated_at = models.DateTimeField(auto_now=True)
