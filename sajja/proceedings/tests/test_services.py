"""Meetings, minutes, resolutions (and their lock after approval), duties, tasks and workload."""

import datetime as dt

import pytest
from django.db import DatabaseError, connection, transaction
from django.utils import translation
from django.utils.translation import gettext

from sajja.accounts.models import CommitteeSeat
from sajja.bylaws.services import bylaw_set
from sajja.core.errors import SajjaError
from sajja.proceedings import duties, selectors, services
from sajja.proceedings.models import AgendaItem, Attendance, Duty, Meeting, Resolution, Task

D = dt.date


MARCH_5 = D(2026, 3, 5)


def committee_meeting(club, day=MARCH_5, **kw):
    return services.meeting_create(
        group=club.group, kind="committee", committee="all", date=day,
        agenda=["รับรองรายงานการประชุม", "เรื่องเงินกู้"], actor=club.president, **kw,
    )  # fmt: skip


def approved_meeting(club):
    m = committee_meeting(club)
    item = m.agenda.get(order=2)
    services.minutes_write(item=item, minutes="ที่ประชุมพิจารณาคำขอกู้ 3 ราย", actor=club.president)
    services.attendance_record(
        meeting=m, marks={club.seats["president"]: "present", club.seats["loan1"]: "present"}, actor=club.president
    )
    res = services.resolution_add(meeting=m, item=item, text="อนุมัติเงินกู้ 3 ราย", votes_for=2, actor=club.president)
    later = committee_meeting(club, D(2026, 4, 5))
    services.minutes_approve(meeting=m, at_meeting=later, approved_by=club.seats["secretary"], actor=club.president)
    return m, item, res


def test_meetings_are_numbered_per_kind_and_buddhist_year(club):
    a = committee_meeting(club, D(2026, 1, 5))
    b = committee_meeting(club, D(2026, 2, 5))
    c = services.meeting_create(group=club.group, kind="annual", date=D(2026, 1, 20), actor=club.president)
    d = committee_meeting(club, D(2025, 12, 5))
    assert [(a.number, a.year_be), (b.number, b.year_be), (c.number, c.year_be), (d.number, d.year_be)] == [
        (1, 2569), (2, 2569), (1, 2569), (1, 2568),
    ]  # fmt: skip
    assert c.committee == ""
    assert list(a.agenda.values_list("order", "title")) == [
        (1, "รับรองรายงานการประชุม"),
        (2, "เรื่องเงินกู้"),
    ]


@pytest.mark.parametrize(
    ("kind", "committee", "code"),
    [("party", "", "kind"), ("committee", "", "committee"), ("committee", "x", "committee")],
)
def test_meeting_bad_kind(club, kind, committee, code):
    with pytest.raises(SajjaError) as e:
        services.meeting_create(
            group=club.group, kind=kind, committee=committee, date=D(2026, 1, 5), actor=club.president
        )
    assert e.value.code == code
    assert Meeting.objects.count() == 0


def test_a_buddhist_year_taken_for_common_era_is_refused(club):
    """25/11/2569 read as 2569 C.E. is 543 years ahead: refused, nothing written."""
    with pytest.raises(SajjaError) as e:
        committee_meeting(club, D(2569, 11, 25))
    assert e.value.code == "too_late"
    with pytest.raises(SajjaError) as e:
        committee_meeting(club, D(1483, 11, 25))  # C.E. year minus 543: before the group existed
    assert e.value.code == "too_early"
    assert Meeting.objects.count() == 0


