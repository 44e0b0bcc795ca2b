from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "sajja.members"
    label = "members"
    verbose_name = _("Members and households")

    def ready(self):
        from auditlog.registry import auditlog

        from . import models

        auditlog.register(models.Household)
        # The encrypted ID and its hash change on every save (new nonce): the log keeps only the
        # masked digits, so the audit trail does not become a second copy of personal data.
        auditlog.register(models.Member, exclude_fields=["national_id_encrypted", "national_id_hash"])
