"""From a document's plain data to records, with every problem found and located.

Structuring is hand-written rather than a cattrs ``Converter``. cattrs with
``detailed_validation`` does collect one error per badly *typed* field, but
the model's own validators (ids without spaces, counts of 0 or more) only run
in ``__init__`` once every type is right, and then stop at the first; unknown
keys come as one "extra fields found" error for the whole record; and the
messages speak Python ("expected int | None"). Here every field is read by
the same :mod:`._fields` table the dumper and the schema use, each mistake is
its own located problem in the file's words ("expected a list of ids, got an
integer (3)"), and unknown keys get a did-you-mean.

A record is built only when its fields had no problem; its origin carries the
record's position and a :class:`~._locate.FieldLocations` for its fields.
"""

from __future__ import annotations

import datetime as _dt
import re
from functools import partial
from typing import TYPE_CHECKING, Any, Final, TypeAlias

import attrs

from plotline._io._calendars import display_problem, register_calendars
from plotline._io._fields import _PARTS, RECORD_TABLES, TABLE_ORDER, FieldSpec, Kind, specs
from plotline._io._locate import Document, FieldLocations, Path, Position
from plotline._model import CheckSettings, Location, Origin, Role, Story
from plotline._records import KIND_WORD
from plotline._time import (
    CalendarSystem,
    Duration,
    Instant,
    TimeParseError,
    active_calendars,
    from_python,
    parse_story_time,
    parse_time,
)
from plotline.exceptions import Problem, did_you_mean

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable


__all__ = ["Part", "assemble", "read_document"]

_BAD: Final = object()
"""What a field reader returns after reporting a problem."""


class _Never:
    """A type no value has: the fields whose every value goes through its reader."""


_Plan: TypeAlias = "dict[str, tuple[type[Any], Callable[[Any, Path], Any]]]"

_PLAIN: Final = {Kind.TEXT: str, Kind.INT: int, Kind.SCALAR: str, Kind.BOOL: bool}
"""The kinds whose value of this type is right as it is."""

_TRUSTED: Final = {
    **_PLAIN,
    Kind.ID: str,
    Kind.COUNT: int,
    Kind.ENUM: str,
    Kind.ROLES: dict,
    Kind.WORD: str,
    Kind.ID_LISTS: dict,
    Kind.ID_MAP: dict,
}
"""The same while trusting: the model converts and validates ids, counts, enumerations, roles."""

_IS_ID: Final = re.compile(r"\S+").fullmatch
_EXTENSION: Final = "x-"


@attrs.define
class Part:
    """What one file contributes to a story."""

    document: Document
    records: dict[str, list[Any]] = attrs.Factory(dict)
    story: dict[str, tuple[Any, Location]] = attrs.Factory(dict)
    story_at: Location | None = None
    select: list[str] = attrs.Factory(list)
    ignore: list[str] = attrs.Factory(list)
    options: dict[str, tuple[Any, Location]] = attrs.Factory(dict)
    check_fields: dict[str, Location] = attrs.Factory(dict)
    check_at: Location | None = None
    installment: tuple[str, Location] | None = None


class _Cache:
    """Parsed times and durations by text, shared by every file of one load."""

    def __init__(self) -> None:
        self.times: dict[str, Any] = {}
        self.durations: dict[str, Any] = {}
        self.calendars: dict[str, CalendarSystem] = dict(active_calendars())
        """The story's calendars by token: those in force, and those the files read so far
        define."""
        self.calendar_at: dict[str, Location] = {}


