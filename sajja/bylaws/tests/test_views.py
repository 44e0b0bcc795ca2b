"""The bylaws pages: who sees them, a change with its history, refusals, and a past-dated
calculation that keeps the old value."""

import datetime as dt

import pytest
from django.conf import settings
from django.urls import reverse

from sajja.bylaws.models import Bylaw
from sajja.core import testing as t
from sajja.core.thai import format_date
from sajja.ledger.models import JournalEntry, JournalLine


@pytest.fixture
def en_client(client, world):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(world.treasurer)
    return client


def page_url(world) -> str:
    return reverse("bylaws", args=[world.group_a.id])


def set_url(world, key: str) -> str:
    return reverse("bylaw_set", args=[world.group_a.id, key])


def row(response, key: str) -> dict:
    for _section, rows in response.context["sections"]:
        for item in rows:
            if item["setting"].key == key:
                return item
    raise AssertionError(key)


def errors(response) -> dict:
    assert response.status_code == 200, response.status_code
    return {field: [str(m) for m in messages] for field, messages in response.context["form"].errors.items()}


def test_who_sees_the_bylaws(client, world):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    for who, status, links in (("treasurer", 200, True), ("auditor", 200, False), ("officer", 200, False)):
        client.force_login(getattr(world, who))
        response = client.get(page_url(world))
        assert response.status_code == status
        body = response.content.decode()
        assert "template default, not yet voted" in body
        assert "20.00 baht" in body  # the entry fee's template default
        assert (set_url(world, "entry_fee") in body) is links
        assert (f'href="{page_url(world)}"' in body) is True  # the nav link
    for who in ("member_user", "network_user"):
        client.force_login(getattr(world, who))
        assert client.get(page_url(world)).status_code == 403
        assert client.get(set_url(world, "entry_fee")).status_code == 403


@pytest.mark.parametrize("who", ["auditor", "member_user", "officer"])
def test_only_managers_change_a_bylaw(client, world, who):
    client.force_login(getattr(world, who))
    data = {"value": "50", "effective_from": "01/01/2568", "resolution": "x"}
    assert client.post(set_url(world, "entry_fee"), data).status_code == 403
    assert Bylaw.objects.count() == 0


def test_a_change_shows_with_its_history_and_past_dates_keep_the_old_value(en_client, world):
    target = set_url(world, "entry_fee")
    form = en_client.get(target)
    assert form.context["form"].initial["value"] == "20.00"
    key = form.context["form"].initial["key"]
    first = {"value": "๕๐", "effective_from": "01/06/2568", "resolution": "ประชุมใหญ่ 1/2568", "key": key}
    assert en_client.post(target, first).status_code == 302
    assert en_client.post(target, first).status_code == 302  # a double click: one value
    assert Bylaw.objects.filter(key="entry_fee").count() == 1
    assert (
        en_client.post(
            target, {"value": "60", "effective_from": "01/01/2569", "resolution": "ประชุมใหญ่ 1/2569"}
        ).status_code
        == 302
    )

    page = en_client.get(page_url(world))
    entry_fee = row(page, "entry_fee")
    assert entry_fee["decided"].value == 6000
    assert entry_fee["decided"].effective_from == dt.date(2026, 1, 1)
    assert [(o["value"], o["bylaw"].resolution) for o in entry_fee["older"]] == [("50.00 baht", "ประชุมใหญ่ 1/2568")]
    body = page.content.decode()
    assert "60.00 baht" in body
    assert "ประชุมใหญ่ 1/2569" in body
    assert "ประชุมใหญ่ 1/2568" in body

    # The entry fee page charges what the bylaws said on the day of payment.
    paid = {}
    for n, day in enumerate((dt.date(2025, 3, 1), dt.date(2025, 7, 1), dt.date(2026, 2, 1))):
        member = t.make_member(world.group_a, seed=7000 + n, number=7000 + n, joined_on=dt.date(2025, 1, 1))
        response = en_client.post(
            reverse("savings_entry_fee", args=[world.group_a.id, member.id]),
            {"date": format_date(day), "method": "cash"},
        )
        assert response.status_code == 302
        paid[day] = JournalLine.objects.get(member=member, credit__gt=0).credit
    assert paid == {dt.date(2025, 3, 1): 2000, dt.date(2025, 7, 1): 5000, dt.date(2026, 2, 1): 6000}


def test_each_kind_of_value(en_client, world):
    cases = [
        ("deposit.savings.rate", {"value": "2.5"}, 250),
        ("pledge.change_months", {"value": ["1", "7"]}, [1, 7]),
        ("deposit.savings.posting", {"value": "quarterly"}, "quarterly"),
        ("pledge.grace_days", {"value": "๓"}, 3),
        ("pledge.maximum", {"value": "1,000"}, 100000),
    ]
    for key, data, stored in cases:
        response = en_client.post(
            set_url(world, key), {**data, "effective_from": "01/01/2569", "resolution": "ประชุมใหญ่ 1/2569"}
        )
        assert response.status_code == 302, (key, errors(response))
        assert Bylaw.objects.get(key=key).value == stored
    months = en_client.get(set_url(world, "pledge.change_months"))
    assert months.context["form"].initial["value"] == ["1", "7"]
    body = en_client.get(page_url(world)).content.decode()
    assert "2.50%" in body
    assert "January, July" in body
    assert "every three months" in body


@pytest.mark.parametrize(
    ("key", "data", "field", "message"),
    [
        ("entry_fee", {"value": "abc"}, "value", "“abc” is not an amount of money."),
        (
            "entry_fee",
            {"value": "1.5", "resolution": ""},
            "resolution",
            "Name the resolution that approved this value.",
        ),
        ("deposit.savings.rate", {"value": "2.555"}, "value", "A percentage can have at most two decimals."),
        ("deposit.savings.rate", {"value": "16"}, "value", "The value must be from 0.00% to 15.00%."),
        ("pledge.change_months", {"value": []}, "value", "Choose at least one month (1 to 12)."),
        ("pledge.minimum", {"value": "600"}, "value", "The smallest pledge cannot be above the largest."),
        ("pledge.grace_days", {"value": "-1"}, "value", "The value must be from 0 to 27."),
        ("entry_fee", {"value": "10", "effective_from": "31/02/2569"}, "effective_from", None),
    ],
)
def test_refusals_write_nothing(en_client, world, key, data, field, message):
    body = {"effective_from": "01/01/2569", "resolution": "ประชุมใหญ่ 1/2569", **data}
    response = en_client.post(set_url(world, key), body)
    found = errors(response)
    assert field in found, found
    if message:
        assert found[field] == [message]
    assert Bylaw.objects.count() == 0
    assert JournalEntry.objects.count() == 0


def test_unknown_setting_is_404(en_client, world):
    assert en_client.get(set_url(world, "no.such.setting")).status_code == 404
    assert en_client.post(set_url(world, "no.such.setting"), {"value": "1"}).status_code == 404
