"""Every write of the members' voice: ``<thing>_<action>(*, ..., actor)``, one transaction each.

Secrecy is kept here as well as in the tables: ``suggestion_post`` with ``anonymous=True`` drops
the member and never stores the actor; ``poll_answer`` on a secret poll writes the ballot (who) and
adds one to the choice's count (what) without linking them; ``evaluation_answer`` writes the
ballot and an unlinked response. None of these models is registered with django-auditlog.
"""

import datetime as dt

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from sajja.core.errors import SajjaError, fmt
from sajja.core.fields import parse_text
from sajja.core.tenancy import today
from sajja.core.thai import DateInputError, format_date, normalize_digits, year_to_ce
from sajja.members.models import Member

from . import domain
from .models import (
    Activity,
    EvaluationBallot,
    EvaluationComment,
    EvaluationRound,
    EvaluationTally,
    Poll,
    PollBallot,
    PollChoice,
    Suggestion,
    Training,
)

TEXT_MAX = 2000
AHEAD_DAYS = 366


def _long_text(value, field: str, *, required: bool = True, max_length: int = TEXT_MAX) -> str:
    text = (value or "").strip() if isinstance(value, str) or value is None else str(value).strip()
    if required and not text:
        raise SajjaError(_("This field is required."), field=field, code="required")
    if len(text) > max_length:
        raise SajjaError(fmt(_("Too long: at most %(max)d characters."), max=max_length), field=field, code="too_long")
    return text


def _date(value, *, group, field: str, ahead: int = AHEAD_DAYS) -> dt.date:
    """A real date from the group's founding to ``ahead`` days from today (a Buddhist-Era year
    taken for a Common-Era one lands 543 years out and is refused)."""
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        raise SajjaError(_("Give the date."), field=field, code="date")
    if value < group.founded_on:
        raise SajjaError(
            fmt(_("The date is before %(date)s."), date=format_date(group.founded_on)), field=field, code="too_early"
        )
    if value > today() + dt.timedelta(days=ahead):
        raise SajjaError(
            fmt(_("The date %(date)s is too far ahead: is the year in the Buddhist Era?"), date=format_date(value)),
            field=field,
            code="too_late",
        )
    return value


def _member(group_id: int, member, field: str = "member") -> Member:
    if not isinstance(member, Member) or member.group_id != group_id:
        raise SajjaError(_("This person is not a member of the group."), field=field, code="other_group")
    if member.status != Member.Status.ACTIVE:
        raise SajjaError(_("Only active members take part."), field=field, code="not_active")
    return member


def _members(group_id: int, members, field: str = "participants") -> list[Member]:
    members = list(members or [])
    for m in members:
        if not isinstance(m, Member) or m.group_id != group_id:
            raise SajjaError(_("This person is not a member of the group."), field=field, code="other_group")
    return members


# --- the suggestion box -----------------------------------------------------------------------


def suggestion_post(
    *, group, text: str, member: Member | None, anonymous: bool, on: dt.date | None = None, actor
) -> Suggestion:
    """Put a suggestion in the box. Named: the member is the author. Anonymous: nothing of the
    author is kept, by design (no member, no user, only the day); the committee cannot find out
    who wrote it, and neither can anyone reading the database."""
    text = _long_text(text, "text")
    if not anonymous:
        member = _member(group.id, member)
    return Suggestion.objects.create(
        group=group,
        text=text,
        anonymous=bool(anonymous),
        author=None if anonymous else member,
        posted_on=_answered_on(on),
    )


def suggestion_reply(*, suggestion: Suggestion, reply: str, on: dt.date | None = None, actor) -> Suggestion:
    """The committee's reply (it may be corrected until the suggestion is marked done)."""
    reply = _long_text(reply, "reply")
    on = _answered_on(on)
    with transaction.atomic():
        suggestion = Suggestion.objects.select_for_update().get(id=suggestion.id)
        if suggestion.status == Suggestion.Status.DONE:
            raise SajjaError(_("This suggestion is already done."), code="already_done")
        if on < suggestion.posted_on:
            raise SajjaError(_("The reply is dated before the suggestion."), field="on", code="too_early")
        suggestion.reply, suggestion.replied_on, suggestion.replied_by = reply, on, actor
        suggestion.status = Suggestion.Status.ANSWERED
        suggestion.save(update_fields=["reply", "replied_on", "replied_by", "status"])
    return suggestion


