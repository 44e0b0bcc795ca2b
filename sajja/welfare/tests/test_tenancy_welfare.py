"""The tenancy fence on this app's routes alone (the whole-project ``core/tests/test_tenancy.py``
runs the same checks on every route; this one runs while other apps' routes are being built)."""

import pytest
from django.test import Client

from sajja.api.models import ApiToken
from sajja.core.tests.test_tenancy import UNIVERSAL_BODY, fill, group_routes
from sajja.ledger.models import JournalEntry
from sajja.welfare.models import FundReceipt, WelfareClaim

from . import tenancy_targets

MINE = ("welfare", "annual-report")


def _routes():
    return [(route, p) for route, p in group_routes() if any(part in route for part in MINE)]


@pytest.fixture
def targets(world):
    values = {"group_id": world.group_b.id, "member_id": world.member_b.id}
    values.update(tenancy_targets.targets(world))
    return values


def test_my_routes_exist():
    routes = [route for route, _p in _routes()]
    assert len([r for r in routes if not r.startswith("api/")]) >= 10
    assert len([r for r in routes if r.startswith("api/")]) >= 10


@pytest.mark.parametrize("who", ["member_user", "treasurer", "officer", "network_user"])
def test_outsiders_are_refused(world, targets, who):
    user = getattr(world, who)
    page_client = Client()
    page_client.force_login(user)
    api_client = Client(HTTP_AUTHORIZATION=f"Bearer {ApiToken.issue(user)}")
    body = {**UNIVERSAL_BODY, **tenancy_targets.BODY}
    entries = JournalEntry.objects.filter(group=world.group_b).count()
    for route, _pattern in _routes():
        url = fill(route, targets)
        client = api_client if route.startswith("api/") else page_client
        for method in ("get", "post", "put"):
            if method == "put" and not route.startswith("api/"):
                continue
            response = getattr(client, method)(url, data=body, content_type="application/json")
            assert response.status_code in (403, 404, 405), (who, method, url, response.status_code)
    assert JournalEntry.objects.filter(group=world.group_b).count() == entries
    assert WelfareClaim.objects.get(group=world.group_b).status == "pending"
    assert not FundReceipt.objects.filter(group=world.group_b).exists()


def test_the_insider_reaches_every_get_route(world, targets):
    client = Client()
    client.force_login(world.treasurer_b)
    api_client = Client(HTTP_AUTHORIZATION=f"Bearer {ApiToken.issue(world.treasurer_b)}")
    for route, _pattern in _routes():
        url = fill(route, targets)
        response = (api_client if route.startswith("api/") else client).get(url)
        if response.status_code == 405:
            continue
        assert response.status_code in (200, 302), (url, response.status_code)
