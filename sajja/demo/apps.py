from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "sajja.demo"
    label = "demo"
    verbose_name = "Demo"
