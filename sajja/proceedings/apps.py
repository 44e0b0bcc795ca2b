from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProceedingsConfig(AppConfig):
    name = "sajja.proceedings"
    label = "proceedings"
    verbose_name = _("Meetings and resolutions")
