"""A line's member (the member-level books) must be of the line's group, on both engines."""

from django.db import migrations

SQLITE = [
    """CREATE TRIGGER ledger_line_own_member BEFORE INSERT ON ledger_journalline
    WHEN NEW.member_id IS NOT NULL
      AND (SELECT group_id FROM members_member WHERE id = NEW.member_id) IS NOT NEW.group_id
    BEGIN SELECT RAISE(ABORT, 'ledger: a line must name a member of its own group'); END""",
]

POSTGRES = [
    """CREATE FUNCTION ledger_line_own_member() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF NEW.member_id IS NOT NULL
         AND (SELECT group_id FROM members_member WHERE id = NEW.member_id) IS DISTINCT FROM NEW.group_id THEN
        RAISE EXCEPTION 'ledger: a line must name a member of its own group';
      END IF;
      RETURN NEW;
    END $$""",
    """CREATE TRIGGER ledger_line_own_member BEFORE INSERT ON ledger_journalline
    FOR EACH ROW EXECUTE FUNCTION ledger_line_own_member()""",
]


def create(apps, schema_editor):
    statements = POSTGRES if schema_editor.connection.vendor == "postgresql" else SQLITE
    for sql in statements:
        schema_editor.execute(sql, params=None)


class Migration(migrations.Migration):
    dependencies = [("ledger", "0004_line_member"), ("members", "0001_initial")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
