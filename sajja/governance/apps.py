from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from sajja.bylaws.registry import Setting

GOVERNANCE = _("Committee and elections")
SETTINGS = (
    Setting("governance.term_years", "int", _("Years in a committee term"), 2, GOVERNANCE, minimum=1, maximum=10),
    Setting(
        "governance.max_consecutive_terms",
        "int",
        _("Most consecutive terms in the same position (0 = no limit)"),
        2,
        GOVERNANCE,
        minimum=0,
        maximum=20,
    ),
    Setting(
        "governance.young_age",
        "int",
        _("A committee should have someone younger than this age"),
        40,
        GOVERNANCE,
        minimum=18,
        maximum=100,
    ),
    Setting(
        "governance.notice_days",
        "int",
        _("Warn this many days before a term ends with no candidate"),
        90,
        GOVERNANCE,
        minimum=1,
        maximum=730,
    ),
)


class GovernanceConfig(AppConfig):
    name = "sajja.governance"
    label = "governance"
    verbose_name = _("Governance")

    def ready(self):
        from auditlog.registry import auditlog

        from sajja.bylaws import registry

        from . import models

        registry.register(*SETTINGS)
        # Committees, terms, understudies, elections and nominations are on the audit trail.
        # ``Vote`` and ``BallotCast`` are NOT: an audit row (with its id, time and actor) next to a
        # vote would undo the secret ballot. ``tests/test_secret_ballot.py`` checks this.
        for model in (models.Committee, models.Term, models.Understudy, models.Election, models.Nomination):
            auditlog.register(model)
