"""Database helpers: Thai collation on both engines.

PostgreSQL ships ICU's Thai collation (``th-TH-x-icu``). SQLite has none, so every new SQLite
connection gets a ``thai`` collation backed by ``sajja.core.thai.thai_compare``.
"""

import sqlite3

from django.db import connection as default_connection
from django.db.backends.signals import connection_created
from django.db.models.functions import Collate
from django.dispatch import receiver

from .thai import thai_compare


@receiver(connection_created)
def _set_up_sqlite(sender, connection, **kwargs):
    if connection.vendor == "sqlite":
        connection.connection.create_collation("thai", thai_compare)
        if sqlite3.sqlite_version_info >= (3, 32):
            # Django assumes SQLite's old limit of 999 parameters a statement; since 3.32 it is
            # 32,766. The higher limit lets a batch insert go in a few statements, not hundreds.
            connection.features.max_query_params = 32766


def thai_collation_name(connection=default_connection) -> str:
    return "th-TH-x-icu" if connection.vendor == "postgresql" else "thai"


def thai_order(field: str) -> Collate:
    """An ``order_by`` expression that sorts ``field`` in Thai dictionary order."""
    return Collate(field, thai_collation_name())
