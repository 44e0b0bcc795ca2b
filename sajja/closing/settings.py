"""The year end's bylaw settings (dated, like every bylaw): the allocation percentages of the
built-in categories, the dividend basis, the unit size, the rounding rule and where its remainder
goes, and what members who left during the year receive. Registered from ``ClosingConfig.ready``.

The categories are data: the built-ins are these settings (``domain.CATEGORIES``), and a group adds
its own in the ``AllocationCategory`` table (dated, with its account). The percentages in force at
the year end must total 100%: checked when the plan is made (one setting changes at a time, so the
total cannot be enforced on each change)."""

from django.utils.translation import gettext_lazy as _

from sajja.bylaws.registry import Setting

from . import domain

YEAR_END = _("Year end and profit allocation")

CATEGORY_LABELS = {
    "reserve": _("Reserve fund"),
    "dividend": _("Dividend on pledge savings"),
    "rebate": _("Interest rebate to borrowers"),
    "committee": _("Committee remuneration"),
    "welfare": _("Member welfare fund"),
    "public_benefit": _("Public benefit fund"),
    "training": _("Training and administration"),
}

BASIS_CHOICES = (
    ("month_weighted", _("month-weighted pledge savings (each month-end balance counts 1/12)")),
    ("year_end", _("pledge savings at the year end")),
    ("units", _("whole units of pledge savings, month-weighted")),
)
ROUNDING_CHOICES = (
    ("satang", _("to the satang")),
    ("baht_down", _("down to whole baht, the remainder to a fund")),
)
LEAVER_CHOICES = (
    ("none", _("no dividend or rebate")),
    ("pro_rata", _("in proportion to the months they were members")),
)


def key(code: str) -> str:
    return f"closing.{code}"


SETTINGS = [
    *[
        Setting(
            key(code),
            "rate",
            CATEGORY_LABELS[code],
            rate,
            YEAR_END,
            maximum=domain.FULL,
            help=_("Share of the net profit. The shares of all categories must total 100."),
        )
        for code, _role, rate, _th, _en in domain.CATEGORIES
    ],
    Setting("closing.basis", "choice", _("The dividend is paid on"), "month_weighted", YEAR_END, choices=BASIS_CHOICES),
    Setting(
        "closing.unit",
        "money",
        _("Unit size for a dividend on whole units"),
        100_00,
        YEAR_END,
        minimum=1,
        maximum=1_000_000_00,
    ),
    Setting("closing.rounding", "choice", _("Dividends and rebates are rounded"), "satang", YEAR_END, choices=ROUNDING_CHOICES),
    Setting(
        "closing.rounding_fund",
        "choice",
        _("The rounding remainder goes to"),
        "reserve",
        YEAR_END,
        choices=tuple((code, CATEGORY_LABELS[code]) for code in domain.ROUNDING_FUNDS),
    ),
    Setting(
        "closing.leavers",
        "choice",
        _("Members who left during the year receive"),
        "none",
        YEAR_END,
        choices=LEAVER_CHOICES,
    ),
]  # fmt: skip
