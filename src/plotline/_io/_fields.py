"""What each field of each record holds, read once from the model's attrs fields.

Loading, dumping and the JSON Schema all work from the same :class:`FieldSpec`
table, derived from ``attrs.fields`` and the resolved type hints of the
records in :mod:`plotline._model`. A field whose type this module does not
know fails at import time, so a change to the model cannot slip past the
file format unnoticed.
"""

from __future__ import annotations

import enum
import types
import typing
from collections.abc import Mapping
from typing import Any, Final

import attrs

from plotline._model import (
    Arc,
    Calendar,
    CheckSettings,
    Claim,
    Constraint,
    Entity,
    Event,
    Fact,
    Relationship,
    Release,
    Route,
    Source,
    Story,
    Thread,
    Work,
)
from plotline._records import _id_valid, _ids_valid, _opt_id_valid, _positive
from plotline._time import ClockSpan, Duration, Instant, Interval, LeapRule, Month

__all__ = [
    "RECORD_TABLES",
    "TABLE_ORDER",
    "FieldSpec",
    "Kind",
    "specs",
]


class Kind(enum.Enum):
    """The shape of a field's value in a story file."""

    TEXT = "text"  # any string
    ID = "id"  # a string without whitespace
    INT = "int"  # an integer
    COUNT = "count"  # a non-negative integer
    ENUM = "enum"  # one of an enumeration's values
    TIME = "time"  # an instant or an interval
    INSTANT = "instant"  # an instant only
    DURATION = "duration"  # an ISO 8601 duration
    IDS = "ids"  # a list of ids
    STRINGS = "strings"  # a list of strings
    ROLES = "roles"  # a table of entity id -> role
    SCALAR = "scalar"  # a string, number or boolean (a claim's value)
    BOOL = "bool"  # true or false
    WORD = "word"  # an open kind: one lowercase word, the known ones an enumeration's values
    META = "meta"  # a table of free keys
    COUNTS = "counts"  # a table of id -> a whole number, 0 or more (an event's ages)
    NUMBER = "number"  # an integer or a float
    TABLE = "table"  # one small record written as a table (a calendar's leap rule)
    TABLES = "tables"  # a list of small records written as tables (a calendar's months)
    ID_LISTS = "id-lists"  # a table of id -> list of ids (one id alone is a list of one)
    ID_MAP = "id-map"  # a table of id -> id


@attrs.frozen(slots=True)
class FieldSpec:
    """One field of a record as a story file writes it."""

    name: str
    kind: Kind
    required: bool
    default: Any
    enum: type[enum.StrEnum] | None = None
    doc: str | None = None
    item: type[Any] | None = None
    """The record class of a TABLE or TABLES field's tables."""

    @property
    def key(self) -> str:
        """The field's key in a story file: its name, less a trailing ``_`` (``from_``: ``from``).

        A trailing underscore marks a field named after a Python keyword.
        """
        return self.name.removesuffix("_")

    def is_default(self, value: object) -> bool:
        """Whether ``value`` is this field's default, so a dump may leave it out."""
        return not self.required and value == self.default


_RECORDS: Final = (
    Source,
    Work,
    Release,
    Entity,
    Thread,
    Arc,
    Event,
    Constraint,
    Claim,
    Calendar,
    Route,
    Fact,
    Relationship,
)
_PARTS: Final = (Month, LeapRule, ClockSpan)
"""The small records that fields hold as tables."""

RECORD_TABLES: Final[Mapping[str, type[Any]]] = {
    "sources": Source,
    "works": Work,
    "releases": Release,
    "entities": Entity,
    "threads": Thread,
    "arcs": Arc,
    "events": Event,
    "constraints": Constraint,
    "claims": Claim,
    "calendars": Calendar,
    "routes": Route,
    "facts": Fact,
    "relations": Relationship,
}
"""The arrays of tables of a story file and the record each holds, in file order."""

TABLE_ORDER: Final = ("story", *RECORD_TABLES, "check")
"""Every top-level table of a story file, in the order a dump writes them."""

_SCALAR_TYPES: Final = frozenset({str, int, float, bool})


