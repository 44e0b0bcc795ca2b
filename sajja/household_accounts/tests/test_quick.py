"""The household book on a phone: quick entry, repeats, the month's entries, and who may open them."""

import datetime as dt
import html
import re
import uuid

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from sajja.core import testing as t
from sajja.core.tenancy import today
from sajja.household_accounts import selectors, services
from sajja.household_accounts.models import Entry
from sajja.household_accounts.quick import parse_month
from sajja.members.models import Household

pytestmark = pytest.mark.django_db


@pytest.fixture
def book(world):
    """World's member keeps a household book; a client logged in as them, in English."""
    household = Household.objects.create(group=world.group_a, house_number="12")
    world.member.household = household
    world.member.save(update_fields=["household"])
    cats = {c.code: c for c in selectors.categories(world.group_a)}
    client = Client()
    client.force_login(world.member_user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return household, cats, client


def _urls(household, entry=None):
    g, h = household.group_id, household.id
    urls = {
        "book": reverse("hh_book", args=[g, h]),
        "add": reverse("hh_entry_add", args=[g, h]),
        "entries": reverse("hh_entries", args=[g, h]),
    }
    if entry is not None:
        urls["delete"] = reverse("hh_entry_delete", args=[g, h, entry.id])
    return urls


def _post(client, household, **data):
    data.setdefault("key", uuid.uuid4().hex)
    return client.post(_urls(household)["add"], data)


def _error(response) -> str:
    match = re.search(r'data-testid="hh-error"[^>]*>(.*?)<span', response.content.decode(), re.S)
    assert match, "no error shown"
    return html.unescape(match.group(1)).replace("⚠️", "").strip()


def test_the_own_book_shows_the_tiles_and_the_keypad(world, book):
    household, cats, client = book
    response = client.get(reverse("hh_home", args=[world.group_a.id]))
    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-testid="hh-tile-food"' in page
    assert "🍚" in page
    assert "Food and drink" in page  # English page: the English name
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "th"
    page = client.get(_urls(household)["book"]).content.decode()
    assert "อาหารและเครื่องดื่ม" in page
    assert page.index('data-testid="hh-tile-food"') < page.index('data-testid="hh-tile-wages"')  # spending first
    assert page.count('class="hh-key"') == 12  # 1-9, 00, 0, ⌫


def test_saving_writes_one_entry_with_exact_satang(world, book):
    household, cats, client = book
    response = _post(client, household, category=cats["food"].id, amount="150.50", note="ตลาดนัด")
    entry = Entry.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{_urls(household)['book']}?saved={entry.id}"
    assert (entry.household, entry.group, entry.category, entry.kind) == (
        household,
        world.group_a,
        cats["food"],
        "expense",
    )
    assert (entry.amount, entry.date, entry.note, entry.created_by) == (15050, today(), "ตลาดนัด", world.member_user)
    assert (entry.for_occupation, entry.in_kind) == (False, False)
    page = client.get(response["Location"]).content.decode()
    saved = re.search(r'data-testid="hh-saved".*?</span>', page, re.S).group(0)
    assert "Saved: 🍚 Food and drink 150.50 baht" in saved
    today_line = re.search(r'data-testid="hh-today".*?</p>', page, re.S).group(0)
    assert "150.50 baht" in today_line


def test_thai_digits_and_separators_are_accepted(book):
    household, cats, client = book
    assert _post(client, household, category=cats["food"].id, amount="๑๕๐").status_code == 302
    assert _post(client, household, category=cats["wages"].id, amount="1,000,000").status_code == 302
    assert sorted(Entry.objects.values_list("amount", flat=True)) == [15000, 100_000_000]


def test_the_usual_for_work_comes_from_the_category_unless_chosen(book):
    household, cats, client = book
    _post(client, household, category=cats["farm_costs"].id, amount="300")
    _post(client, household, category=cats["farm_costs"].id, amount="301", for_occupation="0")
    _post(client, household, category=cats["food"].id, amount="302", for_occupation="1")
    _post(client, household, category=cats["in_kind"].id, amount="80", in_kind="1", for_occupation="1")
    got = {e.amount: (e.for_occupation, e.in_kind) for e in Entry.objects.all()}
    assert got == {30000: (True, False), 30100: (False, False), 30200: (True, False), 8000: (False, True)}


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"amount": "-5"}, "The amount must be more than zero."),
        ({"amount": "abc"}, "“abc” is not an amount of money."),
        ({"amount": "0"}, "The amount must be more than zero."),
        ({"amount": ""}, "Type the amount."),
        ({"amount": "1000000.01"}, "The amount is too large for a household entry."),
        ({"amount": "12.345"}, "An amount can have at most two decimals (satang)."),
        ({"date": "future"}, "The date is in the future."),
        ({"date": "31/02/2569"}, "This date does not exist in the calendar."),
        ({"category": "other group"}, "Choose one of the group's categories."),
        ({"category": ""}, "Choose one of the group's categories."),
        ({"category": "abc"}, "Choose one of the group's categories."),
        ({"in_kind": "1"}, "Only an income can come in kind."),
        ({"note": "=HYPERLINK(1)"}, "A formula is not accepted here; type the value itself."),
    ],
)
def test_bad_input_gets_a_message_and_writes_nothing(world, book, data, message):
    household, cats, client = book
    fields = {"category": cats["food"].id, "amount": "150", **data}
    if fields.get("date") == "future":
        fields["date"] = (today() + dt.timedelta(days=1)).isoformat()
    if fields["category"] == "other group":
        fields["category"] = next(c.id for c in selectors.categories(world.group_b) if c.code == "food")
    response = _post(client, household, **fields)
    assert response.status_code == 200
    assert _error(response) == message
    assert "Nothing was saved." in response.content.decode()
    assert Entry.objects.count() == 0