def test_resolutions_are_numbered_and_cited(club):
    m1 = committee_meeting(club, D(2026, 1, 5))
    r1 = services.resolution_add(
        meeting=m1, text="จ่ายเงินกู้", votes_for=5, votes_against=1, votes_abstain=0, actor=club.president
    )
    r2 = services.resolution_add(
        meeting=m1, text="ไม่ซื้อตู้เซฟ", votes_for=2, votes_against=3, votes_abstain=1, actor=club.president
    )
    agm = services.meeting_create(group=club.group, kind="annual", date=D(2026, 1, 20), actor=club.president)
    g1 = services.resolution_add(
        meeting=agm, text="แก้ระเบียบค่าสมัคร", votes_for=80, votes_against=3, votes_abstain=2, actor=club.president
    )
    gm = services.meeting_create(group=club.group, kind="general", date=D(2026, 6, 20), actor=club.president)
    g2 = services.resolution_add(meeting=gm, text="จัดกีฬาหมู่บ้าน", votes_for=40, actor=club.president)
    assert [r.reference for r in (r1, r2, g1, g2)] == [
        "มติที่ประชุมคณะกรรมการ 1/2569", "มติที่ประชุมคณะกรรมการ 2/2569",
        "มติที่ประชุมใหญ่ 1/2569", "มติที่ประชุมใหญ่ 2/2569",
    ]  # fmt: skip
    assert (r1.passed, r2.passed, g1.passed) == (True, False, True)
    assert [r.reference for r in selectors.resolutions(club.group)] == [
        g2.reference,
        g1.reference,
        r2.reference,
        r1.reference,
    ]
    assert selectors.resolution_by_reference(club.group, " มติที่ประชุมใหญ่ 2/2569 ") == g2
    assert selectors.resolution_by_reference(club.other_group, "มติที่ประชุมใหญ่ 2/2569") is None


@pytest.mark.parametrize(
    ("votes", "code"),
    [
        ((-1, 0, 0), "negative"),
        ((1.5, 0, 0), "not_integer"),
        (("3", 0, 0), "not_integer"),
        ((3, 0, 0), "more_votes_than_present"),
    ],
)
def test_resolution_bad_votes(club, votes, code):
    m = committee_meeting(club)
    services.attendance_record(
        meeting=m, marks={club.seats["president"]: "present", club.seats["loan1"]: "present"}, actor=club.president
    )
    with pytest.raises(SajjaError) as e:
        services.resolution_add(
            meeting=m,
            text="x",
            votes_for=votes[0],
            votes_against=votes[1],
            votes_abstain=votes[2],
            actor=club.president,
        )
    assert e.value.code == code
    assert Resolution.objects.count() == 0


def test_empty_resolution_text_refused(club):
    with pytest.raises(SajjaError) as e:
        services.resolution_add(meeting=committee_meeting(club), text="   ", votes_for=1, actor=club.president)
    assert e.value.code == "required"


def test_attendance_and_quorum(club):
    m = committee_meeting(club)  # the whole committee: 6 called, 50% → 3 needed
    marks = {
        club.seats["president"]: "present",
        club.seats["secretary"]: "present",
        club.seats["loan1"]: "excused",
        club.plain[0]: "present",
    }
    assert services.attendance_record(meeting=m, marks=marks, actor=club.president) == 4
    q = selectors.quorum(m)
    assert (q.expected, q.present, q.excused, q.needed, q.met) == (6, 2, 1, 3, False)  # the plain member does not count
    services.attendance_record(meeting=m, marks={club.seats["loan1"]: "present"}, actor=club.president)
    assert selectors.quorum(m).met
    assert Attendance.objects.filter(meeting=m).count() == 4
    loans = services.meeting_create(
        group=club.group, kind="committee", committee="loans", date=D(2026, 3, 6), actor=club.president
    )
    assert selectors.quorum(loans).expected == 2
    agm = services.meeting_create(group=club.group, kind="annual", date=D(2026, 1, 20), actor=club.president)
    q = selectors.quorum(agm)
    assert (q.expected, q.needed) == (10, 5)
    bylaw_set(
        group=club.group,
        key="proceedings.quorum.general_percent",
        value="66",
        effective_from=D(2026, 1, 1),
        resolution="มติที่ประชุมใหญ่ 1/2568",
        actor=club.president,
    )
    assert selectors.quorum(agm).needed == 7


def test_attendee_of_another_group_refused(club):
    m = committee_meeting(club)
    with pytest.raises(SajjaError) as e:
        services.attendance_record(
            meeting=m, marks={club.seats["president"]: "present", club.outsider: "present"}, actor=club.president
        )
    assert e.value.code == "other_group"
    assert Attendance.objects.count() == 0
    with pytest.raises(SajjaError) as e:
        services.attendance_record(meeting=m, marks={club.seats["president"]: "late"}, actor=club.president)
    assert e.value.code == "status"


