"""Funds and welfare routes of the JSON API."""

from ninja import Router

# Made before ``sajja.api.api`` is imported: that module adds this router at its end.
router = Router(tags=["welfare"])

from sajja.api.api import group_route  # noqa: E402,F401
