"""Login through the real pages with ``django.test.Client`` (which hands the request to
``authenticate``, so axes sees every attempt): landing page, lockout, two-step login, production
settings and the audit admin."""

import os
import re
import secrets
import string
import subprocess
import sys
from base64 import b32decode

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from sajja.core import testing as t


def login(client, user, password=None, **extra):
    return client.post(
        "/accounts/login/", {"username": user.username, "password": password or t.password_of(user), **extra}
    )


def is_logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def code_at(key: bytes, drift: int = 0) -> str:
    """What an authenticator app shows for ``key`` now (``drift`` steps of 30 s later)."""
    return f"{totp(key, 30, 0, 6, drift):06d}"


def wrong_code(key: bytes) -> str:
    accepted = {code_at(key, d) for d in (-1, 0, 1, 2)}
    return next(c for c in (f"{n:06d}" for n in range(1, 10)) if c not in accepted)


# --- login page and landing ------------------------------------------------------------------------------


def test_login_page_is_thai_by_default(db):
    response = Client().get("/accounts/login/")
    assert response.status_code == 200
    page = response.content.decode()
    assert '<html lang="th">' in page
    assert 'name="username"' in page
    assert "เข้าสู่ระบบ" in page


def test_login_page_stays_thai_whatever_the_browser_says(db):
    # Many phones in a village are set to English; Thai stays first unless the user chooses.
    response = Client(headers={"Accept-Language": "en"}).get("/accounts/login/")
    assert '<html lang="th">' in response.content.decode()


def test_english_when_the_user_chooses_it(db):
    client = Client()
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/accounts/login/"})
    assert response.status_code == 302
    page = client.get("/accounts/login/").content.decode()
    assert '<html lang="en">' in page
    assert "Log in" in page
    assert "เข้าสู่ระบบ" not in page


