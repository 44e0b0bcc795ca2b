"""Member and household pages through the test client, as each role."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from sajja.core import testing as t
from sajja.core.natid import format_national_id
from sajja.core.tenancy import today
from sajja.core.thai import format_date, thai_sort_key
from sajja.members.inputs import member_to_raw
from sajja.members.models import Household, Member

SEED = 720_000


def add(group, n: int, first_name: str, last_name: str = "เรียง", **overrides) -> Member:
    """A member numbered ``980000 + n`` (far from the numbers the fixtures use)."""
    return t.make_member(
        group,
        seed=980_000 + n,
        number=overrides.pop("number", 980_000 + n),
        first_name=first_name,
        last_name=last_name,
        national_id=t.national_id(SEED + n),
        **overrides,
    )


def names_on(content: str) -> list[str]:
    """Member names in the order the list shows them."""
    return re.findall(r'<a href="/g/\d+/members/\d+/">([^<]+)</a>', content)


def text(response) -> str:
    return response.content.decode()


def login(client, user):
    client.force_login(user)
    return client


def list_url(group) -> str:
    return reverse("member_list", args=[group.id])


# --- the member list --------------------------------------------------------------------------------


def test_member_list_in_thai_dictionary_order(client, world):
    for n, name in enumerate(["ไก่", "กา", "ขวด", "เก", "ก่อน"]):
        add(world.group_a, n, name)
    response = login(client, world.treasurer).get(list_url(world.group_a))
    assert response.status_code == 200
    ours = [name for name in names_on(text(response)) if name.endswith(" เรียง")]
    assert ours == ["นางก่อน เรียง", "นางกา เรียง", "นางเก เรียง", "นางไก่ เรียง", "นางขวด เรียง"]


def test_same_first_name_sorts_by_last_name_in_thai_order(client, world):
    add(world.group_a, 10, "ซ้ำ", "ไข่")
    add(world.group_a, 11, "ซ้ำ", "เขียว")
    add(world.group_a, 12, "ซ้ำ", "กล้า")
    response = login(client, world.treasurer).get(list_url(world.group_a))
    ours = [name for name in names_on(text(response)) if name.startswith("นางซ้ำ ")]
    assert ours == ["นางซ้ำ กล้า", "นางซ้ำ เขียว", "นางซ้ำ ไข่"]


def test_the_whole_page_agrees_with_the_python_sort_key(client, world):
    for n, name in enumerate(["ไก่", "กา", "ขวด", "เก", "ก่อน", "อ้อย", "แดง", "โชค", "ใจ", "ฟ้า"]):
        add(world.group_a, 20 + n, name)
    members = {m.full_name: m for m in Member.objects.filter(group=world.group_a, status="active")}
    shown = names_on(text(login(client, world.treasurer).get(list_url(world.group_a))))
    assert sorted(shown) == sorted(members)
    expected = sorted(
        members,
        key=lambda name: (
            thai_sort_key(members[name].first_name),
            thai_sort_key(members[name].last_name),
            members[name].number,
        ),
    )
    assert shown == expected


def test_search_by_thai_name_fragment(client, world):
    for n, name in enumerate(["ไก่", "กา", "ขวด"]):
        add(world.group_a, 30 + n, name)
    login(client, world.treasurer)
    assert names_on(text(client.get(list_url(world.group_a), {"q": "ขว"}))) == ["นางขวด เรียง"]
    assert names_on(text(client.get(list_url(world.group_a), {"q": "ขวด เรียง"}))) == ["นางขวด เรียง"]
    assert names_on(text(client.get(list_url(world.group_a), {"q": "มะลิ"}))) == [world.member.full_name]
    assert names_on(text(client.get(list_url(world.group_a), {"q": "ไม่มีใครชื่อนี้"}))) == []


def test_search_by_number_with_arabic_or_thai_digits(client, world):
    member = add(world.group_a, 40, "เลขที่", number=987_654)
    login(client, world.treasurer)
    assert names_on(text(client.get(list_url(world.group_a), {"q": "987654"}))) == [member.full_name]
    assert names_on(text(client.get(list_url(world.group_a), {"q": "๙๘๗๖๕๔"}))) == [member.full_name]
    assert names_on(text(client.get(list_url(world.group_a), {"q": " ๙๘๗๖๕๔ "}))) == [member.full_name]
    assert names_on(text(client.get(list_url(world.group_a), {"q": "98765"}))) == []  # the number, not a part


def test_search_does_not_reach_another_group(client, world):
    login(client, world.treasurer)
    assert names_on(text(client.get(list_url(world.group_a), {"q": "บัวขาว"}))) == []


def test_status_filter(client, world):
    gone = add(world.group_a, 45, "จากไป")
    gone.status, gone.status_date, gone.status_reason = "left", dt.date(2020, 1, 1), "ย้าย"
    gone.save()
    login(client, world.treasurer)
    assert gone.full_name not in names_on(text(client.get(list_url(world.group_a))))
    assert names_on(text(client.get(list_url(world.group_a), {"status": "left"}))) == [gone.full_name]
    assert gone.full_name in names_on(text(client.get(list_url(world.group_a), {"status": ""})))


def test_htmx_request_gets_only_the_rows(client, world):
    add(world.group_a, 50, "ขวด")
    login(client, world.treasurer)
    response = client.get(list_url(world.group_a), {"q": "ขวด"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    content = text(response)
    assert "<html" not in content
    assert '<nav class="navbar' not in content
    assert "<table" in content
    assert names_on(content) == ["นางขวด เรียง"]
    full = text(client.get(list_url(world.group_a), {"q": "ขวด"}))
    assert "<html" in full
    assert names_on(full) == ["นางขวด เรียง"]


def test_member_list_queries_do_not_grow_with_members(client, world):
    login(client, world.treasurer)
    for n in range(10):
        add(world.group_a, 100 + n, "จำนวน", house_number=str(n))
    client.get(list_url(world.group_a))  # warm up (session, content types)
    with CaptureQueriesContext(connection) as ten:
        response = client.get(list_url(world.group_a))
    assert len(names_on(text(response))) == 14  # the fixture's 4 and these 10
    for n in range(10, 60):
        add(world.group_a, 100 + n, "จำนวน", house_number=str(n))
    with CaptureQueriesContext(connection) as sixty:
        response = client.get(list_url(world.group_a))
    assert len(names_on(text(response))) == 50  # one page
    assert len(sixty.captured_queries) == len(ten.captured_queries)


# --- who sees what ----------------------------------------------------------------------------------


def detail_url(member) -> str:
    return reverse("member_detail", args=[member.group_id, member.id])


def shown_id(content: str) -> str:
    return re.search(r'data-testid="national-id">([^<]*)<', content).group(1)


def test_treasurer_sees_the_whole_national_id(client, world):
    response = login(client, world.treasurer).get(detail_url(world.member))
    assert response.status_code == 200
    assert shown_id(text(response)) == format_national_id(world.member.national_id_plain())
    assert 'data-testid="phone">0812345678<' in text(response)


def test_member_user_is_sent_to_their_own_page(client, world):
    login(client, world.member_user)
    response = client.get(list_url(world.group_a))
    assert response.status_code == 302
    assert response.url == detail_url(world.member)
    own = client.get(detail_url(world.member))
    assert own.status_code == 200
    assert shown_id(text(own)) == format_national_id(world.member.national_id_plain())  # their own ID
    other = Member.objects.get(user=world.treasurer)
    assert client.get(detail_url(other)).status_code == 404
    assert client.get(reverse("member_edit", args=[world.group_a.id, world.member.id])).status_code == 403
    assert client.get(reverse("member_create", args=[world.group_a.id])).status_code == 403


def test_officer_reads_the_list_but_sees_a_masked_id(client, world):
    login(client, world.officer)
    response = client.get(list_url(world.group_a))
    assert response.status_code == 200
    assert world.member.full_name in names_on(text(response))
    detail = text(client.get(detail_url(world.member)))
    assert shown_id(detail) == world.member.national_id_masked
    assert world.member.national_id_plain() not in detail
    assert format_national_id(world.member.national_id_plain()) not in detail
    assert 'data-testid="phone">0812345678<' in detail
    assert client.get(reverse("member_create", args=[world.group_a.id])).status_code == 403
    assert client.get(reverse("member_edit", args=[world.group_a.id, world.member.id])).status_code == 403


def test_auditor_sees_a_masked_id(client, world):
    detail = text(login(client, world.auditor).get(detail_url(world.member)))
    assert shown_id(detail) == world.member.national_id_masked


def test_network_committee_sees_the_group_but_no_members(client, world):
    login(client, world.network_user)
    assert client.get(reverse("group_home", args=[world.group_a.id])).status_code == 200
    assert client.get(list_url(world.group_a)).status_code == 403
    assert client.get(detail_url(world.member)).status_code == 403
    assert client.get(reverse("household_list", args=[world.group_a.id])).status_code == 403
    assert client.get(reverse("member_export", args=[world.group_a.id])).status_code == 403


def test_another_groups_treasurer_gets_404(client, world):
    login(client, world.treasurer_b)
    assert client.get(list_url(world.group_a)).status_code == 404
    assert client.get(detail_url(world.member)).status_code == 404
    # and group A's member is not reachable through group B's URL either
    assert client.get(reverse("member_detail", args=[world.group_b.id, world.member.id])).status_code == 404


def test_anonymous_is_sent_to_login(client, world):
    response = client.get(list_url(world.group_a))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


# --- creating and editing ---------------------------------------------------------------------------


def form_data(**overrides) -> dict:
    data = {
        "number": "987001",
        "title": "นาง",
        "first_name": "บัวแก้ว",
        "last_name": "ทองดี",
        "national_id": t.national_id(SEED + 500),
        "birth_date": "05/03/2512",
        "sex": "F",
        "joined_on": "15/06/2568",
        "phone": "081 234 5679",
        "line_id": "",
        "address": "12 หมู่ 2",
        "house_number": "12",
        "beneficiary_name": "นายสมชาย ทองดี",
        "beneficiary_relationship": "สามี",
    }
    data.update(overrides)
    return data


def test_create_form_suggests_the_next_number(client, world):
    response = login(client, world.treasurer).get(reverse("member_create", args=[world.group_a.id]))
    highest = max(Member.objects.filter(group=world.group_a).values_list("number", flat=True))
    assert f'value="{highest + 1}"' in text(response)


def test_create_with_buddhist_era_dates_stores_common_era(client, world):
    login(client, world.treasurer)
    response = client.post(reverse("member_create", args=[world.group_a.id]), form_data())
    member = Member.objects.get(group=world.group_a, number=987_001)
    assert response.status_code == 302
    assert response.url == detail_url(member)
    assert member.birth_date == dt.date(1969, 3, 5)
    assert member.joined_on == dt.date(2025, 6, 15)
    assert member.phone == "0812345679"
    assert member.national_id_plain() == t.national_id(SEED + 500)
    assert member.household.house_number == "12"
    assert member.household.group_id == world.group_a.id
    detail = text(client.get(response.url))
    assert "5 มีนาคม 2512" in detail  # shown back in the Buddhist Era


def test_create_with_thai_digit_dates(client, world):
    login(client, world.treasurer)
    client.post(
        reverse("member_create", args=[world.group_a.id]),
        form_data(birth_date="๐๕/๐๓/๒๕๑๒", joined_on="๑๕/๐๖/๒๕๖๘", number="๙๘๗๐๐๑"),
    )
    member = Member.objects.get(group=world.group_a, number=987_001)
    assert (member.birth_date, member.joined_on) == (dt.date(1969, 3, 5), dt.date(2025, 6, 15))


def test_create_with_an_invalid_national_id_shows_the_thai_message(client, world):
    login(client, world.treasurer)
    good = t.national_id(SEED + 501)
    bad = good[:12] + str((int(good[12]) + 1) % 10)
    before = (Member.objects.count(), Household.objects.count())
    response = client.post(reverse("member_create", args=[world.group_a.id]), form_data(national_id=bad))
    assert response.status_code == 200
    content = text(response)
    assert '<html lang="th">' in content
    assert "เลขประจำตัวประชาชนนี้ไม่ถูกต้อง" in content
    assert "check digit does not match" not in content
    assert list(response.context["form"].errors) == ["national_id"]
    assert (Member.objects.count(), Household.objects.count()) == before


def test_create_shows_every_input_problem_and_keeps_what_was_typed(client, world):
    login(client, world.treasurer)
    before = Member.objects.count()
    response = client.post(
        reverse("member_create", args=[world.group_a.id]),
        form_data(birth_date="31/02/2512", phone="12345", sex=""),
    )
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"birth_date", "phone", "sex"}
    assert 'value="บัวแก้ว"' in text(response)
    assert Member.objects.count() == before


def test_create_with_a_number_already_used_is_refused_on_the_number(client, world):
    login(client, world.treasurer)
    before = Member.objects.count()
    response = client.post(
        reverse("member_create", args=[world.group_a.id]), form_data(number=str(world.member.number))
    )
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["number"]
    assert str(world.member.number) in response.context["form"].errors["number"][0]
    assert Member.objects.count() == before


def test_create_refuses_a_future_join_date(client, world):
    login(client, world.treasurer)
    tomorrow = format_date(today() + dt.timedelta(days=1))
    response = client.post(reverse("member_create", args=[world.group_a.id]), form_data(joined_on=tomorrow))
    assert list(response.context["form"].errors) == ["joined_on"]
    assert not Member.objects.filter(number=987_001).exists()


def test_treasurer_edits_a_member(client, world):
    login(client, world.treasurer)
    url = reverse("member_edit", args=[world.group_a.id, world.member.id])
    page = text(client.get(url))
    assert format_national_id(world.member.national_id_plain()) in page or world.member.national_id_plain() in page
    data = {k: (v if v is not None else "") for k, v in member_to_raw(world.member).items()}
    data.update(
        birth_date=format_date(world.member.birth_date),
        joined_on=format_date(world.member.joined_on),
        last_name="ใจงาม",
    )
    response = client.post(url, data)
    assert response.status_code == 302
    world.member.refresh_from_db()
    assert world.member.last_name == "ใจงาม"


def test_vice_president_edit_shows_a_masked_id_and_keeps_it(client, world):
    login(client, world.vice)
    member = world.member
    plain = member.national_id_plain()
    url = reverse("member_edit", args=[world.group_a.id, member.id])

    page = text(client.get(url))
    assert member.national_id_masked in page
    assert plain not in page
    assert format_national_id(plain) not in page
    assert re.search(r'<input[^>]*name="national_id"[^>]*disabled', page)

    data = form_data(
        number=str(member.number),
        first_name=member.first_name,
        last_name=member.last_name,
        birth_date=format_date(member.birth_date),
        joined_on=format_date(member.joined_on),
        phone="0899999999",
        house_number="",
    )
    del data["national_id"]  # a browser does not send a disabled field
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    member.refresh_from_db()
    assert member.phone == "0899999999"
    assert member.national_id_plain() == plain


def test_vice_president_refused_save_still_hides_the_whole_id(client, world):
    login(client, world.vice)
    member = world.member
    plain = member.national_id_plain()
    data = form_data(number=str(member.number), phone="12345")  # a wrong phone: the form comes back
    del data["national_id"]
    response = client.post(reverse("member_edit", args=[world.group_a.id, member.id]), data)
    assert response.status_code == 200
    page = text(response)
    assert plain not in page
    assert format_national_id(plain) not in page
    member.refresh_from_db()
    assert member.phone == "0812345678"


def test_vice_president_cannot_change_the_id_by_posting_it(client, world):
    login(client, world.vice)
    member = world.member
    plain = member.national_id_plain()
    data = form_data(
        number=str(member.number),
        first_name=member.first_name,
        last_name=member.last_name,
        birth_date=format_date(member.birth_date),
        joined_on=format_date(member.joined_on),
        national_id=t.national_id(SEED + 502),
    )
    client.post(reverse("member_edit", args=[world.group_a.id, member.id]), data)
    member.refresh_from_db()
    assert member.national_id_plain() == plain


def test_edit_to_another_members_number_is_refused(client, world):
    login(client, world.treasurer)
    other = Member.objects.get(user=world.treasurer)
    data = {k: (v if v is not None else "") for k, v in member_to_raw(world.member).items()}
    data.update(
        number=str(other.number),
        birth_date=format_date(world.member.birth_date),
        joined_on=format_date(world.member.joined_on),
    )
    response = client.post(reverse("member_edit", args=[world.group_a.id, world.member.id]), data)
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["number"]
    assert Member.objects.get(id=world.member.id).number == world.member.number


# --- leaving ----------------------------------------------------------------------------------------


def test_leave_flow(client, world):
    login(client, world.treasurer)
    member = add(world.group_a, 60, "ลาออก")
    url = reverse("member_leave", args=[world.group_a.id, member.id])
    assert client.get(url).status_code == 200
    day = today() - dt.timedelta(days=10)
    response = client.post(url, {"status": "left", "date": format_date(day), "reason": "ย้ายไปต่างจังหวัด"})
    assert response.status_code == 302
    assert response.url == detail_url(member)
    member.refresh_from_db()
    assert (member.status, member.status_date, member.status_reason) == ("left", day, "ย้ายไปต่างจังหวัด")
    detail = text(client.get(detail_url(member)))
    assert "ย้ายไปต่างจังหวัด" in detail
    assert url not in detail  # no "leave" button any more
    assert member.full_name not in names_on(text(client.get(list_url(world.group_a))))

    again = client.post(url, {"status": "expelled", "date": format_date(today()), "reason": "ซ้ำ"})
    assert again.status_code == 200
    assert "status" in again.context["form"].errors
    member.refresh_from_db()
    assert (member.status, member.status_date) == ("left", day)


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"status": "left", "date": "01/01/2540", "reason": "ก่อนเข้า"}, "date"),  # 1997, before joining in 2010
        ({"status": "left", "date": "31/02/2569", "reason": "วันไม่มีจริง"}, "date"),
        ({"status": "active", "date": "01/01/2560", "reason": "x"}, "status"),
        ({"status": "left", "date": "01/01/2560", "reason": ""}, "reason"),
    ],
)
def test_leave_refusals_on_the_page(client, world, data, field):
    login(client, world.treasurer)
    member = add(world.group_a, 61, "อยู่ต่อ")
    response = client.post(reverse("member_leave", args=[world.group_a.id, member.id]), data)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    member.refresh_from_db()
    assert (member.status, member.status_date) == ("active", None)


def test_leave_in_the_future_is_refused(client, world):
    login(client, world.treasurer)
    member = add(world.group_a, 62, "ยังไม่ไป")
    future = format_date(today() + dt.timedelta(days=1))
    response = client.post(
        reverse("member_leave", args=[world.group_a.id, member.id]), {"status": "left", "date": future, "reason": "x"}
    )
    assert "date" in response.context["form"].errors
    assert Member.objects.get(id=member.id).status == "active"


# --- households -------------------------------------------------------------------------------------


def test_household_create_list_detail_edit(client, world):
    login(client, world.treasurer)
    group = world.group_a
    response = client.post(reverse("household_create", args=[group.id]), {"house_number": "45", "address": "หมู่ 2"})
    household = Household.objects.get(group=group, house_number="45")
    assert response.status_code == 302
    assert response.url == reverse("household_detail", args=[group.id, household.id])
    assert household.address == "หมู่ 2"

    listing = text(client.get(reverse("household_list", args=[group.id])))
    assert reverse("household_detail", args=[group.id, household.id]) in listing

    resident = add(group, 70, "ในบ้าน", house_number="45")
    assert resident.household_id == household.id
    detail = text(client.get(reverse("household_detail", args=[group.id, household.id])))
    assert resident.full_name in detail
    assert world.member.full_name not in detail

    response = client.post(
        reverse("household_edit", args=[group.id, household.id]),
        {"house_number": "45", "address": "หมู่ 3", "note": "หลังวัด"},
    )
    assert response.status_code == 302
    household.refresh_from_db()
    assert (household.address, household.note) == ("หมู่ 3", "หลังวัด")


def test_household_duplicate_number_refused(client, world):
    login(client, world.treasurer)
    t.make_member(world.group_a, house_number="46", national_id=t.national_id(SEED + 600))
    before = Household.objects.count()
    response = client.post(reverse("household_create", args=[world.group_a.id]), {"house_number": "46"})
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["house_number"]
    assert Household.objects.count() == before


def test_household_of_another_group_is_404(client, world):
    other = Household.objects.create(group=world.group_b, house_number="1")
    login(client, world.treasurer)
    assert client.get(reverse("household_detail", args=[world.group_a.id, other.id])).status_code == 404
    assert client.get(reverse("household_edit", args=[world.group_a.id, other.id])).status_code == 404


def test_officer_may_read_households_but_not_change_them(client, world):
    household = Household.objects.create(group=world.group_a, house_number="47")
    login(client, world.officer)
    assert client.get(reverse("household_list", args=[world.group_a.id])).status_code == 200
    assert client.get(reverse("household_detail", args=[world.group_a.id, household.id])).status_code == 200
    response = client.post(reverse("household_create", args=[world.group_a.id]), {"house_number": "48"})
    assert response.status_code == 403
    assert not Household.objects.filter(house_number="48").exists()


def test_member_user_with_a_household_goes_to_it(client, world):
    household = Household.objects.create(group=world.group_a, house_number="49")
    Member.objects.filter(id=world.member.id).update(household=household)
    other = Household.objects.create(group=world.group_a, house_number="50")
    login(client, world.member_user)
    response = client.get(reverse("household_list", args=[world.group_a.id]))
    assert response.status_code == 302
    assert response.url == reverse("household_detail", args=[world.group_a.id, household.id])
    assert client.get(reverse("household_detail", args=[world.group_a.id, other.id])).status_code == 404


# --- language ---------------------------------------------------------------------------------------


def test_thai_by_default_and_english_on_request(client, world):
    login(client, world.treasurer)
    thai = text(client.get(list_url(world.group_a)))
    assert '<html lang="th">' in thai
    with translation.override("th"):
        assert str(translation.gettext("Members")) in thai

    response = client.post(reverse("set_language"), {"language": "en", "next": list_url(world.group_a)})
    assert response.status_code == 302
    english = text(client.get(list_url(world.group_a)))
    assert '<html lang="en">' in english
    assert re.search(r"<h1[^>]*>Members</h1>", english)

    client.post(reverse("set_language"), {"language": "th", "next": "/"})
    assert '<html lang="th">' in text(client.get(list_url(world.group_a)))
