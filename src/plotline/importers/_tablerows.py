"""The rows of one table file, and the records made of them, placed at their lines and columns.

A spreadsheet user thinks in rows and columns: every record made from a row
remembers the cell each of its fields came from (:class:`Cell`), and
:class:`TableDocument` answers the story file reader's "where was this
written?" with the row's line, the column's number and its header.
"""

from __future__ import annotations

import csv
import datetime
import io
import os
import re
import unicodedata
import urllib.parse
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, NamedTuple

import attrs

from plotline._io._limits import read_limited
from plotline._io._locate import Document, Position
from plotline._model import Location
from plotline.exceptions import LoadError, Problem, did_you_mean
from plotline.importers._common import slugify

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

    from plotline._io._locate import Path as DataPath

__all__ = [
    "SHEET_SUFFIXES",
    "Cell",
    "Record",
    "TableDocument",
    "normal_header",
    "read_rows",
    "read_sheet",
    "sniff_delimiter",
    "table_slug",
    "url_slug",
]

_INDEX_PAGES: Final = frozenset({"index", "default", "home"})
_NOT_ASCII_WORD: Final = re.compile(r"[^a-z0-9]+")


def table_slug(text: str) -> str:
    """Make an id from a title: lower-case ASCII letters and digits joined by hyphens.

    Accents are dropped (``é`` is ``e``); a title with no ASCII letter or digit
    at all keeps its own letters (see :func:`~._common.slugify`).

    >>> table_slug("Star Wars: Episode V \N{EN DASH} The Empire Strikes Back")
    'star-wars-episode-v-the-empire-strikes-back'
    >>> table_slug("Amélie"), table_slug("颜童")
    ('amelie', '颜童')
    """
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    slug = _NOT_ASCII_WORD.sub("-", folded).strip("-")
    return slug or slugify(text)


def url_slug(url: str) -> str:
    """Make a source id from a URL: its host (without ``www.``) and the last part of its path.

    The path's last part (``index.html`` and the like skipped) is percent-decoded
    and loses a file extension; both go through :func:`table_slug`.

    >>> url_slug("https://www.starwars.com/films/star-wars-episode-iv-a-new-hope")
    'starwars-com-star-wars-episode-iv-a-new-hope'
    >>> url_slug("https://en.wikipedia.org/wiki/Star_Wars:_Episode_I_%E2%80%93_The_Phantom_Menace")
    'en-wikipedia-org-star-wars-episode-i-the-phantom-menace'
    >>> url_slug("http://example.com/2020/05/news.html"), url_slug("http://cnn.com/clones/index.html")
    ('example-com-news', 'cnn-com-clones')
    """
    parts = urllib.parse.urlsplit(url.strip())
    host = parts.netloc.lower().removeprefix("www.")
    if not host:
        return table_slug(url)
    segments = [segment for segment in urllib.parse.unquote(parts.path).split("/") if segment]
    last = ""
    while segments and not last:
        stem, extension = os.path.splitext(segments.pop())
        last = stem if extension[1:].isalpha() and len(extension) <= 5 else stem + extension
        if last.lower() in _INDEX_PAGES:
            last = ""
    return table_slug(f"{host} {last}")


def normal_header(text: str) -> str:
    """A header as a field name would be written: ``Told In`` and ``told-in`` are ``told_in``."""
    return re.sub(r"[\s-]+", "_", text.strip().lower())


class Cell(NamedTuple):
    """One cell of a table: its text, its line (or row), its column's number and header."""

    text: str
    line: int
    column: int
    header: str


@attrs.define
class Record:
    table: str
    document: int
    line: int
    data: dict[str, Any] = attrs.Factory(dict)
    at: dict[str, Cell] = attrs.Factory(dict)
    key: tuple[str, ...] = ()
    refused: set[str] = attrs.Factory(set)
    claimed: list[tuple[str, Any, Cell, Cell]] = attrs.Factory(list)
    """The values of per-source columns: field, value, its cell, and the source's cell."""


