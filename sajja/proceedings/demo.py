"""Demo data of the proceedings for the demo village (called by ``sajja.demo.generator.load_demo``).

What ``ensure`` adds, through ``sajja.proceedings.services`` only:

- the standard duty list of every position;
- the annual general meetings of 2568 and 2569 (20 January) and a general meeting on the village
  sports day (20 July 2568), with attendance of about 70% of the members, minutes and resolutions
  (the bylaw changes the generator voted, the accounts, the dividend);
- committee meetings of the whole committee every other month from 10 January 2568 up to today,
  with attendance of the seat holders (a few excused or absent), minutes, one or two resolutions,
  tasks from them; each one's minutes approved at the next by the secretary (the last stays draft);
- the next committee meeting when it falls in the coming 30 days (depends on the day of loading);
- an overloaded committee member: the treasurer holds seven open tasks, two of them overdue.

Deterministic (``random.Random(f"{seed}:proceedings")``) and idempotent: meetings are found by
(kind, committee, date), tasks by (title, owner); what exists is skipped.
"""

import datetime as dt
import random

from sajja.accounts.models import User
from sajja.core.tenancy import today
from sajja.members.models import Member

from . import selectors, services
from .models import Meeting, Task

AGM_AGENDA = [
    "ประธานแจ้งให้ที่ประชุมทราบ",
    "รับรองรายงานการประชุมครั้งที่แล้ว",
    "รายงานผลการดำเนินงานและงบการเงินประจำปี",
    "พิจารณาแก้ไขระเบียบกลุ่ม",
    "พิจารณาจัดสรรกำไรสุทธิ",
    "เรื่องอื่น ๆ",
]
AGM_RESOLUTIONS = {
    2025: [
        (2, "รับรองรายงานการประชุมใหญ่สามัญประจำปี 2567"),
        (3, "รับรองงบการเงินประจำปี 2567 ตามที่คณะกรรมการตรวจสอบรายงาน"),
        (4, "แก้ไขระเบียบ: ค่าสมัคร 200 บาท ค่าปรับขาดส่งสัจจะ 20 บาท ดอกเบี้ยเงินฝากออมทรัพย์ร้อยละ 3 ต่อปี"),
        (5, "จัดสรรกำไรสุทธิ: ทุนสำรองร้อยละ 10 เงินปันผลร้อยละ 70 เฉลี่ยคืนร้อยละ 12 ตามระเบียบ"),
    ],
    2026: [
        (2, "รับรองรายงานการประชุมใหญ่สามัญประจำปี 2568"),
        (3, "รับรองงบการเงินประจำปี 2568"),
        (4, "แก้ไขระเบียบ: เพิ่มเงินสัจจะสูงสุดเป็นเดือนละ 2,000 บาท"),
        (5, "จัดสรรกำไรสุทธิประจำปี 2568 ตามระเบียบ และจ่ายปันผลในวันประชุมเดือนกุมภาพันธ์"),
    ],
}
COMMITTEE_AGENDA = [
    "รับรองรายงานการประชุมครั้งที่แล้ว",
    "รายงานการเงินประจำเดือน",
    "พิจารณาคำขอกู้และติดตามหนี้ค้างชำระ",
    "เรื่องอื่น ๆ",
]
COMMITTEE_TOPICS = [
    ("อนุมัติเงินกู้สามัญตามที่คณะกรรมการเงินกู้เสนอ", "แจ้งผลการอนุมัติเงินกู้ให้ผู้กู้ทราบ"),
    ("ติดตามลูกหนี้ค้างชำระเกิน 3 เดือน โดยเยี่ยมบ้านร่วมกับผู้ค้ำประกัน", "เยี่ยมบ้านลูกหนี้ค้างชำระ"),
    ("จัดอบรมการทำบัญชีครัวเรือนให้สมาชิก", "ประสานพัฒนากรเรื่องวิทยากรอบรมบัญชีครัวเรือน"),
    ("ซื้อตู้เก็บเอกสารของกลุ่ม ไม่เกิน 4,500 บาท", "จัดซื้อตู้เก็บเอกสาร"),
    ("ฝากเงินสดเกินวงเงินเก็บรักษาเข้าบัญชี ธ.ก.ส. ภายในวันเดียวกัน", "นำเงินฝากธนาคารและรายงานยอด"),
    ("ประชาสัมพันธ์รับสมาชิกใหม่ผ่านเสียงตามสายหมู่บ้าน", "ทำประกาศรับสมาชิกใหม่"),
]
TREASURER_TASKS = [  # the overloaded one: seven open, the first two overdue
    ("ส่งรายงานงบทดลองให้พัฒนากร", -20),
    ("ปรับสมุดบัญชีเงินฝากให้ตรงกับ ธ.ก.ส.", -5),
    ("จัดทำรายงานเงินสดประจำเดือน", 10),
    ("เตรียมเอกสารตรวจสอบบัญชีประจำปี", 20),
    ("ถ่ายสำเนาใบเสร็จให้คณะกรรมการตรวจสอบ", 25),
    ("สรุปยอดเงินปันผลรายสมาชิก", 40),
    ("ปรับปรุงทะเบียนคุมใบเสร็จ", 60),
]


