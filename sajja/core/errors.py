"""A refusal that a person reads: one message, available in Thai and in English.

Services raise ``SajjaError`` for anything a user can fix (bad input, a rule of the bylaws, a
permission). Pages show ``str(error)`` in the active language; the API returns both languages.
"""

from django.utils import translation
from django.utils.functional import lazy


def _percent(message, params) -> str:
    return str(message) % params


_lazy_percent = lazy(_percent, str)


def fmt(message, **params):
    """A translatable message with values filled in only when it is shown, so the same error can
    still be shown in Thai and in English (``gettext_lazy(...) % {...}`` would fix one language)."""
    return _lazy_percent(message, params)


def thai(message) -> str:
    """``message`` rendered in Thai: a memo's template, rendered once for a whole batch and then
    filled in a row at a time with ``%`` (what ``in_thai`` writes, without switching the language
    for every row of a meeting's sheet)."""
    with translation.override("th"):
        return str(message)


def in_thai(message, **params) -> str:
    """``message`` filled in and rendered in Thai now: memos are written into the books in Thai
    whatever language the person posting reads."""
    if translation.get_language() == "th":  # the usual case; a meeting's batch writes thousands of memos
        return _percent(message, params)
    with translation.override("th"):
        return str(fmt(message, **params))


class SajjaError(Exception):
    """A business-rule refusal. ``message`` is a lazy translatable string; ``field`` names the input."""

    def __init__(self, message, *, field: str | None = None, code: str = "invalid"):
        super().__init__(message)
        self.message = message
        self.field = field
        self.code = code

    def __str__(self) -> str:
        return str(self.message)

    def in_language(self, lang: str) -> str:
        with translation.override(lang):
            return str(self.message)

    def as_dict(self) -> dict:
        data = {
            "code": self.code,
            "field": self.field,
            "message": str(self.message),
            "message_th": self.in_language("th"),
            "message_en": self.in_language("en"),
        }
        if self.field:  # the same per-field shape as ValidationErrors, so clients read one shape
            data["errors"] = {self.field: [{"message_th": data["message_th"], "message_en": data["message_en"]}]}
        return data


class ValidationErrors(SajjaError):
    """Several refusals at once (a form or an import row): ``errors`` maps field -> list of messages."""

    def __init__(self, errors: dict[str, list]):
        first = next(iter(errors.values()))[0]
        super().__init__(first, field=next(iter(errors)))
        self.errors = errors

    def as_dict(self) -> dict:
        data = super().as_dict()
        data["errors"] = {
            field: [{"message_th": _in("th", m), "message_en": _in("en", m)} for m in messages]
            for field, messages in self.errors.items()
        }
        return data


def _in(lang, message) -> str:
    with translation.override(lang):
        return str(message)
