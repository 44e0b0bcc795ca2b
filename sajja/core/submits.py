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


def post_once(request, write, back: str):
    """A posted action without a form (a button): run ``write()`` (a service call returning the
    success message, or (message, where to go)) once per form key; a refusal goes back to ``back``
    with its message, nothing written; a key already used goes where it went the first time."""
    from django.contrib import messages
    from django.shortcuts import redirect

    from sajja.core.errors import SajjaError

    key = request.POST.get("key", "").strip()
    if earlier := done_url(request, key):
        messages.info(request, already_message())
        return redirect(earlier)
    try:
        result = write()
    except SajjaError as error:
        messages.error(request, str(error))
        return redirect(back)
    message, where = result if isinstance(result, tuple) else (result, back)
    remember(request, key, where)
    messages.success(request, message)
    return redirect(where)


def form_post_once(request, form, *, write, page, back: str):
    """POST of a form shown on a page: ``write(cleaned_data)`` returns (message, where to go); a
    refusal shows ``page(form)`` again with the service's message by its field; a key already used
    goes where it went the first time (or, when the ledger knew the key from another session, back
    to ``back``)."""
    from django.contrib import messages
    from django.shortcuts import redirect

    from sajja.core.errors import SajjaError
    from sajja.ledger.services import AlreadyPosted  # the ledger's own guard, across sessions
    from sajja.members.forms import add_errors

    key = request.POST.get("key", "").strip()
    if earlier := done_url(request, key):
        messages.info(request, already_message())
        return redirect(earlier)
    if form.is_valid():
        try:
            message, where = write(form.cleaned_data)
        except AlreadyPosted:
            messages.info(request, already_message())
            return redirect(back)
        except SajjaError as error:
            add_errors(form, error)
        else:
            remember(request, key, where)
            messages.success(request, message)
            return redirect(where)
    return page(form)
