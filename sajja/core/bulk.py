"""Bulk writes of many rows in ONE SQL statement a table, whatever their number, for the services
that write a whole meeting or a whole village at once (journal lines and entries, pledge payments,
repayments, the meeting's rows).

Why not ``bulk_create``: it builds and prepares a model instance a row, which was most of the time
a large batch took, and it sends one statement a batch of rows (the SQLite parameter limit), so
the number of statements grew with the village. Here:

- PostgreSQL: one ``INSERT ... SELECT * FROM UNNEST(%s::type[], ...)``, one array a column (an
  array is one parameter, so there is no parameter limit to split for);
- SQLite: one ``executemany`` of a one-row ``INSERT`` (the statement is prepared once and run for
  each row in C; Django counts it as one query).

The table's constraints and triggers check every row as usual; nothing is returned, so a caller
that needs ids takes them first with ``reserve_ids``.
"""

from collections.abc import Sequence

from django.db import connection
from django.db.models import signals
from django.db.models.base import ModelState

# Fields whose Python values the database driver does not take as they are on every engine.
_PREPARED = ("DateField", "DateTimeField", "JSONField")


def reserve_ids(model, count: int) -> list[int]:
    """Ids for ``count`` new rows of ``model``, taken before the rows (or rows that point at them)
    are inserted."""
    if count <= 0:
        return []
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)", [table, count]
            )
            return [row[0] for row in cursor.fetchall()]
        # SQLite: writers are serialised (IMMEDIATE transactions), so the maximum is ours.
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {connection.ops.quote_name(table)}")  # noqa: S608
        start = cursor.fetchone()[0] + 1
        return list(range(start, start + count))


def insert_rows(model, names: Sequence[str], rows: Sequence[tuple]) -> None:
    """Insert ``rows`` (the values of the fields ``names``, in that order; foreign keys as ids) into
    ``model``'s table in one statement."""
    if not rows:
        return
    meta = model._meta
    fields = [meta.get_field(name) for name in names]
    prepared = [i for i, f in enumerate(fields) if f.get_internal_type() in _PREPARED]
    if prepared:
        rows = [list(row) for row in rows]
        for i in prepared:
            prep, memo = fields[i].get_db_prep_save, fields[i].get_internal_type() != "JSONField"
            done = {}  # a batch's dates are mostly one date: prepare each value once
            for row in rows:
                value = row[i]
                if not memo:
                    row[i] = prep(value, connection)
                elif value in done:
                    row[i] = done[value]
                else:
                    row[i] = done[value] = prep(value, connection)
    quote = connection.ops.quote_name
    insert = f"INSERT INTO {quote(meta.db_table)} ({', '.join(quote(f.column) for f in fields)}) "
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            arrays = ", ".join(f"(%s)::{f.db_type(connection).split('(')[0]}[]" for f in fields)
            sql = f"{insert}SELECT * FROM UNNEST({arrays})"  # noqa: S608 - our own names, values are parameters
            cursor.execute(sql, [list(column) for column in zip(*rows, strict=True)])
        else:
            cursor.executemany(f"{insert}VALUES ({', '.join(['%s'] * len(fields))})", rows)


def loaded(model, names: Sequence[str], rows: Sequence[tuple], **related) -> list:
    """Model instances of ``rows`` (as ``insert_rows`` takes them) as if read back from the
    database, without reading them: ``names`` are the model's concrete fields in their order.
    ``related``: instances already at hand for a foreign key of every row (``group=group``), so
    reading it costs no query.

    Each instance is what ``Model.from_db`` makes, with its attributes set directly: a meeting's
    batch makes thousands, and ``Model.__init__`` (which resolves every argument through the
    fields' descriptors) was a tenth of the batch's time. A model with ``pre_init``/``post_init``
    listeners is built the ordinary way, so nothing that listens misses an instance."""
    attnames = [f.attname for f in model._meta.concrete_fields]
    if [model._meta.get_field(name).attname for name in names] != attnames:
        raise ValueError(f"{model.__name__}: name every concrete field in order: {attnames}")
    alias = connection.alias
    if signals.pre_init.has_listeners(model) or signals.post_init.has_listeners(model):
        made = [model.from_db(alias, attnames, row) for row in rows]
    else:
        made = []
        for row in rows:
            instance = model.__new__(model)
            instance.__dict__.update(zip(attnames, row, strict=True))
            instance._state = ModelState()
            instance._state.adding, instance._state.db = False, alias
            made.append(instance)
    if related:
        for instance in made:
            instance._state.fields_cache.update(related)
    return made
