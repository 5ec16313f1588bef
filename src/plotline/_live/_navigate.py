"""Ids under the cursor: what they name, where they are defined, where they are used.

Everything here works on plain positions (lines and columns from 0, columns
in characters) and on a loaded :class:`~plotline.Story`, so an editor
protocol adapter only converts positions. A half-typed buffer never raises:
an id that names nothing gives no answer.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, Final

import attrs

from plotline._io._fields import RECORD_TABLES

if TYPE_CHECKING:
    from plotline._model import Story
    from plotline.exceptions import Location

__all__ = [
    "Place",
    "Symbol",
    "definitions",
    "describe",
    "id_at",
    "references",
    "symbols",
]

_ID_CHARS: Final = re.compile(r"[^\s\"'=,\[\]{}:#]+")
"""What an id is made of, as it stands in TOML, YAML or JSON text (no quotes, no separators)."""

_KIND: Final = {
    "sources": "source",
    "works": "work",
    "releases": "release",
    "entities": "entity",
    "threads": "thread",
    "arcs": "arc",
    "events": "event",
    "constraints": "constraint",
    "claims": "claim",
}


@attrs.frozen
class Place:
    """A span of a file: start line and column, end column (0-based, characters)."""

    file: str
    line: int
    start: int
    end: int


@attrs.frozen
class Symbol:
    """A record to list in an editor's outline."""

    name: str
    kind: str
    """``work``, ``entity``, ``thread``, ``event``…"""
    detail: str | None
    file: str
    line: int
    """The record's first line (0-based)."""


def id_at(line_text: str, column: int) -> tuple[str, int, int] | None:
    """The id-like word at ``column`` of a line, with its start and end columns.

    >>> id_at('told_in = "s1e02"', 13)
    ('s1e02', 11, 16)
    >>> id_at('told_in = "s1e02"', 9) is None
    True
    """
    for match in _ID_CHARS.finditer(line_text):
        if match.start() <= column <= match.end():
            return match.group(), match.start(), match.end()
    return None


def _kind_of(table: str) -> str:
    return _KIND.get(table, table.rstrip("s"))


def _records_with(story: Story, record_id: str) -> Iterator[tuple[str, Any]]:
    for table in RECORD_TABLES:
        for record in getattr(story, table):
            if getattr(record, "id", None) == record_id:
                yield table, record


def _place(location: Location | None, lines: dict[str, list[str]], word: str) -> Place | None:
    """The span of ``word`` on the line a location names (the location's column if absent)."""
    if location is None or location.file is None:
        return None
    line = location.line - 1
    text = lines.get(location.file, [])
    column = max(location.column - 1, 0)
    if 0 <= line < len(text):
        found = text[line].find(word, column)
        if found >= 0:
            return Place(location.file, line, found, found + len(word))
        end = len(text[line].rstrip("\r\n"))
        return Place(location.file, line, min(column, end), end)
    return Place(location.file, max(line, 0), column, column)


def definitions(story: Story, record_id: str, lines: dict[str, list[str]]) -> list[Place]:
    """Where each record with this id is written (an event and an entity may share one)."""
    places = []
    for _table, record in _records_with(story, record_id):
        origin = record.origin
        if origin is None:
            continue
        place = _place(origin.of("id"), lines, record_id)
        if place is not None:
            places.append(place)
    return places


def references(story: Story, record_id: str, lines: dict[str, list[str]]) -> list[Place]:
    """Every place a record names this id (``told_in``, ``participants``, ``threads``…)."""
    places = []
    for record, field, target, _index in story.references():
        if target != record_id or record.origin is None:
            continue
        place = _place(record.origin.of(field), lines, record_id)
        if place is not None:
            places.append(place)
    return places


def _line(label: str, value: object) -> str | None:
    if value in (None, "", (), {}):
        return None
    if isinstance(value, tuple | list):
        value = ", ".join(str(item) for item in value)
    elif isinstance(value, dict):
        value = ", ".join(f"{key} ({item})" for key, item in value.items())
    return f"- {label}: {value}"


def describe(story: Story, record_id: str) -> str | None:
    """A Markdown card for every record with this id: what it is, its fields, where it is told."""
    cards = []
    for table, record in _records_with(story, record_id):
        kind = _kind_of(table)
        label = getattr(record, "label", record_id)
        head = f"**{kind} `{record_id}`**" + (f": {label}" if label != record_id else "")
        lines = [head, ""]
        for name in (
            "kind",
            "told_in",
            "when",
            "mode",
            "parent",
            "number",
            "importance",
            "within",
            "status",
            "location",
            "threads",
            "participants",
            "url",
        ):
            value: Any = getattr(record, name, None)
            if isinstance(value, enum.Enum):
                value = value.value
            if name == "mode" and value == "present":
                continue
            shown = _line(name.replace("_", " "), value)
            if shown is not None:
                lines.append(shown)
        if kind == "entity":
            lines.extend(_appearances(story, record_id))
        summary = getattr(record, "summary", None)
        if summary:
            lines += ["", summary]
        if record.origin is not None:
            lines += ["", f"written at {record.origin.record}"]
        cards.append("\n".join(lines))
    return "\n\n---\n\n".join(cards) if cards else None


def _appearances(story: Story, entity: str) -> list[str]:
    """How often an entity is in the events, first and last time (in file order)."""
    told = [event for event in story.events if entity in event.participants]
    if not told:
        return ["- in no event yet"]
    first, last = told[0], told[-1]
    lines = [f"- in {len(told)} event{'s' if len(told) != 1 else ''}: first {first.label!r}"]
    if last is not first:
        lines[-1] += f", last {last.label!r}"
    for event in told:
        role = event.participants[entity]
        if role.ends_life:
            lines.append(f"- {role.value} in {event.label!r}")
    return lines


def symbols(story: Story, file: str) -> list[Symbol]:
    """The records written in ``file`` that have ids, in file order, for an outline."""
    found = []
    for table in RECORD_TABLES:
        for record in getattr(story, table):
            origin = record.origin
            record_id = getattr(record, "id", None)
            if origin is None or origin.record.file != file or record_id is None:
                continue
            label = getattr(record, "label", None)
            found.append(
                Symbol(
                    record_id,
                    _kind_of(table),
                    label if label != record_id else None,
                    file,
                    origin.record.line - 1,
                )
            )
    return sorted(found, key=lambda symbol: symbol.line)
