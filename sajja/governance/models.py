"""Tables of governance: committees, terms in office, understudies, elections and their ballots.

``Term`` is the governance record of who held which position when; for the four standard
committees each term also writes the ``accounts.CommitteeSeat`` that tenancy reads, so access
follows elections. Custom committees (a welfare committee, say) have terms but no seat: they give
no access of their own.

The secret ballot is two tables that share nothing that links a voter to a choice (see ``Vote``).
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sajja.accounts.models import Position
from sajja.core.models import TenantModel, Timestamped

from . import domain


class Committee(TenantModel, Timestamped):
    """One of the group's committees: the four standard ones (``code`` set, made on demand) or one
    the group added (``code`` empty, named by the group)."""

    class Code(models.TextChoices):
        ADMINISTRATION = "administration", _("Administration committee")
        LOANS = "loans", _("Loan committee")
        AUDIT = "audit", _("Audit committee")
        PROMOTION = "promotion", _("Promotion committee")

    code = models.CharField(_("standard committee"), max_length=20, choices=Code.choices, blank=True)
    name = models.CharField(_("name"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(default=100)

    class Meta:
        verbose_name = _("committee")
        verbose_name_plural = _("committees")
        ordering = ["order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["group", "code"], condition=~Q(code=""), name="committee_standard_once"),
            models.UniqueConstraint(fields=["group", "name"], condition=Q(code=""), name="committee_name_once"),
            models.CheckConstraint(condition=~Q(code="") | ~Q(name=""), name="committee_named"),
        ]

    @property
    def title(self) -> str:
        return str(self.get_code_display()) if self.code else self.name

    @property
    def positions(self) -> tuple[str, ...]:
        return domain.committee_positions(self.code)

    def __str__(self):
        return self.title


POSITION_CHOICES = [
    *Position.choices,
    ("chair", _("chair")),
    ("committee_member", _("committee member")),
]
POSITION_LABELS = dict(POSITION_CHOICES)


class Term(TenantModel, Timestamped):
    """A member holding a position of a committee from ``start_date`` to ``end_date`` (inclusive;
    open-ended while None). Single-holder positions (president, vice-president, secretary,
    treasurer, chair) never overlap another holder: the service refuses it, a partial unique index
    allows one open-ended holder, and on PostgreSQL an exclusion constraint refuses any overlap."""

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="terms")
    position = models.CharField(_("position"), max_length=24, choices=POSITION_CHOICES)
    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="governance_terms")
    start_date = models.DateField(_("term starts"))
    end_date = models.DateField(_("term ends"), null=True, blank=True)
    seat = models.OneToOneField(
        "accounts.CommitteeSeat", on_delete=models.PROTECT, null=True, blank=True, related_name="term"
    )
    election = models.ForeignKey(
        "governance.Election", on_delete=models.PROTECT, null=True, blank=True, related_name="terms"
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("term in office")
        verbose_name_plural = _("terms in office")
        ordering = ["start_date", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")), name="term_order"
            ),
            models.UniqueConstraint(
                fields=["committee", "position"],
                condition=Q(end_date__isnull=True) & Q(position__in=sorted(domain.SINGLE_HOLDER)),
                name="term_one_open_single_holder",
            ),
            models.UniqueConstraint(
                fields=["committee", "position", "start_date"],
                condition=Q(position__in=sorted(domain.SINGLE_HOLDER)),
                name="term_single_holder_start_once",
            ),
            models.UniqueConstraint(
                fields=["committee", "position", "member", "start_date"], name="term_member_start_once"
            ),
        ]
        indexes = [models.Index(fields=["group", "end_date"])]

    def __str__(self):
        return f"{self.committee}: {self.get_position_display()} {self.member}"


class Understudy(TenantModel, Timestamped):
    """A member learning a position so that someone can take it over (``trained_on``: when their
    training was completed; None while still learning)."""

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="understudies")
    position = models.CharField(_("position"), max_length=24, choices=POSITION_CHOICES)
    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="understudies")
    since = models.DateField(_("since"))
    trained_on = models.DateField(_("trained on"), null=True, blank=True)
    until = models.DateField(_("until"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("understudy")
        verbose_name_plural = _("understudies")
        constraints = [
            models.UniqueConstraint(fields=["committee", "position", "member", "since"], name="understudy_once"),
            models.CheckConstraint(
                condition=Q(until__isnull=True) | Q(until__gte=models.F("since")), name="understudy_order"
            ),
        ]


class Election(TenantModel, Timestamped):
    """An election at the annual meeting: positions to fill, ballots in the app or on paper, the
    new terms starting on ``terms_start``. Open (nominations and app votes) → counting (paper
    counts, ties drawn) → closed (terms written)."""

    class Status(models.TextChoices):
        OPEN = "open", _("open: nominations and voting")
        COUNTING = "counting", _("counting")
        CLOSED = "closed", _("closed")

    class Method(models.TextChoices):
        APP = "app", _("members vote in the app")
        PAPER = "paper", _("paper ballots counted at the meeting")

    title = models.CharField(_("title"), max_length=200)
    date = models.DateField(_("election day"))
    terms_start = models.DateField(_("new terms start"))
    method = models.CharField(_("ballots"), max_length=8, choices=Method.choices)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("election")
        verbose_name_plural = _("elections")
        ordering = ["-date", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(terms_start__gte=models.F("date")), name="election_terms_after_day")
        ]

    def __str__(self):
        return self.title


class ElectionPosition(TenantModel):
    """A position to fill at an election, with the number of seats (one for a single-holder
    position). ``drawn``: the nomination ids chosen by drawing lots when the last seats tied."""

    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="positions")
    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="+")
    position = models.CharField(_("position"), max_length=24, choices=POSITION_CHOICES)
    seats = models.PositiveSmallIntegerField(_("seats"), default=1)
    order = models.PositiveSmallIntegerField(default=0)
    drawn = models.JSONField(default=list, blank=True)
    draw_note = models.CharField(_("how the lots were drawn"), max_length=300, blank=True)

    class Meta:
        ordering = ["order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["election", "committee", "position"], name="election_position_once"),
            models.CheckConstraint(condition=Q(seats__gte=1) & Q(seats__lte=50), name="election_position_seats"),
        ]

    @property
    def title(self) -> str:
        return f"{self.committee.title}: {self.get_position_display()}"


class Nomination(TenantModel, Timestamped):
    """A member put forward for a position (by themselves or by another member). Only an accepted
    nomination is a candidate."""

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting for the nominee's answer")
        ACCEPTED = "accepted", _("accepted: a candidate")
        DECLINED = "declined", _("declined")

    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="nominations")
    position = models.ForeignKey(ElectionPosition, on_delete=models.CASCADE, related_name="nominations")
    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="nominations")
    nominated_by = models.ForeignKey(
        "members.Member", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    answered_on = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["position", "member"], name="nomination_once")]


class BallotCast(TenantModel):
    """THAT a member voted for a position, never HOW. The unique constraint is the one-vote rule,
    and it holds under concurrent submissions (the second insert waits for the first and fails).

    No timestamp and a random primary key: nothing in this row orders it against the ``Vote`` rows.
    Not registered with django-auditlog (an audit row's id and time would order it)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="ballots_cast")
    position = models.ForeignKey(ElectionPosition, on_delete=models.CASCADE, related_name="ballots_cast")
    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["election", "position", "member"], name="ballot_one_per_member")]


