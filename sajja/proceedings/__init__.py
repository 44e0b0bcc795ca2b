"""Committee and general meetings, resolutions, duties and tasks (to be written)."""
