from django.urls import include, path

urlpatterns = [
    path("", include("sajja.savings.action_urls")),
]
