"""The demo village: a seeded, deterministic generator of realistic savings groups.

What ``load_demo()`` builds (seed 2569 unless told otherwise):

- Places: province พิษณุโลก (65) → district ชาติตระการ (6503) → sub-district บ้านดง (650304) with its
  villages; and district นครไทย (6502) → sub-district บ้านแยง (650203) with one village, so that the
  officer of ชาติตระการ can be checked against a group outside the district. The codes are the real
  Department of Provincial Administration codes; village names other than บ้านนาซาน are invented.
- Networks: "เครือข่ายกลุ่มออมทรัพย์เพื่อการผลิตอำเภอชาติตระการ" (district) above
  "เครือข่ายกลุ่มออมทรัพย์เพื่อการผลิตตำบลบ้านดง" (sub-district).
- The main group, modelled on the seed document: กลุ่มออมทรัพย์เพื่อการผลิตบ้านนาซาน, บ้านนาซาน หมู่ 2,
  founded 6 March 1990 (national savings day), fiscal year from 1 January, meeting day 5, one account at
  ธ.ก.ส. สาขาชาติตระการ; 150 members in about 60 households (families share a surname and a house number:
  couples, grown children, a son's wife, widows and singles), 6 of them deceased or resigned, and a
  15-person committee in the four committees.
- The main group's money from 1 January 2024 to the meeting of the current month (``plan_savings``,
  ``_ensure_savings``), through the savings and bylaws services: bylaws voted by the general meeting
  (changed in 2025 and 2026), each member's pledge (a few change it in January or July), entry fees
  of those joining, a pledge batch every meeting day (most pay on time, some at a later meeting, a
  few leave a month unpaid, two pay months ahead), fines charged monthly (most paid, one waived by
  resolution), savings deposit accounts of about a third of the members with deposits and some
  withdrawals, two fixed deposits, interest posted on schedule, and three members who leave with
  their settlement: a death paid to the beneficiary, a resignation and an expulsion.
- The main group's loans from March 2024 (``plan_loans``, ``_ensure_loans``), through the loans
  services: loan bylaws voted by the general meeting, a loan committee of four with logins ``loan1`` …
  ``loan4`` voting on every request, and loans in every state (waiting, rejected, reduced, in the
  pay-out queue, open and repaid at the meetings, late 1-30 / 31-90 / over 90 days with fines, paid
  off early, closed, paid by a guarantor, written off by resolution).
- Three neighbouring groups in the sub-district network (60, 48 and 40 members) and one group in นครไทย
  (36 members), each with a smaller committee.
- Demo users, all with the password ``sajja-demo-2569``: ``admin``, ``treasurer``, ``president``,
  ``auditor``, ``member`` (members of the main group), ``officer`` (พัฒนากร of ชาติตระการ) and
  ``network`` (committee of the sub-district network).
- ``large_members=N``: also the group "หมู่บ้านสาธิตขนาดใหญ่" with N members in households of about three,
  for benchmarks.

Rules of the generator:

- Deterministic: every group is planned by pure functions (``plan_group`` and the ``plan_*`` helpers)
  from its own ``random.Random(f"{seed}:{key}")``, before the database is touched, so the same seed
  gives the same people whatever is already loaded and whichever groups are asked for.
- Dates are planned up to the fixed ``AS_OF`` date, not "today", so that a plan does not change from
  one day to the next. Only the committee term depends on the day of loading (see ``committee_term``).
- Idempotent: everything is found by its natural key first (codes, village numbers, names, usernames,
  member numbers, house numbers, seat keys) and only what is missing is written; a second run adds nothing.
  A group that was built with another seed or size is refused (``DemoMismatch``), never mixed.
- One door: members and households are written through ``sajja.members.services`` (``household_save``,
  ``members_import`` in chunks of 500, ``member_leave``) with ``admin`` as the actor. Places, networks,
  groups, bank accounts, users and seats have no service yet and are created with the ORM.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from auditlog.context import set_actor
from django.db import transaction

from sajja.accounts.models import CommitteeSeat, NetworkCommitteeSeat, OfficerAssignment, Position, User
from sajja.bylaws import registry
from sajja.core.natid import check_digit
from sajja.core.tenancy import today
from sajja.groups.models import BankAccount, District, Group, Network, Province, Subdistrict, Village
from sajja.ledger.services import chart_create
from sajja.loans import domain as loan_domain
from sajja.members.inputs import MemberInput
from sajja.members.models import Household, Member
from sajja.members.services import ImportErrors, household_save, member_leave, members_import

DEFAULT_SEED = 2569
DEMO_PASSWORD = "sajja-demo-2569"  # noqa: S105 - the published password of the demo users, never a real one
DEMO_URL = "http://127.0.0.1:8000"
AS_OF = dt.date(2026, 6, 30)  # planned join and leave dates end here
IMPORT_CHUNK = 500
MAX_LARGE_MEMBERS = 99_999  # national IDs carry a 5-digit serial per group

# --- places -----------------------------------------------------------------------------------------
PROVINCE = ("65", "พิษณุโลก", "Phitsanulok")
DISTRICTS = {
    "chat_trakan": ("6503", "ชาติตระการ", "Chat Trakan"),
    "nakhon_thai": ("6502", "นครไทย", "Nakhon Thai"),
}
SUBDISTRICTS = {
    "ban_dong": ("chat_trakan", "650304", "บ้านดง", "Ban Dong"),
    "ban_yaeng": ("nakhon_thai", "650203", "บ้านแยง", "Ban Yaeng"),
}
DISTRICT_NETWORK = "เครือข่ายกลุ่มออมทรัพย์เพื่อการผลิตอำเภอชาติตระการ"
SUBDISTRICT_NETWORK = "เครือข่ายกลุ่มออมทรัพย์เพื่อการผลิตตำบลบ้านดง"
BAAC = "ธนาคารเพื่อการเกษตรและสหกรณ์การเกษตร"

# fmt: off
# --- people -----------------------------------------------------------------------------------------
# (Thai, romanised for LINE ids). Older people carry the traditional names, younger ones the newer ones.
MALE_NAMES_TRADITIONAL = [
    ("สมชาย", "somchai"), ("สมศักดิ์", "somsak"), ("บุญมี", "bunmi"), ("ประเสริฐ", "prasoet"),
    ("สุรชัย", "surachai"), ("วิชัย", "wichai"), ("สมบัติ", "sombat"), ("บุญเลิศ", "bunloet"),
    ("ทองดี", "thongdi"), ("มานพ", "manop"), ("สมพงษ์", "sompong"), ("เกษม", "kasem"),
    ("สุเทพ", "suthep"), ("ชัยวัฒน์", "chaiwat"), ("อนันต์", "anan"), ("ณรงค์", "narong"),
    ("บรรจง", "banchong"), ("สำราญ", "samran"), ("ไพโรจน์", "phairot"), ("วีระ", "wira"),
    ("อำนาจ", "amnat"), ("เสถียร", "sathian"), ("สุนทร", "sunthon"), ("ประสิทธิ์", "prasit"),
    ("ทวี", "thawi"), ("บุญส่ง", "bunsong"), ("สมหมาย", "sommai"), ("ปรีชา", "pricha"),
]
MALE_NAMES_MODERN = [
    ("ธนากร", "thanakon"), ("กิตติพงษ์", "kittiphong"), ("ณัฐพล", "natthaphon"), ("ธีรวัฒน์", "thirawat"),
    ("พงศกร", "phongsakon"), ("วรวุฒิ", "worawut"), ("อภิชาติ", "aphichat"), ("จักรพันธ์", "chakkraphan"),
    ("ศุภชัย", "suphachai"), ("อนุชา", "anucha"), ("ชยพล", "chayaphon"), ("ปิยะพงษ์", "piyaphong"),
    ("เอกชัย", "ekkachai"), ("ธนวัฒน์", "thanawat"),
]
FEMALE_NAMES_TRADITIONAL = [
    ("สมศรี", "somsri"), ("บุญมา", "bunma"), ("ทองใบ", "thongbai"), ("สมจิตร", "somchit"),
    ("มาลี", "mali"), ("สุมาลี", "sumali"), ("บุญเรือน", "bunruean"), ("จำปา", "champa"),
    ("ประนอม", "pranom"), ("สำเนียง", "samniang"), ("อำไพ", "amphai"), ("บัวผัน", "buaphan"),
    ("คำปุ่น", "khampun"), ("ละเอียด", "laiat"), ("วันเพ็ญ", "wanphen"), ("สุนีย์", "suni"),
    ("เพ็ญศรี", "phensri"), ("ทองพูน", "thongphun"), ("สมพร", "somphon"), ("ลำดวน", "lamduan"),
    ("พิมพา", "phimpha"), ("นงลักษณ์", "nonglak"), ("จันทร์เพ็ญ", "chanphen"), ("ประไพ", "praphai"),
    ("อรุณี", "aruni"), ("บุญเกิด", "bunkoet"),
]
FEMALE_NAMES_MODERN = [
    ("ศิริพร", "siriphon"), ("กาญจนา", "kanchana"), ("วิไลวรรณ", "wilaiwan"), ("อรทัย", "orathai"),
    ("ปวีณา", "pawina"), ("สุภาพร", "suphaphon"), ("จิราพร", "chiraphon"), ("ณัฐธิดา", "natthida"),
    ("พัชรี", "phatchari"), ("รัตนา", "rattana"), ("ธิดารัตน์", "thidarat"), ("กนกวรรณ", "kanokwan"),
    ("ศศิธร", "sasithon"), ("ปิยะนุช", "piyanut"), ("อัญชลี", "anchali"), ("นภาพร", "naphaphon"),
]
SURNAMES = [
    "ใจดี", "แก้วมณี", "ศรีสุข", "บุญมา", "ทองคำ", "จันทร์แก้ว", "สุขเจริญ", "มีสุข", "บุญเรือง", "ทองอินทร์",
    "แสงทอง", "พรหมมา", "อินทร์แก้ว", "ศรีวงษ์", "คำมา", "ปัญญาดี", "เพชรรัตน์", "สมบูรณ์", "นาคสุข",
    "บุญประเสริฐ", "มั่นคง", "ศรีเมือง", "วงศ์ใหญ่", "อ่อนศรี", "พุ่มพวง", "ทองมา", "จันทร์หอม", "ขำคม",
    "ดวงแก้ว", "บัวแก้ว", "กองแก้ว", "พันธ์ดี", "เรืองศรี", "สีนวล", "น้อยนาง", "เทียนทอง", "ชมภู", "สายทอง",
    "แก้วกล้า", "ภูมิสุข", "ธรรมสอน", "คงเจริญ", "ศรีนาค", "อุ่นเรือน", "ปานทอง", "วงศ์คำ", "ยอดดี", "บุญยืน",
    "สุขประเสริฐ", "หอมจันทร์", "นาคแก้ว", "เงินทอง", "ศรีทอง", "ทองสุข", "แสนดี", "คำแหง", "พลอยงาม",
    "ทับทิม", "มณีวงศ์", "เกิดผล", "ชูศรี", "สิงห์คำ",
]
# fmt: on
MODERN_NAMES_FROM = 1980  # people born from this year get the newer names
OLDEST_BIRTH_YEAR, YOUNGEST_BIRTH_YEAR = 1945, 2005
JOIN_AGE_YEARS = 15
FOUNDER_AGE_YEARS = 20
DECEASED_BORN_BEFORE = 1956
LEAVE_REASONS = {
    Member.Status.DECEASED: ["ถึงแก่กรรม", "ถึงแก่กรรมด้วยโรคชรา"],
    Member.Status.LEFT: [
        "ลาออก: ย้ายไปอยู่กับบุตรที่กรุงเทพมหานคร",
        "ลาออก: ไปทำงานที่จังหวัดชลบุรี",
        "ลาออก: ย้ายภูมิลำเนา",
    ],
}
# Members of a household, and how often a household has that many (relative weights).
MAIN_HOUSEHOLD_SIZES = {1: 12, 2: 38, 3: 32, 4: 18}  # about 2.6 members a house: 150 members in ~60 houses
LARGE_HOUSEHOLD_SIZES = {2: 30, 3: 40, 4: 30}  # about 3 a house

# --- committees -----------------------------------------------------------------------------------------
FULL_COMMITTEE = [
    Position.PRESIDENT,
    Position.VICE_PRESIDENT,
    Position.SECRETARY,
    Position.TREASURER,
    Position.ADMIN_COMMITTEE,
    *[Position.LOAN_COMMITTEE] * 4,
    *[Position.AUDIT_COMMITTEE] * 3,
    *[Position.PROMOTION_COMMITTEE] * 3,
]
SMALL_COMMITTEE = [
    Position.PRESIDENT,
    Position.VICE_PRESIDENT,
    Position.SECRETARY,
    Position.TREASURER,
    Position.LOAN_COMMITTEE,
    Position.LOAN_COMMITTEE,
    Position.AUDIT_COMMITTEE,
    Position.AUDIT_COMMITTEE,
    Position.PROMOTION_COMMITTEE,
]
COMMITTEE_JOINED_BY = dt.date(2022, 12, 31)  # members of at least two years before the 2025 election
COMMITTEE_AGES = (30, 72)
TERM_YEARS = 2
OFFICER_FROM = dt.date(2024, 1, 1)


@dataclass(frozen=True)
class GroupSpec:
    """One demo group: where it is, its settings and how many members to plan."""

    key: str  # seeds the group's random generator; never change it (the people would change)
    name: str
    subdistrict: str  # key of SUBDISTRICTS
    moo: int
    village: str
    founded_on: dt.date
    members: int
    id_slot: int  # two digits in the members' national IDs that keep them unique across demo groups
    leavers: int
    committee: Sequence[str]
    household_sizes: dict[int, int] = field(default_factory=lambda: MAIN_HOUSEHOLD_SIZES)
    in_network: bool = True
    meeting_day: int = 5
    fiscal_year_start_month: int = 1
    bank_branch: str = "ชาติตระการ"
    savings_from: dt.date | None = None  # the group's money is loaded from this fiscal year on (``plan_savings``)


MAIN_GROUP = GroupSpec(
    key="ban-na-san",
    name="กลุ่มออมทรัพย์เพื่อการผลิตบ้านนาซาน",
    subdistrict="ban_dong",
    moo=2,
    village="บ้านนาซาน",
    founded_on=dt.date(1990, 3, 6),
    members=150,
    id_slot=1,
    leavers=6,
    committee=FULL_COMMITTEE,
    savings_from=dt.date(2024, 1, 1),
)
NEIGHBOUR_GROUPS = [
    GroupSpec(
        key="ban-dong",
        name="กลุ่มออมทรัพย์เพื่อการผลิตบ้านดง",
        subdistrict="ban_dong",
        moo=1,
        village="บ้านดง",
        founded_on=dt.date(1987, 3, 6),
        members=60,
        id_slot=2,
        leavers=2,
        committee=SMALL_COMMITTEE,
        meeting_day=10,
    ),
    GroupSpec(
        key="ban-pong-khae",
        name="กลุ่มออมทรัพย์เพื่อการผลิตบ้านโป่งแค",
        subdistrict="ban_dong",
        moo=5,
        village="บ้านโป่งแค",
        founded_on=dt.date(1996, 7, 1),
        members=48,
        id_slot=3,
        leavers=2,
        committee=SMALL_COMMITTEE,
        meeting_day=15,
        fiscal_year_start_month=4,
    ),
    GroupSpec(
        key="ban-na-chan",
        name="กลุ่มออมทรัพย์เพื่อการผลิตบ้านนาจาน",
        subdistrict="ban_dong",
        moo=7,
        village="บ้านนาจาน",
        founded_on=dt.date(2004, 5, 15),
        members=40,
        id_slot=4,
        leavers=1,
        committee=SMALL_COMMITTEE,
        meeting_day=1,
    ),
]
OTHER_DISTRICT_GROUP = GroupSpec(
    key="ban-yaeng",
    name="กลุ่มออมทรัพย์เพื่อการผลิตบ้านแยง",
    subdistrict="ban_yaeng",
    moo=1,
    village="บ้านแยง",
    founded_on=dt.date(1998, 3, 6),
    members=36,
    id_slot=5,
    leavers=1,
    committee=SMALL_COMMITTEE,
    in_network=False,
    bank_branch="นครไทย",
)
LARGE_GROUP_NAME = "หมู่บ้านสาธิตขนาดใหญ่"


def large_group_spec(members: int) -> GroupSpec:
    """The benchmark group: ``members`` members in households of about three, in its own village."""
    return GroupSpec(
        key="large",
        name=LARGE_GROUP_NAME,
        subdistrict="ban_dong",
        moo=20,
        village="บ้านสาธิต",
        founded_on=dt.date(1985, 3, 6),
        members=members,
        id_slot=9,
        leavers=members // 100,
        committee=FULL_COMMITTEE,
        household_sizes=LARGE_HOUSEHOLD_SIZES,
    )


# (username, first name, last name, role). Users who are members take the member's name instead.
DEMO_USERS = [
    ("admin", "ผู้ดูแล", "ระบบ", "ผู้ดูแลระบบ (system admin): every group"),
    ("treasurer", "", "", "เหรัญญิก (treasurer) บ้านนาซาน: manages the group"),
    ("president", "", "", "ประธาน (president) บ้านนาซาน: manages the group"),
    ("auditor", "", "", "กรรมการตรวจสอบ (audit committee) บ้านนาซาน: reads the group"),
    ("member", "", "", "สมาชิก (member) บ้านนาซาน: own records"),
    ("officer", "วิไลพร", "ศรีพัฒนา", "พัฒนากร (CDD officer) อ.ชาติตระการ: reads the district's groups"),
    ("network", "ประเสริฐ", "มั่นคงดี", "กรรมการเครือข่าย (network committee) ต.บ้านดง: group figures"),
]


# === planning: pure functions of a random generator ======================================================


@dataclass(frozen=True)
class Place:
    """What a member's address needs."""

    moo: int
    subdistrict: str
    district: str
    province: str
    district_code: str

    def address(self, house_number: str) -> str:
        return f"{house_number} หมู่ {self.moo} ต.{self.subdistrict} อ.{self.district} จ.{self.province}"


