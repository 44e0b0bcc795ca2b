"""Meeting day pages under ``/g/<group_id>/`` (views carry ``tenancy.group_view``). The paper of the
meeting (receipts, passbook lines, the summary) has its own routes in ``paper_urls``."""

from importlib.util import find_spec

from django.urls import include, path

from . import views

M = "meetings/<int:meeting_id>/"

urlpatterns = [
    path("meetings/", views.meeting_list, name="meeting_list"),
    path("meetings/open/", views.meeting_open, name="meeting_open"),
    path(M, views.meeting_detail, name="meeting_detail"),
    path(f"{M}sheet/", views.meeting_sheet, name="meeting_sheet"),
    path(f"{M}sheet/<int:member_id>/", views.meeting_row_post, name="meeting_row_post"),
    path(f"{M}attendance/<int:member_id>/", views.meeting_attendance, name="meeting_attendance"),
    path(f"{M}payouts/<int:request_id>/", views.meeting_payout, name="meeting_payout"),
    path(f"{M}count/", views.meeting_count, name="meeting_count"),
    path(f"{M}difference/", views.meeting_difference, name="meeting_difference"),
    path(f"{M}bank/", views.meeting_bank, name="meeting_bank"),
    path(f"{M}sign/", views.meeting_sign, name="meeting_sign"),
    path(f"{M}postings/", views.meeting_postings, name="meeting_postings"),
    path(f"{M}postings/<int:entry_id>/reverse/", views.meeting_entry_reverse, name="meeting_entry_reverse"),
]

if find_spec("sajja.meetings.paper_urls") is not None:
    urlpatterns.append(path("", include("sajja.meetings.paper_urls")))
