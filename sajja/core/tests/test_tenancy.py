"""Tenancy: every page and API route about a group refuses people from outside the group.

The URL patterns are enumerated, so a new route that forgets ``group_view``/``group_route`` (or a
new route that is not about a group and is not on the short list below) fails this suite.
"""

import datetime as dt
import importlib

import pytest
from django.apps import apps
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from sajja.api.api import api
from sajja.api.models import ApiToken
from sajja.core import testing as t
from sajja.core.tenancy import Access, compute_grants, group_access
from sajja.household_accounts.models import Entry as BookEntry
from sajja.household_accounts.models import Plan as BookPlan
from sajja.household_accounts.selectors import categories as hh_categories
from sajja.ledger.models import Account, JournalEntry
from sajja.ledger.services import LineIn, entry_post
from sajja.loans.models import Loan, LoanRequest
from sajja.members.models import Household, Member
from sajja.savings.models import DepositAccount, Fine

# Routes that are not about one group, each with the reason it needs no group fence.
UNSCOPED = {
    "": "home: lists only the user's own groups (visible_groups)",
    "accounts/login/": "login",
    "accounts/login/verify/": "second login step",
    "accounts/logout/": "logout",
    "accounts/two-step/": "the user's own two-step set-up",
    "i18n/setlang/": "language switch",
    "api/v1/": "API root",
    "api/v1/openapi.json": "API schema",
    "api/v1/docs": "API docs",
    "api/v1/auth/token": "log in for a token",
    "api/v1/me": "the user's own roles",
    "api/v1/groups": "lists only the user's own groups (visible_groups)",
    "api/v1/health": "liveness probe, no data",
}
ADMIN_PREFIX = "admin/"  # the Django admin: superusers only (is_staff checked by the admin site)

# Every field any write route reads; pydantic ignores the rest, so one body fits every route and
# the fence, not body validation, decides the answer.
UNIVERSAL_BODY = {
    "number": 9001,
    "title": "นาย",
    "first_name": "ผู้บุกรุก",
    "last_name": "ข้ามรั้ว",
    "national_id": t.national_id(990001),
    "birth_date": "01/01/2500",
    "sex": "ชาย",
    "joined_on": "01/01/2560",
    "status": "left",
    "date": "01/01/2569",
    "reason": "test",
    "house_number": "999",
    "rows": [],
    "dry_run": False,
    "memo": "ข้ามรั้ว",
    "lines": [{"account": "1101", "debit": "1"}, {"account": "2101", "credit": "1"}],
    "amount": "100",
    "effective_from": "01/01/2569",
    "note": "ข้ามรั้ว",
    "method": "cash",
    "fines": [],
    "scope": "all",
    "resolution": "ข้ามรั้ว",
    "product": "savings",
    "paid_to": "ข้ามรั้ว",
    "through": "01/01/2569",
    "action": "post",
    "value": "1",
    "key": "ข้ามรั้ว-key",
    "periods": [],
    "payments": [],
    # household accounts (API)
    "category": 1,
    "categories": [1],
    "kind": "spend_less",
    "target": "30",
    "first_month": "2026-01",
    "last_month": "2026-12",
    "for_occupation": False,
    "in_kind": False,
    "in_village_picture": True,
    "helper_user_id": 1,
    "next": "/",  # household book pages: where a delete returns to
    "helper": "1",  # household book pages: sharing, categories
    "name_th": "ข้ามรั้ว",
    "name_en": "fence",
    "icon": "🐟",
    # loans (API and the loan pages)
    "member": 1,
    "term_months": 12,
    "purpose": "ข้ามรั้ว",
    "guarantors": [],
    "vote": "approve",
    "decision": "approve",
    "guarantor": 1,
    "from_held_savings": False,
}


