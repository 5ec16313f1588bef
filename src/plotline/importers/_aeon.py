"""Aeon Timeline CSV: one row per event, columns labelled with Aeon's field names.

Aeon Timeline imports and exports comma- or tab-separated files with a header
row; on import each column is matched to a field of the timeline's template
by its label: ``Title`` and ``Start Date`` are required, the rest optional
(``End Date``, ``Duration``, ``Tags``, ``Color``, the template's properties
such as ``Summary``, and one column per relationship: ``Arc``,
``Participant``, ``Location``…). A cell with several values separates them
with a comma or a pipe (``|``). plotline reads such a file (header labels in
any case, singular or plural, ``Label`` for ``Title``, ``Notes`` for
``Summary``, ``Character`` for ``Participant``) and writes one, with pipes.

==================  =========================================================
column              plotline
==================  =========================================================
Title               the event's ``title``
Start Date          ``when`` (with End Date, an interval); ``2016``,
                    ``2016-04``, ``2016-04-02``, ``2016-04-02 17:00``
End Date            the end of ``when``
Duration            ``duration``: ``3 days``, ``2 weeks 1 day`` or ISO ``P3D``
Arc                 threads, by name (an id is made from each name)
Participant         entities present, by name
Location            the event's place (the first; others are kept in meta)
Tags                ``flashback``, ``dream``, ``vision``, ``recap``,
                    ``time-travel``, ``false-account`` set the mode; the
                    others are kept in meta
Summary             ``summary``
Internal            the event's id (else one made from the title)
Identifier
==================  =========================================================

plotline's export adds columns that Aeon keeps as custom properties when they
are mapped, and ignores otherwise, and that bring an event back exactly:
``Told In``, ``Order``, ``Mode``, ``Threads``, ``Opens`` and ``Resolves``
(thread ids), ``Roles`` (``id:role`` for every participant), ``Place`` (the
location's id), ``Sources``, ``Allow`` and ``Meta`` (the event's ``meta`` as
JSON). Any other column is kept in the event's ``meta`` under ``aeon``. A
cell that a spreadsheet would run as a formula is written with a leading
``'`` and read back without it, as in plotline's own CSV layout.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Any

import attrs

from plotline._io import read_story_file
from plotline._io._fields import specs
from plotline._model import Entity, EntityKind, Event, Mode, Origin, Story, Thread, Work
from plotline._time import Duration, Interval, TimeParseError, TimeValue, parse_time
from plotline.exceptions import TimeValueError
from plotline.importers._common import IdMaker, ImportResult, Problems
from plotline.importers._csvfile import undefuse
from plotline.importers._markwhen_syntax import EVENT_FIELDS, MODE_TAGS, amount_duration

__all__ = [
    "AEON_COLUMNS",
    "LIST_SEPARATOR",
    "PLOTLINE_COLUMNS",
    "aeon_time",
    "read_aeon",
    "sniff_aeon",
]

AEON_COLUMNS = (
    "Title",
    "Start Date",
    "End Date",
    "Duration",
    "Arc",
    "Participant",
    "Location",
    "Tags",
    "Summary",
    "Internal Identifier",
)
"""The columns Aeon Timeline maps to its own fields, as plotline writes them."""

PLOTLINE_COLUMNS = (
    "Told In",
    "Order",
    "Mode",
    "Threads",
    "Opens",
    "Resolves",
    "Roles",
    "Place",
    "Sources",
    "Allow",
    "Meta",
    "Fields",
)
"""The columns that carry plotline's own fields, kept by Aeon as custom properties.

