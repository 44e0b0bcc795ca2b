from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GroupsConfig(AppConfig):
    name = "sajja.groups"
    label = "groups"
    verbose_name = _("Groups and places")

    def ready(self):
        from auditlog.registry import auditlog

        from . import models

        for model in (models.Network, models.Group, models.BankAccount):
            auditlog.register(model)
