"""URLs. Everything about one group lives under ``/g/<group_id>/`` and its views carry
``tenancy.group_view``; ``sajja/core/tests/test_tenancy.py`` checks every pattern."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import include, path, reverse

from sajja.accounts import views as account_views
from sajja.api.api import api

admin.site.site_header = "Sajja · สัจจะ"


def admin_login(request, extra_context=None):
    """The admin logs in through our login page, which applies lockout and two-step login. A
    logged-in user who is not staff is refused rather than sent round the login page in a loop."""
    if request.user.is_authenticated:
        if request.user.is_active and request.user.is_staff:
            return redirect(reverse("admin:index"))
        raise PermissionDenied
    return redirect_to_login(request.GET.get("next") or reverse("admin:index"))


admin.site.login = admin_login

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
    path("g/<int:group_id>/", include("sajja.ledger.urls")),
    path("g/<int:group_id>/", include("sajja.savings.urls")),
    path("g/<int:group_id>/", include("sajja.bylaws.urls")),
    path("g/<int:group_id>/", include("sajja.household_accounts.urls")),
    path("g/<int:group_id>/", include("sajja.loans.urls")),
    path("g/<int:group_id>/", include("sajja.meetings.urls")),
    path("g/<int:group_id>/", include("sajja.closing.urls")),
    path("g/<int:group_id>/", include("sajja.welfare.urls")),
    path("g/<int:group_id>/", include("sajja.governance.urls")),
    path("g/<int:group_id>/", include("sajja.proceedings.urls")),
    path("g/<int:group_id>/", include("sajja.voice.urls")),
]
