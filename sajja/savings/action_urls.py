"""The savings pages that write (``actions``), under ``/g/<group_id>/``."""

from django.urls import path

from . import actions

M = "members/<int:member_id>/savings/"

urlpatterns = [
    path(f"{M}pledge/", actions.pledge_set, name="savings_pledge_set"),
    path(f"{M}pay/", actions.pledge_pay, name="savings_pledge_pay"),
    path(f"{M}withdraw-pledge/", actions.pledge_withdraw, name="savings_pledge_withdraw"),
    path(f"{M}fines/pay/", actions.fines_pay, name="savings_fines_pay"),
    path(f"{M}fines/<int:fine_id>/waive/", actions.fine_waive, name="savings_fine_waive"),
    path(f"{M}entry-fee/", actions.entry_fee, name="savings_entry_fee"),
    path(f"{M}deposits/open/", actions.deposit_open, name="savings_deposit_open"),
    path(f"{M}deposits/<int:deposit_id>/deposit/", actions.deposit, name="savings_deposit"),
    path(f"{M}deposits/<int:deposit_id>/withdraw/", actions.withdraw, name="savings_withdraw"),
    path(f"{M}leave/", actions.leave, name="savings_leave"),
    path("savings/fines/assess/", actions.fines_assess, name="savings_fines_assess"),
    path("savings/interest/", actions.interest, name="savings_interest"),
]
