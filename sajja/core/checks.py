"""System checks for production settings (``manage.py check --deploy``)."""

from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.security, deploy=True)
def field_encryption_key_check(app_configs, **kwargs):
    key = settings.FIELD_ENCRYPTION_KEY
    if not key or len(key) < 32 or key == settings.SECRET_KEY:
        return [
            Error(
                "FIELD_ENCRYPTION_KEY must be set, at least 32 characters, and differ from SECRET_KEY.",
                id="sajja.E001",
            )
        ]
    return []