def test_a_refused_entry_keeps_what_was_typed(book):
    household, cats, client = book
    response = _post(client, household, category=cats["food"].id, amount="abc", note="ข้าวสาร")
    page = response.content.decode()
    assert re.search(rf'id="hh-cat-{cats["food"].id}"[^>]*checked', page, re.S)
    assert 'value="abc"' in page
    assert 'value="ข้าวสาร"' in page


def test_a_double_submit_with_the_same_key_saves_once(book):
    household, cats, client = book
    key = uuid.uuid4().hex
    first = _post(client, household, category=cats["food"].id, amount="150", key=key)
    second = _post(client, household, category=cats["food"].id, amount="150", key=key)
    assert Entry.objects.count() == 1
    assert second.status_code == 302
    assert second["Location"] == first["Location"]
    third = _post(client, household, category=cats["food"].id, amount="150")  # a new form: a new entry
    assert third.status_code == 302
    assert Entry.objects.count() == 2


def test_a_recent_entry_repeats_for_today_in_one_tap(world, book):
    household, cats, client = book
    services.entry_add(
        household=household, date=today() - dt.timedelta(days=3), category=cats["in_kind"].id, amount=4550,
        note="ผักบุ้ง", in_kind=True, actor=world.member_user,
    )  # fmt: skip
    page = client.get(_urls(household)["book"]).content.decode()
    recent = re.search(r'data-testid="hh-recent".*?</form>', page, re.S).group(0)
    fields = dict(re.findall(r'name="(\w+)" value="([^"]*)"', recent))
    assert fields["category"] == str(cats["in_kind"].id)
    assert (fields["amount"], fields["note"], fields["in_kind"]) == ("45.50", "ผักบุ้ง", "1")
    assert client.post(_urls(household)["add"], fields).status_code == 302
    assert client.post(_urls(household)["add"], fields).status_code == 302  # the same button twice: once
    again = Entry.objects.order_by("-id").first()
    assert Entry.objects.count() == 2
    assert (again.date, again.amount, again.note, again.in_kind) == (today(), 4550, "ผักบุ้ง", True)


def _an_entry(household, cats, user):
    return services.entry_add(household=household, date=today(), category=cats["food"], amount=9900, actor=user)


@pytest.mark.parametrize("who", ["treasurer", "auditor", "officer", "admin", "vice"])
def test_the_committee_the_officer_and_the_admin_get_404(world, book, who):
    household, cats, _client = book
    entry = _an_entry(household, cats, world.member_user)
    urls = _urls(household, entry)
    client = Client()
    client.force_login(getattr(world, who))
    assert client.get(reverse("hh_home", args=[world.group_a.id])).status_code == 404
    for name in ("book", "entries"):
        assert client.get(urls[name]).status_code == 404, name
    assert client.post(urls["add"], {"category": cats["food"].id, "amount": "1", "key": "k"}).status_code == 404
    assert client.post(urls["delete"]).status_code == 404
    assert list(Entry.objects.values_list("amount", flat=True)) == [9900]


