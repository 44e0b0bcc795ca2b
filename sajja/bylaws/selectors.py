"""Reads of the bylaws: the value of every setting on any date, from one query."""

import bisect
import datetime as dt
from dataclasses import dataclass

from . import registry
from .models import Bylaw


@dataclass(frozen=True)
class Decided:
    """A setting's value as decided: ``effective_from``/``resolution`` are None for the template default."""

    setting: registry.Setting
    value: object
    effective_from: dt.date | None = None
    resolution: str | None = None

    @property
    def shown(self) -> str:
        return registry.display(self.setting, self.value)


class BylawBook:
    """All of a group's decided values, answering "what was in force on this day" without more queries."""

    def __init__(self, rows):
        self._history: dict[str, list[Bylaw]] = {}
        for row in sorted(rows, key=lambda r: (r.key, r.effective_from)):
            self._history.setdefault(row.key, []).append(row)

    def decided(self, key: str, day: dt.date) -> Decided:
        setting = registry.get(key)
        rows = self._history.get(key, [])
        index = bisect.bisect_right([r.effective_from for r in rows], day)
        if index == 0:
            return Decided(setting, setting.default)
        row = rows[index - 1]
        return Decided(setting, row.value, row.effective_from, row.resolution)

    def value(self, key: str, day: dt.date):
        return self.decided(key, day).value

    def at(self, day: dt.date) -> dict:
        """Every setting's value in force on ``day``, by key."""
        return {setting.key: self.value(setting.key, day) for setting in registry.SETTINGS}

    def history(self, key: str) -> list[Bylaw]:
        """The decided values of ``key``, newest first."""
        return list(reversed(self._history.get(key, [])))


def bylaw_book(group_id: int) -> BylawBook:
    return BylawBook(Bylaw.objects.filter(group_id=group_id).select_related("created_by"))


def bylaws_at(group_id: int, day: dt.date) -> dict:
    """Every setting's value in force on ``day`` (one query)."""
    return bylaw_book(group_id).at(day)


def bylaw_sections(group_id: int, day: dt.date) -> list[tuple[object, list[dict]]]:
    """The settings page: by section, each setting's value in force on ``day`` and its history."""
    book = bylaw_book(group_id)
    sections: dict[str, tuple[object, list[dict]]] = {}
    for setting in registry.SETTINGS:
        rows = sections.setdefault(str(setting.section), (setting.section, []))[1]
        rows.append({"decided": book.decided(setting.key, day), "history": book.history(setting.key)})
    return list(sections.values())
