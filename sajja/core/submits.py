"""A form submitted twice (a double tap, a resend after a dropped connection) takes effect once.

Every write form carries a hidden ``key`` (a uuid4 made when the form is shown). After a success the
session remembers where that key led; the same key again goes there with "already recorded"
instead of writing again. Money services also refuse a reused key in the database (the ledger's
``PostingKey``), which covers two tabs and two devices; this guard covers the writes that post no
entry (a pledge change, a plan, a household entry) within one session."""

from django.utils.translation import gettext as _

DONE_KEYS = "sajja_done_keys"
DONE_KEEP = 50  # the last keys a session remembers


def already_message() -> str:
    return _("This was already recorded; it has not been recorded twice.")


def done_url(request, key: str) -> str | None:
    """Where the form with ``key`` went after it succeeded in this session, or None."""
    return request.session.get(DONE_KEYS, {}).get(key) if key else None


def remember(request, key: str, url: str) -> None:
    if not key:
        return
    done = dict(request.session.get(DONE_KEYS, {}))
    done[key] = url
    request.session[DONE_KEYS] = dict(list(done.items())[-DONE_KEEP:])
