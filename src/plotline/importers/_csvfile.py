"""A spreadsheet of events, one row each: the CSV layout plotline reads and writes.

The first row names the columns, in any order; only ``id`` is required::

    id,title,told_in,order,when,duration,mode,threads,opens,resolves,participants,location,summary,sources
    fire,The fire,e1,1,2021-03,,present,mystery,mystery,,ada;ben:dies,lighthouse,Ada sees smoke.,log

* ``threads``, ``opens``, ``resolves`` and ``sources`` are lists of ids separated by ``;``;
* ``participants`` is a ``;``-list of ``entity`` or ``entity:role`` (the role
  after the last ``:``; ``present`` when left out);
* ``when`` is a time value (``2021``, ``2020-07-02``, ``2020-07-02/2020-12-10``),
  ``duration`` an ISO 8601 duration (``PT24M``), ``order`` a whole number, ``mode``
  one of present, flashback, dream, vision, recap (present when empty).

Works, threads, entities and sources are made from the ids the rows name, in
the order first named: a ``location`` becomes a place, a participant a
character. A row with a bad cell is reported at its line, with every problem
in it, and left out; the other rows are kept.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, TypeVar

import attrs

from plotline._model import (
    Entity,
    EntityKind,
    Event,
    Mode,
    Origin,
    Role,
    Source,
    Story,
    Thread,
    Work,
)
from plotline._time import Duration, TimeParseError, parse_time
from plotline.exceptions import did_you_mean
from plotline.importers._common import ImportResult, Problems

__all__ = ["COLUMNS", "LIST_SEPARATOR", "ROLE_SEPARATOR", "read_csv"]

COLUMNS = (
    "id",
    "title",
    "told_in",
    "order",
    "when",
    "duration",
    "mode",
    "threads",
    "opens",
    "resolves",
    "participants",
    "location",
    "summary",
    "sources",
)
"""The columns of the layout, in the order the exporter writes them."""

LIST_SEPARATOR = ";"
"""Separates the items of a list cell."""

ROLE_SEPARATOR = ":"
"""Separates an entity from its role in a ``participants`` item."""

if TYPE_CHECKING:
    from collections.abc import Callable

_T = TypeVar("_T")
_SPACE = re.compile(r"\s")
_ROLES = tuple(role.value for role in Role)
_MODES = tuple(mode.value for mode in Mode)


def read_csv(path: str | Path) -> ImportResult:
    """Import a CSV file in plotline's event layout; see the module docstring."""
    path = Path(path)
    problems = Problems(path)
    builder = _Builder(path.stem)
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle, strict=True)
        sheet = _Sheet.from_header(reader, problems)
        line = sheet.line
        while True:
            try:
                row = next(reader)
            except StopIteration:
                break
            except csv.Error as error:
                problems.add(f"unreadable CSV ({error}); row skipped", line + 1)
                line = reader.line_num
                continue
            start, line = line + 1, reader.line_num
            if any(cell.strip() for cell in row):
                event = _Row(sheet, row, start).event()
                if event is not None:
                    builder.add(event)
    if not builder.events:
        raise problems.fail("no usable row: nothing to import", line + 1)
    return problems.result(builder.story())


@attrs.frozen
class _Sheet:
    """The header of a sheet: where each column is, how wide rows are, and ids seen so far."""

    columns: dict[str, int]
    width: int
    line: int
    problems: Problems
    seen: dict[str, int] = attrs.field(factory=dict)

    @classmethod
    def from_header(cls, reader: Any, problems: Problems) -> _Sheet:
        """Read the header row; raise LoadError when there is no ``id`` column."""
        try:
            names: list[str] = next(reader)
        except StopIteration:
            raise problems.fail(
                "the file is empty; the first row should name the columns"
            ) from None
        except csv.Error as error:
            raise problems.fail(f"unreadable CSV: {error}") from None
        line: int = reader.line_num
        columns: dict[str, int] = {}
        for position, raw in enumerate(names):
            name = raw.strip().lower()
            if not name:
                continue
            if name not in COLUMNS:
                guess = did_you_mean(name, COLUMNS)
                hint = f"did you mean {guess!r}?" if guess else "the column is ignored"
                problems.add(f"unknown column {raw.strip()!r}", line, hint=hint)
            elif name in columns:
                problems.add(f"column {name!r} appears twice; the first is used", line)
            else:
                columns[name] = position
        if "id" not in columns:
            raise problems.fail(
                "the first row must name the columns, with an 'id' column",
                line,
                hint=f"columns: {','.join(COLUMNS)}",
            )
        return cls(columns, len(names), line, problems)


FORMULA_START: Final = ("=", "+", "-", "@", "\t", "\r")
"""How a cell a spreadsheet would run as a formula begins."""


def defuse(text: str) -> str:
    """A cell that a spreadsheet shows as text: a would-be formula gets a leading ``'``.

    >>> print(defuse("=HYPERLINK(1)"), defuse("Sarah"))
    '=HYPERLINK(1) Sarah
    """
    return f"'{text}" if text.startswith(FORMULA_START) else text


def undefuse(text: str) -> str:
    """The cell :func:`defuse` wrote, as it was."""
    return text[1:] if text.startswith("'") and text[1:].startswith(FORMULA_START) else text


