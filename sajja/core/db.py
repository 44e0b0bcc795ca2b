"""Database helpers: Thai collation on both engines, and the ``__among`` lookup (a long list of
ids as one parameter).

PostgreSQL ships ICU's Thai collation (``th-TH-x-icu``). SQLite has none, so every new SQLite
connection gets a ``thai`` collation backed by ``sajja.core.thai.thai_compare``.
"""

import json
import sqlite3

from django.db import connection as default_connection
from django.db.backends.signals import connection_created
from django.db.models import Field, ForeignObject, Lookup
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


class Among(Lookup):
    """``filter(loan_id__among=ids)``: the column is one of ``ids`` (whole numbers), sent as ONE
    parameter however many there are: ``= ANY(%s::bigint[])`` on PostgreSQL, ``IN (SELECT value
    FROM json_each(%s))`` on SQLite.

    What it is for: the meeting day's batches read the rows of a thousand members or loans at a
    time. Django's ``__in`` prepares every value through the field (for a foreign key, through the
    related field too): a few milliseconds a thousand ids a query, a tenth of a whole sheet's
    posting. Here the ids are only checked to be integers, and SQLite's parameter limit never
    applies."""

    lookup_name = "among"
    prepare_rhs = False

    def get_prep_lookup(self):
        ids = list(self.rhs)
        if not all(type(value) is int for value in ids):
            raise TypeError("__among takes whole numbers (ids) only")
        return ids

    def as_sql(self, compiler, connection):
        lhs, params = self.process_lhs(compiler, connection)
        if connection.vendor == "postgresql":
            return f"{lhs} = ANY(%s::bigint[])", [*params, self.rhs]
        return f"{lhs} IN (SELECT value FROM json_each(%s))", [*params, json.dumps(self.rhs)]  # noqa: S608


# On every field, and on foreign keys (whose lookups Django looks up apart from other fields').
Field.register_lookup(Among)
ForeignObject.register_lookup(Among)
