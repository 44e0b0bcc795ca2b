from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProceedingsConfig(AppConfig):
    name = "sajja.proceedings"
    label = "proceedings"
    verbose_name = _("Meetings and resolutions")

    def ready(self):
        from auditlog.registry import auditlog

        from sajja.bylaws import registry

        from . import models

        # Who changed the minutes, a resolution or a task before approval (bulk writes of attendance
        # and agenda are not logged row by row; approved minutes cannot change at all).
        for model in (models.Meeting, models.AgendaItem, models.Resolution, models.Task, models.Duty):
            auditlog.register(model)

        section = _("Meetings and workload")
        registry.register(
            registry.Setting(
                "proceedings.quorum.committee_percent", "int", _("Quorum of a committee meeting (percent of the committee present)"),
                50, section, minimum=1, maximum=100,
            ),
            registry.Setting(
                "proceedings.quorum.general_percent", "int", _("Quorum of a general meeting (percent of the members present)"),
                50, section, minimum=1, maximum=100,
            ),
            registry.Setting(
                "proceedings.workload.max_positions", "int", _("Workload: at most this many positions a person"),
                2, section, minimum=1, maximum=20,
            ),
            registry.Setting(
                "proceedings.workload.max_open_tasks", "int", _("Workload: at most this many open tasks a person"),
                5, section, minimum=0, maximum=100,
            ),
            registry.Setting(
                "proceedings.workload.max_overdue", "int", _("Workload: at most this many overdue tasks a person"),
                0, section, minimum=0, maximum=100,
            ),
        )  # fmt: skip