@dataclass(frozen=True)
class PlannedHousehold:
    house_number: str
    address: str


@dataclass(frozen=True)
class Leave:
    status: str
    date: dt.date
    reason: str


@dataclass(frozen=True)
class PlannedMember:
    data: MemberInput
    leave: Leave | None = None


@dataclass(frozen=True)
class GroupPlan:
    households: list[PlannedHousehold]
    members: list[PlannedMember]  # ordered by member number 1..N
    committee: list[tuple[int, str]]  # (member number, position)
    ordinary_member: int | None  # an active member with no seat, for the ``member`` demo user


@dataclass
class _Person:
    """A person while a household is being planned (numbers come later, by join date)."""

    sex: str
    first_name: str
    roman: str
    last_name: str
    title: str
    birth_date: dt.date
    beneficiary: tuple[str, str] = ("", "")
    joined_on: dt.date | None = None


def place_of(spec: GroupSpec) -> Place:
    district_key, _code, subdistrict, _en = SUBDISTRICTS[spec.subdistrict]
    code, district, _en = DISTRICTS[district_key]
    return Place(moo=spec.moo, subdistrict=subdistrict, district=district, province=PROVINCE[1], district_code=code)


def national_id(*, district_code: str, id_slot: int, number: int, birth_year: int) -> str:
    """A valid, deterministic national ID, unique over the demo groups.

    Digit 1 is 3 for people born (and registered) before 1984 and 1 for those born from 1984; digits 2–5 the district
    that registered them; then the group's slot (2 digits) and a 5-digit serial that scatters member
    numbers (``number * 7919 mod 100000`` is one-to-one because 7919 is prime to 100000); the 13th digit
    is the check digit.
    """
    kind = "1" if birth_year >= 1984 else "3"
    serial = (number * 7919 + id_slot * 4241) % 100_000
    first12 = f"{kind}{district_code}{id_slot:02d}{serial:05d}"
    return first12 + str(check_digit(first12))


