from django.urls import path

from . import views

urlpatterns = [
    path("books/", views.books, name="ledger_books"),
    path("books/journal/", views.journal, name="ledger_journal"),
    path("books/statements/", views.statements, name="ledger_statements"),
    path("books/receipts-payments/", views.receipts_payments, name="ledger_receipts_payments"),
    path("books/statements.pdf", views.statements_pdf, name="ledger_statements_pdf"),
    path("books/statements.xlsx", views.statements_xlsx, name="ledger_statements_xlsx"),
    path("books/accounts/<int:account_id>/", views.account_ledger, name="ledger_account"),
]