def _actor(group) -> User | None:
    """The demo's ``admin`` when there is one, else a managing committee member's user."""
    admin = User.objects.filter(username="admin", is_superuser=True).first()
    if admin is not None:
        return admin
    member = Member.objects.filter(group=group, user__isnull=False, committee_seats__isnull=False).first()
    return member.user if member else None


def _holder(group, position: str, day: dt.date) -> Member | None:
    seat = selectors.seats_on(group.id, day).filter(position=position).select_related("member").order_by("id").first()
    return seat.member if seat else None


def _meeting(group, kind, committee, date, agenda, actor, created) -> tuple[Meeting, bool]:
    found = Meeting.objects.filter(group=group, kind=kind, committee=committee, date=date).first()
    if found:
        return found, False
    created["proceedings.Meeting"] += 1
    return services.meeting_create(group=group, kind=kind, committee=committee, date=date, agenda=agenda,
                                   place="ศาลาอเนกประสงค์หมู่บ้าน", actor=actor), True  # fmt: skip


def _general(group, rng, date, kind, resolutions, actor, created) -> Meeting:
    agenda = AGM_AGENDA if kind == Meeting.Kind.ANNUAL else ["ประธานแจ้งให้ทราบ", "การจัดงานกีฬาหมู่บ้าน", "เรื่องอื่น ๆ"]
    meeting, new = _meeting(group, kind, "", date, agenda, actor, created)
    if not new:
        return meeting
    members = list(selectors.members_on(group.id, date).order_by("number"))
    marks = {m: ("present" if rng.random() < 0.7 else rng.choice(["absent", "excused"])) for m in members}
    services.attendance_record(meeting=meeting, marks=marks, actor=actor)
    present = sum(1 for s in marks.values() if s == "present")
    items = {i.order: i for i in meeting.agenda.all()}
    for item in items.values():
        services.minutes_write(item=item, minutes=f"ที่ประชุมรับทราบและพิจารณา{item.title}", actor=actor)
    for order, text in resolutions:
        against = rng.randint(0, 4)
        abstain = rng.randint(0, 5)
        services.resolution_add(meeting=meeting, item=items.get(order), text=text, votes_for=present - against - abstain,
                                votes_against=against, votes_abstain=abstain, actor=actor)  # fmt: skip
        created["proceedings.Resolution"] += 1
    return meeting


