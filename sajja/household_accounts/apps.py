from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HouseholdAccountsConfig(AppConfig):
    name = "sajja.household_accounts"
    label = "household_accounts"
    verbose_name = _("Household accounts")