def test_another_member_cannot_reach_the_book_even_through_their_own(world, book):
    household, cats, _client = book
    entry = _an_entry(household, cats, world.member_user)
    neighbour_user = t.make_user("neighbour")
    neighbour_home = Household.objects.create(group=world.group_a, house_number="13")
    neighbour = t.make_member(world.group_a, user=neighbour_user)
    neighbour.household = neighbour_home
    neighbour.save(update_fields=["household"])
    client = Client()
    client.force_login(neighbour_user)
    assert client.get(reverse("hh_home", args=[world.group_a.id])).status_code == 200  # their own book
    assert client.get(_urls(household)["book"]).status_code == 404
    own_delete = reverse("hh_entry_delete", args=[world.group_a.id, neighbour_home.id, entry.id])
    assert client.post(own_delete).status_code == 404  # the entry is not of their household
    assert Entry.objects.filter(id=entry.id).exists()


def test_a_helper_chosen_by_the_household_keeps_the_book(world, book):
    household, cats, _client = book
    client = Client()
    client.force_login(world.vice)
    assert client.get(_urls(household)["book"]).status_code == 404
    services.sharing_set(household=household, in_village_picture=False, helper=world.vice, actor=world.member_user)
    home = client.get(reverse("hh_home", args=[world.group_a.id]))
    assert home.status_code == 200
    assert _urls(household)["book"] in home.content.decode()
    assert client.get(_urls(household)["book"]).status_code == 200
    assert _post(client, household, category=cats["food"].id, amount="20").status_code == 302
    entry = Entry.objects.get()
    assert (entry.household, entry.created_by, entry.amount) == (household, world.vice, 2000)
    assert client.get(_urls(household)["entries"]).status_code == 200
    services.sharing_set(household=household, in_village_picture=False, helper=None, actor=world.member_user)
    assert client.get(_urls(household)["book"]).status_code == 404


def test_the_months_entries_and_the_month_switch(world, book):
    household, cats, client = book
    this_month = today().replace(day=1)
    before = (this_month - dt.timedelta(days=1)).replace(day=1)
    services.entry_add(household=household, date=before, category=cats["food"], amount=111, actor=world.member_user)
    services.entry_add(household=household, date=today(), category=cats["wages"], amount=50000, actor=world.member_user)
    page = client.get(_urls(household)["entries"]).content.decode()
    assert "500.00 baht" in page
    assert "1.11 baht" not in page
    label = f"{before.month:02d}/{before.year + 543}"
    page = client.get(_urls(household)["entries"], {"month": label}).content.decode()
    assert "1.11 baht" in page
    assert "500.00 baht" not in page
    response = client.get(_urls(household)["entries"], {"month": "13/2569"})
    assert response.status_code == 200
    assert "Type the month as month/year" in response.content.decode()


def test_parse_month_takes_the_buddhist_era_and_thai_digits():
    assert parse_month("06/2569") == dt.date(2026, 6, 1)
    assert parse_month("๖/๒๕๖๙") == dt.date(2026, 6, 1)
    assert parse_month("6/2026") == dt.date(2026, 6, 1)
    for bad in ("2569", "00/2569", "6/69", "abc"):
        with pytest.raises(Exception, match="month/year"):
            parse_month(bad)


def test_delete_takes_the_entry_back(world, book):
    household, cats, client = book
    entry = _an_entry(household, cats, world.member_user)
    keep = _an_entry(household, cats, world.member_user)
    urls = _urls(household, entry)
    assert client.get(urls["delete"]).status_code == 405
    response = client.post(urls["delete"])
    assert response.status_code == 302
    assert response["Location"].startswith(urls["entries"] + "?month=")
    assert list(Entry.objects.values_list("id", flat=True)) == [keep.id]
    assert client.post(urls["delete"]).status_code == 404  # gone
    undo = client.post(_urls(household, keep)["delete"], {"next": f"{urls['book']}?saved={keep.id}"})
    assert undo["Location"] == urls["book"]
    last = _an_entry(household, cats, world.member_user)
    elsewhere = client.post(_urls(household, last)["delete"], {"next": "https://evil.example/"})
    assert elsewhere["Location"].startswith(urls["entries"] + "?month=")
    assert Entry.objects.count() == 0


def test_a_user_without_a_book_gets_404_on_the_home(world):
    client = Client()
    client.force_login(world.member_user)  # a member, but no household
    assert client.get(reverse("hh_home", args=[world.group_a.id])).status_code == 404
