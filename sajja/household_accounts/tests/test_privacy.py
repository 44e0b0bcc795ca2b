"""Privacy of household accounts (issue 9, "tests that must exist").

1. Nobody but the household reaches its book: every URL pattern of the app (names ``hh_*``, views
   of ``sajja.household_accounts``) and every route of its API router (walked from the resolver and
   cross-checked against the ninja router), called with GET, POST, PUT and DELETE by the group's
   treasurer, its audit committee, the district officer, the network committee and a superuser,
   answers 403/404/405 wherever it names the household, and no answer anywhere carries the
   household's notes, amounts or plan; nothing of the household is changed. The household's own
   member then gets 200 on the same GET routes, so the refusals are the fence, not broken URLs.
2. The village picture withholds every figure resting on fewer than 5 consenting households, and a
   household that did not consent never changes a figure.
"""

import dataclasses
import datetime as dt
import json

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from sajja.api.api import api
from sajja.api.models import ApiToken
from sajja.core.tenancy import Access
from sajja.household_accounts import selectors, services
from sajja.household_accounts.api import router
from sajja.household_accounts.models import Entry, Plan, Sharing
from sajja.members.models import Household

TODAY = dt.date(2026, 11, 25)
# What the household wrote: none of it may appear in an answer to anyone else.
SECRET_NOTES = ("เงินเดือนลับ-ABC", "ค่าหวยลับ-XYZ")
SECRET_PLAN = "แผนลับ-QRS"
INCOME, SPENDING, PLAN_TARGET = 987654, 135791, 246813  # satang: 9,876.54 / 1,357.91 / 2,468.13 baht
SECRETS = (
    *SECRET_NOTES,
    SECRET_PLAN,
    "9876.54", "9,876.54", "1357.91", "1,357.91", "2468.13", "2,468.13",
    "8518.63", "8,518.63",  # what was left over
    "86.25",  # the savings rate, percent
)  # fmt: skip
OTHERS = ("treasurer", "auditor", "officer", "network_user", "admin")
METHODS = ("get", "post", "put", "delete")
IDS = ("household_id", "book_entry_id", "plan_id")  # a route naming one of these is about one household
API_PREFIX = "api/v1"


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    real = timezone.localdate

    def localdate(value=None, timezone=None):
        return TODAY if value is None else real(value, timezone)

    monkeypatch.setattr("django.utils.timezone.localdate", localdate)
    cache.clear()
    yield
    cache.clear()


# --- the routes -----------------------------------------------------------------------------------


