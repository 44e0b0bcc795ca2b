"""The tenancy fence on this app's routes alone (the project-wide ``core/tests/test_tenancy.py``
covers every app and stops at the first app that fails; this one reports ours on its own)."""

import pytest
from django.test import Client

from sajja.api.models import ApiToken
from sajja.core.tests.test_tenancy import OUTSIDERS, UNIVERSAL_BODY, fill, group_routes, targets  # noqa: F401

APP_MARKS = ("proceedings",)


def own_routes():
    return [(r, p) for r, p in group_routes() if any(mark in r for mark in APP_MARKS)]


@pytest.mark.parametrize("who", OUTSIDERS)
def test_outsiders_refused(world, targets, who):  # noqa: F811
    user = getattr(world, who)
    pages, api = Client(), Client(HTTP_AUTHORIZATION=f"Bearer {ApiToken.issue(user)}")
    pages.force_login(user)
    routes = own_routes()
    assert len(routes) >= 10
    for route, _p in routes:
        url = fill(route, targets)
        client = api if route.startswith("api/") else pages
        for method in ("get", "post", "put", "delete"):
            response = getattr(client, method)(url, data=UNIVERSAL_BODY, content_type="application/json")
            assert response.status_code in (403, 404, 405), (who, method, url, response.status_code)


def test_insider_reaches_every_get(world, targets):  # noqa: F811
    pages, api = Client(), Client(HTTP_AUTHORIZATION=f"Bearer {ApiToken.issue(world.treasurer_b)}")
    pages.force_login(world.treasurer_b)
    for route, _p in own_routes():
        response = (api if route.startswith("api/") else pages).get(fill(route, targets))
        if response.status_code != 405:
            assert response.status_code in (200, 302), (route, response.status_code)
