"""``{% form_key %}``: the hidden double-submit key of a write form (``core.submits``), a fresh
uuid4 each time the form is shown. Used by the proceedings and voice pages."""

import uuid

from django import template
from django.utils.html import format_html

register = template.Library()


@register.simple_tag
def form_key():
    return format_html('<input type="hidden" name="key" value="{}">', uuid.uuid4().hex)
