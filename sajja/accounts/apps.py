from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "sajja.accounts"
    label = "accounts"
    verbose_name = _("Users and roles")

    def ready(self):
        from auditlog.registry import auditlog

        from . import models

        auditlog.register(models.User, exclude_fields=["password", "last_login"])
        for model in (models.OfficerAssignment, models.NetworkCommitteeSeat, models.CommitteeSeat):
            auditlog.register(model)
