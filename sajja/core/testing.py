"""Small builders for tests (not used by the product). They write through the services where a
service exists, so tests exercise the same door as the pages."""

import datetime as dt
import itertools

from sajja.accounts.models import CommitteeSeat, NetworkCommitteeSeat, OfficerAssignment, User
from sajja.core.natid import check_digit
from sajja.groups.models import District, Group, Network, Province, Subdistrict, Village
from sajja.ledger.services import chart_create
from sajja.members.inputs import MemberInput
from sajja.members.services import member_create

_seq = itertools.count(1)


def national_id(seed: int) -> str:
    """A valid 13-digit national ID made from ``seed`` (first digit 3: registered before 1984)."""
    first12 = f"3{seed % 10**11:011d}"
    return first12 + str(check_digit(first12))


def make_district(code="6503", name="ชาติตระการ", province_code="65", province_name="พิษณุโลก") -> District:
    province, _ = Province.objects.get_or_create(code=province_code, defaults={"name_th": province_name})
    district, _ = District.objects.get_or_create(code=code, defaults={"province": province, "name_th": name})
    return district


def make_group(name="กลุ่มออมทรัพย์เพื่อการผลิตบ้านนาซาน", *, district=None, moo=None, network=None) -> Group:
    district = district or make_district()
    n = next(_seq)
    sub, _ = Subdistrict.objects.get_or_create(
        code=f"{district.code}{n % 100:02d}", defaults={"district": district, "name_th": f"ตำบล{n}"}
    )
    village = Village.objects.create(subdistrict=sub, number=moo or 2, name_th=f"บ้าน{n}")
    group = Group.objects.create(name=name, village=village, network=network, founded_on=dt.date(2000, 1, 1))
    chart_create(group=group)
    return group


def make_network(district: District, name="เครือข่ายตำบล") -> Network:
    return Network.objects.create(
        name=name, level=Network.Level.SUBDISTRICT, province=district.province, district=district
    )


def member_input(**overrides) -> MemberInput:
    n = overrides.pop("seed", None) or next(_seq)
    values = {
        "number": n,
        "title": "นาง",
        "first_name": f"สมศรี{n}",
        "last_name": "ใจดี",
        "national_id": national_id(100000 + n),
        "birth_date": dt.date(1970, 1, 1),
        "sex": "F",
        "joined_on": dt.date(2010, 1, 1),
    }
    values.update(overrides)
    return MemberInput(**values)


def make_member(group: Group, *, user=None, actor=None, **overrides):
    member = member_create(group=group, data=member_input(**overrides), actor=actor)
    if user is not None:
        member.user = user
        member.save(update_fields=["user"])
    return member


def make_user(username: str, **extra) -> User:
    return User.objects.create_user(username=username, password="pw-" + username + "-123", **extra)


def password_of(user: User) -> str:
    return "pw-" + user.username + "-123"


def make_committee(group: Group, username: str, position="treasurer") -> User:
    user = make_user(username)
    member = make_member(group, user=user)
    CommitteeSeat.objects.create(group=group, member=member, position=position, start_date=dt.date(2020, 1, 1))
    return user


def make_officer(district: District, username="officer") -> User:
    user = make_user(username)
    OfficerAssignment.objects.create(user=user, district=district, start_date=dt.date(2020, 1, 1))
    return user


def make_network_committee(network: Network, username="network") -> User:
    user = make_user(username)
    NetworkCommitteeSeat.objects.create(user=user, network=network, start_date=dt.date(2020, 1, 1))
    return user
