"""Committees, terms, elections, succession (to be written)."""