def _patterns(entries=None, prefix=""):
    for entry in entries if entries is not None else get_resolver().url_patterns:
        if isinstance(entry, URLResolver):
            yield from _patterns(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry


def _is_book_page(route: str, pattern: URLPattern) -> bool:
    module = getattr(pattern.callback, "__module__", "") or ""
    return (pattern.name or "").startswith("hh_") or module.startswith("sajja.household_accounts")


def _router_routes() -> set[str]:
    """The household accounts router's paths, in the resolver's spelling."""
    return {
        API_PREFIX + path.replace("{", "<").replace("}", ">")
        for path in router.path_operations
        if router.path_operations[path].operations
    }


def _min_access(route: str) -> Access:
    """The access level the route's view declares (``group_view``/``group_route``)."""
    levels = [getattr(p.callback, "sajja_min_access", None) for r, p in _patterns() if r == route]
    levels += [
        getattr(op.view_func, "sajja_min_access", None)
        for path, view in router.path_operations.items()
        if API_PREFIX + path.replace("{", "<").replace("}", ">") == route
        for op in view.operations
    ]
    return min((level for level in levels if level is not None), default=Access.MANAGE)


def book_routes() -> list[str]:
    """Every page and API route of the household accounts app, each once."""
    found = []
    for route, pattern in _patterns():
        is_api = route.startswith(API_PREFIX + "/") and "/book/" in route
        if (is_api or (not route.startswith("api/") and _is_book_page(route, pattern))) and route not in found:
            found.append(route)
    return found


def fill(route: str, values: dict) -> str:
    url = route
    for key, value in values.items():
        url = url.replace(f"<int:{key}>", str(value)).replace(f"<{key}>", str(value))
    assert "<" not in url, f"no value for a parameter of {route}"
    return "/" + url.lstrip("^").rstrip("$")


def test_the_walk_finds_every_route_of_the_router_and_the_pages():
    routes = book_routes()
    api_routes = {r for r in routes if r.startswith(API_PREFIX)}
    assert api_routes == _router_routes()
    assert len(api_routes) >= 10
    # The router is mounted (the API lists it) and every operation passes through group_route.
    assert any(r is router for _prefix, r in api._routers)
    for path_view in router.path_operations.values():
        for operation in path_view.operations:
            assert hasattr(operation.view_func, "sajja_min_access"), operation.view_func.__name__
    pages = [r for r in routes if not r.startswith("api/")]
    assert all(r.startswith("g/<int:group_id>/") for r in pages), pages


# --- the household and the people around it ------------------------------------------------------


@dataclasses.dataclass
class Kept:
    household: Household
    values: dict
    body: dict


@pytest.fixture
def kept(world):
    """World's member keeps the book of house no. 12: two entries, a plan, and consent to the
    village picture (so the picture's door is exercised too)."""
    household = Household.objects.create(group=world.group_a, house_number="12")
    world.member.household = household
    world.member.save(update_fields=["household"])
    cats = {c.code: c for c in selectors.categories(world.group_a)}
    services.entry_add(
        household=household, date=dt.date(2026, 11, 2), category=cats["wages"], amount=INCOME,
        note=SECRET_NOTES[0], actor=world.member_user,
    )  # fmt: skip
    entry = services.entry_add(
        household=household, date=dt.date(2026, 11, 3), category=cats["lottery_gambling"], amount=SPENDING,
        note=SECRET_NOTES[1], actor=world.member_user,
    )  # fmt: skip
    plan = services.plan_save(
        household=household, title=SECRET_PLAN, kind="spend_at_most", categories_chosen=[cats["lottery_gambling"]],
        target=PLAN_TARGET, first_month=dt.date(2026, 11, 1), last_month=dt.date(2027, 10, 1), actor=world.member_user,
    )  # fmt: skip
    services.sharing_set(household=household, in_village_picture=True, actor=world.member_user)
    values = {
        "group_id": world.group_a.id,
        "household_id": household.id,
        "book_entry_id": entry.id,
        "plan_id": plan.id,
        "category_id": cats["food"].id,
    }
    # Every field a write of the app reads, aimed at the household (the caller names itself helper).
    body = {
        "date": "05/11/2569", "category": cats["food"].id, "amount": "1", "note": "บุกรุก", "key": "บุกรุก",
        "for_occupation": False, "in_kind": False, "title": "บุกรุก", "kind": "spend_less",
        "categories": [cats["alcohol_tobacco"].id], "target": "30", "first_month": "2026-11",
        "last_month": "2026-12", "in_village_picture": False, "month": "2026-11", "year": "2569",
        "name_th": "หมวดบุกรุก", "name_en": "intruder",
    }  # fmt: skip
    return Kept(household, values, body)


def _state(household) -> tuple:
    """All that is the household's: a refused request leaves it exactly so."""
    sharing = Sharing.objects.get(household=household)
    return (
        sorted(Entry.objects.filter(household=household).values_list("id", "amount", "note", "date", "category_id")),
        sorted(Plan.objects.filter(household=household).values_list("id", "title", "target", "kind")),
        (sharing.in_village_picture, sharing.helper_id),
        Entry.objects.count(),
        Plan.objects.count(),
    )


def _content(response) -> str:
    """The answer as text; JSON decoded (it escapes Thai as ``\\uXXXX``, which would hide a leak)."""
    data = b"".join(response.streaming_content) if response.streaming else response.content
    text = data.decode("utf-8", errors="ignore")
    if response.get("Content-Type", "").startswith("application/json"):
        text = json.dumps(json.loads(text), ensure_ascii=False)
    return text


def _clients(user) -> tuple[Client, Client]:
    page = Client()
    page.force_login(user)
    return page, Client(headers={"Authorization": f"Bearer {ApiToken.issue(user)}"})


def _call(client, method, url, body, *, json: bool, helper_id: int):
    data = {**body, "helper_user_id": helper_id, "helper": helper_id}
    if method == "get":
        return client.get(url)
    if json:
        return getattr(client, method)(url, data, content_type="application/json")
    if method == "post":
        return client.post(url, data)
    return getattr(client, method)(url)


@pytest.mark.parametrize("who", OTHERS)
def test_no_one_else_reaches_the_household_book_by_any_route(world, kept, who):
    user = getattr(world, who)
    page_client, api_client = _clients(user)
    before = _state(kept.household)
    tried = refused = 0
    for route in book_routes():
        url = fill(route, kept.values)
        about_household = any(f"<{k}>" in route or f"<int:{k}>" in route for k in IDS)
        is_api = route.startswith("api/")
        for method in METHODS:
            response = _call(
                api_client if is_api else page_client, method, url, kept.body, json=is_api, helper_id=user.id
            )
            tried += 1
            if about_household:
                assert response.status_code in (403, 404, 405), (who, method, url, response.status_code)
                refused += 1
            else:
                assert response.status_code < 500, (who, method, url, response.status_code)
            content = _content(response)
            leaked = [s for s in SECRETS if s in content]
            assert not leaked, (who, method, url, leaked)
            if is_api and response.status_code == 200 and method == "get" and "/book/households" in url:
                assert kept.household.id not in [h["id"] for h in response.json()]
    assert refused >= 40, refused  # the walk did reach the household's routes
    assert tried >= 4 * len(_router_routes())
    assert _state(kept.household) == before


def test_the_household_itself_reaches_every_get_route(world, kept):
    """The same URLs answer 200 to the household's member: the refusals above are the fence."""
    page_client, api_client = _clients(world.member_user)
    reached = []
    for route in book_routes():
        url = fill(route, kept.values)
        is_api = route.startswith("api/")
        response = (api_client if is_api else page_client).get(url, follow=not is_api)
        if response.status_code == 405:  # a route for POST, PUT or DELETE only
            continue
        if response.status_code == 403 and _min_access(route) > Access.SELF:
            continue  # a page of the committee's (the group's own categories), not of a household
        assert response.status_code == 200, (url, response.status_code)
        assert "/accounts/login/" not in str(getattr(response, "redirect_chain", ""))
        reached.append((url, _content(response)))
    assert len(reached) >= 8
    # And it sees its own notes where the book shows them (the fence hides something real).
    entries = next(content for url, content in reached if url.endswith(f"/households/{kept.household.id}/entries"))
    assert all(note in entries for note in SECRET_NOTES)
    plans = next(content for url, content in reached if url.endswith(f"/households/{kept.household.id}/plans"))
    assert SECRET_PLAN in plans
    assert "2468.13" in plans


# --- the village picture --------------------------------------------------------------------------


def _household(world, number, *, consent, spending, income=500000, alcohol=0, month=dt.date(2026, 11, 1)):
    cats = {c.code: c for c in selectors.categories(world.group_a)}
    household = Household.objects.create(group=world.group_a, house_number=number)
    services.sharing_set(household=household, in_village_picture=consent, actor=world.admin)
    day = month.replace(day=3)
    services.entry_add(household=household, date=day, category=cats["food"], amount=spending, actor=world.admin)
    services.entry_add(household=household, date=day, category=cats["wages"], amount=income, actor=world.admin)
    if alcohol:
        services.entry_add(
            household=household, date=day, category=cats["alcohol_tobacco"], amount=alcohol, actor=world.admin
        )
    return household


def _figures(picture) -> dict:
    """Every figure of the picture (the household counts of the group aside)."""
    return {
        "sharing": picture.sharing,
        "median_spending": picture.median_spending,
        "median_income": picture.median_income,
        "by_category": [(row["category"].code, row["median"], row["households"]) for row in picture.by_category],
        "trend": picture.trend,
    }


def test_four_consenting_households_give_no_figure(world):
    for i in range(4):
        _household(world, f"c{i}", consent=True, spending=100000 + i * 1000)
    picture = selectors.village_picture(world.group_a, TODAY)
    assert (picture.sharing, picture.median_spending, picture.median_income, picture.by_category) == (0, None, None, [])
    assert picture.keeping is None
    assert all(value is None for _month, value in picture.trend)
    # Through the API, as the officer and the treasurer: null figures and the reason.
    for user in (world.officer, world.treasurer):
        body = Client(headers={"Authorization": f"Bearer {ApiToken.issue(user)}"}).get(
            f"/api/v1/groups/{world.group_a.id}/book/village", {"month": "2026-11"}
        )
        data = body.json()
        assert (data["withheld"], data["median_spending"], data["median_income"], data["by_category"]) == (
            True,
            None,
            None,
            [],
        )
        assert data["reason"]["code"] == "too_few_households"
        for secret in ("1000.00", "1010.00", "1020.00", "1030.00", "5000.00"):
            assert secret not in body.content.decode()


def test_five_consenting_households_give_the_figures(world):
    for i in range(5):  # food 1,000 .. 1,040 baht; alcohol for four of them only
        _household(world, f"c{i}", consent=True, spending=100000 + i * 1000, alcohol=5000 if i else 0)
    picture = selectors.village_picture(world.group_a, TODAY)
    # Spending a household: 1,000; 1,060; 1,070; 1,080; 1,090 baht (food and alcohol).
    assert (picture.sharing, picture.keeping, picture.median_spending, picture.median_income) == (5, 5, 107000, 500000)
    by_category = {row["category"].code: (row["median"], row["households"]) for row in picture.by_category}
    assert by_category == {"food": (102000, 5)}  # alcohol: only four households spend on it, withheld
    assert picture.trend[-1] == (dt.date(2026, 11, 1), 107000)
    body = Client(headers={"Authorization": f"Bearer {ApiToken.issue(world.officer)}"}).get(
        f"/api/v1/groups/{world.group_a.id}/book/village", {"month": "2569-11"}
    )
    data = body.json()
    assert (data["withheld"], data["reason"], data["median_spending"], data["sharing"]) == (False, None, "1070.00", 5)


def test_a_household_that_did_not_consent_never_changes_a_figure(world):
    for i in range(5):
        _household(world, f"c{i}", consent=True, spending=100000 + i * 1000)
        _household(world, f"p{i}", consent=True, spending=80000, month=dt.date(2026, 6, 1))  # the trend's months
    before = _figures(selectors.village_picture(world.group_a, TODAY))
    assert before["median_spending"] is not None
    # Households that keep their book private: huge spending, every category, this month and before.
    for i in range(7):
        _household(world, f"n{i}", consent=False, spending=9_000_000, income=1, alcohol=4_000_000)
        _household(world, f"m{i}", consent=False, spending=5_000_000, month=dt.date(2026, 6, 1))
    after = selectors.village_picture(world.group_a, TODAY)
    assert _figures(after) == before
    # ...nor do they count towards the five: four consenting and seven private give no figure.
    Sharing.objects.filter(household__house_number="c0").update(in_village_picture=False)
    withheld = selectors.village_picture(world.group_a, TODAY)
    assert (withheld.median_spending, withheld.by_category, withheld.sharing) == (None, [], 0)
