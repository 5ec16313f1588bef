"""TOML story files: :mod:`tomllib` for values, a small locator for positions.

:mod:`tomllib` reads every value; it gives no positions, so the locator works
them out from the text and only *attaches* them to what tomllib built.

1. A skim (one regular expression over the whole text, strings and comments
   consumed whole so that nothing inside them looks like a header) finds
   every table header, ``[story]`` and ``[[events]]`` alike. The headers are
   checked against tomllib's data: as many ``[[events]]`` headers as events,
   every other header naming a table that exists. That gives each record its
   position for the cost of one regex pass, a fraction of tomllib's own time.
2. The keys and values inside a record are found by a careful line scanner
   (multi-line strings and arrays, inline tables, dotted keys, sub-tables)
   run over that record's lines only, on first use.

When the check in step 1 fails (records written as an inline array
``events = [{...}]``, or a header-like line inside a multi-line array), the
careful scanner runs over the whole file instead: slower, never wrong.
"""

from __future__ import annotations

import datetime as _dt
import re
import tomllib
from typing import TYPE_CHECKING, Any, Final

from plotline._io._fields import RECORD_TABLES
from plotline._io._locate import Document, Path, Position, offsets_to_positions
from plotline._model import Location
from plotline.exceptions import Problem

if TYPE_CHECKING:
    from collections.abc import Mapping


__all__ = ["TomlDocument", "parse_toml"]

_KEY_PART: Final = r"""(?:[A-Za-z0-9_-]+|"(?:[^"\\\n]|\\.)*"|'[^'\n]*')"""
_KEY_PATH: Final = rf"{_KEY_PART}(?:[ \t]*\.[ \t]*{_KEY_PART})*"

_HEADER_LINE: Final = rf"[ \t]*\[\[?[ \t]*{_KEY_PATH}[ \t]*\]"
# One match per header: everything since the previous header (strings and comments
# consumed whole, so nothing inside them looks like a header), then the header line.
# Possessive throughout, and matched back to back, so the pass is linear.
_SKIM: Final = re.compile(
    rf"""
    (?: \A(?={_HEADER_LINE})
      | (?: \"\"\"(?:[^"\\]++|\\.|"(?!""))*+"{{3,5}}
          | '''(?:[^']++|'(?!''))*+'{{3,5}}
          | "(?:[^"\\\n]++|\\.)*+"
          | '[^'\n]*+'
          | \#[^\n]*+
          | [^"'\#\n]++
          | \n(?!{_HEADER_LINE})
        )*+
    )
    (?: (?:\A|\n)(?P<line>[ \t]*(?P<open>\[\[?)[ \t]*(?P<name>{_KEY_PATH})[ \t]*\])
      | \Z
    )
    """,
    re.VERBOSE,
)
_KEY_PARTS: Final = re.compile(rf"[ \t]*\.?[ \t]*({_KEY_PART})")
_KEY: Final = re.compile(_KEY_PATH)
_HEADER: Final = re.compile(rf"\[\[?[ \t]*({_KEY_PATH})[ \t]*\]")
_EQUALS: Final = re.compile(r"[ \t]*=[ \t]*")
_BLANK: Final = re.compile(r"[ \t\r]*")
_BASIC: Final = re.compile(r'"(?:[^"\\]++|\\.)*+"')
_LITERAL: Final = re.compile(r"'[^']*'")
_ML_BASIC_END: Final = re.compile(r'(?:[^"\\]++|\\.|"(?!""))*+"{3,5}')
_ML_LITERAL_END: Final = re.compile(r"(?:[^']++|'(?!''))*+'{3,5}")
_BARE: Final = re.compile(r"\d{4}-\d\d-\d\d \d\d:[^\s,\]}#]*|[^\s,\]}#]+")
_ERROR_AT: Final = re.compile(
    r"^(?P<message>.*) \(at (?:line (?P<line>\d+), column (?P<column>\d+)|end of document)\)$",
    re.DOTALL,
)

_NOUNS: Final[Mapping[type, str]] = {
    dict: "a table",
    list: "an array",
    str: "a string",
    bool: "a boolean",
    int: "an integer",
    float: "a float",
    _dt.datetime: "a date-time",
    _dt.date: "a date",
    _dt.time: "a time",
}


def _blank(line: str, col: int) -> int:
    """Return the column of the first character at or after ``col`` that is not a blank."""
    match = _BLANK.match(line, col)
    assert match is not None  # the pattern matches the empty string
    return match.end()


def _key_parts(text: str) -> tuple[str, ...]:
    """Split a (dotted, perhaps quoted) TOML key into its unquoted parts."""
    parts = []
    for match in _KEY_PARTS.finditer(text):
        part = match.group(1)
        if part[0] == '"':
            part = tomllib.loads(f"k = {part}")["k"]
        elif part[0] == "'":
            part = part[1:-1]
        parts.append(part)
    return tuple(parts)


class _Stop(Exception):
    """The careful scanner met text it does not follow; keep what it found."""


