"""The year end (to be written)."""
