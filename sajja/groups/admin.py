from django.contrib import admin

from . import models


@admin.register(models.Province)
class ProvinceAdmin(admin.ModelAdmin):
    list_display = ("code", "name_th", "name_en")
    search_fields = ("name_th", "name_en", "code")


@admin.register(models.District)
class DistrictAdmin(admin.ModelAdmin):
    list_display = ("code", "name_th", "province")
    list_filter = ("province",)
    search_fields = ("name_th", "name_en", "code")


@admin.register(models.Subdistrict)
class SubdistrictAdmin(admin.ModelAdmin):
    list_display = ("code", "name_th", "district")
    search_fields = ("name_th", "name_en", "code")


@admin.register(models.Village)
class VillageAdmin(admin.ModelAdmin):
    list_display = ("name_th", "number", "subdistrict")
    search_fields = ("name_th",)


@admin.register(models.Network)
class NetworkAdmin(admin.ModelAdmin):
    list_display = ("name", "level", "parent", "province", "district")
    list_filter = ("level",)


class BankAccountInline(admin.TabularInline):
    model = models.BankAccount
    extra = 0


@admin.register(models.Group)
class GroupAdmin(admin.ModelAdmin):
    list_display = ("name", "village", "network", "founded_on")
    search_fields = ("name",)
    list_select_related = ("village__subdistrict", "network")
    inlines = [BankAccountInline]