class _Scanner:
    """The careful line scanner: positions of headers, keys, values and items."""

    def __init__(self, lines: list[str], first_line: int, aot: dict[tuple[str, ...], int]) -> None:
        self.lines = lines
        self.first_line = first_line
        self.aot = aot
        self.found: dict[Path, Position] = {}
        self.row = 0
        self.col = 0
        self.table: Path = ()

    def scan(self) -> dict[Path, Position]:
        lines = self.lines
        while self.row < len(lines):
            try:
                self._line(lines[self.row])
            except (_Stop, IndexError):
                break
            self.row += 1
        return self.found

    def _note(self, path: Path, col: int | None = None) -> None:
        self.found.setdefault(
            path, (self.first_line + self.row, (self.col if col is None else col) + 1)
        )

    def _line(self, line: str) -> None:
        col = _blank(line, 0)
        if col >= len(line) or line[col] == "#":
            return
        if line[col] == "[":
            header = _HEADER.match(line, col)
            if header is None:
                raise _Stop
            self.table = self._resolve(_key_parts(header.group(1)), line.startswith("[[", col))
            for end in range(1, len(self.table) + 1):
                self._note(self.table[:end], col)
            return
        key = _KEY.match(line, col)
        equals = _EQUALS.match(line, key.end()) if key else None
        if key is None or equals is None:
            raise _Stop
        path = self.table
        for part in _key_parts(key.group()):
            path = (*path, part)
            self._note(path, col)
        self.col = equals.end()
        self._value(path)

    def _resolve(self, parts: tuple[str, ...], array: bool) -> Path:
        path: list[str | int] = []
        for end in range(1, len(parts) + 1):
            path.append(parts[end - 1])
            key = parts[:end]
            if array and end == len(parts):
                index = self.aot.get(key, -1) + 1
                for other in [k for k in self.aot if len(k) > end and k[:end] == key]:
                    del self.aot[other]
                self.aot[key] = index
                path.append(index)
            elif key in self.aot:
                path.append(self.aot[key])
        return tuple(path)

    def _skip(self) -> str:
        """Move past blanks, comments and line ends; return the next character."""
        while True:
            line = self.lines[self.row]
            self.col = _blank(line, self.col)
            if self.col < len(line) and line[self.col] != "#":
                return line[self.col]
            self.row += 1
            self.col = 0

    def _value(self, path: Path) -> None:
        self._note(path)
        line = self.lines[self.row]
        char = line[self.col]
        if char in "\"'":
            if line.startswith(char * 3, self.col):
                self._multiline(char)
                return
            match = (_BASIC if char == '"' else _LITERAL).match(line, self.col)
            if match is None:
                raise _Stop
            self.col = match.end()
        elif char == "[":
            self.col += 1
            index = 0
            while self._skip() != "]":
                self._value((*path, index))
                index += 1
                if self._skip() == ",":
                    self.col += 1
                elif self.lines[self.row][self.col] != "]":
                    raise _Stop
            self.col += 1
        elif char == "{":
            self.col += 1
            while self._skip() != "}":
                line = self.lines[self.row]
                key = _KEY.match(line, self.col)
                equals = _EQUALS.match(line, key.end()) if key else None
                if key is None or equals is None:
                    raise _Stop
                inner = path
                for part in _key_parts(key.group()):
                    inner = (*inner, part)
                    self._note(inner)
                self.col = equals.end()
                self._value(inner)
                if self._skip() == ",":
                    self.col += 1
                elif self.lines[self.row][self.col] != "}":
                    raise _Stop
            self.col += 1
        else:
            match = _BARE.match(line, self.col)
            if match is None:
                raise _Stop
            self.col = match.end()

    def _multiline(self, quote: str) -> None:
        end = _ML_BASIC_END if quote == '"' else _ML_LITERAL_END
        self.col += 3
        while True:
            match = end.match(self.lines[self.row], self.col)
            if match is not None:
                self.col = match.end()
                return
            self.row += 1
            self.col = 0