def test_anonymous_home_redirects_to_login(db):
    response = Client().get("/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/"


def test_one_group_user_lands_on_the_group_home(world):
    client = Client()
    response = login(client, world.treasurer)
    assert response.status_code == 302
    response = client.get(response["Location"], follow=True)
    assert response.redirect_chain[-1] == (f"/g/{world.group_a.id}/", 302)
    assert response.status_code == 200
    assert is_logged_in(client)


def test_next_is_followed_after_login(world):
    client = Client()
    response = login(client, world.treasurer, next=f"/g/{world.group_a.id}/")
    assert response["Location"] == f"/g/{world.group_a.id}/"


def test_next_to_another_site_is_ignored(world):
    client = Client()
    response = login(client, world.treasurer, next="https://evil.example/")
    assert response.status_code == 302
    assert "evil.example" not in response["Location"]


def test_officer_with_several_groups_lands_on_the_group_list(world):
    # world's officer oversees district A, which has one group; an officer usually has several.
    second = t.make_group("กลุ่มออมทรัพย์บ้านหนองพะยอม", district=world.group_a.village.subdistrict.district)
    client = Client()
    response = client.get(login(client, world.officer)["Location"])
    assert response.status_code == 200
    assert {g.id for g in response.context["groups"]} == {world.group_a.id, second.id}
    page = response.content.decode()
    assert f'href="/g/{world.group_a.id}/"' in page
    assert f'href="/g/{second.id}/"' in page
    assert f'href="/g/{world.group_b.id}/"' not in page  # another district


def test_admin_lands_on_the_list_of_all_groups(world):
    client = Client()
    response = client.get(login(client, world.admin)["Location"])
    assert response.status_code == 200
    assert {g.id for g in response.context["groups"]} == {world.group_a.id, world.group_b.id}


def test_wrong_password_stays_on_the_login_page(world):
    client = Client()
    response = login(client, world.treasurer, password="nope")
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not is_logged_in(client)


# --- lockout ---------------------------------------------------------------------------------------------


def test_lockout_after_failure_limit(world):
    client = Client()
    statuses = [
        login(client, world.treasurer, password=f"guess{i}").status_code for i in range(settings.AXES_FAILURE_LIMIT)
    ]
    # Wrong passwords show the form again; the one that reaches the limit gets the lockout page.
    assert statuses == [200] * (settings.AXES_FAILURE_LIMIT - 1) + [429]

    response = login(client, world.treasurer)
    assert response.status_code == 429
    assert "accounts/locked_out.html" in [tpl.name for tpl in response.templates]
    assert not is_logged_in(client)
    assert AccessAttempt.objects.get(username="treasurer_a").failures_since_start == settings.AXES_FAILURE_LIMIT + 1

    # Locked by username only: another user on the same address (the village hall) still logs in.
    other = Client()
    response = login(other, world.vice)
    assert response.status_code == 302
    assert is_logged_in(other)


def test_a_success_before_the_limit_resets_the_count(world):
    client = Client()
    for i in range(settings.AXES_FAILURE_LIMIT - 1):
        login(client, world.treasurer, password=f"guess{i}")
    assert login(client, world.treasurer).status_code == 302
    client.post("/accounts/logout/")
    for i in range(settings.AXES_FAILURE_LIMIT - 1):
        assert login(client, world.treasurer, password=f"again{i}").status_code == 200
    assert login(client, world.treasurer).status_code == 302


# --- two-step login --------------------------------------------------------------------------------------


def test_two_step_setup_and_login(world):
    user = world.treasurer
    client = Client()
    assert login(client, user).status_code == 302

    # Set up: the page shows a QR code and the base32 key; an app makes codes from that key.
    response = client.get("/accounts/two-step/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "<svg" in page
    secret = re.search(r'data-testid="otp-secret"[^>]*>\s*([A-Z2-7=]+)\s*<', page).group(1)
    key = b32decode(secret)
    device = TOTPDevice.objects.get(user=user)
    assert device.bin_key == key
    assert device.confirmed is False

    response = client.post("/accounts/two-step/", {"token": wrong_code(key)})
    assert response.status_code == 200
    assert response.context["error"]
    device.refresh_from_db()
    assert device.confirmed is False

    device.throttle_reset()  # the user takes longer than django-otp's throttle delay to retype
    response = client.post("/accounts/two-step/", {"token": code_at(key)})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed is True
    assert client.get("/accounts/two-step/").context["enabled"] is True

    # Log in again: the password alone only leads to the second step.
    client.post("/accounts/logout/")
    assert not is_logged_in(client)
    response = login(client, user)
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/verify/"
    assert not is_logged_in(client)
    response = client.get(f"/g/{world.group_a.id}/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")

    response = client.post("/accounts/login/verify/", {"token": wrong_code(key)})
    assert response.status_code == 200
    assert response.context["error"]
    assert not is_logged_in(client)
    assert client.get(f"/g/{world.group_a.id}/").status_code == 302

    device.refresh_from_db()
    device.throttle_reset()
    # The code used to turn two-step on may not be replayed; the app's next code (30 s on) is taken.
    response = client.post("/accounts/login/verify/", {"token": code_at(key, drift=1)})
    assert response.status_code == 302
    assert is_logged_in(client)
    response = client.get(f"/g/{world.group_a.id}/")
    assert response.status_code == 200
    assert response.wsgi_request.user == user
    assert response.wsgi_request.user.is_verified()


def test_verify_without_a_password_step_goes_to_login(world):
    response = Client().post("/accounts/login/verify/", {"token": "123456"})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/"


def test_a_used_code_cannot_be_replayed(world):
    device = TOTPDevice.objects.create(user=world.treasurer, name="phone", confirmed=True)
    first = Client()
    login(first, world.treasurer)
    code = code_at(device.bin_key)
    assert first.post("/accounts/login/verify/", {"token": code}).status_code == 302

    second = Client()
    login(second, world.treasurer)
    response = second.post("/accounts/login/verify/", {"token": code})
    assert response.status_code == 200
    assert not is_logged_in(second)


def test_two_step_setup_needs_login(db):
    response = Client().get("/accounts/two-step/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


# --- production settings ---------------------------------------------------------------------------------


def random_text(length: int) -> str:
    return "".join(secrets.choice(string.ascii_letters + string.digits + "!@#%^&*(-_=+)") for _ in range(length))


def check_deploy(tmp_path, **env):
    # A clean production environment: none of the test run's own settings (conftest.py sets
    # DJANGO_ALLOW_ASYNC_UNSAFE for Playwright, which check --deploy rightly refuses).
    ours = {"DEBUG", "SECRET_KEY", "FIELD_ENCRYPTION_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE", "SECURE_SSL_REDIRECT"}
    environ = {k: v for k, v in os.environ.items() if k not in ours and not k.startswith("AXES_")}
    environ.update(
        DEBUG="0",
        ALLOWED_HOSTS="example.org",
        DATABASE_URL=f"sqlite:///{tmp_path / 'x.sqlite3'}",
        SAJJA_VAR_DIR=str(tmp_path / "var"),
        DJANGO_SETTINGS_MODULE="sajja.settings",
        **env,
    )
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env=environ,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    result = check_deploy(tmp_path, SECRET_KEY=random_text(50), FIELD_ENCRYPTION_KEY=random_text(40))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_refuses_the_secret_key_as_field_key(tmp_path):
    key = random_text(50)
    result = check_deploy(tmp_path, SECRET_KEY=key, FIELD_ENCRYPTION_KEY=key)
    assert result.returncode != 0
    assert "sajja.E001" in result.stdout + result.stderr


def test_check_deploy_refuses_a_short_field_key(tmp_path):
    result = check_deploy(tmp_path, SECRET_KEY=random_text(50), FIELD_ENCRYPTION_KEY=random_text(20))
    assert result.returncode != 0
    assert "sajja.E001" in result.stdout + result.stderr


def test_production_settings_refuse_to_start_without_a_field_key(tmp_path):
    result = check_deploy(tmp_path, SECRET_KEY=random_text(50))
    assert result.returncode != 0
    assert "FIELD_ENCRYPTION_KEY must be set" in result.stderr


# --- audit admin -----------------------------------------------------------------------------------------


def test_anonymous_admin_goes_to_our_login_page(db):
    response = Client().get("/admin/", follow=True)
    assert response.redirect_chain[-1][0] == "/accounts/login/?next=/admin/"
    assert response.status_code == 200
    assert "accounts/login.html" in [tpl.name for tpl in response.templates]


def test_admin_logs_in_through_our_page_and_reaches_the_admin(world):
    client = Client()
    response = client.get("/admin/", follow=True)
    next_url = response.context["next"]
    response = client.post(
        "/accounts/login/", {"username": "admin", "password": t.password_of(world.admin), "next": next_url}, follow=True
    )
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == "/admin/"
    assert response.wsgi_request.path == "/admin/"


def test_admin_sees_the_audit_log(world):
    t.make_member(world.group_a, actor=world.treasurer, number=7301)
    client = Client()
    client.force_login(world.admin)
    response = client.get("/admin/auditlog/logentry/")
    assert response.status_code == 200
    assert response.context["cl"].result_count >= 1


@pytest.mark.parametrize("who", ["treasurer", "officer", "member_user"])
def test_non_staff_cannot_reach_the_admin(world, who):
    client = Client()
    client.force_login(getattr(world, who))
    response = client.get("/admin/auditlog/logentry/")
    assert response.status_code == 302
    response = client.get("/admin/auditlog/logentry/", follow=True)
    assert response.status_code == 403
    assert all(not url.startswith("/admin/auditlog") for url, _status in response.redirect_chain)
