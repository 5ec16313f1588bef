"""Any table into any record table: CSV, TSV and workbook rows read as a story file's records.

``plotline import films.csv:works releases.csv:releases`` reads each table's
rows into records of the table named, then hands them to the same reader a
story file goes through (:mod:`plotline._io._structure`), so a cell converts
exactly as the story file's value does: partial dates, durations, kinds and
statuses with did-you-mean, ids. What a spreadsheet cannot say the way TOML
does is settled before that:

* a header maps to the field of its name (case, spaces and hyphens aside)
  unless a :class:`~._tablemap.TableMapping` maps it elsewhere; the columns no
  field takes go under ``meta`` (or are dropped on request);
* whole numbers and true/false are read from their text; list fields are split
  on ``;`` (or the separator named); a ``participants`` item is ``entity`` or
  ``entity:role``; a kind or status is lower-cased with hyphens for spaces;
* a ``date_precision`` column (``year``, ``month``, ``day``) cuts the ``date``
  of its row to that precision, and so for every time field;
* a row without an id gets one made from its title (or name; a release from
  its work, kind, region, platform and edition) by :func:`table_slug`,
  numbered ``-2``, ``-3`` on collision; rows that make the same id are one
  record;
* a reference (``work``, ``told_in``, ``participants``…) that is the title or
  name of a record this import made, or of the story imported into, becomes
  that record's id; one that is not an id (it has spaces) becomes its slug;
* with a sources column, each of its URLs becomes a source and each of the
  row's values a claim from it, so two rows that disagree about one record
  are a PL601 finding, not a silent choice; a column per source
  (``TableMapping.claims``) makes each of its cells that source's claim.

Every problem of every row is reported at ``file:line:column`` (the line in
the file, the column's number, and its header), and any problem means no story.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

import attrs

from plotline._io import read_story_file
from plotline._io._fields import RECORD_TABLES, FieldSpec, Kind, specs
from plotline._io._structure import assemble, new_cache, read_document
from plotline._model import Location, Story
from plotline._time import using_calendars
from plotline.exceptions import LoadError, Problem, did_you_mean
from plotline.importers._tablemap import PRECISION, TableInput, TableMapping, check_field
from plotline.importers._tablerows import (
    SHEET_SUFFIXES,
    Cell,
    Record,
    TableDocument,
    normal_header,
    read_rows,
    read_sheet,
    sniff_delimiter,
    table_slug,
    url_slug,
)

if TYPE_CHECKING:
    from collections.abc import Iterable

__all__ = ["TableImport", "import_tables", "table_slug", "url_slug"]

LIST_SEPARATOR: Final = ";"
ROLE_SEPARATOR: Final = ":"
PRECISIONS: Final = {"year": 1, "month": 2, "day": 3}
"""The precisions a ``*_precision`` column may name, with how many date parts each keeps."""

_KEYS: Final[Mapping[str, tuple[str, ...]]] = {
    "releases": ("work", "kind", "region", "platform", "edition"),
}
"""The fields that make a row's id, for tables whose id is not made from a title or name."""

_CLAIMED: Final = frozenset(
    {
        Kind.TEXT,
        Kind.INT,
        Kind.COUNT,
        Kind.ENUM,
        Kind.TIME,
        Kind.INSTANT,
        Kind.DURATION,
        Kind.WORD,
        Kind.BOOL,
        Kind.SCALAR,
    }
)
"""The kinds of field whose value a source's claim can carry."""

_HOLDS: Final = {
    Kind.IDS: "a list of ids",
    Kind.STRINGS: "a list of texts",
    Kind.ROLES: "a table of roles",
    Kind.META: "a table of free keys",
    Kind.COUNTS: "a table of whole numbers",
    Kind.ID_MAP: "a table of ids",
    Kind.ID_LISTS: "a table of id lists",
    Kind.TABLE: "a table",
    Kind.TABLES: "a list of tables",
}
_URL_SEPARATORS: Final = re.compile(r"[\s;]+")
_WHOLE: Final = re.compile(r"[+-]?\d+")
_NESTED: Final = frozenset({Kind.COUNTS, Kind.ID_MAP, Kind.ID_LISTS, Kind.TABLE, Kind.TABLES})
"""The kinds a cell holds as JSON (or, for tables of ids, as ``key:value`` pairs)."""
_DATE_PARTS: Final = re.compile(r"(?P<year>[+-]?\d{4,})(?:-(?P<month>\d\d)(?:-(?P<day>\d\d))?)?")
_TRUE: Final = frozenset({"true", "yes", "y", "1"})
_FALSE: Final = frozenset({"false", "no", "n", "0"})


