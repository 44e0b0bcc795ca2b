"""Every bylaw setting the code reads: key, kind, labels, template default and limits.

Kinds and how values are stored (JSON):
- ``money``: satang (int), typed in baht;
- ``int``: a whole number within ``minimum``..``maximum``;
- ``rate``: basis points (1/100 of a percent; 2.5% = 250), typed as a percent; a yearly rate for
  deposits, a share of the pledge for a fine;
- ``choice``: one of ``choices``;
- ``months``: a sorted list of month numbers (1-12).
The template defaults are what a new group starts with until its meeting votes otherwise.
"""

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from sajja.core.errors import SajjaError, fmt
from sajja.core.money import format_baht, to_satang
from sajja.core.thai import normalize_digits

MONTH_NAMES = (
    _("January"), _("February"), _("March"), _("April"), _("May"), _("June"),
    _("July"), _("August"), _("September"), _("October"), _("November"), _("December"),
)  # fmt: skip


@dataclass(frozen=True)
class Setting:
    key: str
    kind: str
    label: object
    default: object
    section: object
    choices: tuple = ()  # (value, label) for ``choice``
    minimum: int = 0
    maximum: int = 10**9
    help: object = ""


SAVINGS = _("Pledge savings")
FINES = _("Fines")
DEPOSITS = _("Deposits")
MEMBERSHIP = _("Membership")
LOANS = _("Loans")

POSTING_CHOICES = (
    ("monthly", _("every month")),
    ("quarterly", _("every three months")),
    ("half_yearly", _("every six months")),
    ("yearly", _("once a year")),
)
METHOD_CHOICES = (
    ("daily_balance", _("on the balance of each day")),
    ("min_monthly_balance", _("on the lowest balance of each month")),
)

LOAN_KINDS = (
    ("ordinary", _("Ordinary loan"), 100, 24, 200_000_00),
    ("emergency", _("Emergency loan"), 100, 6, 5_000_00),
    ("production", _("Production loan"), 75, 36, 300_000_00),
    ("secured", _("Loan against own savings"), 50, 24, 200_000_00),
    ("in_kind", _("Loan in kind (fertiliser, seed)"), 75, 12, 50_000_00),
)  # kind, name, monthly rate (bp), longest term (months), largest amount (satang)
INTEREST_METHOD_CHOICES = (
    ("declining", _("on the principal still owed (declining balance)")),
    ("flat", _("on the amount lent, every month (flat)")),
    ("annuity", _("equal instalments")),
)

