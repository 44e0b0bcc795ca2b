"""A member writes a spending in their household book on a 360 px phone: three taps (a category
tile, the amount on the keypad, Save), and the entry is in the database."""

import pytest

from sajja.core import testing as t
from sajja.core.tenancy import today
from sajja.household_accounts.models import Entry
from sajja.members.models import Household

from .conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, base_url, user):
    page.goto(f"{base_url}/accounts/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", t.password_of(user))
    page.click("main button[type=submit]")


def test_a_spending_in_three_taps_on_a_phone(live_server, phone, laptop):
    group = t.make_group()
    user = t.make_user("malee")
    member = t.make_member(group, user=user, first_name="มะลิ")
    household = Household.objects.create(group=group, house_number="45/1")
    member.household = household
    member.save(update_fields=["household"])
    book_url = f"{live_server.url}/g/{group.id}/book/"

    page = phone
    log_in(page, live_server.url, user)
    page.wait_for_url(f"{live_server.url}/g/{group.id}/")
    page.goto(book_url)
    food = page.locator("[data-testid=hh-tile-food]")
    assert "อาหาร" in food.inner_text()
    assert "🍚" in food.inner_text()
    assert page.locator("[data-testid=hh-tile-wages]").is_hidden()  # spending first; income behind the switch
    assert page.locator("[data-testid=hh-keypad]").is_hidden()
    assert food.bounding_box()["height"] >= 48
    screenshot(page, "household-book-tiles-360")

    food.click()  # tap 1: the category
    keypad = page.locator("[data-testid=hh-keypad]")
    assert keypad.is_visible()
    assert "อาหาร" in page.inner_text("[data-testid=hh-chosen]")
    for key in ("1", "5", "0"):  # tap 2: the amount
        keypad.locator(f"[data-key='{key}']").click()
    assert page.input_value("[data-testid=hh-amount]") == "150"
    box = keypad.locator("[data-key='5']").bounding_box()
    assert box["height"] >= 48
    assert box["width"] >= 48
    save = page.locator("[data-testid=hh-save]")
    assert save.is_visible()
    bottom = save.bounding_box()["y"] + save.bounding_box()["height"]
    assert bottom <= 780, f"Save is below the phone's screen ({bottom}px)"
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"the quick entry scrolls sideways on a phone ({width}px)"
    screenshot(page, "household-book-keypad-360")

    save.click()  # tap 3: save
    page.wait_for_url("**/book/h/*/?saved=*")
    confirmation = page.inner_text("[data-testid=hh-saved]")
    assert "🍚" in confirmation
    assert "อาหารและเครื่องดื่ม" in confirmation
    assert "150.00 บาท" in confirmation
    assert "150.00 บาท" in page.inner_text("[data-testid=hh-today]")
    entry = Entry.objects.get()
    assert (entry.household_id, entry.amount, entry.date, entry.kind) == (household.id, 15000, today(), "expense")
    assert entry.category.code == "food"
    assert entry.created_by_id == user.id
    assert page.locator("[data-testid=hh-recent] button").count() == 1  # one tap repeats it from now on
    screenshot(page, "household-book-saved-360")

    log_in(laptop, live_server.url, user)
    laptop.wait_for_url(f"{live_server.url}/g/{group.id}/")
    laptop.goto(book_url)
    laptop.click("label[for=hh-kind-income]")  # the switch to income
    assert laptop.locator("[data-testid=hh-tile-wages]").is_visible()
    assert laptop.locator("[data-testid=hh-tile-food]").is_hidden()
    screenshot(laptop, "household-book-1280")
    laptop.goto(f"{live_server.url}/g/{group.id}/book/h/{household.id}/entries/")
    assert "150.00 บาท" in laptop.inner_text("[data-testid=hh-entry-list]")
    screenshot(laptop, "household-entries-1280")
    laptop.once("dialog", lambda dialog: dialog.accept())  # "Delete this entry?"
    laptop.click("[data-testid=hh-entry-list] button[type=submit]")
    laptop.wait_for_selector("[data-testid=hh-no-entries]")
    assert not Entry.objects.exists()