class TableDocument(Document):
    """The records made from one table, placed at their rows and columns."""

    format = "csv"
    nouns: Mapping[type, str] = {
        str: "text",
        int: "a number",
        bool: "true or false",
        list: "a list",
    }

    def __init__(self, file: str, records: dict[str, list[Record]]) -> None:
        super().__init__(file)
        self.data = {table: [record.data for record in items] for table, items in records.items()}
        self._records = records
        self.refused = {
            (table, index, name)
            for table, items in records.items()
            for index, record in enumerate(items)
            for name in record.refused
        }

    def record_positions(self, table: str) -> list[Position]:
        return [(record.line, 1) for record in self._records.get(table, [])]

    def record_fields(self, table: str, index: int) -> dict[DataPath, Position]:
        record = self._records[table][index]
        found: dict[DataPath, Position] = {}
        for name, cell in record.at.items():
            found[(name,)] = (cell.line, cell.column)
            value = record.data.get(name)
            parts: Iterable[str | int] = ()
            if isinstance(value, list):
                parts = range(len(value))
            elif isinstance(value, dict):
                parts = value
            for part in parts:
                found[(name, part)] = (cell.line, cell.column)
        return found

    def top_positions(self) -> Mapping[DataPath, Position]:
        return {}

    def locate(self, path: DataPath) -> Location:
        line, column = self.position(path)
        header = ""
        if len(path) >= 3 and isinstance(path[0], str) and isinstance(path[1], int):
            cell = self._records[path[0]][path[1]].at.get(str(path[2]))
            header = f"column {cell.header!r}" if cell is not None else ""
        return Location(self.file, line, column, header)


def read_rows(path: str, text: str, delimiter: str) -> list[tuple[int, list[str]]]:
    """The non-empty rows of a table, each with the line it starts on.

    Raise :class:`~plotline.exceptions.LoadError` when the text is not a well-formed table.
    """
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    rows: list[tuple[int, list[str]]] = []
    line = 1
    try:
        for cells in reader:
            if cells:
                rows.append((line, cells))
            line = reader.line_num + 1
    except csv.Error as error:
        problem = Problem(
            f"this is not a well-formed table: {error}",
            Location(path, reader.line_num or 1, 1),
            "a cell with the separator or a quote in it goes in double quotes, "
            'each " in it doubled',
        )
        raise LoadError([problem]) from None
    return rows


def sniff_delimiter(path: str, text: str) -> str:
    """The column separator: a tab for ``.tsv`` and ``.tab``, else sniffed from the header row."""
    if Path(path).suffix.lower() in (".tsv", ".tab"):
        return "\t"
    first = text.lstrip("\ufeff").split("\n", 1)[0]
    counts = {separator: first.count(separator) for separator in (",", "\t", ";", "|")}
    best = max(counts, key=lambda separator: counts[separator])
    return best if counts[best] else ","


SHEET_SUFFIXES: Final = (".xlsx", ".xlsm")
"""The workbook suffixes read through openpyxl (the ``plotline[xlsx]`` extra)."""


def read_sheet(path: str, sheet: str | None = None) -> list[tuple[int, list[str]]]:
    """The non-empty rows of a workbook's sheet (its first, or ``sheet``), each with its row number.

    Cells become the text a CSV would hold: numbers as written (``4``, not
    ``4.0``), dates as ISO 8601 (a midnight time left out), booleans as
    ``true``/``false``, empty cells empty; formulas give their saved values.
    Raise :class:`~plotline.exceptions.LoadError` when openpyxl is missing, the
    file is too large or not a workbook, or has no such sheet.
    """
    at = Location(path, 1, 1)
    data = read_limited(path)
    if isinstance(data, Problem):
        raise LoadError([data])
    try:
        import openpyxl
    except ModuleNotFoundError:
        raise LoadError(
            [Problem("reading a workbook needs openpyxl", at, "pip install 'plotline[xlsx]'")]
        ) from None
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (OSError, ValueError, KeyError, zipfile.BadZipFile) as error:
        message = f"this is not an Excel workbook ({error})"
        raise LoadError([Problem(message, at, "save it as .xlsx, or export it as CSV")]) from None
    try:
        if sheet is not None and sheet not in workbook.sheetnames:
            guess = did_you_mean(sheet, workbook.sheetnames)
            hint = (
                f"did you mean {guess!r}?"
                if guess
                else "its sheets: " + ", ".join(workbook.sheetnames)
            )
            raise LoadError([Problem(f"the workbook has no sheet {sheet!r}", at, hint)])
        worksheet = workbook[sheet] if sheet is not None else workbook.worksheets[0]
        rows = []
        for number, values in enumerate(worksheet.iter_rows(values_only=True), start=1):
            cells = [_sheet_text(value) for value in values]
            while cells and not cells[-1]:
                cells.pop()
            if cells:
                rows.append((number, cells))
        return rows
    finally:
        workbook.close()


def _sheet_text(value: object) -> str:
    """A workbook cell's value as the text a CSV cell would hold."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        if value.time() == datetime.time():
            return value.date().isoformat()
        return value.isoformat(timespec="seconds" if value.second else "minutes")
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    return str(value)
