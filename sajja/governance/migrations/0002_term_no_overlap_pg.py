"""PostgreSQL: no two holders of a single-holder position (president, vice-president, secretary,
treasurer, chair) of one committee on the same day, whatever the dates typed.

An exclusion constraint over the inclusive date range of each term needs ``btree_gist`` (for the
equality on committee and position). SQLite has no such constraint: there the service's check and
the partial unique indexes of 0001 stand alone."""

from django.db import migrations

SINGLE = "('chair', 'president', 'secretary', 'treasurer', 'vice_president')"
ADD = f"""
CREATE EXTENSION IF NOT EXISTS btree_gist;
ALTER TABLE governance_term ADD CONSTRAINT term_single_holder_no_overlap
EXCLUDE USING gist (
    committee_id WITH =,
    position WITH =,
    daterange(start_date, end_date, '[]') WITH &&
) WHERE (position IN {SINGLE});
"""
DROP = "ALTER TABLE governance_term DROP CONSTRAINT IF EXISTS term_single_holder_no_overlap;"


def add(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(ADD)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("governance", "0001_initial")]

    operations = [migrations.RunPython(add, drop)]
