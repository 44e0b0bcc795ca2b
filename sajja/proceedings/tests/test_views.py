"""The meeting pages as the committee and a member use them."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from sajja.core import testing as t
from sajja.proceedings import services
from sajja.proceedings.models import AgendaItem, Attendance, Meeting, Resolution, Task

D = dt.date


@pytest.fixture
def pres(club):
    client = Client()
    client.force_login(club.president)
    client.cookies["django_language"] = "en"
    return client


def url(club, name, *args):
    return reverse(name, args=[club.group.id, *args])


def test_a_meeting_from_set_up_to_locked_minutes(club, pres, tmp_path_factory):
    r = pres.post(
        url(club, "proceedings_home"),
        {
            "kind": "committee",
            "committee": "all",
            "date": "05/03/2569",
            "place": "ศาลา",
            "agenda": "รับรองรายงาน\nเงินกู้\n",
            "key": "k1",
        },
    )
    meeting = Meeting.objects.get()
    assert r.status_code == 302
    assert r["Location"] == url(club, "proceeding_detail", meeting.id)
    assert (meeting.date, meeting.number, meeting.year_be) == (D(2026, 3, 5), 1, 2569)
    # the same form posted again writes nothing
    pres.post(
        url(club, "proceedings_home"), {"kind": "committee", "committee": "all", "date": "05/03/2569", "key": "k1"}
    )
    assert Meeting.objects.count() == 1
    item = AgendaItem.objects.get(order=2)
    pres.post(url(club, "proceeding_minutes", meeting.id, item.id), {"minutes": "พิจารณาคำขอกู้", "key": "k2"})
    marks = {f"m{club.seats[k].id}": "present" for k in ("president", "secretary", "treasurer", "loan1")}
    pres.post(url(club, "proceeding_attendance", meeting.id), {**marks, "key": "k3"})
    assert Attendance.objects.filter(meeting=meeting, status="present").count() == 4
    pres.post(
        url(club, "proceeding_resolution_add", meeting.id),
        {
            "text": "อนุมัติ 3 ราย",
            "item": item.id,
            "votes_for": "๔",
            "votes_against": "0",
            "votes_abstain": "0",
            "key": "k4",
        },
    )
    res = Resolution.objects.get()
    assert (res.votes_for, res.reference) == (4, "มติที่ประชุมคณะกรรมการ 1/2569")
    page = pres.get(url(club, "proceeding_detail", meeting.id))
    assert page.status_code == 200
    assert "มติที่ประชุมคณะกรรมการ 1/2569" in page.content.decode()
    assert page.context["quorum"].met
    pres.post(
        url(club, "proceedings_tasks"),
        {
            "title": "แจ้งผู้กู้",
            "owner": club.plain[0].id,
            "due_on": "20/03/2569",
            "meeting": meeting.id,
            "resolution": res.id,
            "key": "k5",
        },
    )
    assert Task.objects.get().resolution == res
    nxt = services.meeting_create(
        group=club.group, kind="committee", committee="all", date=D(2026, 4, 5), actor=club.president
    )
    pres.post(
        url(club, "proceeding_approve", meeting.id),
        {"at_meeting": nxt.id, "approved_by": club.seats["secretary"].id, "key": "k6"},
    )
    meeting.refresh_from_db()
    assert meeting.approved_on == D(2026, 4, 5)
    r = pres.post(url(club, "proceeding_minutes", meeting.id, item.id), {"minutes": "แก้ไข", "key": "k7"}, follow=True)
    assert "can no longer be changed" in r.content.decode()
    assert AgendaItem.objects.get(id=item.id).minutes == "พิจารณาคำขอกู้"
    pdf = pres.get(url(club, "proceeding_pdf", meeting.id))
    assert pdf.status_code == 200
    assert pdf.content.startswith(b"%PDF")
    tmp_path_factory.getbasetemp().joinpath("proceedings-minutes.pdf").write_bytes(pdf.content)  # to look at


def test_bad_page_input_changes_nothing(club, pres):
    r = pres.post(
        url(club, "proceedings_home"),
        {"kind": "committee", "committee": "all", "date": "05/03/69", "key": "a"},
        follow=True,
    )
    assert "four digits" in r.content.decode()
    assert Meeting.objects.count() == 0
    meeting = services.meeting_create(group=club.group, kind="general", date=D(2026, 3, 5), actor=club.president)
    r = pres.post(
        url(club, "proceeding_attendance", meeting.id), {f"m{club.outsider.id}": "present", "key": "b"}, follow=True
    )
    assert "not a member of the group" in r.content.decode()
    assert Attendance.objects.count() == 0
    r = pres.post(
        url(club, "proceedings_tasks"),
        {"title": "x", "owner": club.outsider.id, "due_on": "20/03/2569", "key": "c"},
        follow=True,
    )
    assert Task.objects.count() == 0


def test_pages_answer(club, pres):
    services.duties_seed(group=club.group, actor=club.president)
    for name in (
        "proceedings_home",
        "proceedings_resolutions",
        "proceedings_tasks",
        "proceedings_duties",
        "proceedings_workload",
    ):
        assert pres.get(url(club, name)).status_code == 200, name


def test_a_member_sees_only_their_own_workload(club):
    user = t.make_user("plain0")
    club.plain[0].user = user
    club.plain[0].save()
    client = Client()
    client.force_login(user)
    assert client.get(url(club, "proceedings_member_workload", club.plain[0].id)).status_code == 200
    assert client.get(url(club, "proceedings_member_workload", club.plain[1].id)).status_code == 404
    assert client.get(url(club, "proceedings_workload")).status_code == 403
    assert client.post(url(club, "proceedings_home"), {"kind": "general", "date": "05/03/2569"}).status_code == 403


def test_meeting_page_queries_do_not_grow_with_attendance(club, pres, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    meeting = services.meeting_create(
        group=club.group, kind="general", date=D(2026, 3, 5), agenda=["ก", "ข"], actor=club.president
    )
    services.attendance_record(meeting=meeting, marks={m: "present" for m in club.plain[:2]}, actor=club.president)
    with CaptureQueriesContext(connection) as few:
        assert pres.get(url(club, "proceeding_detail", meeting.id)).status_code == 200
    more = [t.make_member(club.group, joined_on=D(2010, 1, 1)) for _ in range(15)]
    services.attendance_record(meeting=meeting, marks={m: "excused" for m in more}, actor=club.president)
    services.resolution_add(meeting=meeting, text="ก", votes_for=1, actor=club.president)
    with CaptureQueriesContext(connection) as many:
        assert pres.get(url(club, "proceeding_detail", meeting.id)).status_code == 200
    assert len(many) == len(few)
    with django_assert_max_num_queries(len(few) + 2):
        pres.get(url(club, "proceedings_workload"))


def test_duties_page_copies_the_standard_list_then_edits_it(club, pres):
    from sajja.proceedings.models import Duty

    assert pres.get(url(club, "proceedings_duties")).context["lists"][0]["duties"] is None
    pres.post(url(club, "proceedings_duties"), {"position": "secretary", "seed": "1", "key": "d1"})
    duty = Duty.objects.filter(group=club.group, position="secretary").order_by("order").first()
    assert Duty.objects.filter(group=club.group).count() == 3
    pres.post(url(club, "proceedings_duty_edit", duty.id), {"text": "นัดประชุมทุกเดือน", "key": "d2"})
    pres.post(url(club, "proceedings_duties"), {"position": "secretary", "text": "ดูแลไลน์กลุ่ม", "key": "d3"})
    assert list(Duty.objects.filter(group=club.group, position="secretary").values_list("order", flat=True)) == [
        1,
        2,
        3,
        4,
    ]
    assert Duty.objects.get(id=duty.id).text == "นัดประชุมทุกเดือน"
    pres.post(url(club, "proceedings_duty_edit", duty.id), {"delete": "1", "key": "d4"})
    assert Duty.objects.filter(group=club.group).count() == 3
