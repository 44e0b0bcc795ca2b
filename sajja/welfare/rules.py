"""The welfare rules as bylaw settings (``welfare.<benefit>.*``), registered with the bylaws from
``WelfareConfig.ready`` so the settings page, the history and ``bylaw_set`` know them.

The defaults are what a new group starts with until its meeting votes otherwise (typical of village
welfare funds; the domain guide names the benefits and the kinds of condition, not the figures):

==========  ==============  ===================  ===============  ==================  =======
benefit     member at least amount               at most an event at most a year      other
==========  ==============  ===================  ===============  ==================  =======
birth       6 months        500 baht             500 baht         1,000 baht
illness     6 months        100 baht a night     1,000 baht       3,000 baht
death       12 months       3,000 baht           3,000 baht       3,000 baht          to the beneficiary
old age     60 months       1,000 baht           1,000 baht       1,000 baht          aged 60 or more
education   12 months       500 baht             500 baht         1,000 baht
==========  ==============  ===================  ===============  ==================  =======

A cap of 0 switches the cap off. ``agree`` refuses settings that contradict each other: a cap per
event below the amount of an event, a cap a year below what one event pays.
"""

from django.utils.translation import gettext_lazy as _

from sajja.bylaws.registry import Setting
from sajja.core.errors import ValidationErrors, fmt

from .domain import BENEFITS, PER_NIGHT

SECTION = _("Welfare")
BENEFIT_NAMES = {
    "birth": _("Birth of a child"),
    "illness": _("Illness (a night in hospital)"),
    "death": _("Death and funeral"),
    "old_age": _("Old age"),
    "education": _("Children's education"),
}
# benefit: (min months, amount, cap an event, cap a year) in satang
DEFAULTS = {
    "birth": (6, 500_00, 500_00, 1_000_00),
    "illness": (6, 100_00, 1_000_00, 3_000_00),
    "death": (12, 3_000_00, 3_000_00, 3_000_00),
    "old_age": (60, 1_000_00, 1_000_00, 1_000_00),
    "education": (12, 500_00, 500_00, 1_000_00),
}
MAX_MONEY = 1_000_000_00


def benefit_name(benefit: str):
    return BENEFIT_NAMES.get(benefit, benefit)


def _settings() -> list[Setting]:
    out = []
    for benefit in BENEFITS:
        months, amount, cap_event, cap_year = DEFAULTS[benefit]
        name = BENEFIT_NAMES[benefit]
        out += [
            Setting(
                f"welfare.{benefit}.min_months",
                "int",
                fmt(_("%(benefit)s: months of membership before a claim"), benefit=name),
                months,
                SECTION,
                maximum=600,
            ),
            Setting(
                f"welfare.{benefit}.amount",
                "money",
                fmt(
                    _("%(benefit)s: amount a night in hospital")
                    if benefit in PER_NIGHT
                    else _("%(benefit)s: amount an event"),
                    benefit=name,
                ),
                amount,
                SECTION,
                maximum=MAX_MONEY,
            ),
            Setting(
                f"welfare.{benefit}.cap_event",
                "money",
                fmt(_("%(benefit)s: at most an event (0 = no cap)"), benefit=name),
                cap_event,
                SECTION,
                maximum=MAX_MONEY,
            ),
            Setting(
                f"welfare.{benefit}.cap_year",
                "money",
                fmt(_("%(benefit)s: at most to one member in a fiscal year (0 = no cap)"), benefit=name),
                cap_year,
                SECTION,
                maximum=MAX_MONEY,
            ),
        ]
    out.append(
        Setting(
            "welfare.old_age.min_age",
            "int",
            _("Old age: aged at least (years)"),
            60,
            SECTION,
            maximum=120,
        )
    )
    return out


SETTINGS = _settings()
KEYS = [s.key for s in SETTINGS]


def agree(key: str, in_force: dict) -> None:
    """The welfare settings in force (with a new value) must not contradict each other."""
    if not key.startswith("welfare."):
        return
    for benefit in BENEFITS:
        amount = in_force[f"welfare.{benefit}.amount"]
        cap_event = in_force[f"welfare.{benefit}.cap_event"]
        cap_year = in_force[f"welfare.{benefit}.cap_year"]
        name = BENEFIT_NAMES[benefit]
        if benefit not in PER_NIGHT and cap_event and cap_event < amount:
            raise ValidationErrors(
                {
                    "value": [
                        fmt(_("%(benefit)s: the cap per event cannot be below the amount of an event."), benefit=name)
                    ]
                }
            )
        one_event = min(amount, cap_event) if cap_event else amount
        if cap_year and cap_year < one_event:
            raise ValidationErrors(
                {"value": [fmt(_("%(benefit)s: the cap a year cannot be below what one event pays."), benefit=name)]}
            )