class _Reader:
    """Reads one document's data into a :class:`Part`, collecting problems.

    Each field reader takes the field's spec, the value and its path, and
    returns the value to build the record with, or ``_BAD`` after reporting.
    The common case (a value of the right type) takes the first branch.
    """

    def __init__(self, document: Document, cache: _Cache, problems: list[Problem]) -> None:
        self.document = document
        self.cache = cache
        self.problems = problems
        # While trusting, what the model's own converters and validators check (ids,
        # enumeration values, counts, roles) is left to them; a record the model
        # refuses is read again, not trusting, to locate each mistake.
        self.trusting = True
        readers: dict[Kind, Callable[[FieldSpec, Any, Path], Any]] = {
            Kind.TEXT: self._text,
            Kind.ID: self._id,
            Kind.INT: self._int,
            Kind.COUNT: self._int,
            Kind.ENUM: self._enum,
            Kind.TIME: self._time,
            Kind.INSTANT: self._time,
            Kind.DURATION: self._duration,
            Kind.IDS: self._strings,
            Kind.STRINGS: self._strings,
            Kind.ROLES: self._roles,
            Kind.SCALAR: self._scalar,
            Kind.BOOL: self._bool,
            Kind.WORD: self._word,
            Kind.META: self._meta,
            Kind.COUNTS: self._counts,
            Kind.NUMBER: self._number,
            Kind.TABLE: self._part,
            Kind.TABLES: self._parts,
            Kind.ID_LISTS: self._id_lists,
            Kind.ID_MAP: self._id_map,
        }
        self.readers = readers
        # Per class: key -> (the type a value may have to be taken as it is, the reader
        # with its spec bound), so a record costs one type test or one call per key.
        self.plans: dict[bool, dict[type[Any], _Plan]] = {
            trusting: {
                cls: {
                    name: (
                        _TRUSTED.get(spec.kind, _Never)
                        if trusting
                        else _PLAIN.get(spec.kind, _Never),
                        partial(readers[spec.kind], spec),
                    )
                    for name, spec in fields.items()
                }
                for cls, fields in _FIELDS.items()
            }
            for trusting in (True, False)
        }

    # -- reporting -------------------------------------------------------------------

    def problem(self, message: str, path: Path, hint: str | None = None) -> object:
        self.problems.append(self.document.problem(message, path, hint))
        return _BAD

    def got(self, value: object) -> str:
        noun = self.document.noun(value)
        if isinstance(value, bool | int | float):
            return f"{noun} ({value!r})" if not isinstance(value, bool) else noun
        if isinstance(value, _dt.date | _dt.time):
            return f"{noun} ({value.isoformat()})"
        return noun

    # -- fields ------------------------------------------------------------------------

    def _text(self, spec: FieldSpec, value: Any, path: Path) -> Any:
        if type(value) is str:
            return value
        text = self.document.scalar_text(path)
        if text is not None:
            return text
        hint = "put it in quotes" if isinstance(value, int | float | _dt.date | _dt.time) else None
        return self.problem(f"expected a string, got {self.got(value)}", path, hint)

    def _id(self, spec: FieldSpec, value: Any, path: Path) -> Any:
        if type(value) is str and (self.trusting or _IS_ID(value)):
            return value
        text = value if isinstance(value, str) else self.document.scalar_text(path)
        if text is None:
            hint = "put it in quotes" if isinstance(value, int | float | _dt.date) else None
            return self.problem(f"expected an id, got {self.got(value)}", path, hint)
        if _IS_ID(text):
            return text
        what = "an empty string" if not text.strip() else repr(text)
        return self.problem(f"expected an id without spaces, got {what}", path)

    def _int(self, spec: FieldSpec, value: Any, path: Path) -> Any:
        if type(value) is not int:
            hint = None
            if isinstance(value, str) and value.strip().lstrip("-").isdigit():
                hint = "write the number without quotes"
            return self.problem(f"expected a whole number, got {self.got(value)}", path, hint)
        if value < 0 and spec.kind is Kind.COUNT:
            return self.problem(f"expected a number of 0 or more, got {value}", path)
        return value

    def _enum(self, spec: FieldSpec, value: Any, path: Path) -> Any:
        assert spec.enum is not None
        members = _MEMBERS[spec.enum]
        member = members.get(value) if type(value) is str else None
        if member is not None:
            return member
        if not isinstance(value, str):
            value = self.document.scalar_text(path) or value
            member = members.get(value) if isinstance(value, str) else None
            if member is not None:
                return member
        choices = list(members)
        if isinstance(value, str):
            suggestion = did_you_mean(value, choices)
            what = "role" if spec.kind is Kind.ROLES else spec.name
            message = f"unknown {what} {value!r}"
            if suggestion is not None:
                return self.problem(f"{message} (did you mean {suggestion!r}?)", path)
            return self.problem(message, path, "expected one of: " + ", ".join(choices))
        return self.problem(f"expected one of {', '.join(choices)}; got {self.got(value)}", path)

    def _time(self, spec: FieldSpec, value: Any, path: Path) -> Any:
        if type(value) is str:
            cached = self.cache.times.get(value)
            if cached is None:
                try:
                    if " " in value:  # perhaps written in one of the story's calendars
                        cached = parse_story_time(value, self.cache.calendars)
                    else:
                        cached = parse_time(value)
                except TimeParseError as error:
                    cached = error
                if not (isinstance(cached, TimeParseError) and " " in value):
                    self.cache.times[value] = cached  # a later file may define the calendar
        elif isinstance(value, int | _dt.date) and not isinstance(value, bool):
            try:
                cached = from_python(value)
            except TimeParseError as error:
                cached = error
        else:
            return self.problem(
                f"expected a time such as '2021-03-04', got {self.got(value)}", path
            )
        if isinstance(cached, TimeParseError):
            return self.problem(str(cached), path, cached.hint)
        if spec.kind is Kind.INSTANT and not isinstance(cached, Instant):
            return self.problem(
                f"expected a single time, got the interval {str(cached)!r}",
                path,
                "give a run as start and end, or as date",
            )
        return cached

    def _duration(self, spec: FieldSpec, value: Any, path: Path) -> Any:
        if type(value) is not str:
            return self.problem(
                f"expected a duration such as 'PT24M' or 'P3Y', got {self.got(value)}", path
            )
        cached = self.cache.durations.get(value)
        if cached is None:
            try:
                cached = Duration.parse(value)
            except TimeParseError as error:
                cached = error
            self.cache.durations[value] = cached
        if isinstance(cached, TimeParseError):
            return self.problem(str(cached), path, cached.hint)
        return cached

    def _strings(self, spec: FieldSpec, value: Any, path: Path) -> Any:
        if type(value) is list:
            if spec.kind is Kind.IDS:
                if self.trusting or all(type(item) is str and _IS_ID(item) for item in value):
                    return value
            elif all(type(item) is str for item in value):
                return value
            item = self._id if spec.kind is Kind.IDS else self._text
            result = [item(spec, element, (*path, index)) for index, element in enumerate(value)]
            return _BAD if any(element is _BAD for element in result) else result
        if isinstance(value, str):
            return (self._id if spec.kind is Kind.IDS else self._text)(spec, value, path)
        what = "ids" if spec.kind is Kind.IDS else "strings"
        return self.problem(f"expected a list of {what}, got {self.got(value)}", path)

    def _roles(self, spec: FieldSpec, value: Any, path: Path) -> Any:
        if type(value) is dict:
            members = _ROLES
            result = {}
            bad = False
            for entity, role in value.items():
                member = members.get(role) if type(role) is str else None
                if member is None:
                    member = self._enum(spec, role, (*path, entity))
                    bad = bad or member is _BAD
                result[entity] = member
            return _BAD if bad else result
        if isinstance(value, list):
            ids = self._strings(_ENTITY_IDS, value, path)
            return ids if ids is _BAD else dict.fromkeys(ids, Role.PRESENT)
        return self.problem(
            f"expected a table of entity ids and roles, got {self.got(value)}",
            path,
            'write it like { monica = "dies", sarah = "present" }',
        )

    def _id_lists(self, spec: FieldSpec, value: Any, path: Path) -> Any:
        if type(value) is not dict:
            return self.problem(
                f"expected a table of entity ids and fact ids, got {self.got(value)}",
                path,
                f'write it like {spec.name} = {{ harry = ["godfather"] }}',
            )
        result = {}
        bad = False
        for key, ids in value.items():
            read = self._strings(_FACT_IDS, ids, (*path, key))
            bad = bad or read is _BAD
            result[key] = read
        return _BAD if bad else result

    def _id_map(self, spec: FieldSpec, value: Any, path: Path) -> Any:
        if type(value) is not dict:
            return self.problem(
                f"expected a table of object ids and holder ids, got {self.got(value)}",
                path,
                'write it like holds = { cloak = "harry" } ("-" for nobody)',
            )
        result = {}
        bad = False
        for key, holder in value.items():
            read = self._id(spec, holder, (*path, key))
            bad = bad or read is _BAD
            result[key] = read
        return _BAD if bad else result

    def _scalar(self, spec: FieldSpec, value: Any, path: Path) -> Any:
        if isinstance(value, str | int | float):  # bool is an int
            return value
        if isinstance(value, _dt.date):
            try:
                return str(from_python(value))
            except TimeParseError as error:
                return self.problem(str(error), path, error.hint)
        return self.problem(f"expected a string, number or boolean, got {self.got(value)}", path)

    def _bool(self, spec: FieldSpec, value: Any, path: Path) -> Any:
        if type(value) is bool:
            return value
        hint = "write true or false without quotes" if value in ("true", "false") else None
        return self.problem(f"expected true or false, got {self.got(value)}", path, hint)

    def _word(self, spec: FieldSpec, value: Any, path: Path) -> Any:
        assert spec.enum is not None
        if type(value) is str and (KIND_WORD.fullmatch(value) or value in _MEMBERS[spec.enum]):
            return value
        text = value if isinstance(value, str) else self.document.scalar_text(path)
        if isinstance(text, str) and KIND_WORD.fullmatch(text):
            return text
        known = ", ".join(_MEMBERS[spec.enum])
        if isinstance(text, str):
            lowered = text.strip().lower().replace(" ", "-").replace("_", "-")
            hint = (
                f"write it as {lowered!r}"
                if KIND_WORD.fullmatch(lowered)
                else f"known kinds: {known}"
            )
            return self.problem(
                f"a kind is one lowercase word (letters, digits, hyphens), not {text!r}", path, hint
            )
        return self.problem(
            f"expected a kind such as {next(iter(_MEMBERS[spec.enum]))!r}, got {self.got(value)}",
            path,
            f"known kinds: {known}",
        )

    def _meta(self, spec: FieldSpec, value: Any, path: Path) -> Any:
        if type(value) is not dict:
            return self.problem(
                f"expected a table of free keys, got {self.got(value)}",
                path,
                'write it like meta = { author = "…", pages = 223 }',
            )
        result = {}
        bad = False
        for key, item in value.items():
            plain = self._meta_value(item, (*path, key))
            if plain is _BAD:
                bad = True
            else:
                result[key] = plain
        return _BAD if bad else result

    def _meta_value(self, value: Any, path: Path) -> Any:
        """A value under ``meta`` as all three formats can write it: dates become text."""
        if isinstance(value, str | int | float):  # bool is an int
            return value
        if isinstance(value, _dt.date | _dt.time):
            return value.isoformat()
        if isinstance(value, list):
            items = [self._meta_value(item, (*path, index)) for index, item in enumerate(value)]
            return _BAD if any(item is _BAD for item in items) else items
        if isinstance(value, dict):
            pairs = {key: self._meta_value(item, (*path, key)) for key, item in value.items()}
            return _BAD if any(item is _BAD for item in pairs.values()) else pairs
        return self.problem(
            f"a meta value cannot be {self.got(value)}", path, "leave the key out instead"
        )

    def _counts(self, spec: FieldSpec, value: Any, path: Path) -> Any:
        if type(value) is not dict:
            return self.problem(
                f"expected a table of entity ids and whole numbers, got {self.got(value)}",
                path,
                "write it like ages = { harry = 11 }",
            )
        result = {}
        bad = False
        for key, item in value.items():
            read = self._int(_COUNT, item, (*path, key))
            if read is _BAD:
                bad = True
            else:
                result[key] = read
        return _BAD if bad else result

    def _number(self, spec: FieldSpec, value: Any, path: Path) -> Any:
        if isinstance(value, int | float) and not isinstance(value, bool):
            return value
        return self.problem(f"expected a number, got {self.got(value)}", path)

    def _part(self, spec: FieldSpec, value: Any, path: Path) -> Any:
        cls = spec.item
        assert cls is not None
        noun = cls.__name__.lower()
        if type(value) is not dict:
            what = f"a table for the {spec.name}"
            return self.problem(f"expected {what}, got {self.got(value)}", path)
        fields = _FIELDS[cls]
        kwargs: dict[str, Any] = {}
        bad = False
        for key, item in value.items():
            item_spec = fields.get(key)
            if item_spec is None:
                bad = True
                suggestion = did_you_mean(key, fields)
                also = f" (did you mean {suggestion!r}?)" if suggestion else ""
                self.problem(
                    f"unknown key {key!r} in the {spec.name}{also}",
                    (*path, key),
                    None if suggestion else "known keys: " + ", ".join(fields),
                )
            elif item is not None:
                read = self.readers[item_spec.kind](item_spec, item, (*path, key))
                if read is _BAD:
                    bad = True
                else:
                    kwargs[key] = read
        for name in _REQUIRED[cls]:
            if value.get(name) is None:
                bad = True
                self.problem(f"this {noun} has no {name!r}, which every {noun} needs", path)
        if bad:
            return _BAD
        try:
            return cls(**kwargs)
        except (ValueError, TypeError) as error:
            return self.problem(str(error), path)

    def _parts(self, spec: FieldSpec, value: Any, path: Path) -> Any:
        if type(value) is not list:
            return self.problem(
                f"expected a list of tables for the {spec.name}, got {self.got(value)}", path
            )
        result = [self._part(spec, item, (*path, index)) for index, item in enumerate(value)]
        return _BAD if any(item is _BAD for item in result) else result

    # -- records -----------------------------------------------------------------------

    def record(self, cls: type[Any], table: str, index: int, data: Any, at: Position) -> Any:
        """Build one record; or report each of its mistakes once and return ``_BAD``.

        While trusting, the model itself checks much of what is read; a record
        with any mistake is read again, carefully, to find and locate them all.
        """
        if not self.trusting:
            return self._record(cls, table, index, data, at)
        found = len(self.problems)
        built = self._record(cls, table, index, data, at)
        if built is _BAD:
            del self.problems[found:]
            self.trusting = False
            try:
                built = self._record(cls, table, index, data, at)
            finally:
                self.trusting = True
        return built

    def _record(self, cls: type[Any], table: str, index: int, data: Any, at: Position) -> Any:
        path: Path = (table, index)
        if type(data) is not dict:
            if path in self.document.refused:
                return _BAD
            noun = cls.__name__.lower()
            return self.problem(f"expected a table for each {noun}, got {self.got(data)}", path)
        plan = self.plans[self.trusting][cls]
        kwargs: dict[str, Any] = {}
        bad = False
        for key, value in data.items():
            step = plan.get(key)
            if step is None:
                bad = True
                self._unknown(key, _FIELDS[cls], (table, index, key), cls.__name__.lower())
            elif type(value) is step[0]:
                kwargs[key] = value
            elif value is not None:  # a YAML or JSON null: the field is not given
                read = step[1](value, (table, index, key))
                if read is _BAD:
                    bad = True
                else:
                    kwargs[key] = read
        for name in _REQUIRED[cls]:
            if data.get(name) is None and (table, index, name) not in self.document.refused:
                bad = True
                noun = cls.__name__.lower()
                self.problem(f"this {noun} has no {name!r}, which every {noun} needs", path)
        if bad:
            return _BAD
        renamed = _RENAMED.get(cls)
        if renamed is not None:
            kwargs = {renamed.get(key, key): value for key, value in kwargs.items()}
        document = self.document
        origin = Origin(
            Location(document.file, at[0], at[1], f"$.{table}[{index}]"),
            FieldLocations(document, path),
        )
        try:
            return cls(**kwargs, origin=origin)
        except (ValueError, TypeError) as error:
            return _BAD if self.trusting else self.problem(str(error), path)

    def _unknown(self, key: str, fields: dict[str, FieldSpec], path: Path, noun: str) -> None:
        suggestion = did_you_mean(key, fields)
        free = "meta" in fields
        if suggestion is not None:
            self.problem(f"unknown key {key!r} (did you mean {suggestion!r}?)", path)
        else:
            known = "known keys: " + ", ".join(fields)
            self.problem(
                f"unknown key {key!r} for {_article(noun)} {noun}",
                path,
                f"{known}; keep other facts in meta = {{ {key} = … }}" if free else known,
            )

    # -- the whole file ----------------------------------------------------------------

    def read(self) -> Part:
        document = self.document
        part = Part(document)
        data = document.data
        if not isinstance(data, dict):
            self.problem(
                f"a story file holds tables ([story], [[events]]…), got {self.got(data)}", ()
            )
            return part
        if "calendars" in data:  # first: the file's times may be written in them
            self._records(part, "calendars", data["calendars"])
            cache = self.cache
            known = part.records.get("calendars", ())
            register_calendars(known, cache.calendars, cache.calendar_at, self.problems)
        for key, value in data.items():
            if key == "calendars":
                continue
            if key in RECORD_TABLES:
                self._records(part, key, value)
            elif key == "story":
                self._story(part, value)
            elif key == "check":
                self._check(part, value)
            elif not key.startswith(_EXTENSION):
                suggestion = did_you_mean(key, TABLE_ORDER)
                if suggestion is not None:
                    self.problem(f"unknown table {key!r} (did you mean {suggestion!r}?)", (key,))
                else:
                    self.problem(
                        f"unknown table {key!r}",
                        (key,),
                        "the tables are "
                        + ", ".join(TABLE_ORDER)
                        + f"; keys starting with {_EXTENSION!r} are ignored",
                    )
        return part

    def _records(self, part: Part, table: str, value: Any) -> None:
        if not isinstance(value, list):
            self.problem(
                f"expected a list of {table}, got {self.got(value)}",
                (table,),
                f"in TOML, write each one under its own [[{table}]] header",
            )
            return
        cls = RECORD_TABLES[table]
        record, positions = self.record, self.document.record_positions(table)
        # Each record's plain data goes as soon as the record is built, so a large story is
        # never held twice over (unless the document may share one value in two places).
        drop = not self.document.shares_values
        if len(positions) != len(value):
            msg = f"{len(positions)} positions for {len(value)} {table}"
            raise AssertionError(msg)
        read = []
        for index, at in enumerate(positions):
            item = value[index]
            if drop:
                value[index] = None
            read.append(record(cls, table, index, item, at))
        part.records[table] = [record for record in read if record is not _BAD]

    def _table(self, value: Any, path: Path) -> dict[str, Any] | None:
        if isinstance(value, dict):
            return value
        self.problem(f"expected a table, got {self.got(value)}", path)
        return None

    def _story(self, part: Part, value: Any) -> None:
        table = self._table(value, ("story",))
        if table is None:
            return
        part.story_at = self.document.locate(("story",))
        fields = _FIELDS[Story]
        for key, item in table.items():
            spec = fields.get(key)
            path: Path = ("story", key)
            if spec is None:
                self._unknown(key, fields, path, "story")
            elif item is not None:
                read = self.readers[spec.kind](spec, item, path)
                if read is not _BAD:
                    part.story[key] = (read, self.document.locate(path))

    def _check(self, part: Part, value: Any) -> None:
        table = self._table(value, ("check",))
        if table is None:
            return
        part.check_at = self.document.locate(("check",))
        fields = _FIELDS[CheckSettings]
        for key, item in table.items():
            path: Path = ("check", key)
            location = self.document.locate(path)
            part.check_fields[key] = location
            spec = fields.get(key)
            if spec is None:
                part.options[key] = (item, location)
            elif item is not None:
                read = self.readers[spec.kind](spec, item, path)
                if read is _BAD:
                    continue
                if key == "installment":
                    part.installment = (read, location)
                else:
                    getattr(part, key).extend(read if isinstance(read, list) else [read])


