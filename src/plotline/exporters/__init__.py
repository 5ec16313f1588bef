"""Write a story for other tools: JSON, TimelineJS, iCalendar, CSV, Mermaid, Markwhen, Aeon.

>>> from plotline.exporters import FORMATS
>>> sorted(FORMATS)
['aeon', 'csv', 'ics', 'json', 'markwhen', 'mermaid', 'timelinejs']

Each format is a function of the story that returns text; see ``docs/interop.md``
for what each one contains. A story that has nothing a format can show (no
dated releases for ``ics``, nothing dated at all for ``timelinejs``) gives an
empty calendar or raises :class:`ExportError`.
"""

from __future__ import annotations

from types import MappingProxyType
from typing import TYPE_CHECKING

from plotline._io import dumps
from plotline.exceptions import ExportError, did_you_mean
from plotline.exporters._aeon import export_aeon
from plotline.exporters._csvfile import export_csv
from plotline.exporters._ics import export_ics
from plotline.exporters._markwhen import GROUP_BY, export_markwhen
from plotline.exporters._mermaid import export_mermaid
from plotline.exporters._timelinejs import export_timelinejs

if TYPE_CHECKING:
    import datetime as _dt
    from collections.abc import Mapping

    from plotline._model import Story

__all__ = ["FORMATS", "GROUP_BY", "ExportError", "export"]

FORMATS: Mapping[str, str] = MappingProxyType(
    {
        "aeon": "events as an Aeon Timeline CSV file, with Aeon's column names",
        "csv": "events as spreadsheet rows, in the layout the csv importer reads",
        "ics": "release dates as all-day events of an iCalendar file (RFC 5545)",
        "json": "the story file structure, as JSON",
        "mermaid": "a Mermaid timeline diagram of the releases and the story",
        "timelinejs": "Knight Lab TimelineJS3 JSON of the releases and dated events",
        "markwhen": "a Markwhen timeline (.mw): dated events grouped by thread or entity",
    }
)
"""The export formats, each with a one-line description."""


def export(
    story: Story, format: str, *, now: _dt.datetime | None = None, group_by: str = "thread"
) -> str:
    """Return the text of ``story`` in ``format`` (one of :data:`FORMATS`).

    ``now`` is the ``DTSTAMP`` of an ``ics`` export (default: the current time,
    or ``SOURCE_DATE_EPOCH`` when set); ``group_by`` (one of :data:`GROUP_BY`)
    groups the events of a ``markwhen`` export. Raise :class:`ExportError` for an
    unknown format or a story the format cannot express.
    """
    if format == "json":
        return dumps(story, format="json")
    if format == "timelinejs":
        return export_timelinejs(story)
    if format == "ics":
        return export_ics(story, now=now)
    if format == "csv":
        return export_csv(story)
    if format == "mermaid":
        return export_mermaid(story)
    if format == "aeon":
        return export_aeon(story)
    if format == "markwhen":
        return export_markwhen(story, group_by=group_by)
    guess = did_you_mean(format, FORMATS)
    hint = f"did you mean {guess!r}?" if guess else f"choose one of {', '.join(sorted(FORMATS))}"
    msg = f"unknown export format {format!r} ({hint})"
    raise ExportError(msg)