class Vote(TenantModel):
    """HOW someone voted, with nothing that says who. Why this row cannot be linked to its voter:

    - no member, user, session or ballot column; its only columns are a random UUID, the group (every
      tenant table carries it), the election, the position and the chosen candidate (shared by every
      vote for that candidate);
    - no timestamp and no sequential id (a random ``uuid4`` primary key), so neither "created at"
      nor "id order" can be matched against the order of the ``BallotCast`` rows;
    - the physical order rows are stored in (PostgreSQL's ctid, SQLite's rowid) still follows the
      order of inserts while voting is open; when the election moves to counting both tables are
      rewritten (``services.election_count``): votes in a random order under new UUIDs, ballots
      cast in the order of the members' numbers, so that nothing is left that follows the order
      people voted in;
    - it has no timestamps, is not registered with django-auditlog, and no log line
      is written with the choice (the services log nothing about a vote).
    A database operator watching the tables live while people vote could still see rows appear
    together: that operator is trusted as the guardian of a paper ballot box is."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="+")
    position = models.ForeignKey(ElectionPosition, on_delete=models.CASCADE, related_name="+")
    candidate = models.ForeignKey(Nomination, on_delete=models.PROTECT, related_name="+")

    def __str__(self):
        return f"vote {self.id}"


class PaperTally(TenantModel):
    """One committee member's count of the paper ballots for a position: ``counts`` maps nomination
    id (as text) -> votes. Append-only; the counts stand when the latest entries of two different
    people agree (maker-checker)."""

    position = models.ForeignKey(ElectionPosition, on_delete=models.CASCADE, related_name="tallies")
    counts = models.JSONField()
    blank_ballots = models.PositiveIntegerField(_("blank or spoilt ballots"), default=0)
    counter = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="+")
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    entered_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["entered_at", "id"]
