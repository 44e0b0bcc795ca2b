"""Base model for tenant tables: every row belongs to one savings group.

Carrying ``group_id`` on every tenant table (not only reachable through joins) keeps scoping a
single ``WHERE group_id IN (...)`` and lets the schema be distributed by group later (Citus).
"""

from django.db import models


class TenantModel(models.Model):
    group = models.ForeignKey("groups.Group", on_delete=models.PROTECT, related_name="+", db_index=True)

    class Meta:
        abstract = True


class Timestamped(models.Model):
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True
