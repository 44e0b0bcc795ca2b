"""The household book on a phone (``quick.py``), under ``/g/<group_id>/``."""

from django.urls import path

from . import quick

urlpatterns = [
    path("book/", quick.home, name="hh_home"),
    path("book/h/<int:household_id>/", quick.book, name="hh_book"),
    path("book/h/<int:household_id>/add/", quick.entry_add, name="hh_entry_add"),
    path("book/h/<int:household_id>/entries/", quick.entries, name="hh_entries"),
    path("book/h/<int:household_id>/entries/<int:book_entry_id>/delete/", quick.entry_delete, name="hh_entry_delete"),
]
