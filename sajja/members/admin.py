"""Admin views of members: read-only, masked national IDs. Changes go through the pages and API,
whose services check the rules; the admin is for looking, and for the audit log."""

from django.contrib import admin

from . import models


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(models.Member)
class MemberAdmin(ReadOnlyAdmin):
    list_display = ("number", "full_name", "group", "status", "national_id_masked")
    list_filter = ("status", "group")
    search_fields = ("first_name", "last_name", "=number")
    list_select_related = ("group",)
    exclude = ("national_id_encrypted", "national_id_hash")


@admin.register(models.Household)
class HouseholdAdmin(ReadOnlyAdmin):
    list_display = ("house_number", "group", "address")
    list_filter = ("group",)
