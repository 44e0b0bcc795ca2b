from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LoansConfig(AppConfig):
    name = "sajja.loans"
    label = "loans"
    verbose_name = _("Loans")

    def ready(self):
        from sajja.savings.services import LEAVING_CHECKS

        from .leaving import open_loans_block_leaving

        if open_loans_block_leaving not in LEAVING_CHECKS:
            LEAVING_CHECKS.append(open_loans_block_leaving)
