"""Year end pages under ``/g/<group_id>/`` (views carry ``tenancy.group_view``)."""

from django.urls import path

from . import views

Y = "closing/<int:fiscal_year_id>/"

urlpatterns = [
    path("closing/", views.closing_home, name="closing_home"),
    path("closing/open/", views.closing_year_open, name="closing_year_open"),
    path(Y, views.closing_year, name="closing_year"),
    path(f"{Y}plan/", views.closing_plan_make, name="closing_plan_make"),
    path(f"{Y}approve/", views.closing_plan_approve, name="closing_plan_approve"),
    path(f"{Y}post/", views.closing_plan_post, name="closing_plan_post"),
    path(f"{Y}close/", views.closing_year_close, name="closing_year_close"),
    path("closing/shares/<int:share_id>/pay/", views.closing_share_pay, name="closing_share_pay"),
]
