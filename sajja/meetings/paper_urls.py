"""The meeting's paper (receipts, passbook lines, summary) under ``/g/<group_id>/``; included at the
end of ``sajja/meetings/urls.py``. Views are in ``paper.py`` and carry ``tenancy.group_view``."""

from django.urls import path

from . import paper

urlpatterns = [
    path("meetings/<int:meeting_id>/receipts.pdf", paper.receipts_pdf, name="meeting_receipts_pdf"),
    path("meetings/<int:meeting_id>/receipts/<int:member_id>.pdf", paper.receipt_pdf, name="meeting_receipt_pdf"),
    path("meetings/<int:meeting_id>/passbook-lines/", paper.passbook_lines_page, name="meeting_passbook_lines"),
    path("meetings/<int:meeting_id>/passbook-lines.pdf", paper.passbook_lines_pdf, name="meeting_passbook_lines_pdf"),
    path("meetings/<int:meeting_id>/summary/", paper.summary_page, name="meeting_summary"),
    path("meetings/<int:meeting_id>/summary.pdf", paper.summary_pdf, name="meeting_summary_pdf"),
]
