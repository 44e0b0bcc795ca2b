"""The voice tests use the proceedings tests' group (a committee of six and four ordinary members)."""

from sajja.proceedings.tests.conftest import Club, club  # noqa: F401
