"""Money is integer satang (1 baht = 100 satang) in the database and Decimal at the edges.

Rules (architecture rule 4): floats are refused everywhere; a baht amount with more than two
decimals is refused rather than rounded (rounding happens only at named places in domain code).
"""

from decimal import Decimal, InvalidOperation

from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from .errors import SajjaError, fmt
from .thai import normalize_digits

SATANG_PER_BAHT = 100
# The largest amount anybody may type: 1,000 million baht. Beyond it is a typo, not a village.
MAX_SATANG = 100_000_000_000
BAHT = _("baht")


def to_satang(amount) -> int:
    """Baht as ``Decimal``/``int``/``str`` (Thai digits and thousands separators allowed) -> satang.

    >>> to_satang("1,234.50")
    123450
    """
    if isinstance(amount, bool) or isinstance(amount, float):
        raise SajjaError(_("Amounts must be exact: a floating-point number is not accepted."), code="float")
    if isinstance(amount, int):
        value = Decimal(amount)
    elif isinstance(amount, Decimal):
        value = amount
    elif isinstance(amount, str):
        text = normalize_digits(amount).replace(",", "").replace("฿", "").replace("บาท", "").strip()
        try:
            value = Decimal(text)
        except InvalidOperation:
            raise SajjaError(fmt(_("“%(value)s” is not an amount of money."), value=amount), code="not_number")
    else:
        raise SajjaError(fmt(_("“%(value)s” is not an amount of money."), value=amount), code="not_number")
    if not value.is_finite():
        raise SajjaError(fmt(_("“%(value)s” is not an amount of money."), value=amount), code="not_number")
    satang = value * SATANG_PER_BAHT
    if satang != satang.to_integral_value():
        raise SajjaError(_("An amount can have at most two decimals (satang)."), code="precision")
    if abs(satang) > MAX_SATANG:
        raise SajjaError(_("The amount is too large."), code="too_large")
    return int(satang)


def satang_amount(amount, field: str = "amount") -> int:
    """An amount a service receives: positive whole satang (an ``int``, never a float or a bool)."""
    if isinstance(amount, bool) or not isinstance(amount, int):
        raise SajjaError(
            _("Amounts must be whole satang (an integer), never a floating-point number."), field=field, code="float"
        )
    if amount <= 0:
        raise SajjaError(_("The amount must be more than zero."), field=field, code="not_positive")
    return amount


def to_decimal(satang: int) -> Decimal:
    """Satang -> baht as an exact two-place Decimal."""
    if not isinstance(satang, int) or isinstance(satang, bool):
        raise TypeError("satang must be an int")
    return (Decimal(satang) / SATANG_PER_BAHT).quantize(Decimal("0.01"))


def format_baht(satang: int, *, unit: bool = True) -> str:
    """Satang -> ``"1,234.50"`` (with ``" บาท"`` when ``unit``); negatives get a leading minus."""
    text = f"{to_decimal(satang):,.2f}"
    return f"{text} {BAHT}" if unit else text


# For amounts inside messages: formatted when the message is shown, so English text says "baht".
lazy_baht = lazy(format_baht, str)