def _kind(cls: type[Any], attribute: attrs.Attribute[Any], hint: Any) -> tuple[Kind, Any]:
    """Return the kind of a field and its enumeration (if any), from type and validator."""
    args = set(typing.get_args(hint))
    if isinstance(hint, types.UnionType) and type(None) in args:
        args.discard(type(None))
        if len(args) == 1:
            hint = args.pop()
            args = set(typing.get_args(hint))
    validator = attribute.validator
    if hint is bool:
        return Kind.BOOL, None
    if hint is float or args == {int, float}:
        return Kind.NUMBER, None
    if hint in _PARTS:
        return Kind.TABLE, hint
    if (
        isinstance(hint, types.UnionType)
        and str in args
        and len(args) == 2
        and all(
            arg is str or (isinstance(arg, type) and issubclass(arg, enum.StrEnum)) for arg in args
        )
    ):
        known = next(arg for arg in args if arg is not str)
        return Kind.WORD, known
    if hint is str:
        return (Kind.ID if validator in (_id_valid, _opt_id_valid) else Kind.TEXT), None
    if hint is int:
        return (Kind.COUNT if validator is _positive else Kind.INT), None
    if isinstance(hint, type) and issubclass(hint, enum.StrEnum):
        return Kind.ENUM, hint
    if hint is Instant:
        return Kind.INSTANT, None
    if hint is Duration:
        return Kind.DURATION, None
    if args == {Instant, Interval}:
        return Kind.TIME, None
    if args == _SCALAR_TYPES:
        return Kind.SCALAR, None
    origin = typing.get_origin(hint)
    if origin is tuple and typing.get_args(hint)[0] in _PARTS:
        return Kind.TABLES, typing.get_args(hint)[0]
    if origin is tuple and typing.get_args(hint) == (str, ...):
        return (Kind.IDS if validator is _ids_valid else Kind.STRINGS), None
    if origin is Mapping:
        key, value = typing.get_args(hint)
        if key is str and isinstance(value, type) and issubclass(value, enum.StrEnum):
            return Kind.ROLES, value
        if key is str and value is Any:
            return Kind.META, None
        if key is str and value is int:
            return Kind.COUNTS, None
        if key is str and value is str:
            return Kind.ID_MAP, None
        if key is str and typing.get_origin(value) is tuple:
            return Kind.ID_LISTS, None
    msg = f"plotline does not know how to read {cls.__name__}.{attribute.name}: {hint!r}"
    raise TypeError(msg)


def _default(attribute: attrs.Attribute[Any]) -> Any:
    default = attribute.default
    factory = getattr(default, "factory", None)  # an attrs.Factory
    if factory is not None:
        return factory()
    return default


def _field_hints(cls: type[Any]) -> dict[str, Any]:
    """Resolve the types of the attrs fields of ``cls`` (and of nothing else on it)."""
    annotations = {attribute.name: attribute.type for attribute in attrs.fields(cls)}
    holder = type(cls.__name__, (), {"__annotations__": annotations, "__module__": cls.__module__})
    return typing.get_type_hints(holder)


def _build(cls: type[Any], skip: tuple[str, ...] = ("origin",)) -> tuple[FieldSpec, ...]:
    hints = _field_hints(cls)
    result = []
    for attribute in attrs.fields(cls):
        if attribute.name in skip:
            continue
        kind, enum_type = _kind(cls, attribute, hints[attribute.name])
        default = _default(attribute)
        part = kind in (Kind.TABLE, Kind.TABLES)
        result.append(
            FieldSpec(
                name=attribute.name,
                kind=kind,
                required=default is attrs.NOTHING,
                default=default,
                enum=None if part else enum_type,
                doc=attribute.metadata.get("doc"),
                item=enum_type if part else None,
            )
        )
    return tuple(result)


_SPECS: Final[dict[type[Any], tuple[FieldSpec, ...]]] = {
    **{cls: _build(cls) for cls in _RECORDS},
    **{cls: _build(cls, skip=()) for cls in _PARTS},
    CheckSettings: _build(CheckSettings, skip=("origin", "options")),
    # The [story] table holds the story's own fields (title, summary, authors, meta).
    Story: _build(Story, skip=("origin", "check", *RECORD_TABLES)),
}


def specs(cls: type[Any]) -> tuple[FieldSpec, ...]:
    """Return the fields of record class ``cls`` as a file writes them, in model order.

    ``origin`` is never in a file; for :class:`~plotline._model.CheckSettings`
    the ``options`` are the table's other keys, and for
    :class:`~plotline._model.Story` only the ``[story]`` table's own fields count.
    """
    return _SPECS[cls]
