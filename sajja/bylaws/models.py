from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sajja.core.models import TenantModel


class Bylaw(TenantModel):
    """One value of one setting, in force from ``effective_from`` until the next value of that key."""

    key = models.CharField(_("setting"), max_length=60)
    value = models.JSONField(_("value"))
    effective_from = models.DateField(_("takes effect on"))
    resolution = models.CharField(_("resolution"), max_length=300)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("bylaw value")
        verbose_name_plural = _("bylaw values")
        constraints = [models.UniqueConstraint(fields=["group", "key", "effective_from"], name="bylaw_one_value_a_day")]
        indexes = [models.Index(fields=["group", "key", "effective_from"])]

    def __str__(self):
        return f"{self.key} = {self.value} ({self.effective_from})"