SETTINGS = [
    Setting("entry_fee", "money", _("Entry fee"), 2000, MEMBERSHIP, maximum=100_000_00),
    Setting(
        "pledge.period",
        "choice",
        _("Pledge period"),
        "monthly",
        SAVINGS,
        choices=(("monthly", _("monthly")),),
        help=_("Members pay their pledge once a month, at the meeting."),
    ),
    Setting("pledge.minimum", "money", _("Smallest pledge a period"), 1000, SAVINGS, minimum=100, maximum=1_000_000_00),
    Setting("pledge.maximum", "money", _("Largest pledge a period"), 50000, SAVINGS, minimum=100, maximum=1_000_000_00),
    Setting(
        "pledge.multiple",
        "money",
        _("Pledges are in steps of"),
        1000,
        SAVINGS,
        minimum=1,
        maximum=1_000_000_00,
        help=_("The pledge must be a whole number of these units (for example 10 baht a unit)."),
    ),
    Setting(
        "pledge.change_months",
        "months",
        _("Months in which a member may change the pledge"),
        [1],
        SAVINGS,
        help=_("A new pledge takes effect from a period in one of these months."),
    ),
    Setting(
        "pledge.ahead_max",
        "int",
        _("Periods a member may pay ahead"),
        12,
        SAVINGS,
        maximum=12,
    ),
    Setting(
        "pledge.grace_days",
        "int",
        _("Days after the meeting day before a pledge counts as late"),
        0,
        SAVINGS,
        maximum=27,
    ),
    Setting(
        "fine.missed_pledge.kind",
        "choice",
        _("Fine for a missed pledge"),
        "fixed",
        FINES,
        choices=(("fixed", _("a fixed amount")), ("percent", _("a share of the pledge")), ("none", _("no fine"))),
    ),
    Setting("fine.missed_pledge.amount", "money", _("Fixed fine for a missed pledge"), 500, FINES, maximum=100_000_00),
    Setting("fine.missed_pledge.rate", "rate", _("Fine as a share of the pledge"), 1000, FINES, maximum=10000),
    Setting(
        "fine.missed_pledge.cap_year",
        "money",
        _("Most fines for missed pledges a member pays in a fiscal year"),
        6000,
        FINES,
        maximum=100_000_00,
        help=_("Fines stop once a member's fines in the year reach this amount."),
    ),
    *[
        setting
        for product, name, rate, term in (("savings", _("Savings deposit"), 200, 0), ("fixed", _("Fixed deposit"), 300, 12))
        for setting in (
            Setting(f"deposit.{product}.rate", "rate", fmt(_("%(product)s: interest a year"), product=name), rate, DEPOSITS, maximum=1500),
            Setting(
                f"deposit.{product}.method",
                "choice",
                fmt(_("%(product)s: interest computed"), product=name),
                "daily_balance",
                DEPOSITS,
                choices=METHOD_CHOICES,
            ),
            Setting(
                f"deposit.{product}.posting",
                "choice",
                fmt(_("%(product)s: interest added to the account"), product=name),
                "half_yearly",
                DEPOSITS,
                choices=POSTING_CHOICES,
            ),
            Setting(
                f"deposit.{product}.minimum_balance",
                "money",
                fmt(_("%(product)s: minimum balance"), product=name),
                10000 if product == "savings" else 0,
                DEPOSITS,
                maximum=100_000_00,
            ),
            Setting(
                f"deposit.{product}.withdrawals_a_month",
                "int",
                fmt(_("%(product)s: withdrawals allowed a month (0 = any number)"), product=name),
                2 if product == "savings" else 0,
                DEPOSITS,
                maximum=31,
            ),
            Setting(
                f"deposit.{product}.term_months",
                "int",
                fmt(_("%(product)s: months before money may be withdrawn (0 = any time)"), product=name),
                term,
                DEPOSITS,
                maximum=120,
            ),
        )
    ],
    *[
        setting
        for kind, name, rate, term, cap in LOAN_KINDS
        for setting in (
            Setting(
                f"loan.{kind}.rate", "rate", fmt(_("%(kind)s: interest a month"), kind=name), rate, LOANS, maximum=300,
                help=_("The yearly rate the borrower really pays may not be more than 15 in a hundred (the legal cap)."),
            ),
            Setting(f"loan.{kind}.method", "choice", fmt(_("%(kind)s: interest computed"), kind=name), "declining", LOANS, choices=INTEREST_METHOD_CHOICES),
            Setting(f"loan.{kind}.every_months", "int", fmt(_("%(kind)s: months between instalments"), kind=name), 1, LOANS, minimum=1, maximum=12),
            Setting(f"loan.{kind}.max_term_months", "int", fmt(_("%(kind)s: longest term in months"), kind=name), term, LOANS, minimum=1, maximum=120),
            Setting(f"loan.{kind}.grace", "int", fmt(_("%(kind)s: instalments paying interest only at the start"), kind=name), 0, LOANS, maximum=24),
            Setting(f"loan.{kind}.cap", "money", fmt(_("%(kind)s: largest amount"), kind=name), cap, LOANS, minimum=100, maximum=10_000_000_00),
            Setting(f"loan.{kind}.savings_multiple", "int", fmt(_("%(kind)s: at most this many times the borrower's pledge savings (0 = no limit)"), kind=name), 1 if kind == "secured" else 0, LOANS, maximum=100),
            Setting(f"loan.{kind}.guarantors", "int", fmt(_("%(kind)s: guarantors needed"), kind=name), 0 if kind == "secured" else 2, LOANS, maximum=5),
            Setting(f"loan.{kind}.cash_share", "rate", fmt(_("%(kind)s: at most this share of the group's cash and bank money (0 = no limit)"), kind=name), 0, LOANS, maximum=10000),
        )
    ],
    Setting("loan.guarantor.min_savings", "money", _("A guarantor's own pledge savings at least"), 100000, LOANS, maximum=10_000_000_00),
    Setting("loan.guarantor.max_loans", "int", _("Loans one member may guarantee at once"), 2, LOANS, minimum=1, maximum=10),
    Setting("loan.guarantor.hold_share", "rate", _("Share of a guarantor's pledge savings held while the loan is open"), 0, LOANS, maximum=10000),
    Setting(
        "loan.guarantor.release", "choice", _("A guarantor's held savings are released"), "gradual", LOANS,
        choices=(
            ("gradual", _("bit by bit, in step with the principal repaid")),
            ("at_close", _("all at once, when the loan is closed")),
        ),
    ),
    Setting(
        "loan.overpayment", "choice", _("A payment of more than everything owed on a loan is"), "refuse", LOANS,
        choices=(
            ("refuse", _("refused")),
            ("credit", _("taken, the rest held as the member's credit")),
        ),
    ),
    Setting("loan.late_days", "int", _("Days after an instalment's due date before it counts as late"), 0, LOANS, maximum=60),
    Setting("loan.late_fine", "money", _("Fine for a late instalment"), 2000, LOANS, maximum=100_000_00),
    Setting("loan.late_fine_cap", "money", _("Most late fines on one loan"), 20000, LOANS, maximum=100_000_00),
    Setting(
        "loan.repayment_order", "choice", _("A repayment pays first"), "fine_interest_principal", LOANS,
        choices=(
            ("fine_interest_principal", _("fines, then interest, then principal")),
            ("interest_fine_principal", _("interest, then fines, then principal")),
            ("interest_principal_fine", _("interest, then principal, then fines")),
        ),
    ),
    Setting(
        "loan.interest_basis", "choice", _("Interest for a loan paid off early is counted"), "days", LOANS,
        choices=(("days", _("by the days elapsed")), ("months", _("by the months begun"))),
    ),
    Setting(
        "loan.priority", "choice", _("When money is short, approved loans are paid out"), "emergency_first", LOANS,
        choices=(
            ("emergency_first", _("emergency loans first, then in the order asked")),
            ("first_asked", _("in the order asked")),
            ("smallest_first", _("smallest first")),
        ),
    ),
]  # fmt: skip
BY_KEY = {s.key: s for s in SETTINGS}


