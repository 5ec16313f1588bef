"""Events as CSV rows, in the layout :mod:`plotline.importers` reads back.

A cell that a spreadsheet would run as a formula (``=HYPERLINK(...)``, one
starting with ``+``, ``-``, ``@``) is written with a leading ``'``, as
spreadsheets expect of text, and read back without it.
Values that are the importer's defaults are left empty (``mode`` present, a
participant's ``present`` role), so a file written here, read and written again
comes out the same. The layout keeps events only: works, entities and threads
come back as bare ids, without their titles and names.
"""

from __future__ import annotations

import csv
import io
from typing import TYPE_CHECKING

from plotline._model import Mode, Role
from plotline.exceptions import ExportError
from plotline.importers._csvfile import COLUMNS, LIST_SEPARATOR, ROLE_SEPARATOR, defuse

if TYPE_CHECKING:
    from plotline._model import Event, Story

__all__ = ["export_csv"]


def export_csv(story: Story) -> str:
    """Return the story's events as CSV text, one row each, in file order."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for event in story.events:
        writer.writerow(_row(event))
    return out.getvalue()


def _row(event: Event) -> list[str]:
    values = {
        "id": event.id,
        "title": event.title or "",
        "told_in": event.told_in or "",
        "order": "" if event.order is None else str(event.order),
        "when": "" if event.when is None else str(event.when),
        "duration": "" if event.duration is None else str(event.duration),
        "mode": "" if event.mode is Mode.PRESENT else event.mode.value,
        "threads": _list(event, "threads", event.threads),
        "opens": _list(event, "opens", event.opens),
        "resolves": _list(event, "resolves", event.resolves),
        "participants": _list(
            event,
            "participants",
            [_participant(entity, role) for entity, role in event.participants.items()],
        ),
        "location": event.location or "",
        "summary": event.summary or "",
        "sources": _list(event, "sources", event.sources),
    }
    # A title, summary or id that a spreadsheet would run as a formula is written as text.
    return [values[column] if column in _VALUES else defuse(values[column]) for column in COLUMNS]


_VALUES = frozenset({"order", "when", "duration", "mode"})
"""Columns whose cells plotline itself wrote from checked values (a time may start with -)."""


def _participant(entity: str, role: Role) -> str:
    if role is Role.PRESENT and ROLE_SEPARATOR not in entity:
        return entity
    return f"{entity}{ROLE_SEPARATOR}{role.value}"


def _list(event: Event, field: str, items: tuple[str, ...] | list[str]) -> str:
    for item in items:
        if LIST_SEPARATOR in item:
            msg = (
                f"event {event.id!r}: {field} item {item!r} contains {LIST_SEPARATOR!r}, "
                "which separates list items in CSV; rename the id to export it"
            )
            raise ExportError(msg)
    return LIST_SEPARATOR.join(items)
