"""Suggestions, polls, evaluations, learning and activities (to be written)."""