def test_approval_needs_a_later_meeting_and_a_committee_member(club):
    m = committee_meeting(club)
    services.minutes_write(item=m.agenda.first(), minutes="รับรอง", actor=club.president)
    earlier = committee_meeting(club, D(2026, 2, 5))
    later = committee_meeting(club, D(2026, 4, 5))
    with pytest.raises(SajjaError) as e:
        services.minutes_approve(
            meeting=m, at_meeting=earlier, approved_by=club.seats["secretary"], actor=club.president
        )
    assert e.value.code == "at_meeting"
    with pytest.raises(SajjaError) as e:
        services.minutes_approve(meeting=m, at_meeting=later, approved_by=club.plain[0], actor=club.president)
    assert e.value.code == "not_committee"
    with pytest.raises(SajjaError) as e:
        services.minutes_approve(meeting=m, at_meeting=later, approved_by=club.outsider, actor=club.president)
    assert e.value.code == "other_group"
    m.refresh_from_db()
    assert m.approved_on is None


def test_after_approval_the_services_refuse_every_change(club):
    m, item, res = approved_meeting(club)
    m.refresh_from_db()
    assert (m.approved_on, m.approved_by, m.approved_at.date) == (D(2026, 4, 5), club.seats["secretary"], D(2026, 4, 5))
    attempts = [
        lambda: services.minutes_write(item=item, minutes="แก้", actor=club.president),
        lambda: services.agenda_add(meeting=m, title="เพิ่ม", actor=club.president),
        lambda: services.resolution_add(meeting=m, text="ใหม่", votes_for=1, actor=club.president),
        lambda: services.resolution_edit(resolution=res, text="แก้", votes_for=2, actor=club.president),
        lambda: services.attendance_record(meeting=m, marks={club.seats["loan2"]: "present"}, actor=club.president),
        lambda: services.meeting_edit(meeting=m, date=D(2026, 3, 6), actor=club.president),
        lambda: services.minutes_approve(
            meeting=m, at_meeting=m.approved_at, approved_by=club.seats["president"], actor=club.president
        ),
    ]
    for attempt in attempts:
        with pytest.raises(SajjaError) as e:
            attempt()
        assert e.value.code == "minutes_approved"
    item.refresh_from_db()
    res.refresh_from_db()
    assert item.minutes == "ที่ประชุมพิจารณาคำขอกู้ 3 ราย"
    assert res.text == "อนุมัติเงินกู้ 3 ราย"


RAW = [
    "UPDATE proceedings_agendaitem SET minutes = 'แก้' WHERE meeting_id = %(m)s",
    "DELETE FROM proceedings_agendaitem WHERE meeting_id = %(m)s",
    "UPDATE proceedings_resolution SET votes_for = 9, passed = {true} WHERE meeting_id = %(m)s",
    "DELETE FROM proceedings_resolution WHERE meeting_id = %(m)s",
    "UPDATE proceedings_attendance SET status = 'absent' WHERE meeting_id = %(m)s",
    "DELETE FROM proceedings_attendance WHERE meeting_id = %(m)s",
    "UPDATE proceedings_meeting SET place = 'ที่อื่น' WHERE id = %(m)s",
    "UPDATE proceedings_meeting SET approved_on = NULL, approved_by_id = NULL, approved_at_id = NULL WHERE id = %(m)s",
    "DELETE FROM proceedings_meeting WHERE id = %(m)s",
    "INSERT INTO proceedings_agendaitem (group_id, meeting_id, \"order\", title, minutes) VALUES (%(g)s, %(m)s, 9, 'x', '')",
    "UPDATE proceedings_resolution SET meeting_id = %(m)s WHERE id = %(other_res)s",
]