def suggestion_done(*, suggestion: Suggestion, on: dt.date | None = None, actor) -> Suggestion:
    """Mark done what the committee has acted on; it needs a reply first, so members see what was done."""
    with transaction.atomic():
        suggestion = Suggestion.objects.select_for_update().get(id=suggestion.id)
        if suggestion.status == Suggestion.Status.DONE:
            raise SajjaError(_("This suggestion is already done."), code="already_done")
        if not suggestion.reply:
            raise SajjaError(_("Reply to the suggestion before marking it done."), field="reply", code="no_reply")
        suggestion.status, suggestion.done_on = Suggestion.Status.DONE, max(_answered_on(on), suggestion.replied_on)
        suggestion.save(update_fields=["status", "done_on"])
    return suggestion


# --- polls ------------------------------------------------------------------------------------


def poll_create(
    *, group, question: str, choices, opens_on: dt.date, closes_on: dt.date, secret: bool = True, actor
) -> Poll:
    """A single-choice question the committee asks the members, open between two dates (inclusive).
    Secret unless told otherwise."""
    question = parse_text(question, field="question", max_length=300)
    texts = [parse_text(c, field="choices", max_length=200) for c in (choices or []) if str(c or "").strip()]
    if len(texts) < 2:
        raise SajjaError(_("Give at least two choices."), field="choices", code="choices")
    if len(set(texts)) != len(texts):
        raise SajjaError(_("Two choices are the same."), field="choices", code="choices_repeat")
    if len(texts) > 20:
        raise SajjaError(_("At most 20 choices."), field="choices", code="choices")
    opens_on = _date(opens_on, group=group, field="opens_on")
    closes_on = _date(closes_on, group=group, field="closes_on")
    if closes_on < opens_on:
        raise SajjaError(_("The poll closes before it opens."), field="closes_on", code="dates")
    with transaction.atomic():
        poll = Poll.objects.create(
            group=group,
            question=question,
            opens_on=opens_on,
            closes_on=closes_on,
            secret=bool(secret),
            created_by=actor,
        )
        PollChoice.objects.bulk_create(
            [PollChoice(group=group, poll=poll, order=i, text=t) for i, t in enumerate(texts, 1)]
        )
    return poll


def _answered_on(on: dt.date | None) -> dt.date:
    """The day of an answer: today, or an earlier day for answers collected on paper at a meeting
    and keyed in later (the demo loader, imports; pages and the API always answer today)."""
    day = today()
    if on is None:
        return day
    if not isinstance(on, dt.date) or isinstance(on, dt.datetime) or on > day:
        raise SajjaError(_("The date is in the future."), field="on", code="future")
    return on


def poll_answer(*, poll: Poll, member: Member, choice: PollChoice, on: dt.date | None = None, actor) -> PollBallot:
    """A member's one answer, while the poll is open (on ``on``, default today). The ballot records
    that they answered (once: the database refuses a second); the answer is one more on the
    choice's count, and is written on the ballot only when the poll is not secret."""
    member = _member(poll.group_id, member)
    if not isinstance(choice, PollChoice) or choice.poll_id != poll.id:
        raise SajjaError(_("Choose one of the poll's answers."), field="choice", code="choice")
    day = _answered_on(on)
    if not poll.opens_on <= day <= poll.closes_on:
        raise SajjaError(
            fmt(
                _("The poll is open from %(opens)s to %(closes)s."),
                opens=format_date(poll.opens_on),
                closes=format_date(poll.closes_on),
            ),
            code="poll_closed",
        )
    try:
        with transaction.atomic():
            ballot = PollBallot.objects.create(
                group_id=poll.group_id, poll=poll, member=member, choice=None if poll.secret else choice
            )
            PollChoice.objects.filter(id=choice.id).update(votes=F("votes") + 1)
    except IntegrityError:
        raise SajjaError(_("You have already answered this poll."), code="answered_twice") from None
    return ballot


# --- the yearly evaluation of the committee ---------------------------------------------------


def parse_year(value, *, field: str = "year") -> int:
    """A year as typed, in the Buddhist Era (2569) or the Common Era (2026) → C.E."""
    if isinstance(value, bool) or isinstance(value, float):
        raise SajjaError(
            _("Type the year with four digits, in the Buddhist Era (2569) or the Common Era (2026)."),
            field=field,
            code="year",
        )
    text = normalize_digits(str(value if value is not None else "")).strip()
    if not (text.isdigit() and len(text) == 4):
        raise SajjaError(
            _("Type the year with four digits, in the Buddhist Era (2569) or the Common Era (2026)."),
            field=field,
            code="year",
        )
    try:
        return year_to_ce(int(text))
    except DateInputError:
        raise SajjaError(
            _("Type the year with four digits, in the Buddhist Era (2569) or the Common Era (2026)."),
            field=field,
            code="year",
        ) from None


