"""Funds and welfare (to be written)."""