@pytest.mark.parametrize("sql", RAW)
def test_the_database_refuses_changes_to_approved_minutes(club, sql):
    m, _item, _res = approved_meeting(club)
    other = committee_meeting(club, D(2026, 5, 5))
    other_res = services.resolution_add(meeting=other, text="อื่น", votes_for=1, actor=club.president)
    true = "TRUE" if connection.vendor == "postgresql" else "1"
    statement = sql.replace("{true}", true) % {"m": m.id, "g": club.group.id, "other_res": other_res.id}
    with pytest.raises(DatabaseError, match="approved"):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement)
    assert AgendaItem.objects.filter(meeting=m).count() == 2
    assert Resolution.objects.get(meeting=m).votes_for == 2


def test_the_orm_around_the_services_is_refused_too(club):
    m, item, _res = approved_meeting(club)
    with pytest.raises(DatabaseError), transaction.atomic():
        AgendaItem.objects.filter(id=item.id).update(minutes="แก้")
    with pytest.raises(DatabaseError), transaction.atomic():
        Resolution.objects.filter(meeting=m).update(text="แก้")


def test_open_minutes_can_still_be_changed_in_sql(club):
    """The triggers lock only approved meetings."""
    m = committee_meeting(club)
    assert AgendaItem.objects.filter(meeting=m).update(minutes="ร่าง") == 2


def test_duties_seeded_in_thai_and_editable(club):
    assert services.duties_seed(group=club.group, actor=club.president) == sum(
        len(v) for v in duties.DEFAULT_DUTIES.values()
    )
    assert services.duties_seed(group=club.group, actor=club.president) == 0
    first = Duty.objects.filter(group=club.group, position="secretary").first()
    with translation.override("th"):
        assert first.text == gettext(duties.DEFAULT_DUTIES["secretary"][0])  # written in Thai
    assert first.text.startswith("เรียกประชุม")
    services.duty_edit(duty=first, text="นัดประชุมและทำวาระ", actor=club.president)
    added = services.duty_add(group=club.group, position="secretary", text="ดูแลไลน์กลุ่ม", actor=club.president)
    assert added.order == len(duties.DEFAULT_DUTIES["secretary"]) + 1
    with pytest.raises(SajjaError) as e:
        services.duty_add(group=club.group, position="king", text="x", actor=club.president)
    assert e.value.code == "position"
    with pytest.raises(SajjaError) as e:
        services.duty_add(group=club.group, position="secretary", text=" ", actor=club.president)
    assert e.value.code == "required"


def test_task_owner_must_be_of_the_group(club):
    m = committee_meeting(club)
    with pytest.raises(SajjaError) as e:
        services.task_create(
            group=club.group,
            title="ติดตามหนี้",
            owner=club.outsider,
            due_on=D(2026, 4, 1),
            meeting=m,
            actor=club.president,
        )
    assert e.value.code == "other_group"
    with pytest.raises(SajjaError) as e:
        services.task_create(
            group=club.group, title="", owner=club.plain[0], due_on=D(2026, 4, 1), actor=club.president
        )
    assert e.value.code == "required"
    with pytest.raises(SajjaError) as e:  # due before the meeting that gave it
        services.task_create(
            group=club.group, title="x", owner=club.plain[0], due_on=D(2026, 3, 1), meeting=m, actor=club.president
        )
    assert e.value.code == "too_early"
    with pytest.raises(SajjaError) as e:
        services.task_create(
            group=club.group, title="x", owner=club.plain[0], due_on=D(2569, 4, 1), actor=club.president
        )
    assert e.value.code == "too_late"
    other_meeting = services.meeting_create(
        group=club.other_group, kind="general", date=D(2026, 3, 1), actor=club.president
    )
    with pytest.raises(SajjaError) as e:
        services.task_create(
            group=club.group,
            title="x",
            owner=club.plain[0],
            due_on=D(2026, 4, 1),
            meeting=other_meeting,
            actor=club.president,
        )
    assert e.value.code == "other_group"
    assert Task.objects.count() == 0


