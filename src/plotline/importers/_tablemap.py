"""How one table's columns become one kind of record: the options of ``plotline import --as``.

A :class:`TableMapping` says which record table a spreadsheet fills and how:
which column holds which field, what separates the items of a list, which
fields every row shares, which column lists each row's sources, which fields
make an id when the table has no id column, and what becomes of the columns
no field takes. The command line writes it as flags, a mapping file as TOML
(see :func:`read_mapping_file`); both are checked here against the record
tables of :mod:`plotline._io._fields`, so a table someone adds to the model
is importable with no code in this module.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Final

import attrs

from plotline._io._fields import RECORD_TABLES, specs
from plotline._model import Location
from plotline.exceptions import LoadError, Problem, did_you_mean

__all__ = [
    "REST",
    "TableInput",
    "TableMapping",
    "apply_flags",
    "field_names",
    "read_mapping_file",
]

REST: Final = ("meta", "drop")
"""What may become of the columns that no field takes: kept under ``meta``, or dropped."""

PRECISION: Final = "_precision"
"""The suffix of the pseudo-field that cuts a time field to a precision: ``date_precision``."""


def _frozen(value: Mapping[str, str]) -> Mapping[str, str]:
    return dict(value)


def _names(value: Iterable[str]) -> tuple[str, ...]:
    return tuple(value)


@attrs.frozen(slots=True)
class TableMapping:
    """How the rows of one table become records of one record table.

    ``columns`` maps a field to the header of the column that holds it
    (``{"work": "film"}``); ``split`` a list field to the separator of its
    items (``;`` when not given); ``constants`` a field to a value every row
    shares (``{"kind": "film"}``); ``sources`` names the column of source
    URLs that turns each row's values into claims; ``key`` the fields whose
    values make the id of a row without one; ``claims`` maps the header of a
    column that holds one source's values to the field they are and the source
    (a URL, or the id of a source there is); ``rest`` is ``"meta"`` (the
    other columns go under ``meta``) or ``"drop"``; ``delimiter`` the
    column separator (sniffed when ``None``); ``sheet`` the sheet of a
    workbook to read (its first when ``None``).
    """

    table: str
    columns: Mapping[str, str] = attrs.field(factory=dict, converter=_frozen)
    split: Mapping[str, str] = attrs.field(factory=dict, converter=_frozen)
    constants: Mapping[str, str] = attrs.field(factory=dict, converter=_frozen)
    sources: str | None = None
    key: tuple[str, ...] = attrs.field(default=(), converter=_names)
    claims: Mapping[str, tuple[str, str]] = attrs.field(factory=dict, converter=dict)
    rest: str = "meta"
    delimiter: str | None = None
    sheet: str | None = None


@attrs.frozen(slots=True)
class TableInput:
    """One table to import: the file and its mapping."""

    path: str
    mapping: TableMapping


def field_names(table: str) -> tuple[str, ...]:
    """The fields a row of record table ``table`` may give, in model order.

    >>> field_names("claims")
    ('subject', 'field', 'value', 'source', 'id', 'note', 'allow', 'meta')
    """
    return tuple(spec.name for spec in specs(RECORD_TABLES[table]))


def unknown_table(table: str) -> Problem:
    """The problem of a table name that names no record table."""
    guess = did_you_mean(table, RECORD_TABLES)
    hint = f"did you mean {guess!r}?" if guess else "choose one of " + ", ".join(RECORD_TABLES)
    return Problem(f"there is no record table {table!r} to import into", hint=hint)


def check_field(table: str, name: str, where: Location | None = None) -> Problem | None:
    """The problem of a field name that ``table`` has no field (or precision) for, if any."""
    fields = field_names(table)
    base = name.removesuffix(PRECISION)
    if name in fields or (name != base and base in _time_fields(table)):
        return None
    guess = did_you_mean(name, fields)
    hint = f"did you mean {guess!r}?" if guess else "its fields: " + ", ".join(fields)
    return Problem(f"{table} have no field {name!r}", where, hint)


def _time_fields(table: str) -> frozenset[str]:
    from plotline._io._fields import Kind

    return frozenset(
        spec.name for spec in specs(RECORD_TABLES[table]) if spec.kind in (Kind.TIME, Kind.INSTANT)
    )


# -- flags ---------------------------------------------------------------------------


def _scoped(value: str, sep: str, tables: tuple[str, ...]) -> tuple[str | None, str, str]:
    """Split ``[TABLE.]NAME=VALUE`` (``sep`` between name and value) into its three parts."""
    name, found, text = value.partition(sep)
    if not found:
        msg = f"expected NAME{sep}VALUE, got {value!r}"
        raise ValueError(msg)
    scope, dot, rest = name.strip().partition(".")
    if dot and scope in RECORD_TABLES:
        if scope not in tables:
            msg = f"{value!r} names the table {scope!r}, which no input is imported as"
            raise ValueError(msg)
        return scope, rest.strip(), text
    return None, name.strip(), text


def apply_flags(
    mappings: list[TableMapping],
    *,
    columns: Sequence[str] = (),
    split: Sequence[str] = (),
    constants: Sequence[str] = (),
    sources: Sequence[str] = (),
    key: Sequence[str] = (),
    rest: Sequence[str] = (),
    claims: Sequence[str] = (),
    delimiter: str | None = None,
    sheet: str | None = None,
) -> tuple[list[TableMapping], list[Problem]]:
    """Lay command-line options over ``mappings`` (flags win over a mapping file).

    ``--column [TABLE.]FIELD=HEADER``, ``--split [TABLE.]FIELD=SEP`` and
    ``--set [TABLE.]FIELD=VALUE`` and ``--claim [TABLE.]FIELD=HEADER=SOURCE``
    apply to the table named, or without one to
    every input whose table has the field; ``--sources [TABLE=]HEADER``,
    ``--key [TABLE=]FIELD,FIELD`` and ``--rest [TABLE=]meta|drop`` to the
    table named, or to every input.
    """
    tables = tuple(mapping.table for mapping in mappings)
    problems: list[Problem] = []
    result = list(mappings)

    def fields_flag(flag: str, values: Sequence[str], attribute: str) -> None:
        for value in values:
            try:
                scope, name, text = _scoped(value, "=", tables)
            except ValueError as error:
                problems.append(Problem(f"--{flag}: {error}"))
                continue
            hits = [
                index
                for index, mapping in enumerate(result)
                if (scope is None or mapping.table == scope)
                and check_field(mapping.table, name) is None
            ]
            if not hits:
                target = scope or tables[0]
                problem = check_field(target, name)
                assert problem is not None
                problems.append(
                    attrs.evolve(problem, message=f"--{flag} {value}: {problem.message}")
                )
            entry: tuple[str, Any] = (name, text)
            if attribute == "claims":
                header, found, source = text.partition("=")
                if not found or not header.strip() or not source.strip():
                    problems.append(
                        Problem(f"--claim {value}: expected FIELD=HEADER=SOURCE (a URL or an id)")
                    )
                    continue
                entry = (header.strip(), (name, source.strip()))
            for index in hits:
                mapping = result[index]
                merged = {**getattr(mapping, attribute), entry[0]: entry[1]}
                changes: dict[str, Any] = {attribute: merged}
                result[index] = attrs.evolve(mapping, **changes)

    fields_flag("column", columns, "columns")
    fields_flag("split", split, "split")
    fields_flag("set", constants, "constants")
    fields_flag("claim", claims, "claims")

    def table_flag(flag: str, values: Sequence[str], apply: Any) -> None:
        for value in values:
            scope, found, text = value.partition("=")
            if not found:
                scope, text = "", value
            elif scope not in tables:
                problem = (
                    unknown_table(scope)
                    if scope not in RECORD_TABLES
                    else Problem(f"no input is imported as {scope!r}")
                )
                problems.append(
                    attrs.evolve(problem, message=f"--{flag} {value}: {problem.message}")
                )
                continue
            for index, mapping in enumerate(result):
                if not scope or mapping.table == scope:
                    updated = apply(mapping, text.strip())
                    if isinstance(updated, Problem):
                        problems.append(updated)
                        break
                    result[index] = updated

    def set_key(mapping: TableMapping, text: str) -> TableMapping | Problem:
        names = tuple(name.strip() for name in text.split(",") if name.strip())
        for name in names:
            problem = check_field(mapping.table, name)
            if problem is not None:
                return attrs.evolve(problem, message=f"--key {text}: {problem.message}")
        return attrs.evolve(mapping, key=names)

    def set_rest(mapping: TableMapping, text: str) -> TableMapping | Problem:
        if text not in REST:
            return Problem(f"--rest: expected meta or drop, got {text!r}")
        return attrs.evolve(mapping, rest=text)

    table_flag("sources", sources, lambda mapping, text: attrs.evolve(mapping, sources=text))
    table_flag("key", key, set_key)
    table_flag("rest", rest, set_rest)
    if delimiter is not None:
        result = [attrs.evolve(mapping, delimiter=delimiter) for mapping in result]
    if sheet is not None:
        result = [attrs.evolve(mapping, sheet=sheet) for mapping in result]
    return result, problems


# -- mapping files -------------------------------------------------------------------

_KEYS: Final[dict[str, type[Any]]] = {
    "file": str,
    "as": str,
    "columns": dict,
    "split": dict,
    "set": dict,
    "sources": str,
    "key": list,
    "claims": dict,
    "rest": str,
    "delimiter": str,
    "sheet": str,
}


_NOUNS: Final[dict[type[Any], str]] = {
    str: "a string",
    dict: "a table of strings",
    list: "a list of strings",
}


def read_mapping_file(path: str) -> list[TableInput]:
    """Read a mapping file: one ``[[tables]]`` entry per table to import.

    ``file`` is relative to the mapping file's folder; ``as`` names the
    record table; ``columns``, ``split`` and ``set`` are tables of field to
    text; ``sources``, ``rest``, ``delimiter`` and ``sheet`` text; ``key`` a list of
    fields. Every mistake is reported at once, each at its entry.
    Raise :class:`~plotline.exceptions.LoadError` listing them.
    """
    from plotline._io import read_story_file

    _, text = read_story_file(path)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        line = getattr(error, "lineno", 1) or 1
        column = getattr(error, "colno", 1) or 1
        message = str(error).split(" (at line")[0]
        raise LoadError([Problem(message, Location(path, line, column))]) from None
    lines = _entry_lines(text)
    problems: list[Problem] = []
    inputs: list[TableInput] = []
    problems.extend(
        Problem(
            f"unknown table {key!r} in a mapping file",
            Location(path, 1, 1),
            "write one [[tables]] entry per table to import",
        )
        for key in data
        if key != "tables"
    )
    entries = data.get("tables", [])
    if not isinstance(entries, list) or not entries:
        problems.append(
            Problem("a mapping file needs at least one [[tables]] entry", Location(path, 1, 1))
        )
        raise LoadError(problems)
    folder = os.path.dirname(path)
    for index, entry in enumerate(entries):
        at = Location(path, lines[index] if index < len(lines) else 1, 1, f"$.tables[{index}]")
        found = _entry(entry, at, folder, problems)
        if found is not None:
            inputs.append(found)
    if problems:
        raise LoadError(problems)
    return inputs


def _entry_lines(text: str) -> list[int]:
    return [
        number
        for number, line in enumerate(text.splitlines(), start=1)
        if line.strip().startswith("[[tables]]")
    ]


def _entry(entry: Any, at: Location, folder: str, problems: list[Problem]) -> TableInput | None:
    bad = len(problems)
    for key, value in entry.items():
        wanted = _KEYS.get(key)
        if wanted is None:
            guess = did_you_mean(key, _KEYS)
            hint = f"did you mean {guess!r}?" if guess else "known keys: " + ", ".join(_KEYS)
            problems.append(Problem(f"unknown key {key!r}", at, hint))
        elif key == "claims":
            _check_claims(value, at, problems)
        elif not isinstance(value, wanted) or (
            wanted in (dict, list) and not all(isinstance(item, str) for item in _items(value))
        ):
            problems.append(Problem(f"{key!r} must be {_NOUNS[wanted]}", at))
    problems.extend(
        Problem(f"this entry has no {key!r}, which every entry needs", at)
        for key in ("file", "as")
        if key not in entry
    )
    if len(problems) > bad:
        return None
    table = entry["as"]
    if table not in RECORD_TABLES:
        problems.append(attrs.evolve(unknown_table(table), location=at))
        return None
    for attribute in ("columns", "split", "set"):
        for name in entry.get(attribute, {}):
            problem = check_field(table, name, at)
            if problem is not None:
                problems.append(problem)
    for claim in entry.get("claims", {}).values():
        problem = check_field(table, claim["field"], at)
        if problem is not None:
            problems.append(problem)
    for name in entry.get("key", []):
        problem = check_field(table, name, at)
        if problem is not None:
            problems.append(problem)
    rest = entry.get("rest", "meta")
    if rest not in REST:
        problems.append(Problem(f"'rest' must be meta or drop, not {rest!r}", at))
    if len(problems) > bad:
        return None
    mapping = TableMapping(
        table,
        columns=entry.get("columns", {}),
        split=entry.get("split", {}),
        constants=entry.get("set", {}),
        sources=entry.get("sources"),
        key=entry.get("key", ()),
        claims={
            header: (claim["field"], claim["source"])
            for header, claim in entry.get("claims", {}).items()
        },
        rest=rest,
        delimiter=entry.get("delimiter"),
        sheet=entry.get("sheet"),
    )
    return TableInput(os.path.join(folder, entry["file"]), mapping)


def _check_claims(value: Any, at: Location, problems: list[Problem]) -> None:
    """``claims = { HEADER = { field = "date", source = "https://…" } }``, each part a string."""
    good = isinstance(value, dict) and all(
        isinstance(claim, dict)
        and set(claim) == {"field", "source"}
        and all(isinstance(item, str) for item in claim.values())
        for claim in value.values()
    )
    if not good:
        problems.append(
            Problem(
                "'claims' must be a table of column headers, each with a field and a source",
                at,
                'write it like claims = { wiki_date = { field = "date", source = "https://…" } }',
            )
        )


def _items(value: Any) -> list[Any]:
    return list(value.values()) if isinstance(value, dict) else list(value)
