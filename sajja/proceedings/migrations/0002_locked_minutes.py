"""Approved minutes are locked by the database too (the services refuse first), on both engines.

- A meeting whose minutes are approved (``approved_on`` set) cannot be updated or deleted.
- Agenda items (with their minutes text), attendance and resolutions of such a meeting cannot be
  inserted, updated or deleted (checked for the old and the new meeting of a row).
Written like ``ledger/migrations/0002_triggers.py``.
"""

from django.db import migrations

CHILDREN = ("agendaitem", "attendance", "resolution")
LOCKED = "proceedings: the minutes are approved and can no longer be changed"


def _approved(ref: str) -> str:
    return f"(SELECT approved_on FROM proceedings_meeting WHERE id = {ref}) IS NOT NULL"


SQLITE = [
    f"""CREATE TRIGGER proceedings_meeting_locked_update BEFORE UPDATE ON proceedings_meeting
    WHEN OLD.approved_on IS NOT NULL BEGIN SELECT RAISE(ABORT, '{LOCKED}'); END""",
    f"""CREATE TRIGGER proceedings_meeting_locked_delete BEFORE DELETE ON proceedings_meeting
    WHEN OLD.approved_on IS NOT NULL BEGIN SELECT RAISE(ABORT, '{LOCKED}'); END""",
    *[
        sql
        for table in CHILDREN
        for sql in (
            f"""CREATE TRIGGER proceedings_{table}_locked_insert BEFORE INSERT ON proceedings_{table}
            WHEN {_approved("NEW.meeting_id")} BEGIN SELECT RAISE(ABORT, '{LOCKED}'); END""",
            f"""CREATE TRIGGER proceedings_{table}_locked_update BEFORE UPDATE ON proceedings_{table}
            WHEN {_approved("OLD.meeting_id")} OR {_approved("NEW.meeting_id")}
            BEGIN SELECT RAISE(ABORT, '{LOCKED}'); END""",
            f"""CREATE TRIGGER proceedings_{table}_locked_delete BEFORE DELETE ON proceedings_{table}
            WHEN {_approved("OLD.meeting_id")} BEGIN SELECT RAISE(ABORT, '{LOCKED}'); END""",
        )
    ],
]

POSTGRES = [
    f"""CREATE FUNCTION proceedings_meeting_locked() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF OLD.approved_on IS NOT NULL THEN RAISE EXCEPTION '{LOCKED}'; END IF;
      IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
      RETURN NEW;
    END $$""",
    """CREATE TRIGGER proceedings_meeting_locked BEFORE UPDATE OR DELETE ON proceedings_meeting
    FOR EACH ROW EXECUTE FUNCTION proceedings_meeting_locked()""",
    f"""CREATE FUNCTION proceedings_minutes_locked() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP IN ('UPDATE', 'DELETE') AND {_approved("OLD.meeting_id")} THEN
        RAISE EXCEPTION '{LOCKED}';
      END IF;
      IF TG_OP IN ('INSERT', 'UPDATE') AND {_approved("NEW.meeting_id")} THEN
        RAISE EXCEPTION '{LOCKED}';
      END IF;
      IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
      RETURN NEW;
    END $$""",
    *[
        f"""CREATE TRIGGER proceedings_{table}_locked BEFORE INSERT OR UPDATE OR DELETE ON proceedings_{table}
        FOR EACH ROW EXECUTE FUNCTION proceedings_minutes_locked()"""
        for table in CHILDREN
    ],
]


def create(apps, schema_editor):
    statements = POSTGRES if schema_editor.connection.vendor == "postgresql" else SQLITE
    for sql in statements:
        schema_editor.execute(sql, params=None)


class Migration(migrations.Migration):
    dependencies = [("proceedings", "0001_initial")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
