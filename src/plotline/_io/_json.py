"""JSON story files: :func:`json`'s C scanner for values, a small locator for positions.

The top-level object is walked by hand, one member at a time, and each record
of a record array is decoded with the standard decoder's own ``scan_once``
(the C scanner behind :func:`json.loads`) at the offset where it starts. So
the standard library still reads every value, while the walk learns, for
free, where each record begins and ends. Positions *inside* a record come
from a tokenizer run over that record's text only, on first use.

Anything the walk does not expect (a file whose top level is not an object,
or a syntax error) falls back to :func:`json.loads`, whose
:class:`json.JSONDecodeError` gives the line and column of the error.

The importers read other tools' JSON files with the same tokenizer:
:class:`JsonTree` is any JSON value decoded by :func:`json.loads`, with the
position of each of its objects and arrays.
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any, Final

from plotline._io._fields import RECORD_TABLES
from plotline._io._limits import (
    check_depth,
    depth_problem,
    first_too_deep,
    max_depth,
    number_problem,
)
from plotline._io._locate import Document, Path, Position, format_path, offsets_to_positions
from plotline._model import Location
from plotline.exceptions import LoadError, Problem

if TYPE_CHECKING:
    from collections.abc import Mapping


__all__ = ["JsonDocument", "JsonTree", "parse_json", "read_json_tree"]

_DECODE: Final = json.JSONDecoder().raw_decode
_SPACE: Final = re.compile(r"[ \t\n\r]*")
_SEPARATOR: Final = re.compile(r"[ \t\n\r]*(?:(,)[ \t\n\r]*)?")


def _space(text: str, pos: int = 0) -> int:
    """Return the offset of the first character at or after ``pos`` that is not a blank."""
    match = _SPACE.match(text, pos)
    assert match is not None  # the pattern matches the empty string
    return match.end()


# Tokens inside one value: strings, punctuation, and runs of anything else (numbers, literals).
_TOKEN: Final = re.compile(r'"(?:[^"\\]++|\\.)*+"|[{}\[\]:,]|[^\s{}\[\]:,"]++')

_NOUNS: Final[Mapping[type, str]] = {
    dict: "an object",
    list: "an array",
    str: "a string",
    bool: "a boolean",
    int: "a number",
    float: "a number",
    type(None): "null",
}


class _Unexpected(Exception):
    """The hand walk met something it leaves to :func:`json.loads`."""


_SURROGATE_ESCAPE: Final = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")


def lone_surrogate(text: str) -> int | None:
    r"""The offset of the first ``\uD800``-``\uDFFF`` escape that is not half of a pair.

    json decodes such an escape into a string no file or terminal can hold, so
    it is refused where it is written.

    >>> lone_surrogate('{"a": "\\ud83d\\ude00"}') is None  # a pair: one emoji
    True
    >>> lone_surrogate('{"a": "x\\ud800y"}')
    8
    >>> lone_surrogate('{"a": "\\\\ud800"}') is None  # an escaped backslash, then text
    True
    """
    if "\\u" not in text:
        return None
    previous_high_end = -1
    for match in _SURROGATE_ESCAPE.finditer(text):
        start = match.start()
        if _run(text, start) % 2 == 0:  # the backslash before 'u' is itself escaped: plain text
            continue
        high = match.group()[3].lower() in "89ab"
        if high:
            if previous_high_end >= 0:
                return previous_high_end - 6
            previous_high_end = match.end()
        elif previous_high_end == start:
            previous_high_end = -1
        else:
            return previous_high_end - 6 if previous_high_end >= 0 else start
    return previous_high_end - 6 if previous_high_end >= 0 else None


def surrogate_problem(text: str, file: str | None) -> Problem | None:
    """The problem of a lone surrogate escape in JSON ``text``, located, or ``None``."""
    lone = lone_surrogate(text)
    if lone is None:
        return None
    line, column = offsets_to_positions(text, [lone])[0]
    return Problem(
        f"{text[lone : lone + 6]} is half of a UTF-16 pair, not a character",
        Location(file, line, column),
        "write the character itself, or both halves of its pair",
    )


def _run(text: str, start: int) -> int:
    """How many backslashes end ``text[:start + 1]`` (the one at ``start`` included)."""
    count = 0
    index = start
    while index >= 0 and text[index] == "\\":
        count += 1
        index -= 1
    return count


class JsonDocument(Document):
    """A parsed JSON story file."""

    format = "json"
    nouns = _NOUNS

    def __init__(self, text: str, file: str | None) -> None:
        super().__init__(file)
        self._text = text
        self._tops: dict[str, int] = {}  # top-level key -> offset of the key
        self._values: dict[str, tuple[int, int]] = {}  # non-record value -> its span
        self._starts: dict[str, list[int]] = {}  # record table -> offset of each record
        self._ends: dict[str, list[int]] = {}
        self._record_positions: dict[str, list[Position]] = {}
        self._twice: list[str] = []  # keys given twice in one object, not yet reported
        self._twice_at: list[tuple[Path, list[str]]] = []  # the same, with where
        self._decode = json.JSONDecoder(object_pairs_hook=self._object).raw_decode
        self._top_positions: dict[Path, Position] | None = None
        self._limit = max_depth()

    def _object(self, pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        """Build one object, noting keys given twice (json alone keeps the last silently)."""
        result = dict(pairs)
        if len(result) != len(pairs):
            seen: set[str] = set()
            for key, _ in pairs:
                if key in seen:
                    self._twice.append(key)
                seen.add(key)
        return result

    def _noted_twice(self, path: Path) -> None:
        if self._twice:
            self._twice_at.append((path, list(dict.fromkeys(self._twice))))
            self._twice.clear()

    def _report_twice(self) -> None:
        for path, keys in self._twice_at:
            value = self.data
            try:
                for part in path:
                    value = value[part]
            except (LookupError, TypeError):  # the whole table was given twice
                value = None
            for key in keys:
                where = (*path, key) if isinstance(value, dict) and key in value else path
                self.problems.append(
                    self.problem(
                        f"the key {key!r} is given twice; the second would replace the first",
                        where,
                        "give each key once",
                    )
                )

    # -- reading ---------------------------------------------------------------------

    def read(self) -> None:
        """Parse the text into :attr:`data`, noting where things start.

        Raise :class:`~plotline.exceptions.LoadError` when values nest deeper
        than ``PLOTLINE_MAX_DEPTH``. The walk checks each value it decodes (a
        value with fewer brackets than the levels left needs no closer look),
        so a well-formed file is never scanned twice.
        """
        lone = surrogate_problem(self._text, self.file)
        if lone is not None:
            self.data = {}
            self.problems.append(lone)
            return
        try:
            self.data = self._walk()
            self._report_twice()
        except RecursionError:  # deeper than the C scanner goes: certainly too deep
            self._refuse_deep(0, len(self._text), 0)
            raise LoadError([Problem("the JSON is nested too deeply", self.locate(()))]) from None
        except (_Unexpected, json.JSONDecodeError, IndexError):
            self._tops.clear()
            self._values.clear()
            self._starts.clear()
            self._ends.clear()
            self._twice_at.clear()
            self.problems.clear()
            too_deep = check_depth(self._text, "json", self.file)
            if too_deep is not None:
                raise LoadError([too_deep]) from None
            try:
                self.data = json.loads(self._text)
            except json.JSONDecodeError as error:
                self.data = {}
                self.problems.append(syntax_problem(error, self.file))
            except RecursionError:
                self.data = {}
                self.problems.append(Problem("the JSON is nested too deeply", self.locate(())))

    def _refuse_deep(self, start: int, end: int, depth: int) -> None:
        """Raise the depth problem if the value at ``start:end``, ``depth`` deep, nests too deep."""
        text, limit = self._text, self._limit
        if text.count("[", start, end) + text.count("{", start, end) <= limit - depth:
            return
        offset = first_too_deep(text, "json", limit, start=start, end=end, depth=depth)
        if offset is not None:
            raise LoadError([depth_problem(text, offset, self.file, limit)])

    def _refuse_deep_records(self, starts: list[int], ends: list[int]) -> None:
        """Check the depth of each record, a run of records at a time where they are shallow."""
        count, room = self._text.count, self._limit - 2  # the table and its array: two levels
        run = 16
        for first in range(0, len(starts), run):
            last = min(first + run, len(starts)) - 1
            start, end = starts[first], ends[last]
            if count("[", start, end) + count("{", start, end) > room:
                for index in range(first, last + 1):
                    self._refuse_deep(starts[index], ends[index], 2)

    def _walk(self) -> dict[str, Any]:
        text = self._text
        space = _space
        pos = space(text)
        if text[pos] != "{" or self._limit < 2:
            raise _Unexpected
        result: dict[str, Any] = {}
        pos = space(text, pos + 1)
        if text[pos] == "}":
            pos += 1
        else:
            while True:
                if text[pos] != '"':
                    raise _Unexpected
                key_at = pos
                key, pos = _DECODE(text, pos)
                pos = space(text, pos)
                if text[pos] != ":":
                    raise _Unexpected
                pos = space(text, pos + 1)
                if key in result:
                    line, column = offsets_to_positions(text, [key_at])[0]
                    self.problems.append(
                        Problem(
                            f"the key {key!r} is given twice; the second would replace the first",
                            self._location(line, column, (key,)),
                            "give each key once",
                        )
                    )
                self._tops[key] = key_at
                if key in RECORD_TABLES and text[pos] == "[":
                    result[key], pos = self._records(key, pos)
                else:
                    start = pos
                    result[key], pos = self._decode(text, pos)
                    self._refuse_deep(start, pos, 1)
                    self._values[key] = (start, pos)
                    self._noted_twice((key,))
                pos = space(text, pos)
                if text[pos] == ",":
                    pos = space(text, pos + 1)
                    continue
                if text[pos] != "}":
                    raise _Unexpected
                pos += 1
                break
        if space(text, pos) != len(text):
            raise _Unexpected
        return result

    def _records(self, table: str, pos: int) -> tuple[list[Any], int]:
        text = self._text
        separator = _SEPARATOR.match
        decode = self._decode
        items: list[Any] = []
        starts: list[int] = []
        ends: list[int] = []
        add_item, add_start, add_end = items.append, starts.append, ends.append
        pos = _space(text, pos + 1)
        if text[pos] != "]":
            while True:
                add_start(pos)
                item, pos = decode(text, pos)
                add_item(item)
                add_end(pos)
                if self._twice:
                    self._noted_twice((table, len(items) - 1))
                match = separator(text, pos)
                assert match is not None  # the pattern matches the empty string
                pos = match.end()
                if match.group(1) is None:
                    break
            if text[pos] != "]":
                raise _Unexpected
        self._refuse_deep_records(starts, ends)
        self._starts[table] = starts
        self._ends[table] = ends
        return items, pos + 1

    def _location(self, line: int, column: int, path: Path) -> Location:
        return Location(self.file, line, column, format_path(path))

    # -- positions -----------------------------------------------------------------------

    def record_positions(self, table: str) -> list[Position]:
        """Where each record of ``table`` starts (its ``{``)."""
        positions = self._record_positions.get(table)
        if positions is None:
            starts = self._starts.get(table)
            if starts is None:
                count = self.count(table)
                top = self.top_positions()
                positions = [
                    top.get((table, index), top.get((table,), (1, 1))) for index in range(count)
                ]
            else:
                positions = offsets_to_positions(self._text, starts)
            self._record_positions[table] = positions
        return positions

    def record_fields(self, table: str, index: int) -> dict[Path, Position]:
        """Tokenize the text of one record for the positions of its parts."""
        starts = self._starts.get(table)
        if starts is None:
            top = self.top_positions()
            size = 2
            return {
                key[size:]: position
                for key, position in top.items()
                if len(key) > size and key[:size] == (table, index)
            }
        start, end = starts[index], self._ends[table][index]
        offsets = _value_offsets(self._text, start, end)
        position = self.record_positions(table)[index]
        keys = list(offsets)
        return dict(
            zip(
                keys,
                offsets_to_positions(self._text, list(offsets.values()), start, position),
                strict=True,
            )
        )

    def top_positions(self) -> Mapping[Path, Position]:
        """Positions of the top-level keys and of everything in non-record values."""
        if self._top_positions is None:
            text = self._text
            found: dict[Path, int] = {}
            if not self._tops and not self.problems:
                # The fallback read: tokenize the whole (small or odd) document.
                found = _value_offsets(text, _space(text), len(text))
            for key, offset in self._tops.items():
                found[(key,)] = offset
                span = self._values.get(key)
                if span is not None:
                    for path, inner in _value_offsets(text, *span).items():
                        found[(key, *path)] = inner
            ordered = sorted(found.items(), key=lambda item: item[1])
            positions = offsets_to_positions(text, [offset for _, offset in ordered])
            self._top_positions = {
                path: position for (path, _), position in zip(ordered, positions, strict=True)
            }
        return self._top_positions


def _value_offsets(text: str, start: int, end: int) -> dict[Path, int]:
    """Find the offset of every member key and array item inside the value at ``start``.

    Paths are relative to that value; a member is found at its key, an array
    item at its first character. The text is known to be valid JSON.
    """
    found: dict[Path, int] = {}
    stack: list[list[Any]] = []  # frames: [path, is_object, index of the current item]
    pending: Path = ()  # the path of the value about to start
    expect_key = False
    for match in _TOKEN.finditer(text, start, end):
        token = match.group()
        first = token[0]
        if first == ":":
            continue
        if first == ",":
            frame = stack[-1]
            if frame[1]:
                expect_key = True
            else:
                frame[2] += 1
                pending = (*frame[0], frame[2])
            continue
        if first in "}]":
            stack.pop()
            expect_key = False
            if not stack:
                break
            continue
        if expect_key:
            key = json.loads(token)
            pending = (*stack[-1][0], key)
            found.setdefault(pending, match.start())
            expect_key = False
            continue
        if stack and not stack[-1][1]:
            found.setdefault(pending, match.start())
        if first == "{":
            stack.append([pending, True, 0])
            expect_key = True
        elif first == "[":
            stack.append([pending, False, 0])
            pending = (*pending, 0)
        elif not stack:
            break
    return found


def syntax_problem(error: json.JSONDecodeError, file: str | None) -> Problem:
    """Report a JSON syntax error at the parser's line and column."""
    return Problem(f"invalid JSON: {error.msg}", Location(file, error.lineno, error.colno))


def parse_json(text: str, file: str | None = None) -> JsonDocument:
    """Parse JSON ``text`` into a :class:`JsonDocument` (problems in its ``problems``)."""
    document = JsonDocument(text, file)
    document.read()
    return document


class JsonTree:
    r"""Any JSON value, decoded by :func:`json.loads`, with where each object and array begins.

    For the importers, whose files are not story files: a problem found in
    the fifth card of a Plottr file is reported at that card's ``{``.

    >>> tree = JsonTree('{"cards": [\n  {"id": 1},\n  {"id": 2}]}', "deck.pltr")
    >>> tree.root["cards"][1]
    {'id': 2}
    >>> tree.line_col(tree.root["cards"][1]), tree.line_col(tree.root["cards"])
    ((3, 3), (1, 11))
    """

    def __init__(self, text: str, file: str | None) -> None:
        self.file = file
        self._text = text
        lone = surrogate_problem(text, file)
        if lone is not None:
            raise LoadError([lone])
        try:
            self.root: Any = json.loads(text)
        except json.JSONDecodeError as error:
            raise LoadError([syntax_problem(error, file)]) from None
        except ValueError as error:  # an integer with more digits than int() takes
            raise LoadError([number_problem(error, text, file)]) from None
        except RecursionError:
            problem = Problem("the JSON is nested too deeply", Location(file, 1, 1))
            raise LoadError([problem]) from None
        self._offsets: dict[int, int] | None = None  # id of a container -> offset of its bracket

    def line_col(self, node: object) -> Position:
        """The line and column (from 1) where ``node``, an object or array of :attr:`root`, began.

        Anything else, or a node not from this tree, gives ``(1, 1)``.
        """
        if self._offsets is None:
            self._offsets = self._container_offsets()
        offset = self._offsets.get(id(node))
        if offset is None:
            return (1, 1)
        return offsets_to_positions(self._text, [offset])[0]

    def _container_offsets(self) -> dict[int, int]:
        """Find the offset of the opening bracket of every object and array in :attr:`root`."""
        text = self._text
        start = _space(text)
        found = _value_offsets(text, start, len(text))
        offsets: dict[int, int] = {}
        stack: list[tuple[Path, Any]] = [((), self.root)]
        while stack:
            path, node = stack.pop()
            if isinstance(node, dict):
                children: Any = node.items()
            elif isinstance(node, list):
                children = enumerate(node)
            else:
                continue
            offset = found.get(path, start) if path else start
            if path and isinstance(path[-1], str):  # a member is found at its key: skip to ':'
                _, after_key = _DECODE(text, offset)
                offset = _space(text, _space(text, after_key) + 1)
            offsets[id(node)] = offset
            stack.extend(((*path, key), child) for key, child in children)
        return offsets


def read_json_tree(path: str, *, encoding: str = "utf-8-sig") -> JsonTree:
    """Read and parse the JSON file at ``path`` once, keeping positions.

    Raise :class:`~plotline.exceptions.LoadError` at the line and column of a
    syntax error.
    """
    with open(path, encoding=encoding) as handle:
        text = handle.read()
    return JsonTree(text, path)
