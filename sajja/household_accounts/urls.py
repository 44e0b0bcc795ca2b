from django.urls import include, path

from . import views

urlpatterns = [
    path("", include("sajja.household_accounts.quick_urls")),
    path("book/h/<int:household_id>/month/", views.month, name="hh_month"),
    path("book/h/<int:household_id>/year/", views.year, name="hh_year"),
    path("book/h/<int:household_id>/plans/", views.plans, name="hh_plans"),
    path("book/h/<int:household_id>/plans/<int:plan_id>/delete/", views.plan_delete, name="hh_plan_delete"),
    path("book/h/<int:household_id>/sharing/", views.sharing, name="hh_sharing"),
    path("book/h/<int:household_id>/sheet/", views.sheet, name="hh_sheet"),
    path("book/h/<int:household_id>/export/", views.export, name="hh_export"),
    path("book/village/", views.village, name="hh_village"),
    path("book/categories/", views.categories, name="hh_categories"),
]
