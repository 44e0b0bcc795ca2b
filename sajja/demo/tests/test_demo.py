"""The demo village: idempotent, deterministic, realistic in shape, and its users have their roles."""

import dataclasses
import random
from collections import Counter

import pytest
from django.contrib.auth import authenticate
from django.db.models import F
from django.test import RequestFactory

from sajja.accounts.models import CommitteeSeat, NetworkCommitteeSeat, OfficerAssignment, User
from sajja.bylaws.models import Bylaw
from sajja.core.natid import clean_national_id
from sajja.core.tenancy import Access, group_access, today
from sajja.demo.generator import (
    DEMO_PASSWORD,
    LARGE_GROUP_NAME,
    MAIN_GROUP,
    OTHER_DISTRICT_GROUP,
    DemoMismatch,
    committee_term,
    load_demo,
    place_of,
    plan_group,
    plan_members,
)
from sajja.groups.models import BankAccount, District, Group, Network, Province, Subdistrict, Village
from sajja.ledger.models import JournalEntry, JournalLine
from sajja.members.inputs import parse_member
from sajja.members.models import Household, Member
from sajja.savings.models import DepositAccount, Fine, InterestRun, PledgeAmount, PledgePayment, Settlement

TABLES = [
    Province,
    District,
    Subdistrict,
    Village,
    Network,
    Group,
    BankAccount,
    Household,
    Member,
    CommitteeSeat,
    OfficerAssignment,
    NetworkCommitteeSeat,
    User,
    Bylaw,
    PledgeAmount,
    PledgePayment,
    Fine,
    DepositAccount,
    InterestRun,
    Settlement,
    JournalEntry,
    JournalLine,
]
MAIN_COMMITTEE = {
    "president": 1,
    "vice_president": 1,
    "secretary": 1,
    "treasurer": 1,
    "admin_committee": 1,
    "loan_committee": 4,
    "audit_committee": 3,
    "promotion_committee": 3,
}


def table_counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in TABLES}


@pytest.mark.django_db
def test_loading_twice_adds_nothing():
    first = load_demo()
    counts = table_counts()
    second = load_demo()
    assert table_counts() == counts
    assert first.created_total > 0
    assert first.created["Member"] == counts["Member"]
    for table in ("PledgePayment", "Fine", "DepositAccount", "Settlement", "JournalEntry"):
        assert first.created[table] == counts[table] > 0, table
    assert second.created_total == 0
    assert not second.changed
    assert second.group == first.group


def test_the_plan_is_a_pure_function_of_the_seed():
    assert plan_group(MAIN_GROUP, 2569) == plan_group(MAIN_GROUP, 2569)
    assert plan_group(MAIN_GROUP, 2569) != plan_group(MAIN_GROUP, 2570)
    arguments = {"count": 40, "place": place_of(MAIN_GROUP), "founded": MAIN_GROUP.founded_on, "id_slot": 1}
    sizes = {1: 1, 2: 1, 3: 1, 4: 1}
    first = plan_members(random.Random(7), household_sizes=sizes, **arguments)
    assert first == plan_members(random.Random(7), household_sizes=sizes, **arguments)


def test_planned_members_are_what_the_member_form_accepts():
    """Every planned member reads back unchanged through the parser the page form and the import use."""
    for planned in plan_group(MAIN_GROUP).members:
        raw = {
            name: str(value) if isinstance(value, int) else value
            for name, value in dataclasses.asdict(planned.data).items()
        }
        assert parse_member(raw) == planned.data


@pytest.mark.django_db
def test_the_main_group_holds_the_planned_people():
    result = load_demo(savings=False)
    stored = list(
        Member.objects.filter(group=result.group)
        .order_by("number")
        .values_list("number", "first_name", "last_name", "national_id_last4")
    )
    planned = [
        (m.data.number, m.data.first_name, m.data.last_name, m.data.national_id[-4:])
        for m in plan_group(MAIN_GROUP).members
    ]
    assert stored == planned


