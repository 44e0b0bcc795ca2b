"""Loan pages under ``/g/<group_id>/`` (views carry ``tenancy.group_view``)."""

from django.urls import path

from . import views

R = "loans/requests/<int:request_id>/"
L = "loans/<int:loan_id>/"

urlpatterns = [
    path("loans/", views.loans_home, name="loans_home"),
    path("loans/request/", views.loan_request_new, name="loan_request_new"),
    path("loans/arrears/", views.loans_arrears, name="loans_arrears"),
    path("loans/register/", views.loans_register, name="loans_register"),
    path(R, views.loan_request_detail, name="loan_request_detail"),
    path(f"{R}vote/", views.loan_vote, name="loan_vote"),
    path(f"{R}decide/", views.loan_decide, name="loan_decide"),
    path(f"{R}disburse/", views.loan_disburse, name="loan_disburse"),
    path(L, views.loan_detail, name="loan_detail"),
    path(f"{L}repay/", views.loan_repay, name="loan_repay"),
    path(f"{L}guarantor-pay/", views.loan_guarantor_pay, name="loan_guarantor_pay"),
    path(f"{L}write-off/", views.loan_write_off, name="loan_write_off"),
    path(f"{L}restructure/", views.loan_restructure, name="loan_restructure"),
    path(f"{L}contract/", views.loan_contract, name="loan_contract"),
    path("members/<int:member_id>/loans/", views.member_loans, name="member_loans"),
    path("members/<int:member_id>/loans/request/", views.loan_request_self, name="loan_request_self"),
    path("members/<int:member_id>/credit/refund/", views.member_credit_refund, name="member_credit_refund"),
]
