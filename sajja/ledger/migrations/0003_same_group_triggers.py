"""The database also ties every line to its entry's group: a line must use an account of its own
group, and an entry refuses lines of another group (the services check this first; these triggers
refuse the same thing written around them)."""

from django.db import migrations

SQLITE = [
    """CREATE TRIGGER ledger_line_own_account BEFORE INSERT ON ledger_journalline
    WHEN (SELECT group_id FROM ledger_account WHERE id = NEW.account_id) IS NOT NEW.group_id
    BEGIN SELECT RAISE(ABORT, 'ledger: a line must use an account of its own group'); END""",
    """CREATE TRIGGER ledger_entry_lines_own_group BEFORE INSERT ON ledger_journalentry
    WHEN EXISTS (SELECT 1 FROM ledger_journalline WHERE entry_id = NEW.id AND group_id <> NEW.group_id)
    BEGIN SELECT RAISE(ABORT, 'ledger: an entry cannot hold lines of another group'); END""",
]

POSTGRES = [
    """CREATE FUNCTION ledger_line_own_account() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF (SELECT group_id FROM ledger_account WHERE id = NEW.account_id) IS DISTINCT FROM NEW.group_id THEN
        RAISE EXCEPTION 'ledger: a line must use an account of its own group';
      END IF;
      RETURN NEW;
    END $$""",
    """CREATE TRIGGER ledger_line_own_account BEFORE INSERT ON ledger_journalline
    FOR EACH ROW EXECUTE FUNCTION ledger_line_own_account()""",
    """CREATE FUNCTION ledger_entry_lines_own_group() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF EXISTS (SELECT 1 FROM ledger_journalline WHERE entry_id = NEW.id AND group_id <> NEW.group_id) THEN
        RAISE EXCEPTION 'ledger: an entry cannot hold lines of another group';
      END IF;
      RETURN NEW;
    END $$""",
    """CREATE TRIGGER ledger_entry_lines_own_group BEFORE INSERT ON ledger_journalentry
    FOR EACH ROW EXECUTE FUNCTION ledger_entry_lines_own_group()""",
]


def create(apps, schema_editor):
    statements = POSTGRES if schema_editor.connection.vendor == "postgresql" else SQLITE
    for sql in statements:
        schema_editor.execute(sql, params=None)


class Migration(migrations.Migration):
    dependencies = [("ledger", "0002_triggers")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
