"""Template helpers of household accounts: a category's name in the reader's language, and the
navigation link to the user's household book (only for users who keep one in the group)."""

from django import template
from django.urls import NoReverseMatch, reverse

from sajja.core.tenancy import book_households

from .. import reports

register = template.Library()


@register.filter
def cat_name(category):
    """``{{ category|cat_name }}``: ``name_th`` in Thai, ``name_en`` otherwise."""
    return reports.category_name(category) if category else ""


@register.simple_tag(takes_context=True)
def household_book_url(context):
    """The link to the household book page when the user keeps a household in the current group
    (``tenancy.book_households``); "" otherwise, or while that page does not exist."""
    request = context.get("request")
    group = getattr(request, "group", None)
    if group is None or not request.user.is_authenticated:
        return ""
    if not book_households(request.user, group.id).exists():
        return ""
    try:
        return reverse("hh_home", args=[group.id])
    except NoReverseMatch:
        return ""