def _age(birth: dt.date, day: dt.date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def _random_date(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randint(0, max(0, (end - start).days)))


def _birth_date(rng: random.Random, year: int) -> dt.date:
    """A birth date in ``year`` (clamped to 1945–2005); day at most 28 so that anniversaries exist."""
    year = min(max(year, OLDEST_BIRTH_YEAR), YOUNGEST_BIRTH_YEAR)
    return dt.date(year, rng.randint(1, 12), rng.randint(1, 28))


def _first_name(rng: random.Random, sex: str, birth_year: int) -> tuple[str, str]:
    modern = birth_year >= MODERN_NAMES_FROM
    if sex == "M":
        return rng.choice(MALE_NAMES_MODERN if modern else MALE_NAMES_TRADITIONAL)
    return rng.choice(FEMALE_NAMES_MODERN if modern else FEMALE_NAMES_TRADITIONAL)


def _person(rng: random.Random, *, sex: str, birth_year: int, surname: str, married: bool) -> _Person:
    """Title follows sex and marriage: นาย for men, นาง for married or widowed women, นางสาว otherwise."""
    first, roman = _first_name(rng, sex, birth_year)
    title = "นาย" if sex == "M" else ("นาง" if married else "นางสาว")
    return _Person(sex, first, roman, surname, title, _birth_date(rng, birth_year))


def _full_name(person: _Person) -> str:
    return f"{person.title}{person.first_name} {person.last_name}"


def _relative(rng: random.Random, *, sex: str, birth_year: int, surname: str, married: bool = True) -> str:
    """The full name of a family member who is not in the group (a beneficiary)."""
    return _full_name(_person(rng, sex=sex, birth_year=birth_year, surname=surname, married=married))


def plan_household(rng: random.Random, size: int, surname: str) -> list[_Person]:
    """The members of one household (all with the family surname):

    1: a widow or widower (born 1945–1962) or a single adult (born 1975–2000);
    2: a married couple;
    3: a couple and a grown child;
    4: a couple and two grown children, or a couple, their son and his wife.
    Each names a beneficiary: the spouse, else a child, else a parent.
    """
    if size == 1:
        if rng.random() < 0.6:
            sex = "F" if rng.random() < 0.7 else "M"
            person = _person(rng, sex=sex, birth_year=rng.randint(1945, 1962), surname=surname, married=True)
            child_sex = rng.choice("MF")
            child = _relative(
                rng, sex=child_sex, birth_year=person.birth_date.year + rng.randint(20, 32), surname=surname
            )
            person.beneficiary = (child, "บุตรชาย" if child_sex == "M" else "บุตรสาว")
        else:
            sex = rng.choice("MF")
            person = _person(rng, sex=sex, birth_year=rng.randint(1975, 2000), surname=surname, married=False)
            mother = _relative(rng, sex="F", birth_year=person.birth_date.year - rng.randint(20, 32), surname=surname)
            person.beneficiary = (mother, "มารดา")
        return [person]

    husband_year = rng.randint(1945, 1975) if size >= 3 else rng.randint(1948, 1995)
    husband = _person(rng, sex="M", birth_year=husband_year, surname=surname, married=True)
    wife = _person(rng, sex="F", birth_year=husband_year + rng.randint(-3, 7), surname=surname, married=True)
    husband.beneficiary = (_full_name(wife), "คู่สมรส")
    wife.beneficiary = (_full_name(husband), "คู่สมรส")
    people = [husband, wife]
    children_years = wife.birth_date.year + 20, min(wife.birth_date.year + 34, YOUNGEST_BIRTH_YEAR)
    if size == 4 and rng.random() < 0.35:
        son = _person(rng, sex="M", birth_year=rng.randint(*children_years), surname=surname, married=True)
        daughter_in_law = _person(
            rng, sex="F", birth_year=son.birth_date.year + rng.randint(-2, 5), surname=surname, married=True
        )
        son.beneficiary = (_full_name(daughter_in_law), "คู่สมรส")
        daughter_in_law.beneficiary = (_full_name(son), "คู่สมรส")
        return [*people, son, daughter_in_law]
    for _ in range(size - 2):
        child = _person(
            rng, sex=rng.choice("MF"), birth_year=rng.randint(*children_years), surname=surname, married=False
        )
        child.beneficiary = (_full_name(wife), "มารดา")
        people.append(child)
    return people


def plan_household_sizes(rng: random.Random, count: int, weights: dict[int, int]) -> list[int]:
    """Household sizes drawn from ``weights`` that add up to exactly ``count`` members."""
    sizes: list[int] = []
    while sum(sizes) < count:
        sizes.append(min(rng.choices(list(weights), weights=list(weights.values()))[0], count - sum(sizes)))
    return sizes


def plan_house_numbers(rng: random.Random, count: int) -> list[str]:
    """``count`` distinct house numbers, ascending along the village road; a few split plots ("12/1")."""
    numbers = sorted(rng.sample(range(1, int(count * 1.8) + 10), count))
    return [f"{n}/1" if rng.random() < 0.08 else str(n) for n in numbers]


def _earliest_join(person: _Person, founded: dt.date) -> dt.date:
    """The founding day or the 15th birthday, whichever is later."""
    return max(founded, person.birth_date.replace(year=person.birth_date.year + JOIN_AGE_YEARS))


def _join_date(rng: random.Random, person: _Person, founded: dt.date) -> dt.date:
    """From ``_earliest_join`` to ``AS_OF``; about a third of those 20 or older at the founding are founders."""
    start = _earliest_join(person, founded)
    if _age(person.birth_date, founded) >= FOUNDER_AGE_YEARS and rng.random() < 0.35:
        return founded
    return _random_date(rng, start, AS_OF)


def _phone(rng: random.Random, person: _Person) -> str:
    """Most have a mobile (08x or 09x, 10 digits); fewer of the oldest."""
    if rng.random() > (0.6 if person.birth_date.year < 1955 else 0.88):
        return ""
    return f"0{rng.choice('89')}{rng.randint(0, 99_999_999):08d}"


def _line_id(rng: random.Random, person: _Person, phone: str) -> str:
    """About half of those born from 1965 with a phone use LINE."""
    if not phone or person.birth_date.year < 1965 or rng.random() < 0.5:
        return ""
    return f"{person.roman}{rng.randint(1, 999)}"


def plan_members(
    rng: random.Random, *, count: int, place: Place, founded: dt.date, id_slot: int, household_sizes: dict[int, int]
) -> tuple[list[PlannedHousehold], list[PlannedMember]]:
    """Households and members of one group, numbered 1..``count`` in the order they joined.

    Pure: the same generator state gives the same plan. Spouses often join together on one day.
    """
    sizes = plan_household_sizes(rng, count, household_sizes)
    house_numbers = plan_house_numbers(rng, len(sizes))
    households, people = [], []  # people: (joined, household index, position, person, house number)
    for index, (size, house_number) in enumerate(zip(sizes, house_numbers, strict=True)):
        households.append(PlannedHousehold(house_number, place.address(house_number)))
        family = plan_household(rng, size, rng.choice(SURNAMES))
        for position, person in enumerate(family):
            person.joined_on = _join_date(rng, person, founded)
            if position == 1 and rng.random() < 0.5 and family[0].joined_on >= _earliest_join(person, founded):
                person.joined_on = family[0].joined_on  # the couple joined together
            people.append((person.joined_on, index, position, person, house_number))
    people.sort(key=lambda row: row[:3])

    members = []
    for number, (joined, _index, _position, person, house_number) in enumerate(people, start=1):
        phone = _phone(rng, person)
        beneficiary = person.beneficiary if rng.random() < 0.9 else ("", "")  # one in ten named nobody
        data = MemberInput(
            number=number,
            title=person.title,
            first_name=person.first_name,
            last_name=person.last_name,
            national_id=national_id(
                district_code=place.district_code, id_slot=id_slot, number=number, birth_year=person.birth_date.year
            ),
            birth_date=person.birth_date,
            sex=person.sex,
            joined_on=joined,
            phone=phone,
            line_id=_line_id(rng, person, phone),
            address=place.address(house_number),
            house_number=house_number,
            beneficiary_name=beneficiary[0],
            beneficiary_relationship=beneficiary[1],
        )
        members.append(PlannedMember(data))
    return households, members


def plan_leavers(rng: random.Random, members: list[PlannedMember], count: int) -> list[PlannedMember]:
    """``count`` members leave: half (rounded up) die, chosen among those born before 1956; the others
    resign. The date is at least a year after joining (or the join date itself if that is too late),
    from 2010 to ``AS_OF``."""
    deceased_count = (count + 1) // 2
    old = [m for m in members if m.data.birth_date.year < DECEASED_BORN_BEFORE]
    deceased = set(rng.sample([m.data.number for m in old], min(deceased_count, len(old))))
    others = [m.data.number for m in members if m.data.number not in deceased]
    left = set(rng.sample(others, min(count - len(deceased), len(others))))
    planned = []
    for member in members:
        number = member.data.number
        status = Member.Status.DECEASED if number in deceased else Member.Status.LEFT if number in left else None
        if status is None:
            planned.append(member)
            continue
        start = max(member.data.joined_on + dt.timedelta(days=365), dt.date(2010, 1, 1))
        date = _random_date(rng, min(start, AS_OF), AS_OF)
        date = max(date, member.data.joined_on)
        planned.append(PlannedMember(member.data, Leave(status, date, rng.choice(LEAVE_REASONS[status]))))
    return planned


def plan_committee(rng: random.Random, members: list[PlannedMember], positions: Sequence[str]) -> list[tuple[int, str]]:
    """One seat per position, each held by a different active member who joined by the end of 2022 and
    was 30–72 at the 2025 election. The president is 50 or older and the treasurer a woman when such a
    candidate is left. A group with too few candidates fills the first positions only."""
    election = dt.date(2025, 1, 1)
    candidates = [
        m.data
        for m in members
        if m.leave is None
        and m.data.joined_on <= COMMITTEE_JOINED_BY
        and COMMITTEE_AGES[0] <= _age(m.data.birth_date, election) <= COMMITTEE_AGES[1]
    ]
    rules = {
        Position.PRESIDENT: lambda c: _age(c.birth_date, election) >= 50,
        Position.TREASURER: lambda c: c.sex == "F",
    }
    seats: list[tuple[int, str]] = []
    for position in positions[: len(candidates)]:
        free = [c for c in candidates if c.number not in {n for n, _p in seats}]
        preferred = [c for c in free if rules.get(position, bool)(c)]
        seats.append((rng.choice(preferred or free).number, str(position)))
    return seats


def plan_ordinary_member(
    rng: random.Random, members: list[PlannedMember], committee: list[tuple[int, str]]
) -> int | None:
    """An active member without a seat, born 1970–1995, with a phone: the ``member`` demo login."""
    seated = {number for number, _position in committee}
    pool = [
        m.data.number
        for m in members
        if m.leave is None and m.data.number not in seated and m.data.phone and 1970 <= m.data.birth_date.year <= 1995
    ]
    pool = pool or [m.data.number for m in members if m.leave is None and m.data.number not in seated]
    return rng.choice(pool) if pool else None


def plan_group(spec: GroupSpec, seed: int = DEFAULT_SEED) -> GroupPlan:
    """Everything about one group's people, from its own generator ``Random(f"{seed}:{spec.key}")``."""
    rng = random.Random(f"{seed}:{spec.key}")
    households, members = plan_members(
        rng,
        count=spec.members,
        place=place_of(spec),
        founded=spec.founded_on,
        id_slot=spec.id_slot,
        household_sizes=spec.household_sizes,
    )
    members = plan_leavers(rng, members, spec.leavers)
    committee = plan_committee(rng, members, spec.committee)
    return GroupPlan(households, members, committee, plan_ordinary_member(rng, members, committee))


def committee_term(day: dt.date) -> tuple[dt.date, dt.date]:
    """The two-year term in office on ``day``: terms start on 1 January of odd years (2025–2026, 2027–2028 …),
    so the demo committee is in office whenever the demo is loaded (loaded again in a new term, the
    same people are re-elected: as the seed document says, members keep the same committee)."""
    start_year = day.year - (day.year - 2025) % TERM_YEARS
    return dt.date(start_year, 1, 1), dt.date(start_year + TERM_YEARS - 1, 12, 31)


# === loading: idempotent writes ===========================================================================


@dataclass
class DemoResult:
    group: Group  # the main group, บ้านนาซาน
    created: Counter  # table -> rows created by this call
    changed: Counter  # members who left, users linked to members (updates, not new rows)
    logins: list[tuple[str, str]]  # (username, role); the password of all is DEMO_PASSWORD
    groups: list[Group]  # every demo group built by this call, the main one first
    large_group: Group | None = None

    @property
    def created_total(self) -> int:
        return sum(self.created.values())


def _get_or_create(model, created: Counter, *, defaults: dict | None = None, **lookup):
    """Find a row by its natural key ``lookup``; create it with ``defaults`` when missing (counted)."""
    row = model.objects.filter(**lookup).first()
    if row is None:
        row = model.objects.create(**lookup, **(defaults or {}))
        created[model.__name__] += 1
    return row


def _say(stdout, text: str) -> None:
    if stdout is not None:
        stdout.write(text + "\n")


@dataclass(frozen=True)
class _Places:
    districts: dict[str, District]
    subdistricts: dict[str, Subdistrict]
    networks: dict[str, Network]


def _ensure_places(created: Counter) -> _Places:
    """Province, districts and sub-districts (by code) and the two networks (by name)."""
    code, name_th, name_en = PROVINCE
    province = _get_or_create(Province, created, code=code, defaults={"name_th": name_th, "name_en": name_en})
    districts = {
        key: _get_or_create(District, created, code=code, defaults={"province": province, "name_th": th, "name_en": en})
        for key, (code, th, en) in DISTRICTS.items()
    }
    subdistricts = {
        key: _get_or_create(
            Subdistrict, created, code=code, defaults={"district": districts[district], "name_th": th, "name_en": en}
        )
        for key, (district, code, th, en) in SUBDISTRICTS.items()
    }
    chat_trakan = districts["chat_trakan"]
    district_network = _get_or_create(
        Network,
        created,
        name=DISTRICT_NETWORK,
        defaults={"level": Network.Level.DISTRICT, "province": province, "district": chat_trakan},
    )
    subdistrict_network = _get_or_create(
        Network,
        created,
        name=SUBDISTRICT_NETWORK,
        defaults={
            "level": Network.Level.SUBDISTRICT,
            "parent": district_network,
            "province": province,
            "district": chat_trakan,
            "subdistrict": subdistricts["ban_dong"],
        },
    )
    return _Places(districts, subdistricts, {"district": district_network, "subdistrict": subdistrict_network})


def _bank_account_number(spec: GroupSpec) -> str:
    """A 12-digit ธ.ก.ส. account number, fixed per group."""
    rng = random.Random(f"bank:{spec.key}")
    return f"0{rng.randint(10, 99)}{rng.randint(0, 999_999_999):09d}"


def _ensure_group(spec: GroupSpec, places: _Places, created: Counter) -> Group:
    """The village (by sub-district and Moo), the group (by village and name) and its ธ.ก.ส. account
    (one per group and bank)."""
    village = _get_or_create(
        Village,
        created,
        subdistrict=places.subdistricts[spec.subdistrict],
        number=spec.moo,
        defaults={"name_th": spec.village},
    )
    group = _get_or_create(
        Group,
        created,
        village=village,
        name=spec.name,
        defaults={
            "network": places.networks["subdistrict"] if spec.in_network else None,
            "founded_on": spec.founded_on,
            "fiscal_year_start_month": spec.fiscal_year_start_month,
            "fiscal_year_start_day": 1,
            "meeting_day": spec.meeting_day,
        },
    )
    chart_create(group=group)  # idempotent: the template chart of accounts and the ledger head
    _get_or_create(
        BankAccount,
        created,
        group=group,
        bank=BAAC,
        defaults={
            "branch": spec.bank_branch,
            "account_number": _bank_account_number(spec),
            "account_name": spec.name,
            # The receipts' PromptPay QR: the number of the published test vectors, which pays nobody.
            "promptpay_id": "000-000-0000",
        },
    )
    return group


def _ensure_households(group: Group, households: list[PlannedHousehold], actor, created: Counter) -> None:
    """Households whose house number is not registered yet, through ``household_save``."""
    existing = set(Household.objects.filter(group=group).values_list("house_number", flat=True))
    for household in households:
        if household.house_number not in existing:
            household_save(
                group=group,
                household=None,
                house_number=household.house_number,
                address=household.address,
                note="",
                actor=actor,
            )
            created["Household"] += 1


class DemoMismatch(Exception):
    """The group in the database holds other people than this plan: it was built with another seed
    or another ``large_members``. Mixing two plans would give a group that is neither."""


def _ensure_members(group: Group, members: list[PlannedMember], actor, created: Counter) -> None:
    """Members whose number is not used yet, through ``members_import`` in chunks of ``IMPORT_CHUNK``
    (row = number + 1, as if row 1 of a spreadsheet held the headings). Existing members are read once.

    Members added or renamed by hand since are fine; when most stored names differ from the plan the
    group was built with other arguments, and ``DemoMismatch`` says so instead of mixing the two."""
    names = Member.objects.filter(group=group).values_list("number", "first_name", "last_name")
    stored = {number: [first_name, last_name] for number, first_name, last_name in names}
    planned = {m.data.number: [m.data.first_name, m.data.last_name] for m in members}
    overlap = [number for number in stored if number in planned]
    differing = sum(stored[number] != planned[number] for number in overlap)
    if overlap and differing * 2 > len(overlap):
        raise DemoMismatch(
            f"{group.name} in this database was built with another seed or size ({differing} of {len(overlap)} "
            "members differ). Load it into a fresh database, or use the arguments it was built with."
        )
    rows = [(m.data.number + 1, m.data) for m in members if m.data.number not in stored]
    for start in range(0, len(rows), IMPORT_CHUNK):
        chunk = rows[start : start + IMPORT_CHUNK]
        try:
            members_import(group=group, rows=chunk, actor=actor)
        except ImportErrors as error:
            problems = {
                row: {name: [str(m) for m in messages] for name, messages in fields_.items()}
                for row, fields_ in list(error.problems.items())[:3]
            }
            raise RuntimeError(f"the demo data of {group.name} was refused: {problems}") from error
        created["Member"] += len(chunk)


def _ensure_leavers(
    group: Group, members: list[PlannedMember], actor, changed: Counter, *, settled_from: dt.date | None = None
) -> None:
    """Planned leavers who are still active leave through ``member_leave``. A member whose stored name
    or join date differs from the plan (edited by hand since) is left alone. Those leaving on or after
    ``settled_from`` (the group's ``savings_from``) hold money then: they leave with their settlement,
    through ``member_settle``, when the savings are loaded (``_ensure_savings``)."""
    planned = {m.data.number: m for m in members if m.leave and (settled_from is None or m.leave.date < settled_from)}
    for member in Member.objects.filter(group=group, number__in=planned, status=Member.Status.ACTIVE):
        data, leave = planned[member.number].data, planned[member.number].leave
        if (member.first_name, member.last_name, member.joined_on) != (data.first_name, data.last_name, data.joined_on):
            continue
        member_leave(member=member, status=leave.status, date=leave.date, reason=leave.reason, actor=actor)
        changed["Member left"] += 1


def _ensure_committee(group: Group, committee: list[tuple[int, str]], created: Counter) -> None:
    """Seats of the current term (``committee_term``), found by (group, member, position, start)."""
    start, end = committee_term(today())
    seated = {m.number: m for m in Member.objects.filter(group=group, number__in=[n for n, _p in committee])}
    existing = set(
        CommitteeSeat.objects.filter(group=group, start_date=start).values_list("member__number", "position")
    )
    for number, position in committee:
        if (number, position) not in existing:
            CommitteeSeat.objects.create(
                group=group, member=seated[number], position=position, start_date=start, end_date=end
            )
            created["CommitteeSeat"] += 1


def build_group(
    spec: GroupSpec, *, seed: int, places: _Places, actor, created: Counter, changed: Counter, stdout=None
) -> tuple[Group, GroupPlan]:
    """Plan the group, then write what is missing of it, in one transaction."""
    plan = plan_group(spec, seed)
    members_before = created["Member"]
    with transaction.atomic():
        group = _ensure_group(spec, places, created)
        _ensure_households(group, plan.households, actor, created)
        _ensure_members(group, plan.members, actor, created)
        _ensure_leavers(group, plan.members, actor, changed, settled_from=spec.savings_from)
        _ensure_committee(group, plan.committee, created)
    new = created["Member"] - members_before
    _say(stdout, f"{group.name}: {len(plan.members)} members in {len(plan.households)} households ({new} new)")
    return group, plan


def _ensure_user(username: str, created: Counter, *, first_name="", last_name="", superuser=False) -> User:
    """A demo user by username; a new one gets the demo password (an existing one is left alone)."""
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User(
            username=username, first_name=first_name, last_name=last_name, is_staff=superuser, is_superuser=superuser
        )
        user.set_password(DEMO_PASSWORD)
        user.save()
        created["User"] += 1
    return user


def _ensure_demo_users(main: Group, plan: GroupPlan, places: _Places, created: Counter, changed: Counter):
    """The role users: those of the main group are linked to the members holding the seats (and take
    their names), the officer is assigned to ชาติตระการ, the network user sits on the sub-district
    network for the current term. Returns the logins as (username, role)."""
    by_position: dict[str, int] = {}
    for number, position in plan.committee:
        by_position.setdefault(position, number)
    member_numbers = {
        "treasurer": by_position[Position.TREASURER],
        "president": by_position[Position.PRESIDENT],
        "auditor": by_position[Position.AUDIT_COMMITTEE],
        "member": plan.ordinary_member,
    }
    main_members = Member.objects.filter(group=main)
    members = {m.number: m for m in main_members.filter(number__in=member_numbers.values())}
    start, end = committee_term(today())
    logins = []
    with transaction.atomic():
        for username, first_name, last_name, role in DEMO_USERS:
            member = members.get(member_numbers.get(username))
            if member is not None:
                first_name, last_name = member.first_name, member.last_name
            user = _ensure_user(
                username, created, first_name=first_name, last_name=last_name, superuser=username == "admin"
            )
            if member is not None and member.user_id is None and not main_members.filter(user=user).exists():
                member.user = user
                member.save(update_fields=["user", "updated_at"])
                changed["User linked to member"] += 1
            if username == "officer":
                _get_or_create(
                    OfficerAssignment,
                    created,
                    user=user,
                    district=places.districts["chat_trakan"],
                    start_date=OFFICER_FROM,
                )
            if username == "network":
                _get_or_create(
                    NetworkCommitteeSeat,
                    created,
                    user=user,
                    network=places.networks["subdistrict"],
                    start_date=start,
                    defaults={"position": "ประธานเครือข่าย", "end_date": end},
                )
            logins.append((username, role))
    return logins


# === savings: the money of บ้านนาซาน ========================================================================
#
# From the group's ``savings_from`` (1 January 2024) to the meeting of the current month, everything
# goes through the same services as the pages: ``bylaw_set``, ``pledge_set``, ``entry_fee_receive``,
# ``pledges_receive`` (one batch a meeting day), ``fines_assess`` / ``fines_pay`` / ``fine_waive``,
# ``deposit_open`` / ``deposit_receive`` / ``deposit_withdraw``, ``interest_post`` and
# ``member_settle``. The books start that day: balances from before it are not carried in.
#
# ``plan_savings`` is pure (a function of the seed, the group's plan and the last day), and each
# member's behaviour comes from their own generator, drawn month by month: planning to a later day
# gives the same months first, so a load next month only adds next month. Writes are found first by
# their natural key or by an idempotency key ``demo:…`` on their entry, and skipped when done.

KEY_PREFIX = "demo:"
# (takes effect, resolution, {setting: value as typed}). Money in baht, rates in percent.
BYLAW_VOTES = [
    (
        dt.date(2024, 1, 1),
        "มติที่ประชุมใหญ่สามัญประจำปี ครั้งที่ 1/2567",
        {
            "entry_fee": "100",
            "pledge.multiple": "10",
            "pledge.minimum": "50",
            "pledge.maximum": "1000",
            "pledge.change_months": [1, 7],
            "pledge.ahead_max": "6",
            "fine.missed_pledge.kind": "fixed",
            "fine.missed_pledge.amount": "10",
            "fine.missed_pledge.cap_year": "120",
            "deposit.savings.rate": "2.50",
            "deposit.savings.posting": "half_yearly",
            "deposit.savings.minimum_balance": "100",
            "deposit.fixed.rate": "4.00",
            "deposit.fixed.posting": "yearly",
        },
    ),
    (
        dt.date(2025, 1, 1),
        "มติที่ประชุมใหญ่สามัญประจำปี ครั้งที่ 1/2568",
        {"entry_fee": "200", "fine.missed_pledge.amount": "20", "deposit.savings.rate": "3.00"},
    ),
    (dt.date(2026, 1, 1), "มติที่ประชุมใหญ่สามัญประจำปี ครั้งที่ 1/2569", {"pledge.maximum": "2000"}),
]
PLEDGE_BAHT = (50, 100, 100, 100, 150, 200, 200, 300, 500)  # a member's pledge a month, by how often chosen
PLEDGE_BAHT_FROM_2026 = (1000, 1500)  # also chosen from 2026, when the largest pledge rose to 2,000 baht
CHANGE_MONTHS = (1, 7)  # as the bylaws above say
PLEDGE_CHANGE_CHANCE = 0.03  # in each change month
# kind of payer: (weight, chance of missing a meeting and paying at a later one, of not paying a month at all)
PAYERS = {"steady": (72, 0.02, 0.003), "casual": (22, 0.10, 0.02), "struggling": (6, 0.20, 0.08)}
AHEAD_STEPS = (6, 3)  # the two members who pay ahead: six months at a time, and three
DEPOSITOR_CHANCE = 0.3
FIXED_DEPOSITS = ((dt.date(2024, 3, 5), 30_000), (dt.date(2025, 2, 5), 50_000))  # (opened, baht)
EXPULSION = (
    dt.date(2025, 8, 1),  # stops paying from this period
    dt.date(2026, 1, 5),  # expelled at this meeting
    "คัดออก: ขาดส่งเงินสัจจะติดต่อกันเกินสามเดือน ตามมติคณะกรรมการ ครั้งที่ 1/2569",
)
FINE_PAYING_CHANCE = 0.6  # a member with open fines pays them at a meeting
WAIVER = (
    dt.date(2025, 10, 5),
    "น้ำท่วมนาข้าวเดือนกันยายน 2568: คณะกรรมการงดค่าปรับให้",
    "มติคณะกรรมการ ครั้งที่ 10/2568",
)


def _satang(baht: int) -> int:
    return baht * 100


def _add_months(period: dt.date, months: int) -> dt.date:
    index = period.year * 12 + period.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


@dataclass(frozen=True)
class PlannedPledge:
    number: int
    effective_from: dt.date
    amount: int  # satang
    note: str = ""


@dataclass(frozen=True)
class PlannedPayment:
    number: int
    periods: tuple[dt.date, ...]
    amount: int  # satang: the pledges of the periods


@dataclass(frozen=True)
class PlannedDeposit:
    date: dt.date
    number: int
    product: str
    amount: int  # satang; negative for a withdrawal


@dataclass(frozen=True)
class PlannedSettlement:
    number: int
    leave: Leave


@dataclass(frozen=True)
class SavingsPlan:
    meetings: tuple[dt.date, ...]  # the meeting day of each month, oldest first
    pledges: tuple[PlannedPledge, ...]
    fees: tuple[tuple[int, dt.date], ...]  # (member number, joined on) of those joining from ``savings_from``
    payments: dict[dt.date, tuple[PlannedPayment, ...]]  # meeting day -> the pledges paid at it
    deposits: tuple[PlannedDeposit, ...]
    settlements: tuple[PlannedSettlement, ...]
    ahead: tuple[int, ...]
    expelled: int


def plan_savings(spec: GroupSpec, plan: GroupPlan, seed: int, through: dt.date) -> SavingsPlan:
    """The group's money from ``spec.savings_from`` to the meeting days on or before ``through``."""
    start, day = spec.savings_from, spec.meeting_day
    meetings = []
    period = start
    while period.replace(day=day) <= through:
        meetings.append(period.replace(day=day))
        period = _add_months(period, 1)
    savers = [m for m in plan.members if m.leave is None or m.leave.date >= start]
    leaves = {m.data.number: m.leave for m in savers if m.leave}
    seated = {number for number, _position in plan.committee} | {plan.ordinary_member}
    pool = [m.data.number for m in savers if not m.leave and m.data.number not in seated and m.data.joined_on < start]
    rng = random.Random(f"{seed}:{spec.key}:savings")
    expelled, *ahead, fixed_a, fixed_b = rng.sample(pool, 3 + len(AHEAD_STEPS))
    stop_from, expelled_on, reason = EXPULSION
    leaves[expelled] = Leave(Member.Status.EXPELLED, expelled_on, reason)
    steps = dict(zip(ahead, AHEAD_STEPS, strict=True))

    pledges, fees, deposits = [], [], []
    payments: dict[dt.date, list[PlannedPayment]] = {meeting: [] for meeting in meetings}
    for member in savers:
        number, joined = member.data.number, member.data.joined_on
        if joined > through:
            continue
        leave = leaves.get(number)
        last = min(through, leave.date) if leave else through  # meetings on or before this day
        if joined >= start:
            fees.append((number, joined))
        first = start if joined < start else first_pledge_period(joined, day)
        member_rng = random.Random(f"{seed}:{spec.key}:savings:{number}")
        history = [(first, _satang(member_rng.choice(PLEDGE_BAHT)))]
        pledges.append(PlannedPledge(number, first, history[0][1]))
        kind = member_rng.choices(list(PAYERS), weights=[w for w, _a, _s in PAYERS.values()])[0]
        _weight, absent, skips = PAYERS[kind]
        owed: list[dt.date] = []
        paid_through = _add_months(first, -1)
        period = first
        while period.replace(day=day) <= last:
            meeting = period.replace(day=day)
            if period.month in CHANGE_MONTHS and period > first and number not in steps and number != expelled:
                if member_rng.random() < PLEDGE_CHANGE_CHANCE:
                    options = PLEDGE_BAHT + (PLEDGE_BAHT_FROM_2026 if period.year >= 2026 else ())
                    amount = _satang(member_rng.choice([b for b in options if _satang(b) != history[-1][1]]))
                    history.append((period, amount))
                    pledges.append(PlannedPledge(number, period, amount, "ขอเปลี่ยนยอดสัจจะ"))
            if number in steps:
                periods = []
                if paid_through < period:
                    periods = [_add_months(period, i) for i in range(steps[number])]
                    paid_through = periods[-1]
            elif number == expelled and period >= stop_from:
                periods = []
            else:
                draw = member_rng.random()
                if draw < absent:
                    owed.append(period)
                    periods = []
                else:
                    periods = owed + ([period] if draw >= absent + skips else [])
                    owed = []
            if periods:
                amount = sum(_pledge_in(history, p) for p in periods)
                payments[meeting].append(PlannedPayment(number, tuple(periods), amount))
            period = _add_months(period, 1)
        if number != expelled:
            deposits += _plan_deposits(random.Random(f"{seed}:{spec.key}:deposits:{number}"), number, first, day, last)
    for number, (opened, baht) in zip((fixed_a, fixed_b), FIXED_DEPOSITS, strict=True):
        if opened <= through:
            deposits.append(PlannedDeposit(opened, number, "fixed", _satang(baht)))
    deposits.sort(key=lambda d: (d.date, d.number, d.product))
    settlements = sorted(
        (PlannedSettlement(number, leave) for number, leave in leaves.items() if leave.date <= through),
        key=lambda s: (s.leave.date, s.number),
    )
    return SavingsPlan(
        meetings=tuple(meetings),
        pledges=tuple(pledges),
        fees=tuple(sorted(fees, key=lambda f: (f[1], f[0]))),
        payments={meeting: tuple(items) for meeting, items in payments.items()},
        deposits=tuple(deposits),
        settlements=tuple(settlements),
        ahead=tuple(ahead),
        expelled=expelled,
    )


def first_pledge_period(joined: dt.date, meeting_day: int) -> dt.date:
    """A new member's first pledge period: the month they joined, or the next one when they joined
    after that month's meeting."""
    period = joined.replace(day=1)
    return period if joined.day <= meeting_day else _add_months(period, 1)


def _pledge_in(history: list[tuple[dt.date, int]], period: dt.date) -> int:
    amount = 0
    for effective_from, value in history:
        if effective_from <= period:
            amount = value
    return amount


def _plan_deposits(rng: random.Random, number: int, first: dt.date, day: int, last: dt.date) -> list[PlannedDeposit]:
    """About a third of the members keep a savings deposit account: opened within two years of
    ``first`` with 500-5,000 baht, then at a meeting now and then 100-2,000 baht more, and once in a
    while a withdrawal of a fifth to three fifths of what lies above the 100-baht minimum."""
    if rng.random() >= DEPOSITOR_CHANCE:
        return []
    period = _add_months(first, rng.randrange(24))
    moves, balance = [], 0
    while period.replace(day=day) <= last:
        meeting = period.replace(day=day)
        if not moves:
            amount = _satang(rng.randrange(5, 51) * 100)
        else:
            draw = rng.random()
            amount = 0
            if draw < 0.3:
                amount = _satang(rng.randrange(2, 41) * 50)
            elif draw < 0.37 and balance - _satang(100) >= _satang(200):
                amount = -((balance - _satang(100)) * rng.randint(20, 60) // 100 // 1000 * 1000)
        if amount:
            moves.append(PlannedDeposit(meeting, number, "savings", amount))
            balance += amount
        period = _add_months(period, 1)
    return moves


def _savings_actor() -> User:
    """The money is recorded by the treasurer, as at the meetings."""
    return User.objects.get(username="treasurer")


def _ensure_savings(
    group: Group, spec: GroupSpec, plan: GroupPlan, *, seed: int, created: Counter, changed: Counter, stdout=None
) -> None:
    """Write what is missing of ``plan_savings(…, today())`` through the savings services, month by month."""
    from sajja.bylaws.models import Bylaw
    from sajja.bylaws.services import bylaw_set
    from sajja.ledger.models import LedgerHead, PostingKey
    from sajja.savings import services as savings
    from sajja.savings.models import DepositAccount, Fine, PledgeAmount, Settlement

    day = today()
    money = plan_savings(spec, plan, seed, day)
    actor = _savings_actor()
    members = {m.number: m for m in Member.objects.filter(group=group)}
    for member in members.values():
        member.group = group  # one instance for every service call
    settled = set(Settlement.objects.filter(group=group).values_list("member__number", flat=True))
    # A member who left without a settlement (a database loaded before the savings were) holds no money here.
    outside = {n for n, m in members.items() if m.status != Member.Status.ACTIVE and n not in settled}
    keys = set(PostingKey.objects.filter(group=group, key__startswith=KEY_PREFIX).values_list("key", flat=True))
    head_before = LedgerHead.objects.get(group=group).seq

    with transaction.atomic():
        voted = set(Bylaw.objects.filter(group=group).values_list("key", "effective_from"))
        for effective_from, resolution, values in BYLAW_VOTES:
            for key, value in values.items():
                if effective_from <= day and (key, effective_from) not in voted:
                    bylaw_set(
                        group=group,
                        key=key,
                        value=value,
                        effective_from=effective_from,
                        resolution=resolution,
                        actor=actor,
                    )
                    created["Bylaw"] += 1

        pledged = set(PledgeAmount.objects.filter(group=group).values_list("member__number", "effective_from"))
        accounts = {(a.member.number, a.product): a for a in DepositAccount.objects.filter(group=group)}
        for account in accounts.values():
            account.member = members[account.member.number]
        waived = Fine.objects.filter(group=group, waiver_resolution=WAIVER[2]).exists()
        fees = list(money.fees)
        settlements = list(money.settlements)

        def pay_fees(through: dt.date) -> None:
            while fees and fees[0][1] <= through:
                number, joined = fees.pop(0)
                key = f"{KEY_PREFIX}fee:{number}"
                if number not in outside and key not in keys:
                    savings.entry_fee_receive(member=members[number], date=joined, key=key, actor=actor)

        def settle(before: dt.date | None) -> None:
            while settlements and (before is None or settlements[0].leave.date < before):
                planned = settlements.pop(0)
                member = members[planned.number]
                if planned.number in outside or member.status != Member.Status.ACTIVE:
                    continue
                leave = planned.leave
                savings.member_settle(
                    member=member, status=leave.status, date=leave.date, reason=leave.reason, actor=actor
                )
                created["Settlement"] += 1
                changed["Member left"] += 1

        for index, meeting in enumerate(money.meetings):
            period = meeting.replace(day=1)
            created["InterestRun"] += len(savings.interest_post(group=group, through=meeting, actor=actor))
            for pledge in money.pledges:
                if pledge.effective_from != period or pledge.number in outside:
                    continue
                if (pledge.number, pledge.effective_from) not in pledged:
                    savings.pledge_set(
                        member=members[pledge.number],
                        amount=pledge.amount,
                        effective_from=pledge.effective_from,
                        note=pledge.note,
                        actor=actor,
                    )
                    created["PledgeAmount"] += 1
            pay_fees(meeting)
            items = [
                savings.PledgeIn(
                    member=members[p.number],
                    date=meeting,
                    amount=p.amount,
                    periods=p.periods,
                    key=f"{KEY_PREFIX}pledge:{p.number}:{meeting.isoformat()}",
                )
                for p in money.payments[meeting]
                if p.number not in outside
            ]
            items = [item for item in items if item.key not in keys]
            savings.pledges_receive(group=group, items=items, actor=actor)
            created["PledgePayment"] += sum(len(item.periods) for item in items)
            for deposit in money.deposits:
                if deposit.date != meeting or deposit.number in outside:
                    continue
                key = f"{KEY_PREFIX}{deposit.product}:{deposit.number}:{meeting.isoformat()}"
                if key in keys:
                    continue
                account = accounts.get((deposit.number, deposit.product))
                if account is None:
                    account = accounts[deposit.number, deposit.product] = savings.deposit_open(
                        member=members[deposit.number], product=deposit.product, date=meeting, actor=actor
                    )
                    created["DepositAccount"] += 1
                write = savings.deposit_receive if deposit.amount > 0 else savings.deposit_withdraw
                write(account=account, date=meeting, amount=abs(deposit.amount), key=key, actor=actor)
            created["Fine"] += len(savings.fines_assess(group=group, through=meeting, actor=actor))
            if meeting == WAIVER[0] and not waived:
                fine = (
                    Fine.objects.filter(
                        group=group,
                        assessed_on__lte=meeting,
                        member__status=Member.Status.ACTIVE,
                        paid_entry__isnull=True,
                        waived_entry__isnull=True,
                    )
                    .order_by("assessed_on", "member__number", "period")
                    .first()
                )
                if fine is not None:
                    fine.member = members[fine.member.number]
                    savings.fine_waive(fine=fine, date=meeting, reason=WAIVER[1], resolution=WAIVER[2], actor=actor)
            _pay_fines(group, members, meeting, keys=keys, seed=seed, actor=actor)
            following = money.meetings[index + 1] if index + 1 < len(money.meetings) else None
            settle(following)
        pay_fees(day)
        settle(None)
        created["InterestRun"] += len(savings.interest_post(group=group, through=day, actor=actor))
    created["JournalEntry"] += LedgerHead.objects.get(group=group).seq - head_before
    for table in ("Bylaw", "PledgeAmount", "PledgePayment", "Fine", "DepositAccount", "InterestRun", "Settlement"):
        if not created[table]:
            del created[table]
    if not created["JournalEntry"]:
        del created["JournalEntry"]
    _say(stdout, f"{group.name}: savings from {spec.savings_from} to {money.meetings[-1] if money.meetings else '-'}")


def _pay_fines(group: Group, members: dict, meeting: dt.date, *, keys: set, seed: int, actor) -> None:
    """At a meeting, a member with open fines (charged on or before it) pays them, by chance
    (``FINE_PAYING_CHANCE``, drawn for the member and the meeting)."""
    from sajja.savings import services as savings
    from sajja.savings.models import Fine

    open_fines: dict[int, list[int]] = {}
    for number, fine_id in (
        Fine.objects.filter(
            group=group,
            assessed_on__lte=meeting,
            member__status=Member.Status.ACTIVE,
            paid_entry__isnull=True,
            waived_entry__isnull=True,
        )
        .order_by("member__number", "id")
        .values_list("member__number", "id")
    ):
        open_fines.setdefault(number, []).append(fine_id)
    for number, fine_ids in open_fines.items():
        key = f"{KEY_PREFIX}fines:{number}:{meeting.isoformat()}"
        if key in keys or random.Random(f"{seed}:fines:{number}:{meeting}").random() >= FINE_PAYING_CHANCE:
            continue
        savings.fines_pay(member=members[number], date=meeting, fines=fine_ids, key=key, actor=actor)


# === household accounts: the books of some Ban Na San households ==========================================
#
# ``BOOK_HOUSEHOLDS`` households of the main group keep a household account (บัญชีครัวเรือน) from the
# first day of the month ``BOOK_MONTHS - 1`` months back to today, written through
# ``sajja.household_accounts.services``. ``plan_books`` (pure: the seed and the group's plan) chooses the
# households and their habits: the ``member`` demo login's household (which drinks and plays the lottery,
# and has a plan to cut both by 30% from the month it was made), an elderly neighbour living alone
# whose book the ``member`` login helps keep, and others; ``BOOK_CONSENTING`` of them count in the
# village picture. ``plan_book_day`` (pure: the seed, the habits and the day) gives a household's
# entries of one day, so a load on a later day plans the same entries for the days already written and
# adds only the days since. Entries are matched by (household, date, category, amount, note): only
# missing ones are written; sharing choices and plans already there are left as they are.

BOOK_HOUSEHOLDS = 12
BOOK_CONSENTING = 9
BOOK_MONTHS = 4  # the current month and the three before it
BOOK_CUT = 3000  # the member household's plan: 30% less on alcohol and the lottery (basis points)
BOOK_PLAN_MONTHS = 6
BOOK_PLAN_TITLE = "ลดเหล้า บุหรี่ และหวย ลง 30%"
GARDEN_PLAN = ("รายได้จากสวนครัวและบ่อปลา เดือนละ 1,000 บาท", 1_000)  # (title, baht a month)
# crop -> (first and last day of the harvest sale as (month, day), what is sold, baht from, baht to)
CROP_SALES = {
    "rice": ((10, 25), (12, 15), "ขายข้าวเปลือก", 25_000, 80_000),
    "corn": ((9, 1), (10, 20), "ขายข้าวโพดเลี้ยงสัตว์", 15_000, 50_000),
    "cassava": ((1, 10), (3, 10), "ขายมันสำปะหลัง", 20_000, 60_000),
}
# crop -> {month: [(what, baht from, baht to)]}: each once that month, on a day of its own
CROP_COSTS = {
    "rice": {
        6: [("ค่ารถไถนา", 1_500, 3_000), ("เมล็ดพันธุ์ข้าว", 800, 2_000)],
        7: [("ปุ๋ยเคมีใส่นาข้าว", 1_200, 3_500)],
        8: [("ปุ๋ยเคมีใส่นาข้าว", 1_200, 3_500), ("ยาฆ่าหญ้า", 300, 800)],
        9: [("ยากำจัดแมลง", 300, 900)],
        11: [("ค่ารถเกี่ยวข้าว", 1_500, 4_000)],
    },
    "corn": {
        5: [("ค่ารถไถ", 1_000, 2_500), ("เมล็ดพันธุ์ข้าวโพด", 1_500, 3_500)],
        6: [("ปุ๋ยเคมีใส่ข้าวโพด", 1_500, 4_000)],
        7: [("ยาฆ่าหญ้า", 300, 800)],
        9: [("ค่าจ้างเก็บข้าวโพด", 1_000, 3_000)],
    },
    "cassava": {
        4: [("ค่ารถไถ", 1_000, 2_500), ("ท่อนพันธุ์มันสำปะหลัง", 1_000, 2_500)],
        6: [("ปุ๋ยเคมีใส่มันสำปะหลัง", 1_000, 3_000)],
        8: [("ยาฆ่าหญ้า", 300, 800)],
    },
    "vegetables": {m: [("เมล็ดผัก ปุ๋ยคอก", 150, 500)] for m in range(1, 13)},
}
FOOD_NOTES = ("ตลาดเช้า", "กับข้าว", "ตลาดนัด", "ร้านชำ", "ข้าวสาร", "หมู ไก่", "ไข่ไก่ น้ำปลา")
GARDEN_NOTES = ("ผักบุ้ง ผักกาด", "พริก มะเขือ", "ตะไคร้ ข่า ใบมะกรูด", "ถั่วฝักยาว แตงกวา", "ผักหวาน")
POND_NOTES = ("ปลานิลในบ่อ", "ปลาตะเพียนในบ่อ", "ปลาดุกในบ่อ")
WAGE_NOTES = ("รับจ้างทั่วไป", "รับจ้างดายหญ้า", "รับจ้างก่อสร้าง", "รับจ้างเกี่ยวข้าว")
TRADE_NOTES = ("ขายขนมที่ตลาดนัด", "ขายไข่ไก่", "ขายข้าวเหนียวหมูปิ้ง")
CEREMONY_NOTES = ("ใส่ซองงานบวช", "ใส่ซองงานแต่ง", "ช่วยงานศพ", "ทำบุญขึ้นบ้านใหม่")


@dataclass(frozen=True)
class BookHabits:
    """One household's ways with money, drawn once from its own generator."""

    house_number: str
    keeper: str  # "member": the demo login's own; "helped": the login helps keep it; "": neither
    consents: bool  # counts, anonymously, in the village picture
    crop: str  # a key of CROP_COSTS
    garden: bool  # a kitchen garden: vegetables used at home (income in kind)
    pond: bool  # a fish pond: fish used at home, and fish feed bought
    drinks: bool
    lottery: bool
    wage_work: bool
    trade: bool  # sells snacks or eggs at the market a few days a week
    allowance: int  # baht a month of old-age allowance (เบี้ยยังชีพ), 0 for none
    remittance: int  # baht a month sent by children working in town, 0 for none
    food_baht: tuple[int, int]  # a day's food shopping, from–to
    garden_plan: bool = False  # the household plans to earn 1,000 baht a month from its garden and pond


@dataclass(frozen=True)
class PlannedBookEntry:
    date: dt.date
    code: str  # the category's code (taxonomy.STANDARD)
    amount: int  # satang
    note: str = ""
    in_kind: bool = False


def plan_books(spec: GroupSpec, plan: GroupPlan, seed: int) -> tuple[BookHabits, ...]:
    """The households that keep a book, in house-number order, and their habits. Only households
    whose members all stay (no planned leaver) are chosen; the ``member`` login's household always."""
    rng = random.Random(f"{seed}:{spec.key}:books")
    people: dict[str, list[PlannedMember]] = {}
    for member in plan.members:
        people.setdefault(member.data.house_number, []).append(member)
    order = [h.house_number for h in plan.households]
    staying = [h for h in order if all(m.leave is None for m in people.get(h, []))]
    own = next(m.data.house_number for m in plan.members if m.data.number == plan.ordinary_member)
    others = [h for h in staying if h != own]
    alone = [h for h in others if len(people[h]) == 1 and people[h][0].data.birth_date.year < 1962]
    helped = rng.choice(alone or others)
    chosen = {own, helped, *rng.sample([h for h in others if h != helped], BOOK_HOUSEHOLDS - 2)}
    rest = sorted(chosen - {own, helped}, key=order.index)
    consenting = {own, helped, *rng.sample(rest, BOOK_CONSENTING - 2)}
    gardener = rng.choice([h for h in rest if h in consenting])
    habits = []
    for house in sorted(chosen, key=order.index):
        h_rng = random.Random(f"{seed}:{spec.key}:books:{house}")
        oldest = min(m.data.birth_date.year for m in people[house])
        elderly = oldest < 1962
        keeper = "member" if house == own else "helped" if house == helped else ""
        habits.append(
            BookHabits(
                house_number=house,
                keeper=keeper,
                consents=house in consenting,
                crop=h_rng.choices(["rice", "corn", "cassava", "vegetables"], weights=[50, 20, 15, 15])[0],
                garden=house == gardener or h_rng.random() < 0.75,
                pond=house == gardener or h_rng.random() < 0.35,
                drinks=keeper == "member" or (keeper == "" and h_rng.random() < 0.4),
                lottery=keeper == "member" or h_rng.random() < 0.5,
                wage_work=keeper == "member" or (keeper == "" and h_rng.random() < 0.6),
                trade=keeper == "member" or (keeper == "" and h_rng.random() < 0.3),
                allowance=(700 if oldest < 1957 else 600) if elderly else 0,
                remittance=h_rng.choice([0, 0, 1_000, 2_000, 3_000, 5_000]) if elderly else 0,
                food_baht=(40, 120) if len(people[house]) == 1 else (80, 250),
                garden_plan=house == gardener,
            )
        )
    return tuple(habits)


def _baht(rng: random.Random, low: int, high: int, step: int = 5) -> int:
    """A round amount of baht from ``low`` to ``high`` (multiples of ``step``), in satang."""
    return _satang(rng.randrange(low // step, high // step + 1) * step)


def _day_in_month(seed: int, house: str, month: dt.date, what: str, first: int = 3, last: int = 25) -> int:
    return random.Random(f"{seed}:books:{house}:{month.isoformat()}:{what}").randint(first, last)


def plan_book_day(habits: BookHabits, seed: int, day: dt.date, *, cutting_from: dt.date | None = None) -> list:
    """A household's entries of ``day`` (``PlannedBookEntry``), from its own generator for that day.
    From the month ``cutting_from`` on, it drinks and plays the lottery less (its plan)."""
    rng = random.Random(f"{seed}:books:{habits.house_number}:{day.isoformat()}")
    house, month = habits.house_number, day.replace(day=1)
    entries = []

    def add(code: str, amount: int, note: str = "", in_kind: bool = False) -> None:
        entries.append(PlannedBookEntry(day, code, amount, note, in_kind))

    # Income: the harvest sale once a year, small sales, wages, allowances, money from children, in kind.
    if habits.crop in CROP_SALES:
        (m1, d1), (m2, d2), what, low, high = CROP_SALES[habits.crop]
        sale_rng = random.Random(f"{seed}:books:{house}:harvest:{day.year}")
        start = dt.date(day.year, m1, d1)
        if start + dt.timedelta(days=sale_rng.randint(0, (dt.date(day.year, m2, d2) - start).days)) == day:
            add("farming", _baht(sale_rng, low, high, 100), what)
    if habits.crop == "vegetables" and day.weekday() in (2, 5) and rng.random() < 0.8:
        add("farming", _baht(rng, 150, 600, 10), "ขายผักที่ตลาดนัด")
    if habits.wage_work and day.weekday() < 6 and rng.random() < 0.45:
        add("wages", _baht(rng, 300, 400, 50), rng.choice(WAGE_NOTES))
    if habits.trade and day.weekday() in (1, 3, 6) and rng.random() < 0.85:
        add("business", _baht(rng, 200, 600, 10), rng.choice(TRADE_NOTES))
    if habits.allowance and day.day == 10:
        add("transfers_in", _satang(habits.allowance), "เบี้ยยังชีพผู้สูงอายุ")
    if habits.remittance and day.day == _day_in_month(seed, house, month, "remittance", 1, 7):
        add("transfers_in", _satang(habits.remittance), "ลูกส่งเงินมาให้")
    if habits.garden and rng.random() < (0.35 if habits.garden_plan else 0.18):
        add("in_kind", _baht(rng, 20, 80), rng.choice(GARDEN_NOTES), in_kind=True)
    if habits.pond and rng.random() < (0.15 if habits.garden_plan else 0.06):
        add("in_kind", _baht(rng, 60, 200, 10), rng.choice(POND_NOTES), in_kind=True)

    # Spending: food nearly every day, the bills once a month, the farm in its season, the rest now and then.
    if rng.random() < 0.85:
        add("food", _baht(rng, *habits.food_baht), rng.choice(FOOD_NOTES))
    if day.day == _day_in_month(seed, house, month, "electricity", 15, 22):
        add("housing", _baht(rng, 250, 900), "ค่าไฟฟ้า")
    if day.day == _day_in_month(seed, house, month, "water", 5, 12):
        add("housing", _baht(rng, 60, 200), "ค่าน้ำประปาหมู่บ้าน")
    if day.day == _day_in_month(seed, house, month, "phone", 1, 28):
        add("transport", _baht(rng, 100, 300, 50), "เติมเงินโทรศัพท์")
    if day.day == _day_in_month(seed, house, month, "cremation", 5, 10):
        add("insurance_dues", _satang(40), "ค่าฌาปนกิจสงเคราะห์")
    if rng.random() < 0.18:
        add("transport", _baht(rng, 60, 200, 10), "น้ำมันรถ")
    if day.toordinal() % 7 == 0 and rng.random() < 0.6:
        add("recreation_religion", _baht(rng, 20, 100), "ทำบุญวันพระ")
    for what, low, high in CROP_COSTS[habits.crop].get(day.month, []):
        if day.day == _day_in_month(seed, house, month, what):
            add("farm_costs", _baht(rng, low, high, 50), what)
    if habits.pond and day.day in (1, 15):
        add("farm_costs", _baht(rng, 150, 400, 10), "อาหารปลา")
    cutting = cutting_from is not None and month >= cutting_from
    if habits.drinks and rng.random() < (0.15 if cutting else 0.35):
        add(
            "alcohol_tobacco",
            _baht(rng, 60, 120) if cutting else _baht(rng, 80, 200),
            rng.choice(("เหล้าขาว", "เบียร์", "บุหรี่")),
        )
    if habits.lottery and day.day in (13, 28) and rng.random() < (0.6 if cutting else 0.9):
        add("lottery_gambling", _baht(rng, 80, 200, 40) if cutting else _baht(rng, 160, 600, 40), "ลอตเตอรี่")
    if rng.random() < 0.012:
        add("ceremonies", _baht(rng, 100, 500, 50), rng.choice(CEREMONY_NOTES))
    if rng.random() < 0.02:
        add("health", _baht(rng, 40, 300, 10), "ค่ายา")
    if rng.random() < 0.008:
        add("clothing", _baht(rng, 100, 600, 50), "เสื้อผ้า")
    return entries


def _ensure_books(group: Group, spec: GroupSpec, plan: GroupPlan, *, seed: int, created: Counter, stdout=None) -> None:
    """Write what is missing of the planned books, sharing choices and plans, through the services."""
    from sajja.household_accounts import selectors as book_selectors
    from sajja.household_accounts import services as books
    from sajja.household_accounts.models import Category, Entry, Plan, Sharing

    day = today()
    first = _add_months(day.replace(day=1), -(BOOK_MONTHS - 1))
    habits = plan_books(spec, plan, seed)
    households = {h.house_number: h for h in Household.objects.filter(group=group)}
    admin = User.objects.get(username="admin")
    member_user = User.objects.filter(username="member", memberships__group=group).first()

    def actor_of(h: BookHabits) -> User:
        return member_user if h.keeper and member_user else admin  # the others have no login: the loader

    with transaction.atomic():
        categories_before = Category.objects.filter(group=group).count()
        cats = {c.code: c for c in book_selectors.categories(group)}
        created["BookCategory"] += len(cats) - categories_before
        shared = set(Sharing.objects.filter(group=group).values_list("household__house_number", flat=True))
        for h in habits:
            if h.house_number not in shared:
                books.sharing_set(
                    household=households[h.house_number],
                    in_village_picture=h.consents,
                    helper=member_user if h.keeper == "helped" else None,
                    actor=actor_of(h),
                )
                created["BookSharing"] += 1
        plans = {
            (p.household.house_number, p.title): p for p in Plan.objects.filter(group=group).select_related("household")
        }
        cutting: dict[str, dt.date] = {}
        for h in habits:
            wanted = []
            if h.keeper == "member":
                wanted.append((BOOK_PLAN_TITLE, "spend_less", ["alcohol_tobacco", "lottery_gambling"], BOOK_CUT))
            if h.garden_plan:
                wanted.append((GARDEN_PLAN[0], "earn_at_least", ["in_kind"], _satang(GARDEN_PLAN[1])))
            for title, kind, codes, target in wanted:
                found = plans.get((h.house_number, title))
                if found is None:
                    found = books.plan_save(
                        household=households[h.house_number],
                        title=title,
                        kind=kind,
                        categories_chosen=[cats[c] for c in codes],
                        target=target,
                        first_month=day.replace(day=1),
                        last_month=_add_months(day.replace(day=1), BOOK_PLAN_MONTHS - 1),
                        actor=actor_of(h),
                    )
                    created["BookPlan"] += 1
                if kind == "spend_less":
                    cutting[h.house_number] = found.first_month
        stored = Counter(
            Entry.objects.filter(group=group, date__gte=first, date__lte=day).values_list(
                "household__house_number", "date", "category__code", "amount", "note"
            )
        )
        for h in habits:
            household, actor = households[h.house_number], actor_of(h)
            date = first
            while date <= day:
                for e in plan_book_day(h, seed, date, cutting_from=cutting.get(h.house_number)):
                    key = (h.house_number, e.date, e.code, e.amount, e.note)
                    if stored[key]:
                        stored[key] -= 1
                        continue
                    books.entry_add(
                        household=household,
                        date=e.date,
                        category=cats[e.code],
                        amount=e.amount,
                        note=e.note,
                        in_kind=e.in_kind,
                        actor=actor,
                    )
                    created["BookEntry"] += 1
                date += dt.timedelta(days=1)
    for table in ("BookCategory", "BookSharing", "BookPlan", "BookEntry"):
        if not created[table]:
            del created[table]
    _say(stdout, f"{group.name}: household accounts of {len(habits)} households from {first} to {day}")


# === loans: the lending of บ้านนาซาน =======================================================================
#
# ``plan_loans`` (pure: the seed, the group's plan, its money plan and the last day) plans the loans of
# the main group from ``savings_from``; ``_ensure_loans`` writes what is missing through
# ``sajja.loans.services`` in date order, after the savings (so the till holds what the pledges brought
# in on each day). Every kind of loan life is there:
#
# - routine loans (``_plan_routine_loans``): at most meetings one or two members borrow (ordinary,
#   production or emergency), the loan committee approves at the meeting and the treasurer pays out
#   the same day; each instalment is repaid at the meeting on its due date, a few loans are paid off
#   early after a harvest. Drawn month by month from their own generator, so a later day only adds
#   loans (a load next month plans the same loans first);
# - loans of their own (``SPECIFIC_LOANS``, fixed dates): the ``member`` login's closed emergency loan
#   and open ordinary loan, a production loan paid off early between due dates (interest for the
#   days), a reduced loan, a rejection with its reason, a loan a guarantor paid off, and a loan
#   written off by a resolution of the general meeting after a year of arrears with fines;
# - the present (``RECENT_LOANS``, dated back from the day of loading): loans late 1-30, 31-90 and
#   more than 90 days with their late fines, requests waiting for the committee (one with two votes
#   of the four, no quorum yet), approved requests in the pay-out queue (one reduced), and a
#   rejection at the last meeting. A load on a later day keeps these (found by borrower and purpose)
#   and lets them age: the late loans get later.
#
# The loan committee is the four ``loan_committee`` seats of the main group's plan; each gets a login
# (``loan1`` … ``loan4``, ``loan1`` the chair, password ``DEMO_PASSWORD``) to vote, and seats for the
# earlier terms back to ``savings_from`` (the same people were elected), so the votes of 2024 are on
# record. Borrowers and guarantors are never members who leave (the loans app blocks leaving with an
# open loan or guarantee), nor the loan committee; each borrower has one open loan at a time and
# each guarantor at most ``GUARANTEES_AT_ONCE`` guarantees open. Writes are found first by their
# natural key (a request by borrower and purpose, a vote by voter, a loan by request) or by the
# idempotency key ``demo:loan:…`` of their entry, so a second load adds nothing.

LOAN_KEY = f"{KEY_PREFIX}loan:"
LOAN_BYLAW_VOTES = [
    (
        dt.date(2024, 1, 1),
        "มติที่ประชุมใหญ่สามัญประจำปี ครั้งที่ 1/2567",
        {
            "loan.ordinary.rate": "1",
            "loan.ordinary.method": "declining",
            "loan.ordinary.max_term_months": "24",
            "loan.ordinary.cap": "50000",
            "loan.emergency.rate": "0.5",
            "loan.emergency.max_term_months": "6",
            "loan.emergency.cap": "5000",
            "loan.emergency.guarantors": "1",
            "loan.production.rate": "0.75",
            "loan.production.method": "annuity",
            "loan.production.every_months": "3",
            "loan.production.max_term_months": "24",
            "loan.production.cap": "80000",
            "loan.guarantor.min_savings": "500",
            "loan.guarantor.hold_share": "10",
            "loan.late_days": "7",
            "loan.late_fine": "50",
            "loan.late_fine_cap": "300",
        },
    ),
    (dt.date(2026, 1, 1), "มติที่ประชุมใหญ่สามัญประจำปี ครั้งที่ 1/2569", {"loan.ordinary.rate": "0.9"}),
]
GUARANTEES_AT_ONCE = 2  # as the bylaws' loan.guarantor.max_loans (the template's 2)
LOANS_FROM = dt.date(2024, 3, 1)  # the first loans, once two months of pledges are in the till
MEMBER_BEFORE_BORROWING = 180  # days of membership before a member borrows or guarantees
LOAN_PURPOSES = {
    "ordinary": (
        "ซื้อปุ๋ยและยาฆ่าแมลงสำหรับนาข้าว",
        "ซ่อมแซมหลังคาบ้าน",
        "ค่าเล่าเรียนบุตร",
        "ซื้อรถจักรยานยนต์ไว้ใช้ไปทำงาน",
        "ลงทุนค้าขายของชำหน้าบ้าน",
        "ขุดบ่อน้ำในไร่",
        "ซื้อเครื่องสูบน้ำ",
        "ปลูกผักปลอดสารพิษขาย",
    ),
    "production": (
        "ค่าเตรียมดิน เมล็ดพันธุ์ และปุ๋ย ฤดูทำนา",
        "ลงทุนปลูกข้าวโพดเลี้ยงสัตว์",
        "ซื้อท่อนพันธุ์มันสำปะหลัง",
        "ซื้อลูกสุกรมาเลี้ยงขุน",
        "ซื้อพันธุ์ปลาและอาหารปลา",
        "เลี้ยงไก่ไข่",
    ),
    "emergency": (
        "ค่ารักษาพยาบาล",
        "ค่าใช้จ่ายงานศพบิดา",
        "ซ่อมบ้านหลังพายุ",
        "ค่าเดินทางพาบุตรไปโรงพยาบาลจังหวัด",
    ),
}
# kind: (weight, amounts in baht (from, to, step), terms in months)
ROUTINE_KINDS = {
    "ordinary": (55, (5_000, 40_000, 1_000), (6, 10, 12, 12, 18, 24)),
    "production": (25, (10_000, 60_000, 5_000), (6, 12, 12, 18, 24)),
    "emergency": (20, (1_000, 5_000, 500), (3, 4, 6)),
}
ROUTINE_PER_MEETING = (0, 1, 1, 2)
EARLY_PAYOFF_CHANCE = 0.15


@dataclass(frozen=True)
class SpecificLoan:
    """A loan of its own, at fixed dates (``borrower``: "member" for the login, else an index into the
    members chosen to borrow; ``paid``: instalments repaid on their due dates, None for every one)."""

    slug: str
    borrower: str | int
    kind: str
    baht: int
    term: int
    purpose: str
    requested_on: dt.date
    decided_on: dt.date
    decision: str = "approve"
    approved_baht: int | None = None
    reason: str = ""
    disburse: bool = True
    paid: int | None = None
    then: str = ""  # "payoff", "guarantor" or "write_off", on ``then_on``
    then_on: dt.date | None = None
    resolution: str = ""


SPECIFIC_LOANS = (
    SpecificLoan("member-emergency", "member", "emergency", 3_000, 3, "ค่ารักษาพยาบาลบุตรที่โรงพยาบาลชาติตระการ",
                 dt.date(2024, 4, 26), dt.date(2024, 5, 5)),
    SpecificLoan("production-closed", 0, "production", 30_000, 12, "ค่าเตรียมดินและปุ๋ยนาปี 2567",
                 dt.date(2024, 3, 25), dt.date(2024, 4, 5)),
    SpecificLoan("written-off", 1, "ordinary", 15_000, 12, "ซื้อวัวมาเลี้ยง 1 ตัว", dt.date(2024, 5, 28),
                 dt.date(2024, 6, 5), paid=3, then="write_off", then_on=dt.date(2025, 10, 5),
                 reason="ผู้กู้ป่วยเป็นอัมพาตตั้งแต่ปลายปี 2567 ไม่มีรายได้ ผู้ค้ำประกันเป็นผู้สูงอายุ ไม่มีความสามารถชำระแทน",
                 resolution="มติที่ประชุมใหญ่วิสามัญ ครั้งที่ 1/2568 ให้ตัดเป็นหนี้สูญ"),
    SpecificLoan("early-harvest", 2, "ordinary", 30_000, 24, "ซื้อรถไถเดินตามมือสอง", dt.date(2024, 6, 24),
                 dt.date(2024, 7, 5), paid=4, then="payoff", then_on=dt.date(2024, 12, 5)),
    SpecificLoan("guarantor-paid", 3, "ordinary", 12_000, 12, "ลงทุนขายลูกชิ้นทอดที่ตลาดนัด", dt.date(2024, 8, 27),
                 dt.date(2024, 9, 5), paid=4, then="guarantor", then_on=dt.date(2025, 6, 5)),
    SpecificLoan("rejected-2025", 4, "ordinary", 50_000, 24, "ซื้อที่ดินเพิ่ม 2 ไร่", dt.date(2025, 2, 24),
                 dt.date(2025, 3, 5), decision="reject",
                 reason="ผู้กู้มีรายได้ไม่พอชำระคืนตามงวด และยังมีหนี้ ธ.ก.ส. ค้างชำระอยู่ ให้ยื่นใหม่เมื่อชำระหนี้เดิมแล้ว"),
    SpecificLoan("production-early", 5, "production", 45_000, 24, "ขุดบ่อเลี้ยงปลาและซื้อพันธุ์ปลานิล",
                 dt.date(2025, 2, 26), dt.date(2025, 3, 5), paid=2, then="payoff", then_on=dt.date(2025, 11, 20)),
    SpecificLoan("reduced", 6, "ordinary", 40_000, 18, "สร้างโรงเรือนเพาะเห็ดฟาง", dt.date(2025, 12, 22),
                 dt.date(2026, 1, 5), decision="reduce", approved_baht=25_000,
                 reason="เงินกองทุนมีจำกัด ให้กู้ตามแผนการผลิตระยะแรก 25,000 บาท"),
    SpecificLoan("member-ordinary", "member", "ordinary", 20_000, 12, "ซื้อปุ๋ยและเมล็ดพันธุ์ข้าว ฤดูทำนาปี 2569",
                 dt.date(2026, 5, 27), dt.date(2026, 6, 5)),
)  # fmt: skip


@dataclass(frozen=True)
class RecentLoan:
    """A loan of the present, dated back from the day of loading. ``late_days``: its oldest unpaid
    instalment fell due this many days before (about); ``paid`` instalments were repaid before it.
    ``stage``: "late", "waiting" (``votes`` approving so far), "queue" or "rejected"."""

    slug: str
    borrower: int  # index into the members chosen to borrow
    kind: str
    baht: int
    term: int
    purpose: str
    stage: str
    late_days: int = 0
    paid: int = 0
    days_before: int = 0  # waiting: asked this many days before the day of loading
    votes: int = 0
    approved_baht: int | None = None
    reason: str = ""


RECENT_LOANS = (
    RecentLoan("late-1-30", 7, "ordinary", 10_000, 10, "ซื้อพันธุ์ไก่พื้นเมืองมาเลี้ยง", "late", late_days=12, paid=4),
    RecentLoan("late-31-90", 8, "production", 40_000, 12, "ลงทุนปลูกอ้อยโรงงาน", "late", late_days=55, paid=1),
    RecentLoan("late-over-90", 9, "ordinary", 20_000, 12, "ค่าใช้จ่ายส่งบุตรไปทำงานต่างประเทศ", "late", late_days=160, paid=3),
    RecentLoan("late-emergency", 10, "emergency", 5_000, 6, "ค่าผ่าตัดต้อกระจกของมารดา", "late", late_days=20, paid=2),
    RecentLoan("waiting", 11, "ordinary", 15_000, 12, "ซื้อเครื่องพ่นยาแบบสะพายหลัง", "waiting", days_before=2),
    RecentLoan("waiting-votes", 12, "production", 30_000, 12, "ลงทุนปลูกแตงโมหลังนา", "waiting", days_before=9, votes=2),
    RecentLoan("waiting-emergency", 13, "emergency", 2_000, 3, "ค่ารักษาฟันของบุตร", "waiting", days_before=1),
    RecentLoan("queue", 14, "ordinary", 30_000, 12, "ซ่อมแซมยุ้งฉางข้าว", "queue"),
    RecentLoan("queue-emergency", 15, "emergency", 4_000, 4, "ค่าซ่อมบ้านที่น้ำท่วม", "queue"),
    RecentLoan("queue-reduced", 16, "ordinary", 45_000, 24, "ซื้อรถไถนาเดินตามคันใหม่", "queue", approved_baht=30_000,
               reason="ให้กู้ได้ไม่เกินสามเท่าของรายได้ต่อเดือนของครัวเรือนตามแผนการผลิต"),
    RecentLoan("rejected", 17, "ordinary", 35_000, 24, "ลงทุนเล่นแชร์ออนไลน์", "rejected",
               reason="วัตถุประสงค์ไม่ใช่เพื่อการผลิตหรือการประกอบอาชีพ ตามระเบียบกลุ่มข้อ 12"),
)  # fmt: skip
SPECIFIC_BORROWERS = 18  # the members chosen to borrow (indices 0–17 above)


@dataclass(frozen=True)
class PlannedLoan:
    """One loan's life, every date on or before the day it was planned to."""

    slug: str
    number: int  # the borrower's member number
    kind: str
    amount: int  # satang asked
    term: int  # months
    purpose: str
    guarantors: tuple[int, ...]
    requested_on: dt.date
    recent: bool = False  # dated back from the day of loading: found again by borrower and purpose
    votes: tuple[tuple[int, str], ...] = ()  # (loan committee member number, vote); the first decides
    voted_on: dt.date | None = None
    decision: str = ""  # "" while waiting; approve, reduce or reject
    approved: int | None = None  # satang
    reason: str = ""
    disbursed_on: dt.date | None = None
    dues: tuple[dt.date, ...] = ()  # the schedule's due dates (from the bylaws in force at pay-out)
    paid: int = 0  # instalments repaid on their due dates
    then: str = ""  # payoff, guarantor or write_off
    then_on: dt.date | None = None
    resolution: str = ""
    fines_on: tuple[dt.date, ...] = ()  # meeting days late fines are charged on

    @property
    def ends(self) -> dt.date:
        """The day the loan closes (the last due date, or the day it is settled), for planning."""
        return self.then_on or (self.dues[-1] if self.dues else self.requested_on)


def loan_rule(key: str, day: dt.date):
    """The value of the loans bylaw ``key`` in force on ``day``: the last vote of ``LOAN_BYLAW_VOTES``
    on or before it, else the template's (pure: the same parser as ``bylaw_set``)."""
    setting = registry.get(key)
    value = setting.default
    for effective_from, _resolution, values in LOAN_BYLAW_VOTES:
        if effective_from <= day and key in values:
            value = registry.parse_value(setting, values[key])
    return value


def planned_dues(kind: str, amount: int, term: int, start: dt.date) -> tuple[dt.date, ...]:
    every = loan_rule(f"loan.{kind}.every_months", start)
    return tuple(loan_domain.add_months(start, every * n) for n in range(1, max(1, term // every) + 1))


def _pledged_by(money: SavingsPlan) -> dict[int, list[tuple[dt.date, int]]]:
    """member number -> (meeting, pledge savings paid in up to it), oldest first."""
    running: Counter = Counter()
    paid: dict[int, list[tuple[dt.date, int]]] = {}
    for meeting in money.meetings:
        for payment in money.payments[meeting]:
            running[payment.number] += payment.amount
            paid.setdefault(payment.number, []).append((meeting, running[payment.number]))
    return paid


def _savings_on(paid: dict[int, list[tuple[dt.date, int]]], number: int, day: dt.date) -> int:
    amount = 0
    for meeting, total in paid.get(number, []):
        if meeting > day:
            break
        amount = total
    return amount


class _Guarantors:
    """Who may guarantee on a day: a member of ``MEMBER_BEFORE_BORROWING`` days with the bylaws' pledge
    savings (as planned), not the borrower, not already guaranteeing ``GUARANTEES_AT_ONCE`` loans."""

    def __init__(self, pool: list[int], joined: dict[int, dt.date], paid, minimum_on):
        self.pool, self.joined, self.paid, self.minimum_on = pool, joined, paid, minimum_on
        self.until: dict[int, list[dt.date]] = {}

    def eligible(self, day: dt.date, borrower: int) -> list[int]:
        least = self.minimum_on(day)
        return [
            n
            for n in self.pool
            if n != borrower
            and (day - self.joined[n]).days >= MEMBER_BEFORE_BORROWING
            and _savings_on(self.paid, n, day) >= least
            and sum(1 for end in self.until.get(n, []) if end >= day) < GUARANTEES_AT_ONCE
        ]

    def take(self, numbers, until: dt.date) -> None:
        for n in numbers:
            self.until.setdefault(n, []).append(until)


def _votes_for(rng: random.Random, committee: list[int], decision: str) -> tuple[tuple[int, str], ...]:
    """Votes that carry ``decision``: three or all four members vote; an approval may have an abstention,
    a rejection one vote to approve."""
    voters = committee if rng.random() < 0.5 else sorted(rng.sample(committee, 3))
    if decision == "reject":
        votes = ["reject"] * len(voters)
        votes[-1] = "approve"
    else:
        votes = ["approve"] * len(voters)
        if len(voters) == 4 and rng.random() < 0.3:
            votes[-1] = "abstain"
    return tuple(zip(voters, votes, strict=True))


def _meeting_on_or_after(day: dt.date, meeting_day: int) -> dt.date:
    meeting = day.replace(day=meeting_day)
    return meeting if meeting >= day else _add_months(meeting.replace(day=1), 1).replace(day=meeting_day)


def _fine_days(dues: tuple[dt.date, ...], paid: int, until: dt.date, meeting_day: int, late_days: int) -> tuple:
    """The meetings from the first missed instalment (and its days of grace) to ``until``."""
    if paid >= len(dues):
        return ()
    day, days = _meeting_on_or_after(dues[paid] + dt.timedelta(days=late_days + 1), meeting_day), []
    while day <= until:
        days.append(day)
        day = _add_months(day.replace(day=1), 1).replace(day=meeting_day)
    return tuple(days)


def _recent_fine_days(dues: tuple[dt.date, ...], paid: int, through: dt.date, meeting_day: int, late_days: int):
    """The meetings since the first missed instalment, and the day of loading itself when that
    instalment is late by then (the treasurer charges late fines the day the books are brought up to date)."""
    days = _fine_days(dues, paid, through, meeting_day, late_days)
    late = paid < len(dues) and dues[paid] + dt.timedelta(days=late_days) < through
    return days + ((through,) if late and through not in days else ())


def plan_loans(spec: GroupSpec, plan: GroupPlan, money: SavingsPlan, seed: int, through: dt.date) -> tuple:
    """The main group's loans (``PlannedLoan``) up to ``through``, oldest request first."""
    rng = random.Random(f"{seed}:{spec.key}:loans")
    day_of = spec.meeting_day
    committee = sorted(n for n, position in plan.committee if position == Position.LOAN_COMMITTEE)
    leaving = {m.data.number for m in plan.members if m.leave} | {money.expelled}
    joined = {m.data.number: m.data.joined_on for m in plan.members}
    stay = [n for n in sorted(joined) if n not in leaving and n not in committee and n != plan.ordinary_member]
    long_ago = [n for n in stay if joined[n] < dt.date(2023, 1, 1)]
    chosen = rng.sample(long_ago, SPECIFIC_BORROWERS + 30)
    borrowers, own_guarantors = chosen[:SPECIFIC_BORROWERS], chosen[SPECIFIC_BORROWERS:]
    others = [n for n in stay if n not in chosen]  # routine borrowers and their guarantors
    paid = _pledged_by(money)
    late_days = loan_rule("loan.late_days", through)
    minimum = lambda day: loan_rule("loan.guarantor.min_savings", day)  # noqa: E731

    def guarantors_of(pool: _Guarantors, kind: str, day: dt.date, borrower: int, until: dt.date, r: random.Random):
        needed = loan_rule(f"loan.{kind}.guarantors", day)
        picked = tuple(sorted(r.sample(pool.eligible(day, borrower), needed)))
        pool.take(picked, until)
        return picked

    loans: list[PlannedLoan] = []
    own_pool = _Guarantors(own_guarantors, joined, paid, minimum)
    for item in SPECIFIC_LOANS:
        number = plan.ordinary_member if item.borrower == "member" else borrowers[item.borrower]
        approved = _satang(item.approved_baht or item.baht) if item.decision != "reject" else None
        dues = planned_dues(item.kind, approved, item.term, item.decided_on) if item.disburse and approved else ()
        loan = PlannedLoan(
            slug=item.slug, number=number, kind=item.kind, amount=_satang(item.baht), term=item.term,
            purpose=item.purpose, guarantors=(), requested_on=item.requested_on, votes=(), voted_on=item.decided_on,
            decision=item.decision, approved=approved, reason=item.reason,
            disbursed_on=item.decided_on if dues else None, dues=dues,
            paid=len(dues) if item.paid is None else item.paid, then=item.then, then_on=item.then_on,
            resolution=item.resolution,
        )  # fmt: skip
        if item.then in ("write_off", "guarantor"):
            fines = _fine_days(dues, loan.paid, item.then_on, day_of, loan_rule("loan.late_days", item.then_on))
            loan = _replace(loan, fines_on=fines)
        sub = random.Random(f"{seed}:{spec.key}:loans:{item.slug}")
        until = loan.ends if dues else item.decided_on
        loan = _replace(
            loan,
            guarantors=guarantors_of(own_pool, item.kind, item.requested_on, number, until, sub),
            votes=_votes_for(sub, committee, item.decision),
        )
        loans.append(loan)

    last_meeting = max(m for m in money.meetings if m <= through)
    for item in RECENT_LOANS:
        number = borrowers[item.borrower]
        sub = random.Random(f"{seed}:{spec.key}:loans:{item.slug}")
        common = {"slug": item.slug, "number": number, "kind": item.kind, "amount": _satang(item.baht),
                  "term": item.term, "purpose": item.purpose, "recent": True}  # fmt: skip
        if item.stage == "late":
            every = loan_rule(f"loan.{item.kind}.every_months", through)
            oldest = through - dt.timedelta(days=item.late_days)
            oldest = oldest if oldest.day <= 28 else oldest.replace(day=28)
            start = loan_domain.add_months(oldest, -every * (item.paid + 1))
            dues = planned_dues(item.kind, _satang(item.baht), item.term, start)
            requested = start - dt.timedelta(days=6)
            loan = PlannedLoan(
                **common, guarantors=guarantors_of(own_pool, item.kind, requested, number, through, sub),
                requested_on=requested, votes=_votes_for(sub, committee, "approve"), voted_on=start,
                decision="approve", approved=_satang(item.baht), disbursed_on=start, dues=dues, paid=item.paid,
                fines_on=_recent_fine_days(dues, item.paid, through, day_of, late_days),
            )  # fmt: skip
        elif item.stage == "waiting":
            requested = through - dt.timedelta(days=item.days_before)
            votes = tuple((n, "approve") for n in committee[: item.votes])
            loan = PlannedLoan(
                **common, guarantors=guarantors_of(own_pool, item.kind, requested, number, through, sub),
                requested_on=requested, votes=votes, voted_on=through - dt.timedelta(days=1) if votes else None,
            )  # fmt: skip
        else:
            requested = last_meeting - dt.timedelta(days=sub.randint(3, 12))
            decision = "reject" if item.stage == "rejected" else "reduce" if item.approved_baht else "approve"
            approved = None if decision == "reject" else _satang(item.approved_baht or item.baht)
            loan = PlannedLoan(
                **common, guarantors=guarantors_of(own_pool, item.kind, requested, number, through, sub),
                requested_on=requested, votes=_votes_for(sub, committee, decision), voted_on=last_meeting,
                decision=decision, approved=approved, reason=item.reason,
            )  # fmt: skip
        loans.append(loan)

    loans += _plan_routine_loans(rng, others, joined, paid, committee, money, day_of, minimum)
    return tuple(sorted((_until(loan, through) for loan in loans if loan.requested_on <= through), key=_loan_order))


def _loan_order(loan: PlannedLoan):
    return (loan.requested_on, loan.slug)


def _replace(loan: PlannedLoan, **changes) -> PlannedLoan:
    return dataclasses.replace(loan, **changes)


def _until(loan: PlannedLoan, through: dt.date) -> PlannedLoan:
    """What of ``loan`` had happened by ``through``."""
    if loan.voted_on and loan.voted_on > through:
        return _replace(loan, votes=(), voted_on=None, decision="", approved=None, reason="", disbursed_on=None,
                        dues=(), paid=0, then="", then_on=None, fines_on=())  # fmt: skip
    if loan.then_on and loan.then_on > through:
        loan = _replace(loan, then="", then_on=None, resolution="")
    return _replace(
        loan,
        paid=sum(1 for due in loan.dues[: loan.paid] if due <= through),
        fines_on=tuple(day for day in loan.fines_on if day <= through),
    )


def _plan_routine_loans(rng, pool, joined, paid, committee, money: SavingsPlan, day_of, minimum) -> list:
    """Month by month from ``LOANS_FROM``: the draws of a month depend only on the months before it."""
    guarantors = _Guarantors(pool, joined, paid, minimum)
    busy: dict[int, dt.date] = {}  # borrower -> the day their loan closes
    loans = []
    kinds = list(ROUTINE_KINDS)
    for meeting in money.meetings:
        if meeting < LOANS_FROM:
            continue
        for index in range(rng.choice(ROUTINE_PER_MEETING)):
            kind = rng.choices(kinds, weights=[ROUTINE_KINDS[k][0] for k in kinds])[0]
            (low, high, step), terms = ROUTINE_KINDS[kind][1], ROUTINE_KINDS[kind][2]
            amount = _satang(rng.randrange(low // step, high // step + 1) * step)
            term = rng.choice(terms)
            requested = meeting - dt.timedelta(days=rng.randint(3, 20))
            purpose = rng.choice(LOAN_PURPOSES[kind])
            early, pick, guarantor_draw, vote_seed = rng.random(), rng.random(), rng.random(), rng.random()
            free = [
                n
                for n in pool
                if (requested - joined[n]).days >= MEMBER_BEFORE_BORROWING and busy.get(n, dt.date.min) < meeting
            ]
            if not free:
                continue
            number = free[int(pick * len(free))]
            dues = planned_dues(kind, amount, term, meeting)
            loan_paid, then, then_on = len(dues), "", None
            if early < EARLY_PAYOFF_CHANCE and len(dues) >= 4:
                loan_paid = 1 + int(early / EARLY_PAYOFF_CHANCE * (len(dues) - 2))  # 1 … n-2 paid, then the rest
                then, then_on = "payoff", dues[loan_paid]
            ends = then_on or dues[-1]
            eligible = guarantors.eligible(requested, number)
            needed = loan_rule(f"loan.{kind}.guarantors", requested)
            if len(eligible) < needed:
                continue
            picked = tuple(sorted(random.Random(guarantor_draw).sample(eligible, needed)))
            guarantors.take(picked, ends)
            busy[number] = ends
            loans.append(
                PlannedLoan(
                    slug=f"{meeting.isoformat()}-{index + 1}",
                    number=number,
                    kind=kind,
                    amount=amount,
                    term=term,
                    purpose=purpose,
                    guarantors=picked,
                    requested_on=requested,
                    votes=_votes_for(random.Random(vote_seed), committee, "approve"),
                    voted_on=meeting,
                    decision="approve",
                    approved=amount,
                    disbursed_on=meeting,
                    dues=dues,
                    paid=loan_paid,
                    then=then,
                    then_on=then_on,
                )  # fmt: skip
            )
    return loans


def _loan_actors(group: Group, plan: GroupPlan, spec: GroupSpec, created: Counter, changed: Counter) -> dict:
    """The loan committee's logins (``loan1`` … in member-number order, linked to the members) and
    their seats of the earlier terms back to ``spec.savings_from``. Returns member number -> User."""
    numbers = sorted(n for n, position in plan.committee if position == Position.LOAN_COMMITTEE)
    members = {m.number: m for m in Member.objects.filter(group=group, number__in=numbers)}
    users = {}
    current, _end = committee_term(today())
    start, _end = committee_term(spec.savings_from)
    terms = []
    while start < current:
        terms.append((start, dt.date(start.year + TERM_YEARS - 1, 12, 31)))
        start = dt.date(start.year + TERM_YEARS, 1, 1)
    seated = set(
        CommitteeSeat.objects.filter(group=group, position=Position.LOAN_COMMITTEE).values_list(
            "member__number", "start_date"
        )
    )
    for index, number in enumerate(numbers, start=1):
        member = members[number]
        user = _ensure_user(f"loan{index}", created, first_name=member.first_name, last_name=member.last_name)
        if member.user_id is None and not Member.objects.filter(group=group, user=user).exists():
            member.user = user
            member.save(update_fields=["user", "updated_at"])
            changed["User linked to member"] += 1
        users[number] = user
        for term_start, term_end in terms:
            if (number, term_start) not in seated:
                CommitteeSeat.objects.create(
                    group=group,
                    member=member,
                    position=Position.LOAN_COMMITTEE,
                    start_date=term_start,
                    end_date=term_end,
                )
                created["CommitteeSeat"] += 1
    return users


def _ensure_loans(
    group: Group, spec: GroupSpec, plan: GroupPlan, *, seed: int, created: Counter, changed: Counter, stdout=None
) -> None:
    """Write what is missing of ``plan_loans(…, today())`` through the loans services, in date order."""
    from sajja.bylaws.models import Bylaw
    from sajja.bylaws.services import bylaw_set
    from sajja.ledger.models import LedgerHead, PostingKey
    from sajja.loans import selectors as loan_selectors
    from sajja.loans import services as loans
    from sajja.loans.models import Loan, LoanFine, LoanRequest, LoanVote, Repayment, WriteOff

    day = today()
    money = plan_savings(spec, plan, seed, day)
    planned = plan_loans(spec, plan, money, seed, day)
    treasurer = _savings_actor()
    members = {m.number: m for m in Member.objects.filter(group=group)}
    for member in members.values():
        member.group = group
    head_before = LedgerHead.objects.get(group=group).seq
    before = {model: model.objects.filter(group=group).count() for model in (LoanRequest, LoanVote, Loan, Repayment, LoanFine, WriteOff)}  # fmt: skip

    with transaction.atomic():
        voters = _loan_actors(group, plan, spec, created, changed)
        voted = set(Bylaw.objects.filter(group=group).values_list("key", "effective_from"))
        for effective_from, resolution, values in LOAN_BYLAW_VOTES:
            for key, value in values.items():
                if effective_from <= day and (key, effective_from) not in voted:
                    bylaw_set(group=group, key=key, value=value, effective_from=effective_from, resolution=resolution, actor=treasurer)  # fmt: skip
                    created["Bylaw"] += 1

        requests = {}
        for request in LoanRequest.objects.filter(group=group).select_related("member"):
            request.member = members[request.member.number]
            requests[(request.member.number, request.purpose, request.requested_on)] = request
            requests.setdefault((request.member.number, request.purpose), request)
        keys = set(PostingKey.objects.filter(group=group, key__startswith=LOAN_KEY).values_list("key", flat=True))
        votes_cast = set(LoanVote.objects.filter(group=group).values_list("request_id", "voter__number"))
        loans_of = {loan.request_id: loan for loan in Loan.objects.filter(group=group)}

        # Every step of every loan, in date order: (day, step order, loan order, step, loan).
        steps = []
        for order, loan in enumerate(planned):
            steps.append((loan.requested_on, 0, order, "request", loan))
            if loan.votes:
                steps.append((loan.voted_on, 1, order, "vote", loan))
            if loan.decision:
                steps.append((loan.voted_on, 2, order, "decide", loan))
            if loan.disbursed_on:
                steps.append((loan.disbursed_on, 3, order, "disburse", loan))
            steps += [(fine_day, 4, order, "fines", loan) for fine_day in loan.fines_on]
            steps += [(due, 5, order, ("repay", n), loan) for n, due in enumerate(loan.dues[: loan.paid], start=1)]
            if loan.then:
                steps.append((loan.then_on, 6, order, loan.then, loan))
        steps.sort(key=lambda step: step[:3])

        def request_of(loan: PlannedLoan):
            if loan.recent:
                return requests.get((loan.number, loan.purpose))
            return requests.get((loan.number, loan.purpose, loan.requested_on))

        def open_loan(loan: PlannedLoan):
            request = request_of(loan)
            found = loans_of.get(request.id) if request else None
            return found if found is not None and found.status == Loan.Status.OPEN else None

        for on, _step, _order, step, loan in steps:
            request = request_of(loan)
            if step == "request":
                if request is None:
                    request = loans.loan_request(
                        member=members[loan.number], kind=loan.kind, amount=loan.amount, term_months=loan.term,
                        purpose=loan.purpose, guarantors=[members[n] for n in loan.guarantors], date=on, actor=treasurer,
                    )  # fmt: skip
                    requests[(loan.number, loan.purpose, on)] = requests[(loan.number, loan.purpose)] = request
            elif step == "vote":
                for number, vote in loan.votes:
                    if (request.id, number) not in votes_cast and request.status == LoanRequest.Status.REQUESTED:
                        loans.loan_vote(request=request, vote=vote, date=on, actor=voters[number])
                        votes_cast.add((request.id, number))
            elif step == "decide":
                if request.status == LoanRequest.Status.REQUESTED:
                    request = loans.loan_decide(
                        request=request, decision=loan.decision, date=on, reason=loan.reason,
                        amount=loan.approved if loan.decision == "reduce" else None, actor=voters[loan.votes[0][0]],
                    )  # fmt: skip
                    request.member = members[loan.number]
                    requests[(loan.number, loan.purpose, request.requested_on)] = request
                    requests[(loan.number, loan.purpose)] = request
            elif step == "disburse":
                key = f"{LOAN_KEY}{loan.slug}:out"
                if request.id not in loans_of and key not in keys:
                    loans_of[request.id] = loans.loan_disburse(request=request, date=on, key=key, actor=treasurer)
            elif (found := open_loan(loan)) is None:
                continue
            elif step == "fines":
                loans.fines_charge(loan=found, date=on, actor=treasurer)
            elif step[0] == "repay":
                key = f"{LOAN_KEY}{loan.slug}:{step[1]}"
                if key not in keys:
                    row = found.schedule.get(version=found.version, number=step[1])
                    loans.loan_repay(loan=found, date=on, amount=row.principal + row.interest, key=key, actor=treasurer)
                    _refresh(found)
            elif step == "payoff":
                loans.fines_charge(loan=found, date=on, actor=treasurer)
                owed = loan_selectors.state(found, on).payoff
                loans.loan_repay(loan=found, date=on, amount=owed, key=f"{LOAN_KEY}{loan.slug}:payoff", actor=treasurer)
                _refresh(found)
            elif step == "guarantor":
                loans.fines_charge(loan=found, date=on, actor=treasurer)
                owed = loan_selectors.state(found, on).payoff
                guarantor = members[loan.guarantors[0]]
                loans.guarantor_pay(
                    loan=found, guarantor=guarantor, date=on, amount=owed, from_held_savings=False,
                    key=f"{LOAN_KEY}{loan.slug}:guarantor", actor=treasurer,
                )  # fmt: skip
                _refresh(found)
            elif step == "write_off":
                loans.loan_write_off(
                    loan=found, date=on, reason=loan.reason, resolution=loan.resolution, actor=treasurer
                )
                _refresh(found)
        _restructure_one(group, day, voters)
    for model, count in before.items():
        if added := model.objects.filter(group=group).count() - count:
            created[model.__name__] += added
    if entries := LedgerHead.objects.get(group=group).seq - head_before:
        created["JournalEntry"] += entries
    _say(stdout, f"{group.name}: {len(planned)} loan requests from {spec.savings_from} to {day}")


def _restructure_one(group: Group, day: dt.date, voters: dict) -> None:
    """One late loan put on a new schedule today by the loan committee's resolution, so the demo
    shows a restructuring. It is taken from the arrears bucket holding the most loans (every bucket
    keeps a loan to show), the least late of them. Once: a later load adds no second one."""
    from sajja.bylaws.selectors import bylaw_book
    from sajja.loans import domain as loans_domain
    from sajja.loans import selectors as loan_selectors
    from sajja.loans import services as loans
    from sajja.loans.models import Restructure

    if Restructure.objects.filter(group=group).exists():
        return
    late = loan_selectors.arrears(group, day).late
    by_bucket = Counter(loans_domain.bucket(row["state"].days_overdue) for row in late)
    crowded = [bucket for bucket, count in by_bucket.items() if count >= 2]
    if not crowded:
        return
    bucket = max(crowded, key=lambda b: (by_bucket[b], -b))
    row = min(
        (r for r in late if loans_domain.bucket(r["state"].days_overdue) == bucket),
        key=lambda r: (r["state"].days_overdue, r["state"].loan.id),
    )
    loan = row["state"].loan
    longest = bylaw_book(group.id).value(f"loan.{loan.kind}.max_term_months", day)
    loans.loan_restructure(
        loan=loan, date=day, term_months=min(12, longest), reason="ภัยแล้ง ผลผลิตข้าวเสียหาย ขอผ่อนชำระใหม่",
        resolution=f"มติคณะกรรมการเงินกู้ ครั้งที่ {day.month}/{day.year + 543}", actor=voters[min(voters)],
    )  # fmt: skip


def _refresh(loan) -> None:
    loan.refresh_from_db(fields=["status", "closed_on"])


# The later apps' demo data, in this order: each has ``sajja/<app>/demo.py`` with
# ``ensure(*, group, seed, created, stdout)`` that adds what is missing (a second call adds nothing)
# through the app's services. ``True``: the app needs the savings and loans of the demo.
LATER_DEMOS = (
    ("governance", False),
    ("proceedings", False),
    ("voice", False),
    ("closing", True),
    ("welfare", True),
    ("meetings", True),
)


def _ensure_later_apps(group: Group, *, money: bool, seed: int, created: Counter, stdout=None) -> None:
    import importlib

    from sajja.ledger.models import LedgerHead

    head_before = LedgerHead.objects.get(group=group).seq
    for app, needs_money in LATER_DEMOS:
        if needs_money and not money:
            continue
        try:
            module = importlib.import_module(f"sajja.{app}.demo")
        except ModuleNotFoundError as error:
            if error.name != f"sajja.{app}.demo":
                raise
            continue
        module.ensure(group=group, seed=seed, created=created, stdout=stdout)
    # The apps count their own records; the journal entries they posted are counted here, once.
    created["JournalEntry"] += LedgerHead.objects.get(group=group).seq - head_before


def load_demo(
    *,
    seed: int = DEFAULT_SEED,
    large_members: int | None = None,
    savings: bool = True,
    loans: bool = True,
    books: bool = True,
    stdout=None,
) -> DemoResult:
    """Build (or complete) the demo village; a second call with the same arguments adds nothing.

    ``savings=False`` leaves out the main group's money (a quicker load for tests of the people
    alone); its members who leave from ``savings_from`` on then stay active until a load with the
    savings settles them. ``loans=False`` leaves out the loans (``_ensure_loans``; they need the
    savings). ``books=False`` leaves out the household accounts (``_ensure_books``)."""
    if large_members is not None and not 1 <= large_members <= MAX_LARGE_MEMBERS:
        raise ValueError(f"large_members must be from 1 to {MAX_LARGE_MEMBERS}")
    created: Counter = Counter()
    changed: Counter = Counter()
    with transaction.atomic():
        admin_name = DEMO_USERS[0]
        admin = _ensure_user("admin", created, first_name=admin_name[1], last_name=admin_name[2], superuser=True)
    with set_actor(admin):
        with transaction.atomic():
            places = _ensure_places(created)
        built = [
            build_group(spec, seed=seed, places=places, actor=admin, created=created, changed=changed, stdout=stdout)
            for spec in [MAIN_GROUP, *NEIGHBOUR_GROUPS, OTHER_DISTRICT_GROUP]
        ]
        main, main_plan = built[0]
        logins = _ensure_demo_users(main, main_plan, places, created, changed)
        if savings:
            _ensure_savings(main, MAIN_GROUP, main_plan, seed=seed, created=created, changed=changed, stdout=stdout)
            if loans:
                _ensure_loans(main, MAIN_GROUP, main_plan, seed=seed, created=created, changed=changed, stdout=stdout)
        if books:
            _ensure_books(main, MAIN_GROUP, main_plan, seed=seed, created=created, stdout=stdout)
        _ensure_later_apps(main, money=savings and loans, seed=seed, created=created, stdout=stdout)
        large_group = None
        if large_members:
            large_group, _plan = build_group(
                large_group_spec(large_members),
                seed=seed,
                places=places,
                actor=admin,
                created=created,
                changed=changed,
                stdout=stdout,
            )
    return DemoResult(
        group=main,
        created=created,
        changed=changed,
        logins=logins,
        groups=[g for g, _p in built],
        large_group=large_group,
    )