@pytest.mark.django_db
def test_the_main_group_looks_like_ban_na_san():
    group = load_demo().group
    assert group.name == "กลุ่มออมทรัพย์เพื่อการผลิตบ้านนาซาน"
    assert (group.village.name_th, group.village.number) == ("บ้านนาซาน", 2)
    assert (group.district.name_th, group.district.province.name_th) == ("ชาติตระการ", "พิษณุโลก")
    assert (group.fiscal_year_start_month, group.fiscal_year_start_day, group.meeting_day) == (1, 1, 5)
    assert group.network.name == "เครือข่ายกลุ่มออมทรัพย์เพื่อการผลิตตำบลบ้านดง"
    assert group.network.parent.name == "เครือข่ายกลุ่มออมทรัพย์เพื่อการผลิตอำเภอชาติตระการ"
    assert list(BankAccount.objects.filter(group=group).values_list("bank", "branch")) == [
        ("ธนาคารเพื่อการเกษตรและสหกรณ์การเกษตร", "ชาติตระการ")
    ]

    members = Member.objects.filter(group=group)
    assert members.count() == 150
    assert 5 <= members.exclude(status=Member.Status.ACTIVE).count() <= 8
    assert 55 <= Household.objects.filter(group=group).count() <= 65
    assert not Household.objects.filter(group=group, members__isnull=True).exists()
    for member in members:
        assert clean_national_id(member.national_id_plain()) == member.national_id_plain()
        assert member.joined_on >= group.founded_on
        assert member.joined_on.year >= member.birth_date.year + 15

    # The committee of the current term (the loan committee also sat the term before: its votes on
    # the demo's 2024 loans need it seated then).
    seats = CommitteeSeat.objects.filter(group=group, start_date=committee_term(today())[0])
    assert Counter(seats.values_list("position", flat=True)) == MAIN_COMMITTEE
    assert seats.values("member").distinct().count() == 15
    assert not seats.exclude(member__status=Member.Status.ACTIVE).exists()
    assert set(seats.values_list("start_date", "end_date")) == {committee_term(today())}


@pytest.mark.django_db
def test_households_and_national_ids_hold_across_all_groups():
    load_demo(savings=False)
    assert not Member.objects.exclude(household__group_id=F("group_id")).exclude(household__isnull=True).exists()
    assert not Member.objects.filter(household__isnull=True).exists()
    assert Member.objects.values("national_id_hash").distinct().count() == Member.objects.count()
    assert Group.objects.count() == 5
    assert Group.objects.filter(network__name="เครือข่ายกลุ่มออมทรัพย์เพื่อการผลิตตำบลบ้านดง").count() == 4


@pytest.mark.django_db
def test_a_large_village_for_benchmarks():
    first = load_demo(large_members=300, savings=False)
    large = first.large_group
    assert large.name == LARGE_GROUP_NAME
    assert Member.objects.filter(group=large).count() == 300
    households = Household.objects.filter(group=large).count()
    assert 80 <= households <= 120  # about three members a house
    second = load_demo(large_members=300, savings=False)
    assert second.created_total == 0
    assert second.large_group == large
    assert Member.objects.filter(group=large).count() == 300


@pytest.mark.django_db
def test_other_arguments_on_a_loaded_database_are_refused_not_mixed():
    load_demo(large_members=40, savings=False)
    with pytest.raises(DemoMismatch):
        load_demo(large_members=50, savings=False)
    with pytest.raises(DemoMismatch):
        load_demo(seed=7, savings=False)
    assert Member.objects.filter(group__name=LARGE_GROUP_NAME).count() == 40


def login(username: str):
    return authenticate(request=RequestFactory().post("/"), username=username, password=DEMO_PASSWORD)


@pytest.mark.django_db
def test_demo_users_log_in_with_their_roles():
    result = load_demo(savings=False)
    main = result.group
    other = Group.objects.get(name=OTHER_DISTRICT_GROUP.name)
    assert [username for username, _role in result.logins] == [
        "admin",
        "treasurer",
        "president",
        "auditor",
        "member",
        "officer",
        "network",
    ]
    users = {username: login(username) for username, _role in result.logins}
    assert all(users.values()), users
    assert users["admin"].is_superuser
    expected = {
        "admin": Access.MANAGE,
        "treasurer": Access.MANAGE,
        "president": Access.MANAGE,
        "auditor": Access.READ,
        "officer": Access.READ,
        "member": Access.SELF,
        "network": Access.SUMMARY,
    }
    assert {username: group_access(user, main.id) for username, user in users.items()} == expected
    assert group_access(users["officer"], other.id) == Access.NONE
    assert group_access(users["network"], other.id) == Access.NONE
    treasurer = Member.objects.get(user=users["treasurer"])
    assert (users["treasurer"].first_name, users["treasurer"].last_name) == (treasurer.first_name, treasurer.last_name)
    assert CommitteeSeat.objects.filter(member=treasurer, position="treasurer").exists()
    assert not CommitteeSeat.objects.filter(member__user=users["member"]).exists()
    assert authenticate(request=RequestFactory().post("/"), username="member", password="wrong") is None
