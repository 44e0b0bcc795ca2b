"""What a locked-out login gets (django-axes calls ``lockout_response``): the lockout page for
people, the usual JSON error with Thai and English messages for API clients."""

from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from sajja.core.errors import SajjaError

LOCKED_STATUS = 429


def lockout_response(request, original_response=None, credentials=None):
    if request.path.startswith("/api/"):
        error = SajjaError(_("Too many wrong passwords: this account is locked for one hour."), code="locked_out")
        return JsonResponse(error.as_dict(), status=LOCKED_STATUS)
    return render(request, "accounts/locked_out.html", status=LOCKED_STATUS)
