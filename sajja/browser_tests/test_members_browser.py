"""A treasurer on a phone adds a member and finds them again by a Thai name."""

import datetime as dt

import pytest

from sajja.core import testing as t
from sajja.members.models import Member

from .conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, base_url, user):
    page.goto(f"{base_url}/accounts/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", t.password_of(user))
    page.click("main button[type=submit]")


def test_treasurer_adds_a_member_and_finds_them_on_a_phone(live_server, phone, laptop):
    group = t.make_group()
    treasurer = t.make_committee(group, "treasurer", "treasurer")
    for name in ("กาญจนา", "สมชาย", "บุญมี"):
        t.make_member(group, first_name=name)

    page = phone
    log_in(page, live_server.url, treasurer)
    page.wait_for_url(f"{live_server.url}/g/{group.id}/")
    assert page.locator("html").get_attribute("lang") == "th"

    page.goto(f"{live_server.url}/g/{group.id}/members/new/")
    page.fill("#id_number", "๑๕๑")  # Thai digits, as a Thai keyboard types them
    page.select_option("#id_title", "นางสาว")
    page.fill("#id_first_name", "ลำดวน")
    page.fill("#id_last_name", "ศรีสุข")
    page.fill("#id_national_id", t.national_id(424242))
    page.fill("#id_birth_date", "05/03/2512")  # Buddhist Era
    page.select_option("#id_sex", "F")
    page.fill("#id_joined_on", "01/06/2569")
    page.fill("#id_phone", "081-234-5678")
    page.click("main button[type=submit]")
    page.wait_for_url(f"{live_server.url}/g/{group.id}/members/*/")
    assert "ลำดวน" in page.inner_text("h1")

    member = Member.objects.get(group=group, number=151)
    assert (member.first_name, member.birth_date, member.joined_on) == (
        "ลำดวน",
        dt.date(1969, 3, 5),
        dt.date(2026, 6, 1),
    )
    assert member.phone == "0812345678"

    page.goto(f"{live_server.url}/g/{group.id}/members/")
    page.fill("#q", "ลำด")
    page.wait_for_function("document.querySelectorAll('#member-rows tbody tr').length === 1")
    rows = page.locator("#member-rows tbody tr")
    assert "ลำดวน ศรีสุข" in rows.first.inner_text()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"the member list scrolls sideways on a phone ({width}px)"
    shot = screenshot(page, "member-search-360")
    assert shot.stat().st_size > 10_000

    log_in(laptop, live_server.url, treasurer)
    laptop.goto(f"{live_server.url}/g/{group.id}/members/")
    names = laptop.locator("#member-rows tbody tr td:nth-child(2)").all_inner_texts()
    firsts = [n.split()[0] for n in names]
    treasurer_name = "นาง" + treasurer.memberships.get().first_name  # สมศรี…: ศ sorts after ช
    assert firsts == ["นางกาญจนา", "นางบุญมี", "นางสาวลำดวน", "นางสมชาย", treasurer_name]
    screenshot(laptop, "member-list-1280")
