"""Funds and welfare pages under ``/g/<group_id>/`` (views carry ``tenancy.group_view``), and the
annual report. ``report_year`` is the C.E. year the fiscal year starts in (forms take B.E. too)."""

from django.urls import path

from . import views

C = "welfare/claims/<int:claim_id>/"
R = "annual-report/<int:report_year>/"

urlpatterns = [
    path("welfare/", views.welfare_home, name="welfare_home"),
    path("welfare/funds/", views.funds, name="welfare_funds"),
    path("welfare/claims/new/", views.claim_new, name="welfare_claim_new"),
    path(C, views.claim_detail, name="welfare_claim"),
    path(f"{C}decide/", views.claim_decide, name="welfare_claim_decide"),
    path(f"{C}pay/", views.claim_pay, name="welfare_claim_pay"),
    path("annual-report/", views.report_latest, name="annual_report_latest"),
    path(R, views.annual_report, name="annual_report"),
    path(f"{R}pdf/", views.annual_report_pdf, name="annual_report_pdf"),
    path(f"{R}slips/", views.slips_pdf, name="dividend_slips_pdf"),
    path(f"{R}slips/<int:member_id>/", views.slip_pdf, name="dividend_slip_pdf"),
]
