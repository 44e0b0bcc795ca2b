"""URLs. Everything about one group lives under ``/g/<group_id>/`` and its views carry
``tenancy.group_view``; ``sajja/core/tests/test_tenancy.py`` checks every pattern."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.views import redirect_to_login
from django.urls import include, path

from sajja.accounts import views as account_views
from sajja.api.api import api

admin.site.site_header = "Sajja · สัจจะ"
# The admin logs in through our login page, which applies lockout and two-step login.
admin.site.login = lambda request, extra_context=None: redirect_to_login(request.get_full_path())

urlpatterns = [
    path("", account_views.home, name="home"),
    path("accounts/login/", account_views.LoginView.as_view(), name="login"),
    path("accounts/login/verify/", account_views.otp_verify, name="otp_verify"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/two-step/", account_views.otp_setup, name="otp_setup"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("g/<int:group_id>/", include("sajja.groups.urls")),
    path("g/<int:group_id>/", include("sajja.members.urls")),
]
