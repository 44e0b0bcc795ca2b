"""The SQLite set-up a village laptop runs on: WAL journal, a busy timeout, foreign keys on.
(Runs on both CI passes: it opens its own SQLite file with the project's SQLite options.)"""

import pytest
from django.conf import settings
from django.db.backends.sqlite3.base import DatabaseWrapper


@pytest.mark.django_db
def test_sqlite_file_database_runs_in_wal_mode_with_a_busy_timeout(tmp_path):
    config = {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(tmp_path / "village.sqlite3"),
        "OPTIONS": settings.SQLITE_OPTIONS,
        "TIME_ZONE": None,
        "CONN_MAX_AGE": 0,
        "CONN_HEALTH_CHECKS": False,
        "AUTOCOMMIT": True,
        "ATOMIC_REQUESTS": False,
        "USER": "",
        "PASSWORD": "",
        "HOST": "",
        "PORT": "",
        "TEST": {},
    }
    wrapper = DatabaseWrapper(config, alias="wal-check")
    try:
        with wrapper.cursor() as cursor:
            assert cursor.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
            assert cursor.execute("PRAGMA foreign_keys").fetchone()[0] == 1
            assert cursor.execute("PRAGMA busy_timeout").fetchone()[0] == 20_000
    finally:
        wrapper.close()
