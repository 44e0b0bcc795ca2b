"""Login (with the second step for accounts that turned two-step login on), two-step set-up, home."""

from base64 import b32encode

import segno
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth import login as auth_login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp import match_token
from django_otp.plugins.otp_totp.models import TOTPDevice

from sajja.core import tenancy

PENDING_USER = "sajja_pending_user"
PENDING_BACKEND = "sajja_pending_backend"
PENDING_NEXT = "sajja_pending_next"


def has_two_step(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


class LoginView(auth_views.LoginView):
    """Username and password; accounts with two-step login go on to ``otp_verify`` before login."""

    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form):
        user = form.get_user()
        if has_two_step(user):
            self.request.session[PENDING_USER] = user.pk
            self.request.session[PENDING_BACKEND] = user.backend
            self.request.session[PENDING_NEXT] = self.get_success_url()
            return redirect("otp_verify")
        return super().form_valid(form)


@require_http_methods(["GET", "POST"])
def otp_verify(request):
    """Second login step: the six digits from the authenticator app."""
    user_id = request.session.get(PENDING_USER)
    if not user_id:
        return redirect("login")
    user = get_user_model().objects.get(pk=user_id)
    error = None
    if request.method == "POST":
        device = match_token(user, request.POST.get("token", "").strip())
        if device is not None:
            next_url = request.session.get(PENDING_NEXT) or "/"
            auth_login(request, user, backend=request.session[PENDING_BACKEND])
            otp_login(request, device)
            if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
                next_url = "/"
            return redirect(next_url)
        error = _("The code is not right. Type the six digits the app shows now.")
    return render(request, "accounts/otp_verify.html", {"error": error})


@login_required
@require_http_methods(["GET", "POST"])
def otp_setup(request):
    """Turn on two-step login: scan the QR code in an authenticator app, then type one code."""
    if has_two_step(request.user):
        return render(request, "accounts/otp_setup.html", {"enabled": True})
    device, _created = TOTPDevice.objects.get_or_create(
        user=request.user, confirmed=False, defaults={"name": "authenticator"}
    )
    error = None
    if request.method == "POST":
        if device.verify_token(request.POST.get("token", "").strip()):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            otp_login(request, device)
            messages.success(request, _("Two-step login is on. You will be asked for a code when you log in."))
            return redirect("home")
        error = _("The code is not right. Type the six digits the app shows now.")
    qr_svg = segno.make(device.config_url, error="m").svg_inline(scale=4)
    return render(
        request,
        "accounts/otp_setup.html",
        {"enabled": False, "qr_svg": qr_svg, "secret": b32encode(device.bin_key).decode(), "error": error},
    )


@login_required
def home(request):
    """Where a user lands: their only group, or the list of groups they oversee."""
    groups = list(tenancy.visible_groups(request.user).select_related("village__subdistrict__district"))
    if len(groups) == 1 and not request.user.is_superuser:
        return redirect("group_home", groups[0].id)
    return render(request, "accounts/home.html", {"groups": groups})
