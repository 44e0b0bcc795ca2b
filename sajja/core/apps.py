from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "sajja.core"
    label = "core"

    def ready(self):
        from . import checks, db  # noqa: F401  (registers system checks and the SQLite collation)
