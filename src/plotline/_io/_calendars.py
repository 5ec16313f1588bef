"""The calendars a story file may use that other files of its folder define.

A folder is one story, read in sorted path order, so ``03-cast.toml`` may write
``born = "41 BBY"`` with the era that ``00-calendars.toml`` defines. A tool
that reads one file alone (``plotline fmt``) reads the folder's calendars first
with :func:`folder_calendars` and reads the file inside
:func:`~plotline._time.using_calendars`.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from plotline._calendar_records import Calendar
from plotline._io._formats import story_format
from plotline._io._limits import decode_utf8, read_limited
from plotline.exceptions import LoadError

if TYPE_CHECKING:
    from collections.abc import Iterator

__all__ = ["folder_calendars"]


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
