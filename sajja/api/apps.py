from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "sajja.api"
    label = "api"
    verbose_name = "API"