def all_patterns(resolvers=None, prefix=""):
    for entry in resolvers if resolvers is not None else get_resolver().url_patterns:
        if isinstance(entry, URLResolver):
            yield from all_patterns(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry


def fill(route: str, values: dict) -> str:
    url = route
    for key, value in values.items():
        url = url.replace(f"<int:{key}>", str(value)).replace(f"<{key}>", str(value))
    assert "<" not in url, f"no test value for a parameter of {route}: add one to the tenancy test"
    return "/" + url.lstrip("^").rstrip("$")


def group_routes():
    return [(route, p) for route, p in all_patterns() if "group_id" in route]


def test_every_route_is_classified():
    unknown = [
        route
        for route, _p in all_patterns()
        if "group_id" not in route and not route.startswith(ADMIN_PREFIX) and route not in UNSCOPED
    ]
    assert unknown == [], f"routes neither about a group nor on the unscoped list: {unknown}"


def test_every_group_page_and_api_route_declares_its_access():
    pages = [p for route, p in group_routes() if not route.startswith("api/")]
    assert len(pages) >= 10
    for pattern in pages:
        assert hasattr(pattern.callback, "sajja_min_access"), f"{pattern.name} lacks tenancy.group_view"
    operations = [
        op
        for _prefix, router in api._routers
        for path, path_view in router.path_operations.items()
        if "{group_id}" in path
        for op in path_view.operations
    ]
    assert len(operations) >= 10
    for op in operations:
        assert hasattr(op.view_func, "sajja_min_access"), f"API {op.view_func.__name__} lacks group_route"


@pytest.fixture
def targets(world):
    """Group B's ids to aim at, and a household in it."""
    household = Household.objects.create(group=world.group_b, house_number="77")
    # Group B's treasurer lives in it: only a household's own people open its book, so the insider
    # test reaches the household book routes as someone who keeps that book.
    Member.objects.filter(group=world.group_b, user=world.treasurer_b).update(household=household)
    entry = entry_post(
        group=world.group_b,
        date=dt.date(2026, 1, 5),
        memo="สัจจะ",
        actor=world.treasurer_b,
        lines=[LineIn("cash", debit=10000), LineIn("pledge", credit=10000)],
    )
    # Savings records of group B (made around the services: tenancy is what is tested here).
    deposit = DepositAccount.objects.create(
        group=world.group_b, member=world.member_b, product="savings", opened_on=world.member_b.joined_on
    )
    fine = Fine.objects.create(
        group=world.group_b,
        member=world.member_b,
        kind=Fine.Kind.MISSED_PLEDGE,
        period=dt.date(2026, 1, 1),
        amount=500,
        assessed_on=dt.date(2026, 1, 5),
        entry=entry,
    )
    # A household book of group B: an entry and a plan.
    food = next(c for c in hh_categories(world.group_b) if c.code == "food")
    book_entry = BookEntry.objects.create(
        group=world.group_b, household=household, date=dt.date(2026, 1, 5), kind="expense", category=food,
        amount=5000, created_by=world.treasurer_b,
    )  # fmt: skip
    plan = BookPlan.objects.create(
        group=world.group_b, household=household, title="ลดค่าเหล้า", kind="spend_less", target=3000,
        first_month=dt.date(2026, 1, 1), last_month=dt.date(2026, 12, 1), created_by=world.treasurer_b,
    )  # fmt: skip
    # A loan request and a loan of group B.
    loan_request = LoanRequest.objects.create(
        group=world.group_b, member=world.member_b, kind="ordinary", amount=100000, term_months=12, purpose="ปุ๋ย",
        requested_on=dt.date(2026, 1, 5), created_by=world.treasurer_b,
    )  # fmt: skip
    loan = Loan.objects.create(
        group=world.group_b, request=loan_request, member=world.member_b, kind="ordinary", principal=100000,
        rate_bp_month=100, method="declining", instalments=12, disbursed_on=dt.date(2026, 1, 5), entry=entry,
        created_by=world.treasurer_b,
    )  # fmt: skip
    values = {
        "group_id": world.group_b.id,
        "request_id": loan_request.id,
        "loan_id": loan.id,
        "book_entry_id": book_entry.id,
        "plan_id": plan.id,
        "category_id": food.id,
        "member_id": world.member_b.id,
        "deposit_id": deposit.id,
        "fine_id": fine.id,
        "key": "entry_fee",
        "household_id": household.id,
        "account_id": Account.objects.get(group=world.group_b, code="1101").id,
        "entry_id": entry.id,
    }
    # Later apps add their own records of group B: ``sajja/<app>/tests/tenancy_targets.py`` with
    # ``targets(world) -> dict`` of URL keyword -> id (keywords must not clash with the ones above).
    for config in apps.get_app_configs():
        if config.name.startswith("sajja."):
            try:
                module = importlib.import_module(f"{config.name}.tests.tenancy_targets")
            except ModuleNotFoundError as error:
                if error.name != f"{config.name}.tests.tenancy_targets" and error.name != f"{config.name}.tests":
                    raise
                continue
            extra = module.targets(world)
            # ... and may add fields to the body sent to every route (``BODY``, a dict).
            UNIVERSAL_BODY.update(getattr(module, "BODY", {}))
            clash = set(extra) & set(values)
            assert not clash, f"{config.name} reuses tenancy target keys {clash}"
            values.update(extra)
    return values


OUTSIDERS = ["member_user", "treasurer", "officer", "network_user"]


def group_rows(group) -> dict[str, int]:
    """How many rows of ``group`` every tenant table holds (every model with a ``group``)."""
    return {
        model._meta.label: model.objects.filter(group=group).count()
        for model in apps.get_models()
        if any(field.name == "group" and field.is_relation for field in model._meta.fields)
    }


@pytest.mark.parametrize("who", OUTSIDERS)
def test_outsiders_get_403_or_404_on_every_route_of_another_group(world, targets, who):
    user = getattr(world, who)
    page_client = Client()
    page_client.force_login(user)
    token = ApiToken.issue(user)
    api_client = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    members_before = Member.objects.filter(group=world.group_b).count()
    rows_before = group_rows(world.group_b)
    tried = 0
    for route, _pattern in group_routes():
        url = fill(route, targets)
        client = api_client if route.startswith("api/") else page_client
        for method in ("get", "post", "put", "delete"):
            if method in ("put", "delete") and not route.startswith("api/"):
                continue
            response = getattr(client, method)(url, data=UNIVERSAL_BODY, content_type="application/json")
            tried += 1
            assert response.status_code in (403, 404, 405), (who, method, url, response.status_code)
    assert tried >= 30
    assert Member.objects.filter(group=world.group_b).count() == members_before
    assert JournalEntry.objects.filter(group=world.group_b).count() == 1
    assert group_rows(world.group_b) == rows_before  # no table of any app gained or lost a row of group B
    assert Member.objects.get(id=world.member_b.id).status == Member.Status.ACTIVE


def test_the_insider_reaches_every_get_route(world, targets):
    """The same URLs answer 200 to group B's treasurer: the refusals above are the fence, not broken URLs."""
    client = Client()
    client.force_login(world.treasurer_b)
    api_client = Client(HTTP_AUTHORIZATION=f"Bearer {ApiToken.issue(world.treasurer_b)}")
    for route, _pattern in group_routes():
        url = fill(route, targets)
        response = (api_client if route.startswith("api/") else client).get(url)
        if response.status_code == 405:  # POST-only route
            continue
        assert response.status_code in (200, 302), (url, response.status_code)


def test_access_levels_by_role(world):
    a, b = world.group_a.id, world.group_b.id
    assert group_access(world.treasurer, a) == Access.MANAGE
    assert group_access(world.vice, a) == Access.MANAGE
    assert group_access(world.auditor, a) == Access.READ
    assert group_access(world.officer, a) == Access.READ
    assert group_access(world.member_user, a) == Access.SELF
    assert group_access(world.network_user, a) == Access.SUMMARY
    assert group_access(world.admin, b) == Access.MANAGE
    for user in (world.treasurer, world.officer, world.member_user, world.network_user):
        assert group_access(user, b) == Access.NONE


def test_roles_follow_their_dates(world):
    """A committee term that ended, a member who left: the access goes with them."""
    seat = world.treasurer.memberships.get().committee_seats.get()
    seat.end_date = dt.date(2021, 12, 31)
    seat.save()
    assert compute_grants(world.treasurer).access(world.group_a.id) == Access.SELF
    later = compute_grants(world.treasurer, day=dt.date(2021, 6, 1))
    assert later.access(world.group_a.id) == Access.MANAGE
    member = world.member
    member.status, member.status_date, member.status_reason = "left", dt.date(2024, 1, 1), "moved"
    member.save()
    assert compute_grants(world.member_user).access(world.group_a.id) == Access.NONE
