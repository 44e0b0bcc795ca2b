from django.urls import include, path

urlpatterns = [
    path("", include("sajja.household_accounts.quick_urls")),
]
