from django.urls import path

from . import views

urlpatterns = [
    path("bylaws/", views.bylaws, name="bylaws"),
    path("bylaws/<key>/", views.bylaw_set, name="bylaw_set"),
]
