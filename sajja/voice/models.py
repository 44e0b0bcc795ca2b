"""Tables of the members' voice: the suggestion box, polls, the yearly evaluation of the committee,
and the group's learning (training, study visits) and activities.

Secrecy by design:
- An anonymous ``Suggestion`` has no author column filled and no creation time finer than the day;
  the model is not registered with django-auditlog, so no log row names the actor either.
- A secret poll keeps who answered (``PollBallot``, one per member: a database constraint) apart
  from what was answered (a count on ``PollChoice``): no row links a member to a choice.
- The evaluation keeps who answered (``EvaluationBallot``) apart from the answers, which are only
  counted (``EvaluationTally``: how many gave each score to each question); a comment is a row with
  a random UUID key and no time (``EvaluationComment``). Residual risk, stated plainly: someone
  with raw access to the database files could still read the physical insertion order of comment
  rows (SQLite's rowid, PostgreSQL's ctid) and set it beside the ballots' order; the pages and the
  API show comments sorted by text.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sajja.core.models import TenantModel


class Suggestion(TenantModel):
    class Status(models.TextChoices):
        OPEN = "open", _("waiting for a reply")
        ANSWERED = "answered", _("answered")
        DONE = "done", _("done")

    text = models.TextField(_("suggestion"))
    anonymous = models.BooleanField(_("anonymous"))
    author = models.ForeignKey(
        "members.Member", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )  # named suggestions only
    posted_on = models.DateField(_("posted on"))  # a day, not a time: nothing to match against logins
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.OPEN)
    reply = models.TextField(_("reply"), blank=True)
    replied_on = models.DateField(_("replied on"), null=True, blank=True)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    done_on = models.DateField(_("done on"), null=True, blank=True)

    class Meta:
        verbose_name = _("suggestion")
        verbose_name_plural = _("suggestions")
        constraints = [
            models.CheckConstraint(
                condition=(Q(anonymous=True) & Q(author__isnull=True)) | (Q(anonymous=False) & Q(author__isnull=False)),
                name="suggestion_anonymous_has_no_author",
            ),
            models.CheckConstraint(
                condition=~Q(status="done") | Q(done_on__isnull=False), name="suggestion_done_dated"
            ),
        ]
        indexes = [models.Index(fields=["group", "status"])]


class Poll(TenantModel):
    question = models.CharField(_("question"), max_length=300)
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))
    secret = models.BooleanField(_("secret"), default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("poll")
        verbose_name_plural = _("polls")
        constraints = [models.CheckConstraint(condition=Q(closes_on__gte=models.F("opens_on")), name="poll_dates")]


class PollChoice(TenantModel):
    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="choices")
    order = models.PositiveSmallIntegerField()
    text = models.CharField(_("choice"), max_length=200)
    votes = models.PositiveIntegerField(_("answers"), default=0)

    class Meta:
        ordering = ["order"]
        constraints = [models.UniqueConstraint(fields=["poll", "order"], name="pollchoice_order")]


class PollBallot(TenantModel):
    """That a member answered a poll (once: the database refuses a second). ``choice`` only when the
    poll is not secret."""

    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="ballots")
    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="+")
    choice = models.ForeignKey(PollChoice, on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["poll", "member"], name="pollballot_once")]


class EvaluationRound(TenantModel):
    """The members' evaluation of the committee's management for one year, open between two dates."""

    year = models.PositiveIntegerField(_("year (C.E.)"))
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["group", "year"], name="evaluation_round_year"),
            models.CheckConstraint(condition=Q(closes_on__gte=models.F("opens_on")), name="evaluation_round_dates"),
        ]


class EvaluationBallot(TenantModel):
    """That a member has answered the year's evaluation (once a year: a database constraint)."""

    round = models.ForeignKey(EvaluationRound, on_delete=models.CASCADE, related_name="ballots")
    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["round", "member"], name="evaluation_ballot_once")]


class EvaluationTally(TenantModel):
    """How many members gave ``score`` to ``question`` in a round: the answers are counted, not kept
    one by one, so no row can be put beside a ballot (made with zero counts when the round opens)."""

    round = models.ForeignKey(EvaluationRound, on_delete=models.CASCADE, related_name="tallies")
    question = models.CharField(max_length=24)
    score = models.PositiveSmallIntegerField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["round", "question", "score"], name="evaluation_tally_once"),
            models.CheckConstraint(condition=Q(score__gte=1) & Q(score__lte=5), name="evaluation_tally_1_5"),
        ]


class EvaluationComment(TenantModel):
    """A free-text comment of the evaluation, without the member: a random key and no time."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    round = models.ForeignKey(EvaluationRound, on_delete=models.CASCADE, related_name="comments")
    text = models.TextField(_("comment"))


class Training(TenantModel):
    """A training course or study visit (ศึกษาดูงาน) and what the group learnt from it."""

    class Kind(models.TextChoices):
        TRAINING = "training", _("training")
        STUDY_VISIT = "study_visit", _("study visit")

    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.TRAINING)
    title = models.CharField(_("topic"), max_length=300)
    date = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    learned = models.TextField(_("what was learnt"), blank=True)
    lesson = models.CharField(_("lesson learnt"), max_length=500, blank=True)
    participants = models.ManyToManyField("members.Member", related_name="+", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")


class Activity(TenantModel):
    """An activity of the group for the village (the seed: Songkran, sports day, tree planting)."""

    class Kind(models.TextChoices):
        SONGKRAN = "songkran", _("Songkran blessing of the elders")
        SPORTS = "sports", _("village sports day")
        TREES = "trees", _("tree planting")
        MERIT = "merit", _("merit making")
        VOLUNTEER = "volunteer", _("community work")
        OTHER = "other", _("other activity")

    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    title = models.CharField(_("topic"), max_length=300)
    date = models.DateField(_("date"))
    note = models.TextField(_("note"), blank=True)
    participants = models.ManyToManyField("members.Member", related_name="+", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
