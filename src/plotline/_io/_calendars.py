"""Which calendars a story file's times may be written in, and where each was defined.

A file's ``[[calendars]]`` are read before its other tables and serve it and
the files read after it (:func:`register_calendars`); a story shown in a
calendar must define it (:func:`display_problem`). A folder is one story, read
in sorted path order, so ``03-cast.toml`` may write ``born = "41 BBY"`` with the
era that ``00-calendars.toml`` defines: a tool that reads one file alone
(``plotline fmt``) reads the folder's calendars first with
:func:`folder_calendars` and reads the file inside
:func:`~plotline._time.using_calendars`.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from plotline._calendar_records import Calendar
from plotline._io._formats import story_format
from plotline._io._limits import decode_utf8, read_limited
from plotline.exceptions import LoadError, Problem, did_you_mean

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator, Mapping
    from typing import Any

    from plotline._time import CalendarSystem
    from plotline.exceptions import Location

__all__ = ["display_problem", "folder_calendars", "register_calendars"]


def register_calendars(
    calendars: Iterable[Calendar],
    known: dict[str, CalendarSystem],
    where: dict[str, Location],
    problems: list[Problem],
) -> None:
    """Add ``calendars`` to ``known`` (by token and id); a word already taken is a problem."""
    for calendar in calendars:
        system = calendar.system()
        at = calendar.origin.record if calendar.origin is not None else None
        for token in dict.fromkeys((system.token, calendar.id)):
            other = where.get(token)
            if other is not None and at is not None:
                problems.append(
                    Problem(
                        f"a calendar written {token!r} is already defined at {other}",
                        at,
                        "give each calendar its own id and suffix",
                    )
                )
                continue
            known[token] = system
            if at is not None:
                where[token] = at


def display_problem(
    story: Mapping[str, Any], locations: Mapping[str, Location], calendars: Iterable[Calendar]
) -> Problem | None:
    """The problem with ``[story] calendar`` naming no calendar of the story, if it does."""
    shown = story.get("calendar")
    ids = [calendar.id for calendar in calendars]
    if shown is None or shown in ids:
        return None
    suggestion = did_you_mean(shown, ids)
    also = f" (did you mean {suggestion!r}?)" if suggestion else ""
    return Problem(
        f"the story is shown in the calendar {shown!r}, which no [[calendars]] defines{also}",
        locations["calendar"],
        "define it, or leave `calendar` out to show times as written",
    )


def folder_calendars(path: str | os.PathLike[str]) -> list[Calendar]:
    """The calendars the story files in ``path``'s folder define, in the order they are read.

    A file that cannot be read, or a calendar that is not well formed, is
    skipped: loading that file reports it.
    """
    from plotline._io import _parse, story_files

    folder = os.path.dirname(os.path.abspath(os.fspath(path)))
    found: list[Calendar] = []
    for file in story_files(folder):
        kind = story_format(file)
        data = read_limited(file)
        if kind is None or not isinstance(data, bytes):
            continue
        text = decode_utf8(data, file)
        if not isinstance(text, str) or "calendars" not in text:
            continue
        try:
            document = _parse(text, kind, file)
        except (LoadError, ValueError):  # reported when that file itself is read
            continue
        found.extend(_calendars(document.data))
    return found


def _calendars(data: object) -> Iterator[Calendar]:
    tables = data.get("calendars") if isinstance(data, dict) else None
    for table in tables if isinstance(tables, list) else ():
        if isinstance(table, dict):
            try:
                yield Calendar(**table)
            except (ValueError, TypeError):
                continue
