from django.urls import path

from . import views

urlpatterns = [
    path("books/", views.books, name="ledger_books"),
    path("books/journal/", views.journal, name="ledger_journal"),
    path("books/accounts/<int:account_id>/", views.account_ledger, name="ledger_account"),
]