``Fields`` holds, as JSON, the event's fields that no other column names
(``ages``, ``learns``, ``holds``…), written as a story file writes them."""

_SYNONYMS = {
    "label": "title",
    "name": "title",
    "start": "start date",
    "end": "end date",
    "arcs": "arc",
    "story arc": "arc",
    "story arcs": "arc",
    "participants": "participant",
    "character": "participant",
    "characters": "participant",
    "people": "participant",
    "person": "participant",
    "locations": "location",
    "place": "place",
    "places": "location",
    "tag": "tags",
    "notes": "summary",
    "note": "summary",
    "description": "summary",
    "id": "internal identifier",
    "identifier": "internal identifier",
}
_MORE_FIELDS = frozenset(spec.key for spec in specs(Event)) - EVENT_FIELDS
"""The event fields the ``Fields`` column may set."""

_KNOWN = {c.lower() for c in AEON_COLUMNS} | {c.lower() for c in PLOTLINE_COLUMNS}
_TIME = re.compile(
    r"^(?P<date>-?\d{4}(?:-\d{2}(?:-\d{2})?)?)(?:[ T](?P<time>\d{2}:\d{2}(?::\d{2})?))?$"
)
_ISO_DURATION = re.compile(r"^P(?:\d|T)")

LIST_SEPARATOR = "|"
"""What separates several values in one cell of a file plotline writes."""


def sniff_aeon(head: bytes) -> bool:
    r"""Whether a file's first bytes are a table with Aeon's ``Title`` and ``Start Date``.

    >>> sniff_aeon(b"Title,Start Date,End Date\nThe lamp goes dark,1923-11-02,\n")
    True
    >>> sniff_aeon(b"id,title,when\n")
    False
    """
    first = head.decode("utf-8", errors="ignore").lstrip("\ufeff").split("\n", 1)[0]
    cells = {_column(c) for c in re.split(r"[,\t]", first)}
    return {"title", "start date"} <= cells


def _column(label: str) -> str:
    key = " ".join(label.strip().strip('"').lower().split())
    return _SYNONYMS.get(key, key)


def read_aeon(path: str | Path) -> ImportResult:
    """Import an Aeon Timeline CSV or TSV file; see the module docstring for the columns."""
    path = Path(path)
    problems = Problems(path)
    _, text = read_story_file(path)
    text = text.removeprefix("\ufeff")
    first = text.split("\n", 1)[0]
    delimiter = "\t" if first.count("\t") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[tuple[int, list[str]]] = []
    start = 1
    try:
        for row in reader:
            rows.append((start, row))
            start = reader.line_num + 1
    except csv.Error as error:
        problems.add(
            f"unreadable {'TSV' if delimiter == chr(9) else 'CSV'} ({error}); the rest is skipped",
            start,
        )
    if not rows:
        raise problems.fail("the file is empty: nothing to import")
    labels = [label.strip() for label in rows[0][1]]
    header = [_column(label) for label in labels]
    if "title" not in header or "start date" not in header:
        raise problems.fail(
            "the first row must name the columns, with 'Title' and 'Start Date'",
            hint="export from Aeon Timeline with a header row",
        )
    cells_of = [cell for _, row in rows[1:] for cell in row]
    separator = LIST_SEPARATOR if any(LIST_SEPARATOR in cell for cell in cells_of) else ","
    builder = _Builder(problems, separator, dict(zip(header, labels, strict=True)))
    for line, row in rows[1:]:
        if any(cell.strip() for cell in row):
            builder.row(dict(zip(header, row, strict=False)), line)
    if not builder.events:
        raise problems.fail("no row has a Title and a Start Date: nothing to import", start)
    return problems.result(builder.story())


@attrs.define
class _Builder:
    problems: Problems
    separator: str
    labels: dict[str, str]  # column key -> label as written
    ids: IdMaker = attrs.field(factory=IdMaker)  # threads and entities made from names
    event_ids: IdMaker = attrs.field(factory=IdMaker)
    events: list[Event] = attrs.field(factory=list)
    threads: dict[str, Thread] = attrs.field(factory=dict)
    entities: dict[str, Entity] = attrs.field(factory=dict)
    works: dict[str, Work] = attrs.field(factory=dict)

    def row(self, cells: dict[str, str], line: int) -> None:
        cells = {k: undefuse(v.strip()) for k, v in cells.items()}
        title = cells.get("title", "")
        start = cells.get("start date", "")
        given = cells.get("internal identifier") or None
        if not title and not start and given is None:
            self.problems.add(
                "a row without Title, Start Date or Internal Identifier; skipped", line
            )
            return
        event_id = self.event_ids(("event", given or line), given or title or "event")
        if given is not None and event_id != given:
            self.problems.add(
                f"Internal Identifier {given!r} is used twice or is not an id; "
                f"this event is {event_id!r}",
                line,
            )
        try:
            when = _when(start, cells.get("end date", ""))
            duration = _duration(cells.get("duration", ""))
        except (TimeParseError, TimeValueError) as error:
            self.problems.add(f"{event_id}: {error}; row skipped", line)
            return
        tags = self._list(cells.get("tags", ""))
        mode = next((Mode(t) for t in tags if t in MODE_TAGS), Mode.PRESENT)
        meta: dict[str, Any] = {}
        others = [t for t in tags if t not in MODE_TAGS]
        if others:
            meta["tags"] = others
        if cells.get("threads"):
            threads = self._list(cells["threads"])
        else:
            threads = self._named_threads(cells.get("arc", ""))
        participants: dict[str, str] = {}
        if cells.get("roles"):
            for item in self._list(cells["roles"]):
                entity, _, role = item.partition(":")
                participants[entity.strip()] = role.strip() or "present"
        else:
            for name in self._list(cells.get("participant", "")):
                participants[self._named(name, EntityKind.CHARACTER)] = "present"
        places = self._list(cells.get("location", ""))
        location = cells.get("place") or None
        if location is None and places:
            location = self._named(places[0], EntityKind.PLACE)
        if len(places) > 1:
            meta["locations"] = places
        for key, value in cells.items():
            if key not in _KNOWN and value:
                meta[self.labels.get(key, key)] = value
        full_meta: dict[str, Any] = {"aeon": meta} if meta else {}
        if cells.get("meta"):
            try:
                loaded = json.loads(cells["meta"])
            except json.JSONDecodeError as error:
                self.problems.add(f"{event_id}: Meta is not JSON ({error}); kept as text", line)
                loaded = {"aeon": {**meta, "Meta": cells["meta"]}}
            full_meta = loaded if isinstance(loaded, dict) else {"aeon": {**meta, "Meta": loaded}}
        more: dict[str, Any] = {}
        if cells.get("fields"):
            try:
                loaded_fields = json.loads(cells["fields"])
            except json.JSONDecodeError as error:
                self.problems.add(f"{event_id}: Fields is not JSON ({error}); left out", line)
                loaded_fields = {}
            more = {k: v for k, v in loaded_fields.items() if k in _MORE_FIELDS}
        try:
            event = Event(
                **more,
                id=event_id,
                title=title or None,
                summary=cells.get("summary") or None,
                told_in=cells.get("told in") or None,
                order=int(cells["order"]) if cells.get("order") else None,
                when=when,
                duration=duration,
                mode=cells.get("mode") or mode,
                threads=tuple(threads),
                participants=participants,
                location=location,
                sources=tuple(self._list(cells.get("sources", ""))),
                opens=tuple(self._list(cells.get("opens", ""))),
                resolves=tuple(self._list(cells.get("resolves", ""))),
                allow=tuple(self._list(cells.get("allow", ""))),
                meta=full_meta,
                origin=Origin(self.problems.at(line)),
            )
        except (ValueError, TypeError) as error:
            self.problems.add(f"{event_id}: {error}; row skipped", line)
            return
        self.events.append(event)
        if event.told_in is not None:
            self.works.setdefault(event.told_in, Work(id=event.told_in))
        for thread in event.all_threads:
            self.threads.setdefault(thread, Thread(id=thread))
        for entity in event.participants:
            self.entities.setdefault(entity, Entity(id=entity))
        if event.location is not None:
            self.entities.setdefault(event.location, Entity(id=event.location, kind="place"))

    def _list(self, cell: str) -> list[str]:
        return [part.strip() for part in cell.split(self.separator) if part.strip()]

    def _named_threads(self, cell: str) -> list[str]:
        ids = []
        for name in self._list(cell):
            thread_id = self.ids(("thread", name), name)
            self.threads.setdefault(thread_id, Thread(id=thread_id, title=name))
            ids.append(thread_id)
        return ids

    def _named(self, name: str, kind: EntityKind) -> str:
        entity_id = self.ids(("entity", name), name)
        self.entities.setdefault(entity_id, Entity(id=entity_id, name=name, kind=kind))
        return entity_id

    def story(self) -> Story:
        return Story(
            works=tuple(self.works.values()),
            entities=tuple(self.entities.values()),
            threads=tuple(self.threads.values()),
            events=tuple(self.events),
        )


def aeon_time(text: str) -> TimeValue:
    """Read an Aeon date cell: ``2016``, ``2016-04``, ``2016-04-02``, ``2016-04-02 17:00``.

    >>> aeon_time("2016-04-02 17:00"), aeon_time("2016-04")
    (Instant('2016-04-02T17:00'), Instant('2016-04'))
    """
    match = _TIME.match(text.strip())
    if match is not None and match["time"]:
        return parse_time(f"{match['date']}T{match['time']}")
    return parse_time(text.strip())


def _when(start: str, end: str) -> TimeValue | None:
    if not start and not end:
        return None
    if not end:
        return aeon_time(start)
    first, last = aeon_time(start), aeon_time(end)
    if isinstance(first, Interval) or isinstance(last, Interval):
        msg = f"Start Date {start!r} and End Date {end!r} must each be one date"
        raise TimeParseError(msg, f"{start}/{end}", "write the start and the end in two cells")
    return Interval(first, last)


def _duration(text: str) -> Duration | None:
    if not text:
        return None
    if _ISO_DURATION.match(text):
        return Duration.parse(text)
    duration = amount_duration(text)
    if duration == Duration() and not re.match(r"^0\s", text):
        msg = f"Duration {text!r} is not an amount like '3 days' or 'P3D'"
        raise TimeParseError(msg, text, "write it as '3 days' or 'P3D'")
    return duration
