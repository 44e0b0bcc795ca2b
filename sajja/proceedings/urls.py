"""Meetings and resolutions pages under ``/g/<group_id>/`` (views carry ``tenancy.group_view``)."""

from django.urls import path

from . import views

P = "proceedings/"
M = P + "<int:proceeding_id>/"

urlpatterns = [
    path(P, views.proceedings_home, name="proceedings_home"),
    path(M, views.proceeding_detail, name="proceeding_detail"),
    path(f"{M}agenda/", views.proceeding_agenda_add, name="proceeding_agenda_add"),
    path(f"{M}agenda/<int:agenda_id>/", views.proceeding_minutes, name="proceeding_minutes"),
    path(f"{M}attendance/", views.proceeding_attendance, name="proceeding_attendance"),
    path(f"{M}resolutions/", views.proceeding_resolution_add, name="proceeding_resolution_add"),
    path(f"{M}resolutions/<int:resolution_id>/", views.proceeding_resolution_edit, name="proceeding_resolution_edit"),
    path(f"{M}approve/", views.proceeding_approve, name="proceeding_approve"),
    path(f"{M}minutes.pdf", views.proceeding_pdf, name="proceeding_pdf"),
    path(f"{P}resolutions/", views.resolution_list, name="proceedings_resolutions"),
    path(f"{P}tasks/", views.task_list, name="proceedings_tasks"),
    path(f"{P}tasks/<int:task_id>/done/", views.task_done, name="proceedings_task_done"),
    path(f"{P}duties/", views.duty_list, name="proceedings_duties"),
    path(f"{P}duties/<int:duty_id>/", views.duty_edit, name="proceedings_duty_edit"),
    path(f"{P}workload/", views.workload, name="proceedings_workload"),
    path(f"{P}workload/<int:member_id>/", views.member_workload, name="proceedings_member_workload"),
]
