"""Events as an Aeon Timeline CSV file, in the layout :mod:`plotline.importers._aeon` reads.

The Aeon columns (``Title``, ``Start Date``, ``End Date``, ``Duration``,
``Arc``, ``Participant``, ``Location``, ``Tags``, ``Summary``, ``Internal
Identifier``) carry what Aeon Timeline shows: names, not ids, and several
values in a cell separated by ``|`` (choose *Pipe* as the internal delimiter
when importing into Aeon). plotline's own columns follow, so that importing
the file back gives the same events. Aeon Timeline has no place for an event
without a date: such events are written with an empty Start Date, which Aeon
reports and skips, and plotline reads back.
"""

from __future__ import annotations

import csv
import io
import json
from typing import TYPE_CHECKING

from plotline._io._dump import fields_beyond
from plotline._model import Mode, Role
from plotline._time import Instant, gregorian
from plotline.exceptions import ExportError
from plotline.importers._aeon import AEON_COLUMNS, LIST_SEPARATOR, PLOTLINE_COLUMNS
from plotline.importers._csvfile import defuse
from plotline.importers._markwhen_syntax import EVENT_FIELDS, amount_text

if TYPE_CHECKING:
    from plotline._model import Event, Story

__all__ = ["export_aeon"]


def export_aeon(story: Story) -> str:
    """Return the story's events as Aeon Timeline CSV text, one row each, in file order."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")  # so a field with \r in it is quoted
    writer.writerow((*AEON_COLUMNS, *PLOTLINE_COLUMNS))
    for event in story.events:
        writer.writerow([defuse(cell) for cell in _row(story, event)])
    return out.getvalue()


def _row(story: Story, event: Event) -> list[str]:
    start, end = _dates(event)
    threads = [story.thread_index[t].label if t in story.thread_index else t for t in event.threads]
    people = [
        story.entity_index[e].label if e in story.entity_index else e for e in event.participants
    ]
    place = event.location
    entity = story.entity_index.get(place) if place is not None else None
    place_name = entity.label if entity is not None else place
    more = fields_beyond(event, EVENT_FIELDS)  # ages, learns, holds: the Fields column
    return [
        event.title or "",
        start,
        end,
        (amount_text(event.duration) or "0 days") if event.duration is not None else "",
        _list(event, "Arc", threads),
        _list(event, "Participant", people),
        place_name or "",
        event.mode.value if event.mode is not Mode.PRESENT else "",
        event.summary or "",
        event.id,
        event.told_in or "",
        "" if event.order is None else str(event.order),
        event.mode.value if event.mode is not Mode.PRESENT else "",
        _list(event, "Threads", list(event.threads)),
        _list(event, "Opens", list(event.opens)),
        _list(event, "Resolves", list(event.resolves)),
        _list(
            event,
            "Roles",
            [e if r is Role.PRESENT else f"{e}:{r.value}" for e, r in event.participants.items()],
        ),
        place or "",
        _list(event, "Sources", list(event.sources)),
        _list(event, "Allow", list(event.allow)),
        json.dumps(dict(event.meta), ensure_ascii=False, default=str) if event.meta else "",
        json.dumps(more, ensure_ascii=False)
        if (more := fields_beyond(event, EVENT_FIELDS))
        else "",
    ]


def _dates(event: Event) -> tuple[str, str]:
    """Start and End Date, a value in a story calendar (``32 BBY``) as its Gregorian days."""
    if event.when is None:
        return "", ""
    when = gregorian(event.when)
    if isinstance(when, Instant):
        return _aeon(when), ""
    if when.start is None or when.end is None:
        msg = (
            f"event {event.id!r}: Aeon Timeline has no open-ended dates ({when}); "
            "give the interval both ends to export it"
        )
        raise ExportError(msg)
    return _aeon(when.start), _aeon(when.end)


def _aeon(instant: Instant) -> str:
    """An instant as Aeon reads it: EDTF dates, and times as ``YYYY-MM-DD hh:mm``."""
    text = str(instant)
    if instant.hour is not None and instant.offset is None:
        return text.replace("T", " ")
    return text


def _list(event: Event, column: str, items: list[str]) -> str:
    for item in items:
        if LIST_SEPARATOR in item:
            msg = (
                f"event {event.id!r}: {column} {item!r} contains {LIST_SEPARATOR!r}, "
                "which separates values in an Aeon cell; rename it to export"
            )
            raise ExportError(msg)
    return LIST_SEPARATOR.join(items)
