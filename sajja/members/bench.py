"""Benchmarks of the member pages (``make bench``): a village of ``n`` members from the demo
generator, read by its treasurer. Targets: the page's SQL queries do not grow with ``n``."""

import dataclasses
import io
from collections import Counter

from django.db import connection
from django.test import Client
from openpyxl import Workbook

from sajja.accounts.models import CommitteeSeat, User
from sajja.core.bench import Case, scenario
from sajja.core.db import thai_collation_name
from sajja.demo import generator
from sajja.members.models import Member


def bench_village(n: int):
    """A group of ``n`` members planned by the demo generator (own village number per size)."""
    admin = User.objects.filter(is_superuser=True).first() or User.objects.create_superuser("bench-admin")
    places = generator._ensure_places(Counter())
    spec = dataclasses.replace(
        generator.large_group_spec(n), name=f"หมู่บ้านทดสอบความเร็ว {n}", moo=60 + len(str(n)), village=f"บ้านทดสอบ {n}"
    )
    group, plan = generator.build_group(
        spec, seed=generator.DEFAULT_SEED, places=places, actor=admin, created=Counter(), changed=Counter()
    )
    treasurer = User.objects.create(username=f"bench-treasurer-{n}")
    member = Member.objects.get(group=group, number=plan.committee[0][0])
    member.user = treasurer
    member.save(update_fields=["user"])
    CommitteeSeat.objects.create(group=group, member=member, position="treasurer", start_date=group.founded_on)
    client = Client(HTTP_HOST="localhost")  # the host ALLOWED_HOSTS admits in development
    client.force_login(treasurer)
    return group, client


def _page_floor(group_id: int, where: str = "", params=()):
    collation = thai_collation_name()
    quote = '"' if connection.vendor == "postgresql" else ""
    order = f"COLLATE {quote}{collation}{quote}"
    sql = (
        "SELECT m.id, m.number, m.title, m.first_name, m.last_name, m.joined_on, m.status, h.house_number "
        "FROM members_member m LEFT JOIN members_household h ON h.id = m.household_id "
        "WHERE m.group_id = %s AND m.status = 'active' " + where + " "
        "ORDER BY m.first_name " + order + ", m.last_name " + order + " LIMIT 50"
    )  # fixed SQL of our own (no user text in it); values are parameters

    def floor():
        with connection.cursor() as cursor:
            cursor.execute("SELECT COUNT(*) FROM members_member WHERE group_id = %s AND status = 'active'", [group_id])
            cursor.execute(sql, [group_id, *params])
            return cursor.fetchall()

    return floor


@scenario("members.list_page", "treasurer opens the member list (page 1 of 50, Thai order)")
def list_page(n: int) -> Case:
    group, client = bench_village(n)
    url = f"/g/{group.id}/members/"

    def run():
        response = client.get(url)
        assert response.status_code == 200, response.status_code

    return Case(run=run, floor=_page_floor(group.id))


@scenario("members.search", "treasurer types part of a Thai name (htmx partial)")
def search(n: int) -> Case:
    group, client = bench_village(n)
    fragment = Member.objects.filter(group=group).order_by("id").values_list("first_name", flat=True).first()[:3]
    url = f"/g/{group.id}/members/?q={fragment}"

    def run():
        assert client.get(url, HTTP_HX_REQUEST="true").status_code == 200

    floor = _page_floor(
        group.id, "AND (m.first_name LIKE %s OR m.last_name LIKE %s)", (f"%{fragment}%", f"%{fragment}%")
    )
    return Case(run=run, floor=floor)


@scenario("members.export_xlsx", "treasurer exports the whole register to Excel (national IDs decrypted)")
def export(n: int) -> Case:
    group, client = bench_village(n)
    url = f"/g/{group.id}/members/export.xlsx"

    def run():
        assert client.get(url).status_code == 200

    def floor():
        wb = Workbook()
        ws = wb.active
        rows = Member.objects.filter(group=group).values_list(
            "number", "title", "first_name", "last_name", "birth_date"
        )
        for row in rows:
            ws.append(list(row))
        wb.save(io.BytesIO())

    return Case(run=run, floor=floor)
