"""Governance pages under ``/g/<group_id>/`` (views carry ``tenancy.group_view``)."""

urlpatterns: list = []