@attrs.frozen(slots=True)
class TableImport:
    """What :func:`import_tables` made: the story, and the columns it kept under ``meta``.

    ``kept`` maps each input file to the headers that no field took, whose
    cells are in each record's ``meta``; ``added`` counts the records made,
    per table.
    """

    story: Story
    kept: Mapping[str, tuple[str, ...]] = attrs.field(factory=dict)
    added: Mapping[str, int] = attrs.field(factory=dict)


class _Importer:
    """Reads the tables of one import, in order, into records, sources and claims."""

    def __init__(self, into: Story | None) -> None:
        self.problems: list[Problem] = []
        self.files: list[str] = []
        self.records: dict[tuple[str, str], Record] = {}
        self.order: list[Record] = []
        self.titles: dict[str, str] = {}
        self.taken: set[tuple[str, str]] = set()
        self.made: dict[tuple[str, tuple[str, ...]], str] = {}
        self.sources: dict[str, str] = {}
        self.claims: set[tuple[str, str, Any, str]] = set()
        self.kept: dict[str, tuple[str, ...]] = {}
        if into is not None:
            for work in into.works:
                if work.title:
                    self.titles.setdefault(work.title, work.id)
            for entity in into.entities:
                if entity.name:
                    self.titles.setdefault(entity.name, entity.id)
            for thread in into.threads:
                if thread.title:
                    self.titles.setdefault(thread.title, thread.id)
            for source in into.sources:
                if source.url:
                    self.sources.setdefault(source.url, source.id)

    # -- reading one table ---------------------------------------------------------

    def read(self, source: TableInput) -> None:
        path, mapping = source.path, source.mapping
        self.files.append(path)
        before = len(self.problems)
        try:
            rows = self._rows(path, mapping)
        except LoadError as error:
            self.problems.extend(error.problems)
            return
        except OSError as error:
            self.problems.append(
                Problem(f"cannot read the table: {error.strerror}", Location(path, 1, 1))
            )
            return
        if not rows:
            if len(self.problems) == before:
                self.problems.append(
                    Problem(
                        "the table is empty: its first row must name the columns",
                        Location(path, 1, 1),
                    )
                )
            return
        (_, headers), body = rows[0], rows[1:]
        plan = self._plan(path, headers, mapping)
        if plan is None:
            return
        for line, cells in body:
            if any(cell.strip() for cell in cells):
                self._row(plan, line, cells)

    @staticmethod
    def _rows(path: str, mapping: TableMapping) -> list[tuple[int, list[str]]]:
        """The rows of a CSV, TSV or workbook file, each with its line (or row number)."""
        if Path(path).suffix.lower() in SHEET_SUFFIXES:
            return read_sheet(path, mapping.sheet)
        _, text = read_story_file(path)
        delimiter = mapping.delimiter or sniff_delimiter(path, text)
        return read_rows(path, text.removeprefix("\ufeff"), delimiter)

    def _plan(self, path: str, headers: list[str], mapping: TableMapping) -> _Plan | None:
        """Decide which column holds which field; report what cannot be."""
        before = len(self.problems)
        fields = {spec.name: spec for spec in specs(RECORD_TABLES[mapping.table])}
        stripped = [header.strip() for header in headers]
        index: dict[str, int] = {}
        for number, header in enumerate(stripped):
            if not header:
                self.problems.append(
                    Problem(
                        f"column {number + 1} has no header",
                        Location(path, 1, number + 1),
                        "name every column in the first row",
                    )
                )
            elif header in index:
                self.problems.append(
                    Problem(
                        f"two columns are headed {header!r}",
                        Location(path, 1, number + 1),
                        "give each column its own header",
                    )
                )
            else:
                index[header] = number
        plan = _Plan(len(self.files) - 1, path, mapping, fields)
        for name in (*mapping.columns, *mapping.constants, *mapping.split, *mapping.key):
            problem = check_field(mapping.table, name, Location(path, 1, 1))
            if problem is not None:
                self.problems.append(problem)
        for name, header in mapping.columns.items():
            column = self._column(path, index, header, f"{name}={header}")
            if column is not None:
                plan.columns[name] = column
        taken = set(plan.columns.values())
        for header, (name, source) in mapping.claims.items():
            column = self._column(path, index, header, f"--claim {name}={header}")
            spec = fields.get(name)
            unknown = check_field(mapping.table, name, Location(path, 1, 1))
            if spec is None or unknown is not None:
                self.problems.extend([unknown] if unknown is not None else [])
            elif column is not None and spec.kind not in _CLAIMED:
                self.problems.append(
                    Problem(
                        f"--claim {name}={header}: a claim holds one value, "
                        f"and {name!r} holds {_HOLDS.get(spec.kind, 'several')}",
                        Location(path, 1, column + 1),
                    )
                )
            elif column is not None:
                plan.claims[column] = (name, source)
                taken.add(column)
        if mapping.sources is not None:
            plan.sources = self._column(path, index, mapping.sources, "--sources")
            if plan.sources is not None:
                taken.add(plan.sources)
        for header, column in index.items():
            if column in taken:
                continue
            name = normal_header(header)
            base = name.removesuffix(PRECISION)
            if name in fields and name not in plan.columns and name != "meta":
                plan.columns[name] = column
            elif name != base and base in fields and fields[base].kind in (Kind.TIME, Kind.INSTANT):
                plan.columns.setdefault(name, column)
            elif mapping.rest == "meta" and "meta" in fields:
                plan.meta[header] = column
        for name in mapping.constants:
            plan.columns.pop(name, None)
        for name, spec in fields.items():
            if (
                spec.required
                and name != "id"
                and name not in plan.columns
                and name not in mapping.constants
            ):
                self.problems.append(
                    Problem(
                        f"every {_singular(mapping.table)} needs a {name!r}, "
                        "and no column holds it",
                        Location(path, 1, 1),
                        f"name its column with --column {name}=HEADER, "
                        f"or give every row one with --set {name}=VALUE",
                    )
                )
        if plan.meta:
            self.kept[path] = tuple(plan.meta)
        plan.headers = stripped
        return plan if len(self.problems) == before else None

    def _column(self, path: str, index: dict[str, int], header: str, what: str) -> int | None:
        """The number of the column ``header`` names; ``None`` (reported) if there is none."""
        column = index.get(header)
        if column is None:
            guess = did_you_mean(header, index)
            hint = f"did you mean {guess!r}?" if guess else "its columns: " + ", ".join(index)
            message = f"{what}: the table has no column {header!r}"
            self.problems.append(Problem(message, Location(path, 1, 1), hint))
        return column

    def _row(self, plan: _Plan, line: int, cells: list[str]) -> None:
        document, path, mapping, headers = plan.document, plan.path, plan.mapping, plan.headers
        if len(cells) > len(headers):
            self.problems.append(
                Problem(
                    f"this row has {len(cells)} cells but the table {len(headers)} columns",
                    Location(path, line, len(headers) + 1),
                    "quote a cell that holds the separator",
                )
            )
            return
        given: dict[str, Cell] = {}
        for name, column in plan.columns.items():
            text = cells[column].strip() if column < len(cells) else ""
            if text:
                given[name] = Cell(text, line, column + 1, plan.headers[column])
        for name, text in mapping.constants.items():
            given[name] = Cell(text, line, 1, f"--set {name}")
        record = Record(mapping.table, document, line)
        for name, cell in given.items():
            if name.endswith(PRECISION) and name not in plan.fields:
                continue
            value = self._value(path, plan.fields[name], cell, mapping, given)
            if value is None:
                record.refused.add(name)
            else:
                record.data[name] = value
                record.at[name] = cell
        meta = {
            header: cells[column].strip()
            for header, column in plan.meta.items()
            if column < len(cells) and cells[column].strip()
        }
        if meta:
            record.data["meta"] = meta
            first = min(plan.meta.values())
            record.at["meta"] = Cell("", line, first + 1, plan.headers[first])
        urls: list[Cell] = []
        if plan.sources is not None and plan.sources < len(cells):
            parts = _URL_SEPARATORS.split(cells[plan.sources])
            header = plan.headers[plan.sources]
            urls = [
                Cell(url.strip(), line, plan.sources + 1, header) for url in parts if url.strip()
            ]
        for column, (name, source) in plan.claims.items():
            text = cells[column].strip() if column < len(cells) else ""
            if not text:
                continue
            cell = Cell(text, line, column + 1, plan.headers[column])
            value = self._value(path, plan.fields[name], cell, mapping, given)
            if value is not None:
                record.claimed.append((name, value, cell, cell._replace(text=source)))
        self._identify(path, mapping, plan, record, given)
        self._place(path, record, urls)

    # -- cells ---------------------------------------------------------------------

    def _value(
        self,
        path: str,
        spec: FieldSpec,
        cell: Cell,
        mapping: TableMapping,
        given: dict[str, Cell],
    ) -> Any:
        """The value a story file would hold for ``cell``; ``None`` after a problem."""
        text, kind = cell.text, spec.kind
        if kind in (Kind.INT, Kind.COUNT):
            if _WHOLE.fullmatch(text):
                return int(text)
            return self._bad(path, cell, f"expected a whole number, got {text!r}")
        if kind is Kind.BOOL:
            lowered = text.lower()
            if lowered in _TRUE or lowered in _FALSE:
                return lowered in _TRUE
            return self._bad(path, cell, f"expected true or false (or yes or no), got {text!r}")
        if kind is Kind.SCALAR:
            return int(text) if _WHOLE.fullmatch(text) else text
        if kind in (Kind.ENUM, Kind.WORD):
            return re.sub(r"[\s_]+", "-", text.lower())
        if kind in (Kind.TIME, Kind.INSTANT):
            precision = given.get(spec.name + PRECISION)
            return text if precision is None else self._cut(path, text, precision)
        separator = mapping.split.get(spec.name, LIST_SEPARATOR)
        if kind in (Kind.IDS, Kind.STRINGS):
            items = [item.strip() for item in text.split(separator) if item.strip()]
            return [self._reference(item) for item in items] if kind is Kind.IDS else items
        if kind is Kind.ROLES:
            roles: dict[str, str] = {}
            for item in text.split(separator):
                entity, found, role = item.strip().rpartition(ROLE_SEPARATOR)
                if not found:
                    entity, role = role, "present"
                if entity.strip():
                    roles[self._reference(entity.strip())] = role.strip().lower() or "present"
            return roles
        if kind in _NESTED or (kind is Kind.META and text[:1] in "{["):
            return self._nested(path, cell, kind, text, separator)
        if kind is Kind.NUMBER:
            try:
                return int(text) if _WHOLE.fullmatch(text) else float(text)
            except ValueError:
                return self._bad(path, cell, f"expected a number, got {text!r}")
        if kind is Kind.ID and spec.name != "id":
            return self._reference(text)
        return text

    def _nested(self, path: str, cell: Cell, kind: Kind, text: str, separator: str) -> Any:
        """A table or list in one cell: JSON, or ``key:value`` pairs for id tables."""
        if text[:1] in "{[":
            try:
                return json.loads(text)
            except json.JSONDecodeError as error:
                return self._bad(path, cell, f"not JSON ({error.msg} at {error.pos + 1})")
        if kind in (Kind.COUNTS, Kind.ID_MAP, Kind.TABLE):  # harry:11;ron:11, cloak:harry
            pairs: dict[str, Any] = {}
            for item in text.split(separator):
                key, found, value = item.strip().rpartition(ROLE_SEPARATOR)
                if not found or not key.strip():
                    return self._bad(path, cell, f"expected key:value pairs, got {item.strip()!r}")
                key, value = key.strip(), value.strip()
                if kind is Kind.TABLE:  # a small record: numbers and booleans as such
                    lowered = value.lower()
                    pairs[key] = (
                        int(value)
                        if _WHOLE.fullmatch(value)
                        else lowered == "true"
                        if lowered in ("true", "false")
                        else value
                    )
                else:
                    pairs[self._reference(key)] = (
                        int(value) if kind is Kind.COUNTS and _WHOLE.fullmatch(value) else value
                    )
            return pairs
        return self._bad(path, cell, "expected JSON here (a table or a list of tables)")

    def _cut(self, path: str, text: str, precision: Cell) -> str:
        """``text`` cut to the precision a ``*_precision`` cell names; an interval stays whole."""
        keep = PRECISIONS.get(precision.text.lower())
        if keep is None:
            guess = did_you_mean(precision.text.lower(), PRECISIONS)
            message = f"unknown precision {precision.text!r}"
            if guess:
                self._bad(path, precision, f"{message} (did you mean {guess!r}?)")
            else:
                self._bad(path, precision, message, "expected one of: " + ", ".join(PRECISIONS))
            return text
        match = _DATE_PARTS.match(text)
        if match is None or "/" in text:
            return text  # not a calendar date: the story file's reader says what is wrong
        parts = [part for part in match.group("year", "month", "day") if part is not None]
        return "-".join(parts[:keep]) if len(parts) >= keep else text

    def _reference(self, text: str) -> str:
        """The id a reference cell names: a known title's id, the id itself, or its slug."""
        known = self.titles.get(text)
        if known is not None:
            return known
        return text if not re.search(r"\s", text) else table_slug(text)

    def _bad(self, path: str, cell: Cell, message: str, hint: str | None = None) -> None:
        where = Location(path, cell.line, cell.column, f"column {cell.header!r}")
        self.problems.append(Problem(message, where, hint))

    # -- records -------------------------------------------------------------------

    def _identify(
        self,
        path: str,
        mapping: TableMapping,
        plan: _Plan,
        record: Record,
        given: dict[str, Cell],
    ) -> None:
        """Give a row without an id one, made from its key fields' values."""
        spec = plan.fields.get("id")
        if spec is None or "id" in record.data:
            return
        key = mapping.key or _KEYS.get(mapping.table) or _title_field(plan.fields, record.data)
        values = tuple(str(record.data[name]) for name in key if name in record.data)
        if not values:
            if spec.required:
                wanted = " or ".join(key) if key else "a key"
                self.problems.append(
                    Problem(
                        f"this row has no id, and no {wanted} to make one from",
                        Location(path, record.line, 1),
                        "add an id column, or name the columns that make one with --key",
                    )
                )
            return
        made = self.made.get((mapping.table, values))
        if made is None:
            base = url_slug(values[0]) if key == ("url",) else table_slug(" ".join(values))
            made, number = base, 1
            while (mapping.table, made) in self.taken:
                number += 1
                made = f"{base}-{number}"
            self.made[(mapping.table, values)] = made
            self.taken.add((mapping.table, made))
            title = _title_field(plan.fields, record.data)
            if title and title[0] != "url" and title[0] in record.data:
                self.titles.setdefault(str(record.data[title[0]]), made)
        record.data["id"] = made
        record.key = key
        cells = [given[name] for name in key if name in given]
        record.at["id"] = cells[0] if cells else Cell("", record.line, 1, "")

    def _place(self, path: str, record: Record, urls: list[Cell]) -> None:
        """Add a row's record (or join it to the record of the same id), its sources, claims."""
        ident = record.data.get("id")
        if ident is None:
            self.order.append(record)
        else:
            self.taken.add((record.table, ident))
            first = self.records.get((record.table, ident))
            if first is None:
                self.records[(record.table, ident)] = record
                self.order.append(record)
                if record.table == "sources" and isinstance(record.data.get("url"), str):
                    self.sources.setdefault(record.data["url"], ident)
            else:
                self._join(path, first, record, sourced=bool(urls))
        source_ids = [self._source(url, record.document) for url in urls]
        claimed = [
            (name, value, cell, self._source(source, record.document), source)
            for name, value, cell, source in record.claimed
        ]
        cited = [*source_ids, *(claim[3] for claim in claimed)]
        if cited and "sources" in _FIELDS[record.table]:
            target = self.records.get((record.table, ident)) if ident is not None else record
            assert target is not None
            have = target.data.setdefault("sources", [])
            have.extend(source for source in dict.fromkeys(cited) if source not in have)
            target.at.setdefault("sources", (urls or [claim[4] for claim in claimed])[0])
        if ident is None:
            return
        for name, value in record.data.items() if source_ids else ():
            spec = _FIELDS[record.table].get(name)
            if (
                name in ("id", *record.key)
                or spec is None
                or spec.kind not in _CLAIMED
                or spec.is_default(value)
            ):
                continue
            for source, url in zip(source_ids, urls, strict=True):
                self._claim(record, ident, name, value, record.at[name], source, url)
        for name, value, cell, source, at in claimed:
            self._claim(record, ident, name, value, cell, source, at)

    def _claim(self, record: Record, ident: str, name: str, value: Any, *cells: Any) -> None:
        """Add the claim that ``source`` gives ``value`` for ``name`` of ``ident``, once."""
        cell, source, source_cell = cells
        claim = (ident, name, value, source)
        if claim in self.claims:
            return
        self.claims.add(claim)
        data = {"subject": ident, "field": name, "value": value, "source": source}
        at = {**dict.fromkeys(("subject", "field", "value"), cell), "source": source_cell}
        self.order.append(Record("claims", record.document, record.line, data, at))

    def _join(self, path: str, first: Record, record: Record, *, sourced: bool) -> None:
        for name, value in record.data.items():
            if name not in first.data:
                first.data[name] = value
                first.at[name] = record.at[name]
            elif name == "meta":
                for key, item in value.items():
                    first.data["meta"].setdefault(key, item)
            elif first.data[name] != value and name not in ("sources",) and not sourced:
                cell = record.at[name]
                earlier = first.at[name]
                self._bad(
                    path,
                    cell,
                    f"{first.data['id']!r} is given again with {name} {value!r}, "
                    f"but line {earlier.line} gave {first.data[name]!r}",
                    "give each record once, or name a sources column (--sources) to keep "
                    "each source's value as a claim",
                )

    def _source(self, url: Cell, document: int) -> str:
        """The id of the source at ``url``, made (with its record) on first use.

        Text that is not a URL (no ``://``) is taken as the id of a source there is.
        """
        known = self.sources.get(url.text)
        if known is not None:
            return known
        if "://" not in url.text:
            return url.text
        base = url_slug(url.text)
        ident, number = base, 1
        while ("sources", ident) in self.taken:
            number += 1
            ident = f"{base}-{number}"
        self.taken.add(("sources", ident))
        self.sources[url.text] = ident
        cell = url
        record = Record("sources", document, url.line, {"id": ident, "url": url.text})
        record.at = {"id": cell, "url": cell}
        self.records[("sources", ident)] = record
        self.order.append(record)
        return ident

    # -- the story -----------------------------------------------------------------

    def story(self, into: Story | None) -> Story:
        per_file: list[dict[str, list[Record]]] = [{} for _ in self.files]
        for record in self.order:
            per_file[record.document].setdefault(record.table, []).append(record)
        cache = new_cache()
        problems = self.problems
        # Calendar tables first: the times of the other tables may be written in them.
        tables = sorted(
            zip(self.files, per_file, strict=True), key=lambda t: "calendars" not in t[1]
        )
        with using_calendars(into.calendars if into is not None else ()):
            parts = [
                read_document(TableDocument(file, records), cache, problems)
                for file, records in tables
                if records
            ]
        made = assemble(parts, problems)
        if into is not None:
            self._clashes(into, made)
        if problems:
            raise LoadError(problems)
        return made

    def _clashes(self, into: Story, made: Story) -> None:
        for table in RECORD_TABLES:
            there = {
                record.id: record
                for record in getattr(into, table)
                if getattr(record, "id", None) is not None
            }
            for record in getattr(made, table):
                ident = getattr(record, "id", None)
                old = there.get(ident) if ident is not None else None
                if old is None or (table == "sources" and old.url == record.url):
                    continue
                where = old.origin.record if old.origin is not None else "the story"
                at = record.origin.record if record.origin is not None else None
                self.problems.append(
                    Problem(
                        f"{table} {ident!r} is already in the story, at {where}",
                        None if at is None else Location(at.file, at.line, at.column),
                        "the story keeps its record: rename this one, or leave it out",
                    )
                )