def _article(noun: str) -> str:
    return "an" if noun[:1] in "aeiou" else "a"


_FIELDS: Final = {
    cls: {spec.key: spec for spec in specs(cls)}
    for cls in (*RECORD_TABLES.values(), Story, CheckSettings, *_PARTS)
}
#: File key -> attribute, per class with a field named after a Python keyword (from -> from_).
_RENAMED: Final = {
    cls: {key: spec.name for key, spec in fields.items() if key != spec.name}
    for cls, fields in _FIELDS.items()
    if any(key != spec.name for key, spec in fields.items())
}
_REQUIRED: Final = {
    cls: [name for name, spec in fields.items() if spec.required] for cls, fields in _FIELDS.items()
}
_ENTITY_IDS: Final = FieldSpec("participants", Kind.IDS, required=False, default=())
_COUNT: Final = FieldSpec("ages", Kind.COUNT, required=False, default=None)
_FACT_IDS: Final = FieldSpec("facts", Kind.IDS, required=False, default=())
_MEMBERS: Final[dict[Any, dict[str, Any]]] = {
    spec.enum: {member.value: member for member in spec.enum}
    for fields in _FIELDS.values()
    for spec in fields.values()
    if spec.enum is not None
}
_ROLES: Final = _MEMBERS[Role]