def register(*settings: Setting) -> None:
    """A later app adds its own settings (called from its ``AppConfig.ready``), so the settings page,
    the history and ``bylaw_set`` know them like the ones above. Registering the same setting again
    is harmless; another setting under a taken key is a programming error."""
    for setting in settings:
        if setting.key in BY_KEY:
            if BY_KEY[setting.key] != setting:
                raise ValueError(f"bylaw setting {setting.key!r} is registered twice, differently")
            continue
        SETTINGS.append(setting)
        BY_KEY[setting.key] = setting


def get(key: str) -> Setting:
    if key not in BY_KEY:
        raise SajjaError(fmt(_("There is no setting “%(key)s”."), key=key), field="key", code="unknown_setting")
    return BY_KEY[key]


def parse_value(setting: Setting, raw) -> object:
    """A value as typed (text from a form, or JSON from the API) -> the stored value, or a
    ``SajjaError`` saying what is wrong, in Thai and English."""
    field = "value"
    text = normalize_digits(str(raw)).strip() if not isinstance(raw, list) else ""
    if setting.kind == "money":
        try:
            value = to_satang(raw if not isinstance(raw, int) or isinstance(raw, bool) else str(raw))
        except SajjaError as error:
            raise SajjaError(error.message, field=field, code=error.code) from None
        return _in_range(setting, value, format_baht)
    if setting.kind == "int":
        if isinstance(raw, bool) or isinstance(raw, float) or not text.lstrip("-").isdigit():
            raise SajjaError(_("Type a whole number."), field=field, code="not_integer")
        return _in_range(setting, int(text), str)
    if setting.kind == "rate":
        if isinstance(raw, float):
            raise SajjaError(
                _("Amounts must be exact: a floating-point number is not accepted."), field=field, code="float"
            )
        try:
            percent = Decimal(text.rstrip("%").strip())
        except InvalidOperation:
            raise SajjaError(
                fmt(_("“%(value)s” is not a percentage."), value=raw), field=field, code="not_number"
            ) from None
        basis_points = percent * 100
        if not percent.is_finite() or basis_points != basis_points.to_integral_value():
            raise SajjaError(_("A percentage can have at most two decimals."), field=field, code="precision")
        return _in_range(setting, int(basis_points), format_rate)
    if setting.kind == "choice":
        allowed = [value for value, _label in setting.choices]
        if text not in allowed:
            raise SajjaError(_("Choose one of the options."), field=field, code="choice")
        return text
    if setting.kind == "months":
        items = raw if isinstance(raw, list) else [part for part in text.replace(" ", ",").split(",") if part]
        try:
            months = sorted({int(normalize_digits(str(item))) for item in items})
        except ValueError:
            months = []
        if not months or any(m < 1 or m > 12 for m in months):
            raise SajjaError(_("Choose at least one month (1 to 12)."), field=field, code="months")
        return months
    raise AssertionError(setting.kind)


def _in_range(setting: Setting, value: int, show) -> int:
    if value < setting.minimum or value > setting.maximum:
        raise SajjaError(
            fmt(
                _("The value must be from %(low)s to %(high)s."),
                low=lazy(show, str)(setting.minimum),  # formatted in the language the message is shown in
                high=lazy(show, str)(setting.maximum),
            ),
            field="value",
            code="range",
        )
    return value


def format_rate(basis_points: int) -> str:
    return f"{Decimal(basis_points) / 100:.2f}%"


def display(setting: Setting, value) -> str:
    """A stored value as a person reads it (in the active language)."""
    if setting.kind == "money":
        return format_baht(value)
    if setting.kind == "rate":
        return format_rate(value)
    if setting.kind == "choice":
        return str(dict(setting.choices).get(value, value))
    if setting.kind == "months":
        return ", ".join(str(MONTH_NAMES[m - 1]) for m in value)
    return str(value)


def as_input(setting: Setting, value) -> str:
    """A stored value as it is typed back into the form."""
    if setting.kind == "money":
        return format_baht(value, unit=False).replace(",", "")
    if setting.kind == "rate":
        return f"{Decimal(value) / 100:.2f}"
    if setting.kind == "months":
        return ",".join(str(m) for m in value)
    return str(value)
