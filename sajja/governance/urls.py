"""Governance pages under ``/g/<group_id>/`` (views carry ``tenancy.group_view``)."""

from django.urls import path

from . import views

E = "elections/<int:election_id>/"

urlpatterns = [
    path("committees/", views.committees, name="governance_committees"),
    path("committees/add/", views.committee_add, name="governance_committee_add"),
    path("committees/terms/add/", views.term_add, name="governance_term_add"),
    path("committees/terms/<int:term_id>/end/", views.term_end, name="governance_term_end"),
    path("committees/adopt/", views.seats_adopt, name="governance_seats_adopt"),
    path("succession/", views.succession, name="governance_succession"),
    path("succession/understudies/add/", views.understudy_add, name="governance_understudy_add"),
    path("elections/", views.elections, name="governance_elections"),
    path("elections/new/", views.election_create, name="governance_election_create"),
    path(E, views.election_detail, name="governance_election"),
    path(f"{E}nominate/", views.nominate, name="governance_nominate"),
    path(f"{E}nominations/<int:nomination_id>/answer/", views.nomination_answer, name="governance_nomination_answer"),
    path(f"{E}vote/", views.vote, name="governance_vote"),
    path(f"{E}count/", views.election_count, name="governance_election_count"),
    path(f"{E}tally/", views.tally, name="governance_tally"),
    path(f"{E}draw/", views.draw, name="governance_draw"),
    path(f"{E}close/", views.election_close, name="governance_election_close"),
    path(f"{E}minutes/", views.minutes, name="governance_minutes"),
    path(f"{E}minutes.pdf", views.minutes_pdf, name="governance_minutes_pdf"),
]