def read_document(document: Document, cache: _Cache | None, problems: list[Problem]) -> Part:
    """Read a parsed document into a :class:`Part`, adding its problems to ``problems``."""
    problems.extend(document.problems)
    if document.problems and not document.data:
        part = Part(document)
    else:
        part = _Reader(document, cache if cache is not None else _Cache(), problems).read()
    document.release()
    return part


def new_cache() -> _Cache:
    """Make a fresh cache of parsed times, for the files of one load."""
    return _Cache()


def _merge_text(
    parts: Iterable[Part], name: str, problems: list[Problem]
) -> tuple[Any, Location | None]:
    value: Any = None
    where: Location | None = None
    for part in parts:
        if name not in part.story:
            continue
        other, location = part.story[name]
        if where is None:
            value, where = other, location
        elif other != value:
            problems.append(
                Problem(
                    f"the story's {name} is {other!r} here but {value!r} in {where}",
                    location,
                    f"give the {name} in one file only",
                )
            )
    return value, where


def assemble(parts: list[Part], problems: list[Problem]) -> Story:
    """Join the parts of one or more files into a story (problems go to ``problems``)."""
    records: dict[str, list[Any]] = {table: [] for table in RECORD_TABLES}
    for part in parts:
        for table, items in part.records.items():
            records[table].extend(items)
    story_fields: dict[str, Any] = {}
    story_locations: dict[str, Location] = {}
    for spec in specs(Story):
        value, where = _merge_text(parts, spec.name, problems)
        if where is not None:
            story_fields[spec.name] = value
            story_locations[spec.name] = where
    story_at = next((part.story_at for part in parts if part.story_at is not None), None)
    if story_at is None:
        file = parts[0].document.file if parts else None
        story_at = Location(file, 1, 1, "$")
    select: list[str] = []
    ignore: list[str] = []
    options: dict[str, Any] = {}
    check_fields: dict[str, Location] = {}
    for part in parts:
        select.extend(part.select)
        ignore.extend(part.ignore)
        for key, (value, location) in part.options.items():
            if key in options and options[key] != value:
                problems.append(
                    Problem(
                        f"the check option {key!r} is {value!r} here "
                        f"but {options[key]!r} in {check_fields[key]}",
                        location,
                        "set each option in one file only",
                    )
                )
                continue
            options.setdefault(key, value)
        for key, location in part.check_fields.items():
            check_fields.setdefault(key, location)
    check_at = next((part.check_at for part in parts if part.check_at is not None), story_at)
    installment: tuple[str, Location] | None = None
    for part in parts:
        if part.installment is None:
            continue
        if installment is not None and installment[0] != part.installment[0]:
            problems.append(
                Problem(
                    f"the installment kind is {part.installment[0]!r} here "
                    f"but {installment[0]!r} in {installment[1]}",
                    part.installment[1],
                    "set it in one file only",
                )
            )
            continue
        installment = installment or part.installment
    check = CheckSettings(
        select=select,
        ignore=ignore,
        installment=None if installment is None else installment[0],
        options=options,
        origin=Origin(check_at, check_fields),
    )
    fields: dict[str, Any] = {**story_fields, **records}
    shown = display_problem(story_fields, story_locations, records["calendars"])
    if shown is not None:
        problems.append(shown)
    return Story(**fields, check=check, origin=Origin(story_at, story_locations))
