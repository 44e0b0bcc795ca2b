"""A search that fills more than one page keeps its words in the page links."""

from django.test import Client

from sajja.core import testing as t


def test_the_next_page_keeps_the_search(world):
    for i in range(55):
        t.make_member(world.group_a, first_name=f"ทดสอบ{i}")
    client = Client()
    client.force_login(world.treasurer)
    page = client.get(f"/g/{world.group_a.id}/members/?q=ทดสอบ").content.decode()
    assert "q=%E0%B8%97%E0%B8%94%E0%B8%AA%E0%B8%AD%E0%B8%9A&amp;status=active&amp;page=2" in page
    second = client.get(f"/g/{world.group_a.id}/members/?q=ทดสอบ&status=active&page=2").content.decode()
    assert second.count("ทดสอบ") >= 5  # the 5 members beyond the first 50
