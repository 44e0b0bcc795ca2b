"""The meeting day (to be written)."""