class TomlDocument(Document):
    """A parsed TOML story file."""

    format = "toml"
    nouns = _NOUNS

    def __init__(self, text: str, file: str | None) -> None:
        super().__init__(file)
        self._text = text
        # Every header: (offset of its line, its position, is it [[...]], its key parts).
        self._headers: list[tuple[int, Position, bool, tuple[str, ...]]] = []
        self._records: dict[str, list[int]] = {}  # table -> index into _headers, per record
        self._all: dict[Path, Position] | None = None  # the whole-file scan, when needed
        self._grouped: dict[Path, dict[Path, Position]] | None = None
        self._top: dict[Path, Position] | None = None

    def read(self) -> None:
        """Parse the text into :attr:`data` and find the record headers."""
        try:
            self.data = tomllib.loads(self._text)
        except tomllib.TOMLDecodeError as error:
            self.data = {}
            self.problems.append(self._syntax_problem(error))
            return
        if not self._skim():
            self._all = _Scanner(self._text.split("\n"), 1, {}).scan()

    def _syntax_problem(self, error: tomllib.TOMLDecodeError) -> Problem:
        match = _ERROR_AT.match(str(error))
        if match is None:
            return Problem(f"invalid TOML: {error}", Location(self.file, 1, 1))
        if match.group("line") is None:
            line = self._text.count("\n") + 1
            column = len(self._text) - self._text.rfind("\n")
        else:
            line, column = int(match.group("line")), int(match.group("column"))
        return Problem(f"invalid TOML: {match.group('message')}", Location(self.file, line, column))

    def _skim(self) -> bool:
        """Find the headers with one regex pass; False if they do not match the data."""
        text, data = self._text, self.data
        offsets: list[int] = []
        found: list[tuple[int, bool, tuple[str, ...]]] = []
        names: dict[str, tuple[str, ...]] = {}
        skim, pos = _SKIM.match, 0
        while True:
            match = skim(text, pos)
            if match is None:
                return False  # text the skim does not follow: scan carefully instead
            opening = match.group("open")
            if opening is None:
                break
            name = match.group("name")
            parts = names.get(name)
            if parts is None:
                parts = names[name] = _key_parts(name)
            found.append((match.start("line"), opening == "[[", parts))
            offsets.append(match.start("open"))
            pos = match.end()
        positions = offsets_to_positions(text, offsets)
        counts: dict[str, int] = {}
        for number, ((offset, array, parts), position) in enumerate(
            zip(found, positions, strict=True)
        ):
            if array and len(parts) == 1 and isinstance(data.get(parts[0]), list):
                self._records.setdefault(parts[0], []).append(number)
                counts[parts[0]] = counts.get(parts[0], 0) + 1
            elif not _exists(data, parts, array):
                return False
            self._headers.append((offset, position, array, parts))
        return all(
            counts.get(table, 0) == len(value)
            for table, value in data.items()
            if isinstance(value, list) and (table in counts or table in RECORD_TABLES)
        )

    # -- positions -----------------------------------------------------------------------

    def _whole(self) -> dict[Path, dict[Path, Position]]:
        """Return the whole-file scan, grouped by record."""
        if self._grouped is None:
            assert self._all is not None
            grouped: dict[Path, dict[Path, Position]] = {}
            for path, position in self._all.items():
                if len(path) >= 2 and isinstance(path[1], int):
                    grouped.setdefault(path[:2], {})[path[2:]] = position
            self._grouped = grouped
        return self._grouped

    def record_positions(self, table: str) -> list[Position]:
        """Where each record of ``table`` starts: its ``[[table]]`` header."""
        if self._all is not None:
            whole = self._whole()
            count = self.count(table)
            return [whole.get((table, index), {}).get((), (1, 1)) for index in range(count)]
        return [self._headers[number][1] for number in self._records.get(table, ())]

    def _range(self, number: int) -> tuple[int, int]:
        """Return the span of header ``number``'s table, up to the next table not inside it."""
        start, _, _, parts = self._headers[number]
        for offset, _, _, other in self._headers[number + 1 :]:
            if len(other) <= len(parts) or other[: len(parts)] != parts:
                return start, offset
        return start, len(self._text)

    def _scan(self, number: int, aot: dict[tuple[str, ...], int]) -> dict[Path, Position]:
        start, end = self._range(number)
        line = self._headers[number][1][0]
        return _Scanner(self._text[start:end].split("\n"), line, aot).scan()

    def record_fields(self, table: str, index: int) -> dict[Path, Position]:
        """Scan one record's lines for the positions of its parts."""
        if self._all is not None:
            fields = dict(self._whole().get((table, index), {}))
            fields.pop((), None)
            return fields
        numbers = self._records.get(table, [])
        if index >= len(numbers):
            return {}
        found = self._scan(numbers[index], {(table,): index - 1})
        return {path[2:]: position for path, position in found.items() if len(path) > 2}

    def top_positions(self) -> Mapping[Path, Position]:
        """Positions outside the records: ``[story]``, ``[check]``, stray keys and tables."""
        if self._all is not None:
            return self._all
        if self._top is None:
            top: dict[Path, Position] = {}
            first = self._headers[0][0] if self._headers else len(self._text)
            top.update(_Scanner(self._text[:first].split("\n"), 1, {}).scan())
            aot: dict[tuple[str, ...], int] = {}
            records = {number for numbers in self._records.values() for number in numbers}
            for number, (_, position, _, parts) in enumerate(self._headers):
                if number in records:
                    top.setdefault(parts, position)
                elif parts[0] not in self._records:
                    for path, found in self._scan(number, aot).items():
                        top.setdefault(path, found)
            self._top = top
        return self._top


def _exists(data: Any, parts: tuple[str, ...], array: bool) -> bool:
    """Whether tomllib's data has a table (or an array of tables) at header ``parts``."""
    for part in parts:
        if isinstance(data, list):
            if not data:
                return False
            data = data[-1]
        if not isinstance(data, dict) or part not in data:
            return False
        data = data[part]
    return isinstance(data, list) if array else isinstance(data, dict)


def parse_toml(text: str, file: str | None = None) -> TomlDocument:
    """Parse TOML ``text`` into a :class:`TomlDocument` (problems in its ``problems``)."""
    document = TomlDocument(text, file)
    document.read()
    return document
