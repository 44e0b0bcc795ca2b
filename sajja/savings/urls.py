from django.urls import include, path

from . import views

urlpatterns = [
    path("members/<int:member_id>/savings/", views.member_savings, name="savings_member"),
    path("members/<int:member_id>/passbook/", views.passbook, name="savings_passbook"),
    path("savings/register/", views.pledge_register, name="savings_register"),
    path("savings/behind/", views.members_behind, name="savings_behind"),
    path("", include("sajja.savings.action_urls")),
]
