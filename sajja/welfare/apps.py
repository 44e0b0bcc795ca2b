from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WelfareConfig(AppConfig):
    name = "sajja.welfare"
    label = "welfare"
    verbose_name = _("Funds and welfare")

    def ready(self):
        from sajja.bylaws import registry, services

        from . import rules

        registry.register(*rules.SETTINGS)
        if rules.agree not in services.AGREEMENT_CHECKS:
            services.AGREEMENT_CHECKS.append(rules.agree)
        for key in rules.KEYS:
            if key not in services.AGREEING_LATER:
                services.AGREEING_LATER.append(key)