@attrs.define
class _Plan:
    """Which column of one table holds which field, and what else its rows carry."""

    document: int
    path: str
    mapping: TableMapping
    fields: dict[str, FieldSpec]
    columns: dict[str, int] = attrs.Factory(dict)
    meta: dict[str, int] = attrs.Factory(dict)
    claims: dict[int, tuple[str, str]] = attrs.Factory(dict)
    sources: int | None = None
    headers: list[str] = attrs.Factory(list)


_FIELDS: Final = {
    table: {spec.name: spec for spec in specs(cls)} for table, cls in RECORD_TABLES.items()
}


def _singular(table: str) -> str:
    return table[:-3] + "y" if table.endswith("ies") else table.removesuffix("s")


def _title_field(fields: Mapping[str, FieldSpec], data: Mapping[str, Any]) -> tuple[str, ...]:
    """The field that names a record: its title or name; for a source without one, its URL."""
    named = [name for name in ("title", "name", "url") if name in fields]
    given = [name for name in named if name in data]
    return tuple((given or named)[:1])


def import_tables(inputs: Iterable[TableInput], *, into: Story | None = None) -> TableImport:
    """Read each table into records of its table and join them into one story.

    The tables are read in the order given, so a later table's references may
    name an earlier table's titles. With ``into``, references may name that
    story's titles too, and an id it already has is a problem; the result holds
    the new records only, to be added to it.
    Raise :class:`~plotline.exceptions.LoadError` with every problem of every
    row (nothing is imported when a row is wrong).
    """
    importer = _Importer(into)
    for source in inputs:
        importer.read(source)
    story = importer.story(into)
    added: dict[str, int] = {}
    for record in importer.order:
        added[record.table] = added.get(record.table, 0) + 1
    return TableImport(story, importer.kept, added)
