"""Where things were written: the parsed data of one story file and its positions.

Each format module turns text into a :class:`Document`: the plain data its
parser produced (the parser stays the only source of truth for *values*) plus
a way to answer "where was ``$.events[3].when`` written?".

Why our own small locators rather than a position-aware parser dependency:
``tomllib`` and ``json`` give no positions, and the maintained position-aware
alternatives (``tomlkit``, ``json-source-map`` and friends) either reparse
everything in pure Python or add a dependency for one job. Both of ours attach
positions to what the standard parser already built, and both are *lazy where
it counts*: a document finds where each record starts while loading (one
cheap pass over the text), but the positions of the fields inside a record are
only worked out when someone asks for them: a load problem, or a checker
finding that points at ``origin.of("when")``. A 100k-event file therefore pays
for 100k record positions, not for a million field positions it will almost
never need. See :mod:`._toml` and :mod:`._json` for the two locators; YAML
nodes carry their own marks (:mod:`._yaml`).

Positions are ``(line, column)``, both counted from 1, the column in
characters (code points).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any, Final, TypeAlias

from plotline._model import Location
from plotline.exceptions import Problem

__all__ = [
    "Document",
    "FieldLocations",
    "Path",
    "Position",
    "format_path",
    "offsets_to_positions",
]

Path: TypeAlias = tuple[str | int, ...]
Position: TypeAlias = tuple[int, int]

_START: Final[Position] = (1, 1)
_PLAIN_KEY: Final = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")


def format_path(path: Path, root: str = "$") -> str:
    """Write a data path the way messages show it.

    >>> format_path(("events", 3, "when"))
    '$.events[3].when'
    >>> format_path(("participants", "mr x"), root="")
    'participants["mr x"]'
    """
    parts = [root]
    for part in path:
        if isinstance(part, int):
            parts.append(f"[{part}]")
        elif _PLAIN_KEY.fullmatch(part):
            parts.append(f".{part}" if parts != [""] else part)
        else:
            parts.append('["' + part.replace("\\", "\\\\").replace('"', '\\"') + '"]')
    return "".join(parts)


def offsets_to_positions(
    text: str, offsets: list[int], start: int = 0, position: Position = _START
) -> list[Position]:
    """Return the positions of ascending ``offsets`` in ``text``, counting from ``start``.

    ``position`` is the position of offset ``start``. Each newline between two
    offsets is counted once, so the whole pass is linear in the text.
    """
    line, column = position
    line_start = start - (column - 1)
    previous = start
    result = []
    for offset in offsets:
        newlines = text.count("\n", previous, offset)
        if newlines:
            line += newlines
            line_start = text.rfind("\n", previous, offset) + 1
        result.append((line, offset - line_start + 1))
        previous = offset
    return result


class Document:
    """One parsed story file: its data and where each part of it was written.

    Subclasses fill :attr:`data`, :attr:`problems` (what the parser itself
    found wrong) and the position lookups.
    """

    format: str = ""
    """The format's name: ``"toml"``, ``"yaml"`` or ``"json"``."""

    nouns: Mapping[type, str] = {}
    """What the format calls a value of each Python type, for messages."""

    shares_values: bool = False
    """Whether one parsed value may appear in two places (YAML aliases), so none may be dropped."""

    def __init__(self, file: str | None) -> None:
        self.file = file
        self.data: Any = {}
        self.problems: list[Problem] = []
        self.refused: set[Path] = set()
        self._counts: dict[str, int] | None = None
        """Paths whose value was refused (and reported) while parsing, read as absent."""
        self._cached: tuple[Path, dict[Path, Position]] | None = None

    # -- what subclasses provide ---------------------------------------------------

    def record_positions(self, table: str) -> list[Position]:
        """Where each record of array ``table`` starts, one position per record."""
        raise NotImplementedError

    def record_fields(self, table: str, index: int) -> dict[Path, Position]:
        """Where each part of record ``index`` of ``table`` was written.

        Keys are paths relative to the record: ``("when",)``,
        ``("participants", "monica")``, ``("sources", 1)``. Computed on demand.
        """
        raise NotImplementedError

    def top_positions(self) -> Mapping[Path, Position]:
        """Positions of everything outside the records: tables, their keys, values."""
        raise NotImplementedError

    def scalar_text(self, path: Path) -> str | None:
        """Return the text as written of a plain scalar the parser read as a non-string.

        Only YAML has such scalars (``title: 1984`` is an int); other formats
        return None.
        """
        return None

    # -- built on the above -------------------------------------------------------------

    def count(self, table: str) -> int:
        """How many records array ``table`` holds (0 if it is not an array)."""
        if self._counts is not None:
            return self._counts.get(table, 0)
        value = self.data.get(table) if isinstance(self.data, dict) else None
        return len(value) if isinstance(value, list) else 0

    def release(self) -> None:
        """Let the parsed data go once the records are built; positions stay available.

        The records' lazily located fields keep the document (and its text) alive,
        but not the parser's plain data, which is many times larger.
        """
        data = self.data if isinstance(self.data, dict) else {}
        self._counts = {key: len(value) for key, value in data.items() if isinstance(value, list)}
        self.data = None

    def noun(self, value: object) -> str:
        """Say what this format calls ``value``: ``"a table"``, ``"a number"`` and so on."""
        for kind in type(value).__mro__:
            noun = self.nouns.get(kind)
            if noun is not None:
                return noun
        return f"a {type(value).__name__}"

    def fields_of(self, path: Path) -> dict[Path, Position]:
        """Return the positions relative to the record or top-level table at ``path``."""
        if len(path) == 2 and isinstance(path[1], int):
            assert isinstance(path[0], str)
            if self._cached is None or self._cached[0] != path:
                self._cached = (path, self.record_fields(path[0], path[1]))
            return self._cached[1]
        size = len(path)
        return {
            key[size:]: position
            for key, position in self.top_positions().items()
            if len(key) > size and key[:size] == path
        }

    def position(self, path: Path) -> Position:
        """Return the position of ``path``, or of its nearest ancestor that has one."""
        table, index = (path[0], path[1]) if len(path) >= 2 else (None, None)
        if isinstance(table, str) and isinstance(index, int) and 0 <= index < self.count(table):
            fields = self.fields_of((table, index))
            for end in range(len(path), 2, -1):
                found = fields.get(path[2:end])
                if found is not None:
                    return found
            return self.record_positions(table)[index]
        top = self.top_positions()
        for end in range(len(path), 0, -1):
            found = top.get(path[:end])
            if found is not None:
                return found
        return _START

    def locate(self, path: Path) -> Location:
        """Return the :class:`~plotline._model.Location` of ``path`` in this file."""
        line, column = self.position(path)
        return Location(self.file, line, column, format_path(path))

    def problem(self, message: str, path: Path, hint: str | None = None) -> Problem:
        """Make a :class:`~plotline.exceptions.Problem` located at ``path``."""
        return Problem(message, self.locate(path), hint)


class FieldLocations(Mapping[str, Location]):
    """The locations of a record's fields, worked out on first use.

    Keys are field names (``"when"``) and, for the parts of a field,
    relative paths (``"participants.monica"``, ``"sources[1]"``). Pickles and
    prints as a plain dict.
    """

    __slots__ = ("_document", "_path", "_resolved")

    def __init__(self, document: Document, path: Path) -> None:
        self._document: Document | None = document
        self._path = path
        self._resolved: dict[str, Location] | None = None

    def _items(self) -> dict[str, Location]:
        if self._resolved is None:
            document = self._document
            assert document is not None
            file, path = document.file, self._path
            self._resolved = {
                format_path(key, root=""): Location(file, line, column, format_path((*path, *key)))
                for key, (line, column) in sorted(
                    document.fields_of(path).items(), key=lambda item: item[1]
                )
            }
            self._document = None  # let the text go once the positions are known
        return self._resolved

    def __getitem__(self, key: str) -> Location:
        return self._items()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._items())

    def __len__(self) -> int:
        return len(self._items())

    def __repr__(self) -> str:
        return repr(self._items())

    def __reduce__(self) -> tuple[type[dict[str, Location]], tuple[dict[str, Location]]]:
        return (dict, (self._items(),))