def evaluation_open(*, group, year, opens_on: dt.date, closes_on: dt.date, actor) -> EvaluationRound:
    """Open the members' evaluation of the committee for a year (once a year), between two dates."""
    year = parse_year(year)
    if year < group.founded_on.year or year > today().year:
        raise SajjaError(
            fmt(_("There is no evaluation for the year %(year)s."), year=year + 543), field="year", code="year_range"
        )
    opens_on = _date(opens_on, group=group, field="opens_on")
    closes_on = _date(closes_on, group=group, field="closes_on")
    if closes_on < opens_on:
        raise SajjaError(_("The evaluation closes before it opens."), field="closes_on", code="dates")
    if opens_on.year < year:
        raise SajjaError(_("The evaluation of a year opens in that year or later."), field="opens_on", code="dates")
    try:
        with transaction.atomic():
            round_ = EvaluationRound.objects.create(
                group=group, year=year, opens_on=opens_on, closes_on=closes_on, created_by=actor
            )
            EvaluationTally.objects.bulk_create(
                [
                    EvaluationTally(group=group, round=round_, question=q, score=score)
                    for q in domain.QUESTION_CODES
                    for score in domain.SCORES
                ]
            )
            return round_
    except IntegrityError:
        raise SajjaError(
            fmt(_("The evaluation of %(year)s is already open."), year=year + 543), field="year", code="year_taken"
        ) from None


def _score(value, code: str) -> int:
    if isinstance(value, bool) or isinstance(value, float):
        raise SajjaError(_("Score each question from 1 to 5."), field=code, code="score")
    text = normalize_digits(str(value if value is not None else "")).strip()
    if text not in {"1", "2", "3", "4", "5"}:
        raise SajjaError(_("Score each question from 1 to 5."), field=code, code="score")
    return int(text)


def evaluation_answer(
    *, round: EvaluationRound, member: Member, scores: dict, comment: str = "", on: dt.date | None = None, actor
) -> None:
    """A member's answers to the year's evaluation, once, while it is open. Every question is
    scored 1–5; the comment is optional. The ballot records that they answered; the scores are
    added to the round's counts and the comment is kept on its own, so nothing ties them together."""
    member = _member(round.group_id, member)
    values = {code: _score((scores or {}).get(code), code) for code in domain.QUESTION_CODES}
    comment = _long_text(comment, "comment", required=False)
    day = _answered_on(on)
    if not round.opens_on <= day <= round.closes_on:
        raise SajjaError(
            fmt(
                _("The evaluation is open from %(opens)s to %(closes)s."),
                opens=format_date(round.opens_on),
                closes=format_date(round.closes_on),
            ),
            code="evaluation_closed",
        )
    try:
        with transaction.atomic():
            EvaluationBallot.objects.create(group_id=round.group_id, round=round, member=member)
            for code, score in values.items():
                EvaluationTally.objects.filter(round=round, question=code, score=score).update(count=F("count") + 1)
            if comment:
                EvaluationComment.objects.create(group_id=round.group_id, round=round, text=comment)
    except IntegrityError:
        raise SajjaError(_("You have already answered this year's evaluation."), code="answered_twice") from None


# --- learning and activities ------------------------------------------------------------------


def training_record(
    *, group, title: str, date: dt.date, place: str = "", learned: str = "", lesson: str = "",
    participants=(), kind: str = Training.Kind.TRAINING, actor,
) -> Training:  # fmt: skip
    """A training or study visit: who went, what was learnt and the lesson for the group."""
    if kind not in Training.Kind.values:
        raise SajjaError(_("Choose training or study visit."), field="kind", code="kind")
    title = parse_text(title, field="title", max_length=300)
    date = _date(date, group=group, field="date", ahead=0)
    people = _members(group.id, participants)
    with transaction.atomic():
        training = Training.objects.create(
            group=group, kind=kind, title=title, date=date,
            place=parse_text(place, field="place", required=False),
            learned=_long_text(learned, "learned", required=False),
            lesson=_long_text(lesson, "lesson", required=False, max_length=500),
            created_by=actor,
        )  # fmt: skip
        training.participants.set(people)
    return training


def activity_record(*, group, kind: str, title: str, date: dt.date, note: str = "", participants=(), actor) -> Activity:
    """An activity of the group (Songkran blessing of the elders, sports day, tree planting …)."""
    if kind not in Activity.Kind.values:
        raise SajjaError(_("Choose the kind of activity."), field="kind", code="kind")
    title = parse_text(title, field="title", max_length=300)
    date = _date(date, group=group, field="date", ahead=0)
    people = _members(group.id, participants)
    with transaction.atomic():
        activity = Activity.objects.create(
            group=group,
            kind=kind,
            title=title,
            date=date,
            note=_long_text(note, "note", required=False),
            created_by=actor,
        )
        activity.participants.set(people)
    return activity
