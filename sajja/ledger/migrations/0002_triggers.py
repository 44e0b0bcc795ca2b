"""The database's own refusal of bad books (rule 3), on both engines.

- Journal entries and lines cannot be updated or deleted.
- A line cannot be added to an entry that is already posted.
- An entry is inserted after its lines and must have two or more of them, balanced.
- Nothing is posted on or before the group's closed date.
- PostgreSQL also checks every entry's balance again at commit (a deferred constraint trigger), so
  even lines written around the services in a transaction that never inserts their entry are refused.
The CHECK constraints on lines (positive, one side) are in 0001.
"""

from django.db import migrations

SQLITE = [
    *[
        f"""CREATE TRIGGER ledger_{table}_no_{action} BEFORE {action.upper()} ON ledger_{table}
        BEGIN SELECT RAISE(ABORT, 'ledger: posted {table} rows are append-only'); END"""
        for table in ("journalentry", "journalline")
        for action in ("update", "delete")
    ],
    """CREATE TRIGGER ledger_line_entry_open BEFORE INSERT ON ledger_journalline
    WHEN EXISTS (SELECT 1 FROM ledger_journalentry WHERE id = NEW.entry_id)
    BEGIN SELECT RAISE(ABORT, 'ledger: lines cannot be added to a posted entry'); END""",
    """CREATE TRIGGER ledger_entry_balanced BEFORE INSERT ON ledger_journalentry
    WHEN (SELECT COUNT(*) FROM ledger_journalline WHERE entry_id = NEW.id) < 2
      OR (SELECT SUM(debit) - SUM(credit) FROM ledger_journalline WHERE entry_id = NEW.id) != 0
    BEGIN SELECT RAISE(ABORT, 'ledger: an entry needs two or more balanced lines'); END""",
    """CREATE TRIGGER ledger_entry_open_period BEFORE INSERT ON ledger_journalentry
    WHEN NEW.date <= (SELECT closed_through FROM ledger_ledgerhead WHERE group_id = NEW.group_id)
    BEGIN SELECT RAISE(ABORT, 'ledger: the period is closed'); END""",
]

POSTGRES = [
    """CREATE FUNCTION ledger_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN RAISE EXCEPTION 'ledger: posted % rows are append-only', TG_TABLE_NAME; END $$""",
    *[
        f"""CREATE TRIGGER ledger_{table}_append_only BEFORE UPDATE OR DELETE ON ledger_{table}
        FOR EACH ROW EXECUTE FUNCTION ledger_append_only()"""
        for table in ("journalentry", "journalline")
    ],
    """CREATE FUNCTION ledger_line_entry_open() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF EXISTS (SELECT 1 FROM ledger_journalentry WHERE id = NEW.entry_id) THEN
        RAISE EXCEPTION 'ledger: lines cannot be added to a posted entry';
      END IF;
      RETURN NEW;
    END $$""",
    """CREATE TRIGGER ledger_line_entry_open BEFORE INSERT ON ledger_journalline
    FOR EACH ROW EXECUTE FUNCTION ledger_line_entry_open()""",
    """CREATE FUNCTION ledger_entry_checks() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE n bigint; diff bigint; closed date;
    BEGIN
      SELECT COUNT(*), COALESCE(SUM(debit) - SUM(credit), 0) INTO n, diff
        FROM ledger_journalline WHERE entry_id = NEW.id;
      IF n < 2 OR diff <> 0 THEN
        RAISE EXCEPTION 'ledger: an entry needs two or more balanced lines';
      END IF;
      SELECT closed_through INTO closed FROM ledger_ledgerhead WHERE group_id = NEW.group_id;
      IF closed IS NOT NULL AND NEW.date <= closed THEN
        RAISE EXCEPTION 'ledger: the period is closed';
      END IF;
      RETURN NEW;
    END $$""",
    """CREATE TRIGGER ledger_entry_checks BEFORE INSERT ON ledger_journalentry
    FOR EACH ROW EXECUTE FUNCTION ledger_entry_checks()""",
    """CREATE FUNCTION ledger_balanced_at_commit() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF NOT EXISTS (SELECT 1 FROM ledger_journalentry WHERE id = NEW.entry_id) THEN
        RAISE EXCEPTION 'ledger: lines without a posted entry';
      END IF;
      IF (SELECT SUM(debit) - SUM(credit) FROM ledger_journalline WHERE entry_id = NEW.entry_id) <> 0 THEN
        RAISE EXCEPTION 'ledger: unbalanced entry %', NEW.entry_id;
      END IF;
      RETURN NULL;
    END $$""",
    """CREATE CONSTRAINT TRIGGER ledger_balanced_at_commit AFTER INSERT ON ledger_journalline
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION ledger_balanced_at_commit()""",
]


def create(apps, schema_editor):
    statements = POSTGRES if schema_editor.connection.vendor == "postgresql" else SQLITE
    for sql in statements:
        schema_editor.execute(sql, params=None)  # no placeholders: keep plpgsql "%" as it is


class Migration(migrations.Migration):
    dependencies = [("ledger", "0001_initial")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
