"""Template filters every page uses: Buddhist-Era dates, baht, Thai words."""

from decimal import Decimal

from django import template

from sajja.core import money, thai

register = template.Library()


@register.filter
def bedate(value, style="short"):
    """A date in the Buddhist Era (25/11/2569); ``|bedate:"long"`` gives 25 พฤศจิกายน 2569."""
    return thai.format_date(value, style)


@register.filter
def baht(satang):
    """Integer satang -> 1,234.50 บาท."""
    if satang is None or satang == "":
        return ""
    return money.format_baht(int(satang))


@register.filter
def baht_words(satang):
    return thai.baht_text(Decimal(int(satang)) / 100)