def test_task_done_and_reopen(club):
    res_meeting = committee_meeting(club)
    res = services.resolution_add(meeting=res_meeting, text="ซ่อมป้าย", votes_for=3, actor=club.president)
    task = services.task_create(
        group=club.group,
        title="ซ่อมป้าย",
        owner=club.plain[0],
        due_on=D(2026, 4, 1),
        resolution=res,
        actor=club.president,
    )
    assert task.meeting == res_meeting
    services.task_done(task=task, on=D(2026, 3, 30), actor=club.president)
    with pytest.raises(SajjaError) as e:
        services.task_done(task=task, actor=club.president)
    assert e.value.code == "already_done"
    services.task_reopen(task=task, actor=club.president)
    assert Task.objects.get(id=task.id).status == "open"


def test_workload_flags(club, django_assert_max_num_queries):
    day = D(2026, 6, 1)
    treasurer = club.seats["treasurer"]
    for position in ("loan_committee", "audit_committee"):  # three positions: over the limit of two
        CommitteeSeat.objects.create(group=club.group, member=treasurer, position=position, start_date=D(2020, 1, 1))
    CommitteeSeat.objects.create(group=club.group, member=club.plain[3], position="promotion_committee", start_date=D(2020, 1, 1), end_date=D(2025, 12, 31))  # fmt: skip
    loan1 = club.seats["loan1"]
    for i in range(6):  # six open tasks, none late: over the limit of five
        services.task_create(
            group=club.group, title=f"งาน {i}", owner=loan1, due_on=D(2026, 7, 1), actor=club.president
        )
    late = services.task_create(
        group=club.group, title="ส่งรายงาน", owner=club.plain[1], due_on=D(2026, 5, 31), actor=club.president
    )
    done = services.task_create(
        group=club.group, title="เสร็จแล้ว", owner=club.plain[2], due_on=D(2026, 5, 1), actor=club.president
    )
    services.task_done(task=done, on=D(2026, 4, 30), actor=club.president)
    services.duties_seed(group=club.group, actor=club.president)
    services.meeting_create(
        group=club.group, kind="committee", committee="loans", date=D(2026, 6, 10), actor=club.president
    )
    services.meeting_create(group=club.group, kind="general", date=D(2026, 6, 30), actor=club.president)
    services.meeting_create(
        group=club.group, kind="committee", committee="audit", date=D(2026, 7, 15), actor=club.president
    )
    with django_assert_max_num_queries(8):
        rows = {w.member.id: w for w in selectors.workload(club.group.id, day)}
    assert rows[treasurer.id].flags == ("positions",)
    assert sorted(rows[treasurer.id].positions) == ["audit_committee", "loan_committee", "treasurer"]
    assert len(rows[treasurer.id].duties) == 9
    assert [m.date for m in rows[treasurer.id].meetings] == [D(2026, 6, 10), D(2026, 6, 30)]  # 15/7 is past 30 days
    assert rows[loan1.id].flags == ("open_tasks",)
    assert rows[club.plain[1].id].flags == ("overdue",)
    assert rows[club.plain[1].id].overdue == [late]
    assert club.plain[2].id not in rows
    assert club.plain[3].id not in rows
    assert rows[club.seats["president"].id].flags == ()
    assert [m.date for m in rows[club.seats["president"].id].meetings] == [D(2026, 6, 30)]
    # thresholds are bylaws: a group that allows three positions does not flag the treasurer
    bylaw_set(
        group=club.group,
        key="proceedings.workload.max_positions",
        value="3",
        effective_from=D(2026, 1, 1),
        resolution="มติที่ประชุมใหญ่ 1/2569",
        actor=club.president,
    )
    assert {w.member.id: w for w in selectors.workload(club.group.id, day)}[treasurer.id].flags == ()


def test_attendee_who_joined_after_the_meeting_refused(club):
    from sajja.core import testing as t

    newcomer = t.make_member(club.group, joined_on=D(2026, 5, 1))
    m = committee_meeting(club)  # 5 March 2026
    with pytest.raises(SajjaError) as e:
        services.attendance_record(meeting=m, marks={newcomer: "present"}, actor=club.president)
    assert e.value.code == "not_member_on_day"
    assert Attendance.objects.count() == 0
