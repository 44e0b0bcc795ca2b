"""Members' voice pages under ``/g/<group_id>/`` (views carry ``tenancy.group_view``)."""

from django.urls import path

from . import views

V = "voice/"

urlpatterns = [
    path(V, views.voice_home, name="voice_home"),
    path(f"{V}suggestions/", views.suggestion_list, name="voice_suggestions"),
    path(f"{V}suggestions/<int:suggestion_id>/", views.suggestion_detail, name="voice_suggestion"),
    path(f"{V}suggestions/<int:suggestion_id>/reply/", views.suggestion_reply, name="voice_suggestion_reply"),
    path(f"{V}polls/", views.poll_list, name="voice_polls"),
    path(f"{V}polls/<int:poll_id>/", views.poll_detail, name="voice_poll"),
    path(f"{V}polls/<int:poll_id>/answer/", views.poll_answer, name="voice_poll_answer"),
    path(f"{V}evaluation/", views.evaluation_list, name="voice_evaluations"),
    path(f"{V}evaluation/<int:survey_year>/", views.evaluation_form, name="voice_evaluation"),
    path(f"{V}evaluation/<int:survey_year>/summary/", views.evaluation_summary, name="voice_evaluation_summary"),
    path(f"{V}learning/", views.learning, name="voice_learning"),
    path(f"{V}learning/trainings/", views.training_add, name="voice_training_add"),
    path(f"{V}learning/trainings/<int:training_id>/", views.training_detail, name="voice_training"),
    path(f"{V}learning/activities/", views.activity_add, name="voice_activity_add"),
    path(f"{V}learning/activities/<int:activity_id>/", views.activity_detail, name="voice_activity"),
]
