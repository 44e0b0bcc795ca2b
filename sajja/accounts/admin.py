from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from . import models


@admin.register(models.User)
class UserAdmin(BaseUserAdmin):
    pass


@admin.register(models.OfficerAssignment)
class OfficerAssignmentAdmin(admin.ModelAdmin):
    list_display = ("user", "district", "start_date", "end_date")
    autocomplete_fields = ("user",)


@admin.register(models.NetworkCommitteeSeat)
class NetworkCommitteeSeatAdmin(admin.ModelAdmin):
    list_display = ("user", "network", "position", "start_date", "end_date")


@admin.register(models.CommitteeSeat)
class CommitteeSeatAdmin(admin.ModelAdmin):
    list_display = ("member", "position", "group", "start_date", "end_date")
    list_filter = ("position",)
    raw_id_fields = ("member",)
