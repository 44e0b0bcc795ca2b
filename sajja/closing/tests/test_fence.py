"""The tenancy fence of the year-end routes alone (the project-wide ``core/tests/test_tenancy.py``
covers them too; this runs while other apps are half-built): outsiders get 403/404 on every
closing page and API route of another group, and group B's treasurer reaches every GET route."""

import pytest
from django.test import Client

from sajja.api.models import ApiToken
from sajja.closing.models import AllocationPlan, FiscalYear
from sajja.core.tests.test_tenancy import OUTSIDERS, UNIVERSAL_BODY, fill, group_routes

from .tenancy_targets import BODY, targets


def closing_routes():
    return [(route, p) for route, p in group_routes() if "closing" in route]


@pytest.fixture
def aims(world):
    return {"group_id": world.group_b.id, **targets(world)}


@pytest.mark.parametrize("who", OUTSIDERS)
def test_outsiders_get_403_or_404(world, aims, who):
    user = getattr(world, who)
    page_client = Client()
    page_client.force_login(user)
    api_client = Client(HTTP_AUTHORIZATION=f"Bearer {ApiToken.issue(user)}")
    body = {**UNIVERSAL_BODY, **BODY}
    routes = closing_routes()
    assert len(routes) >= 15
    for route, _pattern in routes:
        url = fill(route, aims)
        client = api_client if route.startswith("api/") else page_client
        for method in ("get", "post"):
            response = getattr(client, method)(url, data=body, content_type="application/json")
            assert response.status_code in (403, 404, 405), (who, method, url, response.status_code)
    assert list(AllocationPlan.objects.values_list("status", flat=True)) == ["draft"]
    assert FiscalYear.objects.get().status == "open"


def test_the_insider_reaches_every_get_route(world, aims):
    client = Client()
    client.force_login(world.treasurer_b)
    api_client = Client(HTTP_AUTHORIZATION=f"Bearer {ApiToken.issue(world.treasurer_b)}")
    for route, _pattern in closing_routes():
        url = fill(route, aims)
        response = (api_client if route.startswith("api/") else client).get(url)
        if response.status_code == 405:
            continue
        assert response.status_code in (200, 302), (url, response.status_code)