def _committee(group, rng, date, topic_index, actor, created) -> Meeting | None:
    meeting, new = _meeting(group, Meeting.Kind.COMMITTEE, "all", date, COMMITTEE_AGENDA, actor, created)
    if not new:
        return meeting
    called = list(Member.objects.filter(id__in=selectors.expected(meeting)).order_by("number"))
    if not called:
        return meeting
    marks = {m: rng.choices(["present", "excused", "absent"], weights=[85, 10, 5])[0] for m in called}
    services.attendance_record(meeting=meeting, marks=marks, actor=actor)
    present = sum(1 for s in marks.values() if s == "present")
    items = list(meeting.agenda.all())
    services.minutes_write(item=items[0], minutes="ที่ประชุมรับรองรายงานการประชุมครั้งที่แล้วโดยไม่มีการแก้ไข", actor=actor)
    services.minutes_write(item=items[1], minutes="เหรัญญิกรายงานยอดเงินสด เงินฝากธนาคาร และลูกหนี้เงินกู้ ณ สิ้นเดือน", actor=actor)
    text, task_title = COMMITTEE_TOPICS[topic_index % len(COMMITTEE_TOPICS)]
    services.minutes_write(item=items[2], minutes=f"ที่ประชุมพิจารณาเรื่อง {text}", actor=actor)
    against = rng.choice([0, 0, 0, 1])
    resolution = services.resolution_add(meeting=meeting, item=items[2], text=text, votes_for=present - against,
                                         votes_against=against, actor=actor)  # fmt: skip
    created["proceedings.Resolution"] += 1
    owner = rng.choice(called)
    due = date + dt.timedelta(days=30)
    task = services.task_create(
        group=group, title=task_title, owner=owner, due_on=due, resolution=resolution, actor=actor
    )
    created["proceedings.Task"] += 1
    if due < today() - dt.timedelta(days=10) or rng.random() < 0.3:
        services.task_done(task=task, on=min(due, today()), actor=actor)
    return meeting


def _approve(group, earlier: Meeting, later: Meeting, actor) -> None:
    if earlier.approved_on is not None or not earlier.agenda.exclude(minutes="").exists():
        return
    approver = _holder(group, "secretary", later.date) or _holder(group, "president", later.date)
    if approver is not None:
        services.minutes_approve(meeting=earlier, at_meeting=later, approved_by=approver, actor=actor)


def ensure(*, group, seed, created, stdout=None) -> None:
    actor = _actor(group)
    if actor is None:
        return
    rng = random.Random(f"{seed}:proceedings")
    day = today()
    if seeded := services.duties_seed(group=group, actor=actor):
        created["proceedings.Duty"] += seeded

    # general meetings
    agms = []
    for year in (2025, 2026):
        date = dt.date(year, 1, 20)
        if date <= day:
            agms.append(_general(group, rng, date, Meeting.Kind.ANNUAL, AGM_RESOLUTIONS[year], actor, created))
    sports = dt.date(2025, 7, 20)
    if sports <= day:
        agms.append(
            _general(
                group,
                rng,
                sports,
                Meeting.Kind.GENERAL,
                [(2, "จัดงานกีฬาหมู่บ้านเดือนธันวาคม งบไม่เกิน 5,000 บาท จากเงินสาธารณประโยชน์")],
                actor,
                created,
            )
        )

    # committee meetings every other month, each approved at the next
    committee = []
    date, index = dt.date(2025, 1, 10), 0
    while date <= day:
        committee.append(_committee(group, rng, date, index, actor, created))
        month = date.month + 2
        date = dt.date(date.year + (month - 1) // 12, (month - 1) % 12 + 1, 10)
        index += 1
    for earlier, later in zip(committee, committee[1:], strict=False):
        _approve(group, earlier, later, actor)
    for agm in agms:  # a general meeting's minutes: approved at the first committee meeting after it
        later = next((m for m in committee if m.date > agm.date), None)
        if later is not None:
            _approve(group, agm, later, actor)
    # the next committee meeting, when it is in the coming 30 days
    if date <= day + dt.timedelta(days=30):
        _meeting(group, Meeting.Kind.COMMITTEE, "all", date, COMMITTEE_AGENDA, actor, created)

    # the overloaded treasurer
    treasurer = _holder(group, "treasurer", day)
    if treasurer is not None:
        for title, days in TREASURER_TASKS:
            if not Task.objects.filter(group=group, owner=treasurer, title=title).exists():
                services.task_create(group=group, title=title, owner=treasurer, due_on=day + dt.timedelta(days=days),
                                     meeting=committee[-1] if committee and days > 0 else None, actor=actor)  # fmt: skip
                created["proceedings.Task"] += 1
    if stdout is not None:
        stdout.write(f"proceedings: {Meeting.objects.filter(group=group).count()} meetings\n")
