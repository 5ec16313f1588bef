"""A JSON reader that remembers where each object and array began.

The standard :mod:`json` module forgets positions, so a problem found in the
fifth card of a Plottr file could only be reported at line 1. This reader
builds the same Python values as :func:`json.loads` (strings are decoded by
the standard library's own scanner) and keeps, for every dict and list, the
line and column of its opening bracket.
"""

from __future__ import annotations

import bisect
import json
import re
from typing import Any

from plotline._model import Location
from plotline.exceptions import LoadError, Problem

__all__ = ["JsonDocument", "read_json"]

_WS = re.compile(r"[ \t\n\r]*")
_STRING = re.compile(r'"(?:[^"\\\x00-\x1f]|\\.)*"', re.DOTALL)
_NUMBER = re.compile(r"-?(?:0|[1-9]\d*)(\.\d+)?([eE][-+]?\d+)?")
_LITERALS = {"true": True, "false": False, "null": None}


def _skip(text: str, pos: int) -> int:
    """Return the position of the first non-blank character at or after ``pos``."""
    match = _WS.match(text, pos)
    return match.end() if match else pos


class JsonDocument:
    """A parsed JSON text with the position of each of its dicts and lists."""

    def __init__(self, text: str, file: str) -> None:
        self.file = file
        self._text = text
        self._lines = [m.start() for m in re.finditer("\n", text)]
        self._where: dict[int, int] = {}
        self.root = self._parse()

    def line_col(self, node: object) -> tuple[int, int]:
        """Return the line and column (from 1) where ``node``, a dict or list, began.

        Anything else, or a node not from this document, gives (1, 1).
        """
        offset = self._where.get(id(node))
        if offset is None:
            return 1, 1
        return self._position(offset)

    def _position(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_left(self._lines, offset)
        start = self._lines[line - 1] + 1 if line else 0
        return line + 1, offset - start + 1

    def _error(self, message: str, offset: int) -> LoadError:
        line, column = self._position(offset)
        return LoadError([Problem(f"not valid JSON: {message}", Location(self.file, line, column))])

    def _parse(self) -> Any:
        text = self._text
        value, pos = self._value(_skip(text, 0))
        pos = _skip(text, pos)
        if pos != len(text):
            raise self._error("extra data after the value", pos)
        return value

    def _value(self, pos: int) -> tuple[Any, int]:
        text = self._text
        if pos >= len(text):
            raise self._error("the text ends where a value should be", pos)
        char = text[pos]
        if char == "{":
            return self._object(pos)
        if char == "[":
            return self._array(pos)
        if char == '"':
            return self._string(pos)
        number = _NUMBER.match(text, pos)
        if number:
            if number.group(1) or number.group(2):
                return float(number.group()), number.end()
            return int(number.group()), number.end()
        for word, literal in _LITERALS.items():
            if text.startswith(word, pos):
                return literal, pos + len(word)
        raise self._error(f"unexpected {char!r}", pos)

    def _string(self, pos: int) -> tuple[str, int]:
        match = _STRING.match(self._text, pos)
        if match is None:
            raise self._error(
                "a string is not closed, or has a control character or bad escape", pos
            )
        try:
            value: str = json.loads(match.group())
        except json.JSONDecodeError as error:
            raise self._error(error.msg, pos + error.pos) from None
        return value, match.end()

    def _object(self, start: int) -> tuple[dict[str, Any], int]:
        text = self._text
        result: dict[str, Any] = {}
        self._where[id(result)] = start
        pos = _skip(text, start + 1)
        if text.startswith("}", pos):
            return result, pos + 1
        while True:
            if not text.startswith('"', pos):
                raise self._error("expected a quoted key", pos)
            key, pos = self._string(pos)
            pos = _skip(text, pos)
            if not text.startswith(":", pos):
                raise self._error("expected ':' after the key", pos)
            pos = _skip(text, pos + 1)
            result[key], pos = self._value(pos)
            pos = _skip(text, pos)
            if text.startswith(",", pos):
                pos = _skip(text, pos + 1)
                continue
            if text.startswith("}", pos):
                return result, pos + 1
            raise self._error("expected ',' or '}'", pos)

    def _array(self, start: int) -> tuple[list[Any], int]:
        text = self._text
        result: list[Any] = []
        self._where[id(result)] = start
        pos = _skip(text, start + 1)
        if text.startswith("]", pos):
            return result, pos + 1
        while True:
            item, pos = self._value(pos)
            result.append(item)
            pos = _skip(text, pos)
            if text.startswith(",", pos):
                pos = _skip(text, pos + 1)
                continue
            if text.startswith("]", pos):
                return result, pos + 1
            raise self._error("expected ',' or ']'", pos)


def read_json(path: str, *, encoding: str = "utf-8-sig") -> JsonDocument:
    """Read and parse the JSON file at ``path`` once, keeping positions."""
    with open(path, encoding=encoding) as handle:
        text = handle.read()
    return JsonDocument(text, path)
