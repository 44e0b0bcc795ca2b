from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClosingConfig(AppConfig):
    name = "sajja.closing"
    label = "closing"
    verbose_name = _("Year end")

    def ready(self):
        from sajja.bylaws import registry

        from . import checks, settings

        registry.register(*settings.SETTINGS)
        checks.register_builtin()