class _Row:
    """One data row: its cells by column name, and what is wrong with them."""

    def __init__(self, sheet: _Sheet, cells: list[str], line: int) -> None:
        self.sheet = sheet
        self.cells = cells
        self.line = line
        self.errors: list[tuple[str, str | None]] = []
        count = len(cells)
        self.values = {
            name: undefuse(cells[position].strip())
            for name, position in sheet.columns.items()
            if position < count
        }

    def cell(self, name: str) -> str:
        """Return the stripped text of column ``name`` ("" when absent)."""
        return self.values.get(name, "")

    def error(self, message: str, hint: str | None = None) -> None:
        """Note a problem with this row."""
        self.errors.append((message, hint))

    def one_id(self, name: str) -> str | None:
        """Return the id in column ``name``, or None when empty."""
        value = self.cell(name)
        if _SPACE.search(value):
            self.error(f"{name} {value!r} is not an id (ids have no spaces)")
        return value or None

    def ids(self, name: str) -> tuple[str, ...]:
        """Return the ``;``-separated ids in column ``name``."""
        text = self.cell(name)
        if not text:
            return ()
        items = tuple(item for item in map(str.strip, text.split(LIST_SEPARATOR)) if item)
        for item in items:
            if _SPACE.search(item):
                self.error(f"{name}: {item!r} is not an id (ids have no spaces)")
        return items

    def event(self) -> Event | None:
        """Return the row's event, or None after reporting every problem in it."""
        sheet = self.sheet
        width = sheet.width
        if len(self.cells) > width and any(c.strip() for c in self.cells[width:]):
            extra = len(self.cells) - width
            self.error(f"{extra} cell(s) more than the header names", "quote cells with commas")
        event_id = self.one_id("id")
        if event_id is None:
            self.error("the id is empty")
        elif event_id in sheet.seen:
            self.error(f"id {event_id!r} is already used at line {sheet.seen[event_id]}")
        fields: dict[str, Any] = {
            "title": self.cell("title") or None,
            "summary": self.cell("summary") or None,
            "told_in": self.one_id("told_in"),
            "location": self.one_id("location"),
            "order": self.order(),
            "when": self.time("when", parse_time),
            "duration": self.time("duration", Duration.parse),
            "mode": self.mode(),
            "participants": self.participants(),
            "threads": self.ids("threads"),
            "opens": self.ids("opens"),
            "resolves": self.ids("resolves"),
            "sources": self.ids("sources"),
        }
        if self.errors or event_id is None:
            for message, hint in self.errors:
                sheet.problems.add(f"{message}; row skipped", self.line, hint=hint)
            return None
        sheet.seen[event_id] = self.line
        return Event(id=event_id, origin=Origin(sheet.problems.at(self.line)), **fields)

    def order(self) -> int | None:
        """Return the ``order`` cell as a whole number."""
        text = self.cell("order")
        if not text:
            return None
        try:
            return int(text)
        except ValueError:
            self.error(f"order {text!r} is not a whole number")
            return None

    def time(self, name: str, parse: Callable[[str], _T]) -> _T | None:
        """Return a time or duration cell, parsed."""
        text = self.cell(name)
        if not text:
            return None
        try:
            return parse(text)
        except TimeParseError as error:
            self.error(f"{name}: {error}", error.hint)
            return None

    def mode(self) -> Mode:
        """Return the ``mode`` cell (present when empty)."""
        text = self.cell("mode").lower()
        if not text:
            return Mode.PRESENT
        if text in _MODES:
            return Mode(text)
        guess = did_you_mean(text, _MODES)
        hint = f"did you mean {guess!r}?" if guess else f"one of {', '.join(_MODES)}"
        self.error(f"unknown mode {self.cell('mode')!r}", hint)
        return Mode.PRESENT

    def participants(self) -> dict[str, Role]:
        """Return the ``entity:role`` pairs of the ``participants`` cell."""
        participants: dict[str, Role] = {}
        for item in self.ids("participants"):
            entity, role = item, Role.PRESENT.value
            if ROLE_SEPARATOR in item:
                entity, _, role = item.rpartition(ROLE_SEPARATOR)
            if not entity:
                self.error(f"participants: {item!r} names no entity")
            elif role.lower() not in _ROLES:
                guess = did_you_mean(role.lower(), _ROLES)
                hint = f"did you mean {entity}:{guess}?" if guess else f"roles: {', '.join(_ROLES)}"
                self.error(f"participants: unknown role {role!r} for {entity!r}", hint)
            elif entity in participants:
                self.error(f"participants: {entity!r} is named twice")
            else:
                participants[entity] = Role(role.lower())
        return participants


class _Builder:
    """Keeps the events and the ids they name, in the order first named."""

    def __init__(self, title: str) -> None:
        self.title = title
        self.events: list[Event] = []
        self.works: dict[str, None] = {}
        self.threads: dict[str, None] = {}
        self.entities: dict[str, EntityKind] = {}
        self.sources: dict[str, None] = {}

    def add(self, event: Event) -> None:
        """Keep an event and note the ids it names."""
        self.events.append(event)
        if event.told_in is not None:
            self.works.setdefault(event.told_in)
        for thread in event.all_threads:
            self.threads.setdefault(thread)
        if event.location is not None:
            self.entities[event.location] = EntityKind.PLACE
        for entity in event.participants:
            self.entities.setdefault(entity, EntityKind.CHARACTER)
        for source in event.sources:
            self.sources.setdefault(source)

    def story(self) -> Story:
        """Return the story of every event kept, with a record for each id named."""
        return Story(
            title=self.title,
            works=tuple(Work(id=work) for work in self.works),
            threads=tuple(Thread(id=thread) for thread in self.threads),
            entities=tuple(Entity(id=entity, kind=kind) for entity, kind in self.entities.items()),
            sources=tuple(Source(id=source) for source in self.sources),
            events=tuple(self.events),
        )
