"""Database helpers: Thai collation on both engines.

PostgreSQL ships ICU's Thai collation (``th-TH-x-icu``). SQLite has none, so every new SQLite
connection gets a ``thai`` collation backed by ``sajja.core.thai.thai_compare``.
"""

from django.db import connection as default_connection
from django.db.backends.signals import connection_created
from django.db.models.functions import Collate
from django.dispatch import receiver

from .thai import thai_compare


@receiver(connection_created)
def _register_sqlite_collation(sender, connection, **kwargs):
    if connection.vendor == "sqlite":
        connection.connection.create_collation("thai", thai_compare)


def thai_collation_name(connection=default_connection) -> str:
    return "th-TH-x-icu" if connection.vendor == "postgresql" else "thai"


def thai_order(field: str) -> Collate:
    """An ``order_by`` expression that sorts ``field`` in Thai dictionary order."""
    return Collate(field, thai_collation_name())
